"""Reading an annual report's front matter: its year and format, tables 二 三 四 under the official
labels (docs/annual-reports.md) and the 核对说明, each problem named with the key path as written
and its line (key_lines). Numbers are checked as they are read (check E) and the totals as soon as a
table is whole (checks A–D): checks.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from pathlib import Path
from typing import Literal

import yaml

from ..core import drafts, vocab
from ..core.dates import format_day
from ..core.problems import Problems
from ..core.structure import Document
from ..files.yamlfile import Plain, YamlError, read_text
from .checks import check_number, check_row_total, complete_table3, complete_table4
from .formats import (
    APPLICANTS,
    FORMAT_2019,
    FORMAT_2021,
    FORMAT_NAMES,
    FREE_TEXT,
    REVIEW,
    SUIT,
    T4_GROUPS,
    T4_RESULTS,
    TABLE2,
    TABLE3,
    TOTAL,
    YEAR_IN_NAME,
    Label,
    Row,
    find_label,
    format_for_year,
    leaves_of,
    plain,
    rows_of,
)
from .model import EXPLAINS_IN_FORCE, EXPLANATION_KEYS, SEP, AnnualReport, KeyPath, Lines, Number, ReportProblems

Missing = Literal["zero", "compute", "error"]  # what a column left out of a row's mapping is
Keys = dict[str, tuple[str, object]]  # canonical report key -> (key as written, value)


class _Reader(ReportProblems):
    """Reads the report keys of one document, reporting problems with the key path and line."""

    def number(self, raw: object, kind: str, path: KeyPath, what: str) -> Number | None:
        return check_number(raw, kind, path, what, self)  # check E

    # --- one row of numbers

    def values(self, raw: object, columns: tuple[Label, ...], path: KeyPath, what: str, *, total: bool,
               missing: Missing, other_columns: tuple[Label, ...] = (), fmt: str = "") -> list[Number | None] | None:
        """A row as a list in the official column order, a mapping by column label, or 0 (all zero).

        Returns len(columns) values (+1 for 总计 when ``total``); None marks a total to compute.
        ``missing``: what a column left out of a mapping is: "zero", "compute" (totals) or "error".
        """
        names = "、".join(c.text for c in columns)
        size = len(columns)
        out: list[Number | None] = [None] * (size + (1 if total else 0))
        if _is_zero(raw):
            return [*([0] * size), *([None] if total else [])]
        if drafts.is_pending(raw):  # a whole row left to fill
            self.pending(path, what)
            return None
        if size == 1 and not isinstance(raw, (list, dict)):
            out[0] = self.number(raw, columns[0].kind, path, f"{what}的“{columns[0].text}”")
            return out if out[0] is not None else None
        if isinstance(raw, list):
            if len(raw) not in ((size, size + 1) if total else (size,)):
                expect = f"{size} 个数（{names}）" + (f"，或 {size + 1} 个（最后一个为总计）" if total else "")
                self.error(
                    path,
                    f"{what}写了 {len(raw)} 个数，应写{expect}",
                    "按官方表格的列顺序逐个填写，没有数据的填 0",
                    value=raw,
                )
                return None
            ok = True
            for i, item in enumerate(raw):
                label = columns[i] if i < size else TOTAL
                value = self.number(item, label.kind, path, f"{what}的“{label.text}”")
                ok = ok and value is not None
                out[i] = value
            return out if ok else None
        if isinstance(raw, dict):
            ok = True
            seen: dict[int, str] = {}  # column -> the key that gave it
            for key, item in raw.items():
                sub = (*path, str(key))
                index = find_label(columns, key)
                if index is None and total and TOTAL.matches(key):
                    index = size
                if index is None:
                    wrong = find_label(other_columns, key)
                    if wrong is not None:
                        self.wrong_format(sub, f"列“{other_columns[wrong].text}”", fmt)
                    else:
                        self.unknown(sub, key, [c.text for c in columns] + ([TOTAL.text] if total else []), "列")
                    ok = False
                    continue
                if index in seen:
                    self.error(sub, f"同一列写了两次（另见“{seen[index]}”）", "删除其中一个")
                    ok = False
                    continue
                seen[index] = str(key)
                label = columns[index] if index < size else TOTAL
                value = self.number(item, label.kind, sub, f"{what}的“{label.text}”")
                ok = ok and value is not None
                out[index] = value
            for i, label in enumerate(columns):
                if i not in seen:
                    if missing == "zero":
                        out[i] = 0
                    elif missing == "error":
                        self.error(path, f"{what}缺少“{label.text}”列", f"补上 {label.text}: 数字（没有数据的填 0）")
                        ok = False
            return out if ok else None
        self.error(
            path, f"{what}应写成数字列表或“列名: 数字”", f"例如 [{', '.join('0' * size)}]，各列依次为{names}", value=raw
        )
        return None

    def unknown(self, path: KeyPath, key: object, options: list[str], kind: str) -> None:
        guess = difflib.get_close_matches(str(key), options, n=1, cutoff=0.3)
        hint = f"是否想写“{guess[0]}”？" if guess else ""
        self.error(path, f"官方表格中没有这一{kind}", f"{hint}可用的{kind}名：{'、'.join(options)}")

    def wrong_format(self, path: KeyPath, what: str, fmt: str) -> None:
        other = FORMAT_2019 if fmt == FORMAT_2021 else FORMAT_2021
        years = "2021年度及以后" if fmt == FORMAT_2021 else "2019、2020年度"
        self.error(path, f"{what}属于{FORMAT_NAMES[other]}，不是本年度应使用的格式",
                   f"{years}的报告按{FORMAT_NAMES[fmt]}填写（见 docs/annual-reports.md）")



def _is_zero(value: object) -> bool:
    """``0`` written for a whole row or table ("all zero"), typed or given as a Python int."""
    if isinstance(value, Plain):
        return value.strip() == "0"
    return isinstance(value, int) and not isinstance(value, bool) and value == 0



def _report_keys(doc: Document, reader: _Reader) -> Keys:
    """Canonical report key -> (key as written, value); the same key under two names is an error."""
    out: Keys = {}
    for written, value in doc.report.items():
        canon = vocab.report_key(written)
        if canon is None:  # doc.report holds the report's keys only (metadata.build_document)
            continue
        if canon in out:
            label = next(f.label for f in vocab.REPORT_FIELDS if f.key == canon)
            reader.error((written,), f"“{out[canon][0]}”和“{written}”是同一字段，只能写一个",
                         f"保留其中一个（英文键 {canon} 或中文键 {label}）")
            continue
        out[canon] = (written, value)
    return out


_YEAR_IN_TITLE = re.compile(r"(\d{4})年")


def _report_year(doc: Document, keys: Keys, reader: _Reader) -> int | None:
    stem = Path(doc.src).stem
    from_name = YEAR_IN_NAME.match(stem)
    year = int(from_name[1]) if from_name else None
    if "report_year" in keys:
        written, raw = keys["report_year"]
        text = unicodedata.normalize("NFKC", str(raw)).strip() if not isinstance(raw, bool) else ""
        match = re.fullmatch(r"(\d{4})年?(?:度)?", text)
        if not match:
            reader.error((written,), "年度应为四位年份", "例如 年度: 2024", value=raw)
            return None
        given = int(match[1])
        if year is not None and given != year:
            reader.error(
                (written,),
                f"年度 {given} 与文件名中的年份 {year} 不一致",
                f"把文件改名为 {given}.md，或改正年度",
                value=raw,
            )
        year = given
    if year is None:
        in_title = _YEAR_IN_TITLE.search(doc.title)
        if in_title is None:
            reader.error(
                (), "无法确定这份年度报告是哪一年的", "把文件命名为年份，例如 annual-reports/2024.md，或写 年度: 2024"
            )
            return None
        year = int(in_title[1])
    title_years = [int(y) for y in _YEAR_IN_TITLE.findall(doc.title)]
    if title_years and year not in title_years:
        reader.problems.error(
            doc.src,
            f"标题中的年份与报告年度 {year} 不一致",
            f"标题写明“{year}年政府信息公开工作年度报告”",
            field=doc.keys.get("title", "title"),
            line=doc.lines.get("title"),
            value=doc.title,
        )
    if doc.published <= dt.date(year, 12, 31):
        reader.problems.error(doc.src, f"{year}年度报告的发布日期不能早于统计期结束（{year}年12月31日）",
                              "核对发布日期或报告年度", field=doc.keys.get("published", "published"),
                              line=doc.lines.get("published"), value=format_day(doc.published))
    return year


def read_report(doc: Document, problems: Problems, lines: Lines | None = None) -> AnnualReport | None:
    """Read one report's keys and tables and check them (format, checks A–E); None without a year."""
    reader = _Reader(doc, problems, lines or {})
    keys = _report_keys(doc, reader)
    year = _report_year(doc, keys, reader)
    if year is None:
        return None
    fmt = format_for_year(year)
    given_tables = [k for k in ("table2", "table3", "table4") if k in keys]
    report = AnnualReport(doc.src, doc.title, year, fmt, doc.published, lines=dict(lines or {}))
    if fmt == FREE_TEXT:
        for key in given_tables:
            reader.error((keys[key][0],), f"{year}年度的年度报告没有全国统一表格（统一格式自2019年度报告起施行）",
                         "删除这个表格字段，把有关数字写进正文")
        report.ok = reader.errors == 0
        _read_explanations(report, keys, reader)
        return report
    if not given_tables and year == 2019:
        # 2019: the first year of the trial format, which bodies were encouraged but not obliged to use.
        report.format = FREE_TEXT
        _read_explanations(report, keys, reader)
        return report
    for key, name in (("table2", "表二 主动公开政府信息情况"), ("table3", "表三 收到和处理政府信息公开申请情况"),
                      ("table4", "表四 政府信息公开行政复议、行政诉讼情况")):
        if key not in keys:
            label = next(f.label for f in vocab.REPORT_FIELDS if f.key == key)
            reader.error((), f"缺少{name}（{year}年度报告应按{FORMAT_NAMES[fmt]}填写三张表）",
                         f"在元数据中写 {label}:，格式见 docs/annual-reports.md 的完整示例")
    if "table2" in keys:
        _read_table2(report, *keys["table2"], reader)
    if "table3" in keys:
        _read_table3(report, *keys["table3"], reader)
    if "table4" in keys:
        _read_table4(report, *keys["table4"], reader)
    _read_explanations(report, keys, reader)
    report.ok = reader.errors == 0
    return report


