"""Reading aids (适老化) and keyboard use, in a real headless Chromium against the built sample.

The aids must change what they claim (computed font size, colours and contrast, cursor), work by
keyboard alone, and keep the reader's choice from page to page."""

import json
import re
from urllib.parse import urlparse

import pytest

from gongkai import audit

DOC = "proactive/regulations/2018-sme-development-measures/"  # repealed: has the validity banner
KEY = "gongkai.reading-aids"

CONTRAST_JS = """([a, b]) => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = parse(c).map(v => {
                       v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const x = lum(a), y = lum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}"""




@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    ctx.requested = []
    ctx.on("request", lambda r: ctx.requested.append(r.url))
    yield ctx
    hosts = {urlparse(u).hostname for u in ctx.requested if u.startswith("http")}
    assert hosts <= {"127.0.0.1"}, hosts
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


def focused(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement; const s = getComputedStyle(a);
        return {tag: a.tagName, id: a.id, text: (a.innerText || a.value || a.getAttribute('aria-label') || '').trim(),
                cls: a.className || '', outline: s.outlineStyle + ' ' + s.outlineWidth,
                inArticle: !!a.closest('article') && !a.closest('.gk-crumbs'), inCrumbs: !!a.closest('.gk-crumbs'),
                inSearch: !!a.closest('[role=search]'), inHeader: !!a.closest('header')}; }""")


def style(page, selector: str, prop: str) -> str:
    """The computed style once colour transitions (Material's 125 ms) have ended."""
    page.evaluate("() => document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} })")
    return page.eval_on_selector(selector, "(el, p) => getComputedStyle(el)[p]", prop)


def root_px(page) -> float:
    return float(style(page, "html", "fontSize").rstrip("px"))


def open_aids(page):
    page.get_by_role("button", name="阅读辅助").click()
    assert page.get_by_role("button", name="阅读辅助").get_attribute("aria-expanded") == "true"


# ------------------------------------------------------------------------------------------------
# Keyboard


def test_keyboard_walk_through_a_document_page(page, base_url):
    page.goto(base_url + DOC)
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        f = focused(page)
        if f["tag"] == "BODY" or (stops and f == stops[0]):
            break
        stops.append(f)
    texts = [s["text"] for s in stops]
    # the skip link first, then the reading aids, then the header and the search
    assert texts[0] == "跳转至正文" and stops[0]["tag"] == "A"
    assert texts[1] == "阅读辅助" and stops[1]["tag"] == "BUTTON"
    search = next(i for i, s in enumerate(stops) if s["inSearch"] and s["tag"] == "INPUT")
    first_content = next(i for i, s in enumerate(stops) if s["inArticle"])
    assert search < first_content
    # 当前位置 before the content; the content: the banner's link (the metadata block never scrolls:
    # no stop for it), the way back to the list
    crumbs = [i for i, s in enumerate(stops) if s["inCrumbs"]]
    assert [stops[i]["text"] for i in crumbs] == ["政府信息公开", "法定主动公开内容", "法规文件"]
    content = [s for s in stops if s["inArticle"]]
    assert crumbs[-1] < stops.index(content[0])
    assert content[0]["tag"] == "A" and "示政办发〔2023〕7号" in content[0]["text"]
    assert any("返回" in s["text"] for s in content)
    # every stop shows the focus ring
    assert all(s["outline"] in ("solid 3px",) for s in stops), [s for s in stops if s["outline"] != "solid 3px"]

    # the skip link, by keyboard: Enter moves focus to the start of the content, Tab goes on there
    page.goto(base_url + DOC)
    page.keyboard.press("Tab")
    assert page.evaluate("() => getComputedStyle(document.activeElement).left") != "-9999px"  # shown when focused
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "gk-main"
    page.keyboard.press("Tab")
    assert focused(page)["text"] == content[0]["text"]


def test_skip_link_works_without_javascript(browser, base_url):
    ctx = browser.new_context(java_script_enabled=False, locale="zh-CN")
    pg = ctx.new_page()
    pg.goto(base_url + DOC)
    assert not pg.locator(".gk-aids").is_visible()  # the aids need JavaScript: not offered without it
    pg.keyboard.press("Tab")
    assert focused(pg)["text"] == "跳转至正文"
    pg.keyboard.press("Enter")
    assert focused(pg)["id"] == "gk-main"
    assert pg.get_by_role("table", name="文件信息").is_visible()
    ctx.close()


def test_reading_aids_by_keyboard_alone(page, base_url):
    page.goto(base_url + DOC)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "阅读辅助"
    page.keyboard.press("Enter")
    toggle = page.get_by_role("button", name="阅读辅助")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("group", name="阅读辅助").is_visible()
    before = root_px(page)
    for _ in range(3):  # 标准 → 大 → 较大 → 特大: Tab to 较大 and press Space
        page.keyboard.press("Tab")
    assert focused(page)["text"] == "较大"
    page.keyboard.press("Space")
    assert root_px(page) == pytest.approx(before * 1.5)
    assert page.get_by_role("button", name="较大").get_attribute("aria-pressed") == "true"
    assert page.get_by_role("status").filter(has_text="字号").inner_text() == "字号：较大。"
    for _ in range(2):
        page.keyboard.press("Tab")
    assert focused(page)["text"] == "高对比度"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.documentElement.dataset.gkContrast") == "on"
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("group", name="阅读辅助").is_visible()
    assert focused(page)["text"] == "阅读辅助"


# ------------------------------------------------------------------------------------------------
# Each aid changes what it claims


def test_text_size_has_four_steps(page, base_url):
    page.goto(base_url + DOC)
    open_aids(page)
    body = ".gk-body p"
    sizes = []
    for label in ("标准", "大", "较大", "特大"):
        page.get_by_role("button", name=label, exact=True).click()
        assert page.get_by_role("button", name=label, exact=True).get_attribute("aria-pressed") == "true"
        sizes.append((root_px(page), float(style(page, body, "fontSize").rstrip("px"))))
    roots = [r for r, _ in sizes]
    assert roots == pytest.approx([roots[0], roots[0] * 1.25, roots[0] * 1.5, roots[0] * 2])
    text = [t for _, t in sizes]
    assert text == sorted(text) and text[3] >= 2 * text[0] - 0.5
    # at the largest step the text keeps room and nothing sticks out sideways
    overflow = page.evaluate(audit.OVERFLOW_JS)  # the auditor's reflow check
    assert not (overflow["pageScroll"] or overflow["offenders"] or overflow["clipped"]), overflow
    assert page.eval_on_selector("article", "a => a.getBoundingClientRect().width") >= 600


def test_high_contrast_changes_colours_to_at_least_7_to_1(page, base_url):
    page.goto(base_url + DOC)
    light = (style(page, "body", "backgroundColor"), style(page, ".gk-body p", "color"))
    open_aids(page)
    page.get_by_role("button", name="高对比度").click()
    assert page.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    bg = style(page, "body", "backgroundColor")
    assert bg == "rgb(0, 0, 0)" and (bg, style(page, ".gk-body p", "color")) != light
    for selector in (".gk-body p", ".gk-meta th", ".gk-meta td", "[role=alert]", ".md-header__topic"):
        ratio = page.evaluate(CONTRAST_JS, [style(page, selector, "color"), bg])
        assert ratio >= 7, (selector, ratio)
    link = "[role=alert] a"
    assert style(page, link, "color") == "rgb(255, 255, 0)"
    assert "underline" in style(page, link, "textDecorationLine")
    assert style(page, ".gk-meta th", "backgroundColor") == "rgb(0, 0, 0)"
    # focus ring in the same scheme
    page.get_by_role("button", name="高对比度").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineColor") == "rgb(255, 255, 0)"
    # and off again
    page.get_by_role("button", name="高对比度").click()
    assert style(page, "body", "backgroundColor") == light[0]


def test_large_cursor(page, base_url):
    page.goto(base_url + DOC)
    assert style(page, "body", "cursor") == "auto"
    open_aids(page)
    page.get_by_role("button", name="大鼠标").click()
    assert page.get_by_role("button", name="大鼠标").get_attribute("aria-pressed") == "true"
    arrow, hand = style(page, ".gk-body p", "cursor"), style(page, "[role=alert] a", "cursor")
    assert arrow.startswith('url("data:image/svg+xml') and arrow.endswith("auto")
    assert hand.startswith('url("data:image/svg+xml') and hand.endswith("pointer") and hand != arrow
    assert "width='48'" in arrow  # 48 px, not the system's 16-32 px
    page.get_by_role("button", name="大鼠标").click()
    assert style(page, "body", "cursor") == "auto"


def test_choice_is_kept_across_pages_and_applied_before_the_page_is_drawn(context, base_url):
    # record the <html> attributes at the moment <body> starts: the saved choice must be on already
    context.add_init_script("""
        new MutationObserver((records, observer) => {
            if (document.body) {
                window.__atBody = {size: document.documentElement.getAttribute('data-gk-size'),
                                   contrast: document.documentElement.getAttribute('data-gk-contrast'),
                                   cursor: document.documentElement.getAttribute('data-gk-cursor')};
                observer.disconnect();
            }
        }).observe(document, {childList: true, subtree: true});""")
    page = context.new_page()
    page.goto(base_url + DOC)
    assert page.evaluate("() => window.__atBody") == {"size": None, "contrast": None, "cursor": None}
    open_aids(page)
    page.get_by_role("button", name="特大").click()
    page.get_by_role("button", name="高对比度").click()
    page.get_by_role("button", name="大鼠标").click()
    assert json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}')")) == {
        "size": 3,
        "contrast": True,
        "cursor": True,
    }
    # another page, reached by a link
    page.get_by_role("link", name="返回“法规文件”列表").click()
    page.wait_for_url("**/proactive/regulations/")
    assert page.evaluate("() => window.__atBody") == {"size": "3", "contrast": "on", "cursor": "on"}
    assert style(page, "body", "backgroundColor") == "rgb(0, 0, 0)"
    open_aids(page)
    for name in ("特大", "高对比度", "大鼠标"):
        assert page.get_by_role("button", name=name, exact=True).get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name="标准").get_attribute("aria-pressed") == "false"
    # reset: every aid off, here and on the next page
    page.get_by_role("button", name="恢复默认").click()
    assert (
        page.evaluate("() => document.documentElement.getAttributeNames().filter(n => n.startsWith('data-gk-'))") == []
    )
    page.goto(base_url + DOC)
    assert page.evaluate("() => window.__atBody") == {"size": None, "contrast": None, "cursor": None}


