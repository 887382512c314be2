"""Every annual report of a column, read and checked (the pipeline runs this after the column is
loaded, gongkai/pipeline.py): one report per year, each compared with last year's and with the
column's own documents."""

from __future__ import annotations

from pathlib import Path

from ..core.column import Column
from .body import check_parts
from .checks import check_with_column, check_years
from .formats import PART
from .model import SEP, AnnualReport
from .reader import key_lines, read_report


def check_reports(column: Column, content_dir: Path | None = None) -> dict[str, AnnualReport]:
    """Read and check every report of the column; problems go to ``column.problems``."""
    problems = column.problems
    reports: dict[str, AnnualReport] = {}
    for doc in sorted((d for d in column.documents if d.part == PART), key=lambda d: d.src):
        lines, repeated = key_lines(content_dir / doc.src) if content_dir else ({}, [])
        for path, line in repeated:
            problems.error(doc.src, "同一行（或列）写了两次，前一个会被忽略", "删除重复的一行", line=line,
                           field=SEP.join(path))
        report = read_report(doc, problems, lines)
        if report is None:
            continue
        if repeated:
            report.ok = False
        reports[doc.src] = report
        if report.has_tables:
            report.parts = check_parts(doc, problems)
    by_year: dict[int, AnnualReport] = {}
    for report in sorted(reports.values(), key=lambda r: (r.published, r.src)):
        first = by_year.get(report.year)
        if first is not None:
            problems.error(report.src, f"{report.year}年度已有年度报告 {first.src}（每年一份）",
                           "删除重复的报告，或改正文件名和年度")
            continue
        by_year[report.year] = report
    check_years(by_year, problems)
    for report in by_year.values():
        check_with_column(report, column, problems)
    return reports
