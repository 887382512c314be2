"""draft: true — a document checked like every other, then withheld from every output of the site."""

from __future__ import annotations

from conftest import ORG, copy_project, doc_text, gongkai, messages, mkdocs_build, write
from gongkai.core import drafts
from gongkai.core.column import next_index_no
from gongkai.pages import listing
from gongkai.pages.catalogue import catalogue_json
from gongkai.pages.feeds import feeds
from gongkai.pages.pageaddress import id_pages

DRAFT_SRC = "proactive/budget/2026-budget-adjustment.md"
DRAFT = f"""---
title: 关于2026年部门预算调整的说明
index_no: {ORG}/2026-00043
published: 2026-12-10
draft: true
attachments:
  - {{file: attachments/2026-adjustment-table.pdf, title: 调整表}}
---

预算调整的说明，下月发布。
"""


def _withheld(column_of, files):
    column = column_of(files)
    drafts.withhold_drafts(column)
    return column


def test_a_draft_is_checked_then_withheld_from_the_column(column_of):
    column = _withheld(column_of, {
        "proactive/budget/a.md": doc_text(1, 2026, published="2026-03-01"),
        "proactive/budget/draft.md": doc_text(2, 2026, published="2026-12-10", draft="true"),
    })
    assert messages(column) == []  # a published day after the build day is allowed in a draft
    assert [d.src for d in column.documents if d.src != "guide/index.md"] == ["proactive/budget/a.md"]
    assert [d.src for d in column.drafts] == ["proactive/budget/draft.md"]
    assert "proactive/budget/draft.md" not in column.statuses
    # nothing computed from the column sees it
    listed = {d.src for page in listing.generated_pages(column) for d in page.documents}
    assert "proactive/budget/a.md" in listed and "proactive/budget/draft.md" not in listed
    assert "draft.md" not in catalogue_json(column)
    assert all("draft" not in xml for xml in feeds(column).values())
    assert all(doc.src != "proactive/budget/draft.md" for doc in id_pages(column).values())
    # its 索引号 stays taken: it will be published
    assert next_index_no(column, 2026) == f"{ORG}/2026-00003"


def test_a_published_future_document_is_still_an_error(column_of):
    column = _withheld(column_of, {"proactive/budget/a.md": doc_text(1, 2026, published="2026-12-10")})
    assert any("发布日期晚于构建日" in m for m in messages(column, "错误"))


def test_errors_in_a_draft_stay_errors_and_its_warnings_are_held(column_of):
    column = _withheld(column_of, {
        "proactive/budget/draft.md": doc_text(1, 2026, draft="true", doc_no="示政办发[2026]3号",
                                              published="2026-12-32"),
    })
    assert any("proactive/budget/draft.md:4" in m and "日期" in m for m in messages(column, "错误"))
    column = _withheld(column_of, {
        "proactive/budget/draft.md": doc_text(1, 2026, draft="true", doc_no="示政办发[2026]3号"),
    })
    assert messages(column) == []  # the bracket warning is held, not a warning of the build
    (held,) = column.drafts[0].held
    assert "六角括号" in held.message
    lines = drafts.lines(column)
    assert lines[0].startswith("草稿 proactive/budget/draft.md：已检查，未发布（draft: true）")
    assert lines[1].startswith("  发布前核对：警告 proactive/budget/draft.md:") and "六角括号" in lines[1]


def test_draft_false_publishes_and_a_bad_flag_is_an_error(column_of):
    column = _withheld(column_of, {"proactive/budget/a.md": doc_text(1, 2026, draft="false")})
    assert messages(column) == [] and column.drafts == []
    column = _withheld(column_of, {"proactive/budget/a.md": doc_text(1, 2026, draft="maybe")})
    (error,) = messages(column, "错误")
    assert "proactive/budget/a.md:5" in error and "“draft”" in error and "true 或 false" in error
    column = _withheld(column_of, {"proactive/budget/a.md": doc_text(1, 2026, 草稿="true")})
    assert [d.src for d in column.drafts] == ["proactive/budget/a.md"]


