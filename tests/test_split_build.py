"""The pages on two cores (hooks/splitbuild.py, #17 item 3): a build whose pages are shared with a
forked worker writes the same site, byte for byte, as a build on one core, and gives the same
verdict with the same messages when the worker's pages hold problems."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import EPOCH, ROOT, copy_project

SHARED = re.compile(r"页面：(\d+) 页由另一个核上的工作进程生成")
_PROBLEM = re.compile(r"(?:错误|警告) \S+?(?::\d+)?[ ：].*")


def build(project: Path, site: Path, workers: str, strict: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "GONGKAI_BUILD_WORKERS": workers}
    env.pop("CI", None)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_cores_write_the_site_of_one_core(sample_project, tmp_path):
    one = build(sample_project, tmp_path / "one", "1")
    two = build(sample_project, tmp_path / "two", "2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert not SHARED.search(one.stderr), "GONGKAI_BUILD_WORKERS=1 builds on one core"
    shared = SHARED.search(two.stderr)
    assert shared and int(shared.group(1)) > 20, two.stderr  # about half the sample's pages
    one_files, two_files = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert sorted(one_files) == sorted(two_files)
    differing = [name for name in one_files if one_files[name] != two_files[name]]
    assert not differing, differing[:10]


def _break_every_budget_document(project: Path) -> list[str]:
    """A link to a missing file and a script in every budget document: some are the worker's pages."""
    broken = []
    for path in sorted((project / "content" / "proactive" / "budget").glob("*.md")):
        if path.name == "index.md":
            continue
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\n见[附表](missing-table.md)。\n\n<script>alert(1)</script>\n", encoding="utf-8")
        broken.append(path.relative_to(project / "content").as_posix())
    assert len(broken) >= 4
    return broken


def test_problems_of_the_workers_pages_give_the_same_verdict(tmp_path):
    project = copy_project(tmp_path / "project")
    broken = _break_every_budget_document(project)
    one = build(project, tmp_path / "one", "1")
    two = build(project, tmp_path / "two", "2")
    for run in (one, two):
        assert run.returncode != 0 and "Traceback" not in run.stdout + run.stderr, run.stderr
    lines_one = {m.group(0).strip() for m in _PROBLEM.finditer(one.stderr)}
    lines_two = {m.group(0).strip() for m in _PROBLEM.finditer(two.stderr)}
    assert lines_one == lines_two
    for src in broken:  # each broken document is named, whichever process rendered it
        assert any(src in line and "script" in line for line in lines_two), (src, lines_two)
    # the pages of failed bodies never hold the script, in either process's share
    for site in (tmp_path / "one", tmp_path / "two"):
        for page in site.rglob("*.html"):
            assert "alert(1)" not in page.read_text(encoding="utf-8"), page


def test_anchors_on_the_other_processs_pages_are_looked_up(tmp_path):
    """Every budget document links to a heading of the next one and to a heading that does not exist
    there: the anchor check (on_post_build) sees the ids of pages either process rendered, so only
    the missing anchors are warned of, alike on one core and two, and --strict counts them."""
    project = copy_project(tmp_path / "project")
    docs = sorted(p for p in (project / "content" / "proactive" / "budget").glob("*.md") if p.name != "index.md")
    assert len(docs) >= 4
    for path, target in zip(docs, docs[1:] + docs[:1], strict=True):
        assert "## 第一部分　部门概况" in target.read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8")
                        + f"\n见[概况]({target.name}#第一部分-部门概况)和[另一节]({target.name}#不存在的标题)。\n",
                        encoding="utf-8")
    strict = {workers: build(project, tmp_path / f"s{workers}", workers) for workers in ("1", "2")}
    relaxed = {workers: build(project, tmp_path / f"r{workers}", workers, strict=False) for workers in ("1", "2")}
    assert SHARED.search(relaxed["2"].stderr) and not SHARED.search(relaxed["1"].stderr)
    assert all(run.returncode != 0 for run in strict.values()), {k: v.stderr for k, v in strict.items()}
    assert all(run.returncode == 0 for run in relaxed.values()), {k: v.stderr for k, v in relaxed.items()}
    warned = {k: sorted(m.group(0).strip() for m in _PROBLEM.finditer(run.stderr) if "#" in m.group(0))
              for k, run in relaxed.items()}
    assert len(warned["1"]) == len(docs) and all("不存在的标题" in line for line in warned["1"]), warned
    assert warned["1"] == warned["2"], warned


def test_the_workers_share_is_spread_evenly():
    from hooks.splitbuild import WORKER_SHARE, worker_share

    srcs = [f"p{i}.md" for i in range(900)]
    share = worker_share(srcs)
    taken, every = WORKER_SHARE
    assert len(share) == 900 * taken // every
    for start in range(0, 900, every):  # every run of 9 pages: 5 to the worker, 4 here
        assert len(share & set(srcs[start:start + every])) == taken
    assert worker_share([]) == set() and worker_share(["only.md"]) <= {"only.md"}


def test_catalogues_and_id_pages_are_made_when_written(tmp_path):
    """_LaterFile: made once, when MkDocs writes it (beside the page worker), never by a process that
    does not write it; at once under `mkdocs serve`, whose edit loop compares contents."""
    from gongkai.bodyrender import mkdocs_config
    from hooks import gongkai_hooks as hooks

    config = mkdocs_config(ROOT)
    config.site_dir = str(tmp_path / "site")
    config.plugins._current_plugin = None  # set by MkDocs while a plugin event runs
    made: list[str] = []

    def make() -> str:
        made.append("catalogue")
        return "索引号,标题\n"

    later = hooks._LaterFile.later(config, "catalogue.csv", make)
    assert made == []  # listed, not made
    later.copy_file()
    later.copy_file()
    assert made == ["catalogue"]
    assert (tmp_path / "site" / "catalogue.csv").read_text(encoding="utf-8") == "索引号,标题\n"
    assert later.content_string == "索引号,标题\n"

    previous = hooks.state.command
    hooks.state.command = "serve"
    try:
        at_once = hooks._LaterFile.later(config, "catalogue.json", make)
    finally:
        hooks.state.command = previous
    assert made == ["catalogue", "catalogue"] and type(at_once) is hooks.File
