"""The archive taken out: JSON lines with every field, and the plain-text corpus of NNN_hash.txt files.

The corpus is a mirror of the archive's latest versions: a rerun writes only the files whose text changed,
and removes the file of an article whose content changed (its name carries the old hash). It never
touches anything else in the directory, and writes each file whole (a temporary file renamed into place),
so an interrupted export leaves complete files only.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TextIO, TypeVar

from newscrawl.archive import Archive

_TEMPORARY = itertools.count()
T = TypeVar("T")
CORPUS_NAME = re.compile(r"^(\d{3,})_([0-9a-f]{16})\.txt$")


class ExportError(Exception):
    """The export cannot go on (an unsafe path, a full disk); nothing half-written is left behind."""


@dataclass
class CorpusReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def corpus_name(seq: int, content_hash: str) -> str:
    return f"{seq:03d}_{content_hash}.txt"


def corpus_text(record: dict) -> str:
    """One article in the contract's corpus layout."""
    head = [record["headline"]]
    if record.get("byline"):
        head.append(record["byline"])
    if record.get("published_at"):
        head.append(_printed_date(record["published_at"]))
    paragraphs = [p for p in record["body"].split("\n") if p.strip()]
    tail = []
    if record.get("original_title"):
        tail.append(f"原标题:《{record['original_title']}》")
    editors = record.get("editor_line") or " ".join(
        f"{e['role']} {e['name']}" for e in record.get("editors") or []
    )
    if editors:
        tail.append(editors)
    blocks = ["\n".join(head), "\n\n".join(paragraphs)] + (["\n".join(tail)] if tail else [])
    return "\n\n".join(blocks) + "\n"


def _printed_date(published_at: str) -> str:
    """2021-11-12T08:24:00+08:00 → 2021-11-12 08:24, the wall time the page printed; a bare date stays."""
    return published_at[:16].replace("T", " ") if "T" in published_at else published_at[:10]


def write_jsonl(
    archive: Archive, out: TextIO, since: str | None = None, until: str | None = None,
    advance: Callable[[int], None] = lambda n: None, all_versions: bool = False,
) -> int:  # fmt: skip
    """One JSON object a line: every article's latest record, or with ``all_versions`` every version's (in
    seq then version order, with its number, fetch time, run, status and origin)."""
    count = 0
    records = archive.export_versions if all_versions else archive.export_records
    for record in records(since, until):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
        advance(1)
    return count


def write_jsonl_file(
    archive: Archive, output: Path, since: str | None = None, until: str | None = None,
    advance: Callable[[int], None] = lambda n: None, all_versions: bool = False,
) -> int:  # fmt: skip
    """JSON lines into ``output`` (see write_whole), and how many."""
    return write_whole(output, lambda out: write_jsonl(archive, out, since, until, advance, all_versions))


def write_whole(output: Path, write: Callable[[IO], T], binary: bool = False) -> T:
    """``write(out)`` into ``output``, and what it returned. A regular file (or a new one) is written whole: a
    temporary file next to it, renamed into place; through a symlink, the file it points to is replaced that
    way and the link stays. A FIFO or a character device (/dev/null, a terminal) is written in place, never
    replaced by a rename. Anything else (a directory, a block device, a socket) is refused."""
    real, mode = jsonl_target(output)
    opening = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8"}
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        try:
            with open(real, **opening) as out:
                return write(out)
        except OSError as error:
            raise ExportError(f"cannot write {output}: {error.strerror or error}") from None
    temporary = real.with_name(f".{real.name}.{os.getpid()}-{next(_TEMPORARY)}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(handle, **opening) as out:
            result = write(out)
        os.replace(temporary, real)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"cannot write {output}: {error.strerror or error}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result


def jsonl_target(output: Path) -> tuple[Path, int | None]:
    """Where ``output`` leads through its symlinks, and its st_mode (None: no file yet); ExportError for
    what write_jsonl_file refuses."""
    real = Path(os.path.realpath(output))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real, None
    except OSError as error:
        raise ExportError(f"cannot write {output}: {error.strerror or error}") from None
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise ExportError(
            f"refusing to write {output}: {_kind(mode)}, not a regular file, FIFO or character device"
        )
    return real, mode


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def write_corpus(
    archive: Archive, directory: Path, since: str | None = None, until: str | None = None,
    advance: Callable[[int], None] = lambda n: None,
) -> CorpusReport:  # fmt: skip
    root = _checked_directory(directory)
    existing: dict[int, list[str]] = {}
    with os.scandir(root) as entries:
        for entry in entries:
            found = CORPUS_NAME.match(entry.name)
            if found and entry.is_file(follow_symlinks=False):
                existing.setdefault(int(found.group(1)), []).append(entry.name)
    report = CorpusReport()
    for record in archive.export_records(since, until):
        name = corpus_name(record["seq"], record["content_hash"])
        text = corpus_text(record)
        target = root / name
        if name in existing.get(record["seq"], ()) and _same(target, text):
            report.unchanged += 1
        else:
            _write_whole(root, target, text)
            report.written += 1
        for stale in existing.get(record["seq"], ()):
            if stale != name:
                (root / stale).unlink(missing_ok=True)
                report.removed += 1
        advance(1)
    return report


def _checked_directory(directory: Path) -> Path:
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} exists and is not a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create {directory}: {error.strerror}") from None
    return directory.resolve()


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def _write_whole(root: Path, target: Path, text: str) -> None:
    # The name comes from the archive (a number and a hash), never from the user: it cannot leave root.
    if target.parent != root or not CORPUS_NAME.match(target.name):
        raise ExportError(f"refusing to write {target}: outside {root}")
    # A fresh temporary name, opened without following links: written whole, then renamed.
    temporary = root / f".export-{os.getpid()}-{next(_TEMPORARY)}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
        os.replace(temporary, target)  # replaces a symlink itself, never what it points to
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None
