"""The parsed annual report: its year, format and tables as read (totals computed), where each
key was written (for messages), and the explanations (核对说明) that silence a 需要核对 warning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ..core import drafts
from ..core.problems import Problems, Where
from ..core.structure import Document
from .formats import FORMAT_2021, FORMAT_NAMES, FREE_TEXT, TABLE2

SEP = " › "  # between the keys of a path in messages
# 核对说明: a reason that silences one of the "需要核对" warnings (real data may differ for good reasons).
EXPLAINS_IN_FORCE, EXPLAINS_CARRIED, EXPLAINS_COLUMN = "现行有效件数", "上年结转", "栏目文件"
EXPLANATION_KEYS = (EXPLAINS_IN_FORCE, EXPLAINS_CARRIED, EXPLAINS_COLUMN)

KeyPath = tuple[str, ...]  # the keys of a value as written, from the report's key down
CellKey = tuple[str | int, ...]  # ("t2", block, row), ("t3", row code), ("t4", group)
Number = int | Decimal  # a count or a change (int), an amount in 万元 (Decimal)
Lines = dict[KeyPath, int]  # key path -> line in the file (reader.key_lines)


@dataclass
class AnnualReport:
    src: str
    title: str
    year: int
    format: str  # FORMAT_2021 | FORMAT_2019 | FREE_TEXT
    published: dt.date
    table2: dict[tuple[int, int], list[Number | None]] = field(default_factory=dict)  # (block, row) -> values
    table3: dict[str, list[int]] = field(default_factory=dict)  # row code -> 7 values (总计 last)
    table4: list[list[int]] = field(default_factory=list)  # 3 groups × 5 values (总计 last)
    explanations: dict[str, str] = field(default_factory=dict)
    ok: bool = True  # no error in the tables: cross-checks only compare sound figures
    paths: dict[CellKey, KeyPath] = field(default_factory=dict)  # ("t3", code) … -> key path as written
    lines: Lines = field(default_factory=dict)  # key path -> line in the file
    parts: dict[int, int] = field(default_factory=dict)  # part 一…六 -> its heading's line index in the body

    @property
    def has_tables(self) -> bool:
        return self.format != FREE_TEXT

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.format]

    def in_force_figures(self) -> dict[str, tuple[int, int, int]] | None:
        """Table 二（一） of the 2021 format: {规章|行政规范性文件: (制发, 废止, 现行有效)}."""
        if self.format != FORMAT_2021 or not self.table2:
            return None
        block = TABLE2[FORMAT_2021][0]
        if any((0, i) not in self.table2 for i in range(len(block.rows))):
            return None  # a row still to fill (a draft's “待填写”) or in error
        out = {}
        for i, row in enumerate(block.rows):
            # counts, each read (a missing column is an error, and the row is then left out)
            issued, repealed, in_force = (int(v) for v in self.table2[(0, i)] if v is not None)
            out[row.text] = (issued, repealed, in_force)
        return out

    def line(self, path: KeyPath) -> int | None:
        return line_of(self.lines, path)

    def where(self, key: CellKey) -> Where:
        path = self.paths.get(key, ())
        return {"field": SEP.join(map(str, path)) or None, "line": self.line(path)}

    def note(self, table: int) -> str:
        key = {2: EXPLAINS_IN_FORCE, 3: EXPLAINS_CARRIED}.get(table)
        return self.explanations.get(key, "") if key else ""


def line_of(lines: Lines, path: KeyPath) -> int | None:
    """The line of ``path``, else of the nearest key above it that has one."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def show(value: Number | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    return str(value)


class ReportProblems:
    """The problems of one report, each with the key path and line it is about; ``errors`` counts
    them (a report with errors in its tables is not compared with others)."""

    def __init__(self, doc: Document, problems: Problems, lines: Lines):
        self.doc, self.problems, self.lines = doc, problems, lines
        self.errors = 0

    def line(self, path: KeyPath) -> int | None:
        return line_of(self.lines, path)

    def error(self, path: KeyPath, message: str, fix: str, value: object = None) -> None:
        self.errors += 1
        self.problems.error(self.doc.src, message, fix, line=self.line(path),
                            field=SEP.join(map(str, path)) or None, value=value)

    def pending(self, path: KeyPath, what: str) -> None:
        """“待填写”: left to a person; a draft lists it, a report to publish may not have it."""
        if not self.doc.draft:
            self.errors += 1
        drafts.pending(self.doc, self.problems, self.line(path), what, "填写数字（没有数据的填 0）",
                       field=SEP.join(map(str, path)) or None)
