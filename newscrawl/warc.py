"""WARC capture: every response a crawl receives, as it was received, in WARC/1.1 files that web archives
replay (pywb, ReplayWeb.page) and ingest.

On when ``NEWSCRAWL_WARC_DIR`` is set (off by default). A downloader middleware at priority 950, nearer the
network than every middleware that changes a response (HttpCompressionMiddleware at 590 decodes gzip,
RedirectMiddleware and RetryMiddleware act on statuses), so it sees each response once, as the server sent
it: robots.txt, sitemaps, list pages, articles, redirects, error statuses and the attempts a retry repeats.
The design of scrapy-webarchive (which pins an older Scrapy), in one small class built by from_crawler.

Each run writes ``{dir}/newscrawl-{run}-{n}.warc.gz`` (``run`` the archive's crawl run, ``n`` from 0; the
next file is begun once one passes NEWSCRAWL_WARC_MAX_BYTES), each file a ``warcinfo`` record first, every
record its own gzip member, and per fetch:

- a response: a ``response`` record (status line, headers, body as received: a gzip body stays gzip, with
  its Content-Encoding) and the ``request`` record that asked for it, linked by ``WARC-Concurrent-To``;
  ``WARC-Payload-Digest`` and ``WARC-Block-Digest`` (sha1), ``WARC-IP-Address`` of the server;
- a 304 to a revisit: a ``revisit`` record (server-not-modified profile, the 304's headers) whose
  ``WARC-Refers-To-Target-URI`` and ``-Date`` name the version it confirms, as the spider's revisit request
  carries it in ``meta["revisit_of"]``, and its request;
- a download that produced no response (timeout, truncated body, size limit, refused connection): its
  ``request`` record and a ``metadata`` record concurrent to it, ``fetch-error: <exception>: <message>``.
  WARC has no record for an answer that never came whole, and a made-up response would be a false capture.

Two things are not byte for byte: Twisted undoes chunked transfer coding before Scrapy sees a body, so a
``Transfer-Encoding`` header is kept as ``X-Crawler-Transfer-Encoding`` (Common Crawl's convention) and the
record's block says what it holds; and Scrapy keeps no reason phrase, so the status line carries the
standard one.

Where the response record is goes into ``request.meta["warc"]``: the file, the offset and length of its
gzip member, and its WARC-Date to the second in local time, which the spider takes as the version's
``fetched_at``. The spider copies it into the item and the archive keeps it with the version, so an article
links to its capture.
"""

from __future__ import annotations

import hashlib
import http
import itertools
import logging
import os
import uuid
import zlib
from base64 import b32encode
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TypedDict
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

logger = logging.getLogger(__name__)

WARC_VERSION = "WARC/1.1"
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# What request.meta carries: where a response's capture is (set here), the version a revisit confirms (set by
# the spider).
META_KEY = "warc"
REVISIT_OF = "revisit_of"
# zlib's default level: 9 (warcio's choice) costs 45% more CPU for files 0.4% smaller (the real news pages of
# ../shared/pages/gne-dev, about 190 KB each: 7 ms a page at 6, 10 ms at 9).
GZIP_LEVEL = 6
# Settings that say how the pages were asked for, written into each file's warcinfo.
WARCINFO_SETTINGS = ("ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "CONCURRENT_REQUESTS_PER_DOMAIN",
                     "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE", "RETRY_TIMES", "NEWSCRAWL_REVISIT_BUDGET")  # fmt: skip
FILE_NAME = "newscrawl-{run}-{n}.warc.gz"


class Capture(TypedDict):
    """Where one fetch's main record (response, revisit) is: what the archive keeps with a version."""

    file: str  # the WARC file's absolute path
    offset: int  # of the record's gzip member in the file
    length: int  # of the gzip member
    fetched_at: str  # the same moment as the archive writes times: ISO 8601 with the local offset, seconds


def warc_date(moment: datetime) -> str:
    return datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None), use_micros=True)


@dataclass
class Record:
    """One WARC/1.1 record, composed here rather than by warcio's writer, which builds a record through
    layers of header objects and stream copies: a fetch's two records cost the crawl 0.63 ms that way and
    0.29 ms this way (process_response alone, on a sample site page), where a record is only header lines,
    two sha1 digests and its block. warcio reads them back and checks every digest (tests/test_warc.py)."""

    kind: str  # WARC-Type
    fields: dict[str, str]  # WARC-Target-URI, WARC-Date, WARC-IP-Address, WARC-Concurrent-To, …
    block: bytes  # HTTP headers and payload, or application/warc-fields
    payload: bytes | None = None  # what WARC-Payload-Digest covers, for records with an HTTP payload
    id: str = field(default_factory=lambda: f"<urn:uuid:{uuid.uuid4()}>")

    def to_bytes(self) -> bytes:
        head = {"WARC-Type": self.kind, "WARC-Record-ID": self.id, **self.fields}
        if self.payload is not None:
            head["WARC-Payload-Digest"] = _digest(self.payload)
        head["WARC-Block-Digest"] = _digest(self.block)
        head["Content-Type"] = CONTENT_TYPES[self.kind]
        head["Content-Length"] = str(len(self.block))
        text = "".join(f"{name}: {value}\r\n" for name, value in head.items())
        return f"{WARC_VERSION}\r\n{text}\r\n".encode() + self.block + b"\r\n\r\n"


