"""有效性 rules of ../shared/spec/validity.md, table-driven, with their boundary days."""

import datetime as dt

import pytest

from conftest import doc_text, messages
from gongkai.core.problems import Problems
from gongkai.core.references import Links
from gongkai.core.structure import Document
from gongkai.core.validity import ValidityBook
from gongkai.pages.presentation import notice, relations

D = dt.date


def make(**kw) -> Document:
    base = {"src": "proactive/regulations/a.md", "part": "proactive", "subcolumn": "regulations",
            "title": "文件", "body": "", "body_line": 1, "published": D(2020, 1, 1)}
    return Document(**{**base, **kw})


def status(doc, day, others=(), links=None):
    book = ValidityBook([doc, *others], links or Links())
    return book.status_on(doc, day)


@pytest.mark.parametrize("fields, day, expected", [
    ({}, D(2026, 1, 1), None),  # no validity fields: no status shown
    ({"effective": D(2020, 1, 1)}, D(2026, 1, 1), "有效"),
    # rule 3: 尚未生效 until the day before 生效日期
    ({"effective": D(2027, 1, 1)}, D(2026, 12, 31), "尚未生效"),
    ({"effective": D(2027, 1, 1)}, D(2027, 1, 1), "有效"),
    # rule 2: the last day of 有效期 is still in force
    ({"expires": D(2026, 12, 31)}, D(2026, 12, 31), "有效"),
    ({"expires": D(2026, 12, 31)}, D(2027, 1, 1), "失效"),
    # rule 1: repealed on D is 已废止 on D
    ({"repealed": D(2022, 6, 30), "repeal_basis": "决定"}, D(2022, 6, 29), "有效"),
    ({"repealed": D(2022, 6, 30), "repeal_basis": "决定"}, D(2022, 6, 30), "已废止"),
    # rule order: repeal beats expiry, expiry beats not-yet-effective
    ({"repealed": D(2022, 1, 1), "expires": D(2021, 1, 1), "repeal_basis": "x"}, D(2023, 1, 1), "已废止"),
    ({"expires": D(2021, 1, 1), "effective": D(2022, 1, 1)}, D(2021, 6, 1), "失效"),
    ({"status": "有效"}, D(2026, 1, 1), "有效"),
])
def test_status_rules(fields, day, expected):
    assert status(make(**fields), day) == expected


def test_repealed_by_takes_the_repealing_documents_effective_day():
    old = make(src="a.md")
    new = make(src="b.md", doc_no="示政办发〔2023〕7号", published=D(2023, 3, 1), effective=D(2023, 4, 1))
    links = Links()
    links.repealed_by["a.md"] = new
    book = ValidityBook([old, new], links)
    assert book.facts(old).repealed == D(2023, 4, 1)
    assert book.status_on(old, D(2023, 3, 31)) == "有效"
    assert book.status_on(old, D(2023, 4, 1)) == "已废止"


def test_repealed_by_without_effective_uses_published():
    old, new = make(src="a.md"), make(src="b.md", published=D(2023, 3, 1))
    links = Links()
    links.repealed_by["a.md"] = new
    assert ValidityBook([old, new], links).facts(old).repealed == D(2023, 3, 1)


def test_own_repealed_date_wins():
    old, new = make(src="a.md", repealed=D(2023, 5, 1)), make(src="b.md", published=D(2023, 3, 1))
    links = Links()
    links.repealed_by["a.md"] = new
    assert ValidityBook([old, new], links).facts(old).repealed == D(2023, 5, 1)


@pytest.mark.parametrize("amending_effective, day, expected", [
    (D(2024, 7, 1), D(2024, 6, 30), "有效"),  # amendment not yet in force
    (D(2024, 7, 1), D(2024, 7, 1), "已修改"),
    (None, D(2024, 7, 1), "已修改"),  # an amending document without validity dates is in force
])
def test_amended_when_an_amendment_is_in_force(amending_effective, day, expected):
    doc = make(src="a.md", effective=D(2020, 1, 1))
    amending = make(src="b.md", published=D(2024, 6, 1), effective=amending_effective)
    links = Links()
    links.amended_by["a.md"].append(amending)
    assert ValidityBook([doc, amending], links).status_on(doc, day) == expected


