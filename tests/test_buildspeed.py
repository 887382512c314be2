"""The build's CPU cuts (#17 items 3 and 5) change no output: each faster path is compared with
the slower one it replaced, on inputs made to hit its edge cases."""

from __future__ import annotations

import random
from unittest import mock

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from gongkai.pages import bodyhtml, bodylinks


def test_bracket_depth_matches_the_char_loop():
    rnd = random.Random(17)
    for _ in range(3000):
        lines = ["".join(rnd.choice("ab[]\\\\ 中") for _ in range(rnd.randint(0, 16))) for _ in range(3)]
        depth = bodyhtml._InlineDepth()
        got = []
        for line in lines:
            depth.add(line.replace("*", "").replace("_", ""))
            got.append(depth.brackets)
        # brackets still open after each line, by the old loop
        expected, brackets = [], 0
        for line in lines:
            escaped = False
            for char in line:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == "[":
                    brackets += 1
                elif char == "]":
                    brackets = max(0, brackets - 1)
            expected.append(brackets)
        assert got == expected, lines


def test_escaped_brackets_and_trailing_backslash():
    depth = bodyhtml._InlineDepth()
    assert depth.add(r"\[\[\[ [a] \\[") == 1  # escaped ones do not count; \\ escapes the backslash
    assert depth.add("[" * 3 + "\\") == 4  # a backslash at the end of a line escapes nothing after it
    assert bodyhtml._InlineDepth().add(r"\\\[") == 0


def test_limits_still_refuse_deep_brackets():
    body = "[" * (bodyhtml.MAX_INLINE_NESTING + 1) + "x"
    assert any("方括号嵌套过深" in message for _, message, _ in bodyhtml.limits_of(body))
    assert bodyhtml.limits_of("\\[" * (bodyhtml.MAX_INLINE_NESTING + 1)) == []


def test_configured_cleaner_equals_nh3_clean_with_the_same_options():
    samples = [
        '<a href="javascript:alert(1)" onclick="x" target="_blank">x</a><script>bad()</script>',
        '<p style="color:red" id="a" class="b">t<!-- kept --></p><img src="https://x.example/a.png" alt="a">',
        '<table><tr><td style="text-align: right" colspan="x">1</td></tr></table><iframe src="//e"></iframe>',
        '<ol type="i" start="3"><li>a<li>b</ol><details open><summary>s</summary>t</details><svg><g/></svg>',
        '<a href="mailto:a@b.cn" rel="noopener evil">m</a><p dir="rtl" lang="zh-CN">中文</p><b><i>x</b></i>',
    ]
    for html in samples:
        assert bodyhtml.clean(html) == nh3.clean(html, **bodyhtml._NH3_OPTIONS), html
    assert "<script" not in bodyhtml.clean(samples[0]) and "javascript:" not in bodyhtml.clean(samples[0])


def test_link_scan_skips_only_lines_that_cannot_hold_a_link():
    body = "正文没有链接\n见[附件](附件(1).pdf)和![图](images/a.png)\n[ref]: other.md#一\n`[x](code.md)` 与 (a)(b)\n"
    assert bodylinks.links_of(body) == [(1, "附件(1).pdf"), (1, "images/a.png"), (2, "other.md#一")]


# --- limits_of: the whole-body counts that skip going through the lines ---------------------------

_LIMIT_PIECES = st.sampled_from([
    "公开", " ", "    ", "\t", ">", "> ", "*", "_", "[", "]", "\\", "<div>", "</div>", "<b", "<br>", "|", "---",
    "- ", "1. ", "# ", "```", "~~~", "\n", "\n\n", "\r", "\r\n", "\u2028", "\x0c", "\x85", "a" * 50,
])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_LIMIT_PIECES, max_size=30), st.integers(1, 30))
def test_limits_with_and_without_the_shortcut_agree(pieces, repeat):
    body = "".join(pieces) * repeat  # repeated: past the nesting limits and near the others
    with mock.patch.object(bodyhtml, "_surely_within", lambda body, marks: False):
        slow = bodyhtml.limits_of(body)
    assert bodyhtml.limits_of(body) == slow, body


@pytest.mark.parametrize("separator", ["\n", "\r", "\r\n", "\u2028", "\x0c", "\x85", "\x1e"])
def test_deep_quotes_after_any_line_break_are_found(separator):
    # str.splitlines() splits on these too: a line starting after one is a line of its own
    body = "正文" + separator + ">" * (bodyhtml.MAX_NESTING + 1) + " 引用"
    assert any("嵌套过深" in message for _, message, _ in bodyhtml.limits_of(body))
    assert not bodyhtml._surely_within(body, 0)


def test_most_realistic_bodies_take_the_shortcut():
    body = ("## 一、总体情况\n\n" + "按照《中华人民共和国政府信息公开条例》要求，现将有关情况报告如下。" * 20 + "\n\n"
            "| 指标 | 数量 |\n| --- | ---: |\n| 主动公开 | 120 |\n\n- 条目一\n- 条目二\n    - 下级条目\n") * 10
    assert bodyhtml._surely_within(body, len(bodyhtml._MARKS.findall(body)))
    assert bodyhtml.limits_of(body) == []


@pytest.mark.parametrize("size, refused", [(10_000, False), (10_001, True)])
def test_the_paragraph_cost_limit_is_exact_either_way(size, refused):
    body = "&" * size  # one paragraph of size characters, each a mark: cost size × size
    with mock.patch.object(bodyhtml, "_surely_within", lambda body, marks: False):
        slow = bodyhtml.limits_of(body)
    assert bodyhtml.limits_of(body) == slow
    assert bool(slow) == refused
