"""Score newscrawl, trafilatura and GNE on saved pages with a gold.jsonl beside them.

    python -m bench.evaluate --pages ../shared/pages/gne-dev [--json]

Columns, per system, averaged over pages:
- title: exact match (after NFKC and whitespace folding, the same for every system);
- time: publication time equal to the minute (to the day where the gold has no time);
- first/last: the gold first/last paragraph is contained in the body;
- f1: bag-of-characters F1 of the body against the reference body;
- leak: share of pages whose headline or body contains one of the gold's must_not_contain strings.

gold.jsonl carries the first and last paragraph and ``body_chars``, not the whole body. The reference
body is the page's text from the start of the first paragraph to the end of the last: its count of CJK
characters equals ``body_chars`` on every page of gne-dev, which is how we know it is the gold's body.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from parsel import Selector

from newscrawl.extract import NotAnArticle, extract
from newscrawl.extract.blocks import linearize
from newscrawl.extract.dates import parse_value

_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
COLUMNS = ("title", "time", "first", "last", "f1", "leak")


def fold(text: str | None) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def load_gold(pages: Path) -> list[dict]:
    return [
        json.loads(line)
        for line in (pages / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def reference_body(html: str, gold: dict) -> str:
    """The page's text from the gold first paragraph to the gold last paragraph, whitespace folded."""
    text = fold("\n".join(b.text for b in linearize(Selector(text=html).root).blocks))
    first, last = fold(gold["first_paragraph"]), fold(gold["last_paragraph"])
    start = text.find(first)
    end = text.find(last, max(start, 0))
    if start < 0 or end < 0:
        raise ValueError(f"{gold['file']}: gold paragraphs not found in the page text")
    span = text[start : end + len(last)]
    if len(_CJK.findall(span)) != gold["body_chars"]:
        raise ValueError(f"{gold['file']}: reference body does not match body_chars")
    return span


def f1(candidate: str, reference: str) -> float:
    got, want = Counter(fold(candidate)), Counter(fold(reference))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def same_time(published: str | None, gold: str | None) -> bool:
    if not gold:
        return not published
    parsed = parse_value(published) if published else None
    if parsed is None:
        return False
    if len(gold) <= 10:
        return parsed.iso()[:10] == gold
    return parsed.has_time and parsed.iso()[:16] == gold[:16]


# --- the systems: each takes (html bytes, url) and returns {title, published, body} -----------------------


def run_newscrawl(page: bytes, url: str) -> dict:
    try:
        article = extract(page, url)
    except NotAnArticle:
        return {"title": None, "published": None, "body": ""}
    return {"title": article.headline, "published": article.published_at, "body": article.body}


def run_trafilatura(page: bytes, url: str) -> dict:
    import trafilatura

    result = trafilatura.bare_extraction(page.decode("utf-8", "replace"), url=url, with_metadata=True)
    if result is None:
        return {"title": None, "published": None, "body": ""}
    data = result.as_dict() if hasattr(result, "as_dict") else result
    return {"title": data.get("title"), "published": data.get("date"), "body": data.get("text") or ""}


def run_gne(page: bytes, url: str) -> dict:
    from gne import GeneralNewsExtractor

    try:
        result = GeneralNewsExtractor().extract(page.decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - a peer's crash on a page scores zero on it, like no output
        return {"title": None, "published": None, "body": ""}
    return {
        "title": result.get("title"),
        "published": result.get("publish_time"),
        "body": result.get("content") or "",
    }


SYSTEMS: dict[str, Callable[[bytes, str], dict]] = {
    "newscrawl": run_newscrawl,
    "trafilatura": run_trafilatura,
    "gne": run_gne,
}


def score_page(output: dict, gold: dict, reference: str) -> dict:
    body, title = fold(output["body"]), fold(output["title"])
    return {
        "title": float(title == fold(gold["title"])),
        "time": float(same_time(output["published"], gold["publish_time"])),
        "first": float(fold(gold["first_paragraph"]) in body),
        "last": float(fold(gold["last_paragraph"]) in body),
        "f1": f1(output["body"], reference),
        "leak": float(any(fold(s) in title + body for s in gold["must_not_contain"])),
    }


def evaluate(pages: Path, systems: dict[str, Callable] | None = None) -> dict:
    """{system: {"mean": {column: value}, "pages": {file: {column: value}}}}."""
    systems = systems or SYSTEMS
    results: dict[str, dict] = {name: {"pages": {}} for name in systems}
    for gold in load_gold(pages):
        page = (pages / gold["file"]).read_bytes()
        reference = reference_body(page.decode("utf-8", "replace"), gold)
        url = gold.get("url") or f"https://example.invalid/{gold['file']}"
        for name, system in systems.items():
            results[name]["pages"][gold["file"]] = score_page(system(page, url), gold, reference)
    for result in results.values():
        rows = result["pages"].values()
        result["mean"] = {c: round(sum(r[c] for r in rows) / len(rows), 3) for c in COLUMNS}
    return results


def table(results: dict) -> str:
    lines = [f"{'system':<12}" + "".join(f"{c:>8}" for c in COLUMNS)]
    for name, result in results.items():
        lines.append(f"{name:<12}" + "".join(f"{result['mean'][c]:>8.3f}" for c in COLUMNS))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--json", action="store_true", help="print per-page scores as JSON")
    parser.add_argument("--only", choices=sorted(SYSTEMS), action="append", help="score only these systems")
    args = parser.parse_args(argv)
    systems = {k: SYSTEMS[k] for k in args.only} if args.only else SYSTEMS
    results = evaluate(args.pages, systems)
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        print()
    print(f"{len(next(iter(results.values()))['pages'])} pages in {args.pages}")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
