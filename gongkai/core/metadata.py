"""Front matter of a document: reading, canonical keys, every field rule of metadata.md."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection
from collections.abc import Mapping as ReadOnly
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeAlias

from ..files.yamlfile import SYNTAX_FIX, Mapping, Value, YamlError, check_front_matter_size, load_mapping, read_text
from ..files.yamlmessages import front_matter_problem
from . import vocab
from .dates import ACCEPTED_FORMS, DateError, format_day, parse_day
from .problems import Problems
from .siteconfig import SiteConfig
from .structure import Attachment, Document, Presentation
from .text import describe_codepoints, invisible_characters, refused_characters, show_refused, summary_from_markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# A 文号 never holds markup characters: the 代字 is any text without spaces, <, >, quotes or &.
_SAFE = r"[^\s<>\"'&]"
_DOC_NO = re.compile(
    r"(?P<prefix>" + _SAFE + r"+?)(?P<open>[〔\[【(（])(?P<year>\d{4})(?P<close>[〕\]】)）])(?P<di>第?)(?P<num>\d+)号"
)
_ORDER_NO = re.compile(_SAFE + r"+令第[1-9]\d*号")  # 规章 are numbered by 政府令, e.g. 示例市人民政府令第3号
_BRACKET_PAIRS = {"〔": "〕", "[": "]", "【": "】", "(": ")", "（": "）"}


@dataclass(frozen=True)
class FolderDefault:
    """A value from a folder's .meta.yml, with where it was written."""

    value: object
    file: str  # the .meta.yml, relative to content/
    line: int | None
    written: str  # the key as written


@dataclass
class Source:
    """A Markdown file split into front matter and body."""

    meta: Mapping
    body: str
    body_line: int


def read_source(path: Path, rel: str, problems: Problems) -> Source | None:
    try:
        text = read_text(path)
    except YamlError as exc:
        problems.error(rel, exc.message, exc.fix or "")
        return None
    front, body, body_line = split_front_matter(text)
    if front is None:
        message, fix, line = front_matter_problem(text)  # no opening ---, or no closing one
        problems.error(rel, message, fix, line=line)
        return None
    try:
        check_front_matter_size(front, line=1)
        meta = load_mapping(front, first_line=2)
    except YamlError as exc:
        problems.error(rel, exc.message, exc.fix or SYNTAX_FIX, line=exc.line)
        return None
    return Source(meta, body, body_line)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, or None without one; the body; the line of the file the body starts on)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group(1) or "", text[match.end():], text.count("\n", 0, match.end()) + 1

# A document's fields by canonical key: its own values over its folder's (.meta.yml) defaults.
Fields: TypeAlias = ReadOnly[str, object]


def canonical_keys(
    mapping: Mapping, rel: str, problems: Problems
) -> tuple[dict[str, Value], dict[str, int], dict[str, str], dict[str, Presentation]]:
    """Map every key to its canonical name; returns (values, lines, written keys, extra keys)."""
    values: dict[str, Value] = {}
    lines: dict[str, int] = {}
    written: dict[str, str] = {}
    extra: dict[str, Presentation] = {}
    for key, twice in mapping.duplicates:
        problems.error(rel, "同一字段写了两次", "删除重复的一行", field=key, line=twice)
    for key, value in mapping.values.items():
        line = mapping.lines[key]  # the reader records the line of every key it reads
        canon = vocab.canonical_key(key)
        normal = vocab.normal_form(key)
        odd = vocab.odd_characters(key)
        if odd and (canon or normal in vocab.PRESENTATION_KEYS or vocab.report_key(key)):
            # recognised, but the file should say what it means (search and diff see the odd form)
            problems.warning(rel, f"字段名含有外形相同的特殊字符 {vocab.describe_characters(odd)}，已按“{normal}”识别",
                             f"把字段名改写为“{normal}”（从 PDF 复制的文字常带有这类字符）", field=key, line=line)
        if canon is None:
            if normal in vocab.PRESENTATION_KEYS:
                extra[normal] = _presentation(normal, value, key, line, rel, problems)
                continue
            if vocab.report_key(key):
                continue  # an annual report's tables: build_document hands them to annualreport/reader.py
            guess = difflib.get_close_matches(normal, list(vocab.KEY_ALIASES), n=1, cutoff=0.6)
            fix = f"是否想写“{guess[0]}”？" if guess else "删除该字段，或改成 docs/ 中列出的字段名"
            problems.warning(rel, "未知字段（可能是拼写错误），已忽略", fix, field=key, line=line)
            continue
        if canon in values:
            problems.error(rel, f"字段“{written[canon]}”和“{key}”是同一字段，只能写一个",
                           f"保留其中一个（英文键 {canon} 或中文键 {vocab.FIELD_BY_KEY[canon].label}）",
                           field=key, line=line)
            continue
        values[canon], lines[canon], written[canon] = value, line, key
    return values, lines, written, extra


