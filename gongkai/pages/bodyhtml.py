"""What HTML the text (body) of a document may hold, checked on the HTML that Markdown made of it.

The body is written by many hands (pasted from Word, imported from an old CMS, sent in by other
offices), so it is treated as untrusted: the rendered HTML may hold only the elements and
attributes of ``TAGS`` / ``ATTRIBUTES`` (docs/body-html.md explains each), links with an http(s),
mailto or tel address or a relative one, and images from the column itself. Anything else is an
error naming the file, the line and the element or attribute, never silently removed.

Two parsers read the HTML: Python's ``html.parser`` names what is wrong, and ``nh3`` (ammonia on
html5ever, a browser-grade parser) cleans it with the same allowlist. When the check finds nothing,
the cleaned HTML must equal the original; where the two parsers read the HTML differently (the
tricks that slip past sanitizers), that difference itself is an error.

The limits (``check_limits``) are checked on the Markdown source before it is rendered: deep nesting
and very long or dense text make Python-Markdown recurse too deep or take minutes.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nh3

from ..annualreport.body import page_markdown
from ..core.column import LANDING, Column
from ..core.metadata import split_front_matter
from ..core.problems import Problems
from ..files.memo import FileMemo
from ..files.yamlfile import YamlError, read_text

# --- the allowlist ---------------------------------------------------------------------------

TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "div", "span",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sup", "sub",
    "abbr", "q", "cite", "dfn", "kbd", "samp", "var", "code", "pre", "blockquote",
    "details", "summary", "figure", "figcaption", "img", "a",
})
VOID = frozenset({"br", "hr", "img", "col"})
# elements whose end tag HTML lets the author leave out
OPTIONAL_END = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup"})

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "target", "rel"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"colspan", "rowspan", "scope", "headers", "abbr", "style"}),
    "td": frozenset({"colspan", "rowspan", "headers", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
}
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# class names the Markdown extensions of mkdocs.yml produce: admonition (with Material's types)
# and toc; fenced code adds language-…
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure",
    "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
})
CLASSES = frozenset({"admonition", "admonition-title", "toc"}) | ADMONITION_TYPES
_LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}")
# ids of the page around the body (Material's md-…/__…, gongkai's gk-…)
RESERVED_ID_PREFIXES = ("gk-", "md-", "__")

MAX_HTML_DEPTH = 100  # elements inside elements; html5ever slows down sharply beyond some thousands
MAX_FINDINGS = 20  # per file; the rest are counted

_NUMBER = re.compile(r"[0-9]{1,4}")
_TEXT_ALIGN = re.compile(r"\s*text-align\s*:\s*(left|right|center)\s*;?\s*", re.IGNORECASE)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_IGNORED = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL

# Why an element is refused, for the elements people actually paste.
_REFUSED_WHY = {
    "script": "脚本会在读者的浏览器中运行",
    "noscript": "脚本相关元素",
    "style": "样式表会改变整个页面的外观，样式由网站统一提供",
    "link": "会从其他地址加载样式或资源",
    "iframe": "会把其他网站的页面嵌入本页，读者打开页面时浏览器会向该网站发出请求",
    "frame": "会嵌入其他页面", "frameset": "会嵌入其他页面",
    "object": "会加载插件或外部内容", "embed": "会加载插件或外部内容", "applet": "会加载插件",
    "form": "表单会把读者输入的内容发送到其他地址", "input": "表单控件不属于公开文件正文",
    "button": "表单控件不属于公开文件正文", "select": "表单控件不属于公开文件正文",
    "textarea": "表单控件不属于公开文件正文",
    "svg": "SVG 可以包含脚本和外部链接", "math": "MathML 可以包含脚本和外部链接",
    "base": "会改变页面上所有链接的指向", "meta": "会改变页面的行为（如自动跳转）",
    "video": "会从其他地址加载媒体", "audio": "会从其他地址加载媒体", "source": "会从其他地址加载媒体",
    "picture": "会从其他地址加载图片", "font": "是过时的排版标签（多见于从 Word 复制的内容）",
    "center": "是过时的排版标签（多见于从 Word 复制的内容）",
}

_ATTRIBUTE_FIX = "删除该属性；若它写在 Markdown 的 {: … } 中，删除花括号里的这一项"


@dataclass(frozen=True)
class Finding:
    """One thing in the HTML outside the allowlist."""

    message: str
    fix: str
    field: str  # what the webmaster typed: the element, the attribute, the link
    value: str
    needle: str  # text to look for in the Markdown source, to find the line
    needle_is_word: bool = False


# --- attribute values ------------------------------------------------------------------------

def _url(value: str) -> str:
    """The URL as a browser reads it: entities decoded (done by the parser), tabs and newlines
    removed, control characters and spaces stripped at both ends."""
    return _URL_IGNORED.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                              "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                              "\x1d\x1e\x1f ")


def _scheme(url: str) -> str | None:
    found = _SCHEME.match(url)
    return found.group(1).lower() if found else None


def value_problem(tag: str, attribute: str, value: str) -> tuple[str, str] | None:
    """(message, fix) when ``value`` is not allowed for ``attribute`` of ``tag`` (both allowed as
    such); None when it is. Used by the check and by nh3's attribute filter alike."""
    if attribute == "id":
        if value.lower().startswith(RESERVED_ID_PREFIXES) or not value.strip():
            return ("id 为空，或以 gk-、md-、__ 开头，会与网站页面自身的 id 冲突",
                    "换一个不以 gk-、md-、__ 开头的 id")
        return None
    if attribute == "class":
        bad = [c for c in value.split() if c not in CLASSES and not _LANGUAGE_CLASS.fullmatch(c)]
        if "mermaid" in (c.lower() for c in bad):
            return ("class“mermaid”会让网站从其他网站（unpkg.com）加载 mermaid 脚本来画图",
                    "删除该 class；流程图请做成图片（PNG 等）放进 content 文件夹，用相对路径引用")
        if bad:
            return (f"class“{' '.join(bad)}”不在允许的范围内（只允许提示框 admonition 等 Markdown 扩展生成的 class）",
                    "删除该 class；允许的 class 见手册“正文中的 HTML”一章")
        return None
    if attribute == "style":
        if tag in ("th", "td") and _TEXT_ALIGN.fullmatch(value):
            return None
        return ("style 属性只允许用于表格单元格的对齐（text-align），其他样式由网站统一提供",
                "删除 style 属性；表格列的对齐用 Markdown 表格分隔行的冒号（:--- 左、:---: 中、---: 右）")
    if attribute == "href":
        url = _url(value)
        scheme = _scheme(url)
        if scheme is None or scheme in LINK_SCHEMES:
            return None
        return (f"链接使用了不允许的协议“{scheme}:”（只允许 http、https、mailto、tel 或相对路径）",
                "改为 https://… 网址、mailto:邮箱、tel:电话，或 content 中文件的相对路径")
    if attribute == "src":
        url = _url(value)
        parts = urlsplit(url.replace("\\", "/"))
        if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or not url:
            where = f"来自其他网站（{parts.netloc}）" if parts.netloc else "不是相对路径"
            return (f"图片地址{where}：读者打开页面时浏览器会向其他地址发出请求，发布后也可能失效",
                    "把图片文件放进 content 文件夹（如本文件旁的 images/），用相对路径引用，如 ![说明](images/图1.png)")
        return None
    if attribute in ("colspan", "rowspan", "span", "start", "value", "width", "height"):
        if _NUMBER.fullmatch(value.strip()):
            return None
        return (f"{attribute} 的值必须是数字", f"写成数字，如 {attribute}=\"2\"")
    if attribute == "scope":
        return None if value.lower() in ("row", "col", "rowgroup", "colgroup") else (
            "scope 只能是 row、col、rowgroup 或 colgroup", "改为 row 或 col")
    if attribute == "target":
        return None if value in ("_blank", "_self") else (
            "target 只能是 _blank（新窗口）或 _self", "改为 _blank，或删除该属性")
    if attribute == "rel":
        bad = [r for r in value.lower().split() if r not in ("noopener", "noreferrer", "nofollow", "external")]
        return (f"rel 的值“{' '.join(bad)}”不被允许", "只写 noopener noreferrer") if bad else None
    if attribute == "type":  # ol
        return None if value in ("1", "a", "A", "i", "I") else ("type 只能是 1、a、A、i 或 I", "删除该属性")
    if attribute == "dir":
        return None if value.lower() in ("ltr", "rtl", "auto") else ("dir 只能是 ltr、rtl 或 auto", "删除该属性")
    if attribute == "lang":
        return None if re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", value) else (
            "lang 不是语言代码", "写成 zh-CN、en 等，或删除该属性")
    if attribute in ("open", "reversed"):
        return None
    return None  # title, alt, headers, abbr: text


