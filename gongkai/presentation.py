"""What a document page shows: the metadata block's rows, with the spec's labels, in gov.cn order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import format_day
from .structure import Document


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    key: str


def metadata_rows(doc: Document, status: str | None = None, day=None, updated=None, repealed=None) -> list[Row]:
    """Rows of the metadata block (索引号, 主题分类, 发布机构, 成文日期, 标题, 文号, 发布日期, 有效性 …)."""
    rows = [
        ("index_no", "索引号", doc.index_no),
        ("topic", "主题分类", doc.topic),
        ("publisher", "发布机构", doc.publisher),
        ("written", "成文日期", doc.written and format_day(doc.written)),
        ("title", "标题", doc.title),
        ("doc_no", "文号", doc.doc_no),
        ("published", "发布日期", format_day(doc.published)),
        ("updated", "更新日期", updated and format_day(updated)),
        ("effective", "生效日期", doc.effective and format_day(doc.effective)),
        ("expires", "有效期至", doc.expires and format_day(doc.expires)),
        # the repealing document's date when the document has none of its own (validity.md)
        ("repealed", "废止日期", (repealed or doc.repealed) and format_day(repealed or doc.repealed)),
        ("status", "有效性", status and day and f"{status}（截至{format_day(day)}）"),
        ("doc_type", "文件类型", doc.doc_type if doc.doc_type != "其他文件" else None),
    ]
    return [Row(label, value, key) for key, label, value in rows if value]


@dataclass(frozen=True)
class Notice:
    """The banner before the text of a document that is not 有效 (validity.md, "What the reader sees")."""

    status: str
    sentence: str
    link_label: str = ""  # e.g. "废止文件："
    links: tuple[Document, ...] = ()
    basis: str = ""


def notice(doc: Document, column) -> Notice | None:
    status = column.status(doc)
    if status in (None, "有效"):
        return None
    facts = column.validity.facts(doc)
    if status == "已废止":
        sentence = f"本文件已于{format_day(facts.repealed)}废止。"
        if facts.repealed_by is not None:
            return Notice(status, sentence, "废止文件：", (facts.repealed_by,))
        return Notice(status, sentence, basis=doc.repeal_basis or "")
    if status == "失效":
        return Notice(status, f"本文件有效期至{format_day(doc.expires)}，已失效。")
    if status == "尚未生效":
        return Notice(status, f"本文件自{format_day(doc.effective)}起施行，目前尚未生效。")
    in_force = [d for d in facts.amended_by if column.status(d) in ("有效", "已修改", None)]
    return Notice(status, "本文件已被修改，请同时阅读修改文件。", "修改文件：", tuple(in_force))


@dataclass(frozen=True)
class Relation:
    label: str
    documents: tuple[Document, ...]


def relations(doc: Document, column) -> list[Relation]:
    """Every reference shown in both directions (本文件废止了 … / 本文件已被 … 废止; 解读 ↔ 原文)."""
    links = column.links
    out = []
    by = links.repealed_by.get(doc.src)
    if by:
        out.append(Relation("本文件已被以下文件废止", (by,)))
    if links.repeals.get(doc.src):
        out.append(Relation("本文件废止了", tuple(links.repeals[doc.src])))
    if links.amended_by.get(doc.src):
        out.append(Relation("本文件已被以下文件修改", tuple(links.amended_by[doc.src])))
    if links.amends.get(doc.src):
        out.append(Relation("本文件修改了", tuple(links.amends[doc.src])))
    related = links.related_both_ways(doc)
    readings = tuple(d for d in related if "解读" in d.title and "解读" not in doc.title)
    originals = tuple(d for d in related if "解读" in doc.title and "解读" not in d.title)
    others = tuple(d for d in related if d not in readings and d not in originals)
    if readings:
        out.append(Relation("政策解读", readings))
    if originals:
        out.append(Relation("解读的原文件", originals))
    if others:
        out.append(Relation("相关文件", others))
    return out


def link_text(doc: Document) -> str:
    return f"《{doc.title}》（{doc.doc_no}）" if doc.doc_no else f"《{doc.title}》"


_THEAD = re.compile(r"<thead>.*?</thead>", re.S)
_TH_WITHOUT_SCOPE = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")


def scope_table_headers(html: str) -> str:
    """Header cells of the text's own tables (Markdown tables) get scope="col" in the HTML itself,
    so that screen readers pair cells with headers with JavaScript off too."""
    return _THEAD.sub(lambda m: _TH_WITHOUT_SCOPE.sub('<th scope="col"', m.group(0)), html)
