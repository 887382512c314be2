"""Deadlines of deadlines.md: 条例第二十六条, the 解读 of a policy, the annual report, the 清理 reminder.

Unit tests on small columns (the test build day is 2026-11-24), then the command line and one
strict build of the sample with past misses."""

from __future__ import annotations

import datetime as dt
import re

from gongkai.core import deadlines
from gongkai.core.deadlines import DUE, EXPIRING, LATE, MISSING, NEEDLESS, UNCHECKED, check_deadlines
from gongkai.pages.presentation import relations
from tests.conftest import copy_project, doc_text, gongkai, mkdocs_build

REG = "proactive/regulations"


def doc(seq: int, year: int = 2026, **fields) -> str:
    return doc_text(seq, year=year, **fields)


def findings(column, kind=None):
    report = check_deadlines(column)
    return [f for f in report.findings if kind is None or f.kind == kind], report


# --- 条例第二十六条: 成文日期 → 发布日期 within 20 working days ---------------------------------

def test_twentieth_working_day_across_spring_festival_is_on_time_and_the_next_is_late(column_of):
    # from Friday 6 Feb 2026 the 20th working day is 12 March (春节 15–23 Feb off, Saturdays 14 and 28 Feb worked)
    column = column_of({
        f"{REG}/on-time.md": doc(1, written="2026-02-06", published="2026-03-12"),
        f"{REG}/late.md": doc(2, written="2026-02-06", published="2026-03-13"),
    })
    late, report = findings(column, LATE)
    assert [f.file for f in late] == [f"{REG}/late.md"]
    line = str(late[0])
    for text in ("信息 proactive/regulations/late.md", "成文日期 2026年02月06日", "发布日期 2026年03月13日",
                 "计 21 个工作日", "超过期限 20 个工作日", "应于 2026年03月12日 前发布", "条例第二十六条"):
        assert text in line, line
    tally = report.tallies["publication"]
    assert (tally.on_time, tally.late, tally.rate()) == (1, 1, "50.0%")


def test_a_weekend_day_made_a_working_day_counts(column_of):
    # from Mon 7 Sep 2026: 8–11 Sep (4), 14–18 (9), Sunday 20 Sep worked (10), 21–24 (14), 中秋 25–27 off,
    # 28–30 (17), 国庆 1–7 Oct off, 8–9 Oct (19), Saturday 10 Oct worked (20): the deadline is that Saturday
    column = column_of({
        f"{REG}/sat.md": doc(1, written="2026-09-07", published="2026-10-10"),
        f"{REG}/sun.md": doc(2, written="2026-09-07", published="2026-10-11"),
    })
    late, _ = findings(column, LATE)
    assert [f.file for f in late] == [f"{REG}/sun.md"]
    # published on a Sunday after the deadline: counted to the next working day, so 21 > 20
    assert "计 21 个工作日（2026年10月11日为休息日，计至其后第一个工作日）" in str(late[0])


def test_a_document_of_a_year_without_calendar_data_is_not_checkable(column_of):
    column = column_of({
        f"{REG}/old.md": doc(1, year=2003, written="2003-05-06", published="2003-05-09"),
        f"{REG}/new.md": doc(2, year=2027, written="2026-12-21", published="2027-01-05"),
    }, day=dt.date(2027, 1, 10))
    unchecked, report = findings(column, UNCHECKED)
    by_file = {f.file: str(f) for f in unchecked}
    assert set(by_file) == {f"{REG}/old.md", f"{REG}/new.md"}
    assert "落在 2003 年" in by_file[f"{REG}/old.md"]
    line = by_file[f"{REG}/new.md"]
    assert "落在 2027 年，2027 年没有工作日日历数据" in line and "site_config/workdays.yml" in line
    assert "chinesecalendar" in line  # the other fix: a release with the year
    assert report.tallies["publication"].unchecked == 2 and report.tallies["publication"].checked == 0
    assert not findings(column, LATE)[0]  # never guessed either way
    assert "2003、2027 年没有工作日日历数据" in report.summary()[1]


def test_late_reason_acknowledges_a_miss_and_a_needless_one_is_mentioned(column_of):
    column = column_of({
        f"{REG}/late.md": doc(1, written="2026-01-05", published="2026-03-02", late_reason="会签单位意见反馈延迟"),
        f"{REG}/fine.md": doc(2, written="2026-03-02", published="2026-03-03", late_reason="无"),
    })
    late, report = findings(column, LATE)
    [miss] = late
    assert miss.acknowledged and "已写逾期说明：会签单位意见反馈延迟" in str(miss) and "修改方法" not in str(miss)
    assert report.tallies["publication"].acknowledged == 1
    assert "其中 1 份已写逾期说明" in report.summary()[0]
    [needless] = findings(column, NEEDLESS)[0]
    assert needless.file == f"{REG}/fine.md" and "没有逾期" in str(needless)


