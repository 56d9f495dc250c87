"""The revisit budget (newscrawl.revisit): every edit of an article the archive holds is caught, however old the
article and however silent the sitemap, within the budget of conditional requests each run may spend.

The sample site's quiet edition (SampleSite.edit_quietly) edits its oldest articles and removes one without a
word in the sitemap (lastmods and Last-Modified unchanged; only the ETag, a digest of the page, moves), as many
sites do. Its articles are published up to a year back, so most are older than any "recent" window.
"""

from __future__ import annotations

import json
import math
import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.cli import main
from newscrawl.extract.dates import CHINA_TZ
from newscrawl.revisit import NEVER_CHECKED, ROTATION, SCHEDULED, SIGNALLED, Known, RevisitPlan
from newscrawl.sample_site.server import SampleServer, read_access_log
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=CHINA_TZ)


# --- the plan, on its own ---------------------------------------------------------------------------------


def known(article_id: str, published: timedelta | None, fetched: timedelta, checked: timedelta | None = None,
          gone: bool = False) -> Known:  # fmt: skip
    """An archived id published, fetched and checked that long before NOW."""
    at = lambda ago: NOW - ago if ago is not None else None  # noqa: E731
    return Known(article_id, f"https://www.dutenews.com/n/article/{article_id}", '"e"', None, at(published),
                 at(fetched), at(checked), gone)  # fmt: skip


def plan(*entries: Known, budget: int = 100) -> RevisitPlan:
    return RevisitPlan({k.article_id: k for k in entries}, budget, at=NOW)


def test_the_budget_goes_to_the_tiers_in_order():
    day = timedelta(days=1)
    entries = (
        known("rotation-old-check", 400 * day, 399 * day, checked=50 * day),
        known("rotation-new-check", 400 * day, 399 * day, checked=2 * day),
        known("scheduled", 2 * day, 2 * day - timedelta(minutes=30), checked=day + timedelta(hours=20)),
        known("never-new", 3 * day, 3 * day),
        known("never-old", 300 * day, 300 * day),
        known("signalled", 500 * day, 499 * day, checked=10 * day),
        known("gone", 10 * day, 10 * day, checked=5 * day, gone=True),
    )
    chosen = plan(*entries)
    chosen.lastmod("signalled", (NOW - day).isoformat())
    order = [k.article_id for k in chosen.choose()]
    assert order == ["signalled", "never-new", "never-old", "scheduled", "rotation-old-check", "gone",
                     "rotation-new-check"]  # fmt: skip
    tiers = {k.article_id: chosen.tier_of(k.article_id) for k in entries}
    assert tiers["signalled"] == SIGNALLED and tiers["never-old"] == NEVER_CHECKED
    assert tiers["scheduled"] == SCHEDULED and tiers["gone"] == ROTATION
    cut = plan(*entries, budget=3)
    cut.lastmod("signalled", (NOW - day).isoformat())
    assert [k.article_id for k in cut.choose()] == order[:3]
    assert cut.tier_of("scheduled") is None


def test_a_lastmod_moves_forward_and_never_holds_back():
    day = timedelta(days=1)
    entry = known("1", 100 * day, 99 * day, checked=2 * day)
    stale = plan(entry)
    stale.lastmod("1", (NOW - 3 * day).isoformat())  # before our last look: says nothing
    stale.choose()
    assert stale.tier_of("1") == ROTATION  # still revisited in turn
    dateonly = plan(entry)
    dateonly.lastmod("1", (NOW - day).date().isoformat())  # a date alone cannot say it changed after our look
    dateonly.choose()
    assert dateonly.tier_of("1") == ROTATION


@pytest.mark.parametrize("hours_after, due", [(0.5, True), (5, True), (23, True), (25, False), (39, False)])
def test_the_decaying_schedule(hours_after, due):
    """Published 40 h ago, last checked ``hours_after`` publication: due when a schedule point (1 h, 6 h,
    1 d; the next, 3 d, is still ahead) passed since that check."""
    published = timedelta(hours=40)
    entry = known(
        "1", published, published - timedelta(minutes=10), checked=published - timedelta(hours=hours_after)
    )
    chosen = plan(entry)
    chosen.choose()
    assert (chosen.tier_of("1") == SCHEDULED) is due


def test_every_article_is_revisited_in_turn_however_old():
    """A thousand archived articles from ten years, a budget of 50: each run checks 50, and after 20 runs
    every one has been checked exactly once (the rotation goes by the oldest check)."""
    day = timedelta(days=1)
    archive = {str(i): known(str(i), (i * 3 + 40) * day, (i * 3 + 39) * day) for i in range(1000)}
    counts = dict.fromkeys(archive, 0)
    at = NOW
    for _ in range(20):
        run = RevisitPlan(archive, 50, at=at)
        for entry in run.choose():
            counts[entry.article_id] += 1
            archive[entry.article_id] = Known(entry.article_id, entry.url, entry.etag, None, entry.published_at,
                                              entry.fetched_at, at, False)  # fmt: skip
        at += timedelta(hours=1)
    assert set(counts.values()) == {1}


