"""Datasette plugin (loaded by `newscrawl serve --plugins-dir`): Chinese search that matches the CLI's.

Datasette's search box wraps the user's text in ``escape_fts()`` before FTS5 sees it; that would quote
whitespace-separated words for a tokenizer our index does not use. This plugin registers ``escape_fts`` (last,
so it replaces Datasette's own) as the translation `newscrawl search` uses, so the articles table's search
box finds exactly what the CLI finds, for queries of any length. The canned query ``search`` uses the same
function as ``newscrawl_match()`` and adds the CLI's ranking and snippets.
"""

from datasette import hookimpl
from datasette.handle_exception import handle_exception as datasette_error_page
from datasette.views.base import DatasetteError

from newscrawl.search import snippet
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
    return snippet(headline or "", body or "", terms)


@hookimpl(trylast=True)
def prepare_connection(conn):
    conn.create_function("escape_fts", 1, newscrawl_match, deterministic=True)
    conn.create_function("newscrawl_match", 1, newscrawl_match, deterministic=True)
    conn.create_function("newscrawl_snippet", 3, newscrawl_snippet, deterministic=True)


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
