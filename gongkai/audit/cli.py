"""The command line: ``python -m gongkai.audit site/ [options]`` (and ``python -m gongkai audit``).

Chooses the pages, runs the audit (driver.run_audit), writes the three reports and says in Chinese
what it found. Exit status 0 when no violation, 1 when any, 2 when the audit could not run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .driver import run_audit
from .model import MODES, TAGS, PageResult
from .report import summary_of, write_html, write_json, write_junit
from .selection import base_path, find_pages, sample_pages

# the repository's node_modules (npm ci), when the audit runs from a checkout
ROOT = Path(__file__).resolve().parents[2]
AXE_DEFAULT = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("必须是正整数")
    return value


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python -m gongkai.audit",
        description="无障碍审查：在无头 Chromium 中打开已生成网站的每个页面，运行 axe-core 和 gongkai 的检查。",
    )
    ap.add_argument("site_dir", type=Path, help="已生成的网站目录（如 site/）")
    pick = ap.add_mutually_exclusive_group()
    pick.add_argument(
        "--limit", type=_positive, metavar="N", help="只审查前 N 个页面（首页在前，按目录层级和路径排序）"
    )
    pick.add_argument("--sample", type=_positive, metavar="N", help="抽样 N 个页面，覆盖每个栏目（结果可重复）")
    pick.add_argument(
        "--page", action="append", metavar="PATH", help="只审查这个页面（相对网站目录，如 guide/ 或 404.html；可重复）"
    )
    ap.add_argument("--report-dir", type=Path, default=Path("reports/audit"), help="报告目录（默认 reports/audit）")
    ap.add_argument(
        "--modes",
        default="light,contrast",
        help="呈现方式，逗号分隔：light（默认配色）、contrast（高对比度）、large（特大字号）；默认 light,contrast",
    )
    ap.add_argument("--axe", type=Path, default=None, help="axe.min.js 的路径（默认 node_modules/axe-core/axe.min.js）")
    ap.add_argument("--base-path", default=None, help="网站发布路径（默认取首页 canonical 链接的路径，如 /zwgk/）")
    ap.add_argument("--jobs", type=_positive, default=min(4, os.cpu_count() or 1), metavar="N",
                    help="同时运行的浏览器数（默认为处理器核数，最多 4）")
    ap.add_argument("--quiet", action="store_true", help="不逐页输出进度")
    return ap.parse_args(argv)


def find_axe(explicit: Path | None) -> Path | None:
    candidates = [explicit] if explicit else [Path.cwd() / "node_modules/axe-core/axe.min.js", AXE_DEFAULT]
    for c in candidates:
        if c and c.is_file():
            return c
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    site_dir: Path = args.site_dir
    if not (site_dir / "index.html").is_file():
        print(f"错误：{site_dir} 不是已生成的网站（没有 index.html）。请先运行 make site。", file=sys.stderr)
        return 2
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        print(f"错误：未知的呈现方式 {'、'.join(unknown) or '（空）'}。可用：{'、'.join(MODES)}", file=sys.stderr)
        return 2
    axe_path = find_axe(args.axe)
    if axe_path is None:
        print(
            "错误：未找到 axe-core（node_modules/axe-core/axe.min.js）。"
            "请在项目根目录运行 npm ci（make test-deps 会运行它）。",
            file=sys.stderr,
        )
        return 2
    all_pages = find_pages(site_dir)
    if args.page:
        wanted = [p.strip("/") for p in args.page]
        wanted = [p if p.endswith(".html") else (p + "/index.html" if p else "index.html") for p in wanted]
        missing = [p for p in wanted if p not in all_pages]
        if missing:
            print(f"错误：网站中没有这些页面：{'、'.join(missing)}", file=sys.stderr)
            return 2
        pages = wanted
        selection, text = "pages", f"只审查指定的 {len(pages)} 个页面（--page）"
    elif args.limit:
        pages = all_pages[: args.limit]
        selection, text = (
            "limit",
            f"只审查前 {len(pages)} 个页面（--limit {args.limit}），其余 {len(all_pages) - len(pages)} 个页面未审查",
        )
    elif args.sample:
        pages = sample_pages(all_pages, args.sample)
        selection, text = (
            "sample",
            f"抽样审查 {len(pages)} 个页面（--sample {args.sample}，覆盖每个栏目），"
            f"其余 {len(all_pages) - len(pages)} 个页面未审查",
        )
    else:
        pages = all_pages
        selection, text = "all", "全部页面"
    if len(pages) < len(all_pages):
        text += "；这不是全站审查"
    base = args.base_path or base_path(site_dir)
    if not base.startswith("/"):
        base = "/" + base
    if not base.endswith("/"):
        base += "/"

    def progress(i: int, n: int, r: PageResult) -> None:
        if args.quiet:
            return
        mark = "通过" if not r.violations else "违规：" + ", ".join(sorted({f.rule for f in r.violations}))
        print(f"[{r.mode} {i}/{n}] {r.path}  {r.seconds:.2f} 秒  {mark}", flush=True)

    started = time.perf_counter()
    try:
        results, axe_version = run_audit(
            site_dir, pages, modes, axe_path.read_text(encoding="utf-8"), base, progress, args.jobs
        )
    except RuntimeError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    summary = summary_of(results, {
        "tool": "gongkai.audit", "site_dir": str(site_dir), "base_path": base, "pages_total": len(all_pages),
        "selection": selection, "selection_text": text, "modes": modes, "tags": list(TAGS),
        "axe_version": axe_version, "axe_path": str(axe_path), "jobs": args.jobs,
        "wall_seconds": round(time.perf_counter() - started, 2),
    })
    args.report_dir.mkdir(parents=True, exist_ok=True)
    write_json(args.report_dir / "results.json", summary, results)
    write_junit(args.report_dir / "junit.xml", summary, results)
    write_html(args.report_dir / "report.html", summary, results)
    print(f"审查了 {summary['pages_audited']} / {summary['pages_total']} 个页面（{text}），"
          f"呈现方式：{'、'.join(MODES[m]['label'] for m in modes)}；"
          f"用时 {summary['wall_seconds']} 秒（{args.jobs} 个浏览器并行），"
          f"每页每种呈现方式平均 {summary['seconds_per_page_and_mode']} 秒。")
    if summary["violations"]:
        print(
            f"发现 {summary['violations']} 处违规："
            + "、".join(f"{k} ×{v}" for k, v in summary["violations_by_rule"].items())
        )
    else:
        print("未发现违规。")
    print(f"报告：{args.report_dir / 'report.html'}（另有 results.json、junit.xml）")
    return 1 if summary["violations"] else 0