def test_amendment_that_is_itself_repealed_no_longer_counts():
    doc = make(src="a.md", effective=D(2020, 1, 1))
    amending = make(src="b.md", effective=D(2024, 1, 1), repealed=D(2025, 1, 1), repeal_basis="x")
    links = Links()
    links.amended_by["a.md"].append(amending)
    book = ValidityBook([doc, amending], links)
    assert book.status_on(doc, D(2024, 6, 1)) == "已修改"
    assert book.status_on(doc, D(2025, 1, 1)) == "有效"


def test_next_change():
    a = make(src="a.md", expires=D(2026, 12, 31))
    b = make(src="b.md", effective=D(2027, 1, 1))
    c = make(src="c.md", effective=D(2026, 12, 1))
    book = ValidityBook([a, b, c], Links())
    assert book.next_change(D(2026, 11, 24)) == (D(2026, 12, 1), [c])
    assert book.next_change(D(2026, 12, 1)) == (D(2027, 1, 1), [a, b])
    assert book.next_change(D(2027, 1, 1)) is None


# --- on a throw-away column: references, declared status, errors naming both files ---

def reg(seq, **fields):
    return doc_text(seq, year=2023, **fields)


def test_references_by_doc_no_index_no_and_path(column_of):
    column = column_of({
        "proactive/regulations/new.md": reg(1, doc_no="示政办发〔2023〕7号", effective="2023-04-01"),
        "proactive/regulations/old.md": reg(2, doc_no="示政办发〔2018〕30号", repealed_by="示政办发[2023]7号"),
        "proactive/regulations/c.md": reg(3, amended_by="11379900004123456X/2023-00001"),
        "proactive/regulations/jd.md": reg(4, title="关于新办法的说明", interprets="[new.md]"),
    })
    assert messages(column, "错误") == []
    assert column.status(column.by_src["proactive/regulations/old.md"]) == "已废止"
    assert column.status(column.by_src["proactive/regulations/c.md"]) == "已修改"
    new = column.by_src["proactive/regulations/new.md"]
    labels = {r.label: [d.src for d in r.documents] for r in relations(new, column)}
    assert labels == {"本文件废止了": ["proactive/regulations/old.md"], "本文件修改了": ["proactive/regulations/c.md"],
                      "政策解读": ["proactive/regulations/jd.md"]}
    jd = column.by_src["proactive/regulations/jd.md"]
    assert [(r.label, r.documents[0].src) for r in relations(jd, column)] == [
        ("解读的原文件", "proactive/regulations/new.md")
    ]
    banner = notice(column.by_src["proactive/regulations/old.md"], column)
    assert banner.sentence == "本文件已于2023年04月01日废止。" and banner.links == (new,)


def test_dangling_reference(column_of):
    column = column_of({"proactive/regulations/a.md": reg(1, repealed_by="示政办发〔2099〕1号")})
    [error] = messages(column, "错误")
    assert error.startswith("错误 proactive/regulations/a.md:5 字段“repealed_by” 值“示政办发〔2099〕1号”")
    assert "找不到" in error and "repeal_basis" in error


def test_ambiguous_reference_names_both_files(column_of):
    column = column_of({
        "proactive/regulations/a.md": reg(1, doc_no="示政办发〔2023〕7号"),
        "proactive/regulations/b.md": reg(2, doc_no="示政办发〔2023〕7号"),
        "proactive/regulations/c.md": reg(3, related="示政办发〔2023〕7号"),
    })
    [error] = messages(column, "错误")
    assert "proactive/regulations/c.md" in error and "a.md" in error and "b.md" in error and "多份" in error
    [warning] = messages(column, "警告")  # the duplicate 文号 itself
    assert warning.startswith("警告 proactive/regulations/b.md") and "a.md" in warning


