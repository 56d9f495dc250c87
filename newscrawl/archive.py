"""The SQLite archive: its schema, and every statement that writes or reads it.

Tables (one row each for):
- ``crawl_runs``  a run of the crawler: start, end, status, stats;
- ``articles``    an article, with the fields of its latest version; ``seq`` is the corpus number NNN,
                  given on first store and never reused;
- ``versions``    a distinct content of an article: the extracted record and the raw page, compressed, and
                  where its response's WARC capture is (warc_file, warc_offset, warc_length), if any;
- ``ids``         a site id, the article it belongs to, and the validators for conditional requests
                  (several ids can be one article: the same text republished under another id);
                  an article is known by (site, id), ``site`` being the site's host as
                  ``newscrawl.extract.profiles.site_key`` names it (www., m. and bare hosts are one site),
                  so two sites' articles never meet, whatever their ids;
- ``urls``        every URL an article was fetched or seen at;
- ``gone``        a site id that answered as removed;
- ``failures``    a page that could not be archived, and why;
- ``stream_positions`` how far a cluster's writer has read the Redis item stream (newscrawl.cluster.writer);
- the search index, one of two engines (``reindex(engine=…)`` switches):
  ``tantivy`` (the default): a tantivy index beside the file, ``<archive>.tantivy/``
                  (``newscrawl.search.sidecar``), ranked top-k without scoring every match; ``search_outbox``
                  holds a row per article indexed, written in the article's transaction and applied to the
                  sidecar after the commit (so a kill -9 between the two is replayed, never lost);
  ``fts5``: ``articles_fts`` (FTS5, contentless, rowid = seq) kept in step in the same transactions.
                  Both index the character bigrams and unigrams of body and headline
                  (``newscrawl.search.segment``) and find exactly what a LIKE scan finds.
Views: ``version_list`` (versions without the raw pages), for Datasette.
Every row that records a fact carries the crawl run that learned it.

Writes happen in batches (``with archive.batch():``), each one transaction: a killed process leaves the
file as it was after the last complete batch. The schema is built with sqlite-utils; statements on the
hot path are plain SQL so that a whole batch stays one transaction.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.request import pathname2url

import sqlite_utils

from newscrawl.extract.profiles import site_key
from newscrawl.record import Article, version_hash
from newscrawl.search import segment
from newscrawl.search import sidecar as tantivy_index
from newscrawl.search.query import Query

# 1: the crawl archive. 2: + the search index, published_date, editor_names, version_list. 3: + account.
# 4: an article is (site, id): ``site`` in every table keyed by a site id; versions' response headers;
# versions and failures refer to their crawl run. 5: versions know where their WARC capture is (warc_file,
# warc_offset, warc_length). A new segmenter is a new schema version: the migration rebuilds the index with it.
SCHEMA_VERSION = 4 + segment.SEGMENTER_VERSION
# Fields of the article record kept as columns of ``articles`` (lists and dicts as JSON text).
RECORD_COLUMNS = (
    "headline", "published_at", "reporters", "editors", "body", "original_title", "editor_note", "source",
    "byline", "editor_line", "extracted_by", "channel", "account",
)  # fmt: skip
JSON_COLUMNS = ("reporters", "editors", "extracted_by")
# Derived from the record, for filters and Datasette facets: the date as printed, the editors' names.
DERIVED_COLUMNS = ("published_date", "editor_names")
ARTICLE_COLUMNS = (*RECORD_COLUMNS, *DERIVED_COLUMNS)
FTS = "articles_fts"
OUTBOX = "search_outbox"
ENGINES = ("tantivy", "fts5")
DEFAULT_ENGINE = "tantivy"
# How long a reader waits for a crawl to apply the batch it just committed to the tantivy index.
CATCH_UP_SECONDS = 3.0
# tantivy's equal scores are put newer first among the best TIE_WINDOW × limit hits (README.md, "Search").
TIE_WINDOW = 10
# Relevance: bm25 with a headline hit weighing five body hits, compared to 3 decimals (finer differences
# are noise, and scores of phrases in half the archive or more, below 1e-4, all count as equal).
RANK = f"bm25({FTS}, 1.0, 5.0)"
RANK_DECIMALS = 3
DATE_INDEX = "idx_articles_published_at"  # sqlite-utils' name for the index on articles(published_at)
# PRAGMA application_id of a newscrawl archive ("NwsC"): set when an archive is created or migrated; a SQLite
# file with tables and another id (or none, without our tables) is some other program's, never written to.
APPLICATION_ID = int.from_bytes(b"NwsC", "big")
# Tables that make an unmarked file (application_id 0) an archive made before the marker.
OUR_TABLES = ("crawl_runs", "articles")
# The tables whose rows a site id keys, and the crawl's records (built from these when missing, and rebuilt
# from them by the migration to schema 4, SQLite altering no primary key or foreign key in place).
_KEYED_TABLES = (
    ("versions", {"id": int, "seq": int, "content_hash": str, "fetched_at": str, "crawl_run": int, "url": str,
                  "status": int, "etag": str, "last_modified": str, "content_type": str, "headers": str,
                  "profile": str, "record": str, "raw": bytes, "raw_from": int, "origin": str, "warc_file": str,
                  "warc_offset": int, "warc_length": int}, "id"),
    ("ids", {"site": str, "article_id": str, "seq": int, "url": str, "etag": str, "last_modified": str,
             "published_at": str, "fetched_at": str, "crawl_run": int, "checked_at": str, "checks": int},
     ("site", "article_id")),
    ("urls", {"url": str, "site": str, "article_id": str, "kind": str, "first_run": int, "last_run": int}, "url"),
    ("gone", {"site": str, "article_id": str, "url": str, "status": int, "at": str, "crawl_run": int},
     ("site", "article_id")),
    ("failures", {"id": int, "site": str, "url": str, "article_id": str, "kind": str, "status": int,
                  "message": str, "at": str, "crawl_run": int}, "id"),
)  # fmt: skip
_FOREIGN_KEYS = {
    "versions": (("seq", "articles", "seq"), ("crawl_run", "crawl_runs", "id")),
    "ids": (("seq", "articles", "seq"),),
    "failures": (("crawl_run", "crawl_runs", "id"),),
}


logger = logging.getLogger(__name__)


class ArchiveError(Exception):
    """The archive cannot take more writes: a full disk, a size cap, a broken file."""


class NotAnArchiveError(Exception):
    """The path is no newscrawl archive and cannot become one: another program's SQLite database, a new
    file in a directory that does not exist. Nothing was written."""


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


@dataclass
class FetchState:
    """What the crawler knows of one site id before fetching it again."""

    article_id: str
    seq: int | None
    etag: str | None
    last_modified: str | None
    published_at: str | None
    fetched_at: str | None
    gone: bool


class Archive:
    def __init__(self, path: str | Path, readonly: bool = False, max_pages: int | None = None,
                 search_engine: str | None = None):  # fmt: skip
        """``search_engine`` is the search index a new archive gets (an existing one keeps its own)."""
        self.path = Path(path)
        self.readonly = readonly
        self.new_engine = search_engine or DEFAULT_ENGINE
        self._sidecar: tantivy_index.SearchIndex | None = None
        self._outbox_dirty = False
        self.search_lag = 0  # after a search: changes of the archive its tantivy index did not hold yet
        self.search_rebuilt_s: float | None = None  # the index was missing or outdated: rebuilt on opening
        self.created = False  # this Archive made a new archive file (say so: a mistyped path shows)
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no archive at {self.path}")
            conn = _connect_readonly(self.path)
        else:
            folder = self.path.parent
            if not folder.is_dir():
                # A mistyped NEWSCRAWL_DB or --db must not grow directories: only an existing one holds a new
                # archive.
                raise NotAnArchiveError(f"cannot create an archive at {self.path}: no directory {folder}")
            self.created = not self.path.exists() or self.path.stat().st_size == 0
            if not self.created:
                # Looked at through a read-only connection first: closing even a reader of another program's
                # WAL database may checkpoint it, and setting the journal mode writes to the header.
                _refuse_foreign(self.path, _connect_readonly(self.path))
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        if readonly:
            _refuse_foreign(self.path, conn, close=False)
        else:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        if max_pages:
            # A size cap for the archive (also how tests make a full disk without a full disk).
            conn.execute(f"PRAGMA max_page_count={int(max_pages)}")
        self.db = sqlite_utils.Database(conn)
        if not readonly:
            self.migrate()
        self.engine = self._engine()
        if not readonly and self.engine == "tantivy":
            self.sync_search()  # what a killed writer committed to the archive but not to the index
            if not self._search_in_step():
                # Copied or restored without its index, or with another state's, or short of documents the
                # marker says it holds: built again, once per writer that finds it so.
                logger.warning(
                    "rebuilding the search index %s from the archive", tantivy_index.location(path)
                )
                start = time.perf_counter()
                with self.batch():
                    self.reindex(engine="tantivy")
                self.search_rebuilt_s = time.perf_counter() - start

    def close(self) -> None:
        self.db.conn.close()

    # --- schema ------------------------------------------------------------------------------------

    def migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if self.db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")  # new, or made before the marker
        if version >= SCHEMA_VERSION:
            return
        db = self.db
        # site_key() in SQL: what the migration of an archive made before (site, id) fills ``site`` with.
        db.conn.create_function("site_key", 1, site_key, deterministic=True)
        db.conn.create_function(
            "version_hash", 1, lambda record: version_hash(json.loads(record)), deterministic=True
        )
        with self.batch():
            db.execute("DROP VIEW IF EXISTS version_list")  # rebuilt below, over the versions of now
            db["crawl_runs"].create(
                {"id": int, "started_at": str, "finished_at": str, "status": str, "site": str, "site_key": str,
                 "args": str, "stats": str, "pid": int},
                pk="id", if_not_exists=True,
            )  # fmt: skip
            db["articles"].create(
                {"seq": int, "site": str, "article_id": str, "url": str, "canonical_url": str,
                 "content_hash": str, "version_hash": str, **{c: str for c in ARTICLE_COLUMNS}, "versions": int,
                 "first_seen_at": str, "first_run": int, "updated_at": str, "last_run": int, "gone_at": str,
                 "gone_run": int},
                pk="seq", not_null={"article_id", "content_hash", "headline", "body"}, if_not_exists=True,
            )  # fmt: skip
            for table, schema, pk in _KEYED_TABLES:
                if table not in db.table_names():
                    db[table].create(schema, pk=pk, foreign_keys=_FOREIGN_KEYS.get(table, ()))
            if "site" not in db["ids"].columns_dict:
                self._to_site_identity()
            for column in (*DERIVED_COLUMNS, "account", "version_hash"):  # archives of schema 1 to 3
                if column not in db["articles"].columns_dict:
                    db["articles"].add_column(column, str)
            for column, kind in (
                ("warc_file", str),
                ("warc_offset", int),
                ("warc_length", int),
            ):  # schema 1 to 4
                if column not in db["versions"].columns_dict:
                    db["versions"].add_column(column, kind)
            db.execute("DROP INDEX IF EXISTS idx_articles_article_id")  # unique per site since schema 4
            for table, columns, unique in (
                ("articles", ["site", "article_id"], True),
                ("articles", ["content_hash"], False),
                ("articles", ["published_at"], False),
                ("articles", ["published_date"], False),
                ("versions", ["seq"], False),
                ("versions", ["content_hash"], False),
                ("versions", ["crawl_run"], False),
                ("ids", ["seq"], False),
                ("urls", ["site", "article_id"], False),
                ("failures", ["crawl_run"], False),
            ):
                db[table].create_index(columns, unique=unique, if_not_exists=True)
            db.execute(
                "CREATE VIEW version_list AS SELECT id, seq, content_hash, fetched_at, crawl_run, url, status, "
                "etag, last_modified, content_type, headers, profile, origin, raw_from, length(raw) AS raw_bytes, "
                "warc_file, warc_offset, warc_length FROM versions"
            )
            self._fill_derived()
            # An archive keeps its engine through a migration; a new one gets the one asked for.
            self.reindex(engine=self._engine() or self.new_engine)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _to_site_identity(self) -> None:
        """Schema 4 on an archive made before it: each row keyed by a site id learns its site — the site its
        crawl run was of, else its URL's — and the tables whose key or references change are rebuilt."""
        db = self.db
        if "site_key" not in db["crawl_runs"].columns_dict:
            db["crawl_runs"].add_column("site_key", str)
        db.execute("UPDATE crawl_runs SET site_key = site_key(site) WHERE site_key IS NULL")

        def run_site(run: str, url: str) -> str:
            return f"coalesce((SELECT site_key FROM crawl_runs r WHERE r.id = {run}), site_key({url}))"

        db["articles"].add_column("site", str)
        db.execute(f"UPDATE articles SET site = {run_site('articles.first_run', 'articles.url')}")
        site_of_seq = "(SELECT site FROM articles a WHERE a.seq = old.seq)"
        sources = {
            "versions": None,
            "ids": site_of_seq,
            "urls": "coalesce((SELECT a.site FROM old_ids i JOIN articles a ON a.seq = i.seq "
            f"WHERE i.article_id = old.article_id), {run_site('old.first_run', 'old.url')})",
            "gone": run_site("old.crawl_run", "old.url"),
            "failures": run_site("old.crawl_run", "old.url"),
        }
        for table, _, _ in _KEYED_TABLES:
            db.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
        for table, schema, pk in _KEYED_TABLES:
            db[table].create(schema, pk=pk, foreign_keys=_FOREIGN_KEYS.get(table, ()))
            old = set(db[f"old_{table}"].columns_dict)
            columns = [c for c in schema if c in old or (c == "site" and sources[table])]
            values = [sources[table] if c == "site" and c not in old else f"old.{c}" for c in columns]
            db.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM old_{table} old"
            )
        for table, _, _ in _KEYED_TABLES:
            db.execute(f"DROP TABLE old_{table}")

    def _fill_derived(self) -> None:
        self.db.execute(
            "UPDATE articles SET version_hash = version_hash("
            "(SELECT record FROM versions v WHERE v.seq = articles.seq ORDER BY v.id DESC LIMIT 1)) "
            "WHERE version_hash IS NULL"
        )
        self.db.execute(
            "UPDATE articles SET published_date = substr(published_at, 1, 10), editor_names = "
            "(SELECT json_group_array(json_extract(e.value, '$.name')) FROM json_each(articles.editors) e) "
            "WHERE published_date IS NULL OR editor_names IS NULL"
        )

    # --- the search index -------------------------------------------------------------------------------

    def _engine(self) -> str | None:
        tables = {row[0] for row in self.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)", [OUTBOX, FTS])}  # fmt: skip
        return "tantivy" if OUTBOX in tables else "fts5" if FTS in tables else None

    def reindex(self, advance: Callable[[int], None] = lambda n: None, engine: str | None = None) -> int:
        """Rebuild the search index from the articles table (inside the caller's batch), with ``engine``
        (default: the archive's own). FTS5 is rebuilt in the transaction; a tantivy index is built beside the
        old one and renamed into its place when complete. Switching engines removes the other index."""
        engine = engine or self._engine() or self.new_engine
        if engine not in ENGINES:
            raise ValueError(f"unknown search engine {engine!r}: one of {', '.join(ENGINES)}")
        if engine == "tantivy":
            return self._reindex_tantivy(advance)
        self.db.execute(f"DROP TABLE IF EXISTS {OUTBOX}")
        self.db.execute(f"DROP TABLE IF EXISTS {FTS}")
        # Contentless: the text lives in ``articles``; the index keeps only tokens and positions.
        self.db.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(body, headline, content='', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        self.engine = "fts5"
        count = 0
        rows = self.db.execute("SELECT seq, headline, body FROM articles ORDER BY seq")
        for seq, headline, body in rows:
            self._index(seq, headline, body)
            count += 1
            advance(1)
        self.db.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
        if not self.readonly:
            tantivy_index.SearchIndex.remove(self.path)
            self._sidecar = None
        return count

    def _reindex_tantivy(self, advance: Callable[[int], None]) -> int:
        # AUTOINCREMENT: an outbox id is never reused, so "applied up to id N" stays true after deletes.
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS {OUTBOX} (id INTEGER PRIMARY KEY AUTOINCREMENT, seq INTEGER)"
        )
        self.db.execute(f"DROP TABLE IF EXISTS {FTS}")
        # The caller's batch holds the write lock: no article changes while the index is built.
        applied = self._outbox_high()
        try:
            count = tantivy_index.SearchIndex.build(self.path, self._index_rows(), applied, advance)
        except tantivy_index.IndexWriteError as error:
            raise ArchiveError(
                f"the search index {tantivy_index.location(self.path)} could not be written ({error}); "
                "the index it had is kept"
            ) from None
        self.db.execute(f"DELETE FROM {OUTBOX}")
        self.engine = "tantivy"
        self._sidecar = None
        return count

    def _outbox_high(self) -> int:
        """The last outbox id ever given (AUTOINCREMENT's counter: rows applied and deleted count too)."""
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [OUTBOX]).fetchone()
        return row[0] if row else 0

    def _index_rows(self, seqs: list[int] | None = None) -> Iterator[tantivy_index.Row]:
        where = "" if seqs is None else "WHERE seq IN (SELECT value FROM json_each(?))"
        rows = self.db.execute(
            f"SELECT seq, headline, body, published_date, reporters, published_at FROM articles {where} "
            "ORDER BY seq",
            [] if seqs is None else [json.dumps(seqs)],
        )
        for seq, headline, body, day, reporters, published_at in rows:
            yield tantivy_index.Row(seq, headline, body, day, json.loads(reporters or "[]"), published_at)

    def _index(self, seq: int, headline: str, body: str) -> None:
        if self.engine == "tantivy":
            # Applied to the tantivy index after this transaction commits (``sync_search``).
            self.db.execute(f"INSERT INTO {OUTBOX} (seq) VALUES (?)", [seq])
            self._outbox_dirty = True
            return
        self.db.execute(
            f"INSERT INTO {FTS} (rowid, body, headline) VALUES (?, ?, ?)",
            [seq, *segment.columns(headline, body)],
        )

    def _unindex(self, seq: int, headline: str, body: str) -> None:
        if self.engine == "tantivy":
            return  # the outbox row of the new text replaces the article's document
        # A contentless table forgets a row only when told the tokens it was indexed with.
        self.db.execute(
            f"INSERT INTO {FTS} ({FTS}, rowid, body, headline) VALUES ('delete', ?, ?, ?)",
            [seq, *segment.columns(headline, body)],
        )

    # --- the tantivy index ------------------------------------------------------------------------------

    def _search_in_step(self) -> bool:
        """Does the tantivy index hold what the archive says it does: its marker no further than the outbox,
        nothing pending, one document per article (and the marker)?"""
        index = self.sidecar()
        if index is None:
            return False
        searcher = index.searcher()
        applied = index.applied(searcher)
        pending = self.db.execute(f"SELECT count(*) FROM {OUTBOX} WHERE id > ?", [applied]).fetchone()[0]
        return applied <= self._outbox_high() and (
            pending > 0 or searcher.num_docs == self.count_articles() + 1
        )

    def sidecar(self) -> tantivy_index.SearchIndex | None:
        if self._sidecar is None:
            self._sidecar = tantivy_index.SearchIndex.open(self.path)
        return self._sidecar

    def sync_search(self) -> int:
        """Apply the outbox rows the tantivy index does not hold yet; the number applied. Never raises for
        the index's sake: a failure (a full disk, another writer) leaves the rows for the next sync, and the
        search reports the lag meanwhile."""
        self._outbox_dirty = False
        index = self.sidecar()
        if index is None or self.engine != "tantivy":
            return 0
        try:
            applied = index.applied()
            pending = self.db.execute(
                f"SELECT id, seq FROM {OUTBOX} WHERE id > ? ORDER BY id", [applied]
            ).fetchall()
            if not pending:
                return 0
            seqs = sorted({seq for _, seq in pending})
            rows = list(self._index_rows(seqs))
            removed = set(seqs) - {row.seq for row in rows}
            index.apply(rows, removed, pending[-1][0])
        except (ValueError, OSError) as error:
            logger.warning("the search index %s is behind the archive (%s); the next batch tries again",
                           index.path, " ".join(str(error).split())[:300])  # fmt: skip
            return 0
        try:
            self.db.execute(f"DELETE FROM {OUTBOX} WHERE id <= ?", [pending[-1][0]])
        except sqlite3.DatabaseError:
            pass  # applied rows are skipped by id anyway; the next sync deletes them
        return len(pending)

    def _caught_up(self, index: tantivy_index.SearchIndex):
        """A searcher of the tantivy index once it holds every committed change (waiting a little for a
        crawl that is applying its batch), and how many changes it still lacks."""
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while True:
            searcher = index.searcher()
            applied = index.applied(searcher)
            lag = self.db.execute(f"SELECT count(*) FROM {OUTBOX} WHERE id > ?", [applied]).fetchone()[0]
            if not lag:
                return searcher, 0
            if not self.readonly and self.sync_search():
                continue
            if time.monotonic() > deadline:
                return searcher, lag
            time.sleep(0.05)

    def find(self, query: Query, since: str | None = None, until: str | None = None,
             reporter: str | None = None, limit: int = 20) -> list[dict]:  # fmt: skip
        """Articles matching ``query`` (``newscrawl.search.query``), best first, newer first among equal
        scores (to RANK_DECIMALS), through the archive's engine, with their text. ``limit`` 0: every match."""
        if self.engine != "tantivy":
            return self.search(query.match(), since, until, reporter, limit, query.phrases)
        ranked = self.find_ranked(query, since, until, reporter, limit)
        rank_of = dict(ranked)
        columns = "seq, article_id, url, headline, published_at, reporters, body, content_hash"
        text = {}
        for chunk in _chunks(list(rank_of), 5000):
            text |= {row[0]: row for row in self.db.execute(
                f"SELECT {columns} FROM articles WHERE seq IN (SELECT value FROM json_each(?))", [json.dumps(chunk)]
            )}  # fmt: skip
        keys = ("seq", "article_id", "url", "headline", "published_at", "reporters", "body", "content_hash")
        return [
            dict(zip(keys, text[seq], strict=True))
            | {"reporters": json.loads(text[seq][5] or "[]"), "rank": rank}
            for seq, rank in ranked
            if seq in text
        ]

    def find_ranked(self, query: Query, since: str | None = None, until: str | None = None,
                    reporter: str | None = None, limit: int = 20) -> list[tuple[int, float]]:  # fmt: skip
        """``find``'s (seq, rank) without the text (Datasette's ``newscrawl_search``); rank: lower is better."""
        if self.engine != "tantivy":
            return [(hit["seq"], hit["rank"]) for hit in self.find(query, since, until, reporter, limit)]
        index = self.sidecar()
        if index is None:
            raise ArchiveError(
                f"no search index at {tantivy_index.location(self.path)}: run newscrawl reindex"
            )
        searcher, self.search_lag = self._caught_up(index)
        wanted = index.query(query, since, until, reporter)
        if limit <= 0:
            ranked = index.every(searcher, wanted)
        else:
            # Equal scores go newer first among the best TIE_WINDOW × limit, one search: widening it while ties
            # reach its end costs a search each time (a term in every article ties them all: four searches
            # of 13-90 ms at a million), and keeping 200 instead of 40 costs tantivy's pruning next to nothing.
            window = limit * TIE_WINDOW
            ranked = None
            if index.costly(searcher, query):
                # A phrase in very many articles: tantivy prunes no phrase, it checks positions in every article
                # holding its bigrams. Rank the best articles holding them (pruned), keep those the exact
                # query matches, with the exact query's scores: the top of the phrase's ranking, found among
                # those candidates (README.md, "Search": how close that is, measured).
                proxy = index.query(query, since, until, reporter, proxy=True)
                candidates = [seq for seq, _, _ in index.ranked(searcher, proxy, window)]
                ranked = (
                    index.ranked(searcher, index.restricted(wanted, candidates), window) if candidates else []
                )
                if len(ranked) < limit and len(candidates) == window:
                    ranked = None  # too few verified among the candidates: rank every match after all
            if ranked is None:
                ranked = index.ranked(searcher, wanted, window)
        # Scores as FTS5 gives them (lower is better); equal scores newer first, by the index's own dates.
        ranked = sorted((-round(score, RANK_DECIMALS), -when, -seq) for seq, score, when in ranked)
        return [(-seq, rank) for rank, _, seq in (ranked[:limit] if limit > 0 else ranked)]

    def count_found(self, query: Query, since: str | None = None, until: str | None = None,
                    reporter: str | None = None) -> int:  # fmt: skip
        if self.engine != "tantivy":
            return self.count_matches(query.match(), since, until, reporter)
        index = self.sidecar()
        if index is None:
            return 0
        searcher, self.search_lag = self._caught_up(index)
        return index.count(searcher, index.query(query, since, until, reporter))

    def search_status(self) -> dict:
        """The search index for `newscrawl stats`: engine, size, and how many changes it lacks (None: no
        index at all)."""
        if self.engine != "tantivy":
            return {"engine": self.engine, "bytes": self.search_index_bytes() if self.engine else 0,
                    "lag": 0 if self.engine else None}  # fmt: skip
        index = self.sidecar()
        if index is None:
            return {"engine": "tantivy", "bytes": 0, "lag": None}
        applied = index.applied()
        lag = self.db.execute(f"SELECT count(*) FROM {OUTBOX} WHERE id > ?", [applied]).fetchone()[0]
        return {"engine": "tantivy", "bytes": index.size_bytes(), "lag": lag}

    def search_index_bytes(self) -> int:
        """The size of the search index: the tantivy directory, or the FTS5 tables' pages."""
        if self.engine == "tantivy":
            index = self.sidecar()
            return index.size_bytes() if index else 0
        return self.db.execute(
            "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?", [f"{FTS}%"]
        ).fetchone()[0]

    def search(self, match: str, since: str | None = None, until: str | None = None,
               reporter: str | None = None, limit: int = 20, phrases: tuple[str, ...] = ()) -> list[dict]:  # fmt: skip
        """Articles matching an FTS5 expression (from ``newscrawl.search.query``), best first, newer first
        among equals. ``since``/``until`` are dates (YYYY-MM-DD, inclusive) on the article's printed date.

        Relevance is bm25 (a headline hit weighs five body hits) rounded to RANK_DECIMALS. bm25 gives a
        phrase found in half the archive or more no weight at all (FTS5 floors its IDF at 1e-6), so when
        every one of ``phrases`` (the query's positive terms) is that common, every score rounds to 0 and the
        order is by date alone: then the ranking is read off the date index instead of scoring every match.
        """
        filters, params = self._search_filters(since, until, reporter)
        columns = (
            "a.seq, a.article_id, a.url, a.headline, a.published_at, a.reporters, a.body, a.content_hash"
        )
        if phrases and all(self._in_half_or_more(phrase) for phrase in phrases):
            # Walk the date index newest first, asking the index about each article: stops after `limit`
            # matches, which for a phrase in half the archive or more come within about twice that many.
            # For every match (no limit), one pass over the index into a set beats a probe per article.
            probe = (
                f"EXISTS (SELECT 1 FROM {FTS} f WHERE f.{FTS} MATCH ? AND f.rowid = a.seq)"
                if limit > 0
                else f"+a.seq IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?)"
            )
            rows = self.db.execute(
                f"SELECT {columns}, 0.0 FROM articles a INDEXED BY {DATE_INDEX} "
                f"WHERE {' AND '.join([probe, *filters])} "
                "ORDER BY a.published_at DESC, a.seq DESC LIMIT ?",
                [match, *params, limit if limit > 0 else -1],
            ).fetchall()
        else:
            rows = (
                self._best_by_rank(match, columns, limit) if limit > 0 and not filters else None
            ) or self.db.execute(
                # Rank every match on (score, date, seq) alone; read the winners' text afterwards.
                f"SELECT {columns}, top.rank FROM (SELECT h.seq, h.rank, a.published_at FROM "
                f"(SELECT rowid AS seq, round({RANK}, {RANK_DECIMALS}) AS rank FROM {FTS} WHERE {FTS} MATCH ?) h "
                f"JOIN articles a ON a.seq = h.seq {_where(filters)} "
                "ORDER BY h.rank, a.published_at DESC, h.seq DESC LIMIT ?) "
                "top JOIN articles a ON a.seq = top.seq ORDER BY top.rank, top.published_at DESC, top.seq DESC",
                [match, *params, limit if limit > 0 else -1],
            ).fetchall()
        keys = ("seq", "article_id", "url", "headline", "published_at", "reporters", "body", "content_hash",
                "rank")  # fmt: skip
        return [dict(zip(keys, row, strict=True)) | {"reporters": json.loads(row[5] or "[]")} for row in rows]

    def _best_by_rank(self, match: str, columns: str, limit: int) -> list[tuple] | None:
        """The first ``limit`` by (score, newer, seq) from a window of the best scores, without looking up
        the date of every match; None when ties at the cut reach past the window (then rank them all)."""
        window = limit * 10
        # Sorted by the raw score, rounded afterwards: rounding is monotonic, so the window holds the same
        # rounded scores, and round() runs 200 times instead of once per match (a quarter of the time).
        ranked = self.db.execute(
            f"SELECT seq, round(score, {RANK_DECIMALS}) FROM (SELECT rowid AS seq, {RANK} AS score "
            f"FROM {FTS} WHERE {FTS} MATCH ? ORDER BY score LIMIT ?) ORDER BY score",
            [match, window],
        ).fetchall()
        if len(ranked) == window and ranked[-1][1] == ranked[min(limit, len(ranked)) - 1][1]:
            return None
        rank_of = dict(ranked)
        dated = self.db.execute(
            "SELECT seq, published_at FROM articles WHERE seq IN (SELECT value FROM json_each(?))",
            [json.dumps(list(rank_of))],
        ).fetchall()
        dated.sort(key=lambda row: (row[1] is not None, row[1] or "", row[0]), reverse=True)  # newer first
        dated.sort(key=lambda row: rank_of[row[0]])  # stable: best score first, newer first among equals
        best = [seq for seq, _ in dated[:limit]]
        # The text of the winners only.
        text = {row[0]: row for row in self.db.execute(
            f"SELECT {columns} FROM articles a WHERE a.seq IN (SELECT value FROM json_each(?))", [json.dumps(best)]
        )}  # fmt: skip
        return [(*text[seq], rank_of[seq]) for seq in best] or None

    def _in_half_or_more(self, phrase: str) -> bool:
        """Does the phrase occur in at least half of the indexed articles? (Counts no further than that.)"""
        half = -(-self._indexed_rows() // 2)
        found = self.db.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? LIMIT ?)", [phrase, half]
        ).fetchone()[0]
        return half > 0 and found >= half

    def _indexed_rows(self) -> int:
        """The number of rows bm25 counts: the first varint of FTS5's averages record (id 1), read in O(1)
        where count(*) over 100,000 articles takes milliseconds."""
        row = self.db.execute(f"SELECT block FROM {FTS}_data WHERE id = 1").fetchone()
        if not row or not row[0]:
            return 0
        value = 0
        for index, byte in enumerate(row[0][:9]):  # an SQLite varint: 7 bits a byte, the 9th byte whole
            if index == 8:
                return (value << 8) | byte
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                return value
        return value

    def count_matches(self, match: str, since: str | None = None, until: str | None = None,
                      reporter: str | None = None) -> int:  # fmt: skip
        filters, params = self._search_filters(since, until, reporter)
        return self.db.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?) f "
            f"JOIN articles a ON a.seq = f.rowid {_where(filters)}",
            [match, *params],
        ).fetchone()[0]

    @staticmethod
    def _search_filters(since: str | None, until: str | None, reporter: str | None) -> tuple[list[str], list]:
        """SQL conditions on ``articles a`` for the date range and the reporter, and their parameters."""
        clauses, params = [], []
        if since:
            clauses.append("a.published_date >= ?")
            params.append(since)
        if until:
            clauses.append("a.published_date <= ?")
            params.append(until)
        if reporter:
            clauses.append("EXISTS (SELECT 1 FROM json_each(a.reporters) WHERE value = ?)")
            params.append(reporter)
        return clauses, params

    def has_search_index(self) -> bool:
        if self.engine == "tantivy":
            return self.sidecar() is not None
        return self.engine == "fts5"

    # --- transactions ----------------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[Archive]:
        """One transaction; on any error nothing of it is written. A full disk becomes ArchiveError."""
        conn = self.db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield self
            conn.execute("COMMIT")
            if self._outbox_dirty:
                self.sync_search()
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
                self.engine = self._engine()  # a rolled-back reindex leaves the engine it found
            if isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError) and _is_full(error):
                raise ArchiveError(
                    f"the archive {self.path} is full ({error}); nothing of this batch was written"
                ) from error
            raise

    # --- crawl runs --------------------------------------------------------------------------------------

    def start_run(self, site: str, args: dict, pid: int, key: str | None = None) -> int:
        """A new crawl run of ``site`` (its URL as given), known as the site ``key`` (default: site_key)."""
        with self.batch():
            # A run still "running" whose process is gone was killed: say so.
            for run_id, run_pid in self.db.execute(
                "SELECT id, pid FROM crawl_runs WHERE status = 'running'"
            ).fetchall():
                if not _alive(run_pid):
                    # Killed before it could record its figures: count them from the rows it wrote.
                    self.db.execute(
                        "UPDATE crawl_runs SET status = 'interrupted', finished_at = ?, "
                        "stats = json_patch(coalesce(stats, '{}'), ?) WHERE id = ?",
                        [now(), json.dumps(self.recount(run_id)), run_id],
                    )
            cursor = self.db.execute(
                "INSERT INTO crawl_runs (started_at, status, site, site_key, args, pid) "
                "VALUES (?, 'running', ?, ?, ?, ?)",
                [now(), site, key or site_key(site), json.dumps(args, ensure_ascii=False), pid],
            )
        return cursor.lastrowid

    def recount(self, run: int) -> dict[str, int | bool]:
        """A run's figures as its rows tell them (named as the crawl's stats): articles it stored first
        (new), versions it added to known articles (changed), all versions it wrote, removed ids it learned
        (gone), failures it recorded. Unchanged pages leave no row: not counted."""
        figures = {
            "new": "SELECT count(*) FROM articles WHERE first_run = ?1",
            "changed": "SELECT count(*) FROM versions v JOIN articles a ON a.seq = v.seq "
            "WHERE v.crawl_run = ?1 AND v.origin = 'crawl' AND a.first_run IS NOT ?1",
            "versions": "SELECT count(*) FROM versions WHERE crawl_run = ?1",
            "gone": "SELECT count(*) FROM gone WHERE crawl_run = ?1",
            "failed": "SELECT count(*) FROM failures WHERE crawl_run = ?1",
        }
        counted: dict[str, int | bool] = {
            f"newscrawl/{name}": self.db.execute(sql, [run]).fetchone()[0] for name, sql in figures.items()
        }
        return counted | {"newscrawl/recounted": True}

    def finish_run(self, run: int, status: str, stats: dict) -> None:
        with self.batch():
            self.db.execute(
                "UPDATE crawl_runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
                [now(), status, json.dumps(stats, ensure_ascii=False, default=str), run],
            )

    # --- writes (inside a batch) ----------------------------------------------------------------------------

    def store(self, article: Article, fetch: dict, raw: bytes | None, run: int) -> str:
        """Store one fetched article; returns what it was: new, changed, unchanged or duplicate.

        ``fetch`` holds url, status, etag, last_modified, content_type, headers, fetched_at and the site
        (default: the URL's). The same content under another id of the same site is the same article: the id
        and its URL are added to it ("duplicate"). Another site's article is never this one, whatever its id
        or text.
        """
        site = fetch.get("site") or site_key(fetch["url"])
        known = self._seq_of_id(site, article.article_id)
        seq = known if known is not None else self._seq_of_hash(site, article.content_hash)
        outcome = "new"
        if seq is None:
            seq = self._insert_article(site, article, fetch, run)
            self._insert_version(seq, article, fetch, raw, run)
        elif known is None:
            outcome = "duplicate"  # the same text under another id: one more door to the article
        elif self._latest_version_hash(seq) == article.version_hash:
            outcome = "unchanged"
        else:
            outcome = "changed"
            self._insert_version(seq, article, fetch, raw, run)
            self._update_article(seq, article, run)
        self._upsert_id(site, article.article_id, seq, article, fetch, run)
        self.see_url(fetch["url"], article.article_id, "fetched", run, site)
        return outcome

    def see_url(self, url: str, article_id: str, kind: str, run: int, site: str | None = None) -> None:
        self.db.execute(
            "INSERT INTO urls (url, site, article_id, kind, first_run, last_run) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO NOTHING",
            [url, site or site_key(url), article_id, kind, run, run],
        )

    def mark_gone(self, article_id: str, url: str, status: int, run: int, site: str | None = None) -> bool:
        """Record a removed id; its archived versions stay. True if this is news."""
        site = site or site_key(url)
        cursor = self.db.execute(
            "INSERT INTO gone (site, article_id, url, status, at, crawl_run) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(site, article_id) DO NOTHING",
            [site, article_id, url, status, now(), run],
        )
        self.db.execute(
            "UPDATE articles SET gone_at = ?, gone_run = ? WHERE gone_at IS NULL AND seq = "
            "(SELECT seq FROM ids WHERE site = ? AND article_id = ?)",
            [now(), run, site, article_id],
        )
        return cursor.rowcount > 0

    def record_failure(
        self, url: str, article_id: str | None, kind: str, status: int | None, message: str, run: int,
        site: str | None = None,
    ) -> None:  # fmt: skip
        self.db.execute(
            "INSERT INTO failures (site, url, article_id, kind, status, message, at, crawl_run) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [site or site_key(url), url, article_id, kind, status, message[:2000], now(), run],
        )

    def add_version(self, seq: int, article: Article, source_version: int, run: int | None) -> None:
        """A re-extraction's result as a new version of an article, sharing the raw page it came from."""
        fetched = self.db.execute(
            "SELECT url, status, etag, last_modified, content_type, fetched_at, profile FROM versions WHERE id = ?",
            [source_version],
        ).fetchone()
        raw_from = self.db.execute(
            "SELECT coalesce(raw_from, id) FROM versions WHERE id = ?", [source_version]
        ).fetchone()[0]
        self.db.execute(
            "INSERT INTO versions (seq, content_hash, fetched_at, crawl_run, url, status, etag, last_modified, "
            "content_type, profile, record, raw, raw_from, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'reextract')",
            [seq, article.content_hash, fetched[5], run, fetched[0], fetched[1], fetched[2], fetched[3], fetched[4],
             fetched[6], _record_json(article), raw_from],
        )  # fmt: skip
        self._update_article(seq, article, run)

    def _insert_article(self, site: str, article: Article, fetch: dict, run: int) -> int:
        values = _record_values(article)
        cursor = self.db.execute(
            f"INSERT INTO articles (site, article_id, url, canonical_url, content_hash, version_hash, "
            f"{', '.join(ARTICLE_COLUMNS)}, versions, first_seen_at, first_run, updated_at, last_run) "
            f"VALUES (?, ?, ?, ?, ?, ?, {', '.join('?' * len(ARTICLE_COLUMNS))}, 1, ?, ?, ?, ?)",
            [site, article.article_id, fetch["url"], fetch.get("canonical_url") or fetch["url"], article.content_hash,
             article.version_hash,
             *values, fetch["fetched_at"], run, fetch["fetched_at"], run],
        )  # fmt: skip
        self._index(cursor.lastrowid, article.headline, article.body)
        return cursor.lastrowid

    def _update_article(self, seq: int, article: Article, run: int | None) -> None:
        headline, body = self.db.execute(
            "SELECT headline, body FROM articles WHERE seq = ?", [seq]
        ).fetchone()
        if (headline, body) != (article.headline, article.body):
            self._unindex(seq, headline, body)
            self._index(seq, article.headline, article.body)
        assignments = ", ".join(f"{c} = ?" for c in ARTICLE_COLUMNS)
        self.db.execute(
            f"UPDATE articles SET content_hash = ?, version_hash = ?, {assignments}, updated_at = ?, last_run = ?, "
            "versions = (SELECT count(*) FROM versions WHERE seq = ?) WHERE seq = ?",
            [article.content_hash, article.version_hash, *_record_values(article), now(), run, seq, seq],
        )

    def _insert_version(self, seq: int, article: Article, fetch: dict, raw: bytes | None, run: int) -> None:
        headers = fetch.get("headers")
        self.db.execute(
            "INSERT INTO versions (seq, content_hash, fetched_at, crawl_run, url, status, etag, last_modified, "
            "content_type, headers, profile, record, raw, origin, warc_file, warc_offset, warc_length) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'crawl', ?, ?, ?)",
            [seq, article.content_hash, fetch["fetched_at"], run, fetch["url"], fetch.get("status"), fetch.get("etag"),
             fetch.get("last_modified"), fetch.get("content_type"),
             json.dumps(headers, ensure_ascii=False) if headers else None, fetch.get("profile"), _record_json(article),
             zlib.compress(raw, 6) if raw is not None else None, fetch.get("warc_file"), fetch.get("warc_offset"),
             fetch.get("warc_length")],
        )  # fmt: skip

    def _upsert_id(
        self, site: str, article_id: str, seq: int, article: Article, fetch: dict, run: int
    ) -> None:
        self.db.execute(
            "INSERT INTO ids (site, article_id, seq, url, etag, last_modified, published_at, fetched_at, "
            "crawl_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(site, article_id) DO UPDATE SET "
            "seq = excluded.seq, "
            "url = excluded.url, etag = excluded.etag, last_modified = excluded.last_modified, "
            "published_at = excluded.published_at, fetched_at = excluded.fetched_at, crawl_run = excluded.crawl_run "
            "WHERE ids.etag IS NOT excluded.etag OR ids.last_modified IS NOT excluded.last_modified "
            "OR ids.seq IS NOT excluded.seq",
            [site, article_id, seq, fetch["url"], fetch.get("etag"), fetch.get("last_modified"),
             article.published_at, fetch["fetched_at"], run],
        )  # fmt: skip

    # --- reads ----------------------------------------------------------------------------------------------

    def _seq_of_id(self, site: str, article_id: str | None) -> int | None:
        row = self.db.execute(
            "SELECT seq FROM ids WHERE site = ? AND article_id = ?", [site, article_id]
        ).fetchone()
        return row[0] if row else None

    def _seq_of_hash(self, site: str, content_hash: str) -> int | None:
        """The first article of ``site`` that had this content (another site's is never the same article)."""
        row = self.db.execute(
            "SELECT v.seq FROM versions v JOIN articles a ON a.seq = v.seq WHERE v.content_hash = ? AND a.site = ? "
            "ORDER BY v.id LIMIT 1",
            [content_hash, site],
        ).fetchone()
        return row[0] if row else None

    def _latest_version_hash(self, seq: int) -> str | None:
        row = self.db.execute("SELECT version_hash FROM articles WHERE seq = ?", [seq]).fetchone()
        return row[0] if row else None

    def revisit_state(self, site: str) -> list[dict]:
        """What the revisit plan needs of every id of ``site`` that has an article: validators, dates, the
        last revisit (checked_at) and whether the site removed it. One query, once per run."""
        rows = self.db.execute(
            "SELECT i.article_id, i.url, i.etag, i.last_modified, coalesce(a.published_at, i.published_at), "
            "i.fetched_at, i.checked_at, g.article_id IS NOT NULL OR a.gone_at IS NOT NULL "
            "FROM ids i JOIN articles a ON a.seq = i.seq "
            "LEFT JOIN gone g ON g.site = i.site AND g.article_id = i.article_id WHERE i.site = ?",
            [site],
        )
        keys = (
            "article_id",
            "url",
            "etag",
            "last_modified",
            "published_at",
            "fetched_at",
            "checked_at",
            "gone",
        )
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def mark_checked(self, site: str, article_id: str, run: int | None, present: bool) -> bool:
        """A revisit of an id got its answer: remember when (the plan's rotation goes by it). ``present``:
        the site answered with the article (a page or a 304), so it is no longer gone. True if it was."""
        self.db.execute(
            "UPDATE ids SET checked_at = ?, checks = coalesce(checks, 0) + 1 WHERE site = ? AND article_id = ?",
            [now(), site, article_id],
        )
        if not present:
            return False
        cursor = self.db.execute("DELETE FROM gone WHERE site = ? AND article_id = ?", [site, article_id])
        back = self.db.execute(
            "UPDATE articles SET gone_at = NULL, gone_run = NULL WHERE gone_at IS NOT NULL AND seq = "
            "(SELECT seq FROM ids WHERE site = ? AND article_id = ?)",
            [site, article_id],
        )
        return cursor.rowcount > 0 or back.rowcount > 0

    def latest_hash_of_id(self, site: str, article_id: str) -> str | None:
        """The version hash (``Article.version_hash``) of the article an id of ``site`` has now."""
        row = self.db.execute(
            "SELECT a.version_hash FROM ids i JOIN articles a ON a.seq = i.seq WHERE i.site = ? AND i.article_id = ?",
            [site, article_id],
        ).fetchone()
        return row[0] if row else None

    def fetch_state(self, site: str, article_id: str) -> FetchState | None:
        row = self.db.execute(
            "SELECT i.seq, i.etag, i.last_modified, i.published_at, i.fetched_at, g.article_id IS NOT NULL "
            "FROM (SELECT ? AS site, ? AS article_id) q "
            "LEFT JOIN ids i ON i.site = q.site AND i.article_id = q.article_id "
            "LEFT JOIN gone g ON g.site = q.site AND g.article_id = q.article_id",
            [site, article_id],
        ).fetchone()
        if row is None or (row[0] is None and not row[5]):
            return None
        return FetchState(article_id, row[0], row[1], row[2], row[3], row[4], bool(row[5]))

    def failed_last_run(self, site: str) -> set[str]:
        """Ids of ``site`` that failed in the latest crawl run that recorded any failure of it."""
        rows = self.db.execute(
            "SELECT DISTINCT article_id FROM failures WHERE article_id IS NOT NULL AND site = ?1 "
            "AND crawl_run = (SELECT max(crawl_run) FROM failures WHERE site = ?1)",
            [site],
        ).fetchall()
        return {row[0] for row in rows}

    # --- a cluster's writer (newscrawl.cluster.writer) -------------------------------------------------------

    def cluster_run(self, key: str, cluster_run: int, pid: int) -> tuple[int, str] | None:
        """(id, status) of the crawl run that records run ``cluster_run`` of a cluster crawling site ``key``
        (started with that ``cluster_run`` in its args); a writer restarted after a kill goes on with it, so
        an unfinished one takes its ``pid``. None: no writer has started it."""
        row = self.db.execute(
            "SELECT id, status FROM crawl_runs WHERE site_key = ? AND json_extract(args, '$.cluster_run') = ? "
            "ORDER BY id DESC LIMIT 1",
            [key, cluster_run],
        ).fetchone()
        if row is None:
            return None
        if row[1] in ("running", "interrupted"):
            with self.batch():
                self.db.execute(
                    "UPDATE crawl_runs SET pid = ?, status = 'running' WHERE id = ?", [pid, row[0]]
                )
            return row[0], "running"
        return row[0], row[1]

    def last_cluster_run(self, key: str) -> int:
        """The last cluster run of site ``key`` whose end the archive has recorded (0: none)."""
        row = self.db.execute(
            "SELECT max(json_extract(args, '$.cluster_run')) FROM crawl_runs WHERE site_key = ? "
            "AND status != 'running'",
            [key],
        ).fetchone()
        return int(row[0] or 0)

    def stream_position(self, stream: str) -> str:
        """The id of the last entry of a Redis stream whose items the archive holds ("0-0": none)."""
        self.db["stream_positions"].create({"stream": str, "last_id": str}, pk="stream", if_not_exists=True)
        row = self.db.execute("SELECT last_id FROM stream_positions WHERE stream = ?", [stream]).fetchone()
        return row[0] if row else "0-0"

    def set_stream_position(self, stream: str, entry_id: str) -> None:
        """Inside the batch that wrote the entries up to ``entry_id``: committed with them, or not at all."""
        self.db.execute(
            "INSERT INTO stream_positions (stream, last_id) VALUES (?, ?) "
            "ON CONFLICT(stream) DO UPDATE SET last_id = excluded.last_id",
            [stream, entry_id],
        )

    def counts(self) -> dict[str, int]:
        queries = {
            "articles": "SELECT count(*) FROM articles",
            "versions": "SELECT count(*) FROM versions",
            "ids": "SELECT count(*) FROM ids",
            "urls": "SELECT count(*) FROM urls",
            "gone": "SELECT count(*) FROM gone",
            "failures": "SELECT count(*) FROM failures",
            "runs": "SELECT count(*) FROM crawl_runs",
        }
        return {name: self.db.execute(sql).fetchone()[0] for name, sql in queries.items()}

    def runs(self, limit: int = 5) -> list[dict]:
        rows = self.db.execute(
            "SELECT id, started_at, finished_at, status, site, stats FROM crawl_runs ORDER BY id DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [
            {"id": r[0], "started_at": r[1], "finished_at": r[2], "status": r[3], "site": r[4],
             "stats": json.loads(r[5]) if r[5] else {}}
            for r in rows
        ]  # fmt: skip

    def recent_failures(self, limit: int = 10) -> list[dict]:
        rows = self.db.execute(
            "SELECT id, url, article_id, kind, status, message, at, crawl_run FROM failures ORDER BY id DESC LIMIT ?",
            [limit],
        ).fetchall()
        keys = ("id", "url", "article_id", "kind", "status", "message", "at", "crawl_run")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def latest_versions(self) -> Iterator[dict]:
        """The latest crawled page of every article: seq, version, url, raw page, content type, profile, record,
        and when the page was fetched (fetched_at)."""
        rows = self.db.execute(
            "SELECT v.seq, v.id, v.url, coalesce(v.raw, r.raw), v.content_type, v.profile, v.record, v.fetched_at "
            "FROM versions v LEFT JOIN versions r ON r.id = v.raw_from "
            "WHERE v.id = (SELECT max(id) FROM versions WHERE seq = v.seq) ORDER BY v.seq"
        )
        for seq, version, url, raw, content_type, profile, record, fetched_at in rows:
            if raw is not None:
                yield {"seq": seq, "version": version, "url": url, "raw": zlib.decompress(raw),
                       "content_type": content_type, "profile": profile, "record": json.loads(record),
                       "fetched_at": fetched_at}  # fmt: skip

    def export_records(self, since: str | None = None, until: str | None = None) -> Iterator[dict]:
        """Every article's latest record with the contract's export fields (urls, versions) and ours
        (seq, byline, editor_line, channel, dates), in seq order; since/until on the printed date."""
        filters, params = self._search_filters(since, until, None)
        rows = self.db.execute(
            "SELECT a.seq, a.url, a.article_id, a.headline, a.published_at, a.reporters, a.editors, a.body, "
            "a.content_hash, a.versions, a.original_title, a.editor_note, a.source, a.extracted_by, a.byline, "
            "a.editor_line, a.channel, a.first_seen_at, a.updated_at, a.gone_at, a.account, "
            "(SELECT json_group_array(u.url) FROM ids i "
            " JOIN urls u ON u.site = i.site AND u.article_id = i.article_id WHERE i.seq = a.seq) "
            f"FROM articles a {_where(filters)} ORDER BY a.seq",
            params,
        )
        for row in rows:
            (seq, url, article_id, headline, published_at, reporters, editors, body, content_hash, versions,
             original_title, editor_note, source, extracted_by, byline, editor_line, channel, first_seen_at,
             updated_at, gone_at, account, urls) = row  # fmt: skip
            seen = [u for u in json.loads(urls) if u != url]
            yield {
                "seq": seq, "url": url, "urls": [url, *seen], "article_id": article_id, "headline": headline,
                "published_at": published_at, "reporters": json.loads(reporters or "[]"),
                "editors": json.loads(editors or "[]"), "body": body, "content_hash": content_hash,
                "versions": versions, "original_title": original_title, "editor_note": editor_note,
                "source": source, "account": account, "extracted_by": json.loads(extracted_by or "{}"),
                "byline": byline,
                "editor_line": editor_line, "channel": channel, "first_seen_at": first_seen_at,
                "updated_at": updated_at, "gone_at": gone_at,
            }  # fmt: skip

    def count_records(self, since: str | None = None, until: str | None = None) -> int:
        filters, params = self._search_filters(since, until, None)
        return self.db.execute(f"SELECT count(*) FROM articles a {_where(filters)}", params).fetchone()[0]

    def count_articles(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def latest_record(self, seq: int) -> dict:
        row = self.db.execute(
            "SELECT record FROM versions WHERE seq = ? ORDER BY id DESC LIMIT 1", [seq]
        ).fetchone()
        return json.loads(row[0])

    # --- versions: what an article said, and when -------------------------------------------------------

    def article(self, seq: int) -> dict | None:
        """One article's row (the fields of its latest version; lists and dicts decoded), or None."""
        cursor = self.db.execute("SELECT * FROM articles WHERE seq = ?", [seq])
        row = cursor.fetchone()
        if row is None:
            return None
        found = dict(zip([d[0] for d in cursor.description], row, strict=True))
        for column in (*JSON_COLUMNS, "editor_names"):
            found[column] = json.loads(found[column]) if found.get(column) else None
        return found

    def seqs_of_id(self, article_id: str, site: str | None = None) -> list[tuple[str | None, int]]:
        """(site, seq) of the articles a site id belongs to: one per site that has the id (one with ``site``)."""
        rows = self.db.execute(
            "SELECT site, seq FROM ids WHERE article_id = ? AND (?2 IS NULL OR site = ?2) ORDER BY site",
            [str(article_id), site],
        ).fetchall()
        return [(row[0], row[1]) for row in rows]

    def versions_of(self, seq: int) -> list[dict]:
        """Every version of an article, oldest first, numbered from 1 (``n``): when it was fetched, the HTTP
        status and headers it came with, where from (a crawl or a re-extraction), and the record."""
        rows = self.db.execute(
            "SELECT id, content_hash, fetched_at, crawl_run, url, status, etag, last_modified, content_type, "
            "headers, profile, origin, coalesce(raw_from, id), record FROM versions WHERE seq = ? ORDER BY id",
            [seq],
        ).fetchall()
        keys = ("id", "content_hash", "fetched_at", "crawl_run", "url", "status", "etag", "last_modified",
                "content_type", "headers", "profile", "origin", "raw_version", "record")  # fmt: skip
        found = []
        for n, row in enumerate(rows, 1):
            version = dict(zip(keys, row, strict=True)) | {"n": n, "seq": seq}
            version["headers"] = json.loads(version["headers"]) if version["headers"] else None
            version["record"] = json.loads(version["record"])
            found.append(version)
        return found

    def version_raw(self, version_id: int) -> bytes | None:
        """The page as fetched for a version (a re-extraction's is the page it was made from), or None."""
        row = self.db.execute(
            "SELECT r.raw FROM versions v JOIN versions r ON r.id = coalesce(v.raw_from, v.id) WHERE v.id = ?",
            [version_id],
        ).fetchone()
        return zlib.decompress(row[0]) if row and row[0] is not None else None

    def version_page(self, version_id: int) -> tuple[bytes, str | None] | None:
        """``version_raw`` with the Content-Type the page was served with (its charset, for decoding)."""
        row = self.db.execute(
            "SELECT r.raw, r.content_type FROM versions v JOIN versions r ON r.id = coalesce(v.raw_from, v.id) "
            "WHERE v.id = ?",
            [version_id],
        ).fetchone()
        return (zlib.decompress(row[0]), row[1]) if row and row[0] is not None else None

    def urls_of(self, seq: int) -> list[dict]:
        """Every URL an article was seen at, through its site ids: url, article_id, kind (fetched, alias, ...),
        first_run, last_run; the article's own URL first."""
        rows = self.db.execute(
            "SELECT u.url, u.article_id, u.kind, u.first_run, u.last_run FROM articles a "
            "JOIN ids i ON i.seq = a.seq JOIN urls u ON u.site = i.site AND u.article_id = i.article_id "
            "WHERE a.seq = ? ORDER BY u.url != a.url, u.first_run, u.url",
            [seq],
        ).fetchall()
        keys = ("url", "article_id", "kind", "first_run", "last_run")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def edited_seqs(self, since: str | None = None, until: str | None = None) -> list[int]:
        """Articles with a version after their first whose fetch falls in [since, until] (dates, inclusive,
        on the fetch's printed date), most recently edited first."""
        clauses, params = _days("v.fetched_at", since, until)
        clauses.append("v.id > (SELECT min(id) FROM versions WHERE seq = v.seq)")
        rows = self.db.execute(
            f"SELECT v.seq FROM versions v {_where(clauses)} GROUP BY v.seq ORDER BY max(v.id) DESC", params
        ).fetchall()
        return [row[0] for row in rows]

    def export_versions(self, since: str | None = None, until: str | None = None) -> Iterator[dict]:
        """Every version of every article, in seq then version order: seq, the article's site, the
        version's number from 1 (``version``), its record's fields, when and by which run it was fetched,
        the HTTP status, the content hash and where it came from (``origin``: crawl, reextract);
        since/until on the article's printed date, as for export_records."""
        filters, params = self._search_filters(since, until, None)
        rows = self.db.execute(
            "SELECT v.seq, a.site, row_number() OVER (PARTITION BY v.seq ORDER BY v.id), v.fetched_at, "
            "v.crawl_run, v.status, v.content_hash, v.origin, v.record "
            f"FROM versions v JOIN articles a ON a.seq = v.seq {_where(filters)} ORDER BY v.seq, v.id",
            params,
        )
        for seq, site, n, fetched_at, crawl_run, status, content_hash, origin, record in rows:
            fetch = {"fetched_at": fetched_at, "crawl_run": crawl_run, "status": status}
            yield {"seq": seq, "site": site, "version": n, **json.loads(record), **fetch,
                   "content_hash": content_hash, "origin": origin}  # fmt: skip

    def count_versions(self, since: str | None = None, until: str | None = None) -> int:
        filters, params = self._search_filters(since, until, None)
        return self.db.execute(
            f"SELECT count(*) FROM versions v JOIN articles a ON a.seq = v.seq {_where(filters)}", params
        ).fetchone()[0]

    # --- WARC captures (newscrawl.warc) -----------------------------------------------------------------

    def warc_files(self, since: str | None = None, until: str | None = None) -> list[str]:
        """The WARC files of the crawl runs that overlap [since, until] (dates, inclusive), in the order they
        were written: those a run's stats list (newscrawl/warc/files), then those only versions name (a killed
        run records no stats)."""
        clauses, params = [], []
        if until:
            clauses.append("substr(r.started_at, 1, 10) <= ?")
            params.append(until)
        if since:
            clauses.append("(r.finished_at IS NULL OR substr(r.finished_at, 1, 10) >= ?)")
            params.append(since)
        listed = self.db.execute(
            "SELECT f.value FROM crawl_runs r, json_each(r.stats, '$.\"newscrawl/warc/files\"') f "
            f"{_where(clauses)} ORDER BY r.id, f.key",
            params,
        ).fetchall()
        named = self.db.execute(
            "SELECT v.warc_file FROM versions v JOIN crawl_runs r ON r.id = v.crawl_run "
            f"{_where(['v.warc_file IS NOT NULL', *clauses])} GROUP BY v.warc_file ORDER BY min(v.id)",
            params,
        ).fetchall()
        return list(dict.fromkeys(row[0] for row in [*listed, *named]))

    def captured_versions(self, since: str | None = None, until: str | None = None) -> list[dict]:
        """The versions with a WARC capture fetched in [since, until] (the fetch's printed date): where the
        response record is (warc_file, warc_offset), the URL, the version's headline, seq."""
        clauses, params = _days("fetched_at", since, until)
        clauses.append("warc_file IS NOT NULL")
        rows = self.db.execute(
            "SELECT warc_file, warc_offset, url, json_extract(record, '$.headline'), seq FROM versions "
            f"{_where(clauses)} ORDER BY id",
            params,
        ).fetchall()
        keys = ("warc_file", "warc_offset", "url", "headline", "seq")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def integrity(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


def _record_values(article: Article) -> list:
    """Values for ARTICLE_COLUMNS: the record's columns, then the derived ones."""
    data = article.to_dict()
    values = [
        json.dumps(data[c], ensure_ascii=False) if c in JSON_COLUMNS else data[c] for c in RECORD_COLUMNS
    ]
    published_date = article.published_at[:10] if article.published_at else None
    editor_names = json.dumps([e.name for e in article.editors], ensure_ascii=False)
    return [*values, published_date, editor_names]


def _record_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _where(conditions: list[str]) -> str:
    return ("WHERE " + " AND ".join(conditions)) if conditions else ""


def _days(column: str, since: str | None, until: str | None) -> tuple[list[str], list[str]]:
    """Conditions that a timestamp column's printed date (YYYY-MM-DD) falls in [since, until], inclusive."""
    clauses, params = [], []
    for bound, operator in ((since, ">="), (until, "<=")):
        if bound:
            clauses.append(f"substr({column}, 1, 10) {operator} ?")
            params.append(bound)
    return clauses, params


def _refuse_foreign(path: Path, conn: sqlite3.Connection, close: bool = True) -> None:
    """NotAnArchiveError if the database open on ``conn`` is not a newscrawl archive; ``conn`` is closed
    then, and always when ``close``."""
    try:
        problem = foreign_archive(conn)
    except sqlite3.Error:
        problem = None  # not readable as SQLite at all: the first real query says so, as before
    except BaseException:
        conn.close()
        raise
    if problem or close:
        conn.close()
    if problem:
        raise NotAnArchiveError(f"{path} {problem}")


def foreign_archive(conn: sqlite3.Connection) -> str | None:
    """Why the open database is not a newscrawl archive (the rest of a sentence), or None: marked as ours,
    empty (a new archive), or unmarked with our tables (made before the marker; migrate() marks it)."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return None
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if application_id == 0 and (not tables or set(OUR_TABLES) <= tables):
        return None
    what = f"application_id {application_id:#x}" if application_id else "its own tables"
    return f"is not a newscrawl archive (a SQLite database with {what}); not touching it"


def archive_sites(path: Path) -> dict[str, str]:
    """The sites the archive at ``path`` holds crawls of, oldest first: each site's key (``site_key``, or the
    key a run was given) → the URL its first run gave. Read through a read-only connection; none for a file
    that is missing, empty or has no runs."""
    if not path.is_file() or path.stat().st_size == 0:
        return {}
    conn = _connect_readonly(path)
    try:
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'crawl_runs'"
        ).fetchone():
            return {}
        columns = {row[1] for row in conn.execute("PRAGMA table_info(crawl_runs)")}
        key = "site_key" if "site_key" in columns else "NULL"
        rows = conn.execute(
            f"SELECT site, {key} FROM crawl_runs WHERE coalesce(site, '') != '' ORDER BY id"
        ).fetchall()
        sites: dict[str, str] = {}
        for site, given in rows:
            if found := given or site_key(site):
                sites.setdefault(found, site)
        return sites
    finally:
        conn.close()


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection. On read-only media (a file and directory that cannot be written: a CD, a
    read-only mount, an immutable file) SQLite cannot make a WAL archive's shared-memory file, and mode=ro
    alone fails to open it: then the file is opened as immutable (no locks, no -shm, nothing written; no
    process can be writing it either)."""
    url = pathname2url(str(path.resolve()))
    conn = sqlite3.connect(f"file:{url}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if not on_readonly_media(path):
            return conn  # as before: the first query says what is wrong
        conn.close()
    return sqlite3.connect(f"file:{url}?mode=ro&immutable=1", uri=True, isolation_level=None)


def on_readonly_media(path: Path) -> bool:
    """Can the file or its directory not be written (as far as the kernel tells this process)?"""
    return not (os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK))


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _is_full(error: Exception) -> bool:
    message = str(error).lower()
    return "full" in message or "disk i/o" in message
