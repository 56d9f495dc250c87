"""Bytes to text. Chinese news pages often lie about their charset, so the declaration is a hint, not a fact."""

from __future__ import annotations

import re

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from newscrawl.extract.errors import NotAnArticle

# Real article pages stay well below this (the largest page in our test sets is under 1 MB). A page past
# it is a fault of the server, not news, and parsing it would only cost memory.
MAX_PAGE_BYTES = 8 * 1024 * 1024

# File signatures of things that are served at article URLs by mistake.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x00\x00\x01\x00",
    b"RIFF",
    b"ID3",
    b"\x7fELF",
)

# A decode with more than this share of U+FFFD is garbled text, not an article with a few bad bytes.
MAX_REPLACEMENT_SHARE = 0.005

_CJK = re.compile("[\u4e00-\u9fff]")
_UNDECODABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")

# UTF-8 read as Latin-1 or cp1252 turns 中文 into runs like "ä¸­æ–‡": lead byte, then continuation bytes.
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]")


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page: BOM, then valid UTF-8, then the declared charset, then GB18030.

    UTF-8 goes before the declaration because a valid UTF-8 decode of Chinese text is practically never
    an accident, while pages declaring gb2312 over UTF-8 bytes are common.
    """
    if len(body) > MAX_PAGE_BYTES:
        raise NotAnArticle(
            f"page too large: {len(body) / 1e6:.1f} MB (limit {MAX_PAGE_BYTES / 1e6:.0f} MB)",
            kind="too_large",
        )
    if not body.strip():
        raise NotAnArticle("empty page", kind="empty")
    head = body[:1024]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotAnArticle("not an HTML page: binary content", kind="binary")

    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        text = body[len(bom) :].decode(bom_encoding, errors="replace")
        return _checked(text)

    try:
        return _checked(body.decode("utf-8"))
    except UnicodeDecodeError:
        pass

    declared = [
        resolve_encoding(enc)
        for enc in (http_content_type_encoding(content_type or ""), html_body_declared_encoding(body))
        if enc and resolve_encoding(enc)
    ]
    for encoding in [*declared, "gb18030"]:
        if encoding == "utf-8":
            continue
        try:
            return _checked(body.decode(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    return _checked(body.decode(declared[0] if declared else "gb18030", errors="replace"))


def _checked(text: str) -> str:
    """Refuse text that decoded but is garbage: replacement characters, control bytes, mojibake."""
    sample = text[:200_000]
    size = max(len(sample), 1)
    bad = len(_UNDECODABLE.findall(sample))
    if bad / size > MAX_REPLACEMENT_SHARE:
        raise NotAnArticle("garbled page: undecodable or binary bytes in the text", kind="garbled")
    if not _CJK.search(sample) and len(_MOJIBAKE.findall(sample)) > 20:
        raise NotAnArticle("garbled page: text looks double-encoded (mojibake)", kind="garbled")
    return text
