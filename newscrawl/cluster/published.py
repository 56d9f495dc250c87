"""What the writer publishes of the archive for the workers, who never open it: one Redis key per site.

``<prefix>:published`` holds, compressed JSON: the last cluster run the archive has recorded the end of
(``run``) and every id of the site with what a revisit needs (``known``: Archive.revisit_state's rows — the
known ids, their validators, dates and last revisit, the revisit plan's input); ``<prefix>:failed`` the ids
that failed in the last run (they get one try, not RETRY_TIMES). The writer publishes it when it starts and after
each run it ends; a worker reads it once, when its crawl starts.

A run that starts right after the previous one ended would otherwise read what the writer knew before it
wrote that run: a worker waits for the writer to catch up (NEWSCRAWL_WRITER_WAIT seconds at most, then goes
on with what is there: known articles it does not know of are fetched again, and stored as unchanged).
"""

from __future__ import annotations

import json
import logging
import time
import zlib

import redis
from scrapy.settings import BaseSettings

from newscrawl.archive import Archive
from newscrawl.cluster.link import REDIS_DOWN, Keys, client

logger = logging.getLogger(__name__)

NOTHING = {"run": 0, "known": []}


def publish(server: redis.Redis, keys: Keys, archive: Archive, site: str) -> int:
    """Publish what the archive knows of ``site`` for its workers; returns the run it is up to date with."""
    state = {"run": archive.last_cluster_run(site), "known": archive.revisit_state(site)}
    with server.pipeline() as pipe:
        pipe.set(keys.failed, json.dumps(sorted(archive.failed_last_run(site))))
        pipe.set(keys.published, zlib.compress(json.dumps(state, ensure_ascii=False).encode(), 6))
        pipe.execute()
    return state["run"]


def read_published(settings: BaseSettings, spider_name: str, site: str) -> dict:
    """What the writer published for ``site``, once it has caught up with the last run that ended."""
    server = client(settings.get("NEWSCRAWL_REDIS_URL"))
    keys = Keys.of(spider_name, site)
    deadline = time.monotonic() + settings.getfloat("NEWSCRAWL_WRITER_WAIT")
    while True:
        raw, ended = server.get(keys.published), int(server.get(keys.ended) or 0)
        state = json.loads(zlib.decompress(raw)) if raw else NOTHING
        if state["run"] >= ended:
            return state
        if time.monotonic() > deadline:
            logger.warning("the writer has not published run %s yet: crawling with what it knew after run %s",
                           ended, state["run"])  # fmt: skip
            return state
        time.sleep(0.5)


def failed_last_run(settings: BaseSettings, spider_name: str, site: str) -> set[str]:
    """The ids that failed in the site's last run, as the writer published them."""
    try:
        raw = client(settings.get("NEWSCRAWL_REDIS_URL")).get(Keys.of(spider_name, site).failed)
    except REDIS_DOWN as error:
        # Asked while a page is parsed: no waiting there. They get their retries, as any other page.
        logger.warning("could not read last run's failures (%s): they are retried as usual", error)
        return set()
    return set(json.loads(raw)) if raw else set()
