"""Drafts: ``draft: true`` documents are checked like every other and then withheld from the site.

A draft lets work wait in the repository (on ``main``) until the day it may be published: the
annual report drafted in December, published in January (docs/annual-reports.md). It is read and
checked with the column (its 索引号 is taken, its references resolve, an annual report's arithmetic
is checked), then :func:`withhold_drafts` takes it out of the column once, where the pipeline loads
it, so that no output sees it: no page, no list, catalogue, feed, search record, sitemap entry or
id/ address.

What a draft may leave incomplete (and nothing else):

* ``published`` may be after the build day: it is the day the draft is planned for;
* an annual report's numbers and text parts may still read “待填写” (:data:`PENDING`): each is
  listed in the draft's information line, and is an error once ``draft: true`` is removed;
* its warnings (需要核对 …) are listed under that line as information: figures that are still
  moving in December must not stop ``mkdocs build --strict`` of everything else. They are warnings
  again once the draft is published.

Errors stay errors: what has been written in a draft must be right.
"""

from __future__ import annotations

from .column import Column
from .dates import format_day
from .problems import WARNING, Problems
from .structure import Document

PENDING = "待填写"  # the one placeholder a draft may leave: a person writes the number or the text
PUBLISH_FIX = "填写完毕、到发布日后删除 draft: true 这一行"

# Links a published page prints (presentation.relations, the validity notice): each towards a
# page that must exist. Forward: written on the published document; backward: computed from the
# draft's own references (a draft 解读 must not appear under its policy before it is published).
_FORWARD = ("repealed_by", "amended_by", "related", "interprets")
_BACKWARD = ("repeals", "amends", "related_back", "interpreted_by")


def withhold_drafts(column: Column) -> None:
    """Move the drafts out of ``column.documents`` (into ``column.drafts``) and out of everything
    computed from the documents; a published document that refers to a draft is an error."""
    drafts = [d for d in column.documents if d.draft]
    if not drafts:
        return
    names = {d.src for d in drafts}
    _refuse_links_to_drafts(column, names)
    by_src = {d.src: d for d in drafts}
    kept = []
    for problem in column.problems.items:
        if problem.level == WARNING and problem.file in names:
            by_src[problem.file].held.append(problem)
        else:
            kept.append(problem)
    column.problems.items = kept
    column.drafts = drafts
    column.documents = [d for d in column.documents if not d.draft]
    links = column.links
    for name in ("amended_by", "related", "interprets", *_BACKWARD):
        table = getattr(links, name)
        for src in list(table):
            if src in names:
                del table[src]
            else:
                table[src] = [d for d in table[src] if d.src not in names]
    for src in [s for s, d in links.repealed_by.items() if s in names or d.src in names]:
        del links.repealed_by[src]
    from .validity import ValidityBook

    column.validity = ValidityBook(column.documents, links)
    column.statuses = {d.src: column.validity.status_on(d, column.day) for d in column.documents}
    column.reports = {src: r for src, r in column.reports.items() if src not in names}
    column.updated = {src: day for src, day in column.updated.items() if src not in names}
    column._memo.clear()  # lists computed so far held the drafts


def withheld_files(column: Column) -> set[str]:
    """Files under content/ the site must not hold: every draft, and the attachments only drafts
    use (a draft's PDF published at its address before the draft would publish it all the same)."""
    published = {a.file for d in column.documents for a in d.attachments}
    return {d.src for d in column.drafts} | {
        a.file for d in column.drafts for a in d.attachments if a.file not in published
    }


def _refuse_links_to_drafts(column: Column, names: set[str]) -> None:
    links, problems = column.links, column.problems
    for doc in column.documents:
        if doc.src in names:
            continue
        targets = [("repealed_by", links.repealed_by[doc.src])] if doc.src in links.repealed_by else []
        for key in _FORWARD[1:]:
            targets += [(key, t) for t in getattr(links, key).get(doc.src, ())]
        for key, target in targets:
            if target.src in names:
                written = links.written.get((key, doc.src, target.src), target.src)
                problems.error(doc.src, f"引用的文件 {target.src} 是草稿（draft: true），尚未发布，读者打不开这个链接",
                               "等该文件发布（删除其 draft: true）后再引用，或暂时删除这一引用",
                               field=doc.keys.get(key, key), line=doc.lines.get(key), value=written)


def lines(column: Column) -> list[str]:
    """One information line per draft, for ``check`` and the build log (never a problem: a draft
    waiting for its day must not stop ``mkdocs build --strict``)."""
    out = []
    for doc in sorted(column.drafts, key=lambda d: d.src):
        text = f"草稿 {doc.src}：已检查，未发布（draft: true），计划发布日期 {format_day(doc.published)}"
        if doc.pending:
            where = "、".join(str(line) for line, _ in doc.pending[:12]) + ("……" if len(doc.pending) > 12 else "")
            text += f"；还有 {len(doc.pending)} 处“{PENDING}”（第 {where} 行）"
        out.append(text + "。发布：" + PUBLISH_FIX)
        out += [f"  发布前核对：{problem}" for problem in sorted(doc.held, key=lambda p: (p.line or 0, p.message))]
    return out


def is_pending(value: object) -> bool:
    return isinstance(value, str) and value.strip() == PENDING


def pending(doc: Document, problems: Problems, line: int | None, what: str, fix: str, field: str | None = None) -> None:
    """A “待填写” left in ``doc``: listed when the document is a draft, an error once it is not."""
    if doc.draft:
        doc.pending.append((line or 0, what))
        return
    problems.error(doc.src, f"{what}还没有填写（还是“{PENDING}”），不能发布",
                   f"{fix}；尚未完成时在元数据中写 draft: true 暂不发布", field=field, line=line, value=PENDING)
