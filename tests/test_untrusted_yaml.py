"""Issue 12, class 4 (YAML means what was typed) and the reading half of class 8 (limits).

Front matter, .meta.yml and site_config/ values keep the text their author typed, or are refused
with a Chinese message naming file, line and value; anchors, aliases, merge keys and tags are
refused; nesting and sizes are limited; a present but empty required value is an error naming its
field; keys and choice values are matched in NFKC; a 文号 or 索引号 never holds markup; site_url is
an http(s) URL. One real build shows the page prints what was typed and check == build.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import time

import pytest

from conftest import ORG, ROOT, copy_project, doc_text, gongkai, messages, mkdocs_build
from gongkai.core.metadata import normalise_doc_no
from gongkai.core.problems import ContentError
from gongkai.core.siteconfig import load_site_config, url_problem
from gongkai.files.yamlfile import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_FRONT_MATTER_BYTES,
    Plain,
    YamlError,
    load_mapping,
    read_text,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def front(body: str, index_seq: int = 1) -> str:
    """A system/ document whose front matter ends with ``body`` (lines from line 4 on)."""
    return f"---\nindex_no: {ORG}/2024-{index_seq:05d}\npublished: 2024-03-01\n{body}\n---\n正文。\n"


def errors_of(column, src: str) -> list[str]:
    return [str(p) for p in column.problems.sorted() if p.level == "错误" and p.file == src]


# --- 1. values as typed ------------------------------------------------------------------------

AS_TYPED = ["2024.10", "9:30", "yes", "on", "no", "off", "true", "1e3", ".inf", "-.inf", ".nan", "0x1A", "0o17",
            "0017", "1_000", "2024-03-01", "12:30:45", "+12", "0b101", "2024.10.01", "Y", "n", "1:2:3"]


@pytest.mark.parametrize("typed", AS_TYPED)
def test_plain_scalars_are_the_text_typed(typed):
    mapping = load_mapping(f"title: {typed}\nlist: [{typed}, {typed}]\nmap: {{a: {typed}}}\n")
    assert mapping.values["title"] == typed and isinstance(mapping.values["title"], Plain)
    assert mapping.values["list"] == [typed, typed] and mapping.values["map"] == {"a": typed}


def test_no_value_and_quoted_and_block_scalars():
    mapping = load_mapping("a:\nb: ~\nc: null\nd: NULL\ne: ''\nf: \"null\"\ng: |\n  第一行\n  第二行\nh: '9:30'\n")
    v = mapping.values
    assert (v["a"], v["b"], v["c"], v["d"]) == (None, None, None, None)
    assert (v["e"], v["f"], v["g"], v["h"]) == ("", "null", "第一行\n第二行\n", "9:30")
    assert not isinstance(v["h"], Plain) and not isinstance(v["g"], Plain)
    assert mapping.lines == {k: i for i, k in enumerate("abcdefg", 1)} | {"h": 10}


def test_keys_are_text_as_typed():
    mapping = load_mapping("2024: a\nyes: b\n1.10: c\n")
    assert list(mapping.values) == ["2024", "yes", "1.10"]


def test_document_fields_keep_what_was_typed(column_of):
    column = column_of({
        "system/a.md": front("title: 2024.10\nsummary: 9:30\npublisher: 0x1A"),
        "system/b.md": front("title: yes\nsummary: 1e3\nrepeal_basis: .inf", 2),
        "system/c.md": front("title: on\nsummary: 0o17\nrelated: [2024.10]", 3),
    })
    a, b, c = (column.by_src[f"system/{n}.md"] for n in "abc")
    assert (a.title, a.summary, a.publisher) == ("2024.10", "9:30", "0x1A")
    assert (b.title, b.summary, b.repeal_basis) == ("yes", "1e3", ".inf")
    assert (c.title, c.summary) == ("on", "0o17")
    assert all(type(x) is str for x in (a.title, a.summary, a.publisher, b.title))


@pytest.mark.parametrize("field, typed, message", [
    ("doc_no", "0017", "不符合文号格式"),
    ("doc_no", "1e3", "不符合文号格式"),
    ("index_no", "1e3", "不符合本机关索引号格式"),
    ("index_no", "0x1A", "不符合本机关索引号格式"),
    ("published", "1e3", "不是可识别的日期格式"),
    ("written", "20240301", "不是可识别的日期格式"),
    ("status", "yes", "不是允许的取值"),
    ("doc_type", "true", "不是允许的取值"),
])
def test_special_scalars_are_judged_as_text(column_of, field, typed, message):
    fields = {"title": "标题", "index_no": f"{ORG}/2024-00001", "published": "2024-03-01", field: typed}
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n正文\n"
    column = column_of({"system/a.md": text})
    [error] = [e for e in errors_of(column, "system/a.md") if f"“{field}”" in e]
    assert message in error and f"值“{typed}”" in error and "system/a.md:" in error


def test_annual_report_numbers_are_read_from_the_text(column_of):
    rows = {"0017": "数字前多写了 0", "1e3": "应为数字", "0x1A": "应为数字", "1_000": "应为数字", ".inf": "应为数字",
            "yes": "应为数字", "12.0": "应为整数"}
    for typed, message in rows.items():
        text = ("---\ntitle: 示例2024年政府信息公开工作年度报告\npublished: 2025-01-20\n"
                f"主动公开政府信息情况:\n  第二十条第（一）项:\n    规章: [{typed}, 0, 3]\n---\n正文\n")
        column = column_of({"annual-reports/2024.md": text})
        found = [m for m in messages(column, "错误") if f"值“{typed}”" in m]
        assert found and message in found[0], (typed, messages(column))


# --- 2. anchors, aliases, merge keys, tags, nesting ----------------------------------------------

@pytest.mark.parametrize("text, line, message", [
    ("a: 1\nb: &x 2\n", 2, "不支持 YAML 锚点“&x”"),
    ("a: 1\nb: *x\n", 2, "不支持 YAML 别名“*x”"),
    ("a: {b: 1}\n<<: {c: 2}\n", 2, "不支持 YAML 合并键“<<”"),
    ("a: !!python/object/apply:os.system [ls]\n", 1, "不支持 YAML 标签“!!python/object/apply:os.system”"),
    ("a: 1\nb: !!str 2024.10\n", 2, "不支持 YAML 标签“!!str”"),
    ("a: !foo 1\n", 1, "不支持 YAML 标签“!foo”"),
    ("a:\n  - !!binary aGVsbG8=\n", 2, "不支持 YAML 标签“!!binary”"),
    ("? [a, b]\n: 1\n", 1, "键应是一段文字"),
    ("a: 1\n---\nb: 2\n", 2, "不能用 --- 分出第二部分"),
    ("- a\n- b\n", 1, "内容应是“键: 值”形式的映射"),
])
def test_yaml_features_are_refused_with_their_line(text, line, message):
    with pytest.raises(YamlError) as exc:
        load_mapping(text, first_line=1)
    assert message in exc.value.message and exc.value.line == line and CJK.search(exc.value.fix)


def test_billion_laughs_is_refused_at_once():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lines) + "\n"
    assert len(text.encode()) < 1024
    # CPU time, not wall time: refused before any alias is expanded (expanding them takes seconds of
    # CPU), whatever else the machine runs (a wall-time bound failed once at load 6)
    start = time.process_time()
    with pytest.raises(YamlError) as exc:
        load_mapping(text)
    assert time.process_time() - start < 0.1
    assert "锚点" in exc.value.message and exc.value.line == 1


@pytest.mark.parametrize("text", [
    "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    "a: " + "[" * 100_000 + "]" * 100_000,
    "a: " + "{b: " * 500 + "1" + "}" * 500,
    "".join(" " * (2 * i) + f"k{i}:\n" for i in range(300)) + " " * 600 + "x: 1\n",
    "".join(" " * (2 * i) + "-\n" for i in range(300)),
])
def test_deep_nesting_is_refused_before_building(text):
    start = time.process_time()  # CPU time: the bound holds on a loaded machine too
    with pytest.raises(YamlError) as exc:
        load_mapping(text)
    assert time.process_time() - start < 0.5
    assert f"嵌套超过 {MAX_DEPTH} 层" in exc.value.message


def test_nesting_up_to_the_limit_is_read():
    text = "a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1)
    value = load_mapping(text).values["a"]
    for _ in range(MAX_DEPTH - 2):
        value = value[0]
    assert value == ["x"]


@pytest.mark.parametrize("text, message", [
    ("a: b: c\n", "含有“: ”"),
    ("a: 'x\n", "没有配对的“'”"),
    ("title: [试行]办法\n", "“]”之后的文字无法读取"),
    ("title: [试行办法\n", "以“[”开头，被当作一行列表"),
    ("title: {试行办法\n", "以“{”开头，被当作一行映射"),
    ('a: "C:\\q"\n', "反斜杠"),
    ("a: *注意\n", "以“*”开头"),
    ("a: @x\n", "保留的字符"),
    ("a: 1\n\tb: x\n", "Tab"),
    ("a: x\x07y\n", "控制字符 U+0007"),
])
def test_syntax_errors_are_in_chinese(text, message):
    with pytest.raises(YamlError) as exc:
        load_mapping(text)
    assert message in exc.value.message and exc.value.line == text.count("\n", 0, text.rindex(": ")) + 1
    assert not re.search(r"[a-z]{4,} [a-z]{4,}", exc.value.message + exc.value.fix)  # no parser English


def test_refused_yaml_in_a_document_and_a_meta_file(column_of):
    column = column_of({
        "system/a.md": front("title: &t 标题\nsummary: *t"),
        "proactive/budget/.meta.yml": "publisher: !!str 示例\n",
        "proactive/budget/b.md": doc_text(2),
    })
    [a] = errors_of(column, "system/a.md")
    assert "system/a.md:4" in a and "锚点“&t”" in a
    [meta] = errors_of(column, "proactive/budget/.meta.yml")
    assert "proactive/budget/.meta.yml:1" in meta and "标签“!!str”" in meta


# --- 3. present but empty required values --------------------------------------------------------

@pytest.mark.parametrize("line, field, message", [
    ("published:", "published", "发布日期没有填写"),
    ('published: ""', "published", "发布日期没有填写"),
    ("published: ~", "published", "发布日期没有填写"),
    ("发布日期: null", "发布日期", "发布日期没有填写"),
    ("title:", "title", "标题没有填写"),
    ('title: ""', "title", "标题没有填写"),
    ("title: '   '", "title", "标题没有填写"),
    ("标题:", "标题", "标题没有填写"),
])
def test_empty_required_value_names_field_and_line(column_of, line, field, message):
    key = "title" if field in ("title", "标题") else "published"
    fields = {"title": "标题", "index_no": f"{ORG}/2024-00001", "published": "2024-03-01"}
    lines = [f"{k}: {v}" for k, v in fields.items() if k != key]
    text = "---\n" + "\n".join(lines) + f"\n{line}\n---\n正文\n"
    column = column_of({"system/a.md": text})
    errors = errors_of(column, "system/a.md")
    assert any(message in e and f"字段“{field}”" in e and "system/a.md:4" in e for e in errors), errors
    assert "system/a.md" not in column.by_src


def test_empty_index_no_names_its_line(column_of):
    column = column_of({"system/a.md": "---\ntitle: 标题\nindex_no:\npublished: 2024-03-01\n---\n正文\n"})
    [error] = errors_of(column, "system/a.md")
    assert "system/a.md:3" in error and "索引号没有填写" in error


def test_empty_published_in_meta_file_is_reported_there(column_of):
    column = column_of({"proactive/budget/.meta.yml": "published:\n", "proactive/budget/a.md":
                        f"---\ntitle: 标题\nindex_no: {ORG}/2024-00001\n---\n正文\n"})
    [error] = messages(column, "错误")
    assert "proactive/budget/.meta.yml:1" in error and "发布日期没有填写" in error


def test_no_document_is_dropped_without_an_error_naming_it(column_of):
    files = {
        "system/a.md": front("title:"),
        "system/b.md": "---\ntitle: x\npublished:\n---\n",
        "system/c.md": "---\ntitle: [a, b]\npublished: 2024-03-01\n---\n",
        "system/d.md": "---\ntitle: x\npublished: 2024-02-30\n---\n",
        "system/e.md": "---\n: x\n---\n",
        "system/f.md": "no front matter\n",
        "system/g.md": "---\ntitle: x\npublished: &p 2024-03-01\n---\n",
        "system/h.md": "---\n- a\n---\n",
    }
    column = column_of(files)
    for src in files:
        assert src not in column.by_src
        assert errors_of(column, src), src


# --- 4. NFKC matching ----------------------------------------------------------------------------

def test_kangxi_radical_in_a_key_is_recognised_with_a_warning(column_of):
    text = f"---\ntitle: 标题\nindex_no: {ORG}/2024-00001\n发布\u2f47期: 2024-03-01\n---\n正文\n"
    column = column_of({"system/a.md": text})
    doc = column.by_src["system/a.md"]
    assert doc.published == dt.date(2024, 3, 1) and column.problems.errors == []
    [warning] = messages(column, "警告")
    assert "system/a.md:4" in warning and "U+2F47" in warning and "应为“日”" in warning and "发布日期" in warning


def test_odd_characters_in_choice_values_and_dates(column_of):
    text = front("title: 标题\nstatus: 已废\u2f4c\nrepealed: 2024年5月1\u2f47\ndoc_type: 行政规范性文件\n"
                 "disclosure: 主动公开\ntopic: 综合政务＼政务公开\nexpires: ２０３０－０１－０１")
    column = column_of({"system/a.md": text})
    doc = column.by_src["system/a.md"]
    assert (doc.status, doc.topic, doc.repealed) == ("已废止", "综合政务\\政务公开", dt.date(2024, 5, 1))
    assert doc.expires == dt.date(2030, 1, 1)
    warnings = messages(column, "警告")
    assert any("“status”" in w and "U+2F4C" in w and "已废止" in w for w in warnings)
    assert any("“repealed”" in w and "U+2F47" in w for w in warnings)
    assert not any("“topic”" in w or "“expires”" in w for w in warnings)  # full width is what IMEs type


def test_displayed_text_is_not_rewritten_but_warned(column_of):
    title = "关于印发\u2f47常管理办法的通知"
    column = column_of({"system/a.md": front(f"title: {title}")})
    assert column.by_src["system/a.md"].title == title
    [warning] = messages(column, "警告")
    assert "“title”" in warning and "关于印发日常管理办法的通知" in warning


def test_unknown_key_after_nfkc_gets_a_guess(column_of):
    column = column_of({"system/a.md": front("title: 标题\n发布\u2f47朝: x")})
    [warning] = messages(column, "警告")
    assert "是否想写“发布日期”" in warning


# --- 5. markup in 文号, 索引号, site_config -------------------------------------------------------

@pytest.mark.parametrize("typed", ["<script>〔2024〕1号", "示政发〔2024〕1号<b>", "a\"b〔2024〕1号", "x'y〔2024〕1号",
                                   "示&amp;发〔2024〕1号", "<img src=x>令第3号", "示政发<〔2024〕1号"])
def test_doc_no_with_markup_never_matches(typed):
    normal, problem = normalise_doc_no(typed)
    assert normal is None and "不符合文号格式" in problem


def test_index_no_with_markup_never_matches(column_of):
    column = column_of({"system/a.md": front("title: t").replace(f"{ORG}/2024-00001", f"'{ORG}/2024-00001<b>'")})
    assert any("不符合本机关索引号格式" in e for e in errors_of(column, "system/a.md"))


def config_with(tmp_path, **replace):
    dest = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", dest)
    text = (dest / "site.yml").read_text(encoding="utf-8")
    for old, new in replace.items():
        line = f"{old}: {new}" if new is not None else ""
        # a function, not a template: the value is taken literally (no backslash escapes)
        text = re.sub(rf"(?m)^{old}:.*$", lambda _match, line=line: line, text)
    (dest / "site.yml").write_text(text, encoding="utf-8")
    return dest


@pytest.mark.parametrize("url, reason", [
    ("javascript:alert(1)", "应以 https:// 或 http:// 开头"),
    ("ftp://example.gov.cn/", "应以 https:// 或 http:// 开头"),
    ("'https://x.gov.cn/\"><script>alert(1)</script>'", "含有不能出现在网址中的字符"),
    ("https://x.gov.cn/a b/", "U+0020"),
    ("https:///zwgk/", "缺少域名"),
    ("www.example.gov.cn/zwgk/", "应以 https:// 或 http:// 开头"),
    ("https://x.gov.cn:99999/", "端口"),
    ('"https://x.gov.cn/\\u200b"', "U+200B"),
])
def test_bad_site_url_is_refused_with_line(tmp_path, url, reason):
    with pytest.raises(ContentError) as exc:
        load_site_config(config_with(tmp_path, site_url=url))
    [problem] = [p for p in exc.value.problems if p.field == "site_url"]
    assert reason in problem.message and problem.line == 7 and "https://" in problem.fix


def test_good_site_urls():
    for url in ("https://www.example.gov.cn/zwgk/", "http://10.0.0.1:8080/", "https://政府.cn/"):
        assert url_problem(url) == ""


def test_site_url_may_be_left_out(tmp_path):
    assert load_site_config(config_with(tmp_path, site_url=None)).site_url == ""


@pytest.mark.parametrize("key, value", [("org_code", "ABC<script>"), ("org_code", "'A\"B'"),
                                        ("index_no_pattern", "'{org_code}/<{yyyy}>-{seq:05d}'"),
                                        ("index_no_pattern", "'{org_code} {yyyy}-{seq}'")])
def test_index_no_parts_with_markup_are_refused(tmp_path, key, value):
    with pytest.raises(ContentError) as exc:
        load_site_config(config_with(tmp_path, **{key: value}))
    assert any(p.field == key and "含有不能出现在索引号中的字符" in p.message for p in exc.value.problems)


def test_site_config_values_as_typed(tmp_path):
    dest = config_with(tmp_path, name="2024.10")
    text = (dest / "site.yml").read_text(encoding="utf-8").replace("phone: 0999-12345678", "phone: 053112345678")
    text = text.replace("hours: 工作日", "hours: 9:30")
    (dest / "site.yml").write_text(text.replace("\n  fax:", "\n  fax: yes\n  x_fax:"), encoding="utf-8")
    site = load_site_config(dest)
    assert (site.name, site.contact["phone"], site.contact["fax"]) == ("2024.10", "053112345678", "yes")
    assert site.contact["hours"].startswith("9:30")


def test_site_config_anchor_is_refused(tmp_path):
    dest = config_with(tmp_path, name="&n 示例", org_code="*n")
    with pytest.raises(ContentError) as exc:
        load_site_config(dest)
    assert "site_config/site.yml:2" in str(exc.value) and "锚点“&n”" in str(exc.value)


# --- 6. reading limits ---------------------------------------------------------------------------

def test_huge_markdown_file_is_refused_quickly(column_of, tmp_path):
    body = ("正文一段。" * 1000 + "\n") * 300  # about 4.5 MB
    start = time.perf_counter()
    column = column_of({"system/a.md": doc_text() + body})
    assert time.perf_counter() - start < 1.0
    [error] = errors_of(column, "system/a.md")
    assert "MB，超过上限 2.0 MB" in error and "拆分" in error


def test_read_text_reads_no_further_than_the_limit(tmp_path):
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:  # a sparse 3 GB file: reading it whole would take GBs of memory
        handle.truncate(3 * 1024 ** 3)
    start = time.perf_counter()
    with pytest.raises(YamlError) as exc:
        read_text(path)
    assert time.perf_counter() - start < 0.5
    assert "3072.0 MB" in exc.value.message
    small = tmp_path / "small.md"
    small.write_bytes(b"x" * MAX_FILE_BYTES)
    assert len(read_text(small)) == MAX_FILE_BYTES


def test_huge_front_matter_is_refused(column_of):
    big = "summary: " + "很长的概述" * (MAX_FRONT_MATTER_BYTES // 15 + 100)
    column = column_of({"system/a.md": front(f"title: 标题\n{big}")})
    [error] = errors_of(column, "system/a.md")
    assert re.search(r"system/a\.md:1：元数据（front matter）有 \d+ KB，超过上限 64 KB", error) and "附件" in error


def test_real_documents_are_well_below_the_limits():
    for path in (ROOT / "content").rglob("*.md"):
        assert path.stat().st_size * 20 < MAX_FILE_BYTES, path


# --- 7. one real build: the page prints what was typed; check and build agree -------------------

AS_TYPED_FILES = {
    "proactive/budget/typed-a.md": f"---\ntitle: 2024.10\nindex_no: {ORG}/2024-00901\npublished: 2024-10-08\n"
                                   "summary: 9:30\npublisher: 0x1A\n---\n正文。\n",
    "proactive/budget/typed-b.md": f"---\ntitle: yes\nindex_no: {ORG}/2024-00902\npublished: 2024-10-09\n"
                                   "summary: 1e3\n---\n正文。\n",
}
BROKEN_FILES = {
    "proactive/budget/empty-published.md": f"---\ntitle: 空发布日期\nindex_no: {ORG}/2024-00903\n"
                                           "published:\n---\n正文\n",
    "proactive/budget/anchor.md": f"---\ntitle: &t 锚点\nindex_no: {ORG}/2024-00904\n"
                                  "published: 2024-10-09\n---\n正文\n",
    "proactive/budget/markup.md": f"---\ntitle: 文号\nindex_no: {ORG}/2024-00905\npublished: 2024-10-09\n"
    "doc_no: <script>〔2024〕1号\n---\n正文\n",
}


def test_build_prints_values_as_typed_and_check_agrees(tmp_path):
    project = copy_project(tmp_path / "ok")
    for rel, text in AS_TYPED_FILES.items():
        (project / "content" / rel).write_text(text, encoding="utf-8")
    checked = gongkai(project, "check", "--strict")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    html = (tmp_path / "site/proactive/budget/typed-a/index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "2024.10" in html and "2024.1<" not in html
    assert "0x1A" in html
    entries = {e["path"]: e for e in json.loads((tmp_path / "site/catalogue.json").read_text("utf-8"))["documents"]}
    assert entries["proactive/budget/typed-a.md"]["summary"] == "9:30"
    assert (entries["proactive/budget/typed-b.md"]["title"], entries["proactive/budget/typed-b.md"]["summary"]) \
        == ("yes", "1e3")
    assert "9:30" in (tmp_path / "site/catalogue.csv").read_text("utf-8")
    html_b = (tmp_path / "site/proactive/budget/typed-b/index.html").read_text(encoding="utf-8")
    assert ">yes<" in html_b or "yes</" in html_b
    assert "True" not in html_b

    broken = copy_project(tmp_path / "broken")
    for rel, text in BROKEN_FILES.items():
        (broken / "content" / rel).write_text(text, encoding="utf-8")
    checked = gongkai(broken, "check")
    built = mkdocs_build(broken, tmp_path / "site2")
    build_output = built.stdout + built.stderr
    assert checked.returncode != 0 and built.returncode != 0
    assert "Traceback" not in build_output + checked.stdout + checked.stderr
    expected = ["proactive/budget/empty-published.md:4", "发布日期没有填写",
                "proactive/budget/anchor.md:2", "不支持 YAML 锚点“&t”",
                "proactive/budget/markup.md:5", "值“<script>〔2024〕1号”"]
    for text in expected:
        assert text in checked.stdout + checked.stderr, (text, checked.stdout)
        assert text in build_output, (text, build_output)
