"""The front end (#16 item 8): one bootstrap for the scripts, colours as CSS custom properties, and
the 索引号 pattern of site_config/site.yml handed to search.js.

Unit tests read the sources; browser tests build the sample (once with another 索引号 pattern) and
open it in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import subprocess
import unicodedata

import pytest

from conftest import COMMIT_DATE, ROOT, copy_project, mkdocs_build
from gongkai import audit
from gongkai.audit.browser import serve
from gongkai.core.siteconfig import SiteConfig, index_no_js_source, index_no_regex
from gongkai.pages.searchindex import normalise_query_text

JS = ROOT / "overrides" / "assets" / "javascripts"
CSS = ROOT / "overrides" / "assets" / "stylesheets"
MAIN = ROOT / "overrides" / "main.html"
COMPONENTS = {"reading-aids.js": "reading-aids", "gongkai.js": "catalogue", "search.js": "search"}
ORG = "11379900004123456X"


def site_with(pattern: str, org_code: str = ORG) -> SiteConfig:
    return SiteConfig(name="示例", org_code=org_code, level="department", site_url="", index_no_pattern=pattern,
                      contact={}, subcolumns=(), topics=())


# -- the 索引号 pattern as a JavaScript RegExp source ------------------------------------------------

def test_default_pattern_source():
    # the org code is the body's own, lower-cased like every query; "/" and "-" escaped for JavaScript
    assert index_no_js_source("{org_code}/{yyyy}-{seq:05d}", ORG) == r"11379900004123456x\/\d{4}\-\d{5}"
    assert site_with("{org_code}/{yyyy}-{seq:05d}").index_no_js() == r"11379900004123456x\/\d{4}\-\d{5}"


@pytest.mark.parametrize(("pattern", "org_code"), [
    ("{org_code}/{yyyy}-{seq:05d}", ORG),
    ("{org_code}-{yyyy}-{seq:04d}", ORG),
    ("{org_code}.{yyyy}.{seq}", "AB.C+D"),          # regex characters in the org code are literal
    ("示政〔{yyyy}〕第{seq:03d}号", "X"),              # Chinese and brackets: \\uXXXX escapes
    ("ＳＹ（{yyyy}）[{seq}]{org_code}", "Ab12"),      # full-width letters normalise as a query does
    ("{yyyy}|{seq}?*^$\\{org_code}", "q"),
])
def test_source_finds_every_index_no_of_the_pattern(pattern, org_code):
    source = index_no_js_source(pattern, org_code)
    # plain ASCII, nothing a browser of 2015 would refuse (named groups, lookbehind, flags)
    assert source.isascii() and source.isprintable()
    assert "(?P" not in source and "(?<" not in source and "(?" not in source
    site = site_with(pattern, org_code)
    for year, seq in ((2024, 1), (2019, 37), (2026, 999)):
        index_no = site.format_index_no(year, seq)
        assert index_no_regex(pattern, org_code).fullmatch(index_no)  # what the checker accepts
        query = normalise_query_text(index_no)
        # Python's re reads this source as JavaScript does (the browser test runs it in Chromium)
        found = re.search(source, f"查找 {query} 的文件")
        assert found and found.group() == query, (pattern, source, query)


def test_source_does_not_find_other_forms():
    source = index_no_js_source("{org_code}-{yyyy}-{seq:04d}", ORG)
    assert not re.search(source, normalise_query_text(f"{ORG}/2024-00001"))  # the default form
    assert not re.search(source, normalise_query_text("11379900004123456Y-2024-0001"))  # another body
    assert not re.search(source, normalise_query_text(f"{ORG}-24-0001"))  # a two-digit year
    # a JavaScript special character in the pattern stands for itself, not "any character"
    dotted = index_no_js_source("{org_code}.{yyyy}.{seq}", "A")
    assert re.search(dotted, "a.2024.1") and not re.search(dotted, "ax2024x1")


def test_source_escapes_every_non_ascii_code_unit():
    # U+3014 〔 is one UTF-16 unit; a character outside the BMP is two, as JavaScript compares them
    assert index_no_js_source("〔{seq}", "x") == r"\u3014\d+"
    assert index_no_js_source("\U00020000{seq}", "x") == r"\ud840\udc00\d+"
    assert unicodedata.normalize("NFKC", "Ａ") == "A"
    assert index_no_js_source("Ａ{seq}", "x") == r"a\d+"


# -- one bootstrap ---------------------------------------------------------------------------------

def test_one_settings_block_rendered_with_tojson():
    html = MAIN.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/json" id="gk-settings">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    # one escaping: the whole block through tojson, nothing printed into it by hand
    assert blocks[0].strip().startswith("{{") and blocks[0].strip().endswith("| tojson }}")
    assert "gk_index_no" in blocks[0] and "navigation.instant" in blocks[0]


def test_bootstrap_is_loaded_once_before_every_component():
    html = MAIN.read_text(encoding="utf-8")
    scripts = re.findall(r"<script src=\"\{\{ 'assets/javascripts/([^']+)' \| url \}\}\"></script>", html)
    assert scripts.count("bootstrap.js") == 1
    assert sorted(scripts) == sorted(["bootstrap.js", *COMPONENTS])
    assert scripts.index("bootstrap.js") < min(scripts.index(name) for name in COMPONENTS)
    assert html.index('id="gk-settings"') < html.index("assets/javascripts/bootstrap.js")


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_components_start_only_through_the_bootstrap(name):
    source = (JS / name).read_text(encoding="utf-8")
    # no script of its own finds the DOM ready, Material's navigation or the page's settings
    for forbidden in ("DOMContentLoaded", "readyState", "document$", "gk-settings", "data-search-page"):
        assert forbidden not in source, (name, forbidden)
    assert re.findall(r"window\.gongkai\.component\(\"([a-z-]+)\"", source) == [COMPONENTS[name]]


def test_bootstrap_is_the_only_reader_of_the_dom_ready_and_material_navigation():
    source = (JS / "bootstrap.js").read_text(encoding="utf-8")
    assert source.count("DOMContentLoaded") == 1 and "document$" in source and "gk-settings" in source
    scripts = sorted(p.name for p in JS.glob("*.js"))
    assert scripts == sorted(["bootstrap.js", *COMPONENTS])


def test_search_js_has_no_pattern_of_its_own():
    source = (JS / "search.js").read_text(encoding="utf-8")
    assert "[0-9a-z]{18}" not in source
    assert "new RegExp(source)" in source and "settings.indexNo" in source


# -- colours as custom properties -----------------------------------------------------------------

NAMED = ("black|white|red|green|blue|yellow|orange|purple|gray|grey|silver|maroon|navy|teal|olive|lime|aqua|"
         "fuchsia|pink|brown|gold|indigo|violet|crimson|darkred|darkblue|darkgreen|lightgray|lightgrey|darkgray|"
         "darkgrey|whitesmoke|gainsboro|ivory|beige|khaki|coral|salmon|tomato|navajowhite|dimgray|dimgrey")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|"
                    rf"(?<![-\w])(?:{NAMED})(?![-\w])", re.I)
STYLESHEETS = sorted(CSS.glob("*.css"))
CONTRAST_BLOCK = 'html[data-gk-contrast="on"]'


def declarations(path):
    """(selector, declaration) of a stylesheet, comments and url(…) images left out (the colours
    drawn inside the large cursor's SVG cannot be custom properties)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"url\((\"[^\"]*\"|'[^']*'|[^)]*)\)", "url()", text)
    out = []
    for block in re.finditer(r"([^{}]*)\{([^{}]*)\}", text):
        selector = block.group(1).strip()
        out.extend((selector, d.strip()) for d in block.group(2).split(";") if d.strip())
    return out


