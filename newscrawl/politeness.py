"""robots.txt's Crawl-delay, honoured: Scrapy obeys robots.txt's rules but not its delay."""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response


class RobotsCrawlDelay:
    """Keep each site's download delay at or above the Crawl-delay its robots.txt asks for.

    AutoThrottle moves the delay with the server's latency and may lower it; this extension is connected
    after AutoThrottle, so on every response it lifts the slot's delay back to the floor. A delay above
    NEWSCRAWL_MAX_CRAWL_DELAY is capped: a site asking for minutes between pages cannot be archived at all.
    """

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSCRAWL_MAX_CRAWL_DELAY")
        self.user_agent = crawler.settings.get("USER_AGENT")
        self.floors: dict[str, float] = {}
        crawler.signals.connect(self.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsCrawlDelay:
        return cls(crawler)

    def robots_parsed(self, robotparser, request: Request) -> None:
        delay = robotparser.crawl_delay(self.user_agent)
        if not delay:
            return
        key = self.crawler.engine.downloader.get_slot_key(request)
        self.floors[key] = min(float(delay), self.cap)
        self.crawler.stats.set_value(f"newscrawl/crawl_delay/{key}", self.floors[key])
        self._lift(key)

    def response_downloaded(self, response: Response, request: Request) -> None:
        key = request.meta.get("download_slot")
        if key in self.floors:
            self._lift(key)

    def _lift(self, key: str) -> None:
        slot = self.crawler.engine.downloader.slots.get(key)
        if slot is not None and slot.delay < self.floors[key]:
            slot.delay = self.floors[key]
