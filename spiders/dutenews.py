"""The dutenews spider: finds article pages, canonicalises their URLs, revalidates what it already has.

    scrapy crawl dutenews [-a site=URL] [-a start_urls=URL,URL...] [-a ids=FROM-TO] [-a mobile_site=URL]
                          [-s NEWSCRAWL_DB=PATH]

It starts from the home page and sitemap.xml (or the given start URLs, or an id range), follows same-site
links only, and fetches each article id once per run at its canonical URL; the other URL forms it sees
are recorded as aliases. The site's mobile forms are the same site, as its profile says: the m. host
(m.dutenews.com beside www.dutenews.com) and the /m/ path prefix (/m/n/article/{id}) at any of its hosts,
with no argument. ``-a mobile_site=URL`` adds one more base the mobile pages are served under (a host of
their own, or a prefix other than /m), for a mirror the profile does not describe. Articles the archive
holds are asked for again by the revisit plan alone (newscrawl.revisit: NEWSCRAWL_REVISIT_BUDGET conditional
requests a run, with If-None-Match/If-Modified-Since), and skipped when linked otherwise.

Every page the run fetches is accounted for in its stats (newscrawl.items.FETCH_ENDS):

    newscrawl/fetched = the sum of newscrawl/ended/<stored|unchanged|gone|skipped|failed|followed|unwritten>

A fetch is one request for a page (robots.txt aside) that Scrapy settled by handing the spider its final
response (any status, after redirects and retries) or its final download error; a request robots.txt
forbids, or a known article the recrawl policy leaves alone (newscrawl/skipped_known), is not fetched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import UsageError
from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from newscrawl.archive import Archive, now
from newscrawl.cluster.published import failed_last_run
from newscrawl.extract import NotAnArticle, extract
from newscrawl.extract.dates import parse_moment
from newscrawl.extract.profiles import DUTENEWS, site_key
from newscrawl.items import FETCH_ENDS, PageItem
from newscrawl.revisit import TIER_NAMES, RevisitPlan

# Statuses an article request hands to the spider instead of raising: the spider decides what they mean.
ARTICLE_STATUSES = [304, 404, 405, 410, 500, 502, 503, 504]
GONE_STATUSES = {404, 405, 410}


class DutenewsSpider(scrapy.Spider):
    name = "dutenews"
    profile = DUTENEWS

    def __init__(
        self,
        site: str | None = None,
        start_urls: str | None = None,
        ids: str | None = None,
        mobile_site: str | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        # A bad argument is a UsageError: the crawl command prints its message as one line and exits 2.
        self.site_arg = _web_url("site", site) if site else None
        self.mobile_arg = _web_url("mobile_site", mobile_site) if mobile_site else None
        self.entry_urls = [
            _web_url("start_urls", u.strip()) for u in (start_urls or "").split(",") if u.strip()
        ]
        try:
            self.id_range = _parse_ids(ids) if ids else None
        except ValueError as error:
            raise UsageError(str(error)) from None
        self.links = LinkExtractor(deny_extensions=None)

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        site = spider.site_arg or _web_url("NEWSCRAWL_SITE", settings.get("NEWSCRAWL_SITE"))
        spider.site = site.rstrip("/")
        # The archive knows an article as (site_key, id): the profile's host, or the one the settings give.
        spider.site_key = settings.get("NEWSCRAWL_SITE_KEY") or site_key(spider.site)
        spider.mobile_site = (spider.mobile_arg or _mobile_base(spider.site, spider.profile)).rstrip("/")
        spider.bases = list(dict.fromkeys([spider.site, spider.mobile_site, *_site_aliases(spider.site)]))
        spider.allowed_domains = sorted({urlsplit(b).hostname for b in spider.bases if urlsplit(b).hostname})
        spider.db_path = settings.get("NEWSCRAWL_DB")
        # Which known articles this run asks for again (NEWSCRAWL_REVISIT_BUDGET): read from the archive once.
        spider.revisits = RevisitPlan.from_crawler(crawler, spider.site_key)
        spider.archive = None
        spider.failed_before = None  # ids that failed last run: one try each this time, not RETRY_TIMES
        spider.skipped = set()  # known ids left alone this run, counted once
        spider.seen_known = set()  # known ids seen in links and sitemaps before the revisits were chosen
        spider.sitemaps_pending = 0
        spider.home_requested = False
        return spider

    # --- where a crawl starts ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator:
        for key in ("fetched", *(f"ended/{end}" for end in FETCH_ENDS)):
            self.crawler.stats.set_value(f"newscrawl/{key}", 0)  # in every run's stats, 0 or not
        for request in self._start():
            yield request

    def _start(self) -> Iterator:
        if self.id_range or self.entry_urls:
            yield from self._revisit_requests()  # no sitemap to wait for
        if self.id_range:
            first, last = self.id_range
            for article_id in range(first, last + 1):
                yield from self._article(f"{self.site}/n/article/{article_id}")
            return
        if self.entry_urls:
            for url in self.entry_urls:
                if self._article_id(url):
                    yield from self._article(url)
                elif url.endswith(".xml"):
                    yield self._sitemap_request(url)
                else:
                    yield scrapy.Request(url, callback=self.parse, errback=self.failed)
            return
        # The sitemap first; when it is read, the revisits (its lastmods move known articles forward in the
        # revisit budget, so they must be known first), then the home page.
        yield self._sitemap_request(f"{self.site}/sitemap.xml")

    def _sitemap_request(self, url: str) -> scrapy.Request:
        self.sitemaps_pending += 1
        # Its lastmods feed this process's revisit plan, chosen when this process has read every sitemap:
        # a cluster's worker keeps it for itself (newscrawl.cluster.scheduler.KEEP_LOCAL).
        return scrapy.Request(url, callback=self.parse_sitemap, errback=self.sitemap_failed, priority=10,
                              meta={"keep_local": True})  # fmt: skip

    def _sitemap_done(self) -> Iterator:
        self.sitemaps_pending -= 1
        if self.sitemaps_pending == 0 and not self.home_requested and not self.entry_urls:
            self.home_requested = True
            if not self.id_range:
                yield from self._revisit_requests()
            yield scrapy.Request(f"{self.site}/", callback=self.parse, errback=self.failed)

    # --- listing pages and sitemaps -----------------------------------------------------------------------

    def parse(self, response: Response) -> Iterator:
        """A listing page (home, channel, pagination): follow same-site links, queue the articles."""
        if not hasattr(response, "text"):
            self._fetched("skipped")  # not a page of text: nothing to follow
            return
        self._fetched("followed")
        for link in self.links.extract_links(response):
            if self._article_id(link.url):
                yield from self._article(link.url)
            elif self._same_site(link.url):
                yield scrapy.Request(link.url, callback=self.parse, errback=self.failed)

    def parse_sitemap(self, response: Response) -> Iterator:
        try:
            sitemap = Sitemap(response.body)
            entries = list(sitemap)
        except Exception as error:  # noqa: BLE001 - a broken sitemap is a failure to record, not a crash
            self._fetched()  # ends as the failure below
            yield self._failure(response.url, None, "bad_sitemap", response.status, str(error))
            yield from self._sitemap_done()
            return
        self._fetched("followed")
        articles = []
        for entry in entries:
            url = entry.get("loc", "")
            if sitemap.type == "sitemapindex":
                if self._same_site(url):
                    yield self._sitemap_request(url)
            elif found := self._article_id(url):
                self.revisits.lastmod(found[0], entry.get("lastmod"))
                articles.append(url)
        for url in articles:
            yield from self._article(url)
        yield from self._sitemap_done()

    def sitemap_failed(self, failure: Failure) -> Iterator[PageItem]:
        """No sitemap (a 404 is normal) or an unreachable one: crawl from the home page all the same."""
        kind = failure_kind(failure)[0]
        if kind == "http_404":
            self._fetched("skipped")  # the site has no sitemap
        elif kind != "robots":
            yield from self.failed(failure)
        yield from self._sitemap_done()

    # --- articles ----------------------------------------------------------------------------------------

    def _article(self, url: str) -> Iterator:
        """A link to an article: its alias recorded, and a request if the archive does not hold it yet.
        Known articles are asked for by the revisit plan alone (_revisit_requests)."""
        article_id, channel = self._article_id(url)
        target = url.split("?")[0] if channel else f"{self.site}/n/article/{article_id}"
        if url != target:
            yield PageItem("alias", url, article_id=article_id, canonical_url=target)
        if article_id in self.revisits:
            if self.revisits.chosen is None:
                self.seen_known.add(article_id)  # counted when the revisits are chosen
            elif self.revisits.tier_of(article_id) is None:
                self._skip_known(article_id)
            return
        meta = {"article_id": article_id, "channel": channel, "handle_httpstatus_list": ARTICLE_STATUSES}
        if article_id in self._failed_before():
            # It failed after all its retries last run: ask once more, but do not hammer a broken page.
            meta["max_retry_times"] = 0
        yield scrapy.Request(target, callback=self.parse_article, errback=self.failed, meta=meta)

    def _revisit_requests(self) -> Iterator[scrapy.Request]:
        """This run's revisits, chosen once (newscrawl.revisit): conditional requests, best first."""
        chosen = self.revisits.choose()
        stats = self.crawler.stats
        stats.set_value("newscrawl/revisit/budget", self.revisits.budget)
        stats.set_value("newscrawl/revisit/known", len(self.revisits.known))
        for article_id in self.seen_known:
            if self.revisits.tier_of(article_id) is None:
                self._skip_known(article_id)
        for priority, known in enumerate(chosen):
            tier = TIER_NAMES[self.revisits.tier_of(known.article_id)]
            stats.inc_value("newscrawl/revisit/requested")
            stats.inc_value(f"newscrawl/revisit/tier/{tier}")
            headers = {}
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
            found = self._article_id(known.url) or (known.article_id, None)
            url = (
                f"{self.site}{urlsplit(known.url).path}"
                if found[1]
                else f"{self.site}/n/article/{known.article_id}"
            )
            # No retries: the budget counts requests sent. A revisit that fails is recorded, and its article,
            # not marked checked, keeps its place for the next run.
            meta = {"article_id": known.article_id, "channel": found[1], "revisit": tier,
                    "handle_httpstatus_list": ARTICLE_STATUSES, "max_retry_times": 0}  # fmt: skip
            # The version a 304 confirms, for its WARC revisit record (newscrawl.warc).
            meta["revisit_of"] = {"url": known.url,
                                  "fetched_at": known.fetched_at.isoformat() if known.fetched_at else None}  # fmt: skip
            # Best first in the scheduler too: a run cut short (CLOSESPIDER_TIMEOUT) spent what it did best.
            yield scrapy.Request(url, headers=headers, callback=self.parse_article, errback=self.failed,
                                 meta=meta, priority=-priority // 100)  # fmt: skip

    def _skip_known(self, article_id: str) -> None:
        if article_id not in self.skipped:
            self.skipped.add(article_id)
            self.crawler.stats.inc_value("newscrawl/skipped_known")

    def parse_article(self, response: Response) -> Iterator[PageItem]:
        self._fetched()  # ends as the item's outcome, counted by the store
        article_id = response.meta["article_id"]
        # Stored with the page, and what relative dates ("3小时前") count back from; the WARC capture's moment
        # when there is one, so that the version and its record say the same time.
        capture = response.meta.get("warc")
        fetched_at = capture["fetched_at"] if capture else now()
        item = PageItem(
            "article",
            response.url,
            article_id=article_id,
            canonical_url=f"{self.site}/n/article/{article_id}",
            status=response.status,
            fetched_at=fetched_at,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            content_type=_header(response, "Content-Type"),
            headers=_headers(response),
            profile=self.profile.name,
            revisit=response.meta.get("revisit"),
            warc=capture,
        )
        if response.status == 304:
            item.outcome = "not_modified"
        elif response.status in GONE_STATUSES:
            item.outcome = "gone"
        elif response.status >= 400:
            item.outcome, item.failure_kind = "failed", f"http_{response.status}"
            item.message = f"HTTP {response.status} after retries"
        else:
            try:
                article = extract(
                    response.body,
                    response.url,
                    item.content_type,
                    profile=self.profile,
                    fetched_at=parse_moment(fetched_at),
                )
            except NotAnArticle as reason:
                item.outcome = "gone" if reason.kind == "removed" else "failed"
                item.failure_kind, item.message = reason.kind, str(reason)
            else:
                article.article_id = article_id
                article.channel = response.meta.get("channel") or article.channel
                item.article, item.raw = article, response.body
        yield item

    def failed(self, failure: Failure) -> Iterator[PageItem]:
        """A request that produced no response: timeout, truncated body, size limit, redirect loop …"""
        request = failure.request
        kind, status = failure_kind(failure)
        if kind == "robots":
            self.crawler.stats.inc_value("newscrawl/robots_forbidden")
            return  # never sent: not a fetch
        self._fetched()  # ends as the failure, counted by the store
        yield self._failure(request.url, request.meta.get("article_id"), kind, status, _describe(failure))

    def _failure(self, url, article_id, kind, status, message) -> PageItem:
        return PageItem("failed", url, article_id=article_id, status=status, fetched_at=now(),
                        failure_kind=kind, message=message)  # fmt: skip

    def _fetched(self, end: str | None = None) -> None:
        """One fetch settled (see the module's docstring); ``end`` when it ends here, not as an item."""
        self.crawler.stats.inc_value("newscrawl/fetched")
        if end is not None:
            self.crawler.stats.inc_value(f"newscrawl/ended/{end}")

    # --- URLs and the recrawl policy ------------------------------------------------------------------------

    def _article_id(self, url: str) -> tuple[str, str | None] | None:
        """(id, channel) when the URL is an article in any of its forms, at any of the site's bases."""
        found = self.profile.article_id(url)
        if found:
            return found
        for base in sorted(self.bases, key=len, reverse=True):  # "…/m" before "…"
            if url.startswith(base + "/"):
                found = self.profile.article_id_of_path(urlsplit(url[len(base) :]).path)
                if found:
                    return found
        return None

    def _same_site(self, url: str) -> bool:
        return any(url.startswith(base + "/") or url == base for base in self.bases)

    def _open_archive(self) -> bool:
        if self.archive is None:
            try:
                self.archive = Archive(self.db_path, readonly=True)
            except (FileNotFoundError, OSError):
                return False  # no archive yet: nothing is known
        return True

    def _failed_before(self) -> set[str]:
        if self.failed_before is None:
            self.failed_before = set()
            if self.settings.get("NEWSCRAWL_REDIS_URL"):
                # A cluster's worker never opens the archive: its writer publishes these ids in Redis.
                self.failed_before = failed_last_run(self.settings, self.name, self.site_key)
            elif self._open_archive():
                try:
                    self.failed_before = self.archive.failed_last_run(self.site_key)
                except Exception:  # noqa: BLE001 - an archive without our tables yet has no failures
                    pass
        return self.failed_before

    def closed(self, reason: str) -> None:
        if self.archive is not None:
            self.archive.close()


def failure_kind(failure: Failure) -> tuple[str, int | None]:
    """The failure kinds recorded in the archive, from what Scrapy and Twisted raise."""
    error = failure.value
    name, text = type(error).__name__, str(error).lower()
    response = getattr(error, "response", None)
    if response is not None:
        return f"http_{response.status}", response.status
    if "robots.txt" in text:
        return "robots", None
    if "redirect" in text:
        return "redirect_loop", None
    if "maxsize" in text or "max size" in text or "cancelled" in name.lower():
        return "too_large", None
    if "timeout" in name.lower() or "timed out" in text:
        return "timeout", None
    if (
        "dataloss" in repr(error).lower()
        or "data loss" in text
        or name in ("ResponseFailed", "PotentialDataLoss")
    ):
        return "truncated", None
    if "dns" in name.lower():
        return "dns", None
    if "refused" in name.lower() or "refused" in text:
        return "connection_refused", None
    return "network", None


def _describe(failure: Failure) -> str:
    return f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:500]


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _headers(response: Response) -> dict[str, str]:
    """The response's headers as received (a repeated header joined by ", "), for the version's record."""
    return {
        name.decode("latin-1"): ", ".join(v.decode("latin-1") for v in values)
        for name, values in response.headers.items()
    }


