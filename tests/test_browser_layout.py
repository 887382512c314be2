"""The public's view, measured in a real headless Chromium at 1280, 375 and 320 px (issue 13).

List titles keep room to be read, the text of a document starts on the first screen, every page
below the landing page says where the reader is, no page scrolls sideways at 320 px, and the
permanent address id/<索引号>/ leads to the document. Screenshots of the pages the public uses most
are written to reports/screenshots/ (not committed) for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from gongkai import audit

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "reports" / "screenshots"
REPEALED_DOC = "proactive/regulations/2018-sme-development-measures/"
WIDE, PHONE, NARROW = 1280, 375, 320

# Characters of a title per line, as laid out: the width of the title's cell over its font size
# (a CJK character is one em wide). Every title of every list and catalogue on the page.
TITLE_CHARS_JS = """() => [...document.querySelectorAll('table.gk-list td.gk-col-title')]
  .filter(td => td.getClientRects().length && !td.closest('tr[hidden]'))
  .map(td => {
    const s = getComputedStyle(td);
    const width = td.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    const a = td.querySelector('a') || td;
    return {title: a.textContent.trim().slice(0, 20), chars: width / parseFloat(getComputedStyle(a).fontSize)};
  })"""

# Where the text of a document begins, from the top of the page.
BODY_TOP_JS = """() => {
  const body = document.querySelector('.gk-body');
  const first = [...body.children].find(el => el.getClientRects().length) || body;
  return first.getBoundingClientRect().top + window.scrollY;
}"""

# How far the page scrolls sideways when asked to (Material's overflow-x: hidden on <html> hides
# the scrollbar, not the overflow).
SIDEWAYS_JS = """() => {
  const d = document.scrollingElement;
  window.scrollTo(d.scrollWidth, 0);
  const x = window.scrollX;
  window.scrollTo(0, 0);
  return Math.max(x, d.scrollWidth - d.clientWidth);
}"""


def list_pages(site: Path) -> list[str]:
    return [p for p in audit.find_pages(site) if 'class="gk-list' in (site / p).read_text(encoding="utf-8")]


def document_pages(site: Path) -> list[str]:
    return [p for p in audit.find_pages(site) if 'class="gk-meta"' in (site / p).read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def contexts(browser):
    made = {}

    def at(width: int, js: bool = True):
        if (width, js) not in made:
            made[width, js] = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900},
                                                  java_script_enabled=js)
        return made[width, js]

    yield at
    for context in made.values():
        context.close()


@pytest.fixture(scope="module")
def pages(contexts):
    opened = {}

    def at(width: int, js: bool = True):
        if (width, js) not in opened:
            opened[width, js] = contexts(width, js).new_page()
        return opened[width, js]

    return at


def url_of(base_url: str, page: str) -> str:
    return audit.page_url(base_url, page)


@pytest.mark.parametrize("width", [WIDE, PHONE])
def test_browser_list_titles_get_at_least_twelve_characters_a_line(pages, base_url, built_site, width):
    pg = pages(width)
    narrowest = {}
    for page in list_pages(built_site):
        pg.goto(url_of(base_url, page))
        cells = pg.evaluate(TITLE_CHARS_JS)
        assert cells, page
        narrowest[page] = min(cells, key=lambda c: c["chars"])
    worst_page, worst = min(narrowest.items(), key=lambda item: item[1]["chars"])
    print(f"\n{width} px: {len(narrowest)} list pages, narrowest title {worst['chars']:.1f} characters a line "
          f"({worst_page}: {worst['title']})")
    assert worst["chars"] >= 12, (worst_page, worst)  # the bar is 8


def test_browser_document_text_starts_on_the_first_screen(pages, base_url, built_site):
    pg = pages(WIDE)
    tops = {}
    for page in document_pages(built_site):
        pg.goto(url_of(base_url, page))
        tops[page] = pg.evaluate(BODY_TOP_JS)
    worst_page = max(tops, key=tops.get)
    print(f"\n1280×900: {len(tops)} document pages, the text starts at {tops[worst_page]:.0f} px at the latest "
          f"({worst_page}); {tops[REPEALED_DOC + 'index.html']:.0f} px on the repealed regulation with banner")
    assert tops[worst_page] < 900, (worst_page, tops[worst_page])


def test_browser_metadata_block_is_two_pairs_a_line_wide_and_one_on_phones(pages, base_url):
    for width, pairs in ((WIDE, 2), (PHONE, 1)):
        pg = pages(width)
        pg.goto(url_of(base_url, REPEALED_DOC))
        lines = pg.evaluate("""() => {
          const tops = new Map();
          document.querySelectorAll('.gk-meta th').forEach(th => {
            const top = Math.round(th.getBoundingClientRect().top);
            tops.set(top, (tops.get(top) || 0) + 1);
          });
          return [...tops.values()];
        }""")
        assert max(lines) == pairs, (width, lines)
        # still a table whose values name their labels, for screen readers in both layouts
        meta = pg.get_by_role("table", name="文件信息")
        assert meta.get_by_role("rowheader", name="索引号").count() == 1
        assert meta.get_by_role("rowheader", name="有效性").count() == 1
        assert pg.evaluate("() => document.querySelectorAll('.gk-meta td:not([headers])').length") == 0
        assert pg.evaluate("() => document.documentElement.scrollWidth") <= width


def test_browser_phone_lists_are_stacked_entries_that_stay_tables(pages, base_url):
    pg = pages(PHONE)
    pg.goto(url_of(base_url, "proactive/regulations/repealed/"))
    rows = pg.locator("table.gk-list tbody tr")
    first = rows.first
    title_box = first.locator("td.gk-col-title").bounding_box()
    facts = first.locator("td[data-label]")
    boxes = [facts.nth(i).bounding_box() for i in range(facts.count())]
    # the title across the entry, each fact on a line of its own under it, with its label shown
    assert title_box["width"] > 0.8 * (PHONE - 40)
    assert all(box["y"] >= title_box["y"] + title_box["height"] - 1 for box in boxes if box)
    label = pg.evaluate(
        """() => getComputedStyle(document.querySelector('table.gk-list td[data-label]'), '::before').content"""
    )
    assert "文号" in label
    # screen readers still get a table with column headers
    table = pg.get_by_role("table", name=re.compile("已废止"))
    assert table.get_by_role("columnheader").count() == 7
    assert table.get_by_role("row").count() == rows.count() + 1
    assert table.get_by_role("cell").count() >= 7 * rows.count()


def test_browser_catalogue_sorts_and_filters_on_a_phone(pages, base_url):
    pg = pages(PHONE)
    pg.goto(url_of(base_url, "catalogue/"))
    button = pg.get_by_role("button", name="名称")
    assert button.is_visible()
    button.click()
    assert pg.locator("th[aria-sort='ascending']").inner_text() == "名称"
    titles = pg.locator("table.gk-catalogue tbody td.gk-col-title a").all_inner_texts()
    assert titles == sorted(titles, key=lambda t: t) or len(titles) > 30
    pg.get_by_label("有效性", exact=True).select_option(label="已废止")
    visible = pg.locator("table.gk-catalogue tbody tr:not([hidden])")
    assert 0 < visible.count() < len(titles)
    assert all(t.strip().endswith("已废止") for t in visible.locator("td.gk-status").all_inner_texts())


def test_browser_lists_read_on_a_phone_without_javascript(pages, base_url):
    pg = pages(PHONE, js=False)
    pg.goto(url_of(base_url, "catalogue/"))
    assert pg.locator("table.gk-catalogue tbody tr").count() > 30
    assert not pg.locator("table.gk-catalogue thead").is_visible() or pg.locator("thead th button").count() == 0
    assert pg.locator("td.gk-col-title a").first.is_visible()
    assert pg.evaluate(SIDEWAYS_JS) == 0


def test_browser_breadcrumb_and_nav_mark_where_the_reader_is(pages, base_url):
    pg = pages(WIDE)
    pg.goto(url_of(base_url, REPEALED_DOC))
    crumbs = pg.get_by_role("navigation", name="当前位置")
    assert crumbs.is_visible()
    assert crumbs.get_by_role("link").all_inner_texts() == ["政府信息公开", "法定主动公开内容", "法规文件"]
    assert crumbs.locator("[aria-current=page]").inner_text() == pg.locator("h1").inner_text()
    # the side nav is open at the sub-column, which is marked
    marked = pg.locator(".md-sidebar--primary a[aria-current=true]")
    assert marked.count() == 1 and marked.inner_text().strip() == "法规文件" and marked.is_visible()
    crumbs.get_by_role("link", name="法规文件").click()
    pg.wait_for_url("**/proactive/regulations/")
    assert pg.get_by_role("navigation", name="当前位置").locator("[aria-current=page]").inner_text() == "法规文件"


def test_browser_title_and_header_say_the_page_once(pages, base_url):
    pg = pages(WIDE)
    pg.goto(url_of(base_url, REPEALED_DOC))
    title = pg.title()
    assert title == pg.locator("h1").inner_text() + " - 示例市人民政府办公室政府信息公开"
    assert title.count("政府信息公开") == 1 + pg.locator("h1").inner_text().count("政府信息公开")
    pg.goto(base_url)
    assert pg.title() == "示例市人民政府办公室政府信息公开"


@pytest.mark.parametrize("width", [NARROW])
def test_browser_no_page_scrolls_sideways_at_320_px(pages, base_url, built_site, width):
    pg = pages(width)
    sideways = {}
    for page in audit.find_pages(built_site):
        pg.goto(url_of(base_url, page))
        sideways[page] = pg.evaluate(SIDEWAYS_JS)
    scrolling = {p: x for p, x in sideways.items() if x > 0}
    print(f"\n320 px: {len(scrolling)} of {len(sideways)} pages scroll sideways")
    assert scrolling == {}


def test_browser_audit_measures_sideways_scroll_that_styles_hide(pages):
    """The audit's reflow check (gongkai/audit/, run by `make audit`) catches a page that scrolls
    sideways because of something invisible, under Material's overflow-x: hidden on <html>."""
    pg = pages(NARROW)
    html = ('<!doctype html><html lang="zh-CN" style="overflow-x:hidden"><body style="margin:0">'
            '<div style="position:relative;width:300px;height:40px">'
            '<div style="position:absolute;left:80px;width:100%;opacity:0;transform:translateX(25px)">标题</div>'
            '</div><p>正文</p></body></html>')
    pg.set_content(html)
    found = pg.evaluate(audit.OVERFLOW_JS)
    assert found["pageScroll"] and found["sideways"] == 85
    assert found["ghosts"] and "不可见" in found["ghosts"][0]["detail"]
    pg.set_content(html.replace("translateX(25px)", "none").replace("width:100%", "width:50%"))
    found = pg.evaluate(audit.OVERFLOW_JS)
    assert not found["pageScroll"] and found["sideways"] == 0 and found["ghosts"] == []


