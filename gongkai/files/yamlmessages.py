"""YAML mistakes as a webmaster makes them: the one table of causes and fixes, and their diagnosis.

Every YAML syntax message of gongkai comes from :data:`CAUSES`, and the table in
docs/troubleshooting.md is generated from it (:func:`docs_table`; tests/test_troubleshooting_docs.py
fails when the two differ; ``python -m gongkai.files.yamlmessages docs/troubleshooting.md`` rewrites it).

The cause is found by reading the source line, not by translating the parser's English: the
parser's mark is often a line late (a full-width colon turns ``published：2024-03-01`` into the
start of a text that only fails on the next line) and its wording names tokens, not mistakes. The
parser's mark only says where to start looking: its own line and the line it names as context
first, then, for mistakes that make a line silently continue the one before, the lines above.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cause:
    name: str
    title: str  # the cause in a few words (docs table)
    message: str  # after “第 L 行第 C 列：”; str.format fields from the diagnosis
    fix: str  # str.format fields from the diagnosis
    example: str  # a front matter (without the --- lines) holding the mistake, for the docs and tests
    carried: bool = False  # the parser fails on a later line: look for it above the parser's mark


CAUSES = {cause.name: cause for cause in (
    Cause("fullwidth_colon", "全角冒号",
          "键和值之间用了全角冒号“：”",
          "把“：”改为“: ”（英文冒号加一个空格），即 {fixed}",
          "title: 关于示例事项的通知\npublished：2024-03-01\nsummary: 示例\n", carried=True),
    Cause("fullwidth_space_after_colon", "冒号后是全角空格",
          "冒号后用了全角空格“　”",
          "把冒号后的全角空格改为一个英文空格，即 {fixed}",
          "title:\u3000关于示例事项的通知\npublished: 2024-03-01\n", carried=True),
    Cause("fullwidth_space_indent", "缩进用了全角空格",
          "行首缩进用了全角空格“　”",
          "把行首的全角空格改为英文空格，与同一级的行左端对齐",
          "attachments:\n  - file: attachments/a.pdf\n  \u3000title: 附件\n", carried=True),
    Cause("tab_indent", "缩进用了 Tab",
          "行首缩进用了 Tab",
          "把行首的 Tab 改为英文空格，与同一级的行左端对齐",
          "attachments:\n\t- file: attachments/a.pdf\n"),
    Cause("tab_after_colon", "冒号后是 Tab",
          "冒号后用了 Tab",
          "把 Tab 改为一个英文空格，即 {fixed}（有的 YAML 程序接受 Tab、有的不接受，"
          "为使检查和构建在任何电脑上结论相同，一律不用 Tab）",
          "title:\t关于示例事项的通知\n"),
    Cause("no_space_after_colon", "冒号后缺少空格",
          "冒号后缺少空格",
          "在“:”后加一个空格，即 {fixed}",
          "title:关于示例事项的通知\npublished: 2024-03-01\n", carried=True),
    Cause("no_colon", "缺少冒号",
          "这一行没有“键: 值”中的冒号",
          "写成“键: 值”（英文冒号加一个空格），即 {fixed}",
          "title: 关于示例事项的通知\npublished 2024-03-01\nsummary: 示例\n"),
    Cause("brackets_in_list", "一行列表中的值含有“[ ]”",
          "一行列表 [ … ] 中的值含有方括号“[”，被当作列表中的列表",
          "{how}",
          "related: [示政办发[2026]23号]\n"),
    Cause("text_after_bracket", "值以“[”或“{”开头",
          "没有加引号的值以“{char}”开头，被当作{what}，“{close}”之后的文字无法读取",
          "给整个值加英文引号，即 {fixed}",
          "title: [试行]关于示例事项的办法\n"),
    Cause("unclosed_bracket", "“[”或“{”没有配对",
          "没有加引号的值以“{char}”开头，被当作{what}，但这一行没有配对的“{close}”",
          "给整个值加英文引号，即 {fixed}；若是列表，补上“{close}”",
          "title: [试行办法\n"),
    Cause("text_after_quote", "引号之后还有文字",
          "值以引号开头，配对的引号之后还有文字",
          "给整个值换一种引号括起来，即 {fixed}",
          "title: \"关于示例事项的通知\"（修订）\n"),
    Cause("unclosed_quote", "引号没有配对",
          "值以“{char}”开头，但没有配对的“{char}”",
          "在值的末尾补上“{char}”，或去掉开头的“{char}”",
          "title: \"关于示例事项的通知\npublished: 2024-03-01\n"),
    Cause("bad_escape", "双引号中有反斜杠",
          "双引号中的反斜杠“\\”不是有效的转义",
          "改用单引号括起来，即 {fixed}",
          "topic: \"综合政务\\政务公开\"\n"),
    Cause("colon_in_value", "值中含有“: ”",
          "没有加引号的值中含有“: ”（冒号加空格），被当作又一个“键: 值”",
          "给整个值加英文引号，即 {fixed}",
          "title: 政策问答: 第一期\n"),
    Cause("hash_in_value", "值中含有“ #”（“#”前只有一个空格，或“#”后紧跟文字）",
          "没有加引号的值中，“ #”及其后的文字被当作注释，没有读入",
          "若“#”是值的一部分，给整个值加英文引号，即 {fixed}；若是注释，把它写在单独的一行",
          "doc_no: 示政办发〔2024〕3号 #已废止\n"),
    Cause("reserved_start", "值以 YAML 保留的字符开头",
          "没有加引号的值以“{char}”开头，这是 YAML 保留的字符",
          "给整个值加英文引号，即 {fixed}",
          "publisher: @示例市人民政府办公室\n"),
    Cause("indentation", "缩进不一致",
          "缩进不一致，这一行与上面同一级的行没有左端对齐",
          "同一级的键（或列表的“- ”）左端对齐，缩进只用英文空格",
          "title: 关于示例事项的通知\n  published: 2024-03-01\n"),
    Cause("other", "其他写法错误",
          "这一行不符合“键: 值”的写法",
          "每行写“键: 值”（英文冒号加一个空格）；含冒号、# 或以括号、引号开头的值整体用英文引号括起来",
          "title: 关于示例事项的通知\n- 示例\n"),
)}


@dataclass(frozen=True)
class Found:
    """A mistake at a place of the text: line and column are 0-based indexes into the text."""

    name: str
    line: int
    column: int
    params: dict[str, str] = field(default_factory=dict)

    def explain(self, first_line: int) -> tuple[str, int, str]:
        """(message, line of the file, fix) for a text that starts on line ``first_line``."""
        cause = CAUSES[self.name]
        line = first_line + self.line
        message = f"第 {line} 行第 {self.column + 1} 列：" + cause.message.format(**self.params)
        return message, line, cause.fix.format(**self.params)


# --- reading a line as a webmaster wrote it ----------------------------------------------------

_KEY = re.compile(r"[^\s:：#\[\]{}\"',&*!|>%@`]{1,40}")  # a field name as typed (English or Chinese)
_ESCAPES = set("0abt\tnvfre \"/\\N_LPxuU")
_RESERVED = "@`%&*!"
_YEAR_IN_BRACKETS = re.compile(r"\[(\d{4})\]")


def quoted(value: str) -> str:
    """The value in quotes that keep it as typed: double quotes unless it holds " or \\."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _found(name: str, line: int, column: int, **params: str) -> Found:
    # a corrected line is shown without its indentation: only the named place changes
    params = {k: _short(v.strip() if k == "fixed" else v) for k, v in params.items()}
    return Found(name, line, column, params)


