"""The NumPy encoder of the search index (gongkai/pages/searchencode.py) writes, byte for byte, the
files of the obvious encoder below: one Python step per token, as the index was built before.
Compared on random records (Hypothesis), on every batch size, and on the edges of the arrays
(varints of every width, keys of every kind, batches too large for the packed sort)."""

from __future__ import annotations

import unicodedata
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from gongkai.pages import searchencode
from gongkai.pages.searchindex import (
    SearchRecord,
    build_search_files,
    index_token_offsets,
    normalise_query_text,
    shard_count,
    term_shard,
    varint,
)


def reference_shard_files(records: list[SearchRecord]) -> dict[str, bytes]:
    """post-NNNN.bin and pos-NNNN.bin as docs/search.md describes them, the slow, obvious way."""
    terms: dict[str, list] = {}  # term -> [postings, positions, last document, documents]
    for ref, record in enumerate(records):
        per: dict[str, dict[int, list[int]]] = {}
        for bit, text in zip((1, 2, 4), record.field_texts(), strict=True):
            for token, offset in index_token_offsets(text):
                per.setdefault(token, {}).setdefault(bit, []).append(offset)
        for token in record.special_tokens():
            per.setdefault(token, {}).setdefault(2, [0])
        for token, fields in per.items():
            entry = terms.setdefault(token, [bytearray(), bytearray(), 0, 0])
            entry[0] += varint((ref - entry[2]) * 8 + sum(fields))
            for bit in (1, 2, 4):
                if bit in fields:
                    offsets = fields[bit]
                    entry[1] += varint(len(offsets))
                    entry[1] += b"".join(varint(b - a) for a, b in zip([0, *offsets], offsets, strict=False))
            entry[2] = ref
            entry[3] += 1
    shards = shard_count(len(records))
    out = {}
    for shard in range(shards):
        names = sorted(t for t in terms if term_shard(t, shards) == shard)
        head = bytearray(varint(len(names)))
        for term in names:
            postings, positions, _, documents = terms[term]
            name = term.encode("utf-8")
            head += varint(len(name)) + name + varint(documents) + varint(len(postings)) + varint(len(positions))
        out[f"post-{shard:04d}.bin"] = bytes(head) + b"".join(terms[t][0] for t in names)
        out[f"pos-{shard:04d}.bin"] = b"".join(terms[t][1] for t in names)
    return out


# Characters of every kind the tokenizer tells apart: Chinese (the edges of both ranges too),
# letters and digits (full-width ones too), punctuation, NUL, outside the BMP, combining marks,
# characters that NFKC expands or changes (①, ㈠, ½, ﬁ, the Kelvin sign, a compatibility ideograph).
ALPHABET = [*"营商环境就业服务年第号一文", "\u3400", "\u9fff", "\uf900", "\ufa0e", "\ufaff", "\u33ff", "\ua000",
            *"abcXYZ0129ＡＢ０１", *"，。、（）〔〕 \n\t\0:^$-/",
            "\U00020000", "e\u0301", "\u0301", "①", "㈠", "½", "ﬁ", "\u212a", "\u2f00"]
TEXT = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)
DOC_NO = st.sampled_from(["", "示政办发〔2023〕7号", "示政办发[2023]7号", "ＡＢ〔2024〕1号", "第3号文"])
INDEX_NO = st.sampled_from(["", "11379900004123456X/2021-00465", " x/1 ", "年ab"])


@st.composite
def records(draw, max_size=30):
    out = []
    for i in range(draw(st.integers(0, max_size))):
        out.append(SearchRecord(
            title=draw(TEXT), url=f"d{i}/", doc_no=draw(DOC_NO), index_no=draw(INDEX_NO), publisher=draw(TEXT),
            summary=draw(TEXT), body=draw(st.lists(TEXT, max_size=8).map("".join)), published="2024年01月01日",
            section="栏目", status="", reg_no=draw(st.sampled_from(["", "登记2024-1"]))))
    return out


