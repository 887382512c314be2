"""A saved document noticed at once in the edit loop (`make serve`), beside MkDocs' polling.

`mkdocs serve` finds changes by polling (watchdog's PollingObserver, every 0.5 s): after a save it
waited on average a quarter of a second for the next poll, whose walk of content/ takes a tenth of
a second more at 10,000 documents, before the rebuild began. Where the system tells of changes as
they happen (inotify, Linux), this watch asks MkDocs for the rebuild as soon as a file is written.

MkDocs' polling stays: on a file system that never reports changes (a network share, some
container mounts) it still finds every save, as before. So that a save told by inotify is not
rebuilt a second time when the next poll finds it too, the polling watch of the same folder is
given a new snapshot at that moment (before the rebuild reads the files, which happens after
MkDocs' own wait of 0.1 s for more changes). A file changed after that snapshot is found by the
next poll, and one changed before it is told by its own event: nothing is missed. A poll that
was already walking content/ when the file was saved still finds the save (a third of the saves at
10,000 documents, where a poll takes 0.1 s of every 0.6); its report of a file that inotify told of
in the last seconds is dropped, since inotify tells of every later write of that file as well.

It reaches into MkDocs' LiveReloadServer (``_rebuild_cond``, ``_want_rebuild``: what its own
watch callback sets) and watchdog's polling emitter (``_lock``, ``_snapshot``,
``_take_snapshot``); where any of them is missing it does nothing and polling works alone
(tests/test_edit_speed.py pins them).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)

log = logging.getLogger("mkdocs.plugins.gongkai")

TOLD_FOR = 3.0  # seconds: a poll's report of a file inotify told of within this time is dropped


class SavedNow(FileSystemEventHandler):
    """Asks ``server`` to rebuild on any change of a file (reading one is not a change), and gives
    the polling watches ``pollers`` of the same folder a new snapshot once the change is complete:
    a file closed after writing, created, deleted or moved (an editor's save by renaming). Not on
    "modified": one save reports it while the file is still being written, and a snapshot of the
    half-written file would make the next poll rebuild the finished one again."""

    def __init__(self, server, pollers: list) -> None:
        self.server = server
        self.pollers = pollers
        self.told: dict[str, float] = {}  # path -> when inotify last told of a change to it

    def told_recently(self, path: str) -> bool:
        return time.monotonic() - self.told.get(path, -TOLD_FOR) < TOLD_FOR

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in (EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE):
            return
        now = time.monotonic()
        if len(self.told) > 10_000:
            self.told = {path: at for path, at in self.told.items() if now - at < TOLD_FOR}
        for path in (event.src_path, event.dest_path):
            if path:
                self.told[os.fsdecode(path)] = now
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()
        if event.event_type == EVENT_TYPE_MODIFIED:
            return
        for emitter in self.pollers:
            take = getattr(emitter._take_snapshot, "take", emitter._take_snapshot)  # never the kept one
            with emitter._lock:
                emitter._snapshot = take()


def polling_emitters(server, folder: Path) -> list:
    """The polling watches of ``server`` on ``folder`` itself."""
    out = []
    for emitter in list(getattr(getattr(server, "observer", None), "emitters", ())):
        watch = getattr(emitter, "watch", None)
        if (watch is not None and hasattr(emitter, "_snapshot") and hasattr(emitter, "_lock")
                and callable(getattr(emitter, "_take_snapshot", None)) and Path(os.path.abspath(watch.path)) == folder):
            out.append(emitter)
    return out


def start(server, folder: Path):
    """The inotify watch of ``folder`` for ``server``, started; None where there is none (not
    Linux, MkDocs or watchdog not as expected, inotify refused: polling alone, as MkDocs does)."""
    if not sys.platform.startswith("linux"):
        return None
    if not (hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")):
        return None
    pollers = polling_emitters(server, folder)
    if not pollers:
        return None
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:
        return None
    observer = InotifyObserver()
    handler = SavedNow(server, pollers)
    try:
        observer.schedule(handler, str(folder), recursive=True)
        observer.start()
    except OSError as exc:  # e.g. the limit of inotify watches (fs.inotify.max_user_watches)
        log.debug(f"gongkai: no inotify watch of {folder} ({exc}); polling only")
        observer.stop()
        return None
    for emitter in pollers:
        emitter.queue_event = _UnlessTold(emitter.queue_event, handler)
    return observer


class _UnlessTold:
    """A polling watch's queue_event that drops a file's change inotify has just told of."""

    def __init__(self, queue_event, handler: SavedNow) -> None:
        self.queue_event, self.handler = queue_event, handler
        self.dropped = 0  # (tests)

    def __call__(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(p) for p in (event.src_path, event.dest_path) if p]
        if not event.is_directory and paths and all(self.handler.told_recently(p) for p in paths):
            self.dropped += 1
            return
        self.queue_event(event)


def stop(observer) -> None:
    if observer is not None:
        observer.stop()
        observer.join(5)
