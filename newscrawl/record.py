"""The article record: the typed result of extraction and the JSON form of the contract."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")

# The contract's article fields, in the order they are printed.
CONTRACT_FIELDS = (
    "url",
    "article_id",
    "headline",
    "published_at",
    "reporters",
    "editors",
    "body",
    "content_hash",
    "original_title",
    "editor_note",
    "source",
    "account",
    "extracted_by",
)


def normalise_body(body: str) -> str:
    """The form of the body that the content hash covers: NFKC, whitespace runs collapsed to one space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", body)).strip()


@lru_cache(maxsize=256)  # a record's hash is asked for by extraction, dedupe, store and export
def content_hash(body: str) -> str:
    """First 64 bits of SHA-256 over the normalised body, as 16 lowercase hex characters."""
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()[:16]


# What a reader sees change: an edit to any of these, even of one space or of the date line alone, is a new
# version (flagged as minor by the diff), where the content hash, over the normalised body, stays the same.
VERSION_FIELDS = ("headline", "published_at", "reporters", "editors", "body", "original_title", "editor_note",
                  "source", "account")  # fmt: skip


def version_hash(record: dict) -> str:
    """First 64 bits of SHA-256 over a record's VERSION_FIELDS as printed, as 16 lowercase hex characters."""
    editors = [
        [e["role"], e["name"]] if isinstance(e, dict) else [e.role, e.name]
        for e in record.get("editors") or []
    ]
    values = [editors if name == "editors" else record.get(name) or None for name in VERSION_FIELDS]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Editor:
    role: str
    name: str


@dataclass
class Article:
    url: str
    headline: str
    body: str
    article_id: str | None = None
    published_at: str | None = None
    reporters: list[str] = field(default_factory=list)
    editors: list[Editor] = field(default_factory=list)
    original_title: str | None = None
    editor_note: str | None = None
    source: str | None = None
    # The platform account or outlet that published the piece (百家号, 头条号, 公众号, 深圳号, "作者：新京报"),
    # never a person: persons are reporters.
    account: str | None = None
    # Which layer decided each field ("profile:dutenews", "json-ld", "meta", "heading", "density", ...).
    extracted_by: dict[str, str] = field(default_factory=dict)
    # Beyond the contract: what the corpus file prints as is, and where the piece comes from.
    byline: str | None = None
    editor_line: str | None = None
    channel: str | None = None
    # Taken out of the text, kept here: the lead picture's caption, bracketed notes after the text.
    captions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return content_hash(self.body)

    @property
    def version_hash(self) -> str:
        return version_hash({name: getattr(self, name) for name in VERSION_FIELDS})

    def to_dict(self) -> dict:
        data = asdict(self)
        data["content_hash"] = self.content_hash
        ordered = {name: data[name] for name in CONTRACT_FIELDS}
        ordered.update({k: v for k, v in data.items() if k not in ordered})
        return ordered

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        known = {f for f in cls.__dataclass_fields__}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["editors"] = [Editor(**e) for e in data.get("editors") or []]
        return cls(**kwargs)
