"""Search over the archive: the query language (``query``), the index's tokens (``segment``), snippets."""

from __future__ import annotations

from newscrawl.search.segment import first_hit

SNIPPET_BEFORE = 24
SNIPPET_AFTER = 56


def snippet(headline: str, body: str, terms: list[str], mark: tuple[str, str] = ("[", "]")) -> str:
    """A line of text around the first hit of any term (body first, else headline), the hit marked."""
    for text in (body, headline):
        hit = first_hit(text, terms)
        if hit:
            start, end = hit
            lead = max(0, start - SNIPPET_BEFORE)
            tail = min(len(text), end + SNIPPET_AFTER)
            line = (
                ("…" if lead else "") + text[lead:start] + mark[0] + text[start:end] + mark[1]
                + text[end:tail] + ("…" if tail < len(text) else "")
            )  # fmt: skip
            return " ".join(line.split())
    return " ".join(body[: SNIPPET_BEFORE + SNIPPET_AFTER].split())
