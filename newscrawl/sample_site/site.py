"""The sample site: what a dutenews-like site holds in each edition, and what it answers for each path.

Everything a crawl must cope with is here, at fixed places a test can name: article pages in every
template, the mobile (/m/…) and old (/p/{id}.html) forms of the same id, one piece republished as
深圳号 content under another id, removed articles (405, and a 200 "文章不存在" page), and faults.
``manifest()`` says what a correct crawl of the current edition archives.
"""

from __future__ import annotations

import gzip
import hashlib
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape

from newscrawl.extract.dates import CHINA_TZ
from newscrawl.record import content_hash
from newscrawl.sample_site.generate import edit, generate
from newscrawl.sample_site.seeds import SampleArticle, load_seeds
from newscrawl.sample_site.templates import AS_PRINTED, TEMPLATES, as_printed, listing_page, removed_page
from newscrawl.sample_site.texts import NEW_TEXTS

FIRST_ID = 10_600_000
CHANNELS = ("shizheng", "shenzhen", "wanqu", "caijing", "wenti")
PER_PAGE = 20
# Fault pages at article URLs, and the failure kind a crawl must record for each (None: archived fine).
FAULTS = {
    "flaky": None,  # 500 on the first request, the article after
    "gbk_as_utf8": None,  # GBK bytes served as UTF-8
    "broken": "http_500",
    "slow": "timeout",
    "truncated": "truncated",
    "redirect_loop": "redirect_loop",
    "huge": "too_large",
    "binary": "binary",
}
HUGE_BYTES = 20 * 1024 * 1024
# Every GZIPPED-th article page goes gzip-encoded to a client that accepts it, as many servers send pages:
# the crawl must decode it, and its WARC capture keep it as sent.
GZIPPED = 3
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    truncate: bool = False  # send half the body, then close


@dataclass
class Entry:
    article: SampleArticle
    template: str
    modified: datetime
    kind: str = "article"  # article, ctmedia (another id's content as 深圳号), or a FAULTS key


