"""Exports of untrusted content (issue 12, item 6): catalogue.csv cannot start a formula in a
spreadsheet (OWASP CSV injection), feed.xml stays well-formed XML and catalogue.json valid JSON
whatever a title, summary or publisher holds, and both give the text back exactly."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from conftest import copy_project, doc_text, mkdocs_build, write
from gongkai.core.structure import Attachment
from gongkai.pages.catalogue import catalogue_csv, catalogue_json, neutralise_cell
from gongkai.pages.feeds import atom_feed, feeds, xml_text

ATOM = "{http://www.w3.org/2005/Atom}"
RISKY_START = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = ['=HYPERLINK("http://evil.example/","点击查看")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
            "\t=1+1", "\r=1+1"]
MARKUP = ['<script>alert(1)</script>', "]]><x>", "A & B <b>", "它说\"好\"和'行'", "&amp; &lt;"]
CONTROL = ["标题\x0b含垂直制表", "摘要\x1b[31m红", "空\x00字符", "孤立\ud800代理", "\ufffe非字符"]
REG = "proactive/regulations/"


# --- CSV: OWASP's neutralisation, cell by cell ---

@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_would_start_a_formula_gets_a_quote(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["关于=的通知", " =1+1", "2024-03-01", "示政办发〔2024〕1号", "", "'已有引号", "＝全角"]
)
def test_other_cells_are_kept_as_written(value):
    assert neutralise_cell(value) == value


def risky_column(column_of):
    """Every content field of the CSV holding a payload; set on the documents after reading, so
    that the test holds whatever the metadata checks let through."""
    files = {REG + f"r{i}.md": doc_text(i, year=2024) for i in range(1, len(FORMULAS) + 1)}
    column = column_of(files)
    assert list(column.problems.errors) == []
    for i, formula in enumerate(FORMULAS, start=1):
        doc = column.by_src[REG + f"r{i}.md"]
        doc.title = doc.summary = doc.publisher = doc.doc_no = doc.topic = doc.repeal_basis = formula
        doc.related = (formula, "正常引用")
        doc.attachments = (Attachment(file=REG + "a.pdf", title=formula, kind="PDF", size=10),)
    return column


def test_every_risky_cell_of_the_csv_is_neutralised_and_quoted(column_of):
    column = risky_column(column_of)
    raw = catalogue_csv(column)
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(column.documents)
    risky = 0
    for row in body:
        for label, cell in zip(header, row, strict=True):
            assert not cell.startswith(RISKY_START), (label, cell)
            if cell.startswith("'"):
                risky += 1
                assert (
                    cell[1:] in FORMULAS or cell[1:].split("（")[0] in FORMULAS or cell[1:].split("；")[0] in FORMULAS
                )
    # 标题, 文号, 内容概述, 发布机构, 主题分类, 废止依据, 相关文件, 附件 of each payload document
    assert risky == 8 * len(FORMULAS)
    for line in raw.lstrip("\ufeff").split("\r\n")[1:]:
        if line:
            assert line.startswith('"'), line  # every cell quoted (csv.QUOTE_ALL)


# --- Atom and JSON: escaped, well-formed, exact ---

@pytest.mark.parametrize("payload", MARKUP + CONTROL + FORMULAS)
def test_feed_is_well_formed_and_json_exact_for_any_text(column_of, site, payload):
    column = column_of({REG + "a.md": doc_text(1, year=2024)})
    doc = column.by_src[REG + "a.md"]
    doc.title = doc.summary = doc.publisher = payload
    xml = atom_feed(column, payload, "feed.xml", "", column.newest_first())
    for parse in (ET.fromstring, etree.fromstring):  # ElementTree and libxml2's strict parser
        root = parse(xml.encode("utf-8"))
        entry = root.find(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}title") == xml_text(payload).replace("\r", "\n")
        assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == xml_text(payload).replace("\r", "\n")
        assert root.findtext(f"{ATOM}title") == xml_text(payload).replace("\r", "\n")
    assert "<script>" not in xml and "]]><x>" not in xml
    text = catalogue_json(column)
    text.encode("utf-8")  # writable: no lone surrogate
    [record] = [d for d in json.loads(text)["documents"] if d["path"] == REG + "a.md"]
    expected = payload.replace("\ud800", "\ufffd")
    assert (record["title"], record["summary"], record["publisher"]) == (expected,) * 3
    csv_text = catalogue_csv(column)
    csv_text.encode("utf-8")


def test_feed_keeps_legal_text_exactly_and_marks_what_xml_cannot_hold():
    assert xml_text("<a href='x'>&</a> ]]> 中文 😀\t\n") == "<a href='x'>&</a> ]]> 中文 😀\t\n"
    assert xml_text("a\x0bb\x1bc\x00d\ud800e\uffff") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffd"


def test_every_feed_of_the_column_parses(column_of):
    column = risky_column(column_of)
    column.by_src[REG + "r1.md"].title = "坏\x0b标题]]>"
    out = feeds(column)
    assert "feed.xml" in out and len(out) >= 2
    for _path, xml in out.items():
        etree.fromstring(xml.encode("utf-8"))


# --- one build: risky front matter and a body with control characters ---

RISKY_FILES = {
    REG + "zz-formula.md": doc_text(71, year=2026, published="2026-11-01",
                                    title="'=HYPERLINK(\"http://evil.example/\",\"点击\")'",
                                    summary="\"+1+1 <script>alert(1)</script> ]]> & 'x'\"",
                                    publisher="\"@某局\"", related="\"-minus.md\""),
    REG + "-minus.md": doc_text(72, year=2026, published="2026-11-02", title="\"-负号开头的标题 ]]> &amp;\""),
    REG + "zz-control.md": doc_text(73, year=2026, published="2026-11-03", title="正文含控制字符的通知").replace(
        "正文第一段。", "正文\x1b[31m含\x0b控制字符和<不是标签>。"),
}


@pytest.fixture(scope="module")
def risky_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("exports") / "project")
    write(project / "content", RISKY_FILES)
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_built_exports_stay_well_formed_and_neutralised(risky_site):
    data = json.loads((risky_site / "catalogue.json").read_text(encoding="utf-8"))
    by_path = {d["path"]: d for d in data["documents"]}
    formula = by_path[REG + "zz-formula.md"]
    assert formula["title"] == '=HYPERLINK("http://evil.example/","点击")'
    assert formula["summary"] == "+1+1 <script>alert(1)</script> ]]> & 'x'" and formula["publisher"] == "@某局"
    assert by_path[REG + "-minus.md"]["title"] == "-负号开头的标题 ]]> &amp;"
    control_summary = by_path[REG + "zz-control.md"]["summary"]
    assert control_summary.startswith("正文\x1b[31m含")  # JSON keeps the text exactly (escaped as \u001b)

    rows = list(csv.DictReader(io.StringIO((risky_site / "catalogue.csv").read_text(encoding="utf-8-sig"))))
    for row in rows:
        for label, cell in row.items():
            assert not cell.startswith(RISKY_START), (label, cell)
    [row] = [r for r in rows if r["源文件"] == REG + "zz-formula.md"]
    assert row["标题"] == "'" + formula["title"] and row["内容概述"] == "'" + formula["summary"]
    assert row["发布机构"] == "'@某局" and row["相关文件"] == "'-minus.md"
    [minus] = [r for r in rows if r["源文件"] == REG + "-minus.md"]
    assert minus["标题"] == "'-负号开头的标题 ]]> &amp;"

    for path in (risky_site / "feed.xml", risky_site / "proactive/regulations/feed.xml"):
        root = etree.parse(str(path)).getroot()
        titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
        assert formula["title"] in titles and "-负号开头的标题 ]]> &amp;" in titles
        summaries = " ".join(e.findtext(f"{ATOM}summary") for e in root.findall(f"{ATOM}entry"))
        assert "<script>alert(1)</script> ]]> & 'x'" in summaries
        assert "正文\ufffd[31m含" in summaries  # XML 1.0 cannot hold ESC
        raw = path.read_text(encoding="utf-8")
        assert "<script>" not in raw and "\x1b" not in raw and "\x0b" not in raw
