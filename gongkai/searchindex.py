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
import math
import multiprocessing
import os
import re
import time
import traceback
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION
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
    """About one shard per eight documents, a power of two between 16 and 8192: a shard holds
    some 60–120 KB of index whatever the size of the column, and a query fetches one per term."""
    count = 16
    while count < documents / 8 and count < 8192:
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
    reg_no: str = ""  # 登记号 (registry.py), found like 文号 and 索引号
    interprets: tuple = ()  # ((link text, url), …): the policies this 解读 interprets
    interpreted_by: tuple = ()  # ((link text, url), …): the 解读 of this policy

    def field_tokens(self) -> dict[str, list[str]]:
        meta = tokens(self.doc_no) + tokens(self.index_no) + tokens(self.publisher) + tokens(self.summary)
        if self.reg_no:
            meta += tokens(self.reg_no)  # SLFG-2026-001: slfg, 2026, 001, all required by a query
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


def build_search_files(records: list[SearchRecord], workers: int | None = None) -> dict[str, str]:
    """Every file of the search index, name -> JSON text; deterministic. ``workers``: processes
    for the shards (default: one per core)."""
    shards = shard_count(len(records))
    names = [name for name, _ in FIELDS]
    tokenized = [record.field_tokens() for record in records]
    stop = common_text_terms(tokenized)
    shard_of: dict[str, int] = {}  # each distinct term is hashed once
    # Postings per shard, flat and in the order lunr.Builder.add would meet them:
    # (ref, field number, term, term frequency).
    per_shard: list[list[tuple]] = [[] for _ in range(shards)]
    for ref, field_tokens in enumerate(tokenized):
        for number, name in enumerate(names):
            for term, tf in Counter(field_tokens[name]).items():
                if name == "body" and term in stop:
                    continue
                shard = shard_of.get(term)
                if shard is None:
                    shard = shard_of[term] = term_shard(term, shards)
                per_shard[shard].append((ref, number, term, tf))
    files = {}
    jobs = [(shard, per_shard[shard], len(records)) for shard in range(shards)]
    for shard, text in _map(_shard_json, jobs, workers):
        files[f"shard-{shard:04d}.json"] = text
    for start in range(0, len(records), BLOCK_SIZE):
        block = [
            [r.title, r.url, r.doc_no, r.published, r.section, r.status, r.reg_no,
             [list(pair) for pair in r.interprets], [list(pair) for pair in r.interpreted_by]]
            for r in records[start : start + BLOCK_SIZE]
        ]
        files[f"docs-{start // BLOCK_SIZE:04d}.json"] = _dumps(block)
    files["meta.json"] = _dumps({
        "format": FORMAT_VERSION, "documents": len(records), "shards": shards, "block": BLOCK_SIZE,
        "fields": names, "stop": sorted(stop),
    })
    return files


STOP_MIN_DOCUMENTS = 500
STOP_SHARE = 0.1


def common_text_terms(tokenized: list[dict[str, list[str]]]) -> set[str]:
    """Bigrams found in the text of more than 10% of the documents of a large column.

    They hold some 40% of all postings of government prose (工作, 管理, 规定 …) and make the
    biggest shards; they stay in titles and metadata, and the browser does not require them in
    the text (meta.json lists them). Small columns keep every term."""
    if len(tokenized) < STOP_MIN_DOCUMENTS:
        return set()
    frequency = Counter(term for fields in tokenized for term in set(fields["body"]))
    limit = STOP_SHARE * len(tokenized)
    return {term for term, count in frequency.items() if count > limit}


