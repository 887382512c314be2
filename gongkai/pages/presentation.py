"""What a document page shows: the metadata block's rows, with the spec's labels, in gov.cn order."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..core.dates import format_day
from ..core.structure import Document


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    key: str


def metadata_rows(
    doc: Document,
    status: str | None = None,
    day: dt.date | None = None,
    updated: dt.date | None = None,
    repealed: dt.date | None = None,
) -> list[Row]:
    """Rows of the metadata block (索引号, 主题分类, 发布机构, 成文日期, 标题, 文号, 发布日期, 有效性 …)."""
    repealed = repealed or doc.repealed
    rows = [
        ("index_no", "索引号", doc.index_no),
        ("topic", "主题分类", doc.topic),
        ("publisher", "发布机构", doc.publisher),
        ("written", "成文日期", doc.written and format_day(doc.written)),
        ("title", "标题", doc.title),
        ("doc_no", "文号", doc.doc_no),
        ("reg_no", "登记号", doc.reg_no),
        ("published", "发布日期", format_day(doc.published)),
        ("updated", "更新日期", updated and format_day(updated)),
        ("effective", "生效日期", doc.effective and format_day(doc.effective)),
        ("expires", "有效期至", doc.expires and format_day(doc.expires)),
        # the repealing document's date when the document has none of its own (validity.md)
        ("repealed", "废止日期", repealed and format_day(repealed)),
        ("status", "有效性", status and day and f"{status}（截至{format_day(day)}）"),
        ("doc_type", "文件类型", doc.doc_type if doc.doc_type != "其他文件" else None),
    ]
    return [Row(label, value, key) for key, label, value in rows if value]


# Rows of the metadata block that take a whole line even on wide screens (gov.cn's layout: 标题 across).
WIDE = frozenset({"title"})


def metadata_lines(rows: list[Row], per_line: int = 2) -> list[tuple[Row, ...]]:
    """The metadata block in the national convention: label/value pairs, ``per_line`` to a line on
    wide screens, in the order of ``rows`` (索引号 · 主题分类 / 发布机构 · 成文日期 / 标题 across /
    文号 · 发布日期 …). A wide row (标题) has a line of its own, and so has a pair's first row when
    the next one is wide or missing; the template lets the last value of a short line span the rest."""
    lines: list[tuple[Row, ...]] = []
    current: list[Row] = []
    for row in rows:
        if row.key in WIDE:
            if current:
                lines.append(tuple(current))
                current = []
            lines.append((row,))
            continue
        current.append(row)
        if len(current) == per_line:
            lines.append(tuple(current))
            current = []
    if current:
        lines.append(tuple(current))
    return lines


@dataclass(frozen=True)
class Line:
    """One more sentence of a banner, with its links (e.g. a repeal that takes effect later)."""

    sentence: str
    link_label: str = ""
    links: tuple[Document, ...] = ()
    basis: str = ""


@dataclass(frozen=True)
class Notice:
    """The banner before the text of a document that is not 有效, or whose status will change by a
    repeal or an amendment already published (validity.md, "What the reader sees")."""

    status: str
    sentence: str
    link_label: str = ""  # e.g. "废止文件："
    links: tuple[Document, ...] = ()
    basis: str = ""
    upcoming: tuple[Line, ...] = ()  # changes already decided that take effect after the day D


# Every sentence about a status is said as of the build day D: "已被…废止" only once the repeal has
# taken effect on D, "已被…修改" only while the amending document is in force on D; before that the
# sentence says from which day it will be ("将于…").


def _in_force(column, doc: Document) -> bool:
    return column.status(doc) in ("有效", "已修改", None)


def _by_day(pairs) -> list[tuple]:
    """[(day, document)] grouped by day, days ascending, documents in their given order."""
    groups: dict = {}
    for day, doc in pairs:
        groups.setdefault(day, []).append(doc)
    return sorted(groups.items(), key=lambda item: item[0])


def _upcoming(doc: Document, column) -> tuple[Line, ...]:
    """Repeals and amendments of ``doc`` already published but not yet in force on D."""
    facts = column.validity.facts(doc)
    lines = []
    if facts.repealed and facts.repealed > column.day:
        sentence = f"本文件将于{format_day(facts.repealed)}废止。"
        if facts.repealed_by is not None:
            lines.append(Line(sentence, "废止文件：", (facts.repealed_by,)))
        else:
            lines.append(Line(sentence, basis=doc.repeal_basis or ""))
    pending = [(d.effective, d) for d in facts.amended_by if column.status(d) == "尚未生效"]
    for day, docs in _by_day(pending):
        lines.append(Line(f"本文件将于{format_day(day)}被修改。", "修改文件：", tuple(docs)))
    return tuple(lines)


def notice(doc: Document, column) -> Notice | None:
    status = column.status(doc)
    if status is None:
        return None
    facts = column.validity.facts(doc)
    if status == "已废止":
        assert facts.repealed is not None  # 已废止 on a day: repealed on or before it (validity.md rule 1)
        sentence = f"本文件已于{format_day(facts.repealed)}废止。"
        if facts.repealed_by is not None:
            return Notice(status, sentence, "废止文件：", (facts.repealed_by,))
        return Notice(status, sentence, basis=doc.repeal_basis or "")
    upcoming = _upcoming(doc, column)
    if status == "失效":
        assert doc.expires is not None  # 失效: past its 有效期至
        return Notice(status, f"本文件有效期至{format_day(doc.expires)}，已失效。", upcoming=upcoming)
    if status == "尚未生效":
        assert doc.effective is not None  # 尚未生效: before its 生效日期
        return Notice(status, f"本文件自{format_day(doc.effective)}起施行，目前尚未生效。", upcoming=upcoming)
    if status == "已修改":
        in_force = tuple(d for d in facts.amended_by if _in_force(column, d))
        return Notice(status, "本文件已被修改，请同时阅读修改文件。", "修改文件：", in_force, upcoming=upcoming)
    if not upcoming:
        return None  # 有效, and nothing decided for later: no banner
    first, *rest = upcoming
    return Notice(status, first.sentence, first.link_label, first.links, first.basis, tuple(rest))


@dataclass(frozen=True)
class Relation:
    label: str
    documents: tuple[Document, ...]


def relations(doc: Document, column) -> list[Relation]:
    """Every reference shown in both directions (本文件废止了 … / 本文件已被 … 废止; 解读 ↔ 原文),
    each worded as of the build day D."""
    links, validity, day = column.links, column.validity, column.day
    out = []
    by = links.repealed_by.get(doc.src)
    if by:
        repealed = validity.facts(doc).repealed
        out.append(Relation("本文件已被以下文件废止" if repealed <= day
                            else f"本文件将于{format_day(repealed)}被以下文件废止", (by,)))
    repeals = links.repeals.get(doc.src) or []
    done = tuple(d for d in repeals if validity.facts(d).repealed <= day)
    if done:
        out.append(Relation("本文件废止了", done))
    for when, docs in _by_day((validity.facts(d).repealed, d) for d in repeals if d not in done):
        out.append(Relation(f"本文件将自{format_day(when)}起废止以下文件", tuple(docs)))
    amending = links.amended_by.get(doc.src) or []
    in_force = tuple(d for d in amending if _in_force(column, d))
    if in_force:
        out.append(Relation("本文件已被以下文件修改", in_force))
    pending = [d for d in amending if column.status(d) == "尚未生效"]
    for when, docs in _by_day((d.effective, d) for d in pending):
        out.append(Relation(f"本文件将于{format_day(when)}被以下文件修改", tuple(docs)))
    lapsed = tuple(d for d in amending if d not in in_force and d not in pending)
    if lapsed:
        out.append(Relation("本文件曾被以下文件修改（修改文件已废止或失效）", lapsed))
    if links.amends.get(doc.src):
        from_day = doc.effective if column.status(doc) == "尚未生效" else None  # 尚未生效: it has one
        label = f"本文件将自{format_day(from_day)}起修改以下文件" if from_day else "本文件修改了"
        out.append(Relation(label, tuple(links.amends[doc.src])))
    # 解读 ↔ 原文 from ``interprets`` (never guessed from titles); ``related`` holds the other links
    readings = tuple(links.interpreted_by.get(doc.src, ()))
    originals = tuple(links.interprets.get(doc.src, ()))
    shown = {d.src for d in readings + originals}
    others = tuple(d for d in links.related_both_ways(doc) if d.src not in shown)
    if readings:
        out.append(Relation("政策解读", readings))
    if originals:
        out.append(Relation("解读的原文件", originals))
    if others:
        out.append(Relation("相关文件", others))
    return out


def book_title(title: str) -> str:
    """``title`` between 书名号, never nested (GB/T 15834-2011 §4.15): a title that is already one
    book title (《…》 around the whole) is not wrapped again; 《》 inside become 〈〉."""
    if title.startswith("《") and title.endswith("》") and _one_book_title(title):
        title = title[1:-1]
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def _one_book_title(title: str) -> bool:
    """``title`` is 《…》 whose first 《 closes at its last 》 (not 《甲》和《乙》)."""
    depth = 0
    for i, ch in enumerate(title):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                return i == len(title) - 1
    return False


def link_text(doc: Document) -> str:
    """How a document is named in a sentence or a link: 《标题》（文号）."""
    return f"{book_title(doc.title)}（{doc.doc_no}）" if doc.doc_no else book_title(doc.title)


_THEAD = re.compile(r"<thead>.*?</thead>", re.S)
_TH_WITHOUT_SCOPE = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")


def scope_table_headers(html: str) -> str:
    """Header cells of the text's own tables (Markdown tables) get scope="col" in the HTML itself,
    so that screen readers pair cells with headers with JavaScript off too."""
    return _THEAD.sub(lambda m: _TH_WITHOUT_SCOPE.sub('<th scope="col"', m.group(0)), html)
