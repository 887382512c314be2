"""A new report as a draft (``gongkai new annual-reports``) and table 二（一） computed from the
column (``gongkai report-figures``), in the 2021 national format."""

from __future__ import annotations

import datetime as dt
import json

from ..core import drafts, vocab
from ..core.column import Column
from ..core.dates import format_day
from .checks import column_figures
from .formats import (
    AMOUNT,
    APPLICANTS,
    FORMAT_2021,
    FORMAT_NAMES,
    PART,
    PART_TITLES,
    SUIT,
    T4_GROUPS,
    T4_RESULTS,
    TABLE2,
    TABLE3,
    Row,
)
from .model import AnnualReport, show


def figures_yaml(column: Column, year: int) -> str:
    """The YAML of table 二（一） computed from the column, to paste into the report (report-figures)."""
    out = [
        f"# {column.site.name}：表二 第二十条第（一）项，按本栏目中的文件计算",
        *_figures_notes(year),
        f"# 复制到 content/{PART}/{year}.md 的元数据中（替换“主动公开政府信息情况”下的同名一项）",
        f"{vocab.REPORT_FIELDS[1].label}:",
        *_in_force_block(column, year),
    ]
    return "\n".join(out) + "\n"


def _figures_notes(year: int) -> list[str]:
    return [
        f"# 本年制发：{year}年发布；本年废止：{year}年废止；现行有效：截至{format_day(dt.date(year, 12, 31))}有效、"
        "已修改或尚未生效"
    ]


def _in_force_block(column: Column, year: int) -> list[str]:
    """第二十条第（一）项 with its two rows as computed, then one comment line per document counted."""
    figures = column_figures(column, year)
    block = TABLE2[FORMAT_2021][0]
    names = [c.text for c in block.columns]
    out = [f"  {block.label.text}:"]
    for doc_type in ("规章", "行政规范性文件"):
        counts = figures.counts(doc_type)
        out.append(f"    {doc_type}: {{" + ", ".join(f"{n}: {v}" for n, v in zip(names, counts, strict=True)) + "}")
    for doc_type in ("规章", "行政规范性文件"):
        for name, docs in zip(names, figures.documents[doc_type], strict=True):
            for doc in docs:
                out.append(f"# {doc_type}·{name}：{doc.src}（{doc.doc_no or doc.title}）")
    return out


def planned_day(year: int, day: dt.date) -> dt.date:
    """The publishing day a new report on ``year`` is drafted for: the build day once the year is
    over, else the first weekday of January (the webmaster sets the real day when publishing)."""
    if day.year > year:
        return day
    first = dt.date(year + 1, 1, 2)  # 1 January is a public holiday
    while first.weekday() >= 5:
        first += dt.timedelta(days=1)
    return first


def draft_text(column: Column, year: int, index_no: str, published: dt.date) -> str:
    """A whole report on ``year`` in the 2021 national format, as a draft (draft: true): the six
    parts, the three tables with every row, 表二（一） computed from the column, 上年结转 copied
    from last year's 结转下年度; everything only a person knows reads “待填写”."""
    pending = drafts.PENDING
    site = column.site
    title = f"{site.name}{year}年政府信息公开工作年度报告"
    last = next((r for r in column.reports.values() if isinstance(r, AnnualReport) and r.year == year - 1), None)
    carried = last.table3.get("4") if last is not None and last.ok and last.table3 else None
    topic = "综合政务\\政务公开"
    out = [
        "---",
        f"title: {_quoted(title)}",
        f"index_no: {index_no}",
        f"published: {published.isoformat()}  # 计划发布日期，发布时改为实际日期",
        "draft: true  # 草稿：已检查，不发布；全部“待填写”填完、到发布日后删除这一行",
        *([f"topic: {topic}"] if topic in site.topics else []),
        f"summary: 报告{year}年本机关主动公开政府信息、收到和处理政府信息公开申请、"
        "政府信息公开行政复议和行政诉讼等情况。",
        f"# 三张表按{FORMAT_NAMES[FORMAT_2021]}填写（说明见 docs/annual-reports.md）。",
        f"# “{pending}”处由人填写：没有数据的填 0；总计行和总计列不填，由 gongkai 计算。",
        f"{vocab.REPORT_FIELDS[1].label}:",
        f"  # 第二十条第（一）项按本栏目中的文件计算（python -m gongkai report-figures {year}）；"
        "年度结束后重新运行核对",
        *("  " + line if line.startswith("#") else line for line in _in_force_block(column, year)),
    ]
    for block in TABLE2[FORMAT_2021][1:]:
        out.append(f"  {block.label.text}:")
        unit = "，可以有小数" if block.columns[0].kind == AMOUNT else ""
        out += [f"    {row.text}: {pending}  # {block.columns[0].text}{unit}" for row in block.rows]
    out += [
        f"{vocab.REPORT_FIELDS[2].label}:",
        "  # 每行 6 个数，依次为：" + ", ".join(a.text for a in APPLICANTS) + "；一行全是 0 时写 0",
    ]
    for top in TABLE3[FORMAT_2021]:
        out += _draft_rows(top, 1, carried)
    out += [
        f"{vocab.REPORT_FIELDS[3].label}:",
        "  # 每栏 4 个数，依次为：" + ", ".join(r.text for r in T4_RESULTS) + "；全是 0 时写 0",
        f"  {T4_GROUPS[0].text}: {pending}",
        f"  {SUIT}:",
        *(f"    {group.text}: {pending}" for group in T4_GROUPS[1:]),
        "---",
        "",
        f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "",
        f"## {PART_TITLES[0]}",
        "",
    ]
    for heading in ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）平台建设", "（五）监督保障"):
        out += [f"### {heading}", "", f"（{pending}）", ""]
    for title in PART_TITLES[1:4]:  # the tables of the front matter are shown under these headings
        out += [f"## {title}", ""]
    out += [
        f"## {PART_TITLES[4]}",
        "",
        f"（{pending}：上年度问题的整改情况，本年度存在的主要问题和改进措施）",
        "",
        f"## {PART_TITLES[5]}",
        "",
        f"（{pending}：信息处理费收取情况，人大代表建议和政协提案办理情况，年度政务公开工作要点落实情况；没有时写“无”）",
    ]
    return "\n".join(out) + "\n"


def _draft_rows(row: Row, depth: int, carried: list[int] | None) -> list[str]:
    indent = "  " * depth
    if row.total:
        return []  # （七）总计: computed
    if row.children:
        return [f"{indent}{row.label.text}:"] + [
            line for child in row.children for line in _draft_rows(child, depth + 1, carried)
        ]
    if row.code == "2" and carried is not None:  # 上年结转 = last year's 结转下年度 (a warning checks it)
        return [
            f"{indent}{row.label.text}: [{', '.join(show(v) for v in carried[:6])}]  "
            "# 照抄上年报告“四、结转下年度继续办理”"
        ]
    return [f"{indent}{row.label.text}: {drafts.PENDING}"]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a name may hold ": " or "#"