def _read_explanations(report: AnnualReport, keys: Keys, reader: _Reader) -> None:
    if "explanations" not in keys:
        return
    written, raw = keys["explanations"]
    if not isinstance(raw, dict):
        reader.error((written,), "核对说明应写成“项目: 说明文字”",
                     f"例如 {written}:\\n  {EXPLAINS_IN_FORCE}: 1件行政规范性文件有效期届满失效，未计入废止件数")
        return
    for key, text in raw.items():
        path = (written, str(key))
        if str(key) not in EXPLANATION_KEYS:
            reader.unknown(path, key, list(EXPLANATION_KEYS), "核对项目")
        elif not isinstance(text, str) or not text.strip():
            reader.error(path, "核对说明没有写原因", "写明数字不一致的原因（一句话）", value=text)
        else:
            report.explanations[str(key)] = text.strip()


def _mapping(raw: object, path: KeyPath, reader: _Reader, what: str) -> dict[object, object] | None:
    if isinstance(raw, dict):
        return raw
    reader.error(path, f"{what}应写成“行名: 数字”的映射", "按 docs/annual-reports.md 的示例逐行填写", value=raw)
    return None


# --- table 二


def _read_table2(report: AnnualReport, written: str, raw: object, reader: _Reader) -> None:
    fmt = report.format
    blocks, others = TABLE2[fmt], TABLE2[FORMAT_2019 if fmt == FORMAT_2021 else FORMAT_2021]
    mapping = _mapping(raw, (written,), reader, "表二")
    if mapping is None:
        return
    found: dict[tuple[int, int], str] = {}

    def take_row(bi: int, ri: int, value: object, path: KeyPath) -> None:
        block, row = blocks[bi], blocks[bi].rows[ri]
        if (bi, ri) in found:
            reader.error(path, f"表二“{row.text}”写了两次（另见“{found[(bi, ri)]}”）", "删除其中一个")
            return
        found[(bi, ri)] = SEP.join(path[1:])
        other_block = next((b for b in others if b.label.text == block.label.text), None)
        values = reader.values(value, block.columns, path, f"表二“{row.text}”", total=False, missing="error",
                               other_columns=tuple(c for c in (other_block.columns if other_block else ())
                                                   if not any(c.text == own.text for own in block.columns)),
                               fmt=fmt)
        report.paths[("t2", bi, ri)] = path
        if values is not None:
            report.table2[(bi, ri)] = values

    def place(key: object, value: object, path: KeyPath, within: int | None) -> None:
        scope = [within] if within is not None else range(len(blocks))
        for bi in scope:
            ri = find_label(blocks[bi].rows, key)
            if ri is not None:
                take_row(bi, ri, value, path)
                return
        if within is None:
            found = find_label([b.label for b in blocks], key)
            if found is not None:
                rows = _mapping(value, path, reader, f"表二“{blocks[found].label.text}”")
                for sub, item in (rows or {}).items():
                    place(sub, item, (*path, str(sub)), found)
                return
        own = {r.text for b in blocks for r in b.rows} | {b.label.text for b in blocks}
        wrong = [lab.text for b in others for lab in (b.label, *b.rows) if lab.matches(key) and lab.text not in own]
        if wrong:
            reader.wrong_format(path, f"“{wrong[0]}”", fmt)
            return
        options = [r.text for r in blocks[within].rows] if within is not None else \
            [b.label.text for b in blocks] + [r.text for b in blocks for r in b.rows]
        reader.unknown(path, key, options, "行")

    for key, value in mapping.items():
        place(key, value, (written, str(key)), None)
    for bi, block in enumerate(blocks):
        for ri, row in enumerate(block.rows):
            if (bi, ri) not in found:
                reader.error((written,), f"表二缺少“{block.label.text}”下的“{row.text}”行",
                             f"在 {block.label.text}: 下补上 {row.text}（没有数据的填 0）")