def test_deadlines_are_never_problems(column_of):
    column = column_of({f"{REG}/late.md": doc(1, year=2024, written="2024-01-05", published="2024-06-03",
                                               doc_type="行政规范性文件")})
    assert column.problems.items == []
    assert findings(column, LATE)[0] and findings(column, MISSING)[0]
    assert column.problems.items == []  # the report lives apart from errors and warnings


def test_only_proactive_documents_of_the_column_outside_annual_reports(column_of):
    column = column_of({
        f"{REG}/on-request.md": doc(1, written="2024-01-05", published="2024-06-03", disclosure="依申请公开"),
        f"{REG}/no-written.md": doc(2, published="2024-06-03"),
    })
    _, report = findings(column)
    assert report.tallies["publication"].checked == 0


# --- the 解读 of a policy: 3 working days, and one expected for 规章 and 行政规范性文件 --------------

def test_a_reading_of_two_policies(column_of):
    column = column_of({
        f"{REG}/a.md": doc(1, doc_no="示政办发〔2026〕31号", published="2026-09-30", doc_type="行政规范性文件"),
        f"{REG}/b.md": doc(2, doc_no="示政办发〔2026〕32号", published="2026-09-25", doc_type="规章"),
        # 3 working days after Wed 30 Sep: 8, 9 Oct and Saturday 10 Oct (调休) -> on time for a;
        # after Fri 25 Sep (中秋 25–27 off): 28, 29, 30 Sep, then 8, 9 and 10 Oct -> 6, late for b
        f"{REG}/jd.md": doc(3, title="图解：两项政策", published="2026-10-10",
                            interprets="[示政办发〔2026〕31号, b.md]"),
    })
    assert column.problems.errors == []
    late, report = findings(column, LATE)
    [miss] = late
    assert miss.file == f"{REG}/jd.md"
    for text in (f"{REG}/b.md", "发布日期 2026年09月25日", "本解读发布日期 2026年10月10日", "计 6 个工作日",
                 "超过期限 3 个工作日", "应于 2026年09月30日 前发布"):
        assert text in str(miss), str(miss)
    tally = report.tallies["interpretation"]
    assert (tally.on_time, tally.late) == (1, 1)
    assert not findings(column, MISSING)[0]  # both policies have their 解读
    jd = column.by_src[f"{REG}/jd.md"]
    assert [(r.label, [d.src for d in r.documents]) for r in relations(jd, column)] == [
        ("解读的原文件", [f"{REG}/a.md", f"{REG}/b.md"])]
    for src in ("a.md", "b.md"):
        labels = {r.label: [d.src for d in r.documents] for r in relations(column.by_src[f"{REG}/{src}"], column)}
        assert labels == {"政策解读": [f"{REG}/jd.md"]}


def test_a_policy_without_reading_missing_due_and_other_documents(column_of):
    column = column_of({
        f"{REG}/old.md": doc(1, published="2026-03-02", doc_type="行政规范性文件"),
        f"{REG}/rule.md": doc(2, published="2026-03-03", doc_type="规章", late_reason="规章解读由市司法局发布"),
        f"{REG}/fresh.md": doc(3, published="2026-11-23", doc_type="行政规范性文件"),
        f"{REG}/other.md": doc(4, published="2026-03-02"),
    })
    missing, report = findings(column, MISSING)
    assert [f.file for f in missing] == [f"{REG}/old.md", f"{REG}/rule.md"]
    line = str(missing[0])
    assert "缺少政策解读：行政规范性文件《关于示例事项的通知》发布日期 2026年03月02日" in line
    assert "interprets" in line and "late_reason" in line
    assert missing[1].acknowledged and "已写逾期说明" in str(missing[1])
    [due] = findings(column, DUE)[0]
    assert due.file == f"{REG}/fresh.md" and "应于 2026年11月26日 前发布" in str(due) and "还剩 2 个工作日" in str(due)
    assert report.tallies["interpretation"].late == 2 and report.tallies["interpretation"].on_time == 0


def test_interprets_cannot_point_both_ways(column_of):
    column = column_of({
        f"{REG}/a.md": doc(1, interprets="[b.md]"),
        f"{REG}/b.md": doc(2, interprets="[a.md]"),
    })
    assert any("互相写了 interprets" in str(p) for p in column.problems.errors)


def test_interprets_as_chinese_key_and_a_dangling_reference(column_of):
    column = column_of({
        f"{REG}/a.md": doc(1, doc_no="示政办发〔2026〕31号"),
        f"{REG}/jd.md": doc(2, 解读对象="示政办发〔2026〕31号"),
        f"{REG}/bad.md": doc(3, interprets="示政办发〔2026〕99号"),
    })
    [error] = [str(p) for p in column.problems.errors]
    assert "bad.md" in error and "找不到" in error and "interprets" in error
    assert [d.src for d in column.links.interpreted_by[f"{REG}/a.md"]] == [f"{REG}/jd.md"]


