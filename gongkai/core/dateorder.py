"""The dates of one document must agree with each other and with the build day.

metadata.py checks each date on its own (a real day, ``published`` not after the build day); here
the pairs: ``written`` ≤ ``published`` (a document is signed before it is published), and
``published`` ≤ ``updated`` ≤ the build day (a page cannot change before it exists, nor on a day
that has not come). ``effective``, ``expires`` and ``repealed`` are left alone: a policy may take
effect, expire or be repealed on a day still ahead, and validity.py reports that day.
"""

from __future__ import annotations

import datetime as dt

from .dates import format_day
from .problems import Problems
from .structure import Document

UPDATED_FIX_TAIL = "或删除 updated 这一行（更新日期将取自 git 历史中最后一次修改的日期）"


def check_date_order(documents: list[Document], day: dt.date, problems: Problems) -> None:
    """Report, for every document, each pair of dates that cannot both be true."""
    for doc in sorted(documents, key=lambda d: d.src):
        published = doc.published
        if doc.written and doc.written > published:
            _report(problems, doc, "written",
                    f"成文日期 {format_day(doc.written)} 晚于发布日期 {format_day(published)}：文件要先成文才能发布",
                    "核对文件落款的成文日期和发布日期：把 written 改为不晚于 "
                    f"{published.isoformat()} 的日期，或改正 published")
        if doc.updated and doc.updated < published:
            _report(problems, doc, "updated",
                    f"更新日期 {format_day(doc.updated)} 早于发布日期 {format_day(published)}：文件发布之前不会有更新",
                    f"把 updated 改为 {published.isoformat()} 或之后实际修改的日期，" + UPDATED_FIX_TAIL)
        elif doc.updated and doc.updated > day:
            _report(problems, doc, "updated",
                    f"更新日期 {format_day(doc.updated)} 晚于构建日 {format_day(day)}：更新日期不能是还没到的日子",
                    f"把 updated 改为实际修改的日期（不晚于 {day.isoformat()}），" + UPDATED_FIX_TAIL)


def _report(problems: Problems, doc: Document, key: str, message: str, fix: str) -> None:
    # the line and key as written; a value inherited from a .meta.yml has no line in this file
    problems.error(doc.src, message, fix, field=doc.keys.get(key, key), line=doc.lines.get(key),
                   value=getattr(doc, key).isoformat())