def _map(function, jobs, workers: int | None = None):
    """Build shards on every core given: the index is the slowest part of a large build."""
    workers = min(os.cpu_count() or 1, 8) if workers is None else workers
    if workers <= 1 or len(jobs) < 64:
        return map(function, jobs)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        return list(pool.map(function, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
    finally:
        pool.shutdown()


def _shard_json(job) -> tuple[int, str]:
    shard, postings, total = job
    index = shard_index(postings, total)
    # A field without terms in this shard is never looked up by lunr.js (and lunr.Builder's
    # empty vectors are left out): a third of the bytes.
    return shard, _dumps(index)


K1, B = 1.2, 0.75  # lunr's BM25 parameters (lunr.Builder defaults)


def shard_index(postings: list[tuple], total: int) -> dict:
    """The serialized lunr index of one shard from its postings (ref, field number, term, tf).

    Identical to what ``lunr.Builder`` serializes for the same documents, less the vectors of
    fields without terms (tests compare the two): lunr.Builder itself needs minutes at 10,000
    documents, because each document appears in hundreds of shards and lunr.py builds Python
    objects for every token and every field of every document in every shard.
    """
    names = [name for name, _ in FIELDS]
    boosts = [boost for _, boost in FIELDS]
    inverted: dict[str, dict] = {}
    term_index: dict[str, int] = {}
    document_frequency: dict[str, int] = {}
    # One entry per (ref, field) in add order: postings arrive grouped by document, then field.
    vectors: list[list] = []  # [field ref, field number, [(term, tf)], length]
    lengths = [0] * len(names)
    docs = 0
    current = None
    for ref, number, term, tf in postings:
        if current is None or current[0] != ref or current[1] != number:
            if current is None or current[0] != ref:
                docs += 1
            key = str(ref)
            terms: list = []
            current = (ref, number, key, terms)
            vectors.append([f"{names[number]}/{key}", number, terms, 0])
        posting = inverted.get(term)
        if posting is None:
            posting = {name: {} for name in names}
            posting["_index"] = term_index[term] = len(inverted)
            inverted[term] = posting
            document_frequency[term] = 0
        posting[names[number]][current[2]] = {}
        document_frequency[term] += 1
        terms.append((term, tf))
        vectors[-1][3] += tf
        lengths[number] += tf
    # lunr averages over every document of the index, including those whose field is empty here
    average = [length / docs for length in lengths] if docs else lengths
    idf = {term: math.log(1 + abs((total - df + 0.5) / (df + 0.5)))  # lunr.idf
           for term, df in document_frequency.items()}
    field_vectors = []
    k1_plus_1 = K1 + 1
    for field_ref, number, terms, length in vectors:
        norm = K1 * (1 - B + B * (length / average[number]))
        boost = boosts[number]
        elements = sorted((term_index[term], round(idf[term] * (k1_plus_1 * tf) / (norm + tf) * boost, 3))
                          for term, tf in terms)
        field_vectors.append([field_ref, [x for pair in elements for x in pair]])
    return {
        "version": LUNR_JS_VERSION,
        "fields": names,
        "fieldVectors": field_vectors,
        "invertedIndex": [[term, inverted[term]] for term in sorted(inverted)],
        "pipeline": [],
    }


def postings_of(docs: dict[int, dict[str, list[str]]]) -> list[tuple]:
    """Postings (ref, field number, term, tf) of documents given as {ref: {field: [terms]}}."""
    names = [name for name, _ in FIELDS]
    return [(ref, number, term, tf) for ref in sorted(docs) for number, name in enumerate(names)
            for term, tf in Counter(docs[ref].get(name, [])).items()]


def lunr_builder_index(docs: dict[int, dict[str, list[str]]], total: int) -> dict:
    """The same shard built by the Python lunr package's Builder: the reference for shard_index."""
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


class SearchIndexError(Exception):
    """The index could not be built; the message says why (for the build log)."""


class IndexInBackground:
    """Builds the index files into ``directory`` in a forked process while the caller goes on.

    MkDocs renders pages on one core; the index, the slowest part of a large build, takes the
    others, so it adds little to the wall time of the build (figures in docs/search.md). The
    child only computes and writes files: it logs nothing and imports nothing, because it was
    forked from a process that may hold locks in other threads (``mkdocs serve``).
    Where fork is not available the index is built at once, in this process.
    """

    def __init__(self, make_records: Callable[[], list[SearchRecord]], directory: Path):
        self.make_records = make_records
        self.directory = Path(directory)
        self.process = None
        self.receiver = None

    def start(self) -> "IndexInBackground":
        if "fork" not in multiprocessing.get_all_start_methods():
            self._outcome = self._build(workers=None)
            return self
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=self._child, args=(sender,), daemon=True)
        self.process.start()
        sender.close()
        return self

    def _build(self, workers: int | None):
        start = time.perf_counter()
        try:
            files = build_search_files(self.make_records(), workers=workers)
            self.directory.mkdir(parents=True, exist_ok=True)
            for name, text in files.items():
                (self.directory / name).write_text(text, encoding="utf-8")
        except Exception:  # reported by wait() in the parent, with the trace for a bug report
            return ("error", traceback.format_exc())
        return ("done", len(files), time.perf_counter() - start)

    def _child(self, sender) -> None:
        # The parent keeps one core busy with pages: use the others, or this one alone.
        sender.send(self._build(workers=max(1, (os.cpu_count() or 1) - 1)))
        sender.close()

    def wait(self) -> tuple[int, float, float]:
        """(files written, seconds the build took, seconds the caller waited for it here)."""
        waited_from = time.perf_counter()
        if self.process is not None:
            try:
                outcome = self.receiver.recv()
            except EOFError:
                outcome = ("error", f"生成搜索索引的进程意外退出（退出码 {self.process.exitcode}）")
            self.process.join()
            self.receiver.close()
            self.process = None
        else:
            outcome = self._outcome
        if outcome[0] == "error":
            raise SearchIndexError(outcome[1])
        return outcome[1], outcome[2], time.perf_counter() - waited_from

    def stop(self) -> None:
        """Abandon the build (the site build failed): no process is left behind."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.receiver.close()
            self.process = None


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def records_for(column, section_of, status_of, url_of, format_day) -> list[SearchRecord]:
    """Search records of every document, newest first (the ref is the position in this list)."""
    from .presentation import link_text

    def pairs(docs) -> tuple:
        return tuple((link_text(d), url_of(d)) for d in docs)

    links = column.links
    out = []
    for doc in column.newest_first():
        out.append(SearchRecord(
            title=doc.title, url=url_of(doc), doc_no=doc.doc_no or "", index_no=doc.index_no or "",
            publisher=doc.publisher, summary=doc.summary, body=plain_text(doc.body),
            published=format_day(doc.published), section=section_of(doc), status=status_of(doc) or "",
            reg_no=doc.reg_no or "", interprets=pairs(links.interprets.get(doc.src, ())),
            interpreted_by=pairs(links.interpreted_by.get(doc.src, ())),
        ))
    return out
