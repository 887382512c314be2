"""The browser driver: serves the site on 127.0.0.1, starts one or more headless Chromium (Python
playwright, imported only when an audit runs, so that ``--help`` works without it), hands out the
pages and presentations to them and gathers the results in order.

No request leaves the machine: every host name but 127.0.0.1 fails to resolve in the browser.
"""

from __future__ import annotations

import html
import json
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .browser import CHROMIUM_ARGS, chromium_path, serve
from .checks import DESKTOP, Auditor
from .model import AIDS_STORAGE_KEY, MODES, PageResult, ours
from .selection import page_url

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

# Called after each page and mode: (done, total, the page's result).
Progress = Callable[[int, int, PageResult], None]

# No request leaves the machine: every host name but 127.0.0.1 fails to resolve.
EXTRA_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

# One piece of work: ("page" or "search", the mode, the page's path in the site).
Task = tuple[str, str, str]


class _Run:
    """Shared state of one audit: a queue of tasks worked off by one or more browsers."""

    def __init__(self, site_dir: Path, pages: list[str], modes: list[str], axe_source: str, base: str,
                 progress: Progress | None) -> None:
        self.site_dir, self.pages, self.modes, self.axe_source, self.base = site_dir, pages, modes, axe_source, base
        self.progress = progress
        self.lock = threading.Lock()
        # the keyboard search is checked once per presentation, from the home page when it is audited
        searches = [("search", mode, "index.html") for mode in modes] if "index.html" in pages else []
        self.tasks: list[Task] = searches + [("page", mode, p) for mode in modes for p in pages]
        self.results: dict[tuple[str, str], PageResult] = {}
        self.searches: dict[str, PageResult] = {}
        self.axe_version = ""
        self.failures: list[BaseException] = []

    def next_task(self) -> Task | None:
        with self.lock:
            return self.tasks.pop(0) if self.tasks and not self.failures else None

    def work(self, origin: str) -> None:
        from playwright.sync_api import sync_playwright  # imported here: --help works without playwright

        try:
            auditor = Auditor(self.site_dir, self.axe_source, self.base, self.modes)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=chromium_path(), args=CHROMIUM_ARGS + EXTRA_ARGS, headless=True
                )
                contexts: dict[str, BrowserContext] = {}
                try:
                    while (task := self.next_task()) is not None:
                        kind, mode, page_path = task
                        if mode not in contexts:
                            contexts[mode] = self._context(browser, mode)
                        if kind == "search":
                            r = PageResult(path=page_path, url="", mode=mode)
                            auditor.search(contexts[mode], page_url(origin.rstrip("/") + self.base, page_path), r)
                            with self.lock:
                                self.searches[mode] = r
                            continue
                        r = auditor.audit(contexts[mode], origin, page_path, mode)
                        with self.lock:
                            self.results[(mode, page_path)] = r
                            self.axe_version = self.axe_version or auditor.axe_version
                            if self.progress:
                                self.progress(len(self.results), len(self.pages) * len(self.modes), r)
                finally:
                    for context in contexts.values():
                        context.close()
                    browser.close()
        except BaseException as exc:  # handed to the main thread, which raises it
            with self.lock:
                self.failures.append(exc)

    def _context(self, browser: Browser, mode: str) -> BrowserContext:
        context = browser.new_context(locale="zh-CN", viewport=DESKTOP, service_workers="block")
        context.add_init_script(self.axe_source)  # axe-core from node_modules, in every page before it runs
        storage = MODES[mode]["storage"]
        if storage is not None:
            # the reader's saved choice, as the reading aids store it
            context.add_init_script(
                f"try {{ localStorage.setItem({json.dumps(AIDS_STORAGE_KEY)}, {json.dumps(json.dumps(storage))}); }} "
                f"catch (e) {{}}"
            )
        return context


def run_audit(site_dir: Path, pages: list[str], modes: list[str], axe_source: str, base: str,
              progress: Progress | None = None, jobs: int = 1) -> tuple[list[PageResult], str]:
    """Audit ``pages`` in every mode with ``jobs`` browsers; results in page order, mode by mode."""
    run = _Run(site_dir, pages, modes, axe_source, base, progress)
    with serve(site_dir, prefix=base) as origin:
        workers = [threading.Thread(target=run.work, args=(origin,), name=f"audit-{n}") for n in range(max(1, jobs))]
        for t in workers:
            t.start()
        for t in workers:
            t.join()
    if run.failures:
        raise run.failures[0]
    done = [run.results[(m, p)] for m in modes for p in pages]
    for r in done:
        search = run.searches.get(r.mode)
        if search is not None and r.path == search.path:
            r.findings += search.findings
            r.notes += search.notes
    by_title: dict[tuple[str, str], list[PageResult]] = defaultdict(list)
    for r in done:
        if r.title:
            by_title[(r.mode, r.title)].append(r)
    for (_, title), same in by_title.items():
        if len(same) > 1:
            for r in same:
                others = [o.path for o in same if o is not r]
                r.findings.append(
                    ours(
                        "page-title-unique",
                        [
                            {
                                "target": "title",
                                "html": html.escape(title),
                                "detail": "与 " + "、".join(others[:5]) + " 相同",
                            }
                        ],
                    )
                )
    return done, run.axe_version
