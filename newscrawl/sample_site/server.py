"""The sample site over real HTTP on 127.0.0.1, with an access log that tests count requests in."""

from __future__ import annotations

import json
import sys
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from newscrawl.sample_site.site import SampleSite


class _Handler(BaseHTTPRequestHandler):
    server: SampleServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = self.server.site.answer(parts.path, parts.query, headers, self.server.base)
        body = b"" if answer.status in (304,) else answer.body
        # Logged on arrival, so that a slow answer still counts in the crawl that asked for it.
        self.server.log(self.command, self.path, answer.status, len(body), headers)
        if answer.delay or self.server.latency:
            time.sleep(answer.delay + self.server.latency)
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            if answer.truncate:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2] if answer.truncate else body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout, a size limit): nothing left to answer
        if answer.truncate:
            self.close_connection = True

    def do_POST(self) -> None:  # noqa: N802
        if urlsplit(self.path).path != "/_admin/edition":
            self.send_error(404)
            return
        edition = self.server.advance()
        payload = json.dumps({"edition": edition}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass  # requests go to the access log, not stderr


# Scrapy settings for crawling a server on 127.0.0.1: no delays, as many requests at once as it takes.
LOCAL_CRAWL = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=16",
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16")  # fmt: skip


class SampleServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's backlog is 5: a burst of a crawl's 16 connections at once would have some refused
    # until they time out, which a real web server (backlog 511 in nginx) never does.
    request_queue_size = 128

    def __init__(self, site: SampleSite, port: int = 0, directory: Path | None = None, latency: float = 0.0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.site = site
        self.latency = latency  # seconds every answer takes, as a distant server's would (bench/scale.py)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.directory = directory
        self._log_lock = threading.Lock()
        self._log = None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self._log = (directory / "access.log").open("a", encoding="utf-8", buffering=1)
            self.write_manifest()

    @property
    def url(self) -> str:
        return self.base

    def crawl_command(
        self, db: Path, *settings: str, timeout: float = 1, log_level: str = "WARNING"
    ) -> list[str]:
        """The real `scrapy crawl dutenews` against this site into ``db``, with the politeness a loopback
        server does not need (AutoThrottle, delays, 4 per domain) turned off; ``settings``: more -s/-a.
        Only ``-a site=``, as the README runs it: the site profile knows the mobile /m/ paths it links to."""
        scrapy = str(Path(sys.executable).parent / "scrapy")
        return [scrapy, "crawl", "dutenews", "-a", f"site={self.url}",
                "-s", f"NEWSCRAWL_DB={db}", *LOCAL_CRAWL, "-s", f"DOWNLOAD_TIMEOUT={timeout}",
                "-s", f"LOG_LEVEL={log_level}", *settings]  # fmt: skip

    def advance(self) -> int:
        edition = self.site.advance()
        self.write_manifest()
        return edition

    def write_manifest(self) -> None:
        if self.directory is None:
            return
        manifest = self.site.manifest(self.base)
        target = self.directory / "manifest.json"
        partial = target.with_suffix(".tmp")
        partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(target)
        (self.directory / "site.json").write_text(
            json.dumps({"url": self.base, "edition": manifest["edition"]})
        )

    def log(self, method: str, path: str, status: int, size: int, headers: dict[str, str]) -> None:
        if self._log is None:
            return
        conditional = "conditional" if "if-none-match" in headers or "if-modified-since" in headers else "-"
        line = f"{datetime.now().isoformat(timespec='milliseconds')}\t{method}\t{path}\t{status}\t{size}\t{conditional}\n"
        with self._log_lock:
            self._log.write(line)

    def serve_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="sample-site", daemon=True)
        thread.start()
        return thread


def read_access_log(directory: Path) -> list[dict]:
    """The access log as records: time, method, path, status, size, conditional."""
    rows = []
    for line in (directory / "access.log").read_text(encoding="utf-8").splitlines():
        at, method, path, status, size, conditional = line.split("\t")
        rows.append({"at": at, "method": method, "path": path, "status": int(status), "size": int(size),
                     "conditional": conditional == "conditional", "query": parse_qs(urlsplit(path).query)})  # fmt: skip
    return rows
