"""A crawl as the README runs it (only `-a site=`) archives every article the site links to, in any of its
URL forms, and accounts for every page it fetched:

    fetched = stored + unchanged + gone + skipped + failed + followed + unwritten

(``newscrawl.items.FETCH_ENDS``; the keys are in the run's stats, in crawl_runs.stats.)
"""

from __future__ import annotations

import subprocess

import pytest
from test_crawl import ROOT, archived_hashes, assert_fetch_invariant, manifest, query, run_stats

from newscrawl.sample_site.server import SampleServer, read_access_log
from newscrawl.sample_site.site import SampleSite


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> SampleServer:
    server = SampleServer(
        SampleSite(articles=120, seed=11, slow_seconds=2.5), 0, tmp_path_factory.mktemp("site")
    )
    server.serve_in_thread()
    yield server
    server.shutdown()


def only_site_argument(command: list[str]) -> list[str]:
    """The harness's crawl command with every `-a` but `site=` taken out: the crawl as the README shows it."""
    kept, skip = [], False
    for index, arg in enumerate(command):
        if skip:
            skip = False
        elif arg == "-a" and not command[index + 1].startswith("site="):
            skip = True
        else:
            kept.append(arg)
    return kept


def test_a_crawl_with_only_the_site_argument_archives_every_linked_article(site, tmp_path):
    db = tmp_path / "plain.db"
    command = only_site_argument(site.crawl_command(db, log_level="INFO"))
    assert [command[i + 1] for i, arg in enumerate(command) if arg == "-a"] == [f"site={site.url}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = manifest(site)
    mobile_only = {
        article_id
        for article_id, aliases in expected["aliases"].items()
        if any("/m/" in url for url in aliases)
    }
    assert mobile_only, "the sample site links some articles only at their mobile address"
    hashes = archived_hashes(db)
    missing = sorted(i for i in expected["articles"] if hashes.get(i) != expected["articles"][i]["hash"])
    assert missing == [], (
        f"{len(missing)} linked articles not archived, {len(set(missing) & mobile_only)} mobile-only"
    )
    # Each mobile address is recorded as an alias of its article, fetched at the canonical address.
    urls = dict(query(db, "SELECT url, kind FROM urls"))
    for article_id in mobile_only:
        for alias in expected["aliases"][article_id]:
            assert urls.get(alias) == "alias", alias
    stats = assert_fetch_invariant(db)
    assert stats["newscrawl/ended/stored"] == len(expected["articles"]) + len(expected["duplicates"])
    assert stats["newscrawl/ended/failed"] == len(expected["failures"])
    assert stats["newscrawl/ended/gone"] == len(expected["gone"])
    assert stats["newscrawl/ended/unwritten"] == 0


def test_a_second_crawl_accounts_for_every_fetch_too(site, tmp_path):
    db = tmp_path / "twice.db"
    command = only_site_argument(site.crawl_command(db, log_level="INFO"))
    mark = 0
    for _ in range(2):
        mark = len(read_access_log(site.directory))
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr[-3000:]
        assert_fetch_invariant(db)
    stats = run_stats(db)
    assert stats["newscrawl/ended/stored"] == 0
    # The site's own count: every page it was asked for once (robots.txt aside; a retry or a redirect hop
    # is the same fetch) is one fetch of the run.
    asked = {r["path"].split("?")[0] for r in read_access_log(site.directory)[mark:]} - {"/robots.txt"}
    assert stats["newscrawl/fetched"] == len(asked)


def test_the_profile_knows_the_mobile_host_and_path_forms():
    from newscrawl.extract.profiles import DUTENEWS

    for url in ("https://www.dutenews.com/n/article/7", "https://m.dutenews.com/n/article/7",
                "https://m.dutenews.com/m/n/article/7", "https://www.dutenews.com/m/n/article/7"):  # fmt: skip
        assert DUTENEWS.article_id(url) == ("7", None), url
        assert DUTENEWS.canonical_url(url) == "https://www.dutenews.com/n/article/7", url
    assert DUTENEWS.article_id_of_path("/m/n/article/7") == ("7", None)  # at any host: a mirror, 127.0.0.1
    assert DUTENEWS.article_id_of_path("/m/channel/1.html") is None
    assert (
        DUTENEWS.mobile_host("www.dutenews.com") == DUTENEWS.mobile_host("dutenews.com") == "m.dutenews.com"
    )
    assert DUTENEWS.mobile_host("127.0.0.1") is None and DUTENEWS.mobile_host("localhost") is None
