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

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeAlias

import yaml

from . import yamlmessages

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


# A value as read (see the module's docstring): text (Plain or str), None, a list or a mapping.
Value: TypeAlias = "str | list[Value] | dict[str, Value] | None"


class _Position(Protocol):
    """Where an event is in the text (PyYAML's and libyaml's marks alike), 0-based."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class _Events(Protocol):
    """The parser's event interface (PyYAML's SafeLoader and libyaml's CSafeLoader alike)."""

    def check_event(self, *choices: type[yaml.Event]) -> bool: ...

    def peek_event(self) -> yaml.Event: ...

    def get_event(self) -> yaml.Event: ...


def _start(event: yaml.Event) -> _Position:
    # the parser gives every event its marks; the stubs allow None for hand-made events
    assert event.start_mark is not None
    return event.start_mark


def _end(event: yaml.Event) -> _Position:
    assert event.end_mark is not None
    return event.end_mark


@dataclass
class Mapping:
    """A top-level YAML mapping with the line (1-based, in the file) of each key."""

    values: dict[str, Value] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (key, line)


# NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR: line breaks to YAML 1.1, ordinary characters to editors
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


def load_mapping(text: str, first_line: int = 1) -> Mapping:
    """Parse ``text`` as a YAML mapping; ``first_line`` is the file line where ``text`` starts."""
    breaks = _YAML_ONLY_BREAKS.search(text)
    if breaks:
        # YAML reads these as line breaks and folds them into a space: the value would silently
        # differ from what the file shows (nothing is silently changed)
        raise YamlError(f"含有特殊换行符 U+{ord(breaks.group(0)):04X}（YAML 把它当作换行，值会被改变）",
                        first_line + text.count("\n", 0, breaks.start()),
                        "删除该字符（常见于从网页或其他系统复制的文字），重新输入这一行") from None
    parser = _Parser(text)
    try:
        return _Builder(parser, first_line, text).document()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(text, first_line, exc) from None
    except yaml.reader.ReaderError as exc:  # a control character; never the parser's English
        line = first_line + text.count("\n", 0, max(0, exc.position))
        raise YamlError(f"含有不可见的控制字符 U+{exc.character:04X}", line,
                        "删除该字符（常见于从其他系统复制的文字），重新输入这一行") from None
    except yaml.YAMLError:
        raise YamlError("YAML 语法错误，无法读取", fix=SYNTAX_FIX) from None
    finally:
        parser.dispose()


def _syntax_error(text: str, first_line: int, exc: yaml.MarkedYAMLError) -> YamlError:
    """The mistake, found in the source (yamlmessages), at its real line and column; the parser's
    English is never shown."""
    problem = exc.problem or exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    if "maximum nesting depth" in problem:  # a limit of the reader, not a typing mistake
        return YamlError(f"嵌套超过 {MAX_DEPTH} 层", first_line + mark.line if mark else None,
                         "减少缩进层级：元数据只需要“键: 值”、列表和几层映射")
    problem_line = exc.problem_mark.line if exc.problem_mark else None
    context_line = exc.context_mark.line if exc.context_mark else None
    if exc.problem_mark and exc.problem_mark.index >= len(text.rstrip()):
        problem_line = None  # the end of the text: an unclosed quote or bracket is where it was opened
        mark = exc.context_mark or mark
    found = yamlmessages.diagnose(text, problem_line, context_line)
    if found is None and mark is not None:
        name = "indentation" if any(needle in problem for needle in _INDENTATION) else "other"
        found = yamlmessages.at_line(name, text, mark.line, mark.column)
    if found is None:
        return YamlError("YAML 语法错误，无法读取", fix=SYNTAX_FIX)
    message, line, fix = found.explain(first_line)
    return YamlError(message, line, fix)


# The parser's problems (libyaml and PyYAML wording) that, with no mistake found in the source,
# mean that a line is not aligned with the lines of its level.
_INDENTATION = ("mapping values are not allowed", "expected <block end>", "expected '-' indicator",
                "did not find expected key", "could not find expected ':'")


def load_file(path: Path) -> Mapping:
    return load_mapping(read_text(path))