def _start(line: str) -> int:
    """Index after the indentation and any list markers (``- ``)."""
    i = 0
    while True:
        while i < len(line) and line[i] == " ":
            i += 1
        if line.startswith("- ", i) or line.rstrip() == line[:i] + "-":
            i += 2
            continue
        return i


def detect(line: str, index: int, carried_only: bool = False) -> Found | None:
    """The first mistake of one source line (``index`` is its 0-based number), or None."""
    indent = len(line) - len(line.lstrip(" "))
    if indent < len(line) and line[indent] == "\t":
        return None if carried_only else _found("tab_indent", index, indent)
    if indent < len(line) and line[indent] == "\u3000":
        return _found("fullwidth_space_indent", index, indent)
    start = _start(line)
    if start < len(line) and line[start] in "\t\u3000" and line[start - 1:start] == " ":  # after “- ”
        name = "tab_indent" if line[start] == "\t" else "fullwidth_space_indent"
        return None if carried_only and name == "tab_indent" else _found(name, index, start)
    body = line[start:].rstrip()
    if body[:1] in ("'", '"') and not carried_only and _closing_quote(body)[0] < 0:
        return _found("unclosed_quote", index, start, char=body[0])  # a quoted key or list item
    if not body or body[0] in "#\"'[{?" or body in ("---", "..."):
        return None
    colon = next((i for i, c in enumerate(body) if c == ":" and body[i + 1:i + 2] in ("", " ", "\t", "\u3000")), -1)
    any_colon, wide = body.find(":"), body.find("：")
    if wide > 0 and _KEY.fullmatch(body[:wide].rstrip(" ")) and (any_colon < 0 or wide < any_colon):
        fixed = line[:start] + body[:wide].rstrip(" ") + ": " + body[wide + 1:].lstrip(" \u3000")
        return _found("fullwidth_colon", index, start + wide, fixed=fixed)
    if colon > 0:
        after = body[colon + 1:]
        gap = len(after) - len(after.lstrip(" \t\u3000"))
        value, value_at = after[gap:], start + colon + 1 + gap
        fixed_gap = line[:start] + body[:colon] + ": " + value
        if "\t" in after[:gap]:
            at = start + colon + 1 + after.index("\t")
            return None if carried_only else _found("tab_after_colon", index, at, fixed=fixed_gap)
        if after[:1] == "\u3000":
            return _found("fullwidth_space_after_colon", index, start + colon + 1, fixed=fixed_gap)
        if carried_only or not value:
            return None
        return _value(line[:value_at], value, index, value_at)
    if any_colon > 0 and _KEY.fullmatch(body[:any_colon]) and not body[:any_colon].isdigit() \
            and not body.startswith("//", any_colon + 1):  # not 9:30, not https://
        fixed = line[:start] + body[:any_colon] + ": " + body[any_colon + 1:]
        return _found("no_space_after_colon", index, start + any_colon, fixed=fixed)
    if start == 0 and any_colon < 0 and wide < 0:  # at the left edge a line can only be a key
        parts = re.match(r"(\S+)[ \u3000]+(\S.*)", body)
        if parts and _KEY.fullmatch(parts.group(1)):
            return _found("no_colon", index, len(parts.group(1)), fixed=f"{parts.group(1)}: {parts.group(2)}")
    return None