_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _presentation(key: str, value: Value, written: str, line: int | None, rel: str, problems: Problems) -> Presentation:
    """A page-presentation key for MkDocs/Material; the flags of ``search:`` are read as booleans
    (every other value stays the text that was typed: a "false" that is text would count as true)."""
    if key != "search" or not isinstance(value, dict):
        return value
    out: dict[str, Value | bool] = dict(value)
    if "exclude" in value:
        flag = _BOOLEANS.get(value["exclude"].strip() if isinstance(value["exclude"], str) else "")
        if flag is None:
            problems.error(
                rel,
                "search 的 exclude 应为 true 或 false",
                "写 search: {exclude: true}（不让本页进入搜索）或删除该项",
                field=f"{written}.exclude",
                line=line,
                value=value["exclude"],
            )
            flag = False
        out["exclude"] = flag
    return out


def _blank(value: object) -> bool:
    """A key written without a value (``published:``, ``title: ""``, ``~``)."""
    return value is None or (isinstance(value, str) and not value.strip())


def build_document(
    path: Path,
    rel: str,
    part: str,
    subcolumn: str | None,
    defaults: dict[str, FolderDefault],
    site: SiteConfig,
    today: dt.date,
    content_dir: Path,
    problems: Problems,
) -> Document | None:
    """Read one Markdown file and check every field; None when it cannot become a page."""
    source = read_source(path, rel, problems)
    if source is None:
        return None
    values, lines, written, extra = canonical_keys(source.meta, rel, problems)
    merged = {**{key: d.value for key, d in defaults.items()}, **values}
    inherited = {key: d for key, d in defaults.items() if key not in values}
    checker = _FieldChecker(rel, lines, written, problems, inherited)
    draft = _draft_flag(values, defaults, checker)

    title = checker.text(merged, "title")
    if "title" not in merged:
        problems.error(rel, "缺少标题", "在元数据中写 title: 文件标题（或 标题: …）", field="title", line=1)
    elif _blank(merged["title"]):
        checker.error("title", None, "标题没有填写（这一行只有字段名）", "在冒号后写文件标题，例如 title: 关于……的通知")
    published = checker.date(merged, "published")
    if "published" not in merged:
        problems.error(
            rel,
            "缺少发布日期（检查时视为从未更新）",
            f"写 published: 日期（{ACCEPTED_FORMS}）",
            field="published",
            line=1,
        )
    elif _blank(merged["published"]):
        checker.error("published", None, "发布日期没有填写（这一行只有字段名），文件不能发布",
                      f"在冒号后写日期，例如 published: 2024-03-01（{ACCEPTED_FORMS}）")
    elif published and published > today and not draft:  # a draft's published is the day it is planned for
        checker.error("published", merged["published"], f"发布日期晚于构建日 {format_day(today)}",
                      "改为已经发布的日期；尚未发布的文件不要放入栏目")
    if not title or not published:
        return None

    doc = Document(src=rel, part=part, subcolumn=subcolumn, title=title, body=source.body,
                   body_line=source.body_line, published=published, lines=lines, keys=written, extra=extra,
                   draft=draft)
    report = {k: v for k, v in source.meta.values.items() if vocab.report_key(k) and not vocab.canonical_key(k)}
    if part == "annual-reports":
        doc.report = report
    else:
        for key in report:
            problems.warning(rel, "这是年度报告的字段，只在 annual-reports/ 中有效，已忽略",
                             "删除该字段，或把年度报告移到 annual-reports/", field=key, line=source.meta.lines.get(key))
    doc.index_no = checker.text(merged, "index_no") or None
    if doc.index_no:
        _check_index_no(doc, doc.index_no, site, checker, merged)
    elif part in ("system", "proactive"):
        example = site.format_index_no(published.year, 1)
        fix = f"写 index_no: {example}（顺序号取本年度下一个未用的号，可用 python -m gongkai new 自动生成）"
        if "index_no" in merged and _blank(merged["index_no"]):
            checker.error("index_no", None, "索引号没有填写（政府信息公开制度和法定主动公开内容必填）", fix)
        else:
            problems.error(rel, "缺少索引号（政府信息公开制度和法定主动公开内容必填）", fix, field="index_no", line=1)
    doc.publisher = checker.text(merged, "publisher") or site.name
    for key in ("title", "summary", "publisher"):
        checker.lookalikes(merged, key)
    doc.doc_no = _check_doc_no(checker.text(merged, "doc_no"), checker, merged)
    doc.written = checker.date(merged, "written")
    doc.doc_type = checker.choice(merged, "doc_type", vocab.DOC_TYPES) or vocab.DEFAULT_DOC_TYPE
    doc.topic = checker.choice(merged, "topic", site.topics, fix_list="site_config/taxonomy.yml 的 topics 列表") or None
    summary = checker.text(merged, "summary")
    if summary:
        doc.summary, doc.summary_given = summary, True
        if len(summary) > vocab.SUMMARY_ADVISED_MAX:
            checker.warning(
                "summary",
                summary,
                f"内容概述有 {len(summary)} 字，超过建议的 {vocab.SUMMARY_ADVISED_MAX} 字",
                "精简到 100 字以内",
            )
    else:
        doc.summary = summary_from_markdown(source.body, vocab.SUMMARY_ADVISED_MAX)
    doc.disclosure = checker.choice(merged, "disclosure", vocab.DISCLOSURES) or vocab.DEFAULT_DISCLOSURE
    doc.effective = checker.date(merged, "effective")
    doc.expires = checker.date(merged, "expires")
    doc.repealed = checker.date(merged, "repealed")
    doc.updated = checker.date(merged, "updated")
    doc.status = checker.choice(merged, "status", vocab.STATUSES) or None
    doc.repealed_by = checker.ref(merged, "repealed_by")
    doc.amended_by = checker.refs(merged, "amended_by")
    doc.related = checker.refs(merged, "related")
    doc.interprets = checker.refs(merged, "interprets")
    doc.reg_no = _check_reg_no(checker.text(merged, "reg_no"), doc, site, checker)
    doc.late_reason = checker.text(merged, "late_reason") or None
    doc.repeal_basis = checker.text(merged, "repeal_basis") or None
    doc.attachments = _check_attachments(merged, path.parent, content_dir, checker)
    return doc


