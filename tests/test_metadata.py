"""Every metadata rule of ../shared/spec/metadata.md and every error path, on a throw-away column."""

import datetime as dt

from conftest import ORG, doc_text, messages
from gongkai.core.metadata import normalise_doc_no


def one(column, src):
    return column.by_src[src]


def test_valid_document_has_defaults(column_of, site):
    column = column_of({"proactive/budget/a.md": doc_text()})
    assert messages(column) == []
    doc = one(column, "proactive/budget/a.md")
    assert doc.publisher == site.name
    assert doc.doc_type == "其他文件"
    assert doc.disclosure == "主动公开"
    assert doc.subcolumn == "budget" and doc.part == "proactive"
    assert doc.summary == "正文第一段。" and not doc.summary_given
    assert doc.published == dt.date(2024, 3, 1)
    assert doc.url == "proactive/budget/a/"


def test_chinese_keys_are_accepted(column_of):
    text = (
        f"---\n标题: 中文键\n索引号: {ORG}/2023-00001\n发布日期: 2023年5月8日\n文号: 示政办发〔2023〕5号\n"
        "实施日期: 2023-06-01\n有效期至: 2028-05-31\n---\n正文\n"
    )
    column = column_of({"system/a.md": text})
    assert messages(column) == []
    doc = one(column, "system/a.md")
    assert (doc.title, doc.doc_no, doc.published) == ("中文键", "示政办发〔2023〕5号", dt.date(2023, 5, 8))
    assert (doc.effective, doc.expires) == (dt.date(2023, 6, 1), dt.date(2028, 5, 31))


def test_same_field_under_both_names_is_an_error(column_of):
    column = column_of({"system/a.md": doc_text(标题="另一个标题")})
    [error] = messages(column)
    assert "system/a.md:5" in error and "“title”和“标题”是同一字段" in error


def test_duplicate_yaml_key_is_an_error(column_of):
    column = column_of({"system/a.md": doc_text() .replace("title:", "title: x\ntitle:", 1)})
    assert any("同一字段写了两次" in m and "system/a.md:3" in m for m in messages(column, "错误"))


def test_unknown_key_warns_with_a_suggestion(column_of):
    column = column_of({"system/a.md": doc_text(pubished="2024-01-01")})
    [warning] = messages(column, "警告")
    assert "system/a.md:5" in warning and "pubished" in warning and "published" in warning
    assert column.problems.errors == []


def test_missing_title_and_published(column_of):
    column = column_of({"system/a.md": f"---\nindex_no: {ORG}/2024-00001\n---\n正文\n"})
    errors = messages(column, "错误")
    assert any("缺少标题" in e for e in errors) and any("缺少发布日期" in e for e in errors)
    assert "system/a.md" not in column.by_src


def test_bad_date_names_file_line_field_value(column_of):
    column = column_of({"system/a.md": doc_text(written="2021-13-01")})
    [error] = messages(column, "错误")
    assert error.startswith("错误 system/a.md:5 字段“written” 值“2021-13-01”")
    assert "2021-08-12 或 2021年8月12日" in error


def test_slash_date_is_rejected(column_of):
    column = column_of({"system/a.md": doc_text(effective="2021/8/12")})
    assert any("effective" in e and "2021/8/12" in e for e in messages(column, "错误"))


def test_published_after_build_day_is_an_error(column_of):
    column = column_of({"system/a.md": doc_text(published="2026-11-25", index_no=f"{ORG}/2026-00001")})
    assert any("晚于构建日 2026年11月24日" in e for e in messages(column, "错误"))


def test_published_on_build_day_is_fine(column_of):
    column = column_of({"system/a.md": doc_text(published="2026-11-24", index_no=f"{ORG}/2026-00001")})
    assert messages(column) == []


def test_index_no_required_in_system_and_proactive_only(column_of):
    no_index = "---\ntitle: 无索引号\npublished: 2024-01-01\n---\n正文\n"
    column = column_of({"system/a.md": no_index, "proactive/budget/b.md": no_index, "annual-reports/2018.md": no_index})
    errors = messages(column, "错误")
    assert sum("缺少索引号" in e for e in errors) == 2
    assert any(e.startswith("错误 proactive/budget/b.md") and f"{ORG}/2024-00001" in e for e in errors)
    assert "annual-reports/2018.md" in column.by_src


def test_index_no_pattern(column_of):
    column = column_of({"system/a.md": doc_text(index_no="ABC/2024-1")})
    [error] = messages(column, "错误")
    assert "不符合本机关索引号格式" in error and "ABC/2024-1" in error


def test_index_no_year_should_match_published(column_of):
    column = column_of({"system/a.md": doc_text(index_no=f"{ORG}/2023-00001")})
    [warning] = messages(column, "警告")
    assert "年份 2023" in warning and "2024" in warning


def test_duplicate_index_no_names_both_files(column_of):
    column = column_of({"system/a.md": doc_text(1), "proactive/budget/b.md": doc_text(1)})
    [error] = messages(column, "错误")
    assert error.startswith("错误 system/a.md:3") and "proactive/budget/b.md" in error and "重复" in error


