"""The search index: tokens, canonical 文号/索引号, shards, and the binary postings and positions
against a reference computed the slow, obvious way."""

import json
import random

import pytest

from gongkai.pages.searchindex import (
    SearchRecord,
    build_search_files,
    doc_no_token,
    index_no_token,
    index_token_offsets,
    read_shard,
    read_varints,
    shard_count,
    term_shard,
    token_offsets,
    tokens,
    varint,
)


def test_tokens_are_bigrams_and_ascii_runs():
    assert tokens("养老服务补贴") == ["养老", "老服", "服务", "务补", "补贴"]
    assert tokens("２０２４年ＡＢＣ") == ["2024", "年", "abc"]
    assert tokens("税") == ["税"]
    assert tokens("，。、") == []


def test_token_offsets_count_characters():
    assert token_offsets("营商环境，2024年度") == [("营商", 0), ("商环", 1), ("环境", 2), ("2024", 5), ("年度", 9)]


def test_the_index_also_holds_characters_that_touch_letters_or_digits():
    assert index_token_offsets("第3号文，2024年度") == [
        ("第", 0), ("3", 1), ("号文", 2), ("2024", 5), ("年度", 9), ("^号", 2), ("^年", 9), ("第$", 0)]


@pytest.mark.parametrize("written",
                         ["示政办发〔2023〕7号", "示政办发[2023]7号", "示政办发【2023】7号", "示政办发(2023)7号"])
def test_doc_no_token_is_canonical(written):
    assert doc_no_token(written) == "wh:示政办发〔2023〕7号"


def test_index_no_token():
    assert index_no_token(" 11379900004123456X/2021-00465 ") == "sy:11379900004123456x/2021-00465"


def test_shards_are_stable_and_bounded():
    assert term_shard("养老", 16) == term_shard("养老", 16) < 16
    assert shard_count(57) == 16 and shard_count(10_000) == 2048 and shard_count(10**7) == 8192
    spread = {term_shard(a + b, 64) for a in "一二三四五六七八九十" for b in "甲乙丙丁戊己庚辛壬癸"}
    assert len(spread) > 40  # the hash spreads terms over the shards


@pytest.mark.parametrize("value", [0, 1, 127, 128, 300, 16383, 16384, 65535, 65536, 2**31 + 5])
def test_varints_round_trip(value):
    assert read_varints(varint(value) + varint(7)) == ([value, 7], len(varint(value)) + 1)


CHARS = "营商环境就业服务政府信息公开工作管理，。 2024abＡ０年度第"


def random_records(seed, n):
    rnd = random.Random(seed)

    def text(k):
        return "".join(rnd.choice(CHARS) for _ in range(k))

    return [SearchRecord(text(rnd.randint(0, 12)), f"d{i}/", rnd.choice(["", "示政办发〔2024〕3号"]),
                         rnd.choice(["", f"X/2024-{i:05d}"]), text(4), text(rnd.randint(0, 20)),
                         text(rnd.randint(0, 400)) + "营" * rnd.randint(0, 4), "2024年01月01日", "栏目", "")
            for i in range(n)]


def reference(records):
    """term -> [(document, field mask, [offsets per field of the mask])], the obvious way."""
    out = {}
    for ref, record in enumerate(records):
        per = {}
        for bit, text in zip((1, 2, 4), record.field_texts(), strict=True):
            for token, offset in index_token_offsets(text):
                per.setdefault(token, {}).setdefault(bit, []).append(offset)
        for token in record.special_tokens():
            per.setdefault(token, {}).setdefault(2, [0])
        for token, fields in per.items():
            out.setdefault(token, []).append((ref, sum(fields), [fields[b] for b in (1, 2, 4) if b in fields]))
    return out


