"""Key ``crawl``: the real `scrapy crawl dutenews` on a 5,000-article sample site, against a no-op spider.

Three runs against one sample site on 127.0.0.1, each a subprocess with the same local download settings:

- the first crawl into an empty archive (articles/s end to end: fetch, extract, dedupe, store);
- a no-op spider fetching exactly the URLs the first crawl requested, doing nothing with them
  (articles/s for the same pages: the floor Scrapy's downloader sets);
- the rerun of the crawl on the unchanged site (incremental: its time as a share of the first crawl).

Peak RSS is the crawl subprocess's own maximum resident set (VmHWM, polled every 50 ms).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newscrawl.sample_site.server import LOCAL_CRAWL, SampleServer, read_access_log
from newscrawl.sample_site.site import SampleSite
from newscrawl.settings import MAX_PAGE_BYTES

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The same downloader settings for every run: no politeness delays against our own loopback server.
TIMEOUT = 2
# The no-op spider runs outside the project: give it the crawl's downloader settings explicitly.
DOWNLOADER = [*LOCAL_CRAWL, "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}", "-s", "RETRY_TIMES=2",
              "-s", f"DOWNLOAD_MAXSIZE={MAX_PAGE_BYTES}", "-s", "LOG_LEVEL=WARNING"]  # fmt: skip


def _timed(command: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, exit status and peak RSS in MB of one subprocess."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # The child's own high-water mark (VmHWM belongs to the exec'd image). wait4's ru_maxrss would not
    # do: it keeps the forking parent's peak, and this parent holds a 5,000-article site in memory.
    peak_kb = 0
    while True:
        pid, status, _ = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak_kb = max(peak_kb, _vm_hwm_kb(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.stderr.write(process.stderr.read().decode(errors="replace")[-3000:])
    return seconds, process.returncode, peak_kb // 1024


def _vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def bench_crawl(articles: int = 5000) -> dict:
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as tmp:
        work = Path(tmp)
        server = SampleServer(SampleSite(articles=articles, seed=11, slow_seconds=3.0), 0, work / "site")
        server.serve_in_thread()
        db = work / "bench.db"
        crawl = server.crawl_command(db, timeout=TIMEOUT)
        try:
            first_s, first_rc, first_rss = _timed(crawl, ROOT)
            requested = read_access_log(work / "site")
            urls = work / "urls.txt"
            urls.write_text("\n".join(server.url + row["path"] for row in requested), encoding="utf-8")
            # Outside the project, so Scrapy's defaults apply: no pipelines, no extensions of ours.
            noop = [str(BIN / "scrapy"), "runspider", str(ROOT / "bench" / "noop_spider.py"),
                    "-a", f"urls={urls}", *DOWNLOADER]  # fmt: skip
            noop_s, noop_rc, noop_rss = _timed(noop, work)
            rerun_s, rerun_rc, rerun_rss = _timed(crawl, ROOT)
            rerun_requests = len(read_access_log(work / "site")) - len(requested) - len(requested)
        finally:
            server.shutdown()
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            versions = conn.execute("SELECT count(*) FROM versions").fetchone()[0]
    ours = stored / first_s
    baseline = stored / noop_s
    return {
        "site_articles": articles,
        "articles_stored": stored,
        "versions_stored": versions,
        "requests_first_crawl": len(requested),
        "requests_rerun": rerun_requests,
        "exit_status": {"first": first_rc, "noop": noop_rc, "rerun": rerun_rc},
        "first_crawl_s": round(first_s, 2),
        "noop_s": round(noop_s, 2),
        "rerun_s": round(rerun_s, 2),
        "articles_per_s": round(ours, 1),
        "noop_articles_per_s": round(baseline, 1),
        "ratio_vs_noop": round(ours / baseline, 3),
        "rerun_ratio": round(rerun_s / first_s, 3),
        "peak_rss_mb": max(first_rss, rerun_rss),
        "noop_peak_rss_mb": noop_rss,
        "targets": {"ratio_vs_noop": ">= 0.6", "rerun_ratio": "<= 0.2", "peak_rss_mb": "<= 300"},
    }
