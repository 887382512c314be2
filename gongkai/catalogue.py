"""The 目录 as data: one record per document with every metadata field, its URL and 有效性 on day D."""

from __future__ import annotations

import json

from .column import Column
from .structure import Document
from .vocab import FIELDS


def record(doc: Document, column: Column) -> dict:
    facts = column.validity.facts(doc)
    out: dict = {
        "url": column.site.site_url.rstrip("/") + "/" + doc.url if column.site.site_url else doc.url,
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
        elif isinstance(value, tuple):
            value = list(value)
        out[field.key] = value.isoformat() if hasattr(value, "isoformat") else value
    out["status_as_of"] = column.day.isoformat()
    return out


def catalogue_json(column: Column) -> str:
    """Deterministic JSON of the whole catalogue (newest first), with the day statuses are computed for."""
    data = {
        "publisher": column.site.name,
        "status_as_of": column.day.isoformat(),
        "documents": [record(doc, column) for doc in column.newest_first()],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
