"""`scrapy crawl`, with the archive lock and an honest exit status.

Exit status: 0 when the crawl ran to its end (failed pages are recorded, not fatal); 1 when it could not
run — a malformed command line, a bad `-a` argument, a NEWSCRAWL_DB that is no usable archive or that holds
another site's crawl (NEWSCRAWL_OTHER_SITE overrides), each said in one line on stderr — or stopped because
the archive could not be written; 2 when another crawl holds the archive's lock, and for nothing else; 3
when the crawl ran but not one page of the site could be fetched (unreachable, no DNS, every entry point
failing): the run is recorded with the status "nothing_fetched".
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit
from urllib.request import pathname2url

import redis
from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    CloseSpider,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
    UsageError,
)
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError, HttpErrorMiddleware
from twisted.internet.defer import Deferred
from twisted.internet.error import ConnectError, DNSLookupError
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from newscrawl.archive import archive_sites, foreign_archive
from newscrawl.cluster import link as cluster
from newscrawl.extract.profiles import site_key

logger = logging.getLogger(__name__)

# Finish reasons of a crawl that ran as it should.
CLEAN_ENDS = ("finished", "closespider_timeout", "closespider_itemcount", "closespider_pagecount")

# Exit statuses, one meaning each and the same as the newscrawl commands' (README.md, "Exit status").
COULD_NOT_RUN = 1
MALFORMED = 2  # a malformed command line or argument: nothing was started
NOTHING_FETCHED = 3
LOCKED = 4

# The finish reason (and crawl_runs status) of a crawl that asked the site for pages and got none.
NOTHING_FETCHED_REASON = "nothing_fetched"

SQLITE_MAGIC = b"SQLite format 3\x00"


def _refuse(message: str, status: int = COULD_NOT_RUN) -> NoReturn:
    print(f"newscrawl: {message}", file=sys.stderr)
    sys.exit(status)


class Command(ScrapyCrawl):
    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)

        # Every usage error (argparse's, Scrapy's `-a foo`, `-s FOO`, ours) is one line, not the usage text,
        # and 2 as for every newscrawl command.
        def error(message: str) -> NoReturn:
            _refuse(
                f"{message} (usage: scrapy crawl dutenews [-a NAME=VALUE …] [-s NAME=VALUE …])", MALFORMED
            )

        parser.error = error  # type: ignore[method-assign]

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            options = [arg for arg in args if arg.startswith("-")]
            raise UsageError(
                f"unknown option {options[0]}" if options else "give exactly one spider name, e.g. dutenews"
            )
        db = _archive_path(self.settings.get("NEWSCRAWL_DB"))
        if not db.parent.is_dir():
            # A mistyped path must not grow directories and a fresh archive: an archive lives in a folder
            # that exists (the crawl says "new archive at …" when it creates the file there).
            _refuse(f"cannot use NEWSCRAWL_DB={db}: no directory {db.parent}")
        if warc := self.settings.get("NEWSCRAWL_WARC_DIR"):
            # The WARC directory is made if missing, in a folder that exists, as an archive is.
            warc_dir = Path(warc).resolve()
            if warc_dir.exists() and not warc_dir.is_dir():
                _refuse(f"cannot use NEWSCRAWL_WARC_DIR={warc}: not a directory")
            if not warc_dir.parent.is_dir():
                _refuse(f"cannot use NEWSCRAWL_WARC_DIR={warc}: no directory {warc_dir.parent}")
        if self.settings.get("NEWSCRAWL_REDIS_URL"):
            # A worker of a cluster (newscrawl.cluster) neither opens the archive nor takes its lock: the
            # cluster's writer, `newscrawl store`, keeps it.
            if problem := redis_problem(self.settings.get("NEWSCRAWL_REDIS_URL")):
                _refuse(problem)
            self._crawl(args, opts)
            return
        try:
            lock = db.with_name(db.name + ".lock").open("a+")
        except OSError as error:
            _refuse(f"cannot use NEWSCRAWL_DB={db}: {error.strerror or error}")
        with lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                holder = lock.read().strip() or "unknown"
                print(
                    f"newscrawl: another crawl (pid {holder}) is writing to {db}; not starting",
                    file=sys.stderr,
                )
                self.exitcode = LOCKED
                return
            # Under the lock: no other crawl is writing the file while it is looked at.
            if problem := archive_problem(db):
                _refuse(f"NEWSCRAWL_DB={db} {problem}")
            if not self.settings.getbool("NEWSCRAWL_OTHER_SITE"):
                site = opts.spargs.get("site") or self.settings.get("NEWSCRAWL_SITE")
                if problem := site_problem(db, site, self.settings.get("NEWSCRAWL_SITE_KEY")):
                    _refuse(f"NEWSCRAWL_DB={db} {problem}")
            lock.seek(0)
            lock.truncate()
            lock.write(str(os.getpid()))
            lock.flush()
            self._crawl(args, opts)

    def _crawl(self, args: list[str], opts: argparse.Namespace) -> None:
        """Run the crawl; its exit status (see the module's docstring)."""
        try:
            crawler = self._create_crawler(args[0])
        except KeyError:
            _refuse(
                f"no spider named {args[0]!r}; this project has: {', '.join(self._spider_names())}",
                MALFORMED,
            )
        fetches = _Fetches(crawler)
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_no_network_traceback)
        refused: list[str] = []
        _on_failure(self.crawler_process.crawl(crawler, **opts.spargs), refused)
        self.crawler_process.start()
        if refused:
            _refuse(refused[0], MALFORMED)  # the spider refused an argument (ids=5-1, site=notaurl)
        if self.crawler_process.bootstrap_failed:
            self.exitcode = COULD_NOT_RUN
            return
        reason = crawler.stats.get_value("finish_reason")
        error = crawler.stats.get_value("newscrawl/archive_error")
        if reason == NOTHING_FETCHED_REASON and not error:
            site = getattr(crawler.spider, "site", None) or "the site"
            print(
                f"newscrawl: nothing was fetched from {site}: all {fetches.asked()} requests for its pages "
                f"failed ({fetches.why()}); the run is recorded as {NOTHING_FETCHED_REASON}",
                file=sys.stderr,
            )
            self.exitcode = NOTHING_FETCHED
        elif error or reason not in CLEAN_ENDS:
            print(
                f"newscrawl: the crawl did not complete ({reason}): {error or 'see the log above'}",
                file=sys.stderr,
            )
            self.exitcode = COULD_NOT_RUN

    def _spider_names(self) -> list[str]:
        return sorted(self.crawler_process.spider_loader.list())


