"""Time moves: the same repository built on either side of an expiry shows the change everywhere."""

import json

import pytest

from conftest import mkdocs_build

EXPIRING = "proactive/regulations/2023-employment-stabilization-measures"
DOC_NO = "示政办发〔2023〕25号"
LAST_DAY = "1798689600"  # 2026-12-31 12:00 Asia/Shanghai: the last day of 有效期
DAY_AFTER = "1798776000"  # 2027-01-01 12:00 Asia/Shanghai


@pytest.fixture(scope="module")
def sites(tmp_path_factory, sample_project):
    out = {}
    for name, epoch in (("last", LAST_DAY), ("after", DAY_AFTER)):
        site = tmp_path_factory.mktemp(name) / "site"
        result = mkdocs_build(sample_project, site, epoch=epoch)
        assert result.returncode == 0, result.stderr
        out[name] = site
    return out


def read(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def row_of(html, needle):
    start = html.index(needle)
    return html[html.rindex("<tr", 0, start): html.index("</tr>", start)]


def test_document_page_changes(sites):
    last, after = read(sites["last"], EXPIRING), read(sites["after"], EXPIRING)
    assert 'role="alert"' not in last and "有效（截至2026年12月31日）" in last
    assert 'role="alert"' in after and "有效期至2026年12月31日，已失效" in after
    assert "失效（截至2027年01月01日）" in after


def test_lists_change(sites):
    assert DOC_NO in read(sites["last"], "proactive/regulations/in-force")
    assert DOC_NO not in read(sites["last"], "proactive/regulations/repealed")
    assert DOC_NO not in read(sites["after"], "proactive/regulations/in-force")
    gone = read(sites["after"], "proactive/regulations/repealed")
    assert "失效" in row_of(gone, DOC_NO) and "有效期届满" in row_of(gone, DOC_NO)


def test_catalogue_and_json_change(sites):
    assert "<td class=\"gk-status\" data-label=\"有效性\">有效</td>" in row_of(read(sites["last"], "catalogue"), DOC_NO)
    assert '<td class="gk-status" data-label="有效性">失效</td>' in row_of(read(sites["after"], "catalogue"), DOC_NO)
    for name, status, day in (("last", "有效", "2026-12-31"), ("after", "失效", "2027-01-01")):
        data = json.loads((sites[name] / "catalogue.json").read_text(encoding="utf-8"))
        [doc] = [d for d in data["documents"] if d["doc_no"] == DOC_NO]
        assert (doc["status"], doc["status_as_of"], data["status_as_of"]) == (status, day, day)


def test_sample_exercises_all_five_statuses(built_site):
    data = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))
    statuses = {d["status"] for d in data["documents"]}
    assert {"有效", "已修改", "已废止", "失效", "尚未生效"} <= statuses
    by_basis = [d for d in data["documents"] if d["repeal_basis"] and d["status"] == "已废止"]
    by_doc = [d for d in data["documents"] if d["repealed_by"] and d["status"] == "已废止"]
    assert by_basis and by_doc
    assert any(d["interprets"] for d in data["documents"]) and any(d["interpreted_by"] for d in data["documents"])


def test_no_status_contradicts_its_dates(built_site):
    """Recompute every status in the JSON from its own dates with the spec's rules."""
    import datetime as dt
    data = json.loads((built_site / "catalogue.json").read_text(encoding="utf-8"))
    day = dt.date.fromisoformat(data["status_as_of"])
    by_doc_no = {d["doc_no"]: d for d in data["documents"] if d["doc_no"]}
    parse = lambda v: v and dt.date.fromisoformat(v)  # noqa: E731
    for d in data["documents"]:
        if d["status"] is None:
            continue
        if parse(d["repealed"]) and parse(d["repealed"]) <= day:
            expected = "已废止"
        elif parse(d["expires"]) and parse(d["expires"]) < day:
            expected = "失效"
        elif parse(d["effective"]) and parse(d["effective"]) > day:
            expected = "尚未生效"
        elif any(by_doc_no[ref]["status"] in ("有效", "已修改", None) for ref in d["amended_by"]):
            expected = "已修改"
        else:
            expected = "有效"
        assert d["status"] == expected, d["path"]


def test_build_reports_the_next_change(sample_project, tmp_path):
    result = mkdocs_build(sample_project, tmp_path / "site", quiet=False)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if "下一次变化" in line)
    assert "有效性截至 2026年11月24日；下一次变化在 2027年01月01日" in line
    assert "2023-employment-stabilization-measures.md" in line and "2026-public-data-opening-measures.md" in line
