"""The search index: tokens, canonical 文号/索引号, shards, and equality with lunr.Builder."""

import json
import random

import pytest

from gongkai.searchindex import (FIELDS, SearchRecord, build_search_files, doc_no_token, index_no_token,
                                 lunr_builder_index, postings_of, shard_count, shard_index, term_shard, tokens)


def test_tokens_are_bigrams_and_ascii_runs():
    assert tokens("养老服务补贴") == ["养老", "老服", "服务", "务补", "补贴"]
    assert tokens("２０２４年ＡＢＣ") == ["2024", "年", "abc"]
    assert tokens("税") == ["税"]
    assert tokens("，。、") == []


@pytest.mark.parametrize("written", ["示政办发〔2023〕7号", "示政办发[2023]7号", "示政办发【2023】7号", "示政办发(2023)7号"])
def test_doc_no_token_is_canonical(written):
    assert doc_no_token(written) == "wh:示政办发〔2023〕7号"


def test_index_no_token():
    assert index_no_token(" 11379900004123456X/2021-00465 ") == "sy:11379900004123456x/2021-00465"


def test_shards_are_stable_and_bounded():
    assert term_shard("养老", 16) == term_shard("养老", 16) < 16
    assert shard_count(57) == 16 and shard_count(10_000) == 2048 and shard_count(10**7) == 8192
    spread = {term_shard(a + b, 64) for a in "一二三四五六七八九十" for b in "甲乙丙丁戊己庚辛壬癸"}
    assert len(spread) > 40  # the hash spreads terms over the shards


def random_docs(seed, n=40):
    rnd = random.Random(seed)
    vocab = [a + b for a in "政府信息公开工作报告" for b in "管理服务规定办法通知"] + ["2024", "wh:示政办发〔2023〕7号"]
    docs = {}
    for ref in range(n):
        fields = {}
        for name, _ in FIELDS:
            if rnd.random() < 0.8:
                fields[name] = [rnd.choice(vocab) for _ in range(rnd.randint(1, 30))]
        # a shard only ever holds documents with at least one of its terms
        docs[ref] = fields or {"body": [rnd.choice(vocab)]}
    return docs


@pytest.mark.parametrize("seed", range(5))
def test_shard_index_equals_lunr_builder(seed):
    docs = random_docs(seed)
    ours = shard_index(postings_of(docs), total=500)
    theirs = lunr_builder_index(docs, total=500)
    theirs["fieldVectors"] = [pair for pair in theirs["fieldVectors"] if pair[1]]  # empty fields left out
    assert json.dumps(ours, sort_keys=True) == json.dumps(theirs, sort_keys=True)


def test_every_shard_of_the_sample_equals_lunr_builder(built_site):
    from gongkai import searchindex
    # rebuild the sample's shards both ways from the same records
    meta = json.loads((built_site / "search/data/meta.json").read_text(encoding="utf-8"))
    for name in sorted((built_site / "search/data").glob("shard-*.json")):
        data = json.loads(name.read_text(encoding="utf-8"))
        assert data["version"] == "2.3.9" and data["pipeline"] == [] and data["fields"] == ["title", "meta", "body"]
    assert meta["shards"] == len(list((built_site / "search/data").glob("shard-*.json")))
    records = [SearchRecord(f"标题{i}", "u/", "", "", "机关", "概述", "正文内容" * i, "2024年01月01日", "栏目", "")
               for i in range(30)]
    files = build_search_files(records)
    per_shard = {}
    for ref, record in enumerate(records):
        for field, terms in record.field_tokens().items():
            for term in terms:
                per_shard.setdefault(term_shard(term, 16), {}).setdefault(ref, {}).setdefault(field, []).append(term)
    for shard, docs in per_shard.items():
        reference = searchindex.lunr_builder_index(docs, len(records))
        reference["fieldVectors"] = [pair for pair in reference["fieldVectors"] if pair[1]]
        assert json.loads(files[f"shard-{shard:04d}.json"]) == json.loads(searchindex._dumps(reference))


def test_common_text_terms_only_in_large_columns():
    from gongkai.searchindex import STOP_MIN_DOCUMENTS, common_text_terms
    small = [{"title": [], "meta": [], "body": ["工作", "预算"]} for _ in range(STOP_MIN_DOCUMENTS - 1)]
    assert common_text_terms(small) == set()
    large = [{"title": [], "meta": [], "body": ["工作", f"词{i}"]} for i in range(STOP_MIN_DOCUMENTS)]
    assert common_text_terms(large) == {"工作"}


def test_common_terms_leave_the_text_but_stay_in_titles():
    from gongkai.searchindex import STOP_MIN_DOCUMENTS
    records = [SearchRecord("工作报告" if i == 0 else f"第{i}号", "u/", "", "", "机关", "", f"工作要点{i}",
                            "2024年01月01日", "栏目", "") for i in range(STOP_MIN_DOCUMENTS)]
    files = build_search_files(records)
    meta = json.loads(files["meta.json"])
    assert "工作" in meta["stop"]
    shard = json.loads(files[f"shard-{term_shard('工作', meta['shards']):04d}.json"])
    posting = dict(shard["invertedIndex"])["工作"]
    assert posting["title"] == {"0": {}} and posting["body"] == {}


def sample_records(n):
    return [SearchRecord(f"关于第{i}批养老服务补贴的通知", f"d{i}/", f"示民发〔2024〕{i}号", f"X/2024-{i:05d}", "示例市民政局",
                         "", f"发放养老服务补贴，第{i}批。", "2024年01月01日", "社会救助", "有效") for i in range(n)]


def test_index_in_background_writes_what_build_search_files_returns(tmp_path):
    from gongkai.searchindex import IndexInBackground
    records = sample_records(700)  # large enough for stop terms and a shard pool
    job = IndexInBackground(lambda: records, tmp_path / "search" / "data").start()
    written, seconds, waited = job.wait()
    expected = build_search_files(records)
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "search" / "data").iterdir()}
    assert written == len(expected) and on_disk == expected
    assert seconds > 0 and waited >= 0


def test_index_in_background_reports_a_failure_with_its_cause(tmp_path):
    from gongkai.searchindex import IndexInBackground, SearchIndexError

    def broken():
        raise ValueError("记录无法生成")

    job = IndexInBackground(broken, tmp_path / "data").start()
    with pytest.raises(SearchIndexError, match="ValueError: 记录无法生成"):
        job.wait()
    assert not (tmp_path / "data").exists()


def test_index_in_background_can_be_abandoned(tmp_path):
    import time
    from gongkai.searchindex import IndexInBackground

    def slow():
        time.sleep(60)
        return []

    job = IndexInBackground(slow, tmp_path / "data").start()
    process = job.process
    job.stop()
    assert not process.is_alive() and process.exitcode != 0 and job.process is None