def allowed_attribute(tag: str, attribute: str) -> bool:
    return attribute in GLOBAL_ATTRIBUTES or attribute in ATTRIBUTES.get(tag, ())


# --- the check -------------------------------------------------------------------------------

class _Reader(HTMLParser):
    """Names every element and attribute outside the allowlist, and records the HTML as a list
    of events for the comparison with nh3's output."""

    def __init__(self, record: bool):
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self.events: list[tuple] = []
        self.record = record
        self.stack: list[str] = []
        self.too_deep = False

    # events: ("<", tag, attributes) for start tags, ("t", text), ("!", comment); end tags are left
    # out (html5ever adds the ones HTML lets authors omit); tbody/colgroup html5ever may add itself
    def _event(self, event: tuple) -> None:
        if self.record:
            self.events.append(event)

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag in TAGS and tag not in VOID and not self.too_deep:
            self.stack.append(tag)
            if len(self.stack) > MAX_HTML_DEPTH:
                self.too_deep = True
                self.findings.append(Finding(
                    f"HTML 元素嵌套超过 {MAX_HTML_DEPTH} 层（或有大量没有结束标签的元素）",
                    "减少嵌套，补上缺少的结束标签", "HTML 元素", f"<{tag}>", f"<{tag}"))

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)

    def _start(self, tag, attrs):
        if tag not in ("tbody", "colgroup"):
            self._event(("<", tag, tuple(sorted((n, v or "") for n, v in attrs))))
        if tag not in TAGS:
            why = _REFUSED_WHY.get(tag, "不在允许的元素之列")
            self.findings.append(Finding(
                f"正文不允许使用 HTML 元素 <{tag}>（{why}）",
                "删除该元素" + ("及其内容" if tag in ("script", "style", "iframe", "object", "svg", "math") else
                               "，改用 Markdown 写法（允许的元素见手册“正文中的 HTML”一章）"),
                "HTML 元素", f"<{tag}>", f"<{tag}"))
            return
        names = [n for n, _ in attrs]
        for name, value in attrs:
            value = value or ""
            shown = f"{name}=\"{value}\"" if value else name
            if not allowed_attribute(tag, name):
                if name.startswith("on"):
                    why = "事件处理属性会在读者的浏览器中运行脚本"
                elif name in ("srcset", "poster", "background", "action", "formaction", "data", "xlink:href", "ping"):
                    why = "会让浏览器向其他地址发出请求"
                else:
                    why = "不在允许的属性之列"
                self.findings.append(Finding(f"<{tag}> 不允许使用属性 {name}（{why}）", _ATTRIBUTE_FIX,
                                             "HTML 属性", shown, name, needle_is_word=True))
                continue
            problem = value_problem(tag, name, value)
            if problem:
                is_url = name in ("href", "src")
                needle = value if is_url else ("mermaid" if "mermaid" in problem[0] else name)
                self.findings.append(Finding(
                    f"<{tag}> 的 {name}：{problem[0]}", problem[1], "HTML 属性", shown, needle,
                    needle_is_word=not is_url))
        if names.count("target") and dict(attrs).get("target") == "_blank":
            rel = (dict(attrs).get("rel") or "").lower().split()
            if "noopener" not in rel:
                self.findings.append(Finding(
                    "<a> 的 target=\"_blank\" 没有同时写 rel=\"noopener\"，新窗口中的页面可以改写本页",
                    "加上 rel=\"noopener noreferrer\"，或删除 target", "HTML 属性", "target=\"_blank\"",
                    "target", needle_is_word=True))
        if len(set(names)) != len(names):
            self.findings.append(Finding("同一元素中有重复的属性", "删除重复的属性",
                                         "HTML 元素", f"<{tag}>", f"<{tag}"))

    def handle_endtag(self, tag):
        if tag in VOID or tag not in TAGS or self.too_deep:
            return
        if tag not in self.stack:
            self.findings.append(Finding(
                f"多余的结束标签 </{tag}>（前面没有对应的 <{tag}>），会打乱页面结构",
                f"删除 </{tag}>，或补上对应的开始标签", "HTML 元素", f"</{tag}>", f"</{tag}"))
            return
        while self.stack:
            top = self.stack.pop()
            if top == tag:
                break
            if top not in OPTIONAL_END:
                self._unclosed(top)

    def _unclosed(self, tag):
        self.findings.append(Finding(
            f"<{tag}> 没有结束标签 </{tag}>，会打乱页面结构", f"在适当位置补上 </{tag}>",
            "HTML 元素", f"<{tag}>", f"<{tag}"))

    def handle_data(self, data):
        self._event(("t", data))

    def handle_comment(self, data):
        self._event(("!", data))

    def handle_decl(self, decl):
        self._declaration(f"<!{decl}>")

    def unknown_decl(self, data):
        self._declaration(f"<![{data}]>")

    def handle_pi(self, data):
        self._declaration(f"<?{data}>")

    def _declaration(self, text):
        self.findings.append(Finding("正文不允许使用 HTML 声明或处理指令", "删除它", "HTML 元素", text[:40], text[:20]))

    def finish(self) -> None:
        self.close()
        if not self.too_deep:
            for tag in reversed(self.stack):
                if tag not in OPTIONAL_END:
                    self._unclosed(tag)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if not allowed_attribute(tag, attribute):
        return None
    return None if value_problem(tag, attribute, value) else value


