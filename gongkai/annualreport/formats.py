"""The national formats of the annual report (../shared/spec/annual-report.md): the 2021 format
(国办公开办函〔2021〕30号) and the 2019 trial format, their tables' blocks, rows and columns under the
official labels, and how a label as written is matched to one.

Labels are matched leniently (numbering such as （一） or 1. may be left out, full- or half-width
brackets, quotes, the official parenthetical notes) but the page always prints the official labels,
so a typo in a label can neither pass silently nor reach the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

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
# A report's file is named by its year (annual-reports/2024.md).
YEAR_IN_NAME = re.compile(r"^(\d{4})(?!\d)")

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


def find_label(labels: Sequence[Label], key: object) -> int | None:
    """The index of the first label that ``key`` (as written) matches, or None."""
    for i, label in enumerate(labels):
        if label.matches(key):
            return i
    return None


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

    def walk(self) -> Iterator[Row]:
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
