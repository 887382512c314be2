"""Search benchmark: gongkai's index against Pagefind on the same built site.

Run: ``.venv/bin/python scripts/bench_search.py --sizes 1000,10000``. For every size N it copies the
build inputs into .bench/search-n<N>/, adds N generated documents whose bodies are drawn like real
documents (2-30 KB, median near 6 KB, sentences of the sample's own documents mixed with templated
ones, tables in some), builds the site with ``mkdocs build --strict`` and then measures

* the index build: gongkai's index alone in a process of its own (wall, CPU, peak RSS), the line
  of the build log that says how long the background index took, and Pagefind (``pagefind[extended]``
  from PyPI, run from its own venv, default settings) on the built site (wall, CPU, peak RSS);
* the index size on disk (and gzip-compressed);
* in headless Chromium, served by a local server that compresses responses with gzip where that
  makes them smaller (as a web server with gzip on would): the bytes transferred before the first
  results, the result count, whether the right documents come first, and recall against the
  documents that contain the query verbatim, for a two-character word (就业), a four-character
  phrase (营商环境) and a 文号.

``--index-only`` measures only gongkai's index, from the records (the plain text of every document)
built once: each run a process of its own that reads the pickled records and writes the index
(CPU by time.process_time, peak RSS by VmHWM, the load average beside each figure). With
``--baseline REV`` the searchindex.py of that git revision runs too, alternating with the current
one, and the two outputs are compared byte for byte (``diff -r``).

Pagefind is not installed into the project's venv: ``python3 -m venv .venv-pagefind &&
.venv-pagefind/bin/pip install 'pagefind[extended]'`` (``--pagefind PATH`` names another Python).
Figures and method: docs/search.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
BENCH_DIR = ROOT / ".bench"
INPUTS = ("content", "site_config", "overrides", "hooks", "gongkai", "mkdocs.yml")
EPOCH = "1795492800"  # 2026-11-24 12:00 in Asia/Shanghai: the build day of every run
QUERIES = ("就业", "营商环境")  # and a 文号 of the generated column, chosen per run

# ---------------------------------------------------------------------------------------------
# The corpus: scripts/bench.py's realistic generator, so that both benchmarks measure the same documents


def prepare(work: Path, n: int, seed: int) -> None:
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for name in INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, work / name)
    import bench  # scripts/bench.py (on sys.path above): the generator of the documents

    cfg = bench.load_config(ROOT)
    today = dt.datetime.fromtimestamp(int(EPOCH), tz=bench.CHINA).date()
    bench.Generator(cfg, today, seed + n, "realistic", bench.harvest(ROOT / "content")).write(work / "content", n)
    # the generated documents change the reports' own counts: say so in each report, as bench.py does
    bench.explain_report_differences(work / "content" / "annual-reports")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2025-06-01T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2025-06-01T10:00:00+08:00",
           "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.gov.cn", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "b@example.gov.cn"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
        subprocess.run(["git", *args], cwd=work, env=env, check=True, capture_output=True)


# ---------------------------------------------------------------------------------------------
# Index builds

INDEX_ALONE = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from gongkai.pipeline import check_column
from gongkai.core.dates import build_day, format_day
from gongkai.pages.listing import section_label
from gongkai.pages.searchindex import records_for, write_search_files
from gongkai.core.siteconfig import load_site_config
work, out = Path(sys.argv[2]), Path(sys.argv[3])
column = check_column(work / "content", load_site_config(work / "site_config"), build_day(os.environ))
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
w0, c0 = time.perf_counter(), cpu()
records = records_for(column, lambda d: section_label(column, d), column.status, lambda d: d.url, format_day)
w1, c1 = time.perf_counter(), cpu()
files = write_search_files(records, out)
w2, c2 = time.perf_counter(), cpu()
print(json.dumps({"records_s": w1 - w0, "records_cpu": c1 - c0, "index_s": w2 - w1, "index_cpu": c2 - c1,
                  "files": files, "rss_before_mb": rss0 / 1024,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


INDEX_FROM_RECORDS = r"""
import importlib.util, json, os, pickle, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import gongkai.pages.searchindex as module
records_file, out, baseline = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else ""
if baseline:  # the searchindex.py of another revision, as a module of the same package
    spec = importlib.util.spec_from_file_location("gongkai.pages.searchindex_baseline", baseline)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
