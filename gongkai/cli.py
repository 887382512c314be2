"""Webmaster command line: `python -m gongkai check|new|stats|deadlines|report-figures`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from . import anchors, annualreport, bodyrender, deadlines, pipeline, vocab
from .column import Column, next_index_no
from .dates import DateError
from .problems import ContentError


def _load(root: Path) -> Column:
    return pipeline.load(root, os.environ, strict=False)


def cmd_check(args) -> int:
    # the build's own pipeline and verdict (gongkai/pipeline.py): check and `mkdocs build --strict` agree
    column = pipeline.load(args.root, os.environ, strict=args.strict)
    # the build checks the HTML MkDocs renders (hooks on_page_content); check renders it alike,
    # and looks up the links' anchors in it as the build does
    render, kept = anchors.recorder(bodyrender.renderer(args.root))
    bodyrender.check_bodies(column, args.root, render)
    anchors.check_column_anchors(column, args.root / "content", kept)
    for problem in column.problems.sorted():
        print(problem)
    for line in deadlines.report_of(column).lines():  # information: never part of the verdict
        print(line)
    errors, warnings = len(column.problems.errors), len(column.problems.warnings)
    print(f"检查了 {len(column.documents)} 份文件：{errors} 个错误，{warnings} 个警告。")
    return 1 if pipeline.fails(column.problems, args.strict) else 0


def cmd_new(args) -> int:
    column = _load(args.root)
    site = column.site
    day = column.day
    if args.section not in [p.key for p in vocab.PARTS if p.key != "proactive"] + [s.key for s in site.subcolumns]:
        keys = "、".join(["system", "annual-reports"] + [s.key for s in site.subcolumns])
        print(f"错误：未知栏目“{args.section}”。可用：{keys}", file=sys.stderr)
        return 2
    folder = args.root / "content" / (args.section if args.section in vocab.PART_BY_KEY else f"proactive/{args.section}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{args.name}.md"
    if path.exists():
        print(f"错误：{path} 已存在，请换一个文件名", file=sys.stderr)
        return 2
    index_no = next_index_no(column, day.year)
    path.write_text(
        "---\n"
        f"title: {json.dumps(args.title, ensure_ascii=False)}\n"  # quoted: a title may hold ": " or "#"
        f"index_no: {index_no}\n"
        f"published: {day.isoformat()}\n"
        f"# doc_no: 示政办发〔{day.year}〕1号\n"
        "# summary: 不超过100字的内容概述\n"
        "---\n\n正文。\n",
        encoding="utf-8",
    )
    print(f"已创建 {path.relative_to(args.root)}，索引号 {index_no}")
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
        print(f"注意：栏目内容有 {len(column.problems.errors)} 个错误（python -m gongkai check 查看），有错误的文件未计入",
              file=sys.stderr)
    for line in deadlines.report_of(column).lines():
        print(line)
    return 0


def cmd_report_figures(args) -> int:
    """Table 二（一） of the year's annual report, computed from the column's own documents."""
    column = _load(args.root)
    if args.year < 2021 or args.year >= column.day.year:
        print(f"错误：只能为 2021 至 {column.day.year - 1} 年度计算（2021年格式的表二，且年度已结束）", file=sys.stderr)
        return 2
    if column.problems.errors:
        print(f"注意：栏目内容有 {len(column.problems.errors)} 个错误（python -m gongkai check 查看），有错误的文件未计入",
              file=sys.stderr)
    print(annualreport.figures_yaml(column, args.year), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["audit"]:
        from . import audit  # needs playwright and axe-core (make test-deps); the other commands do not

        return audit.main(argv[1:] or ["site"])
    parser = argparse.ArgumentParser(prog="gongkai", description="政府信息公开专栏：网站管理员工具")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="仓库根目录（默认当前目录）")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="检查全部内容（不构建网站），报告与构建相同的错误和警告")
    check.add_argument("--strict", action="store_true", help="有警告也返回失败（与 mkdocs build --strict 一致）")
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", help="在子栏目中新建文件，自动分配下一个索引号")
    new.add_argument("section", help="子栏目文件夹名（如 budget）或 system、annual-reports")
    new.add_argument("name", help="文件名（不含 .md），建议用英文小写和连字符")
    new.add_argument("title", help="标题")
    new.set_defaults(func=cmd_new)
    # listed for the help text; its arguments are the auditor's own (see main below)
    sub.add_parser("audit", help="无障碍审查：在无头 Chromium 中逐页审查已生成的网站，参数见 python -m gongkai audit --help")
    stats = sub.add_parser("stats", help="按部分、子栏目和年份统计文件数")
    stats.set_defaults(func=cmd_stats)
    due = sub.add_parser("deadlines", help="期限检查：逾期公开、缺少或逾期的政策解读、逾期的年度报告、180天内到期的行政规范性文件（按工作日计算）")
    due.set_defaults(func=cmd_deadlines)
    figures = sub.add_parser("report-figures", help="按本栏目的规章和行政规范性文件计算年度报告表二第二十条第（一）项，输出可粘贴的 YAML")
    figures.add_argument("year", type=int, help="报告年度，例如 2025")
    figures.set_defaults(func=cmd_report_figures)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except DateError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
