"""The working-day calendar: the State Council's arrangement from chinesecalendar, overrides from
site_config/workdays.yml, and years without data (never guessed)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core import workdays
from gongkai.core.problems import Problems
from gongkai.core.siteconfig import load_site_config
from gongkai.core.workdays import Calendar, NoCalendarData, YearOverride, read_overrides
from tests.conftest import ROOT

D = dt.date


def test_the_pinned_package_has_2026_and_not_2027():
    """requirements.txt pins chinesecalendar 1.11.0: data up to 2026 (docs/deadlines.md says so)."""
    assert workdays.PACKAGE_VERSION == "1.11.0"
    assert 2026 in workdays.PACKAGE_YEARS and 2027 not in workdays.PACKAGE_YEARS
    pinned = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "chinesecalendar==1.11.0" in pinned


def test_national_day_holiday_and_its_weekend_working_days():
    cal = Calendar()
    # 2026: 10月1日至7日放假；9月20日（星期日）、10月10日（星期六）上班
    assert not any(cal.is_workday(D(2026, 10, d)) for d in range(1, 8))
    assert cal.is_workday(D(2026, 9, 20)) and D(2026, 9, 20).weekday() == 6
    assert cal.is_workday(D(2026, 10, 10)) and D(2026, 10, 10).weekday() == 5
    assert not cal.is_workday(D(2026, 10, 11))  # an ordinary Sunday
    # from Wednesday 30 September: 8 Oct (1), 9 Oct (2), Saturday 10 Oct (3: 调休 counts), 12 Oct (4)
    assert cal.nth_workday_after(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert cal.nth_workday_after(D(2026, 9, 30), 4) == D(2026, 10, 12)
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    # the start day itself is never counted, even when it is a working day
    assert cal.nth_workday_after(D(2026, 10, 8), 1) == D(2026, 10, 9)


def test_spring_festival_twenty_working_days():
    cal = Calendar()
    # 2026 春节: 2月15日至23日放假，2月14日（星期六）、2月28日（星期六）上班
    assert cal.is_workday(D(2026, 2, 14)) and cal.is_workday(D(2026, 2, 28))
    assert not cal.is_workday(D(2026, 2, 16))
    # from Friday 6 Feb: 9–13 (5), Sat 14 (6), 24–27 (10), Sat 28 (11), 2–6 Mar (16), 9–12 Mar (20)
    assert cal.nth_workday_after(D(2026, 2, 6), 20) == D(2026, 3, 12)
    assert cal.workdays_between(D(2026, 2, 6), D(2026, 3, 12)) == 20
    assert cal.workdays_between(D(2026, 3, 12), D(2026, 2, 6)) == 0


def test_a_period_across_new_year():
    cal = Calendar()
    # 2025-12-31 (Wed) → 2026: 1–3 Jan off, Sunday 4 Jan worked
    assert cal.nth_workday_after(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert cal.workdays_between(D(2025, 12, 30), D(2026, 1, 5)) == 3  # 31 Dec, 4 Jan, 5 Jan


def test_a_year_without_data_is_never_guessed():
    cal = Calendar()
    with pytest.raises(NoCalendarData) as caught:
        cal.nth_workday_after(D(2026, 12, 20), 20)  # runs into 2027
    assert caught.value.year == 2027
    with pytest.raises(NoCalendarData) as caught:
        cal.is_workday(D(2003, 6, 2))
    assert caught.value.year == 2003
    with pytest.raises(NoCalendarData):
        cal.workdays_between(D(2026, 12, 1), D(2027, 1, 5))
    assert not cal.covers(2027) and cal.covers(2004)
    fix = workdays.missing_year_fix(2027)
    assert "site_config/workdays.yml" in fix and "2027" in fix


def test_an_override_makes_a_missing_year_checkable():
    override = YearOverride(2027, holidays=frozenset({D(2027, 1, 1)}), workdays=frozenset({D(2027, 1, 2)}))
    cal = Calendar([override])
    assert cal.covers(2027)
    assert not cal.is_workday(D(2027, 1, 1))  # listed holiday (a Friday)
    assert cal.is_workday(D(2027, 1, 2))  # a Saturday made a working day
    assert not cal.is_workday(D(2027, 1, 3))  # other weekends stay off
    assert cal.nth_workday_after(D(2026, 12, 31), 2) == D(2027, 1, 4)
    assert "site_config/workdays.yml" in cal.source_of(2027)


def test_an_override_adjusts_a_year_the_package_has():
    """A local holiday (e.g. 三月三) on top of the national arrangement."""
    local = YearOverride(2026, holidays=frozenset({D(2026, 4, 20)}))
    assert Calendar().is_workday(D(2026, 4, 20))
    cal = Calendar([local])
    assert not cal.is_workday(D(2026, 4, 20))
    assert cal.is_workday(D(2026, 10, 10))  # the package's 调休 stays
    assert "调整" in cal.source_of(2026)


def read(values: dict) -> tuple[tuple, list[str]]:
    problems = Problems()
    out = read_overrides(values, dict.fromkeys(values, 3), problems)
    return out, [str(p) for p in problems.items]


def test_reading_overrides_with_ranges_and_chinese_keys():
    out, errors = read({"2027": {"放假": ["2027-01-01", "2027-02-06 至 2027-02-13"], "调休上班": ["2027-02-20"],
                                  "依据": "国务院办公厅关于2027年部分节假日安排的通知"}})
    assert errors == []
    [year] = out
    assert year.year == 2027 and len(year.holidays) == 9 and year.workdays == {D(2027, 2, 20)}
    assert year.source.startswith("国务院办公厅")


@pytest.mark.parametrize("values, expected", [
    ({"明年": {"holidays": ["2027-01-01"]}}, "键应是四位年份"),
    ({"2027": ["2027-01-01"]}, "应是 holidays 和 workdays 两个列表"),
    ({"2027": {"holidays": ["2027-13-01"]}}, "日期不存在"),
    ({"2027": {"holidays": ["2026-12-31"]}}, "日期不在 2027 年内"),
    ({"2027": {"holidays": ["2027-02-13 至 2027-02-06"]}}, "结束日早于开始日"),
    ({"2027": {"holidays": ["2027-01-01"], "workdays": ["2027-01-04"]}}, "本来就是工作日"),
    ({"2027": {"holidays": ["2027-01-02"], "workdays": ["2027-01-02"]}}, "同时写在放假和调休上班中"),
    ({"2027": {"workdays": ["2027-01-02"]}}, "必须列出全部放假日期"),
    ({"2027": {"holiday": ["2027-01-01"]}}, "不是可用的项"),
])
def test_override_mistakes_are_reported_in_chinese(values, expected):
    _, errors = read(values)
    assert any(expected in e and "site_config/workdays.yml" in e for e in errors), errors


def test_site_config_reads_workdays_yml(tmp_path):
    config = tmp_path / "site_config"
    config.mkdir()
    for name in ("site.yml", "taxonomy.yml"):
        (config / name).write_text((ROOT / "site_config" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (config / "workdays.yml").write_text("2027:\n  holidays: [2027-01-01]\n", encoding="utf-8")
    site = load_site_config(config)
    assert [o.year for o in site.workday_overrides] == [2027]
    assert site.calendar().covers(2027)
    (config / "workdays.yml").write_text("2027:\n  holidays: [2027-02-30]\n", encoding="utf-8")
    from gongkai.core.problems import ContentError
    with pytest.raises(ContentError) as caught:
        load_site_config(config)
    assert "site_config/workdays.yml" in str(caught.value) and "日期不存在" in str(caught.value)
