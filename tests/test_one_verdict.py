"""One verdict (issue 14 item 5): `make check`, `python -m gongkai check --strict` and
`mkdocs build --strict` agree on every input and print the same problem lines — the git pass,
links and anchors, body HTML, dates and references included — and the same deadline lines.

Extends tests/test_untrusted_verdict.py (check against build) with `make check` and with broken
copies whose git history matters; every copy is a git repository of its own (conftest.copy_project).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, copy_project, gongkai_in_process, mkdocs_build
from test_untrusted_verdict import BREAKAGES as UNTRUSTED
from test_untrusted_verdict import BUDGET, _edit, problem_lines, run_check

GUIDE = "guide/index.md"
POLICY = "proactive/regulations/2023-sme-high-quality-development-measures.md"
_DEADLINE = re.compile(r"(?:信息 \S+?(?::\d+)?[ ：].*|期限检查（截至.*)")


def _commit(project: Path, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.gov.cn",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.gov.cn"}
    subprocess.run(["git", "commit", "-qam", "edit"], cwd=project, env=env, check=True, capture_output=True)


def _stale_guide(commit: bool):
    """The guide declares updated: 2025-03-10, then its text is edited (and committed or not)."""
    def breakage(content: Path) -> None:
        _edit(GUIDE, "published: 2019-06-01", "published: 2019-06-01\nupdated: 2025-03-10")(content)
        _commit(content.parent, "2025-03-10T10:00:00+08:00")
        path = content / GUIDE
        path.write_text(
            path.read_text(encoding="utf-8") + "\n补充：申请人可通过网上申请平台提交申请。\n", encoding="utf-8"
        )
        if commit:
            _commit(content.parent, "2026-11-21T10:00:00+08:00")
    return breakage


def _both(*breakages):
    def breakage(content: Path) -> None:
        for one in breakages:
            one(content)
    return breakage


AFTER_HEADING = ("### 一、主要职能\n", "### 一、主要职能\n\n{}\n")


def _in_budget(text: str):
    return _edit(BUDGET, AFTER_HEADING[0], AFTER_HEADING[1].format(text))


def _in_mkdocs_yml(old: str, new: str):
    """A change of the copy's mkdocs.yml (beside content/)."""
    def breakage(content: Path) -> None:
        path = content.parent / "mkdocs.yml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return breakage


CASES = {
    **{name: UNTRUSTED[name] for name in ("clean", "yaml syntax", "unknown key (a warning)", "script in the body",
                                          "event handler via attr_list")},
    # item 2: a broken file that others refer to (repealed_by, interprets): no “找不到” cascade
    "referenced file broken": _edit(POLICY, "published: 2023-04-10", "published 2023-04-10"),
    # item 3: dates that cannot all be true
    "written after published": _edit(BUDGET, "published: 2024-02-06", "published: 2024-02-06\nwritten: 2024-03-01"),
    "updated in the future": _edit(BUDGET, "published: 2024-02-06", "published: 2024-02-06\nupdated: 2027-01-01"),
    # item 4, the git pass: the guide edited after its declared updated
    "guide updated stale (committed)": _stale_guide(commit=True),
    "guide updated stale (uncommitted)": _stale_guide(commit=False),
    # links and anchors in the body
    "link to a missing file": _in_budget("见[预算表](missing-tables.md)。"),
    "anchor missing on the page": _in_budget("见[下文](#不存在的标题)。"),
    "anchor missing on another page": _in_budget("见[指南](../../guide/index.md#不存在)。"),
    "anchor present": _in_budget("见[下文](#二部门预算单位构成)。"),
    # an error in one file and a body problem in another: the build, stopping early, still names both
    "error and body HTML": _both(_edit(POLICY, "published: 2023-04-10", "published 2023-04-10"),
                                 _in_budget("<script>alert(1)</script>")),
    # mkdocs.yml settings that make readers' browsers request other hosts (gongkai/pages/offline.py)
    "repo_url in mkdocs.yml": _in_mkdocs_yml("docs_dir: content\n",
                                             "docs_dir: content\nrepo_url: https://github.com/example/zwgk\n"),
    "web font in mkdocs.yml": _in_mkdocs_yml("  font: false ", "  font:\n    text: Noto Sans SC\n  # "),
}
FAILS = set(CASES) - {"clean", "anchor present"}


