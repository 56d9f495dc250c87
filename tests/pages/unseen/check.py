"""Independent generalisation check: run the extractor on the hand-made pages in this folder.

    .venv/bin/python tests/pages/unseen/check.py [-v] [FILE ...]

Every page here was written by hand in the shape of a real Chinese newsroom's page; expected.jsonl holds what
each page prints (read off the page, never off the extractor's output). For each page this prints one line,
"ok" or what differs as ours vs expected, then a summary of the shares.

Fields of expected.jsonl: file, url, kind (article | listing | removed | video), headline, published
("YYYY-MM-DD HH:MM", "YYYY-MM-DD" or null), reporters, editors, account, first / last (the first and last
~15 characters of the body proper), shape (the convention the page exercises); optional reporters_optional
(photographers in captions, office pen-names such as 穗商宣: counted neither for nor against) and account_ok
(the accounts that are all acceptable, null included, where the page leaves it open).

Comparison: headline exact after NFKC and whitespace removal; published to the minute (to the day when the
page gives only a date); reporters as a set; editors: every expected name among ours (extra names are shown,
not counted); account equal; first / last: the folded marker stands at the very start / end of the folded
body, else the text before / after it is shown. Non-articles must raise NotAnArticle (listing → "listing",
removed → "removed", video → any kind).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from newscrawl.extract import NotAnArticle, extract  # noqa: E402

_WS = re.compile(r"\s+")


def fold(text: str | None) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def clip(text: str, n: int = 60, tail: bool = False) -> str:
    if len(text) <= n:
        return text
    return "…" + text[-n:] if tail else text[:n] + "…"


def minute(value: str | None, day_only: bool) -> str | None:
    """An ISO 8601 value as "YYYY-MM-DD HH:MM" (or the day alone)."""
    if not value:
        return None
    value = value.replace("T", " ")
    return value[:10] if day_only else value[:16]


def check_article(exp: dict, art) -> dict[str, str]:
    """Field → what differs (empty when the field agrees)."""
    diffs: dict[str, str] = {}
    if fold(art.headline) != fold(exp["headline"]):
        diffs["headline"] = f"ours={art.headline!r} exp={exp['headline']!r}"

    want = exp["published"]
    got = minute(art.published_at, bool(want) and len(want) == 10)
    if got != want:
        diffs["published"] = f"ours={art.published_at!r} exp={want!r}"

    optional = set(exp.get("reporters_optional", []))
    ours = set(art.reporters)
    expected = set(exp["reporters"])
    if ours - optional != expected:
        missing = sorted(expected - ours)
        extra = sorted(ours - expected - optional)
        parts = []
        if missing:
            parts.append(f"missing {missing}")
        if extra:
            parts.append(f"extra {extra}")
        diffs["reporters"] = f"ours={art.reporters} exp={exp['reporters']} ({'; '.join(parts)})"

    names = [e.name for e in art.editors]
    missing_ed = [n for n in exp["editors"] if n not in names]
    if missing_ed:
        shown = [f"{e.role}:{e.name}" for e in art.editors]
        diffs["editors"] = f"ours={shown} exp={exp['editors']} (missing {missing_ed})"
    else:
        extra_ed = [f"{e.role}:{e.name}" for e in art.editors if e.name not in exp["editors"]]
        if extra_ed:
            diffs["editors_extra"] = f"extra {extra_ed} (not counted)"

    account = getattr(art, "account", None)
    acceptable = exp.get("account_ok", [exp["account"]])
    if account not in acceptable:
        diffs["account"] = f"ours={account!r} exp={exp['account']!r}"

    body = fold(art.body)
    first, last = fold(exp["first"]), fold(exp["last"])
    if not body.startswith(first):
        i = body.find(first)
        if i < 0:
            diffs["first"] = f"marker {exp['first']!r} not in body; body starts {clip(body, 40)!r}"
        else:
            diffs["first"] = f"leftover before: {clip(body[:i], 80, tail=True)!r}"
    if not body.endswith(last):
        i = body.rfind(last)
        if i < 0:
            diffs["last"] = f"marker {exp['last']!r} not in body; body ends {clip(body, 40, tail=True)!r}"
        else:
            diffs["last"] = f"leftover after: {clip(body[i + len(last) :], 80)!r}"
    return diffs


FIELDS = ("headline", "published", "reporters", "editors", "account", "first", "last")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    only = {a for a in argv if not a.startswith("-")}
    rows = [
        json.loads(line) for line in (HERE / "expected.jsonl").read_text("utf-8").splitlines() if line.strip()
    ]
    if only:
        rows = [r for r in rows if r["file"] in only]

    passed = {f: 0 for f in FIELDS}
    articles = 0
    all_ok = 0
    false_rep_pages = []  # pages with no expected reporter where we report one
    no_rep_pages = 0
    refused_ok = 0
    non_articles = 0
    wrongly_refused = []
    accepted_non_articles = []

    for exp in rows:
        name = exp["file"]
        body = (HERE / name).read_bytes()
        try:
            art = extract(body, exp["url"])
            refusal = None
        except NotAnArticle as exc:
            art, refusal = None, exc

        if exp["kind"] != "article":
            non_articles += 1
            if refusal is None:
                accepted_non_articles.append(name)
                print(
                    f"{name}: ACCEPTED a {exp['kind']} page as an article: headline={art.headline!r} "
                    f"body={clip(fold(art.body), 60)!r}"
                )
                continue
            want = {"listing": "listing", "removed": "removed"}.get(exp["kind"])
            if want is None or refusal.kind == want:
                refused_ok += 1
                print(f"{name}: ok (refused: {refusal.kind})")
            else:
                print(f"{name}: refused as {refusal.kind!r}, expected {want!r} ({refusal})")
            continue

        articles += 1
        if refusal is not None:
            wrongly_refused.append((name, refusal.kind, str(refusal)))
            print(f"{name}: WRONGLY REFUSED ({refusal.kind}: {refusal})")
            if not exp["reporters"]:
                no_rep_pages += 1
            continue

        diffs = check_article(exp, art)
        for f in FIELDS:
            if f not in diffs:
                passed[f] += 1
        if not exp["reporters"]:
            no_rep_pages += 1
            if art.reporters:
                false_rep_pages.append((name, art.reporters))
        counted = [f for f in diffs if f in FIELDS]
        if not counted:
            all_ok += 1
        if not diffs:
            print(f"{name}: ok")
        else:
            print(f"{name}:")
            for f, d in diffs.items():
                print(f"    {f}: {d}")
        if verbose:
            print(f"    [by] {art.extracted_by}")

    print()
    print("summary")
    print("-------")
    print(f"{'field':<22}{'pass':>6}{'of':>5}{'share':>8}")
    for f in FIELDS:
        print(f"{f:<22}{passed[f]:>6}{articles:>5}{passed[f] / max(articles, 1):>8.0%}")
    print(f"{'all fields right':<22}{all_ok:>6}{articles:>5}{all_ok / max(articles, 1):>8.0%}")
    ok_na = refused_ok
    print(f"{'non-articles refused':<22}{ok_na:>6}{non_articles:>5}{ok_na / max(non_articles, 1):>8.0%}")
    print(
        f"{'articles not refused':<22}{articles - len(wrongly_refused):>6}{articles:>5}"
        f"{(articles - len(wrongly_refused)) / max(articles, 1):>8.0%}"
    )
    print(
        f"{'no false reporters':<22}{no_rep_pages - len(false_rep_pages):>6}{no_rep_pages:>5}"
        f"{(no_rep_pages - len(false_rep_pages)) / max(no_rep_pages, 1):>8.0%}"
    )
    if false_rep_pages:
        print("false reporters: " + "; ".join(f"{n} {r}" for n, r in false_rep_pages))
    if wrongly_refused:
        print("wrongly refused: " + "; ".join(f"{n} ({k})" for n, k, _ in wrongly_refused))
    if accepted_non_articles:
        print("non-articles accepted: " + ", ".join(accepted_non_articles))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
