"""Score newscrawl, trafilatura and GNE on three sets of pages with gold: one table per set.

    python -m bench.evaluate --pages ../shared/pages/gne-dev --pages ../shared/pages/zh-dev --sample [--json]

The sets:
- ``--pages DIR``: saved real pages with a ``gold.jsonl`` beside them, in either of two schemas: gne-dev's
  (``publish_time``, ``author_kind``, whole first/last paragraphs, ``body_chars``) or zh-dev's (``time``,
  ``author``/``editor`` names, ~20-character ``first``/``last`` markers; see its README.md);
- ``--sample``: the sample site's pages: every seed article (shared/seeds/ and the new texts) in every markup
  template, scored on the fields the seed knows, plus the non-article pages the site serves with status 200.

Columns, per system, averaged over the pages where they apply ("-": no page applies, or the system does
not produce the field):
- title: headline exact (after NFKC and whitespace folding, the same for every system);
- time: publication time equal to the minute (to the day where the gold has no time);
- rep: the set of reporters equals the gold's, over pages that credit a person;
- false_rep: share of pages that credit no person (none, or only an account or outlet) where the system
  names a reporter all the same;
- ed: every editor the gold names is among the system's editors, over pages whose gold names one;
- account: over pages that credit an account or outlet instead of a person (gne-dev ``author_kind``
  "account"; zh-dev ``author`` empty and ``author_alt`` given), the system's ``account`` or ``source`` is
  one of those names;
- first/last: the gold's first/last marker (the body's first/last ~20 characters) is in the body;
- f1: bag-of-characters F1 of the body against the reference body;
- left: share of pages where both markers are found and the body holds text before the first or after the
  last (a byline, a credit, chrome): pages whose markers are not found count as no leftover, since
  first/last already fail there;
- leak: share of pages whose headline or body holds one of the gold's must_not_contain strings;
- refused: share of the sample site's non-article pages that the system refuses (newscrawl raises
  NotAnArticle; a peer refuses when it gives no body or one under 50 characters);
- wrongly_refused: how many article pages the system refused (a count, not a share).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from parsel import Selector

from newscrawl.extract import NotAnArticle, extract
from newscrawl.extract.blocks import linearize
from newscrawl.extract.dates import parse_value

_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME_SEPARATORS = re.compile(r"[\s;；、,，]+")
_CHARSET = re.compile(rb"""charset=["']?([\w-]+)""", re.IGNORECASE)
# A trailing bracketed credit or end mark: "…举行。（张巨峰）", "…量化宽松。（完）".
_TRAILING_CREDIT = re.compile(r"[（(][^（）()]{1,12}[）)]$")
MARKER_CHARS = 20
# A peer "refuses" a page when it gives no body or less than this: neither says "not an article".
PEER_MIN_BODY = 50
GOLD_DIR = Path(__file__).parent / "gold"
SAMPLE_URL = "http://127.0.0.1:1/n/article/{id}"  # as tests/test_sample_site_extraction.py serves them
COLUMNS = (
    "title", "time", "rep", "false_rep", "ed", "account", "first", "last", "f1", "left", "leak", "refused",
    "wrongly_refused",
)  # fmt: skip
COUNTS = {"wrongly_refused"}  # summed over pages, not averaged


def fold(text: str | None) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def f1(candidate: str, reference: str) -> float:
    got, want = Counter(fold(candidate)), Counter(fold(reference))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def same_time(published: str | None, gold: str | None) -> bool:
    """``gold`` is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"; ``published`` whatever the system printed."""
    if not gold:
        return not published
    parsed = parse_value(published) if published else None
    if parsed is None:
        return False
    if len(gold) <= 10:
        return parsed.iso()[:10] == gold
    return parsed.has_time and parsed.iso()[:16] == gold[:16]


def page_text(html: str) -> str:
    """The page's text as the extractor's linearizer reads it, whitespace folded."""
    return fold("\n".join(b.text for b in linearize(Selector(text=html).root).blocks))


# --- the sets: article pages (Case) and non-article pages (NonArticle) --------------------------------


