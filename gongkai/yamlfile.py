"""YAML reading shared by front matter, .meta.yml and site_config: UTF-8 checks, limits, line numbers.

A value means what its author typed (docs/documents.md, “值按原样读取”). YAML 1.1 would turn
``title: 2024.10`` into the number 2024.1, ``summary: 9:30`` into 570 (sexagesimal), ``title: yes``
into True and ``doc_no: 0017`` into the octal 15; none of that happens here:

* every plain (unquoted) scalar is the exact source text, as a :class:`Plain` string; a quoted or
  block scalar is a ``str``; an empty value, ``~`` and ``null`` are ``None`` ("no value");
* lists stay lists and mappings stay mappings (keys are text);
* a consumer that needs a date or a number parses the text itself (``dates.parse_day``, the
  annual-report tables), with a message for the webmaster when it is not one.

The document is built from the parser's events, not by PyYAML's constructor, so that anchors
(``&a``), aliases (``*a``), merge keys (``<<``) and explicit tags (``!!python/…``, ``!!str``, ``!x``)
are refused at their line before anything is built (a "billion laughs" file costs nothing), and
nesting deeper than :data:`MAX_DEPTH` is refused before it is built (never a RecursionError).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

# Only the parser is used (libyaml when present): it makes events, and this module makes values.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 10  # mapping/list levels; metadata needs 3, an annual report's tables 5
MAX_FILE_BYTES = 2 * 1024 * 1024  # a Markdown, .meta.yml or site_config file (real ones: 5–35 KB)
MAX_FRONT_MATTER_BYTES = 64 * 1024  # the front matter of one file (an annual report's: about 3 KB)
NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # plain scalars meaning "no value"

ENCODING_FIX = "用编辑器（如记事本“另存为”）把文件保存为 UTF-8 编码后再提交"
SIZE_FIX = "把内容拆分为几个文件；大量数据、表格或扫描件做成附件（attachments）而不要写进正文"
SYNTAX_FIX = "修正 YAML 语法：冒号后加空格，含冒号或 # 的值用引号括起来"


class Plain(str):
    """A scalar typed without quotes, kept as the exact text of the source.

    It is an ordinary ``str`` to every consumer (``str(value)`` and ``value.strip()`` give plain
    ``str``); only a reader of numbers asks whether a value was quoted (``"12"`` in an annual-report
    table is text by intent, ``12`` is a number).
    """

    __slots__ = ()


class YamlError(ValueError):
    def __init__(self, message: str, line: int | None = None, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.fix = fix  # what to do, when it is not "fix the YAML syntax"


def format_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 file (BOM and CRLF accepted); raise YamlError for another encoding or a file
    over ``limit`` bytes (read no further than the limit: a huge file costs nothing)."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
        if len(data) > limit:
            import os

            size = os.fstat(handle.fileno()).st_size
            raise YamlError(f"文件有 {format_size(size)}，超过上限 {format_size(limit)}", fix=SIZE_FIX)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = "，看起来是 GBK/GB18030 编码" if _looks_like_gbk(data) else ""
        raise YamlError(f"文件不是 UTF-8 编码{hint}（第 {exc.start} 字节无法解码）", fix=ENCODING_FIX) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_front_matter_size(front: str, line: int = 1) -> None:
    """Raise YamlError when a front matter exceeds MAX_FRONT_MATTER_BYTES."""
    if len(front) * 4 <= MAX_FRONT_MATTER_BYTES:
        return  # cheap bound: a character is at most 4 bytes in UTF-8
    size = len(front.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise YamlError(f"元数据（front matter）有 {format_size(size)}，超过上限 {format_size(MAX_FRONT_MATTER_BYTES)}",
                        line, "元数据只写“键: 值”；长的文字写进正文，大量数据做成附件（attachments）")


def _looks_like_gbk(data: bytes) -> bool:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


@dataclass
class Mapping:
    """A top-level YAML mapping with the line (1-based, in the file) of each key."""

    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)  # (key, line)


def load_mapping(text: str, first_line: int = 1) -> Mapping:
    """Parse ``text`` as a YAML mapping; ``first_line`` is the file line where ``text`` starts."""
    parser = _Parser(text)
    try:
        return _Builder(parser, first_line).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.problem_mark and exc.problem_mark.index >= len(text.rstrip()):
            mark = exc.context_mark  # an unclosed quote or bracket: where it was opened
        line = first_line + mark.line if mark else None
        message, fix = _syntax_message(exc.problem or exc.context or "")
        raise YamlError(message, line, fix) from None
    except yaml.reader.ReaderError as exc:  # a control character; never the parser's English
        line = first_line + text.count("\n", 0, max(0, exc.position))
        raise YamlError(f"含有不可见的控制字符 U+{exc.character:04X}", line,
                        "删除该字符（常见于从其他系统复制的文字），重新输入这一行") from None
    except yaml.YAMLError:
        raise YamlError("YAML 语法错误，无法读取", fix=SYNTAX_FIX) from None
    finally:
        parser.dispose()


# The parser's problems (libyaml and PyYAML wording), in the webmaster's words.
_SYNTAX = (
    ("maximum nesting depth", f"嵌套超过 {MAX_DEPTH} 层", "减少缩进层级：元数据只需要“键: 值”、列表和几层映射"),
    ("tab character", "缩进用了 Tab", "缩进只用空格，不用 Tab"),
    ("mapping values are not allowed", "值里有“: ”（冒号加空格），或这一行缩进不一致",
     "含冒号的值用引号括起来，例如 summary: \"时间: 9:30\"；同一级的键左端对齐"),
    ("cannot start any token", "值以 YAML 保留的字符开头（如 @、`、%），或缩进用了 Tab",
     "把值用引号括起来；缩进只用空格"),
    ("unexpected end of stream", "引号没有闭合（直到末尾也没有配对的引号）", "补上配对的引号，或去掉值开头的引号"),
    ("expected ',' or ']'", "以 [ 开头的值被当作列表，但方括号没有配对或缺少逗号",
     "文字用引号括起来，例如 title: \"[试行]办法\"；列表写成 [甲, 乙]"),
    ("expected ',' or '}'", "以 { 开头的值被当作映射，但花括号没有配对或缺少逗号",
     "文字用引号括起来；映射写成 {file: 路径, title: 名称}"),
    ("unknown escape character", "双引号中的反斜杠“\\”不是有效的转义", "改用单引号括起来，或把 \\ 写成 \\\\"),
    ("alphabetic or numeric character", "以 * 或 & 开头的值会被当作 YAML 别名或锚点", "把值用引号括起来"),
    ("expected '-' indicator", "列表缩进不一致", "列表各项以“- ”开头并左端对齐；列表之后的键与上一级的键对齐"),
    ("did not find expected key", "一个值之后还有多余的文字，或缩进不一致",
     "以引号或括号开头的值整体用引号括起来；同一级的键左端对齐"),
    ("expected <block end>", "缩进不一致", "同一级的键左端对齐，缩进只用空格"),
    ("could not find expected ':'", "缺少“键: 值”中的冒号", "每行写“键: 值”：英文冒号“:”后加一个空格，不用中文冒号“：”"),
    ("tag", "不支持 YAML 标签", "删除以 ! 开头的标签，或把值用引号括起来"),
)


def _syntax_message(problem: str) -> tuple[str, str]:
    for needle, message, fix in _SYNTAX:
        if needle in problem:
            return "YAML 语法错误：" + message, fix
    return "YAML 语法错误，无法读取这一行", SYNTAX_FIX


def load_file(path: Path) -> Mapping:
    return load_mapping(read_text(path))


class _Builder:
    """Values from parser events; refuses what a webmaster's file has no need of."""

    def __init__(self, parser, first_line: int):
        self.parser, self.first_line = parser, first_line

    def line(self, event) -> int:
        return self.first_line + event.start_mark.line

    def document(self) -> Mapping:
        parser = self.parser
        parser.get_event()  # StreamStart
        if parser.check_event(yaml.StreamEndEvent):
            return Mapping()
        parser.get_event()  # DocumentStart
        event = parser.peek_event()
        result = Mapping()
        if isinstance(event, yaml.MappingStartEvent):
            self.refuse_marks(parser.get_event())
            while not parser.check_event(yaml.MappingEndEvent):
                key_event = parser.peek_event()
                key = self.key()
                value = self.value(2)
                line = self.line(key_event)
                if key in result.values:
                    result.duplicates.append((key, line))
                result.values[key] = value
                result.lines[key] = line
            parser.get_event()
        else:
            value = self.value(1)
            if value is not None:
                raise YamlError("内容应是“键: 值”形式的映射", self.line(event),
                                "每行写“键: 值”：英文冒号“:”后加一个空格，不用中文冒号“：”")
        parser.get_event()  # DocumentEnd
        if not parser.check_event(yaml.StreamEndEvent):
            raise YamlError("只能写一组“键: 值”，不能用 --- 分出第二部分", self.line(parser.peek_event()),
                            "删除多余的 --- 行，把各项合并到一处")
        return result

    def refuse_marks(self, event) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(f"不支持 YAML 别名“*{event.anchor}”", self.line(event),
                            f"把 *{event.anchor} 换成要写的值本身（多个文件共用的值写在文件夹的 .meta.yml 中）；"
                            "若 * 是文字的一部分，把整个值用引号括起来")
        if event.anchor is not None:
            raise YamlError(f"不支持 YAML 锚点“&{event.anchor}”", self.line(event),
                            f"删除 &{event.anchor}，各处直接写出值（多个文件共用的值写在文件夹的 .meta.yml 中）；"
                            "若 & 是文字的一部分，把整个值用引号括起来")
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)  # as typed: !!str, not tag:yaml.org,…
            raise YamlError(f"不支持 YAML 标签“{tag}”", self.line(event),
                            "删除标签：值总是按所写的文字读取，不需要标注类型；若 ! 是文字的一部分，把整个值用引号括起来")

    def key(self) -> str:
        event = self.parser.get_event()
        self.refuse_marks(event)
        if not isinstance(event, yaml.ScalarEvent):
            raise YamlError("键应是一段文字，不能是列表或映射", self.line(event), "每行写“键: 值”，键是字段名")
        plain = event.style in (None, "")
        if plain and event.value == "<<":
            raise YamlError("不支持 YAML 合并键“<<”", self.line(event), "把要合并的键逐个写出来")
        if plain and event.value in NULLS:
            raise YamlError("键为空", self.line(event), "在冒号前写字段名，例如 title: 标题")
        return str(event.value)

    def value(self, depth: int):
        event = self.parser.get_event()
        self.refuse_marks(event)
        if isinstance(event, yaml.ScalarEvent):
            if event.style in (None, ""):
                return None if event.value in NULLS else Plain(event.value)
            return str(event.value)
        if depth > MAX_DEPTH:
            raise YamlError(f"嵌套超过 {MAX_DEPTH} 层", self.line(event),
                            "减少缩进层级：元数据只需要“键: 值”、列表和几层映射")
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not self.parser.check_event(yaml.SequenceEndEvent):
                items.append(self.value(depth + 1))
            self.parser.get_event()
            return items
        mapping = {}  # a MappingStartEvent; a nested repeated key: the last one wins (annualreport reports it)
        while not self.parser.check_event(yaml.MappingEndEvent):
            key = self.key()
            mapping[key] = self.value(depth + 1)
        self.parser.get_event()
        return mapping
