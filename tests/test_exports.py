"""Feeds and open-data exports of the built sample, validated against schemas."""

import csv
import io
import json
import re

import jsonschema
import pytest
from lxml import etree

from conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def catalogue(built_site):
    return json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))


def test_catalogue_json_matches_its_schema(catalogue):
    schema = json.loads((ROOT / "schemas/catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalogue, schema)
    assert catalogue["status_as_of"] == "2026-11-24"


def test_schema_rejects_a_wrong_status(catalogue):
    schema = json.loads((ROOT / "schemas/catalogue.schema.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(catalogue))
    broken["documents"][0]["status"] = "作废"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def atom_schema():
    return etree.RelaxNG(etree.parse(str(ROOT / "schemas/atom.rng")))


def test_every_feed_is_valid_atom(built_site):
    schema = atom_schema()
    feeds = sorted(built_site.rglob("feed.xml"))
    assert built_site / "feed.xml" in feeds and len(feeds) >= 11
    for path in feeds:
        doc = etree.parse(str(path))
        assert schema.validate(doc), (path, schema.error_log)


def test_schema_rejects_an_entry_without_id(built_site):
    doc = etree.parse(str(built_site / "feed.xml"))
    entry = doc.find(f"{ATOM}entry")
    entry.remove(entry.find(f"{ATOM}id"))
    assert not atom_schema().validate(doc)


def test_feed_lists_the_newest_first_with_status(built_site, catalogue):
    doc = etree.parse(str(built_site / "feed.xml"))
    entries = doc.findall(f"{ATOM}entry")
    published = [e.findtext(f"{ATOM}published") for e in entries]
    assert published == sorted(published, reverse=True) and 0 < len(entries) <= 50
    newest = catalogue["documents"][0]
    assert entries[0].findtext(f"{ATOM}id") == newest["url"]
    repealed = etree.parse(str(built_site / "proactive/regulations/feed.xml"))
    summaries = [e.findtext(f"{ATOM}summary") for e in repealed.findall(f"{ATOM}entry")]
    assert any("有效性：已废止（截至2026-11-24）" in s for s in summaries)


def test_feeds_are_announced_in_the_page_head(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="feed alternate" type="application/atom\+xml" title="[^"]+" href="feed.xml">', html)


def test_catalogue_csv_opens_in_excel(built_site, catalogue):
    raw = (built_site / "catalogue.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Chinese correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    for label in ("索引号", "标题", "文号", "发布日期", "有效性", "有效性截至", "链接", "附件", "更新日期"):
        assert label in header
    assert len(body) == len(catalogue["documents"])
    first = dict(zip(header, body[0], strict=True))
    assert first["链接"] == catalogue["documents"][0]["url"] and first["有效性截至"] == "2026-11-24"
    with_attachment = [row for row in (dict(zip(header, r, strict=True)) for r in body) if row["附件"]]
    assert with_attachment and "PDF" in with_attachment[0]["附件"]
