"""A safe file walk (issue 12, item 3): only regular files inside content/ are read or published,
.md in any case is a document, one address has one source, and the build's own paths are its own.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import DAY, ORG, copy_project, doc_text, gongkai, mkdocs_build, write
from gongkai.core import urls
from gongkai.core.column import content_files, load_column
from gongkai.files import filewalk
from gongkai.files.gitdates import read_history
from gongkai.pages.bodylinks import site_files
from gongkai.pages.feeds import feeds
from gongkai.pages.listing import generated_pages
from gongkai.pages.prepublish import build_outputs, check_for_publishing

SECRET = "OUTSIDE-SECRET-7431"
GUIDE = "---\ntitle: 指南\npublished: 2020-01-01\n---\n指南正文。\n"


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A folder outside the repository, holding a file whose text must never reach the site."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.md").write_text(f"---\ntitle: {SECRET}\npublished: 2024-01-01\n---\n{SECRET}\n", encoding="utf-8")
    (folder / "secret.pdf").write_bytes(SECRET.encode())
    (folder / "sub").mkdir()
    (folder / "sub" / "x.md").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository folder with site_config/ and a content/ holding the guide and one document."""
    write(tmp_path, {"site_config/site.yml": f"name: {SECRET}\n", "content/guide/index.md": GUIDE,
                     "content/proactive/budget/a.md": doc_text(1)})
    return tmp_path


def load(repo: Path, site):
    return load_column(repo / "content", site, DAY)


def errors_of(column) -> list[str]:
    return [str(p) for p in column.problems.errors]


def assert_refused(column, rel: str, *words: str) -> str:
    """The one error about ``rel`` holds every word; nothing of the outside is in any message."""
    found = [m for m in errors_of(column) if m.startswith(f"错误 {rel}：")]
    assert len(found) == 1, (rel, errors_of(column))
    for word in words:
        assert word in found[0], (word, found[0])
    assert all(SECRET not in m for m in errors_of(column))
    return found[0]


# --- 1. links and special files --------------------------------------------------------------------

@pytest.mark.parametrize("rel, target, where", [
    ("proactive/budget/passwd.md", "/etc/passwd", "仓库之外的 /etc/passwd"),
    ("proactive/budget/etc", "/etc", "仓库之外的 /etc"),
    ("proactive/budget/notice.md", "OUTSIDE/secret.md", "仓库之外的 OUTSIDE/secret.md"),
    ("proactive/budget/shared", "OUTSIDE/sub", "仓库之外的 OUTSIDE/sub"),
    ("proactive/budget/attachments/tables.pdf", "OUTSIDE/secret.pdf", "仓库之外的 OUTSIDE/secret.pdf"),
    ("proactive/budget/images/logo.png", "OUTSIDE/secret.pdf", "仓库之外的"),
    ("proactive/budget/site.md", "../../../site_config/site.yml", "content/ 之外的 site_config/site.yml"),
    ("config.txt", "../.git/config", "content/ 之外的 .git/config"),
    ("proactive/budget/copy.md", "a.md", "content/ 中的 proactive/budget/a.md"),
    ("proactive/budget/.meta.yml", "OUTSIDE/secret.md", "仓库之外的"),
    ("proactive/.hidden", "/", "仓库之外的 /"),
    ("proactive/budget/gone.pdf", "missing.pdf", "不存在的 missing.pdf"),
])
def test_every_symlink_is_refused_naming_where_it_points(repo, site, outside, rel, target, where):
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text(SECRET, encoding="utf-8")
    target = target.replace("OUTSIDE", str(outside))
    where = where.replace("OUTSIDE", str(outside))
    link = repo / "content" / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    column = load(repo, site)
    shown = rel + ("/" if link.is_dir() else "")
    message = assert_refused(column, shown, "符号链接", where, "修改方法：删除该符号链接")
    assert rel not in column.tree.published and rel not in column.by_src
    assert not any(p.startswith(rel + "/") for p in column.tree.published)  # a linked folder is not walked
    assert [d.src for d in column.documents] == ["guide/index.md", "proactive/budget/a.md"], message


def test_link_loops_end_in_a_message(repo, site):
    content = repo / "content"
    (content / "proactive/budget/loop-a.md").symlink_to("loop-b.md")
    (content / "proactive/budget/loop-b.md").symlink_to("loop-a.md")
    (content / "proactive/budget/self").symlink_to("self")
    (content / "proactive/budget/up").symlink_to("..")  # a folder that contains itself
    column = load(repo, site)
    for rel in ("proactive/budget/loop-a.md", "proactive/budget/loop-b.md", "proactive/budget/self"):
        assert_refused(column, rel, "形成循环")
    assert_refused(column, "proactive/budget/up/", "content/ 中的 proactive")
    assert content_files(content) == ["guide/index.md", "proactive/budget/a.md"]


