"""``python -m gongkai new``: a new document in its section's folder, safely, with its 索引号 and URL.

The section is named by its key (``budget``, ``system``, ``annual-reports``) or by the Chinese name
the site shows (``财政预算决算``, from site_config/taxonomy.yml). The file name is refused, with the
fix, when it holds spaces, a path separator, ``..`` or a ``.md`` ending, or anything but lower-case
letters, digits and hyphens; without one, a name is derived from the 索引号. The file is created in
the section's folder and nowhere else (never through a link, never over an existing file).

``new annual-reports <year>`` writes the whole report in the national format as a draft
(annualreport/draft.py; docs/annual-reports.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .annualreport import draft as report_draft
from .annualreport.formats import FORMAT_2021, FORMAT_NAMES
from .annualreport.formats import PART as REPORTS
from .core import urls, vocab
from .core.column import Column, next_index_no
from .core.siteconfig import SiteConfig
from .pages import listing

NAME_RULE = "只用小写英文字母、数字和连字符（-），例如 2026-budget-adjustment"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_NAME = 80
_PAGE = re.compile(r"page-\d+")  # later pages of a list (listing._list_pages)


class NewError(Exception):
    """A refusal for the webmaster: what is wrong and what to do, in Chinese."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix

    def __str__(self) -> str:
        return f"错误：{self.message}。修改方法：{self.fix}"


@dataclass(frozen=True)
class Section:
    part: str  # vocab.PARTS key
    subcolumn: str | None
    label: str

    @property
    def folder(self) -> str:
        """The folder under content/."""
        return urls.subcolumn_folder(self.subcolumn) if self.subcolumn else self.part


@dataclass(frozen=True)
class Planned:
    src: str  # path under content/
    text: str
    index_no: str
    url: str  # site-relative
    draft: bool


def sections(site: SiteConfig) -> list[Section]:
    """Where ``new`` may write: 制度, every sub-column of 法定主动公开内容, 年度报告 (the guide is one file)."""
    label = vocab.PART_BY_KEY
    return ([Section("system", None, label["system"].label)]
            + [Section("proactive", s.key, s.label) for s in site.subcolumns]
            + [Section(REPORTS, None, label[REPORTS].label)])


def find_section(site: SiteConfig, text: str) -> Section:
    """The section named ``text``: its folder key (``budget`` or ``proactive/budget``) or its name."""
    typed = vocab.normal_form(text).strip("/")
    for section in sections(site):
        if typed in (section.folder, section.subcolumn, section.part if not section.subcolumn else None,
                     vocab.normal_form(section.label)):
            return section
    known = "、".join(f"{s.subcolumn or s.part}（{s.label}）" for s in sections(site))
    raise NewError(f"没有名为“{text}”的栏目", f"第一个参数写栏目的文件夹名或中文名称，可用：{known}")


def suggest_name(text: str) -> str:
    """A name that follows the rule, made from what was typed (for the message's fix)."""
    text = re.sub(r"\.md$", "", vocab.normal_form(text), flags=re.I).lower()
    text = re.sub(r"[\s._/\\]+", "-", text)
    text = re.sub(r"[^a-z0-9-]", "", text)
    return re.sub(r"-{2,}", "-", text).strip("-")[:MAX_NAME]


def check_name(name: str) -> None:
    """Refuse a file name that would land elsewhere, be doubled, or make an awkward URL."""
    suggestion = suggest_name(name)
    better = f"例如改为 {suggestion}" if suggestion and _NAME.fullmatch(suggestion) else NAME_RULE
    if not name.strip():
        raise NewError("文件名为空", f"{NAME_RULE}；或不写文件名，由 gongkai 按索引号生成")
    if re.search(r"[/\\]", name):
        raise NewError(f"文件名“{name}”含有路径分隔符（/ 或 \\）",
                       f"只写文件名，不写文件夹：文件放在第一个参数指定的栏目中；{better}")
    if ".." in name:
        raise NewError(f"文件名“{name}”含有“..”", better)
    if re.search(r"\.md$", name.strip(), re.I):
        raise NewError(f"文件名“{name}”不要带 .md（gongkai 会加上）", f"写成 {name.strip()[:-3]}")
    if re.search(r"\s", name):
        raise NewError(f"文件名“{name}”含有空格（网址中会变成 %20）", better)
    if len(name) > MAX_NAME:
        raise NewError(f"文件名有 {len(name)} 个字符，太长", f"不超过 {MAX_NAME} 个字符；{NAME_RULE}")
    if not _NAME.fullmatch(name):
        raise NewError(f"文件名“{name}”含有大写字母、汉字或其他符号（网址中不便阅读和输入）", better)


