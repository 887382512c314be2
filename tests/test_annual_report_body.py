"""Checking an annual report never rewrites its body (#16 item 1): the checks record where the six
parts are, and the page (hooks, search, the HTML checks) arranges the parts and places the tables
from the parsed report (annualreport.page_markdown, place_tables)."""

from conftest import DAY, ROOT
from gongkai.annualreport.body import TABLE_MARKER, page_markdown
from gongkai.annualreport.reports import check_reports
from gongkai.core.metadata import split_front_matter
from gongkai.core.siteconfig import load_site_config
from gongkai.files.yamlfile import read_text
from gongkai.pages import bodyhtml
from gongkai.pipeline import check_column

TABLE_PARTS = ("## 二、主动公开政府信息情况", "## 三、收到和处理政府信息公开申请情况",
               "## 四、政府信息公开行政复议、行政诉讼情况")


def sample_column():
    return check_column(ROOT / "content", load_site_config(ROOT / "site_config"), DAY)


def written_body(src: str) -> str:
    _, body, _ = split_front_matter(read_text(ROOT / "content" / src))
    return body


def tabled_reports(column) -> list:
    found = [column.by_src[src] for src, r in sorted(column.reports.items()) if r.has_tables]
    assert len(found) >= 2, "the sample holds reports in the national format"
    return found


def test_checking_leaves_every_body_as_written():
    column = sample_column()
    assert column.reports
    for doc in column.documents:
        assert doc.body == written_body(doc.src), doc.src
        assert "gongkai:annual-report-table" not in doc.body, doc.src


def test_the_page_arranges_the_parts_and_marks_where_the_tables_go():
    column = sample_column()
    for doc in tabled_reports(column):
        page = page_markdown(doc, column)
        assert page != doc.body
        markers = [TABLE_MARKER.format(n=n) for n in (2, 3, 4)]
        assert [page.count(m) for m in markers] == [1, 1, 1], doc.src
        # the sample leaves out the headings of the table parts: the page adds them, in order
        assert not any(h in doc.body for h in TABLE_PARTS), doc.src
        order = [page.index(s) for s in ("## 一、总体情况", TABLE_PARTS[0], markers[0], TABLE_PARTS[1], markers[1],
                                          TABLE_PARTS[2], markers[2], "## 五、存在的主要问题及改进情况")]
        assert order == sorted(order), doc.src


def test_free_text_reports_and_other_documents_render_their_body_as_written():
    column = sample_column()
    free = [column.by_src[src] for src, r in column.reports.items() if not r.has_tables]
    others = [d for d in column.documents if d.src not in column.reports]
    assert free and others
    for doc in free + others:
        assert page_markdown(doc, column) == doc.body, doc.src


def test_checking_twice_gives_the_same_page():
    """A check that rewrote the body would add the table parts' headings a second time."""
    column = sample_column()
    pages = {doc.src: page_markdown(doc, column) for doc in tabled_reports(column)}
    column.reports = dict(check_reports(column, ROOT / "content"))
    assert {doc.src: page_markdown(doc, column) for doc in tabled_reports(column)} == pages
    for page in pages.values():
        assert page.count(TABLE_PARTS[0]) == 1


def test_the_html_checks_see_the_page_the_build_renders():
    column = sample_column()
    bodies = {src: body for src, body, _ in bodyhtml.bodies(column, ROOT / "content")}
    for doc in tabled_reports(column):
        assert bodies[doc.src] == page_markdown(doc, column)
