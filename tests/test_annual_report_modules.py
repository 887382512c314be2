"""gongkai/annualreport/ is split by concern (#16 item 2), in layers: the formats know nothing of
a report, the model knows the formats, the checks know no reader, the page (body, layout) knows no
reader or check, and only reports.py puts reading and checking together for the pipeline."""

from pathlib import Path

import pytest

from test_layout import ROOT, imported_modules

PACKAGE = "gongkai.annualreport"
ALLOWED = {
    "formats": set(),
    "model": {"formats"},
    "checks": {"formats", "model"},
    "reader": {"formats", "model", "checks"},
    "body": {"formats", "model"},
    "layout": {"formats", "model"},
    "draft": {"formats", "model", "checks"},
    "reports": {"formats", "model", "checks", "reader", "body"},
    "__init__": set(),
}


def siblings(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports."""
    prefix = PACKAGE + "."
    return {m[len(prefix):].split(".")[0] for m in imported_modules(path) if m.startswith(prefix)}


def test_every_module_is_listed():
    found = {p.stem for p in (ROOT / "gongkai" / "annualreport").glob("*.py")}
    assert found == set(ALLOWED)


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_modules_import_only_the_layers_below(module):
    path = ROOT / "gongkai" / "annualreport" / f"{module}.py"
    reached = siblings(path)
    assert reached <= ALLOWED[module], f"{module}.py imports {sorted(reached - ALLOWED[module])}"


def test_the_scan_sees_imports_between_the_modules():
    """The check above can fail: reports.py's imports of the reader and the body are seen."""
    assert {"reader", "body", "checks"} <= siblings(ROOT / "gongkai" / "annualreport" / "reports.py")
