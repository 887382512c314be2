"""Anchors of links in the text (``#一总体情况``, ``../budget/a.md#二支出``): the page linked to must
have that id. MkDocs checks them too (validation.anchors), but in English and only while building;
this check runs on the same rendered HTML wherever the bodies are rendered, by ``gongkai check``
and by the build, so that the two print the same line. It follows MkDocs' rule
(mkdocs.structure.pages): the anchor as written is looked up among the ids (and ``<a name>``) of
the target's rendered Markdown; a page the build generates has none.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.column import Column
from ..core.problems import Problems
from ..files.memo import FileMemo
from .bodyhtml import bodies
from .bodylinks import links_of
from .listing import generated_pages

_ID = re.compile(r"""<(\w+)\b[^>]*?\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def ids_of(rendered: str) -> set[str]:
    """Every id of the HTML, and the name of every <a>, as MkDocs collects them."""
    out = set()
    for match in _ID.finditer(rendered):
        tag, attribute = match.group(1).lower(), match.group(2).lower()
        if attribute == "name" and tag != "a":
            continue
        out.add(html.unescape(next(v for v in match.group(3, 4, 5) if v is not None)))
    return out


def recorder(render: Callable[[str], str]) -> tuple[Callable[[str], str], dict[str, str]]:
    """``render`` that also keeps what it rendered (body text -> HTML): the bodies are rendered
    once, for the HTML allowlist and for the anchors."""
    kept: dict[str, str] = {}

    def record(body: str) -> str:
        kept[body] = out = render(body)
        return out

    return record, kept


def check_anchors(bodies: Iterable[tuple[str, str, int]], rendered_ids: Mapping[str, set[str]],
                  generated: Iterable[str], problems: Problems, memo: FileMemo | None = None) -> None:
    """Report each link of ``bodies`` ((src, body, first line)) to an anchor its target lacks.
    ``rendered_ids``: src -> ids_of(HTML) of every rendered body (the ids, not the HTML: the build
    keeps them for every page at once); ``generated``: the pages the build writes itself (no
    anchors of their own). A body that was not rendered (over the limits) is skipped. ``memo``
    (``mkdocs serve``): the links of a body are parsed once (gongkai/files/memo.py)."""
    ids = dict(rendered_ids)
    ids.update({src: set() for src in generated if src not in ids})
    for src, body, body_line in bodies:
        if src not in rendered_ids:
            continue
        folder = posixpath.dirname(src)
        for number, target in links_of(body) if memo is None else memo.text("links", body, links_of):
            scheme, host, path, _, anchor = urlsplit(target)
            if scheme or host or not anchor or target.startswith(("/", "\\")):
                continue
            page = posixpath.normpath(posixpath.join(folder, unquote(path))) if path else src
            if page not in ids or anchor in ids[page]:
                continue  # another kind of file, or a missing one (bodylinks reports it)
            where = "本页" if page == src else f" {page} "
            problems.warning(src, f"链接的锚点“#{anchor}”在{where}中不存在，点击后只会打开页面顶部",
                             "改为该页某个标题的锚点（标题文字去掉标点，如 #一主要职能），或删除 # 及其后的部分",
                             line=body_line + number, field="链接", value=target)


def check_column_anchors(column: Column, content_dir: Path, kept: Mapping[str, str]) -> None:
    """check_anchors for every body of ``column``; ``kept``: body text -> HTML (recorder)."""
    entries = list(bodies(column, content_dir))
    rendered = {src: ids_of(kept[body]) for src, body, _ in entries if body in kept}
    check_anchors(entries, rendered, [page.src for page in generated_pages(column)], column.problems)
