"""The whole column: walks content/, applies folder defaults, checks structure and uniqueness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar, cast

from ..files import filewalk, forked
from ..files.memo import FileMemo
from ..files.yamlfile import Value, YamlError, load_file
from . import dateorder, registry, vocab
from .metadata import FolderDefault, build_document, canonical_keys
from .problems import ContentError, Problems
from .references import Links, broken_files, resolve_references
from .siteconfig import SiteConfig, Subcolumn
from .structure import Document
from .urls import CATALOGUE, SEARCH, part_list
from .urls import LANDING as LANDING  # the landing page's src, still imported from here by many modules
from .validity import CURRENT, LISTED_TYPES, ValidityBook

T = TypeVar("T")  # what a cached computation returns

GUIDE = "guide/index.md"
META_FILE = ".meta.yml"
# Paths the build generates; content must not use them.
RESERVED = {CATALOGUE, SEARCH, *(part_list(part) for part in ("system", "proactive", "annual-reports"))}


class Report(Protocol):
    """What the core asks of an annual report: its year (the deadline report, core/deadlines.py).
    Reports are read and checked by gongkai.annualreport, which the core does not import; the
    pipeline (gongkai/pipeline.py) runs those checks after load_column and stores the reports here."""

    @property
    def year(self) -> int: ...


@dataclass
class Column:
    site: SiteConfig
    day: dt.date  # the day D the build is "as of"
    documents: list[Document] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    links: Links = field(default_factory=Links)
    validity: ValidityBook | None = None
    statuses: dict[str, str | None] = field(default_factory=dict)  # src -> status on ``day``
    updated: dict[str, dt.date] = field(default_factory=dict)  # src -> 更新日期 (see gitdates)
    reports: dict[str, Report] = field(default_factory=dict)  # src -> 年度报告 (annualreport, stored by the pipeline)
    landing: dict[str, Value] = field(default_factory=dict)  # the landing page's front matter, read as typed (pipeline)
    tree: filewalk.ContentTree | None = None  # the one walk of content/ (filewalk), shared by later checks
    drafts: list[Document] = field(default_factory=list)  # draft: true, checked but withheld (gongkai/core/drafts.py)
    failed: set[str] = field(default_factory=set)  # Markdown files that did not load (their errors say why)
    _memo: dict[tuple[Hashable, int], object] = field(default_factory=dict, repr=False)

    def _cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        # Lists are asked for on every page; compute them once per set of documents (the hooks
        # call these per page, and recomputing would make the build grow with N²).
        stamp = (key, len(self.documents))
        if stamp not in self._memo:
            self._memo[stamp] = compute()
        return cast(T, self._memo[stamp])  # stored by compute() under this key: its type

    def status(self, doc: Document) -> str | None:
        return self.statuses.get(doc.src)

    @property
    def by_src(self) -> dict[str, Document]:
        return self._cached("by_src", lambda: {d.src: d for d in self.documents})

    def in_part(self, part: str) -> list[Document]:
        return self._cached("by part", lambda: _grouped(self.newest_first(), "part")).get(part, [])

    def in_subcolumn(self, key: str) -> list[Document]:
        return self._cached("by sub-column", lambda: _grouped(self.newest_first(), "subcolumn")).get(key, [])

    def shown_subcolumns(self) -> list[Subcolumn]:
        """Sub-columns in taxonomy order; one without documents is not shown (no blank columns)."""
        def compute() -> list[Subcolumn]:
            used = {d.subcolumn for d in self.documents}
            return [s for s in self.site.subcolumns if s.key in used]
        return self._cached("shown", compute)

    @property
    def guide(self) -> Document | None:
        return self.by_src.get(GUIDE)

    def newest_first(self) -> list[Document]:
        return self._cached("newest", lambda: sorted(self.documents, key=Document.sort_key))

    def validity_listed(self) -> list[Document]:
        """规章 and 行政规范性文件: the documents of the 现行有效 and 已废止/失效 lists."""
        return self._cached("listed", lambda: [d for d in self.newest_first() if d.doc_type in LISTED_TYPES])

    def validity_lists(self) -> tuple[list[Document], list[Document]]:
        listed = self.validity_listed()
        current = [d for d in listed if self.status(d) in CURRENT or self.status(d) is None]
        gone = [d for d in listed if not (self.status(d) in CURRENT or self.status(d) is None)]
        return current, gone

    def updated_of(self, doc: Document) -> dt.date:
        return self.updated.get(doc.src, doc.updated or doc.published)

    def newest_update(self, documents: list[Document]) -> dt.date | None:
        """A generated page's 更新日期: the newest of what it lists (updated_of, inlined: the lists
        of a large column hold 50,000 documents in all)."""
        updated = self.updated.get
        return max((updated(d.src, d.updated or d.published) for d in documents), default=None)

    def raise_for_errors(self) -> None:
        if self.problems.errors:
            raise ContentError(self.problems.sorted())


def _grouped(documents: list[Document], attribute: str) -> dict[object, list[Document]]:
    """The documents by the value of ``attribute``, each group in the order of ``documents``: one
    pass instead of one per part or sub-column."""
    groups: dict[object, list[Document]] = {}
    for doc in documents:
        groups.setdefault(getattr(doc, attribute), []).append(doc)
    return groups


def content_files(content_dir: Path) -> list[str]:
    """Every document below content_dir: regular files named .md in any case, outside dot-folders
    (filewalk.walk; links and special files are never among them)."""
    return filewalk.walk(content_dir).markdown


def load_column(content_dir: Path, site: SiteConfig, day: dt.date, memo: FileMemo | None = None) -> Column:
    """Read every document of content_dir; all problems are collected in ``column.problems``.

    The annual reports are not read here (they are their own package): gongkai.pipeline.check_column
    adds them. With a ``memo`` (``mkdocs serve``), a file unchanged since the last build is not read
    again: its document and problems are those build_document gave for it then."""
    column = Column(site=site, day=day)
    problems = column.problems
    if not content_dir.is_dir():
        problems.error(str(content_dir), "内容文件夹不存在", "在 mkdocs.yml 的 docs_dir 指定 content 文件夹")
        return column
    _check_folders(content_dir, site, problems)
    defaults_cache: dict[Path, dict[str, FolderDefault]] = {}
    column.tree = filewalk.walk(content_dir)
    for refusal in column.tree.refused:  # links, FIFOs …: never read, never published
        problems.error(refusal.rel, refusal.message, refusal.fix)
    # Each file in turn: the problems of its place (and of the .meta.yml files first met on its way),
    # then those of the file itself, in this order as before; the files themselves are read and
    # checked on two cores (files/forked.py) when there are many and no memo.
    steps: list[tuple[Problems, _Job | None]] = []
    for rel in column.tree.markdown:
        ahead = Problems()
        steps.append((ahead, _job(rel, content_dir, site, ahead, defaults_cache)))
    jobs = [job for _, job in steps if job is not None]

    def run(job: _Job) -> tuple[Document | None, Problems]:
        found = Problems()
        return _document(*job, site, day, content_dir, found, memo), found

    done = iter([run(job) for job in jobs] if memo is not None else forked.map_halved(run, jobs))
    for ahead, job in steps:
        problems.extend(ahead)
        if job is None:
            continue
        doc, found = next(done)
        problems.extend(found)
        if doc is not None:
            column.documents.append(doc)
    if GUIDE not in column.by_src and not any(p.file == GUIDE for p in problems.errors):
        problems.error(GUIDE, "缺少政府信息公开指南", "创建 content/guide/index.md（条例第十二条要求公开指南）")
    dateorder.check_date_order(column.documents, day, problems)
    _check_unique_index_no(column.documents, problems)
    _check_unique_doc_no(column.documents, problems)
    registry.check_unique_reg_no(column.documents, problems)
    loaded = set(column.by_src) | {LANDING}
    column.failed = {rel for rel in column.tree.markdown if rel not in loaded}
    broken = broken_files(content_dir, column.failed, column.documents)
    column.links = resolve_references(column.documents, problems, broken)
    column.validity = ValidityBook(column.documents, column.links)
    _check_declared(column, column.validity, problems)
    column.statuses = {d.src: column.validity.status_on(d, day) for d in column.documents}
    return column


# (path, rel, part, subcolumn, folder defaults): one document to read and check
_Job = tuple[Path, str, str, "str | None", "dict[str, FolderDefault]"]


def _job(rel: str, content_dir: Path, site: SiteConfig, problems: Problems,
         defaults_cache: dict[Path, dict[str, FolderDefault]]) -> _Job | None:
    """What reading ``rel`` needs, or None (with the reason in ``problems``) when it is not read."""
    segments = rel.split("/")
    if rel == LANDING:
        return None
    if rel in RESERVED:
        problems.error(
            rel, "此路径由 gongkai 自动生成（列表页或目录），不能放内容文件", "把文件改名或移到子栏目文件夹中"
        )
        return None
    part = segments[0] if len(segments) > 1 else None
    if part not in vocab.PART_BY_KEY:
        problems.error(rel, "文件不在政府信息公开的四个部分之内",
                       "把文件移到 guide/、system/、proactive/<子栏目>/ 或 annual-reports/ 中")
        return None
    subcolumn = None
    if part == "proactive":
        if len(segments) < 3:
            problems.error(rel, "法定主动公开内容的文件必须放在子栏目文件夹中",
                           "移到 proactive/<子栏目>/，子栏目见 site_config/taxonomy.yml")
            return None
        subcolumn = segments[1]
        if subcolumn not in site.subcolumn_by_key:
            return None  # reported once per folder by _check_folders
        if len(segments) == 3 and segments[2] == "index.md":
            problems.error(rel, "子栏目的 index.md 由 gongkai 自动生成为列表页", "把文件改名，例如 overview.md")
            return None
    path = content_dir / rel
    defaults = _folder_defaults(content_dir, path.parent, site, problems, defaults_cache)
    return path, rel, part, subcolumn, defaults


def _document(path: Path, rel: str, part: str, subcolumn: str | None, defaults: dict[str, FolderDefault],
              site: SiteConfig, day: dt.date, content_dir: Path, problems: Problems,
              memo: FileMemo | None) -> Document | None:
    if memo is None:
        return build_document(path, rel, part, subcolumn, defaults, site, day, content_dir, problems)
    # the folder defaults are the other input (site and day are the memo's context)
    key = (part, subcolumn, repr(sorted(defaults.items())))
    doc = memo.file("document", rel, path, key, problems,
                    lambda found: build_document(path, rel, part, subcolumn, defaults, site, day, content_dir, found))
    if doc is None:
        return None
    # later steps change a document (an annual report's body, a draft's held problems): every
    # build gets its own copy, the memo keeps what build_document returned
    fresh = _shallow_copy(doc)
    fresh.held, fresh.pending = list(doc.held), list(doc.pending)
    return fresh


def _shallow_copy(doc: Document) -> Document:
    """copy.copy(doc) for the dataclass Document (no slots, no __copy__): a new instance with the
    same attributes, without copy's generic __reduce_ex__ path (10,000 times per edit)."""
    fresh = object.__new__(type(doc))
    fresh.__dict__.update(doc.__dict__)
    return fresh


