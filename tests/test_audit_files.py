"""The audit's files (#16 item 2): the JavaScript each check runs in the page is in
gongkai/audit/scripts/, the reports' markup in gongkai/audit/report/, both read with
importlib.resources; the report writers escape every value exactly once. No browser."""

import ast
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from conftest import ROOT
from gongkai import audit
from gongkai.audit import checks

AUDIT = ROOT / "gongkai" / "audit"
NASTY = "a<b>&\"c'd $x ${y} 中文 &amp;"


def test_every_script_is_used_and_says_what_it_checks():
    source = (AUDIT / "checks.py").read_text(encoding="utf-8")
    loaded = set(re.findall(r'(?:check|script)\("([\w-]+\.js)"\)', source))
    files = {p.name for p in (AUDIT / "scripts").glob("*.js")}
    assert len(files) >= 6
    assert files == loaded, f"not loaded: {sorted(files - loaded)}; missing: {sorted(loaded - files)}"
    for name in files:
        text = (AUDIT / "scripts" / name).read_text(encoding="utf-8")
        assert text.startswith("// "), f"{name} starts with no comment saying what it checks"


def test_no_javascript_left_in_python_strings():
    """Multi-line JavaScript lives in scripts/: no string constant of the audit's Python spans lines
    and looks like a script (one-line expressions stay where they are used)."""
    for path in sorted(AUDIT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.count("\n") >= 2:
                assert not re.search(r"=>|document\.|const ", node.value), (path.name, node.value[:80])


def test_checks_carry_the_shared_helpers():
    helpers = (AUDIT / "scripts" / "helpers.js").read_text(encoding="utf-8")
    for name in ("STRUCTURE_JS", "FOCUS_JS", "UNREACHED_JS", "UNFOCUSABLE_JS", "OVERFLOW_JS"):
        text = getattr(checks, name)
        assert helpers in text and "const cssPath" in text, name
        # an expression whose value is the check's function (Playwright calls it)
        assert text.startswith("(() => {") and text.rstrip().endswith("})()"), name
    assert audit.OVERFLOW_JS == checks.OVERFLOW_JS
    assert checks.OVERFLOW_JS.count("const cssPath") == 1


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.attrs: list[str] = []

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        self.attrs += [v for _, v in attrs if v]


def _results():
    r = audit.PageResult(path="a&b/index.html", url="/x/?q=1&r=<2>", mode="contrast", title=NASTY, seconds=1.5,
                         notes=[NASTY, "第二条"])
    r.findings = [
        audit.ours("one-h1", [{"target": "h1:nth-of-type(2)", "html": "<h1>&amp;</h1>", "detail": NASTY}],
                   detail=NASTY),
        audit.Finding(rule="image-alt", source="axe", level="violation", summary=NASTY, impact="critical",
                      help_url="https://dequeuniversity.com/rules/axe/4.10/image-alt?a=1&b=2",
                      nodes=[{"target": "img", "html": "", "detail": ""}]),
        audit.Finding(rule="region", source="axe", level="advice", summary="建议", tags=["best-practice"]),
    ]
    ok = audit.PageResult(path="index.html", url="/x/", mode="light", title="首页")
    return [ok, r]


def _summary(results):
    return audit.summary_of(results, {
        "tool": "gongkai.audit", "site_dir": NASTY, "base_path": "/x/", "pages_total": 3, "selection": "limit",
        "selection_text": "只审查前 2 个页面", "modes": ["light", "contrast"], "tags": list(audit.TAGS),
        "axe_version": "4.10.0", "axe_path": "axe.min.js", "jobs": 1, "wall_seconds": 2.25,
    })


def test_html_report_escapes_every_value_once(tmp_path):
    results = _results()
    out = tmp_path / "report.html"
    audit.write_html(out, _summary(results), results)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and text.endswith("</main></body></html>\n")
    assert "$" not in text.replace("$x", "").replace("${y}", ""), "a template placeholder was left unfilled"
    assert "<style>\nbody{" in text and "details{margin:.3rem 0}\n</style>" in text  # report.css, inline
    page = _Collect()
    page.feed(text)
    said = "".join(page.text)
    # what a reader sees is the value itself: escaped once, decoded once
    assert said.count(NASTY) >= 5  # site_dir, title, summary of two findings, the note, the node's detail
    assert "<h1>&amp;</h1>" in said  # a snippet of markup is shown as markup
    assert "https://dequeuniversity.com/rules/axe/4.10/image-alt?a=1&b=2" in page.attrs
    assert "1 处违规" not in said and "2 处违规" in said and "通过" in said
    assert '<details class="advice"><summary>建议 <code>region</code>：建议</summary><ul>' in text
    assert "（critical）" in said and "，1 处" in said


def test_junit_report_is_xml_with_the_values_as_given(tmp_path):
    results = _results()
    out = tmp_path / "junit.xml"
    audit.write_junit(out, _summary(results), results)
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    suites = {s.get("name"): s for s in root}
    assert set(suites) == {"accessibility.light", "accessibility.contrast"}
    [case] = suites["accessibility.contrast"]
    assert case.get("name") == "a&b/index.html"
    failure = case.find("failure")
    assert failure.get("message") == "违反规则：image-alt, one-h1"
    assert NASTY in failure.text and "h1:nth-of-type(2)" in failure.text
    assert case.find("system-out").text == "[建议 region] 建议"
    [passed] = suites["accessibility.light"]
    assert passed.find("failure") is None and passed.get("time") == "0.0"
