"""`scrapy crawl`, with the archive lock and an honest exit status.

Exit status: 0 when the crawl ran to its end (failed pages are recorded, not fatal); 1 when it could not
run or stopped because the archive could not be written; 2 when another crawl holds the archive's lock.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

# Finish reasons of a crawl that ran as it should.
CLEAN_ENDS = ("finished", "closespider_timeout", "closespider_itemcount", "closespider_pagecount")


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. `scrapy crawl dutenews`")
        db = Path(self.settings.get("NEWSCRAWL_DB"))
        db.parent.mkdir(parents=True, exist_ok=True)
        lock_path = db.with_name(db.name + ".lock")
        with lock_path.open("a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                holder = lock.read().strip() or "unknown"
                print(
                    f"newscrawl: another crawl (pid {holder}) is writing to {db}; not starting",
                    file=sys.stderr,
                )
                self.exitcode = 2
                return
            lock.seek(0)
            lock.truncate()
            lock.write(str(os.getpid()))
            lock.flush()
            crawler = self._create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
            if self.crawler_process.bootstrap_failed:
                self.exitcode = 1
                return
            reason = crawler.stats.get_value("finish_reason")
            error = crawler.stats.get_value("newscrawl/archive_error")
            if error or reason not in CLEAN_ENDS:
                print(
                    f"newscrawl: the crawl did not complete ({reason}): {error or 'see the log above'}",
                    file=sys.stderr,
                )
                self.exitcode = 1
