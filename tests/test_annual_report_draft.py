"""The annual report's drafting workflow: `new annual-reports 2026` writes the whole national format
as a draft in December; it waits on main, is previewed with --date, published in January."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from conftest import EPOCH, ORG, copy_project, gongkai, gongkai_in_process, mkdocs_build
from gongkai import pipeline
from gongkai.annualreport.checks import column_figures
from gongkai.annualreport.draft import planned_day
from gongkai.annualreport.formats import FORMAT_2021, PART_TITLES, TABLE2, leaves_of, rows_of
from gongkai.core import dates
from gongkai.core.problems import ContentError

REPORT = "content/annual-reports/2026.md"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """The sample with `new annual-reports 2026` run on the test day (2026-11-24)."""
    project = copy_project(tmp_path_factory.mktemp("draft") / "p")
    result = gongkai_in_process(project, "new", "annual-reports", "2026")
    assert result.returncode == 0, result.stderr
    return project, result


def _front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_the_file_and_its_address_are_printed(drafted):
    _project, result = drafted
    lines = result.stdout.splitlines()
    assert lines[0] == f"已创建 {REPORT}（草稿：draft: true，已检查，不发布）"
    assert lines[1] == f"索引号：{ORG}/2027-00001"  # the year it is published in
    assert lines[2].startswith("网址：https://www.example.gov.cn/zwgk/annual-reports/2026/")


def test_the_whole_national_format_is_written(drafted):
    project, _ = drafted
    text = (project / REPORT).read_text(encoding="utf-8")
    front = _front(text)
    assert front["title"] == "示例市人民政府办公室2026年政府信息公开工作年度报告"
    assert front["index_no"] == f"{ORG}/2027-00001" and front["draft"] is True
    assert front["published"] == dt.date(2027, 1, 4)  # the first weekday of January
    # the six parts, in order
    heads = re.findall(r"^## (.+)$", text.split("---\n", 2)[2], re.M)
    assert heads == list(PART_TITLES)
    # table 二: every block and row of the 2021 format
    t2 = front["主动公开政府信息情况"]
    assert list(t2) == [b.label.text for b in TABLE2[FORMAT_2021]]
    for block in TABLE2[FORMAT_2021]:
        assert list(t2[block.label.text]) == [r.text for r in block.rows]
    # table 三: every data row under its official label and level ((七)总计 is computed)
    def labels(mapping):
        for key, value in mapping.items():
            yield key
            if isinstance(value, dict):
                yield from labels(value)
    written = list(labels(front["收到和处理政府信息公开申请情况"]))
    assert written == [r.label.text for r in rows_of(FORMAT_2021) if not r.total]
    assert len(list(leaves_of(FORMAT_2021))) == 25 - 1  # 25 rows, （七）总计 left to gongkai
    t4 = front["政府信息公开行政复议、行政诉讼情况"]
    assert list(t4) == ["行政复议", "行政诉讼"] and list(t4["行政诉讼"]) == ["未经复议直接起诉", "复议后起诉"]


def test_computed_and_copied_figures(drafted):
    project, _ = drafted
    front = _front((project / REPORT).read_text(encoding="utf-8"))
    column = pipeline.load(project, {"SOURCE_DATE_EPOCH": EPOCH}, strict=False)
    figures = column_figures(column, 2026)
    block = front["主动公开政府信息情况"]["第二十条第（一）项"]
    names = [c.text for c in TABLE2[FORMAT_2021][0].columns]
    for doc_type in ("规章", "行政规范性文件"):
        assert tuple(block[doc_type][n] for n in names) == figures.counts(doc_type)
    assert figures.counts("行政规范性文件")[0] >= 1  # the sample issued one in 2026: a real computation
    last = next(r for r in column.reports.values() if r.year == 2025)
    carried = front["收到和处理政府信息公开申请情况"]["二、上年结转政府信息公开申请数量"]
    assert carried == last.table3["4"][:6] == [2, 0, 0, 0, 0, 0]


def test_the_draft_waits_on_main_with_one_kind_of_message(drafted):
    project, _ = drafted
    checked = gongkai(project, "check", "--strict")
    assert checked.returncode == 0, checked.stdout
    (line,) = [ln for ln in checked.stdout.splitlines() if ln.startswith("草稿 ")]
    assert line.startswith("草稿 annual-reports/2026.md：已检查，未发布（draft: true），计划发布日期 2027年01月04日；"
                           "还有 33 处“待填写”（第 ")
    built = mkdocs_build(project, project.parent / "site")
    assert built.returncode == 0, built.stderr
    assert not (project.parent / "site/annual-reports/2026").exists()
    assert "annual-reports/2026/" not in (project.parent / "site/annual-reports/index.html").read_text(encoding="utf-8")


def test_removing_draft_too_early_names_every_blank_and_nothing_else(drafted, tmp_path):
    project, _ = drafted
    path = project / REPORT
    text = path.read_text(encoding="utf-8")
    try:
        path.write_text(re.sub(r"^draft: .*\n", "", text, flags=re.M), encoding="utf-8")
        checked = gongkai_in_process(project, "check", "--date", "2027-01-05")
    finally:
        path.write_text(text, encoding="utf-8")
    errors = [ln for ln in checked.stdout.splitlines() if ln.startswith("错误 ")]
    assert checked.returncode == 1 and len(errors) == 33
    assert all(
        e.startswith("错误 annual-reports/2026.md:") and "还没有填写（还是“待填写”），不能发布" in e for e in errors
    )
    assert any(
        "字段“收到和处理政府信息公开申请情况 › 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密”" in e
        for e in errors
    )
    assert any("正文“一、总体情况”部分" in e for e in errors)


def test_filled_in_and_published_in_january(drafted, tmp_path, monkeypatch):
    project, _ = drafted
    path = project / REPORT
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    head = head.replace("四、结转下年度继续办理: 待填写", "四、结转下年度继续办理: [2, 0, 0, 0, 0, 0]")
    head = head.replace("待填写", "0").replace(
        "draft: true", "核对说明: {现行有效件数: 1件行政规范性文件有效期届满失效}"
    )
    body = re.sub(r"（待填写[^）]*）", "本年度按要求完成。", body)
    filled = head + "\n---\n" + body
    path.write_text(filled, encoding="utf-8")
    try:
        early = gongkai(project, "check", "--strict")  # on 2026-11-24 the January date is in the future
        assert early.returncode == 1 and "发布日期晚于构建日" in early.stdout
        preview = gongkai(project, "check", "--strict", "--date", "2027-01-05")
        assert preview.returncode == 0, preview.stdout
        monkeypatch.setenv("GONGKAI_DATE", "2027-01-05")  # the documented way for the build
        built = mkdocs_build(project, tmp_path / "site")
        assert built.returncode == 0, built.stderr
        page = (tmp_path / "site/annual-reports/2026/index.html").read_text(encoding="utf-8")
        positions = [page.index(title) for title in PART_TITLES]
        assert positions == sorted(positions)
        assert "2027年01月04日" in page
    finally:
        path.write_text(text, encoding="utf-8")


def test_report_figures_says_how_to_preview(drafted):
    project, _ = drafted
    early = gongkai_in_process(project, "report-figures", "2026")
    assert early.returncode == 2
    assert (
        "2026年度尚未结束" in early.stderr and "python -m gongkai report-figures 2026 --date 2027-01-05" in early.stderr
    )
    preview = gongkai_in_process(project, "report-figures", "2026", "--date", "2027-01-05")
    assert preview.returncode == 0, preview.stderr
    draft = (project / REPORT).read_text(encoding="utf-8")
    rows = [ln.strip() for ln in preview.stdout.splitlines() if ln.startswith("    ")]
    assert len(rows) == 2 and all(row in draft for row in rows)


def test_one_report_a_year_and_only_the_national_format(drafted):
    project, _ = drafted
    again = gongkai_in_process(project, "new", "annual-reports", "2026")
    assert again.returncode == 2 and "2026年度的年度报告已有：content/annual-reports/2026.md" in again.stderr
    old = gongkai_in_process(project, "new", "annual-reports", "2020")
    assert old.returncode == 2 and "只能为 2021 年度及以后生成报告" in old.stderr
    future = gongkai_in_process(project, "new", "annual-reports", "2027")
    assert future.returncode == 2 and "2027年度还没有开始" in future.stderr
    word = gongkai_in_process(project, "new", "annual-reports", "report")
    assert word.returncode == 2 and "不是四位年份" in word.stderr


def test_without_a_year_the_report_due_next(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "content/annual-reports/2025.md").unlink()
    result = gongkai_in_process(project, "new", "annual-reports", "--date", "2026-01-10")
    assert result.returncode == 0, result.stderr
    text = (project / "content/annual-reports/2025.md").read_text(encoding="utf-8")
    front = _front(text)
    assert front["published"] == dt.date(2026, 1, 10) and front["index_no"].startswith(f"{ORG}/2026-")
    assert "照抄上年报告" in text  # 2024.md's 结转下年度
    # past its due day a draft is still a missing report, and the warning says it is a draft
    checked = gongkai_in_process(project, "check")
    (warning,) = [ln for ln in checked.stdout.splitlines() if "缺少2025年" in ln]
    assert warning.startswith("警告 annual-reports/2025.md：缺少2025年政府信息公开工作年度报告")
    assert "这份报告还是草稿（draft: true），没有发布" in warning and "删除 draft: true" in warning


def test_planned_day():
    assert planned_day(2026, dt.date(2026, 11, 24)) == dt.date(2027, 1, 4)
    assert planned_day(2026, dt.date(2027, 1, 10)) == dt.date(2027, 1, 10)
    assert planned_day(2021, dt.date(2021, 12, 1)) == dt.date(2022, 1, 3)


def test_gongkai_date_is_the_build_day_and_is_checked():
    env = {"GONGKAI_DATE": "2027-01-05", "SOURCE_DATE_EPOCH": EPOCH}
    assert dates.build_day(env) == dt.date(2027, 1, 5)
    assert dates.build_day({"SOURCE_DATE_EPOCH": EPOCH}) == dt.date(2026, 11, 24)
    with pytest.raises(dates.DateError, match="GONGKAI_DATE 的值“2027-1-5”"):
        dates.build_day({"GONGKAI_DATE": "2027-1-5"})


def test_a_bad_gongkai_date_stops_the_pipeline_in_chinese(tmp_path):
    with pytest.raises(ContentError) as exc:
        pipeline.load(tmp_path, {"GONGKAI_DATE": "明天"}, strict=False)
    (problem,) = exc.value.problems
    assert str(problem).startswith("错误 GONGKAI_DATE：GONGKAI_DATE 的值“明天”不是 YYYY-MM-DD")
