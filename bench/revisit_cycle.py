"""How long the revisit budget takes to go round a whole archive: a simulation of hourly runs of the real plan
(newscrawl.revisit.RevisitPlan), no network and no clock.

An archive of N articles published evenly over the last ``years`` years, each fetched once when it was new;
``per_day`` new articles a day arrive spread over the hours (fetched as new: no budget), and every run spends
``budget`` revisits as the plan chooses them. The cycle is the number of hourly runs until every article that
was in the archive at the start has been revisited at least once; also reported: the revisits that went to
the decaying schedule (new articles' first days) per run.

    python -m bench.revisit_cycle                       # 10,000 and 100,000 articles, budget 500
    python -m bench.revisit_cycle --articles 10000 --budget 200
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta

from newscrawl.extract.dates import CHINA_TZ
from newscrawl.revisit import NEVER_CHECKED, ROTATION, SCHEDULED, Known, RevisitPlan

START = datetime(2026, 11, 30, 0, 0, tzinfo=CHINA_TZ)


def simulate(
    articles: int, budget: int, per_day: int = 300, years: float = 5.0, limit_hours: int = 24 * 60
) -> dict:
    span = timedelta(days=365 * years)
    archive: dict[str, Known] = {}
    for index in range(articles):
        published = START - span * (index + 1) / articles
        # Every article was checked before, a month after publication or an hour ago if it is newer (none
        # is due on the schedule then: the cycle measured is the rotation's).
        checked = min(published + timedelta(days=31), START - timedelta(hours=1))
        archive[str(index)] = Known(str(index), f"/n/article/{index}", '"e"', None, published,
                                    published + timedelta(minutes=10), checked, False)  # fmt: skip
    waiting = set(archive)
    at, hour, next_id = START, 0, articles
    tiers = {NEVER_CHECKED: 0, SCHEDULED: 0, ROTATION: 0}
    while waiting and hour < limit_hours:
        for _ in range(per_day // 24 + (1 if hour % 24 < per_day % 24 else 0)):  # this hour's new articles
            published = at - timedelta(minutes=30)
            archive[str(next_id)] = Known(str(next_id), "", '"e"', None, published, published, None, False)
            next_id += 1
        plan = RevisitPlan(archive, budget, at=at)
        for entry in plan.choose():
            tiers[plan.tier_of(entry.article_id)] += 1
            archive[entry.article_id] = Known(entry.article_id, entry.url, entry.etag, None, entry.published_at,
                                              entry.fetched_at, at, False)  # fmt: skip
            waiting.discard(entry.article_id)
        at += timedelta(hours=1)
        hour += 1
    return {
        "articles": articles, "budget": budget, "new_per_day": per_day, "full_cycle_runs": hour,
        "full_cycle_days": round(hour / 24, 1), "complete": not waiting,
        "per_run": {name: round(tiers[tier] / hour, 1) for name, tier in
                    (("never_checked", NEVER_CHECKED), ("scheduled", SCHEDULED), ("rotation", ROTATION))},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="archive sizes (default 10000, 100000)")
    parser.add_argument("--budget", type=int, default=500)
    parser.add_argument("--per-day", type=int, default=300)
    args = parser.parse_args()
    for size in args.articles or (10_000, 100_000):
        print(json.dumps(simulate(size, args.budget, args.per_day)), flush=True)


if __name__ == "__main__":
    main()
