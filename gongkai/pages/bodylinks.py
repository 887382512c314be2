"""Links in the text of documents: every relative link must lead to a page or file of the column.

Inspectors count broken links against the whole site (column.md: "No broken links"). MkDocs
finds them too, but only while rendering, in English and after everything else; this check runs
with ``gongkai check`` and at the start of the build, and says in Chinese what to change.
It follows MkDocs' own rule (mkdocs.structure.pages): a relative link names a source file,
relative to the folder of the file that holds it; links with a scheme or host, absolute paths
(often the body's own portal) and anchors within the page are left alone.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.column import LANDING, Column
from ..core.metadata import split_front_matter
from ..core.problems import Problems, Where
from ..core.structure import Document
from ..files.filewalk import walk
from ..files.memo import FileMemo
from ..files.yamlfile import YamlError, read_text
from .bodyhtml import outside_fences

# [text](target "title"), ![alt](target): the target up to white space or the closing bracket;
# balanced brackets belong to it, as Python-Markdown reads them (附件(1).pdf).
_INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|(?:[^()\s]|\([^()\s]*\))+)")
# [id]: target
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def links_of(body: str) -> list[tuple[int, str]]:
    """(line within the body, counted from 0; target) of every Markdown link and image, outside code."""
    out = []
    for number, line in outside_fences(body.splitlines()):
        if "[" not in line:  # every link and image starts with "[" (most lines of a body have none)
            continue
        line = _CODE_SPAN.sub("", line)
        for found in [*_INLINE.finditer(line), *_REFERENCE.finditer(line)]:
            target = found.group(1)
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1]
            out.append((number, target))
    return out


def check_links(documents: list[Document], targets: set[str], problems: Problems,
                memo: FileMemo | None = None) -> None:
    """Report every relative link of ``documents`` whose target is not in ``targets`` (paths
    under content/: the source files and the pages the build generates)."""
    for doc in documents:
        check_text_links(doc.src, doc.body, doc.body_line, targets, problems, memo)


def check_text_links(src: str, body: str, body_line: int, targets: set[str], problems: Problems,
                     memo: FileMemo | None = None) -> None:
    """check_links for the text ``body`` of the file ``src``, whose first line is ``body_line``.
    With a ``memo`` (``mkdocs serve``) the links of a body seen by the last build are not parsed
    again; they are still checked against this build's targets."""
    folder = posixpath.dirname(src)
    for number, target in links_of(body) if memo is None else memo.text("links", body, links_of):
        scheme, host, path, _, _ = urlsplit(target)
        if scheme or host or not path or target.startswith(("/", "\\")):
            continue
        path = unquote(path)
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved in targets:
            continue
        where: Where = {"line": body_line + number, "field": "链接", "value": target}
        if resolved == ".." or resolved.startswith("../"):
            problems.error(src, "链接指向 content 文件夹之外，发布后无法打开",
                           "改为 content 中的文件，或写完整网址（https://…）", **where)
            continue
        guess = _guess(resolved, targets)
        relative = posixpath.relpath(guess, folder or ".") if guess else ""
        if not posixpath.splitext(path)[1]:
            # MkDocs leaves such a link as written; the browser resolves it from the page's own
            # address (one folder deeper than the file), so it usually leads nowhere.
            problems.warning(src, "链接没有写出文件名，MkDocs 不会检查也不会转换它，发布后多半无法打开",
                             f"写成目标的 Markdown 文件名，如 {relative or '../budget/index.md'}", **where)
            continue
        problems.error(src, f"链接的文件 {resolved} 不存在",
                       f"改正文件名或路径（相对于本文件所在的文件夹）{f'，是否应为 {relative}' if relative else ''}，"
                       "或补上该文件", **where)


def _guess(resolved: str, targets: set[str]) -> str | None:
    """The page or file the link most likely meant (as MkDocs guesses, then a close spelling)."""
    for candidate in (resolved + "/index.md", resolved + ".md", re.sub(r"\.html?$", ".md", resolved)):
        if candidate in targets:
            return candidate
    close = difflib.get_close_matches(resolved, sorted(targets), n=1, cutoff=0.8)
    return close[0] if close else None


def site_files(content_dir: Path) -> set[str]:
    """Every file below content_dir that is published: the regular files of filewalk.walk (no
    links, no special files; dot-files and dot-folders are left out, as MkDocs does)."""
    return walk(content_dir).published


def check_column_links(column: Column, content_dir: Path, files: set[str], generated: set[str],
                       memo: FileMemo | None = None) -> None:
    """Check the links of every document of ``column`` against the site's ``files`` (site_files)
    and ``generated`` pages (their src); problems go to ``column.problems``."""
    targets = files | generated
    check_links(column.documents, targets, column.problems, memo)
    landing = content_dir / LANDING
    if LANDING in files:  # the landing page is not a document but links to the four parts (never a link)
        try:
            text = read_text(landing)
        except YamlError as exc:
            column.problems.error(LANDING, exc.message, exc.fix or "")
            return
        _, body, body_line = split_front_matter(text)
        check_text_links(LANDING, body, body_line, targets, column.problems)