class _Builder:
    """Values from parser events; refuses what a webmaster's file has no need of."""

    def __init__(self, parser: _Events, first_line: int, text: str = ""):
        self.parser, self.first_line = parser, first_line
        self.lines = text.split("\n")
        self.text = text

    def mistake(self, found: yamlmessages.Found) -> YamlError:
        message, line, fix = found.explain(self.first_line)
        return YamlError(message, line, fix)

    def line(self, event: yaml.Event) -> int:
        return self.first_line + _start(event).line

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
                value = self.value(2, key_event)
                line = self.line(key_event)
                if key in result.values:
                    result.duplicates.append((key, line))
                result.values[key] = value
                result.lines[key] = line
            parser.get_event()
        else:
            value = self.value(1)
            if value is not None:
                last = max((n for n, text in enumerate(self.lines) if text.strip()), default=0)
                found = yamlmessages.diagnose(self.text, last)  # e.g. the only line is “title：通知”
                if found is not None:
                    raise self.mistake(found)
                raise YamlError("内容应是“键: 值”形式的映射", self.line(event),
                                "每行写“键: 值”：英文冒号“:”后加一个空格，不用中文冒号“：”")
        parser.get_event()  # DocumentEnd
        if not parser.check_event(yaml.StreamEndEvent):
            raise YamlError("只能写一组“键: 值”，不能用 --- 分出第二部分", self.line(parser.peek_event()),
                            "删除多余的 --- 行，把各项合并到一处")
        return result

    def refuse_marks(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(f"不支持 YAML 别名“*{event.anchor}”", self.line(event),
                            f"把 *{event.anchor} 换成要写的值本身（多个文件共用的值写在文件夹的 .meta.yml 中）；"
                            "若 * 是文字的一部分，把整个值用引号括起来")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise YamlError(f"不支持 YAML 锚点“&{event.anchor}”", self.line(event),
                            f"删除 &{event.anchor}，各处直接写出值（多个文件共用的值写在文件夹的 .meta.yml 中）；"
                            "若 & 是文字的一部分，把整个值用引号括起来")
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)  # as typed: !!str, not tag:yaml.org,…
            raise YamlError(
                f"不支持 YAML 标签“{tag}”",
                self.line(event),
                "删除标签：值总是按所写的文字读取，不需要标注类型；若 ! 是文字的一部分，把整个值用引号括起来",
            )

    def key(self) -> str:
        event = self.parser.get_event()
        self.refuse_marks(event)
        if not isinstance(event, yaml.ScalarEvent):
            raise YamlError("键应是一段文字，不能是列表或映射", self.line(event), "每行写“键: 值”，键是字段名")
        plain = event.style in (None, "")
        if plain and event.value[:1] == "\u3000":  # YAML reads it as text: the line would leave its list
            raise self.mistake(yamlmessages.at_line("fullwidth_space_indent", self.text, _start(event).line,
                                                    _start(event).column))
        if plain and event.value == "<<":
            raise YamlError("不支持 YAML 合并键“<<”", self.line(event), "把要合并的键逐个写出来")
        if plain and event.value in NULLS:
            raise YamlError("键为空", self.line(event), "在冒号前写字段名，例如 title: 标题")
        return str(event.value)

    def value(self, depth: int, key_event: yaml.Event | None = None) -> Value:
        event = self.parser.get_event()
        self.refuse_marks(event)
        if key_event is not None:
            self.check_gap(key_event, event)
        if isinstance(event, yaml.ScalarEvent):
            if event.style in (None, ""):
                self.check_comment(event)
                return None if event.value in NULLS else Plain(event.value)
            return str(event.value)
        if depth > MAX_DEPTH:
            raise YamlError(f"嵌套超过 {MAX_DEPTH} 层", self.line(event),
                            "减少缩进层级：元数据只需要“键: 值”、列表和几层映射")
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Value] = []
            while not self.parser.check_event(yaml.SequenceEndEvent):
                items.append(self.value(depth + 1))
            self.parser.get_event()
            return items
        # a MappingStartEvent; a nested repeated key: the last one wins (annualreport reports it)
        mapping: dict[str, Value] = {}
        while not self.parser.check_event(yaml.MappingEndEvent):
            key_event = self.parser.peek_event()
            key = self.key()
            mapping[key] = self.value(depth + 1, key_event)
        self.parser.get_event()
        return mapping

    def check_gap(self, key_event: yaml.Event, value_event: yaml.Event) -> None:
        """A Tab between a key and its value: libyaml reads it, PyYAML's own parser refuses it; it
        is refused here too, so that the verdict does not depend on which one is installed."""
        start, end = _end(key_event), _start(value_event)
        if start.line != end.line:
            return
        gap = self.lines[start.line][start.column:end.column]
        if "\t" in gap:
            line = self.lines[start.line]
            found = yamlmessages.at_line("tab_after_colon", self.text, start.line, start.column + gap.index("\t"),
                                         fixed=line[:start.column] + ": " + line[end.column:].rstrip())
            raise self.mistake(found)

    def check_comment(self, event: yaml.ScalarEvent) -> None:
        """`` #`` after an unquoted value starts a comment: the text after it would be lost unseen
        (``doc_no: 示政办发〔2024〕3号 #已废止``, ``title: 第 #3 号``, ``doc_no: #3``). A comment set
        apart by two spaces or more and a space after the “#” is a comment by intent (the annual
        report's tables, docs/annual-reports.md: ``行政许可: 1523      # 本年处理决定数量``)."""
        end = _end(event)
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        hash_mark = re.match(r"[ \t]+#", rest)
        if hash_mark and (hash_mark.end() == 2 or rest[hash_mark.end():hash_mark.end() + 1] not in ("", " ")):
            start = _start(event).column if _start(event).line == end.line else end.column
            raise self.mistake(yamlmessages.hash_found(self.text, end.line, start, end.column + hash_mark.end() - 1))
