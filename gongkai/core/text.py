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


# Characters a reader cannot see, in text from content. Controls, lone surrogates and
# non-characters cannot be written to XML 1.0 or UTF-8 and mean a broken paste; bidirectional
# overrides make a title read differently from how it is stored (spoofing); LINE and PARAGRAPH
# SEPARATOR are line breaks to YAML and end a string in older JavaScript. Zero-width characters
# are common in text pasted from Word or web pages and harmless, but invisible: a warning.
_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def refused_characters(text: str) -> list[str]:
    """Characters that may not stand in a value (sorted, once each)."""
    return sorted(set(_REFUSED.findall(text)))


def invisible_characters(text: str) -> list[str]:
    """Zero-width characters and soft hyphens: kept, but worth a warning."""
    return sorted(set(_INVISIBLE.findall(text)))


def show_refused(text: str, limit: int = 80) -> str:
    """``text`` for a message, each refused character written as its escape (\\u202e)."""
    return _REFUSED.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)[:limit]


def describe_codepoints(chars: list[str]) -> str:
    return "、".join(f"U+{ord(ch):04X}" for ch in chars)
