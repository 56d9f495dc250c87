"""Items into the cluster's Redis stream instead of SQLite: a worker's last pipeline.

Each item is one stream entry: its kind (``item``), the site's key prefix and the run, the item's fields as
JSON (the article as its contract form, newscrawl.record.Article.to_dict) and the raw page as bytes. The
writer (``newscrawl store``) reads them with the same pipelines a crawl without Redis runs.

When Redis does not answer, the item waits here (the reactor free) and goes when it answers again; the
request it came from stays in progress, leased, until then.

Sent once: a call whose reply is lost (Redis stopping right after running it, the connection cut) is sent
again — by redis-py's retry and by the wait above — so adding to the stream checks a token first, in one
script: each item gets a token of this worker, kept in Redis with the entry until the worker has the reply
(the next send forgets the tokens whose replies came). A call sent again finds its token and adds nothing. When the writer falls behind by more than
NEWSCRAWL_STREAM_MAX entries, workers wait for it: Redis memory holds the raw pages in between.
"""

from __future__ import annotations

import itertools
import json
import logging
from dataclasses import fields

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from newscrawl.cluster.link import REDIS_DOWN, STREAM, Link
from newscrawl.items import PageItem
from newscrawl.record import Article

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0  # how often a waiting item asks Redis again
_BYTES_FIELDS = ("article", "raw")

# KEYS: the stream, this worker's tokens of entries whose reply it has not had. ARGV: the item's token, how
# many tokens to forget (replies had), those tokens, then the entry's fields and values. {added, length}.
_SEND_ONCE = """
local forget = tonumber(ARGV[2])
for i = 3, 2 + forget do redis.call('SREM', KEYS[2], ARGV[i]) end
local added = 0
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('XADD', KEYS[1], '*', unpack(ARGV, 3 + forget))
  added = 1
end
redis.call('EXPIRE', KEYS[2], 7 * 24 * 3600)  -- a worker that died with replies missing: gone in a week
return {added, redis.call('XLEN', KEYS[1])}
"""


def encode(item: PageItem) -> dict[str, str | bytes]:
    """The stream entry's fields for an item (any field PageItem has, so new ones travel too)."""
    record = {f.name: getattr(item, f.name) for f in fields(item) if f.name not in _BYTES_FIELDS}
    record["article"] = item.article.to_dict() if item.article is not None else None
    entry: dict[str, str | bytes] = {"item": json.dumps(record, ensure_ascii=False)}
    if item.raw is not None:
        entry["raw"] = item.raw
    return entry


def decode(entry: dict[bytes, bytes]) -> PageItem:
    record = json.loads(entry[b"item"])
    known = {f.name for f in fields(PageItem)}
    article = record.pop("article", None)
    item = PageItem(**{k: v for k, v in record.items() if k in known})
    item.article = Article.from_dict(article) if article is not None else None
    item.raw = entry.get(b"raw")
    return item


async def pause(seconds: float) -> None:
    await deferred_to_future(deferLater(reactor, seconds))


class Sender:
    """Stream entries sent once each, whatever is sent again (see the module's docstring)."""

    def __init__(self, server, worker: str):
        self.server = server
        self.tokens = f"{STREAM}:unconfirmed:{worker}"
        self.script = server.register_script(_SEND_ONCE)
        self.count = itertools.count(1)
        self.replied: list[str] = []  # tokens whose reply came: forgotten in Redis by the next send

    def token(self) -> str:
        return str(next(self.count))

    def send(self, token: str, entry: dict[str, str | bytes]) -> tuple[bool, int]:
        """(added now, the stream's length); ``token`` the same for every try of one entry."""
        forget = self.replied[:]
        flat = [part for pair in entry.items() for part in pair]
        added, length = self.script(keys=[STREAM, self.tokens], args=[token, len(forget), *forget, *flat])
        del self.replied[: len(forget)]
        self.replied.append(token)
        return bool(added), length

    def close(self) -> None:
        """Every reply came: nothing to remember."""
        self.server.delete(self.tokens)


class ItemStream:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.link = Link.of(crawler)
        self.most = crawler.settings.getint("NEWSCRAWL_STREAM_MAX")
        self.waiting = False
        self.sender = Sender(self.link.server, self.link.worker)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ItemStream:
        return cls(crawler)

    async def process_item(self, item: PageItem, spider=None) -> PageItem:
        link = self.link
        entry = {
            "kind": "item",
            "prefix": link.keys.prefix,
            "run": link.run,
            "worker": link.worker,
            **encode(item),
        }
        token = self.sender.token()
        while True:
            try:
                added, length = self.sender.send(token, entry)
                break
            except REDIS_DOWN as error:
                self._wait(f"Redis does not answer ({error})")
                await pause(RETRY_SECONDS)
        self.stats.inc_value("newscrawl/cluster/items_streamed")
        if not added:  # in the stream already: the reply to an earlier try was lost
            self.stats.inc_value("newscrawl/cluster/items_sent_again")
            logger.info("%s: in the stream already (a reply lost), not added again", item.url)
        while self.most and length > self.most:
            self._wait(f"the writer is {length} items behind (NEWSCRAWL_STREAM_MAX {self.most})")
            await pause(RETRY_SECONDS)
            try:
                length = link.server.xlen(STREAM)
            except REDIS_DOWN:
                continue
        if self.waiting:
            self.waiting = False
            logger.warning("items flow to the stream again")
        return item

    def close_spider(self, spider=None) -> None:
        try:
            self.sender.close()
        except REDIS_DOWN as error:
            logger.warning(
                "could not clear this worker's stream tokens (%s): Redis drops them in a week", error
            )

    def _wait(self, why: str) -> None:
        if not self.waiting:
            self.waiting = True
            logger.warning("items wait: %s", why)
