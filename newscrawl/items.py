"""What the spider hands to the pipelines: one item per article URL it dealt with."""

from __future__ import annotations

from dataclasses import dataclass

from newscrawl.record import Article

# What became of a fetch. "alias" is a URL form seen in a link, not fetched: another door to a known id.
OUTCOMES = ("article", "not_modified", "gone", "failed", "alias")


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
    failure_kind: str | None = None
    message: str | None = None
    profile: str | None = None  # the site profile the page was extracted with

    def fetch(self) -> dict:
        """The facts of the fetch, as the archive stores them with a version."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "status": self.status,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "content_type": self.content_type,
            "fetched_at": self.fetched_at,
            "profile": self.profile,
        }
