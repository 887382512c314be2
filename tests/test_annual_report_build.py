"""Annual reports in the built site: the six parts in order, the three tables in the official layout
(header structure checked in the HTML), the list page, broken copies that stop the strict build, the
2019 trial format, and the report page in Chromium (320 px, A4 print, the accessibility audit)."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import assert_broken_build, copy_project, mkdocs_build
from gongkai.annualreport.formats import PART_TITLES

REPORT = "annual-reports/2024"
PAGE_2025 = "annual-reports/2025"


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


class Tables(HTMLParser):
    """Every table of a page: class, caption, and its rows of cells (tag, attributes, text)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables, self.table, self.section, self.row, self.cell, self.caption = [], None, None, None, None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.table = {"class": a.get("class", ""), "caption": "", "caption_id": "", "rows": [], "colgroups": []}
            self.tables.append(self.table)
        elif self.table is None:
            return
        elif tag == "caption":
            self.caption, self.table["caption_id"] = True, a.get("id", "")
        elif tag == "colgroup":
            self.table["colgroups"].append(int(a.get("span", 1)))
        elif tag in ("thead", "tbody"):
            self.section = tag
        elif tag == "tr":
            self.row = {"section": self.section, "cells": []}
            self.table["rows"].append(self.row)
        elif tag in ("th", "td"):
            self.cell = {"tag": tag, "text": "", **a}
            self.row["cells"].append(self.cell)

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.cell = None
        elif tag == "caption":
            self.caption = False
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        elif self.caption:
            self.table["caption"] += data

    def by_class(self, name: str) -> dict:
        [table] = [t for t in self.tables if name in t["class"].split()]
        return table


def grid(table: dict) -> list[list[dict]]:
    taken = {}
    for y, row in enumerate(table["rows"]):
        x = 0
        for cell in row["cells"]:
            while (y, x) in taken:
                x += 1
            for dy in range(int(cell.get("rowspan", 1))):
                for dx in range(int(cell.get("colspan", 1))):
                    assert (y + dy, x + dx) not in taken, "cells overlap"
                    taken[(y + dy, x + dx)] = cell
            x += int(cell.get("colspan", 1))
    width = max(x for _, x in taken) + 1
    return [[taken.get((y, x)) for x in range(width)] for y in range(len(table["rows"]))]


def header(table: dict, text: str) -> dict:
    [cell] = [c for r in table["rows"] for c in r["cells"] if c["tag"] == "th" and c["text"] == text]
    return cell


def spans(cell: dict) -> tuple:
    return cell.get("scope"), int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))


def check_well_formed(table: dict, width: int) -> None:
    """A rectangle; every th has a scope and an id; every data cell names existing headers of its table."""
    cells = grid(table)
    assert all(len(row) == width and None not in row for row in cells)
    assert sum(table["colgroups"]) == width
    ids = {c["id"] for r in table["rows"] for c in r["cells"] if c["tag"] == "th"}
    for row in table["rows"]:
        for c in row["cells"]:
            if c["tag"] == "th":
                assert c.get("scope") in ("col", "colgroup", "row", "rowgroup"), c
            elif row["section"] == "tbody":
                assert c.get("headers") and set(c["headers"].split()) <= ids, c


# --- the sample's report pages


def test_six_parts_in_order_with_the_tables_where_parts_two_three_four_are(built_site):
    html = read(built_site, REPORT)
    headings = re.findall(r"<h2 id=\"[^\"]*\">([^<]+)</h2>", html)
    assert headings == list(PART_TITLES)
    places = [html.index(f">{title}</h2>") for title in PART_TITLES]
    tables = [html.index(f'<table class="gk-report-table gk-t{n}">') for n in (2, 3, 4)]
    assert places[0] < places[1] < tables[0] < places[2] < tables[1] < places[3] < tables[2] < places[4] < places[5]
    assert "gongkai:annual-report-table" not in html  # every marker replaced


@pytest.mark.parametrize("n, caption", [
    (2, "2024年主动公开政府信息情况"),
    (3, "2024年收到和处理政府信息公开申请情况（单位：件）"),
    (4, "2024年政府信息公开行政复议、行政诉讼情况（单位：件）"),
])
def test_each_table_is_captioned_in_a_named_focusable_scrolling_region(built_site, n, caption):
    html = read(built_site, REPORT)
    region = (
        f'<div class="gk-table-wrap gk-report-wrap" role="region" aria-labelledby="gk-t{n}-caption" tabindex="0">\n'
        f'<table class="gk-report-table gk-t{n}">\n<caption id="gk-t{n}-caption">{caption}</caption>'
    )
    assert region in html