def test_read_aloud_speaks_the_main_text_with_the_browsers_speech_synthesis(context, base_url):
    # a spy: records each utterance and hands it on to the real speechSynthesis.speak
    context.add_init_script("""
        window.__spoken = [];
        if (window.speechSynthesis) {
            const speak = speechSynthesis.speak.bind(speechSynthesis);
            speechSynthesis.speak = (u) => { window.__spoken.push({text: u.text, lang: u.lang}); speak(u); };
        }""")
    page = context.new_page()
    page.goto(base_url + DOC)
    open_aids(page)
    page.get_by_role("button", name="朗读正文").click()
    page.wait_for_function("() => window.__spoken.length > 0")
    first = page.evaluate("() => window.__spoken[0]")
    h1 = page.locator("h1").inner_text()
    assert first == {"text": h1[:160], "lang": "zh-CN"}  # the title first, in Chinese
    status = page.get_by_role("status").filter(has_text="朗读")
    # Either the browser speaks (a voice is installed) and goes on through the text, or it says why not.
    page.wait_for_function("""() => speechSynthesis.speaking ||
        /朗读失败/.test(document.querySelector('.gk-aids__status').textContent)""")
    if page.evaluate("() => speechSynthesis.speaking"):
        page.wait_for_function("() => window.__spoken.length > 2")
        spoken = " ".join(page.evaluate("() => window.__spoken.map(u => u.text)"))
        assert "有效性：已废止" in spoken
        assert page.get_by_role("button", name="停止朗读").is_enabled()
        page.get_by_role("button", name="停止朗读").click()
        assert not page.evaluate("() => speechSynthesis.speaking")
        assert status.inner_text() == "已停止朗读。"
    else:
        assert "请检查系统是否安装了中文语音" in status.inner_text()
    assert page.get_by_role("button", name="朗读正文").is_enabled()
    assert page.get_by_role("button", name="停止朗读").is_disabled()