class SampleSite:
    def __init__(
        self, articles: int = 200, seed: int = 1, crawl_delay: float = 0.0, slow_seconds: float = 3.0,
        days: int = 25, anchor: datetime | None = None,
    ):  # fmt: skip
        self.seed = seed
        self.days = days  # the generated articles are published within this many days before the anchor
        self.crawl_delay = crawl_delay
        self.slow_seconds = slow_seconds
        self.edition = 1
        self.lock = threading.Lock()
        self.requests_seen: dict[str, int] = {}
        # Dates are recent (the crawler revisits recent articles), never in the future, the same all hour.
        # ``anchor``: the same site again (the demo's: a rerun an hour later must not see every date moved).
        self.anchor = anchor or _china_now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
        self.entries: dict[int, Entry] = {}
        self.removed: dict[int, str] = {}  # id → "405" or "notice"
        self._build(articles)

    # --- the content of each edition ---------------------------------------------------------------

    def _build(self, count: int) -> None:
        seeds = load_seeds()
        fixed = [*seeds, *NEW_TEXTS]
        fault_count = len(FAULTS)
        generated = generate(
            max(count - len(fixed) - fault_count - 3, 10), self.seed, seeds, FIRST_ID, self.anchor, self.days
        )
        next_id = FIRST_ID + len(generated)
        names = sorted(TEMPLATES)
        for index, article in enumerate([*generated, *fixed]):
            article = article.edited(id=FIRST_ID + index) if index >= len(generated) else article
            template = names[article.id % len(names)]
            if article.captions and template == "captions_box":
                template = "desktop"  # captions may stay in a body; keep the manifest's body unambiguous
            if template == "gbk_table" and not _gbk_safe(article):
                template = "desktop"
            if template in AS_PRINTED and index >= len(generated):
                template = "desktop"  # the seeds print their own text, as in shared/seeds/
            article = as_printed(template, article)  # the manifest holds what the page prints
            self.entries[article.id] = Entry(article, template, self._modified(article))
        next_id = FIRST_ID + len(self.entries)
        for offset, kind in enumerate(FAULTS):
            source = generated[offset]
            article = source.edited(id=next_id + offset, headline=f"{source.headline}（{kind}）")
            article = article.edited(paragraphs=[f"{kind}：{p}" for p in article.paragraphs])
            self.entries[article.id] = Entry(article, "gbk_table" if kind == "gbk_as_utf8" else "desktop",
                                             self._modified(article), kind)  # fmt: skip
        next_id += fault_count
        # One piece republished by a 深圳号 account under its own id: same text, one article.
        original = generated[len(generated) // 2]
        self.duplicate_of = {next_id: original.id}
        self.entries[next_id] = Entry(
            original.edited(id=next_id, channel="深圳号"), "mobile", original.published, "ctmedia"
        )
        # Removed before the first crawl: two answer 405, one a 200 page saying so.
        self.removed = {next_id + 1: "405", next_id + 2: "405", next_id + 3: "notice"}
        self.next_id = next_id + 4

    def _modified(self, article: SampleArticle) -> datetime:
        return article.published + timedelta(minutes=5)

    def advance(self) -> int:
        """The next edition: some articles edited, some added, one recent article removed."""
        with self.lock:
            rng = random.Random(self.seed * 1000 + self.edition)
            self.edition += 1
            live = [i for i, e in self.entries.items() if e.kind == "article" and i not in self.removed]
            recent = sorted(
                i for i in live if self.entries[i].article.published > self.anchor - timedelta(days=20)
            )
            old = [i for i in live if i not in recent]
            edited = rng.sample(recent, max(3, len(recent) // 20)) + rng.sample(old, min(1, len(old)))
            # An edit is stamped with the moment it happens: the sitemap's lastmod must be newer than any
            # fetch of the previous edition, or a crawler could not tell that an old article changed.
            stamp = _china_now().replace(microsecond=0)
            for article_id in edited:
                entry = self.entries[article_id]
                self.entries[article_id] = Entry(edit(entry.article, rng), entry.template, stamp, entry.kind)
            gone = rng.choice([i for i in recent if i not in edited])
            self.removed[gone] = "405"
            fresh = generate(
                max(2, len(live) // 30), self.seed + self.edition, load_seeds(), self.next_id, stamp
            )
            for article in fresh:
                self.entries[article.id] = Entry(article, "desktop", stamp)
            self.next_id += len(fresh)
            self.requests_seen.clear()
            return self.edition

    def edit_quietly(self, count: int = 5, remove: int = 1) -> tuple[list[int], list[int]]:
        """The next edition as many sites make it: the ``count`` oldest articles edited and ``remove`` others
        removed (answering 405), without a word in the sitemap: its lastmods and the pages' Last-Modified
        stay as they were (only the ETag, a digest of the page, changes). Returns (edited, removed) ids."""
        with self.lock:
            rng = random.Random(self.seed * 1000 + self.edition)
            self.edition += 1
            live = [i for i, e in self.entries.items() if e.kind == "article" and i not in self.removed]
            oldest = sorted(live, key=lambda i: (self.entries[i].article.published, i))
            edited, removed = oldest[:count], oldest[count : count + remove]
            for article_id in edited:
                entry = self.entries[article_id]
                self.entries[article_id] = Entry(
                    edit(entry.article, rng), entry.template, entry.modified, entry.kind
                )
            for article_id in removed:
                self.removed[article_id] = "405"
            self.requests_seen.clear()
            return edited, removed

    # --- the manifest: what a correct crawl archives ---------------------------------------------------

    def manifest(self, base: str) -> dict:
        articles, failures, aliases = {}, {}, {}
        for article_id, entry in self.entries.items():
            if article_id in self.removed:
                continue
            if entry.kind in FAULTS and FAULTS[entry.kind]:
                failures[str(article_id)] = FAULTS[entry.kind]
                continue
            if entry.kind == "ctmedia":
                continue  # the same content as its original: the same article
            articles[str(article_id)] = {
                "hash": content_hash(entry.article.body),
                "headline": entry.article.headline,
                "published_at": entry.article.published.replace(tzinfo=CHINA_TZ).isoformat(),
                "reporters": entry.article.reporters,
                "template": entry.template,
                "url": f"{base}/n/article/{article_id}",
                "lastmod": entry.modified.replace(tzinfo=CHINA_TZ).isoformat(),
            }
            aliases[str(article_id)] = [f"{base}{path}" for path in self._alias_paths(article_id)]
        return {
            "edition": self.edition,
            "site": base,
            "anchor": self.anchor.isoformat(),
            "articles": articles,
            "gone": sorted(str(i) for i in self.removed),
            "duplicates": {str(k): str(v) for k, v in self.duplicate_of.items()},
            "failures": failures,
            "aliases": aliases,
        }

    # --- answering requests ------------------------------------------------------------------------------

    def robots(self) -> Response:
        lines = ["User-agent: *", "Disallow: /private/", "Disallow: /_admin/"]
        if self.crawl_delay:
            lines.append(f"Crawl-delay: {self.crawl_delay}")
        return Response(200, ("\n".join(lines) + "\n").encode(), {"Content-Type": "text/plain"})

    def answer(self, path: str, query: str, headers: dict[str, str], base: str) -> Response:
        if path == "/robots.txt":
            return self.robots()
        if path == "/sitemap.xml":
            return self._sitemap(base)
        if path in ("/", "/index.html"):
            return self._html(self._home())
        if path.startswith("/channel/"):
            return self._channel(path)
        if path.startswith("/private/"):
            return self._html(b"<html><body><p>robots.txt disallows this page.</p></body></html>")
        for prefix, mobile in (
            ("/m/n/article/", True),
            ("/n/article/", False),
            ("/n/ctmedia/", False),
            ("/p/", False),
        ):
            if path.startswith(prefix):
                raw_id = path[len(prefix) :].removesuffix(".html").strip("/")
                if raw_id.isdigit():
                    return self._article(int(raw_id), mobile, query, headers)
        return Response(404, b"<html><body><p>404 Not Found</p></body></html>", {"Content-Type": "text/html"})

    def _article(self, article_id: int, mobile: bool, query: str, headers: dict[str, str]) -> Response:
        if self.removed.get(article_id) == "405":
            return Response(405, b"", {"Content-Type": "text/html"})
        if self.removed.get(article_id) == "notice":
            return self._html(removed_page())
        entry = self.entries.get(article_id)
        if entry is None:
            return Response(404, b"<html><body>404</body></html>", {"Content-Type": "text/html"})
        fault = self._fault(entry, article_id, query)
        if fault is not None:
            return fault
        template = "mobile" if mobile else entry.template
        body = TEMPLATES[template](entry.article)
        charset = "gbk" if template == "gbk_table" else "utf-8"
        if entry.kind == "gbk_as_utf8":
            body, charset = body.replace(b'charset="gbk"', b'charset="utf-8"'), "utf-8"
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = entry.modified.replace(tzinfo=CHINA_TZ)
        validators = {"ETag": etag, "Last-Modified": format_datetime(modified.astimezone(UTC), usegmt=True)}
        if _not_modified(headers, etag, modified):
            return Response(304, b"", validators)
        page = {"Content-Type": f"text/html; charset={charset}", **validators}
        if article_id % GZIPPED == 0 and "gzip" in headers.get("accept-encoding", ""):
            body, page = (
                gzip.compress(body, mtime=0),
                page | {"Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
            )
        return Response(200, body, page)

    def _fault(self, entry: Entry, article_id: int, query: str) -> Response | None:
        kind = entry.kind
        if kind == "flaky":
            with self.lock:
                seen = self.requests_seen[str(article_id)] = self.requests_seen.get(str(article_id), 0) + 1
            return Response(500, b"<html><body>500</body></html>") if seen == 1 else None
        if kind == "broken":
            return Response(
                500, b"<html><body>Internal Server Error</body></html>", {"Content-Type": "text/html"}
            )
        if kind == "slow":
            return Response(
                200,
                TEMPLATES["desktop"](entry.article),
                {"Content-Type": "text/html"},
                delay=self.slow_seconds,
            )
        if kind == "truncated":
            return Response(
                200, TEMPLATES["desktop"](entry.article), {"Content-Type": "text/html"}, truncate=True
            )
        if kind == "redirect_loop":
            hop = int(query.removeprefix("hop=")) if query.startswith("hop=") and query[4:].isdigit() else 0
            return Response(302, b"", {"Location": f"/n/article/{article_id}?hop={hop + 1}"})
        if kind == "huge":
            filler = ("<p>" + "深圳新闻。" * 200 + "</p>").encode()
            body = b"<html><body>" + filler * (HUGE_BYTES // len(filler) + 1) + b"</body></html>"
            return Response(200, body, {"Content-Type": "text/html; charset=utf-8"})
        if kind == "binary":
            return Response(200, PNG, {"Content-Type": "image/png"})
        return None

    def _alias_paths(self, article_id: int) -> list[str]:
        """Other URL forms of the same id that the site links to."""
        if article_id % 7 == 0:
            return [f"/p/{article_id}.html"]
        if article_id % 11 == 0:
            return [f"/m/n/article/{article_id}"]
        return []

    def _link(self, article_id: int) -> str:
        entry = self.entries.get(article_id)
        if entry is not None and entry.kind == "ctmedia":
            return f"/n/ctmedia/{article_id}"
        aliases = self._alias_paths(article_id)
        return aliases[0] if aliases else f"/n/article/{article_id}"

    def _listed(self) -> list[int]:
        """Every id the lists link to: live articles, faults, the 深圳号 copy, and the removed (stale links)."""
        ids = sorted(set(self.entries) | set(self.removed), reverse=True)
        return ids

    def _home(self) -> bytes:
        latest = self._listed()[:30]
        items = [(self._link(i), self._headline(i), "") for i in latest]
        page = listing_page("首页", items).decode()
        extra = '<a href="/private/drafts.html">内部稿库</a><a href="http://example.com/">外部链接</a>'
        channels = "".join(f'<a href="/channel/{c}/1.html">{c}</a>' for c in CHANNELS)
        return page.replace("</body>", f"<div class='channels'>{channels}{extra}</div></body>").encode()

    def _channel(self, path: str) -> Response:
        parts = path.strip("/").split("/")
        if len(parts) != 3 or parts[1] not in CHANNELS or not parts[2].removesuffix(".html").isdigit():
            return Response(404, b"<html><body>404</body></html>", {"Content-Type": "text/html"})
        channel, page = parts[1], int(parts[2].removesuffix(".html"))
        ids = [i for i in self._listed() if CHANNELS[i % len(CHANNELS)] == channel]
        chunk = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
        if not chunk:
            return Response(404, b"<html><body>404</body></html>", {"Content-Type": "text/html"})
        more = f"/channel/{channel}/{page + 1}.html" if page * PER_PAGE < len(ids) else None
        items = [(self._link(i), self._headline(i), "摘要：" + self._headline(i) + "。") for i in chunk]
        return self._html(listing_page(channel, items, more))

    def _headline(self, article_id: int) -> str:
        entry = self.entries.get(article_id)
        return entry.article.headline if entry else f"已删除的文章{article_id}"

    def _sitemap(self, base: str) -> Response:
        urls = []
        for article_id, entry in sorted(self.entries.items()):
            if article_id in self.removed:
                continue
            lastmod = entry.modified.replace(tzinfo=CHINA_TZ).isoformat()
            urls.append(
                f"<url><loc>{escape(base + self._link(article_id))}</loc><lastmod>{lastmod}</lastmod></url>"
            )
        body = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        return Response(
            200, (body + "".join(urls) + "</urlset>").encode(), {"Content-Type": "application/xml"}
        )

    @staticmethod
    def _html(body: bytes) -> Response:
        return Response(200, body, {"Content-Type": "text/html; charset=utf-8"})


def _china_now() -> datetime:
    """Shenzhen wall-clock time, naive like every date the site stores (they are all +08:00)."""
    return datetime.now(CHINA_TZ).replace(tzinfo=None)


def _not_modified(headers: dict[str, str], etag: str, modified: datetime) -> bool:
    if "if-none-match" in headers:
        return etag in [t.strip() for t in headers["if-none-match"].split(",")]
    if "if-modified-since" in headers:
        try:
            since = parsedate_to_datetime(headers["if-modified-since"])
        except (TypeError, ValueError):
            return False
        return modified.replace(microsecond=0) <= since
    return False


def _gbk_safe(article: SampleArticle) -> bool:
    try:
        "".join([article.headline, article.body, article.byline or "", article.editor_line or ""]).encode(
            "gbk"
        )
    except UnicodeEncodeError:
        return False
    return True
