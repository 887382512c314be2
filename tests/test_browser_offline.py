"""Offline stays offline (issue 12 item 7): the built sample, opened in headless Chromium, requests
nothing from a host other than 127.0.0.1 — also in a browser without ResizeObserver, for which
Material's bundle would fetch a polyfill from unpkg.com. Mermaid (which Material also loads from
unpkg.com) cannot reach a page: class="mermaid" is refused by the build (test_untrusted_html.py,
and below on the built HTML)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

# one page of every kind: landing, part, list, sub-column list, catalogue, validity list, search,
# document, annual report, guide, page-not-found
PAGES = [
    "",
    "proactive/",
    "system/",
    "proactive/regulations/",
    "catalogue/",
    "proactive/regulations/catalogue/",
    "proactive/regulations/in-force/",
    "search/?q=预算",
    "proactive/budget/2024-budget/",
    "proactive/regulations/2024-waste-sorting-measures/",
    "annual-reports/2025/",
    "guide/",
    "404.html",
]
POLYFILL = "assets/javascripts/vendor/resize-observer-polyfill-1.5.1.js"


def _visit(browser, url: str, without_resize_observer: bool):
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    if without_resize_observer:  # an older browser (Chrome < 64, Safari < 13.1)
        context.add_init_script("delete window.ResizeObserver;")
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    has_observer = page.evaluate("typeof window.ResizeObserver === 'function'")
    context.close()
    return requests, errors, has_observer


@pytest.mark.parametrize("without_resize_observer", [True, False], ids=["no-ResizeObserver", "modern"])
@pytest.mark.parametrize("path", PAGES)
def test_every_kind_of_page_requests_only_its_own_host(browser, base_url, path, without_resize_observer):
    requests, errors, has_observer = _visit(browser, base_url + path, without_resize_observer)
    hosts = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, [u for u in requests if "127.0.0.1" not in u]
    assert errors == []
    assert has_observer  # Material works: the vendored polyfill stands in for the missing API
    loaded_polyfill = any(u.endswith(POLYFILL) for u in requests)
    assert loaded_polyfill == without_resize_observer  # only fetched when needed


def test_no_built_page_holds_a_mermaid_block_or_a_third_party_address(built_site):
    # what would make Material fetch mermaid (pre.mermaid) or a browser fetch another host
    import re

    fetching = re.compile(
        r"""<(?:img|script|iframe|source|video|audio|embed|object)\b[^>]*\s(?:src|srcset|poster|data)=["']?(?:https?:)?//"""
        r"""|<link\b(?=[^>]*\srel=["']?(?:stylesheet|preconnect|preload|modulepreload|dns-prefetch|icon))"""
        r"""[^>]*\shref=["']?(?:https?:)?//""",
        re.IGNORECASE,
    )
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in text, page
        assert not fetching.search(text), (page, fetching.search(text))


def test_without_the_vendored_polyfill_material_would_fetch_it_from_a_cdn(browser, base_url):
    # proves the test above can fail: block our copy, and Material's bundle reaches for unpkg.com
    context = browser.new_context(locale="zh-CN")
    context.add_init_script("delete window.ResizeObserver;")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    context.route("**/*", lambda route: route.abort() if (POLYFILL in route.request.url
                                                          or "127.0.0.1" not in route.request.url)
                  else route.continue_())
    page = context.new_page()
    page.goto(base_url)
    page.wait_for_timeout(1500)
    context.close()
    assert any(urlparse(u).hostname == "unpkg.com" for u in requests), requests
