"""An archive made before an article was (site, id) — tests/archives/schema3.db, written by the schema-3 code
(one crawl run of www.dutenews.com: an article with two versions, one text under two ids, an alias URL, a
removed id, a failure) — opens as schema 4 with every row keeping its facts and learning its site."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from newscrawl.archive import SCHEMA_VERSION, Archive
from newscrawl.record import Article

OLD = Path(__file__).parent / "archives" / "schema3.db"


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def migrated(tmp_path) -> Path:
    db = tmp_path / "old.db"
    shutil.copy(OLD, db)
    assert _rows(db, "PRAGMA user_version") == [(3,)]
    Archive(db).close()
    return db


def test_every_row_keeps_its_facts_and_learns_its_site(migrated):
    old = {t: _rows(OLD, f"SELECT count(*) FROM {t}")[0][0] for t in ("articles", "versions", "ids", "urls",
                                                                       "gone", "failures")}  # fmt: skip
    assert old == {"articles": 2, "versions": 3, "ids": 3, "urls": 4, "gone": 1, "failures": 1}
    for table, count in old.items():
        site = "count(site)" if table != "versions" else "count(*)"
        assert _rows(migrated, f"SELECT count(*), {site} FROM {table}")[0] == (count, count), table
    for table in ("articles", "ids", "urls", "gone", "failures"):
        assert _rows(migrated, f"SELECT DISTINCT site FROM {table}") == [("dutenews.com",)], table
    assert _rows(migrated, "SELECT site_key FROM crawl_runs") == [("dutenews.com",)]
    # The raw pages and records came across unchanged.
    assert _rows(migrated, "SELECT id, seq, content_hash, raw, record FROM versions ORDER BY id") == _rows(
        OLD, "SELECT id, seq, content_hash, raw, record FROM versions ORDER BY id"
    )
    assert _rows(migrated, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert _rows(migrated, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(migrated, "PRAGMA foreign_key_check") == []


def test_the_migrated_archive_keys_by_site_and_refers_to_its_runs(migrated):
    fks = {(t, row[3], row[2]) for t in ("versions", "failures", "ids") for row in
           _rows(migrated, f"PRAGMA foreign_key_list({t})")}  # fmt: skip
    assert fks == {("versions", "seq", "articles"), ("versions", "crawl_run", "crawl_runs"),
                   ("failures", "crawl_run", "crawl_runs"), ("ids", "seq", "articles")}  # fmt: skip
    archive = Archive(migrated)
    try:
        # Another site's article at the same id and with the same text is another article.
        twin = Article(url="http://127.0.0.1:9/n/article/10668002", article_id="10668002", headline="南山",
                       body="南山区举办科技展。")  # fmt: skip
        with archive.batch():
            outcome = archive.store(
                twin, {"url": twin.url, "fetched_at": "2026-02-01T00:00:00+08:00"}, None, None
            )
        assert outcome == "new"
        assert archive.seqs_of_id("10668002") == [("127.0.0.1:9", 3), ("dutenews.com", 2)]
        assert archive.fetch_state("dutenews.com", "10668003").gone
        assert archive.fetch_state("127.0.0.1:9", "10668003") is None
        assert archive.failed_last_run("dutenews.com") == {"10668004"}
        assert [v["n"] for v in archive.versions_of(1)] == [1, 2]
        assert [hit["seq"] for hit in archive.search('"地铁"')] == [1]
        urls = next(r for r in archive.export_records() if r["seq"] == 1)["urls"]
        assert sorted(urls) == [
            "https://m.dutenews.com/n/article/10668001",
            "https://www.dutenews.com/n/article/10668001",
        ]
    finally:
        archive.close()
