"""The checks of an annual report (../shared/spec/annual-report.md).

* Its arithmetic: E (every number is one: counts whole and ≥ 0, amounts ≥ 0 in 万元, as each is
  read), B (a row's 总计), C (（七）总计) and A (the 勾稽关系 of table 三), D (table 四's 总计); the
  totals left out are computed.
* Warnings (需要核对): this year's figures against last year's report, and table 二（一） against
  the column's own 规章 and 行政规范性文件.
* The deadline (条例第四十九条): last year's report due and missing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..core import drafts
from ..core.column import Column
from ..core.dates import format_day
from ..core.deadlines import REPORT_DEADLINES
from ..core.problems import Problems
from ..core.structure import Document
from ..core.validity import CURRENT
from ..files.yamlfile import Plain
from .formats import (
    AMOUNT,
    APPLICANTS,
    COUNT,
    FORMAT_2021,
    PART,
    SUIT,
    T4_GROUPS,
    T4_RESULTS,
    TABLE2,
    TOTAL,
    YEAR_IN_NAME,
    Row,
    leaves_of,
    outcome_leaves,
)
from .model import (
    EXPLAINS_CARRIED,
    EXPLAINS_COLUMN,
    EXPLAINS_IN_FORCE,
    AnnualReport,
    KeyPath,
    Number,
    ReportProblems,
    show,
)

DEADLINES = REPORT_DEADLINES  # the core's (core/deadlines.py): the deadline report counts them too

# A number typed in a table: plain decimal digits, optional sign and fraction (no 1e3, 0x1A, 1_000).
_DECIMAL = re.compile(r"[-+]?(?P<int>[0-9]+)(?P<frac>\.[0-9]+)?")


# ---------------------------------------------------------------------------------------------
# Check E: one number as written


def check_number(raw: object, kind: str, path: KeyPath, what: str, out: ReportProblems) -> Number | None:
    """A count (whole number ≥ 0), an amount (decimal ≥ 0, 万元) or a change (whole number)."""
    unit = "金额" if kind == AMOUNT else "数量"
    if drafts.is_pending(raw):
        out.pending(path, what)
        return None
    if raw is None or raw == "":
        out.error(path, f"{what}没有填写", "没有数据的填 0")
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        out.error(path, f"{what}应为数字", "写成阿拉伯数字，例如 12", value=raw)
        return None
    if isinstance(raw, Plain):  # typed without quotes: a number if it is one in plain decimal
        match = _DECIMAL.fullmatch(raw.strip())
        if match and match["int"].startswith("0") and match["int"] != "0":
            out.error(path, f"{what}的数字前多写了 0", f"写成 {int(match['int'])}", value=raw)
            return None
        if match:
            raw = Decimal(raw.strip()) if match["frac"] else int(raw.strip())
    if isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
        if re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
            out.error(path, f"{what}应为数字，不是文字（加了引号、用了全角数字或千位分隔符）",
                      f"写成 {text}，不加引号", value=raw)
        else:
            out.error(path, f"{what}应为数字", "只写阿拉伯数字，不写单位、文字或“—”；没有数据的填 0", value=raw)
        return None
    if kind == AMOUNT:
        amount = Decimal(str(raw))
        if not amount.is_finite():
            out.error(path, f"{what}应为数字", "写成例如 12.5（单位：万元）", value=raw)
            return None
        if amount < 0:
            out.error(path, f"{what}不能为负数", "填写本年实际金额（单位：万元）", value=raw)
            return None
        exponent = amount.as_tuple().exponent  # an int: the amount is finite
        if isinstance(exponent, int) and exponent < -4:
            out.error(
                path, f"{what}以万元为单位，最多保留4位小数（精确到元）", "四舍五入到小数点后4位以内", value=raw
            )
            return None
        return amount
    if isinstance(raw, (float, Decimal)):
        out.error(path, f"{what}是件数，应为整数，不能有小数", f"改为整数{unit}", value=raw)
        return None
    if kind == COUNT and raw < 0:
        out.error(path, f"{what}不能为负数", "填写本年实际数量（0 或正整数）", value=raw)
        return None
    return raw


# ---------------------------------------------------------------------------------------------
# Checks B, C, A (table 三) and D (table 四): the totals


def check_row_total(report: AnnualReport, row: Row, values: list[int | None], out: ReportProblems) -> None:
    """Check B on one row as read: a 总计 written must be the sum of the six applicant columns."""
    total = values[6]
    if row.total or total is None:
        return
    six = [v or 0 for v in values[:6]]  # a row's columns left out of a mapping are 0
    if total != sum(six):
        out.error(report.paths.get(("t3", row.code), ()),
                  f"表三“{row.label.text}”行：总计填写为 {total}，但自然人至其他六列之和为 {sum(six)}"
                  f"（{_sum_text(six)}）", "改正总计或各列数字；总计可以不填，由 gongkai 计算", value=total)


def complete_table3(report: AnnualReport, given: dict[str, list[int | None]], out: ReportProblems) -> None:
    """Compute the totals left out of a whole table 三 and check C and A (B is checked row by row,
    check_row_total, as rows are read)."""
    fmt = report.format
    table: dict[str, list[int]] = {}
    for row in leaves_of(fmt):
        six = [v or 0 for v in given[row.code][:6]]  # a row's columns left out of a mapping are 0
        table[row.code] = [*six, sum(six)]
    sums = [sum(table[r.code][c] for r in outcome_leaves(fmt)) for c in range(7)]
    total_row = given.get("3.7", [None] * 7)
    # Check C, column by column; on the （七）总计 row it also covers check B (its 总计 = the sum of
    # the column totals = the sum of its six columns).
    printed: list[int] = []
    for c in range(7):
        value = total_row[c]
        if value is not None and value != sums[c]:  # check C
            col = APPLICANTS[c].text if c < 6 else TOTAL.text
            out.error(report.paths.get(("t3", "3.7"), ()),
                      f"表三“（七）总计”行“{col}”列：填写为 {value}，但（一）至（六）各项之和为 {sums[c]}"
                      f"（{_sum_text([table[r.code][c] for r in outcome_leaves(fmt)])}）",
                      "改正总计或各项数字；总计行可以不填，由 gongkai 计算", value=value)
        printed.append(sums[c] if value is None else value)
    table["3.7"] = printed
    for c in range(7):  # check A, the 勾稽关系 printed in the official table
        new, carried, done, carry = table["1"][c], table["2"][c], table["3.7"][c], table["4"][c]
        if new + carried != done + carry:
            col = APPLICANTS[c].text if c < 6 else TOTAL.text
            out.error(
                report.paths.get(("t3", "4"), ()),
                f"表三“{col}”列不符合勾稽关系：一、本年新收（{new}）＋二、上年结转（{carried}）＝{new + carried}，"
                f"而三、本年度办理结果（七）总计（{done}）＋四、结转下年度继续办理（{carry}）＝{done + carry}",
                "第一项加第二项之和应等于第三项（七）总计加第四项之和：核对这一列的新收、结转和各项办理结果",
            )
    report.table3 = table


def complete_table4(report: AnnualReport, groups: dict[int, list[int | None]], out: ReportProblems) -> None:
    """Compute each group's 总计 when left out, and check D when given."""
    table = []
    for gi in range(len(T4_GROUPS)):
        values = [v or 0 for v in groups[gi][:4]]
        total = sum(values)
        given = groups[gi][4]
        if given is not None and given != total:  # check D
            name = T4_GROUPS[gi].text if gi == 0 else f"{SUIT}（{T4_GROUPS[gi].text}）"
            parts = "＋".join(f"{T4_RESULTS[i].text}（{values[i]}）" for i in range(4))
            out.error(report.paths.get(("t4", gi), ()),
                      f"表四“{name}”：总计填写为 {given}，但 {parts}＝{total}",
                      "改正总计或各项数字；总计可以不填，由 gongkai 计算", value=given)
        table.append([*values, total])
    report.table4 = table


