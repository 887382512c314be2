"""The search index: built once with the Python lunr package, split into shards by term.

Why this shape (see docs/search.md for the measurements):
- Chinese has no spaces. Documents are indexed as character bigrams (and ASCII/digit runs), so a
  query typed without spaces is cut the same way in the browser with no dictionary to download:
  every substring of two or more characters is found.
- Each term lives in exactly one shard (a hash of the term), each shard a complete lunr index
  over the documents that contain its terms. A query downloads only the shards of its own terms
  and the small blocks of metadata of the results it shows, so the transfer per query stays
  bounded however many documents the column has.
- 文号 and 索引号 are also indexed as whole canonical tokens, so that 〔〕, [] or 【】, with or
  without 号, and an exact 索引号 all find their document.
The hash and the tokenizer are mirrored in overrides/assets/javascripts/search.js; both sides are
tested against the same cases.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from lunr.builder import Builder

from .metadata import normalise_doc_no
from .text import plain_text

FORMAT_VERSION = 1
BLOCK_SIZE = 64  # documents per block of result metadata
# Three fields keep the index small (every field of every document costs a vector in each shard
# it appears in): the title, the metadata (文号, 索引号, 发布机构, 内容概述) and the full text.
FIELDS = (("title", 10), ("meta", 3), ("body", 1))
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+")
_DOC_NO_QUERY = re.compile(r"(?P<prefix>[^\s〔\[【(（]+)[〔\[【(（](?P<year>\d{4})[〕\]】)）]第?0*(?P<num>\d+)号?")


def normalise_query_text(text: str) -> str:
    """Full-width letters and digits to half-width, lower case (mirrored in search.js)."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """Bigrams of every run of Chinese characters (a lone character stays as is), and ASCII runs."""
    out = []
    for run in _RUN.findall(normalise_query_text(text)):
        if run[0].isascii():
            out.append(run)
        elif len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def doc_no_token(doc_no: str) -> str:
    normal, _ = normalise_doc_no(doc_no)
    return "wh:" + (normal or doc_no)


def index_no_token(index_no: str) -> str:
    return "sy:" + normalise_query_text(index_no.strip())


def term_shard(term: str, shards: int) -> int:
    """FNV-1a over UTF-16 code units (what JavaScript's charCodeAt sees)."""
    h = 0x811C9DC5
    data = term.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def shard_count(documents: int) -> int:
    """About one shard per ten documents, a power of two between 16 and 4096: a shard holds some
    100–150 KB of index whatever the size of the column, and a query fetches one per term."""
    count = 16
    while count < documents / 10 and count < 4096:
        count *= 2
    return count


@dataclass
class SearchRecord:
    """What the index holds of one document, and what a result shows."""

    title: str
    url: str
    doc_no: str
    index_no: str
    publisher: str
    summary: str
    body: str
    published: str  # 2021年08月12日
    section: str  # sub-column or part label
    status: str  # 有效性 in words, or ""

    def field_tokens(self) -> dict[str, list[str]]:
        meta = tokens(self.doc_no) + tokens(self.index_no) + tokens(self.publisher) + tokens(self.summary)
        if self.doc_no:
            meta.append(doc_no_token(self.doc_no))
        if self.index_no:
            meta.append(index_no_token(self.index_no))
        return {
            "title": tokens(self.title),
            "meta": meta,
            # Each bigram of the text once: term frequency in long texts adds little to the ranking
            # (titles carry it) and repeating tokens doubles the build time of the index.
            "body": list(dict.fromkeys(tokens(self.body))),
        }


def build_search_files(records: list[SearchRecord]) -> dict[str, str]:
    """Every file of the search index, path (under search/) -> JSON text; deterministic."""
    shards = shard_count(len(records))
    per_shard: dict[int, dict[int, dict[str, list[str]]]] = defaultdict(lambda: defaultdict(dict))
    for ref, record in enumerate(records):
        for field, terms in record.field_tokens().items():
            for term in terms:
                per_shard[term_shard(term, shards)][ref].setdefault(field, []).append(term)
    files = {}
    jobs = [(shard, per_shard.get(shard, {}), len(records)) for shard in range(shards)]
    for shard, text in _map(_shard_json, jobs):
        files[f"shard-{shard:04d}.json"] = text
    for start in range(0, len(records), BLOCK_SIZE):
        block = [
            [r.title, r.url, r.doc_no, r.published, r.section, r.status]
            for r in records[start : start + BLOCK_SIZE]
        ]
        files[f"docs-{start // BLOCK_SIZE:04d}.json"] = _dumps(block)
    files["meta.json"] = _dumps({
        "format": FORMAT_VERSION, "documents": len(records), "shards": shards, "block": BLOCK_SIZE,
        "fields": [name for name, _ in FIELDS],
    })
    return files


def _map(function, jobs):
    """Build shards on every core: Python lunr is the slow part of the build."""
    workers = min(os.cpu_count() or 1, 8)
    if workers == 1 or len(jobs) < 64:
        return map(function, jobs)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        return list(pool.map(function, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    finally:
        pool.shutdown()


def _shard_json(job) -> tuple[int, str]:
    shard, docs, total = job
    index = _lunr_index(docs, total)
    # A field without terms in this shard is never looked up by lunr.js; leaving its empty
    # vector out saves a third of the bytes.
    index["fieldVectors"] = [pair for pair in index["fieldVectors"] if pair[1]]
    return shard, _dumps(index)


def _lunr_index(docs: dict[int, dict[str, list[str]]], total: int) -> dict:
    builder = Builder()
    # Tokens are already cut: no trimmer, stop words or English stemmer (they would drop Chinese).
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for ref in sorted(docs):
        fields = docs[ref]
        builder.add({"id": str(ref), **{name: fields.get(name, []) for name, _ in FIELDS}})
    # idf over the whole column, not only the documents that happen to share this shard
    builder.document_count = max(total, 1)
    return builder.build().serialize()


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def records_for(column, section_of, status_of, url_of, format_day) -> list[SearchRecord]:
    """Search records of every document, newest first (the ref is the position in this list)."""
    out = []
    for doc in column.newest_first():
        out.append(SearchRecord(
            title=doc.title, url=url_of(doc), doc_no=doc.doc_no or "", index_no=doc.index_no or "",
            publisher=doc.publisher, summary=doc.summary, body=plain_text(doc.body),
            published=format_day(doc.published), section=section_of(doc), status=status_of(doc) or "",
        ))
    return out