with open(records_file, "rb") as f:
    records = pickle.load(f)
for record in records:  # the baseline's own methods (field_texts and what it calls)
    record.__class__ = module.SearchRecord
def hwm():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM"))
load, before = os.getloadavg()[0], hwm()
c0, w0 = time.process_time(), time.perf_counter()
files = module.write_search_files(records, out)
c1, w1 = time.process_time(), time.perf_counter()
print(json.dumps({"index_cpu": c1 - c0, "index_s": w1 - w0, "rss_records_mb": before, "peak_rss_mb": hwm(),
                  "load": load, "files": files}))
"""

RECORDS = r"""
import os, pickle, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from gongkai.pipeline import check_column
from gongkai.core.dates import build_day, format_day
from gongkai.pages.listing import section_label
from gongkai.pages.searchindex import records_for
from gongkai.core.siteconfig import load_site_config
work = Path(sys.argv[2])
column = check_column(work / "content", load_site_config(work / "site_config"), build_day(os.environ))
records = records_for(column, lambda d: section_label(column, d), column.status, lambda d: d.url, format_day)
with open(sys.argv[3], "wb") as f:
    pickle.dump(records, f, protocol=pickle.HIGHEST_PROTOCOL)
"""


def index_only(work: Path, repeat: int, baseline: str | None) -> dict:
    """The index alone from pickled records, ``repeat`` times; with a baseline revision, its
    searchindex.py and the current one alternately, and their files compared."""
    records = work / "records.pkl"
    subprocess.run([sys.executable, "-c", RECORDS, str(ROOT), str(work), str(records)], env=env_for_build(),
                   check=True)
    variants = {"current": ""}
    if baseline:
        old = work / "searchindex_baseline.py"
        old.write_bytes(subprocess.run(["git", "show", f"{baseline}:gongkai/pages/searchindex.py"], cwd=ROOT,
                                       check=True, capture_output=True).stdout)
        variants = {"baseline": str(old), "current": ""}
    runs: dict[str, list[dict]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, path in variants.items():
            out = work / f"index-{name}"
            shutil.rmtree(out, ignore_errors=True)
            run = subprocess.run([sys.executable, "-c", INDEX_FROM_RECORDS, str(ROOT), str(records), str(out),
                                  *([path] if path else [])], env=env_for_build(), capture_output=True, text=True,
                                 check=True)
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            runs[name].append(figures)
            print(f"  {name}: CPU {figures['index_cpu']:.1f} s, wall {figures['index_s']:.1f} s, peak RSS "
                  f"{figures['peak_rss_mb']:.0f} MB (records loaded: {figures['rss_records_mb']:.0f} MB), "
                  f"load {figures['load']:.1f}", flush=True)
    row: dict = {name: {"runs": found, "median_cpu": median([f["index_cpu"] for f in found]),
                        "median_peak_rss_mb": median([f["peak_rss_mb"] for f in found])}
                 for name, found in runs.items()}
    row["current"].update(dir_size(work / "index-current"))
    if baseline:
        same = subprocess.run(["diff", "-r", "-q", str(work / "index-baseline"), str(work / "index-current")],
                              capture_output=True, text=True)
        row["identical"] = same.returncode == 0
        print(f"  the two indexes are {'byte-identical' if same.returncode == 0 else 'DIFFERENT:'}"
              f"{'' if same.returncode == 0 else same.stdout[:2000]}", flush=True)
    return row


def env_for_build() -> dict:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def gongkai_index_alone(work: Path) -> dict:
    """The index alone, in a process of its own, from the loaded column: the records (plain text
    of every body) and the index files, each timed; the process's peak RSS (the column included)."""
    out = work / "index-alone"
    shutil.rmtree(out, ignore_errors=True)
    run = subprocess.run([sys.executable, "-c", INDEX_ALONE, str(ROOT), str(work), str(out)], env=env_for_build(),
                         capture_output=True, text=True, check=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    figures.update(dir_size(out))
    return figures


def dir_size(folder: Path, pattern: str = "*") -> dict:
    raw = packed = files = 0
    for path in sorted(folder.rglob(pattern)):
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            packed += min(len(data), len(gzip.compress(data, 6, mtime=0)))
            files += 1
    return {"size_mb": raw / 1024**2, "gzip_mb": packed / 1024**2, "file_count": files}


def run_timed(argv: list[str], cwd: Path, env: dict, log: Path) -> dict:
    """Run argv under GNU time: wall and CPU seconds, peak RSS (MB) of the process tree's largest."""
    stats = log.with_suffix(".time")
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        rc = subprocess.call(["/usr/bin/time", "-v", "-o", str(stats), *argv], cwd=cwd, env=env, stdout=out,
                             stderr=subprocess.STDOUT)
        wall = time.perf_counter() - start
    if rc != 0:
        raise SystemExit(f"bench: {' '.join(argv[:4])} … failed (exit {rc}), see {log}")
    text = stats.read_text(encoding="utf-8")

    def field(name: str) -> float:
        return float(re.search(re.escape(name) + r": ([\d.]+)", text).group(1))

    return {"wall_s": wall, "cpu_s": field("User time (seconds)") + field("System time (seconds)"),
            "rss_mb": field("Maximum resident set size (kbytes)") / 1024}


def build_site(work: Path) -> dict:
    figures = run_timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(work / "site")], work,
                        env_for_build(), work / "build.log")
    log = (work / "build.log").read_text(encoding="utf-8")
    found = re.search(r"后台生成用时 ([\d.]+) 秒，构建为等待它多用 ([\d.]+) 秒", log)
    background, waited = (float(found[1]), float(found[2])) if found else (None, None)
    figures["index_background_s"], figures["index_waited_s"] = background, waited
    return figures


