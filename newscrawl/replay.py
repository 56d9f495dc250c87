"""`make replay`: pywb on a WACZ the archive exported, on 127.0.0.1, to see archived pages as they were.

pywb (2.10) pins old versions of redis and werkzeug, so it lives in a virtual environment of its own,
``.venv-pywb``, which the Makefile makes (``make .venv-pywb/bin/wayback``); nothing here installs anything.
A collection is a directory pywb serves from: ``{root}/collections/{name}/`` with the WACZ's WARC files and
its index, made afresh from the WACZ each time (``wb-manager add --unpack-wacz``).

    python -m newscrawl.replay data/demo.wacz [--port 8090] [--root data/pywb]

prints the address of the collection and of one archived article, then serves until interrupted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

PYWB = Path(__file__).resolve().parents[1] / ".venv-pywb" / "bin"
COLLECTION = "newscrawl"


class ReplayError(Exception):
    """pywb is missing or could not make the collection or start."""


def wb_manager(pywb: Path = PYWB) -> Path:
    found = pywb / "wb-manager"
    if not found.exists():
        raise ReplayError(f"pywb is not installed in {pywb.parent}: make .venv-pywb/bin/wayback")
    return found


def make_collection(wacz: Path, root: Path, name: str = COLLECTION, pywb: Path = PYWB) -> Path:
    """A fresh pywb collection ``name`` under ``root`` holding the WACZ's captures; its directory."""
    manager = str(wb_manager(pywb))
    root.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(root / "collections" / name, ignore_errors=True)
    for command in ([manager, "init", name], [manager, "add", "--unpack-wacz", name, str(wacz.resolve())]):
        done = subprocess.run(command, cwd=root, capture_output=True, text=True)
        if done.returncode:
            raise ReplayError(
                f"{' '.join(command[1:3])} failed: {(done.stderr or done.stdout).strip()[-500:]}"
            )
    return root / "collections" / name


def start(root: Path, port: int, pywb: Path = PYWB) -> subprocess.Popen:
    """pywb's wayback serving ``root``'s collections on 127.0.0.1:``port``, once it answers."""
    server = subprocess.Popen([str(pywb / "wayback"), "--bind", "127.0.0.1", "--port", str(port)], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    for _ in range(300):  # up to a minute: gevent and pywb's templates load slowly the first time
        if server.poll() is not None:
            raise ReplayError(f"pywb stopped: {server.stderr.read().decode(errors='replace')[-500:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    server.terminate()
    raise ReplayError(f"pywb did not answer on 127.0.0.1:{port}")


def pages(wacz: Path) -> list[dict]:
    """The WACZ's pages list: url, ts (ISO 8601), title."""
    with zipfile.ZipFile(wacz) as packed:
        lines = packed.read("pages/pages.jsonl").decode("utf-8").splitlines()
    return [json.loads(line) for line in lines[1:] if line.strip()]


def replay_url(port: int, page: dict, name: str = COLLECTION, raw: bool = False) -> str:
    """pywb's address of a page as captured: ``/{collection}/{14-digit time}/{url}`` (``id_`` after the time:
    the page exactly as archived, without pywb's banner and link rewriting)."""
    stamp = "".join(c for c in page["ts"] if c.isdigit())[:14]
    return f"http://127.0.0.1:{port}/{name}/{stamp}{'id_' if raw else ''}/{page['url']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("wacz", type=Path)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--root", type=Path, default=Path("data/pywb"), help="where pywb's collection goes")
    args = parser.parse_args(argv)
    if not args.wacz.is_file():
        print(f"replay: no {args.wacz}: run `make demo` first (it writes data/demo.wacz)", file=sys.stderr)
        return 1
    try:
        make_collection(args.wacz, args.root)
        server = start(args.root, args.port)
    except ReplayError as error:
        print(f"replay: {error}", file=sys.stderr)
        return 1
    listed = pages(args.wacz)
    print(
        f"pywb is replaying {args.wacz} ({len(listed)} article pages) at http://127.0.0.1:{args.port}/{COLLECTION}/"
    )
    if listed:
        print(
            f"an archived article, as it looked: {replay_url(args.port, listed[0])}  ({listed[0]['title']})"
        )
    print("Ctrl-C stops it.", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