def test_content_folder_itself_a_link_is_refused(tmp_path, site, outside):
    (tmp_path / "content").symlink_to(outside)
    column = load(tmp_path, site)
    assert_refused(column, "content/", "符号链接", str(outside))
    assert column.documents == []


def _in_time(call, seconds=30):
    """Run ``call``; a FIFO that is opened would block it forever."""
    result = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "the walk opened a FIFO"
    return result[0]


def test_special_files_are_never_opened(repo, site, monkeypatch):
    budget = repo / "content/proactive/budget"
    os.mkfifo(budget / "pipe.md")
    os.mkfifo(budget / "pipe.pdf")
    (budget / ".fifo").mkdir()
    os.mkfifo(budget / ".fifo" / ".meta.yml")
    monkeypatch.chdir(budget)  # a socket's path must be short
    server = socket.socket(socket.AF_UNIX)
    server.bind("sock.pdf")
    try:
        column = _in_time(lambda: load(repo, site))
        _in_time(lambda: check_for_publishing(column, repo / "content"))
    finally:
        server.close()
    assert_refused(column, "proactive/budget/pipe.md", "命名管道 FIFO", "不会读取也不会发布")
    assert_refused(column, "proactive/budget/pipe.pdf", "命名管道 FIFO")
    assert_refused(column, "proactive/budget/.fifo/.meta.yml", "命名管道 FIFO")
    assert_refused(column, "proactive/budget/sock.pdf", "套接字")
    assert site_files(repo / "content") == {"guide/index.md", "proactive/budget/a.md"}


def test_a_file_name_that_is_not_utf8_is_refused(repo, site):
    raw = os.fsencode(repo / "content/proactive/budget") + b"/\xb9\xab\xb8\xe6.pdf"  # GBK 公告.pdf
    with open(raw, "wb") as handle:
        handle.write(b"%PDF")
    column = load(repo, site)
    assert_refused(column, "proactive/budget/\\xb9\\xab\\xb8\\xe6.pdf", "不是 UTF-8")


def test_the_folder_mkdocs_never_publishes_is_refused(repo, site):
    write(repo / "content", {"templates/form.docx": "x", "proactive/budget/templates/form.docx": "x"})
    column = load(repo, site)
    assert_refused(column, "templates/", "MkDocs 不发布")
    assert "proactive/budget/templates/form.docx" in column.tree.published  # only the top-level folder


def test_a_linked_meta_file_is_not_read(repo, site, outside):
    (outside / "defaults.yml").write_text("publisher: 外部机关\n", encoding="utf-8")
    (repo / "content/proactive/budget/.meta.yml").symlink_to(outside / "defaults.yml")
    column = load(repo, site)
    assert_refused(column, "proactive/budget/.meta.yml", "符号链接")
    assert column.by_src["proactive/budget/a.md"].publisher != "外部机关"


# --- 2. .md in any case -------------------------------------------------------------------------------

def test_md_in_any_case_is_a_document(column_of):
    column = column_of({"proactive/budget/notice.MD": doc_text(1), "proactive/budget/Other.Md": doc_text(2),
                        "proactive/budget/bad.MD": "没有元数据\n"})
    assert {"proactive/budget/notice.MD", "proactive/budget/Other.Md"} <= set(column.by_src)
    assert column.by_src["proactive/budget/notice.MD"].url == "proactive/budget/notice/"
    # checked like any other document
    assert any(m.startswith("错误 proactive/budget/bad.MD:1：文件开头缺少元数据") for m in errors_of(column))
    assert "proactive/budget/notice.MD" not in column.tree.static


@pytest.mark.parametrize("name", ["notice.markdown", "notice.MARKDOWN", "notice.mdown", "notice.Mkd", "notice.mkdn"])
def test_other_markdown_extensions_are_refused(column_of, name):
    column = column_of({f"proactive/budget/{name}": doc_text(1)})
    assert_refused(column, f"proactive/budget/{name}", "只支持扩展名为 .md", "改名为 notice.md")
    assert f"proactive/budget/{name}" not in column.tree.published


