"""`scrapy crawl dutenews`'s exit status, as a cron job reads it: 0 for a crawl that fetched the site, 3 (and
one line on stderr) for one that could fetch nothing of it, and the archive's crawl_runs saying which."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from newscrawl.commands.crawl import NOTHING_FETCHED
from newscrawl.sample_site.server import LOCAL_CRAWL, SampleServer
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: bound to learn a free one, then let go."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def crawl_site(site: str, db: Path) -> subprocess.CompletedProcess:
    command = [str(BIN / "scrapy"), "crawl", "dutenews", "-a", f"site={site}", "-s", f"NEWSCRAWL_DB={db}",
               *LOCAL_CRAWL, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "LOG_LEVEL=INFO"]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def run_statuses(db: Path) -> list[str]:
    stats = subprocess.run(
        [str(BIN / "newscrawl"), "stats", "--db", str(db), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return [run["status"] for run in json.loads(stats.stdout)["runs"]]


def our_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("newscrawl:")]


def test_a_crawl_of_a_closed_port_exits_3_with_one_line(tmp_path):
    site = f"http://127.0.0.1:{closed_port()}"
    db = tmp_path / "unreachable.db"
    done = crawl_site(site, db)
    assert NOTHING_FETCHED == 3
    assert done.returncode == 3, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    lines = our_lines(done.stderr)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"newscrawl: nothing was fetched from {site}: "), lines
    assert "ConnectionRefused" in lines[0], lines
    assert run_statuses(db) == ["nothing_fetched"]


class _Unavailable(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


def test_a_site_answering_every_page_with_503_exits_3(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        site = f"http://127.0.0.1:{server.server_address[1]}"
        db = tmp_path / "unavailable.db"
        done = crawl_site(site, db)
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 3, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    lines = our_lines(done.stderr)
    assert len(lines) == 1 and "nothing was fetched" in lines[0] and "HTTP 503" in lines[0], lines
    assert run_statuses(db) == ["nothing_fetched"]


def test_a_crawl_of_the_sample_site_exits_0_and_is_recorded_finished(tmp_path):
    server = SampleServer(SampleSite(articles=20, seed=1), 0, tmp_path / "site")
    server.serve_in_thread()
    db = tmp_path / "sample.db"
    try:
        done = subprocess.run(server.crawl_command(db), cwd=ROOT, capture_output=True, text=True, timeout=180)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr[-3000:]
    assert our_lines(done.stderr) == []
    assert run_statuses(db) == ["finished"]