def _draft_flag(values: Fields, defaults: dict[str, FolderDefault], checker: _FieldChecker) -> bool:
    """draft: true|false, in the file itself: a .meta.yml cannot hide a whole folder from the site."""
    origin = defaults.get(vocab.DRAFT.key)
    if origin is not None:
        checker.problems.error(
            origin.file,
            "草稿标记（draft）只能写在单个文件中，不能写在 .meta.yml 中",
            "删除这一行，在尚未发布的文件中逐个写 draft: true",
            field=origin.written,
            line=origin.line,
            value=origin.value,
        )
    if vocab.DRAFT.key not in values:
        return False
    raw = values[vocab.DRAFT.key]
    flag = _BOOLEANS.get(vocab.normal_form(raw) if isinstance(raw, str) else "")
    if flag is None:
        # an unreadable flag is an error; meanwhile the file counts as a draft: never published by mistake
        checker.error(vocab.DRAFT.key, raw, "草稿标记应为 true 或 false",
                      "写 draft: true（已检查、暂不发布），发布时删除这一行")
        return True
    return flag


class _Report(Protocol):
    """Problems.error or Problems.warning."""

    def __call__(self, file: str, message: str, fix: str = "", *,
                 line: int | None = None, field: str | None = None, value: object = None) -> None: ...


