"""Build tests: the sample column, and broken copies of it that must stop a strict build."""

import filecmp
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, assert_broken_build, copy_project, mkdocs_build
from gongkai.core import vocab
from gongkai.core.column import content_files


def test_every_content_file_became_a_page(built_site):
    for rel in content_files(ROOT / "content"):
        page = rel[:-3].removesuffix("index")
        assert (built_site / page / "index.html").is_file(), rel


def test_sample_is_big_enough(built_site):
    files = content_files(ROOT / "content")
    proactive = [f for f in files if f.startswith("proactive/")]
    assert len(proactive) >= 30
    assert len({f.split("/")[1] for f in proactive}) >= 10
    assert len([f for f in files if f.startswith("system/")]) >= 4
    assert len([f for f in files if f.startswith("annual-reports/")]) >= 2


def nav_labels(html: str) -> list[str]:
    primary = html[html.index('md-nav--primary'):]
    return re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', primary)


def test_nav_lists_the_four_parts_in_order_and_no_documents(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    labels = nav_labels(html)
    positions = [labels.index(p.label) for p in vocab.PARTS]
    assert positions == sorted(positions)
    assert "法规文件" in labels
    # No document title is in the nav: the nav stays the same size whatever the number of documents.
    assert not any("通知" in label or "办法" in label for label in labels)


def test_document_page_has_metadata_block_before_text(built_site):
    page = next((built_site / "proactive" / "regulations").glob("*/index.html"))
    html = page.read_text(encoding="utf-8")
    meta, body = html.index('class="gk-meta"'), html.index('class="gk-body"')
    assert meta < body
    for label in ("索引号", "发布机构", "发布日期"):
        assert re.search(f'<th scope="row" id="gk-m-[a-z_]+">{label}</th>', html), label


def test_guide_shows_updated_and_contacts_from_site_config(built_site):
    html = (built_site / "guide" / "index.html").read_text(encoding="utf-8")
    assert "更新日期：" in html
    for text in ("0999-12345678", "0999-12345679", "zwgk@example.gov.cn", "人民路1号", "办公时间"):
        assert text in html


def test_subcolumn_list_rows(built_site):
    html = (built_site / "proactive" / "regulations" / "index.html").read_text(encoding="utf-8")
    assert '<th scope="col">文号</th>' in html and '<th scope="col">发布日期</th>' in html
    dates = re.findall(r'<td class="gk-date" data-label="发布日期">(\d{4})年(\d{2})月(\d{2})日</td>', html)
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)