def _sum_text(values: list[int]) -> str:
    return "＋".join(show(v) for v in values)


# ---------------------------------------------------------------------------------------------
# Warnings (需要核对): last year's report, the column's own documents


def check_years(by_year: dict[int, AnnualReport], problems: Problems) -> None:
    """Warnings (需要核对): this year's figures against last year's report."""
    for year in sorted(by_year):
        report, last = by_year[year], by_year.get(year - 1)
        if last is None or not (report.ok and last.ok):
            continue
        if report.table3 and last.table3 and EXPLAINS_CARRIED not in report.explanations:
            carried, left = report.table3["2"], last.table3["4"]
            diffs = [f"{(APPLICANTS[c].text if c < 6 else TOTAL.text)}列本年 {carried[c]}、上年 {left[c]}"
                     for c in range(7) if carried[c] != left[c]]
            if diffs:
                problems.warning(report.src,
                                 f"表三“二、上年结转政府信息公开申请数量”与上年报告（{last.src}）“四、结转下年度继续办理”不一致："
                                 + "；".join(diffs) + "（需要核对）",
                                 f"核对两年的数字；差异确有原因时，在元数据中写 核对说明: {{{EXPLAINS_CARRIED}: 原因}}",
                                 **report.where(("t3", "2")))
        now, before = report.in_force_figures(), last.in_force_figures()
        if now and before and EXPLAINS_IN_FORCE not in report.explanations:
            for bi, (name, (issued, repealed, in_force)) in enumerate(now.items()):
                expected = before[name][2] + issued - repealed
                if in_force != expected:
                    problems.warning(
                        report.src,
                        f"表二“{name}”现行有效件数为 {in_force}，而上年报告（{last.src}）现行有效 {before[name][2]}"
                        f"＋本年制发 {issued}－本年废止 {repealed}＝{expected}（需要核对）",
                        "核对两年的数字；因有效期届满失效等原因确有差异时，在元数据中写 核对说明: "
                        f"{{{EXPLAINS_IN_FORCE}: 原因}}（说明会印在表二下方）",
                        **report.where(("t2", 0, bi)),
                    )


