"""Every sentence agrees with the status on the build day D (issue 12, item 5).

A repeal or an amendment that is published but not yet in force on D is announced with the day it
takes effect ("将于…"), never as done ("已被…废止", "已被…修改"); impossible combinations of dates
are errors naming both files and both dates, reported once. Domain-level on the boundary days
D-1, D, D+1 of each change, then one build checking the pages, the lists and the exports.
"""

import csv
import datetime as dt
import io
import json
import re

import pytest

from conftest import assert_broken_build, copy_project, doc_text, messages, mkdocs_build, write
from gongkai.pages.presentation import notice, relations

D = dt.date
CHANGE = D(2026, 11, 24)  # the day each change below takes effect
DAYS = {"D-1": CHANGE - dt.timedelta(days=1), "D": CHANGE, "D+1": CHANGE + dt.timedelta(days=1)}
REG = "proactive/regulations/"


def reg(seq, **fields):
    return doc_text(seq, year=2026, published="2026-11-01", **fields)


def old(seq, **fields):
    return doc_text(seq, year=2020, published="2020-05-01", doc_type="行政规范性文件", **fields)


def texts(doc, column) -> list[str]:
    """Every sentence about validity the page of ``doc`` prints: banner and relations."""
    out = []
    banner = notice(doc, column)
    if banner:
        out.append(banner.sentence + banner.link_label)
        out += [line.sentence + line.link_label for line in banner.upcoming]
    out += [rel.label for rel in relations(doc, column)]
    return out


def assert_sentences_agree(column) -> None:
    """The invariant of item 5, over every document of a column."""
    status, day = column.status, column.day
    for doc in column.documents:
        facts = column.validity.facts(doc)
        for text in texts(doc, column):
            if "已被以下文件废止" in text or re.search("已于.*废止", text):
                assert status(doc) == "已废止", (doc.src, text)
            if "本文件废止了" in text:
                assert all(status(d) == "已废止" for d in column.links.repeals[doc.src]), (doc.src, text)
            if "已被以下文件修改" in text or "已被修改" in text:
                assert any(status(d) in ("有效", "已修改", None) for d in facts.amended_by), (doc.src, text)
            for when in re.findall(r"将(?:于|自)(\d{4})年(\d{2})月(\d{2})日", text):
                assert D(*map(int, when)) > day, (doc.src, text)  # "将" only for days after D


# --- a repeal by a document that takes effect on CHANGE ---

def repeal_column(column_of, day):
    return column_of({
        REG + "new.md": reg(1, doc_no="示政办发〔2026〕1号", doc_type="行政规范性文件", effective=CHANGE.isoformat()),
        REG + "old.md": old(2, doc_no="示政办发〔2020〕9号", repealed_by="示政办发〔2026〕1号"),
    }, day=day)


@pytest.mark.parametrize("name", ["D-1", "D", "D+1"])
def test_repeal_is_announced_with_its_day_until_it_takes_effect(column_of, name):
    column = repeal_column(column_of, DAYS[name])
    assert messages(column, "错误") == []
    old_doc, new_doc = column.by_src[REG + "old.md"], column.by_src[REG + "new.md"]
    banner = notice(old_doc, column)
    old_labels = [r.label for r in relations(old_doc, column)]
    new_labels = [r.label for r in relations(new_doc, column)]
    current, gone = column.validity_lists()
    if name == "D-1":
        assert column.status(old_doc) == "有效" and column.status(new_doc) == "尚未生效"
        assert (banner.status, banner.sentence, banner.links) == ("有效", "本文件将于2026年11月24日废止。", (new_doc,))
        assert old_labels == ["本文件将于2026年11月24日被以下文件废止"]
        assert new_labels == ["本文件将自2026年11月24日起废止以下文件"]
        assert old_doc in current and old_doc not in gone
    else:
        assert column.status(old_doc) == "已废止" and column.status(new_doc) == "有效"
        assert (banner.sentence, banner.links, banner.upcoming) == ("本文件已于2026年11月24日废止。", (new_doc,), ())
        assert old_labels == ["本文件已被以下文件废止"]
        assert new_labels == ["本文件废止了"]
        assert old_doc in gone and old_doc not in current
    assert_sentences_agree(column)


