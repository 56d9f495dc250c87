"""WARC capture (newscrawl.warc), its export as WARC and WACZ, its replay in pywb and an archive rebuilt from
it, on the real `scrapy crawl dutenews` against the sample site on 127.0.0.1 (every third article page is
served gzip-encoded).

The module's crawl: a first run into an empty archive, then a rerun of the unchanged site, both with
NEWSCRAWL_WARC_DIR set. Tests count and compare; none times anything.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
import urllib.request
import zipfile
from base64 import b32encode
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from newscrawl.archive import Archive
from newscrawl.cli import main
from newscrawl.sample_site.server import SampleServer, read_access_log
from newscrawl.sample_site.site import GZIPPED, SampleSite
from newscrawl.warc import SERVER_NOT_MODIFIED, record_at, records

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass
class Crawled:
    db: Path
    warc: Path
    site: Path
    files: list[list[Path]]  # per run, the WARC files it wrote
    requests: list[list[dict]]  # per run, the access log's requests


def _crawl(server: SampleServer, db: Path, warc: Path, *settings: str) -> None:
    command = server.crawl_command(db, "-s", f"NEWSCRAWL_WARC_DIR={warc}", *settings)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Crawled:
    work = tmp_path_factory.mktemp("warc")
    server = SampleServer(SampleSite(articles=200, seed=1, slow_seconds=1.5), 0, work / "site")
    server.serve_in_thread()
    db, warc = work / "archive.db", work / "warc"
    files: list[list[Path]] = []
    requests: list[list[dict]] = []
    try:
        for _ in range(2):
            before, logged = set(warc.glob("*")), len(read_access_log(work / "site"))
            _crawl(server, db, warc)
            files.append(sorted(set(warc.glob("*")) - before))
            requests.append(read_access_log(work / "site")[logged:])
    finally:
        server.shutdown()
    return Crawled(db, warc, work / "site", files, requests)


def query(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql, params).fetchall()


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _captures(files: list[Path]) -> list:
    """The records of the files that stand for one fetch each: response, revisit, metadata (an error)."""
    return [
        f for path in files for f in records(path) if f.record.rec_type in ("response", "revisit", "metadata")
    ]


# --- capture -----------------------------------------------------------------------------------------------


def test_warcio_check_passes_on_every_file_and_each_begins_with_warcinfo(crawled):
    every = [path for run in crawled.files for path in run]
    assert [len(run) for run in crawled.files] == [1, 1]
    assert [p.name for p in every] == ["newscrawl-1-0.warc.gz", "newscrawl-2-0.warc.gz"]
    done = subprocess.run(
        [str(BIN / "warcio"), "check", "-v", *map(str, every)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "digest pass" in done.stdout and "fail" not in done.stdout
    for path in every:
        first = next(records(path, payloads=True))
        assert first.record.rec_type == "warcinfo"
        info = first.payload.decode()
        assert (
            "crawl-run: " + path.name.split("-")[1] in info
            and "robots: obey" in info
            and "site-key: " in info
        )


def test_every_version_points_to_a_response_record_whose_decoded_payload_is_the_stored_page(crawled):
    archive = Archive(crawled.db, readonly=True)
    try:
        versions = query(crawled.db, "SELECT id, url, status, fetched_at, warc_file, warc_offset, warc_length "
                                     "FROM versions ORDER BY id")  # fmt: skip
        assert len(versions) == query(crawled.db, "SELECT count(*) FROM articles")[0][0] > 150
        encoded = 0
        for version_id, url, status, fetched_at, warc_file, offset, length in versions:
            found = record_at(Path(warc_file), offset)
            headers = found.record.rec_headers
            assert found.record.rec_type == "response" and found.length == length
            assert headers.get_header("WARC-Target-URI") == url
            assert found.record.http_headers.get_statuscode() == str(status)
            assert found.payload == archive.version_raw(version_id)
            assert headers.get_header("WARC-IP-Address") == "127.0.0.1"
            # The version's fetch time is the capture's, to the second.
            captured = datetime.fromisoformat(headers.get_header("WARC-Date").replace("Z", "+00:00"))
            assert captured.replace(microsecond=0) == datetime.fromisoformat(fetched_at)
            if found.record.http_headers.get_header("Content-Encoding") == "gzip":
                encoded += 1
                # Kept as sent: the record's payload digest is the sha1 of the gzip bytes, not of the page.
                with Path(warc_file).open("rb") as handle:
                    handle.seek(offset)
                    sent = record_bytes(handle)
                assert headers.get_header("WARC-Payload-Digest") == "sha1:" + b32encode(
                    hashlib.sha1(sent).digest()).decode()  # fmt: skip
                assert sent != found.payload and sent[:2] == b"\x1f\x8b"
        assert encoded >= len(versions) // GZIPPED - 5
    finally:
        archive.close()


def record_bytes(handle) -> bytes:
    """The payload of the record at the handle's position as it is stored: Content-Encoding kept."""
    from warcio.archiveiterator import ArchiveIterator

    record = next(iter(ArchiveIterator(handle)))
    return record.raw_stream.read()


