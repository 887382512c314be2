"""The 目录 as data: one record per document with every metadata field, its URL and 有效性 on day D."""

from __future__ import annotations

import csv
import io
import json

from .column import Column
from .listing import section_label
from .structure import Document
from .vocab import FIELDS


def record(doc: Document, column: Column) -> dict:
    facts = column.validity.facts(doc)
    out: dict = {
        "url": absolute_url(column, doc.url),
        "path": doc.src,
        "part": doc.part,
        "subcolumn": doc.subcolumn,
    }
    for field in FIELDS:
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
    out["status_as_of"] = column.day.isoformat()
    return out


def absolute_url(column: Column, url: str) -> str:
    """The public URL of a site-relative URL (site_url from site_config/), else the relative one."""
    base = column.site.site_url
    return base.rstrip("/") + "/" + url if base else url


# CSV columns: (header as the reader sees it, record key); the order of the metadata block.
CSV_COLUMNS = [(f.label, f.key) for f in FIELDS] + [
    ("有效性截至", "status_as_of"), ("链接", "url"), ("栏目", "section"), ("源文件", "path")]


def catalogue_csv(column: Column) -> str:
    """The catalogue as CSV, UTF-8 with a BOM so that Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for header, _ in CSV_COLUMNS])
    for doc in column.newest_first():
        data = record(doc, column)
        data["section"] = section_label(column, doc)
        row = []
        for _, key in CSV_COLUMNS:
            value = data.get(key)
            if key == "attachments":
                value = "；".join(f"{a['title']}（{a['type']}，{a['size']} 字节）" for a in value)
            elif isinstance(value, list):
                value = "；".join(value)
            row.append("" if value is None else value)
        writer.writerow(row)
    return "\ufeff" + buffer.getvalue()


def catalogue_json(column: Column) -> str:
    """Deterministic JSON of the whole catalogue (newest first), with the day statuses are computed for."""
    data = {
        "publisher": column.site.name,
        "status_as_of": column.day.isoformat(),
        "documents": [record(doc, column) for doc in column.newest_first()],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
