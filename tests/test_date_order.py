"""Dates agree (issue 14 item 3): written ≤ published ≤ build day, published ≤ updated ≤ build day,
each disagreement an error naming file, line, field, both dates and the fix."""

from __future__ import annotations

from conftest import DAY, doc_text, messages

BUDGET = "proactive/budget/a.md"


def _errors(column_of, **fields) -> list[str]:
    column = column_of({BUDGET: doc_text(**fields)})
    return [m for m in messages(column, "错误") if m.startswith(f"错误 {BUDGET}")]


def test_dates_in_order_pass(column_of):
    assert _errors(column_of, written="2024-02-27", published="2024-03-01", updated="2024-05-01") == []
    # the same day is allowed everywhere: signed, published and updated on one day
    assert _errors(column_of, written="2024-03-01", published="2024-03-01", updated="2024-03-01") == []
    assert _errors(column_of, published="2024-03-01", updated=DAY.isoformat()) == []


def test_written_after_published(column_of):
    errors = _errors(column_of, written="2024-03-05", published="2024-03-01")
    assert len(errors) == 1, errors
    line = errors[0]
    # doc_text writes title, index_no, published, written: written is on line 5
    assert line.startswith(f"错误 {BUDGET}:5 字段“written” 值“2024-03-05”："), line
    assert "成文日期 2024年03月05日 晚于发布日期 2024年03月01日" in line and "修改方法：" in line
    assert "2024-03-01" in line.split("修改方法：")[1]


def test_written_in_chinese_key_is_named_as_written(column_of):
    errors = _errors(column_of, 成文日期="2024年3月9日", published="2024-03-01")
    assert len(errors) == 1 and "字段“成文日期”" in errors[0], errors


def test_updated_before_published(column_of):
    errors = _errors(column_of, published="2024-03-01", updated="2024-02-01")
    assert len(errors) == 1, errors
    assert f"错误 {BUDGET}:5 字段“updated” 值“2024-02-01”" in errors[0]
    assert "更新日期 2024年02月01日 早于发布日期 2024年03月01日" in errors[0]
    assert "删除 updated" in errors[0]


def test_updated_in_the_future(column_of):
    errors = _errors(column_of, published="2024-03-01", updated="2026-12-01")
    assert len(errors) == 1, errors
    assert "更新日期 2026年12月01日 晚于构建日 2026年11月24日" in errors[0], errors
    assert "不晚于 2026-11-24" in errors[0]


def test_effective_and_expires_may_lie_ahead(column_of):
    # a policy announced today that takes effect next year and expires in five: nothing to report
    assert _errors(column_of, published="2024-03-01", effective="2027-01-01", expires="2031-12-31") == []


def test_the_day_after_the_build_day_is_the_first_refused(column_of):
    assert _errors(column_of, published="2024-03-01", updated="2026-11-24") == []
    assert len(_errors(column_of, published="2024-03-01", updated="2026-11-25")) == 1
