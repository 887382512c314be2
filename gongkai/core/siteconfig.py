"""The body's settings (site_config/site.yml) and taxonomy (site_config/taxonomy.yml).

One source of truth: the body's name, contacts, 索引号 pattern, sub-columns and 主题分类 are read
from here by the build, the checker and the templates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..files.yamlfile import Mapping, YamlError, load_file
from . import vocab, workdays
from .problems import ContentError, Problems
from .text import describe_codepoints, refused_characters, show_refused


@dataclass(frozen=True)
class Subcolumn:
    key: str  # folder under content/proactive/
    label: str


@dataclass(frozen=True)
class SiteConfig:
    name: str
    org_code: str
    level: str
    site_url: str
    index_no_pattern: str
    contact: dict[str, str]
    subcolumns: tuple[Subcolumn, ...]
    topics: tuple[str, ...]
    reg_no_pattern: str = ""  # 登记号 pattern (site.yml reg_no_pattern); "" = any markup-free text
    workday_overrides: tuple[workdays.YearOverride, ...] = ()  # one per year (site_config/workdays.yml)

    @property
    def subcolumn_by_key(self) -> dict[str, Subcolumn]:
        return {s.key: s for s in self.subcolumns}

    def index_no_regex(self) -> re.Pattern[str]:
        return index_no_regex(self.index_no_pattern, self.org_code)

    def index_no_js(self) -> str:
        return index_no_js_source(self.index_no_pattern, self.org_code)

    def format_index_no(self, year: int, seq: int) -> str:
        return self.index_no_pattern.format(org_code=self.org_code, yyyy=f"{year:04d}", seq=seq)

    def reg_no_regex(self) -> re.Pattern[str] | None:
        return index_no_regex(self.reg_no_pattern, self.org_code) if self.reg_no_pattern else None

    def format_reg_no(self, year: int, seq: int) -> str:
        return (self.reg_no_pattern or "SLFG-{yyyy}-{seq:03d}").format(
            org_code=self.org_code, yyyy=f"{year:04d}", seq=seq
        )

    def calendar(self) -> workdays.Calendar:
        return workdays.Calendar(self.workday_overrides)


_PLACEHOLDER = re.compile(r"\{(org_code|yyyy|seq)(?::0(\d+)d)?\}")


def index_no_regex(pattern: str, org_code: str) -> re.Pattern[str]:
    """Compile the 索引号 pattern; groups ``yyyy`` and ``seq`` capture the year and sequence."""
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(pattern):
        out.append(re.escape(pattern[pos : m.start()]))
        name, width = m.group(1), m.group(2)
        if name == "org_code":
            out.append(re.escape(org_code))
        elif name == "yyyy":
            out.append(r"(?P<yyyy>\d{4})")
        else:
            out.append(rf"(?P<seq>\d{{{width}}})" if width else r"(?P<seq>\d+)")
        pos = m.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out))


# Characters that mean something in a JavaScript regular expression (without the u flag); "/" too,
# so that the source could also stand between slashes.
_JS_SPECIAL = set("\\^$.*+?()[]{}|/-")


def index_no_js_source(pattern: str, org_code: str) -> str:
    """The source of a JavaScript RegExp (no flags) that finds a 索引号 of ``pattern`` in a search
    query as search.js sees it: normalised like the index's ``sy:`` tokens (NFKC, lower case, see
    searchindex.normalise_query_text). Plain ASCII: every other character is a \\uXXXX escape (per
    UTF-16 unit, what JavaScript compares), so the source survives any encoding and is the same
    RegExp in every browser; no named groups, no lookbehind (older browsers refuse them)."""

    def literal(text: str) -> str:
        out = []
        for c in unicodedata.normalize("NFKC", text).lower():
            if c in _JS_SPECIAL:
                out.append("\\" + c)
            elif c.isascii() and c.isprintable():
                out.append(c)
            else:
                data = c.encode("utf-16-be")
                out.extend(f"\\u{data[i] << 8 | data[i + 1]:04x}" for i in range(0, len(data), 2))
        return "".join(out)

    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(pattern):
        out.append(literal(pattern[pos : m.start()]))
        name, width = m.group(1), m.group(2)
        if name == "org_code":
            out.append(literal(org_code))
        elif name == "yyyy":
            out.append(r"\d{4}")
        else:
            out.append(rf"\d{{{width}}}" if width else r"\d+")
        pos = m.end()
    out.append(literal(pattern[pos:]))
    return "".join(out)


def load_site_config(config_dir: Path) -> SiteConfig:
    """Read and check site_config/; raise ContentError listing every problem."""
    problems = Problems()
    site = _load(config_dir / "site.yml", problems)
    taxonomy = _load(config_dir / "taxonomy.yml", problems)
    if problems.errors:
        raise ContentError(problems.sorted())

    def text(key: str, required: bool = True) -> str:
        value = site.values.get(key)
        if value is None or str(value).strip() == "":
            if required:
                problems.error("site_config/site.yml", f"缺少必填项 {key}", f"在 site.yml 中填写 {key}: …",
                               field=key, line=site.lines.get(key))
            return ""
        if not isinstance(value, (str, int)):
            problems.error("site_config/site.yml", "应为一段文字", f"把 {key} 写成一行文字",
                           field=key, value=value, line=site.lines.get(key))
            return ""
        return str(value).strip()

    name, org_code, site_url = text("name"), text("org_code"), text("site_url", required=False)
    level = vocab.normal_form(text("level"))
    if site_url:
        reason = url_problem(site_url)
        if reason:
            problems.error("site_config/site.yml", f"site_url 不是可用的网址：{reason}",
                           "写成以 https:// 或 http:// 开头的完整网址，例如 https://www.example.gov.cn/zwgk/"
                           "（不含空格、引号、尖括号）；还没有网址时删除这一行",
                           field="site_url", value=site_url, line=site.lines.get("site_url"))
    for key, value in (("org_code", org_code), ("index_no_pattern", site.values.get("index_no_pattern")),
                       ("reg_no_pattern", site.values.get("reg_no_pattern"))):
        bad = _unsafe(value) if isinstance(value, str) else ""
        if bad:
            problems.error("site_config/site.yml", f"{key} 含有不能出现在索引号中的字符 {bad}",
                           "索引号只用字母、数字、汉字和 / - . 等符号，删除空格、引号、尖括号和 &",
                           field=key, value=value, line=site.lines.get(key))
    if level and level not in vocab.LEVELS:
        problems.error("site_config/site.yml", "未知的机关类型", "写 department（部门）或 government（一级政府）",
                       field="level", value=level, line=site.lines.get("level"))
    pattern = text("index_no_pattern", required=False) or "{org_code}/{yyyy}-{seq:05d}"
    unknown = [m for m in re.findall(r"\{[^}]*\}", pattern) if not _PLACEHOLDER.fullmatch(m)]
    if "{seq" not in pattern or unknown:
        reason = f"含有不支持的占位符 {'、'.join(unknown)}" if unknown else "必须包含顺序号 {seq}"
        problems.error("site_config/site.yml", f"索引号格式{reason}",
                       "只能使用 {org_code}、{yyyy}、{seq} 或带位数的 {seq:05d}，例如 {org_code}/{yyyy}-{seq:05d}",
                       field="index_no_pattern", value=pattern, line=site.lines.get("index_no_pattern"))

    reg_no_pattern = text("reg_no_pattern", required=False)
    unknown = [m for m in re.findall(r"\{[^}]*\}", reg_no_pattern) if not _PLACEHOLDER.fullmatch(m)]
    if reg_no_pattern and ("{seq" not in reg_no_pattern or unknown):
        reason = f"含有不支持的占位符 {'、'.join(unknown)}" if unknown else "必须包含顺序号 {seq}"
        problems.error("site_config/site.yml", f"登记号格式{reason}",
                       "只能使用 {yyyy}、{seq}、带位数的 {seq:03d} 和 {org_code}，例如 SLFG-{yyyy}-{seq:03d}",
                       field="reg_no_pattern", value=reg_no_pattern, line=site.lines.get("reg_no_pattern"))
    overrides: tuple[workdays.YearOverride, ...] = ()
    calendar_path = config_dir / "workdays.yml"
    if calendar_path.is_file():  # optional: years the calendar package lacks, local arrangements
        calendar = _load(calendar_path, problems)
        overrides = workdays.read_overrides(calendar.values, calendar.lines, problems)
        for key, line in calendar.duplicates:
            problems.error(workdays.WORKDAYS_FILE, "同一年份写了两次", "把两处合并为一处", field=key, line=line)

    contact_raw = site.values.get("contact") or {}
    if not isinstance(contact_raw, dict):
        contact_raw = {}
    contact = {}
    for key, label in vocab.CONTACT_FIELDS:
        value = contact_raw.get(key)
        if value is None or str(value).strip() == "":
            problems.error("site_config/site.yml",
                           f"政府信息公开工作机构的“{label}”缺失（条例第十二条要求指南公布此项）",
                           f"在 contact: 下填写 {key}: …", field=f"contact.{key}", line=site.lines.get("contact"))
        elif not isinstance(value, str):
            problems.error("site_config/site.yml", f"政府信息公开工作机构的“{label}”应为一行文字",
                           f"写成 {key}: 文字（不写列表或下一级）", field=f"contact.{key}", value=value,
                           line=site.lines.get("contact"))
        else:
            contact[key] = str(value).strip()
    for key, value in contact_raw.items():
        if key not in contact and value is not None and key not in dict(vocab.CONTACT_FIELDS):
            contact[key] = str(value).strip()

    subcolumns = []
    raw_sub = taxonomy.values.get("proactive")
    if not isinstance(raw_sub, dict) or not raw_sub:
        problems.error("site_config/taxonomy.yml", "缺少法定主动公开内容的子栏目列表",
                       "写 proactive: 下每行“文件夹名: 栏目名称”", field="proactive",
                       line=taxonomy.lines.get("proactive"))
    else:
        for key, sub_label in raw_sub.items():
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(key)) or not isinstance(sub_label, str) \
                    or not sub_label.strip():
                problems.error("site_config/taxonomy.yml", "子栏目应写成“小写英文文件夹名: 中文名称”",
                               "例如 budget: 财政预算决算", field=f"proactive.{key}", value=sub_label,
                               line=taxonomy.lines.get("proactive"))
                continue
            subcolumns.append(Subcolumn(str(key), sub_label.strip()))
    topics = taxonomy.values.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        problems.error("site_config/taxonomy.yml", "主题分类应是文字列表", "每行写“- 一级\\二级”",
                       field="topics", line=taxonomy.lines.get("topics"))
        topics = []
    for key, line in site.duplicates + taxonomy.duplicates:
        problems.error("site_config", "同一键写了两次", "删除其中一个", field=key, line=line)
    # the body's name, contacts, labels and topics are printed on every page: no invisible characters
    shown = [("site.yml", "name", name, site.lines.get("name"))]
    shown += [("site.yml", f"contact.{key}", value, site.lines.get("contact")) for key, value in contact.items()]
    shown += [("taxonomy.yml", f"proactive.{s.key}", s.label, taxonomy.lines.get("proactive")) for s in subcolumns]
    shown += [("taxonomy.yml", "topics", t, taxonomy.lines.get("topics")) for t in topics if isinstance(t, str)]
    for file, key, value, at in shown:
        refused = refused_characters(value)
        if refused:
            problems.error(
                f"site_config/{file}",
                f"含有不可见的控制字符或改变文字方向的字符 {describe_codepoints(refused)}",
                "删除这些字符后重新输入这一行",
                field=key,
                value=show_refused(value),
                line=at,
            )
    if problems.errors:
        raise ContentError(problems.sorted())
    return SiteConfig(
        name=name,
        org_code=org_code,
        level=level,
        site_url=site_url,
        index_no_pattern=pattern,
        contact=contact,
        subcolumns=tuple(subcolumns),
        topics=tuple(t.strip() for t in topics if isinstance(t, str)),  # all are, checked above
        reg_no_pattern=reg_no_pattern,
        workday_overrides=overrides,
    )


_URL_FORBIDDEN = set("\"'<>`\\{}|^")


def url_problem(url: str) -> str:
    """Why ``url`` cannot be the site's address (an absolute http(s) URL with a host), or ""."""
    bad = sorted({c for c in url if c in _URL_FORBIDDEN or c.isspace() or unicodedata.category(c) in ("Cc", "Cf")})
    if bad:
        return "含有不能出现在网址中的字符 " + "、".join(f"“{c}”" if c.isprintable() and not c.isspace()
                                                      else f"U+{ord(c):04X}" for c in bad)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError:
        return "网址格式不对（端口或方括号有误）"
    if parts.scheme.lower() not in ("http", "https"):
        return "应以 https:// 或 http:// 开头"
    if not parts.hostname:
        return "缺少域名"
    if "@" in parts.netloc:
        return "网址中不应有“@”（用户名）"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "网址中不应有“?”或“#”"
    return ""


def _unsafe(value: str) -> str:
    """Characters a 索引号 (and what makes one) may not hold: markup, quotes, spaces, controls."""
    bad = sorted({c for c in value if c in "<>\"'&" or c.isspace() or unicodedata.category(c) in ("Cc", "Cf")})
    return "、".join(f"“{c}”" if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}" for c in bad)


def _load(path: Path, problems: Problems) -> Mapping:

    rel = f"site_config/{path.name}"
    if not path.is_file():
        problems.error(rel, "文件不存在", f"创建 {rel}（参照示例仓库）")
        return Mapping()
    try:
        return load_file(path)
    except YamlError as exc:
        problems.error(rel, exc.message, exc.fix or "修正 YAML 语法（冒号后加空格、缩进用空格）", line=exc.line)
        return Mapping()
