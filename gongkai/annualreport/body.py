"""The body of an annual report in a national format: the six parts in order (checked here), and
the page's Markdown arranged from them with a marker where each of tables 二 三 四 goes. Checking
never rewrites the body: the page (hooks/gongkai_hooks.py, the search records, the HTML checks) asks
page_markdown, and place_tables puts the rendered tables at the markers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from ..core import drafts
from ..core.column import Column
from ..core.problems import Problems
from ..core.structure import Document
from .formats import PART_TITLES, TEXT_PARTS
from .model import AnnualReport

TABLE_MARKER = "<!--gongkai:annual-report-table-{n}-->"
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_PART_NUMBER = re.compile(r"^([一二三四五六七八九十]+)、")
_NUMERALS = "一二三四五六七八九十"
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def check_parts(doc: Document, problems: Problems) -> dict[int, int]:
    """Check the part headings of a tabled report: part number -> index of its heading's line in
    the body. The body is left as written; page_markdown arranges the page from these places.

    Parts 一 五 六 are the webmaster's text (## headings with the official titles); the headings of
    二 三 四 may be written (with an introduction) or left out, in which case the page adds them.
    """
    lines = doc.body.split("\n")
    heads: dict[int, int] = {}  # part number -> index of its heading line
    last, fenced = 0, False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if not match:
            continue
        level, text = len(match[1]), match[2].strip()
        number = _PART_NUMBER.match(text)
        if not number or len(number[1]) != 1 or number[1] not in _NUMERALS[:6]:
            if number:
                _body_error(
                    doc,
                    problems,
                    i,
                    "年度报告只有六个部分（一至六）",
                    "把这一节并入相应部分，用三级标题 ### 或（一）（二）编号",
                    text,
                )
            continue
        n = _NUMERALS.index(number[1]) + 1
        if level != 2:
            _body_error(doc, problems, i, "年度报告六个部分的标题应为二级标题", f"写成 ## {PART_TITLES[n - 1]}", text)
            continue
        if _squash(text) != _squash(PART_TITLES[n - 1]):
            _body_error(doc, problems, i, f"第{number[1]}部分的标题应为“{PART_TITLES[n - 1]}”（全国统一格式）",
                        f"改为 ## {PART_TITLES[n - 1]}", text)
        if n in heads:
            _body_error(doc, problems, i, f"第{number[1]}部分的标题出现了两次", "删除或合并重复的部分", text)
            continue
        if n < last:
            _body_error(
                doc,
                problems,
                i,
                f"第{number[1]}部分应排在第{_NUMERALS[last - 1]}部分之前",
                "按一至六的顺序排列各部分",
                text,
            )
        heads[n] = i
        last = max(last, n)
    order = sorted(heads, key=lambda n: heads[n])
    for n in TEXT_PARTS:
        if n not in heads:
            problems.error(
                doc.src,
                f"正文缺少“{PART_TITLES[n - 1]}”部分",
                f"在正文中写 ## {PART_TITLES[n - 1]}，其下写这一部分的内容",
                line=doc.body_line,
            )
            continue
        nxt = [heads[m] for m in order if heads[m] > heads[n]]
        section = lines[heads[n] + 1:(min(nxt) if nxt else len(lines))]
        if not "".join(section).strip():
            _body_error(
                doc,
                problems,
                heads[n],
                f"“{PART_TITLES[n - 1]}”部分没有内容",
                "写明这一部分的内容；没有需要报告的事项时写明“无”",
                PART_TITLES[n - 1],
            )
        elif drafts.PENDING in "".join(section):
            drafts.pending(doc, problems, doc.body_line + heads[n], f"正文“{PART_TITLES[n - 1]}”部分",
                           "写明这一部分的内容，删除“待填写”")
    return heads


def arranged_body(body: str, parts: dict[int, int]) -> str:
    """A tabled report's body as its page shows it: the parts 一 to 六 in order (``parts`` as
    check_parts found them), a table marker where each of 二 三 四 goes, their headings added
    when left out. place_tables puts the tables at the markers once the Markdown is HTML."""
    lines = body.split("\n")
    starts = sorted(parts.values())
    out = lines[: starts[0]] if starts else list(lines)
    for n in range(1, 7):
        if n in parts:
            begin = parts[n]
            after = [s for s in starts if s > begin]
            out += lines[begin:(after[0] if after else len(lines))]
        if n in (2, 3, 4):
            if n not in parts:
                out += ["", f"## {PART_TITLES[n - 1]}"]
            out += ["", TABLE_MARKER.format(n=n), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def page_markdown(doc: Document, column: Column) -> str:
    """The Markdown of ``doc``'s page (what the build renders, searches and checks as HTML): a
    tabled report's arranged_body, any other document's body as written."""
    report = column.reports.get(doc.src)
    if isinstance(report, AnnualReport) and report.has_tables:
        return arranged_body(doc.body, report.parts)
    return doc.body


def _body_error(doc: Document, problems: Problems, index: int, message: str, fix: str, value: str) -> None:
    problems.error(doc.src, message, fix, line=doc.body_line + index, value=value)


def place_tables(html: str, render: Callable[[int], str]) -> str:
    """Put ``render(n)`` (the HTML of table n) at the marker arranged_body left (else at the end)."""
    for n in (2, 3, 4):
        marker = TABLE_MARKER.format(n=n)
        table = render(n)
        html = html.replace(marker, table, 1) if marker in html else html + table
    return html
