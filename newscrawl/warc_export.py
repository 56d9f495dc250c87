"""The crawl's WARC captures of a period taken out: one WARC file, or a WACZ (the WARC with a CDXJ index and a
pages list, the articles with their headlines as titles) that ReplayWeb.page and pywb open as it is.

The archive knows which WARC files its crawl runs wrote (newscrawl.archive.Archive.warc_files) and where each
version's response record is (captured_versions). An export copies the records captured in the period (their
WARC-Date's day in local time, as ``fetched_at`` prints it) member by member, unchanged, so their digests stay
true: each source file's warcinfo before its first record, a warcinfo of the export first. A request and
its response carry the same WARC-Date, so a pair is never split. The output is written whole: a temporary
file beside it, renamed into place.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from newscrawl.archive import Archive
from newscrawl.export import ExportError, jsonl_target, write_whole
from newscrawl.warc import Record, gzip_member, records, warc_date, warc_fields


@dataclass
class ExportReport:
    records: int = 0  # copied from the crawl's files (their warcinfo records included)
    files: int = 0  # source WARC files that had records in the period
    pages: list[dict] = field(default_factory=list)  # article versions: url, ts (WARC-Date), title
    bytes: int = 0  # of the output


def sources(archive: Archive, since: str | None = None, until: str | None = None,
            warc_dir: Path | None = None) -> list[Path]:  # fmt: skip
    """The WARC files that may hold captures of the period, where they are now: as the crawl wrote them, or
    by name in ``warc_dir`` (a moved directory). ExportError when the archive knows none or one is missing."""
    named = archive.warc_files(since, until)
    if not named and not archive.warc_files():
        raise ExportError(
            f"{archive.path} knows no WARC captures: crawl with -s NEWSCRAWL_WARC_DIR=DIR to write them"
        )
    found = [warc_dir / Path(name).name if warc_dir else Path(name) for name in named]
    missing = [str(path) for path in found if not path.is_file()]
    if missing:
        hint = "" if warc_dir else " (moved? name their directory with --warc-dir)"
        raise ExportError(f"WARC file not found: {missing[0]}{hint}")
    return found


def write_period(archive: Archive, out: io.BufferedIOBase, files: list[Path], since: str | None = None,
                 until: str | None = None, advance: Callable[[int], None] = lambda n: None) -> ExportReport:  # fmt: skip
    """The records of ``files`` captured in [since, until] into ``out`` as one WARC."""
    report = ExportReport()
    titles = {(Path(v["warc_file"]).name, v["warc_offset"]): v["headline"]
              for v in archive.captured_versions(since, until)}  # fmt: skip
    period = f"{since or 'the first capture'} to {until or 'the last'}"
    info = warc_fields({
        "software": f"newscrawl/{version('newscrawl')}",
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": f"newscrawl export of {archive.path.name}",
        "description": f"the captures from {period}, copied unchanged from {len(files)} WARC files of the crawl",
    })  # fmt: skip
    out.write(gzip_member(Record("warcinfo", {"WARC-Date": warc_date(datetime.now(UTC))}, info)))
    for path in files:
        warcinfo = None
        with path.open("rb") as source:
            for found in records(path):
                advance(found.length)
                member = os.pread(source.fileno(), found.length, found.offset)
                headers = found.record.rec_headers
                if found.record.rec_type == "warcinfo":
                    warcinfo = member  # written before the file's first record in the period
                    continue
                if not _in_period(headers.get_header("WARC-Date"), since, until):
                    continue
                if warcinfo is not None:
                    out.write(warcinfo)
                    report.records += 1
                    report.files += 1
                    warcinfo = None
                out.write(member)
                report.records += 1
                title = titles.get((path.name, found.offset))
                if found.record.rec_type == "response" and title is not None:
                    report.pages.append({"url": headers.get_header("WARC-Target-URI"),
                                         "ts": headers.get_header("WARC-Date"), "title": title})  # fmt: skip
    return report


def export_warc(archive: Archive, output: Path, files: list[Path], since: str | None = None,
                until: str | None = None, advance: Callable[[int], None] = lambda n: None) -> ExportReport:  # fmt: skip
    """The period's captures as one WARC file (.warc.gz)."""
    done: list[ExportReport] = []
    size = _write_whole(
        output, lambda out: done.append(write_period(archive, out, files, since, until, advance))
    )
    done[0].bytes = size
    return done[0]


def export_wacz(archive: Archive, output: Path, files: list[Path], since: str | None = None,
                until: str | None = None, advance: Callable[[int], None] = lambda n: None) -> ExportReport:  # fmt: skip
    """The period's captures as a WACZ, made by the ``wacz`` package: the combined WARC, its CDXJ index,
    pages/pages.jsonl (each article version captured, its headline the page's title), datapackage.json."""
    from wacz.main import main as wacz

    with tempfile.TemporaryDirectory(prefix="newscrawl-wacz-") as tmp:
        work = Path(tmp)
        warc = work / f"newscrawl-{since or 'start'}-{until or 'end'}.warc.gz"
        with warc.open("wb") as out:
            report = write_period(archive, out, files, since, until, advance)
        pages = work / "pages.jsonl"
        lines = [{"format": "json-pages-1.0", "id": "pages", "title": "Articles"}, *report.pages]
        pages.write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
        )
        packed = work / "export.wacz"
        title = (
            f"newscrawl: {archive.path.name}, captures from {since or 'the first'} to {until or 'the last'}"
        )
        chatter = io.StringIO()  # the wacz package prints its progress: shown only when it fails
        with contextlib.redirect_stdout(chatter):
            failed = wacz(["create", "-o", str(packed), "-p", str(pages), "--title", title, str(warc)])
        if failed:
            raise ExportError(
                f"the wacz package could not pack the WACZ: {chatter.getvalue().strip()[-500:]}"
            )
        report.bytes = _write_whole(output, lambda out: out.write(packed.read_bytes()))
    return report


def _write_whole(output: Path, write: Callable[[io.BufferedIOBase], object]) -> int:
    """``write`` into ``output`` (as export jsonl: export.write_whole), and the size written: 0 for a FIFO or a
    character device (unknown)."""
    write_whole(output, write, binary=True)
    real, mode = jsonl_target(output)
    return real.stat().st_size if mode is not None and stat.S_ISREG(mode) else 0


def _in_period(warc_date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a record's WARC-Date falls on a day of [since, until], days in local time (as fetched_at)."""
    if not warc_date:
        return False
    day = datetime.fromisoformat(warc_date.replace("Z", "+00:00")).astimezone().date().isoformat()
    return (since is None or day >= since) and (until is None or day <= until)
