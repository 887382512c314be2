"""Every address of the site, derived in one place: src → destination → URL.

MkDocs publishes a content file ``src`` (a path under content/) at a destination under site/ and
links to it by a URL (``use_directory_urls``: a page ``a/b.md`` is ``a/b/index.html`` and ``a/b/``;
``index.md`` and ``README.md`` are the folder's ``index.html``; any other file keeps its path).
gongkai's lists, catalogues, feeds, search index, ``new`` command and templates all need the same
answer, so they all ask this module (as MkDocs asks its one cached ``File.url``):

- ``destination(src)`` and ``url_of_destination(dest)``: MkDocs' rule;
- ``page_url(src)``: the site-relative URL of a page as gongkai's pages link to it ("" is the
  landing page, as MkDocs' ``Page.url``); cached, since every list and link asks (10,000
  documents, each linked from several pages);
- the sources and URLs of the pages, exports and feeds the build generates, and ``SITE_URLS``,
  the object the templates print them from (so that no template writes an address itself);
- ``id_address``: the permanent address ``id/<索引号>/`` of a document;
- ``relative(url, from_url)``: a link from one page to another (MkDocs' ``get_relative_url``);
- ``absolute(site_url, url)``: the URL on the published site (site_url may hold a path, e.g.
  ``https://example.gov.cn/zwgk/``).

Site-relative page URLs keep the path as written (a Chinese file name stays Chinese, the browser
encodes it); the ``id/`` addresses are percent-encoded because a 索引号 is printed and typed.
Plain Python: the domain (``Document.url``) needs it, so it lives in core and imports nothing.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import quote

MARKDOWN = ".md"
INDEX_HTML = "index.html"
# Names MkDocs publishes as the folder's own page (mkdocs.structure.files.File._get_stem).
_FOLDER_PAGES = ("index", "README")

# The pages gongkai generates: virtual Markdown sources under content/ (MkDocs renders them).
LANDING = "index.md"
CATALOGUE = "catalogue.md"  # 政府信息公开目录
SUBCOLUMN_CATALOGUE = "catalogue.md"  # in each sub-column's folder: its own catalogue
SEARCH = "search.md"
IN_FORCE_LIST = "proactive/regulations/in-force.md"  # 现行有效的规章和行政规范性文件
REPEALED_LIST = "proactive/regulations/repealed.md"  # 已废止和失效的规章和行政规范性文件
REGISTRY_LIST = "proactive/regulations/registry.md"  # 规范性文件登记目录 (registry.py)
PROACTIVE = "proactive"  # the part that holds the sub-columns

# Files the build writes beside the pages (paths under site/, which are also their URLs).
CATALOGUE_JSON = "catalogue.json"
CATALOGUE_CSV = "catalogue.csv"
FEED = "feed.xml"  # the column's Atom feed; each sub-column has one in its folder too
SEARCH_DATA = "search/data/"  # the search index's files (written by searchindex.IndexInBackground)
NOT_FOUND = "404.html"  # MkDocs' “页面不存在” page (overrides/404.html)
ID_FOLDER = "id"  # id/<索引号>/: the permanent addresses (pages/pageaddress.py)


def is_markdown(name: str) -> bool:
    """A document's name: ``.md`` in any case (``notice.MD``, ``Notice.Md``), never a dot-file."""
    return name.lower().endswith(MARKDOWN) and not name.startswith(".")


def destination(src: str) -> str:
    """The file the build writes for the content file ``src`` (MkDocs' rule, directory URLs):
    a page ``a/b.md`` becomes ``a/b/index.html``; ``index.md`` and ``README.md`` become the
    folder's ``index.html``; any other file keeps its path."""
    slash = src.rfind("/") + 1
    name = src[slash:]
    if not is_markdown(name):
        return src
    stem = name[: -len(MARKDOWN)]
    return src[:slash] + (INDEX_HTML if stem in _FOLDER_PAGES else stem + "/" + INDEX_HTML)


def url_of_destination(dest: str) -> str:
    """The address readers see of a file under site/: a folder's ``index.html`` is the folder
    (``./`` for the site's own, as MkDocs' ``File.url``)."""
    if dest == INDEX_HTML:
        return "./"
    return dest[: -len(INDEX_HTML)] if dest.endswith("/" + INDEX_HTML) else dest


@cache
def page_url(src: str) -> str:
    """Site-relative URL of the page made from the Markdown file ``src``: ``a/b.md`` → ``a/b/``,
    ``a/index.md`` → ``a/``, and "" for the landing page (MkDocs' ``Page.url``)."""
    url = url_of_destination(destination(src))
    return "" if url == "./" else url


# ---------------------------------------------------------------------------------------------
# The generated pages, by what they show


def part_list(part: str) -> str:
    """The src of the first list page of a part (system, proactive, annual-reports)."""
    return f"{part}/{LANDING}"