def test_browser_permanent_address_and_qr_code_work_offline(browser, base_url, built_site):
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDE, "height": 900})
    requested = []
    context.on("request", lambda r: requested.append(r.url))
    pg = context.new_page()
    pg.goto(url_of(base_url, REPEALED_DOC))
    qr = pg.get_by_role("img", name=re.compile("二维码"))
    assert qr.count() == 1 and qr.is_visible()
    index_no = pg.get_by_role("table", name="文件信息").locator("td[headers=gk-m-index_no]").inner_text()
    name = qr.get_attribute("aria-label")
    assert name.endswith(f"https://www.example.gov.cn/zwgk/id/{index_no}/")
    box = qr.bounding_box()
    assert box["width"] >= 100 and abs(box["width"] - box["height"]) < 1
    # the 索引号 printed on paper finds the page
    pg.goto(base_url + f"id/{index_no}/")
    pg.wait_for_url("**/" + REPEALED_DOC)
    assert pg.locator("h1").inner_text().startswith("示例市人民政府办公室关于印发示例市促进中小企业发展")
    # and every document with a 索引号 has one
    for page in document_pages(built_site)[:200]:
        text = (built_site / page).read_text(encoding="utf-8")
        found = re.search(r'id="gk-m-index_no">索引号</th><td headers="gk-m-index_no">([^<]+)</td>', text)
        if found:
            target = (built_site / "id" / found.group(1) / "index.html").read_text(encoding="utf-8")
            assert "/".join(page.split("/")[:-1]) + "/" in target
    hosts = {urlparse(u).hostname for u in requested if u.startswith("http")}
    assert hosts == {"127.0.0.1"}, hosts
    # shown in print too
    pg.goto(url_of(base_url, REPEALED_DOC))
    pg.emulate_media(media="print")
    assert pg.get_by_role("img", name=re.compile("二维码")).is_visible()
    context.close()


