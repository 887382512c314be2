"""Preview (issue 14 item 8): under `mkdocs serve` a content error shows in the browser as a page
with the build's Chinese messages, never a request left waiting; `mkdocs build` still fails. The
404 page's links work in preview (served at /) and in production (site_url with a sub-path)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import EPOCH, copy_project, mkdocs_build

# every test here runs `mkdocs serve` or a build (the layering plugin does not follow the local
# `serve` helper, whose Popen list spells mkdocs as an argument)
pytestmark = pytest.mark.build

BUDGET = "content/proactive/budget/2024-budget.md"
BROKEN = ("published: 2024-02-06", "published 2024-02-06")
LINKS = re.compile(r'<li><a href="([^"]+)">')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(project: Path):
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    root = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read()  # serve must not abort on content errors
            try:
                urllib.request.urlopen(root, timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.5)
        yield root
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()


def fetch(url: str) -> tuple[int, str]:
    try:
        # a timeout well under MkDocs' minute-long waits: a hanging request fails the test
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_for(url: str, text: str, present: bool = True) -> str:
    deadline = time.monotonic() + 90
    while True:
        _, html = fetch(url)
        if (text in html) == present:
            return html
        assert time.monotonic() < deadline, html[:2000]
        time.sleep(1)


def edit(project: Path, old: str, new: str) -> None:
    path = project / BUDGET
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def assert_links_work(base: str, html: str) -> list[str]:
    links = LINKS.findall(html.split('id="gk-main"', 1)[1])
    assert len(links) == 2, links  # 首页 and 目录
    for link in links:
        status, page = fetch(urllib.request.urljoin(base, link))
        assert status == 200 and "页面不存在" not in page, (link, status)
    return links


def test_serve_shows_content_errors_as_a_page_and_recovers(tmp_path):
    project = copy_project(tmp_path / "project")
    with serve(project) as root:
        status, html = fetch(root + "proactive/budget/2024-budget/")
        assert status == 200 and "内容有误" not in html
        edit(project, *BROKEN)
        page = wait_for(root + "proactive/budget/2024-budget/", "内容有误，预览未更新")
        # the same line the build prints, escaped once; the live-reload script reloads it when fixed
        assert "错误 proactive/budget/2024-budget.md:" in page and "这一行没有“键: 值”中的冒号" in page
        assert "livereload" in page
        status, front = fetch(root)
        assert status == 200 and "内容有误，预览未更新" in front
        status, missing = fetch(root + "no/such/page/")
        assert status == 404 and "内容有误，预览未更新" in missing
        edit(project, BROKEN[1], BROKEN[0])
        wait_for(root + "proactive/budget/2024-budget/", "内容有误", present=False)
        status, html = fetch(root + "proactive/budget/2024-budget/")
        assert status == 200 and "2024年部门预算" in html
    # the build of the same broken content still fails, with the same line
    edit(project, *BROKEN)
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0 and "错误 proactive/budget/2024-budget.md:" in build.stderr


def test_serve_starts_on_broken_content(tmp_path):
    project = copy_project(tmp_path / "project")
    edit(project, *BROKEN)
    with serve(project) as root:
        status, html = fetch(root)
        assert status == 200 and "内容有误，预览未更新" in html and "这一行没有“键: 值”中的冒号" in html


def test_404_links_work_in_preview(tmp_path):
    project = copy_project(tmp_path / "project")
    with serve(project) as root:
        status, html = fetch(root + "no/such/page/")
        assert status == 404 and "页面不存在（404）" in html
        links = assert_links_work(root + "no/such/page/", html)
        assert all(link.startswith("/") and not link.startswith("/zwgk/") for link in links), links


def test_404_links_work_in_production(built_site):
    # published at https://www.example.gov.cn/zwgk/ (site_config/site.yml): a 404 at any depth
    # must lead to pages under /zwgk/, where the site is
    html = (built_site / "404.html").read_text(encoding="utf-8")
    links = LINKS.findall(html.split('id="gk-main"', 1)[1])
    assert len(links) == 2, links
    for link in links:
        assert link.startswith("/zwgk/"), link
        target = built_site / link[len("/zwgk/"):] / "index.html"
        assert target.is_file(), link
