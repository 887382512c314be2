"""Plain text from Markdown, for 内容概述 and search."""

from __future__ import annotations

import re

_RULES = [
    (re.compile(r"```.*?```", re.S), " "),
    (re.compile(r"<[^>]+>"), " "),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M), " "),
    (re.compile(r"[*_`|]"), " "),
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    text = markdown
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text.strip()


def summary_from_markdown(markdown: str, limit: int) -> str:
    """The opening of the body, at most ``limit`` characters (convention of column.md)."""
    text = plain_text(markdown)
    return text if len(text) <= limit else text[: limit - 1] + "…"
