"""A crawl is a client: the real `scrapy crawl dutenews` never listens on a port (no telnet console, no
remote control, nothing Scrapy may add), watched from outside through /proc while it runs."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from newscrawl.sample_site.server import SampleServer
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]

# How many times the crawl's sockets are looked at, at most (a pause of POLL_PAUSE between looks).
MAX_POLLS = 6000
POLL_PAUSE = 0.01

TCP_LISTEN, TCP_ESTABLISHED = "0A", "01"

pytestmark = pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(), reason="needs Linux /proc")


def _family(pid: int) -> list[int]:
    """The process and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except OSError:
            continue  # it ended meanwhile
    return found


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes


def tcp_sockets(pid: int) -> list[tuple[str, int, int]]:
    """(state, local port, remote port) of every TCP socket (IPv4 and IPv6) that the process or one of its
    children holds open."""
    sockets = []
    for member in _family(pid):
        inodes = _socket_inodes(member)
        if not inodes:
            continue
        for table in ("tcp", "tcp6"):
            try:
                with open(f"/proc/{member}/net/{table}") as rows:
                    lines = rows.read().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                if fields[9] in inodes:
                    local, remote = fields[1], fields[2]
                    sockets.append(
                        (fields[3], int(local.rsplit(":", 1)[1], 16), int(remote.rsplit(":", 1)[1], 16))
                    )
    return sockets


def listening_ports(pid: int) -> set[int]:
    return {port for state, port, _ in tcp_sockets(pid) if state == TCP_LISTEN}


def test_the_socket_watch_sees_a_listening_port():
    """The watch itself: a port this process listens on is seen, and is gone once closed."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert port in listening_ports(os.getpid())
    assert port not in listening_ports(os.getpid())


def test_a_crawl_never_listens_on_any_port(tmp_path):
    server = SampleServer(SampleSite(articles=30, seed=1), 0, tmp_path / "site")
    server.serve_in_thread()
    site_port = server.server_address[1]
    try:
        assert site_port in listening_ports(os.getpid())  # the watch works on this machine
        command = server.crawl_command(tmp_path / "dutenews.db", log_level="INFO")
        log = tmp_path / "crawl.log"
        with log.open("w") as out:
            crawl = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=out)
        listened: set[int] = set()
        looks_while_fetching = 0
        try:
            for _ in range(MAX_POLLS):
                if crawl.poll() is not None:
                    break
                sockets = tcp_sockets(crawl.pid)
                listened |= {port for state, port, _ in sockets if state == TCP_LISTEN}
                # Proof that the crawl was watched while it crawled: a connection to the site is open.
                if any(state == TCP_ESTABLISHED and remote == site_port for state, _, remote in sockets):
                    looks_while_fetching += 1
                time.sleep(POLL_PAUSE)
            else:
                pytest.fail(f"the crawl had not ended after {MAX_POLLS} looks")
        finally:
            if crawl.poll() is None:
                crawl.kill()
            crawl.wait()
    finally:
        server.shutdown()
    stderr = log.read_text(encoding="utf-8", errors="replace")
    assert crawl.returncode == 0, stderr[-3000:]
    assert looks_while_fetching > 0, "the crawl was never seen fetching: nothing was watched"
    assert listened == set(), f"the crawl listened on port(s) {sorted(listened)}"
    # What Scrapy says when it opens one (the telnet console, the remote control).
    assert "listening on" not in stderr.lower()
