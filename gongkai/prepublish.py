"""Checks of the column as it is about to be published, run by ``gongkai check`` and at the start of
every build, after the documents are read.

They concern the site rather than any one document: links resolve against the pages the build
generates, and the deadline of the annual report depends on the day of the build. Keeping them
out of ``load_column`` lets the many small test columns of the unit tests stay free of them.
"""

from __future__ import annotations

from pathlib import Path

from .annualreport import check_deadline
from .bodylinks import check_column_links
from .column import Column


def check_for_publishing(column: Column, content_dir: Path) -> None:
    """Problems go to ``column.problems``, with those of the documents."""
    check_column_links(column, content_dir)
    check_deadline(column)
