"""The search index's postings and positions, encoded with NumPy arrays (format 2, docs/search.md).

Why NumPy: the index of 10,000 long documents holds some 30 million tokens. A Python object or
step per token cost more than a minute of CPU; here every step is an array operation over a batch
of documents, so a token costs a few machine instructions and a few bytes.

How, for each batch of documents (about half a million characters, so the working arrays stay
small whatever the size of the column):
1. The normalised fields of the batch are joined into one string, a NUL before, between and after
   them, and read as an array of code points; each character is classified (Chinese, letter or
   digit, other), which is all the tokenizer of searchindex.py looks at.
2. Every token becomes an integer key: a bigram its two code points, a lone Chinese character or an
   edge form (^年, 第$) its code point and a tag, a letter/digit run and the whole 文号/索引号 a
   number from a dictionary of strings. The shard of each token (FNV-1a, as term_shard) is
   computed on the arrays with a table.
3. (group of shards, key, token index) packed in one 64-bit number and sorted once puts each
   term's tokens in (document, field, offset) order; the positions ([count, first, gaps…] per
   field) and the postings (document gap * 8 + field mask) are delta-coded on the arrays and
   written as varints in one pass.
4. The batch's bytes go to a temporary file; per term and group of shards the batch keeps a few
   numbers, among them the first posting (its gap depends on the previous batch) and the last.
At the end each group of shards reads its pieces of every batch back, orders the terms as Python
orders strings, and its shards are written one after the other.
The output is byte for byte what the per-token encoder of tests/test_searchindex_numpy.py writes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

# A key is tag << 32 | payload: a bigram its two code points, a lone character or an edge form its
# code point, and a string (letter/digit run, 文号, 索引号) its number in the dictionary of strings.
_BIGRAM, _LONE, _HEAD, _TAIL, _STRING = (np.uint64(t << 32) for t in range(5))
_KEY_BITS = 35
_INDEX_BITS = 24  # a token's index in its batch, below the key in the number that is sorted
_CHUNK_SHIFT = np.uint64(_KEY_BITS + _INDEX_BITS)
_CHUNKS = 32  # groups of shards kept apart (5 bits above the key), each assembled and let go on its own
_BATCH_CHARS = 1 << 19  # characters of text per batch: the working arrays take some 100 bytes each
# FNV-1a in 32-bit arithmetic (the multiplication wraps as the hash's does): the state after the
# first UTF-16 unit, for every unit, so a term of two units costs one look-up, one xor, one product
_PRIME = np.uint32(0x01000193)
_AFTER_FIRST = (np.uint32(0x811C9DC5) ^ np.arange(1 << 16, dtype=np.uint32)) * _PRIME


def fnv1a(text: str) -> int:
    """FNV-1a (32 bits) over the UTF-16 code units of ``text`` (what JavaScript's charCodeAt sees)."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def _fnv1a_many(texts: list[str]) -> np.ndarray:
    """fnv1a of every text, one UTF-16 unit of all texts at a time."""
    encoded = [text.encode("utf-16-le", "surrogatepass") for text in texts]
    units = np.frombuffer(b"".join(encoded), "<u2")
    lens = np.fromiter(map(len, encoded), np.int64, len(encoded)) // 2
    at = np.cumsum(lens) - lens
    h = np.full(len(texts), 0x811C9DC5, np.uint32)
    live = np.arange(len(texts))
    for k in range(int(lens.max()) if len(texts) else 0):
        live = live[lens[live] > k]
        h[live] = (h[live] ^ units[at[live] + k]) * _PRIME
    return h


def _fnv2(first: np.ndarray, second: np.ndarray | int) -> np.ndarray:
    """FNV-1a of two UTF-16 units."""
    return (_AFTER_FIRST[first] ^ np.uint32(second)) * _PRIME if isinstance(second, int) \
        else (_AFTER_FIRST[first] ^ second.astype(np.uint32)) * _PRIME


def varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LEB128 of every value (non-negative integers): (the bytes, one after the other; the number
    of bytes of each value)."""
    v = np.asarray(values)
    if not len(v):
        return np.zeros(0, np.uint8), np.zeros(0, np.int64)
    top = int(v.max())
    if top < 0x80:
        return v.astype(np.uint8), np.ones(len(v), np.int64)
    lens = np.ones(len(v), np.int64)
    width = 1
    while top >> (7 * width):
        lens += v >= (1 << (7 * width))
        width += 1
    ends = np.cumsum(lens)
    out = np.empty(int(ends[-1]), np.uint8)
    starts = ends - lens
    out[starts] = (v & 0x7F).astype(np.uint8) | ((lens > 1).astype(np.uint8) << 7)
    for k in range(1, width):
        at = np.flatnonzero(lens > k)
        byte = (v[at] >> (7 * k)) & 0x7F
        out[starts[at] + k] = byte.astype(np.uint8) | ((lens[at] > k + 1).astype(np.uint8) << 7)
    return out, lens


def _ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """The indices of every range [start, start + len), one range after the other."""
    lens = np.asarray(lens, np.int64)
    total = int(lens.sum())
    if not total:
        return np.zeros(0, np.int64)
    before = np.cumsum(lens) - lens
    return np.repeat(np.asarray(starts, np.int64) - before, lens) + np.arange(total, dtype=np.int64)


def _rows(columns: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows made of columns of bytes, each column (its bytes row after row, its length per row):
    (the rows one after the other, the length of each row)."""
    row_lens = sum((lens for _, lens in columns), np.zeros(len(columns[0][1]), np.int64))
    out = np.empty(int(row_lens.sum()), np.uint8)
    at = np.cumsum(row_lens) - row_lens
    for data, lens in columns:
        out[_ranges(at, lens)] = data
        at = at + lens
    return out, row_lens


class _Terms:
    """What a key stands for: the term's text, its shard; the strings that need a dictionary."""

    def __init__(self, shards: int):
        self.shards = shards
        self.strings: dict[str, int] = {}  # letter/digit runs, 文号 and 索引号 -> their number
        self.string_list: list[str] = []
        self.string_hashes = np.zeros(0, np.uint32)

    def string_keys(self, texts: list[str]) -> np.ndarray:
        new = set(texts).difference(self.strings)
        if new:
            new_list = sorted(new)  # numbered in a fixed order: the same input, the same numbers
            self.strings.update(zip(new_list, range(len(self.string_list), len(self.string_list) + len(new_list)),
                                    strict=True))
            self.string_list += new_list
            self.string_hashes = np.concatenate([self.string_hashes, _fnv1a_many(new_list)])
        ids = np.fromiter(map(self.strings.__getitem__, texts), np.uint64, len(texts))
        return ids | _STRING

    def shard(self, keys: np.ndarray) -> np.ndarray:
        """The shard of each key: FNV-1a over the UTF-16 code units of its text, as term_shard."""
        tag = keys >> np.uint64(32)
        payload = keys & np.uint64(0xFFFFFFFF)
        high, low = payload >> np.uint64(16), payload & np.uint64(0xFFFF)
        # the UTF-16 units: 养老 养 老, 养 养, ^年 ^ 年, 第$ 第 $
        out = np.where(tag == 0, _fnv2(high, low), _AFTER_FIRST[low])
        out = np.where(tag == 2, _fnv2(np.full(len(low), ord("^")), low), out)
        out = np.where(tag == 3, _fnv2(low, ord("$")), out)
        out = (out % np.uint32(self.shards)).astype(np.int64)
        strings = tag == 4
        if strings.any():
            out[strings] = self.string_hashes[payload[strings].astype(np.int64)] % np.uint32(self.shards)
        return out

    def texts(self, keys: np.ndarray) -> list[str]:
        """The text of each key (sorted keys, so the tags come in order)."""
        tag = keys >> np.uint64(32)
        payload = (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        bounds = np.searchsorted(tag, np.arange(6, dtype=np.uint64))
        part = [payload[bounds[t]:bounds[t + 1]] for t in range(5)]

        def chars(*columns: np.ndarray) -> list[str]:
            return np.ascontiguousarray(np.stack(columns, axis=1)).view(f"U{len(columns)}").ravel().tolist()

        out = chars(part[0] >> 16, part[0] & 0xFFFF)
        out += chars(part[1])
        out += chars(np.full_like(part[2], ord("^")), part[2])
        out += chars(part[3], np.full_like(part[3], ord("$")))
        out += [self.string_list[p] for p in part[4].tolist()]
        return out


@dataclass(slots=True)
class _Piece:
    """The encoded terms of one batch that fall in one group of shards, ordered by key: per term
    its key, documents, first posting value, last document, bytes of postings after the first and
    of positions; where those bytes are in the spill file."""

    keys: np.ndarray
    docs: np.ndarray
    first: np.ndarray
    last: np.ndarray
    post_len: np.ndarray
    pos_len: np.ndarray
    post_at: int
    pos_at: int


class _Spill:
    """The encoded bytes of every batch, kept in an unnamed temporary file until their shards are
    written: the memory holds one batch at a time, not the whole index (63 MB at 10,000 documents)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # closed by close(); unlinked at once, so never left behind
        self.size = 0

    def put(self, data: np.ndarray) -> int:
        """Append ``data``; where it starts."""
        at = self.size
        self.file.write(data.tobytes())
        self.size += len(data)
        return at

    def get(self, at: int, size: int) -> np.ndarray:
        self.file.flush()
        return np.frombuffer(os.pread(self.file.fileno(), size, at), np.uint8) if size else np.zeros(0, np.uint8)

    def close(self) -> None:
        self.file.close()


def _tokens(joined: str, terms: _Terms) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(key, character index in ``joined``, FNV-1a hash) of every token; within each key in index
    order."""
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), "<u4")
    cjk = ((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xF900) & (cp <= 0xFAFF))
    an = ((cp >= 48) & (cp <= 57)) | ((cp >= 97) & (cp <= 122))
    keys, where, hashes = [], [], []
    # bigrams: a Chinese character followed by another
    at = np.flatnonzero(cjk[:-1] & cjk[1:])
    first, second = cp[at], cp[at + 1]
    keys.append((first.astype(np.uint64) << np.uint64(16)) | second)
    hashes.append(_fnv2(first, second))
    where.append(at)
    # a Chinese character alone between two others (the string starts and ends with a NUL)
    at = np.flatnonzero(cjk[1:-1] & ~cjk[:-2] & ~cjk[2:]) + 1
    keys.append(cp[at].astype(np.uint64) | _LONE)
    hashes.append(_AFTER_FIRST[cp[at]])
    where.append(at)
    # ^年: a Chinese character right after a letter or digit; 第$: right before one
    at = np.flatnonzero(cjk[1:] & an[:-1]) + 1
    keys.append(cp[at].astype(np.uint64) | _HEAD)
    hashes.append(_fnv2(np.full(len(at), ord("^")), cp[at]))
    where.append(at)
    at = np.flatnonzero(cjk[:-1] & an[1:])
    keys.append(cp[at].astype(np.uint64) | _TAIL)
    hashes.append(_fnv2(cp[at], ord("$")))
    where.append(at)
    # letter/digit runs: few, through the dictionary (the text with spaces for all else, split)
    strings = terms.string_keys(np.where(an, cp, 32).astype(np.uint8).tobytes().decode("ascii").split())
    keys.append(strings)
    hashes.append(terms.string_hashes[(strings & np.uint64(0xFFFFFFFF)).astype(np.int64)])
    where.append(np.flatnonzero(an[1:] & ~an[:-1]) + 1)
    return np.concatenate(keys), np.concatenate(where), np.concatenate(hashes)


