"""Validate: an item that is not a sound article record becomes a recorded failure, never a row."""

from __future__ import annotations

import re

from scrapy.crawler import Crawler

from newscrawl.extract.article import MIN_BODY_CHARS
from newscrawl.items import OUTCOMES, PageItem

_HASH = re.compile(r"^[0-9a-f]{16}$")


class ValidatePipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: PageItem, spider=None) -> PageItem:
        if item.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {item.outcome!r} for {item.url}")
        if item.outcome == "article":
            problem = self._problem(item)
            if problem:
                self.stats.inc_value("newscrawl/invalid")
                item.outcome, item.failure_kind, item.message = "failed", "invalid_record", problem
                item.article = item.raw = None
        if item.outcome == "failed" and not item.failure_kind:
            item.failure_kind = "unknown"
        return item

    @staticmethod
    def _problem(item: PageItem) -> str | None:
        article = item.article
        if article is None or item.raw is None:
            return "no record or no raw page"
        if not item.article_id or article.article_id != item.article_id:
            return f"article id {article.article_id!r} does not match the URL's {item.article_id!r}"
        if not article.headline.strip():
            return "empty headline"
        if len(article.body) < MIN_BODY_CHARS:
            return f"body of {len(article.body)} characters"
        if not _HASH.match(article.content_hash):
            return f"bad content hash {article.content_hash!r}"
        return None