@pytest.mark.parametrize("name", ["D-1", "D", "D+1"])
def test_repeal_outside_the_column_on_a_later_day(column_of, name):
    column = column_of({REG + "a.md": old(1, repealed=CHANGE.isoformat(), repeal_basis="《某决定》")}, day=DAYS[name])
    doc = column.by_src[REG + "a.md"]
    banner = notice(doc, column)
    if name == "D-1":
        assert column.status(doc) == "有效"
        assert (banner.sentence, banner.basis) == ("本文件将于2026年11月24日废止。", "《某决定》")
    else:
        assert column.status(doc) == "已废止" and banner.sentence == "本文件已于2026年11月24日废止。"
    assert_sentences_agree(column)


# --- an amendment that takes effect on CHANGE ---

@pytest.mark.parametrize("name", ["D-1", "D", "D+1"])
def test_amendment_is_announced_with_its_day_until_it_takes_effect(column_of, name):
    column = column_of({
        REG + "amend.md": reg(1, doc_no="示政办发〔2026〕2号", effective=CHANGE.isoformat()),
        REG + "base.md": old(2, amended_by="示政办发〔2026〕2号"),
    }, day=DAYS[name])
    assert messages(column, "错误") == []
    base, amend = column.by_src[REG + "base.md"], column.by_src[REG + "amend.md"]
    banner = notice(base, column)
    if name == "D-1":
        assert column.status(base) == "有效"
        assert (banner.sentence, banner.link_label, banner.links) == (
            "本文件将于2026年11月24日被修改。",
            "修改文件：",
            (amend,),
        )
        assert [r.label for r in relations(base, column)] == ["本文件将于2026年11月24日被以下文件修改"]
        assert [r.label for r in relations(amend, column)] == ["本文件将自2026年11月24日起修改以下文件"]
    else:
        assert column.status(base) == "已修改"
        assert (banner.sentence, banner.links, banner.upcoming) == (
            "本文件已被修改，请同时阅读修改文件。",
            (amend,),
            (),
        )
        assert [r.label for r in relations(base, column)] == ["本文件已被以下文件修改"]
        assert [r.label for r in relations(amend, column)] == ["本文件修改了"]
    assert_sentences_agree(column)


@pytest.mark.parametrize("name, lapse", [(n, lapse) for n in ("D-1", "D", "D+1") for lapse in ("expires", "repealed")])
def test_amendment_that_lapsed_is_no_longer_called_in_force(column_of, name, lapse):
    """The amending document expires after CHANGE-1 (last day in force) or is repealed on CHANGE."""
    fields = ({"expires": (CHANGE - dt.timedelta(days=1)).isoformat()} if lapse == "expires"
              else {"repealed": CHANGE.isoformat(), "repeal_basis": "《某决定》"})
    column = column_of({
        REG + "amend.md": doc_text(1, year=2024, published="2024-01-10", doc_no="示政办发〔2024〕3号",
                                   effective="2024-02-01", **fields),
        REG + "base.md": old(2, amended_by="示政办发〔2024〕3号"),
    }, day=DAYS[name])
    assert messages(column, "错误") == []
    base = column.by_src[REG + "base.md"]
    labels = [r.label for r in relations(base, column)]
    if name == "D-1":
        assert column.status(base) == "已修改" and labels == ["本文件已被以下文件修改"]
    else:
        assert column.status(base) == "有效" and notice(base, column) is None
        assert labels == ["本文件曾被以下文件修改（修改文件已废止或失效）"]
    assert_sentences_agree(column)


def test_several_changes_on_different_days_each_keep_their_day(column_of):
    column = column_of(
        {
            REG + "a1.md": reg(1, doc_no="示政办发〔2026〕4号", effective="2026-12-01"),
            REG + "a2.md": reg(2, doc_no="示政办发〔2026〕5号", effective="2027-01-01"),
            REG + "r.md": reg(3, doc_no="示政办发〔2026〕6号", effective="2027-03-01"),
            REG + "base.md": old(
                4, amended_by="[示政办发〔2026〕5号, 示政办发〔2026〕4号]", repealed_by="示政办发〔2026〕6号"
            ),
        },
        day=D(2026, 11, 24),
    )
    assert messages(column, "错误") == []
    base = column.by_src[REG + "base.md"]
    banner = notice(base, column)
    assert column.status(base) == "有效"
    assert [banner.sentence] + [line.sentence for line in banner.upcoming] == [
        "本文件将于2027年03月01日废止。", "本文件将于2026年12月01日被修改。", "本文件将于2027年01月01日被修改。"]
    assert [r.label for r in relations(base, column)] == [
        "本文件将于2027年03月01日被以下文件废止",
        "本文件将于2026年12月01日被以下文件修改",
        "本文件将于2027年01月01日被以下文件修改",
    ]
    assert_sentences_agree(column)


