"""Printing: a document prints on A4 with its validity banner and metadata block, without navigation,
and whatever reading aids are on."""

import json
import re

import pytest

DOC = "proactive/regulations/2018-sme-development-measures/"  # repealed: has the validity banner
# A4 is 210 × 297 mm = 595.3 × 841.9 pt; the page's printable width is 210 − 2 × 16 mm = 178 mm
A4_PT = (595.3, 841.9)
PRINTABLE_PX = round(178 / 25.4 * 96)




def new_page(browser, aids=None, width=1280):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    if aids:
        context.add_init_script(f"localStorage.setItem('gongkai.reading-aids', {json.dumps(json.dumps(aids))})")
    return context, context.new_page()


def test_document_prints_on_a4(browser, base_url):
    context, page = new_page(browser)
    page.goto(base_url + DOC)
    pdf = page.pdf(prefer_css_page_size=True)  # the page size comes from the site's @page rule
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages >= 1 and len(boxes) >= pages
    for w, h in boxes:
        assert (float(w), float(h)) == pytest.approx(A4_PT, abs=1), (w, h)
    context.close()


def test_print_shows_banner_and_metadata_and_no_navigation(browser, base_url):
    context, page = new_page(browser)
    page.goto(base_url + DOC)
    on_screen = {
        s: page.locator(s).first.is_visible()
        for s in (".md-header", ".md-sidebar--primary", ".gk-aids", "[role=search]")
    }
    assert all(on_screen.values()), on_screen  # what print must hide is there on screen
    page.emulate_media(media="print")
    for selector in ("h1", "[role=alert]", ".gk-meta", ".gk-body"):
        assert page.locator(selector).first.is_visible(), selector
    assert "有效性：已废止" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("table", name="文件信息").get_by_role("rowheader", name="索引号").is_visible()
    for selector in (
        ".md-header",
        ".md-sidebar",
        ".gk-aids",
        ".gk-skip",
        "[role=search]",
        ".md-footer",
        ".gk-back",
        ".md-top",
    ):
        assert page.locator(selector).evaluate_all("els => els.every(e => !e.checkVisibility())"), selector
    # the banner comes first, then the metadata block, then the text, as on screen
    order = page.evaluate("""() => ['h1', '[role=alert]', '.gk-meta', '.gk-body']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order == sorted(order)
    context.close()


@pytest.mark.parametrize("path", [DOC, "proactive/civil-service/2025-proposed-hires/", "catalogue/"])
def test_tables_fit_the_paper(browser, base_url, path):
    """No table is cut at the paper's edge: on paper nothing scrolls."""
    context, page = new_page(browser, width=PRINTABLE_PX)
    page.goto(base_url + path)
    page.emulate_media(media="print")
    widths = page.evaluate("""() => [...document.querySelectorAll('table')]
        .map(t => Math.ceil(t.getBoundingClientRect().right))""")
    assert widths and max(widths) <= PRINTABLE_PX, widths
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PRINTABLE_PX
    context.close()


def test_print_is_in_normal_colours_and_size_whatever_the_reading_aids(browser, base_url):
    context, page = new_page(browser, aids={"size": 3, "contrast": True, "cursor": True})
    page.goto(base_url + DOC)
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.gk-body p')).color") == "rgb(0, 0, 0)"
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "16px"  # 12 pt
    context.close()
