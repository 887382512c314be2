"""Python-Markdown's inline step, without trying each pattern on text none of them can match.

Python-Markdown applies its inline patterns (links, emphasis, code, entities, inline HTML …) to
every text of the tree, one pattern at a time, each a Python call with its own regular expression:
about a quarter of a page's Markdown time at 10,000 realistic documents, although most Chinese
paragraphs, table cells and headings hold none of the characters those patterns start with.

``FastInlineExtension`` replaces the ``inline`` treeprocessor by a subclass that first searches a
text once with all the patterns' expressions joined (one C-level search): when none of them
matches anywhere, no pattern can match either, and the text is returned as Python-Markdown would
return it, unchanged. Otherwise Python-Markdown's own loop runs as before. The output is the same
byte for byte (tests/test_fast_inline.py compares it with plain Python-Markdown). Patterns the join
cannot stand for exactly (old-style ``Pattern`` objects, backreferences, other flags) turn the
shortcut off for that Markdown instance.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor as InlinePattern
from markdown.treeprocessors import InlineProcessor

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")

# Python-Markdown's own patterns (markdown.inlinepatterns, 3.x): an expression every match of the
# pattern contains a match of. A character class is searched far faster than the joined patterns.
# Any other pattern (from another extension) joins the search with its own expression.
_CONTAINS: dict[str, str] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": r"[\\`]",  # backtick: a backslash pair or a `
    r"\\(.)": r"\\",  # escape
    r"(?<!\!)\[": r"\[",  # reference, link, short_reference
    r"\!\[": r"\[",  # image_link, image_reference, short_image_ref
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": "<",  # autolink
    r"<([^<> !]+@[^@<> ]+)>": "<",  # automail
    r"  \n": r"  \n",  # linebreak
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": "&",  # entity
    r"\*|_": r"[*_]",  # em_strong (DelimiterProcessor with its two tokens)
}
# the html pattern: each of its alternatives (tag, comment, processing instruction, CDATA) starts with <
_CONTAINS[
    r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|"""
    r"!--(?:(?!<!--|-->).)*--|"
    r"[?](?:(?!<[?]|[?]>).)*[?]|"
    r"!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\]"
    r")>)"
] = "<"


def any_pattern(patterns) -> re.Pattern[str] | None:
    """An expression that matches somewhere in a text whenever one of ``patterns`` does (it may
    match more often, never less); None when that cannot be built faithfully."""
    parts, flags = [], None
    for pattern in patterns:
        compiled = getattr(pattern, "compiled_re", None)
        if not isinstance(pattern, InlinePattern) or not isinstance(compiled, re.Pattern):
            return None  # old-style patterns match on a sliced, wrapped string
        known = _CONTAINS.get(compiled.pattern)
        if known is not None:
            parts.append(known)
            continue
        if _BACKREFERENCE.search(compiled.pattern) or compiled.groupindex:
            return None  # group numbers and names change once joined
        if flags is None:
            flags = compiled.flags
        elif compiled.flags != flags:
            return None
        parts.append(f"(?:{compiled.pattern})")
    if not parts:
        return None
    try:
        return re.compile("|".join(dict.fromkeys(parts)), flags or 0)
    except re.error:
        return None


class FastInlineProcessor(InlineProcessor):
    """Python-Markdown's InlineProcessor that skips texts no inline pattern can match."""

    def __init__(self, md: Markdown):
        super().__init__(md)
        self._joined: tuple[tuple[int, ...], re.Pattern[str] | None] | None = None
        self._any_now: re.Pattern[str] | None = None  # for the tree being converted (run)

    def _any(self) -> re.Pattern[str] | None:
        # extensions registered after this one may add patterns: joined again when the set changes
        key = tuple(id(p) for p in self.inlinePatterns)
        if self._joined is None or self._joined[0] != key:
            self._joined = (key, any_pattern(list(self.inlinePatterns)))
        return self._joined[1]

    def run(self, tree, ancestors=None):
        self._any_now = self._any()
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        joined = self._any_now
        if joined is not None and joined.search(data) is None:
            return data  # what the loop below returns when no pattern matches
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]


class FastInlineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(FastInlineProcessor(md), "inline", 20)


def makeExtension(**kwargs: Any) -> FastInlineExtension:
    return FastInlineExtension(**kwargs)
