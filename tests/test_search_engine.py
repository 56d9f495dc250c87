"""The tantivy index beside the archive: in step with the crawl's batches, through kill -9 and a failed write.

tantivy cannot join SQLite's transaction; the archive writes an outbox row per article indexed in the
article's transaction and applies it to the index after the commit (newscrawl.search.sidecar). These tests
take the two commits apart: a reader during a real crawl, a process killed between them (on purpose and at
random moments), an index directory that refuses writes, a rebuild on a full disk, the switch of engines.
"""

from __future__ import annotations

import json
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl import archive as archive_module
from newscrawl.archive import Archive
from newscrawl.cli import main
from newscrawl.record import Article
from newscrawl.sample_site.fill import fill_archive
from newscrawl.sample_site.server import SampleServer
from newscrawl.sample_site.site import SampleSite
from newscrawl.search import sidecar
from newscrawl.search.query import parse

ROOT = Path(__file__).resolve().parents[1]
NEWSCRAWL = str(Path(sys.executable).parent / "newscrawl")


def like_ids(db: Path, term: str) -> set[int]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute(
            "SELECT seq FROM articles WHERE headline LIKE ? OR body LIKE ?", [f"%{term}%"] * 2)}  # fmt: skip


def found(db: Path, query: str) -> set[int]:
    archive = Archive(db, readonly=True)
    try:
        return {hit["seq"] for hit in archive.find(parse(query), limit=0)}
    finally:
        archive.close()


def terms_of(db: Path, count: int, seed: int) -> list[str]:
    """Random 1-4 character substrings of stored texts (no whitespace, no quote)."""
    with sqlite3.connect(db) as conn:
        corpus = [h + b for h, b in conn.execute("SELECT headline, body FROM articles")]
    rng, terms = random.Random(seed), []
    while len(terms) < count:
        text = rng.choice(corpus)
        length = rng.choice((1, 2, 3, 4))
        start = rng.randrange(0, max(1, len(text) - length))
        term = text[start : start + length]
        if len(term) == length and not any(c.isspace() or c in '"*^:(){}-' for c in term) and term != "OR":
            terms.append(term)
    return terms


def assert_in_step(db: Path, seed: int, count: int = 12) -> None:
    """The index holds exactly the archive: one document per article, and LIKE's answer for random terms."""
    archive = Archive(db, readonly=True)
    try:
        index = archive.sidecar()
        searcher = index.searcher()
        assert index.applied(searcher) >= 0
        assert searcher.num_docs == archive.count_articles() + 1  # + the marker
        assert archive.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        archive.close()
    for term in terms_of(db, count, seed):
        assert found(db, f'"{term}"') == like_ids(db, term), term


# --- a reader during a real crawl ------------------------------------------------------------------------------


def test_a_crawl_is_searchable_by_the_end_of_each_batch(tmp_path):
    """While `scrapy crawl` writes batches of 5, every article committed to the archive is found by a search
    made right after, with no lag reported; at the end the index is the archive."""
    site = SampleSite(articles=60, seed=8, slow_seconds=0.5)
    server = SampleServer(site, 0, tmp_path / "site")
    server.serve_in_thread()
    db = tmp_path / "dutenews.db"
    command = server.crawl_command(db, "-s", "NEWSCRAWL_BATCH_SIZE=5", "-s", "CONCURRENT_REQUESTS=1",
                                   "-s", "DOWNLOAD_DELAY=0.05")  # fmt: skip
    crawl = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    checked, checked_while_running, lags = set(), 0, []
    try:
        while True:
            running = crawl.poll() is None
            if db.exists() and sidecar.location(db).exists():
                archive = Archive(db, readonly=True)
                try:
                    committed = archive.db.execute("SELECT seq, headline FROM articles").fetchall()
                    for seq, headline in committed:
                        if seq in checked:
                            continue
                        words = "".join(c for c in headline if not c.isspace() and c != '"')[:8]
                        hits = {hit["seq"] for hit in archive.find(parse(f'"{words}"'), limit=0)}
                        lags.append(archive.search_lag)
                        assert seq in hits, (seq, headline)
                        checked.add(seq)
                        checked_while_running += running
                finally:
                    archive.close()
            if not running:
                break
            time.sleep(0.1)
    finally:
        if crawl.poll() is None:
            crawl.kill()
        server.shutdown()
    assert crawl.returncode == 0, crawl.stderr.read()[-3000:]
    assert checked_while_running >= 10, checked_while_running  # searched during the crawl, not only after
    assert set(lags) == {0}
    with sqlite3.connect(db) as conn:
        assert len(checked) == conn.execute("SELECT count(*) FROM articles").fetchone()[0] >= 50
    assert_in_step(db, seed=1)


# --- kill -9 between the archive's commit and the index's ----------------------------------------------------------

