import datetime as dt

import pytest

from gongkai.core.dates import DateError, build_day, format_day, parse_day


@pytest.mark.parametrize("value, expected", [
    (dt.date(2021, 8, 12), dt.date(2021, 8, 12)),
    ("2021-08-12", dt.date(2021, 8, 12)),
    (" 2021-08-12 ", dt.date(2021, 8, 12)),
    ("2021年8月12日", dt.date(2021, 8, 12)),
    ("2021年08月12日", dt.date(2021, 8, 12)),
    ("２０２１年８月１２日", dt.date(2021, 8, 12)),
    ("２０２１-０８-１２", dt.date(2021, 8, 12)),
    ("2024年2月29日", dt.date(2024, 2, 29)),
])
def test_accepted_date_forms(value, expected):
    assert parse_day(value) == expected


@pytest.mark.parametrize("value, reason", [
    ("2021-13-01", "不存在"),
    ("2023-02-29", "不存在"),
    ("2021/8/12", "格式"),
    ("2021-8-12", "格式"),
    ("明天", "格式"),
    ("", "格式"),
    (20210812, "不是日期"),
    (dt.datetime(2021, 8, 12, 10, 0), "时刻"),
    (["2021-08-12"], "不是日期"),
])
def test_rejected_date_forms(value, reason):
    with pytest.raises(DateError, match=reason):
        parse_day(value)


def test_format_is_one_style():
    assert format_day(dt.date(2019, 1, 1)) == "2019年01月01日"


@pytest.mark.parametrize("epoch, day", [
    ("1795492800", dt.date(2026, 11, 24)),  # 12:00 Shanghai
    ("1795449599", dt.date(2026, 11, 23)),  # 15:59:59 UTC = 23:59:59 on the 23rd in Shanghai
    ("1795449600", dt.date(2026, 11, 24)),  # 16:00 UTC on the 23rd = midnight of the 24th in Shanghai
    ("1795535999", dt.date(2026, 11, 24)),
    ("1795536000", dt.date(2026, 11, 25)),
])
def test_build_day_is_in_shanghai(epoch, day):
    assert build_day({"SOURCE_DATE_EPOCH": epoch}) == day


def test_build_day_rejects_garbage():
    with pytest.raises(DateError, match="SOURCE_DATE_EPOCH"):
        build_day({"SOURCE_DATE_EPOCH": "yesterday"})


def test_build_day_defaults_to_today_in_shanghai():
    from zoneinfo import ZoneInfo
    assert build_day({}) == dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
