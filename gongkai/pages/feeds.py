"""Atom feeds (RFC 4287) of the newest disclosures: one for the column, one per sub-column."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree as ET

from ..core.column import Column
from ..core.dates import CHINA
from ..core.structure import Document
from ..core.urls import FEED, SITE_URLS, public, subcolumn_feed

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50


# Characters XML 1.0 does not allow (most C0 controls, lone surrogates, U+FFFE/U+FFFF). A title or
# summary holding one (YAML's "\\e" or "\\x0b" escapes, text pasted from a PDF into the body) would
# make the whole feed unreadable to every feed reader; the feed shows U+FFFD in its place instead.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` as XML 1.0 can hold it; ElementTree escapes &, <, > and quotes when writing."""
    return _NOT_XML.sub("\ufffd", value)


def _stamp(day: dt.date) -> str:
    # Dates are calendar days in China Standard Time; midnight keeps the feed deterministic.
    return dt.datetime(day.year, day.month, day.day, tzinfo=CHINA).isoformat()


def atom_feed(column: Column, title: str, feed_url: str, page_url: str, documents: list[Document]) -> str:
    """The newest ``ENTRIES`` of ``documents`` (newest first) as an Atom feed; deterministic."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    site = column.site

    def absolute_url(url: str) -> str:
        return public(site.site_url, url)
    newest = documents[:ENTRIES]

    def add(parent, tag, text=None, **attrs):
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items() if v is not None})
        if text is not None:
            node.text = xml_text(text)
        return node

    add(feed, "id", absolute_url(feed_url))
    add(feed, "title", title)
    add(feed, "subtitle", f"{site.name}政府信息公开：最新发布的 {len(newest)} 条信息")
    updated = column.newest_update(newest) or column.day
    add(feed, "updated", _stamp(updated))
    add(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(feed_url))
    add(feed, "link", rel="alternate", type="text/html", href=absolute_url(page_url))
    author = add(feed, "author")
    add(author, "name", site.name)
    add(feed, "generator", "gongkai")
    for doc in newest:
        entry = add(feed, "entry")
        add(entry, "id", absolute_url(doc.url))
        add(entry, "title", doc.title)
        add(entry, "updated", _stamp(column.updated_of(doc)))
        add(entry, "published", _stamp(doc.published))
        add(entry, "link", rel="alternate", type="text/html", href=absolute_url(doc.url))
        entry_author = add(entry, "author")
        add(entry_author, "name", doc.publisher)
        label = site.subcolumn_by_key[doc.subcolumn].label if doc.subcolumn else None
        if label:
            add(entry, "category", term=doc.subcolumn, label=label)
        facts = [f"文号：{doc.doc_no}"] if doc.doc_no else []
        if doc.index_no:
            facts.append(f"索引号：{doc.index_no}")
        status = column.status(doc)
        if status:
            facts.append(f"有效性：{status}（截至{column.day.isoformat()}）")
        add(entry, "summary", "；".join([*facts, doc.summary]) if facts else doc.summary, type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feeds(column: Column) -> dict[str, str]:
    """Every feed of the site: path -> XML."""
    out = {FEED: atom_feed(column, f"{column.site.name} · 政府信息公开：最新信息", FEED, SITE_URLS.home,
                           column.newest_first())}
    for sub in column.shown_subcolumns():
        feed = subcolumn_feed(sub.key)
        out[feed] = atom_feed(column, f"{column.site.name} · {sub.label}", feed, SITE_URLS.subcolumn(sub.key),
                              column.in_subcolumn(sub.key))
    return out
