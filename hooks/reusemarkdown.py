"""One Markdown converter for all pages (#17 item 3: nothing done twice).

MkDocs 1.6 builds a new ``markdown.Markdown`` for every page (``Page.render``): the extensions are
imported, instantiated and registered anew each time, about a fifth of a realistic page's Markdown
time. Python-Markdown's own way to convert many texts is one instance and ``reset()`` between them
(``gongkai check`` renders the bodies so); ``reset()`` clears the stash, the references and every
extension's state. While installed, ``Page.render`` gets that one instance, reset, for the same
extensions and settings, and registers MkDocs' four per-page processors on it as it does on a new one
(a processor registered under the name of an earlier one replaces it). The pages are the same byte
for byte (tests/test_reuse_markdown.py compares them with MkDocs' own way).
"""

from __future__ import annotations

from typing import Any

import markdown
from mkdocs.structure import pages as mkdocs_pages


class _MarkdownModule:
    """Stands in for the ``markdown`` module inside mkdocs.structure.pages: ``Markdown(...)`` is the
    kept instance, reset; every other name is the module's own."""

    def __init__(self) -> None:
        self.kept: tuple[Any, Any, markdown.Markdown] | None = None  # (extensions, their settings, converter)
        self.made = self.reused = 0

    def Markdown(self, extensions=(), extension_configs=None, **options) -> markdown.Markdown:
        settings = extension_configs or {}
        kept = self.kept
        # the same list object and equal settings (a new {} per page when mkdocs.yml has none)
        if kept is not None and not options and kept[0] is extensions and kept[1] == settings:
            self.reused += 1
            return kept[2].reset()
        converter = markdown.Markdown(extensions=extensions, extension_configs=settings, **options)
        if not options:
            self.kept = (extensions, settings, converter)
        self.made += 1
        return converter

    def __getattr__(self, name: str) -> Any:
        return getattr(markdown, name)


stand_in = _MarkdownModule()


def install() -> None:
    """From now on MkDocs' pages share one converter (until uninstall)."""
    mkdocs_pages.markdown = stand_in  # type: ignore[assignment]


def uninstall() -> None:
    mkdocs_pages.markdown = markdown
    stand_in.kept = None