def _closing_quote(value: str) -> tuple[int, int]:
    """(index of the quote closing value[0], or -1; index of the first invalid escape, or -1)."""
    quote, i, bad = value[0], 1, -1
    while i < len(value):
        c = value[i]
        if quote == '"' and c == "\\":
            if value[i + 1:i + 2] not in _ESCAPES and bad < 0:
                bad = i
            i += 2
            continue
        if c == quote:
            if quote == "'" and value[i + 1:i + 2] == "'":
                i += 2
                continue
            return i, bad
        i += 1
    return -1, bad


def _closing_bracket(value: str) -> tuple[int, int]:
    """(index of the bracket closing value[0], or -1; index of a nested “[” in a “[ ]”, or -1)."""
    opening = value[0]
    closing = "]" if opening == "[" else "}"
    depth, nested = 0, -1
    for i, c in enumerate(value):
        if c == opening:
            depth += 1
            if depth == 2 and opening == "[" and nested < 0:
                nested = i
        elif c == closing:
            depth -= 1
            if depth == 0:
                return i, nested
    return -1, nested


def _value(head: str, value: str, index: int, at: int) -> Found | None:
    """A mistake in a value that starts at column ``at`` after ``head`` (“键: ”)."""
    first = value[0]
    whole = head.rstrip() + " " + quoted(value)
    if first in "\"'":
        end, bad = _closing_quote(value)
        if end < 0:
            return _found("unclosed_quote", index, at, char=first)
        if bad >= 0:
            single = "'" + value[1:end].replace("'", "''") + "'"  # single quotes keep a backslash as typed
            return _found("bad_escape", index, at + bad, fixed=head.rstrip() + " " + single)
        rest = value[end + 1:].strip()
        if rest and not rest.startswith("#"):
            return _found("text_after_quote", index, at, fixed=whole)
        return None
    if first in "[{":
        end, nested = _closing_bracket(value)
        what = "一行列表" if first == "[" else "一行映射"
        close = "]" if first == "[" else "}"
        if nested >= 0:
            if _YEAR_IN_BRACKETS.search(value):
                how = "文号的年份用六角括号“〔〕”，即 " + head.rstrip() + " " + _YEAR_IN_BRACKETS.sub(r"〔\1〕", value)
            else:
                how = "给含方括号的那一项加英文引号，如 [\"[试行]办法\", 乙]；整个值是一段文字时，写成 " + whole
            return _found("brackets_in_list", index, at + nested, how=how)
        if end < 0:
            return _found("unclosed_bracket", index, at, char=first, what=what, close=close, fixed=whole)
        rest = value[end + 1:].strip()
        if rest and not rest.startswith("#"):
            return _found("text_after_bracket", index, at, char=first, what=what, close=close, fixed=whole)
        return None
    if first in _RESERVED or (first in "|>" and not re.fullmatch(r"[|>][+-]?\d?[+-]?", value)):
        return _found("reserved_start", index, at, char=first, fixed=whole)
    colon = next((i for i, c in enumerate(value) if c == ":" and value[i + 1:i + 2] in ("", " ", "\t")), -1)
    if colon >= 0:
        return _found("colon_in_value", index, at + colon, fixed=whole)
    return None