# --- 3. one address, one source ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "files, reported, words",
    [
        (
            ["proactive/budget/a.md", "proactive/budget/a/index.md"],
            "proactive/budget/a/index.md",
            ["与 proactive/budget/a.md 发布到同一网址 proactive/budget/a/"],
        ),
        (["proactive/budget/a.MD", "proactive/budget/a.md"], "proactive/budget/a.md", ["proactive/budget/a.MD"]),
        (["proactive/budget/A.md", "proactive/budget/a.md"], "proactive/budget/a.md", ["proactive/budget/A.md"]),
        (
            ["proactive/budget/README.md", "proactive/budget/x/index.md", "proactive/budget/x/README.md"],
            "proactive/budget/x/index.md",
            ["proactive/budget/x/README.md", "README.md 当作 index.md"],
        ),
        (["index.md", "README.md"], "index.md", ["与 README.md 发布到同一网址 ./"]),
        (["proactive/budget/t.pdf", "proactive/budget/T.PDF"], "proactive/budget/t.pdf", ["proactive/budget/T.PDF"]),
        (
            ["proactive/budget/a.md", "proactive/budget/a/index.html"],
            "proactive/budget/a/index.html",
            ["proactive/budget/a.md"],
        ),
        (
            ["proactive/budget/a.md", "proactive/budget/a"],
            "proactive/budget/a",
            ["需要一个文件夹", "proactive/budget/a.md"],
        ),
        (
            ["proactive/budget/caf\u00e9.pdf", "proactive/budget/cafe\u0301.pdf"],
            "proactive/budget/caf\u00e9.pdf",
            ["cafe\u0301.pdf"],
        ),
    ],
)
def test_two_sources_of_one_address(tmp_path, files, reported, words):
    write(tmp_path, dict.fromkeys(files, "x"))
    conflicts = filewalk.url_conflicts(filewalk.walk(tmp_path))
    found = [r for r in conflicts if r.rel == reported]
    assert len(found) == 1, conflicts
    for word in words:
        assert word in found[0].message + found[0].fix, (word, found[0])


def test_a_lone_readme_is_refused(tmp_path):
    write(tmp_path, {"proactive/budget/sub/README.md": "x", "proactive/budget/readme.md": "x"})
    [refusal] = filewalk.url_conflicts(filewalk.walk(tmp_path))
    assert refusal.rel == "proactive/budget/sub/README.md" and "改名" in refusal.fix


def test_destinations_follow_mkdocs():
    assert urls.destination("a/b.md") == "a/b/index.html"
    assert urls.destination("a/b.MD") == "a/b/index.html"
    assert urls.destination("a/index.md") == "a/index.html"
    assert urls.destination("a/README.md") == "a/index.html"
    assert urls.destination("a/readme.md") == "a/readme/index.html"
    assert urls.destination("a/b.pdf") == "a/b.pdf"


# --- 4. paths the build writes -------------------------------------------------------------------------

BUILD_PATHS = ["catalogue.csv", "catalogue.json", "feed.xml", "sitemap.xml", "sitemap.xml.gz", "404.html",
               "search/data/x.json", "search/index.html", "Search/x.js", "assets/javascripts/search.js",
               "assets/stylesheets/main.css", "proactive/budget/feed.xml", "proactive/budget/index.html",
               "proactive/budget/Catalogue.md", "catalogue/index.html", "search"]


@pytest.mark.parametrize("rel", BUILD_PATHS)
def test_a_content_file_at_a_path_the_build_writes(column_of, tmp_path, rel):
    column = column_of({"proactive/budget/a.md": doc_text(1), rel: "x"})
    check_for_publishing(column, tmp_path / "content")
    message = assert_refused(column, rel, "由构建生成", "修改方法：把文件改名或移到子栏目文件夹中")
    assert urls.destination(rel) in message


def test_the_one_list_covers_what_the_build_writes(column_of):
    column = column_of({"proactive/budget/a.md": doc_text(1), "system/rule.md": doc_text(2)})
    outputs = build_outputs(column)
    assert set(feeds(column)) <= set(outputs)
    assert {urls.destination(p.src) for p in generated_pages(column)} <= set(outputs)
    assert {urls.CATALOGUE_CSV, urls.CATALOGUE_JSON, "sitemap.xml", "404.html"} <= set(outputs)


def test_documents_and_attachments_elsewhere_are_not_build_paths(column_of, tmp_path):
    column = column_of({"proactive/budget/a.md": doc_text(1), "proactive/budget/attachments/feed.xml": "x",
                        "proactive/budget/assets/x.css": "x", "proactive/budget/search.md": doc_text(2)})
    check_for_publishing(column, tmp_path / "content")
    assert not [m for m in errors_of(column) if "由构建生成" in m]


# --- 5. git names --------------------------------------------------------------------------------------

NAMES = ["with space.md", "中文 文件.md", 'quote"d.md', "it's.md", "back\\slash.md", "new\nline.md",
         "tab\tname.md", "@at.md", "R100.md", "\u00e9t\u00e9.md"]


