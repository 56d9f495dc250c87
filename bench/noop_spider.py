"""The crawl benchmark's baseline: fetch a fixed list of URLs with Scrapy and do nothing with them.

    scrapy runspider bench/noop_spider.py -a urls=FILE

The same downloader, the same concurrency and the same pages as the real crawl, without link following,
extraction or storage, so the ratio between the two is what newscrawl itself costs.
"""

from pathlib import Path

import scrapy


class NoopSpider(scrapy.Spider):
    name = "noop"
    custom_settings = {"ROBOTSTXT_OBEY": False, "HTTPERROR_ALLOW_ALL": True, "RETRY_ENABLED": True}

    def __init__(self, urls: str, **kwargs):
        super().__init__(**kwargs)
        self.url_file = Path(urls)

    async def start(self):
        for url in self.url_file.read_text(encoding="utf-8").split():
            yield scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True)

    def parse(self, response):
        return None

    def failed(self, failure):
        return None