def test_every_request_in_the_access_log_has_a_record(crawled):
    """Per run, the site's access log and the run's records name the same requests, as many times each
    (retries, redirect hops, robots.txt, sitemaps, list pages, articles, 304s, errors)."""
    for run, files in enumerate(crawled.files):
        logged = Counter(row["path"] for row in crawled.requests[run] if row["method"] == "GET")
        captures = _captures(files)
        recorded = Counter(_path(f.record.rec_headers.get_header("WARC-Target-URI")) for f in captures)
        assert recorded == logged, (recorded - logged, logged - recorded)
        # Each fetch's request record is concurrent to it; a download that got no response is a request and
        # a metadata record naming the error (the slow page's timeouts, the truncated and the huge page).
        concurrent = Counter(f.record.rec_headers.get_header("WARC-Concurrent-To") for path in files
                             for f in records(path) if f.record.rec_type == "request")  # fmt: skip
        assert concurrent == Counter(f.record.rec_headers.get_header("WARC-Record-ID") for f in captures)
        errors = [
            f for path in files for f in records(path, payloads=True) if f.record.rec_type == "metadata"
        ]
        kinds = Counter(f.payload.decode().split(":")[1].strip() for f in errors)
        assert set(kinds) == {"DownloadTimeoutError", "ResponseDataLossError", "DownloadCancelledError"}, (
            kinds
        )
        assert all(f.payload.startswith(b"fetch-error: ") for f in errors)


def test_a_rerun_with_nothing_changed_writes_revisits_and_no_response_for_an_archived_article(crawled):
    archived = {_path(url) for (url,) in query(crawled.db, "SELECT url FROM ids")}
    first = {_path(f.record.rec_headers.get_header("WARC-Target-URI")): f for f in _captures(crawled.files[0])
             if f.record.rec_type == "response"}  # fmt: skip
    rerun = _captures(crawled.files[1])
    responses = {_path(f.record.rec_headers.get_header("WARC-Target-URI")) for f in rerun
                 if f.record.rec_type == "response"}  # fmt: skip
    revisits = [f for f in rerun if f.record.rec_type == "revisit"]
    assert responses & archived == set()
    assert {_path(f.record.rec_headers.get_header("WARC-Target-URI")) for f in revisits} == archived
    assert len(revisits) == len(archived)
    [(stats,)] = query(crawled.db, "SELECT stats FROM crawl_runs WHERE id = 2")
    assert json.loads(stats)["newscrawl/revisit/not_modified"] == len(revisits)
    for found in revisits:
        headers = found.record.rec_headers
        assert headers.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
        assert found.record.http_headers.get_statuscode() == "304"
        # It names the capture of the version it confirms: that URL's response in the first run, that second.
        original = first[_path(headers.get_header("WARC-Refers-To-Target-URI"))]
        assert headers.get_header("WARC-Refers-To-Date") == (
            original.record.rec_headers.get_header("WARC-Date").split(".")[0].rstrip("Z") + "Z"
        )
    # The rerun's version locations are untouched: nothing was stored.
    assert query(crawled.db, "SELECT count(*) FROM versions WHERE crawl_run = 2") == [(0,)]


