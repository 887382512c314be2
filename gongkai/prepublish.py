"""Checks of the column as it is about to be published, run by ``gongkai check`` and at the start of
every build, after the documents are read.

They concern the site rather than any one document: links resolve against the pages the build
generates, and the deadline of the annual report depends on the day of the build. Keeping them
out of ``load_column`` lets the many small test columns of the unit tests stay free of them.
"""

from __future__ import annotations

from pathlib import Path

from .annualreport import check_deadline
from .bodylinks import check_column_links, site_files
from .column import Column
from .listing import generated_pages


def check_for_publishing(column: Column, content_dir: Path) -> None:
    """Problems go to ``column.problems``, with those of the documents."""
    files = site_files(content_dir)
    generated = {page.src for page in generated_pages(column)}
    for src in sorted(files & generated):
        # load_column already turned away the fixed paths (column.RESERVED, sub-column index.md);
        # the paths of later list pages and sub-column catalogues depend on the column.
        if src in column.by_src:
            column.problems.error(src, "此路径由 gongkai 自动生成（列表的分页或子栏目目录），不能放内容文件",
                                  "把文件改名，例如 catalogue-2024.md")
    check_column_links(column, content_dir, files, generated)
    check_deadline(column)
