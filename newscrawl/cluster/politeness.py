"""Politeness for the whole cluster: one download slot per domain, in Redis, shared by every worker.

Scrapy keeps its download slots (delay, concurrency per domain) in each process, so N workers would ask a
site N times as often. In a cluster a request is sent only when the domain's shared slot lets it
(``ClusterSlot``, the last downloader middleware): at most CONCURRENT_REQUESTS_PER_DOMAIN requests in flight
across the cluster, and between two requests at least the cluster's delay, the largest of

- NEWSCRAWL_SLOT_DELAY (the add-on moves DOWNLOAD_DELAY there),
- robots.txt's Crawl-delay (``ClusterCrawlDelay``, newscrawl.politeness.RobotsCrawlDelay's cluster form),
- AutoThrottle's delay (``ClusterAutoThrottle``: Scrapy's policy, fed by every worker's latencies).

Each worker's own Scrapy slots keep no delay (the add-on sets DOWNLOAD_DELAY to 0): a request leaves the
shared slot straight onto the wire, so the gap the slot measures is the gap the site sees.

Keys: ``<prefix>:slot:<domain>`` (a hash: ``last`` request, ms; ``floor``, ``throttle``: delays, s) and
``<prefix>:slot:<domain>:active`` (tokens of the requests in flight → their expiry, ms).
"""

from __future__ import annotations

import logging
import uuid

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

from newscrawl.cluster.link import REDIS_DOWN, Link
from newscrawl.cluster.queue import _NOW
from newscrawl.cluster.sink import RETRY_SECONDS, pause
from newscrawl.politeness import RobotsCrawlDelay

logger = logging.getLogger(__name__)

TOKEN = "cluster_slot_token"  # request.meta: the token this request holds in its domain's slot

# KEYS: slot, slot:active. ARGV: token, concurrency, least delay (s), token ttl (ms).
# 0 when the request may go now (its token taken), else how many ms to wait.
_ACQUIRE = (
    _NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)  -- tokens of workers that died with them
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return math.max(1, math.min(tonumber(first[2]) - now, 200))
end
local slot = redis.call('HMGET', KEYS[1], 'last', 'floor', 'throttle')
local delay = math.max(tonumber(ARGV[3]), tonumber(slot[2] or 0), tonumber(slot[3] or 0))
local ready = tonumber(slot[1] or 0) + math.floor(delay * 1000)
if now < ready then return ready - now end
redis.call('HSET', KEYS[1], 'last', now)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
return 0
"""
)

# KEYS: slot. The request is on its way now, not when it took the slot: the next one counts from the later.
_SENT = (
    _NOW
    + """
if now > tonumber(redis.call('HGET', KEYS[1], 'last') or 0) then redis.call('HSET', KEYS[1], 'last', now) end
return now
"""
)


class ClusterSlot:
    """The downloader middleware that holds each request until its domain's shared slot lets it go."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.link = Link.of(crawler)
        self.concurrency = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.delay = settings.getfloat("NEWSCRAWL_SLOT_DELAY")
        # A token outlives any download (DOWNLOAD_TIMEOUT), not a worker killed with it.
        self.token_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT") + 10) * 1000)
        self._acquire = self.link.server.register_script(_ACQUIRE)
        self._sent = self.link.server.register_script(_SENT)
        crawler.signals.connect(self.request_reached_downloader, signal=signals.request_reached_downloader)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterSlot:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        key = self.link.keys.slot(self.crawler.engine.downloader.get_slot_key(request))
        token = uuid.uuid4().hex
        waited = 0.0
        while True:
            try:
                wait_ms = self._acquire(keys=[key, f"{key}:active"],
                                        args=[token, self.concurrency, self.delay, self.token_ms])  # fmt: skip
            except REDIS_DOWN:
                wait_ms = RETRY_SECONDS * 1000
            if not wait_ms:
                break
            waited += wait_ms / 1000
            await pause(wait_ms / 1000)
        request.meta[TOKEN] = (key, token)
        self.crawler.stats.inc_value("newscrawl/cluster/slot_waited_ms", int(waited * 1000))

    def request_reached_downloader(self, request: Request, spider: Spider | None = None) -> None:
        """Between taking the slot and going out a request may wait a moment (the reactor busy elsewhere):
        the gap to the next request counts from now."""
        held = request.meta.get(TOKEN)
        if held is not None:
            try:
                self._sent(keys=[held[0]])
            except REDIS_DOWN:
                pass

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        held = request.meta.pop(TOKEN, None)
        if held is None:
            return
        key, token = held
        try:
            self.link.server.zrem(f"{key}:active", token)
        except REDIS_DOWN:
            pass  # the token expires on its own


class ClusterCrawlDelay(RobotsCrawlDelay):
    """robots.txt's Crawl-delay as the floor of the domain's shared slot, not of this worker's own slot."""

    def _lift(self, key: str) -> None:
        floor = self.floors[key]
        try:
            Link.of(self.crawler).server.hset(Link.of(self.crawler).keys.slot(key), "floor", floor)
        except REDIS_DOWN as error:
            logger.warning("could not share the Crawl-delay of %s (%s)", key, error)

    def response_downloaded(self, response: Response, request: Request) -> None:
        """The floor is shared once, when robots.txt is read: nothing lowers it in the shared slot."""


class _SharedDelay:
    """AutoThrottle adjusts ``delay`` on what it takes for a download slot; here, the shared one's."""

    transferring: tuple = ()

    def __init__(self, delay: float):
        self.delay = delay


class ClusterAutoThrottle(AutoThrottle):
    """Scrapy's AutoThrottle policy, unchanged, on the cluster's delay for each domain: every worker feeds
    its latencies in and publishes the delay it arrives at; the shared slot applies the latest one."""

    def _spider_opened(self, spider: Spider) -> None:
        self.mindelay = self._min_delay()
        self.maxdelay = self._max_delay()
        self.delays: dict[str, _SharedDelay] = {}

    def _min_delay(self) -> float:
        return self.crawler.settings.getfloat("NEWSCRAWL_SLOT_DELAY")

    def _get_slot(self, request: Request, spider: Spider) -> tuple[str | None, _SharedDelay | None]:
        key = request.meta.get("download_slot")
        if key is None:
            return None, None
        if key not in self.delays:
            self.delays[key] = _SharedDelay(self._start_delay())
        return key, self.delays[key]

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key = request.meta.get("download_slot")
        if key in self.delays:
            link = Link.of(self.crawler)
            try:
                link.server.hset(link.keys.slot(key), "throttle", round(self.delays[key].delay, 3))
            except REDIS_DOWN:
                pass  # the next response publishes it
