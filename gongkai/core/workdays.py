"""Working days (工作日) of mainland China, for the deadlines of ../shared/spec/deadlines.md.

The State Council's yearly arrangement (《国务院办公厅关于<year>年部分节假日安排的通知》: holidays and
调休, a weekend day made a working day) comes from the pinned PyPI package ``chinesecalendar``
(import ``chinese_calendar``), which needs a release every November for the next year. A body adds
or corrects years in ``site_config/workdays.yml`` (read here, checked in Chinese):

* a year the package has: the listed days change it (a local holiday, a local 调休);
* a year the package lacks: the listed days *are* the year's arrangement (every holiday listed);
  the other weekdays are working days, weekends are not.

A day in a year with neither is never guessed: :class:`NoCalendarData` names the year.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from ..files.yamlfile import Value
from .dates import DateError, parse_day
from .problems import Place, Problems

try:  # the package is a dependency; without it every year needs site_config/workdays.yml
    import chinese_calendar as _package
    from chinese_calendar import constants as _constants
except ImportError:  # pragma: no cover - reported as "not checkable", never a traceback
    _package = _constants = None

WORKDAYS_FILE = "site_config/workdays.yml"
PACKAGE_NAME = "chinesecalendar"
PACKAGE_VERSION: str = getattr(_package, "__version__", "") if _package else ""
# Years the package holds the State Council's arrangement for (1.11.0: 2004–2026).
PACKAGE_YEARS: range = (range(min(_constants.holidays).year, max(_constants.holidays).year + 1)
                        if _constants and _constants.holidays else range(0))
_PACKAGE_HOLIDAYS: frozenset[dt.date] = frozenset(_constants.holidays) if _constants else frozenset()
_PACKAGE_WORKDAYS: frozenset[dt.date] = frozenset(_constants.workdays) if _constants else frozenset()

_RANGE = re.compile(r"\s*(.+?)\s*(?:至|\.\.|～|~)\s*(.+?)\s*")
_KEYS = {"holidays": "holidays", "放假": "holidays", "节假日": "holidays",
         "workdays": "workdays", "上班": "workdays", "调休上班": "workdays",
         "source": "source", "依据": "source"}


@dataclass(frozen=True)
class YearOverride:
    """One year of site_config/workdays.yml."""

    year: int
    holidays: frozenset[dt.date] = frozenset()  # days off (放假)
    workdays: frozenset[dt.date] = frozenset()  # weekend days made working days (调休上班)
    source: str = ""  # the notice it copies, for the reader of the file


class NoCalendarData(Exception):
    """A day of ``year`` is needed and neither the package nor site_config/ has that year."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


def package_label() -> str:
    """chinesecalendar 1.11.0 (2004—2026 年), for messages."""
    if not PACKAGE_VERSION and not PACKAGE_YEARS:
        return f"{PACKAGE_NAME}（未安装）"
    years = f"{PACKAGE_YEARS.start}—{PACKAGE_YEARS.stop - 1} 年" if PACKAGE_YEARS else "无数据"
    return f"{PACKAGE_NAME} {PACKAGE_VERSION}（{years}）"


def missing_year_fix(year: int) -> str:
    """What a webmaster does about a year without calendar data."""
    return (
        f"在 {WORKDAYS_FILE} 中写 {year} 年的放假和调休上班日期（照《国务院办公厅关于{year}年部分节假日安排的通知》），"
        f"或把 requirements.txt 中的 {PACKAGE_NAME} 升级到含 {year} 年数据的版本"
    )


class Calendar:
    """Working days from the package plus ``overrides``; every year computed once, on demand."""

    def __init__(self, overrides: tuple[YearOverride, ...] | list[YearOverride] = (),
                 package_years: range | None = None):
        self.overrides = {o.year: o for o in overrides}
        self.package_years = PACKAGE_YEARS if package_years is None else package_years
        self._years: dict[int, list[int]] = {}  # year -> sorted ordinals of its working days

    def covers(self, year: int) -> bool:
        return year in self.package_years or year in self.overrides

    def source_of(self, year: int) -> str:
        """Where the days of ``year`` come from, in words."""
        if year in self.overrides and year not in self.package_years:
            return WORKDAYS_FILE
        if year in self.overrides:
            return f"{package_label()}，并按 {WORKDAYS_FILE} 调整"
        return package_label()

    def _working(self, year: int) -> list[int]:
        days = self._years.get(year)
        if days is not None:
            return days
        if not self.covers(year):
            raise NoCalendarData(year)
        override = self.overrides.get(year)
        packaged = year in self.package_years
        holidays = set(_PACKAGE_HOLIDAYS) if packaged else set()
        workdays = set(_PACKAGE_WORKDAYS) if packaged else set()
        if override is not None:
            holidays = (holidays - override.workdays) | override.holidays
            workdays = (workdays - override.holidays) | override.workdays
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        days = []
        for ordinal in range(first, last + 1):
            day = dt.date.fromordinal(ordinal)
            if day in workdays or (day.weekday() < 5 and day not in holidays):
                days.append(ordinal)
        self._years[year] = days
        return days

    def is_workday(self, day: dt.date) -> bool:
        days = self._working(day.year)
        i = bisect.bisect_left(days, day.toordinal())
        return i < len(days) and days[i] == day.toordinal()

    def nth_workday_after(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself not counted; 民法典第二百零一条)."""
        if n < 1:
            raise ValueError("n must be positive")
        year, after = start.year, start.toordinal()
        while True:
            days = self._working(year)
            i = bisect.bisect_right(days, after)
            if len(days) - i >= n:
                return dt.date.fromordinal(days[i + n - 1])
            n -= len(days) - i
            year += 1

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: 0 when ``end`` is not after ``start``."""
        if end <= start:
            return 0
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._working(year)
            low = bisect.bisect_right(days, start.toordinal())
            high = bisect.bisect_right(days, end.toordinal())
            total += high - low
        return total


