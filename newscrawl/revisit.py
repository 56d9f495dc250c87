"""The revisit budget: which articles already in the archive a run asks for again, and in what order.

An archive exists to answer "what did it say, and when did that change?", and sites edit old articles
without telling anyone (a sitemap's lastmod often never moves). So every run spends up to
NEWSCRAWL_REVISIT_BUDGET conditional requests (If-None-Match / If-Modified-Since: a 304 costs the site
almost nothing) on articles it holds, in this order:

1. those the sitemap says changed after we last looked (its lastmod moves an article forward, it never
   keeps one back);
2. those never revalidated since their first fetch;
3. recent ones on a decaying schedule after publication (about 1 h, 6 h, 1 d, 3 d, 7 d, 30 d: news is
   corrected in its first hours, seldom after a month), newest first;
4. then the least recently checked, oldest check first, so that every article, however old, and every
   removed one (it may come back) is revisited in turn.

With B requests a run and S of them going to the first three tiers, a full cycle over N articles takes
about N / (B - S) runs (README.md, "Revisits").

The plan reads the archive once, when the run starts (one query for the site's ids), never per link.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime, timedelta

from newscrawl.archive import Archive
from newscrawl.cluster.published import read_published
from newscrawl.extract.dates import CHINA_TZ, parse_value

# After publication, when a news article is worth asking for again.
SCHEDULE = tuple(
    timedelta(hours=h) for h in (1, 6, 24, 3 * 24, 7 * 24, 30 * 24)
)  # fmt: skip

# Tiers, in the order the budget is spent on them.
SIGNALLED, NEVER_CHECKED, SCHEDULED, ROTATION = range(4)
TIER_NAMES = ("sitemap", "never_checked", "scheduled", "rotation")


@dataclass(frozen=True)
class Known:
    """What the archive knows of one id of the site."""

    article_id: str
    url: str  # where it was fetched: its path, at the site's base this run, is where it is asked for again
    etag: str | None
    last_modified: str | None
    published_at: datetime | None
    fetched_at: datetime | None  # the first fetch of its current content
    checked_at: datetime | None  # the last revisit, whatever it answered
    gone: bool

    @property
    def last_look(self) -> datetime | None:
        return self.checked_at or self.fetched_at


class RevisitPlan:
    def __init__(self, known: dict[str, Known], budget: int, at: datetime | None = None):
        self.known = known
        self.budget = max(0, budget)
        self.at = at or datetime.now(CHINA_TZ)
        self.lastmods: dict[str, datetime] = {}
        self.chosen: dict[str, int] | None = None  # id → tier, once chosen

    @classmethod
    def from_crawler(cls, crawler, site: str) -> RevisitPlan:
        """The plan for this run of ``site``: what the archive at NEWSCRAWL_DB knows of its ids, read once."""
        settings = crawler.settings
        if settings.get("NEWSCRAWL_REDIS_URL"):
            # A cluster's worker never opens the archive: its writer publishes the same rows in Redis.
            known = known_from_rows(read_published(settings, crawler.spidercls.name, site)["known"])
        else:
            known = read_known(settings.get("NEWSCRAWL_DB"), site)
        return cls(known, settings.getint("NEWSCRAWL_REVISIT_BUDGET"))

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.known

    def lastmod(self, article_id: str, value: str | None) -> None:
        """The sitemap's lastmod for an id (with a time: a date alone cannot say it changed after our look)."""
        parsed = parse_value(value) if value else None
        if parsed is not None and parsed.has_time:
            self.lastmods[article_id] = parsed.value

    def choose(self) -> list[Known]:
        """The articles this run revisits, best first, at most the budget; decided once per run."""
        tiered = ((self._tier(known), known) for known in self.known.values())
        # The best `budget` only: a run of a 100,000-article archive sorts no more than it spends.
        picked = heapq.nsmallest(self.budget, tiered, key=lambda entry: (entry[0], _order(*entry)))
        self.chosen = {known.article_id: tier for tier, known in picked}
        return [known for _, known in picked]

    def tier_of(self, article_id: str) -> int | None:
        """The tier an id was chosen in; None when this run leaves it alone."""
        return (self.chosen or {}).get(article_id)

    def _tier(self, known: Known) -> int:
        look = known.last_look
        changed = self.lastmods.get(known.article_id)
        if changed is not None and (look is None or changed >= look):
            return SIGNALLED
        if known.gone:
            return ROTATION  # removed: asked again in turn, in case it comes back
        if known.checked_at is None:
            return NEVER_CHECKED
        if known.published_at is not None and look is not None:
            passed = [
                known.published_at + after for after in SCHEDULE if known.published_at + after <= self.at
            ]
            if passed and look < passed[-1]:
                return SCHEDULED
        return ROTATION


def _order(tier: int, known: Known) -> tuple:
    """Within a tier: the newest articles first, except in the rotation: the longest unchecked first."""
    newest = -(known.published_at.timestamp() if known.published_at else 0.0)
    if tier == ROTATION:
        look = known.last_look
        return (look.timestamp() if look else 0.0, newest, known.article_id)
    return (newest, known.article_id)


def read_known(db_path: str | None, site: str) -> dict[str, Known]:
    """Every id of ``site`` the archive holds an article for, with what a revisit needs; none without one."""
    try:
        archive = Archive(db_path, readonly=True)
    except (FileNotFoundError, OSError):
        return {}
    try:
        rows = archive.revisit_state(site)
    except Exception:  # noqa: BLE001 - an archive without our tables yet holds nothing to revisit
        return {}
    finally:
        archive.close()
    return known_from_rows(rows)


def known_from_rows(rows: list[dict]) -> dict[str, Known]:
    """The rows of Archive.revisit_state as the plan's Known, by id."""
    return {
        row["article_id"]: Known(
            row["article_id"], row["url"], row["etag"], row["last_modified"], _moment(row["published_at"]),
            _moment(row["fetched_at"]), _moment(row["checked_at"]), bool(row["gone"]),
        )
        for row in rows
    }  # fmt: skip


def _moment(value: str | None) -> datetime | None:
    parsed = parse_value(value) if value else None
    if parsed is None:
        return None
    moment = parsed.value
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)
