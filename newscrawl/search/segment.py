"""Text as FTS5 tokens that find every substring: character unigrams and bigrams.

SQLite's own tokenizers miss Chinese: ``unicode61`` makes a whole run of Chinese one token (悬空 finds
nothing inside 悬空栈道), ``trigram`` cannot match one or two characters. So the index holds, per field,

- every character as a token (unigrams) — one-character queries;
- every pair of neighbouring characters as a token (bigrams) — a query of n ≥ 2 characters is the phrase
  of its n-1 bigrams, which matches exactly where the query occurs as a substring.

Matching is the same as SQLite's ``LIKE '%term%'``: case-insensitive for ASCII letters only. A run of
whitespace counts as one space (so a quoted phrase "深圳 特区" matches across any whitespace); a query term
never holds whitespace, so it never matches across it.

The token alphabet is what the ``unicode61`` tokenizer keeps whole: CJK ideographs and [a-z0-9] stand for
themselves, every other character is ``x`` and six hex digits. That keeps the encoding unambiguous (a unit
is either one character or seven starting with "x") and the user's text out of the FTS5 query language.
"""

from __future__ import annotations

import re

# Bump when the tokens change: the archive's schema version follows it and a migration rebuilds the index.
SEGMENTER_VERSION = 1
SPACE = " "
# CJK ideographs as of Unicode 6.1, the tables unicode61 classifies by: later additions (U+9FCD…, U+4DB6…)
# would be separators to it, so they are encoded like any other character.
_PLAIN = re.compile(r"[a-z0-9\u3400-\u4db5\u4e00-\u9fcc]")
_WHITESPACE = re.compile(r"\s+")
_TOKENS: dict[str, str] = {}  # unit -> token, filled as characters are met


def _normalised(text: str) -> str:
    return _WHITESPACE.sub(SPACE, text).translate(_ASCII_LOWER)


def units(text: str) -> list[str]:
    """The characters that matching sees: ASCII lower-cased, each whitespace run one space."""
    return list(_normalised(text))


def token(unit: str) -> str:
    found = _TOKENS.get(unit)
    if found is None:
        found = _TOKENS[unit] = unit if _PLAIN.match(unit) else f"x{ord(unit):06x}"
    return found


def encoded(text: str) -> list[str]:
    """The token of every unit of ``text`` (the hot loop of indexing: a dict lookup per character)."""
    get = _TOKENS.get
    return [get(u) or token(u) for u in _normalised(text)]


def _pairs(tokens: list[str]) -> str:
    return " ".join(map(str.__add__, tokens, tokens[1:]))


def _singles(tokens: list[str]) -> str:
    space = token(SPACE)
    return " ".join(t for t in tokens if t != space)


def unigrams(text: str) -> str:
    """One token per non-space character."""
    return _singles(encoded(text))


def bigrams(text: str) -> str:
    """One token per pair of neighbouring characters (a space is a character here)."""
    return _pairs(encoded(text))


def field(text: str) -> str:
    """One indexed column: the bigram tokens, then the unigram tokens.

    One column holds both (a bigram token is two units, a unigram one: they never collide), which keeps
    FTS5's per-column markers out of the postings: the index is about twice the text instead of three
    times with a column each.
    """
    tokens = encoded(text)
    return _pairs(tokens) + " " + _singles(tokens)


def columns(headline: str, body: str) -> tuple[str, str]:
    """The indexed columns of one article, in the FTS table's order: body (column 0, the bulk, stored
    without column markers), headline."""
    return field(body), field(headline)


def term_match(term: str) -> str:
    """The FTS5 expression that matches the articles whose headline or body contains ``term``."""
    found = units(term.strip())
    if not found:
        raise ValueError("empty term")
    tokens = [token(u) for u in found]
    return f'"{tokens[0]}"' if len(tokens) == 1 else f'"{_pairs(tokens)}"'


def first_hit(text: str, terms: list[str]) -> tuple[int, int] | None:
    """Where the earliest of ``terms`` first occurs in ``text`` (start, end), matched as the index does."""
    lowered = text.translate(_ASCII_LOWER)
    best = None
    for term in terms:
        pattern = r"\s+".join(re.escape(part) for part in term.translate(_ASCII_LOWER).split())
        found = re.search(pattern, lowered) if pattern else None
        if found and (best is None or found.start() < best[0]):
            best = (found.start(), found.end())
    return best


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
