"""Half of the documents read and checked in a forked process (gongkai/files/forked.py): the column
and its problems are the same, in the same order, as when one process reads them all."""

from __future__ import annotations

import os

import pytest

from conftest import ROOT, copy_project, write
from gongkai.core.column import load_column
from gongkai.core.dates import build_day
from gongkai.core.siteconfig import load_site_config
from gongkai.files import forked


def _square(n: int) -> int:
    return n * n


@pytest.mark.parametrize("workers", ["1", "2", ""])
def test_the_results_are_those_of_a_plain_loop(monkeypatch, workers):
    monkeypatch.setenv(forked.WORKERS_VARIABLE, workers)
    for jobs in ([], [3], list(range(7)), list(range(1001))):
        assert forked.map_halved(_square, jobs) == [n * n for n in jobs]


def test_a_child_that_fails_is_replaced_by_the_jobs_run_here(monkeypatch):
    monkeypatch.setenv(forked.WORKERS_VARIABLE, "2")
    parent = os.getpid()

    def only_here(n: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # the child dies without a result
        return n + 1

    assert forked.map_halved(only_here, list(range(10))) == list(range(1, 11))


def test_an_error_of_a_job_is_raised_as_in_a_plain_loop(monkeypatch):
    monkeypatch.setenv(forked.WORKERS_VARIABLE, "2")

    def fails_on_two(n: int) -> int:
        if n == 2:
            raise ValueError("two")
        return n

    with pytest.raises(ValueError, match="two"):  # in the parent's half
        forked.map_halved(fails_on_two, [0, 1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="two"):  # in the child's half: run again here, raised here
        forked.map_halved(fails_on_two, [5, 4, 3, 2])


def test_few_jobs_or_one_core_stay_in_this_process(monkeypatch):
    monkeypatch.delenv(forked.WORKERS_VARIABLE, raising=False)
    assert not forked.wanted(forked.MIN_JOBS - 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not forked.wanted(10 * forked.MIN_JOBS)
    monkeypatch.setenv(forked.WORKERS_VARIABLE, "1")
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert not forked.wanted(10 * forked.MIN_JOBS)


def _load(project, monkeypatch, workers: str):
    monkeypatch.setenv(forked.WORKERS_VARIABLE, workers)
    forks = []
    fork = os.fork

    def counted() -> int:
        forks.append(1)
        return fork()

    monkeypatch.setattr(os, "fork", counted)
    site = load_site_config(project / "site_config")
    column = load_column(project / "content", site, build_day({"SOURCE_DATE_EPOCH": "1796256000"}))
    assert len(forks) == (workers == "2")  # read on two cores, or on one
    return column


def test_the_column_read_on_two_cores_is_the_column_read_on_one(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    # problems of every kind and place: a bad .meta.yml met on the way, a misplaced file, bad metadata
    write(project / "content", {
        "proactive/budget/2024/.meta.yml": "publisher: [未闭合\n",
        "proactive/budget/2024/a.md": "---\ntitle: 甲\npublished: 2024-13-01\n---\n\n正文。\n",
        "proactive/budget/2024/b.md": "---\ntitle: 乙\nindex_no: 坏\npublished: 2024-05-01\n---\n\n正文。\n",
        "misplaced.md": "---\ntitle: 错位\n---\n\n正文。\n",
        "proactive/budget/index.md": "---\ntitle: 保留的路径\n---\n",
        "system/bad.md": "---\ntitle: [\n---\n",
    })
    one, two = _load(project, monkeypatch, "1"), _load(project, monkeypatch, "2")
    assert len(one.documents) > 40
    assert one.documents == two.documents
    assert [str(p) for p in one.problems.items] == [str(p) for p in two.problems.items]
    assert len(one.problems.errors) >= 5
    assert one.statuses == two.statuses


def test_the_sample_column_is_the_same_either_way(monkeypatch):
    one, two = _load(ROOT, monkeypatch, "1"), _load(ROOT, monkeypatch, "2")
    assert one.documents == two.documents and not one.problems.errors
    assert [str(p) for p in one.problems.items] == [str(p) for p in two.problems.items]
