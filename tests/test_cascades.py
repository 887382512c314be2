"""No cascades (issue 14 item 2): one broken file is reported once, at its own line; the files that
refer to it say so, never “找不到”, and messages come ordered by file and line."""

from __future__ import annotations

import pytest

from conftest import doc_text, messages

POLICY = "proactive/regulations/b-policy.md"
READER = "proactive/regulations/a-reading.md"
DOC_NO = "示政办发〔2024〕3号"


def _policy(**fields) -> str:
    return doc_text(1, doc_no=DOC_NO, doc_type="行政规范性文件", **fields)


BROKEN_POLICIES = {
    # YAML syntax: the file never becomes a document
    "yaml syntax": _policy(published="2024-03-01").replace("published: 2024-03-01", "published 2024-03-01"),
    # a required field missing: the file never becomes a document
    "no title": _policy().replace("title: 关于示例事项的通知\n", ""),
    # no closing ---
    "unclosed front matter": _policy().replace("\n---\n正文", "\n\n正文"),
}

REFERENCES = {
    "by 文号": DOC_NO,
    "by path": "b-policy.md",
    "by 索引号": "11379900004123456X/2024-00001",
}


@pytest.mark.parametrize("breakage", sorted(BROKEN_POLICIES))
@pytest.mark.parametrize("how", sorted(REFERENCES))
def test_a_reference_to_a_broken_file_points_there(column_of, breakage, how):
    column = column_of({
        POLICY: BROKEN_POLICIES[breakage],
        READER: doc_text(2, title="关于示例事项的解读", related=REFERENCES[how]),
    })
    lines = messages(column)
    assert not any("找不到" in line for line in lines), lines
    about_reader = [line for line in lines if line.startswith(("错误 " + READER, "警告 " + READER))]
    assert len(about_reader) == 1, lines
    assert about_reader[0].startswith(
        f"警告 {READER}:5 字段“related” 值“{REFERENCES[how]}”：引用的文件 {POLICY} 本身有错误，见该文件的提示"
    )
    assert any(line.startswith("错误 " + POLICY) for line in lines), lines


def test_a_refused_doc_no_does_not_cascade(column_of):
    # 05: a leading zero is refused, so the policy loads without a 文号; a reference written the same way
    column = column_of({
        POLICY: doc_text(1, doc_no="示政办发〔2024〕05号"),
        READER: doc_text(2, interprets="示政办发〔2024〕05号"),
    })
    lines = messages(column)
    assert not any("找不到" in line for line in lines), lines
    assert any(line.startswith(f"警告 {READER}:5 字段“interprets”") and f"引用的文件 {POLICY} 本身有错误" in line
               for line in lines), lines
    assert any(line.startswith(f"错误 {POLICY}:5 字段“doc_no”") for line in lines), lines


def test_a_reference_to_nothing_is_still_not_found(column_of):
    column = column_of({READER: doc_text(2, related="示政办发〔2024〕99号")})
    assert any(line.startswith(f"错误 {READER}:5") and "引用的文件在栏目中找不到" in line for line in messages(column))


def test_messages_come_ordered_by_file_and_line(column_of):
    column = column_of({
        POLICY: BROKEN_POLICIES["yaml syntax"],
        READER: doc_text(2, related=DOC_NO, written="2025-01-01"),
    })
    ordered = column.problems.sorted()
    keys = [(p.file, p.line or 0) for p in ordered]
    assert keys == sorted(keys), [str(p) for p in ordered]
    # the reader's own lines first (its reference on line 5, its written on line 6), then the policy
    assert [(p.file, p.line) for p in ordered[:2]] == [(READER, 5), (READER, 6)], [str(p) for p in ordered]
    assert {p.file for p in ordered[2:]} == {POLICY}, [str(p) for p in ordered]


def test_a_status_resting_on_a_broken_file_is_not_judged_yet(column_of):
    # 已废止 by a file that failed to load: no “没有废止日期” cascading from the broken file
    column = column_of({
        POLICY: BROKEN_POLICIES["yaml syntax"],
        READER: doc_text(2, doc_type="行政规范性文件", status="已废止", repealed_by=DOC_NO),
    })
    about_reader = [line for line in messages(column) if READER in line]
    assert len(about_reader) == 1 and about_reader[0].startswith(f"警告 {READER}:7 字段“repealed_by”"), about_reader


def test_a_status_is_still_judged_when_the_reference_resolves(column_of):
    column = column_of({
        POLICY: _policy(published="2024-03-01"),
        READER: doc_text(2, doc_type="行政规范性文件", status="已修改", related=DOC_NO),
    })
    assert any(line.startswith(f"错误 {READER}:6 字段“status”") for line in messages(column)), messages(column)
