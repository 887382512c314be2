"""The official layout of tables 二 三 四 (rows, spans, header ids and scopes), rendered by
overrides/gongkai/annual-report.html: the hooks hand the template table_layout(report, n)."""

from __future__ import annotations

from dataclasses import dataclass

from .formats import (
    APPLICANTS,
    CHECK_A_NOTE,
    ORG,
    PART_TITLES,
    REVIEW,
    SUIT,
    T4_GROUPS,
    T4_RESULTS,
    TABLE2,
    TABLE2_COLUMNS,
    TABLE3,
    TOTAL,
)
from .model import AnnualReport, show


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool = False
    id: str = ""
    scope: str = ""  # col | colgroup | row | rowgroup
    colspan: int = 1
    rowspan: int = 1
    headers: str = ""  # data cells: the ids of every header that applies
    cls: str = ""


@dataclass(frozen=True)
class TableLayout:
    id: str
    caption: str
    colgroups: tuple[int, ...]
    head: tuple[tuple[Cell, ...], ...]
    bodies: tuple[tuple[tuple[Cell, ...], ...], ...]
    title: str  # the part's heading
    note: str = ""


def _layout2(report: AnnualReport) -> TableLayout:
    bodies = []
    for bi, block in enumerate(TABLE2[report.format]):
        bid = f"gk-t2-b{bi + 1}"
        spans = [1] * len(block.columns)
        spans[-1] = TABLE2_COLUMNS - len(block.columns)
        rows = [
            (Cell(block.label.text, True, bid, "rowgroup", colspan=TABLE2_COLUMNS, cls="gk-report-block"),),
            (
                Cell("信息内容", True, f"{bid}-h", "col"),
                *(
                    Cell(c.text, True, f"{bid}-c{ci + 1}", "col", colspan=spans[ci])
                    for ci, c in enumerate(block.columns)
                ),
            ),
        ]
        for ri, row in enumerate(block.rows):
            rid = f"{bid}-r{ri + 1}"
            values = report.table2.get((bi, ri), [None] * len(block.columns))
            rows.append((Cell(row.text, True, rid, "row"),
                         *(Cell(show(v), headers=f"{bid} {bid}-c{ci + 1} {rid}", colspan=spans[ci], cls="gk-num")
                           for ci, v in enumerate(values))))
        bodies.append(tuple(rows))
    return TableLayout("gk-t2", f"{report.year}年主动公开政府信息情况", (1, TABLE2_COLUMNS - 1), (), tuple(bodies),
                       PART_TITLES[1], report.note(2))


def _layout3(report: AnnualReport) -> TableLayout:
    cols = [f"gk-t3-c{c + 1}" for c in range(7)]
    col_headers = [" ".join(["gk-t3-applicants", *(["gk-t3-org"] if 0 < c < 6 else []), cols[c]]) for c in range(7)]
    head = (
        (Cell(CHECK_A_NOTE, rowspan=3, colspan=3, cls="gk-report-corner"),
         Cell("申请人情况", True, "gk-t3-applicants", "colgroup", colspan=7)),
        (Cell(APPLICANTS[0].text, True, cols[0], "col", rowspan=2),
         Cell(ORG, True, "gk-t3-org", "colgroup", colspan=5),
         Cell(TOTAL.text, True, cols[6], "col", rowspan=2)),
        tuple(Cell(APPLICANTS[c].text, True, cols[c], "col") for c in range(1, 6)),
    )

    def data(code: str, row_headers: str) -> tuple[Cell, ...]:
        values = report.table3.get(code, [None] * 7)
        return tuple(Cell(show(values[c]), headers=f"{col_headers[c]} {row_headers}", cls="gk-num") for c in range(7))

    def rid(code: str) -> str:
        return "gk-t3-r" + code.replace(".", "-")

    tops = {r.code: r for r in TABLE3[report.format]}
    first = tuple((Cell(tops[c].label.text, True, rid(c), "row", colspan=3), *data(c, rid(c))) for c in ("1", "2"))
    done = tops["3"]
    middle: list[tuple[Cell, ...]] = []
    height = sum(max(1, len(child.children)) for child in done.children)
    for child in done.children:
        lead = [Cell(done.label.text, True, rid("3"), "rowgroup", rowspan=height)] if not middle else []
        if not child.children:
            cls = "gk-report-total" if child.total else ""
            middle.append((*lead, Cell(child.label.text, True, rid(child.code), "row", colspan=2, cls=cls),
                           *data(child.code, f"{rid('3')} {rid(child.code)}")))
            continue
        for i, sub in enumerate(child.children):
            group = (
                [Cell(child.label.text, True, rid(child.code), "row", rowspan=len(child.children))] if i == 0 else []
            )
            middle.append((*(lead if i == 0 else []), *group, Cell(sub.label.text, True, rid(sub.code), "row"),
                           *data(sub.code, f"{rid('3')} {rid(child.code)} {rid(sub.code)}")))
    last = ((Cell(tops["4"].label.text, True, rid("4"), "row", colspan=3), *data("4", rid("4"))),)
    return TableLayout("gk-t3", f"{report.year}年收到和处理政府信息公开申请情况（单位：件）", (3, 1, 5, 1), head,
                       (first, tuple(middle), last), PART_TITLES[2], report.note(3))


def _layout4(report: AnnualReport) -> TableLayout:
    gid = [f"gk-t4-g{g + 1}" for g in range(3)]
    names = [*(r.text for r in T4_RESULTS), TOTAL.text]
    head = (
        (Cell(REVIEW, True, gid[0], "colgroup", colspan=5), Cell(SUIT, True, "gk-t4-suit", "colgroup", colspan=10)),
        (*(Cell(n, True, f"{gid[0]}-c{i + 1}", "col", rowspan=2) for i, n in enumerate(names)),
         Cell(T4_GROUPS[1].text, True, gid[1], "colgroup", colspan=5),
         Cell(T4_GROUPS[2].text, True, gid[2], "colgroup", colspan=5)),
        tuple(Cell(n, True, f"{gid[g]}-c{i + 1}", "col") for g in (1, 2) for i, n in enumerate(names)),
    )
    cells = []
    for g in range(3):
        values = report.table4[g] if report.table4 else [None] * 5
        for i in range(5):
            headers = " ".join([*(["gk-t4-suit"] if g else []), gid[g], f"{gid[g]}-c{i + 1}"])
            cells.append(Cell(show(values[i]), headers=headers, cls="gk-num" + (" gk-report-total" if i == 4 else "")))
    return TableLayout("gk-t4", f"{report.year}年政府信息公开行政复议、行政诉讼情况（单位：件）", (5, 5, 5), head,
                       ((tuple(cells),),), PART_TITLES[3])


def table_layout(report: AnnualReport, table: int) -> TableLayout:
    """Table 二, 三 or 四 (``table``) of ``report`` in the official layout."""
    return {2: _layout2, 3: _layout3, 4: _layout4}[table](report)
