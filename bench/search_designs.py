"""The candidate designs of issue 15, measured on bench/search_scale.py's archives and queries.

    .venv/bin/pip install --target /tmp/search-scale/pylib tantivy apsw     # not project dependencies
    PYTHONPATH=/tmp/search-scale/pylib .venv/bin/python -m bench.search_designs --size 100000
    PYTHONPATH=/tmp/search-scale/pylib .venv/bin/python -m bench.search_designs --size 1000000 --recall 8

Writes /tmp/search-scale/designs-<size>.json; bench/search_designs.md is the report written from them.
Per design and query class (bench/search.py's classes and query generator, seed 7, the same 60 queries per
class as key ``search_scale``): p50/p95 of the top 20; against today's path, how many of the queries give
the same 20 in the same order, the same 20 in any order, and the mean overlap of the two top 20s. Recall:
random queries (seed 13) whose every match is compared with a LIKE scan over headline and body.

- ``a_today``: ``Archive.search`` as `newscrawl search` runs it (bench/search.py's ``_time_ranked``).
- ``a_core``: today's ranked SQL alone (the window of _best_by_rank: bm25 of every match, the best 200).
- ``b_rank``: FTS5's rank column as bm25(1.0, 5.0) (``rank MATCH 'bm25(1.0, 5.0)'``, the per-query
  form of the ``rank`` configuration option), ``ORDER BY rank LIMIT 20``, then the 20 rows' text.
- ``d_apsw_core`` / ``d_apsw_rank``: the same two SQL statements through apsw's SQLite.
- ``c_tantivy``: a tantivy index beside the archive, the same tokens as articles_fts (``segment.field``:
  bigrams then unigrams, one field per column, whitespace tokenizer so positions follow the tokens), a
  term of one or two characters is a term query, longer is the phrase of its bigrams; per term, headline
  (boost 5) OR body; terms ANDed; top 20 by tantivy's BM25, then the 20 rows' text from SQLite.
  ``c_tantivy_noboost``: the same without the boost (block-max WAND needs bare term scorers).
  ``c_tantivy_ngram``: tantivy's own ngram tokenizer (1-2) for the recall check only (its ngrams carry
  no usable positions, so the phrase of a longer term finds nothing).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from bench.search import CLASSES, _percentiles, _queries, _time_ranked
from bench.search_scale import CACHE, cached_archive
from newscrawl.archive import FTS, RANK, RANK_DECIMALS
from newscrawl.search import segment
from newscrawl.search.query import parse

TEXT_COLUMNS = "seq, article_id, url, headline, published_at, reporters, body, content_hash"


def _timed(run, queries: list[str]) -> tuple[list[float], list[list[int]]]:
    times, tops = [], []
    for query in queries:
        start = time.perf_counter()
        top = run(query)
        times.append((time.perf_counter() - start) * 1000)
        tops.append(top)
    return times, tops


def _texts(conn, seqs: list[int]) -> list[tuple]:
    return conn.execute(
        f"SELECT {TEXT_COLUMNS} FROM articles WHERE seq IN (SELECT value FROM json_each(?))",
        [json.dumps(seqs)],
    ).fetchall()


# --- SQLite designs ---------------------------------------------------------------------------------------

CORE_SQL = (
    f"SELECT seq, round(score, {RANK_DECIMALS}) FROM (SELECT rowid AS seq, {RANK} AS score "
    f"FROM {FTS} WHERE {FTS} MATCH ? ORDER BY score LIMIT 200) ORDER BY score"
)
RANK_SQL = (
    f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? AND rank MATCH 'bm25(1.0, 5.0)' ORDER BY rank LIMIT 20"
)


def sqlite_designs(conn, prefix: str) -> dict:
    def core(query: str) -> list[int]:
        return [seq for seq, _ in conn.execute(CORE_SQL, [parse(query).match()]).fetchall()][:20]

    def ranked(query: str) -> list[int]:
        seqs = [row[0] for row in conn.execute(RANK_SQL, [parse(query).match()]).fetchall()]
        _texts(conn, seqs)
        return seqs

    return {f"{prefix}_core": core, f"{prefix}_rank": ranked}


def _scores(conn, query: str, seqs: list[int]) -> list[float]:
    """Today's rounded bm25 of these articles, in this order."""
    found = dict(conn.execute(
        f"SELECT rowid, round({RANK}, {RANK_DECIMALS}) FROM {FTS} WHERE {FTS} MATCH ? "
        "AND rowid IN (SELECT value FROM json_each(?))", [parse(query).match(), json.dumps(seqs)]))  # fmt: skip
    return [found.get(seq) for seq in seqs]


