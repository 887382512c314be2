"""Every string from content/ or site_config/ reaches HTML, XML, JSON and CSV escaped exactly once
(issue 12, "One escaping boundary"). Material prints titles, nav titles, the site name and the
description without autoescaping; the payloads below go through every one of those inputs of a
real build, and the built site is read back as a browser and a feed reader would read it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from lxml import etree, html

from conftest import copy_project, gongkai, mkdocs_build

# One payload per way of breaking out: an element, an event handler in a tag, attribute quotes,
# and an entity typed literally (escaped twice it would show as "&amp;amp;" to the reader).
SCRIPT = '<script>alert("gk")</script>'
HANDLER = "<img src=x onerror=alert(1)>"
QUOTES = "\"'><svg onload=alert(2)>"
ENTITY = "R&amp;D"
PAYLOADS = {
    "site": f"示例市{SCRIPT}办公室",
    "label": f"财政预算{HANDLER}决算",
    "topic": f"综合政务\\{QUOTES}",
    "title": f"关于{SCRIPT}{QUOTES}的通知",
    "summary": f"概述{HANDLER}{ENTITY}",
    "publisher": f"发布{QUOTES}机构",
    "description": f"描述{QUOTES}{ENTITY}",
    "attachment": f"附件{SCRIPT}",
    "landing": f"政务公开{ENTITY}{HANDLER}",
    "address": f"人民路{SCRIPT}1号",
}


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _inject(project: Path) -> None:
    config = project / "site_config"
    site = (config / "site.yml").read_text(encoding="utf-8")
    site = site.replace("name: 示例市人民政府办公室", f"name: {_yaml(PAYLOADS['site'])}")
    site = site.replace("  address: 示例市人民路1号市政府大楼3楼305室", f"  address: {_yaml(PAYLOADS['address'])}")
    (config / "site.yml").write_text(site, encoding="utf-8")
    taxonomy = (config / "taxonomy.yml").read_text(encoding="utf-8")
    taxonomy = taxonomy.replace("  budget: 财政预算决算", f"  budget: {_yaml(PAYLOADS['label'])}")
    taxonomy = taxonomy.replace("topics:\n", f"topics:\n  - {_yaml(PAYLOADS['topic'])}\n")
    (config / "taxonomy.yml").write_text(taxonomy, encoding="utf-8")
    doc = project / "content/proactive/budget/2024-budget.md"
    text = doc.read_text(encoding="utf-8")
    text = text.replace("title: 示例市人民政府办公室2024年部门预算\n",
                        f"title: {_yaml(PAYLOADS['title'])}\n"
                        f"publisher: {_yaml(PAYLOADS['publisher'])}\n"
                        f"topic: {_yaml(PAYLOADS['topic'])}\n"
                        f"description: {_yaml(PAYLOADS['description'])}\n")
    text = re.sub(r"^summary: .*$", f"summary: {_yaml(PAYLOADS['summary'])}", text, count=1, flags=re.M)
    text = text.replace(
        "    title: 示例市人民政府办公室2024年部门预算公开表", f"    title: {_yaml(PAYLOADS['attachment'])}"
    )
    doc.write_text(text, encoding="utf-8")
    landing = project / "content/index.md"
    landing.write_text(landing.read_text(encoding="utf-8").replace("title: 政府信息公开",
                                                                     f"title: {_yaml(PAYLOADS['landing'])}", 1),
                       encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("escaping")
    project = copy_project(base / "project")
    _inject(project)
    result = mkdocs_build(project, base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    return [text for item in items for text in _strings(item)]


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_payload_becomes_markup_on_any_page(hostile_site):
    pages = _pages(hostile_site)
    assert len(pages) > 60
    for path in pages:
        source = path.read_text(encoding="utf-8")
        for raw in (SCRIPT, HANDLER, "<svg onload"):
            assert raw not in source, (path, raw)
        tree = html.fromstring(source)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in ("svg",) or "onload" not in element.attrib, path
            handlers = [name for name in element.attrib if name.lower().startswith("on")]
            assert not handlers, (path, element.tag, handlers)
            if element.tag == "script":
                assert "alert" not in (element.text or ""), path


def test_each_payload_reads_back_exactly_as_typed(hostile_site):
    """Escaped once: the text a reader sees is what the webmaster typed, never '&amp;lt;'."""
    page = html.fromstring((hostile_site / "proactive/budget/2024-budget/index.html").read_text(encoding="utf-8"))
    text = page.text_content()
    for key in ("title", "publisher", "attachment", "topic"):
        assert PAYLOADS[key] in text, key
    listed = html.fromstring((hostile_site / "proactive/budget/catalogue/index.html").read_text(encoding="utf-8"))
    assert PAYLOADS["summary"] in listed.text_content()
    assert PAYLOADS["title"] in page.findtext(".//title")
    assert PAYLOADS["site"] in page.findtext(".//title")
    description = page.find(".//meta[@name='description']")
    assert description is not None and description.get("content") == PAYLOADS["description"]
    nav_labels = [a.text_content().strip() for a in page.iter("a", "label", "span")]
    assert PAYLOADS["label"] in nav_labels
    landing = html.fromstring((hostile_site / "index.html").read_text(encoding="utf-8"))
    assert PAYLOADS["landing"] in landing.findtext(".//title")
    guide = html.fromstring((hostile_site / "guide/index.html").read_text(encoding="utf-8")).text_content()
    assert PAYLOADS["address"] in guide
    for path in _pages(hostile_site):
        assert "&amp;lt;" not in path.read_text(encoding="utf-8"), path  # escaped twice


def test_feeds_json_search_and_csv_carry_the_text_as_typed(hostile_site):
    feed = etree.parse(str(hostile_site / "proactive/budget/feed.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [t.text for t in feed.getroot().iterfind("a:entry/a:title", ns)]
    assert PAYLOADS["title"] in titles
    assert PAYLOADS["site"] in feed.getroot().findtext("a:author/a:name", namespaces=ns)
    catalogue = json.loads((hostile_site / "catalogue.json").read_text(encoding="utf-8"))
    record = next(d for d in catalogue["documents"] if d["path"] == "proactive/budget/2024-budget.md")
    assert record["title"] == PAYLOADS["title"] and record["summary"] == PAYLOADS["summary"]
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (hostile_site / "search/data").glob("docs-*.json")]
    assert records and PAYLOADS["title"] in _strings(records)
    rows = list(csv.reader(io.StringIO((hostile_site / "catalogue.csv").read_text(encoding="utf-8-sig"))))
    assert any(PAYLOADS["title"] in row for row in rows)
    sitemap = etree.parse(str(hostile_site / "sitemap.xml"))
    assert sitemap.getroot().tag.endswith("urlset")
@pytest.mark.parametrize("site_url", [
    'javascript:alert(1)', 'https://a.example/"><script>', "ftp://files.example.gov.cn/", "www.example.gov.cn",
])
def test_a_site_url_that_cannot_be_valid_stops_check_and_build_alike(tmp_path, site_url):
    project = copy_project(tmp_path / "project")
    path = project / "site_config/site.yml"
    text = path.read_text(encoding="utf-8").replace("site_url: https://www.example.gov.cn/zwgk/",
                                                    f"site_url: {_yaml(site_url)}")
    path.write_text(text, encoding="utf-8")
    build = mkdocs_build(project, tmp_path / "site")
    check = gongkai(project, "check", "--strict")
    for result in (build, check):
        output = result.stdout + result.stderr
        assert result.returncode != 0 and "Traceback" not in output, output
        assert "site_config/site.yml" in output and "site_url" in output, output
