"""Search in headless Chromium against the built sample on 127.0.0.1."""

import json

import pytest
from playwright.sync_api import expect

from gongkai.pages.searchindex import (
    doc_no_token,
    index_no_token,
    index_token_offsets,
    normalise_query_text,
    shard_count,
    term_shard,
    token_offsets,
    tokens,
)

NEW = "示例市人民政府办公室关于印发示例市促进中小企业高质量发展若干措施的通知"
OLD_DOC_NO = "示政办发〔2018〕30号"




@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


def search(page, base_url, query):
    page.goto(base_url + "search/")
    box = page.get_by_label("搜索内容")
    box.fill(query)
    box.press("Enter")
    status = page.get_by_role("status")
    expect(status).not_to_have_text("正在搜索……")
    expect(status).not_to_be_empty()
    return status.inner_text(), page.locator(".gk-result")


def titles(results):
    return [results.nth(i).locator("a.gk-result__title").inner_text() for i in range(results.count())]


def test_chinese_words_without_spaces(page, base_url):
    status, results = search(page, base_url, "促进中小企业高质量发展")
    assert status.startswith("找到 ")
    top = titles(results)[:3]
    assert NEW in top and "《示例市促进中小企业高质量发展若干措施》政策解读" in top
    # all of the query's bigrams are required: a handful of the 57 documents, not every one with 发展
    assert results.count() <= 5


@pytest.mark.parametrize("query", ["示政办发〔2023〕7号", "示政办发[2023]7号", "示政办发【2023】7号",
                                   "示政办发〔2023〕7", "示政办发（2023）7号", "示政办发〔2023〕07号"])
def test_doc_no_in_every_bracket_style(page, base_url, query):
    status, results = search(page, base_url, query)
    assert titles(results)[0] == NEW, (query, status)
    assert "文号：示政办发〔2023〕7号" in results.first.inner_text()


def test_index_no_exactly(page, base_url, built_site):
    data = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))
    target = next(d for d in data["documents"] if d["doc_no"] == "示政办发〔2023〕7号")
    status, results = search(page, base_url, target["index_no"])
    assert status.startswith("找到 1 条") and titles(results) == [NEW]


def test_nothing_found(page, base_url):
    status, results = search(page, base_url, "量子计算机火星基地")
    assert status.startswith("未找到与“量子计算机火星基地”相关的信息")
    assert results.count() == 0


def test_repealed_document_shows_its_status(page, base_url):
    _, results = search(page, base_url, OLD_DOC_NO)
    first = results.first.inner_text()
    assert "有效性：已废止" in first and OLD_DOC_NO in first


def test_a_result_opens_its_document(page, base_url):
    _, results = search(page, base_url, OLD_DOC_NO)
    results.first.locator("a.gk-result__title").click()
    page.wait_for_url("**/proactive/regulations/2018-sme-development-measures/")
    assert page.get_by_role("alert").inner_text().startswith("有效性：已废止")


def test_header_box_leads_to_results_by_keyboard(page, base_url):
    page.goto(base_url)
    page.keyboard.press("Tab")
    box = page.get_by_role("searchbox", name="搜索本栏目")
    box.focus()
    page.keyboard.type("养老服务补贴")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(page.get_by_role("status")).to_contain_text("找到")
    assert page.get_by_label("搜索内容").input_value() == "养老服务补贴"
    page.get_by_label("搜索内容").focus()
    page.keyboard.press("Tab")  # from the search field to the button, then the first result
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.gk-result') !== null")
    assert focused


