"""Archives of generated articles without a crawl: for search tests and the search/export benchmarks.

The texts are the sample site's (sentences of the real seed texts, recombined); each goes through
``Archive.store`` like a crawled page, so the index and every derived column are what a crawl would write.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from newscrawl.archive import Archive, now
from newscrawl.extract.dates import CHINA_TZ
from newscrawl.record import Article, Editor
from newscrawl.sample_site.generate import generate
from newscrawl.sample_site.seeds import SampleArticle, load_seeds

FIRST_ID = 20_000_000
SITE = "https://www.dutenews.com"


def as_record(sample: SampleArticle, site: str = SITE) -> Article:
    """The record a correct extraction of this article's page gives."""
    return Article(
        url=f"{site}/n/article/{sample.id}",
        article_id=str(sample.id),
        headline=sample.headline,
        body=sample.body,
        published_at=sample.published.replace(tzinfo=CHINA_TZ).isoformat(),
        reporters=list(sample.reporters),
        editors=[Editor(role, name) for role, name in sample.editors],
        original_title=sample.original_title,
        editor_note="\n".join(sample.editor_note) or None,
        source=sample.source,
        byline=sample.byline,
        editor_line=sample.editor_line,
        extracted_by={"headline": "generated"},
    )


def fill_archive(
    path: Path,
    count: int,
    seed: int = 1,
    batch: int = 1000,
    advance: Callable[[int], None] = lambda n: None,
    search_engine: str | None = None,
) -> Archive:
    """A new archive at ``path`` holding ``count`` generated articles (ids from FIRST_ID)."""
    return fill_more(Archive(path, search_engine=search_engine), 0, count, seed, batch, advance)


def fill_more(
    archive: Archive, done: int, count: int, seed: int = 1, batch: int = 1000,
    advance: Callable[[int], None] = lambda n: None,
) -> Archive:  # fmt: skip
    """fill_archive's articles ``done`` to ``count`` (the same ones it would store: same seed, same batches)
    into ``archive``, as one generated run."""
    seeds = load_seeds()
    anchor = datetime(2026, 11, 1, 8, 0)
    args = {"count": count, "seed": seed} | ({"from": done} if done else {})
    run = archive.start_run("generated", args, 0)
    while done < count:
        size = min(batch, count - done)
        samples = generate(size, seed * 100_003 + done, seeds, FIRST_ID + done, anchor)
        with archive.batch():
            for sample in samples:
                record = as_record(sample)
                fetch = {"url": record.url, "status": 200, "fetched_at": now(), "profile": "dutenews"}
                archive.store(record, fetch, None, run)
        done += size
        advance(size)
    archive.finish_run(run, "finished", {"newscrawl/new": count})
    return archive