def test_a_new_file_is_begun_past_the_size_limit_each_with_its_warcinfo(tmp_path):
    server = SampleServer(SampleSite(articles=40, seed=2, slow_seconds=1.5), 0, tmp_path / "site")
    server.serve_in_thread()
    try:
        _crawl(server, tmp_path / "a.db", tmp_path / "warc", "-s", "NEWSCRAWL_WARC_MAX_BYTES=20000")
    finally:
        server.shutdown()
    files = sorted(tmp_path.glob("warc/*.warc.gz"), key=lambda p: int(p.name.split("-")[2].split(".")[0]))
    assert len(files) > 3
    assert all(next(records(path)).record.rec_type == "warcinfo" for path in files)
    assert all(path.stat().st_size < 20000 + 20000 for path in files)
    [(stats,)] = query(tmp_path / "a.db", "SELECT stats FROM crawl_runs")
    assert json.loads(stats)["newscrawl/warc/files"] == [str(p) for p in files]
    for url, warc_file, offset in query(
        tmp_path / "a.db", "SELECT url, warc_file, warc_offset FROM versions"
    ):
        assert record_at(Path(warc_file), offset).record.rec_headers.get_header("WARC-Target-URI") == url


def test_a_warc_directory_in_a_missing_folder_is_refused_in_one_line(tmp_path):
    command = [str(BIN / "scrapy"), "crawl", "dutenews", "-s", f"NEWSCRAWL_DB={tmp_path / 'a.db'}",
               "-s", f"NEWSCRAWL_WARC_DIR={tmp_path / 'no' / 'warc'}"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"newscrawl: cannot use NEWSCRAWL_WARC_DIR={tmp_path / 'no' / 'warc'}: no directory {tmp_path / 'no'}"
    )
    assert not (tmp_path / "a.db").exists()


def test_captures_that_cannot_be_written_stop_the_crawl_with_exit_1(tmp_path):
    """A WARC directory no file can be made in (procfs: even root cannot) stops the crawl as a full archive
    does: finish reason warc_error, one line, exit 1."""
    server = SampleServer(SampleSite(articles=30, seed=2), 0, tmp_path / "site")
    server.serve_in_thread()
    try:
        command = server.crawl_command(tmp_path / "a.db", "-s", "NEWSCRAWL_WARC_DIR=/proc/self")
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
    assert done.returncode == 1
    assert (
        done.stderr.strip().splitlines()[-1]
        == "newscrawl: the crawl did not complete (warc_error): see the log above"
    )
    assert "Traceback" not in done.stderr
    assert query(tmp_path / "a.db", "SELECT status FROM crawl_runs") == [("warc_error",)]


# --- export ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wacz(crawled, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("wacz") / "demo.wacz"
    result = invoke("export", "wacz", "--db", str(crawled.db), "-o", str(output))
    assert result.exit_code == 0, result.output
    return output


def test_wacz_validate_accepts_the_export_and_its_pages_are_the_articles_with_their_headlines(crawled, wacz):
    done = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(wacz)], capture_output=True, text=True)
    assert done.returncode == 0 and "Validation succeeded" in done.stdout, done.stdout + done.stderr
    with zipfile.ZipFile(wacz) as packed:
        names = packed.namelist()
        lines = packed.read("pages/pages.jsonl").decode().splitlines()
    assert {"datapackage.json", "indexes/index.cdx.gz", "pages/pages.jsonl"} <= set(names)
    assert [n for n in names if n.startswith("archive/")] == ["archive/newscrawl-start-end.warc.gz"]
    pages = [json.loads(line) for line in lines[1:]]
    headlines = dict(query(crawled.db, "SELECT url, json_extract(record, '$.headline') FROM versions"))
    assert {p["url"]: p["title"] for p in pages} == headlines
    assert len(pages) == len(headlines)


