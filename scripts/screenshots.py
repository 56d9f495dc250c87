"""`make screenshots`: PNGs of the archive as Datasette shows it, at desktop (1400 px) and phone (500 px) width.

The article page, its diff, an archived page, the canned search (empty, a query, a bad query), the recently
changed articles and the articles table (<name>-<width>.png), taken by a
real headless Chromium (/usr/bin/chromium; Chinese text needs a CJK font: apt-get install chromium
fonts-noto-cjk) from a real `newscrawl serve`. Without --db, the archive is made the way a reader gets one: the
sample site on 127.0.0.1, crawled, edited by the site (its next edition), crawled again, so that some articles
have two versions.

Example:

    .venv/bin/python scripts/screenshots.py --out data/screenshots
    .venv/bin/python scripts/screenshots.py --db data/demo.db --seq 12
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from newscrawl.archive import Archive
from newscrawl.sample_site.server import SampleServer
from newscrawl.sample_site.site import SampleSite

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
WIDTHS = (1400, 500)
HEIGHT = 1000
# The diff is at the end of the article page, the articles below the facets: these shots are as tall as this.
# (Headless Chromium does not reliably paint a page it scrolled to a #fragment.)
WHOLE_PAGE = {1400: 2400, 500: 3600}
SEARCHES = {"search-empty": "", "search-good": "龙华 数字经济", "search-bad": '"深圳'}


def sample_archive(directory: Path) -> Path:
    """The sample site crawled twice, one edition apart: an archive with changed articles."""
    db = directory / "sample.db"
    server = SampleServer(SampleSite(articles=60, seed=1, slow_seconds=0.5), 0, directory / "site")
    server.serve_in_thread()
    try:
        for edition in (1, 2):
            if edition == 2:
                server.advance()
            done = subprocess.run(server.crawl_command(db), cwd=ROOT, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"screenshots: the crawl of edition {edition} failed:\n{done.stderr[-2000:]}")
    finally:
        server.shutdown()
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`newscrawl serve` on ``db``, once it answers: the process and its base URL."""
    port = free_port()
    newscrawl = str(Path(sys.executable).parent / "newscrawl")
    with log.open("wb") as out:
        process = subprocess.Popen([newscrawl, "serve", "--db", str(db), "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            return process, base
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.terminate()
    sys.exit(f"screenshots: newscrawl serve did not start:\n{log.read_text(errors='replace')[-2000:]}")


def shoot(url: str, png: Path, width: int, height: int, profile: Path) -> None:
    done = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=3000", f"--user-data-dir={profile}", f"--screenshot={png}",
         f"--window-size={width},{height}", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if done.returncode or not png.exists():
        sys.exit(f"screenshots: chromium failed on {url}:\n{done.stderr[-2000:]}")
    print(png)


def pages(db: Path, base: str, seq: int | None) -> dict[str, str]:
    """name → URL of each page to take: the article (the latest edited one, unless ``seq``), its diff, its
    latest archived page, the searches, the recently changed articles, the articles table."""
    archive = Archive(db, readonly=True)
    try:
        seq = seq or next(iter(archive.edited_seqs()), 1)
        versions = archive.versions_of(seq)
    finally:
        archive.close()
    if not versions:
        sys.exit(f"screenshots: {db} has no article {seq}")
    name = db.stem
    urls = {
        "article": f"{base}/{name}/articles/{seq}",
        "archived": f"{base}/{name}/-/archived/{versions[-1]['id']}",
    }
    if len(versions) > 1:
        urls["diff"] = urls["article"]  # taken whole, down to the diff
    for shot, query in SEARCHES.items():
        urls[shot] = f"{base}/{name}/search?" + urllib.parse.urlencode({"q": query})
    urls["changed"] = f"{base}/{name}/changed"
    urls["table"] = f"{base}/{name}/articles"
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="the archive (default: the sample site, crawled twice)")
    parser.add_argument("--seq", type=int, help="the article to show (default: the latest edited)")
    parser.add_argument("--out", type=Path, default=Path("data/screenshots"), help="where the PNGs go")
    options = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"screenshots: no {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / ".gitignore").write_text("# made by scripts/screenshots.py: never committed\n*\n")
    with tempfile.TemporaryDirectory(prefix="newscrawl-screenshots-") as tmp:
        work = Path(tmp)
        db = options.db or sample_archive(work)
        process, base = serve(db, work / "serve.log")
        try:
            for name, url in pages(db, base, options.seq).items():
                for width in WIDTHS:
                    height = WHOLE_PAGE[width] if name in ("diff", "table") else HEIGHT
                    shoot(url, options.out / f"{name}-{width}.png", width, height, work / "profile")
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
