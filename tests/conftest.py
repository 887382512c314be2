"""Shared fixtures: a small throw-away column, and the sample site built once per session."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.core.siteconfig import load_site_config  # noqa: E402
from gongkai.pipeline import check_column  # noqa: E402

# Test layers (unit, build, browser, npm), marked at collection and guarded at run time: see layering.py.
from layering import (  # noqa: E402,F401
    _layer_guard,
    _layer_shims,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_runtest_call,
)

DAY = dt.date(2026, 11, 24)
# 2026-11-24 12:00 in Asia/Shanghai
EPOCH = "1795492800"
ORG = "11379900004123456X"
GUIDE = """---
title: 指南
published: 2020-01-01
---
指南正文。
"""


def examples(full: int) -> int:
    """How many examples a property test (Hypothesis) tries: ``full``, or a quarter of it under
    `make unit`, which sets GONGKAI_EXAMPLES=quarter to stay within seconds. `make test` and CI
    run every example (Makefile and README say so)."""
    return max(25, full // 4) if os.environ.get("GONGKAI_EXAMPLES") == "quarter" else full


def write(base: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.fixture(scope="session")
def site():
    # read once (400 tests ask for it): SiteConfig is frozen, and no test or check changes what it holds
    return load_site_config(ROOT / "site_config")


@pytest.fixture
def column_of(tmp_path, site):
    """Build a column from {path: text}, annual reports checked; the guide is added unless given."""

    def make(files: dict, day: dt.date = DAY):
        content = tmp_path / "content"
        write(content, {"guide/index.md": GUIDE, **files})
        return check_column(content, site, day)

    return make


def messages(column, level=None) -> list[str]:
    return [str(p) for p in column.problems.sorted() if level is None or p.level == level]


def doc_text(index_seq: int = 1, year: int = 2024, **fields) -> str:
    meta = {"title": "关于示例事项的通知", "index_no": f"{ORG}/{year}-{index_seq:05d}", "published": f"{year}-03-01"}
    meta.update(fields)
    lines = [f"{k}: {v}" for k, v in meta.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n正文第一段。\n"


COMMIT_DATE = "2026-11-20T10:00:00+08:00"


def copy_project(dest: Path) -> Path:
    """A copy of the repository's build inputs in a git repository of its own, committed on
    COMMIT_DATE: builds do not depend on how this checkout was cloned (CI clones may be shallow).

    The session's first copy is made once, untouched, and every copy is a `git clone` of it: the
    same files and the same commit (same hash), in one git process instead of three per copy."""
    if _TEMPLATE.get("path") is None:
        home = _TEMPLATE["home"]() if "home" in _TEMPLATE else Path(tempfile.mkdtemp(prefix="gongkai-sample-"))
        _TEMPLATE["path"] = _new_project(home / "project")
    subprocess.run(["git", "clone", "-q", str(_TEMPLATE["path"]), str(dest)], check=True, capture_output=True)
    return dest


# the untouched first copy of the session (copy_project), made in the session's temporary folder
_TEMPLATE: dict = {}


@pytest.fixture(scope="session", autouse=True)
def _project_template_home(tmp_path_factory):
    _TEMPLATE["home"] = lambda: tmp_path_factory.mktemp("template")
    yield
    _TEMPLATE.clear()


def _new_project(dest: Path) -> Path:
    for name in ("content", "site_config", "overrides", "hooks", "gongkai"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "t@example.gov.cn",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "t@example.gov.cn"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "sample"]):
        subprocess.run(["git", *args], cwd=dest, env=env, check=True, capture_output=True)
    return dest


def mkdocs_build(project: Path, site_dir: Path, epoch: str = EPOCH, strict: bool = True, quiet: bool = True,
                 ci: bool | None = None):
    """Build ``project`` as MkDocs would be run by hand or in CI. ``ci`` sets or clears the CI
    variable (None: inherit it), because builds under CI stop on what a local build only warns of."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    if ci is not None:
        env.pop("CI", None)
        if ci:
            env["CI"] = "true"
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    if quiet:
        cmd.append("-q")
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)


def gongkai(project: Path, *args: str):
    """Run the webmaster CLI of the copy ``project`` on the test build day."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(project)}
    return subprocess.run([sys.executable, "-m", "gongkai", "--root", str(project), *args],
                          cwd=project, env=env, capture_output=True, text=True)


def gongkai_in_process(project: Path, *args: str, ci: bool | None = None) -> subprocess.CompletedProcess:
    """What ``gongkai(project, *args)`` gives (exit code, stdout, stderr), from gongkai.cli.execute
    in this process: the same commands without starting an interpreter (1–2 s each). The entry
    point itself, ``python -m gongkai``, keeps tests of its own through gongkai(). ``ci`` sets or
    clears the CI variable (None: as it is), as for mkdocs_build."""
    from unittest import mock

    from gongkai import cli

    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": EPOCH}), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        if ci is not None:
            os.environ.pop("CI", None)
            if ci:
                os.environ["CI"] = "true"
        try:
            code = cli.execute(["--root", str(project), *args])
        except SystemExit as exc:  # argparse's usage errors, as the interpreter would exit with them
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(["gongkai", *args], code, out.getvalue(), err.getvalue())


def assert_broken_build(tmp_path: Path, breakage, expected: list[str]) -> None:
    """A copy of the sample broken by ``breakage`` must stop the strict build with ``expected``
    in its messages, never with a traceback."""
    project = copy_project(tmp_path / "project")
    breakage(project / "content")
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    for text in expected:
        assert text in output, (text, output)


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("sample") / "project")


@pytest.fixture(scope="session")
def built_site(sample_project) -> Path:
    site_dir = sample_project.parent / "site"
    result = mkdocs_build(sample_project, site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="module")
def base_url(built_site):
    """The built sample served on 127.0.0.1 under the path it is published at (/zwgk/)."""
    from gongkai import audit
    from gongkai.audit.browser import serve

    prefix = audit.base_path(built_site)
    with serve(built_site, prefix=prefix) as root:
        yield root.rstrip("/") + prefix


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium driven by Python playwright (one per test module: the audit
    starts its own playwright, and two sync playwrights cannot run in one thread at once)."""
    from playwright.sync_api import sync_playwright

    from gongkai.audit.browser import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()
