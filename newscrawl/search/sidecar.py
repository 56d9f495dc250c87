"""The ranked search index beside the archive: tantivy, in ``<archive>.tantivy/``.

FTS5 computes bm25 for every article that matches before it knows the best twenty, so its cost grows with
the matches: a common two-character word in a million articles takes a quarter of a second. tantivy ranks
with top-k pruning (block-max WAND) and answers the same queries in milliseconds at any size
(bench/search_designs.md has the comparison). It indexes the archive's own tokens (``segment.field``:
bigrams then unigrams, split on spaces by tantivy's ``whitespace`` tokenizer), so it finds exactly what FTS5
and a LIKE scan find: a term of one or two characters is one token, a longer term the phrase of its bigrams.

Documents: one per article (``seq``, ``body``, ``headline``, ``day`` = the printed date as YYYYMMDD or 0,
``published`` = the publication time's digits, YYYYMMDDhhmmss or 0, which orders equal scores newer first
without asking SQLite, one ``reporter`` value per reporter), and the marker (``seq`` 0) whose ``applied`` is the last row of the
archive's ``search_outbox`` this index holds. tantivy cannot join SQLite's transaction, so the archive writes
an outbox row per article indexed in the same transaction as the article, and applies the rows here after
the commit, marker included in the same tantivy commit (atomic: segment files first, then ``meta.json``).
A process killed between the two commits leaves outbox rows above the marker: the next writer applies them
(applying twice is harmless: an article's document is deleted by seq and added again). A reader compares
the marker with the outbox and so always knows whether, and by how much, the index is behind.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tantivy

from newscrawl.search import segment
from newscrawl.search.query import Query, Term

SUFFIX = ".tantivy"
# The index's layout: an index of another version (or of none, an interrupted build) is not opened; the next
# writer rebuilds it. Bump it when the fields or the tokens change.
VERSION = "2"
VERSION_FILE = "newscrawl-index-version"
MARKER = 0  # the marker document's seq (articles count from 1)
HEADLINE_BOOST = 5.0  # a headline hit weighs five body hits, as bm25(articles_fts, 1.0, 5.0) did
# One indexing thread and a modest arena for a crawl's batches. A rebuild takes a larger one: each time the
# arena fills, tantivy writes a segment, and every segment is searched on its own (its own top k, its own
# pruning), so fewer, larger segments answer faster. A quarter of the memory, at most tantivy's 4 GB.
BATCH_HEAP = 50_000_000
# A phrase whose rarest bigram is in this many articles or more is ranked through candidates: the best of
# the articles holding all its bigrams (a conjunction, which tantivy prunes), verified by the phrase.
PHRASE_PRUNE_DOCS = 50_000
BUILD_HEAP = max(
    200_000_000, min(4_000_000_000, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4)
)


def location(db_path: str | Path) -> Path:
    return Path(f"{db_path}{SUFFIX}")


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("headline", tokenizer_name="whitespace", index_option="position")
    builder.add_integer_field("seq", indexed=True, fast=True)
    builder.add_integer_field("day", indexed=True, fast=True)
    builder.add_integer_field("published", fast=True)
    builder.add_text_field("reporter", tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("applied", indexed=True, fast=True)
    return builder.build()


@dataclass(frozen=True)
class Row:
    """What the index holds of one article (a row of ``articles``)."""

    seq: int
    headline: str
    body: str
    published_date: str | None
    reporters: list[str]
    published_at: str | None = None

    def document(self) -> tantivy.Document:
        body, headline = segment.columns(self.headline, self.body)
        day = int(self.published_date.replace("-", "")) if _is_day(self.published_date) else 0
        return tantivy.Document(body=body, headline=headline, seq=self.seq, day=day,
                                published=published_key(self.published_at), reporter=list(self.reporters))  # fmt: skip


def published_key(published_at: str | None) -> int:
    """An ISO time as an integer that orders as the text does (``published_at DESC`` in SQL): its first 14
    digits, YYYYMMDDhhmmss, zero-padded; 0 (last) when there is none."""
    digits = "".join(c for c in (published_at or "")[:19] if c.isdigit())
    return int(digits.ljust(14, "0")) if digits else 0


def _is_day(text: str | None) -> bool:
    return bool(text) and len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit()


class IndexWriteError(Exception):
    """The index could not be written (a full disk, a read-only directory); what it held before stays."""


class SearchIndex:
    """One archive's tantivy index: its writes (``apply``, ``build``) and its ranked reads."""

    def __init__(self, path: Path):
        self.path = path
        self.schema = _schema()
        self.index = _open_for_reading(path)
        self.identity = _identity(path)

    @classmethod
    def open(cls, db_path: str | Path) -> SearchIndex | None:
        path = location(db_path)
        try:
            current = (path / VERSION_FILE).read_text().strip() == VERSION
        except OSError:
            return None
        return cls(path) if current and tantivy.Index.exists(str(path)) else None

    # --- writes ----------------------------------------------------------------------------------------

    def apply(self, rows: Iterable[Row], removed: Iterable[int], applied: int) -> None:
        """Replace the documents of ``rows``, delete those of ``removed``, and move the marker to ``applied``,
        in one tantivy commit."""
        writer = self.index.writer(heap_size=BATCH_HEAP, num_threads=1)
        try:
            for row in rows:
                writer.delete_documents_by_term("seq", row.seq)
                writer.add_document(row.document())
            for seq in removed:
                writer.delete_documents_by_term("seq", seq)
            _write_marker(writer, applied)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            # Merges of the small segments batches make happen here, in the writer's time, not a reader's.
            writer.wait_merging_threads()

    @classmethod
    def build(cls, db_path: str | Path, rows: Iterable[Row], applied: int, advance=lambda n: None) -> int:
        """A new index of ``rows`` in a directory beside the old one, renamed into its place when complete
        (a rebuild that fails or is killed leaves the old index as it was)."""
        final = location(db_path)
        fresh = final.with_name(final.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        count = 0
        try:
            fresh.mkdir()
            index = tantivy.Index(_schema(), str(fresh))
            writer = index.writer(heap_size=BUILD_HEAP, num_threads=1)
            try:
                for row in rows:
                    writer.add_document(row.document())
                    count += 1
                    advance(1)
                _write_marker(writer, applied)
                writer.commit()
            finally:
                writer.wait_merging_threads()
            (fresh / VERSION_FILE).write_text(VERSION + "\n")
        except (OSError, ValueError) as error:
            shutil.rmtree(fresh, ignore_errors=True)
            raise IndexWriteError(" ".join(str(error).split())[:300]) from error
        old = final.with_name(final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        return count

    @staticmethod
    def remove(db_path: str | Path) -> None:
        for path in (location(db_path), location(f"{db_path}.new"), location(f"{db_path}.old")):
            shutil.rmtree(path, ignore_errors=True)

    # --- reads -----------------------------------------------------------------------------------------

    def searcher(self) -> tantivy.Searcher:
        """A searcher of the last commit (a rebuilt index, renamed into place, is opened again)."""
        if _identity(self.path) != self.identity:
            self.index = _open_for_reading(self.path)
            self.identity = _identity(self.path)
        self.index.reload()
        return self.index.searcher()

    def applied(self, searcher: tantivy.Searcher | None = None) -> int:
        searcher = searcher or self.searcher()
        hits = searcher.search(tantivy.Query.term_query(self.schema, "seq", MARKER), 1, count=False).hits
        return searcher.fast_field_values("applied", [hits[0][1]])[0] if hits else -1

    def ranked(
        self, searcher: tantivy.Searcher, query: tantivy.Query, limit: int
    ) -> list[tuple[int, float, int]]:
        """The best ``limit`` articles as (seq, score, published_key), best first (tantivy's BM25, headline
        boosted)."""
        hits = searcher.search(query, limit, count=False).hits
        if not hits:
            return []
        addresses = [address for _, address in hits]
        seqs = searcher.fast_field_values("seq", addresses)
        published = searcher.fast_field_values("published", addresses)
        return [(seq, score, when) for seq, (score, _), when in zip(seqs, hits, published, strict=True)]

    def every(self, searcher: tantivy.Searcher, query: tantivy.Query) -> list[tuple[int, float, int]]:
        count = self.count(searcher, query)
        return self.ranked(searcher, query, count) if count else []

    @staticmethod
    def count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
        return searcher.search(query, 1, count=True).count

    def query(self, parsed: Query, since: str | None = None, until: str | None = None,
              reporter: str | None = None, proxy: bool = False) -> tantivy.Query:  # fmt: skip
        """``parsed`` (the query language of ``newscrawl.search.query``) as a tantivy query, with filters.

        ``proxy``: every phrase as the conjunction of its bigrams instead, and no exclusions — a superset of
        the matches that tantivy ranks with pruning, for ``candidates``."""
        Occur, Q = tantivy.Occur, tantivy.Query  # noqa: N806 - tantivy's names
        clauses = []
        for group in parsed.groups:
            either = [clause for term in group for clause in self._term(term, proxy)]
            clauses.append((Occur.Must, Q.boolean_query(either)))
        for term in () if proxy else parsed.excluded:
            clauses.append((Occur.MustNot, Q.boolean_query(self._term(term))))
        if since or until:
            lower = int(since.replace("-", "")) if since else 1
            upper = int(until.replace("-", "")) if until else None
            clauses.append(
                (Occur.Must, Q.range_query(self.schema, "day", tantivy.FieldType.Integer, lower, upper))
            )
        if reporter:
            clauses.append((Occur.Must, Q.term_query(self.schema, "reporter", reporter)))
        return Q.boolean_query(clauses)

    def _term(self, term: Term, proxy: bool = False) -> list[tuple]:
        """The term in the headline (boosted) or in the body: its token, or the phrase of the bigrams that
        cover it (``_words``); ``proxy``: all of those bigrams, anywhere."""
        words = _words(term)
        found = []
        for field in ("headline", "body"):
            if len(words) == 1:
                one = tantivy.Query.term_query(self.schema, field, words[0])
            elif proxy:
                one = tantivy.Query.boolean_query(
                    [
                        (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, field, word))
                        for _, word in words
                    ]
                )
            else:
                one = tantivy.Query.phrase_query(self.schema, field, words)
            if field == "headline":
                one = tantivy.Query.boost_query(one, HEADLINE_BOOST)
            found.append((tantivy.Occur.Should, one))
        return found

    def costly(self, searcher: tantivy.Searcher, parsed: Query) -> bool:
        """Does the query hold a phrase whose rarest bigram is in PHRASE_PRUNE_DOCS articles or more? (Matching
        such a phrase means checking the positions in every one of them: 60-150 ms at a million.)"""
        for group in parsed.groups:
            for term in group:
                words = _words(term)
                if (
                    len(words) > 1
                    and min(searcher.doc_freq("body", word) for _, word in words) >= PHRASE_PRUNE_DOCS
                ):
                    return True
        return False

    def restricted(self, query: tantivy.Query, seqs: list[int]) -> tantivy.Query:
        """``query`` on the articles ``seqs`` only, scored as ``query`` alone scores them."""
        Occur, Q = tantivy.Occur, tantivy.Query  # noqa: N806 - tantivy's names
        only = Q.const_score_query(Q.term_set_query(self.schema, "seq", seqs), 0.0)
        return Q.boolean_query([(Occur.Must, query), (Occur.Must, only)])

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def _words(term: Term) -> list:
    """A term's tokens to look for: its one token (one or two characters), or the bigrams that cover it,
    with their offsets — every other one, and the last (ABCDE: AB at 0, CD at 2, DE at 3): fewer postings to
    intersect than all n-1 of them, and a match still only where the whole term occurs."""
    tokens = [segment.token(unit) for unit in segment.units(term.text.strip())]
    if len(tokens) <= 2:
        return ["".join(tokens)]
    starts = sorted({*range(0, len(tokens) - 1, 2), len(tokens) - 2})
    return [(start, tokens[start] + tokens[start + 1]) for start in starts]


def _open_for_reading(path: Path) -> tantivy.Index:
    """The index at ``path``, read as of its last commit. A tantivy reader takes a lock file in the index's
    directory: on read-only media (a read-only mount, an immutable directory) it reads through a directory
    of links to the index's files in a temporary directory instead, where its lock files can be."""
    try:
        index = tantivy.Index.open(str(path))
        index.config_reader("Manual")  # reload() when asked, not on a timer of its own
        index.reload()
        return index
    except ValueError as error:
        if "Lockfile" not in str(error) or os.access(path, os.W_OK) and not _immutable(path):
            raise
    links = Path(tempfile.mkdtemp(prefix="newscrawl-index-"))
    atexit.register(shutil.rmtree, links, True)
    for file in path.iterdir():
        if not file.name.startswith(".tantivy-"):
            (links / file.name).symlink_to(file.resolve())
    index = tantivy.Index.open(str(links))
    index.config_reader("Manual")
    return index


def _immutable(path: Path) -> bool:
    """Can a file be made in ``path``? (Root passes os.access on an immutable or read-only directory.)"""
    try:
        with tempfile.TemporaryFile(dir=path):
            return False
    except OSError:
        return True


def _write_marker(writer: tantivy.IndexWriter, applied: int) -> None:
    writer.delete_documents_by_term("seq", MARKER)
    writer.add_document(tantivy.Document(seq=MARKER, applied=applied))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino
