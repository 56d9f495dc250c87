"""An archive rebuilt from WARC files alone (``newscrawl reextract --from-warc DIR``): the proof that the
captures hold everything the archive's articles came from.

The files are read in the order they were written (their warcinfo's date), each crawl run of theirs (the
warcinfo's ``crawl-run``) becoming a run of the new archive, of the site the warcinfo names. Every response
at an article URL of the site (the spider's own test: newscrawl.extract.profiles) is what the spider would
have handed on, and goes the same way: a page is extracted (with its headers' Content-Type, relative dates
counted back from its WARC-Date) and stored, so a new article, a changed one (a new version), the same text
again (nothing) or the same text under another id (one article, two ids) come out as in the crawl; a 404,
405 or 410, or a page saying the article was removed, marks it gone. Each version keeps where its record is.

Not restored: what the crawl learned other than from a response — failures (a timeout has no capture to
re-read), URL aliases seen only in links, the revisit bookkeeping (304s), the runs' statistics.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from newscrawl.archive import Archive
from newscrawl.extract import NotAnArticle, extract
from newscrawl.extract.dates import parse_moment
from newscrawl.extract.profiles import SiteProfile, profile_named
from newscrawl.warc import Located, records

GONE_STATUSES = {404, 405, 410}
BATCH = 200


class RestoreError(Exception):
    """The restore cannot start: no WARC files, or an archive that is not empty."""


@dataclass
class RestoreReport:
    files: int = 0
    runs: int = 0
    responses: int = 0  # at article URLs
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicate: int = 0
    gone: int = 0
    not_articles: int = 0  # pages extraction refuses (a failure in the crawl, not restored)


@dataclass
class _Run:
    """What a file's warcinfo says of the crawl run that wrote it."""

    key: str
    site: str
    site_key: str
    profile: SiteProfile
    id: int | None = None  # the run of the new archive
    counts: Counter = field(default_factory=Counter)  # outcomes, as the crawl's stats name them


def warc_files(directory: Path) -> list[Path]:
    """The WARC files of a directory, in the order they were written (their first record's date)."""
    found = [p for p in directory.iterdir() if p.name.endswith((".warc.gz", ".warc")) and p.is_file()]
    return sorted(found, key=lambda path: (_first_date(path), path.name))


def plan(archive: Archive, directory: Path) -> list[Path]:
    """The WARC files to restore ``archive`` from; RestoreError unless there are some and it is empty."""
    if archive.count_articles() or archive.runs(1):
        raise RestoreError(f"{archive.path} is not empty: --from-warc rebuilds an archive into an empty one")
    files = warc_files(directory)
    if not files:
        raise RestoreError(f"no WARC files (*.warc.gz, *.warc) in {directory}")
    return files


def restore(
    archive: Archive, directory: Path, advance: Callable[[int], None] = lambda n: None
) -> RestoreReport:
    """Rebuild ``archive`` (empty) from the WARC files in ``directory``; ``advance`` gets bytes read."""
    files = plan(archive, directory)
    report = RestoreReport(files=len(files))
    run: _Run | None = None
    pending: list[Located] = []
    for path in files:
        for found in records(path, payloads=True):
            advance(found.length)
            if found.record.rec_type == "warcinfo":
                info = _run_of(found)
                if run is None or info.key != run.key:
                    _finish(archive, run, pending, report)
                    run = info
                    run.id = archive.start_run(
                        run.site, {"from_warc": str(directory)}, os.getpid(), run.site_key
                    )
                    report.runs += 1
            elif found.record.rec_type == "response" and run is not None and _article(run, _url(found)):
                pending.append(found)
                if len(pending) >= BATCH:
                    _flush(archive, run, pending, report)
    _finish(archive, run, pending, report)
    return report


def _flush(archive: Archive, run: _Run, pending: list[Located], report: RestoreReport) -> None:
    with archive.batch():
        for found in pending:
            outcome = _store(archive, found, run)
            setattr(report, outcome, getattr(report, outcome) + 1)
            run.counts[outcome] += 1
            report.responses += 1
    pending.clear()


def _finish(archive: Archive, run: _Run | None, pending: list[Located], report: RestoreReport) -> None:
    """The end of a run's records: the last batch, and the run's figures as the crawl names them."""
    if run is None:
        return
    _flush(archive, run, pending, report)
    archive.finish_run(run.id, "restored", {f"newscrawl/{name}": count for name, count in run.counts.items()})


def _store(archive: Archive, found: Located, run: _Run) -> str:
    """One response at an article URL, as the spider and the store would have taken it; its outcome."""
    url = _url(found)
    article_id, channel = _article(run, url)
    http = found.record.http_headers
    status = int(http.get_statuscode())
    moment = datetime.fromisoformat(found.record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00"))
    fetched_at = moment.astimezone().isoformat(timespec="seconds")
    if status in GONE_STATUSES:
        archive.mark_gone(article_id, url, status, run.id, run.site_key)
        return "gone"
    if status >= 300:
        return "not_articles"  # a redirect (its target has its own record) or an error the crawl recorded
    content_type = http.get_header("Content-Type")
    try:
        article = extract(found.payload or b"", url, content_type, profile=run.profile,
                          fetched_at=parse_moment(fetched_at))  # fmt: skip
    except NotAnArticle as reason:
        if reason.kind == "removed":
            archive.mark_gone(article_id, url, status, run.id, run.site_key)
            return "gone"
        return "not_articles"
    article.article_id = article_id
    article.channel = channel or article.channel
    headers: dict[str, str] = {}
    for name, value in http.headers:
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    fetch = {"url": url, "canonical_url": f"{run.site}/n/article/{article_id}", "status": status,
             "etag": http.get_header("ETag"), "last_modified": http.get_header("Last-Modified"),
             "content_type": content_type, "headers": headers, "fetched_at": fetched_at,
             "profile": run.profile.name, "site": run.site_key, "warc_file": str(found.path.resolve()),
             "warc_offset": found.offset, "warc_length": found.length}  # fmt: skip
    return archive.store(article, fetch, found.payload, run.id)


def _run_of(found: Located) -> _Run:
    fields = {}
    for line in (found.payload or b"").decode("utf-8").splitlines():
        name, _, value = line.partition(":")
        fields[name.strip()] = value.strip()
    site = fields.get("site") or ""
    return _Run(fields.get("crawl-run") or found.path.name, site.rstrip("/"), fields.get("site-key") or "",
                profile_named(fields.get("profile") or "dutenews"))  # fmt: skip


def _url(found: Located) -> str:
    return found.record.rec_headers.get_header("WARC-Target-URI") or ""


def _article(run: _Run, url: str) -> tuple[str, str | None] | None:
    """(id, channel) when the URL is an article of the run's site in any of its forms, as the spider sees it."""
    found = run.profile.article_id(url)
    if found:
        return found
    site, seen = urlsplit(run.site), urlsplit(url)
    if (seen.hostname, seen.port) == (site.hostname, site.port):
        return run.profile.article_id_of_path(seen.path)
    return None


def _first_date(path: Path) -> str:
    for found in records(path):
        return found.record.rec_headers.get_header("WARC-Date") or ""
    return ""