@dataclass(frozen=True)
class ColumnFigures:
    """Table 二（一） computed from the column's own 规章 and 行政规范性文件."""

    year: int
    documents: dict[str, tuple[list[Document], list[Document], list[Document]]]  # type -> issued, repealed, in force

    def counts(self, doc_type: str) -> tuple[int, int, int]:
        issued, repealed, in_force = self.documents[doc_type]
        return len(issued), len(repealed), len(in_force)


def column_figures(column: Column, year: int) -> ColumnFigures:
    """本年制发 (published in the year), 本年废止 (repealed in the year), 现行有效 on 31 December
    (published by then and 有效, 已修改 or 尚未生效 that day, as in the column's 现行有效 list)."""
    end = dt.date(year, 12, 31)
    book = column.validity
    assert book is not None  # load_column has read the validity of every document
    out = {}
    for doc_type in ("规章", "行政规范性文件"):
        # drafts are not published: checked with the column (before they are withheld), never counted
        docs = sorted((d for d in column.documents if d.doc_type == doc_type and not d.draft),
                      key=lambda d: (d.published, d.src))
        issued = [d for d in docs if d.published.year == year]
        repealed = [d for d in docs if (book.facts(d).repealed or dt.date.min).year == year]
        in_force = [d for d in docs if d.published <= end and book.status_on(d, end) in (*CURRENT, None)]
        out[doc_type] = (issued, repealed, in_force)
    return ColumnFigures(year, out)


def check_with_column(report: AnnualReport, column: Column, problems: Problems) -> None:
    figures = report.in_force_figures()
    if not figures or not report.ok or EXPLAINS_COLUMN in report.explanations or column.validity is None:
        return
    if column.failed:
        # a file that did not load is missing from the computed figures: comparing now would send
        # the webmaster to the report for a mistake elsewhere (its own error already stops the build)
        return
    computed = column_figures(column, report.year)
    columns = TABLE2[FORMAT_2021][0].columns
    for bi, (doc_type, reported) in enumerate(figures.items()):
        counts = computed.counts(doc_type)
        diffs = []
        for ci, label in enumerate(columns):
            if reported[ci] != counts[ci]:
                docs = computed.documents[doc_type][ci]
                listed = "、".join(d.src for d in docs[:5]) + (f" 等{len(docs)}件" if len(docs) > 5 else "")
                diffs.append(f"“{label.text}”报告填写 {reported[ci]}，本栏目按文件计算为 {counts[ci]}"
                             + (f"（{listed}）" if docs and ci < 2 else ""))
        if diffs:
            problems.warning(
                report.src,
                f"表二“{doc_type}”与本栏目中的文件不一致：" + "；".join(diffs) + "（需要核对）",
                "核对报告数字，或栏目中文件的文件类型、发布日期、废止日期；"
                f"python -m gongkai report-figures {report.year} "
                f"输出按栏目计算的数字；栏目未收录全部文件等原因确有差异时，写 核对说明: {{{EXPLAINS_COLUMN}: 原因}}",
                **report.where(("t2", 0, bi)),
            )


def due_day(level: str, year: int) -> dt.date:
    """The day by which last year's report must be published (条例第四十九条)."""
    month, day, _ = DEADLINES.get(level, DEADLINES["department"])
    return dt.date(year, month, day)


def check_deadline(column: Column) -> None:
    """Warn when last year's report is missing after its due day (条例第四十九条), also in a
    column without any report yet: the part is mandatory, and its first report is due like any."""
    year = column.day.year - 1
    due = due_day(column.site.level, column.day.year)
    if column.day <= due or any(report.year == year for report in column.reports.values()):
        return
    who = DEADLINES.get(column.site.level, DEADLINES["department"])[2]
    draft = next((d for d in column.drafts if d.part == PART and (named := YEAR_IN_NAME.match(Path(d.src).stem))
                  and int(named[1]) == year), None)
    column.problems.warning(draft.src if draft else f"{PART}/{year}.md",
                     f"缺少{year}年政府信息公开工作年度报告：本机关为{who}（site_config/site.yml 的 level），"
                     f"应于{format_day(due)}前发布（条例第四十九条），构建日为{format_day(column.day)}"
                     + ("；这份报告还是草稿（draft: true），没有发布" if draft else ""),
                     f"填完全部“{drafts.PENDING}”、把发布日期改为实际日期后删除 draft: true，重新构建" if draft else
                     f"运行 python -m gongkai new {PART} {year} 生成完整草稿，填写后发布（见 docs/annual-reports.md）")