_NH3_OPTIONS: dict = {
    "tags": set(TAGS), "clean_content_tags": {"script", "style"},
    "attributes": {"*": set(GLOBAL_ATTRIBUTES), **{t: set(a) for t, a in ATTRIBUTES.items()}},
    "attribute_filter": _attribute_filter, "url_schemes": set(LINK_SCHEMES), "link_rel": None,
    "strip_comments": False,
}
# Configured once: nh3.clean() builds the sanitizer anew on every call (a tenth of the body
# check's time per page). Same options, same output.
_CLEANER = nh3.Cleaner(**_NH3_OPTIONS) if hasattr(nh3, "Cleaner") else None


def clean(html: str) -> str:
    """The HTML with everything outside the allowlist removed, by nh3."""
    if _CLEANER is not None:
        return _CLEANER.clean(html)
    return nh3.clean(html, **_NH3_OPTIONS)  # nh3 before 0.3.x's Cleaner


_SPACE = re.compile(r"[ \t\n\r\f]+")


def _normalised(events: list[tuple]) -> list[tuple]:
    out: list[tuple] = []
    for event in events:
        if event[0] == "t":
            if out and out[-1][0] == "t":
                out[-1] = ("t", out[-1][1] + event[1])
            else:
                out.append(event)
        else:
            out.append(event)
    result: list[tuple] = []
    for event in out:
        if event[0] == "t":
            text = _SPACE.sub(" ", event[1]).strip()
            if text:
                result.append(("t", text))
        elif event[0] == "<":
            attrs = tuple((n, _SPACE.sub(" ", v).strip()) for n, v in event[2])
            result.append(("<", event[1], attrs))
        else:
            result.append(event)
    return result


