"""The real `scrapy crawl dutenews`, in a subprocess, against the sample site on 127.0.0.1.

The tests of one site run in order: a first crawl, a second of the same edition, then the next edition.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from newscrawl.sample_site.server import SampleServer, read_access_log
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]


def crawl(server: SampleServer, db: Path, *extra: str, timeout: float = 180) -> subprocess.CompletedProcess:
    # A 1 s download timeout: the slow fault page takes 2.5 s.
    command = server.crawl_command(db, *extra, log_level="INFO")
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def start_crawl(server: SampleServer, db: Path, *extra: str) -> subprocess.Popen:
    command = server.crawl_command(db, *extra, log_level="INFO")
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def manifest(server: SampleServer) -> dict:
    return json.loads((server.directory / "manifest.json").read_text(encoding="utf-8"))


def query(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(sql, params).fetchall()


def archived_hashes(db: Path) -> dict[str, str]:
    """Site id → content hash of the article it belongs to."""
    return dict(query(db, "SELECT i.article_id, a.content_hash FROM ids i JOIN articles a ON a.seq = i.seq"))


def run_stats(db: Path, run: int | None = None) -> dict:
    """The Scrapy stats a crawl run recorded in crawl_runs (the last run unless ``run`` is given)."""
    sql = "SELECT stats FROM crawl_runs " + ("WHERE id = ?" if run else "ORDER BY id DESC LIMIT 1")
    [(stats,)] = query(db, sql, *([run] if run else []))
    return json.loads(stats)


def assert_fetch_invariant(db: Path, run: int | None = None) -> dict:
    """Every page the run fetched ended one way: fetched = stored + unchanged + gone + skipped + failed +
    followed + unwritten (newscrawl.items.FETCH_ENDS), and the run says none is unaccounted for."""
    from newscrawl.items import FETCH_ENDS

    stats = run_stats(db, run)
    ends = {end: stats.get(f"newscrawl/ended/{end}", 0) for end in FETCH_ENDS}
    assert stats["newscrawl/fetched"] > 0, stats
    assert stats["newscrawl/fetched"] == sum(ends.values()), (stats["newscrawl/fetched"], ends)
    assert stats["newscrawl/unaccounted"] == 0, stats
    return stats


def assert_archive_equals_manifest(db: Path, expected: dict) -> None:
    hashes = archived_hashes(db)
    for article_id, facts in expected["articles"].items():
        assert hashes.get(article_id) == facts["hash"], article_id
    # Each article once: as many rows as distinct contents; every row is one of the manifest's.
    rows = query(db, "SELECT content_hash FROM articles")
    assert len(rows) == len({facts["hash"] for facts in expected["articles"].values()})
    assert {h for (h,) in rows} == {facts["hash"] for facts in expected["articles"].values()}
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> SampleServer:
    server = SampleServer(
        SampleSite(articles=200, seed=7, slow_seconds=2.5), 0, tmp_path_factory.mktemp("site")
    )
    server.serve_in_thread()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("archive") / "dutenews.db"


def test_first_crawl_archives_exactly_the_manifest(site, db):
    done = crawl(site, db)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = manifest(site)
    assert_archive_equals_manifest(db, expected)
    # The 深圳号 copy of an article is the same article, both ids and URLs recorded.
    for copy, original in expected["duplicates"].items():
        assert archived_hashes(db)[copy] == expected["articles"][original]["hash"]
        assert query(db, "SELECT count(*) FROM urls WHERE article_id = ?", copy) == [(1,)]
    # Other URL forms of an id (m., /p/…html) are aliases of one article, not articles.
    urls = {url for (url,) in query(db, "SELECT url FROM urls")}
    for aliases in expected["aliases"].values():
        assert set(aliases) <= urls
    assert sorted(a for (a,) in query(db, "SELECT article_id FROM gone")) == expected["gone"]
    failures = dict(query(db, "SELECT article_id, kind FROM failures"))
    assert failures == expected["failures"]
    run = query(db, "SELECT status, stats FROM crawl_runs")[0]
    assert run[0] == "finished"
    assert json.loads(run[1])["newscrawl/new"] == len(expected["articles"])
    assert_fetch_invariant(db)
    assert "'newscrawl/new': " in done.stderr  # our counts are in the stats Scrapy logs at the end


def test_robots_txt_is_obeyed_and_the_crawl_stays_on_the_site(site, db):
    paths = [row["path"] for row in read_access_log(site.directory)]
    assert "/robots.txt" in paths
    assert not any(p.startswith(("/private/", "/_admin/")) for p in paths)


def test_second_crawl_of_the_same_edition_writes_nothing(site, db):
    before = {
        table: query(db, f"SELECT count(*) FROM {table}")[0][0]
        for table in ("articles", "versions", "ids", "urls", "gone")
    }
    mark = len(read_access_log(site.directory))
    done = crawl(site, db)
    assert done.returncode == 0, done.stderr[-3000:]
    after = {table: query(db, f"SELECT count(*) FROM {table}")[0][0] for table in before}
    assert after == before
    stats = json.loads(query(db, "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][0])
    assert stats.get("newscrawl/new", 0) == 0 and stats.get("newscrawl/changed", 0) == 0
    assert_fetch_invariant(db)
    archived = {f"/n/article/{i}" for i in manifest(site)["articles"]}
    article_hits = [r for r in read_access_log(site.directory)[mark:] if r["path"].split("?")[0] in archived]
    # The revisit budget (500 by default) covers this archive: every archived article is asked for once,
    # conditionally, and answers 304 — no page is sent again.
    assert sorted(r["path"] for r in article_hits) == sorted(archived)
    assert all(hit["conditional"] and hit["status"] == 304 for hit in article_hits), article_hits[:3]
    assert stats["newscrawl/revisit/not_modified"] >= len(archived)
    # A page that failed after all its retries last time gets one try, not three.
    slow = next(i for i, e in site.site.entries.items() if e.kind == "slow")
    log = read_access_log(site.directory)
    assert sum(1 for r in log[:mark] if r["path"] == f"/n/article/{slow}") == 3
    assert sum(1 for r in log[mark:] if r["path"] == f"/n/article/{slow}") == 1


def test_without_a_sitemap_known_articles_are_revalidated_with_conditional_requests(site, db):
    before = query(db, "SELECT count(*) FROM versions")[0][0]
    mark = len(read_access_log(site.directory))
    done = crawl(site, db, "-a", f"start_urls={site.url}/")
    assert done.returncode == 0, done.stderr[-3000:]
    assert query(db, "SELECT count(*) FROM versions")[0][0] == before
    assert_fetch_invariant(db)
    archived = {f"/n/article/{i}" for i in manifest(site)["articles"]}
    hits = [r for r in read_access_log(site.directory)[mark:] if r["path"] in archived]
    assert len(hits) > len(archived) // 2, "recent articles are revalidated when no lastmod vouches for them"
    assert all(hit["conditional"] and hit["status"] == 304 for hit in hits), hits[:3]


def _flaky(site: SampleServer) -> str:
    return str(next(i for i, e in site.site.entries.items() if e.kind == "flaky"))


def test_next_edition_adds_versions_new_articles_and_marks_the_removed(site, db):
    old = manifest(site)
    request = urllib.request.Request(f"{site.url}/_admin/edition", method="POST")
    assert json.load(urllib.request.urlopen(request))["edition"] == 2
    new = manifest(site)
    edited = {
        i
        for i in old["articles"]
        if i in new["articles"] and new["articles"][i]["hash"] != old["articles"][i]["hash"]
    }
    added = set(new["articles"]) - set(old["articles"])
    removed = set(new["gone"]) - set(old["gone"])
    assert edited and added and len(removed) == 1
    done = crawl(site, db)
    assert done.returncode == 0, done.stderr[-3000:]
    assert_archive_equals_manifest_with_removed(db, new, removed)
    assert_fetch_invariant(db)
    versions = dict(query(db, "SELECT i.article_id, a.versions FROM ids i JOIN articles a ON a.seq = i.seq"))
    assert {i for i, v in versions.items() if v == 2} == edited
    assert all(versions[i] == 1 for i in added)
    (gone_id,) = removed
    assert query(db, "SELECT gone_at IS NOT NULL, versions FROM articles WHERE article_id = ?", gone_id) == [
        (1, 1)
    ]
    assert query(
        db, "SELECT count(*) FROM versions v JOIN ids i ON i.seq = v.seq WHERE i.article_id = ?", gone_id
    ) == [(1,)]


def assert_archive_equals_manifest_with_removed(db: Path, expected: dict, removed: set[str]) -> None:
    hashes = archived_hashes(db)
    for article_id, facts in expected["articles"].items():
        assert hashes.get(article_id) == facts["hash"], article_id
    kept = {facts["hash"] for facts in expected["articles"].values()}
    latest = {h for (h,) in query(db, "SELECT content_hash FROM articles WHERE gone_at IS NULL")}
    assert latest == kept
    assert {a for (a,) in query(db, "SELECT article_id FROM articles WHERE gone_at IS NOT NULL")} == removed
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_extract_command_agrees_with_every_stored_record(site, db, tmp_path):
    from click.testing import CliRunner

    from newscrawl.cli import main

    pages = query(
        db,
        "SELECT v.url, v.raw, v.record, v.content_type FROM versions v "
        "WHERE v.id = (SELECT max(id) FROM versions WHERE seq = v.seq)",
    )
    assert len(pages) >= 190
    runner = CliRunner()
    import zlib

    for url, raw, record, content_type in pages:
        page = tmp_path / "page.html"
        page.write_bytes(zlib.decompress(raw))
        args = ["extract", str(page), "--url", url, "--profile", "dutenews", "--json"]
        result = runner.invoke(main, [*args, "--content-type", content_type] if content_type else args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == json.loads(record), url


def test_reextract_writes_nothing_when_the_extractor_has_not_changed(db):
    from click.testing import CliRunner

    from newscrawl.cli import main

    versions = query(db, "SELECT count(*) FROM versions")
    result = CliRunner().invoke(main, ["reextract", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "0 new versions" in result.output
    assert query(db, "SELECT count(*) FROM versions") == versions


def test_kill_9_mid_crawl_then_rerun_leaves_a_consistent_archive(site, tmp_path):
    db = tmp_path / "killed.db"
    process = start_crawl(site, db, "-s", "NEWSCRAWL_BATCH_SIZE=7")
    deadline = time.monotonic() + 60
    target = random.Random(os.getpid()).randint(10, 80)
    while time.monotonic() < deadline:
        if db.exists():
            try:
                if query(db, "SELECT count(*) FROM articles")[0][0] >= target:
                    break
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "SELECT count(*) FROM articles")[0][0] >= 1
    done = crawl(site, db)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = manifest(site)
    hashes = archived_hashes(db)
    assert all(hashes.get(i) == facts["hash"] for i, facts in expected["articles"].items())
    # Nothing doubled: one row per content, one version per article (one edition seen).
    assert query(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles")[0] == (
        len(expected["articles"]),
        len(expected["articles"]),
    )
    assert query(db, "SELECT max(n) FROM (SELECT count(*) n FROM versions GROUP BY seq)") == [(1,)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    # The killed run is marked as such when the next one starts.
    assert query(db, "SELECT status FROM crawl_runs ORDER BY id") == [("interrupted",), ("finished",)]
    # The rerun accounts for every fetch; the killed run's figures are recounted from its rows, no fetches.
    assert_fetch_invariant(db)


def test_full_disk_stops_the_crawl_with_a_message_and_keeps_what_was_committed(site, tmp_path):
    db = tmp_path / "full.db"
    done = crawl(site, db, "-s", "NEWSCRAWL_DB_MAX_PAGES=90", "-s", "NEWSCRAWL_BATCH_SIZE=5")
    assert done.returncode == 1
    assert "full" in done.stderr and "did not complete" in done.stderr
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    stored = query(db, "SELECT count(*) FROM articles")[0][0]
    assert 0 < stored < len(manifest(site)["articles"])
    assert query(db, "SELECT status FROM crawl_runs") == [("archive_error",)]
    # What the archive could not take is counted as unwritten: every fetch still ended one way.
    assert_fetch_invariant(db)
    # What was committed is whole: every stored article has its version and its raw page.
    assert query(db, "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                     "(SELECT 1 FROM versions v WHERE v.seq = a.seq AND v.raw IS NOT NULL)") == [(0,)]  # fmt: skip


def test_a_second_crawl_while_one_runs_exits_at_once(site, tmp_path):
    db = tmp_path / "locked.db"
    with (tmp_path / "locked.db.lock").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write("12345")
        lock.flush()
        done = crawl(site, db)
    assert done.returncode == 4
    assert "another crawl (pid 12345)" in done.stderr
    assert not db.exists()


def test_ids_walks_exactly_the_range(site, tmp_path):
    db = tmp_path / "ids.db"
    ids = sorted(manifest(site)["articles"])[:5]
    mark = len(read_access_log(site.directory))
    done = crawl(site, db, "-a", f"ids={ids[0]}-{ids[-1]}")
    assert done.returncode == 0, done.stderr[-3000:]
    paths = [r["path"] for r in read_access_log(site.directory)[mark:] if r["path"] != "/robots.txt"]
    assert sorted(paths) == sorted(f"/n/article/{i}" for i in range(int(ids[0]), int(ids[-1]) + 1))
    assert query(db, "SELECT count(*) FROM articles")[0][0] == int(ids[-1]) - int(ids[0]) + 1
    assert assert_fetch_invariant(db)["newscrawl/fetched"] == len(paths)


def test_bad_ids_argument_is_a_clear_error(site, tmp_path):
    done = crawl(site, tmp_path / "x.db", "-a", "ids=9-1")
    assert done.returncode == 2
    assert "ids must be FROM-TO" in done.stderr


def test_robots_crawl_delay_spaces_the_requests(tmp_path):
    server = SampleServer(
        SampleSite(articles=6, seed=2, crawl_delay=0.25, slow_seconds=0.1), 0, tmp_path / "site"
    )
    server.serve_in_thread()
    db = tmp_path / "polite.db"
    try:
        done = crawl(server, db, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "RETRY_TIMES=0")
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr[-3000:]
    requests = [r["path"] for r in read_access_log(tmp_path / "site")]
    # robots.txt is read before any page, and the crawl went on to the whole site under its delay.
    assert requests[0] == "/robots.txt" and requests.count("/robots.txt") == 1, requests[:5]
    assert len(requests) > 10, requests
    [(stats,)] = query(db, "SELECT stats FROM crawl_runs")
    stats = json.loads(stats)
    assert_fetch_invariant(db)
    # The crawl runs with DOWNLOAD_DELAY=0 and AutoThrottle off: the site's downloader slot can only have been
    # given its delay by robots.txt's Crawl-delay, and it still held it when the crawl ended. (Scrapy waits
    # that delay, randomised between 0.5 and 1.5 times, before each request of the slot.)
    assert stats["newscrawl/crawl_delay/127.0.0.1"] == 0.25, stats
    assert stats["newscrawl/download_delay/127.0.0.1"] == 0.25, stats
