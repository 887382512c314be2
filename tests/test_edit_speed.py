"""The edit loop at 10,000 documents (issue 17 item 4): what an edit no longer recomputes gives
what recomputing gives.

Unit tests: the `git log` kept while the commits are the same (gongkai/files/gitdates.py), the
document key that includes the folder defaults (gongkai/files/memo.py), the catalogue's row
cache (hooks/gongkai_hooks.py, RowCache). Build test: successive edits under the edit loop reuse
File and Page objects and catalogue rows, and write the site a full build writes."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, copy_project
from gongkai import pipeline
from gongkai.files.gitdates import LogCache, read_history
from gongkai.files.memo import FileMemo
from gongkai.pages import editloop

BUDGET = "proactive/budget/2024-budget.md"
WASTE = "proactive/regulations/2024-waste-sorting-measures.md"
ENV = {"SOURCE_DATE_EPOCH": EPOCH}


def git(folder: Path, *args: str, date: str = "2025-03-01T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def facts(history) -> tuple:
    return (history.available, history.shallow, history.dates, history.edited, history.uncommitted,
            history.uncommitted_edits)


def repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    content = repo / "content"
    (content / "a").mkdir(parents=True)
    (content / "a" / "one.md").write_text("one\n", encoding="utf-8")
    (content / "a" / "two.md").write_text("two\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    return content


def test_git_log_is_read_once_while_the_commits_are_the_same(tmp_path):
    content = repository(tmp_path)
    cache = LogCache()
    first = read_history(content, cache)
    again = read_history(content, cache)
    assert cache.reads == 1
    assert facts(first) == facts(again) == facts(read_history(content))
    assert first.dates["a/one.md"].isoformat() == "2025-03-01"

    # a saved file: the log is the same, `git status` (run every time) sees the file
    (content / "a" / "one.md").write_text("one, edited\n", encoding="utf-8")
    saved = read_history(content, cache)
    assert cache.reads == 1
    assert "a/one.md" in saved.uncommitted_edits
    assert facts(saved) == facts(read_history(content))

    # a commit moves HEAD: read again
    git(content.parent, "commit", "-q", "-am", "second", date="2025-06-02T10:00:00+08:00")
    committed = read_history(content, cache)
    assert cache.reads == 2
    assert committed.dates["a/one.md"].isoformat() == "2025-06-02"
    assert facts(committed) == facts(read_history(content))


def test_git_log_is_read_again_when_a_replace_ref_changes_history_behind_the_same_head(tmp_path):
    content = repository(tmp_path)
    repo = content.parent
    (content / "a" / "two.md").write_text("two, edited\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "second", date="2025-06-02T10:00:00+08:00")
    cache = LogCache()
    before = read_history(content, cache)
    assert before.dates["a/two.md"].isoformat() == "2025-06-02"
    # `git replace` swaps a commit for another without moving HEAD: `git log` shows the other one
    def out(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()

    head, tree, parent = out("rev-parse", "HEAD"), out("rev-parse", "HEAD^{tree}"), out("rev-parse", "HEAD~1")
    later = "2025-09-09T10:00:00+08:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": later, "GIT_COMMITTER_DATE": later, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    other = subprocess.run(["git", "commit-tree", tree, "-p", parent, "-m", "other"], cwd=repo, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    git(repo, "replace", head, other)
    after = read_history(content, cache)
    assert cache.reads == 2
    assert after.dates["a/two.md"].isoformat() == "2025-09-09"
    assert facts(after) == facts(read_history(content))


def test_without_commits_or_git_nothing_is_kept(tmp_path):
    repo = tmp_path / "empty"
    (repo / "content").mkdir(parents=True)
    (repo / "content" / "x.md").write_text("x\n", encoding="utf-8")
    git(repo, "init", "-q")
    cache = LogCache()
    for _ in range(2):
        history = read_history(repo / "content", cache)
        assert history.available and history.dates == {} and history.uncommitted == {"x.md"}
    assert cache.key is None  # no HEAD: the log is never taken from the cache
    plain = tmp_path / "plain"
    plain.mkdir()
    assert not read_history(plain, cache).available


def test_a_changed_folder_default_rewrites_the_documents_below_it(tmp_path):
    """A .meta.yml gives values to every document below it: their pages change although their own
    files do not (the key of a document holds the defaults it was read with)."""
    project = copy_project(tmp_path / "p")
    memo = FileMemo()
    column = pipeline.load(project, ENV, strict=False, memo=memo)
    before, stamps = editloop.take(column, memo.versions, "config"), dict(memo.stamps)
    assert column.by_src[BUDGET].topic.endswith("财政")
    meta = project / "content/proactive/budget/.meta.yml"
    text = meta.read_text(encoding="utf-8")
    assert "topic: 财政、金融、审计\\财政" in text
    meta.write_text(text.replace("topic: 财政、金融、审计\\财政", "topic: 财政、金融、审计\\审计"), encoding="utf-8")
    column = pipeline.load(project, ENV, strict=False, memo=memo)
    assert column.by_src[BUDGET].topic.endswith("审计")
    assert memo.stamps[BUDGET] == stamps[BUDGET]  # the document's own file did not change
    after = editloop.take(column, memo.versions, "config")
    plan = editloop.plan(before, after, column)
    assert plan is not None
    budget = {d.src for d in column.documents if d.subcolumn == "budget"}
    assert budget and budget <= plan.changed <= plan.documents
    assert WASTE not in plan.changed


def hooks_module():
    spec = importlib.util.spec_from_file_location("gongkai_hooks_under_test", ROOT / "hooks" / "gongkai_hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Doc:
    def __init__(self, src: str):
        self.src = src


def test_a_catalogue_row_is_reused_only_for_the_same_page_and_document_key():
    hooks = hooks_module()
    cache = hooks.RowCache()
    rendered: list[tuple[str, str]] = []

    def macro_for(label):
        def macro(doc):
            rendered.append((label, doc.src))
            return hooks.Markup(f"<tr>{label} {doc.src}</tr>\n")
        return macro

    a, b = Doc("a.md"), Doc("b.md")
    cache.begin(reuse=True)
    rows = cache.for_page("catalogue.md", {"a.md": 1, "b.md": 1})
    assert rows([a, b], macro_for("v1")) == "<tr>v1 a.md</tr>\n<tr>v1 b.md</tr>\n"
    assert cache.hits == 0

    cache.begin(reuse=True)
    rows = cache.for_page("catalogue.md", {"a.md": 1, "b.md": 2})  # b changed
    assert rows([a, b], macro_for("v2")) == "<tr>v1 a.md</tr>\n<tr>v2 b.md</tr>\n"  # a kept, b again
    other = cache.for_page("proactive/budget/catalogue.md", {"a.md": 1, "b.md": 2})
    assert other([a], macro_for("v2")) == "<tr>v2 a.md</tr>\n"  # another page: its own rows
    assert cache.hits == 1

    rows = cache.for_page("catalogue.md", {"b.md": 2})  # a document without a key: never kept
    assert rows([a], macro_for("v3")) == "<tr>v3 a.md</tr>\n"
    assert rows([a], macro_for("v4")) == "<tr>v4 a.md</tr>\n"

    cache.begin(reuse=False)  # a full build renders every row
    rows = cache.for_page("catalogue.md", {"a.md": 1, "b.md": 2})
    assert rows([b, a], macro_for("v5")) == "<tr>v5 b.md</tr>\n<tr>v5 a.md</tr>\n"
    assert ("v5", "a.md") in rendered and ("v5", "b.md") in rendered
    # what the template receives is markup: printed as it is, never escaped again
    assert isinstance(rows([a], macro_for("v6")), hooks.Markup)


def test_outside_the_edit_loop_every_row_is_rendered():
    hooks = hooks_module()
    rows = hooks._edit_rows("catalogue.md")
    calls = []

    def macro(doc):
        calls.append(doc.src)
        return hooks.Markup("<tr>&amp;</tr>")

    assert rows([Doc("a.md"), Doc("a.md")], macro) == "<tr>&amp;</tr><tr>&amp;</tr>"
    assert calls == ["a.md", "a.md"]


class Dated:
    def __init__(self, year, publisher):
        self.year, self.publisher = year, publisher


def test_distinct_values_are_those_of_the_jinja_filters():
    import jinja2

    hooks = hooks_module()
    env = jinja2.Environment(autoescape=True)
    hooks.state.env = env
    docs = [Dated(2021, "b 局"), Dated(2023, "A 局"), Dated(2021, "a 局"), Dated(2022, "B 局"), Dated(2023, "办公室")]
    template = env.from_string("{{ docs | map(attribute='year') | unique | sort(reverse=true) | list }}"
                               "{{ docs | map(attribute='publisher') | unique | sort | list }}")
    ours = env.from_string("{{ distinct(docs, 'year', true) }}{{ distinct(docs, 'publisher', false) }}")
    assert ours.render(docs=docs, distinct=hooks._distinct) == template.render(docs=docs)
    assert hooks._distinct(docs, "publisher", False) == ["A 局", "b 局", "办公室"]  # case-folded, first kept


# Builds a project as `mkdocs serve --dirty` does, then after each group of edits again, printing
# what the edit loop reused; without --dirty, one full build.
DRIVER = r"""
import gc, json, os, sys, threading
from pathlib import Path
collections = []
gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "start" else None)
project, site, dirty, groups = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1", json.loads(sys.argv[4])
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
hooks = first.plugins["hooks/gongkai_hooks.py"]
stats = []
for edits in groups:
    for rel, old, new in edits:
        path = project / "content" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    collections.clear()
    build(config(), serve_url=URL, dirty=dirty)
    served = gc.isenabled()  # paused until just after the page is served (_edit_settle)
    if hooks.edit.settling is not None:
        hooks.edit.settling.join(30)
    plan = hooks.edit.plan
    stats.append({"collections": len(collections), "gc": gc.isenabled(), "served": served,
                  "reused": len(hooks.edit.reused), "rows": hooks.edit.rows.hits,
                  "rewritten": len(plan.documents) if plan is not None else None,
                  "git": hooks.edit.memo.git_log.reads})
    for thread in threading.enumerate():  # the search index of the edit, built in the background
        if thread.name == "gongkai-search":
            thread.join(300)