# --- table 三


def _read_table3(report: AnnualReport, written: str, raw: object, reader: _Reader) -> None:
    fmt = report.format
    other_fmt = FORMAT_2019 if fmt == FORMAT_2021 else FORMAT_2021
    mapping = _mapping(raw, (written,), reader, "表三")
    if mapping is None:
        return
    tops = TABLE3[fmt]
    given: dict[str, list[Number | None]] = {}
    seen: dict[str, str] = {}

    def find(key: object, scope: tuple[Row, ...]) -> Row | None:
        for row in scope:  # the rows at this level first, then anywhere below (a flat list is fine)
            if row.label.matches(key):
                return row
        for row in scope:
            for sub in row.walk():
                if sub.label.matches(key):
                    return sub
        return None

    def place(key: object, value: object, path: KeyPath, scope: tuple[Row, ...]) -> None:
        row = find(key, scope)
        if row is None:
            wrong = [r for r in rows_of(other_fmt) if r.label.matches(key)]
            if wrong:
                reader.wrong_format(path, f"行“{wrong[0].label.text}”", fmt)
            else:
                reader.unknown(path, key, [r.label.text for top in scope for r in top.walk()], "行")
            return
        if row.code in seen:
            reader.error(path, f"表三“{row.label.text}”写了两次（另见“{seen[row.code]}”）", "删除其中一个")
            return
        seen[row.code] = SEP.join(path[1:])
        report.paths[("t3", row.code)] = path
        if row.children:
            if _is_zero(value):
                for sub in row.walk():
                    if sub is not row and not sub.children:
                        given[sub.code] = [0] * 6 + [None]
                        seen[sub.code] = seen[row.code]
                        report.paths[("t3", sub.code)] = path
                return
            if not isinstance(value, dict):
                if row.code == "3.6" and fmt == FORMAT_2021:
                    reader.wrong_format(path, "一行的“（六）其他处理”", fmt)
                    return
                parts = "、".join(c.label.text for c in row.children if not c.total)
                reader.error(path, f"“{row.label.text}”在官方表格中没有小计行，应分项填写：{parts}",
                             f"在 {key}: 下逐行写 行名: [数字…]", value=value)
                return
            for sub, item in value.items():
                place(sub, item, (*path, str(sub)), row.children)
            return
        if row.code == "3.6" and fmt == FORMAT_2019 and isinstance(value, dict):
            inner = [
                k for k in value if any(r.label.matches(k) for r in rows_of(FORMAT_2021) if r.code.startswith("3.6."))
            ]
            if inner:
                reader.wrong_format((*path, str(inner[0])), "“（六）其他处理”的分项", fmt)
                return
        values = reader.values(value, APPLICANTS, path, f"表三“{row.label.text}”", total=True,
                               missing="compute" if row.total else "zero")
        if values is None:
            return
        given[row.code] = values
        check_row_total(report, row, _counts(values), reader)  # check B

    for key, value in mapping.items():
        place(key, value, (written, str(key)), tops)
    missing = [r for r in leaves_of(fmt) if r.code not in seen]
    for row in missing:
        parent = next((p for p in rows_of(fmt) if row in p.children and p.code != "3"), None)
        where = f"“{parent.label.text}”下的" if parent else ""
        reader.error((written,), f"表三缺少{where}“{row.label.text}”行", "补上这一行（没有数据的写 0）")
    if missing or any(r.code not in given for r in leaves_of(fmt) if r.code in seen):
        return  # an incomplete table: no arithmetic on it
    complete_table3(report, {code: _counts(values) for code, values in given.items()}, reader)


