"""An article is (site, id). One archive keeps one site: a crawl of another site into an archive that holds a
site's crawl is refused before anything is fetched or written (NEWSCRAWL_OTHER_SITE overrides it), and then
the two sites' articles stay apart whatever their ids and texts; the demo keeps its own archive."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from pathlib import Path

import pytest

from newscrawl import demo
from newscrawl.extract.profiles import site_key
from newscrawl.sample_site.server import SampleServer
from newscrawl.sample_site.site import SampleSite
from newscrawl.settings import NEWSCRAWL_DB

ROOT = Path(__file__).resolve().parents[1]


def _serve(tmp_path: Path, name: str, seed: int) -> SampleServer:
    server = SampleServer(SampleSite(articles=20, seed=seed), 0, tmp_path / name)
    server.serve_in_thread()
    return server


def _crawl(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def _files(db: Path) -> dict[str, str]:
    """Every file of the archive (the database, and a WAL or lock file if any), by name, hashed."""
    found = sorted(db.parent.glob(db.name + "*"))  # the file, its WAL, its search index's files
    files = [f for p in found for f in ([p] if p.is_file() else sorted(p.rglob("*"))) if f.is_file()]
    return {str(f.relative_to(db.parent)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def _runs(db: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, site FROM crawl_runs ORDER BY id").fetchall()


def _articles(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Two sample sites on two ports of 127.0.0.1: two different host:port, two sites."""
    tmp = tmp_path_factory.mktemp("sites")
    first, second = _serve(tmp, "first", 1), _serve(tmp, "second", 2)
    yield first, second
    first.shutdown()
    second.shutdown()


@pytest.fixture
def archive(sites, tmp_path) -> Path:
    db = tmp_path / "archive.db"
    done = _crawl(sites[0].crawl_command(db))
    assert done.returncode == 0, done.stderr[-3000:]
    assert _runs(db) == [(1, sites[0].url)]
    return db


def test_another_site_into_the_archive_is_refused_and_changes_nothing(sites, archive):
    first, second = sites
    assert first.url != second.url
    before, runs, articles = _files(archive), _runs(archive), _articles(archive)
    assert articles > 0
    done = _crawl(second.crawl_command(archive))
    assert done.returncode == 1, done.stderr[-3000:]
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    first_host, second_host = first.url.removeprefix("http://"), second.url.removeprefix("http://")
    assert first_host in lines[0] and second_host in lines[0], lines[0]
    assert "NEWSCRAWL_OTHER_SITE=1" in lines[0] and str(archive) in lines[0], lines[0]
    assert _files(archive) == before
    assert _runs(archive) == runs
    assert _articles(archive) == articles


def _by_site(db: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """(site, id) → (content hash, number of versions) of every article id in the archive."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT i.site, i.article_id, a.content_hash, (SELECT count(*) FROM versions v WHERE v.seq = a.seq) "
            "FROM ids i JOIN articles a ON a.seq = i.seq"
        ).fetchall()
    return {(site, article_id): (digest, versions) for site, article_id, digest, versions in rows}


def _expected(server: SampleServer) -> dict[tuple[str, str], str]:
    manifest = server.site.manifest(server.url)
    key = site_key(server.url)
    return {(key, article_id): entry["hash"] for article_id, entry in manifest["articles"].items()}


def test_the_override_crawls_another_site_in_and_keeps_both_apart(sites, archive):
    """The two sample sites number their articles from the same id, and print the same seed texts: under
    (site, id) they are two sites' articles — none a new version of the other's, none merged with its twin."""
    first, second = sites
    done = _crawl(second.crawl_command(archive, "-s", "NEWSCRAWL_OTHER_SITE=1"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert [site for _, site in _runs(archive)] == [first.url, second.url]
    one, two = _expected(first), _expected(second)
    shared_ids = {article_id for _, article_id in one} & {article_id for _, article_id in two}
    shared_texts = set(one.values()) & set(two.values())
    assert shared_ids and shared_texts  # the collision this test is about
    stored = _by_site(archive)
    for key, digest in (one | two).items():
        assert stored.get(key, (None,))[0] == digest, key
    assert all(versions == 1 for _, versions in stored.values())
    with sqlite3.connect(archive) as conn:
        # One article per (site, id) of content: the two sites' twins are two articles.
        assert conn.execute("SELECT count(DISTINCT seq) FROM ids").fetchone()[0] == _articles(archive)
        twins = conn.execute(
            f"SELECT count(*) FROM articles WHERE content_hash IN ({','.join('?' * len(shared_texts))})",
            sorted(shared_texts),
        ).fetchone()[0]
        assert twins >= 2 * len(shared_texts)
    # Both sites are the archive's now: a rerun of either is not refused, and stores nothing.
    for server in (first, second):
        again = _crawl(server.crawl_command(archive))
        assert again.returncode == 0, again.stderr[-3000:]
    assert len(_runs(archive)) == 4
    assert _by_site(archive) == stored


def test_a_rerun_of_the_same_site_is_not_refused(sites, archive):
    articles = _articles(archive)
    done = _crawl(sites[0].crawl_command(archive))
    assert done.returncode == 0, done.stderr[-3000:]
    assert [site for _, site in _runs(archive)] == [sites[0].url, sites[0].url]
    assert _articles(archive) == articles


def test_the_profile_decides_what_is_one_site():
    assert site_key("https://www.dutenews.com") == site_key("https://m.dutenews.com/")
    assert site_key("http://dutenews.com") == site_key("https://www.dutenews.com")
    assert site_key("http://127.0.0.1:8765") != site_key("http://127.0.0.1:8766")
    assert site_key("https://127.0.0.1:8765") == site_key("http://127.0.0.1:8765")
    assert site_key("https://example.org") != site_key("https://www.example.org")
    assert site_key("notaurl") is None


def test_the_demo_has_its_own_archive():
    assert demo.DB == Path("data/demo.db")
    assert Path(NEWSCRAWL_DB) != demo.DB


def test_the_demo_does_not_override_an_archive_of_another_site(tmp_path):
    """The demo lets another loopback port be the sample site; an archive of anything else stays refused."""
    server = demo.start_site(SampleSite(articles=5, seed=1), tmp_path / "site", port=0)
    try:
        live = tmp_path / "live.db"
        with sqlite3.connect(live) as conn:
            conn.execute("CREATE TABLE crawl_runs (id INTEGER PRIMARY KEY, site TEXT)")
            conn.execute("INSERT INTO crawl_runs (site) VALUES ('https://www.dutenews.com')")
        assert "NEWSCRAWL_OTHER_SITE=1" not in server.crawl_command(live)
        mine = tmp_path / "demo.db"
        with sqlite3.connect(mine) as conn:
            conn.execute("CREATE TABLE crawl_runs (id INTEGER PRIMARY KEY, site TEXT)")
            conn.execute("INSERT INTO crawl_runs (site) VALUES ('http://127.0.0.1:1')")
        assert "NEWSCRAWL_OTHER_SITE=1" in server.crawl_command(mine)
        assert "NEWSCRAWL_OTHER_SITE=1" not in server.crawl_command(tmp_path / "new.db")
    finally:
        server.shutdown()
