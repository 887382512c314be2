"""The 目录 as data: one record per document with every metadata field, its URL and 有效性 on day D."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from ..core.column import Column
from ..core.structure import Document
from ..core.urls import public
from ..core.vocab import FIELDS
from .listing import section_label

# 逾期说明 is for webmasters and inspectors (metadata.md), not required to be public: never exported.
PRIVATE_FIELDS = ("late_reason",)
EXPORTED_FIELDS = tuple(f for f in FIELDS if f.key not in PRIVATE_FIELDS)


def record(doc: Document, column: Column) -> dict:
    assert column.validity is not None  # load_column has read the validity of every document
    facts = column.validity.facts(doc)
    out: dict = {
        "url": public(column.site.site_url, doc.url),
        "path": doc.src,
        "part": doc.part,
        "subcolumn": doc.subcolumn,
    }
    for field in EXPORTED_FIELDS:
        value = getattr(doc, field.key)
        if field.key == "attachments":
            value = [{"file": a.file, "title": a.title, "type": a.kind, "size": a.size} for a in value]
        elif field.key == "summary":
            value = doc.summary
        elif field.key == "repealed":
            value = facts.repealed
        elif field.key == "status":
            value = column.status(doc)
        elif field.key == "updated":
            value = column.updated_of(doc)  # front matter, else git, else 发布日期
        elif isinstance(value, tuple):
            value = list(value)
        out[field.key] = value.isoformat() if hasattr(value, "isoformat") else value
    # 解读 ↔ 原文: ``interprets`` as typed (like every reference), and back, the paths of the 解读
    out["interpreted_by"] = [d.src for d in column.links.interpreted_by.get(doc.src, ())]
    out["status_as_of"] = column.day.isoformat()
    return out


# CSV columns: (header as the reader sees it, record key); the order of the metadata block.
CSV_COLUMNS = [(f.label, f.key) for f in EXPORTED_FIELDS] + [("政策解读", "interpreted_by"),
    ("有效性截至", "status_as_of"), ("链接", "url"), ("栏目", "section"), ("源文件", "path")]


# A cell beginning with one of these is read as a formula by Excel, LibreOffice and WPS (OWASP,
# "CSV Injection"): "=HYPERLINK(…)" in a title would run when a reader opens the download.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """OWASP's CSV-injection defence: a cell that would start a formula gets a leading single quote,
    so that spreadsheets show it as text (the quote is explained on the site, docs/documents.md).
    Every cell is also quoted by the writer (csv.QUOTE_ALL)."""
    text = unpaired_surrogates_replaced(value)
    return "'" + text if text.startswith(FORMULA_START) else text


_SURROGATE = re.compile("[\ud800-\udfff]")


def unpaired_surrogates_replaced(text: str) -> str:
    """A lone surrogate (YAML's "\\ud800" escape) cannot be written as UTF-8: an export shows U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def catalogue_csv(column: Column, reuse: Reuse | None = None) -> str:
    """The catalogue as CSV, UTF-8 with a BOM so that Excel opens Chinese text correctly; every
    cell quoted and none able to start a formula (neutralise_cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow([header for header, _ in CSV_COLUMNS])
    if reuse is None:
        for doc in column.newest_first():
            writer.writerow(csv_row(doc, column))
        return "\ufeff" + buffer.getvalue()
    lines = [buffer.getvalue()]
    for doc in column.newest_first():
        line = reuse.rows.get(doc.src) if not reuse.fresh(doc.src) else None
        if line is None:  # the row as the writer writes it (the same writer, on its own)
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(csv_row(doc, column))
            line = buffer.getvalue()
        reuse.next_rows[doc.src] = line
        lines.append(line)
    return "\ufeff" + "".join(lines)


def csv_row(doc: Document, column: Column) -> list[str]:
    data = record(doc, column)
    data["section"] = section_label(column, doc)
    row = []
    for _, key in CSV_COLUMNS:
        value = data.get(key)
        if key == "attachments":
            # every record lists its attachments (EXPORTED_FIELDS), the CSV columns come from them
            value = "；".join(f"{a['title']}（{a['type']}，{a['size']} 字节）" for a in data[key])
        elif isinstance(value, list):
            value = "；".join(value)
        row.append("" if value is None else neutralise_cell(str(value)))
    return row


def catalogue_json(column: Column, reuse: Reuse | None = None) -> str:
    """Deterministic JSON of the whole catalogue (newest first), with the day statuses are computed for."""
    if reuse is not None and column.documents:
        return _catalogue_json_pieces(column, reuse)
    data = {
        "publisher": column.site.name,
        "status_as_of": column.day.isoformat(),
        "documents": [record(doc, column) for doc in column.newest_first()],
    }
    # json escapes quotes, backslashes and control characters; only lone surrogates need care
    return unpaired_surrogates_replaced(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)) + "\n"


class Reuse:
    """The catalogue's per-document output kept between the builds of ``mkdocs serve`` (the edit
    loop, gongkai/pages/editloop.py): a document for which ``fresh`` is false gives the record and
    CSV row of the last build. Only the caller knows that nothing they show changed (its plan)."""

    def __init__(self) -> None:
        self.json: dict[str, str] = {}
        self.rows: dict[str, str] = {}  # src -> the document's CSV line
        self.next_json: dict[str, str] = {}
        self.next_rows: dict[str, str] = {}
        self.fresh: Callable[[str], bool] = lambda src: True

    def begin(self, fresh: Callable[[str], bool]) -> None:
        """A new build; what the last one made (every document it wrote) is what can be reused."""
        self.json, self.rows = self.next_json or self.json, self.next_rows or self.rows
        self.next_json, self.next_rows = {}, {}
        self.fresh = fresh


def _catalogue_json_pieces(column: Column, reuse: Reuse) -> str:
    """catalogue_json, byte for byte, from each record's own JSON: json.dumps of the whole with
    indent=1 writes each record as its own dumps indented two more spaces (JSON strings never hold
    a raw newline), the keys of the top level in sorted order."""
    pieces = []
    for doc in column.newest_first():
        text = reuse.json.get(doc.src) if not reuse.fresh(doc.src) else None
        if text is None:
            text = json.dumps(record(doc, column), ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")
        reuse.next_json[doc.src] = text
        pieces.append(text)
    head = {"publisher": column.site.name, "status_as_of": column.day.isoformat()}
    assert sorted(head) == ["publisher", "status_as_of"] and "documents" < "publisher"
    out = ('{\n "documents": [\n  ' + ",\n  ".join(pieces) + "\n ],\n"
           f' "publisher": {json.dumps(head["publisher"], ensure_ascii=False)},\n'
           f' "status_as_of": {json.dumps(head["status_as_of"], ensure_ascii=False)}\n}}')
    return unpaired_surrogates_replaced(out) + "\n"
