"""A Redis reply lost after the command ran: the call is sent again (redis-py's retry, then the caller's wait),
and must not act twice.

Between the client and a real redis-server sits a proxy on 127.0.0.1 that forwards one chosen command, keeps
Redis's reply from the client and cuts the connection — what a Redis stopping right after a command, or a
dropped connection, does. The cluster's test of a Redis restart mid-crawl (tests/test_cluster.py) once found
a failure recorded twice this way.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

from newscrawl.cluster.link import STREAM, Keys, client
from newscrawl.cluster.local import LocalRedis
from newscrawl.cluster.scheduler import _JOIN, run_keys
from newscrawl.cluster.sink import _SEND_ONCE, Sender


class LosingProxy:
    """Forwards to Redis; the first command holding ``marker`` reaches Redis, its reply never the client."""

    def __init__(self, port: int, marker: bytes):
        self.upstream = port
        self.marker = marker
        self.armed = threading.Event()
        self.cut = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def arm(self) -> None:
        self.armed.set()

    def _accept(self) -> None:
        while True:
            try:
                down, _ = self.listener.accept()
            except OSError:
                return
            up = socket.create_connection(("127.0.0.1", self.upstream))
            losing = threading.Event()
            threading.Thread(target=self._requests, args=(down, up, losing), daemon=True).start()
            threading.Thread(target=self._replies, args=(up, down, losing), daemon=True).start()

    def _requests(self, down: socket.socket, up: socket.socket, losing: threading.Event) -> None:
        while data := _recv(down):
            if self.armed.is_set() and self.marker in data:
                self.armed.clear()
                losing.set()  # the reply to this one is dropped
                up.sendall(data)
                time.sleep(0.3)  # Redis runs it
                self.cut += 1
                break
            up.sendall(data)
        for end in (down, up):
            _close(end)

    def _replies(self, up: socket.socket, down: socket.socket, losing: threading.Event) -> None:
        while data := _recv(up):
            if losing.is_set():
                continue
            try:
                down.sendall(data)
            except OSError:
                break

    def close(self) -> None:
        self.listener.close()


def _recv(end: socket.socket) -> bytes:
    try:
        return end.recv(1 << 20)
    except OSError:
        return b""


def _close(end: socket.socket) -> None:
    try:
        end.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    end.close()


@pytest.fixture
def redis_server(tmp_path) -> LocalRedis:
    server = LocalRedis(tmp_path / "redis").start()
    yield server
    server.stop()


def test_the_proxy_loses_a_reply_and_a_plain_xadd_is_added_twice(redis_server):
    """The control: the way items were sent before, a lost reply made two entries."""
    proxy = LosingProxy(redis_server.port, b"lost-reply")
    try:
        proxy.arm()
        client(proxy.url).xadd(STREAM, {"kind": "item", "item": "lost-reply"})
        assert proxy.cut == 1
        assert client(redis_server.url).xlen(STREAM) == 2
    finally:
        proxy.close()


def test_an_item_whose_reply_is_lost_is_in_the_stream_once(redis_server):
    direct = client(redis_server.url)
    direct.script_load(_SEND_ONCE)  # else the first try is NOSCRIPT, which runs nothing
    proxy = LosingProxy(redis_server.port, b"lost-reply")
    try:
        sender = Sender(client(proxy.url), "host:1")
        assert sender.send(sender.token(), {"kind": "item", "item": "before"}) == (True, 1)
        proxy.arm()
        added, length = sender.send(sender.token(), {"kind": "item", "item": "lost-reply"})
        assert proxy.cut == 1
        assert (added, length) == (False, 2)  # the second try found its token
        assert sender.send(sender.token(), {"kind": "item", "item": "after"}) == (True, 3)
        entries = direct.xrange(STREAM)
        assert [fields[b"item"] for _, fields in entries] == [b"before", b"lost-reply", b"after"]
        # Tokens are kept only until their reply comes: the last one now, none once the worker closes.
        assert direct.smembers(sender.tokens) == {b"3"}
        sender.close()
        assert not direct.exists(sender.tokens)
    finally:
        proxy.close()


def test_two_workers_tokens_do_not_meet(redis_server):
    one, two = Sender(client(redis_server.url), "host:1"), Sender(client(redis_server.url), "host:2")
    assert one.send(one.token(), {"item": "a"})[0] and two.send(two.token(), {"item": "b"})[0]
    assert client(redis_server.url).xlen(STREAM) == 2


def test_a_run_started_by_a_join_whose_reply_is_lost_is_still_seeded(redis_server):
    """The worker that starts a run seeds it; the join sent again must neither make it a mere joiner nor (as it
    did: run 2, seeding) end the run it just started as interrupted and start another."""
    direct = client(redis_server.url)
    direct.script_load(_JOIN)
    keys = Keys.of("dutenews", "127.0.0.1:1")
    proxy = LosingProxy(redis_server.port, b"host:77")
    try:
        proxy.arm()
        join = client(proxy.url).register_script(_JOIN)
        run, seeding = join(keys=run_keys(keys), args=[keys.prefix, "host:77", 60_000, "127.0.0.1:1", "{}"])
        assert proxy.cut == 1
        assert (run, seeding) == (1, 1)
        assert [fields[b"kind"] for _, fields in direct.xrange(STREAM)] == [b"start"]  # one run, one marker
        # Another worker joins it without seeding.
        other = direct.register_script(_JOIN)
        assert other(keys=run_keys(keys), args=[keys.prefix, "host:78", 60_000, "127.0.0.1:1", "{}"]) == [
            1,
            0,
        ]
    finally:
        proxy.close()
