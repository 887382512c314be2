"""In a real headless Chromium against the built sample served on 127.0.0.1."""

from urllib.parse import urlparse

import pytest


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(locale="zh-CN")
    requested = []
    context.on("request", lambda r: requested.append(r.url))
    pg = context.new_page()
    pg.requested = requested
    pg.errors = []  # uncaught script errors
    pg.on("pageerror", lambda error: pg.errors.append(str(error)))
    yield pg
    context.close()


def test_home_to_part_to_subcolumn_to_document(page, base_url):
    page.goto(base_url)
    assert page.locator("html").get_attribute("lang").startswith("zh")
    assert page.locator("h1").first.inner_text() == "政府信息公开"
    page.get_by_role("link", name="法定主动公开内容").first.click()
    page.wait_for_url("**/proactive/")
    assert page.locator("h1").inner_text() == "法定主动公开内容"
    page.locator("table.gk-list").get_by_role("link", name="法规文件").click()
    page.wait_for_url("**/proactive/regulations/")
    rows = page.locator("table.gk-list tbody tr")
    assert rows.count() >= 5
    title = rows.first.locator("a").inner_text()
    rows.first.locator("a").click()
    page.wait_for_url("**/proactive/regulations/*/")
    assert page.locator("h1").inner_text() == title
    meta = page.get_by_role("table", name="文件信息")
    assert meta.is_visible()
    assert meta.get_by_role("rowheader", name="索引号").count() == 1
    assert meta.get_by_role("rowheader", name="发布日期").count() == 1
    # the metadata block comes before the text
    assert page.evaluate(
        "document.querySelector('.gk-meta').compareDocumentPosition(document.querySelector('.gk-body')) & "
        "Node.DOCUMENT_POSITION_FOLLOWING"
    )
    hosts = {urlparse(u).hostname for u in page.requested if u.startswith("http")}
    assert hosts == {"127.0.0.1"}, hosts


def test_catalogue_filters_with_javascript(page, base_url):
    page.goto(base_url + "catalogue/")
    rows = page.locator("table.gk-catalogue tbody tr")
    total = rows.count()
    assert total > 30
    page.get_by_label("栏目", exact=True).select_option(label="法规文件")
    visible = page.locator("table.gk-catalogue tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert page.get_by_role("status").inner_text().startswith(f"显示 {visible.count()} 条")
    page.get_by_role("button", name="生成日期").click()
    assert page.locator("th[aria-sort='ascending']").inner_text() == "生成日期"


def test_subcolumn_catalogue_filters_without_a_section_filter(page, base_url):
    page.goto(base_url + "proactive/regulations/catalogue/")
    rows = page.locator("table.gk-catalogue tbody tr")
    total = rows.count()
    assert total > 5 and page.get_by_label("栏目", exact=True).count() == 0
    page.get_by_label("有效性", exact=True).select_option(label="已废止")
    visible = page.locator("table.gk-catalogue tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert all(t.strip() == "已废止" for t in visible.locator("td:last-child").all_inner_texts())
    assert page.get_by_role("status").inner_text() == f"显示 {visible.count()} 条，共 {total} 条"
    assert page.errors == []


def test_catalogue_reads_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(base_url + "catalogue/")
    assert pg.locator("table.gk-catalogue tbody tr").count() > 30
    assert not pg.locator("form.gk-filter").is_visible()
    context.close()


def test_validity_banner_before_text_and_exposed_to_screen_readers(page, base_url):
    page.goto(base_url + "proactive/regulations/2018-sme-development-measures/")
    alert = page.get_by_role("alert")
    assert alert.count() == 1 and alert.is_visible()
    text = alert.inner_text()
    assert "有效性：已废止" in text and "本文件已于2023年05月01日废止" in text and "示政办发〔2023〕7号" in text
    # in the accessibility tree, with its words (not colour alone)
    snapshot = page.locator("article").aria_snapshot()
    assert "alert" in snapshot and "已废止" in snapshot
    # before the text and before the metadata block
    order = page.evaluate("""() => {
        const a = document.querySelector('[role=alert]');
        return [document.querySelector('.gk-meta'), document.querySelector('.gk-body')]
            .map(el => !!(a.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
    }""")
    assert order == [True, True]
    alert.get_by_role("link").click()
    page.wait_for_url("**/2023-sme-high-quality-development-measures/")
    assert page.get_by_role("alert").count() == 0
    assert page.get_by_role("link", name="示政办发〔2018〕30号").count() == 1  # 本文件废止了 …