def _counts(values: list[Number | None]) -> list[int | None]:
    """A row of table 三 or 四 as read: counts (check_number gives a count as an int) or None."""
    return [v if v is None or isinstance(v, int) else int(v) for v in values]


# --- table 四


def _read_table4(report: AnnualReport, written: str, raw: object, reader: _Reader) -> None:
    mapping = _mapping(raw, (written,), reader, "表四")
    if mapping is None:
        return
    groups: dict[int, list[Number | None]] = {}
    seen: dict[int, str] = {}

    def take(gi: int, value: object, path: KeyPath) -> None:
        name = T4_GROUPS[gi].text
        if gi in seen:
            reader.error(path, f"表四“{name}”写了两次（另见“{seen[gi]}”）", "删除其中一个")
            return
        seen[gi] = SEP.join(path[1:])
        report.paths[("t4", gi)] = path
        what = f"表四“{SUIT + '（' + name + '）' if gi else name}”"
        values = reader.values(value, T4_RESULTS, path, what, total=True, missing="zero")
        if values is not None:
            groups[gi] = values

    for key, value in mapping.items():
        path = (written, str(key))
        gi = find_label(T4_GROUPS, key)
        if gi is not None:
            take(gi, value, path)
        elif plain(key) == SUIT:
            if _is_zero(value):
                take(1, 0, path)
                take(2, 0, path)
                continue
            for sub, item in (_mapping(value, path, reader, "表四“行政诉讼”") or {}).items():
                sub_path = (*path, str(sub))
                gi = find_label(T4_GROUPS[1:], sub)
                if gi is None:
                    reader.unknown(sub_path, sub, [g.text for g in T4_GROUPS[1:]], "栏")
                else:
                    take(gi + 1, item, sub_path)
        else:
            reader.unknown(path, key, [REVIEW, SUIT] + [g.text for g in T4_GROUPS[1:]], "栏")
    for gi, group in enumerate(T4_GROUPS):
        if gi not in seen:
            name = group.text if gi == 0 else f"{SUIT}（{group.text}）"
            reader.error(
                (written,),
                f"表四缺少“{name}”",
                f"补上 {group.text}: [结果维持, 结果纠正, 其他结果, 尚未审结]（没有的写 0）",
            )
    if len(groups) != len(T4_GROUPS):
        return
    complete_table4(report, {gi: _counts(values) for gi, values in groups.items()}, reader)