@dataclass
class Case:
    """One article page and what a correct extraction gives back, folded where compared as text."""

    file: str
    page: bytes
    url: str
    title: str
    time: str | None  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    reporters: list[str]  # empty: the page credits no person (rep is not scored, false_rep is)
    editors: list[str]  # empty: the gold names no editor (ed is not scored)
    first: str  # folded markers: the body's first and last ~20 characters
    last: str
    reference: str  # the folded reference body for f1
    must_not_contain: list[str] | None = None  # None: the set has no such list (leak is not scored)
    accounts: list[str] = field(
        default_factory=list
    )  # the account or outlet a page credits instead of a person
    profile: object = None  # a SiteProfile passed to extract, as the sample site's tests do
    content_type: str | None = None


@dataclass
class NonArticle:
    file: str
    page: bytes
    url: str
    profile: object = None
    content_type: str | None = None


@dataclass
class Benchmark:
    name: str
    cases: list[Case]
    non_articles: list[NonArticle] = field(default_factory=list)


def load_gold(pages: Path) -> list[dict]:
    return [
        json.loads(line)
        for line in (pages / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def names(text: str | None) -> list[str]:
    return [name for name in _NAME_SEPARATORS.split(text or "") if name]


def reference_body(html: str, gold: dict) -> str:
    """gne-dev: the page's text from the gold first paragraph to the gold last paragraph, folded."""
    text = page_text(html)
    first, last = fold(gold["first_paragraph"]), fold(gold["last_paragraph"])
    start = text.find(first)
    end = text.find(last, max(start, 0))
    if start < 0 or end < 0:
        raise ValueError(f"{gold['file']}: gold paragraphs not found in the page text")
    span = text[start : end + len(last)]
    if len(_CJK.findall(span)) != gold["body_chars"]:
        raise ValueError(f"{gold['file']}: reference body does not match body_chars")
    return span


def marked_span(text: str, first: str, last: str, file: str = "") -> str:
    """zh-dev: the folded text from the first occurrence of ``first`` to the end of ``last`` after it."""
    start = text.find(first)
    end = text.find(last, max(start, 0))
    if start < 0 or end < 0:
        raise ValueError(f"{file}: gold first/last markers not found in the page text")
    return text[start : end + len(last)]


def gne_dev_markers(gold: dict) -> tuple[str, str]:
    """zh-dev's marker shape from gne-dev's whole paragraphs: the first and last 20 folded characters.

    zh-dev's ``last`` stops before a trailing credit (its README), and so does this one: two gne-dev last
    paragraphs end with a bracketed reporter credit or end mark, "…举行。（张巨峰）" and "…量化宽松。（完）".
    The extractor is asked to move such credits out of the body (the reporter to ``reporters``), so the
    marker ends before them and a body that keeps them counts as a leftover, not a miss.
    """
    first = fold(gold["first_paragraph"])[:MARKER_CHARS]
    last = _TRAILING_CREDIT.sub("", fold(gold["last_paragraph"]))[-MARKER_CHARS:]
    return first, last


def load_gne_dev_editors(path: Path = GOLD_DIR / "gne-dev-editors.jsonl") -> dict[str, dict]:
    """gne-dev's gold has no editors: bench/gold/gne-dev-editors.jsonl adds them, one line per page.

    Made by hand by reading each page's HTML (grep for 责任编辑/责编/编辑 in the markup, then the lines
    around it), never by running an extractor. ``editor_line`` is the credit as printed; ``editor`` the
    names, space-separated, without a staff code suffix (杨倩_NF4425 gives 杨倩), as zh-dev does. Where a
    page prints both an 编辑 and a 责任编辑, the 责任编辑 is the gold (zh-dev's southcn-2, chinadaily-1); an
    empty label or a CMS placeholder (系统管理员) names no editor, and the page's ed is not scored.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    return {row["file"]: row for row in map(json.loads, filter(str.strip, lines))}


def _gne_dev_case(pages: Path, gold: dict, editors: dict[str, dict]) -> Case:
    page = (pages / gold["file"]).read_bytes()
    first, last = gne_dev_markers(gold)
    time = gold["publish_time"]
    return Case(
        file=gold["file"],
        page=page,
        url=gold.get("url") or f"https://example.invalid/{gold['file']}",
        title=gold["title"],
        time=time,
        # author_kind "account": a platform account (百家号, 头条号), which goes to `account`, not reporters.
        reporters=names(gold["author"]) if gold["author_kind"] == "byline" else [],
        accounts=[gold["author"]] if gold["author_kind"] == "account" else [],
        editors=names(editors[gold["file"]]["editor"]),
        first=first,
        last=last,
        reference=reference_body(page.decode("utf-8", "replace"), gold),
        must_not_contain=gold["must_not_contain"],
    )


def _zh_dev_case(pages: Path, gold: dict) -> Case:
    page = (pages / gold["file"]).read_bytes()
    first, last = fold(gold["first"]), fold(gold["last"])
    text = page_text(page.decode(gold.get("encoding") or "utf-8", "replace"))
    return Case(
        file=gold["file"],
        page=page,
        url=gold.get("url") or f"https://example.invalid/{gold['file']}",
        title=gold["title"],
        time=gold["time"][:16].replace(" ", "T") if gold["time"] else None,
        reporters=names(gold["author"]),
        accounts=[] if gold["author"] else list(gold.get("author_alt") or []),
        editors=names(gold["editor"]),
        first=first,
        last=last,
        reference=marked_span(text, first, last, gold["file"]),
    )


def load_pages(pages: Path) -> Benchmark:
    """A directory of saved pages with gold.jsonl, in the gne-dev or the zh-dev schema."""
    golds = load_gold(pages)
    if golds and "publish_time" in golds[0]:
        editors = load_gne_dev_editors()
        cases = [_gne_dev_case(pages, gold, editors) for gold in golds]
    else:
        cases = [_zh_dev_case(pages, gold) for gold in golds]
    return Benchmark(pages.name, cases)


def sample_benchmark(seeds_dir: Path | None = None) -> Benchmark:
    """The sample site's templates × its fixed articles, and the non-article pages it serves with 200.

    Gold comes from what the seed (or new text) knows, as tests/test_extract_variants.py checks it: the
    headline, the minute, reporters, editors, the body (the contract's: 编者按 at its head) and the chrome
    that must stay out. Non-article pages: the home page, every channel page, the 200 "文章不存在" page of a
    removed article, the robots-disallowed page and the binary fault (a PNG at an article URL). Left out:
    answers a crawl never extracts (404/405/500, redirects) and the 20 MB fault (refused by size at fetch).
    """
    from newscrawl.extract.profiles import DUTENEWS
    from newscrawl.sample_site.seeds import load_seeds
    from newscrawl.sample_site.site import CHANNELS, SampleSite
    from newscrawl.sample_site.templates import RELATED, SITE_CHROME, TEMPLATES, as_printed
    from newscrawl.sample_site.texts import NEW_TEXTS

    cases = []
    for original in [*load_seeds(seeds_dir), *NEW_TEXTS]:
        chrome = [line for line in [*original.chrome, *SITE_CHROME, *RELATED] if len(line) >= 4]
        for name, render in sorted(TEMPLATES.items()):
            sample = as_printed(name, original)  # a template may print the text otherwise (a dateline)
            body = fold(sample.body)
            cases.append(
                Case(
                    file=f"{name}/{sample.id}",
                    page=render(original),
                    url=SAMPLE_URL.format(id=sample.id),
                    title=sample.headline,
                    time=sample.published.strftime("%Y-%m-%dT%H:%M"),
                    reporters=list(sample.reporters),
                    editors=[editor for _, editor in sample.editors],
                    first=body[:MARKER_CHARS],
                    last=body[-MARKER_CHARS:],
                    reference=body,
                    must_not_contain=chrome,
                    profile=DUTENEWS,
                )
            )
    site = SampleSite(articles=200, seed=1)
    base = "http://127.0.0.1:1"
    paths = ["/", *(f"/channel/{c}/{n}.html" for c in CHANNELS for n in range(1, 10)), "/private/drafts.html"]
    paths += [f"/n/article/{i}" for i, how in site.removed.items() if how == "notice"]
    paths += [f"/n/article/{i}" for i, e in site.entries.items() if e.kind == "binary"]
    non_articles = []
    for path in paths:
        answer = site.answer(path, "", {}, base)
        if answer.status == 200:
            non_articles.append(
                NonArticle(path, answer.body, base + path, DUTENEWS, answer.headers.get("Content-Type"))
            )
    return Benchmark("sample", cases, non_articles)


# --- the systems: each takes (page bytes, url) and returns an output dict (see _output) ---------------


def _output(**fields) -> dict:
    """What a system gave: editors None when the system does not produce them, no "account" key when it
    does not name accounts."""
    return {
        "refused": False, "kind": None, "title": None, "published": None, "body": "", "reporters": [],
        "editors": None, "byline": None, "editor_line": None, **fields,
    }  # fmt: skip


def run_newscrawl(page: bytes, url: str, profile=None, content_type: str | None = None) -> dict:
    try:
        article = extract(page, url, content_type=content_type, profile=profile)
    except NotAnArticle as refusal:
        return _output(refused=True, kind=refusal.kind, editors=[], account=None, source=None)
    return _output(
        title=article.headline,
        published=article.published_at,
        body=article.body,
        reporters=list(article.reporters),
        editors=[editor.name for editor in article.editors],
        account=article.account,
        source=article.source,
        byline=article.byline,
        editor_line=article.editor_line,
    )


def peer_text(page: bytes, content_type: str | None = None) -> str:
    """The page as text for the peers (GNE takes only a string): UTF-8 when the bytes are valid UTF-8 (saved
    pages often are, whatever their meta says), else the declared charset."""
    try:
        return page.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search((content_type or "").encode()) or _CHARSET.search(page[:4096])
    charset = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    if charset in ("gb2312", "gbk"):
        charset = "gb18030"
    try:
        return page.decode(charset, "replace")
    except LookupError:
        return page.decode("utf-8", "replace")


def _peer_output(title, published, body, author) -> dict:
    body = body or ""
    return _output(
        refused=len(body.strip()) < PEER_MIN_BODY,
        title=title,
        published=published,
        body=body,
        reporters=names(author),
        byline=author,
    )


def run_trafilatura(page: bytes, url: str, profile=None, content_type: str | None = None) -> dict:
    import trafilatura

    result = trafilatura.bare_extraction(peer_text(page, content_type), url=url, with_metadata=True)
    if result is None:
        return _output(refused=True)
    data = result.as_dict() if hasattr(result, "as_dict") else result
    return _peer_output(data.get("title"), data.get("date"), data.get("text"), data.get("author"))


def run_gne(page: bytes, url: str, profile=None, content_type: str | None = None) -> dict:
    from gne import GeneralNewsExtractor

    try:
        result = GeneralNewsExtractor().extract(peer_text(page, content_type))
    except Exception:  # noqa: BLE001 - a peer's crash on a page scores zero on it, like no output
        return _output(refused=True)
    return _peer_output(
        result.get("title"), result.get("publish_time"), result.get("content"), result.get("author")
    )


SYSTEMS: dict[str, Callable[..., dict]] = {
    "newscrawl": run_newscrawl,
    "trafilatura": run_trafilatura,
    "gne": run_gne,
}


# --- scoring --------------------------------------------------------------------------------------------


def leftovers(body: str, first: str, last: str) -> tuple[str, str] | None:
    """The folded text before the first marker and after the last; None when either is not in the body."""
    start, end = body.find(first), body.rfind(last)
    if start < 0 or end < 0:
        return None
    return body[:start], body[end + len(last) :]


def score_page(output: dict, case: Case) -> dict:
    """One article page's scores; None where a column does not apply to the page or the system."""
    body, title = fold(output.get("body")), fold(output.get("title"))
    reporters = {fold(name) for name in output.get("reporters") or []}
    editors = output.get("editors")
    left = leftovers(body, case.first, case.last)
    return {
        "title": float(title == fold(case.title)),
        "time": float(same_time(output.get("published"), case.time)),
        "rep": float(reporters == {fold(n) for n in case.reporters}) if case.reporters else None,
        "false_rep": None if case.reporters else float(bool(reporters)),
        "ed": (
            float({fold(n) for n in case.editors} <= {fold(n) for n in editors})
            if case.editors and editors is not None
            else None
        ),
        "account": (
            float(
                bool(
                    {fold(output.get("account")), fold(output.get("source"))}
                    & {fold(a) for a in case.accounts}
                )
            )
            if case.accounts and "account" in output
            else None
        ),
        "first": float(case.first in body),
        "last": float(case.last in body),
        "f1": f1(body, case.reference),
        "left": float(bool(left and any(left))),
        "leak": (
            float(any(fold(s) in title + body for s in case.must_not_contain))
            if case.must_not_contain is not None
            else None
        ),
        "refused": None,
        "wrongly_refused": float(bool(output.get("refused"))),
    }


def _shown(output: dict, case: Case | None = None) -> dict:
    """What --json prints of an output: the fields a developer checks a failure against."""
    shown = {k: output.get(k) for k in ("refused", "kind", "title", "published", "reporters", "editors",
                                        "account", "source", "byline", "editor_line")}  # fmt: skip
    shown["body_chars"] = len(output.get("body") or "")
    if case is not None:
        left = leftovers(fold(output.get("body")), case.first, case.last)
        shown["left_before"], shown["left_after"] = left or (None, None)
        shown["gold"] = {"title": case.title, "time": case.time, "reporters": case.reporters,
                         "editors": case.editors, "first": case.first, "last": case.last}  # fmt: skip
    return shown


def _mean(rows: list[dict], column: str) -> float | None:
    values = [row[column] for row in rows if row.get(column) is not None]
    if not values:
        return None
    return sum(values) if column in COUNTS else round(sum(values) / len(values), 3)


def evaluate(pages: Path | Benchmark, systems: dict[str, Callable] | None = None) -> dict:
    """{system: {"mean": {column: value or None}, "pages": {file: {column: value, "output": {...}}}}}."""
    bench = pages if isinstance(pages, Benchmark) else load_pages(pages)
    systems = systems or SYSTEMS
    results: dict[str, dict] = {}
    for name, system in systems.items():
        rows: dict[str, dict] = {}
        for case in bench.cases:
            output = system(case.page, case.url, profile=case.profile, content_type=case.content_type)
            rows[case.file] = {**score_page(output, case), "output": _shown(output, case)}
        for page in bench.non_articles:
            output = system(page.page, page.url, profile=page.profile, content_type=page.content_type)
            rows[page.file] = {"refused": float(output["refused"]), "output": _shown(output)}
        means = {c: _mean(list(rows.values()), c) for c in COLUMNS}
        results[name] = {"mean": means, "pages": rows}
    return results


def describe(bench: Benchmark) -> str:
    cases = bench.cases
    line = (
        f"{bench.name}: {len(cases)} article pages ({sum(bool(c.reporters) for c in cases)} credit a person, "
        f"{sum(bool(c.editors) for c in cases)} name an editor)"
    )
    return line + (f", {len(bench.non_articles)} non-article pages" if bench.non_articles else "")


def table(results: dict) -> str:
    widths = {c: max(7, len(c)) + 1 for c in COLUMNS}
    lines = [f"{'system':<12}" + "".join(f"{c:>{widths[c]}}" for c in COLUMNS)]
    for name, result in results.items():
        cells = []
        for column in COLUMNS:
            value = result["mean"][column]
            if value is None:
                cells.append(f"{'-':>{widths[column]}}")
            elif column in COUNTS:
                cells.append(f"{int(value):>{widths[column]}}")
            else:
                cells.append(f"{value:>{widths[column]}.3f}")
        lines.append(f"{name:<12}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=Path, action="append", default=[], help="a directory with gold.jsonl")
    parser.add_argument("--sample", action="store_true", help="the sample site's templates and non-articles")
    parser.add_argument("--json", action="store_true", help="print per-page scores and outputs as JSON")
    parser.add_argument("--only", choices=sorted(SYSTEMS), action="append", help="score only these systems")
    args = parser.parse_args(argv)
    if not args.pages and not args.sample:
        parser.error("give --pages DIR (repeatable) and/or --sample")
    systems = {k: SYSTEMS[k] for k in args.only} if args.only else SYSTEMS
    benches = [load_pages(path) for path in args.pages] + ([sample_benchmark()] if args.sample else [])
    scored = [(bench, evaluate(bench, systems)) for bench in benches]
    if args.json:
        json.dump(
            {bench.name: results for bench, results in scored}, sys.stdout, ensure_ascii=False, indent=1
        )
        print()
    for bench, results in scored:
        print(describe(bench))
        print(table(results))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
