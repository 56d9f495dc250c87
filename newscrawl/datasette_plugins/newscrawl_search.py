"""Datasette plugin (loaded by `newscrawl serve --plugins-dir`): Chinese search that matches the CLI's.

Datasette's search box wraps the user's text in ``escape_fts()`` before FTS5 sees it; that would quote
whitespace-separated words for a tokenizer our index does not use. This plugin registers ``escape_fts`` (last,
so it replaces Datasette's own) as the translation `newscrawl search` uses, so the articles table's search
box finds exactly what the CLI finds, for queries of any length. The canned query ``search`` uses the same
function as ``newscrawl_match()`` and adds the CLI's ranking and snippets.
"""

from datasette import hookimpl

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
