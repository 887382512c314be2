"""Half of a list of independent jobs in a forked process (reading and checking 10,000 documents is
the longest step a build takes before MkDocs starts on the pages, on one core).

``map_halved(run, jobs)`` is ``[run(job) for job in jobs]``: a forked child runs the second half
while this process runs the first, and the child's results come back pickled, in order. Where that
cannot pay or cannot work (few jobs, no fork, one core, ``GONGKAI_BUILD_WORKERS=1``) or the child
fails in any way, the jobs run here: the results are the same either way, only sooner.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")

MIN_JOBS = 400  # below this a second process costs more than it saves
# the one switch of every second process of a build (this module, hooks/splitbuild.py)
WORKERS_VARIABLE = "GONGKAI_BUILD_WORKERS"


def wanted(count: int, minimum: int = MIN_JOBS) -> bool:
    """Whether ``count`` jobs go to a second process: ``GONGKAI_BUILD_WORKERS=1`` never, ``=2``
    whenever fork exists (tests compare the two on small inputs), unset from ``minimum`` jobs on
    a machine with more than one core."""
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    if setting == "1" or not hasattr(os, "fork"):
        return False
    return setting == "2" or (count >= minimum and (os.cpu_count() or 1) > 1)


def map_halved(run: Callable[[J], R], jobs: Sequence[J]) -> list[R]:
    """``[run(job) for job in jobs]``, the second half computed by a forked child."""
    if not wanted(len(jobs)):
        return [run(job) for job in jobs]
    middle = (len(jobs) + 1) // 2
    fd, name = tempfile.mkstemp(prefix="gongkai-half-", suffix=".pickle")
    os.close(fd)
    path = Path(name)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller
        code = 1
        try:
            path.write_bytes(pickle.dumps([run(job) for job in jobs[middle:]], protocol=pickle.HIGHEST_PROTOCOL))
            code = 0
        finally:
            os._exit(code)
    try:
        first = [run(job) for job in jobs[:middle]]
    except BaseException:
        _end(pid)
        path.unlink(missing_ok=True)
        raise
    try:
        _, status = os.waitpid(pid, 0)
        second = pickle.loads(path.read_bytes()) if status == 0 else None
    except (OSError, EOFError, pickle.UnpicklingError):
        second = None
    finally:
        path.unlink(missing_ok=True)
    if not isinstance(second, list) or len(second) != len(jobs) - middle:
        second = [run(job) for job in jobs[middle:]]  # the child failed: the same results, here
    return first + second


def _end(pid: int) -> None:
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except OSError:
        pass
