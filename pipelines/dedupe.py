"""Dedupe by content hash: content the archive already holds is not stored again.

An article whose record equals its id's latest version (Article.version_hash) becomes "unchanged"
(nothing is written). Content that the archive, or this run, already holds under another id is still
passed on: the store adds the id and its URL to the existing article instead of creating one.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.archive import Archive
from newscrawl.items import PageItem


class DedupePipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("NEWSCRAWL_DB")
        self.archive: Archive | None = None
        self.crawler = crawler
        self.seen: dict[str, str] = {}  # content hash → the id it first came with, in this run

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: PageItem, spider=None) -> PageItem:
        if item.outcome != "article" or item.article is None:
            return item
        digest = item.article.content_hash
        # Unchanged means as a reader sees it (Article.version_hash): one space or the date line edited is
        # a new version, where the content hash, over the normalised body, would call it the same.
        if (
            self.seen.get(digest) == item.article_id
            or self._archived_hash(item.article_id) == item.article.version_hash
        ):
            self.stats.inc_value("newscrawl/dedupe/same_content")
            item.outcome, item.article, item.raw = "not_modified", None, None
            return item
        self.seen.setdefault(digest, item.article_id)
        return item

    def _archived_hash(self, article_id: str) -> str | None:
        if self.archive is None:
            try:
                self.archive = Archive(self.db_path, readonly=True)
            except (FileNotFoundError, OSError):
                return None
        try:
            return self.archive.latest_hash_of_id(self.crawler.spider.site_key, article_id)
        except Exception:  # noqa: BLE001 - tables not created yet: nothing archived
            return None

    def close_spider(self, spider=None) -> None:
        if self.archive is not None:
            self.archive.close()
