"""Issue 14, item 1: YAML syntax mistakes in Chinese, at their real line and column, with the fix.

Each cause of gongkai/files/yamlmessages.py is written into a real file (a document's front matter, a
folder's .meta.yml, a site_config file) and the printed message is compared whole: cause, line,
column and the corrected line. The message never shows the parser's English, and is the same
whichever YAML parser is installed (libyaml or PyYAML's own).
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import ORG, ROOT, messages
from gongkai.core.problems import ContentError
from gongkai.core.siteconfig import load_site_config
from gongkai.files import yamlfile
from gongkai.files.yamlfile import YamlError, load_mapping
from gongkai.files.yamlmessages import CAUSES, docs_table, example_error

HEAD = f"---\nindex_no: {ORG}/2024-00001\npublished: 2024-03-01\n"  # lines 1-3; the mistake follows


def errors(column, src: str) -> list[str]:
    return [m for m in messages(column, "错误") if m.startswith(f"错误 {src}")]


# (lines 4… of a system/ document, the one message printed for it)
CASES = {
    "fullwidth_colon_first": (
        "title：关于示例事项的通知\nsummary: 示例\n",
        "错误 system/a.md:4：第 4 行第 6 列：键和值之间用了全角冒号“：”。"
        "修改方法：把“：”改为“: ”（英文冒号加一个空格），即 title: 关于示例事项的通知",
    ),
    "fullwidth_colon_middle": (  # the parser fails on line 5; the mistake is on line 4
        "title: 关于示例事项的通知\ndoc_type：其他文件\nsummary: 示例\n",
        "错误 system/a.md:5：第 5 行第 9 列：键和值之间用了全角冒号“：”。"
        "修改方法：把“：”改为“: ”（英文冒号加一个空格），即 doc_type: 其他文件",
    ),
    "fullwidth_colon_last": (
        "title: 关于示例事项的通知\n发布机构：示例市人民政府办公室\n",
        "错误 system/a.md:5：第 5 行第 5 列：键和值之间用了全角冒号“：”。"
        "修改方法：把“：”改为“: ”（英文冒号加一个空格），即 发布机构: 示例市人民政府办公室",
    ),
    "fullwidth_colon_only_line": (  # with nothing after it, the whole front matter is one text
        "title：关于示例事项的通知\n",
        "错误 system/a.md:4：第 4 行第 6 列：键和值之间用了全角冒号“：”。"
        "修改方法：把“：”改为“: ”（英文冒号加一个空格），即 title: 关于示例事项的通知",
    ),
    "fullwidth_space_after_colon": (
        "title:\u3000关于示例事项的通知\nsummary: 示例\n",
        "错误 system/a.md:4：第 4 行第 7 列：冒号后用了全角空格“　”。"
        "修改方法：把冒号后的全角空格改为一个英文空格，即 title: 关于示例事项的通知",
    ),
    "fullwidth_space_indent": (
        "title: 标题\nattachments:\n  - file: attachments/a.pdf\n  \u3000title: 附件\n",
        "错误 system/a.md:7：第 7 行第 3 列：行首缩进用了全角空格“　”。"
        "修改方法：把行首的全角空格改为英文空格，与同一级的行左端对齐",
    ),
    "fullwidth_space_indent_list": (  # the parser fails on the next line
        "title: 标题\nattachments:\n\u3000\u3000- file: attachments/a.pdf\n    title: 附件\n",
        "错误 system/a.md:6：第 6 行第 1 列：行首缩进用了全角空格“　”。"
        "修改方法：把行首的全角空格改为英文空格，与同一级的行左端对齐",
    ),
    "fullwidth_space_indent_read_as_a_key": (  # YAML reads “　  title” as a key at the left edge
        "title: 标题\nattachments:\n  - file: attachments/a.pdf\n\u3000  title: 附件\n",
        "错误 system/a.md:7：第 7 行第 1 列：行首缩进用了全角空格“　”。"
        "修改方法：把行首的全角空格改为英文空格，与同一级的行左端对齐",
    ),
    "tab_indent": (
        "title: 标题\nattachments:\n\t- file: attachments/a.pdf\n",
        "错误 system/a.md:6：第 6 行第 1 列：行首缩进用了 Tab。修改方法：把行首的 Tab 改为英文空格，"
        "与同一级的行左端对齐",
    ),
    "tab_indent_nested": (
        "title: 标题\nattachments:\n  - file: attachments/a.pdf\n\t  title: 附件\n",
        "错误 system/a.md:7：第 7 行第 1 列：行首缩进用了 Tab。修改方法：把行首的 Tab 改为英文空格，"
        "与同一级的行左端对齐",
    ),
    "tab_after_colon": (
        "title:\t关于示例事项的通知\n",
        "错误 system/a.md:4：第 4 行第 7 列：冒号后用了 Tab。"
        "修改方法：把 Tab 改为一个英文空格，即 title: 关于示例事项的通知"
        "（有的 YAML 程序接受 Tab、有的不接受，为使检查和构建在任何电脑上结论相同，一律不用 Tab）",
    ),
    "tab_after_colon_and_space": (
        "title: 标题\nsummary: \t示例\n",
        "错误 system/a.md:5：第 5 行第 10 列：冒号后用了 Tab。修改方法：把 Tab 改为一个英文空格，即 summary: 示例"
        "（有的 YAML 程序接受 Tab、有的不接受，为使检查和构建在任何电脑上结论相同，一律不用 Tab）",
    ),
    "no_space_after_colon": (
        "title:关于示例事项的通知\nsummary: 示例\n",
        "错误 system/a.md:4：第 4 行第 6 列：冒号后缺少空格。修改方法：在“:”后加一个空格，即 title: 关于示例事项的通知",
    ),
    "no_colon": (
        "title: 标题\nsummary 示例\ndoc_type: 其他文件\n",
        "错误 system/a.md:5：第 5 行第 8 列：这一行没有“键: 值”中的冒号。修改方法：写成“键: 值”（英文冒号加一个空格），"
        "即 summary: 示例",
    ),
    "brackets_in_list": (
        "title: 标题\nrelated: [示政办发[2026]23号]\n",
        "错误 system/a.md:5：第 5 行第 15 列：一行列表 [ … ] 中的值含有方括号“[”，被当作列表中的列表。"
        "修改方法：文号的年份用六角括号“〔〕”，即 related: [示政办发〔2026〕23号]",
    ),
    "brackets_in_list_text": (
        "title: 标题\nrelated: [[试行]办法, 乙]\n",
        "错误 system/a.md:5：第 5 行第 11 列：一行列表 [ … ] 中的值含有方括号“[”，被当作列表中的列表。"
        '修改方法：给含方括号的那一项加英文引号，如 ["[试行]办法", 乙]；'
        '整个值是一段文字时，写成 related: "[[试行]办法, 乙]"',
    ),
    "text_after_bracket": (
        "title: [试行]关于示例事项的办法\n",
        "错误 system/a.md:4：第 4 行第 8 列：没有加引号的值以“[”开头，被当作一行列表，“]”之后的文字无法读取。"
        '修改方法：给整个值加英文引号，即 title: "[试行]关于示例事项的办法"',
    ),
    "unclosed_bracket": (
        "title: 标题\nsummary: {示例\n",
        "错误 system/a.md:5：第 5 行第 10 列：没有加引号的值以“{”开头，被当作一行映射，但这一行没有配对的“}”。"
        '修改方法：给整个值加英文引号，即 summary: "{示例"；若是列表，补上“}”',
    ),
    "text_after_quote": (
        'title: "关于示例事项的通知"（修订）\n',
        "错误 system/a.md:4：第 4 行第 8 列：值以引号开头，配对的引号之后还有文字。"
        "修改方法：给整个值换一种引号括起来，即 title: '\"关于示例事项的通知\"（修订）'",
    ),
    "unclosed_quote": (
        "title: '关于示例事项的通知\nsummary: 示例\n",
        "错误 system/a.md:4：第 4 行第 8 列：值以“'”开头，但没有配对的“'”。修改方法：在值的末尾补上“'”，"
        "或去掉开头的“'”",
    ),
    "bad_escape": (
        'title: 标题\ntopic: "综合政务\\政务公开"\n',
        "错误 system/a.md:5：第 5 行第 13 列：双引号中的反斜杠“\\”不是有效的转义。"
        "修改方法：改用单引号括起来，即 topic: '综合政务\\政务公开'",
    ),
    "colon_in_value": (
        "title: 政策问答: 第一期\n",
        "错误 system/a.md:4：第 4 行第 12 列：没有加引号的值中含有“: ”（冒号加空格），被当作又一个“键: 值”。"
        '修改方法：给整个值加英文引号，即 title: "政策问答: 第一期"',
    ),
    "hash_in_value": (
        "title: 标题\ndoc_no: 示政办发〔2024〕3号 #已废止\n",
        "错误 system/a.md:5：第 5 行第 22 列：没有加引号的值中，“ #”及其后的文字被当作注释，没有读入。"
        '修改方法：若“#”是值的一部分，给整个值加英文引号，即 doc_no: "示政办发〔2024〕3号 #已废止"；若是注释，'
        '把它写在单独的一行',
    ),
    "hash_in_value_whole": (
        "title: 标题\ndoc_no: #3\n",
        "错误 system/a.md:5：第 5 行第 9 列：没有加引号的值中，“ #”及其后的文字被当作注释，没有读入。"
        '修改方法：若“#”是值的一部分，给整个值加英文引号，即 doc_no: "#3"；若是注释，把它写在单独的一行',
    ),
    "unclosed_quote_key": (
        'title: 标题\n"summary: 示例\n',
        '错误 system/a.md:5：第 5 行第 1 列：值以“"”开头，但没有配对的“"”。修改方法：在值的末尾补上“"”，'
        '或去掉开头的“"”',
    ),
    "reserved_start": (
        "title: 标题\npublisher: @示例市人民政府办公室\n",
        "错误 system/a.md:5：第 5 行第 12 列：没有加引号的值以“@”开头，这是 YAML 保留的字符。"
        '修改方法：给整个值加英文引号，即 publisher: "@示例市人民政府办公室"',
    ),
    "indentation": (
        "title: 标题\n  summary: 示例\n",
        "错误 system/a.md:5：第 5 行第 3 列：缩进不一致，这一行与上面同一级的行没有左端对齐。"
        "修改方法：同一级的键（或列表的“- ”）左端对齐，缩进只用英文空格",
    ),
    "other": (
        "title: 标题\n- 示例\n",
        "错误 system/a.md:5：第 5 行第 1 列：这一行不符合“键: 值”的写法。"
        "修改方法：每行写“键: 值”（英文冒号加一个空格）；含冒号、# 或以括号、引号开头的值整体用英文引号括起来",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_front_matter_mistake_is_named_at_its_line_and_column(column_of, name):
    lines, expected = CASES[name]
    column = column_of({"system/a.md": HEAD + lines + "---\n正文。\n"})
    assert errors(column, "system/a.md") == [expected]
    assert "system/a.md" not in column.by_src


@pytest.mark.parametrize("name", CASES)
def test_both_parsers_give_the_same_message(monkeypatch, name):
    """libyaml reads a Tab after a colon, PyYAML's own parser refuses it: the verdict and the
    message must not depend on which one is installed."""
    text = CASES[name][0]
    results = []
    for parser in (yaml.CSafeLoader, yaml.SafeLoader):
        monkeypatch.setattr(yamlfile, "_Parser", parser)
        with pytest.raises(YamlError) as exc:
            load_mapping(text, first_line=4)
        results.append((exc.value.message, exc.value.line, exc.value.fix))
    assert results[0] == results[1]


def test_every_cause_is_tested_and_its_docs_example_gives_it():
    tested = {max((c for c in CAUSES if case.startswith(c)), key=len, default=None) for case in CASES}
    assert tested == set(CAUSES)  # each case is named after its cause
    for cause in CAUSES.values():
        wrong, message, fix = example_error(cause)
        assert message.startswith("第 ") and wrong.strip() and fix
        assert cause.message.split("{")[0] in message


@pytest.mark.parametrize("name", CASES)
def test_no_parser_english(name):
    with pytest.raises(YamlError) as exc:
        load_mapping(CASES[name][0])
    shown = exc.value.message + exc.value.fix
    assert not re.search(r"[a-z]{4,} [a-z]{4,}", shown) and "expected" not in shown and "token" not in shown


def test_a_tab_inside_a_value_or_a_comment_is_text(column_of):
    column = column_of({"system/a.md": HEAD + "title: \"甲\t乙\"\nsummary: 示例      # 注释\n"
                        "# 整行注释 #3\n---\n正文。\n"})
    assert messages(column) == []
    doc = column.by_src["system/a.md"]
    assert (doc.title, doc.summary) == ("甲\t乙", "示例")


def test_full_width_colon_inside_a_value_is_text(column_of):
    column = column_of({"system/a.md": HEAD + "title: 通知：第一期\nsummary: 时间: \"9:30\"”\n---\n正文。\n"})
    [error] = errors(column, "system/a.md")
    assert "第 5 行第 12 列" in error and "含有“: ”" in error  # the second line, not the first
    column = column_of({"system/b.md": HEAD + "title: 通知：第一期\n---\n正文。\n"})
    assert column.by_src["system/b.md"].title == "通知：第一期"


# --- the front matter's --- lines ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("---\ntitle: 标题\npublished: 2024-03-01\n\n正文第一段。\n",
     "错误 system/a.md:1：元数据从第 1 行的“---”开始，但没有结束的“---”行。"
     "修改方法：在元数据最后一行（第 3 行）之后加一行 ---，再写正文"),
    ("---\ntitle: 标题\npublished: 2024-03-01\n# 一、总则\n正文第一段。\n",
     "错误 system/a.md:1：元数据从第 1 行的“---”开始，但没有结束的“---”行。"
     "修改方法：在元数据最后一行（第 3 行）之后加一行 ---，再写正文"),
    ("---\ntitle: 标题\npublished: 2024-03-01\n----\n正文第一段。\n",
     "错误 system/a.md:4：第 4 行“----”不是元数据的结束标记，元数据从第 1 行的“---”开始后没有结束。"
     "修改方法：把第 4 行改为 ---（三个英文减号，前后不加空格和其他文字）"),
    ("---\ntitle: 标题\npublished: 2024-03-01\n——\n正文第一段。\n",
     "错误 system/a.md:4：第 4 行“——”不是元数据的结束标记，元数据从第 1 行的“---”开始后没有结束。"
     "修改方法：把第 4 行改为 ---（三个英文减号，前后不加空格和其他文字）"),
    ("\n---\ntitle: 标题\npublished: 2024-03-01\n---\n正文第一段。\n",
     "错误 system/a.md:1：元数据的“---”写在第 2 行，前面有空行；“---”必须是文件的第 1 行。修改方法：删除第 1 行的空行"),
    ("- - -\ntitle: 标题\npublished: 2024-03-01\n---\n正文第一段。\n",
     "错误 system/a.md:1：第 1 行“- - -”不是元数据的开始标记“---”。"
     "修改方法：把第 1 行改为 ---（三个英文减号，前后不加空格和其他文字）"),
    ("# 标题\n正文第一段。\n",
     "错误 system/a.md:1：文件开头缺少元数据（front matter）。"
     "修改方法：在第1行写 ---，随后逐行写“键: 值”（至少标题和发布日期），再以 --- 结束"),
])
def test_front_matter_lines(column_of, text, expected):
    column = column_of({"system/a.md": text})
    assert errors(column, "system/a.md") == [expected]


# --- .meta.yml and site_config/ ------------------------------------------------------------------

def test_meta_file_mistake(column_of):
    column = column_of({"proactive/budget/.meta.yml": "topic: 财政预决算\npublisher：示例市财政局\n",
                        "proactive/budget/a.md": HEAD + "title: 标题\n---\n正文。\n"})
    assert errors(column, "proactive/budget/.meta.yml") == [
        "错误 proactive/budget/.meta.yml:2：第 2 行第 10 列：键和值之间用了全角冒号“：”。"
        "修改方法：把“：”改为“: ”（英文冒号加一个空格），即 publisher: 示例市财政局"]


def broken_site_config(tmp_path, name: str, old: str, new: str):
    dest = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", dest)
    text = (dest / name).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (dest / name).write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(ContentError) as exc:
        load_site_config(dest)
    return [str(p) for p in exc.value.problems if p.file == f"site_config/{name}"], line


def test_site_config_full_width_colon(tmp_path):
    found, line = broken_site_config(tmp_path, "site.yml", "\norg_code: ", "\norg_code： ")
    assert found == [f"错误 site_config/site.yml:{line + 1}：第 {line + 1} 行第 9 列：键和值之间用了全角冒号“：”。"
                     "修改方法：把“：”改为“: ”（英文冒号加一个空格），即 org_code: 11379900004123456X"]


def test_site_config_tab_indent(tmp_path):
    found, line = broken_site_config(tmp_path, "site.yml", "\n  phone:", "\n\tphone:")
    assert found == [f"错误 site_config/site.yml:{line + 1}：第 {line + 1} 行第 1 列：行首缩进用了 Tab。"
                     "修改方法：把行首的 Tab 改为英文空格，与同一级的行左端对齐"]


def test_site_config_full_width_space_in_a_list(tmp_path):
    text = (ROOT / "site_config/taxonomy.yml").read_text(encoding="utf-8")
    item = re.search(r"\n(  - )(\S.*)", text)
    found, line = broken_site_config(tmp_path, "taxonomy.yml", item.group(0), "\n\u3000- " + item.group(2))
    assert found == [f"错误 site_config/taxonomy.yml:{line + 1}：第 {line + 1} 行第 1 列：行首缩进用了全角空格“　”。"
                     "修改方法：把行首的全角空格改为英文空格，与同一级的行左端对齐"]


def test_docs_table_is_built_from_the_real_messages():
    table = docs_table()
    for cause in CAUSES.values():
        _wrong, message, _fix = example_error(cause)
        assert f"| {cause.title} |" in table and message.replace("|", "\\|") in table


# --- every line of the sample's front matter, broken one at a time --------------------------------

def sample_front_matters():
    from gongkai.core.metadata import split_front_matter

    for path in sorted((ROOT / "content").rglob("*.md")):
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if front:
            yield path.relative_to(ROOT / "content").as_posix(), front


def test_a_full_width_colon_on_any_line_is_named_at_that_line():
    """In every front matter of the sample, each “键: 值” line in turn gets a full-width colon: the
    message names that line (never the next one), its column, and the line as it was before."""
    tried = 0
    for rel, front in sample_front_matters():
        lines = front.split("\n")
        for number, line in enumerate(lines):
            key = re.match(r"([^\s#:：\"'\[{-][^:：]*?): ", line)  # a top-level key and its value
            if not key:
                continue
            broken = [*lines[:number], line.replace(": ", "：", 1), *lines[number + 1:]]
            with pytest.raises(YamlError) as exc:
                load_mapping("\n".join(broken), first_line=2)
            where = (rel, number + 2)
            assert exc.value.line == number + 2, (where, exc.value.message)
            assert exc.value.message == f"第 {number + 2} 行第 {key.end() - 1} 列：键和值之间用了全角冒号“：”", where
            shown = line.strip() if len(line.strip()) <= 80 else line.strip()[:79] + "…"
            assert exc.value.fix.endswith("即 " + shown), where
            tried += 1
    assert tried > 400


def test_a_tab_or_full_width_space_in_any_indentation_is_named_at_that_line():
    tried = 0
    for rel, front in sample_front_matters():
        lines = front.split("\n")
        for number, line in enumerate(lines):
            if not line.startswith("  ") or not line.strip() or line.strip().startswith("#"):
                continue
            for char, cause in (("\t", "行首缩进用了 Tab"), ("\u3000", "行首缩进用了全角空格“　”")):
                broken = [*lines[:number], char + line[2:], *lines[number + 1:]]
                with pytest.raises(YamlError) as exc:
                    load_mapping("\n".join(broken), first_line=2)
                assert exc.value.message == f"第 {number + 2} 行第 1 列：{cause}", (rel, number + 2, exc.value.message)
                tried += 1
    assert tried > 50


def test_landing_page_without_its_closing_line(tmp_path):
    from gongkai import pipeline

    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "site_config", tmp_path / "site_config")
    landing = tmp_path / "content" / "index.md"
    text = landing.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    landing.write_text(text.replace("\n---\n", "\n\n", 1), encoding="utf-8")
    column = pipeline.load(tmp_path, {"SOURCE_DATE_EPOCH": "1795579200"}, strict=False)
    [error] = [str(p) for p in column.problems.errors if p.file == "index.md"]
    assert error.startswith(
        "错误 index.md:1：元数据从第 1 行的“---”开始，但没有结束的“---”行。修改方法：在元数据最后一行（第 "
    )
