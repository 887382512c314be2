"""The one walk of content/: which files exist, which are documents, which are published.

Everything that needs the files of content/ asks this walk (the column, the link check, the
build's own file list), so that what is read, what is checked and what is published agree.

Content is untrusted: it comes from many hands (offices, departments' pull requests, imports).
The walk therefore never follows a link and never opens a file. It reports:

- every symbolic link, file or folder, wherever it points. A link out of the repository would
  publish what lies there (MkDocs copies every file of docs_dir and follows links); a link into
  the repository but out of content/ (``.git/config``, ``site_config/``) publishes what was never
  meant to be; and even a link within content/ is refused, because git checks links out as
  small text files on Windows (the same commit would build differently), it publishes one file
  at two addresses, and a relative link to the one file always does the same job;
- every special file (FIFO, socket, device): reading a FIFO would hang the build;
- a name that is not valid UTF-8, and Markdown under an extension other than ``.md``.

``.md`` is matched case-insensitively: ``notice.MD`` is a document like ``notice.md`` (MkDocs
would copy it raw, front matter and all, because its own test is case-sensitive; the build
hooks make MkDocs render it as a page). Dot-files and dot-folders are not published (as in
MkDocs), but ``.meta.yml`` is read, so it is listed too.

The walk itself imports nothing but the standard library and the address rule of
``gongkai/core/urls.py`` (src → destination → URL, MkDocs' rule); ``url_conflicts`` and
``BUILD_FILES``/``BUILD_FOLDERS`` say which addresses the content's files take on the site.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..core.urls import (
    CATALOGUE_CSV,
    CATALOGUE_JSON,
    FEED,
    MARKDOWN,
    NOT_FOUND,
    destination,
    is_markdown,
    url_of_destination,
)

# MkDocs renders these as Markdown too (mkdocs.utils.markdown_extensions); gongkai reads only .md.
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd")
META_FILE = ".meta.yml"
EXCLUDED_FOLDER = "templates"  # MkDocs never publishes docs_dir/templates/ (its default exclude_docs)

# Files and folders the build writes itself, whatever the column holds (the generated list pages
# and the feeds of the sub-columns depend on the column: see prepublish.build_outputs).
BUILD_FILES = {
    CATALOGUE_CSV: "目录的 CSV 导出",
    CATALOGUE_JSON: "目录的 JSON 导出",
    FEED: "订阅源（Atom）",
    "sitemap.xml": "站点地图",
    "sitemap.xml.gz": "站点地图",
    NOT_FOUND: "“页面不存在”页",
}
BUILD_FOLDERS = {
    "assets": "网站主题的样式、脚本和图标",
    "search": "搜索页和搜索索引，构建时由后台进程写入",
}

SYMLINK_FIX = "删除该符号链接，把文件本身放进 content/ 并提交；要引用 content/ 中已有的文件，用相对路径链接到它"


@dataclass(frozen=True)
class Refusal:
    """A path of content/ that is never read nor published, and why (worded for the webmaster)."""

    rel: str  # relative to content/, "/" at the end for a folder
    message: str
    fix: str
    value: str | None = None


@dataclass
class ContentTree:
    """The result of one walk of content/."""

    root: Path
    markdown: list[str] = field(default_factory=list)  # documents to render (any case of .md), sorted
    static: list[str] = field(default_factory=list)  # every other published file, sorted
    meta_files: set[str] = field(default_factory=set)  # regular .meta.yml files, relative to content/
    refused: list[Refusal] = field(default_factory=list)

    @property
    def published(self) -> set[str]:
        """Every file MkDocs publishes: pages and static files."""
        return set(self.markdown) | set(self.static)


def walk(content_dir: Path) -> ContentTree:
    """Walk content_dir without following links or opening files (see the module's docstring)."""
    tree = ContentTree(Path(content_dir))
    root = Path(content_dir)
    if root.is_symlink():
        tree.refused.append(_symlink_refusal(root, "", root.absolute()))
        return tree
    real_root = root.resolve()
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(root / folder if folder else root) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            tree.refused.append(Refusal(folder + "/", f"无法读取文件夹（{exc.strerror}）", "检查文件夹的权限"))
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            hidden = entry.name.startswith(".")
            if not _utf8(entry.name):
                tree.refused.append(Refusal(_printable(rel), "文件名不是 UTF-8 编码，网站无法为它生成网址",
                                            "用中文或英文重新命名该文件（例如在 Windows 资源管理器中重命名）后提交"))
                continue
            if entry.is_symlink():
                tree.refused.append(_symlink_refusal(real_root / rel, rel, real_root))
                continue
            if entry.is_dir(follow_symlinks=False):
                if rel == EXCLUDED_FOLDER:
                    tree.refused.append(
                        Refusal(
                            rel + "/",
                            "MkDocs 不发布 content/templates/ 文件夹中的任何文件，链接到它们的页面会失效",
                            "把文件夹改名，例如 forms/",
                        )
                    )
                    continue
                stack.append(rel)  # dot-folders too: MkDocs walks them, so a link there counts
                continue
            if not entry.is_file(follow_symlinks=False):  # the type comes with the listing: no stat
                tree.refused.append(Refusal(rel, f"不是普通文件（{_kind(entry)}），不会读取也不会发布",
                                            "删除它；content/ 中只能放 Markdown 文件和附件、图片等普通文件"))
                continue
            if hidden:
                if entry.name == META_FILE:
                    tree.meta_files.add(rel)
                continue
            if any(part.startswith(".") for part in rel.split("/")[:-1]):
                continue  # in a dot-folder: not published
            lower = entry.name.lower()
            if lower.endswith(OTHER_MARKDOWN):
                tree.refused.append(
                    Refusal(
                        rel,
                        "只支持扩展名为 .md 的 Markdown 文件（MkDocs 会把它当作页面发布而不经检查）",
                        f"把文件改名为 {posixpath.splitext(entry.name)[0]}.md",
                    )
                )
                continue
            (tree.markdown if is_markdown(entry.name) else tree.static).append(rel)
    tree.markdown.sort()
    tree.static.sort()
    tree.refused.sort(key=lambda r: r.rel)
    return tree


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes come back as surrogates (os.fsdecode)
        return False
    return True


def _printable(rel: str) -> str:
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def _kind(entry: os.DirEntry[str]) -> str:
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return "无法读取"
    if stat.S_ISFIFO(mode):
        return "命名管道 FIFO"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def _symlink_refusal(path: Path, rel: str, content: Path) -> Refusal:
    """Say where the link ``path`` (``rel`` in ``content``, the resolved content folder; "" for
    content/ itself) points and why it is refused, without following it further than needed."""
    shown = rel + ("/" if _points_to_folder(path) else "") if rel else "content/"
    repo = content.parent
    try:
        written = os.readlink(path)
    except OSError:
        written = "?"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Refusal(shown, f"是符号链接，且形成循环（指向 {written}）", SYMLINK_FIX, written)
        return Refusal(shown, f"是符号链接，指向不存在的 {written}", SYMLINK_FIX, written)
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(repo):
        where = f"仓库之外的 {target}"
        why = "发布它会把仓库之外的文件放上网站"
    elif rel and target.is_relative_to(content):
        where = f"本栏目 content/ 中的 {target.relative_to(content).as_posix()}"
        why = "同一文件会以两个网址发布，且在 Windows 上检出时符号链接会变成普通文本文件"
    else:
        where = f"仓库中 content/ 之外的 {target.relative_to(repo).as_posix()}"
        why = "content/ 之外的文件（如 .git、site_config）不能发布"
    return Refusal(shown, f"是符号链接，指向{where}；{why}，因此不读取也不发布", SYMLINK_FIX, written)


def _points_to_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Addresses on the site (the rule itself: gongkai/core/urls.py)


@lru_cache(maxsize=65536)  # every file of content/ on every build of `mkdocs serve`
def address_key(path: str) -> str:
    """Two paths that one web server or checkout may take for one: same letters in another case
    (Windows, macOS and IIS ignore case) or another Unicode normal form (macOS)."""
    return unicodedata.normalize("NFC", path).lower()


def url_conflicts(tree: ContentTree) -> list[Refusal]:
    """Content files that take one address: two sources of one page (``a.md`` and ``a/index.md``,
    ``a.md`` and ``a.MD``, ``README.md`` and ``index.md``), a file where the build needs a folder
    (``a`` and ``a.md``), and ``README.md`` (MkDocs publishes it as the folder's index, gongkai's
    lists would point to ``README/``)."""
    out: list[Refusal] = []
    published = sorted(tree.published)
    dests = {rel: destination(rel) for rel in published}
    keys = {rel: address_key(dest) for rel, dest in dests.items()}
    first: dict[str, str] = {}
    for rel in published:
        other = first.setdefault(keys[rel], rel)
        if other != rel:
            url = url_of_destination(dests[rel])
            out.append(Refusal(rel, f"与 {other} 发布到同一网址 {url}（一个网址只能有一个源文件）",
                               f"删除或改名其中一个{_readme_hint(rel, other)}"))
    folders: dict[str, str] = {}
    for rel in published:
        key = keys[rel]
        slash = key.rfind("/")
        while slash > 0 and key[:slash] not in folders:
            folders[key[:slash]] = rel
            slash = key.rfind("/", 0, slash)
    for rel in published:
        holder = folders.get(keys[rel])
        if holder is not None:
            out.append(Refusal(rel, f"网站上这里需要一个文件夹（{holder} 发布在其中），文件与文件夹不能同名",
                               "给文件加上扩展名或改名"))
    clashing = {r.rel for r in out}
    for rel in tree.markdown:
        if posixpath.basename(rel)[: -len(MARKDOWN)] == "README" and rel not in clashing:
            index = posixpath.join(posixpath.dirname(rel), "index.md")
            if index not in clashing:
                out.append(Refusal(rel, "MkDocs 把 README.md 当作文件夹首页 index.md 发布，网址与 gongkai 的列表不一致",
                                   "把文件改名，例如 readme-2024.md；作为文件夹首页时改名为 index.md"))
    return sorted(out, key=lambda r: r.rel)


def _readme_hint(*rels: str) -> str:
    if any(posixpath.basename(r)[: -len(MARKDOWN)] == "README" for r in rels if is_markdown(posixpath.basename(r))):
        return "（MkDocs 把 README.md 当作 index.md 发布）"
    return ""