KILLED_BETWEEN = textwrap.dedent("""
    import os, signal, sys
    from newscrawl.archive import Archive
    from newscrawl.record import Article
    from newscrawl.search import sidecar

    def killed(*args, **kwargs):  # the archive has committed; the index never will
        os.kill(os.getpid(), signal.SIGKILL)

    sidecar.SearchIndex.apply = killed
    archive = Archive(sys.argv[1])
    with archive.batch():
        article = Article(url="https://www.dutenews.com/n/article/9000001", article_id="9000001",
                          headline="杀掉进程以后", body="鲲鹏展翅九万里。")
        archive.store(article, {"url": article.url, "fetched_at": "2026-11-30T08:00:00+08:00"}, None, None)
    print("not reached")
""")


def test_a_kill_between_the_two_commits_is_reported_then_replayed(tmp_path, monkeypatch):
    db = tmp_path / "dutenews.db"
    fill_archive(db, 40, seed=2).close()
    done = subprocess.run([sys.executable, "-c", KILLED_BETWEEN, str(db)], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL and "not reached" not in done.stdout, done.stderr[-2000:]
    with sqlite3.connect(db) as conn:
        (seq,) = conn.execute("SELECT seq FROM articles WHERE article_id = '9000001'").fetchone()
    # A reader is told, not misled: the search answers from the index as it is and says what it lacks.
    monkeypatch.setattr(archive_module, "CATCH_UP_SECONDS", 0.2)
    result = CliRunner().invoke(main, ["search", "--db", str(db), "--json", "鲲鹏展翅"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert "Warning: the search index lacks the last 1 changes" in result.stderr
    result = CliRunner().invoke(main, ["stats", "--db", str(db)])
    assert "search index: tantivy (" in result.stdout and "lacks the last 1 changes" in result.stdout
    # The next writer (a crawl, or anything that opens the archive for writing) applies it.
    Archive(db).close()
    result = CliRunner().invoke(main, ["search", "--db", str(db), "--json", "鲲鹏展翅"])
    assert [hit["seq"] for hit in json.loads(result.stdout)] == [seq] and result.stderr == ""
    assert "), in step" in CliRunner().invoke(main, ["stats", "--db", str(db)]).stdout
    assert_in_step(db, seed=2)


WRITER = textwrap.dedent("""
    import sys
    from datetime import datetime
    from newscrawl.archive import Archive, now
    from newscrawl.sample_site.fill import FIRST_ID, as_record
    from newscrawl.sample_site.generate import generate
    from newscrawl.sample_site.seeds import load_seeds

    archive, seeds = Archive(sys.argv[1]), load_seeds()
    done = archive.count_articles()
    while True:  # batches of 20 until killed
        samples = generate(20, 7 * 100_003 + done, seeds, FIRST_ID + done, datetime(2026, 11, 1, 8, 0))
        with archive.batch():
            for sample in samples:
                record = as_record(sample)
                archive.store(record, {"url": record.url, "fetched_at": now()}, None, None)
        done += 20
        print(done, flush=True)
""")


def test_kill_9_at_random_moments_leaves_the_index_in_step(tmp_path):
    db = tmp_path / "dutenews.db"
    fill_archive(db, 20, seed=7).close()
    rng = random.Random(5)
    for round_ in range(4):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
        writer.stdout.readline()  # at least one batch in
        time.sleep(rng.uniform(0.0, 1.5))
        writer.kill()
        writer.wait()
        Archive(db).close()  # the next writer replays what the killed one did not apply
        assert_in_step(db, seed=round_, count=6)


# --- an index that cannot be written ----------------------------------------------------------------------------


def _chattr(flag: str, *paths: Path) -> bool:
    try:
        return (
            subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, timeout=30).returncode
            == 0
        )
    except OSError:
        return False


def test_an_index_that_cannot_be_written_lags_visibly_and_catches_up(tmp_path, monkeypatch, caplog):
    """The index's directory refuses new files (chattr +i, as a full or read-only disk would): the archive's
    batch is stored, the writer logs one warning, readers are told of the lag; once writable, the next batch
    applies everything."""
    db = tmp_path / "dutenews.db"
    fill_archive(db, 30, seed=3).close()
    folder = sidecar.location(db)
    if not _chattr("+i", folder):
        pytest.skip("chattr +i is not available here")
    archive = Archive(db)
    try:
        with archive.batch():
            article = Article(url="https://www.dutenews.com/n/article/9000002", article_id="9000002",
                              headline="写不进索引", body="扶摇直上九万里。")  # fmt: skip
            assert (
                archive.store(article, {"url": article.url, "fetched_at": "2026-11-30"}, None, None) == "new"
            )
    finally:
        _chattr("-i", folder)
    assert [r.message for r in caplog.records if "behind the archive" in r.message], caplog.text
    monkeypatch.setattr(archive_module, "CATCH_UP_SECONDS", 0.2)
    reader = Archive(db, readonly=True)
    assert reader.find(parse("扶摇直上"), limit=0) == [] and reader.search_lag == 1
    reader.close()
    with archive.batch():
        archive.store(
            Article(url="https://www.dutenews.com/n/article/9000003", article_id="9000003", headline="又一篇",
                    body="水击三千里。"), {"url": "https://www.dutenews.com/n/article/9000003", "fetched_at": "2026-11-30"},
            None, None)  # fmt: skip
    archive.close()
    assert len(found(db, "扶摇直上")) == 1 and len(found(db, "水击三千里")) == 1
    assert_in_step(db, seed=3)


@pytest.mark.parametrize("engine", ["tantivy", "fts5"])
def test_reindex_on_a_full_disk_says_so_and_keeps_the_old_index(tmp_path, engine):
    """A file-size limit (RLIMIT_FSIZE: writes past 100 kB fail as on a full disk) stops the rebuild: one
    line, exit 1, the archive whole and its old index answering as before; without the limit it succeeds."""
    path = tmp_path / "dutenews.db"
    fill_archive(path, 300, seed=3, search_engine=engine).close()
    terms = ["深圳", "的", "龙华区"]
    before = {term: found(path, term) for term in terms}
    assert all(before.values())

    def full_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    command = [NEWSCRAWL, "reindex", "--db", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, preexec_fn=full_disk)
    assert done.returncode == 1, done.stderr[-3000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert str(path) in errors[0] and ("full" in errors[0] or "could not be written" in errors[0]), errors
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert {term: found(path, term) for term in terms} == before
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert {term: found(path, term) for term in terms} == before


# --- switching engines --------------------------------------------------------------------------------------------


def test_reindex_switches_engines_and_both_find_the_same(tmp_path):
    db = tmp_path / "dutenews.db"
    fill_archive(db, 200, seed=6, search_engine="fts5").close()
    terms = terms_of(db, 30, seed=6)
    by_fts5 = {term: found(db, f'"{term}"') for term in terms}
    assert {term: like_ids(db, term) for term in terms} == by_fts5
    result = CliRunner().invoke(main, ["reindex", "--db", str(db), "--engine", "tantivy"])
    assert result.exit_code == 0 and "(tantivy)" in result.output, result.output
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "articles_fts" not in tables and "search_outbox" in tables
    assert {term: found(db, f'"{term}"') for term in terms} == by_fts5
    result = CliRunner().invoke(main, ["reindex", "--db", str(db), "--engine", "fts5"])
    assert result.exit_code == 0 and "(fts5)" in result.output, result.output
    assert not sidecar.location(db).exists()
    assert {term: found(db, f'"{term}"') for term in terms} == by_fts5


def test_an_archive_copied_without_its_index_gets_it_rebuilt_by_the_next_writer(tmp_path):
    db = tmp_path / "dutenews.db"
    fill_archive(db, 50, seed=4).close()
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    result = CliRunner().invoke(main, ["search", "--db", str(copy), "深圳"])
    assert result.exit_code == 1 and "no search index yet" in result.output, result.output
    Archive(copy).close()
    assert found(copy, "深圳") == found(db, "深圳") == like_ids(db, "深圳")


# --- common phrases: ranked through pruned candidates ------------------------------------------------------------


def test_a_common_phrase_is_ranked_among_verified_candidates(tmp_path, monkeypatch):
    """With every phrase counted as costly, the top 20 of a phrase come from the best articles holding all
    its bigrams, verified by the phrase: every one a real match, with its exact score, as many as there
    are (up to 20), and mostly the same articles as the exact ranking's top 20."""
    db = tmp_path / "dutenews.db"
    fill_archive(db, 1500, seed=11).close()
    archive = Archive(db, readonly=True)
    terms = [t for t in terms_of(db, 400, seed=11) if len(t) >= 3][:40]
    exact = {}
    for term in terms:
        every = archive.find(parse(f'"{term}"'), limit=0)
        exact[term] = ({hit["seq"]: hit["rank"] for hit in every}, [hit["seq"] for hit in every[:20]])
    monkeypatch.setattr(sidecar, "PHRASE_PRUNE_DOCS", 1)
    overlaps = []
    for term in terms:
        rank_of, best = exact[term]
        top = archive.find(parse(f'"{term}"'), limit=20)
        assert all(hit["seq"] in rank_of and hit["rank"] == rank_of[hit["seq"]] for hit in top), term
        assert len(top) == min(20, len(rank_of)), term
        assert {hit["seq"] for hit in top} <= like_ids(db, term), term
        overlaps.append(len({hit["seq"] for hit in top} & set(best)) / max(1, len(best)))
    archive.close()
    assert sum(overlaps) / len(overlaps) >= 0.9, overlaps
