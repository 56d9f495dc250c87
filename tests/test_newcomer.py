"""What a newcomer runs first: `newscrawl serve` on a busy port, `make demo` on a busy port and again, and the
examples of `newscrawl search --help`, on an archive crawled as `make demo` crawls it."""

from __future__ import annotations

import json
import shlex
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from newscrawl import demo
from newscrawl.archive import Archive
from newscrawl.cli import main
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]
NEWSCRAWL = str(Path(sys.executable).parent / "newscrawl")


def test_serve_on_a_busy_port_exits_1_with_one_line(tmp_path):
    """1 is "could not run" for every command; 3 is the crawl's "fetched nothing of the site", not this."""
    db = tmp_path / "archive.db"
    Archive(db).close()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = subprocess.run([NEWSCRAWL, "serve", "--db", str(db), "--port", str(port)],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"]


def test_demo_takes_another_port_quietly_when_its_own_is_busy(tmp_path, capsys):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        busy = holder.getsockname()[1]
        server = demo.start_site(SampleSite(articles=5, seed=1), tmp_path / "site", port=busy)
        server.shutdown()
    assert server.server_address[1] != busy
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def _last_run(db: Path) -> dict:
    stats = subprocess.run([NEWSCRAWL, "stats", "--db", str(db), "--json", "--runs", "1"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return json.loads(stats.stdout)["runs"][0]["stats"]


def test_a_demo_rerun_on_another_port_is_incremental(tmp_path):
    """The demo names the sample site 127.0.0.1:8765 whatever port it got: the site on a port other than the
    first crawl's is the same site: nothing is new, and the known articles are only revalidated (304)."""
    db = tmp_path / "demo.db"
    ports = []
    for run in (1, 2):
        # The second site is the first again, as the demo serves it (its manifest's dates), at another port.
        site = SampleSite(articles=200, seed=1, slow_seconds=1.5, anchor=demo.same_anchor(tmp_path / "site1"))
        server = demo.start_site(site, tmp_path / f"site{run}", port=0)
        ports.append(server.server_address[1])
        try:
            done = subprocess.run(
                server.crawl_command(db), cwd=ROOT, capture_output=True, text=True, timeout=300
            )
        finally:
            server.shutdown()
        assert done.returncode == 0, done.stderr[-3000:]
    assert ports[0] != ports[1]
    stats = _last_run(db)
    assert stats.get("newscrawl/new", 0) == 0, stats
    # The archived articles are the sample site's own: revisited within the budget (304), not fetched anew.
    assert stats.get("newscrawl/revisit/not_modified", 0) >= 150, stats
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT DISTINCT site FROM articles").fetchall() == [(demo.SITE_KEY,)]


def _search_examples() -> list[list[str]]:
    """The arguments of every `newscrawl search …` line among the Examples of `newscrawl search --help`."""
    examples = []
    for line in main.commands["search"].help.splitlines():
        words = shlex.split(line.strip())
        if words[:2] == ["newscrawl", "search"]:
            examples.append(words[2:])
    return examples


def _on(db: Path, arguments: list[str]) -> list[str]:
    """The example's arguments with its --db (if any) pointed at ``db``, and JSON output."""
    out, rest = ["--db", str(db), "--json"], iter(arguments)
    for word in rest:
        if word == "--db":
            next(rest)
        elif word != "--json":
            out.append(word)
    return out


def test_every_search_example_finds_articles_on_the_demo_archive(crawled):
    examples = _search_examples()
    assert len(examples) >= 2, examples
    for arguments in examples:
        result = CliRunner().invoke(main, ["search", *_on(crawled[0], arguments)])
        assert result.exit_code == 0, (arguments, result.output)
        hits = json.loads(result.stdout)
        assert hits, f"`newscrawl search {shlex.join(arguments)}` finds nothing on the demo's archive"
