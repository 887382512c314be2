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
from typing import Any

import markdown

from .core.column import Column
from .core.problems import Problems
from .pages import bodyhtml, offline
from .pages.fastinline import FastInlineExtension


def mkdocs_config(root: Path) -> Any:
    """root/mkdocs.yml as MkDocs reads it (its YAML tags included)."""
    from mkdocs.config import load_config  # only the check needs MkDocs here

    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # MkDocs' own notes about the config are the build's to give
    try:
        return load_config(str(root / "mkdocs.yml"))
    finally:
        quiet.setLevel(level)


def offline_settings(config: Any) -> offline.OfflineSettings:
    """The settings of a loaded MkDocs config that decide requests to other hosts (pages/offline.py)."""
    return offline.OfflineSettings(
        repo_url=config.repo_url,
        font=config.theme.get("font"),
        analytics=(config.extra or {}).get("analytics"),
        scripts=tuple(str(getattr(item, "path", item)) for item in config.extra_javascript),
        styles=tuple(str(item) for item in config.extra_css),
    )


def check_offline(config: Any, root: Path, problems: Problems) -> None:
    """mkdocs.yml's settings that would make the site request another host, as errors."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8", errors="replace")
    offline.check(offline_settings(config), text, problems)


def extensions(config: Any) -> list:
    """mkdocs.yml's Markdown extensions and gongkai's faster inline step (pages/fastinline.py, the
    same HTML): what the build renders with (on_config sets it) and what check renders with."""
    listed = list(config.markdown_extensions)
    if not any(isinstance(extension, FastInlineExtension) for extension in listed):
        listed.append(FastInlineExtension())
    return listed


def renderer(root: Path, config: Any = None) -> Callable[[str], str]:
    """A function rendering a body to HTML with the Markdown configuration of root/mkdocs.yml."""
    if config is None:
        config = mkdocs_config(root)
    md = markdown.Markdown(extensions=extensions(config), extension_configs=config.mdx_configs or {})

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
