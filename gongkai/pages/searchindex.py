"""The search index: character bigrams with positions, in compact binary shards.

Why this shape (docs/search.md has the measurements and the comparison with lunr and Pagefind):
- Chinese has no spaces. Texts are cut into character bigrams (and ASCII/digit runs), so a query
  typed without spaces is cut the same way in the browser with no dictionary to download: every
  substring of two or more Chinese characters is found.
- Nothing is dropped: every term keeps every document (no stop words), so the count shown is the
  true count. A term's postings are the document numbers (delta + varint) with the fields it is in;
  its positions (character offsets per field, delta + varint) live in a second file that only a
  query of three or more characters fetches, to check that the bigrams stand next to each other:
  a phrase is counted only where it occurs verbatim.
- Each term lives in exactly one shard (a hash of the term): a query fetches the shards of its own
  terms and the small blocks of metadata of the results it shows, however large the column.
- 文号 and 索引号 are also indexed as whole canonical tokens, so that 〔〕, [] or 【】, with or
  without 号, and an exact 索引号 all find their document.
- The build keeps no Python object per token: batches of documents are cut, sorted and encoded
  as NumPy arrays (searchencode.py), so the index of 10,000 long documents takes 8-12 s of CPU
  on the slow, shared test machine (the per-token Python encoder before it: 75-98 s; Pagefind:
  about 110 s) and some 90 MB beside the records (Pagefind: 4.9 GB). The files are byte for
  byte those of the per-token encoder (tests/test_searchindex_numpy.py).
The tokenizer, the hash and the decoder are mirrored in overrides/assets/javascripts/search.js;
both sides are tested against the same cases.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.process
import re
import time
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np

from ..annualreport.body import page_markdown
from ..core.metadata import normalise_doc_no
from ..core.text import plain_text
from .searchencode import Encoder, fnv1a

FORMAT_VERSION = 2
BLOCK_SIZE = 16  # documents per block of result metadata: a page of 20 results fetches few bytes
FIELDS = ("title", "meta", "body")  # bit 1, 2, 4 of a posting's field mask, in this order
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9a-z]+")


_LONG = 64  # characters from which a text is normalised through arrays


@cache
def _nfkc_of_each() -> np.ndarray:
    """Every BMP character's NFKC form where it is one character (itself elsewhere)."""
    table = np.arange(1 << 16, dtype=np.uint32)
    for code in chain(range(0xD800), range(0xE000, 1 << 16)):
        normal = unicodedata.normalize("NFKC", chr(code))
        if len(normal) == 1:
            table[code] = ord(normal)
    return table


def normalise_query_text(text: str) -> str:
    """Full-width letters and digits to half-width, lower case (mirrored in search.js): NFKC, then
    lower case.

    A long text (a body full of full-width commas) first has each character replaced by its own
    NFKC form through a table: that changes no character's full decomposition, so NFKC of the
    result is NFKC of the text, but it is then mostly found normalised at once (three to five
    times faster than decomposing and recomposing every character)."""
    if text.isascii():
        return text.lower()
    if len(text) >= _LONG and not unicodedata.is_normalized("NFKC", text):
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4")
        mapped = np.where(points < 1 << 16, _nfkc_of_each()[points & 0xFFFF], points).astype("<u4")
        text = mapped.tobytes().decode("utf-32-le", "surrogatepass")
    return unicodedata.normalize("NFKC", text).lower()


def token_offsets(text: str) -> list[tuple[str, int]]:
    """(token, character offset) of an already normalised text: the bigrams of every run of
    Chinese characters (a lone character stays as is) and every ASCII letter/digit run."""
    out = []
    for match in _RUN.finditer(text):
        run, start = match.group(), match.start()
        if len(run) == 1 or run[0] < "\u3400":
            out.append((run, start))
        else:
            out.extend((run[i : i + 2], start + i) for i in range(len(run) - 1))
    return out


_AFTER_ASCII = re.compile(r"(?<=[0-9a-z])[\u3400-\u9fff\uf900-\ufaff]")
_BEFORE_ASCII = re.compile(r"[\u3400-\u9fff\uf900-\ufaff](?=[0-9a-z])")