# --- on the sample site ----------------------------------------------------------------------------------


def _crawl(server: SampleServer, db: Path, *settings: str) -> dict:
    done = subprocess.run(
        server.crawl_command(db, *settings), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        stats = json.loads(
            conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
        )
    assert stats.get("newscrawl/unaccounted") == 0, stats
    return stats


def _versions(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT a.article_id, count(v.id) FROM articles a JOIN versions v ON v.seq = a.seq "
                            "GROUP BY a.seq").fetchall()  # fmt: skip
    return dict(rows)


def _gone(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT article_id FROM articles WHERE gone_at IS NOT NULL")}


def _serve(tmp_path: Path, articles: int) -> SampleServer:
    server = SampleServer(SampleSite(articles=articles, seed=3, days=400), 0, tmp_path / "site")
    server.serve_in_thread()
    return server


def test_a_budget_that_covers_the_archive_catches_every_quiet_edit_in_one_run(tmp_path):
    server = _serve(tmp_path, 60)
    db = tmp_path / "archive.db"
    try:
        _crawl(server, db)
        before = _versions(db)
        assert before and set(before.values()) == {1}
        edited, removed = server.site.edit_quietly(5, 1)
        assert all(
            server.site.entries[i].article.published < datetime.now() - timedelta(days=30) for i in edited
        )
        stats = _crawl(server, db, "-s", "NEWSCRAWL_REVISIT_BUDGET=100000")
        after = _versions(db)
        assert {i for i, n in after.items() if n == 2} == {str(i) for i in edited}
        assert {i for i, n in after.items() if n > 2} == set()
        assert _gone(db) == {str(i) for i in removed}
        manifest = server.site.manifest(server.url)["articles"]
        with sqlite3.connect(db) as conn:
            hashes = dict(conn.execute("SELECT article_id, content_hash FROM articles"))
        assert all(hashes[str(i)] == manifest[str(i)]["hash"] for i in edited)
        assert stats["newscrawl/revisit/changed"] == 5 and stats["newscrawl/revisit/gone"] == 1
        assert stats["newscrawl/revisit/requested"] == stats["newscrawl/revisit/known"]
        _diff_and_changes_show_the_edits(db, edited)
        # Nothing changed since: a rerun writes no version and no article, and the edited ones answer 304.
        stats = _crawl(server, db, "-s", "NEWSCRAWL_REVISIT_BUDGET=100000")
        assert _versions(db) == after
        assert stats.get("newscrawl/new", 0) == 0 and stats.get("newscrawl/changed", 0) == 0
        assert stats["newscrawl/revisit/not_modified"] >= len(after) - 1, stats
    finally:
        server.shutdown()


def test_a_tenth_of_the_archive_a_run_catches_every_edit_within_ten_runs(tmp_path):
    server = _serve(tmp_path, 60)
    db = tmp_path / "archive.db"
    try:
        _crawl(server, db)
        with sqlite3.connect(db) as conn:
            ids = conn.execute("SELECT count(*) FROM ids").fetchone()[0]
        budget = math.ceil(ids / 10)
        edited, _ = server.site.edit_quietly(5, 1)
        caught, runs = set(), 0
        log = tmp_path / "site"
        while runs < 10 and caught != {str(i) for i in edited}:
            already = len(read_access_log(log))
            stats = _crawl(server, db, "-s", f"NEWSCRAWL_REVISIT_BUDGET={budget}")
            runs += 1
            conditional = [r for r in read_access_log(log)[already:] if r["conditional"]]
            assert len(conditional) <= budget, (runs, [(r["path"], r["status"]) for r in conditional], budget)
            assert stats["newscrawl/revisit/requested"] <= budget
            caught = {i for i, n in _versions(db).items() if n == 2}
        assert caught == {str(i) for i in edited}, (runs, caught)
        assert runs <= 10
    finally:
        server.shutdown()


def _diff_and_changes_show_the_edits(db: Path, edited: list[int]) -> None:
    """`newscrawl changes` lists exactly the edited articles; `newscrawl diff` marks only what the newsroom
    added (the sample site's correction appends "（本段内容已更正）" to one paragraph)."""
    result = CliRunner().invoke(main, ["changes", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert sorted(str(entry["article_id"]) for entry in listed) == sorted(str(i) for i in edited)
    for article_id in edited:
        result = CliRunner().invoke(main, ["diff", "--db", str(db), str(article_id)])
        assert result.exit_code == 0, result.output
        assert "{+（本段内容已更正）+}" in result.stdout, result.stdout
        assert "[-" not in result.stdout, result.stdout  # nothing was taken out
        result = CliRunner().invoke(main, ["diff", "--db", str(db), str(article_id), "--json"])
        added = [text for op, text in json.loads(result.stdout)["body"] if op == 1]
        assert added == ["（本段内容已更正）"], added