def test_doc_no_brackets_normalised_with_warning(column_of):
    column = column_of({"system/a.md": doc_text(doc_no="示政办发[2021]8号")})
    [warning] = messages(column, "警告")
    assert "示政办发〔2021〕8号" in warning
    assert one(column, "system/a.md").doc_no == "示政办发〔2021〕8号"


def test_doc_no_rules():
    assert normalise_doc_no("筑府办发〔2017〕16号") == ("筑府办发〔2017〕16号", None)
    for raw in ("筑府办发【2017】16号", "筑府办发(2017)16号", "筑府办发（2017）16号", "筑府办发[2017]16号"):
        assert normalise_doc_no(raw)[0] == "筑府办发〔2017〕16号"
    assert normalise_doc_no("示例市人民政府令第3号") == ("示例市人民政府令第3号", None)
    assert "第" in normalise_doc_no("筑府办发〔2017〕第16号")[1]
    assert "前导 0" in normalise_doc_no("筑府办发〔2017〕016号")[1]
    assert normalise_doc_no("筑府办发〔2017】16号")[0] is None
    assert normalise_doc_no("十六号文")[0] is None


def test_bad_doc_no_is_an_error(column_of):
    column = column_of({"system/a.md": doc_text(doc_no="示政办发〔2021〕第8号")})
    [error] = messages(column, "错误")
    assert "doc_no" in error and "不加“第”" in error


def test_choices(column_of):
    column = column_of({
        "system/a.md": doc_text(1, doc_type="规范性文件"),
        "system/b.md": doc_text(2, topic="不存在的分类"),
        "system/c.md": doc_text(3, disclosure="不公开"),
        "system/d.md": doc_text(4, status="作废"),
    })
    errors = messages(column, "错误")
    assert len(errors) == 4
    assert any("规范性文件" in e and "行政规范性文件" in e for e in errors)
    assert any("taxonomy.yml" in e for e in errors)


def test_topic_from_taxonomy(column_of):
    column = column_of({"system/a.md": doc_text(topic="财政、金融、审计\\财政")})
    assert messages(column) == [] and one(column, "system/a.md").topic == "财政、金融、审计\\财政"


def test_summary_given_and_too_long(column_of):
    long = "很" * 101
    column = column_of({"system/a.md": doc_text(1, summary="简短概述"), "system/b.md": doc_text(2, summary=long)})
    assert one(column, "system/a.md").summary == "简短概述"
    [warning] = messages(column, "警告")
    assert "system/b.md" in warning and "101 字" in warning


def test_summary_from_body_is_plain_and_short(column_of):
    body = "# 标题\n\n" + "这是**正文**，见[链接](http://x)。" * 20
    column = column_of({"system/a.md": doc_text().replace("正文第一段。\n", body)})
    summary = one(column, "system/a.md").summary
    assert len(summary) == 100 and summary.endswith("…") and "**" not in summary and "http" not in summary


def test_text_field_must_be_text(column_of):
    column = column_of({"system/a.md": doc_text(publisher="[甲, 乙]")})
    assert any("应为一段文字" in e for e in messages(column, "错误"))


def test_attachments_exist_with_type_and_size(column_of):
    text = doc_text(attachments="[{file: files/表.pdf, title: 预算表}]")
    column = column_of({"proactive/budget/a.md": text, "proactive/budget/files/表.pdf": b"%PDF-1.4\n" + b"x" * 2039})
    assert messages(column) == []
    [att] = one(column, "proactive/budget/a.md").attachments
    assert (att.file, att.title, att.kind, att.size, att.size_text) == (
        "proactive/budget/files/表.pdf",
        "预算表",
        "PDF",
        2048,
        "2.0 KB",
    )


def test_missing_attachment_is_an_error(column_of):
    column = column_of({"proactive/budget/a.md": doc_text(attachments="[{file: files/无.pdf, title: 预算表}]")})
    [error] = messages(column, "错误")
    assert "files/无.pdf" in error and "附件文件不存在" in error


def test_attachment_outside_content_is_an_error(column_of):
    column = column_of({"proactive/budget/a.md": doc_text(attachments="[{file: ../../../etc/passwd, title: x}]")})
    assert any("content/ 之外" in e for e in messages(column, "错误"))


def test_attachment_without_title_is_an_error(column_of):
    column = column_of(
        {"proactive/budget/a.md": doc_text(attachments="[{file: a.pdf}]"), "proactive/budget/a.pdf": b"x"}
    )
    assert any("缺少 title" in e for e in messages(column, "错误"))


def test_folder_defaults_from_meta_yml(column_of):
    column = column_of({
        "proactive/budget/.meta.yml": "topic: 财政、金融、审计\\财政\npublisher: 示例市财政局\n",
        "proactive/budget/2024/.meta.yml": "发布机构: 示例市审计局\n",
        "proactive/budget/a.md": doc_text(1),
        "proactive/budget/2024/b.md": doc_text(2),
        "proactive/budget/2024/c.md": doc_text(3, publisher="本文件自己的机构"),
    })
    assert messages(column) == []
    assert one(column, "proactive/budget/a.md").publisher == "示例市财政局"
    assert one(column, "proactive/budget/2024/b.md").publisher == "示例市审计局"
    assert one(column, "proactive/budget/2024/b.md").topic == "财政、金融、审计\\财政"
    assert one(column, "proactive/budget/2024/c.md").publisher == "本文件自己的机构"


