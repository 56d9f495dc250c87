"""The run's seeds (the spider's start requests: sitemap, home page, an id range, revisits), pushed once.

Every worker runs the same spider; only the worker that started the run (newscrawl.cluster.scheduler) takes
its start requests. The others do not even ask the spider for them: a start that counts what it asks for
(the revisit budget's requests) would count them once per worker.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler

from newscrawl.cluster.link import Link


class SeedOnce:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeedOnce:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        if Link.of(self.crawler).seeding:
            async for request in start:
                yield request