def test_read_aloud_reads_title_banner_then_body_not_the_navigation(page, base_url):
    page.goto(base_url + DOC)
    sentences = page.evaluate("() => window.gongkaiReadingAids.sentences()")
    assert sentences[0] == page.locator("h1").inner_text()
    assert sentences[1].startswith("有效性：已废止。")
    body = page.locator(".gk-body p").first.inner_text().strip()
    assert any(body.startswith(s) or s.startswith(body[:40]) for s in sentences[2:])
    text = "".join(sentences)
    assert "政府信息公开制度" not in text  # the navigation is not read
    assert "索引号" not in text  # nor the metadata block
    assert all(len(s) <= 160 for s in sentences)  # short utterances: Chrome cuts long ones off
    # selected text is read instead, when there is some
    page.evaluate("""() => { const r = document.createRange();
        r.selectNodeContents(document.querySelector('.gk-meta td'));
        const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); }""")
    assert page.evaluate("() => window.gongkaiReadingAids.sentences()") == [
        page.locator(".gk-meta td").first.inner_text().strip()
    ]


def test_without_speech_synthesis_read_aloud_is_not_offered(context, base_url):
    context.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page = context.new_page()
    page.goto(base_url + DOC)
    open_aids(page)
    assert not page.get_by_role("button", name="朗读正文").is_visible()
    assert page.get_by_text("本浏览器不支持朗读。").is_visible()
    # the other aids still work
    page.get_by_role("button", name="大", exact=True).click()
    assert page.evaluate("() => document.documentElement.dataset.gkSize") == "1"


def test_no_page_pops_anything_up_or_moves_focus_on_load(page, base_url):
    """工信部 rules: no pop-ups; the aids stay closed until asked for."""
    page.goto(base_url)
    assert focused(page)["tag"] == "BODY"
    assert page.get_by_role("dialog").filter(has_text=re.compile(".+")).count() == 0
    assert page.get_by_role("button", name="阅读辅助").get_attribute("aria-expanded") == "false"