def test_bad_meta_yml_is_reported(column_of):
    column = column_of({"proactive/budget/.meta.yml": "topic: [unclosed\n", "proactive/budget/a.md": doc_text()})
    assert any(e.startswith("错误 proactive/budget/.meta.yml") for e in messages(column, "错误"))


def test_gbk_file_is_an_error_not_mojibake(column_of):
    column = column_of({"system/a.md": doc_text().encode("gbk")})
    [error] = messages(column, "错误")
    assert error.startswith("错误 system/a.md") and "不是 UTF-8" in error and "GBK" in error
    assert "system/a.md" not in column.by_src


def test_bom_and_crlf_are_accepted(column_of):
    column = column_of({"system/a.md": ("\ufeff" + doc_text()).replace("\n", "\r\n").encode("utf-8")})
    assert messages(column) == [] and one(column, "system/a.md").title == "关于示例事项的通知"


def test_yaml_syntax_error_names_the_line(column_of):
    column = column_of({"system/a.md": "---\ntitle: 好\nsummary: [未闭合\npublished: 2024-01-01\n---\n正文\n"})
    [error] = messages(column, "错误")
    assert error.startswith("错误 system/a.md:3：第 3 行第 10 列：") and "没有配对的“]”" in error


def test_no_front_matter(column_of):
    column = column_of({"system/a.md": "# 只有正文\n"})
    [error] = messages(column, "错误")
    assert "system/a.md:1" in error and "缺少元数据" in error


def test_front_matter_not_a_mapping(column_of):
    column = column_of({"system/a.md": "---\n- a\n- b\n---\n正文\n"})
    assert any("映射" in e for e in messages(column, "错误"))


def test_folder_not_in_taxonomy(column_of):
    column = column_of({"proactive/news/a.md": doc_text()})
    [error] = messages(column, "错误")
    assert error.startswith("错误 proactive/news/") and "taxonomy.yml" in error


def test_file_directly_under_proactive(column_of):
    column = column_of({"proactive/a.md": doc_text()})
    assert any("子栏目文件夹" in e for e in messages(column, "错误"))


def test_file_outside_the_four_parts(column_of):
    column = column_of({"news/a.md": doc_text(), "about.md": doc_text(2)})
    assert sum("四个部分之内" in e for e in messages(column, "错误")) == 2


def test_reserved_paths(column_of):
    column = column_of(
        {"proactive/budget/index.md": doc_text(), "system/index.md": doc_text(2), "catalogue.md": doc_text(3)}
    )
    assert len(messages(column, "错误")) == 3


def test_missing_guide(tmp_path, site):
    from gongkai.core.column import load_column
    (tmp_path / "system").mkdir(parents=True)
    (tmp_path / "system" / "a.md").write_text(doc_text(), encoding="utf-8")
    column = load_column(tmp_path, site, dt.date(2026, 11, 24))
    assert any(e.startswith("错误 guide/index.md") for e in messages(column, "错误"))


def test_references_must_be_text(column_of):
    column = column_of(
        {"system/a.md": doc_text(related="[{a: 1}]", repealed_by="[示政办发〔2020〕1号, 示政办发〔2020〕2号]")}
    )
    errors = messages(column, "错误")
    assert any("related" in e for e in errors) and any("只能指向一个文件" in e for e in errors)


def test_presentation_keys_pass_through(column_of):
    column = column_of({"system/a.md": doc_text(hide="[toc]")})
    assert messages(column) == [] and one(column, "system/a.md").extra == {"hide": ["toc"]}


def test_problems_are_sorted_and_complete(column_of):
    column = column_of({"system/b.md": doc_text(2, written="坏"), "system/a.md": doc_text(1, effective="也坏")})
    files = [p.file for p in column.problems.sorted()]
    assert files == ["system/a.md", "system/b.md"]


def test_gbk_meta_yml_says_to_save_as_utf8(column_of):
    column = column_of({"proactive/budget/.meta.yml": "publisher: 示例市财政局\n".encode("gbk"),
                        "proactive/budget/a.md": doc_text()})
    [error] = [e for e in messages(column, "错误") if ".meta.yml" in e]
    assert "不是 UTF-8" in error and "UTF-8 编码后再提交" in error and "YAML 语法" not in error


def test_bad_meta_yml_value_is_reported_once_at_the_meta_yml(column_of):
    column = column_of({
        "proactive/budget/.meta.yml": "# 本文件夹的默认值\ntopic: 不存在的分类\n",
        "proactive/budget/a.md": doc_text(1),
        "proactive/budget/b.md": doc_text(2),
        "proactive/budget/c.md": doc_text(3, topic="财政、金融、审计\\财政"),  # its own value: fine
    })
    [error] = messages(column, "错误")
    assert error.startswith("错误 proactive/budget/.meta.yml:2 字段“topic” 值“不存在的分类”")
