"""Store: write items into the archive in batched transactions, and record the crawl run.

A batch is committed every NEWSCRAWL_BATCH_SIZE items or NEWSCRAWL_BATCH_SECONDS seconds, whichever comes
first, and at the end. If the archive cannot be written (a full disk, a size cap), the batch is rolled back,
the crawl stops with finish reason ``archive_error`` and the `crawl` command exits non-zero; everything
committed before stays.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

from newscrawl.archive import Archive, ArchiveError
from newscrawl.items import STORE_ENDS, PageItem, unaccounted

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.db_path = settings.get("NEWSCRAWL_DB")
        self.batch_size = settings.getint("NEWSCRAWL_BATCH_SIZE")
        self.batch_seconds = settings.getfloat("NEWSCRAWL_BATCH_SECONDS")
        self.max_pages = settings.getint("NEWSCRAWL_DB_MAX_PAGES") or None
        self.search_engine = settings.get("NEWSCRAWL_SEARCH_ENGINE")
        self.pending: list[PageItem] = []
        self.oldest = 0.0
        self.archive: Archive | None = None
        self.run: int | None = None
        self.site: str | None = None
        self.broken = False
        self.timer = task.LoopingCall(self._flush_if_due)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self, spider=None) -> None:
        spider = spider or self.crawler.spider
        self.archive = Archive(self.db_path, max_pages=self.max_pages, search_engine=self.search_engine)
        if self.archive.created:
            # Once, and seen at the default log level: a mistyped NEWSCRAWL_DB shows as a new archive.
            logger.warning("new archive at %s", self.archive.path.resolve())
        args = {k: v for k, v in (("site", getattr(spider, "site", None)), ("start_urls", spider.entry_urls),
                                  ("ids", spider.id_range)) if v}  # fmt: skip
        # Every row this run writes belongs to the spider's site: an article is (site, id).
        self.site = getattr(spider, "site_key", None)
        # A cluster's writer names the run it goes on with (newscrawl.cluster.writer); a crawl starts one.
        self.run = getattr(spider, "crawl_run", None) or self.archive.start_run(
            getattr(spider, "site", ""), args, os.getpid(), self.site
        )
        self.stats.set_value("newscrawl/crawl_run", self.run)
        logger.info("crawl run %s writing to %s", self.run, self.db_path)
        self.timer.start(max(self.batch_seconds / 2, 0.1), now=False)

    def process_item(self, item: PageItem, spider=None) -> PageItem:
        if self.broken:
            self._unwritten([item])
            return item
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def _flush_if_due(self) -> None:
        if self.pending and time.monotonic() - self.oldest >= self.batch_seconds:
            self.flush()

    def flush(self, also: Callable[[Archive], None] | None = None) -> None:
        """Write the pending items in one transaction; ``also`` writes more in it (a cluster's writer: how far
        it has read the item stream, committed with the items or not at all)."""
        if not self.pending or self.broken or self.archive is None:
            return
        items, self.pending = self.pending, []
        outcomes: list[str] = []
        try:
            with self.archive.batch():
                outcomes = [self._write(item) for item in items]
                if also is not None:
                    also(self.archive)
        except ArchiveError as error:
            self._unwritten(items)  # the batch was rolled back
            self._stop(str(error))
            return
        for outcome in outcomes:
            self.stats.inc_value(f"newscrawl/{outcome}")
            if outcome in STORE_ENDS:
                self.stats.inc_value(f"newscrawl/ended/{STORE_ENDS[outcome]}")

    def _unwritten(self, items: list[PageItem]) -> None:
        """Fetches whose outcome the archive could not take: they end as "unwritten"."""
        count = sum(1 for item in items if item.outcome != "alias")
        if count:
            self.stats.inc_value("newscrawl/ended/unwritten", count)

    def _write(self, item: PageItem) -> str:
        outcome = self._outcome(item)
        if item.revisit and outcome != "failed":
            # A revisit answered: when it was, for the plan's rotation; a page or a 304 means it is there.
            present = outcome in ("changed", "unchanged")
            if self.archive.mark_checked(self.site, item.article_id, self.run, present):
                self.stats.inc_value("newscrawl/revisit/back")
            self.stats.inc_value(f"newscrawl/revisit/{'not_modified' if item.status == 304 else outcome}")
        return outcome

    def _outcome(self, item: PageItem) -> str:
        archive, run = self.archive, self.run
        if item.outcome == "article":
            return archive.store(item.article, item.fetch() | {"site": self.site}, item.raw, run)
        if item.outcome == "not_modified":
            return "unchanged"
        if item.outcome == "alias":
            archive.see_url(item.url, item.article_id, "alias", run, self.site)
            return "aliases"
        if item.outcome == "gone":
            return (
                "gone"
                if archive.mark_gone(item.article_id, item.url, item.status, run, self.site)
                else "gone_known"
            )
        archive.record_failure(
            item.url, item.article_id, item.failure_kind, item.status, item.message or "", run, self.site
        )
        logger.warning("failed %s: %s (%s)", item.url, item.failure_kind, item.message)
        return "failed"

    def _stop(self, message: str) -> None:
        self.broken = True
        self.stats.set_value("newscrawl/archive_error", message)
        logger.error("archive error, stopping the crawl: %s", message)
        self.crawler.engine.close_spider(self.crawler.spider, "archive_error")

    def close_spider(self, spider=None) -> None:
        if self.timer.running:
            self.timer.stop()
        self.flush()

    def spider_closed(self, spider, reason: str) -> None:
        if self.archive is None:
            return
        if self.run is not None:
            # Every fetch ended one way (newscrawl.items.FETCH_ENDS): what did not is counted, and said.
            missing = unaccounted(self.stats.get_stats())
            self.stats.set_value("newscrawl/unaccounted", missing)
            if missing:
                logger.warning("%d fetched pages ended no known way (newscrawl/unaccounted)", missing)
            stats = {k: v for k, v in self.stats.get_stats().items()}
            try:
                self.archive.finish_run(self.run, "archive_error" if self.broken else reason, stats)
            except ArchiveError as error:
                logger.error("could not record the end of crawl run %s: %s", self.run, error)
        self.archive.close()