CONTENT_TYPES = {"warcinfo": "application/warc-fields", "metadata": "application/warc-fields",
                 "response": "application/http; msgtype=response", "revisit": "application/http; msgtype=response",
                 "request": "application/http; msgtype=request"}  # fmt: skip


def _digest(data: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(data).digest()).decode("ascii")


def gzip_member(record: Record) -> bytes:
    """A record as WARC files hold it: one gzip member each, so that any record can be read at its offset."""
    return zlib.compress(record.to_bytes(), GZIP_LEVEL, wbits=31)  # 31: a gzip container


def warc_fields(fields: dict[str, str]) -> bytes:
    return "".join(f"{name}: {value}\r\n" for name, value in fields.items() if value).encode("utf-8")


class WarcFiles:
    """One run's WARC files in a directory: ``newscrawl-{run}-{n}.warc.gz``, each begun with a warcinfo
    record; the next one begun when the current one has passed ``max_bytes``. A name already taken (another
    archive's run of the same number wrote to the directory) is never overwritten: the next ``n`` is used.
    ``begin`` gives the run's name and the warcinfo fields when a file is begun."""

    def __init__(self, directory: Path, max_bytes: int, begin: Callable[[], tuple[str, dict[str, str]]]):
        self.directory = directory
        self.max_bytes = max_bytes
        self.begin = begin
        self.paths: list[Path] = []
        self.handle = None
        self.size = 0
        self.numbers = itertools.count()

    def write(self, records: list[Record]) -> list[tuple[int, int]]:
        """Append the records to the current file (``paths[-1]``), each as one gzip member; their (offset,
        length) there."""
        if self.handle is None:
            self._begin()
        found = []
        for record in records:
            member = gzip_member(record)
            self.handle.write(member)
            found.append((self.size, len(member)))
            self.size += len(member)
        # Flushed with every fetch: what the archive is told is in a file is in it, whatever happens next.
        self.handle.flush()
        if self.size >= self.max_bytes:
            self.close()
        return found

    def _begin(self) -> None:
        run, info = self.begin()
        for n in self.numbers:
            path = self.directory / FILE_NAME.format(run=run, n=n)
            try:
                self.handle = path.open("xb")
            except FileExistsError:
                continue
            break
        self.paths.append(path)
        self.size = 0
        fields = {"WARC-Date": warc_date(datetime.now(UTC)), "WARC-Filename": path.name}
        self.write([Record("warcinfo", fields, warc_fields(info))])

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


