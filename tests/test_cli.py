"""The webmaster CLI: new → check → build, the same messages as the build, stats."""

import os
import subprocess
import sys

from conftest import ROOT, copy_project, gongkai, gongkai_in_process, mkdocs_build


def test_new_then_check_then_build(tmp_path):
    project = copy_project(tmp_path / "p")
    created = gongkai(project, "new", "budget", "2026-budget-adjustment", "关于2026年部门预算调整的说明")
    assert created.returncode == 0, created.stderr
    # the sample's highest 2026 sequence is 00042: the next free one is 00043
    assert "11379900004123456X/2026-00043" in created.stdout
    path = project / "content/proactive/budget/2026-budget-adjustment.md"
    text = path.read_text(encoding="utf-8")
    assert "published: 2026-11-24" in text and 'title: "关于2026年部门预算调整的说明"' in text
    checked = gongkai(project, "check", "--strict")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "site/proactive/budget/2026-budget-adjustment/index.html").read_text(encoding="utf-8")
    assert "11379900004123456X/2026-00043" in html


def test_new_refuses_unknown_section_and_existing_file(tmp_path):
    project = copy_project(tmp_path / "p")
    assert gongkai(project, "new", "news", "a", "标题").returncode == 2
    assert gongkai(project, "new", "budget", "2024-budget", "标题").returncode == 2


def test_check_reports_what_the_build_reports(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "content/system/confidentiality-review.md"
    path.write_text(path.read_text(encoding="utf-8").replace("published: 2019-09-05", "published: 2019-13-05"),
                    encoding="utf-8")
    checked = gongkai(project, "check")
    assert checked.returncode == 1
    line = next(ln for ln in checked.stdout.splitlines() if ln.startswith("错误 "))
    assert "system/confidentiality-review.md:6" in line and "2019-13-05" in line
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode != 0 and line in built.stderr


def test_stats(tmp_path):
    project = copy_project(tmp_path / "p")
    out = gongkai_in_process(project, "stats")
    assert out.returncode == 0
    assert "法定主动公开内容：" in out.stdout and "有效性（截至 2026-11-24）：有效 " in out.stdout
    assert "已废止 2" in out.stdout


def test_new_quotes_a_title_with_yaml_characters(tmp_path):
    project = copy_project(tmp_path / "p")
    title = "关于“通知”: 第1号 #附件"
    assert gongkai_in_process(project, "new", "budget", "odd-title", title).returncode == 0
    checked = gongkai_in_process(project, "check", "--strict")
    assert checked.returncode == 0, checked.stdout
    import yaml
    text = (project / "content/proactive/budget/odd-title.md").read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---")[1])["title"] == title


def test_audit_subcommand_runs_the_accessibility_audit(built_site, tmp_path):
    env = {**os.environ}
    result = subprocess.run([sys.executable, "-m", "gongkai", "audit", str(built_site), "--page", "guide/",
                             "--modes", "light", "--report-dir", str(tmp_path / "reports")],
                            env=env, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "未发现违规" in result.stdout and "这不是全站审查" in result.stdout
    assert (tmp_path / "reports/junit.xml").is_file()
