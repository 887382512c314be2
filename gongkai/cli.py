"""Webmaster command line: `python -m gongkai check|new|stats|deadlines|report-figures`."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections import Counter
from pathlib import Path

from . import bodyrender, newdoc, pipeline
from .annualreport import draft as report_draft
from .annualreport.formats import PART as REPORTS
from .core import deadlines, drafts, vocab
from .core.column import Column
from .core.dates import DATE_VARIABLE, DateError, preview_day
from .core.problems import ContentError
from .pages import anchors


def _load(root: Path) -> Column:
    return pipeline.load(root, os.environ, strict=False)


def cmd_check(args) -> int:
    # the build's own pipeline and verdict (gongkai/pipeline.py): check and `mkdocs build --strict` agree
    column = pipeline.load(args.root, os.environ, strict=args.strict)
    config = bodyrender.mkdocs_config(args.root)
    bodyrender.check_offline(config, args.root, column.problems)  # as the build's on_config
    # the build checks the HTML MkDocs renders (hooks on_page_content); check renders it alike,
    # and looks up the links' anchors in it as the build does
    render, kept = anchors.recorder(bodyrender.renderer(args.root, config))
    bodyrender.check_bodies(column, args.root, render)
    anchors.check_column_anchors(column, args.root / "content", kept)
    for problem in column.problems.sorted():
        print(problem)
    for line in deadlines.report_of(column).lines():  # information: never part of the verdict
        print(line)
    for line in drafts.lines(column):  # information, as in the build log: a draft waits, it does not fail
        print(line)
    errors, warnings = len(column.problems.errors), len(column.problems.warnings)
    print(f"检查了 {len(column.documents)} 份文件：{errors} 个错误，{warnings} 个警告。")
    return 1 if pipeline.fails(column.problems, args.strict) else 0


def cmd_new(args) -> int:
    """A new document in its section's folder (gongkai/newdoc.py); the annual report as a draft."""
    column = _load(args.root)
    try:
        planned = newdoc.plan(column, args.root, args.section, args.words, column.day, draft=args.draft)
        newdoc.write(args.root, planned)
    except newdoc.NewError as exc:
        print(exc, file=sys.stderr)
        return 2
    for line in newdoc.report_lines(column.site, planned):
        print(line)
    if planned.src.startswith(f"{REPORTS}/"):
        print(
            f"下一步：填写全部“{drafts.PENDING}”，运行 python -m gongkai check 核对；"
            "年度结束后用 python -m gongkai report-figures 重新核对表二（一）；"
            f"{drafts.PUBLISH_FIX}（见 docs/annual-reports.md）"
        )
    return 0


def cmd_stats(args) -> int:
    column = _load(args.root)
    parts = Counter(d.part for d in column.documents)
    subs = Counter(d.subcolumn for d in column.documents if d.subcolumn)
    years = Counter(d.year for d in column.documents)
    print(f"共 {len(column.documents)} 份文件")
    for part in vocab.PARTS:
        print(f"  {part.label}：{parts.get(part.key, 0)}")
    for sub in column.site.subcolumns:
        if subs.get(sub.key):
            print(f"    {sub.label}：{subs[sub.key]}")
    print("按年份：" + "，".join(f"{y}年 {n}" for y, n in sorted(years.items(), reverse=True)))
    statuses = Counter(column.status(d) for d in column.documents if column.status(d))
    print(f"有效性（截至 {column.day.isoformat()}）：" + "，".join(f"{s} {statuses.get(s, 0)}" for s in vocab.STATUSES))
    return 0


def cmd_deadlines(args) -> int:
    """One line per missed deadline (and per deadline that cannot be checked), then 按期公开率 per
    rule. A missed deadline is history: the exit status is 0 whatever was missed."""
    column = _load(args.root)
    if column.problems.errors:
        print(
            f"注意：栏目内容有 {len(column.problems.errors)} 个错误（python -m gongkai check 查看），"
            "有错误的文件未计入",
            file=sys.stderr,
        )
    for line in deadlines.report_of(column).lines():
        print(line)
    return 0