class WarcCapture:
    """The downloader middleware (DOWNLOADER_MIDDLEWARES, 950) that writes the crawl's WARC files."""

    def __init__(self, crawler: Crawler, directory: Path, max_bytes: int):
        self.crawler = crawler
        self.stats = crawler.stats
        self.settings = crawler.settings
        self.files = WarcFiles(directory, max_bytes, lambda: (self._run(), self._warcinfo()))
        self.run: str | None = None
        self.broken = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
        directory = crawler.settings.get("NEWSCRAWL_WARC_DIR")
        if not directory:
            raise NotConfigured("NEWSCRAWL_WARC_DIR is not set")
        path = Path(directory).resolve()
        path.mkdir(exist_ok=True)  # in a folder that exists (the crawl command refuses any other)
        capture = cls(crawler, path, crawler.settings.getint("NEWSCRAWL_WARC_MAX_BYTES"))
        crawler.signals.connect(capture.spider_closed, signal=signals.spider_closed)
        return capture

    # --- the middleware -------------------------------------------------------------------------------------

    def process_response(self, request: Request, response: Response) -> Response:
        moment = datetime.now(UTC)
        protocol = getattr(response, "protocol", None) or "HTTP/1.1"
        http_headers = StatusAndHeaders(_status_line(response.status), _header_list(response.headers),
                                        protocol=protocol).to_ascii_bytes()  # fmt: skip
        fields = {"WARC-Target-URI": response.url, "WARC-Date": warc_date(moment)}
        if response.ip_address is not None:
            fields["WARC-IP-Address"] = str(response.ip_address)
        if response.status == 304:
            record = Record("revisit", fields | _refers_to(request, response.url), http_headers)
        else:
            record = Record("response", fields, http_headers + response.body, payload=response.body)
        self._write(request, record, moment, main_first=True)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):
            return None  # never sent: robots.txt forbids it, or it leads off the site
        moment = datetime.now(UTC)
        error = ": ".join(filter(None, (type(exception).__name__, str(exception))))
        error = error.replace("\r", " ").replace("\n", " ")
        fields = {"WARC-Target-URI": request.url, "WARC-Date": warc_date(moment)}
        self._write(request, Record("metadata", fields, warc_fields({"fetch-error": error})), moment,
                    main_first=False)  # fmt: skip
        return None

    # --- writing ---------------------------------------------------------------------------------------------

    def _write(self, request: Request, main: Record, moment: datetime, main_first: bool) -> None:
        request.meta.pop(META_KEY, None)  # a retry's or a redirect's copy carries the first attempt's
        if self.broken:
            return
        sent = self._request_record(request, main)
        records = [main, sent] if main_first else [sent, main]
        files = len(self.files.paths)
        try:
            located = self.files.write(records)
        except OSError as error:
            self._stop(f"cannot write {self.files.directory}: {error.strerror or error}")
            return
        if len(self.files.paths) != files:
            self.stats.set_value("newscrawl/warc/files", [str(path) for path in self.files.paths])
        offset, length = located[records.index(main)]
        fetched_at = moment.astimezone().isoformat(timespec="seconds")
        request.meta[META_KEY] = Capture(file=str(self.files.paths[-1]), offset=offset, length=length,
                                         fetched_at=fetched_at)  # fmt: skip
        self.stats.inc_value("newscrawl/warc/records", len(records))
        self.stats.inc_value("newscrawl/warc/bytes", sum(length for _, length in located))
        self.stats.inc_value(f"newscrawl/warc/{main.kind}")

    def _request_record(self, request: Request, main: Record) -> Record:
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = _header_list(request.headers)
        if not any(name.lower() == "host" for name, _ in headers):
            headers.insert(0, ("Host", parts.netloc))  # Twisted adds it when it sends the request
        http_headers = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)
        fields = {"WARC-Target-URI": request.url, "WARC-Date": main.fields["WARC-Date"],
                  "WARC-Concurrent-To": main.id}  # fmt: skip
        return Record("request", fields, http_headers.to_ascii_bytes() + request.body, payload=request.body)

    def _run(self) -> str:
        """The crawl run the store opened (read at the first write: the pipelines open before any request),
        or, without an archive (a cluster's worker), the start's UTC time and the process id."""
        if self.run is None:
            run = self.stats.get_value("newscrawl/crawl_run")
            self.run = str(run) if run is not None else f"{datetime.now(UTC):%Y%m%d%H%M%S}-{os.getpid()}"
        return self.run

    def _warcinfo(self) -> dict[str, str]:
        spider = self.crawler.spider
        settings = "; ".join(f"{name}={self.settings.get(name)}" for name in WARCINFO_SETTINGS)
        return {
            "software": f"newscrawl/{version('newscrawl')} (Scrapy {version('scrapy')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "isPartOf": f"newscrawl crawl run {self._run()}",
            "crawl-run": self._run(),
            "site": getattr(spider, "site", ""),
            "site-key": getattr(spider, "site_key", ""),
            "profile": getattr(getattr(spider, "profile", None), "name", ""),
            "http-header-user-agent": self.settings.get("USER_AGENT"),
            "robots": "obey" if self.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "settings": settings,
        }

    def _stop(self, message: str) -> None:
        self.broken = True
        self.files.close()
        self.stats.set_value("newscrawl/warc/error", message)
        logger.error("WARC capture failed, stopping the crawl: %s", message)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="warc_error"))

    def spider_closed(self) -> None:
        self.files.close()


def _status_line(status: int) -> str:
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _header_list(headers) -> list[tuple[str, str]]:
    """Scrapy's headers as (name, value) pairs, a repeated header once per value; the transfer coding Twisted
    undid renamed (see the module's docstring)."""
    pairs = []
    for name, values in headers.items():
        text = name.decode("latin-1")
        if text.lower() == "transfer-encoding":
            text = "X-Crawler-Transfer-Encoding"
        pairs.extend((text, value.decode("latin-1")) for value in values)
    return pairs


def _refers_to(request: Request, url: str) -> dict[str, str]:
    """The version a 304 confirms: where and when the archive fetched it, as the revisit request says."""
    known = request.meta.get(REVISIT_OF) or {}
    fields = {"WARC-Profile": SERVER_NOT_MODIFIED, "WARC-Refers-To-Target-URI": known.get("url") or url}
    if known.get("fetched_at"):
        fields["WARC-Refers-To-Date"] = warc_date(datetime.fromisoformat(known["fetched_at"]))
    return fields


# --- reading ---------------------------------------------------------------------------------------------------


@dataclass
class Located:
    """A record read from a WARC file, with where its gzip member is."""

    path: Path
    offset: int
    length: int
    record: ArcWarcRecord
    payload: bytes | None  # its payload, a response's Content-Encoding undone (when asked for)


def records(path: Path, payloads: bool = False) -> Iterator[Located]:
    """Every record of a WARC file, in order; with ``payloads`` each record's decoded payload."""
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            payload = record.content_stream().read() if payloads else None
            iterator.read_to_end(record)
            yield Located(path, iterator.get_record_offset(), iterator.get_record_length(), record, payload)


def record_at(path: Path, offset: int) -> Located:
    """The record whose gzip member begins at ``offset`` of the file, with its decoded payload."""
    with path.open("rb") as handle:
        handle.seek(offset)
        iterator = ArchiveIterator(handle)
        record = next(iterator)
        payload = record.content_stream().read()
        iterator.read_to_end(record)
        return Located(path, offset, iterator.get_record_length(), record, payload)
