"""Items into the cluster's Redis stream instead of SQLite: a worker's last pipeline.

Each item is one stream entry: its kind (``item``), the site's key prefix and the run, the item's fields as
JSON (the article as its contract form, newscrawl.record.Article.to_dict) and the raw page as bytes. The
writer (``newscrawl store``) reads them with the same pipelines a crawl without Redis runs.

When Redis does not answer, the item waits here (the reactor free) and goes when it answers again; the
request it came from stays in progress, leased, until then. When the writer falls behind by more than
NEWSCRAWL_STREAM_MAX entries, workers wait for it: Redis memory holds the raw pages in between.
"""

from __future__ import annotations

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


class ItemStream:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.link = Link.of(crawler)
        self.most = crawler.settings.getint("NEWSCRAWL_STREAM_MAX")
        self.waiting = False

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
        while True:
            try:
                with link.server.pipeline(transaction=False) as pipe:
                    length = pipe.xadd(STREAM, entry).xlen(STREAM).execute()[1]
                break
            except REDIS_DOWN as error:
                self._wait(f"Redis does not answer ({error})")
                await pause(RETRY_SECONDS)
        self.stats.inc_value("newscrawl/cluster/items_streamed")
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

    def _wait(self, why: str) -> None:
        if not self.waiting:
            self.waiting = True
            logger.warning("items wait: %s", why)
