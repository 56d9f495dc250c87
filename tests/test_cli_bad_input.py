"""Bad input to `newscrawl …` and to `scrapy crawl dutenews`: one line that names the problem, the exit
status README.md documents, never a traceback.

`newscrawl`: 2 for a malformed option value, 1 for a page or an archive it cannot use.
`scrapy crawl dutenews`: 1 when it could not run (bad command line, bad -a value, unusable NEWSCRAWL_DB);
2 only when another crawl holds the archive (tests/test_crawl.py).
"""

from __future__ import annotations

import fcntl
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.archive import Archive
from newscrawl.cli import main
from newscrawl.extract.decode import MAX_PAGE_BYTES
from newscrawl.sample_site.fill import fill_archive

ROOT = Path(__file__).resolve().parents[1]
SCRAPY = str(Path(sys.executable).parent / "scrapy")
HUGE = "99999999999999999999999"  # past any 64-bit integer


def assert_one_line(text: str, *words: str) -> None:
    assert "Traceback" not in text, text[-3000:]
    lines = text.strip().splitlines()
    assert len(lines) == 1, text[-3000:]
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def archive(tmp_path) -> Path:
    """An archive with three crawl runs and a search index (empty of articles)."""
    path = tmp_path / "dutenews.db"
    store = Archive(path)
    for _ in range(3):
        store.start_run("https://www.dutenews.com", {}, os.getpid())
    assert store.has_search_index()
    store.close()
    return path


def invoke(*args: str):
    result = CliRunner().invoke(main, list(args))
    # A traceback in CliRunner is an exception other than the SystemExit of click's exit.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


# --- newscrawl: malformed option values, exit 2 --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["search", "--limit", HUGE, "深圳"], ["--limit", HUGE]),
        (["search", "--limit", "-1", "深圳"], ["--limit", "-1"]),
        (["search", "--limit", "abc", "深圳"], ["--limit", "abc"]),
        (["stats", "--runs", HUGE], ["--runs", HUGE]),
        (["stats", "--runs", "-1"], ["--runs", "-1"]),
        (["stats", "--failures", HUGE], ["--failures", HUGE]),
        (["stats", "--failures", "-5"], ["--failures", "-5"]),
        (["serve", "--port", "70000"], ["--port", "70000"]),
        (["serve", "--port", "-1"], ["--port", "-1"]),
    ],
)
def test_a_malformed_count_or_port_is_one_line_and_exit_2(archive, args, words):
    result = invoke(*args[:1], "--db", str(archive), *args[1:])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert_one_line(result.stderr, *words)