class _FieldChecker:
    """Reads one field of a document and reports a problem naming file, line, key and value."""

    def __init__(
        self,
        rel: str,
        lines: dict[str, int],
        written: dict[str, str],
        problems: Problems,
        inherited: dict[str, FolderDefault] | None = None,
    ):
        self.rel, self.lines, self.written, self.problems = rel, lines, written, problems
        self.inherited = inherited or {}  # key -> FolderDefault: values this file takes from .meta.yml

    def _report(self, report: _Report, key: str, value: object, message: str, fix: str) -> None:
        origin = self.inherited.get(key)
        if origin is not None:
            # the fix belongs in the .meta.yml; reported once there, whatever number of files use it
            report(origin.file, message, fix, value=value, field=origin.written, line=origin.line)
        else:
            report(self.rel, message, fix, value=value, field=self.written.get(key, key), line=self.lines.get(key))

    def error(self, key: str, value: object, message: str, fix: str) -> None:
        self._report(self.problems.error, key, value, message, fix)

    def warning(self, key: str, value: object, message: str, fix: str) -> None:
        self._report(self.problems.warning, key, value, message, fix)

    def text(self, values: Fields, key: str) -> str:
        value = values.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(key, value, "应为一段文字", f"写成 {self.written.get(key, key)}: 文字")
            return ""
        text = str(value)
        refused = refused_characters(text)
        if refused:
            # shown with escapes: the raw characters would garble the message itself
            self.error(key, show_refused(text),
                       f"含有不可见的控制字符或改变文字方向的字符 {describe_codepoints(refused)}",
                       "删除这些字符后重新输入这一行（常见于从其他系统复制的文字，或引号中的 \\x、\\u 转义）")
            return ""
        invisible = invisible_characters(text)
        if invisible:
            self.warning(
                key,
                text,
                f"含有看不见的字符 {describe_codepoints(invisible)}（零宽空格、软连字符等），已原样保留",
                "删除这些字符（常见于从 Word 或网页复制的文字）",
            )
        return text.strip()

    def date(self, values: Fields, key: str) -> dt.date | None:
        value = values.get(key)
        if _blank(value):
            return None
        try:
            day = parse_day(vocab.normal_form(value) if isinstance(value, str) else value)
        except DateError as exc:
            self.error(key, value, str(exc), f"写成 {ACCEPTED_FORMS}")
            return None
        self._odd(key, value, vocab.normal_form(value) if isinstance(value, str) else "")
        return day

    def _odd(self, key: str, value: object, normal: str) -> None:
        """Warn of a value recognised only in NFKC (e.g. 已废⽌ with a Kangxi radical)."""
        odd = vocab.odd_characters(value) if isinstance(value, str) else []
        if odd:
            self.warning(key, value, f"含有外形相同的特殊字符 {vocab.describe_characters(odd)}，已按“{normal}”识别",
                         f"改写为“{normal}”（从 PDF 复制的文字常带有这类字符）")

    def lookalikes(self, values: Fields, key: str) -> None:
        """Displayed text is never rewritten; look-alike 汉字 in it get a warning with the fix."""
        value = values.get(key)
        if not isinstance(value, str):
            return
        odd = vocab.lookalikes(value)
        if odd:
            self.warning(
                key,
                value,
                f"含有外形相同的特殊字符 {vocab.describe_characters(odd)}，读者按常用字搜索时找不到",
                f"改写为“{vocab.without_lookalikes(value.strip())}”（从 PDF 复制的文字常带有这类字符）",
            )

    def choice(self, values: Fields, key: str, allowed: Collection[str], fix_list: str = "") -> str:
        value = self.text(values, key)
        if value and value not in allowed and vocab.normal_form(value) in allowed:
            normal = vocab.normal_form(value)
            self._odd(key, value, normal)
            return normal
        if value and value not in allowed:
            options = fix_list or "、".join(allowed)
            guess = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.5)
            hint = f"（是否想写“{guess[0]}”？）" if guess else ""
            self.error(key, value, "不是允许的取值", f"改为 {options} 中的一个{hint}")
            return ""
        return value

    def ref(self, values: Fields, key: str) -> str | None:
        value = values.get(key)
        if value is None:
            return None
        if isinstance(value, list):
            self.error(key, value, "只能指向一个文件", "只写一个文号、索引号或相对路径")
            return None
        return self.text(values, key) or None

    def refs(self, values: Fields, key: str) -> tuple[str, ...]:
        value = values.get(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        out: list[str] = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (str, int)) or not str(item).strip():
                self.error(key, item, "引用应是文号、索引号或相对路径", "每项写一个文号，例如 - 示政办发〔2023〕7号")
                continue
            out.append(str(item).strip())
        return tuple(out)


def _check_index_no(doc: Document, index_no: str, site: SiteConfig, checker: _FieldChecker, values: Fields) -> None:
    match = site.index_no_regex().fullmatch(index_no)
    if not match:
        checker.error("index_no", doc.index_no, f"不符合本机关索引号格式 {site.index_no_pattern}",
                      f"例如 {site.format_index_no(doc.published.year, 1)}")
        return
    year = match.groupdict().get("yyyy")
    if year and int(year) != doc.published.year:
        checker.warning("index_no", doc.index_no, f"索引号中的年份 {year} 与发布日期的年份 {doc.published.year} 不一致",
                        "核对索引号或发布日期")


