"""The newscrawl command line: a thin click layer over the library."""

from __future__ import annotations

import json
import signal
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click

from newscrawl.archive import ENGINES, Archive, ArchiveError, NotAnArchiveError
from newscrawl.extract import NotAnArticle, extract
from newscrawl.extract.dates import parse_moment
from newscrawl.extract.decode import MAX_PAGE_BYTES
from newscrawl.extract.profiles import PROFILES, profile_named
from newscrawl.items import FETCH_ENDS

DEFAULT_DB = "data/dutenews.db"

# The most results or rows a count option takes: past it, SQLite's integers overflow (and no archive holds
# a billion articles). 0 means all where a count allows it.
MAX_COUNT = 1_000_000_000


class _Whole(click.IntRange):
    name = "integer"  # "'abc' is not a valid integer", not "… a valid integer range"


COUNT = _Whole(0, MAX_COUNT)
PORT = _Whole(0, 65535)


def db_option(readonly: bool = True):
    """--db, the same in every command (like sqlite-utils), defaulting to NEWSCRAWL_DB or data/dutenews.db."""
    return click.option(
        "--db",
        "db_path",
        envvar="NEWSCRAWL_DB",
        default=DEFAULT_DB,
        show_default=True,
        type=click.Path(dir_okay=False, path_type=Path, exists=readonly),
        help="The SQLite archive.",
    )


def open_archive(path: Path, readonly: bool = True) -> Archive:
    try:
        return Archive(path, readonly=readonly)
    except NotAnArchiveError as error:
        raise click.ClickException(str(error)) from None  # names the path already
    except Exception as error:  # noqa: BLE001 - any failure to open is the user's to see, in one line
        raise click.ClickException(f"cannot open the archive {path}: {error}") from None


class Commands(click.Group):
    """Any archive error a command did not expect becomes one line and exit 1, never a traceback; a
    malformed option value (not a number, out of range, a missing file) one line and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sqlite3.Error as error:
            raise click.ClickException(f"archive error: {error}") from None
        except ArchiveError as error:  # a full disk: the batch was rolled back, the archive is as it was
            raise click.ClickException(str(error)) from None
        except click.BadParameter as error:
            if isinstance(error, click.MissingParameter):
                raise  # with the usage, which says what is missing
            raise BadValue(error.format_message()) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newscrawl")
def main() -> None:
    """Crawl, archive, search and export municipal news (读特 / dutenews.com)."""


@main.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--url", help="The URL the page was fetched from (decides the site profile and the article id)."
)
@click.option("--content-type", help="The Content-Type header it was served with, if known (a charset hint).")
@click.option(
    "--profile",
    type=click.Choice([p.name for p in PROFILES]),
    help="Apply this site profile whatever the URL's host (pages saved from a mirror or the sample site).",
)
@click.option(
    "--fetched-at",
    metavar="ISO",
    help="When the page was fetched, ISO 8601 (China time if it has no offset); relative dates "
    "(3小时前, 昨天 10:20) count back from it. Default: now.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the article as one JSON object.")
def extract_command(
    file: Path,
    url: str | None,
    content_type: str | None,
    profile: str | None,
    fetched_at: str | None,
    as_json: bool,
) -> None:
    """Extract the article from one saved page; no network, no database.

    Exits 1 with a message on stderr when the page is not an article.

    Example:

        newscrawl extract page.html --url https://www.dutenews.com/n/article/10668001 --json

        newscrawl extract page.html --fetched-at 2024-05-13T12:00:00+08:00 --json
    """
    moment = _fetch_time(fetched_at)
    page = _read_page(file)
    try:
        article = extract(
            page,
            url or file.resolve().as_uri(),
            content_type,
            profile=profile_named(profile),
            fetched_at=moment,
        )
    except NotAnArticle as reason:
        raise click.ClickException(f"{file}: not an article: {reason}") from None
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(article.headline)
    for label, value in (
        ("published", article.published_at),
        ("reporters", "、".join(article.reporters)),
        ("editors", " ".join(f"{e.role} {e.name}" for e in article.editors)),
        ("source", article.source),
        ("hash", article.content_hash),
    ):
        if value:
            click.echo(f"{label}: {value}")
    click.echo()
    click.echo(article.body)


def _read_page(file: Path) -> bytes:
    """The page, read up to the extractor's limit and refused past it: /dev/zero, a pipe or a huge file is
    never read whole."""
    page = bytearray()
    try:
        # Unbuffered: no read-ahead past the limit and its one byte.
        with file.open("rb", buffering=0) as handle:
            while len(page) <= MAX_PAGE_BYTES and (chunk := handle.read(MAX_PAGE_BYTES + 1 - len(page))):
                page += chunk
    except OSError as error:
        raise click.ClickException(f"cannot read {file}: {error.strerror or error}") from None
    if len(page) > MAX_PAGE_BYTES:
        raise click.ClickException(
            f"{file}: not an article: page too large (over the {MAX_PAGE_BYTES / 1e6:.0f} MB limit)"
        )
    return bytes(page)


class BadValue(click.ClickException):
    """A malformed option value: one line on stderr and exit 2, like a usage error but without the usage
    (a click.UsageError raised in a command gets the usage printed over it)."""

    exit_code = 2


def _fetch_time(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        return parse_moment(value)
    except ValueError:
        raise BadValue(
            f"invalid --fetched-at {value!r}: not an ISO 8601 time (e.g. 2024-05-13T12:00:00+08:00)"
        ) from None


@main.command()
@db_option()
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.option("--runs", default=5, show_default=True, type=COUNT,
              help="How many of the last crawl runs to show; 0 for all.")  # fmt: skip
@click.option("--failures", default=10, show_default=True, type=COUNT,
              help="How many of the recent failures to show; 0 for all.")  # fmt: skip
@click.option("--redis", "redis_url", metavar="URL",
              help="Also the cluster sharing this Redis: its run, queue depth, workers and their counts.")  # fmt: skip
def stats(db_path: Path, as_json: bool, runs: int, failures: int, redis_url: str | None) -> None:
    """Counts, the last crawl runs and the recent failures of an archive (and of a cluster, with --redis).

    Example:

        newscrawl stats --db data/dutenews.db

        newscrawl stats --db data/dutenews.db --redis redis://127.0.0.1:6379/0
    """
    archive = open_archive(db_path)
    data = {"db": str(db_path), "bytes": db_path.stat().st_size, "counts": archive.counts(),
            "search_index": archive.search_status(),
            "runs": archive.runs(runs or -1), "failures": archive.recent_failures(failures or -1)}  # fmt: skip
    archive.close()
    if redis_url:
        data["cluster"] = _cluster_status(redis_url)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    counts = data["counts"]
    click.echo(f"archive {db_path} ({data['bytes'] / 1e6:.1f} MB)")
    click.echo("  " + "  ".join(f"{name} {value}" for name, value in counts.items()))
    index = data["search_index"]
    state = ("missing: run newscrawl reindex" if index["lag"] is None
             else "in step" if not index["lag"] else f"lacks the last {index['lag']} changes")  # fmt: skip
    click.echo(f"search index: {index['engine'] or 'none'} ({index['bytes'] / 1e6:.1f} MB), {state}")
    click.echo("last crawl runs:")
    for run in data["runs"]:
        s = run["stats"]
        took = s.get("elapsed_time_seconds")
        outcome = "  ".join(
            f"{k} {s.get('newscrawl/' + k, 0)}" for k in ("new", "changed", "unchanged", "gone", "failed")
        )
        if "newscrawl/revisit/requested" in s:
            # The revisit budget's spending: asked again, answered 304, found changed, found removed.
            revisits = "  ".join(
                f"{label} {s.get('newscrawl/revisit/' + key, 0)}"
                for label, key in (("revisits", "requested"), ("304", "not_modified"), ("changed", "changed"),
                                   ("gone", "gone"))
            )  # fmt: skip
            outcome += f"  | {revisits} of budget {s.get('newscrawl/revisit/budget', 0)}"
        # Known articles linked this run that the revisit budget did not ask for again.
        outcome += f"  left alone {s.get('newscrawl/skipped_known', 0)}"
        if "newscrawl/fetched" in s:
            # What became of every page the run fetched: the sum holds, or the run lost something.
            ends = " + ".join(f"{end} {s.get('newscrawl/ended/' + end, 0)}" for end in FETCH_ENDS)
            outcome += f"  | fetched {s['newscrawl/fetched']} = {ends}"
            if s.get("newscrawl/unaccounted"):
                outcome += f"  UNACCOUNTED {s['newscrawl/unaccounted']}"
        click.echo(
            f"  #{run['id']} {run['started_at']}  {run['status']:<14} {outcome}"
            + (f"  ({s.get('downloader/response_count', 0)} responses, {took:.1f} s)" if took else "")
        )
    click.echo("recent failures:")
    for failure in data["failures"]:
        click.echo(
            f"  run {failure['crawl_run']}  {failure['kind']:<14} {failure['url']}  {failure['message'][:80]}"
        )
    if redis_url:
        from newscrawl.cluster.status import format_status

        for line in format_status(data["cluster"]):
            click.echo(line)


def _cluster_status(url: str) -> dict:
    from redis import RedisError

    from newscrawl.cluster.link import client
    from newscrawl.cluster.status import cluster_status

    try:
        return cluster_status(client(url))
    except (ValueError, RedisError) as error:
        raise click.ClickException(f"cannot read the cluster at {url}: {error}") from None


@main.command()
@click.option("--redis", "redis_url", required=True, metavar="URL", envvar="NEWSCRAWL_REDIS_URL",
              help="The cluster's Redis (the workers' NEWSCRAWL_REDIS_URL).")  # fmt: skip
@db_option(readonly=False)
@click.option("--idle-exit", type=click.FloatRange(0, 10**6), metavar="SECONDS",
              help="Stop once no run is in progress and no item has come for this long (default: run until "
              "stopped by a signal).")  # fmt: skip
def store(redis_url: str, db_path: Path, idle_exit: float | None) -> None:
    """The single writer of a cluster: the workers' items from Redis into the archive.

    Runs the archive's pipelines (validate, dedupe, store) over the item stream, one crawl run per cluster run,
    and acknowledges items only once committed; publishes for the workers what they must know of the
    archive. Holds the archive's lock, as a crawl does (exit 4 when another holds it).

    Example:

        newscrawl store --redis redis://127.0.0.1:6379/0 --db data/dutenews.db
    """
    from newscrawl.cluster.writer import serve

    serve(redis_url, db_path, idle_exit)


@main.command()
@db_option(readonly=False)
@click.option("--from-warc", "warc_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Rebuild an empty (or new) archive from the WARC files in this directory alone.")  # fmt: skip
def reextract(db_path: Path, warc_dir: Path | None) -> None:
    """Re-run extraction over the stored raw pages; no refetch. A changed record becomes a new version.

    With --from-warc, rebuild the articles from WARC captures instead (an archive restored from them): every
    response at an article URL extracted and stored as the crawl would have.

    Example:

        newscrawl reextract --db data/dutenews.db

        newscrawl reextract --from-warc data/warc --db restored.db
    """
    if warc_dir is not None:
        _restore(db_path, warc_dir)
        return
    if not db_path.exists():
        raise BadValue(f"Invalid value for '--db': File '{db_path}' does not exist.")
    from newscrawl.reextract import reextract as run

    archive = open_archive(db_path, readonly=False)
    with click.progressbar(length=archive.count_articles(), label="re-extracting", file=sys.stderr) as bar:
        report = run(archive, bar.update)
    archive.close()
    click.echo(
        f"{report.checked} articles checked, {report.changed} new versions, {len(report.failed)} not articles now"
    )
    for seq, reason in report.failed[:10]:
        click.echo(f"  #{seq}: {reason} (kept as it was)")


def _restore(db_path: Path, warc_dir: Path) -> None:
    from newscrawl.warc_restore import RestoreError, plan, restore

    archive = open_archive(db_path, readonly=False)
    try:
        size = sum(path.stat().st_size for path in plan(archive, warc_dir))
        with click.progressbar(length=size, label="restoring", file=sys.stderr) as bar:
            report = restore(archive, warc_dir, bar.update)
    except RestoreError as error:
        raise click.ClickException(str(error)) from None
    finally:
        archive.close()
    files, runs = report.files, report.runs
    click.echo(
        f"{db_path}: {report.new} articles, {report.new + report.changed} versions, {report.duplicate} more ids of "
        f"the same texts, {report.gone} removal answers, from {report.responses} responses at article URLs in "
        f"{files} WARC file{'' if files == 1 else 's'} of {runs} crawl run{'' if runs == 1 else 's'}; "
        f"{report.not_articles} were no article page (failures are not restored)"
    )


@main.command()
@db_option()
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="Switch the archive's search index to this engine (default: keep its own). tantivy: beside the "
    "file (ARCHIVE.tantivy/), fast at any size; fts5: inside the file.",
)
def reindex(db_path: Path, engine: str | None) -> None:
    """Rebuild the search index from the stored articles (the old index stays and answers until the new one
    is complete), or switch it to another engine.

    Examples:

        newscrawl reindex --db data/dutenews.db

        newscrawl reindex --db data/dutenews.db --engine tantivy
    """
    archive = open_archive(db_path, readonly=False)
    start = time.perf_counter()
    with click.progressbar(length=archive.count_articles(), label="indexing", file=sys.stderr) as bar:
        with archive.batch():
            count = archive.reindex(bar.update, engine=engine)
    archive.close()
    click.echo(f"{count} articles indexed ({archive.engine}) in {time.perf_counter() - start:.1f} s")


DATE = click.DateTime(["%Y-%m-%d"])


def date_options(command=None, *, what: str = "Published"):
    """--since/--until, on the date the article prints (inclusive), the same for search and export;
    ``date_options(what="Edited")`` for another date, named in the help."""
    if command is None:
        return lambda command: date_options(command, what=what)
    command = click.option("--until", type=DATE, help=f"{what} on or before this date (YYYY-MM-DD).")(command)
    return click.option("--since", type=DATE, help=f"{what} on or after this date (YYYY-MM-DD).")(command)


def _dates(since, until) -> dict:
    return {"since": since and since.date().isoformat(), "until": until and until.date().isoformat()}


def open_searchable(path: Path) -> Archive:
    archive = open_archive(path)
    if not archive.has_search_index():
        raise click.ClickException(f"{path} has no search index yet: run `newscrawl reindex --db {path}`")
    return archive


# Unknown "options" are query words: `newscrawl search 深圳 -广告` excludes 广告.
@main.command(context_settings={"ignore_unknown_options": True})
@db_option()
@click.argument("words", nargs=-1)
@click.option("--limit", default=20, show_default=True, type=COUNT, help="At most N results; 0 for all.")
@date_options
@click.option("--reporter", help="Only articles with this reporter (a bare name, e.g. 杨明铭).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON array.")
def search(
    db_path: Path, words: tuple[str, ...], limit: int, since, until, reporter: str | None, as_json: bool
) -> None:
    """Find the articles whose headline or body contains every term of QUERY (one argument or several).

    Chinese terms of any length, one character up, find every article that contains them. Terms separated
    by spaces must all match; "a phrase" matches its words in order; 福田 OR 南山 matches either; -word
    excludes. Ranked by relevance (bm25, headline hits first), newer first among equals.

    Examples:

        newscrawl search --db data/dutenews.db 龙华

        newscrawl search 深圳 '"数字龙华 都市核心"' -广告 --since 2021-01-01 --json
    """
    from newscrawl.search import snippet
    from newscrawl.search.query import QueryError, parse

    try:
        parsed = parse(" ".join(words))
        parsed.match()  # every term encodable
    except QueryError as error:
        click.echo(f"Error: bad query: {error}", err=True)
        sys.exit(2)
    archive = open_searchable(db_path)
    filters = {**_dates(since, until), "reporter": reporter}
    hits = archive.find(parsed, limit=limit, **filters)
    if archive.search_lag:
        click.echo(
            f"Warning: the search index lacks the last {archive.search_lag} changes of the archive (a crawl "
            f"is writing them, or was killed: any crawl or `newscrawl reindex --db {db_path}` catches up)",
            err=True,
        )
    terms = parsed.positive_terms
    if as_json:
        for hit in hits:
            hit["snippet"] = snippet(hit["headline"], hit.pop("body"), terms)
        click.echo(json.dumps(hits, ensure_ascii=False, indent=2))
        return
    # Bold red on a terminal; [brackets] in a pipe or a file.
    mark = ("\x1b[1;31m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
    total = archive.count_found(parsed, **filters) if limit and len(hits) == limit else len(hits)
    for number, hit in enumerate(hits, 1):
        when = (hit["published_at"] or "")[:16].replace("T", " ") or "no date"
        click.echo(f"{number:>3}. {when}  {hit['headline']}  (#{hit['seq']:03d}, id {hit['article_id']})")
        click.echo(f"     {snippet(hit['headline'], hit['body'], terms, mark)}")
        click.echo(f"     {hit['url']}")
    click.echo(f"{total} articles match; {len(hits)} shown", err=True)


@main.command()
@db_option()
@click.option(
    "--port", default=8001, show_default=True, type=PORT, help="Port on 127.0.0.1 (0: any free port)."
)
def serve(db_path: Path, port: int) -> None:
    """Datasette on the archive: read-only, the articles searchable in Chinese, facets on date, reporter
    and editor.

    Exits 0 when stopped (Ctrl-C, kill), 1 with one line on stderr when it cannot start (the port is taken,
    the archive has no search index) or Datasette fails.

    Example:

        newscrawl serve --db data/dutenews.db --port 8001
    """
    import subprocess
    import tempfile

    from newscrawl import serve as datasette

    open_searchable(db_path).close()
    if reason := datasette.cannot_listen(port):
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {reason}")
    with tempfile.TemporaryDirectory(prefix="newscrawl-serve-") as tmp:
        metadata = datasette.write_metadata(db_path, Path(tmp))
        click.echo(
            f"Datasette on {db_path} at http://127.0.0.1:{port or '<a free port, see below>'}/ "
            "(read-only; Ctrl-C stops it)",
            err=True,
        )
        process = subprocess.Popen(datasette.command(db_path, metadata, port))
        # Stopping newscrawl serve (Ctrl-C, kill, a closed terminal) stops Datasette with it.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, lambda *_: process.terminate())
        try:
            status = process.wait()
        except KeyboardInterrupt:
            process.terminate()
            status = process.wait()
    # Stopped by a signal it was sent: 0. Anything else (a port taken meanwhile is uvicorn's 3, which is the
    # crawl's "fetched nothing"): 1, Datasette having said why on stderr.
    sys.exit(0 if status <= 0 else 1)


VERSION = _Whole(1, MAX_COUNT)


@main.command("diff")
@db_option()
@click.argument("article_id", metavar="ID")
@click.option("--site", help="The site of the id (its host: www.dutenews.com), when several sites have it.")
@click.option("--from", "from_n", type=VERSION, metavar="N",
              help="The older version, numbered from 1 (default: the one before --to).")  # fmt: skip
@click.option("--to", "to_n", type=VERSION, metavar="M", help="The newer version (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="Print the diff as one JSON object.")
def diff_command(
    db_path: Path, article_id: str, site: str | None, from_n: int | None, to_n: int | None, as_json: bool
) -> None:
    """What changed between two versions of the article with the site id ID (as in its URL): the fields
    as `name: old → new`, then the body, the removed text [-like this-] and the added {+like this+} (red
    and green on a terminal); long unchanged stretches are cut around ….

    Exits 1 with one line when there is nothing to diff (no article has the id, or it has one version), 2
    when the id is no number, a version is past the article's last, or the id is on several sites and no
    --site says which.

    Examples:

        newscrawl diff --db data/dutenews.db 10600156

        newscrawl diff --db data/dutenews.db 10600156 --from 1 --to 3 --json
    """
    from newscrawl.diff import diff_records, render_text, to_json
    from newscrawl.extract.profiles import site_key

    if not article_id.isascii() or not article_id.isdigit():
        raise BadValue(f"invalid ID {article_id!r}: an article id is a number, as in its URL")
    key = None
    if site is not None and not (key := site_key(site if "//" in site else f"//{site}")):
        raise BadValue(f"invalid --site {site!r}: not a host (e.g. www.dutenews.com)")
    archive = open_archive(db_path)
    found = archive.seqs_of_id(article_id, key)
    if not found:
        where = f" on {key}" if key else ""
        raise click.ClickException(f"no article with id {article_id}{where} in {db_path}")
    if len(found) > 1:
        sites = ", ".join(str(s) for s, _ in found)
        raise BadValue(f"id {article_id} is on several sites ({sites}): say which with --site")
    [(site_of, seq)] = found
    versions = archive.versions_of(seq)
    archive.close()
    last = len(versions)
    for name, number in (("--from", from_n), ("--to", to_n)):
        if number is not None and number > last:
            raise BadValue(f"{name} {number}: article {article_id} has {_versions(last)}")
    to_n = to_n or last
    from_n = from_n or to_n - 1
    if from_n < 1:
        raise click.ClickException(f"nothing to diff: article {article_id} has {_versions(last)}")
    old, new = versions[from_n - 1], versions[to_n - 1]
    diff = diff_records(old["record"], new["record"])
    if as_json:
        ends = {end: {k: v[k] for k in ("n", "fetched_at", "crawl_run", "origin", "content_hash")}
                for end, v in (("from", old), ("to", new))}  # fmt: skip
        data = {"article_id": article_id, "site": site_of, "seq": seq, "headline": new["record"]["headline"],
                **ends, **to_json(diff)}  # fmt: skip
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{article_id} (#{seq:03d}) {new['record']['headline']}")
    click.echo(f"version {_version_label(old)} → version {_version_label(new)}")
    click.echo(render_text(diff, colour=sys.stdout.isatty()))


def _versions(count: int) -> str:
    return "one version" if count == 1 else f"{count} versions (1-{count})"


def _version_label(version: dict) -> str:
    run = f", run {version['crawl_run']}" if version["crawl_run"] is not None else ""
    origin = f", {version['origin']}" if version["origin"] != "crawl" else ""
    return f"{version['n']} ({version['fetched_at']}{run}{origin})"


@main.command()
@db_option()
@date_options(what="Edited")
@click.option("--json", "as_json", is_flag=True, help="Print the edited articles as a JSON array.")
def changes(db_path: Path, since, until, as_json: bool) -> None:
    """The articles edited in a period, most recently edited first: one line each with the date of the
    edit, the id, the archive number, what changed (fields, +added −removed characters of the body), the
    flags "minor" (whitespace, character width or the date line only) and "更正 appended" (a correction
    notice added), and the headline. An article edited several times in the period shows the change from
    before its first edit to after its last. The date is the day the edited version was fetched.

    Examples:

        newscrawl changes --db data/dutenews.db --since 2024-05-01

        newscrawl changes --db data/dutenews.db --since 2024-05-01 --until 2024-05-31 --json
    """
    from newscrawl.diff import edit_in_period

    archive = open_archive(db_path)
    dates = _dates(since, until)
    found = []
    for seq in archive.edited_seqs(**dates):
        edit = edit_in_period(archive.versions_of(seq), **dates)
        if edit is None:
            continue
        base, last, edits, diff = edit
        fields = [change.name for change in diff.fields] + (["body"] if diff.added or diff.removed else [])
        row = archive.article(seq) or {}
        found.append({
            "article_id": row.get("article_id"), "site": row.get("site"), "seq": seq,
            "edited_at": last["fetched_at"], "from": base["n"], "to": last["n"], "edits": edits,
            "fields": fields, "added": diff.added, "removed": diff.removed, "minor": diff.minor,
            "correction": diff.correction, "headline": last["record"]["headline"],
        })  # fmt: skip
    archive.close()
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for change in found:
        flagged = (("minor", change["minor"]), ("更正 appended", change["correction"]))
        flags = "".join(f"  {flag}" for flag, on in flagged if on)
        edits = f" ({change['edits']} edits)" if change["edits"] > 1 else ""
        click.echo(
            f"{change['edited_at'][:10]}  {change['article_id']}  #{change['seq']:03d}  "
            f"{', '.join(change['fields']) or 'nothing'}  +{change['added']} −{change['removed']}"
            f"{flags}{edits}  {change['headline']}"
        )
    click.echo(f"{len(found)} articles edited", err=True)


@main.group()
def export() -> None:
    """Export the archive: JSON lines with every field, the plain-text corpus (NNN_hash.txt), or the WARC
    captures (one WARC, or a WACZ)."""


@export.command("jsonl")
@db_option()
@click.option("-o", "--output", required=True, help="The file to write; - for standard output.")
@date_options
@click.option("--all-versions", is_flag=True,
              help="Every version of every article (seq, version, fetched_at, crawl_run, status, origin), in "
              "seq then version order, instead of the latest.")  # fmt: skip
def export_jsonl(db_path: Path, output: str, since, until, all_versions: bool) -> None:
    """One JSON object per article (its latest version), with urls and versions; with --all-versions, one
    per version.

    Example:

        newscrawl export jsonl --db data/dutenews.db -o articles.jsonl

        newscrawl export jsonl --db data/dutenews.db --all-versions -o versions.jsonl
    """
    from newscrawl.export import ExportError, jsonl_target, write_jsonl, write_jsonl_file

    archive = open_archive(db_path)
    if output != "-":
        try:
            jsonl_target(Path(output))  # refused before the progress bar shows
        except ExportError as error:
            raise click.ClickException(str(error)) from None
    dates = _dates(since, until)
    length = archive.count_versions(**dates) if all_versions else archive.count_records(**dates)
    with click.progressbar(length=length, label="exporting", file=sys.stderr) as bar:
        if output == "-":
            count = write_jsonl(archive, sys.stdout, advance=bar.update, all_versions=all_versions, **dates)
        else:
            try:
                count = write_jsonl_file(
                    archive, Path(output), advance=bar.update, all_versions=all_versions, **dates
                )
            except ExportError as error:
                raise click.ClickException(str(error)) from None
    what = "versions" if all_versions else "articles"
    click.echo(f"{count} {what} written to {'standard output' if output == '-' else output}", err=True)


@export.command("txt")
@db_option()
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The corpus directory (created if missing).")  # fmt: skip
@date_options
def export_txt(db_path: Path, output: Path, since, until) -> None:
    """The plain-text corpus: one NNN_hash.txt per article, NNN its stable archive number.

    A rerun writes only what changed and removes the files of articles whose content changed; nothing
    else in the directory is touched.

    Example:

        newscrawl export txt --db data/dutenews.db -o data/corpus
    """
    from newscrawl.export import ExportError, write_corpus

    archive = open_archive(db_path)
    dates = _dates(since, until)
    try:
        with click.progressbar(
            length=archive.count_records(**dates), label="exporting", file=sys.stderr
        ) as bar:
            report = write_corpus(archive, output, advance=bar.update, **dates)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{output}: {report.written} files written, {report.unchanged} unchanged, {report.removed} removed"
    )


def _warc_export_options(command):
    command = click.option("--warc-dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
                           help="Where the WARC files are, if they moved from where the crawl wrote them.")(command)  # fmt: skip
    command = date_options(command, what="Captured")
    return click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                        help="The file to write; - for standard output (export warc).")(command)  # fmt: skip


def _export_captures(kind: str, db_path: Path, output: Path, since, until, warc_dir: Path | None) -> None:
    from newscrawl.export import ExportError, jsonl_target
    from newscrawl.warc_export import export_wacz, export_warc, sources, write_period

    to_stdout = str(output) == "-"
    if to_stdout and kind == "wacz":
        raise BadValue("-o -: a WACZ is a zip file; name the file to write")
    archive = open_archive(db_path)
    dates = _dates(since, until)
    write = export_wacz if kind == "wacz" else export_warc
    try:
        if not to_stdout:
            jsonl_target(output)  # refused before the progress bar shows
        files = sources(archive, warc_dir=warc_dir, **dates)
        with click.progressbar(length=sum(f.stat().st_size for f in files), label="exporting",
                               file=sys.stderr) as bar:  # fmt: skip
            if to_stdout:
                report = write_period(archive, sys.stdout.buffer, files, advance=bar.update, **dates)
            else:
                report = write(archive, output, files, advance=bar.update, **dates)
    except ExportError as error:
        raise click.ClickException(str(error)) from None
    files, size = report.files, f" ({report.bytes / 1e6:.1f} MB)" if report.bytes else ""
    click.echo(f"{'standard output' if to_stdout else output}: {report.records} records from {files} WARC "
               f"file{'' if files == 1 else 's'}, {len(report.pages)} article pages{size}", err=True)  # fmt: skip


@export.command("warc")
@db_option()
@_warc_export_options
def export_warc(db_path: Path, output: Path, since, until, warc_dir: Path | None) -> None:
    """The crawl's WARC captures of a period as one WARC file, records copied unchanged (needs a crawl with
    NEWSCRAWL_WARC_DIR set). --since/--until on the day each record was captured.

    Example:

        newscrawl export warc --db data/demo.db -o demo.warc.gz
    """
    _export_captures("warc", db_path, output, since, until, warc_dir)


@export.command("wacz")
@db_option()
@_warc_export_options
def export_wacz(db_path: Path, output: Path, since, until, warc_dir: Path | None) -> None:
    """The crawl's WARC captures of a period as a WACZ for ReplayWeb.page and pywb: the WARC, a CDXJ index and
    the pages list (each archived article version, its headline as the title).

    Example:

        newscrawl export wacz --db data/demo.db -o data/demo.wacz --since 2026-11-01
    """
    _export_captures("wacz", db_path, output, since, until, warc_dir)


@main.command("sample-site")
@click.option(
    "--port", default=8080, show_default=True, type=PORT, help="Port on 127.0.0.1 (0: any free port)."
)
@click.option("--articles", default=200, show_default=True, type=_Whole(1, 100_000),
              help="How many articles the site holds.")  # fmt: skip
@click.option("--seed", default=1, show_default=True, help="Seed of the generated texts.")
@click.option("--edition", default=1, show_default=True, type=_Whole(1, 1000), help="Start at this edition.")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("data/sample-site"),
              show_default=True, help="Where the manifest and the access log are written.")  # fmt: skip
@click.option("--crawl-delay", default=0.0, show_default=True, type=click.FloatRange(0, 3600),
              help="The Crawl-delay robots.txt asks for.")  # fmt: skip
@click.option("--slow-seconds", default=3.0, show_default=True, type=click.FloatRange(0, 3600),
              help="How long the slow fault page takes.")  # fmt: skip
def sample_site(port: int, articles: int, seed: int, edition: int, directory: Path, crawl_delay: float,
                slow_seconds: float) -> None:  # fmt: skip
    """Serve the local stand-in for dutenews.com on 127.0.0.1 until interrupted.

    POST /_admin/edition moves it to its next edition (some articles edited, some added, one removed).

    Example:

        newscrawl sample-site --port 8080 --articles 200 --seed 1
    """
    from newscrawl.sample_site.server import SampleServer
    from newscrawl.sample_site.site import SampleSite

    site = SampleSite(articles=articles, seed=seed, crawl_delay=crawl_delay, slow_seconds=slow_seconds)
    for _ in range(edition - 1):
        site.advance()
    try:
        server = SampleServer(site, port, directory)
    except OSError as error:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}") from None
    signal.signal(signal.SIGTERM, lambda *_: server.shutdown())
    click.echo(f"sample site: {server.url} ({len(site.entries)} pages, edition {site.edition}); "
               f"manifest and access log in {directory}/", err=True)  # fmt: skip
    thread = server.serve_in_thread()
    try:
        while thread.is_alive():
            time.sleep(0.5)
    except KeyboardInterrupt:
        server.shutdown()
