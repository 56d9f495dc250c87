"""Extraction: a pure function from a fetched page (bytes + URL) to an Article record."""

from newscrawl.extract.article import extract
from newscrawl.extract.errors import NotAnArticle

__all__ = ["NotAnArticle", "extract"]