def test_export_warc_copies_every_record_of_the_period_unchanged(crawled, tmp_path):
    output = tmp_path / "all.warc.gz"
    result = invoke("export", "warc", "--db", str(crawled.db), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines()[-1].startswith(f"{output}: ")
    done = subprocess.run([str(BIN / "warcio"), "check", str(output)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
    source = [f.record.rec_headers.get_header("WARC-Record-ID") for run in crawled.files for path in run
              for f in records(path)]  # fmt: skip
    exported = [f.record.rec_headers.get_header("WARC-Record-ID") for f in records(output)]
    assert exported[1:] == source  # after the export's own warcinfo: all of them, in order
    # A period with no capture: the export's warcinfo alone, and no page.
    later = tmp_path / "later.warc.gz"
    result = invoke("export", "warc", "--db", str(crawled.db), "-o", str(later), "--since", "2100-01-01")
    assert result.exit_code == 0, result.output
    assert [f.record.rec_type for f in records(later)] == ["warcinfo"]


def test_export_of_an_archive_without_captures_is_refused_in_one_line(tmp_path):
    Archive(tmp_path / "empty.db").close()
    result = invoke("export", "wacz", "--db", str(tmp_path / "empty.db"), "-o", str(tmp_path / "x.wacz"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'empty.db'} knows no WARC captures: crawl with -s NEWSCRAWL_WARC_DIR=DIR to write them"
    ]
    assert not (tmp_path / "x.wacz").exists()


# --- replay ------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_pywb_replays_an_archived_article_as_it_was_stored(crawled, wacz, tmp_path):
    from newscrawl.replay import PYWB, make_collection, pages, replay_url, start

    done = subprocess.run(["make", "-s", ".venv-pywb/bin/wayback"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode or not (PYWB / "wayback").exists():
        pytest.skip(
            f"pywb could not be installed in .venv-pywb: {(done.stderr or done.stdout).strip()[-300:]}"
        )
    make_collection(wacz, tmp_path / "pywb")
    port = _free_port()
    server = start(tmp_path / "pywb", port)
    try:
        # A gzip-encoded article: pywb decodes what the capture kept encoded.
        page = next(p for p in pages(wacz) if int(p["url"].rsplit("/", 1)[1]) % GZIPPED == 0)
        with urllib.request.urlopen(replay_url(port, page, raw=True), timeout=30) as answer:
            body = answer.read()
            assert answer.status == 200
        [(version_id,)] = query(crawled.db, "SELECT id FROM versions WHERE url = ?", page["url"])
        archive = Archive(crawled.db, readonly=True)
        try:
            assert body == archive.version_raw(version_id)
        finally:
            archive.close()
        assert page["title"] in body.decode("utf-8")
    finally:
        server.terminate()
        server.wait()


# --- re-extraction from captures ----------------------------------------------------------------------------


def test_reextract_from_warc_into_an_empty_archive_gives_the_crawls_articles_and_hashes(crawled, tmp_path):
    restored = tmp_path / "restored.db"
    result = invoke("reextract", "--from-warc", str(crawled.warc), "--db", str(restored))
    assert result.exit_code == 0, result.output
    for sql in (
        "SELECT i.article_id, a.content_hash FROM ids i JOIN articles a ON a.seq = i.seq ORDER BY 1",
        "SELECT article_id, content_hash, version_hash, versions, url, headline, body FROM articles ORDER BY 1",
        "SELECT a.article_id, v.content_hash, v.fetched_at, v.url, v.warc_file, v.warc_offset "
        "FROM versions v JOIN articles a ON a.seq = v.seq ORDER BY 1, v.id",
        "SELECT site, article_id FROM gone ORDER BY 1, 2",
    ):
        assert query(restored, sql) == query(crawled.db, sql), sql
    raw = "SELECT a.article_id, v.raw FROM versions v JOIN articles a ON a.seq = v.seq ORDER BY 1, v.id"
    assert query(restored, raw) == query(crawled.db, raw)
    runs = "SELECT id, site, site_key FROM crawl_runs ORDER BY id"
    assert query(restored, runs) == query(crawled.db, runs)
    assert query(restored, "SELECT DISTINCT status FROM crawl_runs") == [("restored",)]
    # Only into an empty archive.
    again = invoke("reextract", "--from-warc", str(crawled.warc), "--db", str(restored))
    assert again.exit_code == 1
    assert again.stderr.strip().splitlines() == [
        f"Error: {restored} is not empty: --from-warc rebuilds an archive into an empty one"
    ]
