"""A worker's link to the cluster: the Redis client, the names of the keys, who this worker is, its run.

Every cluster component of one crawl (scheduler, seeds, item stream, politeness) shares one ``Link``
(``Link.of(crawler)``), so that they agree on the run and the keys without importing each other.
"""

from __future__ import annotations

import os
import socket
import weakref

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from scrapy.settings import BaseSettings
from scrapy_redis.connection import get_redis

# Where every worker puts its items and the writer reads them (one stream for all sites).
STREAM = "newscrawl:items"
WRITERS = "writers"  # the stream's consumer group
# "prefix|run" of every run in progress, for the writer to know when nothing is left to come.
ACTIVE_RUNS = "newscrawl:active"
PREFIXES = "newscrawl:prefixes"  # every site's key prefix a worker has used, for the writer and `stats`

# What can go wrong talking to Redis while it restarts or the network drops: the caller pauses and retries.
REDIS_DOWN = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError)

# A Redis that restarts must not freeze the crawl: a call fails fast (one reconnection, no backoff) and the
# component that made it waits and tries again on its own schedule, the reactor free in between.
CLIENT_PARAMS = {
    "socket_timeout": 5,
    "socket_connect_timeout": 2,
    "retry": Retry(NoBackoff(), 1),
    "retry_on_error": [redis.ConnectionError, redis.TimeoutError],
}


def client(url: str) -> redis.Redis:
    """A Redis client for ``url`` with the parameters above (scrapy-redis's own helper builds it)."""
    return get_redis(url=url, **CLIENT_PARAMS)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Keys:
    """The Redis keys of one spider's crawl of one site (``newscrawl:<spider>:<site key>:…``)."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        # The frontier: scrapy-redis's priority queue (a sorted set), and beside it the leases of the requests
        # workers hold (newscrawl.cluster.queue: <requests>:leases, <requests>:lease-scores).
        self.requests = f"{prefix}:requests"
        self.run = f"{prefix}:run"  # the run in progress, absent between runs
        self.starter = f"{prefix}:run:starter"  # the worker that started it (a join sent again seeds it)
        self.runs = f"{prefix}:runs"  # the last run number given
        self.ended = f"{prefix}:ended"  # the last run that ended
        self.busy = f"{prefix}:busy"  # workers that are not idle
        self.alive = f"{prefix}:alive"  # worker → deadline of its heartbeat (ms)
        self.workers = f"{prefix}:workers"  # worker → its counts and state (JSON), for `newscrawl stats`
        # What the writer publishes of the archive for the workers (newscrawl.cluster.published).
        self.published = f"{prefix}:published"
        self.failed = f"{prefix}:failed"

    @classmethod
    def of(cls, spider_name: str, site: str) -> Keys:
        return cls(f"newscrawl:{spider_name}:{site}")

    def seen(self, run: int) -> str:
        """The run's dupefilter: fingerprints of the requests it has queued."""
        return f"{self.prefix}:seen:{run}"

    def run_stats(self, run: int) -> str:
        """The run's counts, per worker (JSON), merged by the writer when the run ends."""
        return f"{self.prefix}:run:{run}:stats"

    def slot(self, domain: str) -> str:
        """The cluster's download slot for a domain: last request, delays (a hash), and ``…:active``."""
        return f"{self.prefix}:slot:{domain}"


class Link:
    """One crawl's link to the cluster: the client, its keys, the worker's name, the run it works on."""

    _links: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __init__(self, crawler):
        self.crawler = crawler
        self.settings: BaseSettings = crawler.settings
        self.server = client(self.settings.get("NEWSCRAWL_REDIS_URL"))
        self.worker = worker_name()
        self.lease_ms = int(self.settings.getfloat("NEWSCRAWL_LEASE_SECONDS") * 1000)
        self.run: int | None = None  # set when the scheduler opens: the run this worker joined or started
        self.seeding = False  # this worker started the run: its start requests are the run's seeds

    @classmethod
    def of(cls, crawler) -> Link:
        link = cls._links.get(crawler)
        if link is None:
            link = cls._links[crawler] = cls(crawler)
        return link

    @property
    def keys(self) -> Keys:
        spider = self.crawler.spider
        return Keys.of(spider.name, getattr(spider, "site_key", None) or spider.name)
