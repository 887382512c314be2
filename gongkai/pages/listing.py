"""The pages the build generates from the column: part and sub-column lists, the 目录, the nav.

Documents are reached through paginated lists, never all put in the navigation: Material renders
the whole nav on every page, so a nav of N documents makes the site grow with N².
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import registry, vocab
from ..core.column import GUIDE, LANDING, Column
from ..core.structure import Document
from ..core.urls import (
    CATALOGUE,
    IN_FORCE_LIST,
    REGISTRY_LIST,
    REPEALED_LIST,
    SEARCH,
    list_page,
    page_url,
    part_list,
    subcolumn_catalogue,
    subcolumn_folder,
    subcolumn_list,
)

# The sources of the generated pages (CATALOGUE, SEARCH, IN_FORCE_LIST …) and their URLs are
# gongkai/core/urls.py's; this module says what each page lists.
PER_PAGE = 20
CATALOGUE_TITLE = "政府信息公开目录"
SEARCH_TITLE = "搜索政府信息公开"


@dataclass
class GeneratedPage:
    src: str  # virtual Markdown path under content/
    title: str
    kind: str  # "list" | "proactive" | "catalogue" | "validity" | "registry"
    documents: list[Document] = field(default_factory=list)
    number: int = 1  # page number within a paginated list
    siblings: list[str] = field(default_factory=list)  # src of every page of the same list
    heading: str = ""  # the list's name without the page number
    part: str | None = None
    subcolumn: str | None = None
    updated: object = None  # datetime.date: the newest 更新日期 of what the page lists
    groups: list = field(default_factory=list)  # registry: registry.Quarter, newest first

    @property
    def url(self) -> str:
        return page_url(self.src)

    @property
    def sibling_urls(self) -> list[str]:
        return [page_url(src) for src in self.siblings]


def paginate(documents: list[Document], per_page: int = PER_PAGE) -> list[list[Document]]:
    """Split newest-first documents into pages; an empty list still has one (empty) page."""
    return [documents[i : i + per_page] for i in range(0, len(documents), per_page)] or [[]]


def _list_pages(folder: str, heading: str, documents: list[Document], **kw) -> list[GeneratedPage]:
    chunks = paginate(documents)
    srcs = [list_page(folder, n) for n in range(1, len(chunks) + 1)]
    pages = []
    for number, (src, chunk) in enumerate(zip(srcs, chunks, strict=True), start=1):
        title = heading if number == 1 else f"{heading}（第{number}页，共{len(chunks)}页）"
        pages.append(GeneratedPage(src, title, "list", chunk, number, srcs, heading, **kw))
    return pages


def has_validity_lists(column: Column) -> bool:
    """The 现行有效 and 已废止/失效 lists hang under 法规文件, when it is shown and has such documents."""
    return bool(column.validity_listed()) and any(s.key == "regulations" for s in column.shown_subcolumns())


def has_registry(column: Column) -> bool:
    """The 规范性文件登记目录 hangs under 法规文件, when it is shown and some document has a 登记号."""
    return bool(registered(column)) and any(s.key == "regulations" for s in column.shown_subcolumns())


def registered(column: Column) -> list[Document]:
    return column._cached("registered", lambda: registry.registered(column.newest_first()))


def section_label(column: Column, doc: Document) -> str:
    """The sub-column of a document, else its part, as the reader sees it."""
    if doc.subcolumn:
        return column.site.subcolumn_by_key[doc.subcolumn].label
    return vocab.PART_BY_KEY[doc.part].label


def generated_pages(column: Column) -> list[GeneratedPage]:
    """Every page the build generates; computed once per column (the pre-publishing checks and
    the build hooks both ask)."""
    return column._cached("generated pages", lambda: _generate_pages(column))


def _generate_pages(column: Column) -> list[GeneratedPage]:
    label = vocab.PART_BY_KEY
    pages = _list_pages("system", label["system"].label, column.in_part("system"), part="system")
    pages.append(GeneratedPage(part_list("proactive"), label["proactive"].label, "proactive", part="proactive",
                               heading=label["proactive"].label))
    for sub in column.shown_subcolumns():
        pages += _list_pages(subcolumn_folder(sub.key), sub.label, column.in_subcolumn(sub.key),
                             part="proactive", subcolumn=sub.key)
        pages.append(GeneratedPage(subcolumn_catalogue(sub.key), f"{sub.label}目录", "catalogue",
                                   column.in_subcolumn(sub.key), heading=f"{sub.label}目录",
                                   part="proactive", subcolumn=sub.key))
    if has_validity_lists(column):
        current, gone = column.validity_lists()
        pages.append(GeneratedPage(IN_FORCE_LIST, "现行有效的规章和行政规范性文件", "validity", current,
                                   heading="现行有效", part="proactive", subcolumn="regulations"))
        pages.append(GeneratedPage(REPEALED_LIST, "已废止和失效的规章和行政规范性文件", "validity", gone,
                                   heading="已废止/失效", part="proactive", subcolumn="regulations"))
    if has_registry(column):
        pages.append(GeneratedPage(REGISTRY_LIST, registry.REGISTRY_TITLE, "registry", registered(column),
                                   heading=registry.REGISTRY_TITLE, part="proactive", subcolumn="regulations",
                                   groups=registry.by_quarter(registered(column))))
    pages += _list_pages("annual-reports", label["annual-reports"].label, column.in_part("annual-reports"),
                         part="annual-reports")
    pages.append(GeneratedPage(CATALOGUE, CATALOGUE_TITLE, "catalogue", column.newest_first(), heading=CATALOGUE_TITLE))
    pages.append(GeneratedPage(SEARCH, SEARCH_TITLE, "search", heading=SEARCH_TITLE))
    for page in pages:
        listed = {"proactive": column.in_part("proactive"), "search": column.documents}.get(page.kind, page.documents)
        page.updated = column.newest_update(listed)
    return pages


@dataclass(frozen=True)
class Crumb:
    """One step of 当前位置: a label and the site-relative URL of its page ("" is the landing
    page); ``url`` is None for the page being read."""

    label: str
    url: str | None


def breadcrumb(column: Column, src: str, title: str) -> list[Crumb]:
    """当前位置 of the page made from ``src`` (a document or a generated page) titled ``title``:
    政府信息公开 › part › sub-column › the page. Empty for the landing page."""
    if src == LANDING:
        return []
    label = vocab.PART_BY_KEY
    trail = [Crumb(vocab.COLUMN_NAME, page_url(LANDING))]
    page = generated_pages_by_src(column).get(src)
    doc = column.by_src.get(src)
    part = src.split("/", 1)[0]
    if part in label and src != part_list(part) and src != GUIDE:
        trail.append(Crumb(label[part].label, page_url(part_list(part))))
    subcolumn = (doc.subcolumn if doc is not None else page.subcolumn if page is not None else None)
    if part == "proactive" and subcolumn and src != subcolumn_list(subcolumn):
        trail.append(Crumb(column.site.subcolumn_by_key[subcolumn].label, page_url(subcolumn_list(subcolumn))))
    if page is not None and page.kind == "list" and page.number > 1:
        title = f"第{page.number}页"  # the list's own name is the step before
    return [*trail, Crumb(title, None)]


def generated_pages_by_src(column: Column) -> dict[str, GeneratedPage]:
    return column._cached("generated pages by src", lambda: {p.src: p for p in generated_pages(column)})


def nav(column: Column) -> list:
    """The MkDocs nav: the column, its four parts in the mandated order, the shown sub-columns."""
    label = vocab.PART_BY_KEY
    proactive: list = [part_list("proactive")]
    for sub in column.shown_subcolumns():
        index = subcolumn_list(sub.key)
        entry: str | list[str | dict[str, str]] = index
        if sub.key == "regulations" and has_validity_lists(column):
            entry = [index, {"现行有效": IN_FORCE_LIST}, {"已废止/失效": REPEALED_LIST}]
        if sub.key == "regulations" and has_registry(column):
            entry = (entry if isinstance(entry, list) else [entry]) + [{registry.REGISTRY_TITLE: REGISTRY_LIST}]
        proactive.append({sub.label: entry})
    return [
        {vocab.COLUMN_NAME: LANDING},
        {label["guide"].label: GUIDE},
        {label["system"].label: part_list("system")},
        {label["proactive"].label: proactive},
        {label["annual-reports"].label: part_list("annual-reports")},
        {CATALOGUE_TITLE: CATALOGUE},
    ]
