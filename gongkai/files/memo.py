"""Per-file results of the pipeline, kept between the builds of one ``mkdocs serve`` process.

The pipeline (gongkai/pipeline.py) reads and checks every file on every build. While a webmaster
previews, one saved file changes between two builds; the other files give the same results as
before. A :class:`FileMemo` remembers, for each file, what its per-file steps returned and the
problems they reported, keyed by the file's stamp (size, modification and change times, inode):
an unchanged file replays them, a changed one goes through the very same functions again. The
column-wide checks (uniqueness, references, validity, links between files) always run on the
whole column, so the verdict is the same as a full ``gongkai check``.

Nothing here knows MkDocs; ``gongkai check`` and ``mkdocs build`` pass no memo at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar, cast

from ..core.problems import Problem, Problems
from .gitdates import LogCache

T = TypeVar("T")
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def stamp_of(path: Path) -> Stamp | None:
    """What changes whenever the file's bytes may have changed (ctime cannot be set back by a
    program, unlike mtime); None when the file is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def stamps_under(paths: list[Path]) -> tuple[tuple[str, Stamp | None], ...]:
    """The stamps of every file below ``paths`` (folders walked, files taken as they are), sorted:
    equal tuples mean nothing below them changed (site_config/, templates, mkdocs.yml)."""
    out: list[tuple[str, Stamp | None]] = []
    for root in paths:
        if root.is_dir():
            for folder, _, names in os.walk(root):
                for name in names:
                    path = Path(folder) / name
                    out.append((str(path), stamp_of(path)))
        else:
            out.append((str(root), stamp_of(root)))
    return tuple(sorted(out))


class FileMemo:
    """Results of per-file steps by file and stamp, and of pure functions of a text.

    Entries not used by a build are dropped at the start of the next one (:meth:`begin`), so
    the memo holds one build's worth of results, never the history of every edit."""

    def __init__(self) -> None:
        self.context: Hashable = None
        self._files: dict[tuple[str, str], tuple[Hashable, object, list[Problem]]] = {}
        self._used: dict[tuple[str, str], tuple[Hashable, object, list[Problem]]] = {}
        self._texts: dict[tuple[str, str], object] = {}
        self._texts_used: dict[tuple[str, str], object] = {}
        self.stamps: dict[str, Stamp | None] = {}  # rel -> stamp of the file as the last build read it
        # rel -> (step, stamp, other inputs) of every step the last build ran on the file: what a
        # document's page shows of its file, including the folder defaults (.meta.yml) it was read with
        self.versions: dict[str, tuple[Hashable, ...]] = {}
        self.reread: set[str] = set()  # files read afresh by the last build (changed or new)
        self.builds = 0
        self.git_log = LogCache()  # the last `git log` pass, while the commits are the same

    def begin(self, context: Hashable) -> None:
        """A new build. ``context`` is everything the per-file results depend on besides the
        file itself (the build day, site_config/): when it differs, nothing is reused."""
        if context != self.context:
            self._used, self._texts_used = {}, {}
        self._files, self._used = self._used, {}
        self._texts, self._texts_used = self._texts_used, {}
        self.context = context
        self.reread = set()
        self.stamps = {}
        self.versions = {}
        self.builds += 1

    def file(self, kind: str, rel: str, path: Path, key: Hashable, problems: Problems,
             compute: Callable[[Problems], T]) -> T:
        """``compute(problems)`` for the file ``rel`` at ``path``, or what it returned and reported
        for the same stamp and ``key`` (the other inputs of the step) in the last build."""
        stamp = stamp_of(path)
        self.stamps[rel] = stamp
        self.versions[rel] = (*self.versions.get(rel, ()), (kind, stamp, key))
        entry = self._files.get((kind, rel))
        if stamp is not None and entry is not None and entry[0] == (stamp, key):
            result, reported = entry[1], entry[2]
        else:
            self.reread.add(rel)
            found = Problems()
            result = compute(found)
            reported = list(found.items)
        self._used[(kind, rel)] = ((stamp, key), result, reported)
        # in the order compute reported them: the same problems, deduplicated, as without a memo
        problems.add_all(reported)
        return cast(T, result)

    def text(self, kind: str, text: str, compute: Callable[[str], T]) -> T:
        """``compute(text)`` for a pure function of ``text`` (a body's limits, its links)."""
        key = (kind, text)
        if key in self._texts:
            result = self._texts[key]
        elif key in self._texts_used:
            result = self._texts_used[key]
        else:
            result = compute(text)
        self._texts_used[key] = result
        return cast(T, result)
