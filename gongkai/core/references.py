"""References between documents (repealed_by, amended_by, related, interprets) by 文号, 索引号 or
relative path."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..files.yamlfile import YamlError, read_text
from .metadata import normalise_doc_no, split_front_matter
from .problems import Problems, Where
from .structure import Document

REF_FIELDS = ("repealed_by", "amended_by", "related", "interprets")


@dataclass
class Links:
    """Resolved references, in both directions."""

    repealed_by: dict[str, Document] = field(default_factory=dict)  # src -> repealing document
    amended_by: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    related: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    repeals: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))  # reverse of repealed_by
    amends: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))  # reverse of amended_by
    related_back: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))
    interprets: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))  # 解读 -> policies
    interpreted_by: dict[str, list[Document]] = field(default_factory=lambda: defaultdict(list))  # policy -> 解读
    written: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (field, src, target src) -> ref as typed
    cyclic: set[str] = field(default_factory=set)  # documents in a reported repeal/amend cycle
    pending: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # src -> fields naming a broken file

    def related_both_ways(self, doc: Document) -> list[Document]:
        seen, out = set(), []
        for other in self.related[doc.src] + self.related_back[doc.src]:
            if other.src not in seen:
                seen.add(other.src)
                out.append(other)
        return out


class _Index:
    def __init__(self, documents: list[Document]):
        self.by_doc_no: dict[str, list[Document]] = defaultdict(list)
        self.by_index_no: dict[str, list[Document]] = defaultdict(list)
        self.by_src = {d.src: d for d in documents}
        for doc in documents:
            if doc.doc_no:
                self.by_doc_no[doc.doc_no].append(doc)
            if doc.index_no:
                self.by_index_no[doc.index_no].append(doc)

    def find(self, source: Document, ref: str) -> list[Document]:
        normal, _ = normalise_doc_no(ref)
        if normal and normal in self.by_doc_no:
            return self.by_doc_no[normal]
        if ref in self.by_index_no:
            return self.by_index_no[ref]
        path = _ref_path(source, ref)
        if path in self.by_src:
            return [self.by_src[path]]
        return []


def _ref_path(source: Document, ref: str) -> str | None:
    """The file a reference by path names, relative to content/ (None: not a reference by path)."""
    if not ref.endswith(".md"):
        return None
    if ref.startswith("/"):
        return ref.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source.src), ref))


# `doc_no: …` or `文号：…` at the start of a front-matter line, read without YAML: the file it is in
# may be the one whose YAML is broken.
_NAME_LINE = re.compile(r"^[ \t]*[\"']?(doc_no|文号|index_no|索引号)[\"']?[ \t]*[:：][ \t]*(.*?)[ \t]*$")


@dataclass
class BrokenFiles:
    """Files of the column that did not become documents (their front matter failed), and 文号
    that were refused: each has its own message. A reference to one of them says so, instead of a
    misleading “找不到” cascading from one mistake to every file that refers to it."""

    paths: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)  # 文号 or 索引号 as written (and normalised) -> src

    def add_name(self, value: str, src: str) -> None:
        value = value.split(" #", 1)[0].strip().strip("\"'").strip()
        if not value:
            return
        self.names.setdefault(value, src)
        normal, _ = normalise_doc_no(value)
        if normal:
            self.names.setdefault(normal, src)

    def find(self, source: Document, ref: str) -> str | None:
        path = _ref_path(source, ref)
        if path in self.paths:
            return path
        normal, _ = normalise_doc_no(ref)
        return self.names.get(ref.strip()) or (self.names.get(normal) if normal else None)


def broken_files(content_dir: Path, failed: Iterable[str], documents: list[Document]) -> BrokenFiles:
    """The files of ``failed`` (listed by the safe walk, not loaded) and the documents whose 文号
    was refused, with the 文号 and 索引号 their front matter appears to give."""
    broken = BrokenFiles()
    for rel in sorted(failed):
        broken.paths.add(rel)
        for _key, value in _names_in(content_dir / rel):
            broken.add_name(value, rel)
    for doc in documents:
        if "doc_no" in doc.keys and not doc.doc_no:
            for key, value in _names_in(content_dir / doc.src):
                if key in ("doc_no", "文号"):
                    broken.add_name(value, doc.src)
    return broken


def _names_in(path: Path) -> list[tuple[str, str]]:
    try:
        text = read_text(path)
    except (OSError, YamlError):
        return []
    front, _, _ = split_front_matter(text)
    # without a closing ---, the front matter is read up to the first blank line
    lines = (front if front is not None else text.split("\n\n", 1)[0]).splitlines()
    return [(m.group(1), m.group(2)) for m in map(_NAME_LINE.match, lines) if m]


def resolve_references(documents: list[Document], problems: Problems, broken: BrokenFiles | None = None) -> Links:
    """Resolve every reference; dangling, ambiguous, self and cyclic references are errors. A
    reference to one of the ``broken`` files is a warning that sends the webmaster to that file."""
    index = _Index(documents)
    broken = broken or BrokenFiles()
    links = Links()
    for doc in sorted(documents, key=lambda d: d.src):
        for key in REF_FIELDS:
            value = getattr(doc, key)
            refs = (value,) if isinstance(value, str) else value or ()
            for ref in refs:
                target = _resolve_one(doc, key, ref, index, broken, problems)
                if target is None:
                    if broken.find(doc, ref) is not None and not index.find(doc, ref):
                        links.pending[doc.src].add(key)
                    continue
                links.written.setdefault((key, doc.src, target.src), ref)
                if key == "repealed_by":
                    links.repealed_by[doc.src] = target
                    links.repeals[target.src].append(doc)
                elif key == "amended_by":
                    links.amended_by[doc.src].append(target)
                    links.amends[target.src].append(doc)
                elif key == "interprets":
                    if any(t.src == target.src for t in links.interprets[doc.src]):
                        continue  # the same policy named twice (by 文号 and by path): one relation
                    links.interprets[doc.src].append(target)
                    links.interpreted_by[target.src].append(doc)
                else:
                    links.related[doc.src].append(target)
                    links.related_back[target.src].append(doc)
    _check_cycles(documents, links, problems)
    _check_interpretations(documents, links, problems)
    return links


def _check_interpretations(documents: list[Document], links: Links, problems: Problems) -> None:
    """A 解读 interprets a policy; two documents cannot interpret each other."""
    for doc in sorted(documents, key=lambda d: d.src):
        src = doc.src
        for target in links.interprets.get(src, ()):
            back = links.interprets.get(target.src, [])
            if src < target.src and any(d.src == src for d in back):
                problems.error(
                    src,
                    f"与 {target.src} 互相写了 interprets（解读文件）",
                    "interprets 只写在解读材料（政策解读、图解、问答）中，指向它解读的政策文件；"
                    "删除政策文件中的 interprets，"
                    "其他关联改用 related",
                    field=doc.keys.get("interprets", "interprets"),
                    line=doc.lines.get("interprets"),
                    value=links.written.get(("interprets", src, target.src)),
                )


def _resolve_one(doc: Document, key: str, ref: str, index: _Index, broken: BrokenFiles,
                 problems: Problems) -> Document | None:
    where: Where = {"field": doc.keys.get(key, key), "line": doc.lines.get(key), "value": ref}
    found = index.find(doc, ref)
    if not found and (failed := broken.find(doc, ref)) is not None:
        # its own error stops the build already; one line here, pointing there
        problems.warning(doc.src, f"引用的文件 {failed} 本身有错误，见该文件的提示",
                         f"先改正 {failed} 的错误，这一引用随之生效", **where)
        return None
    if not found:
        problems.error(
            doc.src,
            "引用的文件在栏目中找不到",
            "写栏目中某份文件的文号（如 示政办发〔2023〕7号）、索引号或相对路径（如 ../regulations/a.md）；"
            "若废止决定不在本栏目，改用 repeal_basis 和 repealed",
            **where,
        )
        return None
    if len(found) > 1:
        names = "、".join(d.src for d in found)
        problems.error(doc.src, f"引用同时匹配多份文件：{names}", "改用索引号或相对路径指明是哪一份", **where)
        return None
    if found[0].src == doc.src:
        problems.error(doc.src, "文件引用了自己", "改为另一份文件的文号、索引号或路径", **where)
        return None
    return found[0]


def _check_cycles(documents: list[Document], links: Links, problems: Problems) -> None:
    """A repeals/amends B and B (directly or not) repeals/amends A cannot both hold."""
    edges: dict[str, list[str]] = defaultdict(list)
    for src, target in links.repealed_by.items():
        edges[src].append(target.src)
    for src, targets in links.amended_by.items():
        edges[src].extend(t.src for t in targets)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                key = frozenset(cycle)
                links.cyclic.update(cycle)
                if key not in reported:
                    reported.add(key)
                    chain = " → ".join([*cycle, nxt])
                    problems.error(cycle[0], f"废止/修改关系形成循环：{chain}",
                                   "检查这些文件的 repealed_by / amended_by，只保留后发文件对先发文件的废止或修改")
            elif nxt not in state:
                visit(nxt, path)
        path.pop()
        state[node] = 2

    for doc in sorted(documents, key=lambda d: d.src):
        if doc.src not in state:
            visit(doc.src, [])
