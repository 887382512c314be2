"""The one pipeline that turns a repository into a checked column.

``python -m gongkai check`` and the MkDocs build (hooks/gongkai_hooks.py, on_config) both call
:func:`load`, and both judge the result with :func:`fails`, so that the two give one verdict and
the same messages on every input. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from .annualreport.reports import check_reports
from .core.column import LANDING, Column, load_column
from .core.dates import DATE_VARIABLE, DateError, build_day
from .core.deadlines import report_of as deadline_report
from .core.drafts import withhold_drafts
from .core.metadata import split_front_matter
from .core.problems import ContentError, Problem, Problems
from .core.siteconfig import SiteConfig, load_site_config
from .files.gitdates import read_history, updated_days
from .files.memo import FileMemo, stamps_under
from .files.yamlfile import Value, YamlError, check_front_matter_size, load_mapping, read_text
from .files.yamlmessages import front_matter_problem
from .pages.prepublish import check_for_publishing

CONTENT = "content"
SITE_CONFIG = "site_config"


def is_ci(env: Mapping[str, str]) -> bool:
    """CI sets CI=true (GitHub Actions, GitLab CI, Gitee Go …); a CI build publishes, so it stops
    on what a local preview only warns of (a shallow clone)."""
    return env.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def load(root: Path, env: Mapping[str, str], strict: bool, content_dir: Path | None = None,
         memo: FileMemo | None = None) -> Column:
    """Read site_config/ and content/ of the repository ``root`` and run every check of the column.

    Problems are collected in ``column.problems``; :class:`ContentError` is raised only when there
    is no column to check (site_config/ unreadable, an invalid SOURCE_DATE_EPOCH).

    ``memo`` (``mkdocs serve`` only, gongkai/files/memo.py): the per-file steps of a file unchanged
    since the last build are replayed instead of run again; everything else runs as without it.
    """
    content_dir = content_dir or root / CONTENT
    try:
        day = build_day(env)
    except DateError as exc:
        if env.get(DATE_VARIABLE, "").strip():
            raise ContentError([Problem("错误", DATE_VARIABLE, str(exc),
                                        "写成 YYYY-MM-DD，例如 2027-01-05，或不设置以使用当天日期")]) from None
        raise ContentError([Problem("错误", "SOURCE_DATE_EPOCH", str(exc),
                                    "设为整数秒（Unix 时间戳），或不设置以使用当天日期")]) from None
    site = load_site_config(root / SITE_CONFIG)
    if memo is not None:  # per-file results depend on the day and on site_config/ besides the file
        memo.begin((day, stamps_under([root / SITE_CONFIG])))
    column = check_column(content_dir, site, day, memo)
    # drafts were checked with the rest; from here on (lists, feeds, search, pages) they do not exist
    withhold_drafts(column)
    if (
        column.tree is not None and LANDING in column.tree.markdown
    ):  # listed by the safe walk: a regular file, never a link
        column.landing = read_landing(content_dir, column.problems)
    history = read_history(content_dir, memo.git_log if memo is not None else None)
    column.updated = updated_days(column, history, stop_on_shallow=strict or is_ci(env))
    check_for_publishing(column, content_dir, memo)
    # missed deadlines are history: information for check and the build log, never a problem
    deadline_report(column)
    return column


def check_column(content_dir: Path, site: SiteConfig, day: dt.date, memo: FileMemo | None = None) -> Column:
    """Read and check every document of content_dir (core/column.py), then the annual reports
    (gongkai.annualreport: the tables, checks A–E, last year's figures, the column's own documents),
    drafts included: a draft report is checked like any, then withheld with its report."""
    column = load_column(content_dir, site, day, memo)
    column.reports = dict(check_reports(column, content_dir))
    return column


def fails(problems: Problems, strict: bool) -> bool:
    """The verdict: errors always stop publishing; warnings too under --strict."""
    return bool(problems.errors) or (strict and bool(problems.warnings))


def read_landing(content_dir: Path, problems: Problems) -> dict[str, Value]:
    """The landing page's front matter, read by gongkai's own YAML reader (as typed, in Chinese on
    error): MkDocs' reader would turn ``title: 2024.10`` into 2024.1 and report errors in English."""
    path = content_dir / LANDING
    try:
        text = read_text(path)
        front, _, _ = split_front_matter(text)
        if front is None and text.startswith("---"):  # opened and never closed: not silently body text
            message, fix, line = front_matter_problem(text)
            problems.error(LANDING, message, fix, line=line)
            return {}
        check_front_matter_size(front or "", line=1)
        mapping = load_mapping(front or "", first_line=2)
    except YamlError as exc:
        problems.error(LANDING, exc.message, exc.fix or "修正 YAML 语法：冒号后加空格，含冒号或 # 的值用引号括起来",
                       line=exc.line)
        return {}
    title = mapping.values.get("title")
    if "title" in mapping.values and (not isinstance(title, str) or not title.strip()):
        # the landing page's <title>; a present but empty value is a mistake, never silently replaced
        problems.error(LANDING, "标题应为一段文字，不能为空", "写成 title: 政府信息公开，或删除这一行",
                       field="title", line=mapping.lines.get("title"), value=title)
        return {}
    return dict(mapping.values)
