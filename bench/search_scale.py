"""Key ``search_scale``: the search bench (bench/search.py) at 100,000 and 1,000,000 generated articles.

    make bench-scale                                   # into bench/results.local.json (untracked)
    .venv/bin/python -m bench.search_scale --out bench/results.json --sizes 100000 1000000

Each size is an archive made as bench/search.py makes its own (``fill_archive``, seed 3, batches of 5,000,
through ``Archive.store``), then ``newscrawl reindex``'s rebuild in one transaction, timed as
``index_build_s``. Generating a million articles takes about half an hour, so the archives are kept under
``--cache`` (default /tmp/search-scale/) with a ``<size>.json`` beside each holding its fill and build
times, and reused by the next run; delete them to start again. A larger archive starts from a copy of a
smaller cached one and stores the remaining articles (the same articles fill_archive would give: same seed,
same batches); its ``fill_s`` is the sum. Each size is measured with bench/search.py's
own functions (queries drawn from random places in stored texts, ranked top 20 as `newscrawl search` runs
them, every id through the index, every id by LIKE), in the shape of key ``search`` without its 20,000-article
``options``; ``p95_growth`` is p95 at the largest size / p95 at the smallest, per class and path.

Each size is measured through the archive's engine, tantivy (the default; ``engine`` in the result). An
archive cached with FTS5 (made before tantivy was the default) is measured with FTS5 first, without LIKE
scans, under ``fts5``, then switched to tantivy by ``reindex`` (timed as ``index_build_s``, FTS5's build
kept as ``fts5_index_build_s``) and measured again: both engines on the same archive, the same queries,
in one run; ``p95_tantivy_vs_fts5`` per class.

Not part of ``make bench``: it takes an hour on a fresh machine.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

from bench.search import (
    CLASSES,
    _percentiles,
    _queries,
    _time_all_ids,
    _time_like,
    _time_ranked,
)
from newscrawl.archive import Archive
from newscrawl.sample_site.fill import fill_archive, fill_more
from newscrawl.search.query import parse

CACHE = Path("/tmp/search-scale")
SIZES = (100_000, 1_000_000)
SEED, BATCH = 3, 5000  # bench/search.py's fill
COMMON = 0.4  # a query found in this share of the articles or more counts as common (``by_share``)


def cached_archive(size: int, cache: Path = CACHE) -> tuple[Archive, dict]:
    """The generated archive of ``size`` articles (made once, then reused) and how long making it took."""
    cache.mkdir(parents=True, exist_ok=True)
    path, done = cache / f"{size}.db", cache / f"{size}.json"
    if done.exists() and path.exists():
        archive, made = Archive(path), json.loads(done.read_text())
        if archive.search_rebuilt_s is not None:  # an index of an older layout, rebuilt on opening
            made["index_build_s"] = round(archive.search_rebuilt_s, 1)
            done.write_text(json.dumps(made) + "\n")
        return archive, made
    for stale in cache.glob(f"{size}.db*"):  # an interrupted fill: start again
        stale.unlink()
    start = time.perf_counter()
    last = [start]

    def advance(n: int, count=[0]) -> None:  # noqa: B006 - a counter for the progress line
        count[0] += n
        if time.perf_counter() - last[0] > 60:
            last[0] = time.perf_counter()
            print(f"  fill {size}: {count[0]} articles, {last[0] - start:.0f} s", file=sys.stderr)

    smaller = sorted(int(f.stem) for f in cache.glob("*.json") if f.stem.isdigit() and int(f.stem) < size
                     and int(f.stem) % BATCH == 0 and (cache / f"{f.stem}.db").exists())  # fmt: skip
    if smaller:
        # The first n articles of fill_archive(size) are those of fill_archive(n) (same seed, same batches):
        # copy the n-article archive and store the rest, as fill_archive would have.
        base = smaller[-1]
        source = sqlite3.connect(cache / f"{base}.db")
        target = sqlite3.connect(path)
        source.backup(target)
        source.close(), target.close()
        archive = fill_more(Archive(path), base, size, SEED, BATCH, advance)
        fill_s = json.loads((cache / f"{base}.json").read_text())["fill_s"] + time.perf_counter() - start
    else:
        archive = fill_archive(path, size, seed=SEED, batch=BATCH, advance=advance)
        fill_s = time.perf_counter() - start
    start = time.perf_counter()
    with archive.batch():
        archive.reindex()
    build_s = time.perf_counter() - start
    made = {"fill_s": round(fill_s, 1), "index_build_s": round(build_s, 1)}
    done.write_text(json.dumps(made) + "\n")
    return archive, made


def measure(archive: Archive, made: dict, per_class: int = 60, like_per_class: int = 8) -> dict:
    """Key ``search``'s figures for one archive (bench/search.py's ``bench_search`` without the fill), through
    the archive's search engine; ``like_per_class`` 0: no LIKE scans (a second engine on the same archive)."""
    conn = archive.db.conn
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    text_bytes = conn.execute(
        "SELECT sum(length(CAST(headline AS BLOB)) + length(CAST(body AS BLOB))) FROM articles"
    ).fetchone()[0]
    index_bytes = archive.search_index_bytes()
    queries = _queries(conn, per_class, seed=7)
    result: dict = {
        "engine": archive.engine, "articles": articles, **made, "text_bytes": text_bytes, "index_bytes": index_bytes,
        "index_to_text": round(index_bytes / text_bytes, 3), "queries_per_class": per_class,
        "like_queries_per_class": like_per_class,
    }  # fmt: skip
    _time_like(conn, queries["1"][:1])  # warm the page cache
    _time_ranked(archive, queries["1"][:5])  # and the index's
    for name in CLASSES:
        times = _time_ranked(archive, queries[name])
        ranked = _percentiles(times)
        every = _percentiles(_time_all_ids(archive, queries[name]))
        result[name] = {
            "ranked_top20": ranked,
            "all_ids": every,
            "by_share": _by_share(archive, queries[name], times),
        }
        if archive.engine == "tantivy":
            result[name]["vs_exact_phrase_ranking"] = _vs_exact(archive, queries[name])
        if like_per_class:
            like = _percentiles(_time_like(conn, queries[name][:like_per_class]))
            result[name] |= {
                "like_all_ids": like,
                "ratio_vs_like": round(like["p50_ms"] / max(every["p50_ms"], 0.01), 1),
                "ratio_ranked_vs_like": round(like["p50_ms"] / max(ranked["p50_ms"], 0.01), 1),
            }  # fmt: skip
    result["targets"] = {"p95_ms": "<= 50 per class", "ratio_vs_like": ">= 50", "index_to_text": "<= 3"}
    return result


