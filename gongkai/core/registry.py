"""The registry of 规章 and 行政规范性文件 (统一登记、统一编号、统一公布, seed 002; deadlines.md).

A registered document carries ``reg_no`` (登记号), unique across the column. Under 法规文件 the
column publishes a 规范性文件登记目录 grouped by year and quarter of 发布日期, newest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .problems import Problems
from .structure import Document

REGISTRY_TITLE = "规范性文件登记目录"
QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int  # 1..4
    documents: tuple[Document, ...]  # by 发布日期 then 登记号, oldest first within the quarter

    @property
    def label(self) -> str:
        """2026年第四季度"""
        return f"{self.year}年{QUARTERS[self.quarter - 1]}"

    @property
    def anchor(self) -> str:
        return f"q-{self.year}-{self.quarter}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def registered(documents: list[Document]) -> list[Document]:
    return [d for d in documents if d.reg_no]


def by_quarter(documents: list[Document]) -> list[Quarter]:
    """Registered documents grouped by the year and quarter of their 发布日期, newest quarter first."""
    groups: dict[tuple[int, int], list[Document]] = {}
    for doc in registered(documents):
        groups.setdefault((doc.published.year, quarter_of(doc.published)), []).append(doc)
    return [Quarter(year, q, tuple(sorted(docs, key=lambda d: (d.published, d.reg_no, d.src))))
            for (year, q), docs in sorted(groups.items(), reverse=True)]


def check_unique_reg_no(documents: list[Document], problems: Problems) -> None:
    """One 登记号, one document: the number identifies the registration."""
    seen: dict[str, Document] = {}
    for doc in sorted(documents, key=lambda d: d.src):
        if not doc.reg_no:
            continue
        first = seen.setdefault(doc.reg_no, doc)
        if first is not doc:
            problems.error(doc.src, f"登记号与 {first.src} 重复（登记号在全栏目内必须唯一）",
                           "核对登记机关编的登记号；同一文件只保留一份",
                           field=doc.keys.get("reg_no", "reg_no"), line=doc.lines.get("reg_no"), value=doc.reg_no)
