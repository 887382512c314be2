"""Edit-loop benchmark: how long after saving a document `make serve` shows the new page.

Run by ``make bench-edit`` (``.venv/bin/python scripts/bench_edit.py --sizes 1000,10000``). For every
size N it generates the corpus of ``make bench`` (scripts/bench.py: the same generator, seed and
realistic bodies, committed as a git history) into .bench/edit-n<N>/ (``--reuse`` keeps one made
before and copies only the code afresh), starts ``mkdocs serve --dirty`` on it as ``make serve``
does, waits for the first build, then ``--edits`` times (default 3): changes one document's
title, saves it, and polls the served page over HTTP on 127.0.0.1 until it shows the new title.
The time reported is from the save to that answer (the server holds requests while it rebuilds,
as the browser's would be held). It also checks that the sub-column's list page shows the new
title, and reports the median, with the server's CPU time and the machine's load average (the
1-minute figure after each edit: on a shared machine the wall time follows it).

Options: --sizes 1000,10000  --edits 3  --reuse  --keep  --port 8765  --timeout 600
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench

ROOT = bench.ROOT
EPOCH = 1796256000  # a fixed build day, as the tests use


def fetch(url: str, timeout: float = 600) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, text: str, deadline: float) -> float | None:
    """Poll ``url`` until its page contains ``text``; the time it did, or None at ``deadline``."""
    while time.monotonic() < deadline:
        page = fetch(url, timeout=max(1.0, deadline - time.monotonic()))
        if page is not None and text in page:
            return time.monotonic()
        time.sleep(0.05)
    return None


def pick_document(content: Path) -> Path:
    """A generated document of the corpus (bench/ folders), the same one every run."""
    docs = sorted((content / "proactive").glob("*/bench/*/*.md"))
    if not docs:
        raise SystemExit("bench_edit: the corpus has no generated documents")
    return docs[len(docs) // 2]


def url_of(content: Path, doc: Path) -> str:
    rel = doc.relative_to(content).as_posix()[: -len(".md")]
    return rel + "/"


def set_title(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    if count != 1:
        raise SystemExit(f"bench_edit: no title line in {path}")
    path.write_text(new, encoding="utf-8")


def cpu_seconds(pid: int) -> float:
    """utime + stime of the server process (its own, not the children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_size(n: int, args, cfg, today: dt.date) -> dict:
    work = bench.BENCH_DIR / f"edit-n{n}"
    stamp = f"{n} {args.seed} realistic {today}"
    if args.reuse and (work / ".bench-stamp").is_file() and (work / ".bench-stamp").read_text() == stamp:
        bench.copy_code(work)
        print(f"N={n:,}: reusing {work}", flush=True)
    else:
        seconds = bench.prepare(work, n, cfg, today, args.seed)
        (work / ".bench-stamp").write_text(stamp)
        print(f"N={n:,}: generated {n:,} documents in {seconds:.1f} s ({work})", flush=True)
    content = work / "content"
    doc = pick_document(content)
    original = doc.read_text(encoding="utf-8")
    base = f"http://127.0.0.1:{args.port}/"
    page_url = base + url_of(content, doc)
    list_url = base + "/".join(url_of(content, doc).split("/")[:2]) + "/"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    log = (work / "serve.log").open("w", encoding="utf-8")
    started = time.monotonic()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{args.port}"],
                              cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    result: dict = {"n": n, "times": [], "cpu": [], "list_ok": [], "load": []}
    try:
        first = wait_for(page_url, "<html", started + args.timeout)
        if first is None:
            raise SystemExit(f"bench_edit: the first build of N={n} did not finish in {args.timeout} s "
                             f"(see {log.name})")
        result["first"] = first - started
        result["first_load"] = os.getloadavg()[0]
        print(f"  first build served after {result['first']:.1f} s (load {result['first_load']:.1f})", flush=True)
        time.sleep(2)  # the watcher's first scan of content/
        for i in range(args.edits):
            title = f"基准编辑标题第{i + 1}次{int(time.time() * 1000) % 100000}"
            cpu_before = cpu_seconds(server.pid)
            saved = time.monotonic()
            set_title(doc, title)
            shown = wait_for(page_url, title, saved + args.timeout)
            if shown is None:
                raise SystemExit(f"bench_edit: edit {i + 1} of N={n} not shown within {args.timeout} s")
            result["times"].append(shown - saved)
            result["cpu"].append(cpu_seconds(server.pid) - cpu_before)
            result["load"].append(os.getloadavg()[0])  # the machine is shared: figures depend on it
            listed = fetch(list_url)
            # the list page shows the title on one of its pages; the first page lists the newest
            result["list_ok"].append(bool(listed and title in listed) or _in_any_list_page(list_url, title))
            print(f"  edit {i + 1}: shown after {result['times'][-1]:.2f} s (server CPU {result['cpu'][-1]:.2f} s, "
                  f"load {result['load'][-1]:.1f}), "
                  f"list page {'shows' if result['list_ok'][-1] else 'does NOT show'} it", flush=True)
            time.sleep(1.5)
    finally:
        doc.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def _in_any_list_page(list_url: str, title: str) -> bool:
    for number in range(2, 2000):
        page = fetch(f"{list_url}page-{number}/")
        if page is None:
            return False
        if title in page:
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time one saved edit under make serve (mkdocs serve --dirty).")
    parser.add_argument("--sizes", type=bench.parse_sizes, default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse a corpus generated before (.bench/edit-n<N>)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus under .bench/")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for a build")
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args(argv)
    args.keep = args.keep or args.reuse
    cfg = bench.load_config(ROOT)
    today = dt.datetime.fromtimestamp(EPOCH, tz=bench.CHINA).date()
    results = [run_size(n, args, cfg, today) for n in args.sizes]
    print()
    print(f"| documents | first build | saved edit shown (median of {args.edits}) | each | server CPU per edit "
          "| load (1 min) | list page |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['n']:,} | {r['first']:.1f} s (load {r['first_load']:.1f}) | "
              f"{statistics.median(r['times']):.2f} s | "
              f"{', '.join(f'{t:.2f}' for t in r['times'])} s | {statistics.median(r['cpu']):.2f} s | "
              f"{', '.join(f'{x:.1f}' for x in r['load'])} | {'right' if all(r['list_ok']) else 'STALE'} |")
    return 0 if all(all(r["list_ok"]) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
