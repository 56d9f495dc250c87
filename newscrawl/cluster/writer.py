"""`newscrawl store`: the single writer of a cluster, from the Redis item stream into the SQLite archive.

It reads the stream as the one consumer of the group ``writers`` and hands each item to the pipelines a crawl
without Redis runs (ITEM_PIPELINES: validate, dedupe, store), one Scrapy-like crawl per cluster run: the run's
start marker starts a crawl run in the archive (its args name the cluster run), its items go through the
pipelines, its end marker ends it with the counts of every worker (published in Redis) and the writer's own.

Nothing is lost, nothing doubled: each batch of entries is one transaction that also records the id of the
last entry it holds (Archive.set_stream_position); entries are acknowledged (XACK, then deleted) only after
that commit. A writer killed before the commit leaves its entries pending: the next one reads them again.
Killed after it, it leaves them pending too, but the recorded position says they are in: they are only
acknowledged. A crawl run it had started is taken over by the next writer (Archive.cluster_run).

After each run it ends (and when it starts) it publishes what the workers must know of the archive
(newscrawl.cluster.published).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import redis
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.settings import BaseSettings, Settings
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object

from newscrawl.archive import Archive
from newscrawl.cluster.link import ACTIVE_RUNS, PREFIXES, REDIS_DOWN, STREAM, WRITERS, Keys
from newscrawl.cluster.published import publish
from newscrawl.cluster.sink import decode
from pipelines.store import StorePipeline

logger = logging.getLogger(__name__)

CONSUMER = "writer"  # one writer: the archive's lock keeps a second one out
BLOCK_MS = 1000
START_WAIT = 30.0  # seconds the writer waits for its Redis when it starts
# Counts of a worker that are not summed over the workers of a run: the largest is kept.
_LARGEST = ("elapsed_time_seconds", "memusage/", "newscrawl/crawl_delay/", "newscrawl/download_delay/",
            "newscrawl/revisit/budget", "newscrawl/revisit/known")  # fmt: skip
_NOT_COUNTS = ("newscrawl/cluster/run", "newscrawl/crawl_run")


class WriterStopped(Exception):
    """The archive could not take a batch (a full disk, a size cap): nothing of it was acknowledged."""


class _Crawler:
    """What the archive's pipelines ask of Scrapy's Crawler: settings, stats, signals, the spider, and the
    engine's close_spider (the store's way to stop on a full disk)."""

    def __init__(self, settings: BaseSettings, spider: SimpleNamespace):
        self.settings = settings
        self.spider = spider
        self.signals = SignalManager(self)
        self.stats = MemoryStatsCollector(self)
        self.engine = self
        self.stopped: str | None = None

    def close_spider(self, spider, reason: str) -> None:
        self.stopped = reason


class _Run:
    """One cluster run being written: the archive's pipelines, opened as a crawl opens them."""

    def __init__(self, settings: BaseSettings, keys: Keys, cluster_run: int, crawl_run: int, args: dict):
        site = keys.prefix.split(":", 2)[2]
        self.keys, self.cluster_run = keys, cluster_run
        self.spider = SimpleNamespace(
            name=keys.prefix.split(":", 2)[1], site=args.get("site") or site, site_key=site,
            entry_urls=args.get("start_urls") or [], id_range=args.get("ids"), crawl_run=crawl_run,
        )  # fmt: skip
        self.crawler = _Crawler(settings, self.spider)
        self.crawler.stats.open_spider()
        self.pipelines = [
            load_object(path).from_crawler(self.crawler)
            for path in build_component_list(settings["ITEM_PIPELINES"])
        ]
        for pipeline in self.pipelines:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider(self.spider)
        self.store = next(p for p in self.pipelines if isinstance(p, StorePipeline))

    def process(self, item) -> None:
        try:
            for pipeline in self.pipelines:
                item = pipeline.process_item(item, self.spider)
        except DropItem:
            pass

    def commit(self, also) -> None:
        """The pending items and ``also`` in one transaction."""
        if self.store.pending:
            self.store.flush(also)
        else:
            with self.store.archive.batch():
                also(self.store.archive)
        if self.crawler.stopped:
            raise WriterStopped(
                self.crawler.stats.get_value("newscrawl/archive_error") or self.crawler.stopped
            )

    def finish(self, reason: str, worker_stats: list[dict]) -> None:
        """End the crawl run: the workers' counts added to the writer's, then the store records them."""
        stats = self.crawler.stats
        for counts in worker_stats:
            for key, value in counts.items():
                if not isinstance(value, int | float) or isinstance(value, bool) or key in _NOT_COUNTS:
                    continue
                if key.startswith(_LARGEST):
                    stats.max_value(key, value)
                else:
                    stats.inc_value(key, value)
        stats.set_value("newscrawl/cluster/run", self.cluster_run)
        stats.set_value("newscrawl/cluster/workers", len(worker_stats))
        stats.set_value("finish_reason", reason)
        self.close()
        self.crawler.signals.send_catch_log(signals.spider_closed, spider=self.spider, reason=reason)

    def close(self) -> None:
        for pipeline in self.pipelines:
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider(self.spider)


