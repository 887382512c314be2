"""gongkai/pages/fastinline.py: Python-Markdown's inline step that skips texts no pattern can match
gives the same HTML as Python-Markdown itself, on the sample's bodies, on random Markdown rich in
markup characters, and with patterns of other extensions (joined in, or the shortcut turned off)."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as etree

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.inlinepatterns import Pattern, SimpleTagInlineProcessor

from conftest import examples
from gongkai.pages import fastinline
from gongkai.pages.fastinline import FastInlineExtension, FastInlineProcessor, any_pattern

ROOT = Path(__file__).resolve().parent.parent
# mkdocs.yml's extensions (bodyrender reads them through MkDocs; the same list, without the YAML tag)
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]

# markup characters, their look-alikes and Chinese text, so that every pattern is tried often
PIECES = st.sampled_from([
    "公开", "文件", "，", "。", "2024", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\",
    "\\\\", "[", "]", "(", ")", "![", "<", ">", "&", ";", "&amp;", "&#35;", "<b>", "</b>", "<br>",
    "<a href=\"x\">", "</a>", "<!--", "-->", "<?", "?>", "<![CDATA[", "]]>", "<https://x.cn/a>",
    "<a@b.cn>", "[链接](a.md)", "[引用][1]", "\n[1]: b.md\n", "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
    "# 标题", "\n- 条目", "\n1. 条目", "{: #x }", "!!! note \"提示\"\n    内容\n", "```\ncode\n```\n",
    "＊", "＿", "【", "】", "\u00a0", "\t", "x", "a_b", "3*4",
])
MARKDOWN_TEXT = st.lists(PIECES, max_size=40).map("".join)


def render(text: str, *extensions) -> str:
    return markdown.Markdown(extensions=[*EXTENSIONS, *extensions]).convert(text)


def test_the_sample_bodies_render_the_same():
    bodies = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").rglob("*.md"))]
    assert len(bodies) > 40
    plain = markdown.Markdown(extensions=EXTENSIONS)
    fast = markdown.Markdown(extensions=[*EXTENSIONS, FastInlineExtension()])
    assert isinstance(fast.treeprocessors["inline"], FastInlineProcessor)
    for body in bodies:
        plain.reset()
        fast.reset()
        assert fast.convert(body) == plain.convert(body)


@settings(max_examples=examples(600), deadline=None)
@given(MARKDOWN_TEXT)
def test_random_markdown_renders_the_same(text):
    assert render(text, FastInlineExtension()) == render(text)


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet="ab *_`\\[]!<>&;#x\n公", max_size=30))
def test_every_match_of_a_builtin_pattern_contains_what_the_shortcut_looks_for(text):
    md = markdown.Markdown(extensions=EXTENSIONS)
    for pattern in md.inlinePatterns:
        contains = fastinline._CONTAINS.get(pattern.compiled_re.pattern)
        assert contains is not None, f"no shortcut for {type(pattern).__name__}"
        for match in pattern.compiled_re.finditer(text):
            assert re.search(contains, match.group(0)), (type(pattern).__name__, match.group(0))


def test_the_shortcut_skips_only_texts_without_markup():
    md = markdown.Markdown(extensions=[*EXTENSIONS, FastInlineExtension()])
    joined = any_pattern(list(md.inlinePatterns))
    assert joined is not None
    for text in ("主动公开的政府信息，应当自该政府信息形成或者变更之日起20个工作日内予以公开。", "一、总体情况 2024"):
        assert joined.search(text) is None
    for text in ("*强调*", "a_b", "`代码`", "\\*", "[链接](a.md)", "<b>", "&amp;", "换行  \n下一行"):
        assert joined.search(text) is not None, text


class _Mark(Extension):
    """A new-style pattern of another extension: ==text== as <mark>."""

    def extendMarkdown(self, md):
        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()==(.+?)==", "mark"), "mark", 55)


class _OldStyle(Extension):
    """An old-style Pattern (matched on a sliced string): the shortcut is turned off."""

    class _Hash(Pattern):
        def handleMatch(self, m):
            element = etree.Element("span")
            element.text = m.group(2)
            return element

    def extendMarkdown(self, md):
        md.inlinePatterns.register(self._Hash(r"#(\w+)#"), "hash", 50)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.sampled_from(["==", "标记", "#", "abc", " ", "*", "公开"]), max_size=20).map("".join))
def test_patterns_of_other_extensions_still_apply(text):
    # registered before or after the shortcut: the join is rebuilt when the patterns change
    assert render(text, _Mark(), FastInlineExtension()) == render(text, _Mark())
    assert render(text, FastInlineExtension(), _Mark()) == render(text, _Mark())
    assert render(text, FastInlineExtension(), _OldStyle()) == render(text, _OldStyle())


def test_patterns_that_cannot_be_joined_turn_the_shortcut_off():
    md = markdown.Markdown(extensions=[_OldStyle()])
    assert any_pattern(list(md.inlinePatterns)) is None
    assert render("==标记== 公开", _Mark(), FastInlineExtension()) == render("==标记== 公开", _Mark())
    backreference = SimpleTagInlineProcessor(r"(~)(.+?)\1", "del")
    named = SimpleTagInlineProcessor(r"(?P<x>~)(.+?)~", "del")
    assert any_pattern([backreference]) is None
    assert any_pattern([named]) is None
    assert any_pattern([]) is None
    assert isinstance(SimpleTagInlineProcessor(r"()==(.+?)==", "mark"), InlinePattern)
    assert any_pattern([SimpleTagInlineProcessor(r"()==(.+?)==", "mark")]).search("a==b==") is not None


def test_check_and_the_build_render_with_it():
    from gongkai import bodyrender

    config = bodyrender.mkdocs_config(ROOT)
    listed = bodyrender.extensions(config)
    assert sum(isinstance(e, FastInlineExtension) for e in listed) == 1
    config.markdown_extensions = listed
    assert bodyrender.extensions(config) == listed  # on_config may run it again (mkdocs serve)
    hooks = (ROOT / "hooks" / "gongkai_hooks.py").read_text(encoding="utf-8")
    assert "config.markdown_extensions = bodyrender.extensions(config)" in hooks