def _by_share(archive: Archive, queries: list[str], times: list[float]) -> dict:
    """The ranked times split by how common the query is: found in COMMON or more of the articles, or fewer
    (the generated texts repeat template phrases: a random 4-character substring is often in half of them)."""
    articles = archive.count_articles()
    common = [archive.count_found(parse(query)) >= COMMON * articles for query in queries]
    split = {"common": [t for t, c in zip(times, common, strict=True) if c],
             "rest": [t for t, c in zip(times, common, strict=True) if not c]}  # fmt: skip
    return {"share": COMMON, **{f"{key}_queries": len(found) for key, found in split.items()},
            **{f"{key}_ranked_top20": _percentiles(found) for key, found in split.items() if found}}  # fmt: skip


def _vs_exact(archive: Archive, queries: list[str]) -> dict:
    """How the top 20 `newscrawl search` gives (common phrases ranked among verified candidates) compares
    with the top 20 of the exact phrase ranking: queries with the same 20, the mean share in common."""
    index = archive.sidecar()
    searcher = index.searcher()
    same, shares, costly = 0, [], 0
    for query in queries:
        parsed = parse(query)
        costly += index.costly(searcher, parsed)
        got = {seq for seq, _ in archive.find_ranked(parsed, limit=20)}
        ranked = sorted((-round(score, 3), -when, -seq) for seq, score, when in
                        index.ranked(searcher, index.query(parsed), 200))[:20]  # fmt: skip
        exact = {-seq for _, _, seq in ranked}
        same += got == exact
        shares.append(len(got & exact) / max(1, len(exact)))
    return {"costly_phrase_queries": costly, "same_top20": same, "queries": len(queries),
            "mean_share_in_common": round(sum(shares) / max(1, len(shares)), 3)}  # fmt: skip


def growth(small: dict, large: dict) -> dict:
    """p95 at the larger size / p95 at the smaller, per class and path (the issue's target: <= 2)."""
    return {
        cls: {path: round(large[cls][path]["p95_ms"] / max(small[cls][path]["p95_ms"], 0.01), 2)
              for path in ("ranked_top20", "all_ids", "like_all_ids") if path in large[cls] and path in small[cls]}
        for cls in CLASSES
    }  # fmt: skip


def measure_size(size: int, cache: Path) -> dict:
    """The figures of one size through tantivy; an archive cached with FTS5 (made before tantivy, or with
    NEWSCRAWL_SEARCH_ENGINE=fts5) is measured with FTS5 first, under ``fts5``, then switched to tantivy."""
    archive, made = cached_archive(size, cache)
    try:
        before = None
        if archive.engine == "fts5":
            print(f"search_scale {size}: fts5 …", file=sys.stderr)
            before = measure(archive, made, like_per_class=0)
            start = time.perf_counter()
            with archive.batch():
                archive.reindex(engine="tantivy")
            made = {**made, "index_build_s": round(time.perf_counter() - start, 1),
                    "fts5_index_build_s": made["index_build_s"]}  # fmt: skip
            (cache / f"{size}.json").write_text(json.dumps(made) + "\n")
        print(f"search_scale {size}: {archive.engine} …", file=sys.stderr)
        found = measure(archive, made)
        if before is not None:
            found["fts5"] = before
            found["p95_tantivy_vs_fts5"] = {
                cls: round(found[cls]["ranked_top20"]["p95_ms"] / max(before[cls]["ranked_top20"]["p95_ms"], 0.01), 3)
                for cls in CLASSES
            }  # fmt: skip
        return found
    finally:
        archive.close()


def bench_search_scale(sizes: tuple[int, ...] = SIZES, cache: Path = CACHE) -> dict:
    found: dict = {}
    for size in sizes:
        found[str(size)] = measure_size(size, cache)
    if len(sizes) > 1:
        found["p95_growth"] = {
            "from": str(min(sizes)), "to": str(max(sizes)), "target": "<= 2",
            **growth(found[str(min(sizes))], found[str(max(sizes))]),
        }  # fmt: skip
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=Path("bench/results.local.json"))
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the generated archives are kept")
    parser.add_argument("--prepare", action="store_true", help="only make the archives, measure nothing")
    args = parser.parse_args(argv)
    if args.prepare:
        for size in args.sizes:
            cached_archive(size, args.cache)[0].close()
        return 0
    found = bench_search_scale(tuple(args.sizes), args.cache)
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    results["search_scale"] = found
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(found, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