def defined(path, selector):
    return [d.split(":", 1)[0] for s, d in declarations(path) if s == selector and d.startswith("--gk-")]


def test_the_colour_tests_see_colours():
    # the reading of the stylesheets finds what it must refuse
    assert COLOUR.search("color: #1f1f1f") and COLOUR.search("background: rgba(0, 0, 0, .4)")
    assert COLOUR.search("border: 1px solid white") and not COLOUR.search("white-space: nowrap")
    assert len(declarations(CSS / "gongkai.css")) > 100


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: p.name)
def test_colours_only_in_property_definitions(path):
    found = [(s, d) for s, d in declarations(path) if COLOUR.search(d)]
    assert "var(--gk-" in path.read_text(encoding="utf-8")  # every stylesheet has colours: the properties
    outside = [(s, d) for s, d in found if not d.startswith("--gk-")]
    assert outside == []
    # a --gk- colour literal only in the defaults (:root) and in the high-contrast presentation
    places = {s for s, d in found}
    assert places <= {":root", CONTRAST_BLOCK}, places


def test_each_property_defined_once_and_overridden_only_by_high_contrast():
    defaults = defined(CSS / "gongkai.css", ":root")
    contrast = defined(CSS / "reading-aids.css", CONTRAST_BLOCK)
    assert len(defaults) == len(set(defaults)) > 20 and len(contrast) == len(set(contrast)) > 5
    everywhere = [d.split(":", 1)[0] for path in STYLESHEETS for _, d in declarations(path) if d.startswith("--gk-")]
    assert sorted(everywhere) == sorted(defaults + contrast)  # nowhere else
    used = {name for path in STYLESHEETS for name in re.findall(r"var\((--gk-[a-z-]+)\)", path.read_text("utf-8"))}
    assert used <= set(defaults) | set(contrast), used - set(defaults) - set(contrast)
    assert set(defaults) | set(contrast) <= used, (set(defaults) | set(contrast)) - used
    # the properties the high-contrast rules read: white text, black background, yellow links and focus
    values = {d.split(":", 1)[0]: d.split(":", 1)[1].strip()
              for s, d in declarations(CSS / "reading-aids.css") if s == CONTRAST_BLOCK}
    assert (values["--gk-text"], values["--gk-paper"], values["--gk-link"], values["--gk-focus"]) == (
        "#ffffff", "#000000", "#ffff00", "#ffff00")


