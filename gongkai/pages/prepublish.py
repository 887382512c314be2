"""Checks of the column as it is about to be published, run by ``gongkai check`` and at the start of
every build, after the documents are read.

They concern the site rather than any one document: links resolve against the pages the build
generates, the addresses of content files must not meet each other or what the build writes, and
the deadline of the annual report depends on the day of the build. Keeping them out of
``load_column`` lets the many small test columns of the unit tests stay free of them.
"""

from __future__ import annotations

from pathlib import Path

from ..annualreport.checks import check_deadline
from ..core.column import Column
from ..core.urls import destination, subcolumn_feed
from ..files import filewalk
from ..files.memo import FileMemo
from . import bodyhtml, pageaddress
from .bodylinks import check_column_links
from .listing import generated_pages


def check_for_publishing(column: Column, content_dir: Path, memo: FileMemo | None = None) -> None:
    """Problems go to ``column.problems``, with those of the documents. ``memo``: see
    gongkai/files/memo.py (``mkdocs serve`` only)."""
    tree = content_tree(column, content_dir)
    files = tree.published
    generated = {page.src for page in generated_pages(column)}
    for src in sorted(files & generated):
        # load_column already turned away the fixed paths (column.RESERVED, sub-column index.md);
        # the paths of later list pages and sub-column catalogues depend on the column.
        if src in column.by_src:
            column.problems.error(src, "此路径由 gongkai 自动生成（列表的分页或子栏目目录），不能放内容文件",
                                  "把文件改名，例如 catalogue-2024.md")
    pageaddress.check_id_addresses(column)
    check_addresses(column, tree, generated)
    check_column_links(column, content_dir, files, generated, memo)
    bodyhtml.check_column_limits(column, content_dir, memo)  # before anything renders a body
    check_deadline(column)


def content_tree(column: Column, content_dir: Path) -> filewalk.ContentTree:
    """The walk load_column made of ``content_dir`` (one walk per run), else a new one."""
    tree = column.tree
    if tree is None or tree.root != Path(content_dir):
        tree = column.tree = filewalk.walk(content_dir)
    return tree


def build_outputs(column: Column) -> dict[str, str]:
    """Every file the build writes itself (path under site/ -> what it is, in Chinese), besides
    the folders of ``filewalk.BUILD_FOLDERS`` that it fills: the one list of such paths."""
    out = dict(filewalk.BUILD_FILES)
    for sub in column.site.subcolumns:  # every sub-column's feed (feeds.feeds writes the shown ones)
        out[subcolumn_feed(sub.key)] = f"“{sub.label}”的订阅源（Atom）"
    for page in generated_pages(column):
        out[destination(page.src)] = f"自动生成的“{page.title}”页"
    for path, doc in pageaddress.id_pages(column).items():  # the 索引号 on paper finds the page
        out[path] = f"索引号 {doc.index_no} 的永久地址（转到 {doc.src}）"
    return out


def check_addresses(column: Column, tree: filewalk.ContentTree, generated: set[str]) -> None:
    """Two content files at one address, and a content file at a path the build writes: the
    build would silently keep one of them (or, under search/, race the index writer)."""
    problems = column.problems
    for refusal in filewalk.url_conflicts(tree):
        problems.error(refusal.rel, refusal.message, refusal.fix)
    outputs = {filewalk.address_key(path): what for path, what in build_outputs(column).items()}
    folders = {filewalk.address_key(name): what for name, what in filewalk.BUILD_FOLDERS.items()}
    for rel in sorted(tree.published):
        if rel in generated:
            continue  # reported by load_column (fixed paths) or above (list pages of the column)
        dest = destination(rel)
        what = outputs.get(filewalk.address_key(dest)) or folders.get(filewalk.address_key(dest.split("/")[0]))
        if what is None:
            continue
        problems.error(rel, f"网站上的 {dest} 由构建生成（{what}），内容文件会与它冲突，构建结果不可预料",
                       "把文件改名或移到子栏目文件夹中（例如 proactive/<子栏目>/attachments/）")