def test_a_missing_archive_is_one_line_and_exit_2(tmp_path):
    result = invoke("stats", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2
    assert_one_line(result.stderr, "none.db", "does not exist")


def test_extract_of_a_directory_is_one_line_and_exit_2(tmp_path):
    result = invoke("extract", str(tmp_path), "--url", "https://www.dutenews.com/n/article/1")
    assert result.exit_code == 2
    assert_one_line(result.stderr, "is a directory")


def test_stats_runs_0_shows_every_run_as_search_limit_0_shows_every_result(archive):
    result = invoke("stats", "--db", str(archive), "--runs", "0")
    assert result.exit_code == 0, result.output
    shown = [line for line in result.stdout.splitlines() if line.startswith("  #")]
    assert len(shown) == 3
    result = invoke("stats", "--db", str(archive), "--runs", "2")
    assert len([line for line in result.stdout.splitlines() if line.startswith("  #")]) == 2


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--port", "70000"], ["--port", "70000"]),
        (["--port", "-1"], ["--port", "-1"]),
        (["--articles", "0"], ["--articles", "0"]),
        (["--edition", "0"], ["--edition", "0"]),
        (["--crawl-delay", "-1"], ["--crawl-delay", "-1"]),
    ],
)
def test_sample_site_refuses_impossible_values(tmp_path, args, words):
    # A subprocess: were the value taken, the site would serve until killed.
    command = [sys.executable, "-m", "newscrawl", "sample-site", "--dir", str(tmp_path / "site"), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_line(done.stderr, *words)


# --- newscrawl extract: reads at most the page limit -------------------------------------------------------


def _limit_memory() -> None:
    # Were /dev/zero read whole, the reader would die of MemoryError (a traceback) instead of eating the
    # machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_extract_of_dev_zero_is_refused_as_too_large():
    command = [sys.executable, "-m", "newscrawl", "extract", "/dev/zero", "--url", "https://www.dutenews.com/n/article/1"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    assert done.returncode == 1
    assert done.stdout == ""
    assert_one_line(done.stderr, "/dev/zero", "too large")


def test_extract_reads_at_most_the_page_limit_plus_one_byte(tmp_path):
    """Through a pipe, count what the reader took: the limit and one byte, and what the pipe buffers."""
    fifo = tmp_path / "page.fifo"
    os.mkfifo(fifo)
    offered = 3 * MAX_PAGE_BYTES
    taken = {"bytes": 0, "pipe": 0}

    def write() -> None:
        out = os.open(fifo, os.O_WRONLY)  # waits for the reader
        taken["pipe"] = fcntl.fcntl(out, fcntl.F_GETPIPE_SZ)
        chunk = b"<p>" + b"x" * 65533
        try:
            while taken["bytes"] < offered:
                taken["bytes"] += os.write(out, chunk)
        except BrokenPipeError:
            pass  # the reader has closed its end: it wants no more
        finally:
            os.close(out)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = invoke("extract", str(fifo), "--url", "https://www.dutenews.com/n/article/1")
    writer.join(60)
    assert not writer.is_alive()
    assert result.exit_code == 1
    assert_one_line(result.stderr, "too large")
    assert MAX_PAGE_BYTES < taken["bytes"] <= MAX_PAGE_BYTES + 1 + taken["pipe"]
    assert taken["bytes"] < offered


# --- scrapy crawl dutenews: bad arguments, bad NEWSCRAWL_DB: one line, exit 1 --------------------------------


def crawl(*args: str) -> subprocess.CompletedProcess:
    # Were the input taken, the crawl would meet a closed port: quick failures, no retries, no robots.txt.
    command = [SCRAPY, "crawl", *args, "-s", "LOG_LEVEL=WARNING", "-s", "RETRY_ENABLED=0",
               "-s", "ROBOTSTXT_OBEY=0", "-s", "DOWNLOAD_TIMEOUT=5"]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("argument", "words"),
    [
        ("ids=abc", ["bad argument", "ids must be FROM-TO", "'abc'"]),
        ("ids=5-1", ["bad argument", "ids must be FROM-TO", "'5-1'"]),
        ("ids=-3", ["bad argument", "ids must be FROM-TO", "'-3'"]),
        ("site=notaurl", ["bad argument", "site must be an http", "'notaurl'"]),
        ("site=ftp://www.dutenews.com", ["bad argument", "site must be an http", "ftp://"]),
        ("site=http://127.0.0.1:99999", ["bad argument", "site must be an http", "99999"]),
        ("start_urls=http://127.0.0.1:9/,/n/article/1", ["bad argument", "start_urls", "'/n/article/1'"]),
        ("mobile_site=m.dutenews.com", ["bad argument", "mobile_site", "'m.dutenews.com'"]),
    ],
)
def test_a_bad_spider_argument_is_one_line_and_exit_2(tmp_path, argument, words):
    db = tmp_path / "x.db"
    # A later -a of the same name wins: a bad site= replaces the closed port.
    done = crawl("dutenews", "-a", "site=http://127.0.0.1:9", "-a", argument, "-s", f"NEWSCRAWL_DB={db}")
    assert done.returncode == 2
    assert_one_line(done.stderr, "newscrawl:", *words)
    assert not db.exists()  # refused before anything was written


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["dutenews", "-a", "ids"], ["Invalid -a value"]),
        (["dutenews", "-s", "RETRY_TIMES"], ["Invalid -s value"]),
        ([], ["one spider name"]),
        (["dutenews", "dutenews"], ["one spider name"]),
        (["dutenews", "--no-such-option"], ["unknown option --no-such-option"]),
        (["nosuchspider"], ["no spider named 'nosuchspider'", "dutenews"]),
    ],
)
def test_a_malformed_command_line_is_one_line_and_exit_2_not_the_lock_status(tmp_path, args, words):
    done = crawl(*args, "-s", f"NEWSCRAWL_DB={tmp_path / 'x.db'}")
    assert done.returncode == 2
    assert_one_line(done.stderr, "newscrawl:", *words)


