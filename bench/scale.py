"""Key ``scale``: a cluster (newscrawl.cluster) of 1, 2 and 4 workers on a sample site 200 ms away, and the
writer's drain rate.

For each number of workers: a fresh redis-server (newscrawl.cluster.local), a fresh 300-article sample site
whose every answer takes 200 ms (SampleServer's latency), and that many `scrapy crawl dutenews -s
NEWSCRAWL_REDIS_URL=…` subprocesses. A worker takes 4 requests at a time (CONCURRENT_REQUESTS: what one
worker can have in flight), the site 16 from the whole cluster (CONCURRENT_REQUESTS_PER_DOMAIN, held by the
cluster's shared slot). No writer runs meanwhile: the items wait in Redis.

- ``articles_per_s``: article pages fetched over the seconds between the first and the last request the
  site's access log shows (the crawl itself, not Python's start-up); ``steady_articles_per_s`` over the
  middle 80% of the article pages (without the run's serial start, robots.txt then the sitemap, and its
  tail, the fault pages' last retries);
- ``drain``: then `newscrawl store` writes the 1-worker run's stream into an empty archive; items (and
  articles) committed per second of the writer's loop, against one worker's article fetch rate.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from scrapy.settings import Settings

from newscrawl.cluster.link import STREAM, client
from newscrawl.cluster.local import LocalRedis
from newscrawl.cluster.writer import Writer
from newscrawl.sample_site.server import SampleServer, read_access_log
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]
LATENCY = 0.2
ARTICLES = 300
PER_WORKER = 4
PER_SITE = 16
WORKERS = (1, 2, 4)


def _crawl(work: Path, workers: int) -> tuple[dict, LocalRedis]:
    redis_server = LocalRedis(work / "redis").start()
    # The slow fault page as slow as the rest (its timeout would be the run's tail, not its rate).
    site = SampleServer(
        SampleSite(articles=ARTICLES, seed=13, slow_seconds=0.0), 0, work / "site", latency=LATENCY
    )
    site.serve_in_thread()
    command = site.crawl_command(work / "unused.db", "-s", f"NEWSCRAWL_REDIS_URL={redis_server.url}",
                                 "-s", f"CONCURRENT_REQUESTS={PER_WORKER}",
                                 "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_SITE}", timeout=10)  # fmt: skip
    try:
        processes = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for _ in range(workers)]  # fmt: skip
        statuses = [p.wait() for p in processes]
    finally:
        site.shutdown()
    log = read_access_log(work / "site")
    moments = sorted(datetime.fromisoformat(r["at"]) for r in log)
    seconds = (moments[-1] - moments[0]).total_seconds()
    pages = [r for r in log if r["path"].startswith(("/n/article/", "/n/ctmedia/")) and r["status"] == 200]
    # The steady rate: the middle 80% of the article pages, without the start (robots.txt, the sitemap
    # read before any article is known) and the tail (the fault pages' last retries).
    middle = sorted(datetime.fromisoformat(r["at"]) for r in pages)
    cut = len(middle) // 10
    steady = (len(middle) - 2 * cut - 1) / (middle[-cut - 1] - middle[cut]).total_seconds()
    return {
        "workers": workers,
        "exit_status": statuses,
        "requests": len(log),
        "articles_fetched": len(pages),
        "crawl_s": round(seconds, 2),
        "articles_per_s": round(len(pages) / seconds, 1),
        "steady_articles_per_s": round(steady, 1),
    }, redis_server


def _drain(work: Path, redis_server: LocalRedis) -> dict:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    server = client(redis_server.url)
    items = server.xlen(STREAM)
    writer = Writer(server, work / "drain.db", settings)
    start = time.perf_counter()
    report = writer.run(idle_exit=0)
    seconds = time.perf_counter() - start
    with sqlite3.connect(work / "drain.db") as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"stream_items": items, "items_written": report.items, "articles_stored": stored,
            "drain_s": round(seconds, 2), "items_per_s": round(report.items / seconds, 1),
            "articles_per_s": round(stored / seconds, 1)}  # fmt: skip


def bench_scale() -> dict:
    runs = {}
    drain = None
    for workers in WORKERS:
        with tempfile.TemporaryDirectory(prefix="newscrawl-scale-") as tmp:
            print(f"  scale: {workers} worker(s) …", file=sys.stderr, flush=True)
            runs[workers], redis_server = _crawl(Path(tmp), workers)
            try:
                if workers == 1:
                    drain = _drain(Path(tmp), redis_server)
            finally:
                redis_server.stop()
    one = runs[1]["articles_per_s"]
    return {
        "site": {
            "articles": ARTICLES,
            "latency_s": LATENCY,
            "per_worker_concurrency": PER_WORKER,
            "per_site_concurrency": PER_SITE,
        },  # fmt: skip
        "runs": list(runs.values()),
        "speedup_2_workers": round(runs[2]["articles_per_s"] / one, 2),
        "speedup_4_workers": round(runs[4]["articles_per_s"] / one, 2),
        "steady_speedup_2_workers": round(
            runs[2]["steady_articles_per_s"] / runs[1]["steady_articles_per_s"], 2
        ),
        "steady_speedup_4_workers": round(
            runs[4]["steady_articles_per_s"] / runs[1]["steady_articles_per_s"], 2
        ),
        "drain": drain,
        "drain_vs_one_worker": round(drain["articles_per_s"] / one, 1),
        "targets": {"speedup_2_workers": ">= 1.8", "drain_vs_one_worker": ">= 5"},
    }
