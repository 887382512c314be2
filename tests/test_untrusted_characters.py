"""Invisible characters in values (issue 12): controls, lone surrogates and direction overrides are
refused with the character named; zero-width characters pasted from Word are kept with a warning."""

from __future__ import annotations

import pytest

from conftest import doc_text, messages

SRC = "proactive/budget/a.md"


@pytest.mark.parametrize("escape, codepoint", [
    ("\\x0b", "U+000B"), ("\\e", "U+001B"), ("\\x7f", "U+007F"), ("\\x85", "U+0085"),
    ("\\u202e", "U+202E"), ("\\u2066", "U+2066"), ("\\ud800", None), ("\\uffff", "U+FFFF"),
    ("\\u2028", "U+2028"), ("\\N", "U+0085"),
])
@pytest.mark.parametrize("field", ["title", "summary", "publisher"])
def test_refused_characters_are_an_error_naming_them(column_of, field, escape, codepoint):
    column = column_of({SRC: doc_text(**{field: f'"预算{escape}标题"'})})
    errors = messages(column, "错误")
    assert len(errors) == 1, errors  # one message, no cascade ("缺少标题")
    assert SRC + ":" in errors[0] and "Traceback" not in errors[0]
    if codepoint:  # a lone surrogate is refused by the YAML reader itself, at its line
        assert f"字段“{field}”" in errors[0] and codepoint in errors[0], errors
        assert f"值“预算\\u{codepoint[2:].lower()}标题”" in errors[0], errors  # the value shown, the character escaped


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("quote", ["", "'", '"'])
def test_line_breaks_only_yaml_sees_are_refused_at_their_line(column_of, char, quote):
    # pasted raw, YAML would read NEL / LINE SEPARATOR / PARAGRAPH SEPARATOR as a line break and
    # fold it into a space: the title would silently differ from the file
    column = column_of({SRC: doc_text(title=f"{quote}预算{char}标题{quote}")})
    errors = messages(column, "错误")
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"错误 {SRC}:2") and f"U+{ord(char):04X}" in errors[0] and "特殊换行符" in errors[0], (
        errors
    )
    assert SRC not in column.by_src


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u00ad", "\u200d"])
def test_zero_width_characters_are_kept_with_a_warning(column_of, char):
    column = column_of({SRC: doc_text(title=f"预算{char}标题")})
    assert not messages(column, "错误")
    warnings = messages(column, "警告")
    assert any(f"U+{ord(char):04X}" in w and "字段“title”" in w for w in warnings), warnings
    assert column.by_src[SRC].title == f"预算{char}标题"  # kept as typed, never silently changed


@pytest.mark.parametrize("file, old, new, field", [
    ("site.yml", "name: 示例市人民政府办公室", 'name: "示例市\\u202e办公室"', "name"),
    ("site.yml", "  address: 示例市人民路1号市政府大楼3楼305室", '  address: "人民路\\x1b1号"', "contact.address"),
    ("taxonomy.yml", "  budget: 财政预算决算", '  budget: "财政\\x0b预算"', "proactive.budget"),
])
def test_site_config_text_is_refused_too(tmp_path, file, old, new, field):
    import shutil

    from conftest import ROOT
    from gongkai.core.problems import ContentError
    from gongkai.core.siteconfig import load_site_config

    config = tmp_path / "site_config"
    shutil.copytree(ROOT / "site_config", config)
    path = config / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site_config(config)
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == 1 and f"site_config/{file}" in lines[0] and f"字段“{field}”" in lines[0], lines