# the parser yamlfile reads values with (libyaml when present): the same lines, at C speed
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def key_lines(path: Path) -> tuple[Lines, list[tuple[KeyPath, int]]]:
    """Line of every key below the report keys of a file's front matter, and repeated nested keys."""
    try:
        text = read_text(path)
    except (OSError, YamlError):
        return {}, []
    match = re.match(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.S)
    if not match:
        return {}, []
    front = match.group(1) or ""
    # the parser's events, read once (a third of a check of the sample went to composing the YAML
    # a second time in pure Python); what they cannot tell alike is left to the composer
    try:
        return _key_lines_of_events(list(yaml.parse(front, Loader=_COMPOSER)))
    except yaml.YAMLError:
        return {}, []
    except _Composed:
        pass
    try:
        root = yaml.compose(front, Loader=_COMPOSER)
    except yaml.YAMLError:
        return {}, []
    lines: Lines = {}
    repeated: list[tuple[KeyPath, int]] = []

    def walk(node: yaml.Node | None, path: KeyPath) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if not path and (not vocab.report_key(key) or vocab.canonical_key(key)):
                continue
            sub = (*path, key)
            line = 2 + key_node.start_mark.line
            if sub in lines and path:
                repeated.append((sub, line))
            lines[sub] = line
            walk(value_node, sub)

    walk(root, ())
    return lines, repeated