def _parse_ids(value: str) -> tuple[int, int]:
    first, _, last = value.partition("-")
    if not (first.strip().isdecimal() and last.strip().isdecimal()) or int(first) > int(last):
        raise ValueError(f"ids must be FROM-TO with FROM <= TO, e.g. 10668000-10668438, not {value!r}")
    return int(first), int(last)


def _web_url(name: str, value: str | None) -> str:
    """``value`` when it is an http(s) URL with a host; else a UsageError naming the argument."""
    try:
        parts = urlsplit(value or "")
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and (parts.port or 1) > 0
    except ValueError:  # a malformed port or IPv6 address
        ok = False
    if not ok:
        raise UsageError(
            f"{name} must be an http:// or https:// URL with a host, e.g. https://www.dutenews.com, not {value!r}"
        )
    return value


def _mobile_base(site: str, profile) -> str:
    """The site at its profile's mobile host (https://m.dutenews.com); the site itself when it has none (an
    IP address: the sample site serves its mobile pages under /m/, which the profile knows)."""
    host = urlsplit(site).hostname or ""
    mobile = profile.mobile_host(host)
    return site.replace(host, mobile, 1) if mobile else site


def _site_aliases(site: str) -> list[str]:
    """The bare and www. hosts of a site: links to either are the same site."""
    parts = urlsplit(site)
    host = parts.hostname or ""
    bare = host[4:] if host.startswith("www.") else host
    return (
        [site.replace(host, bare, 1), site.replace(host, "www." + bare, 1)]
        if "." in bare and not bare[0].isdigit()
        else []
    )
