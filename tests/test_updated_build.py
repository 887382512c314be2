"""更新日期 on the built site: pages, guide, sitemap; shallow clones and tarballs."""

import re
import shutil
import subprocess

from conftest import copy_project, mkdocs_build


def test_document_pages_show_published_and_updated(built_site):
    html = (built_site / "proactive/budget/2024-budget/index.html").read_text(encoding="utf-8")
    assert '<th scope="row" id="gk-m-published">发布日期</th>' in html
    # committed on 2026-11-20 in the test repository; published earlier
    assert '<th scope="row" id="gk-m-updated">更新日期</th><td headers="gk-m-updated">2026年11月20日</td>' in html


def test_guide_shows_updated_at_the_top_from_git(built_site):
    html = (built_site / "guide/index.html").read_text(encoding="utf-8")
    # committed on 2026-11-20 in the test repository; the guide declares no `updated`, so its
    # 更新日期 follows its edits (a declared one that falls behind them is warned of: test_guide_updated)
    assert "更新日期：2026年11月20日" in html
    assert html.index("更新日期：") < html.index('class="gk-meta"')


def test_sitemap_uses_the_same_dates(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    assert entries["https://www.example.gov.cn/zwgk/guide/"] == "2026-11-20"
    assert entries["https://www.example.gov.cn/zwgk/proactive/budget/2024-budget/"] == "2026-11-20"
    # the build day (2026-11-24) appears nowhere: no wall-clock time
    assert "2026-11-24" not in sitemap


def test_uncommitted_change_is_stamped_with_the_build_day(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "content/proactive/budget/2024-budget.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/proactive/budget/2024-budget/index.html").read_text(encoding="utf-8")
    assert '<th scope="row" id="gk-m-updated">更新日期</th><td headers="gk-m-updated">2026年11月24日</td>' in html


def test_shallow_clone_stops_a_strict_build_with_the_fix(tmp_path):
    project = copy_project(tmp_path / "p")
    env = {"GIT_AUTHOR_DATE": "2026-11-21T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-11-21T10:00:00+08:00"}
    import os
    path = project / "content/index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "second"], cwd=project, check=True, env={**os.environ, **env})
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], check=True)
    result = mkdocs_build(clone, tmp_path / "site")
    assert result.returncode != 0
    assert "浅克隆" in result.stderr and "fetch-depth: 0" in result.stderr and "Traceback" not in result.stderr
    # locally, without --strict, it builds with a warning
    local = mkdocs_build(clone, tmp_path / "site2", strict=False, quiet=False, ci=False)
    assert local.returncode == 0 and "浅克隆" in local.stderr
    # a CI system (CI=true) stops even a build not run with --strict
    in_ci = mkdocs_build(clone, tmp_path / "site3", strict=False, quiet=False, ci=True)
    assert in_ci.returncode != 0 and "fetch-depth: 0" in in_ci.stderr and "Traceback" not in in_ci.stderr


def test_without_git_falls_back_with_a_warning(tmp_path):
    project = copy_project(tmp_path / "p")
    shutil.rmtree(project / ".git")
    result = mkdocs_build(project, tmp_path / "site", strict=False, quiet=False)
    assert result.returncode == 0 and "不是 git 仓库" in result.stderr
    html = (tmp_path / "site/proactive/budget/2024-budget/index.html").read_text(encoding="utf-8")
    published = re.search(r'发布日期</th><td headers="gk-m-published">([^<]+)</td>', html).group(1)
    assert f'更新日期</th><td headers="gk-m-updated">{published}</td>' in html
