"""Key ``warc``: what WARC capture (newscrawl.warc) costs the crawl, and what it writes.

The real `scrapy crawl dutenews` on a 5,000-article sample site on 127.0.0.1 (every third article page
gzip-encoded), each run a subprocess into an empty archive with the same local download settings: capture
off, capture on, off, on. Each setting keeps its faster run (the other absorbs the noise of a shared
machine); the ratio is articles/s with capture over articles/s without. The crawl process's CPU time (user +
system, from the kernel's account of the reaped child) says the same with less noise where other work shares
the machine. WARC bytes per article: every file the faster capture run wrote (all records: requests, list
pages, robots.txt, errors), over the articles it stored.
"""

from __future__ import annotations

import resource
import sqlite3
import tempfile
from pathlib import Path

from bench.crawl import ROOT, TIMEOUT, _timed
from newscrawl.sample_site.server import SampleServer
from newscrawl.sample_site.site import SampleSite

ROUNDS = 2


def _stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's reaped children so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _least(runs: list[dict], capture: bool, key: str) -> float:
    return min(r[key] for r in runs if r["capture"] is capture)


def bench_warc(articles: int = 5000) -> dict:
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-warc-") as tmp:
        work = Path(tmp)
        server = SampleServer(SampleSite(articles=articles, seed=11, slow_seconds=3.0), 0, work / "site")
        server.serve_in_thread()
        runs = []
        try:
            for n in range(ROUNDS):
                for capture in (False, True):
                    db, warc = work / f"{n}-{capture}.db", work / f"warc-{n}"
                    extra = ("-s", f"NEWSCRAWL_WARC_DIR={warc}") if capture else ()
                    before = _children_cpu()
                    seconds, status, rss = _timed(server.crawl_command(db, *extra, timeout=TIMEOUT), ROOT)
                    cpu = _children_cpu() - before
                    files = sorted(warc.glob("*.warc.gz")) if capture else []
                    runs.append({"capture": capture, "s": round(seconds, 2), "cpu_s": round(cpu, 2), "exit_status": status,
                                 "articles_stored": _stored(db), "peak_rss_mb": rss,
                                 "warc_files": len(files), "warc_bytes": sum(f.stat().st_size for f in files)})  # fmt: skip
        finally:
            server.shutdown()
    off = min((r for r in runs if not r["capture"]), key=lambda r: r["s"])
    on = min((r for r in runs if r["capture"]), key=lambda r: r["s"])
    off_rate, on_rate = off["articles_stored"] / off["s"], on["articles_stored"] / on["s"]
    return {
        "site_articles": articles,
        "runs": runs,
        "articles_per_s_capture_off": round(off_rate, 1),
        "articles_per_s_capture_on": round(on_rate, 1),
        "ratio_on_vs_off": round(on_rate / off_rate, 3),
        "cpu_ms_per_article_capture_off": round(
            _least(runs, False, "cpu_s") / off["articles_stored"] * 1000, 2
        ),
        "cpu_ms_per_article_capture_on": round(_least(runs, True, "cpu_s") / on["articles_stored"] * 1000, 2),
        "warc_bytes": on["warc_bytes"],
        "warc_bytes_per_article": round(on["warc_bytes"] / on["articles_stored"]),
        "peak_rss_mb": {"capture_off": off["peak_rss_mb"], "capture_on": on["peak_rss_mb"]},
        "targets": {"ratio_on_vs_off": ">= 0.9"},
    }
