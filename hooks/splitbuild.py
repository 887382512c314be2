"""The pages on two cores (#17 item 3): a forked worker converts and writes half of the column's
pages while the build process does the other half.

MkDocs 1.6 builds in one thread: it converts every page (``_populate_page``: Markdown and the
``on_page_*`` events) and then renders and writes every page (``_build_page``). Each of gongkai's
pages depends only on the column loaded in on_config, the nav and the page itself, never on another
page's HTML, so the pages can be shared out. The build process forks once, when MkDocs starts
converting; the worker converts and writes its share of the pages with MkDocs' own two functions
(in the same order and with the same arguments as MkDocs would), while the build process skips
them in both loops. The site is the same byte for byte; tests compare it with a build on one core.

What a page leaves behind for the rest of the build (the ids of its headings for the anchor check,
the problems of its body, MkDocs' log messages) is sent back by the worker and merged in on_post_build
before anything reads it: warnings are logged by the build process, so ``--strict`` counts them. A
worker that fails fails the build with its message.

Used only where it is safe: ``mkdocs build`` (not ``serve``, whose edit loop rewrites few pages), a
fork-capable system with more than one core, no MkDocs plugin other than hooks (a plugin may gather
every page in its events), and enough pages to be worth a process. ``GONGKAI_BUILD_WORKERS=1``
builds on one core, ``=2`` always shares (the tests compare both on the sample).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel

from gongkai.files import forked

log = logging.getLogger("mkdocs.plugins.gongkai")

MIN_PAGES = 200  # below this a second process costs more than it saves
WORKERS_VARIABLE = forked.WORKERS_VARIABLE


def wanted(config, page_count: int) -> bool:
    """Whether this build shares its pages with a worker: ``GONGKAI_BUILD_WORKERS=1`` never, ``=2``
    whenever fork exists (tests compare the two on small sites), unset where it pays."""
    if not forked.wanted(page_count, MIN_PAGES):
        return False
    hooks = set(config.hooks or [])
    return all(name in hooks for name in config.plugins)  # hooks only: no plugin gathering pages


# The worker's share of the pages: the build process also writes the nav pages, sitemap.xml and the
# static files (with the catalogues and id/ pages, made as they are written) and runs the column-wide
# checks of on_post_build. At 10,000 documents 5/9 and 4/7 left the worker done 2.5 s early; with
# 3/5 both finish within half a second (the build log says how far apart).
WORKER_SHARE = (3, 5)


def worker_share(srcs: list[str]) -> set[str]:
    """The pages the worker converts: 3 of every 5, spread evenly over ``srcs`` (MkDocs' order, so
    both processes get pages of every kind)."""
    taken, every = WORKER_SHARE
    return {src for i, src in enumerate(srcs) if (i * taken) // every != ((i + 1) * taken) // every}


class _Kept(logging.Handler):
    """In the worker: every log record, kept for the build process to log (and count) instead."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def name_process(name: str) -> None:
    """Name a forked worker in ps/top and in make bench's per-process figures."""
    try:
        Path("/proc/self/comm").write_text(name)
    except OSError:
        pass


class PageSplit:
    """Shares the pages in ``worker_srcs`` out to a forked worker, by standing in for MkDocs'
    ``_populate_page`` and ``_build_page`` while installed.

    ``skipped(page)`` runs in the build process for each page the worker converts (what the build
    process still needs of it, e.g. its update date for sitemap.xml); ``collect()`` runs in the
    worker after its pages and returns what they left behind (picklable); ``merge(result)`` takes
    that in the build process."""

    def __init__(self, worker_srcs: set[str], nav, skipped: Callable[[Any], None],
                 collect: Callable[[], Any], merge: Callable[[Any], None]):
        self.worker_srcs = worker_srcs
        self.nav = nav
        self.skipped, self.collect, self.merge = skipped, collect, merge
        self.pid: int | None = None
        self.result_path: str | None = None
        self._populate = mkdocs_build._populate_page
        self._build = mkdocs_build._build_page

    def install(self) -> None:
        mkdocs_build._populate_page = self.populate
        mkdocs_build._build_page = self.build_page

    def uninstall(self) -> None:
        mkdocs_build._populate_page = self._populate
        mkdocs_build._build_page = self._build

    # --- in the build process

    def populate(self, page, config, files, dirty: bool = False) -> None:
        if self.pid is None and self.result_path is None:
            self._start(config, files)
        if page.file.src_uri in self.worker_srcs:
            self.skipped(page)
            return
        self._populate(page, config, files, dirty)

    def build_page(self, page, config, doc_files, nav, env, dirty: bool = False, excluded: bool = False) -> None:
        if page.file.src_uri in self.worker_srcs:
            return
        self._build(page, config, doc_files, nav, env, dirty, excluded=excluded)

    def _start(self, config, files) -> None:
        fd, self.result_path = tempfile.mkstemp(prefix="gongkai-pages-", suffix=".pickle")
        os.close(fd)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into MkDocs
            code = 1
            try:
                name_process("gongkai-pages")
                code = self._work(config, files)
            finally:
                os._exit(code)
        self.pid = pid

    def join(self) -> None:
        """Wait for the worker and take in what its pages left behind (on_post_build)."""
        if self.pid is None or self.result_path is None:
            return
        pid, self.pid = self.pid, None
        path, self.result_path = Path(self.result_path), None
        joined = time.time()
        try:
            _, status = os.waitpid(pid, 0)
            try:
                result = pickle.loads(path.read_bytes())
            except (OSError, EOFError, pickle.UnpicklingError):
                result = {"error": f"工作进程没有留下结果（退出状态 {status}）"}
        finally:
            path.unlink(missing_ok=True)
        for name, level, message in result.get("records", []):
            logging.getLogger(name).log(level, message)
        if "error" in result:
            raise PluginError("生成页面的工作进程出错（这是 gongkai 的问题，不是内容的问题，请附上以下信息报告）：\n"
                              + result["error"])
        self.merge(result["state"])
        # how evenly the pages were shared: the process that finished first waited this long for the other
        finished = result.get("finished", joined)
        balance = (f"工作进程早 {joined - finished:.1f} 秒完成" if finished <= joined
                   else f"构建进程等它 {finished - joined:.1f} 秒")
        shared = len(self.worker_srcs)
        log.info(f"页面：{shared} 页由另一个核上的工作进程生成，{balance}（{WORKERS_VARIABLE}=1 可关闭）")

    def stop(self) -> None:
        """The build failed: end the worker, leave nothing behind."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = None
        if self.result_path is not None:
            Path(self.result_path).unlink(missing_ok=True)
            self.result_path = None

    # --- in the worker

    def _work(self, config, files) -> int:
        assert self.result_path is not None
        kept = _Kept()
        logger = logging.getLogger("mkdocs")
        for handler in list(logger.handlers):  # printed and counted (--strict) by the build process
            logger.removeHandler(handler)
        logger.addHandler(kept)
        result: dict[str, Any] = {"records": kept.records}
        try:
            # what MkDocs does between converting and writing, for this process's own environment
            env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            mine = [f for f in doc_files if f.src_uri in self.worker_srcs]
            for file in mine:
                self._populate(file.page, config, files, False)
            for file in mine:
                self._build(file.page, config, doc_files, self.nav, env, False, excluded=file.inclusion.is_excluded())
            result["state"] = self.collect()
            result["finished"] = time.time()
            code = 0
        except BaseException as exc:  # whatever it is, the build process reports it
            result["error"] = "".join(traceback.format_exception(exc))
            code = 1
        Path(self.result_path).write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return code
