"""Operator-proof archive paths: another program's SQLite file is never written to, a mistyped path grows
no directories, a read-only archive can still be read, `export -o` never replaces what is not a regular
file, and a killed crawl's figures are counted from what it wrote.

Everything here counts and compares (hashes, file types, rows); nothing is timed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.archive import Archive
from newscrawl.cli import main
from newscrawl.record import Article
from newscrawl.sample_site.fill import fill_archive

ROOT = Path(__file__).resolve().parents[1]
SCRAPY = str(Path(sys.executable).parent / "scrapy")
NEWSCRAWL_ID = int.from_bytes(b"NwsC", "big")  # the archive's PRAGMA application_id


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def one_line(text: str, *words: str) -> str:
    assert "Traceback" not in text, text[-3000:]
    lines = text.strip().splitlines()
    assert len(lines) == 1, text[-3000:]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def application_id(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA application_id").fetchone()[0]
    finally:
        conn.close()


def article(number: int, body: str | None = None) -> Article:
    return Article(url=f"https://x.invalid/n/article/{number}", headline=f"标题{number}",
                   body=body or f"第{number}篇的正文。", article_id=str(number))  # fmt: skip


def fetch(item: Article) -> dict:
    return {"url": item.url, "fetched_at": "2026-01-01T00:00:00+08:00", "status": 200}


# --- 1. the application_id marker ------------------------------------------------------------------------


def test_a_new_archive_is_marked_as_newscrawls(tmp_path):
    Archive(tmp_path / "a.db").close()
    assert application_id(tmp_path / "a.db") == NEWSCRAWL_ID


def _foreign(tmp_path: Path, app_id: int, tables: tuple[str, ...]) -> Path:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={app_id}")
    for table in tables:
        conn.execute(f"CREATE TABLE {table} (x)")
        conn.execute(f"INSERT INTO {table} VALUES ('kept')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("command", ["reindex", "reextract"])
@pytest.mark.parametrize(
    ("app_id", "tables"),
    [(0, ("notes",)), (0x12345678, ("notes",)), (0x12345678, ("crawl_runs", "articles"))],
    ids=["unmarked-own-table", "other-id", "other-id-our-table-names"],
)
def test_a_writing_command_refuses_another_programs_sqlite_file_and_leaves_it_byte_for_byte(
    tmp_path, command, app_id, tables
):
    path = _foreign(tmp_path, app_id, tables)
    before, files = digest(path), sorted(os.listdir(tmp_path))
    result = invoke(command, "--db", str(path))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    one_line(result.stderr, "other.sqlite", "not a newscrawl archive")
    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == files  # no -wal, no -shm, no journal left behind


def test_reading_commands_refuse_it_too_in_one_line(tmp_path):
    path = _foreign(tmp_path, 0, ("notes",))
    before = digest(path)
    for args in (["stats"], ["search", "深圳"], ["export", "jsonl", "-o", str(tmp_path / "out.jsonl")]):
        result = invoke(args[0], *args[1:], "--db", str(path))
        assert result.exit_code == 1, result.output
        one_line(result.stderr, "not a newscrawl archive")
    assert digest(path) == before


def test_an_archive_made_before_the_marker_still_opens_and_gets_marked(tmp_path):
    path = tmp_path / "old.db"
    archive = Archive(path)
    with archive.batch():
        archive.store(article(1), fetch(article(1)), None, None)
    archive.db.execute("PRAGMA application_id=0")  # as every archive was before the marker
    archive.close()
    assert application_id(path) == 0
    result = invoke("reindex", "--db", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 articles indexed")
    assert application_id(path) == NEWSCRAWL_ID
    result = invoke("stats", "--db", str(path), "--json")
    assert json.loads(result.stdout)["counts"]["articles"] == 1


# --- 2. a mistyped path ------------------------------------------------------------------------------------


def test_an_archive_is_created_only_in_an_existing_directory(tmp_path):
    with pytest.raises(Exception, match="no directory") as raised:
        Archive(tmp_path / "typo" / "deeper" / "dutenews.db")
    assert "\n" not in str(raised.value)
    assert os.listdir(tmp_path) == []  # no directory grown
    created = Archive(tmp_path / "dutenews.db")
    assert created.created
    created.close()
    again = Archive(tmp_path / "dutenews.db")
    assert not again.created
    again.close()


def test_a_crawl_says_once_that_it_made_a_new_archive(tmp_path):
    db = tmp_path / "fresh.db"
    command = [SCRAPY, "crawl", "dutenews", "-a", "site=http://127.0.0.1:9", "-s", f"NEWSCRAWL_DB={db}",
               "-s", "LOG_LEVEL=WARNING", "-s", "RETRY_ENABLED=0", "-s", "ROBOTSTXT_OBEY=0",
               "-s", "DOWNLOAD_TIMEOUT=5", "-s", "CLOSESPIDER_PAGECOUNT=1"]  # fmt: skip
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert db.exists(), first.stderr[-3000:]
    assert first.stderr.count("new archive at") == 1, first.stderr[-3000:]
    assert str(db) in next(line for line in first.stderr.splitlines() if "new archive at" in line)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert second.stderr.count("new archive at") == 0, second.stderr[-3000:]


# --- 3. read-only media ------------------------------------------------------------------------------------


def _chattr(flag: str, *paths: Path) -> bool:
    try:
        done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, timeout=30)
    except OSError:
        return False
    return done.returncode == 0


@pytest.fixture
def immutable_archive(tmp_path):
    """An archive of 30 articles whose file and directory are immutable (chattr +i): what a read-only
    mount looks like to SQLite, even for root (whom permission bits do not stop)."""
    folder = tmp_path / "media"
    folder.mkdir()
    path = folder / "dutenews.db"
    fill_archive(path, 30, seed=4).close()
    # WAL checkpointed and removed on close; the search index beside it
    assert sorted(os.listdir(folder)) == ["dutenews.db", "dutenews.db.tantivy"]
    index = [folder / "dutenews.db.tantivy", *(folder / "dutenews.db.tantivy").iterdir()]
    if not _chattr("+i", path, *index, folder):
        pytest.skip("chattr +i is not available here")
    try:
        yield path
    finally:
        _chattr("-i", path, *index, folder)


def test_stats_search_and_export_read_an_archive_on_read_only_media(immutable_archive, tmp_path):
    path = immutable_archive
    before = digest(path)
    result = invoke("stats", "--db", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["articles"] == 30
    result = invoke("search", "--db", str(path), "--json", "--limit", "0", "的")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) > 0
    out = tmp_path / "out.jsonl"
    result = invoke("export", "jsonl", "--db", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 30
    assert digest(path) == before
    assert sorted(os.listdir(path.parent)) == ["dutenews.db", "dutenews.db.tantivy"]
    from newscrawl.archive import on_readonly_media

    assert on_readonly_media(path)  # what decides the immutable open: mode=ro alone cannot open it here


def test_a_writable_archive_is_not_taken_for_read_only_media(tmp_path):
    from newscrawl.archive import on_readonly_media

    Archive(tmp_path / "a.db").close()
    assert not on_readonly_media(tmp_path / "a.db")


# --- 4. export -o: only regular files are replaced by a rename ---------------------------------------------------


@pytest.fixture
def small(tmp_path) -> Path:
    path = tmp_path / "small.db"
    fill_archive(path, 12, seed=2).close()
    return path


def others(folder: Path) -> list[str]:
    """The files in ``folder`` besides the archive (and its -wal, -shm)."""
    return sorted(name for name in os.listdir(folder) if not name.startswith("small.db"))


def test_export_to_a_fifo_writes_into_it_and_leaves_it_a_fifo(small, tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:  # waits for a writer
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = invoke("export", "jsonl", "--db", str(small), "-o", str(fifo))
    reader.join(30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # not replaced by a regular file
    assert result.exit_code == 0, result.output
    assert not reader.is_alive()
    assert len(received[0].decode("utf-8").splitlines()) == 12
    assert others(tmp_path) == ["out.fifo"]  # no temporary left


def test_export_to_a_character_device_leaves_it_a_device(small, tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    except OSError as error:
        pytest.skip(f"cannot make a device node here: {error}")
    result = invoke("export", "jsonl", "--db", str(small), "-o", str(device))
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert os.major(os.lstat(device).st_rdev) == 1 and os.minor(os.lstat(device).st_rdev) == 3
    assert result.exit_code == 0, result.output


def test_export_through_a_symlink_replaces_the_file_it_points_to_and_keeps_the_link(small, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "articles.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "articles.jsonl"
    link.symlink_to(real)
    result = invoke("export", "jsonl", "--db", str(small), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    lines = real.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 12 and json.loads(lines[0])["seq"] == 1
    assert sorted(os.listdir(elsewhere)) == ["articles.jsonl"]


def test_export_to_a_regular_file_still_replaces_it_whole(small, tmp_path):
    out = tmp_path / "articles.jsonl"
    out.write_text("old\n", encoding="utf-8")
    result = invoke("export", "jsonl", "--db", str(small), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12
    assert others(tmp_path) == ["articles.jsonl"]


def test_export_to_a_directory_is_refused_in_one_line(small, tmp_path):
    target = tmp_path / "folder"
    target.mkdir()
    result = invoke("export", "jsonl", "--db", str(small), "-o", str(target))
    assert result.exit_code == 1
    one_line(result.stderr, "folder")
    assert target.is_dir() and os.listdir(target) == []


# --- 5. a killed run's figures ---------------------------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: its pid names no process now
    return child.pid


def test_a_killed_runs_figures_are_counted_from_what_it_wrote(tmp_path):
    path = tmp_path / "dutenews.db"
    archive = Archive(path)
    first = archive.start_run("https://www.dutenews.com", {}, os.getpid())
    with archive.batch():
        archive.store(article(1), fetch(article(1)), None, first)
    archive.finish_run(first, "finished", {"newscrawl/new": 1})

    killed = archive.start_run("https://www.dutenews.com", {}, _dead_pid())
    with archive.batch():
        for number in (2, 3, 4):
            assert archive.store(article(number), fetch(article(number)), None, killed) == "new"
        assert archive.store(article(1, "改过的正文。"), fetch(article(1)), None, killed) == "changed"
        archive.record_failure("https://x.invalid/n/article/5", "5", "http_error", 500, "boom", killed)
        archive.record_failure("https://x.invalid/n/article/6", "6", "not_article", 200, "empty", killed)
        archive.mark_gone("7", "https://x.invalid/n/article/7", 404, killed)
    archive.close()  # killed -9: no finish_run

    following = Archive(path)  # the next run opens it
    following.start_run("https://www.dutenews.com", {}, os.getpid())
    following.close()

    result = invoke("stats", "--db", str(path), "--json")
    runs = {run["id"]: run for run in json.loads(result.stdout)["runs"]}
    assert runs[killed]["status"] == "interrupted"
    figures = runs[killed]["stats"]
    assert figures["newscrawl/new"] == 3
    assert figures["newscrawl/changed"] == 1
    assert figures["newscrawl/versions"] == 4
    assert figures["newscrawl/failed"] == 2
    assert figures["newscrawl/gone"] == 1
    assert runs[first]["stats"] == {"newscrawl/new": 1}  # a finished run keeps its own figures
    text = invoke("stats", "--db", str(path)).stdout
    line = next(line for line in text.splitlines() if line.startswith(f"  #{killed} "))
    assert "new 3" in line and "changed 1" in line and "gone 1" in line and "failed 2" in line


def test_a_crawl_into_a_missing_directory_or_a_foreign_file_is_refused_in_one_line(tmp_path):
    """No directory is made for a mistyped NEWSCRAWL_DB, and another program's SQLite file is not written
    into: one line, exit 1, before the site is asked anything."""
    import sqlite3
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    missing = tmp_path / "no" / "such" / "dir" / "archive.db"
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    before = foreign.read_bytes()
    for db, words in ((missing, "no directory"), (foreign, "not a newscrawl archive")):
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "dutenews", "-a", "site=http://127.0.0.1:9",
             "-s", f"NEWSCRAWL_DB={db}"],
            cwd=root, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr[-2000:]
        assert "Traceback" not in done.stderr and words in done.stderr
    assert not (tmp_path / "no").exists()
    assert foreign.read_bytes() == before
