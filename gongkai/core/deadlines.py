"""The deadlines of ../shared/spec/deadlines.md, checked from the dates the column already holds.

* 条例第二十六条: a document is published within 20 working days of being made (成文日期 → 发布日期);
* a policy's 解读 within 3 working days of the policy's 发布日期 (``interprets``), and every 规章 or
  行政规范性文件 is expected to have one;
* 条例第四十九条: the annual report by 1月31日 (department) or 3月31日 (government) of the next year;
* a reminder (清理): 行政规范性文件 whose 有效期 ends within the next 180 days.

A missed deadline is history: it is reported as information (never an error or a warning, never a
reason to stop a build), by ``gongkai check``, the build log and ``gongkai deadlines``, with the
file, the rule, both dates, the working days counted and the limit. ``late_reason`` acknowledges it.
A deadline in a year without calendar data is "not checkable", naming the year and the fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .column import Column
from .dates import format_day
from .problems import Place, Problem
from .structure import Document
from .workdays import Calendar, NoCalendarData, missing_year_fix

INFO = "信息"
POLICY_TYPES = ("规章", "行政规范性文件")
REVIEW_WINDOW_DAYS = 180  # 行政规范性文件 expiring within this many days are listed for review
# 条例第四十九条: last year's annual report is due by this (month, day) of the next year, by the
# body's level (site_config/site.yml). gongkai.annualreport warns from it when the report is missing.
REPORT_DEADLINES = {"department": (1, 31, "部门"), "government": (3, 31, "一级政府")}


@dataclass(frozen=True)
class Rule:
    key: str
    name: str  # what the summary calls it
    basis: str  # the source of the rule, in words
    limit: int | None = None  # working days

    @property
    def workdays(self) -> int:
        """The limit of a rule counted in working days (publication, interpretation)."""
        if self.limit is None:
            raise ValueError(f"rule {self.key} has no limit in working days")
        return self.limit


PUBLICATION = Rule("publication", "主动公开", "条例第二十六条：自政府信息形成之日起20个工作日内公开", 20)
INTERPRETATION = Rule("interpretation", "政策解读", "解读材料应于文件公布后3个工作日内发布", 3)
ANNUAL_REPORT = Rule("annual-report", "年度报告", "条例第四十九条")
RULES = (PUBLICATION, INTERPRETATION, ANNUAL_REPORT)

LATE, MISSING, UNCHECKED, DUE, EXPIRING, NEEDLESS = "late", "missing", "unchecked", "due", "expiring", "needless"


@dataclass(frozen=True)
class Finding:
    """One line of the deadline report."""

    kind: str  # LATE | MISSING | UNCHECKED | DUE | EXPIRING | NEEDLESS
    rule: Rule | None
    file: str
    message: str
    fix: str = ""
    line: int | None = None
    field: str | None = None
    acknowledged: bool = False  # a late_reason says why
    year: int | None = None  # UNCHECKED: the year without calendar data

    def __str__(self) -> str:
        return str(Problem(INFO, self.file, self.message, self.fix, line=self.line, field=self.field))


@dataclass
class Tally:
    on_time: int = 0
    late: int = 0  # of which ``acknowledged`` carry a late_reason
    acknowledged: int = 0
    unchecked: int = 0

    @property
    def checked(self) -> int:
        return self.on_time + self.late

    def rate(self) -> str:
        return f"{100 * self.on_time / self.checked:.1f}%" if self.checked else "—"


@dataclass
class DeadlineReport:
    day: dt.date
    calendar_source: str
    findings: list[Finding] = field(default_factory=list)
    tallies: dict[str, Tally] = field(default_factory=lambda: {rule.key: Tally() for rule in RULES})

    def of_kind(self, *kinds: str) -> list[Finding]:
        return [f for f in self.findings if f.kind in kinds]

    @property
    def misses(self) -> list[Finding]:
        return self.of_kind(LATE, MISSING)

    def summary(self) -> list[str]:
        """The closing lines: 按期公开率 per rule, then the reminders."""
        parts = []
        for rule in RULES:
            t = self.tallies[rule.key]
            text = f"{rule.name}按期 {t.on_time}/{t.checked}（按期公开率 {t.rate()}）"
            if t.late:
                text += f"，逾期 {t.late}" + (f"（其中 {t.acknowledged} 份已写逾期说明）" if t.acknowledged else "")
            if t.unchecked:
                text += f"，无法检查 {t.unchecked}"
            parts.append(text)
        lines = [f"期限检查（截至 {format_day(self.day)}）：" + "；".join(parts) + "。"]
        due, expiring, unchecked = self.of_kind(DUE), self.of_kind(EXPIRING), self.of_kind(UNCHECKED)
        extra = []
        if due:
            extra.append(f"{len(due)} 份政策文件的解读尚在期限内待发布")
        if expiring:
            extra.append(f"{len(expiring)} 份行政规范性文件将在 {REVIEW_WINDOW_DAYS} 天内到期，需评估清理")
        if unchecked:
            years = sorted({f.year for f in unchecked if f.year is not None})  # an unchecked finding has one
            extra.append(f"{'、'.join(map(str, years))} 年没有工作日日历数据（见上方“无法检查”各行的修改方法）")
        lines.append(f"工作日依据：{self.calendar_source}。" + ("；".join(extra) + "。" if extra else ""))
        return lines

    def lines(self) -> list[str]:
        """Every finding, then the summary: what check, the build log and `gongkai deadlines` print."""
        return [str(f) for f in self.findings] + self.summary()


def report_of(column: Column) -> DeadlineReport:
    """The deadline report of ``column``, computed once (the pipeline asks, then the build and the
    command line print it)."""
    return column._cached("deadlines", lambda: check_deadlines(column))


def check_deadlines(column: Column, calendar: Calendar | None = None) -> DeadlineReport:
    calendar = calendar or Calendar(column.site.workday_overrides)
    sources = sorted({calendar.source_of(y) for y in range(column.day.year - 1, column.day.year + 1)
                      if calendar.covers(y)})
    report = DeadlineReport(column.day, "；".join(sources) or "无")
    checker = _Checker(calendar, report)
    documents = sorted(column.documents, key=lambda d: d.src)
    for doc in documents:
        if doc.written and doc.part != "annual-reports" and doc.disclosure == "主动公开":
            checker.publication(doc, doc.written)
    links = column.links
    for doc in documents:
        for policy in sorted(links.interprets.get(doc.src, ()), key=lambda d: d.src):
            checker.interpretation(policy, doc)
    for doc in documents:
        if doc.doc_type in POLICY_TYPES and not links.interpreted_by.get(doc.src):
            checker.no_interpretation(doc, column.day)
    for src, annual in sorted(column.reports.items()):
        checker.annual_report(column.by_src[src], annual.year, column.site.level)
    for doc in documents:
        if doc.doc_type == "行政规范性文件":
            checker.expiring(doc, column)
    for doc in documents:
        if doc.late_reason and doc.src not in checker.missed:
            report.findings.append(Finding(
                NEEDLESS, None, doc.src, "写了逾期说明（late_reason），但本文件没有逾期",
                "删除 late_reason；若逾期的是另一项期限，核对成文日期、发布日期和 interprets",
                line=doc.lines.get("late_reason"), field=doc.keys.get("late_reason", "late_reason")))
    return report


class _Checker:
    def __init__(self, calendar: Calendar, report: DeadlineReport):
        self.calendar, self.report = calendar, report
        self.missed: set[str] = set()  # documents with a miss (their late_reason is not needless)

    def _tally(self, rule: Rule) -> Tally:
        return self.report.tallies[rule.key]

    def _where(self, doc: Document, key: str = "published") -> Place:
        return {"line": doc.lines.get(key), "field": doc.keys.get(key, key)}

    def _unchecked(self, rule: Rule, doc: Document, what: str, start: dt.date, year: int, key: str) -> None:
        self._tally(rule).unchecked += 1
        self.missed.add(doc.src)  # its late_reason may be for this deadline
        self.report.findings.append(Finding(
            UNCHECKED, rule, doc.src,
            f"无法检查{rule.name}期限：{what} {format_day(start)} 起 {rule.limit} 个工作日的期限落在 {year} 年，"
            f"{year} 年没有工作日日历数据（{rule.basis}）",
            missing_year_fix(year), year=year, **self._where(doc, key)))

    def _counted(self, start: dt.date, end: dt.date) -> tuple[int | None, str]:
        """Working days from ``start`` to ``end`` as the deadline counts them: a day off counts as
        the working day after it (published on a Sunday after a Friday deadline is late). None
        when a year lacks calendar data."""
        try:
            n = self.calendar.workdays_between(start, end)
            if end > start and not self.calendar.is_workday(end):
                return n + 1, f"（{format_day(end)}为休息日，计至其后第一个工作日）"
            return n, ""
        except NoCalendarData as exc:
            return None, f"（{exc.year} 年没有工作日日历数据，无法计数）"

    def _late(self, rule: Rule, doc: Document, message: str, start: dt.date, end: dt.date, deadline: dt.date,
              fix: str, key: str = "published") -> None:
        counted, note = self._counted(start, end)
        count = f"计 {counted} 个工作日" if counted is not None else "工作日数无法计算"
        text = (f"{message}，{count}{note}，超过期限 {rule.limit} 个工作日（应于 {format_day(deadline)} 前发布；"
                f"{rule.basis}）")
        self._miss(LATE, rule, doc, text, fix, key)

    def _miss(self, kind: str, rule: Rule, doc: Document, text: str, fix: str, key: str = "published") -> None:
        tally = self._tally(rule)
        tally.late += 1
        self.missed.add(doc.src)
        if doc.late_reason:
            tally.acknowledged += 1
            text += f"。已写逾期说明：{doc.late_reason}"
            fix = ""
        self.report.findings.append(Finding(kind, rule, doc.src, text, fix, acknowledged=bool(doc.late_reason),
                                            **self._where(doc, key)))

    def publication(self, doc: Document, written: dt.date) -> None:
        rule = PUBLICATION
        try:
            deadline = self.calendar.nth_workday_after(written, rule.workdays)
        except NoCalendarData as exc:
            self._unchecked(rule, doc, "成文日期", written, exc.year, "written")
            return
        if doc.published <= deadline:
            self._tally(rule).on_time += 1
            return
        self._late(
            rule,
            doc,
            f"逾期公开：成文日期 {format_day(written)} → 发布日期 {format_day(doc.published)}",
            written,
            doc.published,
            deadline,
            "已发布的文件无法补救：在元数据中写 late_reason: 逾期原因（供检查时说明）；"
            "今后自成文之日起20个工作日内发布",
        )

    def interpretation(self, policy: Document, reading: Document) -> None:
        rule = INTERPRETATION
        try:
            deadline = self.calendar.nth_workday_after(policy.published, rule.workdays)
        except NoCalendarData as exc:
            self._unchecked(rule, reading, f"政策文件 {policy.src} 的发布日期", policy.published, exc.year, "published")
            return
        if reading.published <= deadline:
            self._tally(rule).on_time += 1
            return
        self._late(
            rule,
            reading,
            f"解读逾期：政策文件 {policy.src}《{policy.title}》发布日期 {format_day(policy.published)} → "
            f"本解读发布日期 {format_day(reading.published)}",
            policy.published,
            reading.published,
            deadline,
            "已发布的解读无法补救：在本解读的元数据中写 late_reason: 逾期原因；今后解读与政策文件同步起草、同步发布",
        )

    def no_interpretation(self, policy: Document, day: dt.date) -> None:
        rule = INTERPRETATION
        try:
            deadline = self.calendar.nth_workday_after(policy.published, rule.workdays)
        except NoCalendarData as exc:
            self._unchecked(rule, policy, "发布日期", policy.published, exc.year, "published")
            return
        what = f"{policy.doc_type}《{policy.title}》发布日期 {format_day(policy.published)}"
        fix = ("发布解读材料（政策解读、图解或问答），在其元数据中写 interprets: 本文件的文号、索引号或路径；"
               "确实没有解读的，在本文件写 late_reason: 原因")
        if day <= deadline:
            counted, _ = self._counted(day, deadline)
            left = f"，还剩 {counted} 个工作日" if counted is not None else ""
            self.report.findings.append(
                Finding(
                    DUE,
                    rule,
                    policy.src,
                    f"待发布解读：{what}，解读应于 {format_day(deadline)} 前发布{left}（{rule.basis}）",
                    fix,
                    **self._where(policy),
                )
            )
            return
        counted, note = self._counted(policy.published, day)
        since = f"，至今已过 {counted} 个工作日{note}" if counted is not None else ""
        self._miss(MISSING, rule, policy,
                   f"缺少政策解读：{what}，栏目中没有解读它的文件（interprets），期限 {rule.limit} 个工作日"
                   f"（应于 {format_day(deadline)} 前发布{since}；{rule.basis}）", fix)

    def annual_report(self, doc: Document, year: int, level: str) -> None:
        rule = ANNUAL_REPORT
        if year <= 2018:  # 2007 条例第三十一条: every body by 3月31日
            due, who, basis = dt.date(year + 1, 3, 31), "各机关", "2007年条例第三十一条"
        else:
            month, mday, who = REPORT_DEADLINES.get(level, REPORT_DEADLINES["department"])
            due, basis = dt.date(year + 1, month, mday), "条例第四十九条"
        if doc.published <= due:
            self._tally(rule).on_time += 1
            return
        days = (doc.published - due).days
        self._miss(LATE, rule, doc,
                   f"年度报告逾期：{year}年度报告 年度终了 {format_day(dt.date(year, 12, 31))} → 发布日期 "
                   f"{format_day(doc.published)}，应于 {format_day(due)} 前发布（{basis}，{who}），晚了 {days} 天",
                   "已发布的报告无法补救：在元数据中写 late_reason: 逾期原因；下一年度的报告按期发布")

    def expiring(self, doc: Document, column: Column) -> None:
        expires, day = doc.expires, column.day
        if not expires or column.status(doc) not in ("有效", "已修改", "尚未生效", None):
            return
        left = (expires - day).days
        if 0 <= left <= REVIEW_WINDOW_DAYS:
            number = f"（{doc.doc_no}）" if doc.doc_no else ""
            self.report.findings.append(
                Finding(
                    EXPIRING,
                    None,
                    doc.src,
                    f"有效期将至：行政规范性文件《{doc.title}》{number}有效期至 {format_day(expires)}，还有 {left} 天",
                    "评估后决定延续、修改或废止（清理），并把结果向社会公布；"
                    "延续的发布新文件，废止的写 repealed_by 或 repeal_basis",
                    **self._where(doc, "expires"),
                )
            )
