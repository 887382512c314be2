"""The edit loop (issue 17 item 4): under `mkdocs serve --dirty` a saved document is rebuilt with
the pages that show it, and nothing else; the verdict is the one of a full check.

Unit tests: the per-file memo of the pipeline (gongkai/files/memo.py) and the plan of what an edit
changes (gongkai/pages/editloop.py). Build test: `mkdocs serve --dirty` on a copy of the sample."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import EPOCH, copy_project
from gongkai import pipeline
from gongkai.files.memo import FileMemo
from gongkai.pages import editloop

BUDGET = "proactive/budget/2024-budget.md"
WASTE = "proactive/regulations/2024-waste-sorting-measures.md"
WASTE_QA = "proactive/regulations/2024-waste-sorting-qa.md"
UNRELATED = "proactive/fees/"  # a sub-column the edits never touch
ENV = {"SOURCE_DATE_EPOCH": EPOCH}


def replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / "content" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def title_line(project: Path, rel: str) -> str:
    text = (project / "content" / rel).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith("title: "))


def load(project: Path, memo: FileMemo | None = None):
    return pipeline.load(project, ENV, strict=False, memo=memo)


def verdict(column) -> list[str]:
    return [str(p) for p in column.problems.sorted()]


def shown(column) -> list[tuple]:
    return [(d.src, d.title, d.body, d.summary, column.status(d), column.updated_of(d)) for d in column.documents]


def test_memo_gives_the_verdict_and_documents_of_a_full_load(tmp_path):
    project = copy_project(tmp_path / "p")
    # a problem in one file, so that replayed problems are compared too
    replace(project, BUDGET, "published: 2024-02-06", "published: 2024-13-06")
    memo = FileMemo()
    first, again = load(project, memo), load(project, memo)
    assert memo.reread == set()  # nothing changed: every file replayed
    fresh = load(project)
    assert verdict(first) == verdict(again) == verdict(fresh)
    assert any(BUDGET in line for line in verdict(fresh))
    assert shown(first) == shown(again) == shown(fresh)

    replace(project, BUDGET, "published: 2024-13-06", "published: 2024-02-06")
    replace(project, WASTE, title_line(project, WASTE), "title: 改过的垃圾分类办法标题")
    edited = load(project, memo)
    assert memo.reread == {BUDGET, WASTE}
    assert verdict(edited) == verdict(load(project)) == []
    assert shown(edited) == shown(load(project))
    assert edited.by_src[WASTE].title == "改过的垃圾分类办法标题"


def test_documents_from_the_memo_are_not_shared_between_builds(tmp_path):
    project = copy_project(tmp_path / "p")
    memo = FileMemo()
    first = load(project, memo)
    first.by_src[BUDGET].body = "changed by a later step"
    assert load(project, memo).by_src[BUDGET].body != "changed by a later step"


def snapshot(project: Path, memo: FileMemo, config="config"):
    column = load(project, memo)
    return column, editloop.take(column, memo.stamps, config)


def test_a_title_edit_rewrites_the_document_and_its_lists_only(tmp_path):
    project = copy_project(tmp_path / "p")
    memo = FileMemo()
    _, before = snapshot(project, memo)
    replace(project, BUDGET, title_line(project, BUDGET), "title: 新的预算标题")
    column, after = snapshot(project, memo)
    plan = editloop.plan(before, after, column)
    assert plan is not None and plan.changed == {BUDGET}
    assert BUDGET in plan.documents
    # annual reports count the column and the guide describes it: rewritten on every change;
    # nothing else unrelated is
    assert {d for d in plan.documents if not d.startswith(("annual-reports/", "guide/"))} == {BUDGET}
    assert {"proactive/budget/index.md", "proactive/budget/catalogue.md", "catalogue.md"} <= plan.generated
    assert not any(src.startswith(UNRELATED) for src in plan.generated)
    assert not any(src.startswith(UNRELATED) for src in plan.documents)
    # nothing changed since: nothing to rewrite
    column, again = snapshot(project, memo)
    plan = editloop.plan(after, again, column)
    assert plan is not None and plan.changed == set() and plan.documents == set()


def test_a_validity_edit_rewrites_the_pages_resting_on_the_document(tmp_path):
    project = copy_project(tmp_path / "p")
    memo = FileMemo()
    old_column, before = snapshot(project, memo)
    replace(project, WASTE, "expires: 2029-11-14", "expires: 2025-11-14")
    column, after = snapshot(project, memo)
    assert old_column.status(old_column.by_src[WASTE]) != column.status(column.by_src[WASTE]) == "失效"
    plan = editloop.plan(before, after, column)
    assert plan is not None
    assert WASTE in plan.documents and WASTE_QA in plan.documents  # the 问答 shows the policy it interprets
    assert WASTE_QA in editloop.neighbours(column)[WASTE]
    assert {"proactive/regulations/in-force.md", "proactive/regulations/repealed.md",
            "proactive/regulations/index.md"} <= plan.generated


def test_a_new_file_or_a_configuration_change_rebuilds_everything(tmp_path):
    project = copy_project(tmp_path / "p")
    memo = FileMemo()
    column, before = snapshot(project, memo)
    assert editloop.plan(None, before, column) is None  # the first build
    column, other = snapshot(project, memo, config="site_config changed")
    assert editloop.plan(before, other, column) is None
    text = (project / "content" / BUDGET).read_text(encoding="utf-8")
    (project / "content" / "proactive/budget/2024-budget-copy.md").write_text(
        text.replace("index_no: ", "index_no: x").replace(title_line(project, BUDGET), "title: 副本"), encoding="utf-8")
    column, after = snapshot(project, memo)
    assert editloop.plan(before, after, column) is None


# --- the build layer: `mkdocs serve --dirty`, as `make serve` runs it ---------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, seconds: float = 240) -> str:
    deadline = time.monotonic() + seconds
    while True:
        html = fetch(url)
        if text in html:
            return html
        assert time.monotonic() < deadline, (url, text, html[:1000])
        time.sleep(0.5)


@pytest.mark.build  # runs `mkdocs serve` (the layering plugin reads it too; said here for the reader)
def test_serve_dirty_shows_edits_and_leaves_other_pages_alone(tmp_path):
    project = copy_project(tmp_path / "p")
    port = _free_port()
    temp = tmp_path / "tmp"  # mkdocs serve builds into a mkdtemp folder: this one's
    temp.mkdir()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(project / "mkdocs.yml"),
         "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    root = f"http://127.0.0.1:{port}/"
    try:
        wait_for(root + "proactive/budget/2024-budget/", "<html")
        time.sleep(1.5)  # the watcher's first scan of content/
        (site,) = temp.glob("mkdocs_*")
        untouched = site / "proactive/fees/index.html"
        assert untouched.is_file()
        before = untouched.stat().st_mtime_ns

        replace(project, BUDGET, title_line(project, BUDGET), "title: 预览中改过的预算标题")
        wait_for(root + "proactive/budget/2024-budget/", "预览中改过的预算标题")
        assert "预览中改过的预算标题" in fetch(root + "proactive/budget/")
        assert "预览中改过的预算标题" in fetch(root + "catalogue/")
        assert "预览中改过的预算标题" in fetch(root + "proactive/budget/catalogue/")

        replace(project, WASTE, "expires: 2029-11-14", "expires: 2025-11-14")
        page = wait_for(root + "proactive/regulations/2024-waste-sorting-measures/", "2025年11月14日")
        assert "失效" in page
        repealed = fetch(root + "proactive/regulations/repealed/")
        in_force = fetch(root + "proactive/regulations/in-force/")
        assert "2024-waste-sorting-measures/" in repealed and "2024-waste-sorting-measures/" not in in_force
        assert "2024-waste-sorting-measures/" in fetch(root + "catalogue/")

        # the page of another sub-column was not written again by either edit
        assert untouched.stat().st_mtime_ns == before
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=60)
    assert "编辑预览：1 份文件有变化" in output, output[-3000:]
    assert "Traceback" not in output, output[-3000:]



# Builds a project as `mkdocs serve` does (its site_url, serve mode), into a folder of our own:
# with --dirty, once, then again after the edits (the edit loop); without, once (a full build).
DRIVER = r"""
import json, os, sys, threading
from pathlib import Path
project, site, dirty, edits = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1", json.loads(sys.argv[4])
os.chdir(project)
from mkdocs.config import load_config
from mkdocs.commands.build import build
URL = "http://127.0.0.1:8000/"
def config():
    c = load_config(str(project / "mkdocs.yml"), site_dir=site)
    c.site_url = URL
    return c
