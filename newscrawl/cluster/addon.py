"""The Scrapy add-on that makes a crawl a cluster worker when NEWSCRAWL_REDIS_URL is set; else it does nothing.

    scrapy crawl dutenews -s NEWSCRAWL_REDIS_URL=redis://host:6379/0

The spider does not change: the add-on names scrapy-redis's components (our subclasses) in the settings, as
scrapy-redis's own documentation does by hand, and swaps the archive's pipelines for the item stream.
"""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

from newscrawl.cluster.link import CLIENT_PARAMS

# The pipelines that read or write the archive: a worker never opens it; the writer runs them.
ARCHIVE_PIPELINES = ("pipelines.dedupe.DedupePipeline", "pipelines.store.StorePipeline")


class ClusterAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return

        def put(name: str, value) -> None:
            # Over the project's settings and the command line's: these make the worker a worker.
            settings.set(name, value, max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["addon"]))

        # scrapy-redis: its scheduler, queue and dupefilter, as subclasses; the queue and the dupefilter
        # outlive every worker (SCHEDULER_PERSIST): a run ends when the cluster's work is done, not a worker's.
        put("REDIS_URL", url)
        put("REDIS_PARAMS", dict(CLIENT_PARAMS))
        put("SCHEDULER", "newscrawl.cluster.scheduler.ClusterScheduler")
        put("SCHEDULER_QUEUE_CLASS", "newscrawl.cluster.queue.LeasedQueue")
        put("DUPEFILTER_CLASS", "newscrawl.cluster.dupefilter.RunDupeFilter")
        put("SCHEDULER_PERSIST", True)
        put("SCHEDULER_FLUSH_ON_START", False)

        # Items go to the stream; the archive's pipelines run in the writer.
        pipelines = settings.getdict("ITEM_PIPELINES")
        order = max((pipelines.pop(name, 0) or 0 for name in ARCHIVE_PIPELINES), default=300)
        put("ITEM_PIPELINES", pipelines | {"newscrawl.cluster.sink.ItemStream": order or 300})
        put(
            "SPIDER_MIDDLEWARES",
            settings.getdict("SPIDER_MIDDLEWARES") | {"newscrawl.cluster.seeds.SeedOnce": 0},
        )

        # Politeness held by the cluster's shared slot (newscrawl.cluster.politeness), the last middleware
        # before the download; the workers' own slots keep no delay, or they would shift requests after it.
        put("DOWNLOADER_MIDDLEWARES", settings.getdict("DOWNLOADER_MIDDLEWARES")
            | {"newscrawl.cluster.politeness.ClusterSlot": 990})  # fmt: skip
        if settings.get("NEWSCRAWL_SLOT_DELAY") is None:
            put("NEWSCRAWL_SLOT_DELAY", settings.getfloat("DOWNLOAD_DELAY"))
        put("DOWNLOAD_DELAY", 0)
        put("EXTENSIONS", settings.getdict("EXTENSIONS") | {
            "newscrawl.politeness.RobotsCrawlDelay": None,
            "newscrawl.cluster.politeness.ClusterCrawlDelay": 500,
            "scrapy.extensions.throttle.AutoThrottle": None,
            "newscrawl.cluster.politeness.ClusterAutoThrottle": 0,
        })  # fmt: skip
