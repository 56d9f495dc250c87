"""What the spider hands to the pipelines: one item per article URL it dealt with."""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.record import Article

# What became of a fetch. "alias" is a URL form seen in a link, not fetched: another door to a known id.
OUTCOMES = ("article", "not_modified", "gone", "failed", "alias")

# How each page a crawl fetched ended: one of these, each a count in the run's stats (newscrawl/ended/…),
# so that  newscrawl/fetched = the sum of newscrawl/ended/<end>  in every run (newscrawl/unaccounted: 0).
#   stored     an article written: new, a new version of a known one (changed), or a new id of known content
#   unchanged  an article the archive already holds as it is: a 304, or the same content again
#   gone       an article the site removed (404, 405, 410, or a page saying so)
#   skipped    a page with nothing to take: the site has no sitemap (404), a non-text page at a listing URL
#   failed     a failure recorded in the archive's failures table (timeout, HTTP error, not an article …)
#   followed   a listing page read for its links: the home page, channel pages, sitemaps
#   unwritten  an outcome the archive could not take (full disk, size cap): the run ends as archive_error
FETCH_ENDS = ("stored", "unchanged", "gone", "skipped", "failed", "followed", "unwritten")

# What the store's outcomes (archive.store and the item's own) count as, among FETCH_ENDS; aliases are no
# fetch (a URL form seen in a link).
STORE_ENDS = {"new": "stored", "changed": "stored", "duplicate": "stored", "unchanged": "unchanged",
              "gone": "gone", "gone_known": "gone", "failed": "failed"}  # fmt: skip


def unaccounted(stats: dict) -> int:
    """Fetches of a run that ended no known way: newscrawl/fetched minus the sum of its ends (0 normally)."""
    ended = sum(stats.get(f"newscrawl/ended/{end}", 0) or 0 for end in FETCH_ENDS)
    return (stats.get("newscrawl/fetched", 0) or 0) - ended


@dataclass
class PageItem:
    outcome: str
    url: str
    article_id: str | None = None
    canonical_url: str | None = None
    status: int | None = None
    fetched_at: str | None = None
    article: Article | None = None
    raw: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    headers: dict[str, str] | None = None  # the response's, as received
    failure_kind: str | None = None
    message: str | None = None
    profile: str | None = None  # the site profile the page was extracted with
    revisit: str | None = None  # the revisit plan's tier, when the archive held the article already
    warc: dict | None = None  # where the response's WARC record is (newscrawl.warc.Capture), when captured

    def fetch(self) -> dict:
        """The facts of the fetch, as the archive stores them with a version."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "status": self.status,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "content_type": self.content_type,
            "headers": self.headers,
            "fetched_at": self.fetched_at,
            "profile": self.profile,
            "warc_file": (self.warc or {}).get("file"),
            "warc_offset": (self.warc or {}).get("offset"),
            "warc_length": (self.warc or {}).get("length"),
        }