def _events(html: str) -> list[tuple]:
    reader = _Reader(record=True)
    reader.feed(html)
    reader.close()
    return _normalised(reader.events)


def findings_in(html: str) -> list[Finding]:
    """Everything in ``html`` outside the allowlist; an empty list means nh3 leaves ``html``
    as it is (but for the spelling of the markup)."""
    cleaned = None
    if len(html) < 200 * MAX_HTML_DEPTH or "<" not in html:  # small enough for nh3 whatever its nesting
        cleaned = clean(html)
    same = cleaned == html  # the common case (Markdown's own HTML): no second parse needed
    if same and _nothing_nh3_keeps(html):
        return []
    reader = _Reader(record=not same)
    reader.feed(html)
    reader.finish()
    if reader.findings or same:
        return reader.findings
    ours, theirs = _normalised(reader.events), _events(cleaned if cleaned is not None else clean(html))
    if ours != theirs:
        first = _first_difference(ours, theirs)
        return [Finding("这段 HTML 写法不规范，浏览器对它的解读与检查时不同（可能被利用来绕过检查）",
                        "把这段 HTML 改写为规范写法（标签成对、属性加引号、块级元素单独成行），或改用 Markdown 写法",
                        "HTML", first, first[:20])]
    return []


# A tag of html5ever's serialization (every attribute value double-quoted, < in text written &lt;)
# or a comment; what the depth count reads.
_SERIALIZED_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)(?:[^>\"]|\"[^\"]*\")*>", re.S)


def _nothing_nh3_keeps(html: str) -> bool:
    """True when ``html``, which nh3 leaves as it is (so it is nh3's own serialization: every tag
    and attribute allowed, every element closed), holds none of the two things the allowlist
    refuses and nh3 does not remove: target="_blank" without rel="noopener", and elements nested
    deeper than MAX_HTML_DEPTH. Then _Reader would find nothing, and need not read it (html.parser
    was a tenth of the build's CPU)."""
    if "target" in html:
        return False  # rare in bodies: _Reader decides
    if html.count("<") <= MAX_HTML_DEPTH:
        return True  # fewer tags than the limit: never nested deeper
    depth = 0
    for match in _SERIALIZED_TAG.finditer(html):
        name = match.group(2)
        if name is None or name.lower() in VOID:
            continue  # a comment, or an element without content
        if match.group(1):
            depth -= 1
        else:
            depth += 1
            if depth > MAX_HTML_DEPTH:
                return False
    return True


def _first_difference(ours: list[tuple], theirs: list[tuple]) -> str:
    # the shorter list may be a prefix of the longer: the tail is handled below
    for a, b in zip(ours, theirs, strict=False):
        if a != b:
            return _show(a)
    longer = ours if len(ours) > len(theirs) else theirs
    return _show(longer[min(len(ours), len(theirs))]) if longer else ""


def _show(event: tuple) -> str:
    if event[0] == "<":
        return f"<{event[1]}" + "".join(f" {n}=\"{v}\"" for n, v in event[2]) + ">"
    if event[0] == "!":
        return f"<!--{event[1][:30]}"
    return event[1][:40]


# --- reporting -------------------------------------------------------------------------------

def check_body(src: str, body: str, body_line: int, html: str, problems: Problems) -> bool:
    """Report everything in ``html`` (rendered from the Markdown ``body`` of ``src``, whose first
    line is line ``body_line`` of the file) outside the allowlist. True when there was nothing."""
    findings = findings_in(html)
    if not findings:
        return True
    lines = _Lines(body)
    for finding in findings[:MAX_FINDINGS]:
        number = lines.find(finding)
        problems.error(src, finding.message, finding.fix,
                       line=body_line + number if number is not None else None,
                       field=finding.field, value=finding.value)
    if len(findings) > MAX_FINDINGS:
        problems.error(src, f"正文中还有 {len(findings) - MAX_FINDINGS} 处不允许的 HTML 未逐条列出",
                       "先改正上面列出的各处，再重新检查")
    return False


class _Lines:
    """Finds where in the Markdown source a finding comes from: successive findings with the
    same text are looked for after one another. Entities are decoded first (java&#115;cript:)."""

    def __init__(self, body: str):
        self.lines = [htmllib.unescape(line).lower() for line in body.splitlines()]
        self.after: dict[str, tuple[int, int]] = {}

    def find(self, finding: Finding) -> int | None:
        needle = finding.needle.lower()
        if not needle:
            return None
        pattern = re.compile((r"(?<![\w-])" + re.escape(needle) + r"(?![\w-])") if finding.needle_is_word
                             else re.escape(needle))
        start_line, start_col = self.after.get(needle, (0, 0))
        for number in range(start_line, len(self.lines)):
            found = pattern.search(self.lines[number], start_col if number == start_line else 0)
            if found:
                self.after[needle] = (number, found.end())
                return number
        if needle in self.after:  # more findings than occurrences (one line rendered twice): stay put
            return self.after[needle][0]
        return None


def bodies(column: Column, content_dir: Path):
    """(src, body, body_line) of every Markdown page the build renders: the documents (an annual
    report's as its page arranges it, annualreport/body.py) and the landing page."""
    for doc in column.documents:
        yield doc.src, page_markdown(doc, column), doc.body_line
    if column.tree is not None and LANDING in column.tree.markdown:  # the safe walk's: never a link
        try:
            text = read_text(content_dir / LANDING)
        except YamlError:
            return  # reported by the link check
        _, body, body_line = split_front_matter(text)
        yield LANDING, body, body_line


def check_column_limits(column: Column, content_dir: Path, memo: FileMemo | None = None) -> None:
    """The limits of every body the build renders, before anything is rendered (build and check).
    With a ``memo`` (``mkdocs serve``) a body seen by the last build is not scanned again."""
    for src, body, body_line in bodies(column, content_dir):
        check_limits(src, body, body_line, column.problems, memo)


# --- limits on the Markdown source -----------------------------------------------------------

MAX_BODY_CHARS = 200_000  # about 150 printed pages of Chinese text
MAX_LINES = 20_000
MAX_MARKS = 20_000  # characters that start Markdown or HTML markup: * _ [ ` < &
MAX_BLOCK_COST = 100_000_000  # characters × marks of one paragraph (Python-Markdown is quadratic in it)
MAX_NESTING = 20  # nested lists and quotes
MAX_INLINE_NESTING = 50  # nested emphasis and brackets
MAX_INCOMPLETE_TAGS = 200  # "<b" without ">": Python-Markdown's HTML reader is quadratic in them
_INCOMPLETE_TAG = re.compile(r"<[A-Za-z/][^<>\n]*(?=<|\n|$)")
_MARKS = re.compile(r"[*_\[`<&]")
_MARK_CHARACTERS = "*_[`<&"
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def outside_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(number from 0, line) of every line outside fenced code (``` or ~~~, closed by a fence of
    the same character at least as long): the one fence rule of the body checks and the link check."""
    fence = None
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield number, line
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
_EMPHASIS_RUN = re.compile(r"[*_]+")
_BRACKET_OR_ESCAPE = re.compile(r"\\[\s\S]?|[\[\]]")  # an escape with the character it escapes, or a bracket
# a line that starts a list item or a heading (after any quote markers and indentation)
_NEW_UNIT = re.compile(r"[ \t>]*(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]|$)|[ \t>]*#{1,6}(?:[ \t]|$)")
_TABLE_RULE = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?")  # on the stripped line
_HR = re.compile(r" {0,3}([-*_])( *\1){2,} *")


def check_limits(src: str, body: str, body_line: int, problems: Problems, memo: FileMemo | None = None) -> bool:
    """Report a body too large or too deeply nested to render in reasonable time; True when
    the body is within the limits. Linear in the size of the body."""
    found = limits_of(body) if memo is None else memo.text("limits", body, limits_of)
    for line, message, fix in found:
        problems.error(src, message, fix, line=body_line + line if line is not None else None, field="正文")
    return not found


def limits_of(body: str) -> list[tuple[int | None, str, str]]:
    """(line within the body or None, message, fix) for each limit ``body`` exceeds."""
    split_fix = "把正文拆分为几份文件，或把长表格、长清单作为附件（PDF、XLSX 等）发布"
    if len(body) > MAX_BODY_CHARS:
        return [(None, f"正文过长（{len(body)} 个字符，最多 {MAX_BODY_CHARS} 个）", split_fix)]
    lines = body.splitlines()
    if len(lines) > MAX_LINES:
        return [(None, f"正文行数过多（{len(lines)} 行，最多 {MAX_LINES} 行）", split_fix)]
    marks = sum(map(body.count, _MARK_CHARACTERS))  # as _MARKS.findall counts them, in a fifth of the time
    if marks > MAX_MARKS:
        return [
            (
                None,
                f"正文中的标记符号（* _ [ ` < &）过多（{marks} 个，最多 {MAX_MARKS} 个），生成页面会非常慢",
                split_fix,
            )
        ]
    # each incomplete tag starts with a <: fewer < than the limit, nothing to count
    incomplete = len(_INCOMPLETE_TAG.findall(body)) if body.count("<") > MAX_INCOMPLETE_TAGS else 0
    if incomplete > MAX_INCOMPLETE_TAGS:
        return [
            (
                None,
                f"正文中有 {incomplete} 处“<”后面紧跟字母却没有配对的“>”（不完整的 HTML 标签，最多 "
                f"{MAX_INCOMPLETE_TAGS} 处），"
                "生成页面会非常慢",
                "补全这些标签；作为符号使用的 < 写成 &lt; 或全角“＜”",
            )
        ]
    if _surely_within(body, marks):
        return []
    out: list[tuple[int | None, str, str]] = []
    # a unit is what Python-Markdown processes inline as one string: a paragraph, a list item, a
    # table row, a heading; its cost grows with length × markup (quadratic in Python-Markdown)
    unit = [0, 0, 0]  # first line, characters, marks
    previous = ""
    in_table = False
    inline = _InlineDepth()
    html_depth = 0

    def end_unit(next_line: int):
        nonlocal inline
        start, chars, marks = unit
        if chars * marks > MAX_BLOCK_COST:
            out.append((start, f"这一段过长且标记符号过多（{chars} 个字符、{marks} 个标记符号），生成页面会非常慢",
                        "在段落之间加空行，把这一段分成多段；或减少其中的 * _ [ 等标记"))
        unit[:] = [next_line, 0, 0]
        inline = _InlineDepth()

    for number, line in outside_fences(lines):
        if not line.strip():
            end_unit(number + 1)
            in_table = False
            previous = ""
            continue
        if "|" in previous and _TABLE_RULE.fullmatch(line.strip()):
            in_table = True
        if in_table or _NEW_UNIT.match(line):
            end_unit(number)
        previous = line
        unit[1] += len(line)
        unit[2] += len(_MARKS.findall(line))
        depth = _block_depth(line)
        if depth > MAX_NESTING:
            out.append((number, f"列表或引用嵌套过深（约 {depth} 层，最多 {MAX_NESTING} 层）",
                        "减少嵌套层级；正文的层次用“一、（一）1.（1）”等序号表示即可"))
            break
        if not _HR.fullmatch(line) and inline.add(line) > MAX_INLINE_NESTING:
            out.append((number, f"强调符号（* _）或方括号嵌套过深（超过 {MAX_INLINE_NESTING} 层）",
                        "删除多余的 * _ [ ]；需要照原样显示时在符号前加反斜杠，如 \\*"))
            break
        for tag in _HTML_TAG.finditer(line):
            closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
            if closing:
                html_depth = max(0, html_depth - 1)
            elif not self_closing and name not in VOID and name not in ("p", "li", "td", "th", "tr", "dt", "dd"):
                html_depth += 1
                if html_depth > MAX_HTML_DEPTH:
                    out.append((number, f"HTML 元素嵌套超过 {MAX_HTML_DEPTH} 层（或有大量没有结束标签的元素）",
                                "减少嵌套，补上缺少的结束标签"))
                    return out
    end_unit(len(lines))
    return out