def run_make_check(project: Path) -> subprocess.CompletedProcess:
    """`make check` with the repository's Makefile in the copy, on the shared virtual environment
    (-o: its dependencies are installed; never reinstalled from here)."""
    venv = ROOT / ".venv"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(project), "LC_ALL": "C.UTF-8"}
    env.pop("CI", None)
    return subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "-C", str(project), f"VENV={venv}",
                           "-o", f"{venv}/.deps", "check"], cwd=project, env=env, capture_output=True, text=True)


def deadline_lines(output: str) -> set[str]:
    return {m.group(0).strip() for m in _DEADLINE.finditer(output)}


def three_verdicts(project: Path, site: Path) -> dict[str, tuple[bool, set[str], str]]:
    runs = {
        "make check": run_make_check(project),
        "gongkai check --strict": run_check(project, strict=True, ci=False),
        "mkdocs build --strict": mkdocs_build(project, site, strict=True, quiet=False, ci=False),
    }
    out = {}
    for name, run in runs.items():
        output = run.stdout + run.stderr
        assert "Traceback" not in output, (name, output)
        out[name] = (run.returncode != 0, problem_lines(output), output)
    return out


@pytest.mark.parametrize("name", sorted(CASES))
def test_three_commands_one_verdict(tmp_path, name):
    project = copy_project(tmp_path / "project")
    CASES[name](project / "content")
    verdicts = three_verdicts(project, tmp_path / "site")
    failed = {key: value[0] for key, value in verdicts.items()}
    lines = {key: value[1] for key, value in verdicts.items()}
    outputs = {key: value[2] for key, value in verdicts.items()}
    assert len(set(failed.values())) == 1, (failed, outputs)
    assert failed["make check"] == (name in FAILS), outputs
    assert lines["make check"] == lines["gongkai check --strict"] == lines["mkdocs build --strict"], outputs
    if name in FAILS:
        assert lines["make check"], outputs
    # deadlines are information: the same lines, printed by check and logged by the build
    deadlines = {key: deadline_lines(text) for key, text in outputs.items()}
    assert deadlines["make check"] and deadlines["make check"] == deadlines["mkdocs build --strict"], deadlines


def _lines(tmp_path, name) -> set[str]:
    project = copy_project(tmp_path / "project")
    CASES[name](project / "content")
    # the check as `python -m gongkai check --strict` runs it (three_verdicts runs the real commands)
    return problem_lines(gongkai_in_process(project, "check", "--strict", ci=False).stdout)


def test_a_broken_file_is_not_a_cascade(tmp_path):
    lines = _lines(tmp_path, "referenced file broken")
    assert not any("找不到" in line for line in lines), lines
    errors = [line for line in lines if line.startswith("错误 ")]
    assert errors and all(line.startswith(f"错误 {POLICY}:") for line in errors), lines
    pointing = [line for line in lines if f"引用的文件 {POLICY} 本身有错误" in line]
    assert len(pointing) >= 2 and all(line.startswith("警告 ") for line in pointing), lines


def test_the_stale_guide_is_named_with_both_dates(tmp_path):
    lines = _lines(tmp_path, "guide updated stale (committed)")
    assert any(line.startswith(f"警告 {GUIDE}:") and "2025年03月10日" in line and "2026年11月21日" in line
               for line in lines), lines


def test_anchors_are_looked_up_as_mkdocs_does():
    from gongkai.pages.anchors import ids_of
    html = ('<h2 id="一主要职能">一、主要职能</h2><p><a name="旧锚点">x</a><span name="不算">y</span>'
            "<table id='t&amp;1'></table>")
    assert ids_of(html) == {"一主要职能", "旧锚点", "t&1"}