first = config()
first.plugins.on_startup(command="serve", dirty=dirty)
build(first, serve_url=URL, dirty=dirty)
for rel, old, new in edits:
    path = project / "content" / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
if edits:
    build(config(), serve_url=URL, dirty=dirty)
for thread in threading.enumerate():  # the search index of the edit, built in the background
    if thread.name == "gongkai-search":
        thread.join(300)
"""


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.build  # MkDocs builds in a child Python (DRIVER), which reading the test cannot see
def test_the_edit_loop_writes_the_site_a_full_build_of_the_edited_content_writes(tmp_path):
    project = copy_project(tmp_path / "p")
    edits = [(BUDGET, title_line(project, BUDGET), "title: 改过的预算标题"),
             (WASTE, "expires: 2029-11-14", "expires: 2025-11-14")]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}

    def drive(site: Path, dirty: bool, todo) -> None:
        run = subprocess.run([sys.executable, "-c", DRIVER, str(project), str(site), "1" if dirty else "0",
                              json.dumps(todo, ensure_ascii=False)],
                             env=env, capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, run.stderr[-3000:]

    drive(tmp_path / "edited", True, edits)
    drive(tmp_path / "full", False, [])  # the project now holds the edited files
    edited, full = _tree(tmp_path / "edited"), _tree(tmp_path / "full")
    assert "改过的预算标题".encode() in edited["proactive/budget/2024-budget/index.html"]
    assert sorted(edited) == sorted(full)
    assert [name for name in full if edited[name] != full[name]] == []


def test_the_catalogue_from_kept_records_is_the_catalogue(tmp_path):
    from gongkai.pages.catalogue import Reuse, catalogue_csv, catalogue_json

    project = copy_project(tmp_path / "p")
    memo = FileMemo()
    column, before = snapshot(project, memo)
    reuse = Reuse()
    reuse.begin(lambda src: True)
    assert catalogue_json(column, reuse) == catalogue_json(column)
    assert catalogue_csv(column, reuse) == catalogue_csv(column)
    replace(project, BUDGET, title_line(project, BUDGET), "title: 目录中的新标题")
    column, after = snapshot(project, memo)
    plan = editloop.plan(before, after, column)
    assert plan is not None
    reuse.begin(lambda src: src in plan.documents)
    kept_json, kept_csv = catalogue_json(column, reuse), catalogue_csv(column, reuse)
    assert "目录中的新标题" in kept_json and "目录中的新标题" in kept_csv
    assert kept_json == catalogue_json(column) and kept_csv == catalogue_csv(column)
