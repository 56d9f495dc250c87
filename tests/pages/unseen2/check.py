"""Check newscrawl.extract on the hand-made pages of this directory against expected.jsonl.

    .venv/bin/python tests/pages/unseen2/check.py [-v] [FILE ...]

Every page is extracted with newscrawl.extract.extract(body_bytes, url). Articles are compared field by
field; non-articles must be refused (NotAnArticle) with the expected kind. Comparison rules:

  headline   exact after NFKC and removal of all whitespace
  published  to the minute in China time; to the day when the expectation is a bare date
  reporters  as a set of folded names; a page that credits no person must yield none ("false reporter")
  editors    every expected name among the names of article.editors (extra editors are not counted)
  account    article.account in expected account_ok, or equal to expected account when there is no list
  first/last the folded marker at the very start / the very end of the folded body; when not, the
             leftover text before / after the marker (or the body's head / tail when it is absent)

One line per page (ok, or each difference as ours vs expected), then a summary table. Exit status 1 when
anything differs.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from newscrawl.extract import NotAnArticle, extract  # noqa: E402

CHINA = timezone(timedelta(hours=8))
FIELDS = (
    "refusal",
    "headline",
    "published",
    "reporters",
    "false_reporter",
    "editors",
    "account",
    "first",
    "last",
)
SHOW = 40  # characters of leftover text to show


def fold(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def published_key(value: str | None, day_only: bool) -> str | None:
    """Our published_at ("2024-05-13T06:16:00+08:00" or "2024-05-13") as "YYYY-MM-DD HH:MM" in China time,
    or "YYYY-MM-DD" when only the day is compared or only the day is known."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA)
    moment = moment.astimezone(CHINA)
    return moment.strftime("%Y-%m-%d") if day_only else moment.strftime("%Y-%m-%d %H:%M")


def check_start(body: str, marker: str) -> str | None:
    b, m = fold(body), fold(marker)
    if b.startswith(m):
        return None
    at = b.find(m)
    if at < 0:
        return f"marker {marker!r} not in body; body starts {b[:SHOW]!r}"
    return f"leftover before the marker: {b[:at][-SHOW * 2 :]!r}"


def check_end(body: str, marker: str) -> str | None:
    b, m = fold(body), fold(marker)
    if b.endswith(m):
        return None
    at = b.rfind(m)
    if at < 0:
        return f"marker {marker!r} not in body; body ends {b[-SHOW:]!r}"
    return f"leftover after the marker: {b[at + len(m) :][: SHOW * 2]!r}"


def compare(exp: dict, verbose: bool) -> dict[str, str]:
    """The differences of one page, by field (empty when the page is right)."""
    body = (HERE / exp["file"]).read_bytes()
    diffs: dict[str, str] = {}
    try:
        art = extract(body, exp["url"])
    except NotAnArticle as refusal:
        if exp["kind"] == "article":
            diffs["refusal"] = f"wrongly refused as {refusal.kind!r} ({refusal}) vs expected an article"
        elif refusal.kind != exp["kind"]:
            diffs["refusal"] = f"refused as {refusal.kind!r} vs expected {exp['kind']!r}"
        return diffs
    if exp["kind"] != "article":
        diffs["refusal"] = (
            f"extracted as an article (headline {art.headline!r}, {len(art.body)} chars) "
            f"vs expected refusal {exp['kind']!r}"
        )
        return diffs

    if fold(art.headline) != fold(exp["headline"]):
        diffs["headline"] = f"{art.headline!r} vs {exp['headline']!r}"

    want = exp["published"]
    day_only = want is not None and len(want) == 10
    ours = published_key(art.published_at, day_only)
    if ours != want:
        diffs["published"] = f"{art.published_at!r} vs {want!r}"

    got_rep = {fold(n) for n in art.reporters}
    want_rep = {fold(n) for n in exp["reporters"]}
    if got_rep != want_rep:
        key = "false_reporter" if not want_rep else "reporters"
        missing, extra = sorted(want_rep - got_rep), sorted(got_rep - want_rep)
        diffs[key] = f"{art.reporters!r} vs {exp['reporters']!r} (missing {missing}, extra {extra})"

    got_ed = {fold(e.name) for e in art.editors}
    missing_ed = [n for n in exp["editors"] if fold(n) not in got_ed]
    if missing_ed:
        shown = [f"{e.role}:{e.name}" for e in art.editors]
        diffs["editors"] = f"{shown!r} vs {exp['editors']!r} (missing {missing_ed})"

    allowed = exp.get("account_ok", [exp.get("account")])
    if fold(art.account) not in {fold(a) for a in allowed} and not (art.account is None and None in allowed):
        diffs["account"] = f"{art.account!r} vs {allowed!r}"

    for key, check in (("first", check_start), ("last", check_end)):
        problem = check(art.body, exp[key])
        if problem:
            diffs[key] = problem

    if verbose:
        print(f"    body: {fold(art.body)[:60]!r} … {fold(art.body)[-60:]!r}")
        print(
            f"    reporters={art.reporters} editors={[(e.role, e.name) for e in art.editors]} "
            f"account={art.account!r} published={art.published_at!r} by={art.extracted_by}"
        )
    return diffs


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    only = {a for a in argv if not a.startswith("-")}
    expected = [
        json.loads(line) for line in (HERE / "expected.jsonl").read_text("utf-8").splitlines() if line
    ]
    if only:
        expected = [e for e in expected if e["file"] in only]

    failed: Counter[str] = Counter()
    applicable: Counter[str] = Counter()
    pages_ok = 0
    for exp in expected:
        diffs = compare(exp, verbose)
        applicable["refusal"] += 1
        if exp["kind"] == "article" and "refusal" not in diffs:
            for key in FIELDS[1:]:
                if key == "false_reporter" and exp["reporters"]:
                    continue
                if key == "reporters" and not exp["reporters"]:
                    continue
                if key == "editors" and not exp["editors"]:
                    continue
                applicable[key] += 1
        failed.update(diffs.keys())
        if diffs:
            print(f"FAIL {exp['file']} [{exp['kind']}]")
            for key, text in diffs.items():
                print(f"    {key}: {text}")
        else:
            pages_ok += 1
            print(f"ok   {exp['file']} [{exp['kind']}]")

    articles = sum(1 for e in expected if e["kind"] == "article")
    print()
    print(
        f"pages: {len(expected)} ({articles} articles, {len(expected) - articles} non-articles); "
        f"all fields right on {pages_ok}"
    )
    print(f"{'field':<16}{'right':>7}{'checked':>9}")
    for key in FIELDS:
        n = applicable[key]
        print(f"{key:<16}{n - failed[key]:>7}{n:>9}")
    return 0 if pages_ok == len(expected) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
