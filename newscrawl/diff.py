"""What changed between two versions of an article: the fields, and the body as a word-aware diff.

Pure functions over two records (the JSON form of ``newscrawl.record.Article``); no I/O.

The body is diffed with diff-match-patch over tokens, not characters: a run of ASCII letters and digits is
one token (a Latin word, a number), every other character is a token of its own (a Chinese character, a
punctuation mark), and a run of whitespace is one token. So an edit in Chinese marks only the characters
that changed (3月5日 → 3月6日 marks 5 → 6), while "iPhone 15" → "iPhone 16" marks the whole number, never
half a word. The tokens are diffed as one character each (diff-match-patch's line mode, with tokens for
lines), cleaned up semantically at that level, and mapped back to text.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import chain

import click
from diff_match_patch import diff_match_patch

DELETE, EQUAL, INSERT = -1, 0, 1

# The fields compared besides the body, in the order they are shown.
FIELDS = (
    "headline", "published_at", "reporters", "editors", "original_title", "editor_note", "source", "byline",
    "editor_line", "account",
)  # fmt: skip
# A change to these alone (their text aside from width and whitespace) is a change of the date line.
DATE_FIELDS = ("published_at",)

# Tokens: a run of ASCII letters and digits, a run of whitespace, or any other single character.
TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)
# Diff-match-patch gives up refining a diff after this many seconds and returns a coarser (still correct)
# one: only bodies rewritten through and through come near it.
DIFF_TIMEOUT_SECONDS = 2.0
# Where the tokens are encoded: private-use code points (never in the encoded strings' way, and neither
# letters nor spaces, so that diff-match-patch's boundary scoring treats every token alike).
_CODE_POINTS = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))

# A notice of correction or update: the words newsrooms head it with, in simplified and traditional
# characters (更正, 更新, 修正 are written alike), and English ones.
CORRECTION_WORDS = (
    "更正",
    "更新",
    "修正",
    "勘误",
    "勘誤",
    "订正",
    "訂正",
    "编者注",
    "編者注",
    "编者按",
    "編者按",
)
_WORDS = "|".join(CORRECTION_WORDS)
# The paragraph is one: it opens with the word (after brackets, stars, a date), names it as a label
# (更正：, 【勘误】), says the piece itself was corrected (本文已于3月5日更新, 原稿…特此更正), or is an
# English notice. A word in running text (设备更新) is none.
CORRECTION_NOTICE = re.compile(
    rf"^[\s*＊※【\[（(〔]*(?:\d{{4}}[-/年.]\d{{1,2}}[-/月.]\d{{1,2}}日?\s*)?(?:{_WORDS})"
    rf"|(?:{_WORDS})\s*[:：】\]）)〕]"
    rf"|(?:[本此该該原](?:文|稿|报道|報道)|文中|特此|予以|谨此|謹此)[^。！!]{{0,30}}?(?:{_WORDS})"
    r"|^\W*(?:correction|update|editor['’]s note)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")

# How much unchanged text render_text shows beside a change; a longer unchanged stretch is cut to this much
# at each end, with … for the rest.
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: object
    new: object


@dataclass
class VersionDiff:
    """What changed from one version's record to another's.

    ``body`` is the whole new body as (op, text) pieces, op -1 removed, 0 kept, +1 added; ``added`` and
    ``removed`` count the characters of the added and removed pieces. ``minor``: something changed, but only
    whitespace or character width (NFKC), or only the date line. ``correction``: the text of a correction or
    update notice (更正, 更新, 勘误, 编者注 …) the new version added as its last or first paragraph, in its
    notes or its editor's note."""

    fields: list[FieldChange] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    minor: bool = False
    correction: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.fields) or any(op != EQUAL for op, _ in self.body) or self.correction is not None


