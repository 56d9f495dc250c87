"""`make demo`: the sample site on 127.0.0.1, a real `scrapy crawl dutenews` into data/demo.db (its own
archive, never the live crawl's data/dutenews.db), its stats, searches, and the plain-text corpus in
data/corpus/.

Everything runs locally; no internet. The crawl is the same command cron runs against the live site,
pointed at the sample site and with the politeness delays a local server does not need turned down.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.archive import archive_sites
from newscrawl.sample_site.server import SampleServer
from newscrawl.sample_site.site import SampleSite

# The demo's own archive: its sample articles carry ids in the live site's range; they are another site's
# (an article is (site, id)), but an archive keeps one site, so they never share the live crawl's file.
DB = Path("data/demo.db")
CORPUS = Path("data/corpus")
# Every response the crawl receives, as WARC files (newscrawl.warc), and their WACZ for `make replay`.
WARC_DIR = Path("data/warc")
WACZ = Path("data/demo.wacz")
# The port the sample site prefers; when it is taken, any free one. Either way a rerun is incremental: the
# demo tells the crawl that the sample site at any loopback port is one site, the one it calls SITE_KEY.
PORT = 8765
SITE_KEY = f"127.0.0.1:{PORT}"
# The slow fault page takes 3 s: wait 2 s at most.
TIMEOUT = 2


def run(*command: str) -> None:
    print("$", " ".join(command), flush=True)
    done = subprocess.run(command)
    if done.returncode:
        sys.exit(f"demo: `{' '.join(command)}` failed with exit status {done.returncode}")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


class DemoServer(SampleServer):
    def crawl_command(self, db: Path, *settings: str, **options) -> list[str]:
        """The sample site's crawl command, the site known as SITE_KEY whatever port it got; into an archive
        that holds crawls of loopback sites alone (as earlier demos served it), with the setting that lets
        them differ. An archive that holds anything else is left to the crawl, which refuses it."""
        settings = ("-s", f"NEWSCRAWL_SITE_KEY={SITE_KEY}", *settings)
        sites = archive_sites(Path(db)).values()
        if sites and all(urlsplit(site).hostname in LOOPBACK for site in sites):
            settings = ("-s", "NEWSCRAWL_OTHER_SITE=1", *settings)
        return super().crawl_command(db, *settings, **options)


def start_site(site: SampleSite, directory: Path, port: int = PORT) -> DemoServer:
    """The sample site serving on 127.0.0.1:``port``, or quietly on a free port when that one is taken."""
    try:
        server = DemoServer(site, port, directory)
    except OSError:
        server = DemoServer(site, 0, directory)
    server.serve_in_thread()
    return server


def same_anchor(directory: Path) -> datetime | None:
    """The dates the sample site had when the demo last served it (its manifest says): the same site again,
    so that a rerun finds nothing changed however much later it runs."""
    try:
        return datetime.fromisoformat(json.loads((directory / "manifest.json").read_text())["anchor"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def main() -> None:
    site_dir = Path("data/sample-site")
    server = start_site(SampleSite(articles=200, seed=1, anchor=same_anchor(site_dir)), site_dir)
    print(f"sample site running at {server.url} (manifest: data/sample-site/manifest.json)\n", flush=True)
    run(*server.crawl_command(DB, "-s", f"NEWSCRAWL_WARC_DIR={WARC_DIR}", timeout=TIMEOUT))
    server.shutdown()
    newscrawl = str(Path(sys.executable).parent / "newscrawl")
    print()
    run(newscrawl, "stats", "--db", str(DB), "--failures", "8")
    for query in ("深", "龙华", "数字经济 -广告"):  # one character, a word, a word without another
        print()
        run(newscrawl, "search", "--db", str(DB), "--limit", "3", query)
    print()
    run(newscrawl, "export", "txt", "--db", str(DB), "-o", str(CORPUS))
    print()
    run(newscrawl, "export", "wacz", "--db", str(DB), "-o", str(WACZ))
    print(
        f"\nThe archive is {DB}; the corpus is {CORPUS}/ (NNN_hash.txt, one file per article)."
        f"\nBrowse and search it in Datasette: make serve DB={DB} (or newscrawl serve --db {DB}), "
        "then http://127.0.0.1:8001/"
        f"\nThe crawl's WARC captures are in {WARC_DIR}/, packed in {WACZ}: replay them with `make replay`, "
        "or open the WACZ in https://replayweb.page"
        "\nRun `make demo` again: the crawl is incremental (nothing new to fetch) and the export rewrites nothing."
    )


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parents[1])
    main()
