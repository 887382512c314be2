"""`python -m gongkai new`: the section by key or Chinese name, safe file names, the URL printed."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from conftest import DAY, ORG, ROOT, copy_project, gongkai_in_process, write
from gongkai import newdoc, pipeline
from gongkai.core import urls
from gongkai.core.siteconfig import load_site_config

SITE = load_site_config(ROOT / "site_config")


@pytest.fixture
def small(tmp_path):
    """A repository with the sample's site_config and a two-document column."""
    root = tmp_path / "repo"
    (root / "site_config").mkdir(parents=True)
    for path in (ROOT / "site_config").iterdir():
        if path.is_file():
            (root / "site_config" / path.name).write_bytes(path.read_bytes())
    write(root / "content", {
        "guide/index.md": "---\ntitle: 指南\npublished: 2020-01-01\n---\n指南。\n",
        "proactive/budget/a.md": f"---\ntitle: 预算\nindex_no: {ORG}/2026-00007\npublished: 2026-03-01\n---\n正文。\n",
    })
    return root


def _column(root):
    return pipeline.load(root, {"SOURCE_DATE_EPOCH": "1795492800"}, strict=False)


@pytest.mark.parametrize("typed", ["budget", "财政预算决算", "proactive/budget", "财政预算决算 "])
def test_section_by_key_or_chinese_name(typed):
    section = newdoc.find_section(SITE, typed)
    assert (section.part, section.subcolumn, section.folder) == ("proactive", "budget", "proactive/budget")


def test_parts_by_key_or_name_and_unknown_names_list_the_choices():
    assert newdoc.find_section(SITE, "政府信息公开制度").folder == "system"
    assert newdoc.find_section(SITE, "annual-reports").folder == "annual-reports"
    with pytest.raises(newdoc.NewError) as exc:
        newdoc.find_section(SITE, "news")
    assert "没有名为“news”的栏目" in str(exc.value) and "budget（财政预算决算）" in str(exc.value)
    with pytest.raises(newdoc.NewError):
        newdoc.find_section(SITE, "guide")  # the guide is one file, never a folder of documents


@pytest.mark.parametrize("name, cause, fix", [
    ("2026 Budget Adj", "含有空格", "2026-budget-adj"),
    ("2026-x.md", "不要带 .md", "写成 2026-x"),
    ("2026-x.MD", "不要带 .md", "写成 2026-x"),
    ("../../system/x", "路径分隔符", "只写文件名"),
    ("sub\\x", "路径分隔符", "只写文件名"),
    ("..x", "含有“..”", "例如改为 x"),
    ("预算调整", "汉字", "只用小写英文字母"),
    ("Budget", "大写字母", "例如改为 budget"),
    ("a\u3000b", "含有空格", "例如改为 a-b"),
])
def test_unsafe_names_are_refused_with_cause_and_fix(name, cause, fix):
    with pytest.raises(newdoc.NewError) as exc:
        newdoc.check_name(name)
    text = str(exc.value)
    assert text.startswith("错误：") and cause in text and "修改方法：" in text and fix in text


def test_a_safe_name_passes():
    newdoc.check_name("2026-budget-adjustment")


def test_name_is_derived_from_the_index_number_when_left_out(small):
    column = _column(small)
    planned = newdoc.plan(column, small, "财政预算决算", ["关于预算调整的说明"], DAY)
    assert planned.src == "proactive/budget/2026-00008.md" and planned.index_no == f"{ORG}/2026-00008"
    assert planned.url == urls.page_url(planned.src) == "proactive/budget/2026-00008/"
    path = newdoc.write(small, planned)
    assert path == small / "content/proactive/budget/2026-00008.md"
    lines = newdoc.report_lines(column.site, planned)
    assert lines[0] == "已创建 content/proactive/budget/2026-00008.md"
    assert "网址：https://www.example.gov.cn/zwgk/proactive/budget/2026-00008/" in lines
    assert f"永久网址：https://www.example.gov.cn/zwgk/id/{ORG}/2026-00008/" in lines
    # the file it wrote is a document of the column, without a problem
    column = _column(small)
    assert column.problems.errors == [] and "proactive/budget/2026-00008.md" in column.by_src


def test_a_lone_file_name_is_not_taken_for_a_title(small):
    with pytest.raises(newdoc.NewError, match="缺少标题（只写了“2026-budget-adjustment”，像是文件名）"):
        newdoc.plan(_column(small), small, "budget", ["2026-budget-adjustment"], DAY)


def test_never_over_an_existing_file_nor_a_generated_page(small):
    column = _column(small)
    for name in ("a", "index", "catalogue", "page-2"):
        with pytest.raises(newdoc.NewError):
            newdoc.plan(column, small, "budget", [name, "标题"], DAY)
    (small / "content/proactive/budget/B.md").write_text("x", encoding="utf-8")
    with pytest.raises(newdoc.NewError, match="已存在"):  # case-insensitive file systems: b.md is B.md
        newdoc.plan(column, small, "budget", ["b", "标题"], DAY)


def test_never_writes_through_a_linked_folder(small, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = small / "content/proactive/fees"
    os.symlink(outside, folder)
    column = _column(small)
    planned = newdoc.plan(column, small, "fees", ["x", "标题"], DAY)
    with pytest.raises(newdoc.NewError, match="不是普通文件夹"):
        newdoc.write(small, planned)
    assert list(outside.iterdir()) == []


def test_the_draft_option_writes_a_draft(small):
    column = _column(small)
    planned = newdoc.plan(column, small, "budget", ["x", "标题"], dt.date(2026, 11, 24), draft=True)
    assert "\ndraft: true" in planned.text
    newdoc.write(small, planned)
    column = _column(small)
    assert column.problems.errors == [] and [d.src for d in column.drafts] == ["proactive/budget/x.md"]


def test_cli_refuses_the_issue_names_and_creates_nothing(tmp_path):
    project = copy_project(tmp_path / "p")
    before = sorted(p.relative_to(project) for p in (project / "content").rglob("*"))
    for name in ("2026 Budget Adj", "2026-x.md", "../../system/x"):
        result = gongkai_in_process(project, "new", "budget", name, "标题")
        assert result.returncode == 2, result.stdout
        assert result.stderr.startswith("错误：文件名“") and "修改方法：" in result.stderr
        assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(project) for p in (project / "content").rglob("*")) == before


def test_cli_by_chinese_name_without_a_file_name_prints_file_and_url(tmp_path):
    project = copy_project(tmp_path / "p")
    result = gongkai_in_process(project, "new", "财政预算决算", "关于2026年部门预算调整的说明")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "已创建 content/proactive/budget/2026-00043.md",
        f"索引号：{ORG}/2026-00043",
        "网址：https://www.example.gov.cn/zwgk/proactive/budget/2026-00043/",
    ]
    assert (project / "content/proactive/budget/2026-00043.md").is_file()
    checked = gongkai_in_process(project, "check", "--strict")
    assert checked.returncode == 0, checked.stdout


def test_cli_date_sets_published_and_index_year(tmp_path):
    project = copy_project(tmp_path / "p")
    result = gongkai_in_process(project, "new", "budget", "2027-plan", "2027年预算", "--date", "2027-01-05")
    assert result.returncode == 0, result.stderr
    text = (project / "content/proactive/budget/2027-plan.md").read_text(encoding="utf-8")
    assert "published: 2027-01-05" in text and f"index_no: {ORG}/2027-00001" in text
    bad = gongkai_in_process(project, "new", "budget", "y", "标题", "--date", "2027/01/05")
    assert bad.returncode == 1 and "--date 的值“2027/01/05”不是 YYYY-MM-DD" in bad.stderr
