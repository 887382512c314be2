"""Issue 14, item 9: docs/troubleshooting.md cannot drift from the messages the check prints.

Every example line of the guide (the ```text blocks) is reproduced: a copy of the sample repository
is broken the way the example says (a field set to the documented value, a file written), the real
check runs (gongkai.pipeline.load, as ``python -m gongkai check`` and the build do), and the line
printed for that file must be the documented line, character for character. The table of YAML
mistakes must be the one gongkai/files/yamlmessages.py generates.

Lines the check cannot print (the build's and the ``new`` command's own output, MkDocs' English)
are listed in NOT_FROM_THE_CHECK with the reason; that list is compared with the guide too, so
a new example is either reproduced here or consciously listed.
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from gongkai import bodyrender, pipeline
from gongkai.core import deadlines
from gongkai.core.problems import ContentError
from gongkai.files.yamlmessages import DOCS_BEGIN, DOCS_END, docs_table
from gongkai.pages import bodyhtml

GUIDE = ROOT / "docs" / "troubleshooting.md"
EPOCH = "1795579200"  # 2026-11-25 12:00 in Asia/Shanghai: the build day of the guide's examples
LINE = re.compile(r"^(错误|警告|信息) (?P<file>[^\s：]+?)(?::(?P<line>\d+))?(?: 字段“(?P<field>[^”]+)”)?"
                  r"(?: 值“(?P<value>.*?)”)?：")


def examples() -> list[str]:
    lines, inside = [], False
    for text in GUIDE.read_text(encoding="utf-8").split("\n"):
        if text.startswith("```"):
            inside = text == "```text"
            continue
        if inside and text.strip():
            lines.append(text)
    return lines


# --- breaking a copy of the sample repository ---------------------------------------------------

class Repo:
    def __init__(self, root: Path):
        self.root = root
        self.env = {"SOURCE_DATE_EPOCH": EPOCH}

    def path(self, rel: str) -> Path:
        return self.root / rel if rel.startswith("site_config/") else self.root / "content" / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> None:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert text.count(old) == 1, (rel, old)
        self.write(rel, text.replace(old, new))

    def set_field(self, rel: str, key: str, value: str, line: int | None = None) -> None:
        """``key: value`` in place of the line of ``key``, or inserted as line ``line``."""
        lines = self.read(rel).split("\n")
        end = lines.index("---", 1)
        at = next((n for n in range(1, end) if re.match(rf"{re.escape(key)}\s*:", lines[n])), None)
        if at is None:
            assert line is not None, (rel, key)
            lines.insert(line - 1, f"{key}: {value}")
        else:
            lines[at] = f"{key}: {value}"
        self.write(rel, "\n".join(lines))

    def insert(self, rel: str, line: int, text: str) -> None:
        """``text`` as line ``line`` of the file."""
        lines = self.read(rel).split("\n")
        lines.insert(line - 1, text)
        self.write(rel, "\n".join(lines))

    def remove_line(self, rel: str, start: str) -> None:
        lines = self.read(rel).split("\n")
        del lines[next(n for n, text in enumerate(lines) if text.startswith(start))]  # the first one
        self.write(rel, "\n".join(lines))


# What the check reads: pipeline.load reads content/ and site_config/; the bodies are rendered with
# mkdocs.yml's Markdown, which no recipe changes (printed() asserts the copy holds nothing else).
COPIED = ("content", "site_config")


@functools.cache
def _renderer():
    return bodyrender.renderer(ROOT)


@functools.cache
def render(body: str) -> str:
    """bodyrender.renderer(ROOT), built once and memoised by body text: a body renders to the same
    HTML whatever the repository around it (the renderer resets between bodies), and ~120 breakings
    of one sample render the same ~70 bodies again and again (most of this module's time)."""
    return _renderer()(body)


@pytest.fixture(scope="module", autouse=True)
def _pure_steps_memoised():
    """The check's two pure steps on a body's text, memoised for this module as the renderer is:
    ``limits_of(body)`` and ``findings_in(html)`` depend on nothing but their argument, so each
    distinct body is still scanned and each distinct HTML still parsed by the real functions."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bodyhtml, "limits_of", functools.cache(bodyhtml.limits_of))
        patch.setattr(bodyhtml, "findings_in", functools.cache(bodyhtml.findings_in))
        yield


def printed(tmp_path: Path, breaking) -> list[str]:
    root = tmp_path / "repo"
    for name in COPIED:
        shutil.copytree(ROOT / name, root / name)
    repo = Repo(root)
    breaking(repo)
    # the memoised renderer is mkdocs.yml's as the check would read it in this copy: no recipe
    # brings a mkdocs.yml (or hooks, overrides) of its own
    assert {p.name for p in root.iterdir()} <= set(COPIED), sorted(p.name for p in root.iterdir())
    try:  # what `python -m gongkai check` does (gongkai/cli.py, cmd_check)
        column = pipeline.load(root, repo.env, strict=False)
    except ContentError as exc:
        lines = [str(p) for p in exc.problems]
    else:
        bodyrender.check_bodies(column, root, render)
        lines = [str(p) for p in column.problems.sorted()] + deadlines.report_of(column).lines()
    return [line.replace(str(root), "/srv/gongkai") for line in lines]  # the guide's examples live there


def as_typed(value: str) -> str:
    """The documented value as YAML that reads back as that text."""
    from gongkai.files.yamlfile import YamlError, load_mapping

    try:
        if load_mapping(f"k: {value}\n").values.get("k") == value:
            return value
    except YamlError:
        pass
    from gongkai.files.yamlmessages import quoted

    return quoted(value)


def automatic(example: str):
    """The breaking an example says itself: 字段“X” 值“V” at line L of an existing document."""
    match = LINE.match(example)
    if not match or not match["field"] or match["value"] is None or not match["line"]:
        return None
    rel, field, value = match["file"], match["field"], match["value"]
    if not rel.endswith(".md") or not (ROOT / "content" / rel).is_file() or value.startswith(("[", "{")):
        return None
    return lambda repo: repo.set_field(rel, field, as_typed(value), int(match["line"]))


def attachments(rel: str, *lines: str):
    """The document's attachments: block (lines 6-8 of the sample files) replaced by ``lines``."""
    def breaking(repo: Repo) -> None:
        text = repo.read(rel)
        block = re.search(r"\nattachments:\n(?:  .*\n)+", text)
        repo.write(rel, text[: block.start()] + "\n" + "\n".join(lines) + "\n" + text[block.end():])
    return breaking


def append_line(rel: str, line: int, text: str):
    """``text`` as line ``line`` of the document (after blank lines)."""
    def breaking(repo: Repo) -> None:
        body = repo.read(rel).rstrip("\n").split("\n")
        body += [""] * (line - 1 - len(body)) + [text]
        repo.write(rel, "\n".join(body) + "\n")
    return breaking


def front_of(size_kb: int):
    """The flood plan's front matter grown to ``size_kb`` KB by a long summary."""
    rel = "proactive/emergency/2021-flood-drought-plan.md"

    def breaking(repo: Repo) -> None:
        text = repo.read(rel)
        front = text[4:text.index("\n---", 4) + 1]
        summary = re.search(r"(?m)^summary: .*$", front).group(0)
        missing = size_kb * 1024 - len(front.encode()) + len(summary.encode()) - len(b"summary: ")
        repo.edit(rel, summary, "summary: " + "概" * (missing // 3))
    return breaking


def both(*breakings):
    def breaking(repo: Repo) -> None:
        for one in breakings:
            one(repo)
    return breaking


def fifo(rel: str):
    def breaking(repo: Repo) -> None:
        import os

        os.mkfifo(repo.path(rel))
    return breaking


def symlink(rel: str, target: str):
    def breaking(repo: Repo) -> None:
        repo.path(rel).symlink_to(target)
    return breaking


def site(name: str, old: str, new: str):
    return lambda repo: repo.edit(f"site_config/{name}", old, new)


def new_doc(rel: str, *lines: str, body: str = "正文。"):
    return lambda repo: repo.write(rel, "---\n" + "\n".join(lines) + "\n---\n" + body + "\n")


ORG = "11379900004123456X"
BUDGET24, BUDGET25, BUDGET26 = (f"proactive/budget/{y}-budget.md" for y in (2024, 2025, 2026))
REG = "proactive/regulations/"
LIVING = "自2023年7月1日起，城市居民最低生活保障标准提高到每人每月920元，农村居民最低生活保障标准提高到每人每年8400元。"

# The breakings the examples do not spell out, by the example's opening (up to its “：”).
RECIPES = {
    "错误 system/confidentiality-review.md": lambda repo: repo.write(
        "system/confidentiality-review.md", repo.read("system/confidentiality-review.md").encode("gb18030")
    ),
    "错误 system/catalogue-adjustment.md:1": [
        ("缺少元数据", lambda repo: repo.remove_line("system/catalogue-adjustment.md", "---")),
        ("没有结束", lambda repo: repo.edit("system/catalogue-adjustment.md", "\n---\n", "\n")),
    ],
    "错误 system/catalogue-adjustment.md:10": lambda repo: repo.edit(
        "system/catalogue-adjustment.md", "\n---\n", "\n----\n"
    ),
    "错误 system/performance-assessment.md:6": lambda repo: repo.edit(
        "system/performance-assessment.md", "published: 2022-03-18", "published：2022-03-18"
    ),
    f"错误 {REG}2026-public-data-opening-measures.md:9": lambda repo: repo.set_field(
        f"{REG}2026-public-data-opening-measures.md", "related", "[示政办发[2026]23号]", 9
    ),
    "错误 proactive/licensing/2025-licensing-list-adjustment.md:2": lambda repo: repo.edit(
        "proactive/licensing/2025-licensing-list-adjustment.md", "\ntitle: ", "\ntitle: \x07"
    ),
    f"错误 {BUDGET24}:2": [
        ("锚点", lambda repo: repo.edit(BUDGET24, "\ntitle: ", "\ntitle: &t ")),
    ],
    f"错误 {BUDGET24}:2 字段“title”": lambda repo: repo.set_field(BUDGET24, "title", '"预算\\u202e标题"'),
    f"错误 {BUDGET25}:2": lambda repo: repo.set_field(BUDGET25, "title", "*a"),
    "错误 proactive/budget/2024-final-accounts.md:2": lambda repo: repo.insert(
        "proactive/budget/2024-final-accounts.md", 2, "<<: {summary: 摘要}"
    ),
    f"错误 {BUDGET26}:2": lambda repo: repo.edit(BUDGET26, "\ntitle: ", "\ntitle: !!str "),
    "错误 proactive/civil-service/2025-proposed-hires.md:2": lambda repo: repo.insert(
        "proactive/civil-service/2025-proposed-hires.md", 2, "x: " + "[" * 11 + "]" * 11
    ),
    "错误 proactive/civil-service/2026-recruitment-announcement.md": lambda repo: repo.write(
        "proactive/civil-service/2026-recruitment-announcement.md",
        repo.read("proactive/civil-service/2026-recruitment-announcement.md") + "正文一段。\n" * 222_900,
    ),
    "错误 proactive/emergency/2021-flood-drought-plan.md:1": front_of(71),
    "警告 proactive/enforcement/2025-work-safety-penalty.md:7 字段“发布⽇期”": lambda repo: repo.edit(
        "proactive/enforcement/2025-work-safety-penalty.md", "\npublished:", "\n发布\u2f47期:"
    ),
    "错误 proactive/budget/2026-notice.md:2": new_doc("proactive/budget/2026-notice.md", "- 标题", "- 2026-01-05"),
    "错误 proactive/budget/2025-budget.md:5 字段“published”": lambda repo: repo.insert(
        BUDGET25, 5, "published: 2025-02-10"
    ),
    "错误 proactive/fees/2024-fee-catalogue.md:3 字段“title”": lambda repo: repo.set_field(
        "proactive/fees/2024-fee-catalogue.md", "title", "行政事业性收费目录清单", 3
    ),
    "错误 proactive/budget/2026-budget.md:1 字段“published”": lambda repo: repo.edit(
        BUDGET26, "\npublished: 2026-02-09\n", "\n发文机关: 示例市人民政府办公室\npubished: 2026-02-09\n"
    ),
    "警告 proactive/budget/2026-budget.md:4 字段“发文机关”": lambda repo: repo.edit(
        BUDGET26, "\npublished: 2026-02-09\n", "\n发文机关: 示例市人民政府办公室\npubished: 2026-02-09\n"
    ),
    "警告 proactive/budget/2026-budget.md:5 字段“pubished”": lambda repo: repo.edit(
        BUDGET26, "\npublished: 2026-02-09\n", "\n发文机关: 示例市人民政府办公室\npubished: 2026-02-09\n"
    ),
    "警告 proactive/budget/.meta.yml 字段“hide”": lambda repo: repo.write(
        "proactive/budget/.meta.yml", repo.read("proactive/budget/.meta.yml") + "hide: [toc]\n"
    ),
    "错误 proactive/statistics/2024-statistical-bulletin.md:1 字段“title”": lambda repo: repo.remove_line(
        "proactive/statistics/2024-statistical-bulletin.md", "标题:"
    ),
    "错误 proactive/enforcement/2024-food-safety-penalty.md:2 字段“title”": lambda repo: repo.set_field(
        "proactive/enforcement/2024-food-safety-penalty.md", "title", ""
    ),
    "错误 system/confidentiality-review.md:6 字段“published”": lambda repo: repo.set_field(
        "system/confidentiality-review.md", "published", ""
    ),
    "错误 proactive/planning/2021-digital-government-14th-plan.md:6 字段“publisher”": lambda repo: repo.set_field(
        "proactive/planning/2021-digital-government-14th-plan.md",
        "publisher",
        "[示例市人民政府办公室, 示例市数据资源管理局]",
        6,
    ),
    "错误 proactive/procurement/.meta.yml:1 字段“topic”": lambda repo: repo.write(
        "proactive/procurement/.meta.yml", "topic: 政府采购\n"
    ),
    "警告 proactive/budget/2025-budget.md:5 字段“表二”": lambda repo: repo.set_field(BUDGET25, "表二", "[1, 2, 3]", 5),
    "警告 proactive/livelihood/2023-minimum-living-standard.md:10 字段“summary”": lambda repo: repo.set_field(
        "proactive/livelihood/2023-minimum-living-standard.md", "summary", (LIVING * 2)[:122]
    ),
    f"错误 {REG}2025-business-environment-opinions.md:7 字段“effective”": lambda repo: repo.set_field(
        f"{REG}2025-business-environment-opinions.md", "effective", "[2025-09-01]"
    ),
    "错误 proactive/budget/2024-notice.md:3": new_doc(
        "proactive/budget/2024-notice.md", "title: 通知", "published: !!timestamp 2024-01-05 10:00:00"
    ),
    "错误 system/release-coordination.md:1 字段“index_no”": lambda repo: repo.remove_line(
        "system/release-coordination.md", "索引号:"
    ),
    "错误 proactive/budget/a.md:3 字段“index_no”": new_doc(
        "proactive/budget/a.md", "title: 通知", f"index_no: {ORG}/../2024-00001", "published: 2024-03-01"
    ),
    "警告 proactive/regulations/b.md:4 字段“doc_no”": both(
        new_doc(
            f"{REG}a.md",
            "title: 甲",
            f"index_no: {ORG}/2023-00901",
            "doc_no: 示政办发〔2023〕7号",
            "published: 2023-03-01",
        ),
        new_doc(
            f"{REG}b.md",
            "title: 乙",
            f"index_no: {ORG}/2023-00902",
            "doc_no: 示政办发〔2023〕7号",
            "published: 2023-03-02",
        ),
    ),
    f"错误 {BUDGET24}:6 字段“attachments”": [
        ("附件应是列表", attachments(BUDGET24, "attachments: attachments/2024-budget-tables.pdf")),
        ("附件项应包含", attachments(BUDGET24, "attachments:", "  - attachments/2024-budget-tables.pdf")),
        ("附件缺少 file", attachments(BUDGET24, "attachments:", "  - title: 预算公开表")),
        (
            "指向 content/ 之外",
            attachments(BUDGET24, "attachments:", "  - file: ../../../../公文/2024预算表.pdf", "    title: 预算公开表"),
        ),
    ],
    f"警告 {BUDGET24}:6 字段“attachments”": both(
        attachments(BUDGET24, "attachments:", "  - file: attachments/2024-budget-tables.rar", "    title: 预算公开表"),
        lambda repo: repo.write("proactive/budget/attachments/2024-budget-tables.rar", b"Rar!"),
    ),
    "错误 proactive/procurement/2025-procurement-intentions.md:6 字段“attachments”": attachments(
        "proactive/procurement/2025-procurement-intentions.md",
        "attachments:",
        "  - file: attachments/2025-procurement-intentions.pdf",
    ),
    "错误 proactive/budget/2024-final-accounts.md:6 字段“attachments”": attachments(
        "proactive/budget/2024-final-accounts.md",
        "attachments:",
        "  - file: attachment/2024-final-accounts-tables.pdf",
        "    title: 决算公开表",
    ),
    f"错误 {BUDGET24}:73 字段“链接”": [
        ("2024-final-acounts.md", append_line(BUDGET24, 73, "另见[决算](2024-final-acounts.md)。")),
        ("README.md", append_line(BUDGET24, 73, "另见[说明](../../../README.md)。")),
    ],
    f"警告 {BUDGET24}:73 字段“链接”": append_line(BUDGET24, 73, "另见[预算](../budget/)。"),
    "错误 proactive/other/untrusted.md:9 字段“HTML 元素”": new_doc(
        "proactive/other/untrusted.md",
        "title: 通知",
        f"index_no: {ORG}/2024-00901",
        "published: 2024-03-01",
        body="\n第一段。\n\n<script>alert(1)</script>\n\n" + "段落。\n" * 6 + '\n<p onclick="alert(1)">点击</p>\n',
    ),
    "错误 proactive/other/untrusted.md:18 字段“HTML 属性”": new_doc(
        "proactive/other/untrusted.md",
        "title: 通知",
        f"index_no: {ORG}/2024-00901",
        "published: 2024-03-01",
        body="\n第一段。\n\n<script>alert(1)</script>\n\n" + "段落。\n" * 6 + '\n<p onclick="alert(1)">点击</p>\n',
    ),
    "错误 proactive/other/deep.md:27 字段“正文”": new_doc(
        "proactive/other/deep.md",
        "title: 通知",
        f"index_no: {ORG}/2024-00902",
        "published: 2024-03-01",
        body="\n" * 21 + ">" * 21 + " 引用\n",
    ),
    f"错误 {REG}2022-elderly-care-subsidy-measures.md:10 字段“repealed_by”": lambda repo: repo.set_field(
        f"{REG}2022-elderly-care-subsidy-measures.md", "repealed_by", "[示政办发〔2024〕11号, 示政办发〔2025〕4号]", 10
    ),
    f"错误 {REG}2023-employment-stabilization-measures.md:9 字段“related”": lambda repo: repo.set_field(
        f"{REG}2023-employment-stabilization-measures.md", "related", "{文号: 示政办发〔2023〕7号}", 9
    ),
    f"错误 {REG}2018-sme-development-measures.md:8 字段“repealed_by”": [
        (
            "同时匹配多份文件",
            lambda repo: repo.set_field(f"{REG}2025-major-decision-procedures.md", "doc_no", "示政办发〔2023〕7号"),
        ),
        (
            "的发布日期 2018年09月01日",
            lambda repo: repo.set_field(
                f"{REG}2023-sme-high-quality-development-measures.md", "published", "2018-09-01"
            ),
        ),
    ],
    f"错误 {REG}2023-sme-measures-interpretation.md:8 字段“interprets”": lambda repo: repo.set_field(
        f"{REG}2025-major-decision-procedures.md", "doc_no", "示政办发〔2023〕7号"
    ),
    f"错误 {REG}2022-elderly-care-subsidy-measures.md": lambda repo: repo.set_field(
        f"{REG}2024-elderly-care-subsidy-amendment.md", "amended_by", "示政办发〔2022〕14号", 9
    ),
    f"错误 {REG}2019-outdoor-advertising-measures.md:8 字段“repeal_basis”": lambda repo: repo.remove_line(
        f"{REG}2019-outdoor-advertising-measures.md", "repealed:"
    ),
    f"警告 {REG}2019-outdoor-advertising-measures.md:8 字段“repealed”": both(
        lambda repo: repo.remove_line(f"{REG}2019-outdoor-advertising-measures.md", "repeal_basis:"),
        lambda repo: repo.set_field(f"{REG}2019-outdoor-advertising-measures.md", "repealed", "2022年06月30日"),
    ),
    f"错误 {REG}2022-elderly-care-subsidy-measures.md:9 字段“amended_by”": lambda repo: repo.set_field(
        f"{REG}2024-elderly-care-subsidy-amendment.md", "published", "2022-08-01"
    ),
    "错误 news/2026-gongkai-training.md": new_doc(
        "news/2026-gongkai-training.md", "title: 培训", "published: 2026-03-01"
    ),
    "错误 proactive/2026-notice.md": new_doc("proactive/2026-notice.md", "title: 通知", "published: 2026-03-01"),
    "错误 proactive/housing/": new_doc("proactive/housing/2026-notice.md", "title: 通知", "published: 2026-03-01"),
    "错误 proactive/budget/index.md": new_doc("proactive/budget/index.md", "title: 预算"),
    "错误 catalogue.md": new_doc("catalogue.md", "title: 目录"),
    "错误 system/index.md": new_doc("system/index.md", "title: 制度"),
    "错误 proactive/budget/catalogue.md": new_doc(
        "proactive/budget/catalogue.md", "title: 目录", f"index_no: {ORG}/2024-00901", "published: 2024-03-01"
    ),
    "错误 SOURCE_DATE_EPOCH": lambda repo: repo.env.update(SOURCE_DATE_EPOCH="abc"),
    "错误 /srv/gongkai/content": lambda repo: shutil.rmtree(repo.root / "content"),
    "信息 proactive/regulations/2024-waste-sorting-qa.md:5 字段“published”": lambda repo: None,  # as in the sample
    "错误 guide/index.md": lambda repo: repo.path("guide/index.md").unlink(),
    "错误 proactive/budget/notice.md": symlink("proactive/budget/notice.md", "/etc/passwd"),
    "错误 proactive/budget/site.md": symlink("proactive/budget/site.md", "../../../site_config/site.yml"),
    "错误 proactive/budget/loop.md": symlink("proactive/budget/loop.md", "loop.md"),
    "错误 proactive/budget/pipe.pdf": fifo("proactive/budget/pipe.pdf"),
    "错误 proactive/budget/old.markdown": new_doc("proactive/budget/old.markdown", "title: 旧"),
    "错误 proactive/budget/a/index.md": both(
        new_doc("proactive/budget/a.md", "title: 甲", f"index_no: {ORG}/2024-00901", "published: 2024-03-01"),
        new_doc("proactive/budget/a/index.md", "title: 乙", f"index_no: {ORG}/2024-00902", "published: 2024-03-01"),
    ),
    "错误 proactive/budget/b.md": both(
        new_doc("proactive/budget/b.md", "title: 甲", f"index_no: {ORG}/2024-00901", "published: 2024-03-01"),
        new_doc("proactive/budget/b.MD", "title: 乙", f"index_no: {ORG}/2024-00902", "published: 2024-03-01"),
    ),
    "错误 catalogue.csv": lambda repo: repo.write("catalogue.csv", "a,b\n"),
    "错误 search/data/x.json": lambda repo: repo.write("search/data/x.json", "{}\n"),
    "错误 site_config/taxonomy.yml": [
        ("文件不存在", lambda repo: repo.path("site_config/taxonomy.yml").unlink()),
    ],
    "错误 site_config/taxonomy.yml 字段“proactive”": lambda repo: repo.edit(
        "site_config/taxonomy.yml", "\nproactive:", "\nproactive_list:"
    ),
    "错误 site_config/site.yml:2": site("site.yml", "\nname: ", "\nname："),
    "错误 site_config/site.yml:7 字段“site_url”": site("site.yml", "site_url: https://", "site_url: "),
    "错误 site_config/site.yml:4 字段“org_code”": [
        ("<b>", site("site.yml", "org_code: 11379900004123456X", "org_code: 11379900004123456X<b>")),
        ("缺少必填项", site("site.yml", "org_code: 11379900004123456X", "org_code:")),
        ("应为一段文字", site("site.yml", "org_code: 11379900004123456X", "org_code: [1, 2]")),
    ],
    "错误 site_config/site.yml:6 字段“level”": site("site.yml", "level: department", "level: province"),
    "错误 site_config/site.yml:9 字段“index_no_pattern”": site(
        "site.yml", 'index_no_pattern: "{org_code}/{yyyy}-{seq:05d}"', 'index_no_pattern: "{org_code}/{yyyy}"'
    ),
    "错误 site_config/site.yml:14 字段“contact.fax”": site("site.yml", "  fax: 0999-12345679\n", ""),
    "错误 site_config/taxonomy.yml:3 字段“proactive.Housing”": site(
        "taxonomy.yml", "  regulations: 法规文件\n", "  regulations: 法规文件\n  Housing: 住房保障\n"
    ),
    "错误 site_config/taxonomy.yml:3 字段“proactive.land-expropriation”": site(
        "taxonomy.yml", "  regulations: 法规文件\n", "  regulations: 法规文件\n  land-expropriation:\n"
    ),
    "错误 site_config/taxonomy.yml:22 字段“topics”": lambda repo: repo.write(
        "site_config/taxonomy.yml",
        re.sub(r"(?s)\ntopics:.*", "\ntopics: 综合政务\n", repo.read("site_config/taxonomy.yml")),
    ),
    "错误 site_config:3 字段“name”": lambda repo: repo.insert("site_config/site.yml", 3, "name: 示例市人民政府"),
    "错误 site_config/workdays.yml:1 字段“2027.workdays”": lambda repo: repo.write(
        "site_config/workdays.yml", "2027:\n  source: 通知\n  holidays: [2027-01-01]\n  workdays: [2027-01-04]\n"
    ),
}

# Lines no check prints, with the reason they are in the guide (by their opening, up to the “：”).
BUILD_LOG = "the build's own log line (MkDocs' logger), not a line of `gongkai check`"
NEW_COMMAND = "the output of `python -m gongkai new` (tests/test_cli.py)"
NOT_FROM_THE_CHECK = {
    "ERROR   -  环境变量 SOURCE_DATE_EPOCH 的值“abc”不是 Unix 时间戳（秒）": BUILD_LOG,
    "ERROR   -  错误 proactive/regulations/in-force.md": BUILD_LOG + ": MkDocs' file list",
    "ERROR   -  错误 proactive/budget/2024-budget-notes.markdown": BUILD_LOG + ": MkDocs' file list",
    "ERROR   -  错误 proactive/budget/2024-budget.md": BUILD_LOG + ": mkdocs.yml's exclude_docs",
    "WARNING -  警告 content/": BUILD_LOG + " (the check prints the same line without “WARNING -  ”)",
    "WARNING -  Doc file 'proactive/budget/2024-budget.md' contains a link '2024-final-acounts.md', but the target "
    "'proactive/budget/2024-final-acounts.md' is not found among documentation files.": "MkDocs' own English",
    "WARNING -  Doc file 'proactive/budget/2024-budget.md' contains a link 'attachments/2024-budget-table.pdf', "
    "but the target 'proactive/budget/attachments/2024-budget-table.pdf' "
    "is not found among documentation files.": "MkDocs' own English",
    "错误：未知栏目“housing”。可用：system、annual-reports、regulations、organization、planning、statistics、licensing、"
    "enforcement、budget、fees、procurement、projects、livelihood、emergency、supervision、"
    "civil-service、other": NEW_COMMAND,
    "错误：/srv/gongkai/content/proactive/budget/2026-budget-adjustment.md 已存在，请换一个文件名": NEW_COMMAND,
    "usage: gongkai new [-h] section name title": NEW_COMMAND,
    "gongkai new: error: the following arguments are required: section, name, title": NEW_COMMAND,
}


def recipe_for(example: str):
    head = example.split("：", 1)[0]
    recipe = RECIPES.get(head) or RECIPES.get(re.sub(r" 值“.*”$", "", head))
    if isinstance(recipe, list):  # one opening, several messages
        recipe = next((one for needle, one in recipe if needle in example), None)
    return recipe or automatic(example)


REPRODUCED = [line for line in examples() if recipe_for(line) is not None]


@pytest.mark.parametrize("example", REPRODUCED, ids=[line.split("：", 1)[0][:60] for line in REPRODUCED])
def test_documented_message_is_printed(tmp_path, example):
    match = LINE.match(example)
    lines = printed(tmp_path, recipe_for(example))
    mine = [text for text in lines if LINE.match(text) and LINE.match(text)["file"] == match["file"]]
    assert example in mine, "\n".join(mine or lines)


def test_every_example_is_reproduced_or_listed():
    """A line without a file (“错误：…”) is listed whole; others by their opening."""
    rest = {line if line.startswith("错误：") else line.split("：", 1)[0]
            for line in examples() if recipe_for(line) is None}
    assert rest == set(NOT_FROM_THE_CHECK)


def test_yaml_table_is_generated_from_yamlmessages():
    text = GUIDE.read_text(encoding="utf-8")
    assert text.count(DOCS_BEGIN) == 1 and text.count(DOCS_END) == 1
    start = text.index(DOCS_BEGIN)
    assert text[start:text.index(DOCS_END) + len(DOCS_END)] == docs_table(), \
        "run: python -m gongkai.files.yamlmessages docs/troubleshooting.md"


# --- docs/validity.md §7: the banners and the derived 废止日期 row, as the sample shows them ----------

def banner(doc, column) -> str | None:
    """The banner's text as overrides/gongkai/document.html writes it (without the markup)."""
    from gongkai.core.dates import format_day
    from gongkai.pages.presentation import link_text, notice

    n = notice(doc, column)
    if n is None:
        return None
    text = f"有效性：{n.status}。{n.sentence}"
    if n.links:
        text += n.link_label + "、".join(link_text(d) for d in n.links) + "。"
    if n.basis:
        text += f"废止依据：{n.basis}。"
    assert not n.upcoming  # the sample's banners have no later change on the guide's day
    return text + f"（有效性截至{format_day(column.day)}）"


def test_validity_guide_shows_the_sample_as_built():
    from gongkai.pages.presentation import metadata_rows

    guide = (ROOT / "docs" / "validity.md").read_text(encoding="utf-8")
    section = guide[guide.index("## 七、读者看到什么"):guide.index("## 八、")]
    assert "2026年11月25日构建" in section  # the day EPOCH stands for
    documented = re.findall(r"(?m)^\| [^|]+ \| (有效性：[^|]+) \|$", section)
    column = pipeline.load(ROOT, {"SOURCE_DATE_EPOCH": EPOCH}, strict=False)
    shown = {banner(doc, column) for doc in column.documents} - {None}
    assert len(documented) == 5 and set(documented) == shown
    # the 废止日期 row of a document repealed by another without a date of its own
    doc = column.by_src["proactive/regulations/2018-sme-development-measures.md"]
    assert doc.repealed is None
    rows = {r.label: r.value for r in metadata_rows(doc, column.status(doc), column.day, None,
                                                     column.validity.facts(doc).repealed)}
    assert f"“废止日期 {rows['废止日期']}”" in section and "2018-sme-development-measures.md" in section
    in_force = sum(column.status(d) in ("有效", "已修改", "尚未生效") for d in column.documents
                   if d.doc_type in ("规章", "行政规范性文件"))
    gone = sum(
        column.status(d) in ("已废止", "失效") for d in column.documents if d.doc_type in ("规章", "行政规范性文件")
    )
    assert f"现行有效清单有 {in_force} 件，已废止/失效清单有 {gone} 件" in section


# --- docs/site-config.md §2: what index_no_pattern accepts ---------------------------------------

@pytest.mark.parametrize("pattern, documented", [
    ("{org_code}/{yy}-{seq:05d}", "索引号格式含有不支持的占位符 {yy}"),
    ("{org_code}/{yyyy}-{seq:5d}", "索引号格式含有不支持的占位符"),
    ("{org_code}/{yyyy}", "索引号格式必须包含顺序号 {seq}"),
    ("{org_code} {yyyy}-{seq}", "index_no_pattern 含有不能出现在索引号中的字符"),
    ("{org_code}〔{yyyy}〕{seq}", "不能用作永久地址 id/<索引号>/ 的一级文件夹"),
])
def test_site_config_guide_on_index_no_pattern(tmp_path, pattern, documented):
    guide = (ROOT / "docs" / "site-config.md").read_text(encoding="utf-8")
    section = guide[guide.index("## 二、索引号格式"):guide.index("### 登记号格式")]
    assert documented.split(" {")[0] in section
    old = 'index_no_pattern: "{org_code}/{yyyy}-{seq:05d}"'
    one = new_doc("system/x.md", "title: 示例", f"index_no: {ORG}〔2024〕1", "published: 2024-03-01")
    lines = printed(tmp_path, both(site("site.yml", old, f'index_no_pattern: "{pattern}"'), one))
    assert any(documented in line and line.startswith("错误 ") for line in lines), lines[:5]
