"""YAML reading shared by front matter, .meta.yml and site_config: UTF-8 checks, line numbers.

Dates are kept as strings (the timestamp resolver is removed) so that a bad date such as
2021-13-01 reaches ``dates.parse_day`` and gets a webmaster's message, not a YAML exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


ENCODING_FIX = "用编辑器（如记事本“另存为”）把文件保存为 UTF-8 编码后再提交"


class YamlError(ValueError):
    def __init__(self, message: str, line: int | None = None, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.fix = fix  # what to do, when it is not "fix the YAML syntax"


def read_text(path: Path) -> str:
    """Read a UTF-8 file (BOM and CRLF accepted); raise YamlError for any other encoding."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = "，看起来是 GBK/GB18030 编码" if _looks_like_gbk(data) else ""
        raise YamlError(f"文件不是 UTF-8 编码{hint}（第 {exc.start} 字节无法解码）", fix=ENCODING_FIX) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return Mapping()
            if not isinstance(node, yaml.MappingNode):
                raise YamlError("内容应是“键: 值”形式的映射", first_line + node.start_mark.line)
            result = Mapping()
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=True)
                line = first_line + key_node.start_mark.line
                if not isinstance(key, str):
                    key = str(key)
                if key in result.values:
                    result.duplicates.append((key, line))
                result.values[key] = loader.construct_object(value_node, deep=True)
                result.lines[key] = line
            return result
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        raise YamlError(f"YAML 语法错误：{exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML 语法错误：{exc}") from None


def load_file(path: Path) -> Mapping:
    return load_mapping(read_text(path))
