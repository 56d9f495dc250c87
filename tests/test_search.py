"""Search: exact recall against a LIKE scan, the query language, hostile queries, the index kept in step.

The oracle: for a term, the articles whose headline or body contains it, found by SQLite's LIKE (ASCII
case-insensitive, as the index is). `newscrawl search --json --limit 0` must return exactly those, through
either engine: every test on the generated archive runs on an archive indexed by tantivy and on one indexed
by FTS5.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.archive import ENGINES, Archive
from newscrawl.cli import main
from newscrawl.record import Article
from newscrawl.sample_site.fill import fill_archive
from newscrawl.search import segment
from newscrawl.search.query import QueryError, parse

NEWSCRAWL = str(Path(sys.executable).parent / "newscrawl")


@pytest.fixture(scope="module", params=ENGINES)
def generated(request, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "generated.db"
    fill_archive(path, 2000, seed=5, search_engine=request.param).close()
    return path


def engine_of(db: Path) -> str:
    archive = Archive(db, readonly=True)
    try:
        return archive.engine
    finally:
        archive.close()


def search_ids(db: Path, query: str) -> set[int]:
    result = CliRunner().invoke(main, ["search", "--db", str(db), "--json", "--limit", "0", query])
    assert result.exit_code == 0, (query, result.output)
    hits = json.loads(result.stdout)
    ids = [hit["seq"] for hit in hits]
    assert len(ids) == len(set(ids)), "each article once"
    return set(ids)


def like_ids(db: Path, term: str) -> set[int]:
    pattern = "%" + re.sub(r"([%_\\])", r"\\\1", term) + "%"
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT seq FROM articles WHERE headline LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\'",
            [pattern, pattern],
        ).fetchall()
    return {seq for (seq,) in rows}


def texts(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [h + "\n" + b for h, b in conn.execute("SELECT headline, body FROM articles ORDER BY seq")]


def as_term(text: str) -> str:
    """The query for a literal substring: bare when the query language reads it as a word, else quoted."""
    try:
        query = parse(text)
        if query.positive_terms == [text] and not query.excluded:
            return text
    except QueryError:
        pass
    return f'"{text}"'


def substrings(db: Path, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    corpus = texts(db)
    found: list[str] = []
    while len(found) < count:
        text = rng.choice(corpus)
        length = (1, 2, 3, 4)[len(found) % 4]
        start = rng.randrange(0, max(1, len(text) - length))
        term = text[start : start + length]
        if len(term) == length and not any(c.isspace() or c == '"' for c in term):
            found.append(term)
    return found


def check_recall(db: Path, terms: list[str]) -> None:
    misses = []
    for term in terms:
        got, want = search_ids(db, as_term(term)), like_ids(db, term)
        if got != want:
            misses.append((term, len(got), len(want), sorted(want - got)[:3], sorted(got - want)[:3]))
    assert not misses, misses[:5]


def test_recall_equals_like_on_a_generated_archive(generated):
    check_recall(generated, substrings(generated, 240, seed=1))


def test_recall_equals_like_on_the_crawled_archive(crawled):
    db, _ = crawled
    check_recall(db, substrings(db, 160, seed=2))


def test_multi_term_queries_equal_the_set_algebra_of_like(generated):
    rng = random.Random(3)
    terms = substrings(generated, 120, seed=4)
    for _ in range(40):
        a, b, c = (rng.choice(terms) for _ in range(3))
        A, B, C = like_ids(generated, a), like_ids(generated, b), like_ids(generated, c)  # noqa: N806
        qa, qb, qc = as_term(a), as_term(b), as_term(c)
        assert search_ids(generated, f"{qa} {qb}") == A & B, (a, b)
        assert search_ids(generated, f"{qa} OR {qb}") == A | B, (a, b)
        assert search_ids(generated, f"{qa} {qb} OR {qc}") == A & (B | C), (a, b, c)
        if A - B:
            assert search_ids(generated, f"{qa} -{qb}") == A - B, (a, b)


def test_a_phrase_matches_its_words_across_any_whitespace(tmp_path):
    archive = Archive(tmp_path / "a.db")
    bodies = ["深圳 特区报今日出版", "深圳\n特区报", "深圳特区报", "特区报 深圳"]
    with archive.batch():
        run = None
        for index, body in enumerate(bodies):
            article = Article(url=f"https://x.invalid/{index}", headline=f"标题{index}", body=body,
                              article_id=str(index))  # fmt: skip
            archive.store(article, {"url": article.url, "fetched_at": "2026-01-01T00:00:00+08:00"}, None, run)
    archive.close()
    db = tmp_path / "a.db"
    assert search_ids(db, '"深圳 特区报"') == {1, 2}
    assert search_ids(db, "深圳特区报") == {3}
    assert search_ids(db, "深圳 特区报") == {1, 2, 3, 4}


def test_short_words_inside_long_runs_are_found(tmp_path):
    """What unicode61 and trigram miss: 悬空 inside 悬空栈道, one character, ASCII any case."""
    archive = Archive(tmp_path / "a.db")
    texts_ = {"1": "华侨城悬空栈道开放", "2": "5G网络覆盖全市", "3": "市民可通过i深圳App预约"}
    with archive.batch():
        for article_id, body in texts_.items():
            article = Article(
                url=f"https://x.invalid/{article_id}", headline="新闻", body=body, article_id=article_id
            )
            archive.store(
                article, {"url": article.url, "fetched_at": "2026-01-01T00:00:00+08:00"}, None, None
            )
    archive.close()
    db = tmp_path / "a.db"
    assert search_ids(db, "悬空") == {1}
    assert search_ids(db, "栈") == {1}
    assert search_ids(db, "5g") == {2}
    assert search_ids(db, "APP") == {3}
    assert search_ids(db, "i深圳") == {3}
    assert search_ids(db, "深圳app") == {3}
    assert search_ids(db, "网络 -5G") == set()


def test_the_index_follows_changed_and_reextracted_articles(generated, tmp_path):
    db = tmp_path / "copy.db"
    with sqlite3.connect(generated) as source, sqlite3.connect(db) as target:
        source.backup(target)
    archive = Archive(db)
    seq, article_id, url = archive.db.execute("SELECT seq, article_id, url FROM articles LIMIT 1").fetchone()
    old_body = archive.db.execute("SELECT body FROM articles WHERE seq = ?", [seq]).fetchone()[0]
    changed = Article(url=url, article_id=article_id, headline="改过的标题", body="全新的正文：鲲鹏展翅。")
    with archive.batch():
        assert (
            archive.store(changed, {"url": url, "fetched_at": "2026-11-25T00:00:00+08:00"}, None, None)
            == "changed"
        )
    archive.close()
    assert search_ids(db, "鲲鹏展翅") == {seq}
    unique_old = next(
        old_body[i : i + 6] for i in range(0, len(old_body) - 6) if like_ids(db, old_body[i : i + 6]) == set()
    )
    assert search_ids(db, as_term(unique_old)) == set(), "the old text is no longer indexed"
    # A rebuilt index finds the same as the one kept in step.
    before = {term: search_ids(db, as_term(term)) for term in substrings(db, 40, seed=9)}
    result = CliRunner().invoke(main, ["reindex", "--db", str(db)])
    assert result.exit_code == 0 and "articles indexed" in result.output, result.output
    assert {term: search_ids(db, as_term(term)) for term in before} == before


def test_filters_and_ranking(generated):
    with sqlite3.connect(generated) as conn:
        seq, headline, reporters, date = conn.execute(
            "SELECT seq, headline, reporters, published_date FROM articles ORDER BY seq LIMIT 1"
        ).fetchone()
    reporter = json.loads(reporters)[0]
    word = headline[-4:]
    everything = search_ids(generated, word)
    assert seq in everything
    result = CliRunner().invoke(main, ["search", "--db", str(generated), "--json", "--limit", "0",
                                       "--reporter", reporter, "--since", date, "--until", date, word])  # fmt: skip
    hits = json.loads(result.stdout)
    assert seq in {h["seq"] for h in hits} and {h["seq"] for h in hits} <= everything
    assert all(reporter in h["reporters"] and h["published_at"].startswith(date) for h in hits)
    # Headline hits rank first; among equal scores, newer first.
    result = CliRunner().invoke(main, ["search", "--db", str(generated), "--json", "--limit", "10", word])
    top = json.loads(result.stdout)
    assert word in top[0]["headline"]
    ranks = [h["rank"] for h in top]
    assert ranks == sorted(ranks)
    for a, b in zip(top, top[1:], strict=False):
        if a["rank"] == b["rank"]:
            assert a["published_at"] >= b["published_at"]


def test_plain_output_marks_the_hit_and_counts(generated):
    result = CliRunner().invoke(main, ["search", "--db", str(generated), "--limit", "3", "深圳"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 9 and "[深圳]" in lines[1]
    assert re.search(r"\d+ articles match; 3 shown", result.stderr)


HOSTILE_PATTERNS = [
    '"', '"深圳', '深圳"', '深圳 "特区', '""', '" "', 'OR', '深圳 OR', 'OR 深圳', '深圳 OR OR 特区', 'AND',
    '深圳 AND 特区', 'NOT 深圳', 'NEAR(深圳 特区)', 'NEAR', '深圳*', '*', '^深圳', 'headline:深圳', 'body : 深圳',
    '{body headline}: 深圳', '(深圳)', '深圳)', '(', ')', '-深圳', '-', '--', '---深圳', '深圳 -', '- 深圳',
    '深圳 -特区 OR 福田', '深圳 OR -特区', "'); DROP TABLE articles; --", "x'); DELETE FROM articles; --",
    '"; DROP TABLE articles; --', "1) OR (1=1", "深圳\x00", "\x00", "深\x00圳", "深圳\x1b[31m", "\x07",
    "深圳\x7f", "\ud800", "深圳 \x0b 特区", "a" * 10_000, "深" * 501, " ".join(["深圳"] * 40), "   ", "",
    "深圳:特区", "rank:1", "rowid*", '深圳"特区"', '"深圳"特区', "articles_fts:MATCH", "* FROM articles",
]  # fmt: skip


def hostile_queries() -> list[str]:
    queries = list(HOSTILE_PATTERNS)
    for prefix in ("福田 ", "龙华区 ", "2021 "):
        queries += [prefix + q for q in HOSTILE_PATTERNS if q.strip() and not q.startswith(("a" * 100, "深" * 100))
                    and "\x00" not in q and q not in ("-深圳", "---深圳") and not q.startswith(("OR 深", "深圳 OR -"))]  # fmt: skip
    return queries


def archive_digest(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
    return hashlib.sha256(dump.encode()).hexdigest()


def test_hostile_queries_exit_2_with_one_line_and_change_nothing(generated):
    queries = hostile_queries()
    assert len(queries) >= 100
    before = archive_digest(generated)
    for query in queries:
        result = CliRunner().invoke(main, ["search", "--db", str(generated), query])
        assert result.exit_code == 2, (query, result.output)
        assert result.stdout == "" and result.stderr.count("\n") == 1, (query, result.stderr)
        assert result.stderr.startswith("Error: bad query: "), result.stderr
        assert "Traceback" not in result.stderr
    assert archive_digest(generated) == before


def test_hostile_queries_in_a_real_process(generated):
    """The same through the installed `newscrawl` console script (NUL bytes cannot be argv: the rest)."""
    for query in ['"深圳', "'); DROP TABLE articles; --", "深圳*", "a" * 10_000, "深圳\x1b[31m", "OR"]:
        done = subprocess.run(
            [NEWSCRAWL, "search", "--db", str(generated), query], capture_output=True, text=True
        )
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and done.stdout == "", (
            query,
            done.stderr,
        )
    with sqlite3.connect(generated) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2000


def test_sql_in_quotes_is_only_text(generated):
    """Quoted, anything is literal: it is searched for, and the archive is untouched."""
    before = archive_digest(generated)
    for query in ['"\'); DROP TABLE articles; --"', '"NEAR(a b)"', '"body:深圳"', '"*"']:
        assert search_ids(generated, query) == like_ids(generated, query.strip('"'))
    assert archive_digest(generated) == before


def test_terms_are_encoded_not_passed_through():
    assert segment.term_match("深圳") == '"深圳"'
    assert segment.term_match('");') == '"x000022x000029 x000029x00003b"'
    assert segment.term_match("A") == segment.term_match("a") == '"a"'


@pytest.mark.parametrize("generated", ["fts5"], indirect=True)  # FTS5's shortcut
def test_common_terms_are_ordered_by_date_exactly_as_bm25_orders_them(generated):
    """The shortcut for phrases in half the archive or more gives the order full bm25 scoring gives."""
    assert engine_of(generated) == "fts5"
    archive = Archive(generated, readonly=True)
    assert archive._indexed_rows() == archive.count_articles() == 2000
    shortcut_taken = 0
    for term in ["的", "，", "深圳", "区", "发展", "龙华"]:
        match = segment.term_match(term)
        shortcut_taken += archive._in_half_or_more(match)
        fast = [hit["seq"] for hit in archive.search(match, limit=0, phrases=(match,))]
        scored = [hit["seq"] for hit in archive.search(match, limit=0)]
        assert fast == scored, term
    assert shortcut_taken >= 2
    archive.close()


def test_the_fast_paths_give_the_first_20_of_the_full_ranking(generated):
    """Top 20 by the date index (common terms) or a window of best scores equals ranking every match."""
    archive = Archive(generated, readonly=True)
    for term in substrings(generated, 60, seed=12):
        query = parse(as_term(term))
        top = [(hit["rank"], hit["seq"]) for hit in archive.find(query, limit=20)]
        every = [(hit["rank"], hit["seq"]) for hit in archive.find(query, limit=0)]
        if archive.engine == "fts5":
            assert top == every[:20], term
            continue
        # tantivy: the same scores, and every article scored above the 20th's score the same, in the same
        # order; articles tied at the cut are ordered newer first among the best TIE_WINDOW × 20 only.
        assert [rank for rank, _ in top] == [rank for rank, _ in every[:20]], term
        cut = top[-1][0] if top else None
        assert [hit for hit in top if hit[0] != cut] == [hit for hit in every[:20] if hit[0] != cut], term
        tied = {seq for rank, seq in every if rank == cut}
        assert {seq for rank, seq in top if rank == cut} <= tied, term
    archive.close()
