"""Datasette plugin (loaded by `newscrawl serve --plugins-dir`): Chinese search that matches the CLI's.

``newscrawl_search(q, limit)`` is `newscrawl search` as a SQL function: the ids and ranks of the best ``limit``
matches (0: every match) as a JSON array, through the archive's own engine (``Archive.find``, tantivy or
FTS5), so the canned query ``search`` lists what the CLI lists in the CLI's order. On an archive indexed by
tantivy the articles table's search box (``?_search=``) goes through it too (``filters_from_request``).

Datasette's search box wraps the user's text in ``escape_fts()`` before FTS5 sees it; that would quote
whitespace-separated words for a tokenizer our index does not use. This plugin registers ``escape_fts`` (last,
so it replaces Datasette's own) as the translation `newscrawl search` uses, so the articles table's search
box finds exactly what the CLI finds, for queries of any length. The canned query ``search`` uses the same
function as ``newscrawl_match()`` and adds the CLI's ranking and snippets; its page (templates/query.html)
marks the hits with ``newscrawl_marked`` and says what is wrong with a bad query with ``newscrawl_refusal``.
"""

import json
import threading

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.handle_exception import handle_exception as datasette_error_page
from datasette.views.base import DatasetteError
from markupsafe import Markup, escape

from newscrawl.archive import Archive
from newscrawl.search import first_hit, snippet
from newscrawl.search.query import QueryError, parse


def newscrawl_match(text: str) -> str:
    try:
        return parse(text or "").match()
    except QueryError as error:
        raise ValueError(f"bad query: {error}") from None


def newscrawl_snippet(headline: str, body: str, text: str) -> str:
    try:
        terms = parse(text or "").positive_terms
    except QueryError:
        terms = []
    return snippet(headline or "", body or "", terms, ("", ""))


def newscrawl_marked(text: str | None, query: str | None) -> Markup:
    """``text`` escaped, every hit of the query's terms in ``<mark>``, found as the index finds them."""
    try:
        terms = parse(query or "").positive_terms
    except QueryError:
        terms = []
    text = text or ""
    marked, start = Markup(), 0
    while hit := first_hit(text[start:], terms):
        begin, end = start + hit[0], start + hit[1]
        marked += escape(text[start:begin]) + Markup("<mark>%s</mark>") % text[begin:end]
        start = end
    return marked + escape(text[start:])


def newscrawl_refusal(query: str | None) -> str | None:
    """Why the search refuses ``query``, in the CLI's words (SQLite only says "user-defined function raised
    exception"); None for a query it runs."""
    try:
        parse(query or "")
    except QueryError as error:
        return f"bad query: {error}"
    return None


_local = threading.local()  # Datasette runs queries in a pool of threads: one reader of the archive each


def _archive(path: str) -> Archive:
    archives = _local.__dict__.setdefault("archives", {})
    if path not in archives:
        archives[path] = Archive(path, readonly=True)
    return archives[path]


def _searcher(path: str | None):
    def newscrawl_search(text: str | None, limit: int = 0) -> str:
        if not path or not (text or "").strip():
            return "[]"
        try:
            parsed = parse(text)
        except QueryError as error:
            raise ValueError(f"bad query: {error}") from None
        return json.dumps(_archive(path).find_ranked(parsed, limit=int(limit or 0)))

    return newscrawl_search


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    db = datasette.databases.get(database)
    conn.create_function("newscrawl_search", 2, _searcher(getattr(db, "path", None)))
    conn.create_function("escape_fts", 1, newscrawl_match, deterministic=True)
    conn.create_function("newscrawl_match", 1, newscrawl_match, deterministic=True)
    conn.create_function("newscrawl_snippet", 3, newscrawl_snippet, deterministic=True)


@hookimpl(trylast=True)
def filters_from_request(request, database, table, datasette):
    """The articles table's search box on an archive indexed by tantivy (Datasette's own needs FTS5)."""
    db = datasette.databases.get(database)
    if table != "articles" or not getattr(db, "path", None) or _archive(db.path).engine != "tantivy":
        return None
    text = request.args.get("_search") or ""
    if not text.strip():
        return FilterArguments([], extra_context={"supports_search": True})
    return FilterArguments(
        ["seq in (select json_extract(value, '$[0]') from json_each(newscrawl_search(:newscrawl_q, 0)))"],
        params={"newscrawl_q": text},
        human_descriptions=[f'contains "{text}"'],
        extra_context={"supports_search": True, "search": text},
    )


@hookimpl
def extra_template_vars():
    return {"newscrawl_marked": newscrawl_marked, "newscrawl_refusal": newscrawl_refusal}


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    """A search our parser refused reaches Datasette as "user-defined function raised exception", without
    our message: say what is wrong with the query instead, on Datasette's own error page (status 400)."""
    if request is None or not isinstance(exception, DatasetteError):
        return None
    for key in request.args.keys():
        if key == "_search" or key.startswith("_search_") or key == "q":
            try:
                parse(request.args.get(key) or "")
            except QueryError as error:
                refusal = DatasetteError(f"bad query: {error}", title="Bad search query", status=400)
                return datasette_error_page(datasette, request, refusal)
    return None
