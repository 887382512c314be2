"""政府信息公开工作年度报告 (../shared/spec/annual-report.md).

A report is one Markdown file per year under ``annual-reports/``: the text of parts 一、五、六 in the
body, the numbers of tables 二、三、四 in front matter under the official Chinese labels
(docs/annual-reports.md). This module knows the national formats (2021, and the 2019 trial format),
reads the tables, computes the totals left out, checks the arithmetic (checks A–E), compares the
report with last year's and with the column's own 规章 and 行政规范性文件, and warns when last year's
report is due and missing.

Labels are matched leniently (numbering such as （一） or 1. may be left out, full- or half-width
brackets, quotes, the official parenthetical notes) but the page always prints the official labels,
so a typo in a label can neither pass silently nor reach the page.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from ..core import drafts, vocab
from ..core.column import Column
from ..core.dates import format_day
from ..core.deadlines import REPORT_DEADLINES
from ..core.problems import Problems, Where
from ..core.structure import Document
from ..core.validity import CURRENT
from ..files.yamlfile import Plain, YamlError, read_text

PART = "annual-reports"
FORMAT_2021 = "2021"
FORMAT_2019 = "2019"
FREE_TEXT = "free"
FORMAT_NAMES = {
    FORMAT_2021: "国办公开办函〔2021〕30号印发的年度报告格式",
    FORMAT_2019: "国办公开办函〔2019〕60号印发的年度报告格式（试行）",
    FREE_TEXT: "正文（2018年度及以前没有全国统一表格）",
}
PART_TITLES = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
TEXT_PARTS = (1, 5, 6)  # written in the body; 2, 3, 4 are the tables
TABLE_MARKER = "<!--gongkai:annual-report-table-{n}-->"
SEP = " › "  # between the keys of a path in messages
# 核对说明: a reason that silences one of the "需要核对" warnings (real data may differ for good reasons).
EXPLAINS_IN_FORCE, EXPLAINS_CARRIED, EXPLAINS_COLUMN = "现行有效件数", "上年结转", "栏目文件"
EXPLANATION_KEYS = (EXPLAINS_IN_FORCE, EXPLAINS_CARRIED, EXPLAINS_COLUMN)
DEADLINES = REPORT_DEADLINES  # the core's (core/deadlines.py): the deadline report counts them too

COUNT, AMOUNT, DELTA = "count", "amount", "delta"


def format_for_year(year: int) -> str:
    """The 2021 format for reports on 2021 and later, the 2019 trial format for 2019–2020."""
    if year >= 2021:
        return FORMAT_2021
    if year >= 2019:
        return FORMAT_2019
    return FREE_TEXT


# ---------------------------------------------------------------------------------------------
# Labels

_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、])")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def plain(text: object) -> str:
    """A label reduced for matching: NFKC, no spaces or quotes, no leading numbering."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)).translate(_QUOTES))
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text or not stripped:
            return text
        text = stripped


@dataclass(frozen=True)
class Label:
    text: str  # the official label, as printed
    aliases: tuple[str, ...] = ()
    kind: str = COUNT  # for value columns: count | amount | delta

    def matches(self, written: object) -> bool:
        """The official parenthetical note may be left out; a different note does not match."""
        given = plain(written)
        for name in (self.text, *self.aliases):
            reduced = plain(name)
            if given in (reduced, _TRAILING_NOTE.sub("", reduced)):
                return True
        return False


def L(text: str, *aliases: str, kind: str = COUNT) -> Label:  # one letter: reads like the table
    return Label(text, aliases, kind)


# Table 二: blocks under a caption row 第二十条第（X）项, each with its own value columns.
@dataclass(frozen=True)
class Block:
    label: Label
    columns: tuple[Label, ...]
    rows: tuple[Label, ...]


_DECISIONS = L("本年处理决定数量", "处理决定数量")
_TRIAL_ITEMS = (L("上一年项目数量"), L("本年增/减", "本年增减", kind=DELTA), L("处理决定数量", "本年处理决定数量"))
TABLE2 = {
    FORMAT_2021: (
        Block(
            L("第二十条第（一）项"),
            (L("本年制发件数"), L("本年废止件数"), L("现行有效件数")),
            (L("规章"), L("行政规范性文件", "规范性文件")),
        ),
        Block(L("第二十条第（五）项"), (_DECISIONS,), (L("行政许可"),)),
        Block(L("第二十条第（六）项"), (_DECISIONS,), (L("行政处罚"), L("行政强制"))),
        Block(
            L("第二十条第（八）项"),
            (
                L(
                    "本年收费金额（单位：万元）",
                    "本年收费金额（万元）",
                    "收费金额（单位：万元）",
                    "收费金额（万元）",
                    kind=AMOUNT,
                ),
            ),
            (L("行政事业性收费"),),
        ),
    ),
    FORMAT_2019: (
        Block(
            L("第二十条第（一）项"),
            (L("本年新制作数量"), L("本年新公开数量"), L("对外公开总数量")),
            (L("规章"), L("规范性文件", "行政规范性文件")),
        ),
        Block(L("第二十条第（五）项"), _TRIAL_ITEMS, (L("行政许可"), L("其他对外管理服务事项"))),
        Block(L("第二十条第（六）项"), _TRIAL_ITEMS, (L("行政处罚"), L("行政强制"))),
        Block(L("第二十条第（八）项"), _TRIAL_ITEMS[:2], (L("行政事业性收费"),)),
        Block(
            L("第二十条第（九）项"),
            (L("采购项目数量"), L("采购总金额", "采购总金额（万元）", "采购总金额（单位：万元）", kind=AMOUNT)),
            (L("政府集中采购"),),
        ),
    ),
}
TABLE2_COLUMNS = 4  # 信息内容 and at most three value columns


# Table 三: 25 data rows (23 in the trial format) in a tree; 7 columns.
@dataclass(frozen=True)
class Row:
    code: str  # "1", "3.3.4" … (used in HTML ids)
    label: Label
    children: tuple[Row, ...] = ()
    total: bool = False

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def _numbered(code: str, texts: tuple[str, ...]) -> tuple[Row, ...]:
    return tuple(Row(f"{code}.{i}", L(f"{i}.{t}")) for i, t in enumerate(texts, start=1))