def test_table_three_in_the_official_layout(built_site):
    table = Tables(read(built_site, REPORT)).by_class("gk-t3")
    check_well_formed(table, 10)
    head = [r for r in table["rows"] if r["section"] == "thead"]
    assert len(head) == 3
    corner = head[0]["cells"][0]
    assert (corner["tag"], corner["colspan"], corner["rowspan"]) == ("td", "3", "3")
    assert corner["text"] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert spans(header(table, "申请人情况")) == ("colgroup", 7, 1)
    assert spans(header(table, "自然人")) == ("col", 1, 2)
    assert spans(header(table, "法人或其他组织")) == ("colgroup", 5, 1)
    assert spans(header(table, "总计")) == ("col", 1, 2)
    assert [c["text"] for c in head[2]["cells"]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert spans(header(table, "一、本年新收政府信息公开申请数量")) == ("row", 3, 1)
    assert spans(header(table, "三、本年度办理结果")) == ("rowgroup", 1, 22)
    assert spans(header(table, "（一）予以公开")) == ("row", 2, 1)
    assert spans(header(table, "（三）不予公开")) == ("row", 1, 8)
    assert spans(header(table, "（四）无法提供")) == ("row", 1, 3)
    assert spans(header(table, "（五）不予处理")) == ("row", 1, 5)
    assert spans(header(table, "（六）其他处理")) == ("row", 1, 3)
    assert spans(header(table, "（七）总计")) == ("row", 2, 1)
    assert spans(header(table, "3.危及“三安全一稳定”")) == ("row", 1, 1)
    body = [r for r in table["rows"] if r["section"] == "tbody"]
    assert len(body) == 25
    # a data cell names its column, its applicant group and every row header it sits under
    cell = body[4]["cells"][-6]  # （三）1.属于国家秘密, 商业企业
    assert cell["headers"].split() == [
        "gk-t3-applicants",
        "gk-t3-org",
        "gk-t3-c2",
        "gk-t3-r3",
        "gk-t3-r3-3",
        "gk-t3-r3-3-1",
    ]
    assert [c["text"] for c in body[-1]["cells"][1:]] == ["3", "0", "0", "0", "0", "0", "3"]


def test_table_four_in_the_official_layout(built_site):
    table = Tables(read(built_site, REPORT)).by_class("gk-t4")
    check_well_formed(table, 15)
    assert spans(header(table, "行政复议")) == ("colgroup", 5, 1)
    assert spans(header(table, "行政诉讼")) == ("colgroup", 10, 1)
    assert spans(header(table, "未经复议直接起诉")) == ("colgroup", 5, 1)
    assert spans(header(table, "复议后起诉")) == ("colgroup", 5, 1)
    head = [r for r in table["rows"] if r["section"] == "thead"]
    assert [(c["text"], c.get("rowspan")) for c in head[1]["cells"][:5]] == [
        (t, "2") for t in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")]
    assert [c["text"] for c in head[2]["cells"]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    [row] = [r for r in table["rows"] if r["section"] == "tbody"]
    assert [c["text"] for c in row["cells"]] == [
        "2",
        "0",
        "1",
        "1",
        "4",
        "1",
        "0",
        "0",
        "1",
        "2",
        "1",
        "0",
        "0",
        "0",
        "1",
    ]
    assert row["cells"][7]["headers"].split() == ["gk-t4-suit", "gk-t4-g2", "gk-t4-g2-c3"]


def test_table_two_in_the_official_layout(built_site):
    table = Tables(read(built_site, REPORT)).by_class("gk-t2")
    check_well_formed(table, 4)
    blocks = [r["cells"][0] for r in table["rows"] if r["cells"][0].get("scope") == "rowgroup"]
    assert [(c["text"], c["colspan"]) for c in blocks] == [
        (b, "4") for b in ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项")]
    assert [c["text"] for c in table["rows"][1]["cells"]] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert spans(header(table, "本年收费金额（单位：万元）")) == ("col", 3, 1)
    regs = next(r for r in table["rows"] if r["cells"][0]["text"] == "行政规范性文件")
    assert [c["text"] for c in regs["cells"][1:]] == ["2", "0", "7"]


def test_totals_left_out_are_printed_as_computed(built_site):
    table = Tables(read(built_site, PAGE_2025)).by_class("gk-t3")
    rows = {
        [c for c in r["cells"] if c["tag"] == "th"][-1]["text"]: r for r in table["rows"] if r["section"] == "tbody"
    }
    assert rows["一、本年新收政府信息公开申请数量"]["cells"][-1]["text"] == "68"
    assert [c["text"] for c in rows["（七）总计"]["cells"][-7:]] == ["59", "5", "1", "1", "2", "1", "69"]
    four = Tables(read(built_site, PAGE_2025)).by_class("gk-t4")
    assert [c["text"] for c in four["rows"][-1]["cells"]][:5] == ["3", "0", "0", "1", "4"]


def test_list_page_has_every_report_newest_first_with_its_date(built_site):
    html = read(built_site, "annual-reports")
    rows = re.findall(
        r'<tr><td class="gk-col-title"><a href="[^"]+">[^<]*?(\d{4})年政府信息公开工作年度报告</a></td>'
        r'<td[^>]*>[^<]*</td><td class="gk-date" data-label="发布日期">(\d{4})年(\d{2})月(\d{2})日</td>',
        html,
    )
    assert [r[0] for r in rows] == ["2025", "2024", "2023", "2022", "2018", "2017"]
    assert [r[1:] for r in rows] == sorted((r[1:] for r in rows), reverse=True)
    assert ">发布日期</th>" in html


def test_print_stylesheet_only_on_annual_report_pages(built_site):
    link = 'href="../../assets/stylesheets/annual-report.css"'
    assert link in read(built_site, REPORT)
    assert 'assets/stylesheets/annual-report.css"' in read(built_site, "annual-reports")
    assert "annual-report.css" not in read(built_site, "guide")
    css = (built_site / "assets/stylesheets/annual-report.css").read_text(encoding="utf-8")
    assert re.search(r"@media print\s*\{\s*@page\s*\{\s*size:\s*A4", css)


def test_free_text_reports_are_unchanged(built_site):
    html = read(built_site, "annual-reports/2017")
    assert "gk-report-table" not in html and 'class="gk-body"' in html
    assert ">七、其他需要报告的事项</h2>" in html


# --- broken copies stop the strict build


def _edit(rel: str, *pairs: str):
    def change(content: Path):
        path = content / rel
        text = path.read_text(encoding="utf-8")
        for old, new in zip(pairs[::2], pairs[1::2], strict=True):
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return change


def _delete(rel: str):
    return lambda content: (content / rel).unlink()


BREAKAGES = {
    "total-does-not-add-up": (
        _edit("annual-reports/2024.md", "（七）总计: [64, 7, 0, 2, 3, 0, 76]", "（七）总计: [64, 7, 0, 2, 3, 0, 75]"),
        [
            "错误 annual-reports/2024.md:",
            "表三“（七）总计”行“总计”列：填写为 75，但（一）至（六）各项之和为 76",
            "一、本年新收（77）＋二、上年结转（2）＝79",
            "（七）总计（75）＋四、结转下年度继续办理（3）＝78",
        ],
    ),
    "row-label-typo": (
        _edit("annual-reports/2024.md", "5.属于三类内部事务信息:", "5.属于三类内部事物信息:"),
        ["annual-reports/2024.md", "官方表格中没有这一行", "是否想写“5.属于三类内部事务信息”"],
    ),
    "negative-count": (
        _edit("annual-reports/2024.md", "    行政处罚: 0\n", "    行政处罚: -2\n"),
        ["annual-reports/2024.md", "主动公开政府信息情况 › 第二十条第（六）项 › 行政处罚", "值“-2”", "不能为负数"],
    ),
    "trial-format-in-2024": (
        _edit(
            "annual-reports/2024.md",
            "    行政许可: 0\n",
            "    行政许可: {上一年项目数量: 3, 本年增/减: 0, 处理决定数量: 0}\n",
        ),
        ["annual-reports/2024.md", "列“上一年项目数量”属于国办公开办函〔2019〕60号"],
    ),
    "carried-over-differs": (
        _edit(
            "annual-reports/2025.md",
            "二、上年结转政府信息公开申请数量: [3, 0, 0, 0, 0, 0]",
            "二、上年结转政府信息公开申请数量: [2, 1, 0, 0, 0, 0]",  # 一 changed too: the 勾稽关系 still holds
            "一、本年新收政府信息公开申请数量: [58, 5,",
            "一、本年新收政府信息公开申请数量: [59, 4,",
        ),
        ["警告 annual-reports/2025.md", "上年结转", "商业企业列本年 1、上年 0", "需要核对", "严格模式"],
    ),
    "column-differs": (
        _edit("annual-reports/2024.md", "现行有效件数: 7}", "现行有效件数: 8}"),
        ["警告 annual-reports/2024.md", "“现行有效件数”报告填写 8，本栏目按文件计算为 7", "需要核对"],
    ),
    "report-missing": (
        _delete("annual-reports/2025.md"),
        ["警告 annual-reports/2025.md", "缺少2025年政府信息公开工作年度报告", "应于2026年01月31日前发布"],
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_report_stops_the_strict_build(tmp_path, name):
    assert_broken_build(tmp_path, *BREAKAGES[name])


# --- the 2019 trial format, on a report for 2020 added to the sample

TRIAL = """---
title: 示例市人民政府办公室2020年政府信息公开工作年度报告
published: 2021-01-22
主动公开政府信息情况:
  第二十条第（一）项:
    规章: {本年新制作数量: 0, 本年新公开数量: 1, 对外公开总数量: 1}
    规范性文件: {本年新制作数量: 2, 本年新公开数量: 2, 对外公开总数量: 4}
  第二十条第（五）项:
    行政许可: {上一年项目数量: 0, 本年增/减: 0, 处理决定数量: 0}
    其他对外管理服务事项: {上一年项目数量: 3, 本年增/减: -2, 处理决定数量: 7}
  第二十条第（六）项:
    行政处罚: [0, 0, 0]
    行政强制: [0, 0, 0]
  第二十条第（八）项:
    行政事业性收费: {上一年项目数量: 0, 本年增/减: 0}
  第二十条第（九）项:
    政府集中采购: {采购项目数量: 6, 采购总金额: 312.75}
收到和处理政府信息公开申请情况:
  一、本年新收政府信息公开申请数量: [30, 3, 0, 0, 1, 0]
  二、上年结转政府信息公开申请数量: 0
  三、本年度办理结果:
    （一）予以公开: [12, 1, 0, 0, 1, 0]
    （二）部分公开: [3, 0, 0, 0, 0, 0]
    （三）不予公开: {4.保护第三方合法权益: [1, 1, 0, 0, 0, 0], 1.属于国家秘密: 0, 2.其他法律行政法规禁止公开: 0,
      3.危及“三安全一稳定”: 0, 5.属于三类内部事务信息: 0, 6.属于四类过程性信息: 0,
      7.属于行政执法案卷: 0, 8.属于行政查询事项: 0}
    （四）无法提供: {1.本机关不掌握相关政府信息: [9, 1, 0, 0, 0, 0], 2.没有现成信息需要另行制作: 0,
      3.补正后申请内容仍不明确: 0}
    （五）不予处理: {1.信访举报投诉类申请: [2, 0, 0, 0, 0, 0], 2.重复申请: 0, 3.要求提供公开出版物: 0,
      4.无正当理由大量反复申请: 0, 5.要求行政机关确认或重新出具已获取信息: 0}
    （六）其他处理: [1, 0, 0, 0, 0, 0]
  四、结转下年度继续办理: [2, 0, 0, 0, 0, 0]
政府信息公开行政复议、行政诉讼情况:
  行政复议: [1, 0, 0, 0]
  行政诉讼: 0
核对说明:
  上年结转: 2019年度报告未单列结转数量。
---

## 一、总体情况

2020年的总体情况。

## 五、存在的主要问题及改进情况

问题和改进。

## 六、其他需要报告的事项

无。
"""


@pytest.fixture(scope="module")
def trial_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("trial")
    project = copy_project(base / "project")
    (project / "content/annual-reports/2020.md").write_text(TRIAL, encoding="utf-8")
    result = mkdocs_build(project, base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"


def test_trial_format_page(trial_site):
    html = read(trial_site, "annual-reports/2020")
    assert 'class="gk-body gk-report gk-report--2019"' in html
    pages = Tables(html)
    two = pages.by_class("gk-t2")
    check_well_formed(two, 4)
    assert spans(header(two, "第二十条第（九）项")) == ("rowgroup", 4, 1)
    heads = [
        [(c["text"], int(c.get("colspan", 1))) for c in r["cells"]]
        for r in two["rows"]
        if r["cells"][0]["text"] == "信息内容"
    ]
    assert heads[1] == [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)]
    assert heads[3] == [("信息内容", 1), ("上一年项目数量", 1), ("本年增/减", 2)]  # the last column fills the row
    assert heads[4] == [("信息内容", 1), ("采购项目数量", 1), ("采购总金额", 2)]
    other = next(r for r in two["rows"] if r["cells"][0]["text"] == "其他对外管理服务事项")
    assert [c["text"] for c in other["cells"][1:]] == ["3", "-2", "7"]
    three = pages.by_class("gk-t3")
    check_well_formed(three, 10)
    assert spans(header(three, "三、本年度办理结果")) == ("rowgroup", 1, 20)
    assert spans(header(three, "（六）其他处理")) == ("row", 2, 1)  # one row in the trial format
    assert len([r for r in three["rows"] if r["section"] == "tbody"]) == 23
    # a 核对说明 for the public is printed under its table
    assert html.index("</table>", html.index('class="gk-report-table gk-t3"')) < html.index(
        '<p class="gk-report-note">注：2019年度报告未单列结转数量。</p>') < html.index('class="gk-report-table gk-t4"')


# --- in Chromium


@pytest.fixture(scope="module")
def base_url(built_site):
    from browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture
def chromium():  # per test: gongkai.audit starts its own playwright, which cannot nest
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def test_browser_tables_scroll_in_their_own_region_at_320_px(chromium, base_url):
    context = chromium.new_context(locale="zh-CN", viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(base_url + REPORT + "/")
    # nothing of the report sticks out sideways: only the tables scroll, inside their regions
    # (the site's header is audited by gongkai.audit on every page)
    outside = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('article, article *')]
            .filter(el => (!el.closest('.gk-table-wrap') || el.matches('.gk-table-wrap'))
                && el.getBoundingClientRect().right > width + 0.5)
            .map(el => el.tagName + '.' + el.className);
    }""")
    assert outside == []
    for _n, caption in (
        (3, "2024年收到和处理政府信息公开申请情况（单位：件）"),
        (4, "2024年政府信息公开行政复议、行政诉讼情况（单位：件）"),
    ):
        region = page.get_by_role("region", name=caption)
        assert region.count() == 1
        width = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert width[0] > width[1], "the table is wider than the screen and scrolls inside its region"
        region.focus()
        assert region.evaluate("el => document.activeElement === el")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    # the accessibility tree sees real tables with their headers
    table = page.get_by_role("table", name="2024年收到和处理政府信息公开申请情况（单位：件）")
    assert table.get_by_role("columnheader", name="自然人").count() == 1
    assert table.get_by_role("rowheader", name="（三）不予公开").count() == 1
    assert table.get_by_role("rowheader", name="8.属于行政查询事项").count() == 1
    context.close()


def test_browser_report_prints_on_a4(chromium, base_url):
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(base_url + REPORT + "/")
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes)  # A4 in points
    # the text width of A4 portrait with the page's margins: 210 mm - 2 × 12 mm
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round((210 - 24) / 25.4 * 96), "height": 1000})
    fits = page.evaluate("""() => [...document.querySelectorAll('.gk-report-wrap')].map(
        el => [el.querySelector('caption').textContent, el.scrollWidth <= el.clientWidth + 1])""")
    assert len(fits) == 3 and all(ok for _, ok in fits), fits
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-sidebar--primary')).display") == "none"
    context.close()


CONTENT_RULES = {"table-headers", "table-scroll-region", "heading-order", "one-h1"}
OURS = re.compile(r"gk-(t[234]|report)|article")


def _report_findings(result) -> list:
    """Violations about the report's own content; the site's header, search and skip link are the
    same on every page and audited there (gongkai.audit over the whole site)."""
    return [f for f in result.violations
            if f.rule in CONTENT_RULES or any(OURS.search(n["target"] + n["html"]) for n in f.nodes)]


def test_browser_accessibility_audit_of_a_report_page(built_site, tmp_path):
    from gongkai import audit

    axe = audit.find_axe(None)
    assert axe is not None, "axe-core is missing: run `npm ci` (make test-deps does)"
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    # a control page with the mistakes the audit must catch: a data cell naming another table's
    # header, and a scrolling table that cannot be reached by keyboard
    html = read(site, REPORT)
    broken = html.replace('headers="gk-t3-applicants gk-t3-c1 gk-t3-r1"', 'headers="gk-t4-g1-c1"', 1)
    broken = broken.replace('aria-labelledby="gk-t4-caption" tabindex="0"', 'aria-labelledby="gk-t4-caption"', 1)
    assert broken != html
    (site / "annual-reports/broken").mkdir()
    (site / "annual-reports/broken/index.html").write_text(broken, encoding="utf-8")
    modes = ["light", "contrast"]
    results, version = audit.run_audit(site, [f"{REPORT}/index.html", "annual-reports/broken/index.html"], modes,
                                       axe.read_text(encoding="utf-8"), audit.base_path(site))
    assert version and [(r.mode, r.path) for r in results] == [
        (m, p) for m in modes for p in (f"{REPORT}/index.html", "annual-reports/broken/index.html")]
    for good, bad in zip(results[::2], results[1::2], strict=True):
        assert _report_findings(good) == [], [(f.rule, f.summary, f.nodes[:3]) for f in _report_findings(good)]
        caught = {f.rule for f in _report_findings(bad)}
        assert "td-headers-attr" in caught and "table-scroll-region" in caught, (good.mode, caught)
