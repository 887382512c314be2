"""One verdict (issue 12): `python -m gongkai check` and `mkdocs build` come from one pipeline and give
the same verdict and the same messages on every input, strict or not, locally and in CI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EPOCH, copy_project, mkdocs_build

BUDGET = "proactive/budget/2024-budget.md"


def _edit(rel: str, old: str, new: str):
    def breakage(content: Path) -> None:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return breakage


BREAKAGES = {
    "clean": lambda content: None,
    # an empty required value: once passed check and stopped the build
    "empty published": _edit(BUDGET, "published: 2024-02-06", "published:"),
    "empty title": _edit(BUDGET, "title: 示例市人民政府办公室2024年部门预算", "title: ''"),
    "yaml syntax": _edit(BUDGET, "published: 2024-02-06", "published 2024-02-06"),
    "unknown key (a warning)": _edit(BUDGET, "published: 2024-02-06", "published: 2024-02-06\npubished: 2024-02-06"),
    # body HTML: found by the build while rendering, by check on the same rendering
    "script in the body": _edit(BUDGET, "### 一、主要职能\n", "### 一、主要职能\n\n<script>alert(1)</script>\n"),
    "event handler via attr_list": _edit(BUDGET, "### 一、主要职能\n", '### 一、主要职能 {: onclick="alert(1)" }\n'),
}

_PROBLEM = re.compile(r"(?:错误|警告) \S+?(?::\d+)?[ ：].*")


def problem_lines(output: str) -> set[str]:
    """The problem lines of an output, without the logger's prefix (``WARNING -``)."""
    return {m.group(0).strip() for m in _PROBLEM.finditer(output)}


def run_check(project: Path, strict: bool, ci: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(project)}
    env.pop("CI", None)
    if ci:
        env["CI"] = "true"
    args = ["check", "--strict"] if strict else ["check"]
    return subprocess.run([sys.executable, "-m", "gongkai", "--root", str(project), *args],
                          cwd=project, env=env, capture_output=True, text=True)


def assert_one_verdict(project: Path, site: Path, strict: bool, ci: bool = False) -> tuple[bool, set[str]]:
    build = mkdocs_build(project, site, strict=strict, quiet=False, ci=ci)
    check = run_check(project, strict, ci)
    build_out, check_out = build.stdout + build.stderr, check.stdout + check.stderr
    for out in (build_out, check_out):
        assert "Traceback" not in out, out
    failed = build.returncode != 0
    assert failed == (check.returncode != 0), (build_out, check_out)
    assert problem_lines(build_out) == problem_lines(check_out), (build_out, check_out)
    return failed, problem_lines(check_out)


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_check_and_strict_build_agree(tmp_path, name):
    project = copy_project(tmp_path / "project")
    BREAKAGES[name](project / "content")
    failed, lines = assert_one_verdict(project, tmp_path / "site", strict=True)
    assert failed == (name != "clean"), lines
    if name != "clean":
        assert lines and all(BUDGET in line for line in lines), lines


def test_a_warning_stops_both_only_when_strict(tmp_path):
    project = copy_project(tmp_path / "project")
    BREAKAGES["unknown key (a warning)"](project / "content")
    failed, lines = assert_one_verdict(project, tmp_path / "site", strict=False)
    assert not failed and any("pubished" in line for line in lines), lines


def test_a_shallow_clone_stops_both_in_ci(tmp_path):
    project = copy_project(tmp_path / "project")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(shallow)], check=True,
                   capture_output=True)
    failed, lines = assert_one_verdict(shallow, tmp_path / "site", strict=False, ci=True)
    assert failed and any("浅克隆" in line for line in lines), lines


@pytest.mark.parametrize("title, message", [
    ("title:", "标题应为一段文字，不能为空"),
    ("title: [政府, 信息]", "标题应为一段文字，不能为空"),
    ("title: &a 政府信息公开", "锚点"),
])
def test_the_landing_page_is_read_like_any_document(tmp_path, title, message):
    project = copy_project(tmp_path / "project")
    _edit("index.md", "title: 政府信息公开", title)(project / "content")
    failed, lines = assert_one_verdict(project, tmp_path / "site", strict=True)
    assert failed and any(line.startswith("错误 index.md:2") and message in line for line in lines), lines
