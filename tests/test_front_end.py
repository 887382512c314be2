"""The front end (#16 item 8): one bootstrap for the scripts, colours as CSS custom properties, and
the 索引号 pattern of site_config/site.yml handed to search.js.

Unit tests read the sources; browser tests build the sample (once with another 索引号 pattern) and
open it in headless Chromium."""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import ROOT
from gongkai.searchindex import normalise_query_text
from gongkai.siteconfig import SiteConfig, index_no_js_source, index_no_regex

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
