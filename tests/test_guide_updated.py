"""The guide's 更新日期 stays true (issue 14 item 4): git knows of an edit after the guide's
declared `updated` → a warning naming both dates and the fix."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from conftest import DAY, GUIDE, ROOT, doc_text, write
from gongkai.core.column import load_column
from gongkai.core.siteconfig import load_site_config
from gongkai.files.gitdates import read_history, updated_days

GUIDE_UPDATED = GUIDE.replace("published: 2020-01-01", "published: 2020-01-01\nupdated: 2025-03-10")
NEWS = "proactive/budget/a.md"


def _git(repo: Path, *args: str, when: str = "2025-03-10T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.gov.cn",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.gov.cn"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _repo(tmp_path: Path, files: dict) -> Path:
    content = tmp_path / "content"
    write(content, files)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "import")
    return content


def _commit(tmp_path: Path, when: str) -> None:
    _git(tmp_path, "commit", "-q", "-am", "edit", when=when)


def _edit(content: Path, rel: str, old: str, new: str) -> None:
    path = content / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _warnings(content: Path) -> list[str]:
    column = load_column(content, load_site_config(ROOT / "site_config"), DAY)
    column.updated = updated_days(column, read_history(content), stop_on_shallow=False)
    return [str(p) for p in column.problems.sorted() if p.level == "警告"]


def test_an_imported_guide_keeps_its_updated(tmp_path):
    # added once, with the day of its last change before the import: no edit after it
    content = _repo(tmp_path, {"guide/index.md": GUIDE_UPDATED})
    assert _warnings(content) == []


def test_an_edit_committed_after_updated_is_named(tmp_path):
    content = _repo(tmp_path, {"guide/index.md": GUIDE_UPDATED})
    _edit(content, "guide/index.md", "指南正文。", "指南正文，新增依申请公开的办理时限。")
    _commit(tmp_path, "2026-10-09T15:00:00+08:00")
    warnings = _warnings(content)
    assert len(warnings) == 1, warnings
    line = warnings[0]
    assert line.startswith("警告 guide/index.md:4 字段“updated” 值“2025-03-10”："), line
    assert "2025年03月10日" in line and "2026年10月09日" in line and "有提交的修改" in line
    assert "删除 updated 这一行" in line and "updated: 2026-10-09" in line


def test_an_uncommitted_edit_is_named_with_the_build_day(tmp_path):
    content = _repo(tmp_path, {"guide/index.md": GUIDE_UPDATED})
    _edit(content, "guide/index.md", "指南正文。", "指南正文，已修改。")
    warnings = _warnings(content)
    assert len(warnings) == 1 and "2026年11月24日 有尚未提交的修改" in warnings[0], warnings


def test_raising_updated_with_the_edit_settles_it(tmp_path):
    content = _repo(tmp_path, {"guide/index.md": GUIDE_UPDATED})
    _edit(content, "guide/index.md", "updated: 2025-03-10", "updated: 2026-10-09")
    _commit(tmp_path, "2026-10-09T15:00:00+08:00")
    assert _warnings(content) == []


def test_removing_updated_lets_git_date_the_guide(tmp_path):
    content = _repo(tmp_path, {"guide/index.md": GUIDE_UPDATED})
    _edit(content, "guide/index.md", "updated: 2025-03-10\n", "")
    _commit(tmp_path, "2026-10-09T15:00:00+08:00")
    column = load_column(content, load_site_config(ROOT / "site_config"), DAY)
    column.updated = updated_days(column, read_history(content), stop_on_shallow=False)
    assert [p for p in column.problems.items if p.level == "警告"] == []
    assert str(column.updated["guide/index.md"]) == "2026-10-09"


def test_other_documents_keep_their_imported_updated(tmp_path):
    # `updated` of other documents records imported history on purpose; only the guide's is policed
    content = _repo(tmp_path, {"guide/index.md": GUIDE, NEWS: doc_text(updated="2024-05-01")})
    _edit(content, NEWS, "正文第一段。", "正文第一段，改了。")
    _commit(tmp_path, "2026-10-09T15:00:00+08:00")
    assert _warnings(content) == []


def test_an_edit_after_the_build_day_is_not_known_on_it(tmp_path):
    # a build "as of" 2026-11-24 (SOURCE_DATE_EPOCH) knows nothing of a commit on 2026-12-02; and its
    # fix (updated: 2026-12-02) would be a date after the build day
    content = _repo(tmp_path, {"guide/index.md": GUIDE_UPDATED})
    _edit(content, "guide/index.md", "指南正文。", "指南正文，又改了。")
    _commit(tmp_path, "2026-12-02T15:00:00+08:00")
    assert _warnings(content) == []


def test_a_commit_after_the_build_day_counts_as_the_build_day(tmp_path):
    # previewing as of DAY (--date, SOURCE_DATE_EPOCH) a repository edited later: the page cannot
    # say it was updated after the day it describes
    content = _repo(tmp_path, {"guide/index.md": GUIDE, NEWS: doc_text(published="2025-03-01")})
    _edit(content, NEWS, "正文", "正文（修订）")
    _commit(tmp_path, when="2026-12-03T10:00:00+08:00")
    column = load_column(content, load_site_config(ROOT / "site_config"), DAY)
    column.updated = updated_days(column, read_history(content), stop_on_shallow=False)
    assert column.updated[NEWS] == DAY
    assert column.updated["guide/index.md"] == dt.date(2025, 3, 10)
