"""Extraction: (bytes, url) → Article, or NotAnArticle with the reason.

Parse the page once (page.py), find where its text is and walk it (walk.py), refuse what is no article,
then let each field's resolvers decide (fields.py), recording the layer that did.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from newscrawl.extract import fields, newsroom
from newscrawl.extract.errors import NotAnArticle
from newscrawl.extract.fields import Evidence, decide
from newscrawl.extract.hanzi import compile_either
from newscrawl.extract.page import Page
from newscrawl.extract.profiles import SiteProfile
from newscrawl.extract.walk import Found, frame, walk
from newscrawl.record import Article

# A body shorter than this is no article (the shortest real news items run to about 100 characters).
MIN_BODY_CHARS = 20
# A listing page: this many link blocks or more in the chosen container, and never two paragraphs in a row.
LISTING_LINK_BLOCKS = 5
# ... or this many lines of text that each lead with a headline link, making up this share of the lines.
LISTING_ITEMS = 5
LISTING_ITEM_SHARE = 0.5
# ... or this many links of headline length on the page, and less running text than this.
LISTING_HEADLINE_LINKS = 8
MIN_HEADLINE_LINK, MAX_HEADLINE_LINK = 8, 60
MIN_RUNNING_TEXT = 50
# A video page: a player, and no more text than a sentence or two of description.
MAX_VIDEO_DESCRIPTION = 150
# A notice of removal is short; a page with more text than this is an article that mentions one.
MAX_REMOVAL_NOTICE = 200
# A site's search results: its address asks a search engine (search.cnr.cn/search?q=…, /s?wd=…,
# /search.jsp?searchword=…) or its title says so ("…_央广网搜索", "搜索结果"). Each result is a headline
# and the opening of an article, byline included, which reads like an article's head.
_SEARCH_PATH = re.compile(r"(?:^|[/.])(?:search|so|s|query|find|jsearch|was5|sousuo)(?:[/.]|$)", re.I)
_SEARCH_QUERY = re.compile(
    r"(?:^|&)(?:q|query|keyword|keywords|kw|wd|word|key|searchword|sw|text)=[^&]", re.I
)
_SEARCH_TITLE = compile_either(r"搜索结果|站内搜索|检索结果|[_\-|｜—]\s*\S{0,10}搜索$")

_REMOVED = compile_either(
    r"文章不存在|已被(?:发布者|作者|原作者|用户|管理员)?删除|已删除|内容不存在|页面不存在|已下线|已下架|稿件已撤|已被作者删除|404 Not Found|页面找不到|"
    r"页面未找到|找不到该页面|无法查看|已失效|已过期|已被撤回|已撤回|撤稿|无法浏览|无法访问|访问受限|无权访问|"
    r"403 Forbidden|登录后(?:查看|阅读)"
)


# A headline that is the notice itself opens with what is gone, not with what the news is about ("涉事视频
# 已被平台删除" is news).
_REMOVAL_HEADLINE = compile_either(
    r"^(?:抱歉|对不起|很抱歉)?[，,！!\s]*(?:该|此|本|您|文章|内容|页面|稿件|新闻|信息).{0,14}$"
)


def extract(
    body: bytes,
    url: str,
    content_type: str | None = None,
    profile: SiteProfile | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """Extract the article from one fetched page. Pure: no network, no database.

    The site profile is chosen by the URL's host; pass ``profile`` to apply one to a page of the same site
    served from elsewhere (a mirror, the local sample site). ``fetched_at`` (timezone-aware) is the moment
    the page was fetched: relative dates ("3小时前", "昨天 10:20") count back from it; without it they
    are left unresolved.
    """
    page = Page.parse(body, url, content_type, profile, fetched_at)
    where = frame(page)
    by: dict[str, str | None] = {}
    headline = decide("headline", fields.HEADLINE, Evidence(page, where), by)
    found = walk(page, where, headline)
    refuse_non_articles(page, found, headline)
    ev = Evidence(page, where, found, headline)
    article_id, channel = decide("article_id", fields.ARTICLE_ID, ev, by, (None, None))
    reporters, byline = decide("reporters", fields.REPORTERS, ev, by, ([], None))
    return Article(
        url=url,
        article_id=article_id,
        headline=fields.without_type_tag(headline),
        published_at=decide("published_at", fields.PUBLISHED, ev, by),
        reporters=reporters,
        editors=decide("editors", fields.EDITORS, ev, by, []),
        body=decide("body", fields.BODY, ev, by, ""),
        original_title=decide("original_title", fields.ORIGINAL_TITLE, ev, by),
        editor_note=decide("editor_note", fields.EDITOR_NOTE, ev, by),
        source=decide("source", fields.SOURCE, ev, by),
        account=decide("account", fields.ACCOUNT, ev, by),
        extracted_by=by,
        byline=byline,
        editor_line=found.editor_line,
        channel=channel,
        captions=found.captions,
        notes=found.notes,
    )


def refuse_non_articles(page: Page, found: Found, headline: str | None) -> None:
    """Refuse what is not an article, with its kind: a notice of removal, a list of headlines, a video with
    a line of description, a page without text or headline."""
    text = "\n".join(found.paragraphs)
    # The notice is the page's title or the head of its text, not a line anywhere (a removed comment).
    if (
        len(text) < MAX_REMOVAL_NOTICE
        and (
            _REMOVED.search(page.title)
            or headline
            and _REMOVAL_HEADLINE.match(headline)
            and _REMOVED.search(headline)  # "<h1>该文章已删除</h1>"
            or any(_REMOVED.search(p) for p in found.paragraphs[:1])
            or not found.paragraphs
            and any(_REMOVED.search(b.text) for b in page.tree.blocks if b.link_ratio < 0.5)
        )
    ):
        raise NotAnArticle("the page says the article does not exist or was removed", kind="removed")
    parts = urlsplit(page.url)
    if (_SEARCH_PATH.search(f"{parts.hostname or ''}{parts.path}") and _SEARCH_QUERY.search(parts.query)) or (
        _SEARCH_TITLE.search(page.title)
    ):
        raise NotAnArticle("a search results page", kind="listing")
    # A listing alternates headline links and teasers, or prints each headline link inside its teaser's
    # line; an article has paragraphs in a row, and few of them lead with a link.
    if found.link_blocks >= LISTING_LINK_BLOCKS and found.longest_prose_run < 2:
        raise NotAnArticle(
            f"a listing page: {found.link_blocks} links between {len(found.paragraphs)} short texts",
            kind="listing",
        )
    items = found.linked_paragraphs
    if items >= LISTING_ITEMS and items >= LISTING_ITEM_SHARE * len(found.paragraphs):
        raise NotAnArticle(
            f"a listing page: {items} of {len(found.paragraphs)} lines are headline links", kind="listing"
        )
    # Running text is sentences; a list page's text is headlines, dates and its footer.
    sentences = [p for p in found.paragraphs if newsroom.ends_sentence(p)]
    prose = sum(len(p) for p in sentences)
    if prose < MIN_RUNNING_TEXT:
        links = sum(
            1
            for b in page.tree.blocks
            if b.link_ratio >= 0.5 and MIN_HEADLINE_LINK <= b.link_chars <= MAX_HEADLINE_LINK
        )
        if links >= LISTING_HEADLINE_LINKS:
            raise NotAnArticle(f"a listing page: {links} headline links and no running text", kind="listing")
    if len(sentences) <= 1 and prose <= MAX_VIDEO_DESCRIPTION and page.has_player:
        raise NotAnArticle("a video page: a player and a line of description", kind="video")
    if len(text) < MIN_BODY_CHARS:
        raise NotAnArticle("no article text found on the page", kind="no_body")
    if not headline:
        raise NotAnArticle("no headline found on the page", kind="no_headline")
