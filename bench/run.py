"""Benchmarks, as ratios against baselines measured in the same run. Writes bench/results.local.json
(untracked); the committed record, bench/results.json, only when asked for:

    python -m bench.run --pages ../shared/pages/gne-dev                              # bench/results.local.json
    python -m bench.run --pages ../shared/pages/gne-dev --out bench/results.json     # the committed record

Keys: ``extract`` (below), ``crawl`` (bench/crawl.py), ``search`` and ``export`` (bench/search.py), ``warc``
(bench/warc.py), ``scale``
(bench/scale.py: a cluster of 1, 2 and 4 workers, and its writer).

Key ``extract``: per-page extraction time over the gne-dev pages for newscrawl, trafilatura and GNE (each
page timed several times after a warm-up, its median kept; the summary is the median and p95 over pages),
and the floor: lxml parsing the same pages and nothing else.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

from bench.crawl import bench_crawl
from bench.evaluate import SYSTEMS, load_gold
from bench.scale import bench_scale
from bench.search import bench_search
from bench.warc import bench_warc

REPEATS = 7
# Untracked (.gitignore): a run by hand never rewrites the committed bench/results.json.
LOCAL_RESULTS = Path("bench/results.local.json")


def _per_page_ms(pages: list[tuple[bytes, str]], run: Callable[[bytes, str], object]) -> list[float]:
    times = []
    for page, url in pages:
        run(page, url)  # warm-up: imports, caches
        samples = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            run(page, url)
            samples.append((time.perf_counter() - start) * 1000)
        times.append(statistics.median(samples))
    return times


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"ms_median": round(statistics.median(ordered), 2), "ms_p95": round(p95, 2)}


def bench_extract(pages_dir: Path) -> dict:
    gold = load_gold(pages_dir)
    pages = [
        ((pages_dir / g["file"]).read_bytes(), g.get("url") or f"https://example.invalid/{g['file']}")
        for g in gold
    ]
    result: dict = {"pages": len(pages), "repeats_per_page": REPEATS}
    for name, system in SYSTEMS.items():
        result[name] = _summary(_per_page_ms(pages, system))
    parse = _per_page_ms(pages, lambda page, url: lxml.html.document_fromstring(page))
    result["lxml_parse_ms_median"] = _summary(parse)["ms_median"]
    ours = result["newscrawl"]["ms_median"]
    result["ratio_vs_trafilatura"] = round(ours / result["trafilatura"]["ms_median"], 3)
    result["ratio_vs_gne"] = round(ours / result["gne"]["ms_median"], 3)
    result["targets"] = {"ratio_vs_trafilatura": "<= 0.5", "ratio_vs_gne": "< 1.0"}
    return result


def _search_and_export() -> dict:
    search, export = bench_search()
    return {"search": search, "export": export}


# Each benchmark returns the result keys it measured (search measures export on the same archive).
BENCHES: dict[str, Callable[[argparse.Namespace], dict]] = {
    "extract": lambda args: {"extract": bench_extract(args.pages)},
    "crawl": lambda args: {"crawl": bench_crawl()},
    "search": lambda args: _search_and_export(),
    "warc": lambda args: {"warc": bench_warc()},
    "scale": lambda args: {"scale": bench_scale()},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=Path, required=True, help="saved pages with gold.jsonl (gne-dev)")
    parser.add_argument("--out", type=Path, default=LOCAL_RESULTS,
                        help="where the results go (default: %(default)s, untracked; "
                        "bench/results.json is the committed record)")  # fmt: skip
    parser.add_argument("--only", choices=sorted(BENCHES), action="append", help="run only these benchmarks")
    args = parser.parse_args(argv)
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    results["machine"] = {"python": platform.python_version(), "cpus": __import__("os").cpu_count()}
    for name in args.only or BENCHES:
        print(f"bench {name} …", file=sys.stderr)
        results.update(BENCHES[name](args))
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