# --- tantivy ----------------------------------------------------------------------------------------------


def tantivy_index(conn, path: Path, ngram: bool = False):
    """A tantivy index of every article (made once under ``path``) and its build figures."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    tokenizer = "ng12" if ngram else "whitespace"
    builder.add_text_field("body", tokenizer_name=tokenizer, index_option="position")
    builder.add_text_field("headline", tokenizer_name=tokenizer, index_option="position")
    builder.add_integer_field("seq", stored=False, fast=True, indexed=True)
    schema = builder.build()
    done = path.parent / (path.name + ".json")
    fresh = not done.exists()
    if fresh and path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, str(path))
    if ngram:
        index.register_tokenizer(
            "ng12", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.ngram(1, 2, False)).filter(
                tantivy.Filter.lowercase()).build())  # fmt: skip
    if fresh:
        start = time.perf_counter()
        writer = index.writer(heap_size=1_000_000_000, num_threads=1)
        rows = conn.execute("SELECT seq, headline, body FROM articles ORDER BY seq")
        for seq, headline, body in rows:
            if ngram:
                # tantivy's ngram tokenizer sees one string: whitespace normalised as segment does.
                b, h = segment._normalised(body), segment._normalised(headline)
            else:
                b, h = segment.columns(headline, body)
            writer.add_document(tantivy.Document(body=b, headline=h, seq=seq))
        writer.commit()
        writer.wait_merging_threads()
        build_s = time.perf_counter() - start
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        done.write_text(json.dumps({"build_s": round(build_s, 1), "index_bytes": size}) + "\n")
    index.reload()
    return index, schema, json.loads(done.read_text())


def tantivy_query(schema, query: str, boost: float | None = 5.0, ngram: bool = False):
    """Today's query language on a positive AND of terms (what the bench's classes use)."""
    import tantivy

    musts = []
    for term in parse(query).positive_terms:
        if ngram:
            units = segment._normalised(term)
            words = [units] if len(units) <= 2 else [units[i : i + 2] for i in range(len(units) - 1)]
        else:
            tokens = [segment.token(u) for u in segment.units(term)]
            words = tokens if len(tokens) == 1 else [a + b for a, b in zip(tokens, tokens[1:], strict=False)]
        per_field = []
        for field in ("headline", "body"):
            if len(words) == 1:
                q = tantivy.Query.term_query(schema, field, words[0])
            else:
                q = tantivy.Query.phrase_query(schema, field, words)
            if field == "headline" and boost:
                q = tantivy.Query.boost_query(q, boost)
            per_field.append((tantivy.Occur.Should, q))
        musts.append(tantivy.Query.boolean_query(per_field))
    if len(musts) == 1:
        return musts[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in musts])


def tantivy_designs(conn, index, schema, prefix: str) -> dict:
    searcher = index.searcher()

    def run(boost):
        def top(query: str) -> list[int]:
            hits = searcher.search(tantivy_query(schema, query, boost), 20, count=False).hits
            seqs = searcher.fast_field_values("seq", [address for _, address in hits])
            _texts(conn, seqs)
            return seqs

        return top

    return {prefix: run(5.0), f"{prefix}_noboost": run(None)}


def tantivy_all(index, schema, query: str, ngram: bool = False) -> set[int]:
    searcher = index.searcher()
    q = tantivy_query(schema, query, None, ngram)
    count = searcher.search(q, 1, count=True).count
    if not count:
        return set()
    hits = searcher.search(q, count, count=False, order_by_field="seq").hits
    return set(searcher.fast_field_values("seq", [address for _, address in hits]))


# --- recall -----------------------------------------------------------------------------------------------


def like_ids(conn, query: str) -> set[int]:
    terms = query.split()
    where = " AND ".join("(headline LIKE ? OR body LIKE ?)" for _ in terms)
    params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
    return {row[0] for row in conn.execute(f"SELECT seq FROM articles WHERE {where}", params)}


def fts_ids(conn, query: str) -> set[int]:
    return {
        r[0] for r in conn.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ?", [parse(query).match()])
    }


def recall(conn, engines: dict, queries: dict[str, list[str]]) -> dict:
    found: dict = {name: {} for name in engines}
    for cls, qs in queries.items():
        oracle = [like_ids(conn, q) for q in qs]
        for name, all_ids in engines.items():
            exact, missed, extra, like_total = 0, 0, 0, 0
            for q, want in zip(qs, oracle, strict=True):
                got = all_ids(q)
                exact += got == want
                missed += len(want - got)
                extra += len(got - want)
                like_total += len(want)
            found[name][cls] = {"queries": len(qs), "exact": exact, "like_matches": like_total,
                                "missed": missed, "extra": extra}  # fmt: skip
    return found


# --- the run ------------------------------------------------------------------------------------------------


def compare(reference: list[list[int]], tops: list[list[int]]) -> dict:
    same_order = sum(a == b for a, b in zip(reference, tops, strict=True))
    same_set = sum(set(a) == set(b) for a, b in zip(reference, tops, strict=True))
    overlap = [len(set(a) & set(b)) / max(1, len(a)) for a, b in zip(reference, tops, strict=True)]
    return {
        "same_order": same_order,
        "same_set": same_set,
        "mean_overlap": round(sum(overlap) / len(overlap), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--per-class", type=int, default=60)
    parser.add_argument("--recall", type=int, default=30, help="recall queries per class (each a LIKE scan)")
    parser.add_argument(
        "--ngram-recall", action="store_true", help="also build tantivy's ngram tokenizer index"
    )
    args = parser.parse_args(argv)
    import apsw

    archive, made = cached_archive(args.size, args.cache)
    conn = archive.db.conn
    result: dict = {
        "size": args.size,
        "sqlite": sqlite3.sqlite_version,
        "apsw_sqlite": apsw.sqlite_lib_version(),
    }
    print("tantivy build …", file=sys.stderr)
    index, schema, built = tantivy_index(conn, args.cache / f"{args.size}.tantivy")
    text_bytes = conn.execute(
        "SELECT sum(length(CAST(headline AS BLOB)) + length(CAST(body AS BLOB))) FROM articles"
    ).fetchone()[0]
    result["tantivy_build"] = {**built, "text_bytes": text_bytes,
                               "index_to_text": round(built["index_bytes"] / text_bytes, 3)}  # fmt: skip
    result["fts5_build"] = made
    queries = _queries(conn, args.per_class, seed=7)
    aconn = apsw.Connection(str(archive.path), flags=apsw.SQLITE_OPEN_READONLY)

    class _Apsw:  # the two calls the SQLite designs make, through apsw
        def execute(self, sql, params):
            return _Rows(list(aconn.execute(sql, params)))

    class _Rows(list):
        def fetchall(self):
            return list(self)

    designs = {
        **sqlite_designs(conn, "a"),
        **sqlite_designs(_Apsw(), "d_apsw"),
        **tantivy_designs(conn, index, schema, "c_tantivy"),
    }
    designs["b_rank"] = designs.pop("a_rank")
    like_ids(conn, queries["1"][0])  # warm the page cache
    timings: dict = {}
    for cls in CLASSES:
        print(f"class {cls} …", file=sys.stderr)
        today_times = _time_ranked(archive, queries[cls])
        today_rows = [
            archive.search(parse(q).match(), limit=20, phrases=parse(q).phrases) for q in queries[cls]
        ]
        today = [[row["seq"] for row in rows] for rows in today_rows]
        timings.setdefault("a_today", {})[cls] = _percentiles(today_times)
        for name, run in designs.items():
            run(queries[cls][0])  # warm
            times, tops = _timed(run, queries[cls])
            entry = {**_percentiles(times), "vs_today": compare(today, tops)}
            if not name.startswith("c_"):  # the same bm25: do the 20 scores (3 decimals) equal today's?
                entry["vs_today"]["same_scores"] = sum(
                    _scores(conn, q, top) == [round(row["rank"], RANK_DECIMALS) for row in rows]
                    for q, top, rows in zip(queries[cls], tops, today_rows, strict=True)
                )
            timings.setdefault(name, {})[cls] = entry
    result["timings"] = timings
    print("recall …", file=sys.stderr)
    recall_queries = _queries(conn, args.recall, seed=13)
    engines = {"fts5 (a, b, d)": lambda q: fts_ids(conn, q),
               "tantivy": lambda q: tantivy_all(index, schema, q)}  # fmt: skip
    if args.ngram_recall:
        ng, ng_schema, ng_built = tantivy_index(conn, args.cache / f"{args.size}.tantivy-ngram", ngram=True)
        result["tantivy_ngram_build"] = {
            **ng_built,
            "index_to_text": round(ng_built["index_bytes"] / text_bytes, 3),
        }
        engines["tantivy ngram tokenizer"] = lambda q: tantivy_all(ng, ng_schema, q, ngram=True)
    result["recall"] = recall(conn, engines, recall_queries)
    archive.close()
    out = args.cache / f"designs-{args.size}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