def subcolumn_folder(key: str) -> str:
    return f"{PROACTIVE}/{key}"


def subcolumn_list(key: str) -> str:
    """The src of the first list page of a sub-column of 主动公开."""
    return f"{subcolumn_folder(key)}/{LANDING}"


def list_page(folder: str, number: int) -> str:
    """The src of page ``number`` (from 1) of the paginated list of ``folder``."""
    return f"{folder}/{LANDING}" if number == 1 else f"{folder}/page-{number}.md"


def subcolumn_catalogue(key: str) -> str:
    """The src of the catalogue of one sub-column."""
    return f"{subcolumn_folder(key)}/{SUBCOLUMN_CATALOGUE}"


def subcolumn_feed(key: str) -> str:
    """The path (and URL) of a sub-column's Atom feed."""
    return f"{subcolumn_folder(key)}/{FEED}"


@dataclass(frozen=True)
class SiteUrls:
    """The site-relative URLs of gongkai's own pages, as the templates print them (through
    ``href`` or MkDocs' ``url`` filter): ``urls.catalogue``, ``urls.subcolumn('budget')`` …
    The hooks hand ``SITE_URLS`` to every template, so that no template writes an address."""

    home: str = page_url(LANDING)
    catalogue: str = page_url(CATALOGUE)
    search: str = page_url(SEARCH)
    in_force: str = page_url(IN_FORCE_LIST)
    repealed: str = page_url(REPEALED_LIST)
    registry: str = page_url(REGISTRY_LIST)
    catalogue_csv: str = CATALOGUE_CSV
    catalogue_json: str = CATALOGUE_JSON
    feed: str = FEED
    search_data: str = SEARCH_DATA
    not_found: str = NOT_FOUND

    def of(self, src: str) -> str:
        """The URL of any page by its src."""
        return page_url(src)

    def part(self, key: str) -> str:
        return page_url(part_list(key))

    def subcolumn(self, key: str) -> str:
        return page_url(subcolumn_list(key))

    def subcolumn_catalogue(self, key: str) -> str:
        return page_url(subcolumn_catalogue(key))

    def subcolumn_feed(self, key: str) -> str:
        return subcolumn_feed(key)


SITE_URLS = SiteUrls()


# ---------------------------------------------------------------------------------------------
# Permanent addresses: id/<索引号>/

# A part of a 索引号 that is safe as a folder name on every server and checkout: letters, digits,
# - _ . and CJK; never "." or "..", never empty (the 索引号 pattern of site_config/ decides what occurs).
_SAFE_PART = re.compile(r"[0-9A-Za-z_.\-\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass(frozen=True)
class IdAddress:
    folder: str  # "id/11379900004123456X/2018-00031": the folder under site/, as written
    url: str  # site-relative URL, percent-encoded where needed: "id/11379900004123456X/2018-00031/"

    @property
    def file(self) -> str:
        return f"{self.folder}/{INDEX_HTML}"


def unsafe_part(index_no: str) -> str | None:
    """The first part of ``index_no`` (between "/") that cannot be a folder of the address, or None."""
    for part in index_no.split("/"):
        if part in ("", ".", "..") or not _SAFE_PART.fullmatch(part):
            return part
    return None


@lru_cache(maxsize=65536)  # every 索引号 of the column on every build of `mkdocs serve`
def id_address(index_no: str | None) -> IdAddress | None:
    """The permanent address of the document with 索引号 ``index_no`` (its "/" make one folder a
    part); None when it cannot be one (``unsafe_part`` says why)."""
    if not index_no or unsafe_part(index_no) is not None:
        return None
    parts = index_no.split("/")
    return IdAddress("/".join([ID_FOLDER, *parts]), "/".join([ID_FOLDER, *(quote(p) for p in parts)]) + "/")


# ---------------------------------------------------------------------------------------------
# Relative and absolute forms


@lru_cache(maxsize=65536)
def _parts(path: str) -> tuple[str, ...]:
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return tuple(path.split("/")) if path else ()


@lru_cache(maxsize=65536)
def relative(url: str, from_url: str) -> str:
    """The link to the site-relative ``url`` from the page at ``from_url`` ("" or "./" is the
    landing page): MkDocs' ``get_relative_url``, so that the links gongkai prints and those MkDocs
    prints agree (a last part with a dot is a file: its folder counts; going above the root stays
    at the root). Cached: every list links to the same few pages from the same few places."""
    url, other = url or "./", from_url or "./"
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    here, there = _parts(other), _parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join((("..",) * (len(here) - common)) + there[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


def absolute(site_url: str | None, url: str) -> str | None:
    """``url`` (site-relative) on the published site, or None without a site_url. ``site_url``
    may hold a path (``https://example.gov.cn/zwgk/``): the site lives under it."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + url


def public(site_url: str | None, url: str) -> str:
    """The URL a download or feed gives: absolute with a site_url, else site-relative."""
    return absolute(site_url, url) or url
