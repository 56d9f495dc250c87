"""Datasette plugin (loaded by `newscrawl serve --plugins-dir`): the article page and the archived pages.

An article's row page, ``/<db>/articles/<seq>`` (where every link to the row goes), reads like the article:
templates/row.html lays out what this plugin gives it — the article as its latest version has it, the URLs
it was seen at, its versions oldest first with what changed from each to the next, and a link to the page
each version was extracted from. The archive is read through ``Archive`` (read-only), as the CLI reads it.

``/<db>/-/archived/<version id>`` serves that page as stored. An archived page is somebody else's HTML: it is
served sandboxed (no script runs, no form posts, it is an origin of its own) and nothing it refers to is
fetched (the live site's pictures and stylesheets would tell that site who reads the archive, and relative
ones would miss here): the text as it was fetched, read offline. ``?as=text`` gives its source as plain text.
Both are decoded as extraction decoded them, and sent as UTF-8 (the header's charset overrides the page's
own ``<meta charset>``, which would be wrong once the page is re-encoded).
"""

from __future__ import annotations

import asyncio
from itertools import pairwise

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from newscrawl.archive import Archive
from newscrawl.datasette_plugins.newscrawl_cells import editors_text, names_text
from newscrawl.extract.decode import decode_html
from newscrawl.extract.errors import NotAnArticle

ARCHIVED_PAGE_POLICY = (
    "sandbox; default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:"
)
ARCHIVED_PAGE_HEADERS = {
    "Content-Security-Policy": ARCHIVED_PAGE_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def article_page(path: str, seq: int) -> dict | None:
    """What the article page shows of article ``seq``, or None when there is no such article."""
    archive = Archive(path, readonly=True)
    try:
        article = archive.article(seq)
        if article is None:
            return None
        versions = archive.versions_of(seq)
        urls = archive.urls_of(seq)
    finally:
        archive.close()
    if len(versions) > 1:
        from newscrawl.diff import diff_records, render_html

        for before, after in pairwise(versions):
            after["diff"] = Markup(render_html(diff_records(before["record"], after["record"])))
    return {
        "article": article,
        "paragraphs": _paragraphs(article["body"]),
        "editor_note": _paragraphs(article["editor_note"]),
        "reporters": names_text(article["reporters"]),
        "editors": editors_text(article["editors"]),
        "published": _when(article["published_at"]),
        "urls": urls,
        "versions": versions,
    }


def _paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _when(timestamp: str | None) -> str | None:
    """2021-11-12T08:24:00+08:00 as 2021-11-12 08:24 (the time as the site printed it, in its zone)."""
    return timestamp and timestamp[:16].replace("T", " ")


def archived_page(path: str, version_id: int) -> str | None:
    """The page stored for a version, as text, or None when it has none."""
    archive = Archive(path, readonly=True)
    try:
        page = archive.version_page(version_id)
    finally:
        archive.close()
    if page is None:
        return None
    raw, content_type = page
    try:
        return decode_html(raw, content_type)
    except NotAnArticle:  # a page extraction would refuse (binary, garbled): what can be read of it
        return raw.decode("utf-8", errors="replace")


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "row" or table != "articles" or request is None:
        return None

    async def article_vars() -> dict:
        path = datasette.get_database(database).path
        seq = request.url_vars.get("pks", "")
        if not path or not seq.isdigit():
            return {}
        page = await asyncio.to_thread(article_page, path, int(seq))
        return {"newscrawl": page} if page else {}

    return article_vars


async def serve_archived_page(datasette, request):
    database = request.url_vars["database"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound(f"no database {database}") from None
    await datasette.ensure_permissions(
        request.actor, [("view-table", (database, "versions")), ("view-database", database), "view-instance"]
    )
    version_id = int(request.url_vars["version"])
    shown_as = request.args.get("as", "html")
    if shown_as not in ("html", "text"):
        return Response.text(f"as={shown_as}: ask for as=html (the default) or as=text", status=400)
    text = await asyncio.to_thread(archived_page, db.path, version_id) if db.path else None
    if text is None:
        raise NotFound(f"no archived page for version {version_id}")
    if shown_as == "text":
        return Response.text(text, headers=ARCHIVED_PAGE_HEADERS)
    return Response.html(text, headers=ARCHIVED_PAGE_HEADERS)


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/-/archived/(?P<version>\d+)$", serve_archived_page)]