class _Fetches:
    """What the crawl got from the site: the responses that reached the spider (robots.txt aside; any status
    it accepts, so a 304 or a removed article's 404 too) and, by status, the ones HTTP errors kept from it."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.httperror = HttpErrorMiddleware.from_crawler(crawler)
        self.fetched = 0
        self.refused: dict[str, int] = {}
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        if not crawler.settings.get("NEWSCRAWL_REDIS_URL"):
            # A cluster's worker may get only pages that fail while others fetch the rest: not its to judge.
            crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        # Connected before the pipelines are made: runs before the store records the run's stats.
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def response_received(self, response: Response, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt"):
            return  # robots.txt, or a request that is no page of the crawl
        try:
            self.httperror.process_spider_input(response)
        except HttpError:
            key = f"HTTP {response.status}"
            self.refused[key] = self.refused.get(key, 0) + 1
        else:
            self.fetched += 1

    def spider_idle(self) -> None:
        """Out of work, having asked the site for pages and fetched none: close as "nothing_fetched", not
        "finished", so that crawl_runs and the exit status say so."""
        if self.asked() > 0 and self.fetched == 0:
            raise CloseSpider(NOTHING_FETCHED_REASON)

    def spider_closed(self) -> None:
        """Each site's download delay as the crawl ended (robots.txt's Crawl-delay, AutoThrottle's), into the
        stats that crawl_runs keeps: the politeness the run applied, not only the one configured."""
        engine = self.crawler.engine
        for key, slot in getattr(getattr(engine, "downloader", None), "slots", {}).items():
            self.crawler.stats.set_value(f"newscrawl/download_delay/{key}", slot.delay)

    def asked(self) -> int:
        """Requests sent for pages: robots.txt and retries aside."""
        stats = self.crawler.stats
        return (
            stats.get_value("downloader/request_count", 0)
            - stats.get_value("robotstxt/request_count", 0)
            - stats.get_value("retry/count", 0)
        )

    def why(self) -> str:
        """The commonest failure, e.g. "DownloadConnectionRefusedError" or "HTTP 503"."""
        counts = dict(self.refused)
        prefix = "downloader/exception_type_count/"
        for key, value in self.crawler.stats.get_stats().items():
            if key.startswith(prefix):
                counts[key.removeprefix(prefix).rsplit(".", 1)[-1]] = value
        return max(counts, key=counts.__getitem__) if counts else "no answer"


# What an unreachable site raises: an answer of the network, not a bug, so one log line without a traceback.
NETWORK_ERRORS = (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
    ConnectError,
    DNSLookupError,
    TwistedTimeoutError,
)


def _no_network_traceback(record: logging.LogRecord) -> bool:
    """Scrapy logs an unreachable robots.txt with the traceback of the connection error: keep the line."""
    if record.exc_info and isinstance(record.exc_info[1], NETWORK_ERRORS):
        record.exc_info = None
        record.exc_text = None
    return True


def _on_failure(crawl: Deferred | asyncio.Task, refused: list[str]) -> None:
    """A spider that refuses its arguments raises UsageError while it is made: keep its message for one
    line on stderr, instead of the traceback Scrapy or asyncio would print. Anything else is logged as
    before, traceback and all: it is a bug to see."""

    def note(error: BaseException | None) -> bool:
        if isinstance(error, UsageError):
            refused.append(f"bad argument: {error}")
            return True
        return False

    if isinstance(crawl, Deferred):
        crawl.addErrback(lambda failure: None if note(failure.value) else failure)
        return

    def done(task: asyncio.Task) -> None:
        if task.cancelled():
            return
        error = task.exception()  # retrieved, so asyncio no longer reports it itself
        if error is not None and not note(error):
            logger.error("the crawl failed", exc_info=(type(error), error, error.__traceback__))

    crawl.add_done_callback(done)


def _shown(url: str) -> str:
    """A site as the message names it: host[:port], without the scheme."""
    return urlsplit(url).netloc.rsplit("@", 1)[-1] or url


def site_problem(db: Path, site: str | None, key: str | None = None) -> str | None:
    """Why a crawl of ``site`` (known as ``key``, default its site_key) must not write into the archive at
    ``db`` (the rest of a sentence), or None: the archive holds crawls of other sites only. An article is
    (site, id), so nothing would be overwritten; but an archive is one site's record, and a crawl into the
    wrong file is far more often a mistyped path than a wish. Read-only."""
    key = key or site_key(site)
    if key is None:
        return None
    try:
        sites = archive_sites(db)
    except sqlite3.Error as error:
        return f"cannot be opened as an archive: {error}"
    if not sites or key in sites:
        return None
    held = ", ".join(dict.fromkeys(_shown(known) for known in sites.values()))
    return (
        f"holds crawls of {held}, not of {_shown(site or key)}: one archive keeps one site; use another "
        f"archive, or -s NEWSCRAWL_OTHER_SITE=1 to keep both sites' articles in it"
    )


def redis_problem(url: str) -> str | None:
    """Why a cluster's worker cannot start with the Redis at ``url`` (one line), or None."""
    try:
        cluster.client(url).ping()
    except ValueError as error:  # not a redis:// URL
        return f"NEWSCRAWL_REDIS_URL={url} is no Redis URL ({error})"
    except redis.RedisError as error:
        return f"cannot reach the cluster's Redis at {url}: {error}"
    return None


