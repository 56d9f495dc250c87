"""scrapy-redis's dupefilter, with this project's request fingerprints and one set of them per crawl run.

scrapy-redis keeps one set of fingerprints per spider, forever (with SCHEDULER_PERSIST): an article asked for
once would never be asked for again, and the revisits of the next run would all be filtered. Here the set
belongs to a run (``<prefix>:seen:<run>``, deleted when the run ends), and a fingerprint is the one Scrapy's
fingerprinter gives (``REQUEST_FINGERPRINTER_CLASS``), as in a crawl without Redis.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy_redis.dupefilter import RFPDupeFilter


class RunDupeFilter(RFPDupeFilter):
    def __init__(self, server, key: str, debug: bool = False, fingerprinter=None):
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter

    @classmethod
    def for_run(cls, spider: Spider, server, key: str) -> RunDupeFilter:
        """The dupefilter of one run: its fingerprints in the set ``key``."""
        crawler = spider.crawler
        return cls(server, key, crawler.settings.getbool("DUPEFILTER_DEBUG"), crawler.request_fingerprinter)

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()
