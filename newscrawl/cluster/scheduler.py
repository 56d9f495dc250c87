"""scrapy-redis's scheduler for a cluster of workers: runs, leases, a Redis that may go away for a while.

A *run* is one crawl of the site by the whole cluster, as one `scrapy crawl` is without Redis. The first
worker to start when no run is in progress starts one (``<prefix>:run``), pushes the start marker to the
item stream and seeds the frontier (newscrawl.cluster.seeds); workers that start while it is in progress
join it. A worker with nothing to do does not stop while others hold requests (they may queue more, or die
and leave them to be taken back); the last worker to go idle, with the queue and the leases empty, ends the
run: the end marker goes to the stream, the run's dupefilter is dropped, and the next start begins a new
run. A run whose workers all died is resumed by the next worker to start, or ended by it when nothing is left.

Requests are leased (newscrawl.cluster.queue): a request leaves Redis when Scrapy has handled it — its items
in the stream (newscrawl.cluster.sink), its new requests in the queue — and the worker's heartbeat renews
the leases of the rest. When Redis cannot be reached, new requests wait in the worker's outbox and the worker
takes no new request; in-flight downloads finish and their items wait in the pipeline, so the worker pauses
and goes on when Redis is back. A request is acknowledged only after the outbox has been flushed.
"""

from __future__ import annotations

import heapq
import json
import logging
from collections import deque
from itertools import count

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from newscrawl.cluster.link import ACTIVE_RUNS, PREFIXES, REDIS_DOWN, STREAM, Keys, Link
from newscrawl.cluster.queue import _NOW

logger = logging.getLogger(__name__)

# A request with this meta key stays with the worker that made it, outside Redis: the spider's sitemaps,
# whose lastmods feed that worker's revisit plan (newscrawl.revisit) before it chooses the run's revisits.
KEEP_LOCAL = "keep_local"

# The keys of the run scripts: run, runs, requests, leases, busy, alive, ended, the active runs, the item stream,
# the prefixes, workers, the run's starter. Ends a run (ARGV[1]: the prefix): the marker for the writer, the
# run's dupefilter dropped.
_END_RUN = """
local function end_run(run, reason, worker)
  redis.call('DEL', KEYS[1], KEYS[12])
  redis.call('SET', KEYS[7], run)
  redis.call('SREM', KEYS[8], ARGV[1] .. '|' .. run)
  redis.call('DEL', ARGV[1] .. ':seen:' .. run)
  redis.call('XADD', KEYS[9], '*', 'kind', 'end', 'prefix', ARGV[1], 'run', run,
             'reason', reason, 'worker', worker)
end
"""

# ARGV: prefix, worker, lease ms, site, args (JSON). Joins the run in progress or starts one: {run, seeding}.
_JOIN = (
    _NOW
    + _END_RUN
    + """
local worker = ARGV[2]
local function others_alive()
  for _, w in ipairs(redis.call('ZRANGEBYSCORE', KEYS[6], now, '+inf')) do
    if w ~= worker then return true end
  end
  return false
end
local run = redis.call('GET', KEYS[1])
local seeding = 0
if run and redis.call('GET', KEYS[12]) == worker then
  seeding = 1  -- this call sent again, its reply lost: the run this worker started, not seeded yet
elseif run and redis.call('ZCARD', KEYS[3]) == 0 and redis.call('ZCARD', KEYS[4]) == 0 and not others_alive() then
  end_run(run, 'interrupted', worker)  -- its workers all stopped and left nothing to do
  run = false
end
if not run then
  run = tostring(redis.call('INCR', KEYS[2]))
  redis.call('SET', KEYS[1], run)
  redis.call('SET', KEYS[12], worker)
  redis.call('DEL', KEYS[11])  -- the workers of earlier runs: `newscrawl stats` shows this run's
  redis.call('SADD', KEYS[8], ARGV[1] .. '|' .. run)
  redis.call('XADD', KEYS[9], '*', 'kind', 'start', 'prefix', ARGV[1], 'run', run, 'site', ARGV[4],
             'args', ARGV[5], 'worker', worker)
  seeding = 1
end
redis.call('SADD', KEYS[5], worker)
redis.call('ZADD', KEYS[6], now + tonumber(ARGV[3]), worker)
redis.call('SADD', KEYS[10], ARGV[1])
return {tonumber(run), seeding}
"""
)

