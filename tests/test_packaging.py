"""Packaging: pyproject.toml declares every distribution gongkai/ and hooks/ import, requirements.txt
pins them and everything they pull in, and `pip install .` gives a `gongkai` command that works
outside this repository."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import EPOCH, ROOT, copy_project

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10 (requires-python): the tomli that pip vendors
    from pip._vendor import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DEPENDENCIES = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
EXTRAS = {extra: [Requirement(r) for r in reqs]
          for extra, reqs in PYPROJECT["project"].get("optional-dependencies", {}).items()}
# what is imported only by a command that needs more than the build (gongkai audit)
OPTIONAL_IMPORTS = {"playwright": "audit"}


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name, sep, version = line.partition("==")
            assert sep, f"{path.name}: not pinned with ==: {line}"
            found[canonicalize_name(name)] = version
    return found


def third_party_imports(*folders: str) -> dict[str, set[str]]:
    """Top-level modules imported anywhere (also inside functions) in ``folders`` -> the files."""
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in ("gongkai", "hooks", "__future__"):
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_imported_distribution_is_declared():
    declared = {canonicalize_name(r.name) for r in DEPENDENCIES}
    by_module = metadata.packages_distributions()
    imports = third_party_imports("gongkai", "hooks")
    assert {"nh3", "yaml", "mkdocs", "segno"} <= set(imports), "the scan finds the known imports"
    for module, files in imports.items():
        assert module in by_module, f"{module} (imported by {sorted(files)}) is not installed"
        dists = {canonicalize_name(d) for d in by_module[module]}
        if module in OPTIONAL_IMPORTS:
            extra = {canonicalize_name(r.name) for r in EXTRAS[OPTIONAL_IMPORTS[module]]}
            assert dists & extra, f"{module} must be in the [{OPTIONAL_IMPORTS[module]}] extra"
        else:
            assert dists & declared, f"{module} (imported by {sorted(files)}) is not in pyproject dependencies"


def test_what_mkdocs_yml_names_is_declared():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    declared = {canonicalize_name(r.name) for r in DEPENDENCIES}
    assert re.search(r"^\s+name: material$", text, re.M) and "mkdocs-material" in declared
    assert "pymdownx." in text and "pymdown-extensions" in declared


def runtime_closure() -> dict[str, str]:
    """Every distribution the declared dependencies need here, with its installed version."""
    seen: dict[str, str] = {}
    todo = list(DEPENDENCIES)
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name in seen or (req.marker and not req.marker.evaluate({"extra": ""})):
            continue
        dist = metadata.distribution(req.name)
        seen[name] = dist.version
        todo.extend(Requirement(r) for r in dist.requires or [])
    return seen


def test_requirements_pin_every_runtime_dependency_and_what_it_needs():
    pinned = pins(ROOT / "requirements.txt")
    for req in DEPENDENCIES:
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is declared in pyproject.toml but not pinned in requirements.txt"
        assert req.specifier.contains(pinned[name], prereleases=True), (str(req), pinned[name])
    closure = runtime_closure()
    assert {"mkdocs", "mkdocs-material", "nh3", "click"} <= set(closure)
    for name, version in closure.items():
        assert name in pinned, f"{name} {version} is needed at run time but not pinned in requirements.txt"
        assert pinned[name] == version, f"{name}: requirements.txt pins {pinned[name]}, installed is {version}"


def test_test_requirements_pin_the_audit_extra():
    pinned = pins(ROOT / "requirements-test.txt")
    for req in EXTRAS["audit"]:
        assert req.specifier.contains(pinned[canonicalize_name(req.name)]), str(req)


# Run by the installed package, outside the repository: every in-page check carries the shared helpers,
# and the HTML report is written from the templates (escaping what it is given).
AUDIT_RESOURCES = """
import sys, tempfile
from pathlib import Path
import gongkai.audit as audit
from gongkai.audit import checks
print("installed" if Path(sys.prefix) in Path(audit.__file__).parents else audit.__file__)
scripts = [checks.STRUCTURE_JS, checks.FOCUS_JS, checks.UNREACHED_JS, checks.UNFOCUSABLE_JS, checks.OVERFLOW_JS]
print(sum("const cssPath" in s for s in scripts))
summary = {"violations": 0, "pages_with_violations": 0, "site_dir": "<site>", "pages_audited": 1, "pages_total": 1,
           "selection_text": "all", "modes": ["light"], "axe_version": "x", "wall_seconds": 1, "jobs": 1,
           "seconds_per_page_and_mode": 1, "violations_by_rule": {}, "advice_by_rule": {}}