def diff_records(old: dict, new: dict) -> VersionDiff:
    """The difference from record ``old`` to record ``new`` (the JSON form of two versions)."""
    fields = [
        FieldChange(name, old.get(name), new.get(name))
        for name in FIELDS
        if _value(old, name) != _value(new, name)
    ]
    old_body, new_body = old.get("body") or "", new.get("body") or ""
    body = diff_text(old_body, new_body)
    # Minor: the text is the same but for whitespace and width, and any other field changed that way too.
    same_text = _loose(old_body) == _loose(new_body) and all(
        change.name in DATE_FIELDS or _loose(_flat(change.old)) == _loose(_flat(change.new))
        for change in fields
    )
    return VersionDiff(
        fields=fields,
        body=body,
        added=sum(len(text) for op, text in body if op == INSERT),
        removed=sum(len(text) for op, text in body if op == DELETE),
        minor=same_text and (bool(fields) or old_body != new_body),
        correction=_correction(old, new),
    )


def diff_text(old: str, new: str) -> list[tuple[int, str]]:
    """(op, text) pieces from ``old`` to ``new``: whole ASCII words and numbers, single other characters."""
    if old == new:
        return [(EQUAL, new)] if new else []
    codes: dict[str, str] = {}  # token → its code point
    tokens: dict[str, str] = {}  # and back
    points = chain.from_iterable(_CODE_POINTS)

    def encode(text: str) -> str | None:
        chars = []
        for token in TOKEN.findall(text):
            if token not in codes:
                point = next(points, None)
                if point is None:
                    return None
                codes[token] = chr(point)
                tokens[chr(point)] = token
            chars.append(codes[token])
        return "".join(chars)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT_SECONDS
    encoded_old, encoded_new = encode(old), encode(new)
    if encoded_old is None or encoded_new is None:
        # More distinct tokens than code points to encode them (no article comes near): by character.
        pieces = dmp.diff_main(old, new, False)
        dmp.diff_cleanupSemantic(pieces)
        return [(op, text) for op, text in pieces]
    pieces = dmp.diff_main(encoded_old, encoded_new, False)
    dmp.diff_cleanupSemantic(pieces)
    return [(op, "".join(tokens[char] for char in text)) for op, text in pieces if text]


def edit_in_period(
    versions: list[dict], since: str | None = None, until: str | None = None
) -> tuple[dict, dict, int, VersionDiff] | None:
    """An article's change over a period, from its versions (oldest first, as ``Archive.versions_of`` gives
    them): the version before its first edit in the period, its last version in it, how many edits (versions
    after the first) were fetched in it and the diff between the two; None if none was. The period is on the
    date the version was fetched (YYYY-MM-DD, inclusive), as ``Archive.edited_seqs`` takes it."""
    edits = [
        index
        for index, version in enumerate(versions)
        if index
        and (not since or (version["fetched_at"] or "")[:10] >= since)
        and (not until or (version["fetched_at"] or "")[:10] <= until)
    ]
    if not edits:
        return None
    base, last = versions[edits[0] - 1], versions[edits[-1]]
    return base, last, len(edits), diff_records(base["record"], last["record"])


def _value(record: dict, name: str) -> object:
    """A field as compared: lists and dicts by their JSON, an empty value as None."""
    value = record.get(name)
    if not value:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, list | dict) else value


def _loose(text: str | None) -> str:
    """Text as compared for a minor change: NFKC (full-width and half-width alike), no whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def _correction(old: dict, new: dict) -> str | None:
    """A correction notice the new version added: its last or first paragraph, a note, an editor's note."""
    before = {_loose(p) for p in _paragraphs(old.get("body"))}
    paragraphs = _paragraphs(new.get("body"))
    ends = paragraphs[-1:] + paragraphs[:1]
    notes_before = {_loose(note) for note in old.get("notes") or []}
    notes = [note for note in reversed(new.get("notes") or []) if _loose(note) not in notes_before]
    editor_note = new.get("editor_note")
    added_note = [editor_note] if editor_note and editor_note != old.get("editor_note") else []
    candidates = [p for p in ends if _loose(p) not in before] + notes + added_note
    return next((text.strip() for text in candidates if CORRECTION_NOTICE.search(text)), None)


