"""The audit's reports: ``report.html`` for people, ``results.json`` and ``junit.xml`` for CI.

The HTML page (``report.html``, ``report.css``, its pieces in ``parts.html``) and the JUnit XML
(``junit.xml``) are templates in this folder, read with ``importlib.resources`` and filled with
``string.Template``; every value is escaped once, where it is filled in.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..model import MODES, TAGS, PageResult

Summary = dict[str, Any]

# a marker line names the piece that follows it: <!-- name --> or <!-- name: what it is -->
_MARKER = re.compile(r"^<!-- ([a-z-]+)(?::[^\n]*)? -->$", re.M)


def _read(name: str) -> str:
    return resources.files("gongkai.audit.report").joinpath(name).read_text(encoding="utf-8")


@cache
def _pieces(name: str) -> dict[str, Template]:
    """The named pieces of a template file (text before the first marker is its comment)."""
    text = _read(name)
    marks = list(_MARKER.finditer(text))
    pieces = {}
    for m, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(text)
        pieces[m.group(1)] = Template(text[m.end() + 1:end].removesuffix("\n"))
    return pieces


def _filler(name: str, escape: Callable[[str], str]) -> Callable[..., str]:
    def fill(piece: str, markup: Mapping[str, str] | None = None, **values: object) -> str:
        """The piece with ``values`` escaped and ``markup`` (pieces already filled) as it is."""
        return _pieces(name)[piece].substitute({k: escape(str(v)) for k, v in values.items()}, **(markup or {}))
    return fill


_html = _filler("parts.html", html.escape)
_xml = _filler("junit.xml", xml_escape)


def summary_of(results: list[PageResult], meta: Summary) -> Summary:
    by_rule: dict[str, int] = defaultdict(int)
    advice: dict[str, int] = defaultdict(int)
    for r in results:
        for f in r.findings:
            (by_rule if f.level == "violation" else advice)[f.rule] += 1
    pages = {r.path for r in results}
    total_seconds = sum(r.seconds for r in results)
    return {
        **meta,
        "pages_audited": len(pages),
        "page_runs": len(results),
        "violations": sum(len(r.violations) for r in results),
        "pages_with_violations": len({(r.path, r.mode) for r in results if r.violations}),
        "violations_by_rule": dict(sorted(by_rule.items())),
        "advice_by_rule": dict(sorted(advice.items())),
        "seconds": round(total_seconds, 2),
        "seconds_per_page_and_mode": round(total_seconds / len(results), 3) if results else 0,
    }


def write_json(path: Path, summary: Summary, results: list[PageResult]) -> None:
    data = {"summary": summary, "pages": [
        {**{k: v for k, v in asdict(r).items() if k != "findings"}, "findings": [asdict(f) for f in r.findings]}
        for r in results
    ]}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_junit(path: Path, summary: Summary, results: list[PageResult]) -> None:
    fill = _xml
    lines = [fill("start", tests=len(results), failures=summary["pages_with_violations"],
                  seconds=summary["wall_seconds"])]
    for mode in summary["modes"]:
        runs = [r for r in results if r.mode == mode]
        suite = quoteattr("accessibility." + mode)
        lines.append(fill("suite", {"name": suite}, tests=len(runs), failures=sum(1 for r in runs if r.violations),
                          seconds=round(sum(r.seconds for r in runs), 3)))
        for r in runs:
            lines.append(fill("case", {"suite": suite, "name": quoteattr(r.path)}, seconds=r.seconds))
            if r.violations:
                rules = sorted({f.rule for f in r.violations})
                body = "\n".join(
                    f"[{f.rule}] {f.summary}"
                    + "".join(f"\n    {n['target']} {n['detail']}".rstrip() for n in f.nodes[:10])
                    for f in r.violations
                )
                lines.append(fill("failure", {"message": quoteattr("违反规则：" + ", ".join(rules))}, text=body))
            advice = [f for f in r.findings if f.level != "violation"]
            if advice:
                lines.append(fill("advice", text="\n".join(f"[建议 {f.rule}] {f.summary}" for f in advice)))
            lines.append(fill("case-end"))
        lines.append(fill("suite-end"))
    lines.append(fill("end"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_html(path: Path, summary: Summary, results: list[PageResult]) -> None:
    fill = _html
    out = []
    ok = summary["violations"] == 0
    verdict = ("未发现违规。" if ok else f"发现 {summary['violations']} 处违规，"
               f"涉及 {summary['pages_with_violations']} 个页面（按呈现方式分别计）。")
    out.append(fill("verdict", status="ok" if ok else "bad", text=verdict))
    rows = [
        ("网站目录", summary["site_dir"]),
        ("页面", f"审查了 {summary['pages_audited']} 个页面，网站共 {summary['pages_total']} 个页面"),
        ("选取方式", summary["selection_text"]),
        ("呈现方式", "、".join(f"{MODES[m]['label']}（{m}）" for m in summary["modes"])),
        (
            "标准",
            "WCAG 2.2 AA（涵盖 GB/T 37668-2019），axe-core " + summary["axe_version"] + "，标签 " + " ".join(TAGS),
        ),
        (
            "用时",
            f"共 {summary['wall_seconds']} 秒（{summary['jobs']} 个浏览器并行），每页每种呈现方式平均 "
            f"{summary['seconds_per_page_and_mode']} 秒",
        ),
    ]
    out.append(fill("overview", {"rows": "\n".join(fill("overview-row", name=k, value=v) for k, v in rows)}))
    for key, heading, caption in (("violations_by_rule", "按规则统计的违规", "违规（审查不通过）"),
                                  ("advice_by_rule", "改进建议（best-practice，不影响通过）", "建议")):
        if summary[key]:
            counts = "\n".join(fill("rule-row", rule=rule, count=n) for rule, n in summary[key].items())
            out.append(fill("rules", {"rows": counts}, heading=heading, caption=caption))
    out.append(fill("pages-heading"))
    for r in results:
        status = fill("page-failed", count=len(r.violations)) if r.violations else fill("page-passed")
        out.append(fill("page", {"status": status}, path=r.path, mode=MODES[r.mode]["label"], url=r.url,
                        title=r.title, seconds=r.seconds))
        for f in r.findings:
            advice = f.level != "violation"
            out.append(fill(
                "finding",
                {
                    "advice": fill("finding-advice") if advice else "",
                    "impact": fill("finding-impact", impact=f.impact) if f.impact else "",
                    "count": fill("finding-count", count=len(f.nodes)) if f.nodes else "",
                    "help": fill("finding-help", url=f.help_url) if f.help_url else "",
                },
                kind="建议" if advice else "违规", rule=f.rule, summary=f.summary,
            ))
            for n in f.nodes[:20]:
                pres = {k: fill("node-pre", text=n[k]) if n[k] else "" for k in ("html", "detail")}
                out.append(fill("node", pres, target=n["target"]))
            out.append(fill("finding-end"))
        if r.notes:
            out.append(fill("notes", notes="；".join(r.notes)))
        out.append(fill("page-end"))
    page = Template(_read("report.html")).substitute(css=_read("report.css"), body="\n".join(out))
    path.write_text(page, encoding="utf-8")
