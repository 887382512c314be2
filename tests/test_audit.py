"""The accessibility audit (gongkai/audit/): the whole sample passes in both presentations, and
broken pages make it fail with the rule named."""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

from conftest import ROOT
from gongkai import audit

DOC = "proactive/regulations/2018-sme-development-measures/index.html"


def run_cli(*args, timeout=900):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "gongkai.audit", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def findings(results: dict, path: str, mode: str) -> dict[str, dict]:
    page = next(p for p in results["pages"] if p["path"] == path and p["mode"] == mode)
    return {f["rule"]: f for f in page["findings"] if f["level"] == "violation"}


# ------------------------------------------------------------------------------------------------
# Choosing pages


def test_find_pages_lists_every_page_home_first(built_site):
    pages = audit.find_pages(built_site)
    assert pages[0] == "index.html"
    assert "404.html" in pages and DOC in pages
    assert not any(p.startswith("assets/") for p in pages)
    every = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html") if not audit.is_redirect(p)}
    assert sorted(pages) == sorted(p for p in every if not p.startswith("assets/"))
    assert any(p.startswith("id/") for p in {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")})
    assert not any(p.startswith("id/") for p in pages)  # id/<索引号>/ only sends the reader on


def test_sample_covers_every_section_and_is_reproducible(built_site):
    pages = audit.find_pages(built_site)
    sections = {audit._group(p) for p in pages}
    assert {"", "system", "annual-reports", "proactive", "proactive/regulations"} <= sections
    n = len(sections) + 1  # the home page, then one page of each section
    sample = audit.sample_pages(pages, n)
    assert len(sample) == n and sample == audit.sample_pages(pages, n)
    assert sample[0] == "index.html"
    assert {audit._group(p) for p in sample} == sections
    assert audit.sample_pages(pages, 10_000) == pages


def test_base_path_comes_from_the_canonical_link(built_site, tmp_path):
    assert audit.base_path(built_site) == "/zwgk/"  # site_config/site.yml: https://www.example.gov.cn/zwgk/
    (tmp_path / "index.html").write_text("<html><head></head></html>", encoding="utf-8")
    assert audit.base_path(tmp_path) == "/"
    assert audit.page_url("http://127.0.0.1:1/zwgk/", "guide/index.html") == "http://127.0.0.1:1/zwgk/guide/"
    assert audit.page_url("http://127.0.0.1:1/zwgk/", "404.html") == "http://127.0.0.1:1/zwgk/404.html"


def test_cli_refuses_what_it_cannot_audit(built_site, tmp_path):
    r = run_cli(tmp_path)
    assert r.returncode == 2 and "不是已生成的网站" in r.stderr
    r = run_cli(built_site, "--modes", "light,dark")
    assert r.returncode == 2 and "dark" in r.stderr
    r = run_cli(built_site, "--axe", tmp_path / "missing.js")
    assert r.returncode == 2 and "npm ci" in r.stderr
    r = run_cli(built_site, "--page", "no/such/page/")
    assert r.returncode == 2 and "no/such/page/index.html" in r.stderr


def test_axe_core_is_pinned_and_installed_locally():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["axe-core"]
    assert version[0].isdigit(), "axe-core must be pinned to an exact version"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/axe-core"]["version"] == version
    installed = json.loads((ROOT / "node_modules/axe-core/package.json").read_text(encoding="utf-8"))
    assert installed["version"] == version


# ------------------------------------------------------------------------------------------------
# Broken pages fail, with the rule named


def _broken_copy(built_site, dest):
    """The built site plus four copies of a document page: one untouched and three broken on purpose."""
    shutil.copytree(built_site, dest)
    html = (built_site / DOC).read_text(encoding="utf-8")
    folder = "proactive/regulations/"
    marker = '<div class="gk-body">'
    assert marker in html and html.count("<title>") == 1

    def page(name: str, title: str, extra: str) -> None:
        text = html.replace(marker, marker + extra, 1)
        start, end = text.index("<title>"), text.index("</title>")
        text = text[:start] + f"<title>{title}</title>" + text[end + len("</title>"):]
        (dest / folder / name).mkdir()
        (dest / folder / name / "index.html").write_text(text, encoding="utf-8")

    page("control", "对照页", "")
    # an image without a text alternative: axe-core's image-alt (WCAG 1.1.1)
    page("broken-axe", "坏页一", '<p><img src="../../../assets/images/favicon.png" width="40" height="40"></p>')
    # a second h1, and a block wider than a phone that is not in a scrolling region
    page("broken-ours", "坏页二", '<h1>第二个一级标题</h1><div style="width:900px">很宽的内容很宽的内容</div>')
    # dark grey forced over any theme: fine on white, unreadable in the high-contrast presentation
    page("broken-contrast", "坏页三", '<p style="color:#333333 !important">只在高对比度下看不清的文字</p>')
    return [folder + n + "/index.html" for n in ("control", "broken-axe", "broken-ours", "broken-contrast")]


def test_broken_pages_make_the_audit_fail_with_the_rule_named(built_site, tmp_path):
    site = tmp_path / "site"
    control, broken_axe, broken_ours, broken_contrast = _broken_copy(built_site, site)
    reports = tmp_path / "reports"
    r = run_cli(site, "--report-dir", reports, "--jobs", "1", "--quiet",
                *[x for p in (control, broken_axe, broken_ours, broken_contrast) for x in ("--page", p)])
    assert r.returncode == 1, r.stdout + r.stderr
    assert "发现" in r.stdout and "image-alt" in r.stdout

    results = json.loads((reports / "results.json").read_text(encoding="utf-8"))
    assert results["summary"]["selection"] == "pages"
    assert results["summary"]["modes"] == ["light", "contrast"]
    # the control page, identical but for its title, passes in both presentations
    assert findings(results, control, "light") == {}
    assert findings(results, control, "contrast") == {}
    # axe-core finds the image, in both presentations, and names the element
    for mode in ("light", "contrast"):
        alt = findings(results, broken_axe, mode)["image-alt"]
        assert alt["source"] == "axe" and "wcag2a" in alt["tags"]
        assert any("img" in n["html"] for n in alt["nodes"])
    # our own checks: one h1, reflow at 320 px
    ours = findings(results, broken_ours, "light")
    assert set(ours) == {"one-h1", "reflow-320"}, ours
    assert "2 个" in ours["one-h1"]["summary"]
    assert any("900" in n["html"] for n in ours["reflow-320"]["nodes"])
    # the high-contrast run is a real second audit: this page fails only there
    assert findings(results, broken_contrast, "light") == {}
    assert set(findings(results, broken_contrast, "contrast")) == {"color-contrast"}

    # JUnit XML for CI: one test case per page and presentation, failures name the rules
    suites = ET.parse(reports / "junit.xml").getroot()
    cases = {(s.get("name"), c.get("name")): c for s in suites for c in s.iter("testcase")}
    assert len(cases) == 8
    failure = cases[("accessibility.light", broken_ours)].find("failure")
    assert failure is not None and "one-h1" in failure.get("message") and "reflow-320" in failure.get("message")
    assert cases[("accessibility.light", control)].find("failure") is None
    assert "color-contrast" in cases[("accessibility.contrast", broken_contrast)].find("failure").get("message")
    # the HTML report, for people
    report = (reports / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in report
    for rule in ("image-alt", "one-h1", "reflow-320", "color-contrast"):
        assert rule in report


def test_limit_and_sample_say_so_in_the_report(built_site, tmp_path):
    r = run_cli(built_site, "--limit", "2", "--modes", "light", "--report-dir", tmp_path, "--quiet")
    assert r.returncode in (0, 1), r.stdout + r.stderr  # pass or fail is test_whole_sample's business
    summary = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["summary"]
    total = len(audit.find_pages(built_site))
    assert summary["pages_audited"] == 2 and summary["pages_total"] == total
    assert "这不是全站审查" in summary["selection_text"]
    assert f"审查了 2 / {total} 个页面" in r.stdout
    assert "这不是全站审查" in (tmp_path / "report.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# The whole sample, both presentations: what `make audit` runs


def test_whole_sample_passes_in_both_presentations(built_site, tmp_path):
    r = run_cli(built_site, "--report-dir", tmp_path, "--quiet", timeout=1800)
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    summary = results["summary"]
    problems = [f"{p['mode']} {p['path']}: {f['rule']} {f['summary']} {[n['target'] for n in f['nodes'][:3]]}"
                for p in results["pages"] for f in p["findings"] if f["level"] == "violation"]
    assert r.returncode == 0 and not problems, "\n".join(problems)
    assert summary["selection"] == "all" and summary["pages_audited"] == len(audit.find_pages(built_site))
    assert summary["modes"] == ["light", "contrast"]
    assert summary["page_runs"] == 2 * summary["pages_audited"]
    # every check really ran on every page: the keyboard walk, the reflow and text-size runs
    for page in results["pages"]:
        assert any(n.startswith("键盘 Tab 共") for n in page["notes"]), page["path"]
        assert any(n.startswith("文字 200%") for n in page["notes"]), page["path"]
    home = [p for p in results["pages"] if p["path"] == "index.html"]
    assert all(any("用键盘搜索" in n for n in p["notes"]) for p in home)
    print(f"\naudit: {summary['page_runs']} page runs in {summary['wall_seconds']} s, "
          f"{summary['seconds_per_page_and_mode']} s per page and presentation")
