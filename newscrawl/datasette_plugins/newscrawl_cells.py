"""Datasette plugin (loaded by `newscrawl serve --plugins-dir`): table cells a reader can read.

The archive keeps lists as JSON text (so that facets can count each name); on the page they read as the
article prints them: reporters and editors' names joined with 、, editors as "role name", the layer that
decided each field grouped by layer. The body is cut short in table views (the article page has it whole),
an article's URLs show their path (its site is a column of its own), a headline links to its article page wherever a row carries its seq, and a stored page links to the page
itself (sandboxed) instead of downloading its compressed bytes.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit, urlunsplit

from datasette import hookimpl
from markupsafe import Markup

# Characters of the body a table view shows: a line's worth, enough to recognise the article.
BODY_PREVIEW = 80
NAME_LISTS = ("reporters", "editor_names")
ARTICLE_ROWS = (None, "articles")  # an article's columns: in its table, or in a query's results (no table)


def names_text(names: list[str] | None) -> str:
    return "、".join(names or [])


def editors_text(editors: list[dict] | None) -> str:
    return "、".join(f"{e['role']} {e['name']}".strip() for e in editors or [])


def layers_text(extracted_by: dict[str, str | None]) -> str:
    """{field: layer} as "layer: field, field · layer: field", the layers in the order they first decide."""
    fields_of: dict[str, list[str]] = {}
    for field, layer in extracted_by.items():
        if layer:
            fields_of.setdefault(layer, []).append(field)
    return " · ".join(f"{layer}: {', '.join(fields)}" for layer, fields in fields_of.items())


def _json(value: object) -> object:
    if not isinstance(value, str) or not value.startswith(("[", "{")):
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def archived_page_url(datasette, database: str, version_id: int) -> str:
    return f"{datasette.urls.database(database)}/-/archived/{version_id}"


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table in ARTICLE_ROWS:
        if column in NAME_LISTS and isinstance(names := _json(value), list):
            return names_text(names)
        if column == "editors" and isinstance(editors := _json(value), list):
            return editors_text(editors)
        if column == "extracted_by" and isinstance(layers := _json(value), dict):
            return layers_text(layers)
        if column == "headline" and value and "seq" in row.keys():
            url = datasette.urls.row(database, "articles", row["seq"])
            return Markup('<a href="{}">{}</a>').format(url, value)
    if table == "articles" and column == "body" and isinstance(value, str) and len(value) > BODY_PREVIEW:
        return value[:BODY_PREVIEW] + "…"
    if (
        table == "articles"
        and column in ("url", "canonical_url")
        and isinstance(value, str)
        and "://" in value
    ):
        parts = urlsplit(value)  # the site is a column of its own
        return Markup('<a href="{}" title="{}">{}</a>').format(value, value, urlunsplit(("", "", *parts[2:])))
    if "id" in row.keys() and (
        (table == "versions" and column == "raw" and value is not None)
        or (table == "version_list" and column == "raw_bytes" and value)
    ):
        label = f"{len(value) if isinstance(value, bytes) else value:,} bytes stored"
        url = archived_page_url(datasette, database, row["id"])
        return Markup('<a href="{}">archived page</a> ({})').format(url, label)
    return None


@hookimpl
def extra_template_vars():
    return {"newscrawl_names": lambda value: names_text(_json(value) or [])}
