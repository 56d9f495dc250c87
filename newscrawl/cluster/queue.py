"""scrapy-redis's priority queue, with leases: a request popped stays in Redis until its worker is done with it.

scrapy-redis pops a request out of Redis for good: a worker killed with it in flight loses it, and its
fingerprint, already in the dupefilter, keeps every other worker from asking for it again. Here a pop moves
the request into a lease (a sorted set of request → deadline, in Redis time) in the same script; the worker
renews its leases on every heartbeat and acknowledges a request once Scrapy has handled it (its items in the
stream, its new requests in the queue). A lease whose deadline passes — its worker died, or lost Redis for
longer than NEWSCRAWL_LEASE_SECONDS — is taken back into the queue, at its old priority, by the next pop of
any worker.

Keys, beside scrapy-redis's ``<key>`` (the queue): ``<key>:leases`` (request → deadline, ms) and
``<key>:lease-scores`` (request → its score in the queue).
"""

from __future__ import annotations

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

# Redis time in milliseconds: every worker's deadlines are on the same clock, whatever the machines' clocks.
_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: queue, leases, lease-scores. ARGV: lease ms. Takes back expired leases, then leases the best request.
_POP = (
    _NOW
    + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
for _, data in ipairs(expired) do
  redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[3], data) or 0, data)
  redis.call('ZREM', KEYS[2], data)
  redis.call('HDEL', KEYS[3], data)
end
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return {#expired} end
redis.call('ZREM', KEYS[1], top[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), top[1])
redis.call('HSET', KEYS[3], top[1], top[2])
return {#expired, top[1]}
"""
)

# KEYS: seen (the run's dupefilter), queue. ARGV: fingerprint, score, request, dont_filter.
# Filter and push in one step: a fingerprint is never recorded for a request that did not reach the queue.
_PUSH = """
if ARGV[4] == '1' or redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  return 1
end
return 0
"""

# KEYS: leases. ARGV: lease ms, requests… Pushes the deadline of the leases still ours (XX: not of those
# taken back meanwhile).
_RENEW = (
    _NOW
    + """
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
return #ARGV - 1
"""
)

# KEYS: queue, leases, lease-scores. ARGV: requests… Puts requests we hold back into the queue.
_GIVE_BACK = """
local back = 0
for i = 1, #ARGV do
  if redis.call('ZREM', KEYS[2], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[3], ARGV[i]) or 0, ARGV[i])
    back = back + 1
  end
  redis.call('HDEL', KEYS[3], ARGV[i])
end
return back
"""


class LeasedQueue(PriorityQueue):
    """scrapy-redis's PriorityQueue whose pop is a lease (see the module's docstring)."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.leases = f"{self.key}:leases"
        self.lease_scores = f"{self.key}:lease-scores"
        self.lease_ms = int(spider.settings.getfloat("NEWSCRAWL_LEASE_SECONDS") * 1000)
        self.held: dict[Request, bytes] = {}  # the requests this worker holds, as queued
        self.taken_back = 0  # expired leases this worker put back into the queue
        self._pop = server.register_script(_POP)
        self._push = server.register_script(_PUSH)
        self._renew = server.register_script(_RENEW)
        self._give_back = server.register_script(_GIVE_BACK)

    def pop(self, timeout: int = 0) -> Request | None:
        taken_back, *top = self._pop(keys=[self.key, self.leases, self.lease_scores], args=[self.lease_ms])
        self.taken_back += taken_back
        if not top:
            return None
        request = self._decode_request(top[0])
        self.held[request] = top[0]
        return request

    def push_unseen(self, request: Request, seen: str, fingerprint: str) -> bool:
        """Push ``request`` unless the dupefilter set ``seen`` has its fingerprint (recorded in the same step)."""
        data = self._encode_request(request)
        flag = "1" if request.dont_filter else "0"
        return bool(self._push(keys=[seen, self.key], args=[fingerprint, -request.priority, data, flag]))

    def ack(self, requests: list[Request]) -> None:
        """These requests are handled: their leases end."""
        datas = [self.held.pop(request) for request in requests]
        if datas:
            with self.server.pipeline() as pipe:
                pipe.zrem(self.leases, *datas)
                pipe.hdel(self.lease_scores, *datas)
                pipe.execute()

    def renew(self) -> None:
        if self.held:
            self._renew(keys=[self.leases], args=[self.lease_ms, *self.held.values()])

    def give_back(self) -> int:
        """Every request this worker holds goes back into the queue (a worker that stops before the end)."""
        if not self.held:
            return 0
        back = self._give_back(keys=[self.key, self.leases, self.lease_scores], args=list(self.held.values()))
        self.held.clear()
        return back

    def leased(self) -> int:
        """Requests held by any worker."""
        return self.server.zcard(self.leases)

    def clear(self) -> None:
        self.server.delete(self.key, self.leases, self.lease_scores)
