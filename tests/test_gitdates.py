"""更新日期 from git, on temporary repositories with controlled commit dates."""

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from gongkai.files.gitdates import read_history

D = dt.date


class Repo:
    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "web@example.gov.cn")
        self.git("config", "user.name", "网站管理员")

    def git(self, *args, when: str | None = None):
        env = {**os.environ}
        if when:  # ISO time with offset, e.g. 2024-03-01T23:30:00+08:00
            env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        return subprocess.run(["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True)

    def write(self, rel: str, text: str):
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, when: str, message: str = "change"):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=when)


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path / "repo")


def test_last_commit_day_per_file_in_shanghai(repo):
    repo.write("content/a.md", "a")
    repo.write("content/b.md", "b")
    repo.commit("2024-03-01T10:00:00+08:00")
    repo.write("content/a.md", "a2")
    # 17:30 UTC on 5 March is 01:30 on 6 March in Asia/Shanghai
    repo.commit("2024-03-05T17:30:00+00:00")
    history = read_history(repo.path / "content")
    assert history.available and not history.shallow
    assert history.dates == {"a.md": D(2024, 3, 6), "b.md": D(2024, 3, 1)}
    assert history.uncommitted == set()


def test_whitespace_change_is_a_change(repo):
    repo.write("content/a.md", "正文\n")
    repo.commit("2024-01-01T12:00:00+08:00")
    repo.write("content/a.md", "正文 \n")
    repo.commit("2024-02-01T12:00:00+08:00")
    assert read_history(repo.path / "content").dates["a.md"] == D(2024, 2, 1)


def test_pure_rename_keeps_the_day_of_the_last_edit(repo):
    repo.write("content/old/a.md", "同样的正文\n" * 20)
    repo.commit("2023-05-01T12:00:00+08:00")
    repo.git("mv", "content/old", "content/new")
    repo.commit("2024-06-01T12:00:00+08:00", "move folder")
    assert read_history(repo.path / "content").dates == {"new/a.md": D(2023, 5, 1)}


def test_rename_with_edit_is_a_change(repo):
    repo.write("content/a.md", "同样的正文\n" * 20)
    repo.commit("2023-05-01T12:00:00+08:00")
    repo.git("mv", "content/a.md", "content/b.md")
    repo.write("content/b.md", "同样的正文\n" * 20 + "新增一句。\n")
    repo.commit("2024-06-01T12:00:00+08:00")
    assert read_history(repo.path / "content").dates == {"b.md": D(2024, 6, 1)}


def test_rename_chain_then_edit(repo):
    repo.write("content/a.md", "正文内容足够长以便识别为重命名。\n" * 10)
    repo.commit("2022-01-01T12:00:00+08:00")
    repo.git("mv", "content/a.md", "content/b.md")
    repo.commit("2022-06-01T12:00:00+08:00")
    repo.git("mv", "content/b.md", "content/c.md")
    repo.commit("2023-01-01T12:00:00+08:00")
    assert read_history(repo.path / "content").dates == {"c.md": D(2022, 1, 1)}


def test_merge_takes_the_day_of_the_branch_commit(repo):
    repo.write("content/a.md", "a")
    repo.write("content/b.md", "b")
    repo.commit("2024-01-01T12:00:00+08:00")
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("content/a.md", "a on topic")
    repo.commit("2024-02-01T12:00:00+08:00")
    repo.git("checkout", "-q", "main")
    repo.write("content/b.md", "b on main")
    repo.commit("2024-03-01T12:00:00+08:00")
    repo.git("merge", "-q", "--no-ff", "topic", "-m", "merge", when="2024-04-01T12:00:00+08:00")
    history = read_history(repo.path / "content")
    assert history.dates == {"a.md": D(2024, 2, 1), "b.md": D(2024, 3, 1)}


def test_uncommitted_changes_are_listed(repo):
    repo.write("content/a.md", "a")
    repo.write("content/b.md", "b")
    repo.commit("2024-01-01T12:00:00+08:00")
    repo.write("content/a.md", "edited")
    repo.write("content/new file.md", "new")
    history = read_history(repo.path / "content")
    assert history.uncommitted == {"a.md", "new file.md"}
    assert history.dates == {"a.md": D(2024, 1, 1), "b.md": D(2024, 1, 1)}


def test_files_outside_the_folder_are_ignored(repo):
    repo.write("content/a.md", "a")
    repo.write("README.md", "r")
    repo.commit("2024-01-01T12:00:00+08:00")
    repo.write("README.md", "r2")
    repo.commit("2024-05-01T12:00:00+08:00")
    assert read_history(repo.path / "content").dates == {"a.md": D(2024, 1, 1)}


def test_chinese_file_names(repo):
    repo.write("content/预算.md", "a")
    repo.commit("2024-01-01T12:00:00+08:00")
    assert read_history(repo.path / "content").dates == {"预算.md": D(2024, 1, 1)}


def test_shallow_clone_is_detected(repo, tmp_path):
    for day in ("2024-01-01", "2024-02-01", "2024-03-01"):
        repo.write("content/a.md", day)
        repo.commit(f"{day}T12:00:00+08:00")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True)
    history = read_history(clone / "content")
    assert history.available and history.shallow


def test_not_a_git_checkout(tmp_path):
    (tmp_path / "content").mkdir()
    history = read_history(tmp_path / "content")
    assert not history.available and "不是 git 仓库" in history.reason


def test_repository_without_commits(repo):
    repo.write("content/a.md", "a")
    history = read_history(repo.path / "content")
    assert history.available and history.dates == {} and history.uncommitted == {"a.md"}


def test_deleted_then_readded(repo):
    repo.write("content/a.md", "first")
    repo.write("content/b.md", "b")
    repo.commit("2022-01-01T12:00:00+08:00")
    repo.git("rm", "-q", "content/a.md")
    repo.commit("2023-01-01T12:00:00+08:00")
    repo.write("content/a.md", "second")
    repo.commit("2024-01-01T12:00:00+08:00")
    repo.git("rm", "-q", "content/b.md")
    repo.commit("2024-02-01T12:00:00+08:00")
    assert read_history(repo.path / "content").dates == {"a.md": D(2024, 1, 1)}