def _check_declared(column: Column, book: ValidityBook, problems: Problems) -> None:
    """validity's check of declared statuses, without what follows from a reference to a broken
    file: until that file loads, a status resting on its repeal or amendment cannot be judged, and
    the reference already says so once (references.BrokenFiles)."""
    found = Problems()
    book.check_declared(column.day, found)
    pending = column.links.pending
    by_src = column.by_src
    for problem in found.items:
        doc = by_src.get(problem.file)
        if doc is not None and pending.get(doc.src, set()) & {"repealed_by", "amended_by"} \
                and problem.field == doc.keys.get("status", "status"):
            continue
        problems.extend(Problems([problem]))


def _check_folders(content_dir: Path, site: SiteConfig, problems: Problems) -> None:
    proactive = content_dir / "proactive"
    if not proactive.is_dir():
        return
    for entry in sorted(proactive.iterdir()):
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in site.subcolumn_by_key:
            known = "、".join(s.key for s in site.subcolumns)
            problems.error(f"proactive/{entry.name}/", "文件夹不是 site_config/taxonomy.yml 中的子栏目",
                           f"改用已有子栏目（{known}），或在 taxonomy.yml 的 proactive: 下新增“{entry.name}: 栏目名称”")


def _folder_defaults(
    content_dir: Path,
    folder: Path,
    site: SiteConfig,
    problems: Problems,
    cache: dict[Path, dict[str, FolderDefault]],
) -> dict[str, FolderDefault]:
    """Merge the .meta.yml files from content/ down to ``folder`` (deeper folders win)."""
    if folder in cache:
        return cache[folder]
    parent: dict[str, FolderDefault] = (
        {} if folder == content_dir else _folder_defaults(content_dir, folder.parent, site, problems, cache)
    )
    meta_path = folder / META_FILE
    merged = parent
    if meta_path.is_file() and not meta_path.is_symlink():  # a linked .meta.yml is refused by the walk
        rel = meta_path.relative_to(content_dir).as_posix()
        try:
            mapping = load_file(meta_path)
        except YamlError as exc:
            problems.error(rel, exc.message, exc.fix or "修正 YAML 语法：冒号后加空格", line=exc.line)
            mapping = None
        if mapping is not None:
            values, lines, written, extra = canonical_keys(mapping, rel, problems)
            for key in extra:
                problems.warning(rel, "此字段只能写在单个文件中，在 .meta.yml 中无效", "删除该行", field=key)
            # each default remembers where it was written, so a bad value is reported there
            merged = {**parent, **{key: FolderDefault(value, rel, lines.get(key), written[key])
                                   for key, value in values.items()}}
    cache[folder] = merged
    return merged


