"""Scale-out on scrapy-redis: N crawl workers share one frontier in Redis, one writer keeps the archive.

    worker 1..N   scrapy crawl dutenews -s NEWSCRAWL_REDIS_URL=redis://host:6379/0
    writer        newscrawl store --redis redis://host:6379/0 --db data/dutenews.db

NEWSCRAWL_REDIS_URL makes a crawl a worker through a Scrapy add-on (``addon.ClusterAddon``) that names
scrapy-redis's scheduler, queue and dupefilter in the settings, each a small subclass:

- ``scheduler.ClusterScheduler``  scrapy-redis's Scheduler, persistent; a crawl *run* shared by the workers
  (the first to start seeds it, the last to go idle ends it); leases given back on close.
- ``queue.LeasedQueue``           scrapy-redis's PriorityQueue, whose pop leases the request: it stays in
  Redis until the worker has handled it, and goes back to the queue when its worker stops renewing it.
- ``dupefilter.RunDupeFilter``    scrapy-redis's dupefilter with Scrapy's request fingerprints, one set per run.
- ``seeds.SeedOnce``              the spider's start requests, pushed by the worker that started the run only.
- ``sink.ItemStream``             items (records and raw pages) into a Redis stream, instead of SQLite.
- ``politeness``                  one per-domain slot for the whole cluster: delay (DOWNLOAD_DELAY, robots.txt's
                                  Crawl-delay, AutoThrottle) and concurrency.
- ``published``                   what the writer publishes of the archive for the workers (known ids,
                                  validators, the revisit plan's input, last run's failures).
- ``writer.Writer``               `newscrawl store`: the stream into the archive through the same pipelines
                                  (validate, dedupe, store), acknowledged after the commit.
- ``status``                      what `newscrawl stats --redis` shows: workers, queue, leases, stream.
- ``link``                        what the components share: the client, the keys, the worker, its run.
- ``local.LocalRedis``            a throw-away redis-server (tests, bench, `make cluster-demo`: ``demo``).

Workers never open the SQLite file. Redis keys (``link.Keys``) are named ``newscrawl:<spider>:<site>:…`` for
a site's frontier and ``newscrawl:items`` for the stream every worker writes to.
"""