def diagnose(text: str, problem_line: int | None, context_line: int | None = None) -> Found | None:
    """The mistake that made the parser fail with a mark on ``problem_line`` (0-based), if any:
    on that line or the context line, else the nearest line above holding a mistake that the
    parser only notices later."""
    lines = text.split("\n")
    last = len(lines) - 1
    first_lines = [n for n in (problem_line, context_line) if n is not None]
    for number in dict.fromkeys(min(n, last) for n in first_lines):
        found = detect(lines[number], number)
        if found:
            return found
    below = min(max(first_lines, default=last), last)
    for number in range(below - 1 if first_lines else below, -1, -1):
        found = detect(lines[number], number, carried_only=True)
        if found:
            return found
    return None


def at_line(name: str, text: str, line: int, column: int, **params: str) -> Found:
    """A mistake at a 0-based place of text, found from the events or the parser's mark; a line
    out of alignment is shown where its text starts, not where the parser gave up on it."""
    if name == "indentation":
        source = text.split("\n")[line] if line < text.count("\n") + 1 else ""
        column = len(source) - len(source.lstrip(" ")) if source.strip() else column
        if source.strip() and column == 0:  # at the left edge like the keys: not aligned, but not “键: 值”
            name = "other"
    return _found(name, line, column, **params)


def hash_found(text: str, line: int, value_start: int, hash_at: int) -> Found:
    source = text.split("\n")[line]
    fixed = source[:value_start].rstrip() + " " + quoted(source[value_start:].strip())
    return _found("hash_in_value", line, hash_at, fixed=fixed)


# --- the front matter's --- lines ----------------------------------------------------------------

