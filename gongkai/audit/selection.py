"""The pages of a built site the audit opens: which files are pages, a reproducible sample that covers
every section, and their addresses under the path the site is published at. Plain Python, no browser."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

from ..core.urls import url_of_destination

_REFRESH = re.compile(rb"<meta\s+http-equiv=\"?refresh", re.I)


def is_redirect(path: Path) -> bool:
    """A page that only sends the reader on (``id/<索引号>/``: meta refresh in its head): the browser
    leaves it at once, and the page it leads to is audited itself."""
    with path.open("rb") as f:
        return bool(_REFRESH.search(f.read(2048)))


def find_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the site, as paths relative to it; the home page first. Redirects
    (``is_redirect``) are left out."""
    pages = []
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("assets/") or is_redirect(path):
            continue
        pages.append(rel)
    return sorted(pages, key=lambda p: (p != "index.html", p.count("/"), p))


def _group(page: str) -> str:
    """The section a page belongs to: the folder above the page's own folder, at most two deep
    (proactive/regulations/x/index.html and proactive/regulations/page/2/index.html -> proactive/regulations)."""
    folders = page.split("/")[:-1]
    return "/".join(folders[:-1][:2])


def sample_pages(pages: list[str], n: int) -> list[str]:
    """A reproducible sample of ``n`` pages that covers every section: the home page, then one page of
    each section in turn (list pages before documents), round-robin until ``n``."""
    if n >= len(pages):
        return list(pages)
    groups: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        groups[_group(page)].append(page)
    queues = [sorted(groups[g], key=lambda p: (p.count("/"), p)) for g in sorted(groups)]
    chosen: list[str] = []
    if "index.html" in pages:
        chosen.append("index.html")
    while len(chosen) < n:
        progressed = False
        for queue in queues:
            while queue and queue[0] in chosen:
                queue.pop(0)
            if queue and len(chosen) < n:
                chosen.append(queue.pop(0))
                progressed = True
        if not progressed:
            break
    return sorted(chosen, key=pages.index)


def base_path(site_dir: Path) -> str:
    """The URL path the site is published under, from the home page's canonical link ("/" if none)."""
    index = site_dir / "index.html"
    if index.is_file():
        text = index.read_text(encoding="utf-8", errors="replace")
        m = re.search(r'<link\s+rel="canonical"\s+href="([^"]+)"', text)
        if m:
            path = urlparse(m.group(1)).path or "/"
            return path if path.endswith("/") else path + "/"
    return "/"


def page_url(base: str, page: str) -> str:
    """The address of the file ``page`` of site/ under ``base`` (core/urls.py: a folder's index.html is the folder)."""
    url = url_of_destination(page)
    return base + ("" if url == "./" else url)