def both_files(records_: list[SearchRecord]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    built = build_search_files(records_)
    return {n: d for n, d in built.items() if n.startswith(("post-", "pos-"))}, reference_shard_files(records_)


@settings(max_examples=examples(100), deadline=None)
@given(records(), st.sampled_from([1, 40, 300, 1 << 19]))
def test_the_files_are_those_of_the_obvious_encoder(records_, batch_chars):
    with mock.patch.object(searchencode, "_BATCH_CHARS", batch_chars):
        built, expected = both_files(records_)
    assert built == expected


@settings(max_examples=examples(30), deadline=None)
@given(records(max_size=12))
def test_a_batch_too_large_for_the_packed_sort_is_sorted_the_slow_way(records_):
    """Beyond 2**24 tokens in a batch (one huge document) the index does not fit below the key:
    the stable sort of the fallback gives the same files (here with a limit of 8 tokens)."""
    with mock.patch.object(searchencode, "_INDEX_BITS", 3):
        built, expected = both_files(records_)
    assert built == expected


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.one_of(st.integers(0, 300), st.integers(0, 2**40)), max_size=50))
def test_varints_of_arrays_are_the_varints_of_each_value(values):
    data, lens = searchencode.varints(np.asarray(values, np.int64))
    assert data.tobytes() == b"".join(map(varint, values))
    assert lens.tolist() == [len(varint(v)) for v in values]


def test_many_documents_and_long_offsets_need_wide_varints():
    """Document gaps and offsets that take three bytes; terms in many batches."""
    body = "就业" * 70_000 + "营商环境" + "ab" * 3
    many = [SearchRecord("标题", "u/", "", "", "机关", "", "正文营商", "2024年01月01日", "栏目", "")] * 3000
    records_ = [many[0], SearchRecord("长文", "v/", "", "", "机关", "", body, "2024年01月01日", "栏目", ""), *many]
    with mock.patch.object(searchencode, "_BATCH_CHARS", 5000):
        built, expected = both_files(records_)
    assert built == expected


def test_every_kind_of_key_names_its_term():
    """A key's text (bigram, lone character, edge forms, strings) and its shard as term_shard says."""
    terms = searchencode._Terms(64)
    keys = np.concatenate([
        np.asarray([(ord("营") << 16) | ord("商")], np.uint64) | searchencode._BIGRAM,
        np.asarray([ord("税")], np.uint64) | searchencode._LONE,
        np.asarray([ord("年")], np.uint64) | searchencode._HEAD,
        np.asarray([ord("第")], np.uint64) | searchencode._TAIL,
        terms.string_keys(["2024", "wh:示政办发〔2023〕7号"]),
    ])
    assert terms.texts(keys) == ["营商", "税", "^年", "第$", "2024", "wh:示政办发〔2023〕7号"]
    assert terms.shard(keys).tolist() == [term_shard(t, 64) for t in terms.texts(keys)]


@settings(max_examples=examples(300), deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join),
                 st.text(alphabet=st.characters(min_codepoint=0x2E80, max_codepoint=0xFFFF)),
                 st.text(min_size=64, max_size=300),
                 st.lists(st.sampled_from([*ALPHABET, "Ⅱ", "＝\u0338", "\u0338", "ｶﾞ", "ﾞ", "가\u11a8", "\u1100\u1161"]),
                          min_size=64, max_size=300).map("".join)))
def test_texts_are_normalised_as_nfkc_then_lower_case(text):
    """normalise_query_text maps long texts through a table first: the same as NFKC of the whole."""
    assert normalise_query_text(text) == unicodedata.normalize("NFKC", text).lower()


@given(st.lists(st.text(), max_size=20))
def test_strings_are_hashed_as_term_shard_hashes_them(texts):
    assert searchencode._fnv1a_many(texts).tolist() == [searchencode.fnv1a(t) for t in texts]