def test_own_repeal_day_between_the_repealing_documents_publication_and_effect_is_allowed(column_of):
    """自印发之日起废止: the repeal can take effect before the repealing document itself."""
    column = column_of({
        REG + "new.md": reg(1, doc_no="示政办发〔2026〕7号", effective="2027-01-01"),
        REG + "old.md": old(2, repealed_by="示政办发〔2026〕7号", repealed="2026-11-01"),
    }, day=D(2026, 11, 24))
    assert messages(column, "错误") == []
    old_doc, new_doc = column.by_src[REG + "old.md"], column.by_src[REG + "new.md"]
    assert column.status(old_doc) == "已废止" and column.status(new_doc) == "尚未生效"
    assert [r.label for r in relations(new_doc, column)] == ["本文件废止了"]
    assert_sentences_agree(column)


# --- impossible combinations: one error naming both files and both dates ---

def one_error(column) -> str:
    errors = messages(column, "错误")
    assert len(errors) == 1, errors
    assert "修改方法：" in errors[0] and "Traceback" not in errors[0]
    return errors[0]


@pytest.mark.parametrize("repealed, bad", [("2024-02-29", True), ("2024-03-01", False), ("2024-03-02", False)])
def test_repealed_before_published(column_of, repealed, bad):
    column = column_of({REG + "a.md": doc_text(1, year=2024, repealed=repealed, repeal_basis="《某决定》")})
    if not bad:
        assert messages(column, "错误") == []
        return
    error = one_error(column)
    assert error.startswith(f"错误 {REG}a.md:5 字段“repealed” 值“2024年02月29日”")
    assert "早于本文件的发布日期 2024年03月01日" in error


@pytest.mark.parametrize("by_published, bad", [("2024-02-29", True), ("2024-03-01", False), ("2024-03-02", False)])
def test_repealed_by_a_document_published_earlier(column_of, by_published, bad):
    column = column_of({
        REG + "a.md": doc_text(1, year=2024, doc_type="规章", repealed_by="示政办发〔2024〕1号"),
        REG + "b.md": doc_text(2, year=2024, published=by_published, doc_no="示政办发〔2024〕1号"),
    })
    if not bad:
        assert messages(column, "错误") == []
        return
    error = one_error(column)
    assert error.startswith(f"错误 {REG}a.md:6 字段“repealed_by” 值“示政办发〔2024〕1号”")
    assert f"{REG}b.md" in error and "2024年02月29日" in error and "2024年03月01日" in error


@pytest.mark.parametrize("repealed, bad", [("2024-04-30", True), ("2024-05-01", False), ("2024-06-15", False)])
def test_own_repeal_day_before_the_repealing_document_exists(column_of, repealed, bad):
    column = column_of(
        {
            REG + "a.md": doc_text(1, year=2024, repealed_by="示政办发〔2024〕2号", repealed=repealed),
            REG + "b.md": doc_text(
                2, year=2024, published="2024-05-01", doc_no="示政办发〔2024〕2号", effective="2024-06-01"
            ),
        }
    )
    if not bad:
        assert messages(column, "错误") == []
        return
    error = one_error(column)
    assert error.startswith(f"错误 {REG}a.md:6 字段“repealed” 值“2024年04月30日”")
    assert (
        f"{REG}b.md 的发布日期 2024年05月01日" in error and "2024年06月01日" in error
    )  # the fix names the derived day


