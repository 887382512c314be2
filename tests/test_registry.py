"""The registry of 规章 and 行政规范性文件: reg_no (登记号), its pattern and uniqueness, and the
规范性文件登记目录 page under 法规文件, grouped by year and quarter of 发布日期."""

from __future__ import annotations

import json
import re

import pytest

from gongkai.core.registry import by_quarter
from gongkai.pages import listing
from tests.conftest import doc_text, messages

REG = "proactive/regulations"


def reg(seq: int, published: str, **fields) -> str:
    return doc_text(seq, year=int(published[:4]), published=published, doc_type="行政规范性文件", **fields)


def test_a_quarter_boundary(column_of):
    column = column_of({
        f"{REG}/sep30.md": reg(1, "2026-09-30", reg_no="SLFG-2026-003"),
        f"{REG}/oct01.md": reg(2, "2026-10-01", reg_no="SLFG-2026-004"),
        f"{REG}/nov20.md": reg(3, "2026-11-20", reg_no="SLFG-2026-005"),
        f"{REG}/jan.md": reg(4, "2025-01-01", reg_no="SLFG-2025-001"),
        f"{REG}/mar31.md": reg(5, "2025-03-31", reg_no="SLFG-2025-002"),
        f"{REG}/apr01.md": reg(6, "2025-04-01", reg_no="SLFG-2025-003"),
        f"{REG}/unregistered.md": reg(7, "2026-10-02"),
    })
    assert messages(column, "错误") == []
    groups = [(q.label, [d.src.split("/")[-1] for d in q.documents]) for q in by_quarter(column.documents)]
    assert groups == [
        ("2026年第四季度", ["oct01.md", "nov20.md"]),
        ("2026年第三季度", ["sep30.md"]),
        ("2025年第二季度", ["apr01.md"]),
        ("2025年第一季度", ["jan.md", "mar31.md"]),
    ]
    [page] = [p for p in listing.generated_pages(column) if p.kind == "registry"]
    assert page.src == listing.REGISTRY_LIST and len(page.documents) == 6
    assert next(q.label for q in page.groups) == "2026年第四季度"
    regulations = next(item for item in listing.nav(column)[3]["法定主动公开内容"] if isinstance(item, dict)
                       and "法规文件" in item)
    assert {"规范性文件登记目录": listing.REGISTRY_LIST} in regulations["法规文件"]


def test_no_registry_page_without_registered_documents(column_of):
    column = column_of({f"{REG}/a.md": reg(1, "2026-10-01")})
    assert not [p for p in listing.generated_pages(column) if p.kind == "registry"]


def test_reg_no_follows_the_pattern_and_is_unique(column_of):
    column = column_of({
        f"{REG}/a.md": reg(1, "2026-10-01", reg_no="SLFG-2026-001"),
        f"{REG}/b.md": reg(2, "2026-10-02", reg_no="SLFG-2026-001"),
        f"{REG}/c.md": reg(3, "2026-10-03", reg_no="示规-2026-1"),
        f"{REG}/d.md": doc_text(4, year=2026, published="2026-10-04", 登记号="SLFG-2026-009"),
    })
    errors = messages(column, "错误")
    assert any("b.md" in e and "登记号与 proactive/regulations/a.md 重复" in e for e in errors), errors
    assert any("c.md" in e and "不符合本机关登记号格式 SLFG-{yyyy}-{seq:03d}" in e and "SLFG-2026-001" in e
               for e in errors), errors
    [warning] = messages(column, "警告")
    assert "d.md" in warning and "只有规章和行政规范性文件才有登记号" in warning and "字段“登记号”" in warning


@pytest.mark.parametrize("pattern, expected", [
    ("SLFG-{yyyy}", "必须包含顺序号 {seq}"),
    ("SLFG-{year}-{seq}", "不支持的占位符 {year}"),
    ("SLFG <{seq}>", "不能出现在索引号中的字符"),
])
def test_reg_no_pattern_mistakes_in_site_config(tmp_path, pattern, expected):
    from gongkai.core.problems import ContentError
    from gongkai.core.siteconfig import load_site_config
    from tests.conftest import ROOT
    config = tmp_path / "site_config"
    config.mkdir()
    site = (ROOT / "site_config/site.yml").read_text(encoding="utf-8")
    site = re.sub(r'(?m)^reg_no_pattern: .*$', f'reg_no_pattern: "{pattern}"', site)
    (config / "site.yml").write_text(site, encoding="utf-8")
    (config / "taxonomy.yml").write_text(
        (ROOT / "site_config/taxonomy.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        load_site_config(config)
    assert expected in str(caught.value) and "reg_no_pattern" in str(caught.value)


# --- the built sample -----------------------------------------------------------------------

def test_sample_registry_page(built_site):
    html = (built_site / "proactive/regulations/registry/index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="q-(\d{4})-(\d)">([^<]+)</h2>', html)
    assert headings[0] == ("2026", "4", "2026年第四季度")
    years_quarters = [(int(y), int(q)) for y, q, _ in headings]
    assert years_quarters == sorted(years_quarters, reverse=True)
    row = re.search(r"<tr><td class=\"gk-col-title\">(?:(?!</tr>).)*?>SLFG-2026-006</td>.*?</tr>", html, re.S).group(0)
    for text in (
        "示政办发〔2026〕19号",
        "示例市人民政府办公室关于印发示例市公共数据开放管理办法的通知",
        "2026年11月10日",
        "尚未生效（2027年01月01日起施行）",
    ):
        assert text in row, row
    assert '<th scope="col" class="gk-col-title">标题</th><th scope="col">登记号</th><th scope="col">文号</th>' in html
    # in the nav under 法规文件, on every page
    other = (built_site / "proactive/regulations/index.html").read_text(encoding="utf-8")
    assert "规范性文件登记目录" in other


def test_sample_policies_and_readings_link_each_other(built_site):
    data = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))
    by_path = {d["path"]: d for d in data["documents"]}
    policy = by_path[f"{REG}/2026-public-data-opening-measures.md"]
    reading = by_path[f"{REG}/2026-public-data-opening-interpretation.md"]
    assert reading["interprets"] == ["示政办发〔2026〕19号"] and reading["related"] == []
    assert policy["interpreted_by"] == [reading["path"]] and policy["reg_no"] == "SLFG-2026-006"
    assert "late_reason" not in policy  # for webmasters, not exported
    listed = [d for d in data["documents"] if d["doc_type"] in ("规章", "行政规范性文件")]
    assert listed and all(d["reg_no"] for d in listed)
    page = (built_site / "proactive/regulations/2026-public-data-opening-measures/index.html").read_text(
        encoding="utf-8"
    )
    assert "政策解读" in page and "2026-public-data-opening-interpretation/" in page
    assert '<th scope="row" id="gk-m-reg_no">登记号</th><td headers="gk-m-reg_no">SLFG-2026-006</td>' in page
    page = (built_site / "proactive/regulations/2026-public-data-opening-interpretation/index.html").read_text(
        encoding="utf-8"
    )
    assert "解读的原文件" in page and "2026-public-data-opening-measures/" in page
    csv = (built_site / "catalogue.csv").read_text(encoding="utf-8-sig")
    assert "登记号" in csv.splitlines()[0] and "逾期说明" not in csv
