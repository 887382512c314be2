"""Recall in the browser against the content: a column where the common words are in far more than
10% of the documents, built by MkDocs, searched in headless Chromium; every query must find exactly
the documents that contain it verbatim (title, metadata or text), and say how many."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import sys

import pytest

from conftest import ORG, ROOT, mkdocs_build
from gongkai.pages.searchindex import normalise_query_text, tokens

N = 150
FILLER = ["各有关单位要认真落实本通知要求。", "请结合实际抓好贯彻执行。", "本办法由市人民政府办公室负责解释。",
          "有关情况请及时报告。", "加强监督管理，确保资金安全。"]
# decoys: every bigram of 营商环境 without the phrase (营商成本 + 电商环节 + 生态环境), and 2024 apart from 年度
WITH = {"就业": ["做好高校毕业生就业工作。", "稳定和扩大就业岗位。"],
        "营商环境": ["持续优化营商环境。", "营商环境评价结果向社会公开。"],
        "decoy": ["降低营商成本。", "规范电商环节收费。", "改善生态环境。", "2024，年度考核另行通知。",
                  "次第 3 批名单。"]}
# 2024年 and 第3号: a lone character against a digit, which the text holds inside longer runs
# (not 第3 alone: digits match as a whole run, so it does not find 第30号; docs/search.md says so)
QUERIES = ["就业", "营商环境", "就业 营商环境", "毕业生就业", "2024年度", "生态环境", "年度考核", "2024年", "第3号"]


def generate(rnd: random.Random) -> dict[str, str]:
    files = {}
    for i in range(N):
        parts = [rnd.choice(FILLER) for _ in range(rnd.randint(2, 6))]
        if rnd.random() < 0.45:
            parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(WITH["就业"]))
        if rnd.random() < 0.3:
            parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(WITH["营商环境"]))
        if rnd.random() < 0.35:
            parts += rnd.sample(WITH["decoy"], rnd.randint(1, 4))
        if rnd.random() < 0.1:
            parts.append("2024年度预算已经批准。")
        if rnd.random() < 0.1:
            parts.append("第3号文件另行印发。")
        title = rnd.choice(["关于做好就业工作的通知", "关于优化营商环境的意见", "关于年度考核的通知",
                            "关于报送材料的通知"])
        meta = [f"title: {title}（第{i + 1}号）", f"index_no: {ORG}/2024-{i + 100:05d}", "published: 2024-05-01"]
        if rnd.random() < 0.2:
            meta.append("summary: 就促进就业提出若干措施。")
        front = "---\n" + "\n".join(meta) + "\n---\n\n"
        files[f"proactive/regulations/recall/d{i:03d}.md"] = front + "\n\n".join(parts) + "\n"
    return files


@pytest.fixture(scope="module")
def column_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("recall")
    project = base / "project"
    for name in ("content", "site_config", "overrides", "hooks", "gongkai"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for rel, text in generate(random.Random(17)).items():
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    copy_project_git(project)
    site = base / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, site


def copy_project_git(project):
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+08:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.gov.cn", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.gov.cn"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "recall"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def documents(project):
    """url -> the normalised texts a reader can search: title, metadata values, text (independent
    of the index: from the column as loaded, the body through the same plain-text rule)."""
    from conftest import DAY
    from gongkai.annualreport.body import page_markdown
    from gongkai.core.siteconfig import load_site_config
    from gongkai.core.text import plain_text
    from gongkai.pipeline import check_column

    column = check_column(project / "content", load_site_config(project / "site_config"), DAY)
    out = {}
    for doc in column.documents:  # the text of the page (an annual report's parts arranged)
        values = [doc.title, doc.doc_no or "", doc.index_no or "", doc.publisher, doc.summary, doc.reg_no or "",
                  plain_text(page_markdown(doc, column))]
        out[doc.url] = [normalise_query_text(v) for v in values]
    return out


def verbatim(docs, query):
    words = normalise_query_text(query).split()
    return {url for url, texts in docs.items() if all(any(w in t for t in texts) for w in words)}


def all_bigrams(docs, query):
    terms = tokens(query)
    return {url for url, texts in docs.items() if all(any(t in text for text in texts) for t in terms)}


@pytest.fixture(scope="module")
def served(column_site):
    from gongkai import audit
    from gongkai.audit.browser import serve

    _, site = column_site
    prefix = audit.base_path(site)
    with serve(site, prefix=prefix) as root:
        yield root.rstrip("/") + prefix


def refs_to_urls(site):
    rows = []
    for path in sorted((site / "search/data").glob("docs-*.json")):
        rows += json.loads(path.read_text(encoding="utf-8"))
    return [row[1] for row in rows]


def test_the_column_has_common_words_and_decoys(column_site):
    project, _ = column_site
    docs = documents(project)
    assert len(verbatim(docs, "就业")) > 0.3 * len(docs)  # far above the old 10% cut-off
    assert len(verbatim(docs, "营商环境")) > 0.1 * len(docs)
    # the decoys make bigram intersection over-count: the browser must check adjacency
    assert len(all_bigrams(docs, "营商环境")) > len(verbatim(docs, "营商环境"))
    assert len(all_bigrams(docs, "2024年度")) > len(verbatim(docs, "2024年度"))


@pytest.mark.parametrize("query", QUERIES)
def test_every_document_that_contains_the_query_and_no_other(browser, served, column_site, query):
    project, site = column_site
    docs = documents(project)
    expected = verbatim(docs, query)
    assert expected  # a query that finds nothing would prove nothing
    urls = refs_to_urls(site)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(served + "search/?q=" + query)
    status = page.get_by_role("status")
    page.wait_for_function("() => /^(找到|未找到)/.test(document.getElementById('gk-search-status').textContent)")
    refs = page.evaluate("q => window.gongkaiSearch.search(q)", query)
    found = {urls[r] for r in refs}
    assert found == expected, (query, sorted(found - expected)[:5], sorted(expected - found)[:5])
    assert status.inner_text().startswith(f"找到 {len(expected)} 条")  # the true count
    # title hits first: every result whose title holds the whole query comes before the others
    in_title = [any(w in normalise_query_text(docs[urls[r]][0]) for w in query.split()) for r in refs]
    assert in_title == sorted(in_title, reverse=True)
    context.close()


def test_the_built_index_is_what_the_records_give_whatever_the_hash_seed(column_site):
    """Deterministic bytes: the index written during the build equals the index built again from
    the column in processes with different string-hash seeds."""
    project, site = column_site
    code = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        f"sys.path.insert(0, {str(project)!r})\n"
        "from gongkai.pipeline import check_column\n"
        "from gongkai.core.dates import format_day\n"
        "from gongkai.pages.listing import section_label\n"
        "from gongkai.pages.searchindex import build_search_files, records_for\n"
        "from gongkai.core.siteconfig import load_site_config\n"
        "import datetime as dt\n"
        "project = Path(sys.argv[1])\n"
        "column = check_column(project / 'content', load_site_config(project / 'site_config'), dt.date(2026, 11, 24))\n"
        "files = build_search_files(records_for(column, lambda d: section_label(column, d), column.status,"
        " lambda d: d.url, format_day))\n"
        "for name in sorted(files): print(name, hashlib.sha256(files[name]).hexdigest())\n"
    )
    digests = []
    for seed in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", code, str(project)], env={**os.environ, "PYTHONHASHSEED": seed},
                             capture_output=True, text=True, check=True)
        digests.append(run.stdout)
    assert digests[0] == digests[1]
    on_disk = "".join(f"{p.name} {hashlib.sha256(p.read_bytes()).hexdigest()}\n"
                      for p in sorted((site / "search/data").iterdir(), key=lambda p: p.name))
    assert on_disk == digests[0]