# after a line break as str.splitlines() splits lines (not only \n); the body is searched with a
# line break put before it (a character class first: the regex engine skips ahead fast)
_DEEP_PREFIX = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029][ \t>]{" + str(MAX_NESTING + 1) + "}")


def _surely_within(body: str, marks: int) -> bool:
    """True when counts over the whole body show that no line or paragraph can pass the limits
    below (most bodies: a tenth of the time of going through their lines): a paragraph has no more
    characters and marks than the body; nesting needs as many brackets, * and _, or < as levels;
    a list or quote level needs a >, or four columns of at least one space or tab, at the line's start."""
    return (
        len(body) * marks <= MAX_BLOCK_COST
        and body.count("[") <= MAX_INLINE_NESTING
        and body.count("*") + body.count("_") <= MAX_INLINE_NESTING
        and body.count("<") <= MAX_HTML_DEPTH
        and _DEEP_PREFIX.search("\n" + body) is None
    )


def _block_depth(line: str) -> int:
    """Nesting of lists and quotes a line may open: four columns of indentation or one > each."""
    depth, columns = 0, 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        elif char == ">":
            depth += 1
        else:
            break
    return depth + columns // 4


class _InlineDepth:
    """The deepest nesting of brackets, or of emphasis opened and not yet closed, in a paragraph
    (fed line by line: Python-Markdown reads emphasis across the lines of a paragraph)."""

    def __init__(self):
        self.brackets = self.emphasis = self.deepest = 0

    def add(self, line: str) -> int:
        # Only the brackets and backslashes of the line, found by the regex engine: a char-by-char
        # loop was a third of the limits check. A backslash escapes the character after it.
        for found in _BRACKET_OR_ESCAPE.finditer(line):
            char = found.group()
            if char == "[":
                self.brackets += 1
                self.deepest = max(self.deepest, self.brackets)
            elif char == "]":
                self.brackets = max(0, self.brackets - 1)
        for run in _EMPHASIS_RUN.finditer(line):  # a run opens after a space and closes before one
            space_before = run.start() == 0 or line[run.start() - 1].isspace()
            space_after = run.end() == len(line) or line[run.end()].isspace()
            if space_before and not space_after:
                self.emphasis += len(run.group())
            elif space_after and not space_before:
                self.emphasis = max(0, self.emphasis - len(run.group()))
            self.deepest = max(self.deepest, self.emphasis)
        return self.deepest
