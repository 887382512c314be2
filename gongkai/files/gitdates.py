"""更新日期 from git: the day (Asia/Shanghai) of the last commit that changed each content file.

The whole history is read with one `git log` pass (plus one `git status` for uncommitted files),
never one call per file: with 10,000 documents a call per file costs minutes.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.dates import CHINA, format_day

if TYPE_CHECKING:  # only for the annotations: the column itself imports this module
    from ..core.column import Column

SHALLOW_FIX = (
    "在 CI 中获取完整历史：GitHub Actions 的 actions/checkout 设 fetch-depth: 0；"
    "GitLab CI 设 GIT_DEPTH: 0；本地执行 git fetch --unshallow"
)


@dataclass
class GitHistory:
    """What git knows about the files below one folder of a checkout."""

    available: bool  # False: not a git checkout (e.g. a tarball) or git missing
    shallow: bool = False
    dates: dict[str, dt.date] = field(default_factory=dict)  # path relative to the folder -> day
    uncommitted: set[str] = field(default_factory=set)  # changed or new, relative to the folder
    # day of the newest commit that edited a file already there (not the one that added it)
    edited: dict[str, dt.date] = field(default_factory=dict)
    uncommitted_edits: set[str] = field(default_factory=set)  # tracked files changed, not yet committed
    reason: str = ""  # why git is not available


class LogCache:
    """The result of the last `git log` pass, kept between the builds of one ``mkdocs serve``.

    `git log` is the one step of reading the history that grows with the whole repository (about
    half a second at 10,000 documents), and its output depends only on the commits: the same
    HEAD commit, with the same shallow boundary, replace refs and grafts, gives the same log.
    Saving a document changes none of these (``git status``, which sees the saved file, still
    runs every build). Anything else that may rewrite history (a commit, checkout, fetch, gc)
    changes HEAD or the files stamped here, and the log is read again."""

    def __init__(self) -> None:
        self.key: object = None
        self.dates: dict[str, dt.date] = {}
        self.edited: dict[str, dt.date] = {}
        self.reads = 0  # `git log` passes run (tests)

    def lookup(self, key: object) -> tuple[dict[str, dt.date], dict[str, dt.date]] | None:
        if key is None or key != self.key:
            return None
        return dict(self.dates), dict(self.edited)  # copies: a caller may change its history

    def store(self, key: object, dates: dict[str, dt.date], edited: dict[str, dt.date]) -> None:
        self.key, self.dates, self.edited = key, dict(dates), dict(edited)


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Paths are read from NUL-separated output (-z): git then writes every name as it is, never
    # C-quoted, so spaces, Chinese, quotes, backslashes and even newlines in a name are safe.
    return subprocess.run(
        ["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
        errors="surrogateescape",
    )


def read_history(folder: Path, cache: LogCache | None = None) -> GitHistory:
    """Last-change days of every file below ``folder`` (e.g. content/), from its git checkout.

    ``cache`` (``mkdocs serve`` only): the last `git log` pass, reused while the commits are
    the same (:class:`LogCache`); the result is the same as without it."""
    folder = folder.resolve()
    try:
        probe = _git(folder, "rev-parse", "--is-shallow-repository", "--show-prefix", "--git-common-dir")
    except FileNotFoundError:
        return GitHistory(False, reason="未安装 git")
    if probe.returncode != 0:
        return GitHistory(False, reason="不是 git 仓库（例如从压缩包解开）")
    shallow_text, prefix, common = [*probe.stdout.splitlines(), "", "", ""][:3]
    history = GitHistory(True, shallow=shallow_text.strip() == "true")
    key = _log_key(folder, shallow_text, prefix, common) if cache is not None else None
    known = cache.lookup(key) if cache is not None else None
    if known is not None:
        history.dates, history.edited = known
    else:
        log = _git(folder, "log", "-z", "--date-order", "-M", "--name-status", "--format=@%ct", "--", ".")
        # A repository without commits yet (non-zero exit): every file is uncommitted.
        history.dates = _dates_from_log(_log_entries(log.stdout) if log.returncode == 0 else [], prefix,
                                        edited=history.edited)
        if cache is not None:
            cache.reads += 1
            cache.store(key, history.dates, history.edited)
    status = _git(folder, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
    for code, path in _status_entries(status.stdout):
        if path.startswith(prefix):
            history.uncommitted.add(path[len(prefix):])
            if "M" in code:  # a change to a committed file (never ?? new, A added)
                history.uncommitted_edits.add(path[len(prefix):])
    return history


def _log_key(folder: Path, shallow_text: str, prefix: str, common: str) -> object:
    """What `git log -- .` in ``folder`` depends on: the HEAD commit, and what can change the
    history behind it without moving HEAD (the shallow boundary, replace refs, grafts). None
    (never reused) when HEAD cannot be read, e.g. before the first commit."""
    head = _git(folder, "rev-parse", "-q", "--verify", "HEAD^{commit}")
    if head.returncode != 0 or not head.stdout.strip() or not common.strip():
        return None
    git_dir = (folder / common.strip()).resolve()
    extra = _stamps([git_dir / "shallow", git_dir / "info" / "grafts", git_dir / "refs" / "replace",
                     git_dir / "packed-refs"])
    return (str(folder), prefix, shallow_text.strip(), head.stdout.strip(), extra)


def _stamps(paths: list[Path]) -> tuple[tuple[str, tuple[int, int, int] | None], ...]:
    """Size, mtime and inode of every file at or below ``paths`` (None: absent)."""
    out: list[tuple[str, tuple[int, int, int] | None]] = []
    for root in paths:
        found = [Path(d) / n for d, _, names in os.walk(root) for n in names] if root.is_dir() else [root]
        for path in found:
            try:
                st = os.stat(path)
            except OSError:
                out.append((str(path), None))
                continue
            out.append((str(path), (st.st_size, st.st_mtime_ns, st.st_ino)))
    return tuple(sorted(out))


def _log_entries(stream: str) -> list[tuple[str, list[str]]]:
    """Split `git log -z --name-status --format=@%ct` into ("@<time>", []) and (status, paths).

    Fields end in NUL; the first status of a commit follows a newline. A rename or copy (R100,
    C75) has two paths, every other status one. Paths are taken as they are: never stripped.
    """
    tokens = stream.split("\0")
    entries: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if not token:
            continue
        if token.startswith("@"):
            entries.append((token, []))
            continue
        count = 2 if token[0] in "RC" else 1
        entries.append((token, tokens[i : i + count]))
        i += count
    return entries


def _status_paths(stream: str) -> list[str]:
    """Paths of `git status --porcelain -z`: "XY path" NUL, a rename adding its old path after."""
    return [path for _, path in _status_entries(stream)]


def _status_entries(stream: str) -> list[tuple[str, str]]:
    """(XY, path) of `git status --porcelain -z`; a staged rename gives its new name."""
    tokens = stream.split("\0")
    entries = []
    i = 0
    while i < len(tokens):
        entry = tokens[i]
        i += 1
        if len(entry) < 4:
            continue
        entries.append((entry[:2], entry[3:]))  # a staged rename: the new name counts
        if "R" in entry[:2] or "C" in entry[:2]:
            i += 1  # the old name
    return entries


def _dates_from_log(entries: list[tuple[str, list[str]]], prefix: str,
                    edited: dict[str, dt.date] | None = None) -> dict[str, dt.date]:
    """Dates from _log_entries of `git log --name-status --format=@%ct`, newest commits first.

    A file's day is that of the newest commit that changed it. A pure rename (R100) is not a
    change of content: the renamed file keeps the day of its last edit under the old name.
    ``edited`` (when given) receives the day of the newest commit that modified a file (M): an
    import that adds a file with its old ``updated`` is not an edit after that day.
    """
    edited = {} if edited is None else edited
    dates: dict[str, dt.date] = {}
    carried: dict[str, str] = {}  # old path -> current path, for pure renames seen so far
    gone: set[str] = set()  # deleted or renamed away since: older changes to them date nothing
    day: dt.date | None = None
    for code, paths in entries:
        if code.startswith("@"):
            day = dt.datetime.fromtimestamp(int(code[1:]), tz=CHINA).date()
            continue
        if day is None or not paths:
            continue
        if code.startswith("R") and len(paths) == 2:
            old, new = paths
            current = carried.pop(new, new)
            if code == "R100":
                carried[old] = current  # older commits of `old` date `current`
            else:
                _stamp(dates, current, day, prefix)
                gone.add(old)
            continue
        path = carried.get(paths[-1], paths[-1])
        if path in gone:
            continue
        if code.startswith("D"):
            if path not in dates:
                gone.add(path)
            continue
        _stamp(dates, path, day, prefix)
        if code.startswith("M"):
            _stamp(edited, path, day, prefix)
    return dates


def _stamp(dates: dict[str, dt.date], path: str, day: dt.date, prefix: str) -> None:
    if path.startswith(prefix):
        rel = path[len(prefix):]
        if rel not in dates or day > dates[rel]:
            dates[rel] = day


def updated_days(column: Column, history: GitHistory, stop_on_shallow: bool) -> dict[str, dt.date]:
    """更新日期 of every document; problems about the history go to ``column.problems``.

    Order of precedence: `updated` in front matter (imported history), then an uncommitted change
    (the build day: a preview), then the day of the last commit, never before 发布日期 nor after
    the build day.
    Without git: `updated`, then 发布日期.
    """
    problems = column.problems
    if not history.available:
        problems.warning(
            "content/",
            f"无法从 git 读取更新日期：{history.reason}；各页更新日期改用 updated 字段或发布日期",
            "在 git 仓库的完整克隆中构建",
        )
    elif history.shallow:
        message = "仓库是浅克隆（shallow clone），git 历史不完整，所有页面的更新日期会变成同一天"
        if stop_on_shallow:
            problems.error("content/", message, SHALLOW_FIX)
        else:
            problems.warning("content/", message, SHALLOW_FIX)
    _check_guide_updated(column, history)
    out = {}
    for doc in column.documents:
        if doc.updated:
            out[doc.src] = doc.updated
        elif history.available and doc.src in history.uncommitted:
            out[doc.src] = column.day
        elif history.available and doc.src in history.dates:
            # a page built (or previewed with --date) as of a day cannot say it was updated after
            # that day: commits later than the build day count as that day
            out[doc.src] = min(max(history.dates[doc.src], doc.published), max(column.day, doc.published))
        else:
            out[doc.src] = doc.published
    return out


def _check_guide_updated(column: Column, history: GitHistory) -> None:
    """The guide's 更新日期 is the one 条例 requires (公开指南 kept up to date). A declared `updated`
    wins over git, so once the text is edited again, a stale one would silently stop the date:
    warn when git knows of an edit after it."""
    guide = column.guide
    if guide is None or guide.updated is None or not history.available:
        return
    last: dt.date | None
    if guide.src in history.uncommitted_edits:
        last, how = column.day, "有尚未提交的修改"
    else:
        last, how = history.edited.get(guide.src), "有提交的修改"
    if last is None or last <= guide.updated or last > column.day:
        return  # an edit after the build day D (a build "as of" an earlier day) is not known on D
    column.problems.warning(
        guide.src,
        f"指南写明更新日期 {format_day(guide.updated)}，但 git 记录它在 {format_day(last)} {how}："
        "网站上的更新日期不会随修改而变",
        f"删除 updated 这一行（更新日期自动取 git 中最后一次修改的日期），或把它改为 updated: {last.isoformat()}",
        field=guide.keys.get("updated", "updated"),
        line=guide.lines.get("updated"),
        value=guide.updated.isoformat(),
    )