def _flat(value: object) -> str:
    """A field's value as one line of text: names joined by 、, editors as "编辑 刘彦"."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return "、".join(
            f"{item.get('role', '')} {item.get('name', '')}".strip() if isinstance(item, dict) else str(item)
            for item in value
        )
    return str(value)


# --- renderers -------------------------------------------------------------------------------------------


def summary(diff: VersionDiff) -> str:
    """One line: the characters added and removed, and the flags."""
    parts = [f"+{diff.added} −{diff.removed} characters"]
    if diff.minor:
        parts.append("minor")
    if diff.correction:
        parts.append("更正 appended")
    return ", ".join(parts)


def render_text(diff: VersionDiff, colour: bool) -> str:
    """The fields as ``name: old → new`` lines, a summary line, then the body with the removed text in red
    and the added in green (``colour``) or marked ``[-removed-]`` and ``{+added+}``; unchanged stretches
    longer than 2 × CONTEXT_CHARS are cut to their ends around …"""
    lines = [
        f"{change.name}: {_flat(change.old) or '∅'} → {_flat(change.new) or '∅'}" for change in diff.fields
    ]
    if not diff.changed:
        return "\n".join([*lines, "no changes"])
    lines.append(f"body: {summary(diff)}")
    if diff.correction:
        lines.append(f"更正: {diff.correction}")
    if diff.added or diff.removed:
        lines.append("")
        lines.append("".join(_render_piece(diff.body, index, colour) for index in range(len(diff.body))))
    return "\n".join(lines)


def _render_piece(body: list[tuple[int, str]], index: int, colour: bool) -> str:
    op, text = body[index]
    if op == DELETE:
        return click.style(text, fg="red", strikethrough=True) if colour else f"[-{text}-]"
    if op == INSERT:
        return click.style(text, fg="green", underline=True) if colour else f"{{+{text}+}}"
    return _elide(text, first=index == 0, last=index == len(body) - 1)


def _elide(text: str, first: bool, last: bool) -> str:
    """An unchanged stretch cut to the context on the sides that touch a change."""
    if len(text) <= 2 * CONTEXT_CHARS:
        return text
    head = "" if first else text[:CONTEXT_CHARS]
    tail = "" if last else text[-CONTEXT_CHARS:]
    return f"{head}…{tail}"


def to_json(diff: VersionDiff) -> dict:
    """The diff as JSON-ready data: fields (name, old, new), body as [op, text] pairs, counts and flags."""
    return {
        "fields": [{"name": c.name, "old": c.old, "new": c.new} for c in diff.fields],
        "body": [[op, text] for op, text in diff.body],
        "added": diff.added,
        "removed": diff.removed,
        "minor": diff.minor,
        "correction": diff.correction,
    }


def render_html(diff: VersionDiff) -> str:
    """An HTML fragment (all text escaped): a table of the changed fields, a summary line, the whole body
    with ``<del>`` and ``<ins>`` (line breaks kept by ``white-space: pre-wrap``)."""
    parts = ['<div class="newscrawl-diff">']
    if diff.fields:
        parts.append('<table class="diff-fields">')
        for change in diff.fields:
            name, old, new = (
                html.escape(text) for text in (change.name, _flat(change.old), _flat(change.new))
            )
            parts.append(f"<tr><th>{name}</th><td><del>{old}</del></td><td><ins>{new}</ins></td></tr>")
        parts.append("</table>")
    parts.append(
        f'<p class="diff-summary">{html.escape(summary(diff) if diff.changed else "no changes")}</p>'
    )
    if diff.correction:
        parts.append(f'<p class="diff-correction">更正: {html.escape(diff.correction)}</p>')
    tags = {DELETE: "del", INSERT: "ins"}
    body = "".join(
        f"<{tags[op]}>{html.escape(text)}</{tags[op]}>" if op in tags else html.escape(text)
        for op, text in diff.body
    )
    parts.append(f'<div class="diff-body" style="white-space: pre-wrap">{body}</div>')
    parts.append("</div>")
    return "\n".join(parts)