SCREENS = {"home": "", "list": "proactive/regulations/", "repealed": REPEALED_DOC, "catalogue": "catalogue/"}


def test_browser_screenshots_for_people_to_look_at(contexts, base_url):
    """Full-page screenshots at 1280, 375 and 320 px into reports/screenshots/ (not committed)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for width in (WIDE, PHONE, NARROW):
        pg = contexts(width).new_page()
        for name, path in SCREENS.items():
            pg.goto(url_of(base_url, path))
            pg.evaluate("() => document.fonts.ready")
            target = SHOTS / f"{name}-{width}.png"
            pg.screenshot(path=str(target), full_page=True)
            written.append(target)
        pg.close()
    assert all(p.stat().st_size > 10_000 for p in written)
    # CJK glyphs are there (fonts-noto-cjk): the heading is wider than a row of missing-glyph boxes would be
    pg = contexts(WIDE).new_page()
    pg.goto(base_url)
    fonts = pg.evaluate("""async () => { await document.fonts.ready;
        return document.fonts.check('16px "Noto Sans CJK SC"')
            || document.fonts.check('16px "Noto Serif CJK SC"'); }""")
    assert fonts
    pg.close()


def test_browser_wide_tables_scroll_in_their_region_with_a_cue(pages, base_url):
    pg = pages(PHONE)
    pg.goto(url_of(base_url, "annual-reports/2024/"))
    wraps = pg.locator(".gk-table-wrap.gk-scrolls")
    assert wraps.count() >= 1
    first = wraps.first
    assert first.get_attribute("tabindex") == "0" and first.get_attribute("role") == "region"
    cue = first.locator("xpath=preceding-sibling::*[1]")
    assert "gk-scroll-cue" in cue.get_attribute("class") and cue.is_visible() and "左右滚动" in cue.inner_text()
    assert pg.evaluate(SIDEWAYS_JS) == 0
    # at 1280 px the same tables fit: no cue
    wide = pages(WIDE)
    wide.goto(url_of(base_url, "annual-reports/2024/"))
    assert wide.locator(".gk-scroll-cue:visible").count() == wide.locator(".gk-table-wrap.gk-scrolls").count()
