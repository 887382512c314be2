"""有效性: the five statuses of ../shared/spec/validity.md, computed as of a stated day D.

A wrong status misleads the public; every rule here follows the spec's numbered rules exactly and is
tested on its boundary days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import format_day
from .problems import Problems, Where
from .references import Links
from .structure import Document

IN_FORCE = "有效"
AMENDED = "已修改"
REPEALED = "已废止"
EXPIRED = "失效"
NOT_YET = "尚未生效"
# Statuses listed as 现行有效 (validity.md: 有效, 已修改, 尚未生效 with its day).
CURRENT = (IN_FORCE, AMENDED, NOT_YET)
LISTED_TYPES = ("规章", "行政规范性文件")


@dataclass(frozen=True)
class Validity:
    """A document's validity facts once references are resolved."""

    repealed: dt.date | None  # own 废止日期, else the repealing document's 生效日期/发布日期
    repealed_by: Document | None
    amended_by: tuple[Document, ...]


class ValidityBook:
    """Validity of every document of a column: statuses on any day, and the day they next change."""

    def __init__(self, documents: list[Document], links: Links):
        self.documents = documents
        self.links = links
        self._facts: dict[str, Validity] = {}
        for doc in documents:
            by = links.repealed_by.get(doc.src)
            repealed = doc.repealed or ((by.effective or by.published) if by else None)
            self._facts[doc.src] = Validity(repealed, by, tuple(links.amended_by.get(doc.src, ())))

    def facts(self, doc: Document) -> Validity:
        return self._facts[doc.src]

    def has_validity(self, doc: Document) -> bool:
        # 规章 and 行政规范性文件 always have a status: they are listed as 现行有效 or 已废止/失效.
        return doc.has_validity or doc.src in self.links.repealed_by or doc.doc_type in LISTED_TYPES

    def status_on(self, doc: Document, day: dt.date, _seen: frozenset[str] = frozenset()) -> str | None:
        """The status of ``doc`` on ``day`` (None: the document has no validity)."""
        if not self.has_validity(doc):
            return None
        facts = self._facts[doc.src]
        if facts.repealed and facts.repealed <= day:  # rule 1: repealed on D is 已废止 on D
            return REPEALED
        if doc.expires and doc.expires < day:  # rule 2: the last day of 有效期 is still in force
            return EXPIRED
        if doc.effective and doc.effective > day:  # rule 3
            return NOT_YET
        seen = _seen | {doc.src}  # cycles are reported as errors; never recurse forever
        for amending in facts.amended_by:  # rule 4: an amendment counts once it is in force
            if amending.src not in seen and self.status_on(amending, day, seen) in (IN_FORCE, AMENDED, None):
                return AMENDED
        return IN_FORCE  # rule 5

    def check_declared(self, day: dt.date, problems: Problems) -> None:
        """A `status` in front matter must agree with the dates; each status needs its date."""
        impossible = self.check_impossible(problems)
        for doc in sorted(self.documents, key=lambda d: d.src):
            facts = self._facts[doc.src]
            where: Where = {
                "field": doc.keys.get("status", "status"), "line": doc.lines.get("status"), "value": doc.status
            }
            if doc.status == REPEALED and not facts.repealed:
                problems.error(
                    doc.src,
                    "写明“已废止”但没有废止日期",
                    "写 repealed: 废止日期，或用 repealed_by 指向废止它的文件",
                    **where,
                )
                continue
            if doc.status == EXPIRED and not doc.expires:
                problems.error(doc.src, "写明“失效”但没有失效日期", "写 expires: 有效期的最后一天", **where)
                continue
            if doc.repeal_basis and not facts.repealed:
                problems.error(doc.src, "写了废止依据但没有废止日期", "写 repealed: 废止日期",
                               field=doc.keys.get("repeal_basis", "repeal_basis"), line=doc.lines.get("repeal_basis"),
                               value=doc.repeal_basis)
            if doc.repealed and not (doc.repealed_by or doc.repeal_basis):
                problems.warning(doc.src, "有废止日期，但没有写明由哪份文件或哪项决定废止",
                                 "写 repealed_by（本栏目中的废止文件）或 repeal_basis（栏目外的废止依据）",
                                 field=doc.keys.get("repealed", "repealed"), line=doc.lines.get("repealed"),
                                 value=format_day(doc.repealed))
            if doc.effective and doc.expires and doc.expires < doc.effective:
                problems.error(doc.src, f"失效日期早于生效日期 {format_day(doc.effective)}", "核对生效日期和失效日期",
                               field=doc.keys.get("expires", "expires"), line=doc.lines.get("expires"),
                               value=format_day(doc.expires))
            if doc.status is None or doc.src in impossible:
                continue  # an impossible combination is reported once, not again as a wrong status
            computed = self.status_on(doc, day)
            if computed != doc.status:
                problems.error(doc.src, f"与日期不符：按各项日期，截至 {format_day(day)} 应为“{computed}”",
                               "删除 status（有效性由日期自动计算），或改正生效、失效、废止日期", **where)

    def check_impossible(self, problems: Problems) -> set[str]:
        """Dates that cannot all be true: a repeal before the document or before the repealing
        document existed, a repeal or amendment by a document published earlier. Each document gets
        at most one message about its repeal (the first that applies) and one per amending document;
        documents in a reported cycle are left to that message. Returns the documents reported."""
        reported: set[str] = set()
        for doc in sorted(self.documents, key=lambda d: d.src):
            if doc.src in self.links.cyclic:
                continue
            problem = self._repeal_problem(doc)
            if problem:
                key, message, fix, value = problem
                problems.error(
                    doc.src, message, fix, field=doc.keys.get(key, key), line=doc.lines.get(key), value=value
                )
                reported.add(doc.src)
            for amending in self._facts[doc.src].amended_by:
                if amending.src in self.links.cyclic or amending.published >= doc.published:
                    continue
                problems.error(
                    doc.src,
                    f"修改文件 {amending.src} 的发布日期 {format_day(amending.published)} 早于本文件的发布日期 "
                    f"{format_day(doc.published)}：先发布的文件不能修改后发布的文件",
                    "核对 amended_by 是否指错了文件（应指向修改本文件的、在本文件之后发布的文件），"
                    "或核对两份文件的发布日期",
                    field=doc.keys.get("amended_by", "amended_by"),
                    line=doc.lines.get("amended_by"),
                    value=self.links.written.get(
                        ("amended_by", doc.src, amending.src), amending.doc_no or amending.src
                    ),
                )
                reported.add(doc.src)
        return reported

    def _repeal_problem(self, doc: Document) -> tuple[str, str, str, str] | None:
        """The first impossible fact about the repeal of ``doc``: (field, message, fix, value)."""
        facts = self._facts[doc.src]
        by = facts.repealed_by
        own = doc.repealed
        repealed = facts.repealed  # never None when ``by`` is set: the repealing document gives it

        def ref(by: Document) -> str:
            return self.links.written.get(("repealed_by", doc.src, by.src), by.doc_no or by.src)

        if by and by.published < doc.published:
            return (
                "repealed_by",
                f"废止文件 {by.src} 的发布日期 {format_day(by.published)} 早于本文件的发布日期 "
                f"{format_day(doc.published)}：先发布的文件不能废止后发布的文件",
                "核对 repealed_by 是否指错了文件（应指向废止本文件的、在本文件之后发布的文件），"
                "或核对两份文件的发布日期",
                ref(by),
            )
        if own and own < doc.published:
            return ("repealed", f"废止日期早于本文件的发布日期 {format_day(doc.published)}",
                    "核对废止日期和发布日期：文件不能在发布之前废止", format_day(own))
        if by and own and own < by.published:
            derived = by.effective or by.published
            return (
                "repealed",
                f"废止日期早于废止文件 {by.src} 的发布日期 {format_day(by.published)}：废止文件发布之前不能废止本文件",
                f"删除 repealed（废止日期自动取废止文件的{'生效' if by.effective else '发布'}日期 "
                f"{format_day(derived)}），"
                "或改为废止文件规定的废止日期（不早于它的发布日期）",
                format_day(own),
            )
        if by and repealed is not None and repealed < doc.published:
            return ("repealed_by", f"按废止文件 {by.src} 的生效日期 {format_day(repealed)}，本文件在发布"
                    f"（{format_day(doc.published)}）之前就已废止",
                    "在本文件中写 repealed: 实际废止日期（不早于本文件的发布日期），或核对废止文件的生效日期", ref(by))
        if by and repealed is not None:
            by_facts = self._facts[by.src]
            if by_facts.repealed and by_facts.repealed <= repealed:
                return ("repealed" if own else "repealed_by",
                        f"废止文件 {by.src} 在 {format_day(by_facts.repealed)} 已废止，不晚于本文件的废止日期 "
                        f"{format_day(repealed)}：废止文件不再有效时不能废止本文件",
                        "核对本文件的废止日期和废止文件的废止日期", format_day(own) if own else ref(by))
            if by.expires and by.expires < repealed:
                return ("repealed" if own else "repealed_by",
                        f"废止文件 {by.src} 有效期至 {format_day(by.expires)}，早于本文件的废止日期 "
                        f"{format_day(repealed)}：废止文件失效后不能废止本文件",
                        "核对本文件的废止日期和废止文件的有效期", format_day(own) if own else ref(by))
        return None

    def change_days(self, day: dt.date) -> list[dt.date]:
        """Days after ``day`` on which some status may change, ascending."""
        days = set()
        for doc in self.documents:
            facts = self._facts[doc.src]
            for candidate in (facts.repealed, doc.effective, doc.expires and doc.expires + dt.timedelta(days=1)):
                if candidate and candidate > day:
                    days.add(candidate)
        return sorted(days)

    def next_change(self, day: dt.date) -> tuple[dt.date, list[Document]] | None:
        """The next day on which any status changes, and the documents that change then."""
        today = {doc.src: self.status_on(doc, day) for doc in self.documents}
        for candidate in self.change_days(day):
            changed = [doc for doc in self.documents if self.status_on(doc, candidate) != today[doc.src]]
            if changed:
                return candidate, sorted(changed, key=lambda d: d.src)
        return None