def pagefind_build(work: Path, python: Path) -> dict:
    shutil.rmtree(work / "site" / "pagefind", ignore_errors=True)
    figures = run_timed([str(python), "-m", "pagefind", "--site", str(work / "site"), "--output-subdir", "pagefind"],
                        work, {**os.environ}, work / "pagefind.log")
    figures.update(dir_size(work / "site" / "pagefind"))
    return figures


# ---------------------------------------------------------------------------------------------
# In the browser

SENT: list = []  # (path, body bytes as sent): what a measurement sums up, workers' requests included


def sent_since(mark: int, part: str) -> tuple[float, int]:
    """KB and requests sent since SENT[mark] whose path contains ``part``."""
    rows = [size for path, size in SENT[mark:] if part in path]
    return sum(rows) / 1024, len(rows)


def gzip_handler() -> type:
    """The audit's local server's handler (gongkai/audit/browser.py: the site under its path prefix),
    compressing a response with gzip when the client accepts it and it gets smaller (Pagefind's files
    are compressed already: sent as they are), as a web server with gzip on would; every response is
    counted in SENT."""
    from gongkai.audit.browser import SiteHandler

    class GzipHandler(SiteHandler):
        def do_GET(self):
            bare = self.path.split("?", 1)[0].split("#", 1)[0]
            path = Path(self.translate_path(self.path))  # outside the prefix: a file that does not exist
            if path.is_dir():
                if not bare.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", bare + "/")
                    self.end_headers()
                    return
                path = path / "index.html"
            if not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            encoding = None
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                packed = gzip.compress(data, 6, mtime=0)
                if len(packed) < len(data):
                    data, encoding = packed, "gzip"
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.end_headers()
            self.wfile.write(data)
            SENT.append((bare, len(data)))

    return GzipHandler


@contextmanager
def serve_gzip(site: Path, prefix: str):
    """The site under ``prefix`` on the audit's local server, compressed (gzip_handler); yields the
    site's address."""
    from gongkai.audit.browser import serve

    with serve(site, prefix, handler=gzip_handler()) as root:
        yield root.rstrip("/") + prefix