def _edge_positions(text: str, out: dict[str, list[int]]) -> dict[str, list[int]]:
    """Add the Chinese characters that touch a letter or digit: "^年" for 年 right after one
    (2024年度), "第$" for 第 right before one (第3号). A query that ends in 2024年 or starts with
    第3 looks for these, since 年 and 第 alone are not tokens of the text there."""
    for pattern, form in ((_AFTER_ASCII, "^{}"), (_BEFORE_ASCII, "{}$")):
        for match in pattern.finditer(text):
            out.setdefault(form.format(match.group()), []).append(match.start())
    return out


def index_token_offsets(text: str) -> list[tuple[str, int]]:
    """(token, offset) of a normalised text as the index holds it: token_offsets and the edge
    characters (the reference of the tests; the build computes the same faster)."""
    edges = _edge_positions(text, {})
    return token_offsets(text) + [(token, at) for token, offsets in edges.items() for at in offsets]


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` in order (normalised first), as the browser cuts a query."""
    return [token for token, _ in token_offsets(normalise_query_text(text))]


def doc_no_token(doc_no: str) -> str:
    normal, _ = normalise_doc_no(doc_no)
    return "wh:" + (normal or doc_no)


def index_no_token(index_no: str) -> str:
    return "sy:" + normalise_query_text(index_no.strip())


def term_shard(term: str, shards: int) -> int:
    """FNV-1a over UTF-16 code units (what JavaScript's charCodeAt sees)."""
    return fnv1a(term) % shards


def shard_count(documents: int) -> int:
    """About one shard per eight documents, a power of two between 16 and 8192: a query fetches
    one postings file per term (some 8 KB at any size of column) and, for a phrase, a positions file."""
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

    def field_texts(self) -> tuple[str, str, str]:
        """The normalised text of each field; the parts of the metadata on lines of their own,
        so that no phrase is found across two of them."""
        meta = "\n".join(part for part in (self.doc_no, self.index_no, self.publisher, self.summary, self.reg_no)
                         if part)
        return normalise_query_text(self.title), normalise_query_text(meta), normalise_query_text(self.body)

    def special_tokens(self) -> list[str]:
        """Whole 文号 and 索引号, found in the metadata whatever the brackets of the query."""
        out = []
        if self.doc_no:
            out.append(doc_no_token(self.doc_no))
        if self.index_no:
            out.append(index_no_token(self.index_no))
        return out


# -- varints -------------------------------------------------------------------------------------

def varint(value: int) -> bytes:
    """LEB128: seven bits a byte, low bits first, the high bit set on all but the last."""
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def read_varints(data: bytes, start: int = 0, count: int | None = None) -> tuple[list[int], int]:
    """Decode ``count`` varints (all when None) from ``start``; (values, next offset). For tests
    and the benchmark: the browser has its own decoder."""
    values: list[int] = []
    value, shift, i = 0, 0, start
    while i < len(data) and (count is None or len(values) < count):
        byte = data[i]
        value |= (byte & 0x7F) << shift
        shift += 7
        i += 1
        if byte < 0x80:
            values.append(value)
            value, shift = 0, 0
    return values, i


def iter_search_files(records: list[SearchRecord]) -> Iterator[tuple[str, bytes]]:
    """Every file of the search index, (name, bytes), each shard as soon as it is encoded;
    the same records give the same bytes."""
    shards = shard_count(len(records))
    encoder = Encoder(shards)
    for record in records:
        encoder.add(record.field_texts(), record.special_tokens())
    yield from encoder.shard_files()
    del encoder
    for start in range(0, len(records), BLOCK_SIZE):
        block = [
            [r.title, r.url, r.doc_no, r.published, r.section, r.status, r.reg_no,
             [list(pair) for pair in r.interprets], [list(pair) for pair in r.interpreted_by]]
            for r in records[start : start + BLOCK_SIZE]
        ]
        yield f"docs-{start // BLOCK_SIZE:04d}.json", _dumps(block).encode("utf-8")
    yield "meta.json", _dumps({
        "format": FORMAT_VERSION, "documents": len(records), "shards": shards, "block": BLOCK_SIZE,
        "fields": list(FIELDS),
    }).encode("utf-8")


def build_search_files(records: list[SearchRecord]) -> dict[str, bytes]:
    """Every file of the search index, name -> bytes (tests; the build streams them to disk)."""
    return dict(iter_search_files(records))


def write_search_files(records: list[SearchRecord], directory: Path) -> int:
    """Write the index into ``directory`` file by file; the number of files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, data in iter_search_files(records):
        (directory / name).write_bytes(data)
        written += 1
    return written


def read_shard(post: bytes, pos: bytes) -> dict[str, list[tuple[int, int, list[list[int]]]]]:
    """Decode one shard: term -> [(document, field mask, [offsets per field of the mask])].
    The reference decoder of the tests; search.js decodes the same bytes."""
    (count,), i = read_varints(post, 0, 1)
    heads = []
    for _ in range(count):
        (length,), i = read_varints(post, i, 1)
        term = post[i : i + length].decode("utf-8")
        i += length
        (documents, post_len, pos_len), i = read_varints(post, i, 3)
        heads.append((term, documents, post_len, pos_len))
    out, p = {}, 0
    for term, documents, post_len, pos_len in heads:
        entries, _ = read_varints(post[i : i + post_len])
        i += post_len
        positions, _ = read_varints(pos[p : p + pos_len])
        p += pos_len
        doc, rows, k = 0, [], 0
        for value in entries:
            doc += value >> 3
            mask = value & 7
            fields = []
            for bit in (1, 2, 4):
                if mask & bit:
                    n = positions[k]
                    gaps = positions[k + 1 : k + 1 + n]
                    k += 1 + n
                    at, offsets = 0, []
                    for gap in gaps:
                        at += gap
                        offsets.append(at)
                    fields.append(offsets)
            rows.append((doc, mask, fields))
        assert len(rows) == documents
        out[term] = rows
    return out


class SearchIndexError(Exception):
    """The index could not be built; the message says why (for the build log)."""


class IndexInBackground:
    """Builds the index files into ``directory`` in a forked process while the caller goes on.

    MkDocs renders pages on one core; the index takes another, so it adds little to the wall time
    of the build (figures in docs/search.md). The
    child only computes and writes files: it logs nothing and imports nothing, because it was
    forked from a process that may hold locks in other threads (``mkdocs serve``).
    Where fork is not available the index is built at once, in this process.
    """

    def __init__(self, make_records: Callable[[], list[SearchRecord]], directory: Path):
        self.make_records = make_records
        self.directory = Path(directory)
        self.process: multiprocessing.process.BaseProcess | None = None
        self.receiver: Connection | None = None

    def start(self) -> IndexInBackground:
        if "fork" not in multiprocessing.get_all_start_methods():
            self._outcome = self._build()
            return self
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=self._child, args=(sender,), daemon=True)
        self.process.start()
        sender.close()
        return self

    def _build(self):
        start = time.perf_counter()
        try:
            written = write_search_files(self.make_records(), self.directory)
        except Exception:  # reported by wait() in the parent, with the trace for a bug report
            return ("error", traceback.format_exc())
        return ("done", written, time.perf_counter() - start)

    def _child(self, sender) -> None:
        # The parent keeps one core busy with pages; the index takes one of the others.
        sender.send(self._build())
        sender.close()

    def wait(self) -> tuple[int, float, float]:
        """(files written, seconds the build took, seconds the caller waited for it here)."""
        waited_from = time.perf_counter()
        if self.process is not None and self.receiver is not None:
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
        if self.process is not None and self.receiver is not None:
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
            publisher=doc.publisher, summary=doc.summary, body=plain_text(page_markdown(doc, column)),
            published=format_day(doc.published), section=section_of(doc), status=status_of(doc) or "",
            reg_no=doc.reg_no or "", interprets=pairs(links.interprets.get(doc.src, ())),
            interpreted_by=pairs(links.interpreted_by.get(doc.src, ())),
        ))
    return out