def _git(repo: Path, *args: str, when: str = "2024-03-01T12:00:00+08:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.gov.cn", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.gov.cn"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_git_pass_reads_names_git_would_quote(tmp_path):
    content = tmp_path / "content"
    write(content, {f"p/{name}": name for name in NAMES})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "one")
    (content / "p" / NAMES[0]).write_text("changed", encoding="utf-8")
    _git(tmp_path, "mv", "content/p/" + NAMES[1], "content/p/改名 后.md")  # a pure rename keeps the day
    _git(tmp_path, "commit", "-q", "-am", "two", when="2024-05-02T12:00:00+08:00")
    (content / "p" / NAMES[2]).write_text("uncommitted", encoding="utf-8")
    (content / "p" / "新 \"文件\".md").write_text("new", encoding="utf-8")
    _git(tmp_path, "mv", "content/p/" + NAMES[3], "content/p/staged \"mv\".md")
    history = read_history(content)
    assert history.available
    assert history.dates[f"p/{NAMES[0]}"].isoformat() == "2024-05-02"
    assert history.dates["p/改名 后.md"].isoformat() == "2024-03-01"
    for name in NAMES[4:]:
        assert history.dates[f"p/{name}"].isoformat() == "2024-03-01", name
    assert {f"p/{NAMES[2]}", "p/新 \"文件\".md", "p/staged \"mv\".md"} <= history.uncommitted
    assert f"p/{NAMES[3]}" not in history.uncommitted


# --- build and check -----------------------------------------------------------------------------------

def _break(content: Path, outside: Path) -> dict[str, str]:
    """Every kind of untrusted file at once; returns the expected message parts."""
    budget = content / "proactive" / "budget"
    (budget / "secret.md").symlink_to(outside / "secret.md")
    (budget / "shared").symlink_to(outside / "sub")
    (budget / "attachments" / "linked.pdf").symlink_to(outside / "secret.pdf")
    (budget / "site.md").symlink_to("../../../site_config/site.yml")
    (budget / "loop.md").symlink_to("loop.md")
    os.mkfifo(budget / "pipe.md")
    write(content, {"catalogue.csv": f"{SECRET}\n", "search/data/x.json": "{}", "feed.xml": "<x/>",
                    "sitemap.xml": "<x/>", "assets/javascripts/search.js": f"alert('{SECRET}')",
                    "proactive/budget/dup.md": doc_text(90), "proactive/budget/dup/index.md": doc_text(91),
                    "guide/README.md": GUIDE})
    return {
        "proactive/budget/secret.md": f"仓库之外的 {outside / 'secret.md'}",
        "proactive/budget/shared/": f"仓库之外的 {outside / 'sub'}",
        "proactive/budget/attachments/linked.pdf": f"仓库之外的 {outside / 'secret.pdf'}",
        "proactive/budget/site.md": "content/ 之外的 site_config/site.yml",
        "proactive/budget/loop.md": "形成循环",
        "proactive/budget/pipe.md": "命名管道 FIFO",
        "catalogue.csv": "由构建生成（目录的 CSV 导出）",
        "search/data/x.json": "由构建生成（搜索页和搜索索引",
        "feed.xml": "由构建生成（订阅源",
        "sitemap.xml": "由构建生成（站点地图）",
        "assets/javascripts/search.js": "由构建生成（网站主题的样式、脚本和图标）",
        "proactive/budget/dup/index.md": "与 proactive/budget/dup.md 发布到同一网址",
        "guide/index.md": "与 guide/README.md 发布到同一网址 guide/",
    }


def test_build_and_check_stop_before_anything_is_published(tmp_path, outside):
    project = copy_project(tmp_path / "project")
    expected = _break(project / "content", outside)
    site_dir = tmp_path / "site"
    built = _in_time(lambda: mkdocs_build(project, site_dir), 300)
    checked = _in_time(lambda: gongkai(project, "check", "--strict"), 300)
    for result in (built, checked):
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "Traceback" not in output
        assert SECRET not in output
        for rel, words in expected.items():
            assert any(line.startswith(f"错误 {rel}：") and words in line for line in output.splitlines()), (
                rel,
                output,
            )
    assert not site_dir.exists() or not any(site_dir.rglob("*"))  # stopped before MkDocs copied anything


def test_md_in_any_case_is_rendered_as_a_page(tmp_path):
    project = copy_project(tmp_path / "project")
    write(project / "content", {
        "proactive/budget/notice.MD": doc_text(91, title="大写扩展名的通知"),
        "proactive/budget/Other.Md": doc_text(92, title="混合大小写扩展名的通知"),
    })
    site_dir = tmp_path / "site"
    result = mkdocs_build(project, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site_dir / "proactive/budget/notice/index.html").read_text(encoding="utf-8")
    assert "大写扩展名的通知" in page and f"{ORG}/2024-00091" in page
    assert "index_no:" not in page  # the front matter was read, not printed
    assert (site_dir / "proactive/budget/Other/index.html").is_file()
    assert not (site_dir / "proactive/budget/notice.MD").exists()
    assert not (site_dir / "proactive/budget/Other.Md").exists()
    listing = (site_dir / "proactive/budget/index.html").read_text(encoding="utf-8")
    assert "大写扩展名的通知" in listing and "notice/" in listing