def _check_unique_index_no(documents: list[Document], problems: Problems) -> None:
    seen: dict[str, Document] = {}
    for doc in sorted(documents, key=lambda d: d.src):
        if not doc.index_no:
            continue
        other = seen.get(doc.index_no)
        if other is None:
            seen[doc.index_no] = doc
            continue
        problems.error(doc.src, f"索引号与 {other.src} 重复（索引号在全栏目内必须唯一）",
                       "改用本年度下一个未用的顺序号（python -m gongkai new 会自动分配）",
                       field=doc.keys.get("index_no", "index_no"), line=doc.lines.get("index_no"), value=doc.index_no)


def _check_unique_doc_no(documents: list[Document], problems: Problems) -> None:
    """Two documents with one 文号 are almost always a typo, and make references to it ambiguous."""
    seen: dict[str, Document] = {}
    for doc in sorted(documents, key=lambda d: (d.published, d.src)):
        if not doc.doc_no:
            continue
        first = seen.setdefault(doc.doc_no, doc)
        if first is not doc:
            problems.warning(doc.src, f"文号与 {first.src} 相同（同一机关的文号不会重复）",
                             "核对两份文件的文号；确属同一文件时删除重复的一份",
                             field=doc.keys.get("doc_no", "doc_no"), line=doc.lines.get("doc_no"), value=doc.doc_no)


def next_index_no(column: Column, year: int) -> str:
    """The next free 索引号 of ``year`` (highest sequence in use + 1)."""
    regex = column.site.index_no_regex()
    highest = 0
    for doc in column.documents + column.drafts:  # a draft's 索引号 is taken: it will be published
        match = regex.fullmatch(doc.index_no or "")
        if match and match.groupdict().get("yyyy") == f"{year:04d}":
            highest = max(highest, int(match["seq"]))
    return column.site.format_index_no(year, highest + 1)