def test_repealing_documents_effective_day_before_this_ones_publication(column_of):
    column = column_of(
        {
            REG + "a.md": doc_text(1, year=2024, repealed_by="示政办发〔2024〕3号"),
            REG + "b.md": doc_text(
                2, year=2024, published="2024-04-01", doc_no="示政办发〔2024〕3号", effective="2024-01-01"
            ),
        }
    )
    error = one_error(column)
    assert error.startswith(f"错误 {REG}a.md:5 字段“repealed_by”")
    assert f"{REG}b.md 的生效日期 2024年01月01日" in error and "发布（2024年03月01日）" in error


@pytest.mark.parametrize("repealed, bad", [("2024-06-30", False), ("2024-07-01", True)])
def test_repealing_document_expired_before_the_repeal_day(column_of, repealed, bad):
    column = column_of(
        {
            REG + "a.md": doc_text(1, year=2024, repealed_by="示政办发〔2024〕4号", repealed=repealed),
            REG + "b.md": doc_text(
                2, year=2024, published="2024-04-01", doc_no="示政办发〔2024〕4号", expires="2024-06-30"
            ),
        }
    )
    if not bad:
        assert messages(column, "错误") == []
        return
    error = one_error(column)
    assert f"{REG}b.md 有效期至 2024年06月30日" in error and "2024年07月01日" in error


def test_repealing_document_itself_repealed_before_the_repeal_day(column_of):
    column = column_of({
        REG + "a.md": doc_text(1, year=2024, repealed_by="示政办发〔2024〕5号", repealed="2024-08-01"),
        REG + "b.md": doc_text(2, year=2024, published="2024-04-01", doc_no="示政办发〔2024〕5号",
                               repealed="2024-07-01", repeal_basis="《某决定》"),
    })
    error = one_error(column)
    assert error.startswith(f"错误 {REG}a.md:6 字段“repealed”") and f"{REG}b.md 在 2024年07月01日 已废止" in error


@pytest.mark.parametrize("amend_published, bad", [("2024-02-29", True), ("2024-03-01", False)])
def test_amended_by_a_document_published_earlier(column_of, amend_published, bad):
    column = column_of({
        REG + "a.md": doc_text(1, year=2024, amended_by="示政办发〔2024〕6号"),
        REG + "b.md": doc_text(2, year=2024, published=amend_published, doc_no="示政办发〔2024〕6号"),
    })
    if not bad:
        assert messages(column, "错误") == []
        return
    error = one_error(column)
    assert error.startswith(f"错误 {REG}a.md:5 字段“amended_by” 值“示政办发〔2024〕6号”")
    assert f"{REG}b.md" in error and "2024年02月29日" in error and "2024年03月01日" in error


def test_one_message_per_cause_no_cascade(column_of):
    """A wrong reference also makes a declared status and the derived repeal day wrong: one error."""
    column = column_of({
        REG + "a.md": doc_text(1, year=2024, status="有效", repealed_by="示政办发〔2024〕7号"),
        REG + "b.md": doc_text(2, year=2023, doc_no="示政办发〔2024〕7号"),
    })
    assert "先发布的文件不能废止后发布的文件" in one_error(column)


def test_a_cycle_is_reported_once_not_again_as_dates(column_of):
    column = column_of({
        REG + "a.md": doc_text(1, year=2024, doc_no="示政办发〔2024〕8号", repealed_by="示政办发〔2024〕9号"),
        REG + "b.md": doc_text(2, year=2024, published="2024-05-01", doc_no="示政办发〔2024〕9号",
                               amended_by="示政办发〔2024〕8号"),
    })
    assert "循环" in one_error(column)


def test_impossible_combinations_stop_check_and_build(tmp_path):
    """The same messages in `python -m gongkai check` and `mkdocs build --strict` (load_column runs
    the validity checks for both)."""
    from conftest import gongkai

    def breakage(content):
        write(content, {
            REG + "zz-repealed-early.md": doc_text(91, year=2024, doc_type="规章", repealed="2024-01-01",
                                                   repeal_basis="《某决定》"),
            REG + "zz-amended-by-older.md": doc_text(92, year=2024, amended_by="示政办发〔2023〕7号"),
        })

    expected = [
        f"{REG}zz-repealed-early.md:6 字段“repealed” 值“2024年01月01日”：废止日期早于本文件的发布日期 2024年03月01日",
        f"{REG}zz-amended-by-older.md:5 字段“amended_by” 值“示政办发〔2023〕7号”：修改文件 "
        f"{REG}2023-sme-high-quality-development-measures.md 的发布日期",
    ]
    assert_broken_build(tmp_path, breakage, expected)
    result = gongkai(tmp_path / "project", "check")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    for text in expected:
        assert output.count(text) == 1, (text, output)