def _archive_path(value: str | None) -> Path:
    if not value or not str(value).strip():
        _refuse("NEWSCRAWL_DB is empty: give the archive's path, e.g. -s NEWSCRAWL_DB=data/dutenews.db")
    db = Path(value)
    if db.is_dir():
        _refuse(f"NEWSCRAWL_DB={db} is a directory, not an archive file")
    folder = next((parent for parent in db.parents if parent.exists()), None)
    if folder is not None and not folder.is_dir():
        _refuse(f"NEWSCRAWL_DB={db}: {folder} is a file, not a directory")
    return db


def archive_problem(db: Path) -> str | None:
    """Why the file at ``db`` cannot be the archive (the rest of a sentence), or None: also when there is
    no file yet (the crawl creates it) or an empty one (SQLite takes it as an empty database)."""
    try:
        if not db.exists():
            return None
        if db.is_dir():
            return "is a directory, not an archive file"
        if not db.is_file():
            return "is not a regular file"
        size = db.stat().st_size
        if size == 0:
            return None
        with db.open("rb") as file:
            header = file.read(100)
        wal = db.with_name(db.name + "-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    if not header.startswith(SQLITE_MAGIC):
        return "is not a SQLite database"
    if len(header) < 100:
        return f"is a truncated SQLite database ({size} bytes)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count holds when its change counter is the one it was written for.
    expected = pages * page_size if pages and header[24:28] == header[92:96] else 0
    # Pages still in the write-ahead log have not reached the file yet: the file alone says nothing then.
    if not wal_size and (size < expected or size % page_size):
        return f"is a truncated SQLite database ({size} bytes of {max(expected, page_size)})"
    try:
        conn = sqlite3.connect(f"file:{pathname2url(str(db.resolve()))}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA user_version").fetchone()
            return foreign_archive(conn)  # another program's SQLite file: refused, not written into
        finally:
            conn.close()
    except sqlite3.Error as error:
        return f"cannot be opened as an archive: {error}"
