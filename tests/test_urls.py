"""gongkai/core/urls.py: the one derivation src → destination → URL, the addresses of the generated
pages, id/<索引号>/, relative and absolute forms; and no template writing an address itself."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

import jinja2
import pytest
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from conftest import ORG, ROOT, doc_text
from gongkai.core import urls
from gongkai.core.urls import SITE_URLS
from gongkai.pages import listing, pageaddress
from gongkai.pages.feeds import feeds

# --- 1. src → destination → URL: MkDocs' rule -------------------------------------------------------

PAGES = [
    ("index.md", "index.html", ""),
    ("README.md", "index.html", ""),
    ("guide/index.md", "guide/index.html", "guide/"),
    ("proactive/budget/README.md", "proactive/budget/index.html", "proactive/budget/"),
    ("proactive/budget/2026-00008.md", "proactive/budget/2026-00008/index.html", "proactive/budget/2026-00008/"),
    ("a/b/c/d.md", "a/b/c/d/index.html", "a/b/c/d/"),
    ("a/b/c/index.md", "a/b/c/index.html", "a/b/c/"),
    ("a/readme.md", "a/readme/index.html", "a/readme/"),  # only README (as MkDocs) is the folder's page
    ("a/indexes.md", "a/indexes/index.html", "a/indexes/"),
    ("proactive/budget/预算说明.md", "proactive/budget/预算说明/index.html", "proactive/budget/预算说明/"),
    ("a/x%20y.md", "a/x%20y/index.html", "a/x%20y/"),  # kept as written: never encoded twice
]


@pytest.mark.parametrize(("src", "dest", "url"), PAGES)
def test_pages_follow_the_rule(src, dest, url):
    assert urls.destination(src) == dest
    assert urls.page_url(src) == url
    assert SITE_URLS.of(src) == url


@pytest.mark.parametrize(("src", "dest", "url"), PAGES)
def test_the_rule_is_mkdocs_own(src, dest, url):
    """The same destination as MkDocs' File (directory URLs); its URL is ours percent-encoded, and
    "./" for the landing page, whose Page.url is ""."""
    file = File(src, "/nonexistent/content", "/nonexistent/site", use_directory_urls=True)
    assert urls.destination(src) == file.dest_uri
    assert quote(urls.page_url(src)) == ("" if file.url == "./" else file.url)
    assert urls.url_of_destination(urls.destination(src)) == (url or "./")


def test_markdown_in_another_case_is_a_page_and_other_files_keep_their_path():
    assert urls.destination("a/b.MD") == "a/b/index.html" and urls.page_url("a/Notice.Md") == "a/Notice/"
    assert urls.destination("a/b.pdf") == "a/b.pdf" and urls.url_of_destination("a/b.pdf") == "a/b.pdf"
    assert urls.destination("a/.md") == "a/.md"  # a dot-file is no page (filewalk never publishes it)
    assert urls.url_of_destination("index.html") == "./"
    assert urls.url_of_destination("a/index.html") == "a/"
    assert urls.url_of_destination("a/notindex.html") == "a/notindex.html"


def test_a_document_takes_its_url_from_the_module(column_of):
    column = column_of({"proactive/budget/预算说明.md": doc_text(1), "proactive/budget/sub/index.md": doc_text(2),
                        "system/rule.md": doc_text(3)})
    assert not column.problems.errors, [str(p) for p in column.problems.errors]
    assert {d.src: d.url for d in column.documents} == {
        "guide/index.md": "guide/",
        "proactive/budget/预算说明.md": "proactive/budget/预算说明/",
        "proactive/budget/sub/index.md": "proactive/budget/sub/",
        "system/rule.md": "system/rule/",
    }


def test_the_page_url_is_computed_once_per_src():
    src = "proactive/budget/cached-once.md"
    before = urls.page_url.cache_info()
    for _ in range(5):
        urls.page_url(src)
    after = urls.page_url.cache_info()
    assert after.misses - before.misses == 1 and after.hits - before.hits == 4


# --- 2. the generated pages ------------------------------------------------------------------------


def test_the_generated_pages_have_the_addresses_the_templates_print(column_of):
    column = column_of({"proactive/regulations/r.md": doc_text(1, doc_type="行政规范性文件", reg_no="SLFG-2024-001",
                                                           effective="2024-03-01", expires="2025-03-01"),
                        "proactive/budget/b.md": doc_text(2), "system/s.md": doc_text(3)})
    assert not column.problems.errors, [str(p) for p in column.problems.errors]
    shown = [s.key for s in column.shown_subcolumns()]
    assert "regulations" in shown and "budget" in shown
    named = {SITE_URLS.catalogue, SITE_URLS.search, SITE_URLS.in_force, SITE_URLS.repealed, SITE_URLS.registry,
             *(SITE_URLS.part(p) for p in ("system", "proactive", "annual-reports")),
             *(SITE_URLS.subcolumn(k) for k in shown), *(SITE_URLS.subcolumn_catalogue(k) for k in shown)}
    made = {p.url for p in listing.generated_pages(column)}
    assert made == named, made ^ named
    assert SITE_URLS.catalogue == "catalogue/" and SITE_URLS.search == "search/" and SITE_URLS.home == ""
    assert SITE_URLS.in_force == "proactive/regulations/in-force/"
    assert SITE_URLS.subcolumn_catalogue("budget") == "proactive/budget/catalogue/"
    assert set(feeds(column)) == {SITE_URLS.feed, *(SITE_URLS.subcolumn_feed(k) for k in shown)}
    assert SITE_URLS.subcolumn_feed("budget") == "proactive/budget/feed.xml"


def test_later_list_pages_and_the_breadcrumb_use_the_same_addresses(column_of):
    column = column_of({f"system/s{n}.md": doc_text(n) for n in range(1, listing.PER_PAGE + 2)})
    [first, second] = [p for p in listing.generated_pages(column) if p.part == "system" and p.kind == "list"]
    assert (first.src, second.src) == (urls.list_page("system", 1), urls.list_page("system", 2))
    assert first.sibling_urls == [SITE_URLS.part("system"), "system/page-2/"]
    crumbs = listing.breadcrumb(column, second.src, "x")
    assert [c.url for c in crumbs] == [SITE_URLS.home, SITE_URLS.part("system"), None]


def test_the_build_files_and_reserved_sources_are_the_modules():
    from gongkai.core.column import RESERVED
    from gongkai.files.filewalk import BUILD_FILES

    assert {urls.CATALOGUE, urls.SEARCH, urls.part_list("proactive")} <= RESERVED
    assert {SITE_URLS.catalogue_csv, SITE_URLS.catalogue_json, SITE_URLS.feed, SITE_URLS.not_found} <= set(BUILD_FILES)


# --- 3. id/<索引号>/ ------------------------------------------------------------------------------------


def test_an_index_number_with_slashes_is_one_folder_a_part():
    address = urls.id_address(f"{ORG}/2018-00031")
    assert address is not None
    assert address.folder == f"id/{ORG}/2018-00031"
    assert address.url == f"id/{ORG}/2018-00031/"
    assert address.file == f"id/{ORG}/2018-00031/index.html"
    assert urls.url_of_destination(address.file) == address.url
    assert pageaddress.id_address is urls.id_address  # one derivation, not a copy


def test_a_chinese_index_number_is_percent_encoded_in_the_url_only():
    address = urls.id_address("示例办/2024-001")
    assert address is not None
    assert address.folder == "id/示例办/2024-001"
    assert address.url == "id/%E7%A4%BA%E4%BE%8B%E5%8A%9E/2024-001/"


@pytest.mark.parametrize("index_no", [None, "", "a//b", "a/../b", "./a", "a/b c", "a/b?c", "a/%2e"])
def test_no_address_for_an_index_number_that_cannot_be_folders(index_no):
    assert urls.id_address(index_no) is None


# --- 4. relative and absolute forms ----------------------------------------------------------------

FROM = ["", "./", "catalogue/", "proactive/budget/", "proactive/budget/page-2/", "id/a/b/", "feed.xml",
        "proactive/budget/feed.xml", "404.html", "a/b.c/d/"]
TO = ["", "./", "catalogue/", "proactive/budget/x/", "proactive/budget/", "id/a/b/", "catalogue.csv",
      "search/data/", "proactive/budget/feed.xml", "proactive/budget/预算说明/", "../x/"]


@pytest.mark.parametrize("here", FROM)
def test_relative_links_are_mkdocs_own(here):
    for there in TO:
        assert urls.relative(there, here) == get_relative_url(there or "./", here or "./"), (there, here)


def test_relative_links_examples():
    assert urls.relative("catalogue/", "proactive/budget/page-2/") == "../../../catalogue/"
    assert urls.relative("", "catalogue/") == "../"
    assert urls.relative("proactive/budget/x/", "proactive/budget/") == "x/"
    assert urls.relative("catalogue/", "404.html") == "catalogue/"
    assert urls.relative("proactive/budget/x/", "id/a/b/") == "../../../proactive/budget/x/"


@pytest.mark.parametrize("site_url", ["https://example.gov.cn/zwgk/", "https://example.gov.cn/zwgk"])
def test_absolute_under_a_site_url_with_a_path(site_url):
    assert urls.absolute(site_url, "catalogue/") == "https://example.gov.cn/zwgk/catalogue/"
    assert urls.absolute(site_url, "") == "https://example.gov.cn/zwgk/"
    assert urls.absolute(site_url, "id/a/b/") == "https://example.gov.cn/zwgk/id/a/b/"
    assert urls.public(site_url, "feed.xml") == "https://example.gov.cn/zwgk/feed.xml"


@pytest.mark.parametrize("site_url", ["https://example.gov.cn/", "https://example.gov.cn"])
def test_absolute_at_the_root_of_a_host(site_url):
    assert urls.absolute(site_url, "catalogue/") == "https://example.gov.cn/catalogue/"
    assert urls.absolute(site_url, "") == "https://example.gov.cn/"


@pytest.mark.parametrize("site_url", [None, ""])
def test_without_a_site_url(site_url):
    assert urls.absolute(site_url, "catalogue/") is None
    assert urls.public(site_url, "catalogue/") == "catalogue/"


# --- 5. the templates hold no address of a generated page ------------------------------------------

TEMPLATES = [*sorted((ROOT / "overrides" / "gongkai").glob("*.html")),
             ROOT / "overrides" / "main.html", ROOT / "overrides" / "404.html"]
# The path segments of every address gongkai generates (pages, exports, feeds, search data, id/, 404):
# a template literal holding one of them as a path writes an address itself.
GENERATED = {urls.CATALOGUE_CSV, urls.CATALOGUE_JSON, urls.FEED, urls.NOT_FOUND, urls.ID_FOLDER} | {
    segment for url in (SITE_URLS.catalogue, SITE_URLS.search, SITE_URLS.in_force, SITE_URLS.repealed,
                        SITE_URLS.registry, SITE_URLS.search_data, SITE_URLS.subcolumn_catalogue("k"))
    for segment in url.split("/") if segment and segment not in ("proactive", "regulations", "k")
}
# Attributes whose value is an address, and path-like words in the HTML around the expressions.
_URL_ATTRIBUTE = re.compile(r"""\b(?:href|src|action|data-index|data-search-page)\s*=\s*["']([^"'{]*)""")
_PATH_WORD = re.compile(r"[\w.%-]*(?:/[\w.%-]*)+|[\w-]+\.(?:xml|csv|json|html)")


def _names_generated(text: str) -> bool:
    return ("/" in text or "." in text) and any(segment in GENERATED for segment in re.split(r"[/?#]", text))


def address_literals(source: str) -> list[str]:
    """Where ``source`` (a Jinja template) writes an address of gongkai's pages itself: a string
    inside ``href(…)``, a string before MkDocs' ``| url`` filter (theme assets aside), any string or
    HTML text that is a path through a generated page, and a literal address in an HTML attribute."""
    found: list[str] = []
    block: list[tuple[str, str]] = []
    for lineno, kind, value in jinja2.Environment().lex(source):
        if kind == "data":
            found += [f"{lineno}: {m.group(0)}" for m in _URL_ATTRIBUTE.finditer(value)
                      if m.group(1).strip() and not m.group(1).startswith("#")]
            found += [f"{lineno}: {w}" for w in _PATH_WORD.findall(value) if _names_generated(w)]
        elif kind in ("variable_begin", "block_begin"):
            block = []
        elif kind in ("variable_end", "block_end"):
            found += [f"{lineno}: {s}" for s in _literals_in(block)]
        elif kind != "whitespace":
            block.append((kind, value))
    return found


def _literals_in(block: list[tuple[str, str]]) -> list[str]:
    out = []
    piped_to_url = any(a == ("operator", "|") and b == ("name", "url") for a, b in pairwise(block))
    # the open parentheses: (inside href(…), a call of a method of urls: its arguments are keys)
    stack: list[tuple[bool, bool]] = []
    for i, (kind, value) in enumerate(block):
        if kind == "operator" and value == "(":
            caller = [v for _, v in block[max(0, i - 3):i]]
            in_href = (bool(stack) and stack[-1][0]) or caller[-1:] == ["href"]
            stack.append((in_href, len(caller) == 3 and caller[:2] == ["urls", "."]))
        elif kind == "operator" and value == ")" and stack:
            stack.pop()
        elif kind == "string":
            text = value[1:-1]
            key = bool(stack) and stack[-1][1] and not ("/" in text or "." in text)
            if stack and stack[-1][0] and text and not key:
                out.append(f"href({value})")
            elif piped_to_url and not text.startswith("assets/"):
                out.append(f"{value} | url")
            elif _names_generated(text):
                out.append(value)
    return out


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(Path(p).relative_to(ROOT)))
def test_no_template_writes_an_address_of_a_generated_page(template):
    assert address_literals(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source", [
    """<a href="{{ href('catalogue/') }}">""",
    """<a href="{{ href('proactive/' ~ key ~ '/catalogue/') }}">""",
    """<a href="{{ href(urls.subcolumn(key) ~ 'feed.xml') }}">""",
    """<link href="{{ 'feed.xml' | url }}">""",
    """{% if page.url == "search/" %}x{% endif %}""",
    """{% set data = 'search/data/' %}<div data-index="{{ href(data) }}">""",
    """<a href="catalogue.csv">""",
    """<form action="../catalogue/">""",
    """<a href="{{ base }}id/{{ doc.index_no }}/">""",
    """<a href="{{ href(urls.subcolumn('budget') ~ 'catalogue/') }}">""",
    """<a href="{{ href(urls.of('proactive/budget/index.md')) }}">""",
])
def test_the_check_finds_a_written_address(source):
    assert address_literals(source), source


def test_the_check_leaves_expressions_assets_and_anchors_alone():
    assert address_literals("""<a href="{{ href(urls.catalogue) }}">目录</a><a href="#top">回到顶部</a>"""
                            """<script src="{{ 'assets/javascripts/gongkai.js' | url }}"></script>"""
                            """{% if page.kind == 'search' %}<option value="proactive/{{ k }}">{% endif %}"""
                            """<a href="{{ href(urls.subcolumn('regulations')) }}">""") == []


def test_the_templates_receive_the_module():
    """Material's environment (main.html, 404.html) gets ``urls`` from on_env; gongkai's own
    (overrides/gongkai/) from on_config: both the one SITE_URLS."""
    from gongkai.bodyrender import mkdocs_config
    from hooks import gongkai_hooks as hooks

    config = mkdocs_config(ROOT)
    env = config.theme.get_env()  # Material's: on_env also looks up its translations
    hooks.on_env(env, config, None)
    assert env.globals["urls"] is SITE_URLS
    rendered = env.from_string("{{ urls.catalogue }}|{{ urls.subcolumn_feed('budget') }}").render()
    assert rendered == "catalogue/|proactive/budget/feed.xml"