def cmd_report_figures(args) -> int:
    """Table 二（一） of the year's annual report, computed from the column's own documents."""
    column = _load(args.root)
    if args.year < 2021:
        print("错误：只能为 2021 年度及以后计算（表二第（一）项的列从 2021 年度的格式起才是制发、废止、现行有效）",
              file=sys.stderr)
        return 2
    if args.year >= column.day.year:
        after = f"{args.year + 1}-01-05"
        print(
            f"错误：{args.year}年度尚未结束（按 {column.day.isoformat()} 计算），"
            f"现行有效件数要截至{args.year}年12月31日。"
            f"预览年度结束后的数字：python -m gongkai report-figures {args.year} --date {after}",
            file=sys.stderr,
        )
        return 2
    if column.problems.errors:
        print(
            f"注意：栏目内容有 {len(column.problems.errors)} 个错误（python -m gongkai check 查看），"
            "有错误的文件未计入",
            file=sys.stderr,
        )
    print(report_draft.figures_yaml(column, args.year), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["audit"]:
        from . import audit  # needs playwright and axe-core (make test-deps); the other commands do not

        return audit.main(argv[1:] or ["site"])
    return execute(argv)


def execute(argv: list[str]) -> int:
    """Every command but ``audit`` (``main`` hands that one to gongkai.audit, which starts a
    browser); returns the exit code. Tests call it in-process (tests/conftest.py, gongkai_in_process)."""
    parser = argparse.ArgumentParser(prog="gongkai", description="政府信息公开专栏：网站管理员工具")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="仓库根目录（默认当前目录）")
    sub = parser.add_subparsers(dest="command", required=True)
    # --date: every command that depends on the day can preview another one (GONGKAI_DATE for the build)
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--date", metavar="YYYY-MM-DD",
                       help=f"按这一天检查和计算（预览），例如 --date 2027-01-05；构建时用环境变量 {DATE_VARIABLE}")
    check = sub.add_parser("check", parents=[dated], help="检查全部内容（不构建网站），报告与构建相同的错误和警告")
    check.add_argument("--strict", action="store_true", help="有警告也返回失败（与 mkdocs build --strict 一致）")
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", parents=[dated], help="在栏目中新建文件，自动分配下一个索引号；年度报告生成完整草稿",
                         usage="gongkai new 栏目 [文件名] 标题 | gongkai new annual-reports [年度]")
    new.add_argument("section", help="栏目：文件夹名（如 budget、system、annual-reports）或中文名称（如 财政预算决算）")
    new.add_argument("words", nargs="*", metavar="[文件名] 标题",
                     help="文件名（不含 .md，只用小写英文字母、数字和连字符；不写则按索引号生成）和标题；"
                          "年度报告只写年度，如 2026")
    new.add_argument("--draft", action="store_true", help="写成草稿（draft: true）：检查但不发布")
    new.set_defaults(func=cmd_new)
    # listed for the help text; its arguments are the auditor's own (see main below)
    sub.add_parser(
        "audit", help="无障碍审查：在无头 Chromium 中逐页审查已生成的网站，参数见 python -m gongkai audit --help"
    )
    stats = sub.add_parser("stats", help="按部分、子栏目和年份统计文件数")
    stats.set_defaults(func=cmd_stats)
    due = sub.add_parser(
        "deadlines",
        help="期限检查：逾期公开、缺少或逾期的政策解读、逾期的年度报告、180天内到期的行政规范性文件（按工作日计算）",
    )
    due.set_defaults(func=cmd_deadlines)
    figures = sub.add_parser(
        "report-figures",
        parents=[dated],
        help="按本栏目的规章和行政规范性文件计算年度报告表二第二十条第（一）项，输出可粘贴的 YAML",
    )
    figures.add_argument("year", type=int, help="报告年度，例如 2025")
    figures.set_defaults(func=cmd_report_figures)
    args = parser.parse_args(argv)
    try:
        with _as_of(getattr(args, "date", None)):
            return args.func(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except DateError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1


@contextlib.contextmanager
def _as_of(date: str | None):
    """``--date``: the pipeline reads the day from the environment (dates.build_day), as the build
    does; set for this command only."""
    if date is None:
        yield
        return
    preview_day(date)  # refused here, with the option's name, before anything is read
    saved = os.environ.get(DATE_VARIABLE)
    os.environ[DATE_VARIABLE] = date
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(DATE_VARIABLE, None)
        else:
            os.environ[DATE_VARIABLE] = saved
