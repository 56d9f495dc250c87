"""Keys ``search`` and ``export``: a generated 100,000-article archive, searched and exported.

The archive is filled through ``Archive.store`` (texts: sentences of the real seed texts, recombined by the
sample site's generator). Then:

- ``index_build_s``: ``newscrawl reindex`` of the whole archive (one transaction);
- ``index_bytes`` / ``text_bytes``: the FTS5 tables' pages (dbstat) against the UTF-8 bytes of every
  headline and body;
- per query class (1, 2 and 4 characters, and two 2-character terms), queries drawn from random places in
  random stored texts, timed three ways in the same run: ``ranked_top20`` as `newscrawl search` runs them
  (parse, FTS5 match, bm25 order, the first 20 with their text); ``all_ids``, every matching id through
  the index; ``like_all_ids``, every matching id by a LIKE scan over headline and body (what finding every
  article costs without an index). ``ratio_vs_like`` = LIKE p50 / all_ids p50 (the same task);
  ``ratio_ranked_vs_like`` = LIKE p50 / ranked_top20 p50.
- ``options``: the designs considered, on the first 20,000 articles: index size and p95 per class.
- key ``export``: articles/s writing the txt corpus of the whole archive into an empty directory.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from newscrawl.archive import Archive
from newscrawl.export import write_corpus
from newscrawl.sample_site.fill import fill_archive
from newscrawl.search import segment
from newscrawl.search.query import parse

CLASSES = ("1", "2", "4", "two_terms")


def _percentiles(ms: list[float]) -> dict:
    ordered = sorted(ms)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2)}  # fmt: skip


def _queries(
    conn: sqlite3.Connection, per_class: int, seed: int, top: int | None = None
) -> dict[str, list[str]]:
    rng = random.Random(seed)
    last = conn.execute("SELECT max(seq) FROM articles").fetchone()[0]
    top = min(top or last, last)

    def substring(length: int) -> str:
        while True:
            headline, body = conn.execute(
                "SELECT headline, body FROM articles WHERE seq = ?", [rng.randint(1, top)]
            ).fetchone()
            text = rng.choice((headline, body, body, body))
            start = rng.randrange(0, max(1, len(text) - length))
            term = text[start : start + length]
            if len(term) == length and not any(c.isspace() or c in '"*^:(){}-' for c in term):
                try:
                    parse(term)
                except ValueError:
                    continue  # "OR", "AND": operators, not words
                return term

    queries = {size: [substring(int(size)) for _ in range(per_class)] for size in ("1", "2", "4")}
    queries["two_terms"] = [f"{substring(2)} {substring(2)}" for _ in range(per_class)]
    return queries


def _time_ranked(archive: Archive, queries: list[str]) -> list[float]:
    """What `newscrawl search QUERY` does: parse, match, rank, the first 20 with their text."""
    times = []
    for query in queries:
        start = time.perf_counter()
        archive.find(parse(query), limit=20)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _time_all_ids(archive: Archive, queries: list[str]) -> list[float]:
    """Every matching article's id through the index: the same task as the LIKE scan."""
    times = []
    for query in queries:
        start = time.perf_counter()
        parsed = parse(query)
        if archive.engine == "tantivy":
            index = archive.sidecar()
            index.every(index.searcher(), index.query(parsed))
        else:
            archive.db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [parsed.match()]
            ).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _time_like(conn: sqlite3.Connection, queries: list[str]) -> list[float]:
    """Every matching article's id by LIKE over headline and body: a full scan."""
    times = []
    for query in queries:
        terms = query.split()
        where = " AND ".join("(headline LIKE ? OR body LIKE ?)" for _ in terms)
        params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
        start = time.perf_counter()
        conn.execute(f"SELECT seq FROM articles WHERE {where}", params).fetchall()
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_search(articles: int = 100_000, per_class: int = 60, like_per_class: int = 8) -> tuple[dict, dict]:
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-search-") as tmp:
        path = Path(tmp) / "archive.db"
        start = time.perf_counter()
        archive = fill_archive(path, articles, seed=3, batch=5000)
        fill_s = time.perf_counter() - start
        start = time.perf_counter()
        with archive.batch():
            archive.reindex()
        build_s = time.perf_counter() - start
        conn = archive.db.conn
        text_bytes = conn.execute(
            "SELECT sum(length(CAST(headline AS BLOB)) + length(CAST(body AS BLOB))) FROM articles"
        ).fetchone()[0]
        index_bytes = archive.search_index_bytes()
        queries = _queries(conn, per_class, seed=7)
        result: dict = {
            "engine": archive.engine, "articles": articles, "fill_s": round(fill_s, 1), "index_build_s": round(build_s, 1),
            "text_bytes": text_bytes, "index_bytes": index_bytes,
            "index_to_text": round(index_bytes / text_bytes, 3), "queries_per_class": per_class,
            "like_queries_per_class": like_per_class,
        }  # fmt: skip
        _time_like(conn, queries["1"][:1])  # warm the page cache
        for name in CLASSES:
            ranked = _percentiles(_time_ranked(archive, queries[name]))
            every = _percentiles(_time_all_ids(archive, queries[name]))
            like = _percentiles(_time_like(conn, queries[name][:like_per_class]))
            result[name] = {
                "ranked_top20": ranked, "all_ids": every, "like_all_ids": like,
                "ratio_vs_like": round(like["p50_ms"] / max(every["p50_ms"], 0.01), 1),
                "ratio_ranked_vs_like": round(like["p50_ms"] / max(ranked["p50_ms"], 0.01), 1),
            }  # fmt: skip
        result["options"] = _options(conn, _queries(conn, per_class // 2, seed=11, top=20_000), 20_000)
        result["targets"] = {"p95_ms": "<= 50 per class", "ratio_vs_like": ">= 50", "index_to_text": "<= 3"}
        out = Path(tmp) / "corpus"
        start = time.perf_counter()
        report = write_corpus(archive, out)
        export_s = time.perf_counter() - start
        archive.close()
    export = {"articles": report.written, "seconds": round(export_s, 2),
              "articles_per_s": round(report.written / export_s), "target": ">= 5000 articles/s"}  # fmt: skip
    return result, export


def _options(conn: sqlite3.Connection, queries: dict[str, list[str]], limit: int) -> dict:
    """The designs considered, built over the same first ``limit`` articles and timed on the same queries
    (each returning the first 20 matches by rank, as the CLI does)."""
    rows = conn.execute("SELECT seq, headline, body FROM articles WHERE seq <= ?", [limit]).fetchall()
    text_bytes = sum(len(h.encode()) + len(b.encode()) for _, h, b in rows)
    tok = "tokenize='unicode61 remove_diacritics 0'"
    designs = {
        "chosen: bigrams+unigrams, one column per field": (
            f"CREATE VIRTUAL TABLE o USING fts5(b, h, content='', {tok})",
            lambda h, b: segment.columns(h, b), segment.term_match),
        "bigrams and unigrams in four columns": (
            f"CREATE VIRTUAL TABLE o USING fts5(b2, b1, h2, h1, content='', {tok})",
            lambda h, b: (segment.bigrams(b), segment.unigrams(b), segment.bigrams(h), segment.unigrams(h)),
            segment.term_match),
        "trigram tokenizer (1-2 characters find nothing)": (
            "CREATE VIRTUAL TABLE o USING fts5(b, h, content='', tokenize='trigram')",
            lambda h, b: (b, h), lambda term: '"' + term.replace('"', '""') + '"'),
        "unicode61 on the raw text (a run of Chinese is one token)": (
            f"CREATE VIRTUAL TABLE o USING fts5(b, h, content='', {tok})",
            lambda h, b: (b, h), lambda term: '"' + term.replace('"', '""') + '"'),
    }  # fmt: skip
    found = {}
    for name, (ddl, columns, term_match) in designs.items():
        mem = sqlite3.connect(":memory:")
        mem.execute(ddl)
        start = time.perf_counter()
        mem.executemany("INSERT INTO o VALUES (?, ?)" if "b2" not in ddl else "INSERT INTO o VALUES (?, ?, ?, ?)",
                        (columns(h, b) for _, h, b in rows))  # fmt: skip
        mem.execute("INSERT INTO o(o) VALUES ('optimize')")
        build = time.perf_counter() - start
        size = mem.execute("SELECT sum(length(block)) FROM o_data").fetchone()[0]
        entry = {"build_s": round(build, 1), "index_to_text": round(size / text_bytes, 3)}
        for cls in CLASSES:
            times, empty = [], 0
            for query in queries[cls]:
                match = " AND ".join(term_match(t) for t in query.split())
                start = time.perf_counter()
                hits = mem.execute(
                    "SELECT rowid FROM o WHERE o MATCH ? ORDER BY rank LIMIT 20", [match]
                ).fetchall()
                times.append((time.perf_counter() - start) * 1000)
                empty += not hits
            entry[cls] = {**_percentiles(times), "queries_finding_nothing": empty}
        found[name] = entry
        mem.close()
    return {"articles": len(rows), "designs": found}