class Encoder:
    """Feed documents in order (add), then take the shard files (shard_files)."""

    def __init__(self, shards: int):
        self.shards = shards
        self.terms = _Terms(shards)
        self.per_chunk = -(-shards // _CHUNKS)  # shards per group
        self.chunks = -(-shards // self.per_chunk)
        self.pieces: list[list[_Piece]] = [[] for _ in range(self.chunks)]
        self.spill = _Spill()
        self.seen: list[np.ndarray] = []  # the distinct keys of each batch
        self.batch: list[tuple[str, str, str, list[str]]] = []
        self.batch_chars = 0
        self.documents = 0

    def add(self, fields: tuple[str, str, str], specials: list[str]) -> None:
        """One document: its normalised title, metadata and body, its whole-token terms (in the
        metadata at offset 0)."""
        self.batch.append((*fields, specials))
        self.batch_chars += sum(map(len, fields)) + 3
        if self.batch_chars >= _BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch, self.batch_chars = self.batch, [], 0
        first_doc = self.documents
        self.documents += len(batch)
        parts = [text for doc in batch for text in doc[:3]]
        # NUL before, between and after the fields: no token spans two, no look-around falls off
        joined = "\0" + "\0".join(parts) + "\0"
        seg_lens = np.fromiter(map(len, parts), np.int64, len(parts))
        seg_start = np.cumsum(seg_lens + 1) - seg_lens  # index of each field's first character
        keys, where, hashes = _tokens(joined, self.terms)
        del joined
        # 文号 and 索引号: in the metadata (field 1) at offset 0, after the tokens (another key)
        specials = [(i, text) for i, doc in enumerate(batch) for text in doc[3]]
        if specials:
            strings = self.terms.string_keys([text for _, text in specials])
            keys = np.concatenate([keys, strings])
            where = np.concatenate([where, seg_start[[3 * i + 1 for i, _ in specials]]])
            hashes = np.concatenate(
                [hashes, self.terms.string_hashes[(strings & np.uint64(0xFFFFFFFF)).astype(np.int64)]])
        chunk = ((hashes % np.uint32(self.shards)) // np.uint32(self.per_chunk)).astype(np.uint64)
        del hashes
        # one sort: by group of shards, key, then the token's index (document, field, offset order)
        if len(keys) < 1 << _INDEX_BITS:
            packed = (chunk << _CHUNK_SHIFT) | (keys << np.uint64(_INDEX_BITS))
            packed |= np.arange(len(keys), dtype=np.uint64)
            del chunk, keys
            packed.sort()
            order = (packed & np.uint64((1 << _INDEX_BITS) - 1)).astype(np.int64)
            keys = (packed >> np.uint64(_INDEX_BITS)) & np.uint64((1 << _KEY_BITS) - 1)
            del packed
        else:  # a batch of more tokens than the index bits hold (one huge document): a stable sort
            order = np.lexsort((keys, chunk))
            del chunk
            keys = keys[order]
        where = where[order]
        del order
        # the field of each character (the NUL before a field counts as the field's)
        segment = np.repeat(np.arange(len(parts), dtype=np.int32), seg_lens + 1)[where - 1]
        position = where - seg_start[segment]
        del where
        self._encode(keys, segment, position, first_doc)

    def _encode(self, keys: np.ndarray, segment: np.ndarray, position: np.ndarray, first_doc: int) -> None:
        count = len(keys)
        if not count:
            return
        new_term = np.empty(count, bool)
        new_term[0] = True
        np.not_equal(keys[1:], keys[:-1], out=new_term[1:])
        term_start = np.flatnonzero(new_term)
        term_keys = keys[term_start]
        del keys
        new_field = new_term.copy()
        new_field[1:] |= segment[1:] != segment[:-1]
        fields = len(segment) and int(segment.max()) + 1
        doc = (np.arange(fields, dtype=np.int32) // 3)[segment]
        new_doc = new_term.copy()
        new_doc[1:] |= doc[1:] != doc[:-1]
        # positions: per (term, document, field) the count, the first offset, the gaps
        field_start = np.flatnonzero(new_field)
        group = np.cumsum(new_field) - 1
        del new_field
        gaps = position.copy()
        gaps[1:] -= position[:-1]
        gaps[field_start] = position[field_start]
        del position
        values = np.empty(count + len(field_start), np.int64)
        values[field_start + np.arange(len(field_start))] = np.diff(np.append(field_start, count))
        values[np.arange(count) + group + 1] = gaps
        del gaps
        pos_bytes, value_lens = varints(values)
        del values
        pos_len = np.add.reduceat(value_lens, term_start + group[term_start])
        del value_lens, group
        # postings: per (term, document) the document gap * 8 + the mask of its fields
        doc_start = np.flatnonzero(new_doc)
        del new_doc
        mask = np.bitwise_or.reduceat(np.tile(np.array([1, 2, 4], np.int64), fields // 3 + 1)[segment], doc_start)
        docs = doc[doc_start] + first_doc
        opens = new_term[doc_start]
        del new_term, doc, segment
        value = docs * 8 + mask
        gap = value.copy()
        gap[1:] -= docs[:-1] * 8
        post_bytes, gap_lens = varints(gap[~opens])
        post_lens = np.zeros(len(docs), np.int64)
        post_lens[~opens] = gap_lens
        term_doc_start = np.flatnonzero(opens)
        post_len = np.add.reduceat(post_lens, term_doc_start)
        term_docs = np.diff(np.append(term_doc_start, len(docs)))
        first = value[term_doc_start]
        last = docs[np.append(term_doc_start[1:], len(docs)) - 1]
        # keep the batch's bytes by group of shards
        self.seen.append(term_keys)
        chunk = self.terms.shard(term_keys) // self.per_chunk
        bounds = np.searchsorted(chunk, np.arange(self.chunks + 1))
        post_at = np.concatenate([[0], np.cumsum(post_len)]) + self.spill.put(post_bytes)
        pos_at = np.concatenate([[0], np.cumsum(pos_len)]) + self.spill.put(pos_bytes)
        for c in range(self.chunks):
            a, b = bounds[c], bounds[c + 1]
            if a == b:
                continue
            self.pieces[c].append(_Piece(
                keys=term_keys[a:b], docs=term_docs[a:b].astype(np.int32), first=first[a:b].astype(np.uint32),
                last=last[a:b].astype(np.uint32), post_len=post_len[a:b].astype(np.int32),
                pos_len=pos_len[a:b].astype(np.int32), post_at=int(post_at[a]), pos_at=int(pos_at[a])))

    def shard_files(self) -> Iterator[tuple[str, bytes]]:
        """post-NNNN.bin and pos-NNNN.bin of every shard, in order."""
        self.flush()
        seen = np.unique(np.concatenate(self.seen)) if self.seen else np.zeros(0, np.uint64)
        self.seen = []
        texts = self.terms.texts(seen)
        shard = self.terms.shard(seen)
        # the order of the terms in the files: by shard, then as Python orders their texts
        by_text = np.empty(len(texts), np.int64)
        by_text[np.asarray(sorted(range(len(texts)), key=texts.__getitem__), np.int64)] = np.arange(len(texts))
        place = np.empty(len(texts), np.int64)
        place[np.lexsort((by_text, shard))] = np.arange(len(texts))
        del by_text
        names = [text.encode("utf-8") for text in texts]
        del texts
        name_lens = np.fromiter(map(len, names), np.int64, len(names))
        name_at = np.cumsum(name_lens) - name_lens
        name_bytes = np.frombuffer(b"".join(names), np.uint8)
        del names
        terms = _AllTerms(seen, shard, place, name_bytes, name_lens, name_at)
        try:
            for chunk in range(self.chunks):
                pieces, self.pieces[chunk] = self.pieces[chunk], []
                first_shard = chunk * self.per_chunk
                shards = min(self.per_chunk, self.shards - first_shard)
                yield from _chunk_files(pieces, first_shard, shards, terms, self.spill)
        finally:
            self.spill.close()


@dataclass
class _AllTerms:
    """Every term of the index, by key (sorted): its shard, its place in the files (by shard, then
    text), its name in UTF-8 (all names one after the other, the length and start of each)."""

    keys: np.ndarray
    shard: np.ndarray
    place: np.ndarray
    name_bytes: np.ndarray
    name_lens: np.ndarray
    name_at: np.ndarray


def _chunk_files(pieces: list[_Piece], first_shard: int, shards: int, terms: _AllTerms,
                 spill: _Spill) -> Iterator[tuple[str, bytes]]:
    """The files of the shards first_shard … first_shard + shards - 1 from their pieces, one per
    batch that has terms there, in the order of the batches."""
    if not pieces:
        for shard in range(first_shard, first_shard + shards):
            yield f"post-{shard:04d}.bin", b"\x00"
            yield f"pos-{shard:04d}.bin", b""
        return
    index = np.searchsorted(terms.keys, np.concatenate([p.keys for p in pieces]))
    place = terms.place[index]
    # by place of the term, then batch: a stable sort, the pieces being in batch order
    order = np.argsort(place, kind="stable")
    place, index = place[order], index[order]
    docs = np.concatenate([p.docs for p in pieces])[order]
    first = np.concatenate([p.first for p in pieces])[order]
    last = np.concatenate([p.last for p in pieces])[order]
    post_len = np.concatenate([p.post_len for p in pieces]).astype(np.int64)
    pos_len = np.concatenate([p.pos_len for p in pieces]).astype(np.int64)
    post_src = np.concatenate([spill.get(p.post_at, int(p.post_len.sum())) for p in pieces])
    pos_src = np.concatenate([spill.get(p.pos_at, int(p.pos_len.sum())) for p in pieces])
    pieces.clear()
    post_at = (np.cumsum(post_len) - post_len)[order]
    pos_at = (np.cumsum(pos_len) - pos_len)[order]
    post_len, pos_len = post_len[order], pos_len[order]
    # the first posting of a term in a batch: its gap from the term's last document before
    goes_on = np.zeros(len(place), bool)
    goes_on[1:] = place[1:] == place[:-1]
    head = first.astype(np.int64)
    head[1:] -= np.where(goes_on[1:], last[:-1].astype(np.int64) * 8, 0)
    postings, group_lens = _rows([varints(head), (post_src[_ranges(post_at, post_len)], post_len)])
    del post_src
    positions = pos_src[_ranges(pos_at, pos_len)]
    del pos_src
    starts = np.flatnonzero(~goes_on)
    term_docs = np.add.reduceat(docs.astype(np.int64), starts)
    term_post = np.add.reduceat(group_lens, starts)
    term_pos = np.add.reduceat(pos_len, starts)
    name = index[starts]
    lens = terms.name_lens[name]
    heads, head_lens = _rows([varints(lens), (terms.name_bytes[_ranges(terms.name_at[name], lens)], lens),
                              varints(term_docs), varints(term_post), varints(term_pos)])
    bounds = np.searchsorted(terms.shard[name], np.arange(first_shard, first_shard + shards + 1))
    head_at = np.concatenate([[0], np.cumsum(head_lens)])
    post_at = np.concatenate([[0], np.cumsum(term_post)])
    pos_at = np.concatenate([[0], np.cumsum(term_pos)])
    for k in range(shards):
        a, b = bounds[k], bounds[k + 1]
        count = varints(np.asarray([b - a]))[0].tobytes()  # a few bytes per shard
        yield (f"post-{first_shard + k:04d}.bin",
               count + heads[head_at[a]:head_at[b]].tobytes() + postings[post_at[a]:post_at[b]].tobytes())
        yield f"pos-{first_shard + k:04d}.bin", positions[pos_at[a]:pos_at[b]].tobytes()
