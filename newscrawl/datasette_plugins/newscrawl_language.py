"""Datasette plugin (loaded by `newscrawl serve --plugins-dir`): every page says it is Chinese.

``<html lang="zh-CN">`` makes a browser choose Chinese fonts and line breaking (not Japanese glyphs for the
shared characters) and a screen reader read the page as Chinese. Datasette's base.html writes a bare
``<html>`` outside any block, so rather than fork the whole template this adds the attribute to the tag as
the page goes out. An archived page (it comes with its own Content-Security-Policy) is left as it was
published.
"""

from __future__ import annotations

from datasette import hookimpl

BARE = b"<html>"
CHINESE = b'<html lang="zh-CN">'
# Datasette's pages open with <!DOCTYPE html> and then the tag: look no further than this.
HEAD_BYTES = 100


def _datasette_html(headers: list[tuple[bytes, bytes]]) -> bool:
    names = {name.lower(): value for name, value in headers}
    return (
        names.get(b"content-type", b"").startswith(b"text/html") and b"content-security-policy" not in names
    )


def _with_lang(body: bytes) -> bytes:
    at = body.find(BARE, 0, HEAD_BYTES)
    return body if at < 0 else body[:at] + CHINESE + body[at + len(BARE) :]


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def chinese(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            held = None  # the start of an HTML response, sent with its first body

            async def send_chinese(message):
                nonlocal held
                if message["type"] == "http.response.start" and _datasette_html(message.get("headers", [])):
                    held = message
                    return
                if held is not None and message["type"] == "http.response.body":
                    start, held = held, None
                    body = _with_lang(message.get("body", b""))
                    grown = len(body) - len(message.get("body", b""))
                    headers = [
                        (
                            name,
                            str(int(value) + grown).encode() if name.lower() == b"content-length" else value,
                        )
                        for name, value in start.get("headers", [])
                    ]
                    await send({**start, "headers": headers})
                    message = {**message, "body": body}
                await send(message)

            return await app(scope, receive, send_chinese)

        return chinese

    return wrap