def _table3(fmt: str) -> tuple[Row, ...]:
    other = _numbered("3.6", (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    )) if fmt == FORMAT_2021 else ()
    return (
        Row("1", L("一、本年新收政府信息公开申请数量")),
        Row("2", L("二、上年结转政府信息公开申请数量")),
        Row("3", L("三、本年度办理结果"), (
            Row("3.1", L("（一）予以公开")),
            Row("3.2", L("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")),
            Row("3.3", L("（三）不予公开"), _numbered("3.3", (
                "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
                "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"))),
            Row("3.4", L("（四）无法提供"), _numbered("3.4", (
                "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"))),
            Row("3.5", L("（五）不予处理"), _numbered("3.5", (
                "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                "要求行政机关确认或重新出具已获取信息"))),
            Row("3.6", L("（六）其他处理"), other),
            Row("3.7", L("（七）总计"), total=True),
        )),
        Row("4", L("四、结转下年度继续办理")),
    )


TABLE3 = {fmt: _table3(fmt) for fmt in (FORMAT_2021, FORMAT_2019)}
APPLICANTS = (L("自然人"), L("商业企业"), L("科研机构"), L("社会公益组织"), L("法律服务机构"), L("其他"))
TOTAL = L("总计", "合计")
ORG = "法人或其他组织"
CHECK_A_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Table 四: one row of 15 numbers in three groups.
REVIEW, SUIT = "行政复议", "行政诉讼"
T4_GROUPS = (L("行政复议"), L("未经复议直接起诉"), L("复议后起诉"))
T4_RESULTS = (L("结果维持"), L("结果纠正"), L("其他结果"), L("尚未审结"))


def rows_of(fmt: str) -> list[Row]:
    return [r for top in TABLE3[fmt] for r in top.walk()]


def leaves_of(fmt: str) -> list[Row]:
    return [r for r in rows_of(fmt) if not r.children and not r.total]


def outcome_leaves(fmt: str) -> list[Row]:
    """The rows that add up to （七）总计: （一）（二） and every sub-row of （三）–（六）."""
    return [r for r in leaves_of(fmt) if r.code.startswith("3.")]


# ---------------------------------------------------------------------------------------------
# The parsed report


@dataclass
class AnnualReport:
    src: str
    title: str
    year: int
    format: str  # FORMAT_2021 | FORMAT_2019 | FREE_TEXT
    published: dt.date
    table2: dict[tuple[int, int], list] = field(default_factory=dict)  # (block, row) -> values
    table3: dict[str, list[int]] = field(default_factory=dict)  # row code -> 7 values (总计 last)
    table4: list[list[int]] = field(default_factory=list)  # 3 groups × 5 values (总计 last)
    explanations: dict[str, str] = field(default_factory=dict)
    ok: bool = True  # no error in the tables: cross-checks only compare sound figures
    paths: dict = field(default_factory=dict)  # ("t3", code) … -> key path as written, for messages
    lines: dict = field(default_factory=dict)  # key path -> line in the file
    parts: dict[int, int] = field(default_factory=dict)  # part 一…六 -> its heading's line index in the body

    @property
    def has_tables(self) -> bool:
        return self.format != FREE_TEXT

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.format]

    def in_force_figures(self) -> dict[str, tuple[int, int, int]] | None:
        """Table 二（一） of the 2021 format: {规章|行政规范性文件: (制发, 废止, 现行有效)}."""
        if self.format != FORMAT_2021 or not self.table2:
            return None
        block = TABLE2[FORMAT_2021][0]
        if any((0, i) not in self.table2 for i in range(len(block.rows))):
            return None  # a row still to fill (a draft's “待填写”) or in error
        return {row.text: tuple(self.table2[(0, i)]) for i, row in enumerate(block.rows)}

    def line(self, path: tuple) -> int | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def where(self, key: tuple) -> Where:
        path = self.paths.get(key, ())
        return {"field": SEP.join(map(str, path)) or None, "line": self.line(path)}

    def layout(self, table: int) -> TableLayout:
        return {2: _layout2, 3: _layout3, 4: _layout4}[table](self)

    def note(self, table: int) -> str:
        key = {2: EXPLAINS_IN_FORCE, 3: EXPLAINS_CARRIED}.get(table)
        return self.explanations.get(key, "") if key else ""


def show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    return str(value)


# ---------------------------------------------------------------------------------------------
# Reading one report


class _Reader:
    """Reads the report keys of one document, reporting problems with the key path and line."""

    def __init__(self, doc: Document, problems: Problems, lines: dict):
        self.doc, self.problems, self.lines = doc, problems, lines
        self.errors = 0

    def line(self, path: tuple) -> int | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def error(self, path: tuple, message: str, fix: str, value=None) -> None:
        self.errors += 1
        self.problems.error(self.doc.src, message, fix, line=self.line(path),
                            field=SEP.join(map(str, path)) or None, value=value)

    def pending(self, path: tuple, what: str) -> None:
        """“待填写”: left to a person; a draft lists it, a report to publish may not have it."""
        if not self.doc.draft:
            self.errors += 1
        drafts.pending(self.doc, self.problems, self.line(path), what, "填写数字（没有数据的填 0）",
                       field=SEP.join(map(str, path)) or None)

    # --- numbers (check E)

    def number(self, raw, kind: str, path: tuple, what: str):
        """A count (whole number ≥ 0), an amount (decimal ≥ 0, 万元) or a change (whole number)."""
        unit = "金额" if kind == AMOUNT else "数量"
        if drafts.is_pending(raw):
            self.pending(path, what)
            return None
        if raw is None or raw == "":
            self.error(path, f"{what}没有填写", "没有数据的填 0")
            return None
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            self.error(path, f"{what}应为数字", "写成阿拉伯数字，例如 12", value=raw)
            return None
        if isinstance(raw, Plain):  # typed without quotes: a number if it is one in plain decimal
            match = _DECIMAL.fullmatch(raw.strip())
            if match and match["int"].startswith("0") and match["int"] != "0":
                self.error(path, f"{what}的数字前多写了 0", f"写成 {int(match['int'])}", value=raw)
                return None
            if match:
                raw = Decimal(raw.strip()) if match["frac"] else int(raw.strip())
        if isinstance(raw, str):
            text = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
            if re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
                self.error(path, f"{what}应为数字，不是文字（加了引号、用了全角数字或千位分隔符）",
                           f"写成 {text}，不加引号", value=raw)
            else:
                self.error(path, f"{what}应为数字", "只写阿拉伯数字，不写单位、文字或“—”；没有数据的填 0", value=raw)
            return None
        if kind == AMOUNT:
            amount = Decimal(str(raw))
            if not amount.is_finite():
                self.error(path, f"{what}应为数字", "写成例如 12.5（单位：万元）", value=raw)
                return None
            if amount < 0:
                self.error(path, f"{what}不能为负数", "填写本年实际金额（单位：万元）", value=raw)
                return None
            exponent = amount.as_tuple().exponent  # an int: the amount is finite
            if isinstance(exponent, int) and exponent < -4:
                self.error(
                    path, f"{what}以万元为单位，最多保留4位小数（精确到元）", "四舍五入到小数点后4位以内", value=raw
                )
                return None
            return amount
        if isinstance(raw, (float, Decimal)):
            self.error(path, f"{what}是件数，应为整数，不能有小数", f"改为整数{unit}", value=raw)
            return None
        if kind == COUNT and raw < 0:
            self.error(path, f"{what}不能为负数", "填写本年实际数量（0 或正整数）", value=raw)
            return None
        return raw

    # --- one row of numbers

    def values(self, raw, columns: tuple[Label, ...], path: tuple, what: str, *, total: bool,
               missing: str, other_columns: tuple[Label, ...] = (), fmt: str = "") -> list | None:
        """A row as a list in the official column order, a mapping by column label, or 0 (all zero).

        Returns len(columns) values (+1 for 总计 when ``total``); None marks a total to compute.
        ``missing``: what a column left out of a mapping is: "zero", "compute" (totals) or "error".
        """
        names = "、".join(c.text for c in columns)
        size = len(columns)
        out: list = [None] * (size + (1 if total else 0))
        if _is_zero(raw):
            return [0] * size + ([None] if total else [])
        if drafts.is_pending(raw):  # a whole row left to fill
            self.pending(path, what)
            return None
        if size == 1 and not isinstance(raw, (list, dict)):
            out[0] = self.number(raw, columns[0].kind, path, f"{what}的“{columns[0].text}”")
            return out if out[0] is not None else None
        if isinstance(raw, list):
            if len(raw) not in ((size, size + 1) if total else (size,)):
                expect = f"{size} 个数（{names}）" + (f"，或 {size + 1} 个（最后一个为总计）" if total else "")
                self.error(
                    path,
                    f"{what}写了 {len(raw)} 个数，应写{expect}",
                    "按官方表格的列顺序逐个填写，没有数据的填 0",
                    value=raw,
                )
                return None
            ok = True
            for i, item in enumerate(raw):
                label = columns[i] if i < size else TOTAL
                value = self.number(item, label.kind, path, f"{what}的“{label.text}”")
                ok = ok and value is not None
                out[i] = value
            return out if ok else None
        if isinstance(raw, dict):
            ok = True
            seen: dict[int, str] = {}  # column -> the key that gave it
            for key, item in raw.items():
                sub = (*path, str(key))
                index = _find(columns, key)
                if index is None and total and TOTAL.matches(key):
                    index = size
                if index is None:
                    wrong = _find(other_columns, key)
                    if wrong is not None:
                        self.wrong_format(sub, f"列“{other_columns[wrong].text}”", fmt)
                    else:
                        self.unknown(sub, key, [c.text for c in columns] + ([TOTAL.text] if total else []), "列")
                    ok = False
                    continue
                if index in seen:
                    self.error(sub, f"同一列写了两次（另见“{seen[index]}”）", "删除其中一个")
                    ok = False
                    continue
                seen[index] = str(key)
                label = columns[index] if index < size else TOTAL
                value = self.number(item, label.kind, sub, f"{what}的“{label.text}”")
                ok = ok and value is not None
                out[index] = value
            for i, label in enumerate(columns):
                if i not in seen:
                    if missing == "zero":
                        out[i] = 0
                    elif missing == "error":
                        self.error(path, f"{what}缺少“{label.text}”列", f"补上 {label.text}: 数字（没有数据的填 0）")
                        ok = False
            return out if ok else None
        self.error(
            path, f"{what}应写成数字列表或“列名: 数字”", f"例如 [{', '.join('0' * size)}]，各列依次为{names}", value=raw
        )
        return None

    def unknown(self, path: tuple, key, options: list[str], kind: str) -> None:
        guess = difflib.get_close_matches(str(key), options, n=1, cutoff=0.3)
        hint = f"是否想写“{guess[0]}”？" if guess else ""
        self.error(path, f"官方表格中没有这一{kind}", f"{hint}可用的{kind}名：{'、'.join(options)}")

    def wrong_format(self, path: tuple, what: str, fmt: str) -> None:
        other = FORMAT_2019 if fmt == FORMAT_2021 else FORMAT_2021
        years = "2021年度及以后" if fmt == FORMAT_2021 else "2019、2020年度"
        self.error(path, f"{what}属于{FORMAT_NAMES[other]}，不是本年度应使用的格式",
                   f"{years}的报告按{FORMAT_NAMES[fmt]}填写（见 docs/annual-reports.md）")


# A number typed in a table: plain decimal digits, optional sign and fraction (no 1e3, 0x1A, 1_000).
_DECIMAL = re.compile(r"[-+]?(?P<int>[0-9]+)(?P<frac>\.[0-9]+)?")


def _is_zero(value) -> bool:
    """``0`` written for a whole row or table ("all zero"), typed or given as a Python int."""
    if isinstance(value, Plain):
        return value.strip() == "0"
    return isinstance(value, int) and not isinstance(value, bool) and value == 0


def _find(labels, key) -> int | None:
    for i, label in enumerate(labels):
        if label.matches(key):
            return i
    return None


def _report_keys(doc: Document, reader: _Reader) -> dict[str, tuple[str, object]]:
    """Canonical report key -> (key as written, value); the same key under two names is an error."""
    out: dict[str, tuple[str, object]] = {}
    for written, value in doc.report.items():
        canon = vocab.report_key(written)
        if canon is None:  # doc.report holds the report's keys only (metadata.build_document)
            continue
        if canon in out:
            label = next(f.label for f in vocab.REPORT_FIELDS if f.key == canon)
            reader.error((written,), f"“{out[canon][0]}”和“{written}”是同一字段，只能写一个",
                         f"保留其中一个（英文键 {canon} 或中文键 {label}）")
            continue
        out[canon] = (written, value)
    return out


_YEAR_IN_NAME = re.compile(r"^(\d{4})(?!\d)")
_YEAR_IN_TITLE = re.compile(r"(\d{4})年")


def _report_year(doc: Document, keys: dict, reader: _Reader) -> int | None:
    stem = Path(doc.src).stem
    from_name = _YEAR_IN_NAME.match(stem)
    year = int(from_name[1]) if from_name else None
    if "report_year" in keys:
        written, raw = keys["report_year"]
        text = unicodedata.normalize("NFKC", str(raw)).strip() if not isinstance(raw, bool) else ""
        match = re.fullmatch(r"(\d{4})年?(?:度)?", text)
        if not match:
            reader.error((written,), "年度应为四位年份", "例如 年度: 2024", value=raw)
            return None
        given = int(match[1])
        if year is not None and given != year:
            reader.error(
                (written,),
                f"年度 {given} 与文件名中的年份 {year} 不一致",
                f"把文件改名为 {given}.md，或改正年度",
                value=raw,
            )
        year = given
    if year is None:
        in_title = _YEAR_IN_TITLE.search(doc.title)
        if in_title is None:
            reader.error(
                (), "无法确定这份年度报告是哪一年的", "把文件命名为年份，例如 annual-reports/2024.md，或写 年度: 2024"
            )
            return None
        year = int(in_title[1])
    title_years = [int(y) for y in _YEAR_IN_TITLE.findall(doc.title)]
    if title_years and year not in title_years:
        reader.problems.error(
            doc.src,
            f"标题中的年份与报告年度 {year} 不一致",
            f"标题写明“{year}年政府信息公开工作年度报告”",
            field=doc.keys.get("title", "title"),
            line=doc.lines.get("title"),
            value=doc.title,
        )
    if doc.published <= dt.date(year, 12, 31):
        reader.problems.error(doc.src, f"{year}年度报告的发布日期不能早于统计期结束（{year}年12月31日）",
                              "核对发布日期或报告年度", field=doc.keys.get("published", "published"),
                              line=doc.lines.get("published"), value=format_day(doc.published))
    return year


def read_report(doc: Document, problems: Problems, lines: dict | None = None) -> AnnualReport | None:
    """Read one report's keys and tables and check them (format, checks A–E); None without a year."""
    reader = _Reader(doc, problems, lines or {})
    keys = _report_keys(doc, reader)
    year = _report_year(doc, keys, reader)
    if year is None:
        return None
    fmt = format_for_year(year)
    given_tables = [k for k in ("table2", "table3", "table4") if k in keys]
    report = AnnualReport(doc.src, doc.title, year, fmt, doc.published, lines=dict(lines or {}))
    if fmt == FREE_TEXT:
        for key in given_tables:
            reader.error((keys[key][0],), f"{year}年度的年度报告没有全国统一表格（统一格式自2019年度报告起施行）",
                         "删除这个表格字段，把有关数字写进正文")
        report.ok = reader.errors == 0
        _read_explanations(report, keys, reader)
        return report
    if not given_tables and year == 2019:
        # 2019: the first year of the trial format, which bodies were encouraged but not obliged to use.
        report.format = FREE_TEXT
        _read_explanations(report, keys, reader)
        return report
    for key, name in (("table2", "表二 主动公开政府信息情况"), ("table3", "表三 收到和处理政府信息公开申请情况"),
                      ("table4", "表四 政府信息公开行政复议、行政诉讼情况")):
        if key not in keys:
            label = next(f.label for f in vocab.REPORT_FIELDS if f.key == key)
            reader.error((), f"缺少{name}（{year}年度报告应按{FORMAT_NAMES[fmt]}填写三张表）",
                         f"在元数据中写 {label}:，格式见 docs/annual-reports.md 的完整示例")
    if "table2" in keys:
        _read_table2(report, *keys["table2"], reader)
    if "table3" in keys:
        _read_table3(report, *keys["table3"], reader)
    if "table4" in keys:
        _read_table4(report, *keys["table4"], reader)
    _read_explanations(report, keys, reader)
    report.ok = reader.errors == 0
    return report


def _read_explanations(report: AnnualReport, keys: dict, reader: _Reader) -> None:
    if "explanations" not in keys:
        return
    written, raw = keys["explanations"]
    if not isinstance(raw, dict):
        reader.error((written,), "核对说明应写成“项目: 说明文字”",
                     f"例如 {written}:\\n  {EXPLAINS_IN_FORCE}: 1件行政规范性文件有效期届满失效，未计入废止件数")
        return
    for key, text in raw.items():
        path = (written, str(key))
        if str(key) not in EXPLANATION_KEYS:
            reader.unknown(path, key, list(EXPLANATION_KEYS), "核对项目")
        elif not isinstance(text, str) or not text.strip():
            reader.error(path, "核对说明没有写原因", "写明数字不一致的原因（一句话）", value=text)
        else:
            report.explanations[str(key)] = text.strip()


def _mapping(raw, path: tuple, reader: _Reader, what: str) -> dict | None:
    if isinstance(raw, dict):
        return raw
    reader.error(path, f"{what}应写成“行名: 数字”的映射", "按 docs/annual-reports.md 的示例逐行填写", value=raw)
    return None


# --- table 二


def _read_table2(report: AnnualReport, written: str, raw, reader: _Reader) -> None:
    fmt = report.format
    blocks, others = TABLE2[fmt], TABLE2[FORMAT_2019 if fmt == FORMAT_2021 else FORMAT_2021]
    mapping = _mapping(raw, (written,), reader, "表二")
    if mapping is None:
        return
    found: dict[tuple[int, int], str] = {}

    def take_row(bi: int, ri: int, value, path: tuple) -> None:
        block, row = blocks[bi], blocks[bi].rows[ri]
        if (bi, ri) in found:
            reader.error(path, f"表二“{row.text}”写了两次（另见“{found[(bi, ri)]}”）", "删除其中一个")
            return
        found[(bi, ri)] = SEP.join(path[1:])
        other_block = next((b for b in others if b.label.text == block.label.text), None)
        values = reader.values(value, block.columns, path, f"表二“{row.text}”", total=False, missing="error",
                               other_columns=tuple(c for c in (other_block.columns if other_block else ())
                                                   if not any(c.text == own.text for own in block.columns)),
                               fmt=fmt)
        report.paths[("t2", bi, ri)] = path
        if values is not None:
            report.table2[(bi, ri)] = values

    def place(key, value, path: tuple, within: int | None) -> None:
        scope = [within] if within is not None else range(len(blocks))
        for bi in scope:
            ri = _find(blocks[bi].rows, key)
            if ri is not None:
                take_row(bi, ri, value, path)
                return
        if within is None:
            found = _find([b.label for b in blocks], key)
            if found is not None:
                rows = _mapping(value, path, reader, f"表二“{blocks[found].label.text}”")
                for sub, item in (rows or {}).items():
                    place(sub, item, (*path, str(sub)), found)
                return
        own = {r.text for b in blocks for r in b.rows} | {b.label.text for b in blocks}
        wrong = [lab.text for b in others for lab in (b.label, *b.rows) if lab.matches(key) and lab.text not in own]
        if wrong:
            reader.wrong_format(path, f"“{wrong[0]}”", fmt)
            return
        options = [r.text for r in blocks[within].rows] if within is not None else \
            [b.label.text for b in blocks] + [r.text for b in blocks for r in b.rows]
        reader.unknown(path, key, options, "行")

    for key, value in mapping.items():
        place(key, value, (written, str(key)), None)
    for bi, block in enumerate(blocks):
        for ri, row in enumerate(block.rows):
            if (bi, ri) not in found:
                reader.error((written,), f"表二缺少“{block.label.text}”下的“{row.text}”行",
                             f"在 {block.label.text}: 下补上 {row.text}（没有数据的填 0）")


# --- table 三


def _read_table3(report: AnnualReport, written: str, raw, reader: _Reader) -> None:
    fmt = report.format
    other_fmt = FORMAT_2019 if fmt == FORMAT_2021 else FORMAT_2021
    mapping = _mapping(raw, (written,), reader, "表三")
    if mapping is None:
        return
    tops = TABLE3[fmt]
    given: dict[str, list] = {}
    seen: dict[str, str] = {}

    def find(key, scope: tuple[Row, ...]) -> Row | None:
        for row in scope:  # the rows at this level first, then anywhere below (a flat list is fine)
            if row.label.matches(key):
                return row
        for row in scope:
            for sub in row.walk():
                if sub.label.matches(key):
                    return sub
        return None

    def place(key, value, path: tuple, scope: tuple[Row, ...]) -> None:
        row = find(key, scope)
        if row is None:
            wrong = [r for r in rows_of(other_fmt) if r.label.matches(key)]
            if wrong:
                reader.wrong_format(path, f"行“{wrong[0].label.text}”", fmt)
            else:
                reader.unknown(path, key, [r.label.text for top in scope for r in top.walk()], "行")
            return
        if row.code in seen:
            reader.error(path, f"表三“{row.label.text}”写了两次（另见“{seen[row.code]}”）", "删除其中一个")
            return
        seen[row.code] = SEP.join(path[1:])
        report.paths[("t3", row.code)] = path
        if row.children:
            if _is_zero(value):
                for sub in row.walk():
                    if sub is not row and not sub.children:
                        given[sub.code] = [0] * 6 + [None]
                        seen[sub.code] = seen[row.code]
                        report.paths[("t3", sub.code)] = path
                return
            if not isinstance(value, dict):
                if row.code == "3.6" and fmt == FORMAT_2021:
                    reader.wrong_format(path, "一行的“（六）其他处理”", fmt)
                    return
                parts = "、".join(c.label.text for c in row.children if not c.total)
                reader.error(path, f"“{row.label.text}”在官方表格中没有小计行，应分项填写：{parts}",
                             f"在 {key}: 下逐行写 行名: [数字…]", value=value)
                return
            for sub, item in value.items():
                place(sub, item, (*path, str(sub)), row.children)
            return
        if row.code == "3.6" and fmt == FORMAT_2019 and isinstance(value, dict):
            inner = [
                k for k in value if any(r.label.matches(k) for r in rows_of(FORMAT_2021) if r.code.startswith("3.6."))
            ]
            if inner:
                reader.wrong_format((*path, str(inner[0])), "“（六）其他处理”的分项", fmt)
                return
        values = reader.values(value, APPLICANTS, path, f"表三“{row.label.text}”", total=True,
                               missing="compute" if row.total else "zero")
        if values is None:
            return
        given[row.code] = values
        if not row.total and values[6] is not None and values[6] != sum(values[:6]):  # check B
            _check_b(report, row, values, reader)

    for key, value in mapping.items():
        place(key, value, (written, str(key)), tops)
    missing = [r for r in leaves_of(fmt) if r.code not in seen]
    for row in missing:
        parent = next((p for p in rows_of(fmt) if row in p.children and p.code != "3"), None)
        where = f"“{parent.label.text}”下的" if parent else ""
        reader.error((written,), f"表三缺少{where}“{row.label.text}”行", "补上这一行（没有数据的写 0）")
    if missing or any(r.code not in given for r in leaves_of(fmt) if r.code in seen):
        return  # an incomplete table: no arithmetic on it
    _complete_table3(report, given, reader)


def _complete_table3(report: AnnualReport, given: dict[str, list], reader: _Reader) -> None:
    """Compute the totals left out and check C and A (B is checked row by row as rows are read)."""
    fmt = report.format
    table = {row.code: [*given[row.code][:6], sum(given[row.code][:6])] for row in leaves_of(fmt)}
    sums = [sum(table[r.code][c] for r in outcome_leaves(fmt)) for c in range(7)]
    total_row = given.get("3.7", [None] * 7)
    # Check C, column by column; on the （七）总计 row it also covers check B (its 总计 = the sum of
    # the column totals = the sum of its six columns).
    printed = []
    for c in range(7):
        value = total_row[c]
        if value is not None and value != sums[c]:  # check C
            col = APPLICANTS[c].text if c < 6 else TOTAL.text
            reader.error(report.paths.get(("t3", "3.7"), ()),
                         f"表三“（七）总计”行“{col}”列：填写为 {value}，但（一）至（六）各项之和为 {sums[c]}"
                         f"（{_sum_text([table[r.code][c] for r in outcome_leaves(fmt)])}）",
                         "改正总计或各项数字；总计行可以不填，由 gongkai 计算", value=value)
        printed.append(sums[c] if value is None else value)
    table["3.7"] = printed
    for c in range(7):  # check A, the 勾稽关系 printed in the official table
        new, carried, done, carry = table["1"][c], table["2"][c], table["3.7"][c], table["4"][c]
        if new + carried != done + carry:
            col = APPLICANTS[c].text if c < 6 else TOTAL.text
            reader.error(
                report.paths.get(("t3", "4"), ()),
                f"表三“{col}”列不符合勾稽关系：一、本年新收（{new}）＋二、上年结转（{carried}）＝{new + carried}，"
                f"而三、本年度办理结果（七）总计（{done}）＋四、结转下年度继续办理（{carry}）＝{done + carry}",
                "第一项加第二项之和应等于第三项（七）总计加第四项之和：核对这一列的新收、结转和各项办理结果",
            )
    report.table3 = table


def _check_b(report: AnnualReport, row: Row, values: list, reader: _Reader) -> None:
    reader.error(report.paths.get(("t3", row.code), ()),
                 f"表三“{row.label.text}”行：总计填写为 {values[6]}，但自然人至其他六列之和为 {sum(values[:6])}"
                 f"（{_sum_text(values[:6])}）", "改正总计或各列数字；总计可以不填，由 gongkai 计算", value=values[6])


def _sum_text(values) -> str:
    return "＋".join(show(v) for v in values)


# --- table 四


def _read_table4(report: AnnualReport, written: str, raw, reader: _Reader) -> None:
    mapping = _mapping(raw, (written,), reader, "表四")
    if mapping is None:
        return
    groups: dict[int, list] = {}
    seen: dict[int, str] = {}

    def take(gi: int, value, path: tuple) -> None:
        name = T4_GROUPS[gi].text
        if gi in seen:
            reader.error(path, f"表四“{name}”写了两次（另见“{seen[gi]}”）", "删除其中一个")
            return
        seen[gi] = SEP.join(path[1:])
        report.paths[("t4", gi)] = path
        what = f"表四“{SUIT + '（' + name + '）' if gi else name}”"
        values = reader.values(value, T4_RESULTS, path, what, total=True, missing="zero")
        if values is not None:
            groups[gi] = values

    for key, value in mapping.items():
        path = (written, str(key))
        gi = _find(T4_GROUPS, key)
        if gi is not None:
            take(gi, value, path)
        elif plain(key) == SUIT:
            if _is_zero(value):
                take(1, 0, path)
                take(2, 0, path)
                continue
            for sub, item in (_mapping(value, path, reader, "表四“行政诉讼”") or {}).items():
                sub_path = (*path, str(sub))
                gi = _find(T4_GROUPS[1:], sub)
                if gi is None:
                    reader.unknown(sub_path, sub, [g.text for g in T4_GROUPS[1:]], "栏")
                else:
                    take(gi + 1, item, sub_path)
        else:
            reader.unknown(path, key, [REVIEW, SUIT] + [g.text for g in T4_GROUPS[1:]], "栏")
    for gi, group in enumerate(T4_GROUPS):
        if gi not in seen:
            name = group.text if gi == 0 else f"{SUIT}（{group.text}）"
            reader.error(
                (written,),
                f"表四缺少“{name}”",
                f"补上 {group.text}: [结果维持, 结果纠正, 其他结果, 尚未审结]（没有的写 0）",
            )
    if len(groups) != len(T4_GROUPS):
        return
    table = []
    for gi in range(len(T4_GROUPS)):
        values = groups[gi]
        total = sum(values[:4])
        if values[4] is not None and values[4] != total:  # check D
            name = T4_GROUPS[gi].text if gi == 0 else f"{SUIT}（{T4_GROUPS[gi].text}）"
            parts = "＋".join(f"{T4_RESULTS[i].text}（{values[i]}）" for i in range(4))
            reader.error(report.paths.get(("t4", gi), ()),
                         f"表四“{name}”：总计填写为 {values[4]}，但 {parts}＝{total}",
                         "改正总计或各项数字；总计可以不填，由 gongkai 计算", value=values[4])
        table.append([*values[:4], total])
    report.table4 = table


# ---------------------------------------------------------------------------------------------
# The body: parts 一 to 六 in order; the tables go where parts 二 三 四 are


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_PART_NUMBER = re.compile(r"^([一二三四五六七八九十]+)、")
_NUMERALS = "一二三四五六七八九十"
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def check_parts(doc: Document, problems: Problems) -> dict[int, int]:
    """Check the part headings of a tabled report: part number -> index of its heading's line in
    the body. The body is left as written; page_markdown arranges the page from these places.

    Parts 一 五 六 are the webmaster's text (## headings with the official titles); the headings of
    二 三 四 may be written (with an introduction) or left out, in which case the page adds them.
    """
    lines = doc.body.split("\n")
    heads: dict[int, int] = {}  # part number -> index of its heading line
    last, fenced = 0, False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if not match:
            continue
        level, text = len(match[1]), match[2].strip()
        number = _PART_NUMBER.match(text)
        if not number or len(number[1]) != 1 or number[1] not in _NUMERALS[:6]:
            if number:
                _body_error(
                    doc,
                    problems,
                    i,
                    "年度报告只有六个部分（一至六）",
                    "把这一节并入相应部分，用三级标题 ### 或（一）（二）编号",
                    text,
                )
            continue
        n = _NUMERALS.index(number[1]) + 1
        if level != 2:
            _body_error(doc, problems, i, "年度报告六个部分的标题应为二级标题", f"写成 ## {PART_TITLES[n - 1]}", text)
            continue
        if _squash(text) != _squash(PART_TITLES[n - 1]):
            _body_error(doc, problems, i, f"第{number[1]}部分的标题应为“{PART_TITLES[n - 1]}”（全国统一格式）",
                        f"改为 ## {PART_TITLES[n - 1]}", text)
        if n in heads:
            _body_error(doc, problems, i, f"第{number[1]}部分的标题出现了两次", "删除或合并重复的部分", text)
            continue
        if n < last:
            _body_error(
                doc,
                problems,
                i,
                f"第{number[1]}部分应排在第{_NUMERALS[last - 1]}部分之前",
                "按一至六的顺序排列各部分",
                text,
            )
        heads[n] = i
        last = max(last, n)
    order = sorted(heads, key=lambda n: heads[n])
    for n in TEXT_PARTS:
        if n not in heads:
            problems.error(
                doc.src,
                f"正文缺少“{PART_TITLES[n - 1]}”部分",
                f"在正文中写 ## {PART_TITLES[n - 1]}，其下写这一部分的内容",
                line=doc.body_line,
            )
            continue
        nxt = [heads[m] for m in order if heads[m] > heads[n]]
        section = lines[heads[n] + 1:(min(nxt) if nxt else len(lines))]
        if not "".join(section).strip():
            _body_error(
                doc,
                problems,
                heads[n],
                f"“{PART_TITLES[n - 1]}”部分没有内容",
                "写明这一部分的内容；没有需要报告的事项时写明“无”",
                PART_TITLES[n - 1],
            )
        elif drafts.PENDING in "".join(section):
            drafts.pending(doc, problems, doc.body_line + heads[n], f"正文“{PART_TITLES[n - 1]}”部分",
                           "写明这一部分的内容，删除“待填写”")
    return heads


def arranged_body(body: str, parts: dict[int, int]) -> str:
    """A tabled report's body as its page shows it: the parts 一 to 六 in order (``parts`` as
    check_parts found them), a table marker where each of 二 三 四 goes, their headings added
    when left out. place_tables puts the tables at the markers once the Markdown is HTML."""
    lines = body.split("\n")
    starts = sorted(parts.values())
    out = lines[: starts[0]] if starts else list(lines)
    for n in range(1, 7):
        if n in parts:
            begin = parts[n]
            after = [s for s in starts if s > begin]
            out += lines[begin:(after[0] if after else len(lines))]
        if n in (2, 3, 4):
            if n not in parts:
                out += ["", f"## {PART_TITLES[n - 1]}"]
            out += ["", TABLE_MARKER.format(n=n), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def page_markdown(doc: Document, column: Column) -> str:
    """The Markdown of ``doc``'s page (what the build renders, searches and checks as HTML): a
    tabled report's arranged_body, any other document's body as written."""
    report = column.reports.get(doc.src)
    if isinstance(report, AnnualReport) and report.has_tables:
        return arranged_body(doc.body, report.parts)
    return doc.body


def _body_error(doc: Document, problems: Problems, index: int, message: str, fix: str, value: str) -> None:
    problems.error(doc.src, message, fix, line=doc.body_line + index, value=value)


def place_tables(html: str, render) -> str:
    """Put ``render(n)`` (the HTML of table n) at the marker arranged_body left (else at the end)."""
    for n in (2, 3, 4):
        marker = TABLE_MARKER.format(n=n)
        table = render(n)
        html = html.replace(marker, table, 1) if marker in html else html + table
    return html


# ---------------------------------------------------------------------------------------------
# The column: every report, cross-year relations, the column's own documents, the deadline


def key_lines(path: Path) -> tuple[dict[tuple, int], list[tuple[tuple, int]]]:
    """Line of every key below the report keys of a file's front matter, and repeated nested keys."""
    try:
        text = read_text(path)
    except (OSError, YamlError):
        return {}, []
    match = re.match(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.S)
    if not match:
        return {}, []
    try:
        root = yaml.compose(match.group(1) or "", Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}, []
    lines: dict[tuple, int] = {}
    repeated: list[tuple[tuple, int]] = []

    def walk(node, path: tuple) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if not path and (not vocab.report_key(key) or vocab.canonical_key(key)):
                continue
            sub = (*path, key)
            line = 2 + key_node.start_mark.line
            if sub in lines and path:
                repeated.append((sub, line))
            lines[sub] = line
            walk(value_node, sub)

    walk(root, ())
    return lines, repeated


def check_reports(column: Column, content_dir: Path | None = None) -> dict[str, AnnualReport]:
    """Read and check every report of the column; problems go to ``column.problems``."""
    problems = column.problems
    reports: dict[str, AnnualReport] = {}
    for doc in sorted((d for d in column.documents if d.part == PART), key=lambda d: d.src):
        lines, repeated = key_lines(content_dir / doc.src) if content_dir else ({}, [])
        for path, line in repeated:
            problems.error(doc.src, "同一行（或列）写了两次，前一个会被忽略", "删除重复的一行", line=line,
                           field=SEP.join(path))
        report = read_report(doc, problems, lines)
        if report is None:
            continue
        if repeated:
            report.ok = False
        reports[doc.src] = report
        if report.has_tables:
            report.parts = check_parts(doc, problems)
    by_year: dict[int, AnnualReport] = {}
    for report in sorted(reports.values(), key=lambda r: (r.published, r.src)):
        first = by_year.get(report.year)
        if first is not None:
            problems.error(report.src, f"{report.year}年度已有年度报告 {first.src}（每年一份）",
                           "删除重复的报告，或改正文件名和年度")
            continue
        by_year[report.year] = report
    _check_years(by_year, problems)
    for report in by_year.values():
        _check_with_column(report, column, problems)
    return reports


def _check_years(by_year: dict[int, AnnualReport], problems: Problems) -> None:
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


def _check_with_column(report: AnnualReport, column: Column, problems: Problems) -> None:
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
    draft = next((d for d in column.drafts if d.part == PART and (named := _YEAR_IN_NAME.match(Path(d.src).stem))
                  and int(named[1]) == year), None)
    column.problems.warning(draft.src if draft else f"{PART}/{year}.md",
                     f"缺少{year}年政府信息公开工作年度报告：本机关为{who}（site_config/site.yml 的 level），"
                     f"应于{format_day(due)}前发布（条例第四十九条），构建日为{format_day(column.day)}"
                     + ("；这份报告还是草稿（draft: true），没有发布" if draft else ""),
                     f"填完全部“{drafts.PENDING}”、把发布日期改为实际日期后删除 draft: true，重新构建" if draft else
                     f"运行 python -m gongkai new {PART} {year} 生成完整草稿，填写后发布（见 docs/annual-reports.md）")


def figures_yaml(column: Column, year: int) -> str:
    """The YAML of table 二（一） computed from the column, to paste into the report (report-figures)."""
    out = [
        f"# {column.site.name}：表二 第二十条第（一）项，按本栏目中的文件计算",
        *_figures_notes(year),
        f"# 复制到 content/{PART}/{year}.md 的元数据中（替换“主动公开政府信息情况”下的同名一项）",
        f"{vocab.REPORT_FIELDS[1].label}:",
        *_in_force_block(column, year),
    ]
    return "\n".join(out) + "\n"


def _figures_notes(year: int) -> list[str]:
    return [
        f"# 本年制发：{year}年发布；本年废止：{year}年废止；现行有效：截至{format_day(dt.date(year, 12, 31))}有效、"
        "已修改或尚未生效"
    ]


def _in_force_block(column: Column, year: int) -> list[str]:
    """第二十条第（一）项 with its two rows as computed, then one comment line per document counted."""
    figures = column_figures(column, year)
    block = TABLE2[FORMAT_2021][0]
    names = [c.text for c in block.columns]
    out = [f"  {block.label.text}:"]
    for doc_type in ("规章", "行政规范性文件"):
        counts = figures.counts(doc_type)
        out.append(f"    {doc_type}: {{" + ", ".join(f"{n}: {v}" for n, v in zip(names, counts, strict=True)) + "}")
    for doc_type in ("规章", "行政规范性文件"):
        for name, docs in zip(names, figures.documents[doc_type], strict=True):
            for doc in docs:
                out.append(f"# {doc_type}·{name}：{doc.src}（{doc.doc_no or doc.title}）")
    return out


def planned_day(year: int, day: dt.date) -> dt.date:
    """The publishing day a new report on ``year`` is drafted for: the build day once the year is
    over, else the first weekday of January (the webmaster sets the real day when publishing)."""
    if day.year > year:
        return day
    first = dt.date(year + 1, 1, 2)  # 1 January is a public holiday
    while first.weekday() >= 5:
        first += dt.timedelta(days=1)
    return first


def draft_text(column: Column, year: int, index_no: str, published: dt.date) -> str:
    """A whole report on ``year`` in the 2021 national format, as a draft (draft: true): the six
    parts, the three tables with every row, 表二（一） computed from the column, 上年结转 copied
    from last year's 结转下年度; everything only a person knows reads “待填写”."""
    pending = drafts.PENDING
    site = column.site
    title = f"{site.name}{year}年政府信息公开工作年度报告"
    last = next((r for r in column.reports.values() if isinstance(r, AnnualReport) and r.year == year - 1), None)
    carried = last.table3.get("4") if last is not None and last.ok and last.table3 else None
    topic = "综合政务\\政务公开"
    out = [
        "---",
        f"title: {_quoted(title)}",
        f"index_no: {index_no}",
        f"published: {published.isoformat()}  # 计划发布日期，发布时改为实际日期",
        "draft: true  # 草稿：已检查，不发布；全部“待填写”填完、到发布日后删除这一行",
        *([f"topic: {topic}"] if topic in site.topics else []),
        f"summary: 报告{year}年本机关主动公开政府信息、收到和处理政府信息公开申请、"
        "政府信息公开行政复议和行政诉讼等情况。",
        f"# 三张表按{FORMAT_NAMES[FORMAT_2021]}填写（说明见 docs/annual-reports.md）。",
        f"# “{pending}”处由人填写：没有数据的填 0；总计行和总计列不填，由 gongkai 计算。",
        f"{vocab.REPORT_FIELDS[1].label}:",
        f"  # 第二十条第（一）项按本栏目中的文件计算（python -m gongkai report-figures {year}）；"
        "年度结束后重新运行核对",
        *("  " + line if line.startswith("#") else line for line in _in_force_block(column, year)),
    ]
    for block in TABLE2[FORMAT_2021][1:]:
        out.append(f"  {block.label.text}:")
        unit = "，可以有小数" if block.columns[0].kind == AMOUNT else ""
        out += [f"    {row.text}: {pending}  # {block.columns[0].text}{unit}" for row in block.rows]
    out += [
        f"{vocab.REPORT_FIELDS[2].label}:",
        "  # 每行 6 个数，依次为：" + ", ".join(a.text for a in APPLICANTS) + "；一行全是 0 时写 0",
    ]
    for top in TABLE3[FORMAT_2021]:
        out += _draft_rows(top, 1, carried)
    out += [
        f"{vocab.REPORT_FIELDS[3].label}:",
        "  # 每栏 4 个数，依次为：" + ", ".join(r.text for r in T4_RESULTS) + "；全是 0 时写 0",
        f"  {T4_GROUPS[0].text}: {pending}",
        f"  {SUIT}:",
        *(f"    {group.text}: {pending}" for group in T4_GROUPS[1:]),
        "---",
        "",
        f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "",
        f"## {PART_TITLES[0]}",
        "",
    ]
    for heading in ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"):
        out += [f"### {heading}", "", f"（{pending}）", ""]
    for title in PART_TITLES[1:4]:  # the tables of the front matter are shown under these headings
        out += [f"## {title}", ""]
    out += [
        f"## {PART_TITLES[4]}",
        "",
        f"（{pending}：上年度问题的整改情况，本年度存在的主要问题和改进措施）",
        "",
        f"## {PART_TITLES[5]}",
        "",
        f"（{pending}：信息处理费收取情况，人大代表建议和政协提案办理情况，年度政务公开工作要点落实情况；没有时写“无”）",
    ]
    return "\n".join(out) + "\n"


def _draft_rows(row: Row, depth: int, carried: list | None) -> list[str]:
    indent = "  " * depth
    if row.total:
        return []  # （七）总计: computed
    if row.children:
        return [f"{indent}{row.label.text}:"] + [
            line for child in row.children for line in _draft_rows(child, depth + 1, carried)
        ]
    if row.code == "2" and carried is not None:  # 上年结转 = last year's 结转下年度 (a warning checks it)
        return [
            f"{indent}{row.label.text}: [{', '.join(show(v) for v in carried[:6])}]  "
            "# 照抄上年报告“四、结转下年度继续办理”"
        ]
    return [f"{indent}{row.label.text}: {drafts.PENDING}"]


def _quoted(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a name may hold ": " or "#"


# ---------------------------------------------------------------------------------------------
# Layout of the official tables (rendered by overrides/gongkai/annual-report.html)


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool = False
    id: str = ""
    scope: str = ""  # col | colgroup | row | rowgroup
    colspan: int = 1
    rowspan: int = 1
    headers: str = ""  # data cells: the ids of every header that applies
    cls: str = ""


@dataclass(frozen=True)
class TableLayout:
    id: str
    caption: str
    colgroups: tuple[int, ...]
    head: tuple[tuple[Cell, ...], ...]
    bodies: tuple[tuple[tuple[Cell, ...], ...], ...]
    title: str  # the part's heading
    note: str = ""


def _layout2(report: AnnualReport) -> TableLayout:
    bodies = []
    for bi, block in enumerate(TABLE2[report.format]):
        bid = f"gk-t2-b{bi + 1}"
        spans = [1] * len(block.columns)
        spans[-1] = TABLE2_COLUMNS - len(block.columns)
        rows = [
            (Cell(block.label.text, True, bid, "rowgroup", colspan=TABLE2_COLUMNS, cls="gk-report-block"),),
            (
                Cell("信息内容", True, f"{bid}-h", "col"),
                *(
                    Cell(c.text, True, f"{bid}-c{ci + 1}", "col", colspan=spans[ci])
                    for ci, c in enumerate(block.columns)
                ),
            ),
        ]
        for ri, row in enumerate(block.rows):
            rid = f"{bid}-r{ri + 1}"
            values = report.table2.get((bi, ri), [None] * len(block.columns))
            rows.append((Cell(row.text, True, rid, "row"),
                         *(Cell(show(v), headers=f"{bid} {bid}-c{ci + 1} {rid}", colspan=spans[ci], cls="gk-num")
                           for ci, v in enumerate(values))))
        bodies.append(tuple(rows))
    return TableLayout("gk-t2", f"{report.year}年主动公开政府信息情况", (1, TABLE2_COLUMNS - 1), (), tuple(bodies),
                       PART_TITLES[1], report.note(2))


def _layout3(report: AnnualReport) -> TableLayout:
    cols = [f"gk-t3-c{c + 1}" for c in range(7)]
    col_headers = [" ".join(["gk-t3-applicants", *(["gk-t3-org"] if 0 < c < 6 else []), cols[c]]) for c in range(7)]
    head = (
        (Cell(CHECK_A_NOTE, rowspan=3, colspan=3, cls="gk-report-corner"),
         Cell("申请人情况", True, "gk-t3-applicants", "colgroup", colspan=7)),
        (Cell(APPLICANTS[0].text, True, cols[0], "col", rowspan=2),
         Cell(ORG, True, "gk-t3-org", "colgroup", colspan=5),
         Cell(TOTAL.text, True, cols[6], "col", rowspan=2)),
        tuple(Cell(APPLICANTS[c].text, True, cols[c], "col") for c in range(1, 6)),
    )

    def data(code: str, row_headers: str) -> tuple[Cell, ...]:
        values = report.table3.get(code, [None] * 7)
        return tuple(Cell(show(values[c]), headers=f"{col_headers[c]} {row_headers}", cls="gk-num") for c in range(7))

    def rid(code: str) -> str:
        return "gk-t3-r" + code.replace(".", "-")

    tops = {r.code: r for r in TABLE3[report.format]}
    first = tuple((Cell(tops[c].label.text, True, rid(c), "row", colspan=3), *data(c, rid(c))) for c in ("1", "2"))
    done = tops["3"]
    middle: list[tuple[Cell, ...]] = []
    height = sum(max(1, len(child.children)) for child in done.children)
    for child in done.children:
        lead = [Cell(done.label.text, True, rid("3"), "rowgroup", rowspan=height)] if not middle else []
        if not child.children:
            cls = "gk-report-total" if child.total else ""
            middle.append((*lead, Cell(child.label.text, True, rid(child.code), "row", colspan=2, cls=cls),
                           *data(child.code, f"{rid('3')} {rid(child.code)}")))
            continue
        for i, sub in enumerate(child.children):
            group = (
                [Cell(child.label.text, True, rid(child.code), "row", rowspan=len(child.children))] if i == 0 else []
            )
            middle.append((*(lead if i == 0 else []), *group, Cell(sub.label.text, True, rid(sub.code), "row"),
                           *data(sub.code, f"{rid('3')} {rid(child.code)} {rid(sub.code)}")))
    last = ((Cell(tops["4"].label.text, True, rid("4"), "row", colspan=3), *data("4", rid("4"))),)
    return TableLayout("gk-t3", f"{report.year}年收到和处理政府信息公开申请情况（单位：件）", (3, 1, 5, 1), head,
                       (first, tuple(middle), last), PART_TITLES[2], report.note(3))


def _layout4(report: AnnualReport) -> TableLayout:
    gid = [f"gk-t4-g{g + 1}" for g in range(3)]
    names = [*(r.text for r in T4_RESULTS), TOTAL.text]
    head = (
        (Cell(REVIEW, True, gid[0], "colgroup", colspan=5), Cell(SUIT, True, "gk-t4-suit", "colgroup", colspan=10)),
        (*(Cell(n, True, f"{gid[0]}-c{i + 1}", "col", rowspan=2) for i, n in enumerate(names)),
         Cell(T4_GROUPS[1].text, True, gid[1], "colgroup", colspan=5),
         Cell(T4_GROUPS[2].text, True, gid[2], "colgroup", colspan=5)),
        tuple(Cell(n, True, f"{gid[g]}-c{i + 1}", "col") for g in (1, 2) for i, n in enumerate(names)),
    )
    cells = []
    for g in range(3):
        values = report.table4[g] if report.table4 else [None] * 5
        for i in range(5):
            headers = " ".join([*(["gk-t4-suit"] if g else []), gid[g], f"{gid[g]}-c{i + 1}"])
            cells.append(Cell(show(values[i]), headers=headers, cls="gk-num" + (" gk-report-total" if i == 4 else "")))
    return TableLayout("gk-t4", f"{report.year}年政府信息公开行政复议、行政诉讼情况（单位：件）", (5, 5, 5), head,
                       ((tuple(cells),),), PART_TITLES[3])
