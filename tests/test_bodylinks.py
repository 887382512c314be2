"""Links in the text: every relative link must lead to a page or file of the column."""

from conftest import copy_project, doc_text, gongkai, messages, mkdocs_build
from gongkai.pages.bodylinks import check_column_links, links_of, site_files
from gongkai.pages.listing import generated_pages

BUDGET = "proactive/budget/2024-budget.md"


def with_body(body: str, **fields) -> str:
    return doc_text(**fields).replace("正文第一段。\n", body)


def check(column_of, tmp_path, body: str, extra: dict | None = None):
    column = column_of({
        BUDGET: with_body(body),
        "proactive/budget/2023-budget.md": doc_text(index_seq=2, year=2023),
        "proactive/budget/attachments/表1.pdf": b"%PDF-1.4\n",
        "system/rules.md": doc_text(index_seq=3),
        **(extra or {}),
    })
    content = tmp_path / "content"
    check_column_links(column, content, site_files(content), {page.src for page in generated_pages(column)})
    return messages(column)


def test_links_are_found_outside_code_only():
    body = ("见[上年](2023-budget.md)和![图](a.png \"说明\")。\n"
            "`[代码](no.md)` 不是链接\n"
            "```\n[代码块](no.md)\n```\n"
            "[参考]: <ref target.md>\n"
            "（见[附件](attachments/表(1).pdf)）\n")
    assert links_of(body) == [(0, "2023-budget.md"), (0, "a.png"), (5, "ref target.md"), (6, "attachments/表(1).pdf")]


def test_links_that_lead_somewhere_pass(column_of, tmp_path):
    body = ("[上年预算](2023-budget.md#一收入)、[附表](attachments/表1.pdf)、[附表](attachments/%E8%A1%A81.pdf)、"
            "[本栏目](index.md)、[制度](../../system/rules.md)、[目录](../../catalogue.md)、"
            "[现行有效](../regulations/in-force.md)、[本页小标题](#一收入)、[门户](/)、"
            "[国务院](https://www.gov.cn/zhengce/)、[邮件](mailto:gk@example.gov.cn)\n")
    extra = {"proactive/regulations/a.md": doc_text(index_seq=4, doc_type="行政规范性文件", doc_no="示政发〔2024〕1号")}
    assert check(column_of, tmp_path, body, extra) == []


def test_a_missing_target_is_an_error_with_line_value_and_a_guess(column_of, tmp_path):
    found = check(column_of, tmp_path, "第一段。\n\n详见[上年决算](2023-budjet.md)。\n")
    # the body starts on line 6 of the file (after five lines of front matter); the link is on its third
    assert found == [
        f"错误 {BUDGET}:8 字段“链接” 值“2023-budjet.md”：链接的文件 proactive/budget/2023-budjet.md 不存在。"
        "修改方法：改正文件名或路径（相对于本文件所在的文件夹），是否应为 2023-budget.md，或补上该文件"
    ]


def test_images_and_reference_links_are_checked(column_of, tmp_path):
    found = check(column_of, tmp_path, "![结构图](images/chart.png)\n\n[附件][1]\n\n[1]: attachments/表2.pdf\n")
    assert [f.split("：")[0] for f in found] == [f"错误 {BUDGET}:6 字段“链接” 值“images/chart.png”",
                                                 f"错误 {BUDGET}:10 字段“链接” 值“attachments/表2.pdf”"]


def test_a_link_without_a_file_name_warns_with_the_file_to_write(column_of, tmp_path):
    found = check(column_of, tmp_path, "[本栏目首页](../budget/)\n")
    assert found == [f"警告 {BUDGET}:6 字段“链接” 值“../budget/”：链接没有写出文件名，MkDocs 不会检查也不会转换它，"
                     "发布后多半无法打开。修改方法：写成目标的 Markdown 文件名，如 index.md"]


def test_a_link_out_of_the_content_folder_is_an_error(column_of, tmp_path):
    found = check(column_of, tmp_path, "[说明](../../../README.md)\n")
    assert len(found) == 1 and "链接指向 content 文件夹之外" in found[0] and "值“../../../README.md”" in found[0]


def test_the_landing_page_links_are_checked(column_of, tmp_path):
    landing = "---\ntitle: 政府信息公开\n---\n\n[指南](guide/index.md)\n[年报](annual-report/index.md)\n"
    found = check(column_of, tmp_path, "正文。\n", {"index.md": landing})
    assert len(found) == 1 and found[0].startswith("错误 index.md:6 字段“链接” 值“annual-report/index.md”")
    assert "是否应为 annual-reports/index.md" in found[0]


def test_check_and_build_stop_on_a_broken_link(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "content/proactive/budget/2024-budget.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n另见[2024年决算](2024-final-acounts.md)。\n", encoding="utf-8"
    )
    checked = gongkai(project, "check")
    assert checked.returncode == 1
    [line] = [ln for ln in checked.stdout.splitlines() if ln.startswith("错误 ")]
    assert "proactive/budget/2024-budget.md:" in line and "2024-final-acounts.md" in line
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode != 0 and line in built.stderr and "Traceback" not in built.stderr


def test_a_document_on_a_generated_path_is_an_error(column_of, tmp_path):
    from gongkai.pages.prepublish import check_for_publishing
    column = column_of({"proactive/budget/catalogue.md": doc_text()})
    check_for_publishing(column, tmp_path / "content")
    assert [m for m in messages(column) if "自动生成" in m] == [
        "错误 proactive/budget/catalogue.md：此路径由 gongkai 自动生成（列表的分页或子栏目目录），不能放内容文件。"
        "修改方法：把文件改名，例如 catalogue-2024.md"]


def test_a_landing_page_not_in_utf8_is_reported_not_raised(column_of, tmp_path):
    landing = "---\ntitle: 政府信息公开\n---\n\n[指南](guide/index.md)\n".encode("gbk")
    found = check(column_of, tmp_path, "正文。\n", {"index.md": landing})
    assert len(found) == 1 and found[0].startswith("错误 index.md：文件不是 UTF-8 编码")
