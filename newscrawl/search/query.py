"""The search language of `newscrawl search` and of Datasette's search box, and its FTS5 form.

    深圳 特区          both terms (AND)
    "深圳 特区报"      a phrase: the words in this order, any whitespace between
    福田 OR 南山      either
    深圳 -广告         the first, not the second

Anything else that FTS5 would read as syntax (``* ^ : ( ) { }``, bare AND / NOT / NEAR, a lone OR, an
unbalanced quote) is refused with a message rather than guessed at; inside quotes every character is
literal. The FTS5 expression is built only from encoded tokens (see ``segment``), so no user text reaches
the FTS5 parser or the SQL.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from newscrawl.search.segment import term_match

MAX_CHARS = 500
MAX_TERMS = 32
SYNTAX = set('*^:(){}"')
OPERATORS = {"AND", "NOT", "NEAR"}


class QueryError(ValueError):
    """A query we will not run; the message says why in one line."""


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class Query:
    groups: tuple[tuple[Term, ...], ...]  # AND of OR-groups of terms
    excluded: tuple[Term, ...]

    @property
    def positive_terms(self) -> list[str]:
        return [term.text for group in self.groups for term in group]

    @property
    def phrases(self) -> tuple[str, ...]:
        """The FTS5 phrase of each term to look for: what the search's fast paths test for commonness."""
        return tuple(term_match(term) for term in self.positive_terms)

    def match(self) -> str:
        """The FTS5 MATCH expression."""
        parts = []
        for group in self.groups:
            exprs = [term_match(term.text) for term in group]
            parts.append(exprs[0] if len(exprs) == 1 else "(" + " OR ".join(exprs) + ")")
        expression = " AND ".join(parts)
        for term in self.excluded:
            expression = f"({expression}) NOT {term_match(term.text)}"
        return expression


def parse(text: str) -> Query:
    if not isinstance(text, str) or not text.strip():
        raise QueryError("empty query: give at least one word to look for")
    if len(text) > MAX_CHARS:
        raise QueryError(f"query too long: {len(text)} characters, the limit is {MAX_CHARS}")
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs"):
            raise QueryError(f"control character U+{ord(char):04X} in the query")
    tokens = _tokens(text)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for index, token in enumerate(tokens):
        if token == "OR":
            before = tokens[index - 1] if index else None
            after = tokens[index + 1] if index + 1 < len(tokens) else None
            if not isinstance(before, Term) or not isinstance(after, Term):
                raise QueryError("OR needs a term on each side, e.g. 福田 OR 南山")
            if before.negated or after.negated:
                raise QueryError("OR cannot join an excluded -term")
            pending_or = True
        elif token.negated:
            excluded.append(token)
        elif pending_or:
            groups[-1].append(token)
            pending_or = False
        else:
            groups.append([token])
    if not groups:
        raise QueryError("nothing to look for: a query of only -excluded terms matches nothing")
    if len(excluded) + sum(len(g) for g in groups) > MAX_TERMS:
        raise QueryError(f"too many terms: the limit is {MAX_TERMS}")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def _tokens(text: str) -> list:
    """Terms, phrases and OR, in order; raises QueryError on what FTS5 would read as syntax."""
    tokens: list = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-"
        start = i + 1 if negated else i
        if start < n and text[start] == '"':
            end = text.find('"', start + 1)
            if end == -1:
                raise QueryError('unbalanced quote: close the phrase with another "')
            phrase = text[start + 1 : end].strip()
            if not phrase:
                raise QueryError('empty phrase ""')
            if end + 1 < n and not text[end + 1].isspace():
                raise QueryError("put a space after a closing quote")
            tokens.append(Term(phrase, negated, phrase=True))
            i = end + 1
            continue
        end = start
        while end < n and not text[end].isspace():
            end += 1
        word = text[start:end]
        i = end
        if not word:
            raise QueryError("a lone - : write -word to exclude a word")
        if word == "OR" and not negated:
            tokens.append("OR")
            continue
        if word in OPERATORS or word == "OR":
            raise QueryError(
                f"{word} is not an operator here: space means AND, -word excludes; quote it to find it"
            )
        if word.startswith("-"):
            raise QueryError(f"{'-' + word!r} is not a term: one - excludes the word after it")
        bad = sorted(SYNTAX & set(word))
        if bad:
            raise QueryError(f"{''.join(bad)!r} in {word!r} is search syntax we do not support; "
                             'put the text in "quotes" to find it literally')  # fmt: skip
        tokens.append(Term(word, negated))
    return tokens