def test_cycle_is_an_error(column_of):
    column = column_of({
        "proactive/regulations/a.md": reg(1, doc_no="示政办发〔2023〕1号", repealed_by="示政办发〔2023〕2号"),
        "proactive/regulations/b.md": reg(2, doc_no="示政办发〔2023〕2号", repealed_by="示政办发〔2023〕1号"),
    })
    [error] = messages(column, "错误")
    assert "循环" in error and "a.md" in error and "b.md" in error


def test_self_reference_is_an_error(column_of):
    column = column_of(
        {"proactive/regulations/a.md": reg(1, doc_no="示政办发〔2023〕1号", amended_by="示政办发〔2023〕1号")}
    )
    assert any("引用了自己" in e for e in messages(column, "错误"))


@pytest.mark.parametrize("fields, text", [
    ({"status": "已废止"}, "没有废止日期"),
    ({"status": "失效"}, "没有失效日期"),
    ({"status": "有效", "expires": "2025-12-31"}, "应为“失效”"),
    ({"status": "失效", "expires": "2026-11-24"}, "应为“有效”"),  # the last day is still in force
    ({"status": "尚未生效", "effective": "2026-11-24"}, "应为“有效”"),
    ({"repeal_basis": "某决定"}, "没有废止日期"),
    ({"effective": "2024-01-01", "expires": "2023-12-31"}, "失效日期早于生效日期"),
])
def test_declared_status_must_agree_with_dates(column_of, fields, text):
    column = column_of({"proactive/regulations/a.md": reg(1, **fields)})
    errors = messages(column, "错误")
    assert len(errors) == 1 and text in errors[0] and errors[0].startswith("错误 proactive/regulations/a.md")


def test_declared_status_that_agrees_is_fine(column_of):
    column = column_of({"proactive/regulations/a.md": reg(1, status="失效", expires="2026-11-23")})
    assert messages(column) == []


def test_repealed_without_reason_warns(column_of):
    column = column_of({"proactive/regulations/a.md": reg(1, repealed="2024-01-01")})
    [warning] = messages(column, "警告")
    assert "repeal_basis" in warning


def test_validity_lists(column_of):
    column = column_of({
        "proactive/regulations/a.md": reg(1, doc_type="行政规范性文件", expires="2025-12-31"),
        "proactive/regulations/b.md": reg(2, doc_type="规章", effective="2027-01-01"),
        "proactive/regulations/c.md": reg(3, doc_type="行政规范性文件"),
        "proactive/regulations/d.md": reg(4),  # 其他文件: in neither list
    })
    current, gone = column.validity_lists()
    assert [d.src[-4:] for d in current] == ["c.md", "b.md"] and [d.src[-4:] for d in gone] == ["a.md"]


def test_problems_type_is_shared():
    assert Problems().errors == []


def test_normative_documents_always_have_a_status():
    assert status(make(doc_type="行政规范性文件"), D(2026, 1, 1)) == "有效"
    assert status(make(doc_type="规章"), D(2026, 1, 1)) == "有效"
    assert status(make(doc_type="其他文件"), D(2026, 1, 1)) is None


def test_metadata_block_shows_the_derived_repeal_date(column_of):
    from gongkai.pages.presentation import metadata_rows
    column = column_of({
        "proactive/regulations/new.md": reg(1, doc_no="示政办发〔2023〕7号", effective="2023-04-01"),
        "proactive/regulations/old.md": reg(2, repealed_by="示政办发〔2023〕7号"),
    })
    old = column.by_src["proactive/regulations/old.md"]
    rows = {r.label: r.value for r in metadata_rows(old, column.status(old), column.day, None,
                                                    column.validity.facts(old).repealed)}
    assert rows["废止日期"] == "2023年04月01日" and rows["有效性"] == "已废止（截至2026年11月24日）"