class _Composed(Exception):
    """An anchor, an alias, a key that is no text or a second document: key_lines composes instead."""


def _key_lines_of_events(events: list[yaml.Event]) -> tuple[Lines, list[tuple[KeyPath, int]]]:
    """key_lines' walk over the parser's events: every key of a mapping walked, from the report
    keys of the top mapping down through mappings (never into lists), as the composed walk."""
    lines: Lines = {}
    repeated: list[tuple[KeyPath, int]] = []

    def node(i: int, path: KeyPath, walked: bool) -> int:
        event = events[i]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Composed
        if isinstance(event, yaml.SequenceStartEvent):
            i += 1
            while not isinstance(events[i], yaml.SequenceEndEvent):
                i = node(i, path, False)
            return i + 1
        if isinstance(event, yaml.MappingStartEvent):
            i += 1
            while not isinstance(events[i], yaml.MappingEndEvent):
                key_event = events[i]
                if not isinstance(key_event, yaml.ScalarEvent) or key_event.anchor is not None:
                    raise _Composed
                key = str(key_event.value)
                keep = walked and bool(path or (vocab.report_key(key) and not vocab.canonical_key(key)))
                sub = (*path, key)
                if keep:
                    assert key_event.start_mark is not None  # the parser marks every event
                    line = 2 + key_event.start_mark.line
                    if sub in lines and path:
                        repeated.append((sub, line))
                    lines[sub] = line
                i = node(i + 1, sub, keep)
            return i + 1
        return i + 1  # a scalar

    if len(events) <= 2:  # StreamStart, StreamEnd: nothing
        return lines, repeated
    end = node(2, (), True)  # StreamStart, DocumentStart, the document's node
    if end + 2 != len(events):  # DocumentEnd, StreamEnd; anything else is a second document
        raise _Composed
    return lines, repeated
