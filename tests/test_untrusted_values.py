"""Property tests (Hypothesis) for issue 12, class 4: whatever a webmaster types as a front-matter
value, the column either holds a document whose field is the value as typed (stripped), or reports
a problem in Chinese naming the file; never an exception, never a silently changed value.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DAY, GUIDE, ORG, ROOT, examples
from gongkai.core.column import load_column
from gongkai.core.siteconfig import load_site_config
from gongkai.core.text import refused_characters
from gongkai.files.yamlfile import YamlError, load_mapping

SITE = load_site_config(ROOT / "site_config")
CJK = re.compile(r"[\u4e00-\u9fff]")
YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
SRC = "system/a.md"
# database=None: examples are not stored in the shared checkout (.hypothesis/)
SETTINGS = settings(max_examples=examples(200), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

YAML_SPECIAL = ["yes", "no", "on", "off", "y", "n", "true", "False", "1e3", "0017", "9:30", "1:2:3", ".nan",
                ".inf", "-.inf", "~", "null", "", "2024.10", "0x1A", "0o17", "0b101", "+12", "-0", "1_000",
                "2024-03-01", "2024-03-01 10:00:00", "<<", "=", "!", "&a", "*a", "!!str", "%", "@", "`"]
HTML = ["<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>", "&amp;", "&lt;b&gt;",
        "</title><script>x</script>", "<b>粗</b>", "javascript:alert(1)", "{{ config }}", "{% raw %}"]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(st.sampled_from(YAML_SPECIAL + HTML), TEXT,
                   st.builds(lambda a, b: a + b, st.sampled_from(YAML_SPECIAL + HTML), TEXT))
# Text that YAML reads as one plain scalar when typed without quotes (no indicator, no " #", no ": ")
PLAIN_SAFE = st.from_regex(
    r"[A-Za-z0-9\u4e00-\u9fa5\u2f00-\u2fd5（）〔〕《》，。；、.+_~=()][A-Za-z0-9\u4e00-\u9fa5（）〔〕.+_~=()-]{0,20}",
    fullmatch=True,
)
DOC_NOS = st.builds(lambda prefix, open_, year, di, num, close: f"{prefix}{open_}{year}{close}{di}{num}号",
                    st.one_of(st.sampled_from(["示政办发", "<script>", "示\"政", "示'政", "示&政", "示 政", ""]),
                              st.text(min_size=0, max_size=6)),
                    st.sampled_from("〔[【(（<"), st.integers(1000, 9999), st.sampled_from(["", "第"]),
                    st.sampled_from(["1", "17", "0017", "08"]), st.sampled_from("〕]】)）>"))


def column_with(meta_lines: str):
    """The column of a guide and one system/ document whose front matter ends with ``meta_lines``."""
    text = f"---\nindex_no: {ORG}/2024-00001\npublished: 2024-03-01\n{meta_lines}---\n正文第一段。\n"
    (CONTENT / SRC).write_text(text, encoding="utf-8")  # one folder for every example: mkdir/rmdir are slow
    return load_column(CONTENT, SITE, DAY)


_TMP = tempfile.TemporaryDirectory(prefix="untrusted-values-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None)
CONTENT = Path(_TMP.name) / "content"
for _rel in ("guide/index.md", SRC):
    (CONTENT / _rel).parent.mkdir(parents=True, exist_ok=True)
(CONTENT / "guide/index.md").write_text(GUIDE, encoding="utf-8")


def assert_problems_are_chinese(column) -> None:
    for problem in column.problems.items:
        assert CJK.search(problem.message), str(problem)
        assert problem.file, str(problem)


def field_problems(column, *fields):
    return [p for p in column.problems.items if p.file == SRC and p.field in fields]


def quoted(key: str, value: str) -> str:
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=10**6)
    if YAML_ONLY_BREAKS.search(dumped):
        # PyYAML writes NEL, U+2028 and U+2029 raw, and a YAML reader takes them for line breaks
        # (refused at their line: tests/test_untrusted_characters.py); typed as escapes, the value
        # holds them and the field's own check must refuse it
        return f'{key}: "{_escaped(value)}"\n'
    return dumped


def _escaped(value: str) -> str:
    """``value`` inside YAML double quotes: what YAML cannot hold raw as escapes, the rest as is."""
    def one(ch: str) -> str:
        if ch in '"\\':
            return "\\" + ch
        code = ord(ch)
        if code < 0x20 or 0x7F <= code <= 0x9F or ch in "\u2028\u2029\ufffe\uffff":
            return f"\\u{code:04x}"
        return ch
    return "".join(map(one, value))


@SETTINGS
@given(title=VALUES, summary=VALUES, publisher=VALUES)
def test_text_fields_are_kept_as_typed_or_refused(title, summary, publisher):
    meta = quoted("title", title) + quoted("summary", summary) + quoted("publisher", publisher)
    column = column_with(meta)
    assert_problems_are_chinese(column)
    doc = column.by_src.get(SRC)
    # controls, surrogates, direction overrides: an error naming the field (the other fields of a
    # document without a title are judged once it has one)
    checked = (("title", title), ("summary", summary), ("publisher", publisher)) if doc else (("title", title),)
    for field, typed in checked:
        if refused_characters(typed):
            assert [p for p in field_problems(column, field) if p.level == "错误"], (field, typed)
    if doc is None:
        assert [p for p in column.problems.errors if p.file == SRC], "dropped without an error"
        assert (not title.strip() or refused_characters(title)) and field_problems(column, "title")
        return
    assert doc.title == title.strip()
    kept_publisher = publisher.strip() if not refused_characters(publisher) else ""
    assert doc.publisher == (kept_publisher or SITE.name)
    if summary.strip() and not refused_characters(summary):
        assert doc.summary == summary.strip() and doc.summary_given
    else:
        assert doc.summary == "正文第一段。"


@SETTINGS
@given(doc_no=st.one_of(DOC_NOS, VALUES))
def test_doc_no_is_kept_normalised_with_a_warning_or_refused(doc_no):
    column = column_with(quoted("title", "标题") + quoted("doc_no", doc_no))
    assert_problems_are_chinese(column)
    doc = column.by_src[SRC]
    if doc.doc_no is None:
        assert not doc_no.strip() or [p for p in field_problems(column, "doc_no") if p.level == "错误"]
        return
    assert not set(doc.doc_no) & set("<>\"'&")
    if doc.doc_no != doc_no.strip():
        assert field_problems(column, "doc_no") or doc.doc_no == re.sub(r"[ \u3000]", "", doc_no)


@SETTINGS
@given(
    typed=st.one_of(st.sampled_from(YAML_SPECIAL + HTML), PLAIN_SAFE),
    key=st.sampled_from(["title", "标题", "summary", "publisher"]),
)
def test_values_typed_without_quotes(typed, key):
    column = column_with(f"{key}: {typed}\n" + ("" if key in ("title", "标题") else "title: 标题\n"))
    assert_problems_are_chinese(column)
    doc = column.by_src.get(SRC)
    if doc is None:
        assert [p for p in column.problems.errors if p.file == SRC], "dropped without an error"
        return
    field = {"标题": "title"}.get(key, key)
    shown = getattr(doc, field)
    if field_problems(column, key) and any(p.level == "错误" for p in field_problems(column, key)):
        return  # refused with a message (a value YAML would read as something else)
    if shown == typed:
        return
    # only "no value" may differ: ~, null and empty leave the field to its default
    assert typed.strip() in ("", "~", "null"), (typed, shown)


YAML_CHARS = st.sampled_from([*"abc:-#&*!|>%@`,?[]{}'\"\n\t ", "键", "值", "- ", ": ", "\n  ", "&a ", "*a", "!!"])


@settings(max_examples=examples(200), deadline=None, database=None)
@given(text=st.lists(YAML_CHARS, max_size=40).map("".join))
def test_loader_gives_a_mapping_or_a_chinese_error(text):
    try:
        mapping = load_mapping(text, first_line=2)
    except YamlError as exc:
        assert CJK.search(exc.message) and (exc.fix is None or CJK.search(exc.fix))
        assert exc.line is None or 2 <= exc.line <= text.count("\n") + 3
        return
    for key, value in mapping.values.items():
        assert type(key) is str
        assert value is None or isinstance(value, (str, list, dict))