def _check_reg_no(text: str, doc: Document, site: SiteConfig, checker: _FieldChecker) -> str | None:
    """登记号: the site's pattern (reg_no_pattern), markup-free; only 规章 and 行政规范性文件 are registered."""
    if not text:
        return None
    regex = site.reg_no_regex()
    if regex is not None and not regex.fullmatch(text):
        checker.error(
            "reg_no",
            text,
            f"不符合本机关登记号格式 {site.reg_no_pattern}",
            f"例如 {site.format_reg_no(doc.published.year, 1)}（格式在 site_config/site.yml 的 reg_no_pattern 中）",
        )
        return None
    if regex is None and re.search(r"[\s<>\"'&]", text):
        checker.error(
            "reg_no", text, "登记号不能含空格、引号、尖括号或 &", "照登记机关编的号原样填写，例如 SLFG-2026-001"
        )
        return None
    if doc.doc_type not in ("规章", "行政规范性文件"):
        checker.warning("reg_no", text, f"文件类型为“{doc.doc_type}”，只有规章和行政规范性文件才有登记号",
                        "写 doc_type: 行政规范性文件（或 规章），或删除登记号")
    return text


def normalise_doc_no(text: str) -> tuple[str | None, str | None]:
    """Return (normalised 文号, problem); a 文号 with other brackets is normalised to 〔〕."""
    text = text.replace(" ", "").replace("\u3000", "")
    if _ORDER_NO.fullmatch(text):
        return text, None
    match = _DOC_NO.fullmatch(text)
    if not match or _BRACKET_PAIRS[match["open"]] != match["close"]:
        return None, "不符合文号格式“代字〔年份〕序号号”（GB/T 9704 第7.2.5条）"
    if match["di"]:
        return None, "文号序号前不加“第”"
    if match["num"].startswith("0"):
        return None, "文号序号不编虚位（不加前导 0）"
    return f"{match['prefix']}〔{match['year']}〕{match['num']}号", None


def _check_doc_no(text: str, checker: _FieldChecker, values: Fields) -> str | None:
    if not text:
        return None
    normal, problem = normalise_doc_no(text)
    if problem:
        fix = "例如 示政办发〔2023〕7号：年份用六角括号〔〕，序号不加“第”、不加前导 0"
        checker.error("doc_no", text, problem, fix)
        return None
    if normal != text.replace(" ", "").replace("\u3000", ""):
        checker.warning("doc_no", text, f"年份括号已规范为六角括号：{normal}", f"把文号改写为 {normal}")
    return normal


def _check_attachments(
    values: Fields, folder: Path, content_dir: Path, checker: _FieldChecker
) -> tuple[Attachment, ...]:
    raw = values.get("attachments")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        checker.error("attachments", raw, "附件应是列表", "每项写成 - {file: attachments/文件.pdf, title: 附件名称}")
        return ()
    out = []
    root = content_dir.resolve()
    for item in raw:
        if not isinstance(item, dict):
            checker.error(
                "attachments",
                item,
                "附件项应包含 file 和 title",
                "写成 - {file: attachments/文件.pdf, title: 附件名称}",
            )
            continue
        file = item.get("file", item.get("文件"))
        title = item.get("title", item.get("名称"))
        if not isinstance(file, str) or not file.strip():
            checker.error("attachments", item, "附件缺少 file（文件的相对路径）", "写 file: attachments/文件.pdf")
            continue
        if not isinstance(title, str) or not title.strip():
            checker.error("attachments", file, "附件缺少 title（附件名称）", "写 title: 附件名称")
            continue
        target = (folder / file).resolve()
        if not target.is_relative_to(root):
            checker.error("attachments", file, "附件路径指向 content/ 之外", "把附件放进 content/ 中文件所在的文件夹")
            continue
        if not target.is_file():
            checker.error(
                "attachments",
                file,
                "附件文件不存在",
                "检查文件名和相对路径（相对于本 Markdown 文件所在文件夹），并提交该文件",
            )
            continue
        kind = vocab.ATTACHMENT_TYPES.get(target.suffix.lower())
        if kind is None:
            checker.warning("attachments", file, "附件类型不常见，读者可能无法打开",
                            "优先使用 PDF、OFD、DOC/DOCX、XLS/XLSX")
            kind = target.suffix.lstrip(".").upper() or "文件"
        out.append(Attachment(target.relative_to(root).as_posix(), title.strip(), kind, target.stat().st_size))
    return tuple(out)
