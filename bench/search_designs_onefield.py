"""How close tantivy's BM25 can come to today's order: one field, the headline's tokens written five times.

    PYTHONPATH=/tmp/search-scale/pylib .venv/bin/python -m bench.search_designs_onefield --size 100000

FTS5's bm25(1.0, 5.0) counts a headline hit five times in one term frequency and one length over both
columns; tantivy scores each field on its own. Writing the headline's tokens five times into the body's
field gives tantivy one term frequency (body hits + 5 × headline hits) and one length, as FTS5 has (the
length counts the headline five times, not once; tantivy's idf and its 256-step quantized lengths stay
its own). Same queries as bench/search_designs.py (seed 7, 60 per class); writes
/tmp/search-scale/designs-onefield-<size>.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from bench.search import CLASSES, _percentiles, _queries
from bench.search_designs import _texts, _timed, compare, like_ids
from bench.search_scale import CACHE, cached_archive
from newscrawl.search import segment
from newscrawl.search.query import parse


def build(conn, path: Path):
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("all", tokenizer_name="whitespace", index_option="position")
    builder.add_integer_field("seq", stored=False, fast=True, indexed=True)
    schema = builder.build()
    done = path.parent / (path.name + ".json")
    fresh = not done.exists()
    if fresh and path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, str(path))
    if fresh:
        start = time.perf_counter()
        writer = index.writer(heap_size=1_000_000_000, num_threads=1)
        for seq, headline, body in conn.execute("SELECT seq, headline, body FROM articles ORDER BY seq"):
            b, h = segment.columns(headline, body)
            writer.add_document(tantivy.Document(all=" ".join([b, *[h] * 5]), seq=seq))
        writer.commit()
        writer.wait_merging_threads()
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        done.write_text(
            json.dumps({"build_s": round(time.perf_counter() - start, 1), "index_bytes": size}) + "\n"
        )
    index.reload()
    return index, schema, json.loads(done.read_text())


def query(schema, text: str):
    import tantivy

    musts = []
    for term in parse(text).positive_terms:
        tokens = [segment.token(u) for u in segment.units(term)]
        words = tokens if len(tokens) == 1 else [a + b for a, b in zip(tokens, tokens[1:], strict=False)]
        musts.append(tantivy.Query.term_query(schema, "all", words[0]) if len(words) == 1
                     else tantivy.Query.phrase_query(schema, "all", words))  # fmt: skip
    return (
        musts[0] if len(musts) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in musts])
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--recall", type=int, default=10)
    args = parser.parse_args(argv)
    archive, _ = cached_archive(args.size, args.cache)
    conn = archive.db.conn
    index, schema, built = build(conn, args.cache / f"{args.size}.tantivy-onefield")
    searcher = index.searcher()
    text_bytes = conn.execute(
        "SELECT sum(length(CAST(headline AS BLOB)) + length(CAST(body AS BLOB))) FROM articles"
    ).fetchone()[0]
    result: dict = {
        "size": args.size,
        "build": {**built, "index_to_text": round(built["index_bytes"] / text_bytes, 3)},
    }

    def top(text: str) -> list[int]:
        hits = searcher.search(query(schema, text), 20, count=False).hits
        seqs = searcher.fast_field_values("seq", [address for _, address in hits])
        _texts(conn, seqs)
        return seqs

    queries = _queries(conn, 60, seed=7)
    for cls in CLASSES:
        today = [[row["seq"] for row in archive.search(parse(q).match(), limit=20, phrases=parse(q).phrases)]
                 for q in queries[cls]]  # fmt: skip
        top(queries[cls][0])
        times, tops = _timed(top, queries[cls])
        result[cls] = {**_percentiles(times), "vs_today": compare(today, tops)}
    recall = {}
    for cls, qs in _queries(conn, args.recall, seed=13).items():
        exact = 0
        for q in qs:
            s = searcher.search(query(schema, q), 1, count=True)
            got = set()
            if s.count:
                hits = searcher.search(query(schema, q), s.count, count=False, order_by_field="seq").hits
                got = set(searcher.fast_field_values("seq", [a for _, a in hits]))
            exact += got == like_ids(conn, q)
        recall[cls] = f"{exact}/{len(qs)}"
    result["recall_exact"] = recall
    archive.close()
    out = args.cache / f"designs-onefield-{args.size}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