# ARGV: prefix, worker, run. This worker is idle: is the run over? 1 when it is (ended now, or by another).
_IDLE = (
    _NOW
    + _END_RUN
    + """
redis.call('SREM', KEYS[5], ARGV[2])
for _, w in ipairs(redis.call('SMEMBERS', KEYS[5])) do
  local alive = redis.call('ZSCORE', KEYS[6], w)
  if not alive or tonumber(alive) < now then redis.call('SREM', KEYS[5], w) end  -- a worker that died busy
end
if redis.call('GET', KEYS[1]) ~= ARGV[3] then return 1 end
if redis.call('ZCARD', KEYS[3]) == 0 and redis.call('ZCARD', KEYS[4]) == 0 and redis.call('SCARD', KEYS[5]) == 0 then
  end_run(ARGV[3], 'finished', ARGV[2])
  return 1
end
return 0
"""
)

# KEYS: alive, workers, run stats. ARGV: worker, lease ms, its state (JSON), its stats (JSON).
_BEAT = (
    _NOW
    + """
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
redis.call('EXPIRE', KEYS[3], 7 * 24 * 3600)  -- the writer deletes it when the run ends; else in a week
return now
"""
)

# How often a worker with nothing to do looks at the queue again.
WATCH_SECONDS = 0.25

# What `newscrawl stats --redis` shows of each worker.
WORKER_COUNTS = {
    "fetched": "newscrawl/fetched",
    "responses": "downloader/response_count",
    "items": "item_scraped_count",
    "dequeued": "scheduler/dequeued/redis",
    "taken_back": "newscrawl/cluster/leases_taken_back",
}


def run_keys(keys: Keys) -> list[str]:
    """The KEYS of the run scripts (_JOIN, _IDLE), in their order."""
    return [keys.run, keys.runs, keys.requests, f"{keys.requests}:leases", keys.busy, keys.alive, keys.ended,
            ACTIVE_RUNS, STREAM, PREFIXES, keys.workers, keys.starter]  # fmt: skip


class ClusterScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.link = Link.of(crawler)
        scheduler.outbox = deque()  # requests to push once Redis answers again
        scheduler.local = []  # KEEP_LOCAL requests: a heap of (-priority, order, request)
        scheduler.order = count()
        scheduler.busy = False
        scheduler.down = False  # Redis did not answer the last call
        scheduler.beat = LoopingCall(scheduler._heartbeat)
        scheduler.starved = False  # the last next_request found nothing
        scheduler.watch = LoopingCall(scheduler._watch)
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    # --- the run ---------------------------------------------------------------------------------------

    def open(self, spider: Spider):
        link = self.link
        self.keys: Keys = link.keys
        self.queue_key = self.keys.requests
        args = {k: v for k, v in (("site", getattr(spider, "site", None)),
                                  ("start_urls", getattr(spider, "entry_urls", None)),
                                  ("ids", getattr(spider, "id_range", None))) if v}  # fmt: skip
        run, seeding = self.server.register_script(_JOIN)(
            keys=self._run_keys(),
            args=[
                self.keys.prefix,
                link.worker,
                link.lease_ms,
                getattr(spider, "site_key", ""),
                json.dumps(args),
            ],
        )
        link.run, link.seeding, self.busy = int(run), bool(seeding), True
        self._idle = self.server.register_script(_IDLE)
        self._beat = self.server.register_script(_BEAT)
        self.df = load_object(self.dupefilter_cls).for_run(spider, self.server, self.keys.seen(link.run))
        super().open(spider)
        self.stats.set_value("newscrawl/cluster/run", link.run)
        self.stats.set_value("newscrawl/cluster/worker", link.worker)
        logger.info("cluster run %s: %s as %s", link.run, "started" if seeding else "joined", link.worker)
        self.beat.start(max(link.lease_ms / 3000, 0.2), now=False)
        self.watch.start(WATCH_SECONDS, now=False)

    def _run_keys(self) -> list[str]:
        return run_keys(self.keys)

    def spider_idle(self) -> None:
        """Nothing to do here: stop only when the run is over (see the module's docstring)."""
        try:
            self._flush()
            self._sweep()
            self._publish("idle")
            over = self._idle(keys=self._run_keys(), args=[self.keys.prefix, self.link.worker, self.link.run])
        except REDIS_DOWN as error:
            self._redis_down(error)
            raise DontCloseSpider from None
        self.busy = False
        if not over:
            raise DontCloseSpider

    def close(self, reason: str):
        for loop in (self.beat, self.watch):
            if loop.running:
                loop.stop()
        try:
            self._flush()
            self._sweep()
            back = self.queue.give_back()
            if back:
                logger.info("gave %d requests in flight back to the cluster's queue", back)
            self._publish("closed")
            self.server.srem(self.keys.busy, self.link.worker)
            self.server.zrem(self.keys.alive, self.link.worker)
        except REDIS_DOWN as error:
            logger.warning("closing without Redis (%s): other workers take back this one's requests in %.0f s",
                           error, self.link.lease_ms / 1000)  # fmt: skip
        return super().close(reason)

    # --- requests -----------------------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        if request.meta.get(KEEP_LOCAL):
            heapq.heappush(self.local, (-request.priority, next(self.order), request))
            return True
        if not self.outbox:
            try:
                return self._push(request)
            except REDIS_DOWN as error:
                self._redis_down(error)
        self.outbox.append(request)
        return True

    def next_request(self) -> Request | None:
        if self.local:
            return heapq.heappop(self.local)[-1]
        try:
            self._flush()
            self._sweep()
            request = self.queue.pop()
            if request is not None and not self.busy:
                self.server.sadd(self.keys.busy, self.link.worker)
                self.busy = True
        except REDIS_DOWN as error:
            self._redis_down(error)
            return None
        self._redis_up()
        self.starved = request is None
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            self.stats.set_value("newscrawl/cluster/leases_taken_back", self.queue.taken_back)
        return request

    def has_pending_requests(self) -> bool:
        if self.local or self.outbox:
            return True
        try:
            return len(self.queue) > 0
        except REDIS_DOWN as error:
            self._redis_down(error)
            return True  # not idle: waiting for Redis

    def _push(self, request: Request) -> bool:
        if self.queue.push_unseen(request, self.df.key, self.df.request_fingerprint(request)):
            self.stats.inc_value("scheduler/enqueued/redis")
            return True
        self.stats.inc_value("dupefilter/filtered")
        self.df.log(request, self.spider)
        return False

    def _flush(self) -> None:
        while self.outbox:
            self._push(self.outbox[0])
            self.outbox.popleft()

    def _sweep(self) -> None:
        """Acknowledge the requests Scrapy is done with: no longer in the engine's requests in progress, which
        a request leaves only when its callback's output is handled (items through the pipelines, new
        requests enqueued). Called with the outbox empty, so their new requests are in Redis."""
        slot = _engine_slot(self.crawler)
        if slot is None:
            return
        done = [request for request in self.queue.held if request not in slot.inprogress]
        self.queue.ack(done)

    def _watch(self) -> None:
        """A worker that found the queue empty asks again soon, not at the engine's next heartbeat (5 s): other
        workers fill the queue while it waits (scrapy-redis leaves it to the heartbeat)."""
        if not self.starved:
            return
        try:
            waiting = len(self.queue) > 0
        except REDIS_DOWN:
            return
        slot = _engine_slot(self.crawler)
        if waiting and slot is not None:
            self.starved = False
            slot.nextcall.schedule()

    # --- heartbeat ------------------------------------------------------------------------------------------

    def _heartbeat(self) -> None:
        try:
            self._flush()
            self._sweep()
            self.queue.renew()
            self._publish("busy" if self.busy else "idle")
        except REDIS_DOWN as error:
            self._redis_down(error)
        else:
            self._redis_up()

    def _publish(self, state: str) -> None:
        """This worker's heartbeat, state and counts (for `newscrawl stats`; merged by the writer per run)."""
        stats = self.stats.get_stats()
        summary = {name: stats.get(key, 0) for name, key in WORKER_COUNTS.items()}
        status = {"run": self.link.run, "state": state, "held": len(self.queue.held), **summary}
        self._beat(
            keys=[self.keys.alive, self.keys.workers, self.keys.run_stats(self.link.run)],
            args=[self.link.worker, self.link.lease_ms, json.dumps(status),
                  json.dumps(stats, default=str, ensure_ascii=False)],
        )  # fmt: skip

    def _redis_down(self, error: Exception) -> None:
        if not self.down:
            self.down = True
            logger.warning("Redis does not answer (%s): pausing until it does", error)

    def _redis_up(self) -> None:
        if self.down:
            self.down = False
            logger.warning("Redis answers again: going on")


def _engine_slot(crawler):
    """The engine's slot: its requests in progress (a request leaves them when its output is handled) and
    its call to ask the scheduler for more. Scrapy has no public hook for either (see README.md, "Several
    machines", on what we would send upstream)."""
    return getattr(crawler.engine, "_slot", None)
