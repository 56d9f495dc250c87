"""Pages arrive as bytes and may lie about their charset; garbage is refused, never half-read."""

import pytest

from newscrawl.extract import NotAnArticle
from newscrawl.extract.decode import MAX_PAGE_BYTES, decode_html

TEXT = "深圳特区报记者 杨明铭 方慕冰：龙华区召开专班誓师大会。"


def page(body: str, charset: str) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><p>{body}</p></body></html>'


def test_utf8_page_declaring_gb2312_is_read_as_utf8():
    assert TEXT in decode_html(page(TEXT, "gb2312").encode("utf-8"))


def test_gbk_page_declaring_utf8_is_read_as_gbk():
    assert TEXT in decode_html(page(TEXT, "utf-8").encode("gbk"))


def test_gbk_page_with_http_charset_and_no_declaration():
    raw = f"<html><body><p>{TEXT}</p></body></html>".encode("gb18030")
    assert TEXT in decode_html(raw, content_type="text/html; charset=GBK")


def test_utf8_bom_wins():
    assert TEXT in decode_html(b"\xef\xbb\xbf" + page(TEXT, "gbk").encode("utf-8"))


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "binary"),
        (b"%PDF-1.4\n" + bytes(200), "binary"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "binary"),
    ],
)
def test_non_text_is_refused_with_its_kind(raw, kind):
    with pytest.raises(NotAnArticle) as refused:
        decode_html(raw)
    assert refused.value.kind == kind


def test_undecodable_bytes_are_garbled_not_a_record():
    # Valid in no charset: many bytes that GB18030 has no character for, in text with no NUL.
    raw = ("<html><body><p>" + "新闻" * 20 + "</p>").encode() + b"\x80\xff\xfe\x81\x30" * 400
    with pytest.raises(NotAnArticle) as refused:
        decode_html(raw)
    assert refused.value.kind == "garbled"


def test_oversized_page_is_refused_before_parsing():
    with pytest.raises(NotAnArticle) as refused:
        decode_html(b"<p>" + b"a" * (MAX_PAGE_BYTES + 1))
    assert refused.value.kind == "too_large"
    assert "MB" in str(refused.value)
