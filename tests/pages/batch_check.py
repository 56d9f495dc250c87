"""The checker of the hand-made page batches (unseen3 … unseen8): run the extractor over a batch folder's pages
and compare with its expected.jsonl. Each folder's check.py runs it on that folder."""

import json
import re
import unicodedata
from pathlib import Path

from newscrawl.extract import NotAnArticle, extract


def fold(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def minute(s):
    if not s:
        return None
    s = s.replace("T", " ")
    return s[:16] if len(s) >= 16 and s[13:14] == ":" else s[:10]


def check(exp, here: Path):
    body = (here / exp["file"]).read_bytes()
    problems = []
    try:
        art = extract(body, exp["url"])
    except NotAnArticle as e:
        if exp["kind"] == "article":
            return [f"refused as {e.kind!r}: {e}"]
        if e.kind != exp["kind"]:
            return [f"kind: ours {e.kind!r} vs expected {exp['kind']!r}"]
        return []
    if exp["kind"] != "article":
        return [f"not refused (expected {exp['kind']}); headline {art.headline!r}"]
    if fold(art.headline) != fold(exp["headline"]):
        problems.append(f"headline: ours {art.headline!r} vs expected {exp['headline']!r}")
    want = exp["published"]
    got = minute(art.published_at)
    if want is None:
        if art.published_at:
            problems.append(f"published: ours {art.published_at!r} vs expected None")
    elif got is None or got[: len(want)] != want or (len(want) == 10 and len(got) > 10 and False):
        problems.append(f"published: ours {art.published_at!r} vs expected {want!r}")
    if set(art.reporters) != set(exp["reporters"]):
        problems.append(f"reporters: ours {art.reporters!r} vs expected {exp['reporters']!r}")
    names = [e.name for e in art.editors]
    missing = [n for n in exp["editors"] if n not in names]
    if missing:
        problems.append(f"editors: missing {missing!r}; ours {[(e.role, e.name) for e in art.editors]!r}")
    b = fold(art.body)
    f, last = fold(exp["first"]), fold(exp["last"])
    if not b.startswith(f):
        i = b.find(f)
        problems.append(
            f"first: expected {exp['first']!r}; body starts {art.body[:60]!r}"
            + (f"; leftover before marker {b[:i]!r}" if i > 0 else "; marker not in body")
        )
    if not b.endswith(last):
        i = b.rfind(last)
        problems.append(
            f"last: expected {exp['last']!r}; body ends {art.body[-60:]!r}"
            + (f"; leftover after marker {b[i + len(last) :]!r}" if i >= 0 else "; marker not in body")
        )
    return problems


def main(here: Path):
    rows = [
        json.loads(x) for x in (here / "expected.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    bad = 0
    for exp in rows:
        try:
            problems = check(exp, here)
        except Exception as e:  # noqa: BLE001
            problems = [f"crashed: {type(e).__name__}: {e}"]
        if problems:
            bad += 1
            print(f"FAIL {exp['file']}")
            for p in problems:
                print(f"     {p}")
        else:
            print(f"ok   {exp['file']}")
    print(f"\n{len(rows) - bad}/{len(rows)} pages ok, {bad} failing")
    return 1 if bad else 0
