"""Render document bodies as the build does, for ``gongkai check`` (the build checks the HTML
MkDocs rendered itself, in hooks/gongkai_hooks.py, and never renders twice).

The Markdown configuration is mkdocs.yml's, read by MkDocs' own loader: MkDocs adds its builtin
extensions (toc, tables, fenced_code) and mkdocs.yml holds a ``!!python/object/apply`` tag that
only MkDocs' YAML loader reads. MkDocs' link-rewriting extensions are left out: they turn a
relative link into another relative link, which the allowlist treats alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import markdown

from .core.column import Column
from .pages import bodyhtml


def renderer(root: Path) -> Callable[[str], str]:
    """A function rendering a body to HTML with the Markdown configuration of root/mkdocs.yml."""
    from mkdocs.config import load_config  # only the check needs MkDocs here

    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # MkDocs' own notes about the config are the build's to give
    try:
        config = load_config(str(root / "mkdocs.yml"))
    finally:
        quiet.setLevel(level)
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})

    def render(body: str) -> str:
        md.reset()
        return md.convert(body)

    return render


def check_bodies(column: Column, root: Path, render: Callable[[str], str] | None = None) -> None:
    """Render every body of the column (within the limits, which check_for_publishing reports)
    and report its HTML outside the allowlist to ``column.problems``, as the build does."""
    if not (root / "content").is_dir():
        return  # reported by the column (“内容文件夹不存在”); MkDocs' loader would abort in English
    render = render or renderer(root)
    for src, body, body_line in bodyhtml.bodies(column, root / "content"):
        if bodyhtml.limits_of(body):
            continue
        bodyhtml.check_body(src, body, body_line, render(body), column.problems)
