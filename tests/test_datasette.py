"""`newscrawl serve`: a real Datasette on 127.0.0.1 over the crawled archive, queried over HTTP."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.cli import main

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


@pytest.fixture(scope="module")
def datasette(crawled):
    db, _ = crawled
    port = free_port()
    process = subprocess.Popen([NEWSCRAWL, "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stdout.read().decode())
            time.sleep(0.1)
    yield base, db
    process.terminate()
    process.wait(10)


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
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for sql in ["DELETE FROM articles", "DROP TABLE articles", "UPDATE articles SET headline = 'x'",
                "INSERT INTO failures (url) VALUES ('x')", "PRAGMA user_version = 99",
                "select 1; delete from articles", "ATTACH DATABASE '/tmp/x.db' AS x"]:  # fmt: skip
        status, page = get(f"{base}/dutenews.json?" + urllib.parse.urlencode({"sql": sql}))
        assert status >= 400 or page.get("ok") is False, (sql, page)
    request = urllib.request.Request(f"{base}/dutenews/articles/-/insert", data=b'{"row": {"seq": 1}}',
                                     method="POST", headers={"Content-Type": "application/json"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
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