def decode(files):
    meta = json.loads(files["meta.json"])
    out = {}
    for shard in range(meta["shards"]):
        terms = read_shard(files[f"post-{shard:04d}.bin"], files[f"pos-{shard:04d}.bin"])
        assert all(term_shard(term, meta["shards"]) == shard for term in terms)
        out.update(terms)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_postings_and_positions_are_exactly_the_texts(seed):
    """Every token of every field, every document, every offset: nothing dropped, nothing added."""
    records = random_records(seed, 60)
    assert decode(build_search_files(records)) == reference(records)


def test_batches_continue_each_other(monkeypatch):
    """The documents are encoded in batches of so many characters: gaps run on across batches."""
    from gongkai.pages import searchencode
    records = random_records(11, 50)
    whole = build_search_files(records)
    monkeypatch.setattr(searchencode, "_BATCH_CHARS", 700)
    assert build_search_files(records) == whole
    assert decode(whole) == reference(records)


def test_long_texts_and_many_documents_keep_exact_offsets():
    # offsets beyond the varint table (65,536) and documents numbered beyond it times eight
    long_body = "就业" * 40_000 + "营商环境"
    records = [SearchRecord("标题", "u/", "", "", "机关", "", "正文", "2024年01月01日", "栏目", "")] * 9000
    records = [*records, SearchRecord("长文", "v/", "", "", "机关", "", long_body, "2024年01月01日", "栏目", "")]
    decoded = decode(build_search_files(records))
    assert decoded["环境"] == [(9000, 4, [[80_002]])]
    assert decoded["就业"] == [(9000, 4, [list(range(0, 80_000, 2))])]
    assert [doc for doc, _, _ in decoded["正文"]] == list(range(9000))


def test_the_same_records_give_the_same_bytes():
    records = random_records(3, 200)
    first = build_search_files(records)
    again = build_search_files(list(random_records(3, 200)))
    assert first == again and all(isinstance(data, bytes) for data in first.values())


def test_every_document_is_found_however_common_the_word():
    """No stop words: a bigram in every text stays in every text's postings."""
    records = [SearchRecord(f"第{i}号", "u/", "", "", "机关", "", f"做好就业工作{i}", "2024年01月01日", "栏目", "")
               for i in range(700)]
    decoded = decode(build_search_files(records))
    assert [doc for doc, mask, _ in decoded["就业"]] == list(range(700))
    assert {mask for _, mask, _ in decoded["就业"]} == {4}


def sample_records(n):
    return [SearchRecord(f"关于第{i}批养老服务补贴的通知", f"d{i}/", f"示民发〔2024〕{i}号", f"X/2024-{i:05d}",
                         "示例市民政局", "", f"发放养老服务补贴，第{i}批。", "2024年01月01日", "社会救助", "有效")
            for i in range(n)]


def test_index_in_background_writes_what_build_search_files_returns(tmp_path):
    from gongkai.pages.searchindex import IndexInBackground
    records = sample_records(700)
    job = IndexInBackground(lambda: records, tmp_path / "search" / "data").start()
    written, seconds, waited = job.wait()
    expected = build_search_files(records)
    on_disk = {p.name: p.read_bytes() for p in (tmp_path / "search" / "data").iterdir()}
    assert written == len(expected) and on_disk == expected
    assert seconds > 0 and waited >= 0


def test_index_in_background_reports_a_failure_with_its_cause(tmp_path):
    from gongkai.pages.searchindex import IndexInBackground, SearchIndexError

    def broken():
        raise ValueError("记录无法生成")

    job = IndexInBackground(broken, tmp_path / "data").start()
    with pytest.raises(SearchIndexError, match="ValueError: 记录无法生成"):
        job.wait()
    assert not (tmp_path / "data").exists()


def test_index_in_background_can_be_abandoned(tmp_path):
    import time

    from gongkai.pages.searchindex import IndexInBackground

    def slow():
        time.sleep(60)
        return []

    job = IndexInBackground(slow, tmp_path / "data").start()
    process = job.process
    job.stop()
    assert not process.is_alive() and process.exitcode != 0 and job.process is None
