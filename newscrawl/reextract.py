"""Re-run extraction over the raw pages in the archive, without refetching anything.

After the extractor improves, every article's latest page is extracted again with the profile it was
crawled with, its relative dates ("3小时前") counted back from when that page was fetched; where the
record differs from the stored one, the new record becomes a new version (sharing the raw page); where it
is the same, nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from newscrawl.archive import Archive
from newscrawl.extract import NotAnArticle, extract
from newscrawl.extract.dates import parse_moment
from newscrawl.extract.profiles import profile_named

BATCH = 200


@dataclass
class Report:
    checked: int = 0
    changed: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (seq, reason): kept as they were


def reextract(archive: Archive, advance: Callable[[int], None] = lambda n: None) -> Report:
    report = Report()
    pending = []
    for page in list(archive.latest_versions()):
        report.checked += 1
        stored = page["record"]
        try:
            article = extract(
                page["raw"],
                page["url"],
                page["content_type"],
                profile=profile_named(page["profile"]),
                fetched_at=_fetch_time(page.get("fetched_at")),
            )
        except NotAnArticle as reason:
            report.failed.append((page["seq"], str(reason)))
            advance(1)
            continue
        # The crawl sets what the URL it came through says (the id, the 深圳号 channel); keep them.
        article.article_id = stored["article_id"]
        article.channel = stored.get("channel") or article.channel
        if article.to_dict() != stored:
            pending.append((page["seq"], article, page["version"]))
        if len(pending) >= BATCH:
            report.changed += _write(archive, pending)
        advance(1)
    report.changed += _write(archive, pending)
    return report


def _write(archive: Archive, pending: list) -> int:
    count = len(pending)
    if pending:
        with archive.batch():
            for seq, article, version in pending:
                archive.add_version(seq, article, version, run=None)
        pending.clear()
    return count


def _fetch_time(value: str | None) -> datetime | None:
    """When the stored page was fetched, for its relative dates; None when the archive does not say."""
    try:
        return parse_moment(value) if value else None
    except ValueError:
        return None
