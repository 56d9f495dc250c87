"""`newscrawl serve`: a real Datasette on 127.0.0.1 over the crawled archive, queried over HTTP."""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.archive import ENGINES, Archive
from newscrawl.cli import main
from newscrawl.sample_site.server import SampleServer
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]

NEWSCRAWL = str(Path(sys.executable).parent / "newscrawl")
QUERIES = ["深", "龙华", "深圳市", "数字经济", "龙华 奋斗", "福田 OR 南山", "深圳 -龙华", '"奋斗 精神"', "特区报",
           "5", "App", "，"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, dict | list]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def get_text(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@contextmanager
def serving(db: Path, log: Path) -> Iterator[str]:
    """`newscrawl serve` on ``db`` until the block ends: its base URL (output to ``log``)."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen([NEWSCRAWL, "serve", "--db", str(db), "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(log.read_text(errors="replace"))
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module", params=ENGINES)
def datasette(crawled, tmp_path_factory, request):
    """Datasette on the crawled archive, indexed by each engine in turn (a copy switched to FTS5)."""
    db, _ = crawled
    if request.param != Archive(db, readonly=True).engine:
        copy = tmp_path_factory.mktemp("engine") / "dutenews.db"
        with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        result = CliRunner().invoke(main, ["reindex", "--db", str(copy), "--engine", request.param])
        assert result.exit_code == 0, result.output
        db = copy
    with serving(db, tmp_path_factory.mktemp("serve") / "serve.log") as base:
        yield base, db


def stored(db: Path) -> str:
    """A digest of the archive's file and its write-ahead log: what a write would change."""
    digest = hashlib.sha256(db.read_bytes())
    wal = db.with_name(db.name + "-wal")
    digest.update(wal.read_bytes() if wal.exists() else b"")
    return digest.hexdigest()


def refuse_writes(base: str, statements: list[str]) -> None:
    """Every writing statement through the SQL endpoint, and a POST to the insert API, is refused."""
    for sql in statements:
        status, page = get(f"{base}/dutenews.json?" + urllib.parse.urlencode({"sql": sql}))
        assert status >= 400 or page.get("ok") is False, (sql, page)
    request = urllib.request.Request(f"{base}/dutenews/articles/-/insert", data=b'{"row": {"seq": 1}}',
                                     method="POST", headers={"Content-Type": "application/json"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)


def cli_ids(db: Path, query: str) -> set[int]:
    result = CliRunner().invoke(main, ["search", "--db", str(db), "--json", "--limit", "0", query])
    assert result.exit_code == 0, result.output
    return {hit["seq"] for hit in json.loads(result.stdout)}


def table_search_ids(base: str, query: str) -> set[int]:
    """Datasette's own search box on the articles table, every page of it."""
    url = f"{base}/dutenews/articles.json?" + urllib.parse.urlencode(
        {"_search": query, "_col": "seq", "_shape": "objects", "_size": "max"}
    )
    ids: set[int] = set()
    while url:
        status, page = get(url)
        assert status == 200, (query, page)
        ids |= {row["seq"] for row in page["rows"]}
        url = page.get("next_url")
    return ids


def test_datasette_search_box_and_canned_query_equal_the_cli(datasette):
    base, db = datasette
    for query in QUERIES:
        want = cli_ids(db, query)
        assert table_search_ids(base, query) == want, query
        status, rows = get(
            f"{base}/dutenews/search.json?" + urllib.parse.urlencode({"q": query, "_shape": "array"})
        )
        assert status == 200, rows
        assert [row["seq"] for row in rows] == [hit for hit in _cli_order(db, query)], query
    assert cli_ids(db, "深") and cli_ids(db, "龙华"), "the queries find something"


def _cli_order(db: Path, query: str) -> list[int]:
    result = CliRunner().invoke(main, ["search", "--db", str(db), "--json", "--limit", "0", query])
    return [hit["seq"] for hit in json.loads(result.stdout)]


def test_a_bad_query_is_an_error_not_a_crash(datasette):
    base, _ = datasette
    status, page = get(f"{base}/dutenews/articles.json?" + urllib.parse.urlencode({"_search": '"深圳'}))
    # Our message, not Datasette's "user-defined function raised exception".
    assert status == 400 and page["ok"] is False
    assert page["error"].startswith("bad query: unbalanced quote"), page
    # The canned query renders its own errors (not through the exception hook): Datasette's words there.
    status, page = get(f"{base}/dutenews/search.json?" + urllib.parse.urlencode({"q": "深圳 OR"}))
    assert status == 400 and page["ok"] is False
    status, html = get_text(f"{base}/dutenews/articles?" + urllib.parse.urlencode({"_search": "深圳 AND"}))
    assert status == 400 and "bad query: " in html and "Bad search query" in html


def test_writes_through_datasette_fail_and_change_nothing(datasette):
    base, db = datasette
    before = stored(db)
    refuse_writes(base, ["DELETE FROM articles", "DROP TABLE articles", "UPDATE articles SET headline = 'x'",
                         "INSERT INTO failures (url) VALUES ('x')", "PRAGMA user_version = 99",
                         "select 1; delete from articles", "ATTACH DATABASE '/tmp/x.db' AS x"])  # fmt: skip
    assert stored(db) == before
    status, page = get(f"{base}/dutenews.json?sql=select+count(*)+as+n+from+articles&_shape=array")
    assert status == 200 and page[0]["n"] > 100


def test_facets_metadata_and_hidden_raw_pages(datasette):
    base, _ = datasette
    status, page = get(f"{base}/dutenews/articles.json?_size=1")
    assert status == 200
    facets = page["facet_results"]
    facets = facets.get("results", facets)  # the shape differs between Datasette releases
    assert {"published_date", "reporters", "editor_names"} <= set(facets)
    assert any(item["count"] > 0 for item in facets["reporters"]["results"])
    status, database = get(f"{base}/dutenews.json")
    tables = {table["name"]: table for table in database["tables"]}
    assert tables["versions"]["hidden"] is True
    status, page = get(f"{base}/dutenews/version_list.json?_size=1")
    assert status == 200 and "raw" not in page["columns"] and "raw_bytes" in page["columns"]
    status, meta = get(f"{base}/-/metadata.json")
    assert "newscrawl" in meta["title"]


COUNT_SQL = urllib.parse.urlencode({"sql": "select count(*) as n from articles", "_shape": "array"})


def _answers(base: str) -> tuple[list[tuple[str, int, str]], int | None, int | None]:
    """One round of what a reader asks while the archive grows: the table page (its count, facets), a count
    in SQL, the search, the database and index pages. (url, status, body) of each, and the two counts."""
    urls = [
        f"{base}/dutenews/articles.json?_size=3",
        f"{base}/dutenews.json?{COUNT_SQL}",
        f"{base}/dutenews/search.json?" + urllib.parse.urlencode({"q": "深圳", "_shape": "array"}),
        f"{base}/dutenews/articles?_size=3",
        f"{base}/dutenews",
        f"{base}/",
    ]
    answers = [(url, *get_text(url)) for url in urls]
    table, sql = (json.loads(body) if status == 200 else None for _, status, body in answers[:2])
    return answers, table and table["filtered_table_rows_count"], sql and sql[0]["n"]


def test_serve_shows_a_running_crawl_without_errors_and_writes_nothing(tmp_path):
    """The real crawl writes the served archive: every answer meanwhile is whole (200, never "malformed"), the
    counts only grow, and once the crawl ends Datasette counts what the archive holds, without a restart.
    (Served immutable, as before, Datasette still counted 0 articles of 111 at the end.)"""
    db = tmp_path / "dutenews.db"
    Archive(db).close()  # empty, with its search index: what `newscrawl serve` needs to start
    site = SampleServer(SampleSite(articles=120, seed=5, slow_seconds=1.5), 0, tmp_path / "site")
    site.serve_in_thread()
    try:
        with serving(db, tmp_path / "serve.log") as base:
            answers, table_count, sql_count = _answers(base)
            assert (table_count, sql_count) == (0, 0), answers
            seen: list[tuple[int | None, int | None]] = []
            with (tmp_path / "crawl.log").open("wb") as log:
                crawl = subprocess.Popen(
                    site.crawl_command(db), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                )
            try:
                while crawl.poll() is None:  # ask, again and again, while the crawl writes
                    round_answers, table_count, sql_count = _answers(base)
                    answers += round_answers
                    seen.append((table_count, sql_count))
            finally:
                if crawl.poll() is None:
                    crawl.kill()
                crawl.wait(60)
            assert crawl.returncode == 0, (tmp_path / "crawl.log").read_text(errors="replace")[-3000:]
            archive = Archive(db, readonly=True)
            want = archive.count_articles()
            archive.close()
            assert want > 100
            for _ in range(50):  # the crawl is over: the next answers should already count everything
                round_answers, table_count, sql_count = _answers(base)
                answers += round_answers
                if (table_count, sql_count) == (want, want):
                    break
                time.sleep(0.1)
            bad = [(url, status, body[:300]) for url, status, body in answers
                   if status != 200 or "malformed" in body.lower()]  # fmt: skip
            assert not bad, f"{len(bad)} of {len(answers)} answers failed, the first: {bad[0]}"
            assert (table_count, sql_count) == (want, want), (
                f"Datasette counts {table_count}, the archive {want}"
            )
            for counts in ([t for t, _ in seen if t is not None], [n for _, n in seen if n is not None]):
                assert counts == sorted(counts), seen  # a reader never sees the archive shrink

            # Live, and still read-only: writes through the SQL endpoint or a write API are refused.
            before = stored(db)
            refuse_writes(base, ["DELETE FROM articles", "INSERT INTO failures (url) VALUES ('x')",
                                 "PRAGMA query_only = 0"])  # fmt: skip
            assert stored(db) == before
            status, databases = get(f"{base}/-/databases.json")
            assert status == 200 and [d["is_mutable"] for d in databases if d["name"] == "dutenews"] == [True]
    finally:
        site.shutdown()


def test_even_datasettes_own_write_connection_refuses(tmp_path):
    """Over HTTP nothing reaches Datasette's write connection (no write API, no writable canned query); the
    plugin makes it refuse anyway, in SQLite, should a Datasette release or another plugin use it."""
    import asyncio

    from datasette.app import Datasette

    from newscrawl import serve

    db = tmp_path / "dutenews.db"
    Archive(db).close()
    meta = serve.metadata(db)
    assert not any(query.get("write") for query in meta["databases"]["dutenews"]["queries"].values())
    app = Datasette([str(db)], metadata=meta, plugins_dir=str(serve.PLUGINS))

    async def write() -> str:
        database = app.get_database("dutenews")
        assert database.is_mutable
        try:
            await database.execute_write("INSERT INTO failures (url) VALUES ('x')")
        except Exception as error:  # noqa: BLE001 - whatever it raises, the row must not be there
            return str(error)
        return "written"

    assert "readonly" in asyncio.run(write())
    archive = Archive(db, readonly=True)
    assert archive.db.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    archive.close()