print(json.dumps(stats))
"""


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.build  # MkDocs builds in a child Python (DRIVER), which reading the test cannot see
def test_successive_edits_reuse_pages_and_rows_and_write_the_full_build(tmp_path):
    project = copy_project(tmp_path / "p")  # a git repository of its own
    budget_title = next(line for line in (project / "content" / BUDGET).read_text(encoding="utf-8").splitlines()
                        if line.startswith("title: "))
    groups = [[(BUDGET, budget_title, "title: 第一次改过的预算标题")],
              [(WASTE, "expires: 2029-11-14", "expires: 2025-11-14")],
              [(BUDGET, "title: 第一次改过的预算标题", "title: 第二次改过的预算标题")]]
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}

    def drive(site: Path, dirty: bool, todo) -> list:
        run = subprocess.run([sys.executable, "-c", DRIVER, str(project), str(site), "1" if dirty else "0",
                              json.dumps(todo, ensure_ascii=False)],
                             env=env, capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, run.stderr[-3000:]
        return json.loads(run.stdout.strip().splitlines()[-1])

    stats = drive(tmp_path / "edited", True, groups)
    documents = len(list((project / "content").rglob("*.md")))
    for step in stats:
        assert step["rewritten"] is not None  # incremental, not a full rebuild
        assert step["reused"] >= documents // 2, stats  # most documents' File and Page came back
        assert step["rows"] > 0, stats  # catalogue rows kept
        assert step["git"] == 1, stats  # one `git log` for the whole session
        # the cyclic collector paused while an edit builds, on again after it (_edit_begin)
        assert step["collections"] <= 2 and step["gc"] and not step["served"], stats
    drive(tmp_path / "full", False, [])  # the project now holds the edited files
    edited, full = _tree(tmp_path / "edited"), _tree(tmp_path / "full")
    assert "第二次改过的预算标题".encode() in edited["proactive/budget/2024-budget/index.html"]
    assert "第二次改过的预算标题".encode() in edited["catalogue/index.html"]
    assert sorted(edited) == sorted(full)
    assert [name for name in full if edited[name] != full[name]] == []


def test_in_the_edit_loop_a_qr_code_is_drawn_once_per_address(monkeypatch):
    hooks = hooks_module()
    drawn = []
    real = hooks.pageaddress.qr_svg

    def counting(address):
        drawn.append(address)
        return real(address)

    monkeypatch.setattr(hooks.pageaddress, "qr_svg", counting)
    address = "https://www.example.gov.cn/zwgk/id/a/"
    assert hooks._edit_qr(address) == hooks._edit_qr(address) == real(address)
    assert drawn == [address, address]  # outside the edit loop: drawn every time
    hooks.edit.dirty = True
    drawn.clear()
    assert hooks._edit_qr(address) == hooks._edit_qr(address) == real(address)
    assert drawn == [address]


def test_the_idle_collection_leaves_a_running_or_newer_build_alone():
    import gc

    hooks = hooks_module()
    gc.unfreeze()
    try:
        hooks.edit.builds, hooks.edit.building = 3, True
        hooks._edit_collect_when_idle(3)
        assert gc.get_freeze_count() == 0  # a build runs: nothing done
        hooks.edit.building = False
        hooks._edit_collect_when_idle(2)
        assert gc.get_freeze_count() == 0  # a newer build finished: it scheduled its own
        hooks._edit_collect_when_idle(3)
        assert gc.get_freeze_count() > 0  # idle: collected, the survivors frozen again
        assert hooks.edit.collected == 3
        # builds in a row without a pause: the tenth collects at its end
        gc.unfreeze()
        hooks.edit.dirty, hooks.edit.builds = True, 3 + hooks.COLLECT_EVERY - 1
        hooks._edit_freeze()
        assert hooks.edit.collected == 3 and gc.get_freeze_count() > 0  # frozen, not collected
        hooks.edit.builds += 1
        hooks._edit_freeze()
        assert hooks.edit.collected == hooks.edit.builds
    finally:
        gc.unfreeze()


def test_an_incremental_build_pauses_the_collector_until_it_ends(tmp_path):
    import gc
    import types

    hooks = hooks_module()
    hooks.edit.dirty = True
    try:
        hooks._edit_begin()  # the first build of `mkdocs serve`: a full one, collected as it goes
        assert gc.isenabled()
        hooks.edit.snapshot = object()  # the last build succeeded: this one is most likely incremental
        hooks._edit_begin()
        assert not gc.isenabled()
        hooks.on_build_error(RuntimeError("a failed build"))
        assert gc.isenabled()
        hooks.edit.snapshot = object()
        hooks._edit_begin()
        hooks.edit.building = False  # the build ended (_edit_done); a newer one has not started
        hooks._edit_settle(hooks.edit.builds - 1)
        assert not gc.isenabled()  # a newer build than the one settled: left to that build
        hooks._edit_settle(hooks.edit.builds)
        assert gc.isenabled() and gc.get_freeze_count() > 0  # collected, the survivors frozen
        gc.unfreeze()
        hooks.edit.snapshot = object()
        hooks._edit_begin()
        hooks.state.preview_problems = ["错误 a.md：示例"]  # an error preview ends in on_post_build too
        hooks.on_post_build(types.SimpleNamespace(docs_dir=str(tmp_path / "content"), site_dir=str(tmp_path / "site"),
                                                 site_name="示例"))
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_file_watch_keeps_its_snapshot_only_while_a_build_runs():
    import time
    import types

    hooks = hooks_module()
    taken = []

    class Emitter:
        def __init__(self):
            self._snapshot = "before the build"
            self._take_snapshot = lambda: taken.append(1) or f"snapshot {len(taken)}"

    emitter = Emitter()
    server = types.SimpleNamespace(observer=types.SimpleNamespace(emitters={emitter}))
    hooks._edit_quiet_watch(server)
    assert taken == [] and emitter._take_snapshot() == "snapshot 1"  # outside the edit loop: unchanged
    hooks.edit.dirty = True
    hooks._edit_quiet_watch(server)
    assert emitter._take_snapshot() == "snapshot 2"  # idle: a new snapshot every poll
    hooks.edit.building, hooks.edit.building_since = True, time.monotonic()
    assert emitter._take_snapshot() == "before the build" and len(taken) == 2  # building: the last one
    hooks.edit.building_since = time.monotonic() - hooks.BUILD_AT_MOST - 1  # a stale flag is not trusted
    assert emitter._take_snapshot() == "snapshot 3"
    hooks.edit.building = False
    assert emitter._take_snapshot() == "snapshot 4"


def _served_folder(tmp_path):
    """MkDocs' own live-reload server (not started) watching a content folder by polling, as
    `mkdocs serve` makes it."""
    from mkdocs.livereload import LiveReloadServer

    content = tmp_path / "content"
    (content / "a").mkdir(parents=True)
    (content / "a" / "one.md").write_text("one\n", encoding="utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    server.watch(str(content))
    return server, content


def test_the_fast_watch_relies_on_what_mkdocs_and_watchdog_have(tmp_path):
    from hooks import fastwatch

    server, content = _served_folder(tmp_path)
    assert hasattr(server, "_rebuild_cond") and server._want_rebuild is False
    pollers = fastwatch.polling_emitters(server, content)
    assert len(pollers) == 1  # MkDocs' polling watch of content/, found by its folder
    assert all(hasattr(pollers[0], name) for name in ("_lock", "_snapshot", "_take_snapshot"))
    assert fastwatch.polling_emitters(server, tmp_path) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify: Linux only (elsewhere MkDocs polls)")
def test_a_saved_file_asks_for_the_rebuild_at_once_and_renews_the_polling_snapshot(tmp_path):
    import time

    from watchdog.events import DirModifiedEvent, FileClosedNoWriteEvent, FileModifiedEvent, FileOpenedEvent

    from hooks import fastwatch

    server, content = _served_folder(tmp_path)
    poller = fastwatch.polling_emitters(server, content)[0]
    handler = fastwatch.SavedNow(server, [poller])
    for event in (FileOpenedEvent(str(content / "a" / "one.md")), FileClosedNoWriteEvent(str(content / "a" / "one.md")),
                  DirModifiedEvent(str(content / "a"))):
        handler.on_any_event(event)  # reading a file, or a folder's own event, is no change
    assert server._want_rebuild is False
    before = poller._snapshot
    handler.on_any_event(FileModifiedEvent(str(content / "a" / "one.md")))  # still being written
    assert server._want_rebuild is True and poller._snapshot is before  # rebuilt, no snapshot yet
    server._want_rebuild = False
    observer = fastwatch.start(server, content)
    assert observer is not None
    try:
        saved = content / "a" / "two.md"
        saved.write_text("two\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._want_rebuild  # told by the system, not found by a poll (the poller never ran)
        while str(saved) not in getattr(poller._snapshot, "paths", ()) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert str(saved) in poller._snapshot.paths  # the next poll will not rebuild this save again
        # a poll that was walking content/ during the save reports it too: dropped, inotify told of it
        poller.queue_event(FileModifiedEvent(str(saved)))
        assert poller.queue_event.dropped == 1
        poller.queue_event(FileModifiedEvent(str(content / "a" / "one.md")))  # not told of: passed on
        assert poller.queue_event.dropped == 1
    finally:
        fastwatch.stop(observer)