def _truncated_archive(tmp_path: Path) -> Path:
    """A real archive, cut in half (a disk that filled while it was copied, a partial download)."""
    whole = tmp_path / "whole.db"
    store = Archive(whole)
    with store.batch():
        store.db.execute("CREATE TABLE filler (x)")
        store.db.conn.executemany("INSERT INTO filler VALUES (?)", [("深圳" * 500,)] * 200)
    store.close()
    data = whole.read_bytes()
    cut = tmp_path / "cut.db"
    cut.write_bytes(data[: len(data) // 2])
    return cut


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp: "", ["NEWSCRAWL_DB is empty"]),
        (lambda tmp: str(tmp), ["is a directory"]),
        (
            lambda tmp: (tmp / "notes.txt").write_text("not an archive\n") and str(tmp / "notes.txt"),
            ["notes.txt", "is not a SQLite database"],
        ),  # fmt: skip
        (
            lambda tmp: (
                (tmp / "head.db").write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + bytes(300))
                and str(tmp / "head.db")
            ),
            ["head.db", "truncated"],
        ),  # fmt: skip
        (lambda tmp: str(_truncated_archive(tmp)), ["cut.db", "truncated"]),
        (
            lambda tmp: (tmp / "file").write_text("x") and str(tmp / "file" / "dutenews.db"),
            ["is a file, not a directory"],
        ),  # fmt: skip
    ],
    ids=["empty", "directory", "text", "header-only", "half-archive", "under-a-file"],
)
def test_an_unusable_archive_path_is_one_line_and_exit_1(tmp_path, make, words):
    db = make(tmp_path)
    before = Path(db).read_bytes() if db and Path(db).is_file() else None
    done = crawl("dutenews", "-a", "site=http://127.0.0.1:9", "-s", f"NEWSCRAWL_DB={db}")
    assert done.returncode == 1
    assert_one_line(done.stderr, "newscrawl:", *words)
    if before is not None:
        assert Path(db).read_bytes() == before  # not written to


# --- a full disk and a read-only file system ------------------------------------------------------------------


def _errors(text: str) -> list[str]:
    assert "Traceback" not in text, text[-3000:]
    return [line for line in text.splitlines() if line.startswith("Error:")]


# `reindex` on a full disk, for both engines: tests/test_search_engine.py.


@pytest.mark.parametrize("kind", ["jsonl", "txt"])
def test_export_into_a_read_only_file_system_says_so(tmp_path, kind):
    """An immutable directory (chattr +i) refuses new files even to root, as a read-only mount does."""
    path = tmp_path / "dutenews.db"
    fill_archive(path, 5, seed=3).close()
    folder = tmp_path / "readonly"
    folder.mkdir()
    target = folder / ("out.jsonl" if kind == "jsonl" else "corpus")
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available here")
    try:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "newscrawl"), "export", kind, "--db", str(path), "-o", str(target)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr[-3000:]
        [line] = _errors(done.stderr)
        assert str(target) in line or str(folder) in line, line
        assert done.stdout == ""
        assert list(folder.iterdir()) == []
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
