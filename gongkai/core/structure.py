"""Domain types of the column."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from .urls import page_url

if TYPE_CHECKING:
    from ..files.yamlfile import Value
    from .problems import Problem


# A page-presentation key's value (hide, search, …): as written, the flags of ``search:`` as booleans.
Presentation: TypeAlias = "Value | dict[str, Value | bool]"


@dataclass(frozen=True)
class Attachment:
    file: str  # path relative to content/
    title: str
    kind: str  # PDF, OFD, DOCX …
    size: int  # bytes

    @property
    def size_text(self) -> str:
        return human_size(self.size)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass
class Document:
    """One Markdown file of the column, with its metadata checked and normalised."""

    src: str  # path relative to content/, with forward slashes
    part: str  # key of vocab.PARTS
    subcolumn: str | None  # taxonomy key, for documents under proactive/
    title: str
    body: str  # Markdown without front matter
    body_line: int  # line of the file where the body starts
    published: dt.date
    index_no: str | None = None
    publisher: str = ""
    doc_no: str | None = None
    written: dt.date | None = None
    doc_type: str = "其他文件"
    topic: str | None = None
    summary: str = ""  # given or derived from the body
    summary_given: bool = False
    disclosure: str = "主动公开"
    effective: dt.date | None = None
    expires: dt.date | None = None
    repealed: dt.date | None = None
    status: str | None = None  # as written in front matter; validity computes the real one
    repealed_by: str | None = None
    amended_by: tuple[str, ...] = ()
    repeal_basis: str | None = None
    related: tuple[str, ...] = ()
    interprets: tuple[str, ...] = ()  # the policies this 解读/图解/问答 interprets (references)
    reg_no: str | None = None  # 登记号 of a 规章 or 行政规范性文件
    late_reason: str | None = None  # 逾期说明: acknowledges a missed deadline (deadlines.md)
    attachments: tuple[Attachment, ...] = ()
    updated: dt.date | None = None
    lines: dict[str, int] = field(default_factory=dict)  # canonical key -> line in file
    keys: dict[str, str] = field(default_factory=dict)  # canonical key -> key as written
    extra: dict[str, Presentation] = field(default_factory=dict)  # presentation keys passed to MkDocs (hide, …)
    report: dict[str, Value] = field(default_factory=dict)  # a report's own keys as written (annualreport/reader.py)
    draft: bool = False  # draft: true — checked, never published (gongkai/core/drafts.py)
    # a draft's “待填写” left to fill: (line, what), in file order
    pending: list[tuple[int, str]] = field(default_factory=list)
    held: list[Problem] = field(default_factory=list)  # a draft's warnings, shown as information until it is published

    @property
    def url(self) -> str:
        """Site-relative URL with MkDocs' directory URLs (``a/b.md`` → ``a/b/``; core/urls.py)."""
        return page_url(self.src)

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def has_validity(self) -> bool:
        return any(
            getattr(self, key) not in (None, ())
            for key in ("effective", "expires", "repealed", "status", "repealed_by", "amended_by")
        )

    def sort_key(self) -> tuple[int, tuple[int, ...], str]:
        """Newest first, then by 索引号 and path so that the order is total and stable."""
        return (-self.published.toordinal(), _neg(self.index_no or ""), self.src)


@functools.lru_cache(maxsize=1 << 16)  # a 索引号 is sorted on every build of `mkdocs serve`
def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)