# --- annual report and the 清理 reminder -------------------------------------------------------

def report_doc(year: int, published: str) -> str:
    return f"---\ntitle: {year}年政府信息公开工作年度报告\npublished: {published}\n---\n正文。\n"


def test_annual_report_dates(column_of):
    column = column_of({
        "annual-reports/2018.md": report_doc(2018, "2019-03-25"),  # 2007 条例: 3月31日
        "annual-reports/2024.md": report_doc(2024, "2025-01-31"),
        "annual-reports/2025.md": report_doc(2025, "2026-02-03"),  # a department: 1月31日
    })
    late, report = findings(column, LATE)
    assert [f.file for f in late] == ["annual-reports/2025.md"]
    assert "应于 2026年01月31日 前发布（条例第四十九条，部门），晚了 3 天" in str(late[0])
    assert report.tallies["annual-report"].on_time == 2


def test_normative_documents_expiring_within_180_days(column_of):
    column = column_of({
        f"{REG}/soon.md": doc(1, doc_type="行政规范性文件", expires="2027-05-23"),
        f"{REG}/later.md": doc(2, doc_type="行政规范性文件", expires="2027-05-24"),
        f"{REG}/gone.md": doc(3, doc_type="行政规范性文件", expires="2026-11-01"),
    })
    expiring, report = findings(column, EXPIRING)
    assert [f.file for f in expiring] == [f"{REG}/soon.md"]
    assert "有效期至 2027年05月23日，还有 180 天" in str(expiring[0]) and "清理" in str(expiring[0])
    assert "1 份行政规范性文件将在 180 天内到期" in report.summary()[1]


def test_report_is_computed_once_per_column(column_of):
    column = column_of({f"{REG}/a.md": doc(1)})
    assert deadlines.report_of(column) is deadlines.report_of(column)


# --- the command line and the build ------------------------------------------------------------

INFO_LINE = re.compile(r"(?:信息 |期限检查（截至|工作日依据：).*")


def info_lines(output: str) -> list[str]:
    return [m.group(0).strip() for m in INFO_LINE.finditer(output)]


def break_sample(content):
    """A 行政规范性文件 of the sample made weeks before it was published: a past §26 miss."""
    path = content / REG / "2024-waste-sorting-measures.md"
    text = path.read_text(encoding="utf-8").replace("written: 2024-10-09", "written: 2024-08-01")
    path.write_text(text, encoding="utf-8")


def test_deadlines_command_names_exactly_the_late_documents_and_a_strict_build_publishes(tmp_path):
    project = copy_project(tmp_path / "project")
    clean = gongkai(project, "deadlines")
    assert clean.returncode == 0, clean.stderr
    clean_lines = info_lines(clean.stdout)
    # the sample's own misses are all acknowledged (late_reason): a late 解读 and policies without one
    misses = [line for line in clean_lines if "：解读逾期：" in line or "：缺少政策解读：" in line]
    assert len(misses) == 8 and all("已写逾期说明：" in line for line in misses)
    assert next(line for line in misses if "：解读逾期：" in line).startswith(
        f"信息 {REG}/2024-waste-sorting-qa.md:5 字段“published”：解读逾期：政策文件 "
        f"{REG}/2024-waste-sorting-measures.md"
    )
    assert not [line for line in clean_lines if "：逾期公开：" in line]
    assert any(
        "有效期将至：行政规范性文件《示例市人民政府办公室关于进一步做好稳就业工作的若干措施》" in line
        for line in clean_lines
    )

    break_sample(project / "content")
    result = gongkai(project, "deadlines")
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr
    lines = info_lines(result.stdout)
    [late] = [line for line in lines if "：逾期公开：" in line]
    assert late.startswith(f"信息 {REG}/2024-waste-sorting-measures.md:")
    assert ("成文日期 2024年08月01日 → 发布日期 2024年10月15日，计 49 个工作日，超过期限 20 个工作日"
            "（应于 2024年08月29日 前发布；条例第二十六条") in late, late
    assert lines[-2].startswith(
        "期限检查（截至 2026年11月24日）：主动公开按期 32/33（按期公开率 97.0%），逾期 1；"
        "政策解读按期 5/13（按期公开率 38.5%），逾期 8（其中 8 份已写逾期说明）；年度报告按期 6/6"
    )

    build = mkdocs_build(project, tmp_path / "site", strict=True, quiet=False)
    output = build.stdout + build.stderr
    assert build.returncode == 0, output  # a past miss never stops a strict build
    assert info_lines(output) == lines  # the build log carries the lines of the command
    check = gongkai(project, "check", "--strict")
    assert check.returncode == 0 and info_lines(check.stdout) == lines