# --- one build: a repeal and an amendment decided but not yet in force on the build day ---

PENDING = {
    REG + "zz-pending-new.md": doc_text(
        81,
        year=2026,
        published="2026-11-20",
        doc_no="示政办发〔2026〕81号",
        title="关于印发新办法的通知",
        doc_type="行政规范性文件",
        effective="2026-12-01",
    ),
    # published in 2026: no annual report counts them yet (its figures are checked against the column)
    REG + "zz-pending-old.md": doc_text(
        82,
        year=2026,
        published="2026-01-05",
        title="旧办法",
        doc_no="示政办发〔2026〕82号",
        doc_type="行政规范性文件",
        repealed_by="示政办发〔2026〕81号",
    ),
    REG + "zz-pending-amend.md": doc_text(
        83,
        year=2026,
        published="2026-11-10",
        doc_no="示政办发〔2026〕83号",
        title="关于修改某办法的通知",
        effective="2026-12-15",
    ),
    REG + "zz-pending-base.md": doc_text(
        84,
        year=2026,
        published="2026-01-06",
        title="某办法",
        doc_no="示政办发〔2026〕84号",
        doc_type="行政规范性文件",
        amended_by="示政办发〔2026〕83号",
    ),
}


@pytest.fixture(scope="module")
def pending_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("pending") / "project")
    write(project / "content", PENDING)
    site = project.parent / "site"
    result = mkdocs_build(project, site)  # build day 2026-11-24
    assert result.returncode == 0, result.stderr
    return site


def page(site, src):
    return (site / src[:-3] / "index.html").read_text(encoding="utf-8")


def test_built_pages_say_from_which_day(pending_site):
    old_html = page(pending_site, REG + "zz-pending-old.md")
    assert "本文件将于2026年12月01日废止。" in old_html and "本文件将于2026年12月01日被以下文件废止" in old_html
    assert "已被以下文件废止" not in old_html and "已于" not in old_html
    assert "有效（截至2026年11月24日）" in old_html
    new_html = page(pending_site, REG + "zz-pending-new.md")
    assert "本文件将自2026年12月01日起废止以下文件" in new_html and "本文件废止了" not in new_html
    base_html = page(pending_site, REG + "zz-pending-base.md")
    assert "本文件将于2026年12月15日被修改。" in base_html and "本文件将于2026年12月15日被以下文件修改" in base_html
    assert "已被以下文件修改" not in base_html and "已被修改" not in base_html
    amend_html = page(pending_site, REG + "zz-pending-amend.md")
    assert "本文件将自2026年12月15日起修改以下文件" in amend_html and "本文件修改了" not in amend_html


def test_built_lists_and_exports_agree(pending_site):
    in_force = (pending_site / "proactive/regulations/in-force/index.html").read_text(encoding="utf-8")
    row = in_force[in_force.index("示政办发〔2026〕82号"):]
    row = row[: row.index("</tr>")]
    assert "有效（将于2026年12月01日废止）" in row
    assert "示政办发〔2026〕82号" not in (pending_site / "proactive/regulations/repealed/index.html").read_text("utf-8")
    data = json.loads((pending_site / "catalogue.json").read_text(encoding="utf-8"))
    by_path = {d["path"]: d for d in data["documents"]}
    assert by_path[REG + "zz-pending-old.md"]["status"] == "有效"
    assert by_path[REG + "zz-pending-old.md"]["repealed"] == "2026-12-01"  # the day, stated as a date
    assert by_path[REG + "zz-pending-base.md"]["status"] == "有效"
    rows = list(csv.DictReader(io.StringIO((pending_site / "catalogue.csv").read_text(encoding="utf-8-sig"))))
    assert {r["文号"]: r["有效性"] for r in rows}["示政办发〔2026〕82号"] == "有效"
    feed = (pending_site / "proactive/regulations/feed.xml").read_text(encoding="utf-8")
    assert "有效性：已废止" not in feed[feed.index("旧办法"):feed.index("</entry>", feed.index("旧办法"))]