out = Path(tempfile.mkdtemp()) / "report.html"
audit.write_html(out, summary, [audit.PageResult(path="index.html", url="/", mode="light", title="<t>")])
text = out.read_text(encoding="utf-8")
print("ok" if "&lt;site&gt;" in text and "&lt;t&gt;" in text and "<style>" in text else text)
"""


@pytest.mark.build
def test_pip_install_gives_a_working_gongkai_command(tmp_path):
    """`pip install .` offline: the wheel built from this checkout, installed without its
    dependencies into a fresh virtual environment that sees this environment's (pinned) packages
    through a .pth file; the `gongkai` command then checks a column from outside the repository."""
    from packaging.version import Version

    backend = Version(metadata.version("setuptools"))
    assert backend >= Version("70.1"), (f"setuptools {backend} cannot build a wheel without the `wheel` package: "
                                        "run `make test-deps` (requirements-test.txt pins setuptools)")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    # built from a copy: setuptools writes build/ and *.egg-info/ next to the sources
    source = tmp_path / "source"
    shutil.copytree(ROOT / "gongkai", source / "gongkai", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(wheels), str(source)], capture_output=True, text=True, env=env, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = wheels.glob("gongkai-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        entry_points = z.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    shipped = {n for n in names if n.startswith("gongkai/")}
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "gongkai").rglob("*.py") if "__pycache__" not in p.parts}
    # what the audit reads with importlib.resources: its in-page JavaScript and its report templates
    resources = {p.relative_to(ROOT).as_posix() for folder in ("scripts", "report")
                 for p in (ROOT / "gongkai" / "audit" / folder).iterdir()
                 if p.suffix in (".js", ".html", ".css", ".xml")}
    assert {"gongkai/audit/scripts/helpers.js", "gongkai/audit/scripts/overflow.js",
            "gongkai/audit/report/report.html", "gongkai/audit/report/report.css"} <= resources
    assert shipped == modules | resources, sorted(shipped ^ (modules | resources))
    assert "gongkai = gongkai.cli:main" in entry_points
    for req in DEPENDENCIES:
        assert f"Requires-Dist: {req}" in meta or f"Requires-Dist: {req.name}" in meta, str(req)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, env=env)
    python = venv / "bin" / "python"
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                                "--no-index", "-q", str(wheel)], capture_output=True, text=True, env=env,
                               timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    target = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    (target / "zz_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    project = copy_project(tmp_path / "body")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = subprocess.run([str(python), "-c", "import gongkai, gongkai.pages.searchindex, gongkai.cli; "
                            "print(gongkai.__file__)"], cwd=outside, capture_output=True, text=True, env=env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(venv), "the installed package, not the checkout"
    # the audit finds its scripts and templates inside the installed package
    audit = subprocess.run([str(python), "-c", AUDIT_RESOURCES], cwd=outside, capture_output=True, text=True,
                           env=env)
    assert audit.returncode == 0, audit.stderr
    assert audit.stdout.split() == ["installed", "5", "ok"], audit.stdout
    command = venv / "bin" / "gongkai"
    result = subprocess.run([str(command), "--root", str(project), "check", "--strict"], cwd=outside,
                            capture_output=True, text=True, env={**env, "SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    stats = subprocess.run([str(command), "--root", str(project), "stats"], cwd=outside, capture_output=True,
                           text=True, env={**env, "SOURCE_DATE_EPOCH": EPOCH})
    assert stats.returncode == 0 and stats.stdout.strip(), stats.stderr
