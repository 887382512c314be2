"""Which pages a saved edit changes, for ``mkdocs serve --dirty`` (the edit loop, issue #17 item 4).

After every build the hooks take a :class:`Snapshot` of what the build published: for each
document a key of everything its own page shows of itself (the file's stamp, its status and
更新日期), which documents each page names (references in both directions, so a changed title
or status reaches the pages resting on it), for each generated page (lists, catalogues, validity
lists, registry) what it lists, and a *frame*: everything every page shows or that decides which
files exist (the nav, the sub-columns shown, the set of content files and 索引号 addresses,
site_config/, templates, mkdocs.yml). :func:`plan` compares two snapshots:

* the frame changed, or there is no earlier snapshot: rebuild everything (``None``);
* otherwise the documents whose key changed, the documents their pages and the pages resting on
  them name (before and after the edit), every annual report (its tables count the column) and
  the guide, and
  the generated pages whose list changed or that list a changed document; pages listing nothing
  of their own (the part and search pages) whenever any document changed.

When in doubt this rebuilds more, never less. Plain Python: the MkDocs glue is in the hooks.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from ..core.column import GUIDE, Column
from ..core.structure import Document
from . import listing, pageaddress

ANNUAL_REPORTS = "annual-reports"
# Links tables whose values are lists of documents; repealed_by maps to one document.
_LINK_TABLES = ("amended_by", "related", "repeals", "amends", "related_back", "interprets", "interpreted_by")


@dataclass
class Snapshot:
    frame: Hashable
    documents: dict[str, Hashable] = field(default_factory=dict)  # src -> what its page shows of itself
    neighbours: dict[str, frozenset[str]] = field(default_factory=dict)  # src -> documents linked either way
    generated: dict[str, Hashable] = field(default_factory=dict)  # generated page src -> what it shows


@dataclass
class Plan:
    """What an incremental build rewrites: document pages and generated pages by src."""

    documents: set[str]
    generated: set[str]
    changed: set[str]  # the documents whose own key changed (the edit itself)

    def rewrites(self, src: str) -> bool:
        return src in self.documents or src in self.generated


def neighbours(column: Column) -> dict[str, frozenset[str]]:
    """For each document, every document related to it by a resolved reference, in either
    direction: the pages that show each other's title, 文号, status or address."""
    links = column.links
    edges: dict[str, set[str]] = {}

    def join(a: str, b: str) -> None:
        if a != b:
            edges.setdefault(a, set()).add(b)
            edges.setdefault(b, set()).add(a)

    for src, repealing in links.repealed_by.items():
        join(src, repealing.src)
    for name in _LINK_TABLES:
        table: Mapping[str, Iterable[Document]] = getattr(links, name)
        for src, docs in table.items():
            for doc in docs:
                join(src, doc.src)
    for _field, src, named in links.written:
        join(src, named)
    return {src: frozenset(others) for src, others in edges.items()}


def document_key(column: Column, doc: Document, version: Hashable) -> Hashable:
    """What a document's page shows of the document itself beyond its file: the status on the
    build day and its 更新日期 (from git or the front matter)."""
    return (version, column.status(doc), column.updated_of(doc))


def frame_of(column: Column, config: Hashable) -> Hashable:
    """Everything that appears on every page or decides which pages exist. ``config`` stands for
    what the caller read besides content/ (stamps of site_config/, templates, mkdocs.yml)."""
    pages = listing.generated_pages(column)
    tree = column.tree
    return (
        config,
        column.day,
        repr(listing.nav(column)),
        tuple(s.key for s in column.shown_subcolumns()),
        listing.has_validity_lists(column),
        listing.has_registry(column),
        tuple((p.src, p.title, p.kind, tuple(p.siblings)) for p in pages),
        tuple(sorted(tree.published)) if tree is not None else (),
        tuple(sorted(pageaddress.id_pages(column))),
        tuple(sorted(d.src for d in column.drafts)),
    )


def take(column: Column, versions: Mapping[str, Hashable], config: Hashable) -> Snapshot:
    """The snapshot of a build of ``column``; ``versions`` maps each document's src to its file's
    stamp (gongkai/files/memo.py), so that an edit is seen even when nothing else changed."""
    documents = {d.src: document_key(column, d, versions.get(d.src)) for d in column.documents}
    generated: dict[str, Hashable] = {}
    for page in listing.generated_pages(column):
        generated[page.src] = (page.heading, page.number, page.updated, repr(page.groups),
                               tuple(d.src for d in page.documents))
    return Snapshot(frame_of(column, config), documents, neighbours(column), generated)


def plan(before: Snapshot | None, after: Snapshot, column: Column) -> Plan | None:
    """What to rewrite to go from the site of ``before`` to that of ``after``; None: everything."""
    if before is None or before.frame != after.frame:
        return None
    changed = {src for src, key in after.documents.items() if before.documents.get(src) != key}
    changed |= set(before.documents) - set(after.documents)
    documents = set(changed)
    for src in changed:
        documents |= before.neighbours.get(src, frozenset())
        documents |= after.neighbours.get(src, frozenset())
    if changed:
        # annual reports count the column's documents in their tables; the guide describes the column
        documents |= {d.src for d in column.documents if d.part == ANNUAL_REPORTS or d.src == GUIDE}
    documents &= set(after.documents)
    generated = set()
    by_src = listing.generated_pages_by_src(column)
    for src, key in after.generated.items():
        page = by_src[src]
        if before.generated.get(src) != key:
            generated.add(src)
        elif changed and (not page.documents or any(d.src in changed for d in page.documents)):
            generated.add(src)
    return Plan(documents, generated, changed)