def test_draft_in_a_folder_default_is_refused(column_of):
    column = _withheld(column_of, {
        "proactive/budget/.meta.yml": "draft: true\n",
        "proactive/budget/a.md": doc_text(1, 2026),
    })
    (error,) = messages(column, "错误")
    assert error.startswith("错误 proactive/budget/.meta.yml:1 字段“draft”") and "只能写在单个文件中" in error


def test_a_published_document_may_not_link_to_a_draft(column_of):
    column = _withheld(column_of, {
        "proactive/budget/draft.md": doc_text(2, 2026, draft="true", doc_no="示政办发〔2026〕30号"),
        "proactive/budget/a.md": doc_text(1, 2026, related="示政办发〔2026〕30号"),
    })
    (error,) = messages(column, "错误")
    assert error.startswith("错误 proactive/budget/a.md:5 字段“related” 值“示政办发〔2026〕30号”")
    assert "是草稿（draft: true），尚未发布" in error


def test_a_draft_may_link_to_published_documents_without_showing_on_them(column_of):
    column = _withheld(column_of, {
        "proactive/budget/a.md": doc_text(1, 2026, doc_no="示政办发〔2026〕30号"),
        "proactive/budget/draft.md": doc_text(2, 2026, draft="true", related="示政办发〔2026〕30号"),
    })
    assert messages(column) == []
    published = column.by_src["proactive/budget/a.md"]
    assert column.links.related_both_ways(published) == []  # the published page links to no draft


def test_the_build_withholds_a_draft_and_says_so(tmp_path):
    project = copy_project(tmp_path / "p")
    write(project / "content", {DRAFT_SRC: DRAFT,
                                "proactive/budget/attachments/2026-adjustment-table.pdf": b"%PDF-1.4 adjustment"})
    site = tmp_path / "site"
    built = mkdocs_build(project, site, quiet=False)
    assert built.returncode == 0, built.stderr
    info = [line for line in built.stderr.splitlines() if "草稿 " in line]
    assert len(info) == 1 and f"草稿 {DRAFT_SRC}：已检查，未发布（draft: true），计划发布日期 2026年12月10日" in info[0]
    assert not (site / "proactive/budget/2026-budget-adjustment").exists()
    assert not (site / "id" / ORG / "2026-00043").exists()
    assert not (site / "proactive/budget/attachments/2026-adjustment-table.pdf").exists()  # its attachment neither
    assert (site / "proactive/budget/attachments").is_dir()  # the published documents' attachments are there
    everything = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".csv")]
    assert len(everything) > 50
    for path in everything:  # lists, catalogues, feeds, search data, sitemap
        text = path.read_text(encoding="utf-8")
        assert "2026-budget-adjustment" not in text and "预算调整的说明" not in text, path
    checked = gongkai(project, "check", "--strict")
    assert checked.returncode == 0, checked.stdout
    assert f"草稿 {DRAFT_SRC}：已检查，未发布" in checked.stdout
    # published: the same file without the flag (and on its day) becomes a page
    (project / "content" / DRAFT_SRC).write_text(DRAFT.replace("draft: true\n", "").replace("2026-12-10", "2026-11-20"),
                                                 encoding="utf-8")
    built = mkdocs_build(project, tmp_path / "site2")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site2/proactive/budget/2026-budget-adjustment/index.html").is_file()
    assert (tmp_path / "site2/proactive/budget/attachments/2026-adjustment-table.pdf").is_file()



def test_a_draft_regulation_is_not_counted_in_the_reports_figures(column_of):
    from gongkai.annualreport.checks import column_figures

    column = column_of({
        "proactive/regulations/a.md": doc_text(1, 2026, doc_type="行政规范性文件"),
        "proactive/regulations/b.md": doc_text(2, 2026, doc_type="行政规范性文件", draft="true"),
    })
    assert column_figures(column, 2026).counts("行政规范性文件") == (1, 0, 1)  # before it is withheld, too