def plan(column: Column, root: Path, section_text: str, words: list[str], day: dt.date,
         draft: bool = False) -> Planned:
    """What ``new`` will write: ``words`` is [title], [name, title], or for annual reports [] or [year]."""
    section = find_section(column.site, section_text)
    if section.part == REPORTS:
        return _plan_report(column, root, words, day)
    if len(words) == 1 and _NAME.fullmatch(words[0]):  # a file name with the title forgotten, never a title
        raise NewError(
            f"缺少标题（只写了“{words[0]}”，像是文件名）",
            f"写成 new {section.subcolumn or section.part} {words[0]} 标题；只写标题时文件名由 gongkai 按索引号生成",
        )
    if len(words) == 1:
        name, title = None, words[0]
    elif len(words) == 2:
        name, title = words
    else:
        raise NewError(
            f"参数个数不对（栏目之后写了 {len(words)} 个）",
            f"写成 new {section.subcolumn or section.part} [文件名] 标题，例如 new budget 2026-budget-adjustment "
            "“关于2026年部门预算调整的说明”；标题含空格时用引号括起来",
        )
    if not title.strip():
        raise NewError("标题为空", "写出文件的标题")
    if "\n" in title or "\r" in title:
        raise NewError("标题含有换行", "标题写成一行")
    index_no = next_index_no(column, day.year)
    if name is None:
        name = _derived_name(column, index_no, day)
    else:
        check_name(name)
    src = f"{section.folder}/{name}.md"
    _check_free(column, root, src)
    text = (
        "---\n"
        f"title: {json.dumps(title.strip(), ensure_ascii=False)}\n"  # quoted: a title may hold ": " or "#"
        f"index_no: {index_no}\n"
        f"published: {day.isoformat()}\n"
        + ("draft: true  # 草稿：已检查，不发布；发布时删除这一行\n" if draft else "")
        + f"# doc_no: 示政办发〔{day.year}〕1号\n"
        "# summary: 不超过100字的内容概述\n"
        "---\n\n正文。\n"
    )
    return Planned(src, text, index_no, urls.page_url(src), draft)


def _derived_name(column: Column, index_no: str, day: dt.date) -> str:
    """<year>-<sequence of the 索引号>: unique with the 索引号, and safe whatever the title."""
    match = column.site.index_no_regex().fullmatch(index_no)
    base = f"{day.year}-{match['seq']}" if match and match.groupdict().get("seq") else day.isoformat()
    return suggest_name(base) or day.isoformat()


def _plan_report(column: Column, root: Path, words: list[str], day: dt.date) -> Planned:
    published = {r.year for r in column.reports.values()}
    if not words:
        # the report due next: last year's until it exists, then this year's (drafted in December)
        year = day.year - 1 if day.year - 1 not in published else day.year
    elif len(words) == 1 and re.fullmatch(r"\d{4}", words[0].strip()):
        year = int(words[0])
    else:
        raise NewError(f"年度报告以年度命名，“{' '.join(words)}”不是四位年份",
                       f"写成 new annual-reports {day.year - 1}（标题、索引号和表格由 gongkai 生成）")
    if year < 2021:
        raise NewError(
            f"只能为 2021 年度及以后生成报告（{year}年度不使用{FORMAT_NAMES[FORMAT_2021]}）",
            "较早年度的报告按 docs/annual-reports.md 第十一节手工编写",
        )
    if year > day.year:
        raise NewError(
            f"{year}年度还没有开始（今天是 {day.isoformat()}）", f"写成 new annual-reports {day.year}，或用 --date 预览"
        )
    src = f"{REPORTS}/{year}.md"
    drafted = [d.src for d in column.drafts if d.part == REPORTS and Path(d.src).stem.startswith(str(year))]
    if year in published or drafted:
        where = next((src for src, r in column.reports.items() if r.year == year), None) or drafted[0]
        raise NewError(f"{year}年度的年度报告已有：content/{where}", "直接修改这个文件（每年只有一份报告）")
    _check_free(column, root, src)
    when = report_draft.planned_day(year, day)
    index_no = next_index_no(column, when.year)  # the 索引号 of the year it is published in
    return Planned(src, report_draft.draft_text(column, year, index_no, when), index_no, urls.page_url(src), True)


def _check_free(column: Column, root: Path, src: str) -> None:
    content = root / "content"
    name = src.rsplit("/", 1)[-1]
    if src in listing.generated_pages_by_src(column) or name in (urls.LANDING, urls.SUBCOLUMN_CATALOGUE) \
            or _PAGE.fullmatch(Path(src).stem):
        raise NewError(f"content/{src} 是 gongkai 自动生成的页面（列表页或目录）", "换一个文件名")
    folder = content / Path(src).parent
    existing = {p.name.lower() for p in folder.iterdir()} if folder.is_dir() and not folder.is_symlink() else set()
    if Path(src).name.lower() in existing:
        raise NewError(f"content/{src} 已存在", "换一个文件名，或直接修改这个文件")


def write(root: Path, planned: Planned) -> Path:
    """Create the file in its section's folder: never through a link, never outside content/,
    never over an existing file (exclusive creation)."""
    content = root / "content"
    folder = content
    for part in Path(planned.src).parent.parts:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise NewError(f"content/{folder.relative_to(content).as_posix()} 不是普通文件夹（是链接或文件）",
                           "把它换成普通文件夹后重试（gongkai 不通过链接写文件）")
    if content.is_symlink():
        raise NewError("content 是链接，不是普通文件夹", "把它换成普通文件夹后重试")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(planned.src).name
    if not path.resolve().is_relative_to(content.resolve()):  # belt and braces: check_name already refused it
        raise NewError(f"文件会写到 content/ 之外：{planned.src}", NAME_RULE)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except FileExistsError:
        raise NewError(f"content/{planned.src} 已存在", "换一个文件名，或直接修改这个文件") from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(planned.text)
    return path


def report_lines(site: SiteConfig, planned: Planned) -> list[str]:
    """What ``new`` prints: the file, its 索引号, the URL it will have, the permanent address."""
    url = urls.public(site.site_url, urls.page_url(planned.src))
    lines = [f"已创建 content/{planned.src}" + ("（草稿：draft: true，已检查，不发布）" if planned.draft else ""),
             f"索引号：{planned.index_no}",
             f"网址：{url}" + ("（删除 draft: true 并构建后生效）" if planned.draft else "")]
    permanent = urls.id_address(planned.index_no)
    if permanent is not None:
        lines.append(f"永久网址：{urls.public(site.site_url, permanent.url)}")
    return lines