def test_without_javascript_the_box_points_to_the_catalogue(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(base_url + "proactive/")
    form = pg.locator("form.gk-search")
    assert form.get_attribute("action").endswith("catalogue/")
    pg.goto(base_url + "search/")
    assert pg.locator("noscript").count() == 1
    context.close()


def test_browser_and_build_cut_and_hash_alike(page, base_url):
    page.goto(base_url + "search/")
    samples = ["养老服务补贴管理办法", "２０２４年ＡＢＣ预算", "税", "示例市 2024 年", "x", "营商𠀀环境，2024年度",
               "㈠就业①"]
    for text in samples:
        assert page.evaluate("t => window.gongkaiSearch.tokens(t)", text) == tokens(text)
        normal = normalise_query_text(text)
        offsets = [list(p) for p in token_offsets(normal)]
        assert page.evaluate("t => window.gongkaiSearch.tokenOffsets(t)", normal) == offsets
    for term in ["养老", "wh:示政办发〔2023〕7号", index_no_token("11379900004123456X/2021-00465"), "𠀀字"]:
        for shards in (16, shard_count(10000)):
            shard = page.evaluate("([t, n]) => window.gongkaiSearch.shardOf(t, n)", [term, shards])
            assert shard == term_shard(term, shards)
    words = page.evaluate("q => window.gongkaiSearch.queryWords(q)", "示政办发[2023]7 营商环境")
    assert words[0]["tokens"] == [[doc_no_token("示政办发〔2023〕7号"), 0]] and words[0]["field"] == 1
    # the phrase is checked by the bigrams that cover every character: 营商 and 环境
    assert words[1]["tokens"] == [["营商", 0], ["商环", 1], ["环境", 2]] and words[1]["cover"] == [0, 2]
    five = page.evaluate("q => window.gongkaiSearch.queryWords(q)[0].cover", "促进中小企业")
    assert five == [0, 2, 4]
    # a lone character at the end or start of a word, against a digit: the edge tokens of the index
    edge = page.evaluate("q => window.gongkaiSearch.queryWords(q)[0]", "第3号")
    assert edge["tokens"] == [["第$", 0], ["3", 1], ["^号", 2]] and edge["cover"] == [0, 1, 2]
    assert [t for t, _ in index_token_offsets("第3号文")] == ["第", "3", "号文", "^号", "第$"]


def test_only_the_needed_shards_are_fetched(page, base_url, built_site):
    meta = json.loads((built_site / "search/data/meta.json").read_text(encoding="utf-8"))
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    search(page, base_url, "养老服务")
    fetched = [u for u in requested if "/search/data/" in u]
    # nothing that grows with the column besides the shards: not sitemap.xml, not the catalogue
    assert not [u for u in requested if u.endswith(("sitemap.xml", "catalogue.json", "catalogue/"))]
    posts = {u.rsplit("/", 1)[1] for u in fetched if "/post-" in u}
    assert posts == {f"post-{term_shard(t, meta['shards']):04d}.bin" for t in tokens("养老服务")}
    # positions only of the covering bigrams 养老 and 服务, not of 老服
    positions = {u.rsplit("/", 1)[1] for u in fetched if "/pos-" in u}
    assert positions == {f"pos-{term_shard(t, meta['shards']):04d}.bin" for t in ("养老", "服务")}


def test_two_character_words_fetch_no_positions(page, base_url):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    status, _ = search(page, base_url, "养老")
    assert status.startswith("找到 ")
    assert [u for u in requested if "/post-" in u] and not [u for u in requested if "/pos-" in u]


def test_a_result_links_a_policy_and_its_interpretation(page, base_url):
    """interprets both ways in the results: the 解读 names its policy, the policy its 解读."""
    _, results = search(page, base_url, "高质量发展若干措施")
    texts = [results.nth(i).inner_text() for i in range(results.count())]
    reading = next(t for t in texts if t.startswith("《示例市促进中小企业高质量发展若干措施》政策解读"))
    policy_title = "示例市人民政府办公室关于印发示例市促进中小企业高质量发展若干措施的通知"
    assert f"解读的原文件：《{policy_title}》（示政办发〔2023〕7号）" in reading
    policy = next(t for t in texts if t.startswith(policy_title))
    assert "政策解读：《〈示例市促进中小企业高质量发展若干措施〉政策解读》" in policy
    assert "登记号：SLFG-2023-002" in policy


def test_a_word_named_like_a_javascript_property_is_only_a_word(page, base_url):
    """Terms come from content and queries: the decoder keeps them in a map without inherited
    keys, so "constructor" is looked up like any word and touches nothing else."""
    status, _ = search(page, base_url, "constructor")
    assert status.startswith("未找到与“constructor”相关的信息")
    assert page.evaluate("() => Object.docs === undefined && Object.prototype.docs === undefined")