# ---------------------------------------------------------------------------------------------
# site_config/workdays.yml


def read_overrides(values: dict[str, Value], lines: dict[str, int], problems: Problems, rel: str = WORKDAYS_FILE,
                   package_years: range | None = None) -> tuple[YearOverride, ...]:
    """The years of site_config/workdays.yml; every mistake is reported in Chinese to ``problems``."""
    package_years = PACKAGE_YEARS if package_years is None else package_years
    out: list[YearOverride] = []
    for key, entry in values.items():
        line = lines.get(key)
        year_text = str(key).strip()
        if not re.fullmatch(r"\d{4}", year_text):
            problems.error(rel, "键应是四位年份", "写成 2027: 下一级写 holidays（放假）和 workdays（调休上班）",
                           field=str(key), line=line)
            continue
        year = int(year_text)
        if not isinstance(entry, dict):
            problems.error(rel, f"{year} 年的内容应是 holidays 和 workdays 两个列表",
                           f"写成 {year}: 换行后缩进写 holidays: [...] 和 workdays: [...]", field=year_text, line=line)
            continue
        found: dict[str, Value] = {}
        for name, value in entry.items():
            canon = _KEYS.get(str(name).strip())
            if canon is None:
                problems.error(
                    rel,
                    f"{year} 年下的“{name}”不是可用的项",
                    "只写 holidays（放假）、workdays（调休上班）和 source（依据）",
                    field=f"{year_text}.{name}",
                    line=line,
                )
                continue
            found[canon] = value
        holidays = _days(found.get("holidays"), year, "holidays", rel, line, problems)
        workdays = _days(found.get("workdays"), year, "workdays", rel, line, problems)
        both = sorted(holidays & workdays)
        if both:
            problems.error(rel, f"{'、'.join(d.isoformat() for d in both)} 同时写在放假和调休上班中",
                           "每个日期只写在其中一处", field=year_text, line=line)
        if year not in package_years and not holidays:
            problems.error(rel, f"{package_label()} 没有 {year} 年的数据，这一年的安排必须列出全部放假日期",
                           f"照《国务院办公厅关于{year}年部分节假日安排的通知》在 holidays 下列出每个放假日期"
                           "（区间写成 2027-02-06 至 2027-02-13），调休上班日期写在 workdays 下",
                           field=f"{year_text}.holidays", line=line)
        source = found.get("source")
        out.append(YearOverride(year, frozenset(holidays), frozenset(workdays),
                                str(source).strip() if isinstance(source, str) else ""))
    return tuple(sorted(out, key=lambda o: o.year))


def _days(raw: Value, year: int, name: str, rel: str, line: int | None, problems: Problems) -> set[dt.date]:
    if raw is None:
        return set()
    items = raw if isinstance(raw, list) else [raw]
    out: set[dt.date] = set()
    where: Place = {"field": f"{year}.{name}", "line": line}
    for item in items:
        if not isinstance(item, str):
            problems.error(
                rel, "应是日期或日期区间", "写成 2027-01-01 或 2027-02-06 至 2027-02-13", value=item, **where
            )
            continue
        match = _RANGE.fullmatch(item)
        try:
            if match:
                first, last = parse_day(match.group(1)), parse_day(match.group(2))
            else:
                first = last = parse_day(item)
        except DateError as exc:
            problems.error(rel, str(exc), "写成 2027-01-01 或 2027-02-06 至 2027-02-13", value=item, **where)
            continue
        if last < first:
            problems.error(rel, "日期区间的结束日早于开始日", "先写开始日，再写结束日", value=item, **where)
            continue
        if first.year != year or last.year != year:
            problems.error(rel, f"日期不在 {year} 年内", "把它写到所属年份下，或改正年份", value=item, **where)
            continue
        if name == "workdays":
            weekdays = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
            ordinary = [d for d in weekdays if d.weekday() < 5 and d not in _PACKAGE_HOLIDAYS]
            if ordinary:
                problems.error(
                    rel,
                    f"{'、'.join(d.isoformat() for d in ordinary)} 本来就是工作日（周一至周五），不是调休上班日",
                    "workdays 只写被调为上班的周六、周日；放假的工作日写在 holidays 下",
                    value=item,
                    **where,
                )
                continue
        for i in range((last - first).days + 1):
            out.add(first + dt.timedelta(days=i))
    return out