def test_no_inline_style_in_templates():
    for path in sorted((ROOT / "overrides").rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"\sstyle=|<style", html), path


# -- in the browser: a build whose site.yml has another 索引号 pattern ------------------------------

OTHER_PATTERN = "{org_code}-{yyyy}-{seq:04d}"
KEY = "gongkai.reading-aids"
DOC = "proactive/regulations/2018-sme-development-measures/"  # repealed: the validity banner


def rewrite_index_nos(project) -> int:
    """The sample with OTHER_PATTERN: site.yml and every 索引号 of the content in the new form
    (11379900004123456X/2023-00007 becomes 11379900004123456X-2023-0007), committed."""
    site_yml = project / "site_config" / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    assert 'index_no_pattern: "{org_code}/{yyyy}-{seq:05d}"' in text
    site_yml.write_text(text.replace("{org_code}/{yyyy}-{seq:05d}", OTHER_PATTERN), encoding="utf-8")
    changed = 0
    for path in sorted((project / "content").rglob("*.md")):
        old = path.read_text(encoding="utf-8")
        new = re.sub(rf"{ORG}/(\d{{4}})-0(\d{{4}})\b", rf"{ORG}-\1-\2", old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            changed += 1
    commit(project, "other pattern")
    return changed


def commit(project, message: str) -> None:
    """Commit the changed copy on the sample's commit date (the build's dates come from git)."""
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE,
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "t@example.gov.cn",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "t@example.gov.cn"}
    subprocess.run(["git", "commit", "-q", "-a", "-m", message], cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def other_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("other-pattern")
    project = copy_project(base / "project")
    assert rewrite_index_nos(project) > 50
    result = mkdocs_build(project, base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"


@pytest.fixture(scope="module")
def other_url(other_site):
    prefix = audit.base_path(other_site)
    with serve(other_site, prefix=prefix) as root:
        yield root.rstrip("/") + prefix


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    errors = []
    pg = context.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []  # no script failed on any page the test opened


def search_for(page, url, query):
    from playwright.sync_api import expect

    page.goto(url + "search/")
    box = page.get_by_label("搜索内容")
    box.fill(query)
    box.press("Enter")
    status = page.get_by_role("status")
    expect(status).not_to_have_text("正在搜索……")
    expect(status).not_to_be_empty()
    results = page.locator(".gk-result a.gk-result__title")
    return status.inner_text(), [results.nth(i).inner_text() for i in range(results.count())]


def test_the_settings_block_carries_the_configured_pattern(other_site):
    html = (other_site / "search" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="gk-settings">(.*?)</script>', html, re.S).group(1)
    settings = json.loads(block)
    assert settings["indexNo"] == index_no_js_source(OTHER_PATTERN, ORG) == r"11379900004123456x\-\d{4}\-\d{4}"
    assert settings["instant"] is False and settings["urls"] == {"searchPage": "./"}


@pytest.mark.parametrize("variant", ["as written", "lower case", "full width"])
def test_index_no_of_the_configured_form_finds_its_document_first(page, other_site, other_url, variant):
    data = json.loads((other_site / "catalogue.json").read_text(encoding="utf-8"))
    target = next(d for d in data["documents"] if d["doc_no"] == "示政办发〔2023〕7号")
    index_no = target["index_no"]
    assert re.fullmatch(rf"{ORG}-2023-\d{{4}}", index_no), index_no  # the build took the new form
    query = {"as written": index_no, "lower case": index_no.lower(),
             "full width": "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in index_no)}[variant]
    status, titles = search_for(page, other_url, query)
    assert titles and titles[0] == target["title"], (query, status, titles)
    assert status.startswith("找到 1 条"), status
    # the query was read as one whole 索引号 (the sy: token), not as words
    words = page.evaluate("q => window.gongkaiSearch.queryWords(q)", query)
    assert [w["tokens"][0][0] for w in words] == ["sy:" + index_no.lower()]


def test_the_default_form_is_no_index_no_there(page, other_url):
    page.goto(other_url + "search/")
    words = page.evaluate("q => window.gongkaiSearch.queryWords(q)", f"{ORG}/2023-00007")
    assert not any(w["tokens"][0][0].startswith("sy:") for w in words)


def test_each_component_starts_once_and_the_header_box_goes_to_the_search_page(page, other_url):
    page.goto(other_url + "catalogue/")
    assert page.evaluate("() => window.gongkai.starts()") == {"reading-aids": 1, "catalogue": 1, "search": 1}
    # each component did its work: the toolbar, the sortable catalogue, the header box's target
    assert page.locator(".gk-aids").is_visible()
    assert page.locator("table.gk-catalogue.gk-sortable").count() == 1
    action = page.eval_on_selector("form[data-gk-search-form]", "f => f.action")
    assert action == other_url + "search/"


def computed(page, selector, prop):
    page.evaluate("() => document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} })")
    return page.eval_on_selector(selector, "(el, p) => getComputedStyle(el)[p]", prop)


def prop(page, name):
    return page.evaluate("n => getComputedStyle(document.documentElement).getPropertyValue(n).trim()", name)


def test_high_contrast_overrides_the_properties(page, other_url):
    page.goto(other_url + DOC)
    # default presentation: the colours of gongkai.css's :root
    assert prop(page, "--gk-text") == "#1f1f1f" and prop(page, "--gk-button") == "#1a3f8f"
    assert computed(page, ".gk-search button", "backgroundColor") == "rgb(26, 63, 143)"
    assert computed(page, ".gk-notice", "borderTopColor") == "rgb(138, 28, 28)"
    assert computed(page, ".gk-meta th", "backgroundColor") == "rgb(238, 242, 248)"
    page.get_by_role("button", name="阅读辅助").click()
    page.get_by_role("button", name="高对比度").click()
    assert page.evaluate("() => document.documentElement.getAttribute('data-gk-contrast')") == "on"
    # high contrast: the same properties with other values, and the rules follow them
    assert [prop(page, name) for name in ("--gk-text", "--gk-paper", "--gk-link")] == ["#ffffff", "#000000", "#ffff00"]
    for selector in ("body", ".gk-search button", ".gk-notice", ".gk-meta th", ".gk-searchbar"):
        assert computed(page, selector, "backgroundColor") == "rgb(0, 0, 0)", selector
    for selector in (".gk-search button", ".gk-meta td", ".gk-crumbs"):
        assert computed(page, selector, "color") == "rgb(255, 255, 255)", selector
    assert computed(page, ".gk-notice", "borderTopColor") == "rgb(255, 255, 255)"
    assert computed(page, "[role=alert] a", "color") == "rgb(255, 255, 0)"
    pressed = '.gk-aids button[aria-pressed="true"][data-gk-toggle]'
    assert (computed(page, pressed, "color"), computed(page, pressed, "backgroundColor")) == (
        "rgb(0, 0, 0)", "rgb(255, 255, 0)")
    # and the choice holds on the next page, before any script runs after the bootstrap
    page.goto(other_url + "search/")
    assert computed(page, "body", "backgroundColor") == "rgb(0, 0, 0)"
    assert json_choice(page)["contrast"] is True


def json_choice(page):
    return json.loads(page.evaluate("k => localStorage.getItem(k)", KEY))


# -- in the browser: Material's instant navigation on --------------------------------------------

@pytest.fixture(scope="module")
def instant_url(tmp_path_factory):
    """The sample built with navigation.instant added to mkdocs.yml's features, served."""
    base = tmp_path_factory.mktemp("instant")
    project = copy_project(base / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    - navigation.indexes\n" in text and "navigation.instant" not in text
    instant = text.replace("    - navigation.indexes\n", "    - navigation.instant\n    - navigation.indexes\n")
    config.write_text(instant, encoding="utf-8")
    commit(project, "instant navigation")
    site = base / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    prefix = audit.base_path(site)
    with serve(site, prefix=prefix) as root:
        yield site, root.rstrip("/") + prefix


def test_components_start_again_after_an_instant_page_change(page, instant_url):
    site, url = instant_url
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '"instant": true' in html
    # Material follows a link instantly only when the sitemap lists it: list the pages at the test
    # server's address (the built sitemap has the site's own, https://www.example.gov.cn/zwgk/)
    published = re.search(r"<loc>(https://[^<]*?/zwgk/)</loc>", (site / "sitemap.xml").read_text("utf-8")).group(1)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8").replace(published, url)
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    page.goto(url)
    assert page.evaluate("() => window.gongkai.starts()") == {"reading-aids": 1, "catalogue": 1, "search": 1}
    page.evaluate("() => { window.gkSamePage = true; }")
    page.wait_for_timeout(500)  # Material has read the sitemap
    page.locator(".md-content a[href$='catalogue/']").first.click()
    page.wait_for_url(url + "catalogue/")
    page.wait_for_function("() => window.gongkai.starts().catalogue === 2")
    assert page.evaluate("() => window.gkSamePage") is True  # no reload: Material swapped the page
    assert page.evaluate("() => window.gongkai.starts()") == {"reading-aids": 2, "catalogue": 2, "search": 2}
    # the catalogue page that arrived is set up, and the settings' URLs still point where they did
    assert page.locator("table.gk-catalogue.gk-sortable").count() == 1
    assert page.eval_on_selector("form[data-gk-search-form]", "f => f.action") == url + "search/"
    assert page.locator(".gk-aids").is_visible()
