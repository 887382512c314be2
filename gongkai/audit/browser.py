"""Serve a built site on 127.0.0.1 and find Debian's chromium: shared by the auditor and the tests.

Plain Python (no MkDocs, no playwright import here): the auditor and the browser tests drive the
browser with Python playwright, using ``CHROMIUM_ARGS`` and ``chromium_path()``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError(
            "未找到 Debian 的 chromium：请运行 make test-deps（scripts/install-browser.sh 会安装它）/ "
            "Debian chromium is missing: run `make test-deps` (scripts/install-browser.sh installs it)"
        )
    return path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's files under its published path (``prefix``, set by ``serve``), quietly.
    Subclass it to change how a file is sent (scripts/bench_search.py compresses with gzip)."""

    prefix = "/"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        # the site answers under its published path only (e.g. /zwgk/), like the real server
        bare = path.split("?", 1)[0].split("#", 1)[0]
        if not bare.startswith(self.prefix):
            return str(Path(self.directory) / ".gongkai-outside-prefix" / "missing")
        return super().translate_path("/" + path[len(self.prefix):])


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # the browser hanging up mid-response (it moved on to the next page) is not an error
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(site_dir: Path, prefix: str = "/", handler: type[SiteHandler] = SiteHandler) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 on a free port under the URL path ``prefix``, with ``handler``
    (``SiteHandler`` or a subclass of it) answering each request.

    Yields the server's root URL (``http://127.0.0.1:PORT/``); the site itself is at ``root + prefix[1:]``.
    """
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    bound = functools.partial(type("_Handler", (handler,), {"prefix": prefix}), directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), bound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
