"""The spec's vocabularies, in one place (../shared/spec/column.md, metadata.md, validity.md)."""

from __future__ import annotations

from dataclasses import dataclass

COLUMN_NAME = "政府信息公开"


@dataclass(frozen=True)
class Part:
    key: str  # folder under content/
    label: str  # nav label, fixed by 国办公开办函〔2019〕61号


PARTS: tuple[Part, ...] = (
    Part("guide", "政府信息公开指南"),
    Part("system", "政府信息公开制度"),
    Part("proactive", "法定主动公开内容"),
    Part("annual-reports", "政府信息公开工作年度报告"),
)
PART_BY_KEY = {p.key: p for p in PARTS}


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # what the site shows
    aliases: tuple[str, ...] = ()  # further accepted Chinese keys
    kind: str = "text"  # text | date | choice | refs | ref | attachments


FIELDS: tuple[Field, ...] = (
    Field("title", "标题", ("信息名称",)),
    Field("index_no", "索引号"),
    Field("publisher", "发布机构"),
    Field("doc_no", "文号"),
    Field("written", "成文日期", kind="date"),
    Field("published", "发布日期", kind="date"),
    Field("doc_type", "文件类型", kind="choice"),
    Field("topic", "主题分类", kind="choice"),
    Field("summary", "内容概述"),
    Field("disclosure", "公开方式", kind="choice"),
    Field("effective", "生效日期", ("实施日期",), kind="date"),
    Field("expires", "失效日期", ("有效期至",), kind="date"),
    Field("repealed", "废止日期", kind="date"),
    Field("status", "有效性", kind="choice"),
    Field("repealed_by", "废止文件", kind="ref"),
    Field("amended_by", "修改文件", kind="refs"),
    Field("repeal_basis", "废止依据"),
    Field("related", "相关文件", kind="refs"),
    Field("interprets", "解读文件", ("解读对象",), kind="refs"),
    Field("reg_no", "登记号", ("统一编号",)),
    Field("late_reason", "逾期说明"),
    Field("attachments", "附件", kind="attachments"),
    Field("updated", "更新日期", kind="date"),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
# draft: true — checked but not published (gongkai/core/drafts.py). A state of the file, not metadata of
# the information: never shown, never exported in the catalogue, so it is not among FIELDS.
DRAFT = Field("draft", "草稿", kind="flag")
FIELD_BY_KEY[DRAFT.key] = DRAFT
# Every accepted spelling of a key -> canonical key.
KEY_ALIASES: dict[str, str] = {}
for _f in (*FIELDS, DRAFT):
    for _name in (_f.key, _f.label, *_f.aliases):
        KEY_ALIASES[_name] = _f.key

# Page-presentation keys of MkDocs/Material that content may carry without a warning.
PRESENTATION_KEYS = frozenset({"hide", "description", "search"})

# An annual report's own front-matter keys (annual-report.md; rows and columns: annualreport/formats.py).
# Accepted only under annual-reports/; read by annualreport/reader.py, never shown in the metadata block.
REPORT_FIELDS: tuple[Field, ...] = (
    Field("report_year", "年度", ("报告年度",)),
    Field("table2", "主动公开政府信息情况", ("二、主动公开政府信息情况", "表二")),
    Field("table3", "收到和处理政府信息公开申请情况", ("三、收到和处理政府信息公开申请情况", "表三")),
    Field("table4", "政府信息公开行政复议、行政诉讼情况", ("四、政府信息公开行政复议、行政诉讼情况", "表四")),
    Field("explanations", "核对说明"),
)
REPORT_KEY_ALIASES: dict[str, str] = {
    name: f.key for f in REPORT_FIELDS for name in (f.key, f.label, *f.aliases)
}

DOC_TYPES = ("规章", "行政规范性文件", "其他文件")
DEFAULT_DOC_TYPE = "其他文件"
DISCLOSURES = ("主动公开", "依申请公开")
DEFAULT_DISCLOSURE = "主动公开"
STATUSES = ("有效", "已修改", "已废止", "失效", "尚未生效")
VALIDITY_KEYS = ("effective", "expires", "repealed", "status", "repealed_by", "amended_by")

ATTACHMENT_TYPES = {
    ".pdf": "PDF",
    ".ofd": "OFD",
    ".doc": "DOC",
    ".docx": "DOCX",
    ".xls": "XLS",
    ".xlsx": "XLSX",
    ".wps": "WPS",
    ".et": "ET",
    ".zip": "ZIP",
    ".csv": "CSV",
    ".txt": "TXT",
    ".jpg": "JPG",
    ".jpeg": "JPEG",
    ".png": "PNG",
}

SUMMARY_ADVISED_MAX = 100
LEVELS = ("department", "government")
CONTACT_FIELDS = (
    ("office", "名称"),
    ("address", "办公地址"),
    ("hours", "办公时间"),
    ("phone", "联系电话"),
    ("fax", "传真号码"),
    ("online", "互联网联系方式"),
)


# ---------------------------------------------------------------------------------------------
# Matching what was typed: keys and choice values are compared in NFKC, so that text copied from
# a PDF (发布⽇期 with the Kangxi radical ⽇ U+2F47) or typed in full width is recognised.

import unicodedata  # noqa: E402

# Full-width ASCII forms (Ａ１：) and the ideographic space are what Chinese input methods type;
# they are matched without a word. Any other character NFKC changes is named in a warning.
_TYPED_WIDE = {chr(c) for c in range(0xFF01, 0xFF5F)} | {"\u3000"}


def normal_form(text: str) -> str:
    """The form a key or choice value is matched in: NFKC, outer spaces removed."""
    return unicodedata.normalize("NFKC", text).strip()


def odd_characters(text: str) -> list[str]:
    """Characters of ``text`` that NFKC changes, beyond full-width forms; each once, in order."""
    out: list[str] = []
    for ch in text:
        if ch not in _TYPED_WIDE and ch not in out and unicodedata.normalize("NFKC", ch) != ch:
            out.append(ch)
    return out


def _is_lookalike(ch: str) -> bool:
    """A Kangxi radical or CJK compatibility ideograph: looks like a common 汉字 but is another."""
    c = ord(ch)
    return (0x2E80 <= c <= 0x2FDF or 0xF900 <= c <= 0xFAFF or 0x2F800 <= c <= 0x2FA1F) \
        and unicodedata.normalize("NFKC", ch) != ch


def lookalikes(text: str) -> list[str]:
    """Look-alike 汉字 in displayed text (titles, summaries): each once, in order."""
    out: list[str] = []
    for ch in text:
        if ch not in out and _is_lookalike(ch):
            out.append(ch)
    return out


def without_lookalikes(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", ch) if _is_lookalike(ch) else ch for ch in text)


def describe_characters(chars: list[str]) -> str:
    """“⽇”（U+2F47，应为“日”）、… for a message."""
    parts = []
    for ch in chars:
        name = unicodedata.name(ch, "")
        kind = "康熙部首" if name.startswith("KANGXI RADICAL") else "兼容字符"
        parts.append(f"“{ch}”（U+{ord(ch):04X}，{kind}，应为“{unicodedata.normalize('NFKC', ch)}”）")
    return "、".join(parts)


def canonical_key(written: str) -> str | None:
    """The canonical field key of a front-matter key as written (NFKC), or None."""
    return KEY_ALIASES.get(written) or KEY_ALIASES.get(normal_form(written))


def report_key(written: str) -> str | None:
    """The canonical annual-report key of a key as written (NFKC), or None."""
    return REPORT_KEY_ALIASES.get(written) or REPORT_KEY_ALIASES.get(normal_form(written))