def test_catalogue_lists_every_document(built_site):
    html = (built_site / "catalogue" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr data-section=", html)
    docs = [f for f in content_files(ROOT / "content") if f != "index.md"]
    assert len(rows) == len(docs)
    for header in ("索引号", "名称", "内容概述", "生成日期", "发布机构", "栏目"):
        assert f">{header}</th>" in html
    # and links to the catalogue of each sub-column
    assert 'href="../proactive/regulations/catalogue/">法规文件</a>' in html


def test_each_subcolumn_has_a_catalogue_of_its_own(built_site):
    for sub in sorted(p.name for p in (ROOT / "content" / "proactive").iterdir() if p.is_dir()):
        docs = list(content_files(ROOT / "content" / "proactive" / sub))
        html = (built_site / "proactive" / sub / "catalogue" / "index.html").read_text(encoding="utf-8")
        assert len(re.findall(r"<tr data-section=", html)) == len(docs), sub
        assert set(re.findall(r'data-section="([^"]+)"', html)) == {f"proactive/{sub}"}
        for header in ("索引号", "名称", "内容概述", "生成日期", "发布机构"):
            assert f">{header}</th>" in html
        assert ">栏目</th>" not in html and 'id="gk-f-section"' not in html
        listing_page = (built_site / "proactive" / sub / "index.html").read_text(encoding="utf-8")
        assert 'href="catalogue/">本栏目目录（含索引号、内容概述）</a>' in listing_page


class ResourceParser(HTMLParser):
    """Collects URLs the browser would fetch by itself (not plain links)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed"):
            self.urls.append(attrs.get("src"))
        if tag == "link" and attrs.get("rel") not in ("canonical", "alternate"):
            self.urls.append(attrs.get("href"))
        if tag == "object":
            self.urls.append(attrs.get("data"))


def test_site_requests_nothing_from_another_host(built_site):
    external = re.compile(r"^(https?:)?//", re.I)
    offenders = []
    for path in built_site.rglob("*.html"):
        parser = ResourceParser()
        parser.feed(path.read_text(encoding="utf-8"))
        offenders += [(path.name, u) for u in parser.urls if u and external.match(u)]
    for path in built_site.rglob("*.css"):
        offenders += [
            (path.name, u)
            for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", path.read_text(encoding="utf-8"))
        ]
    assert offenders == []


def test_build_is_byte_identical(built_site, sample_project, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(sample_project, again)
    assert result.returncode == 0, result.stderr
    compare = filecmp.dircmp(built_site, again)

    def differences(cmp):
        out = cmp.left_only + cmp.right_only + cmp.diff_files
        for sub in cmp.subdirs.values():
            out += differences(sub)
        return out

    # dircmp compares shallowly by stat; compare bytes explicitly
    files = [p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file()]
    changed = [str(f) for f in files if (built_site / f).read_bytes() != (again / f).read_bytes()]
    assert differences(compare) == [] and changed == []


BREAKAGES = {
    "gbk": (
        lambda c: _rewrite(c, "system/confidentiality-review.md", lambda t: t, encoding="gbk"),
        ["system/confidentiality-review.md", "不是 UTF-8"],
    ),
    "bad-date": (
        lambda c: _rewrite(
            c,
            "system/confidentiality-review.md",
            lambda t: re.sub(r"published: .*", "published: 2021-13-01", t, count=1),
        ),
        ["system/confidentiality-review.md", "published", "2021-13-01"],
    ),
    "duplicate-index": (
        lambda c: _copy_doc(c, "system/confidentiality-review.md", "system/copy.md"),
        ["system/copy.md", "重复", "system/confidentiality-review.md"],
    ),
    "unknown-folder": (
        lambda c: _copy_doc(c, "system/confidentiality-review.md", "proactive/news/a.md"),
        ["proactive/news/", "taxonomy.yml"],
    ),
    "unknown-key-warning": (
        lambda c: _rewrite(
            c, "system/confidentiality-review.md", lambda t: t.replace("title:", "pubished: 2020-01-01\ntitle:", 1)
        ),
        ["system/confidentiality-review.md", "pubished"],
    ),
    "missing-attachment": (
        lambda c: _rewrite(
            c,
            "system/confidentiality-review.md",
            lambda t: t.replace("title:", "attachments: [{file: none.pdf, title: 表}]\ntitle:", 1),
        ),
        ["system/confidentiality-review.md", "none.pdf", "附件文件不存在"],
    ),
    "missing-contact": (
        lambda c: _rewrite(c.parent / "site_config", "site.yml", lambda t: re.sub(r"\n  fax: .*", "", t)),
        ["site_config/site.yml", "传真号码"],
    ),
}


def _rewrite(content: Path, rel: str, change, encoding="utf-8"):
    path = content / rel
    path.write_bytes(change(path.read_text(encoding="utf-8")).encode(encoding))


def _copy_doc(content: Path, src: str, dest: str):
    (content / dest).parent.mkdir(parents=True, exist_ok=True)
    (content / dest).write_bytes((content / src).read_bytes())


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_copy_stops_the_strict_build(tmp_path, name):
    assert_broken_build(tmp_path, *BREAKAGES[name])


def test_taxonomy_label_with_yaml_characters_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "site_config/taxonomy.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  budget: 财政预算决算", "  budget: '财政: 预算决算 #1'"),
                    encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/proactive/budget/index.html").read_text(encoding="utf-8")
    assert "<h1>财政: 预算决算 #1</h1>" in html


def test_chinese_headings_get_readable_anchors(built_site):
    html = (built_site / "annual-reports/2024/index.html").read_text(encoding="utf-8")
    assert '<h2 id="一总体情况"' in html and 'id="_1"' not in html
