"""Problems found in a webmaster's content, worded for the webmaster (in Chinese)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR or WARNING
    file: str  # relative to content/ (or site_config/…)
    message: str  # what is wrong
    fix: str = ""  # what to do
    line: int | None = None
    field: str | None = None  # the key as the webmaster wrote it
    value: object = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [f"{self.level} {where}"]
        if self.field:
            parts.append(f"字段“{self.field}”")
        if self.value is not None and self.value != "":
            parts.append(f"值“{_short(self.value)}”")
        text = " ".join(parts) + "：" + self.message
        if self.fix:
            text += "。修改方法：" + self.fix
        return text


def _short(value: object, limit: int = 80) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Place(TypedDict, total=False):
    """The line and the field (as written) that a problem or a finding is about."""

    line: int | None
    field: str | None


class Where(Place, total=False):
    """The keywords of :meth:`Problems.error` and :meth:`Problems.warning`, gathered."""

    value: object


@dataclass
class Problems:
    """Collects every problem of a run so that the webmaster sees all of them at once."""

    items: list[Problem] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set, repr=False)

    def _add(self, problem: Problem) -> None:
        text = str(problem)
        if text not in self._seen:  # e.g. one bad .meta.yml value used by many files
            self._seen.add(text)
            self.items.append(problem)

    # the keywords are those of Where: a Where or a Place is passed as **where
    def error(self, file: str, message: str, fix: str = "", *,
              line: int | None = None, field: str | None = None, value: object = None) -> None:
        self._add(Problem(ERROR, file, message, fix, line=line, field=field, value=value))

    def warning(self, file: str, message: str, fix: str = "", *,
                line: int | None = None, field: str | None = None, value: object = None) -> None:
        self._add(Problem(WARNING, file, message, fix, line=line, field=field, value=value))

    def extend(self, other: Problems) -> None:
        self.add_all(other.items)

    def add_all(self, problems: list[Problem]) -> None:
        for problem in problems:
            self._add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(self.items, key=lambda p: (p.file, p.line or 0, p.level != ERROR, p.message))


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