@dataclass
class Report:
    items: int = 0
    runs_ended: list[int] = field(default_factory=list)


class Writer:
    def __init__(self, server: redis.Redis, db: Path, settings: BaseSettings):
        self.server = server
        self.settings = settings.copy()
        self.settings.set("NEWSCRAWL_DB", str(db), "cmdline")
        # The writer commits once per batch it reads (with the stream position), never in between.
        self.count = self.settings.getint("NEWSCRAWL_BATCH_SIZE")
        self.settings.set("NEWSCRAWL_BATCH_SIZE", 10**9, "cmdline")
        self.archive = Archive(db, search_engine=self.settings.get("NEWSCRAWL_SEARCH_ENGINE"))
        self.position = self.archive.stream_position(STREAM)
        self.runs: dict[tuple[str, int], _Run] = {}
        self.stopping = False
        self.backlog = True  # entries delivered to an earlier writer and never acknowledged: read them first
        self.report = Report()

    def run(self, idle_exit: float | None = None) -> Report:
        """Write until stopped (``stop()``, a signal) or, with ``idle_exit``, until no run is in progress and
        the stream has been empty that many seconds."""
        self._retry(self._ensure_group)
        for prefix in self._retry(lambda: sorted(self.server.smembers(PREFIXES))):
            self._publish(Keys(prefix.decode()))
        quiet_since = time.monotonic()
        try:
            while not self.stopping:
                entries = self._retry(self._read)
                if entries:
                    self._apply(entries)
                    quiet_since = time.monotonic()
                elif idle_exit is not None and time.monotonic() - quiet_since >= idle_exit:
                    if not self._retry(lambda: self.server.scard(ACTIVE_RUNS)):
                        break
        finally:
            for run in self.runs.values():
                run.close()  # the crawl run stays open: the next writer goes on with it
            self.runs.clear()
            self.archive.close()
        return self.report

    def stop(self, *_) -> None:
        self.stopping = True

    # --- reading ----------------------------------------------------------------------------------------

    def _ensure_group(self) -> None:
        try:
            self.server.xgroup_create(STREAM, WRITERS, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def _read(self) -> list[tuple[bytes, dict | None]]:
        try:
            if self.backlog:
                got = self.server.xreadgroup(WRITERS, CONSUMER, {STREAM: "0"}, count=self.count)
                entries = got[0][1] if got else []
                if entries:
                    return entries
                self.backlog = False
            got = self.server.xreadgroup(WRITERS, CONSUMER, {STREAM: ">"}, count=self.count, block=BLOCK_MS)
        except redis.ResponseError as error:
            if "NOGROUP" not in str(error):
                raise
            self._ensure_group()  # Redis lost the group (no persistence): read again from the start
            self.backlog = True
            return []
        return got[0][1] if got else []

    def _retry(self, call):
        """``call()``, again and again while Redis does not answer."""
        warned = False
        while True:
            try:
                return call()
            except REDIS_DOWN as error:
                if not warned:
                    logger.warning("Redis does not answer (%s): waiting", error)
                    warned = True
                if self.stopping:
                    raise
                time.sleep(1)

    # --- writing ------------------------------------------------------------------------------------------

    def _apply(self, entries: list[tuple[bytes, dict | None]]) -> None:
        """Entries in stream order: a run's consecutive items are one transaction with their position."""
        done: list[bytes] = []
        group: list[tuple[bytes, dict]] = []
        for entry_id, fields in entries:
            done.append(entry_id)
            if not fields or _order(entry_id) <= _order(self.position):
                continue  # deleted, or in the archive already (a writer killed before acknowledging)
            if fields[b"kind"] == b"item":
                if group and _run_of(group[0][1]) != _run_of(fields):
                    self._write(group)
                    group = []
                group.append((entry_id, fields))
                continue
            if group:
                self._write(group)
                group = []
            self._marker(entry_id, fields)
        if group:
            self._write(group)
        self._retry(lambda: self._acknowledge(done))

    def _write(self, group: list[tuple[bytes, dict]]) -> None:
        run = self._run(group[0][1])
        for _, fields in group:
            run.process(decode(fields))
        last = group[-1][0].decode()
        run.commit(lambda archive: archive.set_stream_position(STREAM, last))
        self.position = last
        self.report.items += len(group)

    def _marker(self, entry_id: bytes, fields: dict) -> None:
        last = entry_id.decode()
        if fields[b"kind"] == b"start":
            self._run(fields)
        elif fields[b"kind"] == b"end":
            self._end(fields)
        with self.archive.batch():
            self.archive.set_stream_position(STREAM, last)
        self.position = last

    def _run(self, fields: dict) -> _Run:
        """The run an entry belongs to: open, taken over from a writer before, or started now."""
        key = _run_of(fields)
        if key in self.runs:
            return self.runs[key]
        keys, cluster_run = Keys(key[0]), key[1]
        site = keys.prefix.split(":", 2)[2]
        args = json.loads(fields.get(b"args") or b"{}")
        found = self.archive.cluster_run(site, cluster_run, os.getpid())
        if found is not None:
            crawl_run = found[0]
        else:
            url = args.get("site") or site
            crawl_run = self.archive.start_run(url, args | {"cluster_run": cluster_run}, os.getpid(), site)
            logger.info("crawl run %s: cluster run %s of %s", crawl_run, cluster_run, site)
        self.runs[key] = _Run(self.settings, keys, cluster_run, crawl_run, args)
        return self.runs[key]

    def _end(self, fields: dict) -> None:
        key = _run_of(fields)
        keys = Keys(key[0])
        site = keys.prefix.split(":", 2)[2]
        found = self.archive.cluster_run(site, key[1], os.getpid())
        if key not in self.runs and found is not None and found[1] != "running":
            return  # ended already, by a writer killed before it could record how far it had read
        run = self._run(fields)
        stats = self._retry(lambda: self.server.hgetall(keys.run_stats(key[1])))
        run.finish(fields.get(b"reason", b"finished").decode(), [json.loads(v) for v in stats.values()])
        del self.runs[key]
        self.report.runs_ended.append(key[1])
        self._publish(keys)
        self._retry(lambda: self.server.delete(keys.run_stats(key[1])))
        logger.info("cluster run %s of %s ended", key[1], site)

    def _publish(self, keys: Keys) -> None:
        self._retry(lambda: publish(self.server, keys, self.archive, keys.prefix.split(":", 2)[2]))

    def _acknowledge(self, ids: list[bytes]) -> None:
        if ids:
            with self.server.pipeline() as pipe:
                pipe.xack(STREAM, WRITERS, *ids).xdel(STREAM, *ids).execute()


def _run_of(fields: dict) -> tuple[str, int]:
    return fields[b"prefix"].decode(), int(fields[b"run"])


def _order(entry_id: bytes | str) -> tuple[int, int]:
    """A stream id as a number pair, in the stream's order."""
    ms, _, seq = (entry_id.decode() if isinstance(entry_id, bytes) else entry_id).partition("-")
    return int(ms), int(seq or 0)


def serve(url: str, db: Path, idle_exit: float | None = None) -> Report:
    """`newscrawl store`: the writer under the archive's lock, until a signal (or ``idle_exit``)."""
    import click

    from newscrawl.cluster.link import client
    from newscrawl.commands.crawl import LOCKED, archive_problem

    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    if problem := archive_problem(db):
        raise click.ClickException(f"{db} {problem}")
    if not db.parent.is_dir():
        raise click.ClickException(f"cannot use {db}: no directory {db.parent}")
    server = client(url)
    deadline = time.monotonic() + START_WAIT
    while True:  # a Redis restarting as the writer starts is waited for, a wrong URL is not for long
        try:
            server.ping()
            break
        except (ValueError, redis.RedisError) as error:
            if not isinstance(error, REDIS_DOWN) or time.monotonic() > deadline:
                raise click.ClickException(f"cannot reach the cluster's Redis at {url}: {error}") from None
            time.sleep(0.5)
    with db.with_name(db.name + ".lock").open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            click.echo(f"newscrawl: another crawl (pid {lock.read().strip() or 'unknown'}) is writing to {db}; "
                       "not starting", err=True)  # fmt: skip
            sys.exit(LOCKED)
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        settings = Settings()
        settings.setmodule("newscrawl.settings", priority="project")
        writer = Writer(server, db, settings)
        signal.signal(signal.SIGTERM, writer.stop)
        signal.signal(signal.SIGINT, writer.stop)
        try:
            report = writer.run(idle_exit)
        except WriterStopped as error:
            raise click.ClickException(
                f"the archive took no more: {error}; the items wait in Redis"
            ) from None
    click.echo(f"{report.items} items written; cluster runs ended: "
               f"{', '.join(map(str, report.runs_ended)) or 'none'}", err=True)  # fmt: skip
    return report