PAGEFIND_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script type="module">
let pf = null;
async function load() { if (!pf) { pf = await import("../pagefind/pagefind.js"); await pf.options({}); } return pf; }
window.pfFirst = async (q, n) => {
  const p = await load();
  const r = await p.search(q);
  const shown = await Promise.all(r.results.slice(0, n).map(x => x.data()));
  return {count: r.results.length, urls: shown.map(d => d.url), titles: shown.map(d => (d.meta || {}).title || "")};
};
window.pfAll = async (q) => {
  const p = await load();
  const r = await p.search(q);
  const out = [];
  for (let i = 0; i < r.results.length; i += 100) {
    const ds = await Promise.all(r.results.slice(i, i + 100).map(x => x.data()));
    ds.forEach(d => out.push(d.url));
  }
  return out;
};
window.pfReady = true;
</script></body></html>
"""

def column_texts(work: Path) -> tuple[list, dict]:
    """(documents newest first as the index numbers them, url -> normalised searchable texts)."""
    from gongkai.annualreport.body import page_markdown
    from gongkai.core.dates import build_day
    from gongkai.core.siteconfig import load_site_config
    from gongkai.core.text import plain_text
    from gongkai.pages.searchindex import normalise_query_text
    from gongkai.pipeline import check_column

    column = check_column(work / "content", load_site_config(work / "site_config"), build_day(env_for_build()))
    texts = {}
    for doc in column.documents:
        values = [doc.title, doc.doc_no or "", doc.index_no or "", doc.publisher, doc.summary, doc.reg_no or "",
                  plain_text(page_markdown(doc, column))]
        texts[doc.url] = [normalise_query_text(v) for v in values]
    return column.newest_first(), texts


def verbatim(texts: dict, query: str) -> set:
    from gongkai.pages.searchindex import normalise_query_text

    words = normalise_query_text(query).split()
    return {url for url, values in texts.items() if all(any(w in v for v in values) for w in words)}


def search_in_browser(work: Path, queries: list[str], with_pagefind: bool) -> dict:
    from playwright.sync_api import sync_playwright

    from gongkai.audit import base_path
    from gongkai.audit.browser import CHROMIUM_ARGS, chromium_path

    site = work / "site"
    prefix = base_path(site)
    docs, texts = column_texts(work)
    by_ref = [d.url for d in docs]
    if with_pagefind:
        (site / "pagefind-bench").mkdir(exist_ok=True)
        (site / "pagefind-bench" / "index.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    out = {}
    with serve_gzip(site, prefix) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        for query in queries:
            expected = verbatim(texts, query)
            in_title = {u for u in expected if verbatim({u: texts[u][:1]}, query)}
            row = {"verbatim": len(expected), "in_title": len(in_title)}
            # gongkai: the search page, cold cache; transfer until the first 20 results are shown
            context = browser.new_context(locale="zh-CN")
            page = context.new_page()
            mark = len(SENT)
            page.goto(base + "search/")
            started = time.perf_counter()
            page.fill("#gk-q", query)
            page.press("#gk-q", "Enter")
            page.wait_for_function("() => /^(找到|未找到)/"
                                   ".test(document.getElementById('gk-search-status').textContent)",
                                   timeout=120_000)
            row["gongkai_ms"] = (time.perf_counter() - started) * 1000
            js_kb, _ = sent_since(mark, "/search.js")
            data_kb, requests = sent_since(mark, "/search/data/")
            row["gongkai_kb"], row["gongkai_requests"] = js_kb + data_kb, requests + 1
            row["gongkai_page_kb"] = sent_since(mark, "")[0]  # the whole search page: theme, fonts none, assets
            refs = page.evaluate("q => window.gongkaiSearch.search(q)", query)
            found = {by_ref[r] for r in refs}
            status = page.inner_text("#gk-search-status") + "找到 0 条"
            row["gongkai_count"] = int(re.search(r"找到 (\d+) 条", status)[1])
            row["gongkai_found"] = len(found & expected)
            row["gongkai_other"] = len(found - expected)
            top = [by_ref[r] for r in refs[:10]]
            row["gongkai_top10_title"] = sum(1 for u in top if u in in_title)
            row["gongkai_first"] = top[0] if top else ""
            context.close()
            if with_pagefind:
                context = browser.new_context(locale="zh-CN")
                page = context.new_page()
                page.goto(base + "pagefind-bench/")
                page.wait_for_function("() => window.pfReady === true")
                mark = len(SENT)
                started = time.perf_counter()
                first = page.evaluate("q => window.pfFirst(q, 5)", query)
                row["pagefind_ms"] = (time.perf_counter() - started) * 1000
                row["pagefind_kb_5"], row["pagefind_requests_5"] = sent_since(mark, "/pagefind/")
                page.evaluate("q => window.pfFirst(q, 20)", query)
                row["pagefind_kb_20"], row["pagefind_requests_20"] = sent_since(mark, "/pagefind/")
                row["pagefind_count"] = first["count"]
                urls = page.evaluate("q => window.pfAll(q)", query)
                found = {u.removeprefix(prefix) for u in urls}
                row["pagefind_found"] = len(found & expected)
                row["pagefind_other"] = len(found - expected)
                top = [u.removeprefix(prefix) for u in urls[:10]]
                row["pagefind_top10_title"] = sum(1 for u in top if u in in_title)
                row["pagefind_first"] = top[0] if top else ""
                context.close()
            out[query] = row
        browser.close()
    return out


def doc_no_query(work: Path) -> tuple[str, str]:
    """A 文号 of the generated column, as written, and the URL of its document."""
    docs, _ = column_texts(work)
    doc = next(d for d in docs if d.doc_no and "bench/" in d.src)
    return doc.doc_no, doc.url


# ---------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="gongkai's search index against Pagefind on the same built site.")
    parser.add_argument("--sizes", default="1000", help="numbers of generated documents, comma separated")
    parser.add_argument("--repeat", type=int, default=3, help="index builds per tool; the median is reported")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--pagefind", type=Path, default=ROOT / ".venv-pagefind" / "bin" / "python",
                        help="the Python of a venv with pagefind[extended] installed")
    parser.add_argument("--no-pagefind", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep .bench/search-n<N>/")
    parser.add_argument("--index-only", action="store_true",
                        help="only gongkai's index, from the records, each run a process of its own")
    parser.add_argument("--baseline", metavar="REV",
                        help="with --index-only: also the searchindex.py of this git revision, alternately")
    parser.add_argument("--browser-only", action="store_true",
                        help="only the browser figures, on a work dir kept by an earlier --keep run")
    args = parser.parse_args(argv)
    with_pagefind = not args.no_pagefind and not args.index_only
    if with_pagefind and not args.pagefind.exists():
        parser.error(f"{args.pagefind} is missing: python3 -m venv .venv-pagefind && "
                     ".venv-pagefind/bin/pip install 'pagefind[extended]' (or --no-pagefind)")
    results = {}
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        work = BENCH_DIR / f"search-n{n}"
        if args.browser_only:
            doc_no, _ = doc_no_query(work)
            for query, q in search_in_browser(work, [*QUERIES, doc_no], with_pagefind).items():
                print(f"  {query}: {json.dumps(q, ensure_ascii=False)}", flush=True)
            continue
        prepare(work, n, args.seed)
        bodies = [len(p.read_text(encoding="utf-8").split("\n---\n", 1)[1].encode("utf-8"))
                  for p in (work / "content").rglob("*.md") if "/bench/" in p.as_posix()]
        print(f"N={n:,}: generated; body bytes median {median(bodies):,.0f}, "
              f"min {min(bodies):,}, max {max(bodies):,}, total {sum(bodies) / 1024**2:.1f} MB", flush=True)
        row: dict = {"documents": n, "body_median_bytes": median(bodies), "body_total_mb": sum(bodies) / 1024**2}
        if args.index_only:
            row["index_only"] = index_only(work, args.repeat, args.baseline)
            results[n] = row
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
            continue
        row["build"] = build_site(work)
        print(f"  mkdocs build: {row['build']}", flush=True)
        alone = [gongkai_index_alone(work) for _ in range(args.repeat)]
        row["gongkai_index"] = {k: median([a[k] for a in alone]) for k in alone[0]}
        row["gongkai_index"]["runs_cpu"] = [a["index_cpu"] + a["records_cpu"] for a in alone]
        print(f"  gongkai index alone: {row['gongkai_index']}", flush=True)
        row["gongkai_site_index"] = dir_size(work / "site" / "search" / "data")
        if with_pagefind:
            runs = [pagefind_build(work, args.pagefind) for _ in range(args.repeat)]
            row["pagefind_index"] = {k: median([r[k] for r in runs]) for k in runs[0]}
            row["pagefind_index"]["runs_cpu"] = [r["cpu_s"] for r in runs]
            print(f"  pagefind: {row['pagefind_index']}", flush=True)
        doc_no, doc_url = doc_no_query(work)
        row["doc_no_query"], row["doc_no_url"] = doc_no, doc_url
        row["queries"] = search_in_browser(work, [*QUERIES, doc_no], with_pagefind)
        for query, q in row["queries"].items():
            print(f"  {query}: {json.dumps(q, ensure_ascii=False)}", flush=True)
        results[n] = row
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.browser_only:
        return 0
    BENCH_DIR.mkdir(exist_ok=True)
    name = "search-index-results.json" if args.index_only else "search-results.json"
    (BENCH_DIR / name).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nfigures in {BENCH_DIR / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