_DASHES = re.compile(r"[-—–－─]{2,}[ \t]*|[-—–－─]( [-—–－─])+[ \t]*")
_YAML_LINE = re.compile(r"\s*(- |[^\s#][^:：]*[:：](\s|$))|\s+\S")


def front_matter_problem(text: str) -> tuple[str, str, int]:
    """(message, fix, line) for a Markdown file whose front matter cannot be found."""
    lines = text.split("\n")
    head = lines[0].rstrip()
    if head == "---":
        last = 0
        for number in range(1, len(lines)):
            line = lines[number].rstrip()
            if _DASHES.fullmatch(line):
                return (
                    f"第 {number + 1} 行“{_short(line, 20)}”不是元数据的结束标记，元数据从第 1 行的“---”开始后没有结束",
                    f"把第 {number + 1} 行改为 ---（三个英文减号，前后不加空格和其他文字）",
                    number + 1,
                )
            if not line or not _YAML_LINE.match(line):
                break
            last = number
        where = f"在元数据最后一行（第 {last + 1} 行）之后" if last else "在“键: 值”各行之后"
        return ("元数据从第 1 行的“---”开始，但没有结束的“---”行",
                f"{where}加一行 ---，再写正文", 1)
    if _DASHES.fullmatch(head):
        return (f"第 1 行“{_short(head, 20)}”不是元数据的开始标记“---”",
                "把第 1 行改为 ---（三个英文减号，前后不加空格和其他文字）", 1)
    opening = next((n for n, line in enumerate(lines) if line.strip()), None)
    if opening and lines[opening].rstrip() == "---":
        return (f"元数据的“---”写在第 {opening + 1} 行，前面有空行；“---”必须是文件的第 1 行",
                "删除第 1 行的空行" if opening == 1 else f"删除第 1 至 {opening} 行的空行", 1)
    return ("文件开头缺少元数据（front matter）",
            "在第1行写 ---，随后逐行写“键: 值”（至少标题和发布日期），再以 --- 结束", 1)


# --- the docs ------------------------------------------------------------------------------------

DOCS_BEGIN = "<!-- 以下表格由 gongkai/files/yamlmessages.py 生成，请勿手工修改 -->"
DOCS_END = "<!-- 表格结束 -->"


def _shown(line: str) -> str:
    """A source line as the docs show it: Tab as “⇥”, a full-width space as “□”."""
    text = line.replace("\t", "⇥").replace("\u3000", "□").replace("|", "\\|")
    return f"`{text}`" if "`" not in text else f"`` {text} ``"


def example_error(cause: Cause) -> tuple[str, str, str]:
    """(the example's wrong line, the message, the fix) as the real reader reports them."""
    from .yamlfile import YamlError, load_mapping

    try:
        load_mapping(cause.example, first_line=2)
    except YamlError as exc:
        if exc.line is None or exc.fix is None:  # every cause is found at its line, with its fix
            raise AssertionError(f"example of {cause.name} is reported without its line or fix") from exc
        wrong = cause.example.split("\n")[exc.line - 2]
        return wrong, exc.message, exc.fix
    raise AssertionError(f"example of {cause.name} is read without error")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a table cell: a bar would end it


def docs_table() -> str:
    rows = ["| 原因 | 写错的例子（元数据第 2 行起） | 提示 | 修改方法 |", "| --- | --- | --- | --- |"]
    for cause in CAUSES.values():
        wrong, message, fix = example_error(cause)
        rows.append(f"| {cause.title} | {_shown(wrong)} | {_cell(message)} | {_cell(fix)} |")
    return "\n".join([DOCS_BEGIN, "", *rows, "", DOCS_END])


def update_docs(text: str) -> str:
    before, rest = text.split(DOCS_BEGIN, 1)
    _, after = rest.split(DOCS_END, 1)
    return before + docs_table() + after


if __name__ == "__main__":  # python -m gongkai.files.yamlmessages docs/troubleshooting.md
    from pathlib import Path

    path = Path(sys.argv[1])
    path.write_text(update_docs(path.read_text(encoding="utf-8")), encoding="utf-8")
