"""Field resolvers: for every field, the layers in order, the first that answers decides.

A resolver is a small pure function of the evidence (the parsed page, where its text is, what the walk
found) that returns a value or None. ``decide`` tries a field's table in order and records the layer of
the resolver that answered in ``extracted_by``. A resolver may name a more precise layer than its row by
returning ``Layered(value, layer)`` (a printed date that is the site profile's own date line, say).

The order, most specific first: the site profile, then what the page says of itself (JSON-LD, meta tags,
app state), then what the page shows (headings, text density, newsroom patterns). Dates are the
exception, on purpose: the date printed under the headline beats meta tags, which are often the time of
a later edit or of the repost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newscrawl.extract import dates, newsroom
from newscrawl.extract.blocks import HEADING_TAGS, squash
from newscrawl.extract.hanzi import simplified
from newscrawl.extract.page import Page
from newscrawl.extract.walk import HEADER_ZONE_BLOCKS, LINK_BLOCK_RATIO, STATE, Found, Frame
from newscrawl.record import Editor

# Layer names, as recorded in extracted_by. PROFILE stands for the page's profile ("profile:dutenews").
PROFILE, JSON_LD, META, HEADING, TITLE, PATTERN, SCRIPT, URL, RELATIVE, CARD = (
    "profile", "json-ld", "meta", "heading", "title", "pattern", "script", "url", "relative", "card",
)  # fmt: skip

# A <title> shorter than this, once the site's suffix is gone, is a site name rather than a headline.
MIN_TITLE_HEADLINE = 6
# The separators sites put between a headline and their own name in a <title>.
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--+|——|\s[-–—]\s)\s*")
_URL_ID = re.compile(r"(\d{5,})(?:\.s?html?)?/?$")
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


@dataclass(frozen=True)
class Evidence:
    """What resolvers read. ``found`` and ``headline`` are None while the headline itself is decided: the
    walk needs the headline to know which line to skip."""

    page: Page
    frame: Frame
    found: Found | None = None
    headline: str | None = None

    @property
    def found_names(self) -> set[str]:
        return {name for names, _ in self.found.bylines for name in names} if self.found else set()


@dataclass(frozen=True)
class Layered:
    value: Any
    layer: str


Resolver = Callable[[Evidence], Any]


def decide(
    name: str, table: Sequence[tuple[str, Resolver]], evidence: Evidence, by: dict, default: Any = None
) -> Any:
    """The first answer of the field's resolvers, in order; its layer goes into ``by[name]``."""
    for layer, resolver in table:
        value = resolver(evidence)
        if isinstance(value, Layered):
            value, layer = value.value, value.layer
        if value:
            profile = evidence.page.profile
            by[name] = profile.layer if layer == PROFILE and profile else layer
            return value
    by[name] = None
    return default


# --- headline --------------------------------------------------------------------------------------------------


def strip_site_parts(title: str, site_names: tuple[str, ...] = ()) -> str:
    """ "报道标题_IN视频_读特" → "报道标题": the parts a <title> adds around the headline, whatever the site.

    Sites append their name, a channel, or keyword tags ("…_网易新闻", "--经济·科技--人民网",
    "…|山东省|青岛市_新浪新闻"), and some put their name first ("读特 | …"). A trailing part goes when it names
    the site (og:site_name), reads like a site or channel name, or is short like a tag; a leading part only
    when it names the site or reads like a site name, since headlines open with a column ("新华视界｜…")."""
    parts = _TITLE_SEPARATORS.split(title.strip())
    separators = _TITLE_SEPARATORS.findall(title.strip())
    while len(parts) > 1 and _site_like(parts[0], site_names, trailing=False, leading=True):
        parts.pop(0)
        separators.pop(0)
    while len(parts) > 1 and _site_like(
        parts[-1], site_names, trailing=len(parts[-1]) < max(map(len, parts[:-1]))
    ):
        parts.pop()
        separators.pop()
    kept = "".join(part + sep for part, sep in zip(parts, [*separators, ""], strict=True)).strip()
    # "…生产-新华网河北频道-新华网": a site's parts joined by a bare hyphen.
    while (tail := _BARE_DASH_TAIL.search(kept)) and _site_like(tail.group(1), site_names, trailing=False):
        kept = kept[: tail.start()].rstrip()
    # "宁波日报数字报-甬城简讯": the site's name before the headline, by a bare hyphen.
    while (head := _BARE_DASH_HEAD.match(kept)) and _site_like(head.group(1), site_names, trailing=False):
        kept = kept[head.end() :].lstrip()
    return kept or title


_BARE_DASH_TAIL = re.compile(r"(?<=\S)[-－—]+([^-－—\s]{2,12})$")
_BARE_DASH_HEAD = re.compile(r"^([^-－—\s]{2,12})[-－—]+(?=\S)")


# What a site or channel calls itself: "网易新闻", "凤凰网资讯", "IN视频", "新闻中心", "人民网", "读特".
_SITE_WORD = re.compile(
    r"(?:网|新闻|新闻网|新闻中心|频道|客户端|资讯|视频|日报|晚报|早报|报|在线|官网|首页|正文|门户|APP|App|读特|号"
    r"|电子版|数字报|手机版|移动版|触屏版)$"
    r"|^(?:打印本页|打印版|打印|正文打印)$"
)
MAX_SITE_PART = 12
_LATIN_SITE_WORDS = frozenset(
    "daily news online times post net com cn herald journal weekly tribune express network tv media press "
    "www newspaper channel".split()
)
# A trailing part this short is a tag or a channel, not the end of a headline.
MAX_TAG_PART = 6


def _site_like(part: str, site_names: tuple[str, ...], trailing: bool, leading: bool = False) -> bool:
    part = part.strip()
    if not part:
        return True
    # A leading part is the site's name ("读特 | …"), or part of it; one that says more than the name is a
    # column the newsroom prints first ("36氪独家｜…", "人民网评：…").
    if any(name and (part in name if leading else name in part or part in name) for name in site_names):
        return True
    if len(part) <= MAX_SITE_PART and (_SITE_WORD.search(simplified(part)) or newsroom.is_org(part)):
        return True
    words = part.split()
    if len(words) > 1 and all(
        w.lower() in _LATIN_SITE_WORDS
        or len(w) <= MAX_SITE_PART
        and (_SITE_WORD.search(simplified(w)) or newsroom.is_org(w))
        for w in words
    ):
        return True  # "每日明報 daily news": the paper's name and its English tag, the same on every page
    return trailing and len(part) <= MAX_TAG_PART


def _site_names(page: Page) -> tuple[str, ...]:
    return tuple(n for n in (page.meta.site_name, page.ld.site_name) if n)


# A tag of what the story is, before its headline: "[视频]春耕备耕…", "【组图】…". The kind of content, not words
# of the headline (a column's tag says more and stays: "【聚焦】…", "新华视界｜…").
_TYPE_TAG = re.compile(
    r"^\s*[\[【［〔]\s*(?:视频|组图|图文|图集|多图|高清组图|直播|音频|独家视频|图片)\s*[\]】］〕]\s*"
)


def without_type_tag(headline: str | None) -> str | None:
    if not headline:
        return headline
    return _TYPE_TAG.sub("", headline) or headline


def headline_of_profile(ev: Evidence) -> str | None:
    """The title without the suffix the profile knows, and the channel parts before it ("_IN视频_读特")."""
    page = ev.page
    stripped = page.profile.strip_title(page.title) if page.profile and page.title else None
    return strip_site_parts(stripped, _site_names(page)) if stripped else None


def headline_of_json_ld(ev: Evidence) -> str | None:
    headline = ev.page.ld.headline
    return strip_site_parts(squash(headline), _site_names(ev.page)) if headline else None


def heading_in_title(ev: Evidence) -> str | None:
    """The longest short block that the <title> contains: the headline, shown on the page."""
    title = ev.page.title
    if not title:
        return None
    main_segment = max(_TITLE_SEPARATORS.split(title), key=len)
    best: str | None = None
    best_block = None
    for block in ev.page.tree.blocks:
        text = block.text
        if not 4 <= len(text) <= 120 or (block.link_ratio > 0.5 and block.tag not in HEADING_TAGS):
            continue
        if text in title and len(text) >= 0.5 * len(main_segment) and (best is None or len(text) > len(best)):
            best, best_block = text, block
    if best is not None and (len(best) < MIN_TITLE_HEADLINE or _site_like(best, _site_names(ev.page), False)):
        return None  # a <title> that is only the site's name, and its logo's line ("封面新闻")
    if best is not None:
        # "<h1>主标题</h1><h2>——副标题</h2>" and a <title> with both: the headline is the two together.
        blocks, order = ev.page.tree.blocks, best_block.order
        for first, second in ((order - 1, order), (order, order + 1)):
            if first >= 0 and second < len(blocks) and _SUBTITLE_DASH.match(blocks[second].text):
                joined = blocks[first].text + blocks[second].text
                if joined in title:
                    return joined
    return best


def headline_of_meta(ev: Evidence) -> str | None:
    meta = ev.page.meta.headline
    return strip_site_parts(squash(meta), _site_names(ev.page)) if meta else None


def long_title(ev: Evidence) -> str | None:
    """The <title> without the site's parts, unless what is left is the site's name: site-like ("新闻中心")
    or the name the footer prints ("主办：清溪县人民政府")."""
    page = ev.page
    titled = strip_site_parts(page.title, _site_names(page)) if page.title else None
    if not titled or len(titled) < MIN_TITLE_HEADLINE or _site_like(titled, _site_names(page), False):
        return None
    if any(titled in block.text and page.chrome.is_stop(block.text) for block in page.tree.blocks):
        return None
    return titled


# A subtitle joined to its headline by a dash: "——记农业科学家张海涛".
_SUBTITLE_DASH = re.compile(r"^\s*(?:——|—|--|－－)")
# Class names of the element that holds a headline which is not a heading element ("article-title").
_TITLE_CLASS = re.compile(r"(?:^|[\s_-])(?:title|headline|tit|biaoti|bt)(?:$|[\s_-])", re.I)
# Or glued to a word of the CMS's ("ptitle", "newstitle", "arttitle", "detailTitle"), unless the word makes it
# another title ("subtitle", "sitetitle", "listtitle", "titlebar").
_GLUED_TITLE_CLASS = re.compile(
    r"^(?!.*(?:sub|site|list|nav|bar|small|mini|side|hot|more))[a-z]{1,8}(?:title|headline)$", re.I
)
MAX_HEADLINE = 120


def heading_over_text(ev: Evidence) -> str | None:
    """A <title> that is only the site's name ("读特", "详情"): the headline over the text instead — the page's
    one <h1>, else the nearest heading element of headline length above the text, else the nearest line
    whose element is classed as a title."""
    blocks = ev.page.tree.blocks
    h1 = [b for b in blocks if b.tag == "h1" and b.link_ratio <= LINK_BLOCK_RATIO]
    if len(h1) == 1:
        return h1[0].text
    body_blocks = ev.frame.body_blocks
    end = body_blocks[0].order if body_blocks else len(blocks)
    above = [
        b
        for b in reversed(blocks[max(end - HEADER_ZONE_BLOCKS, 0) : end])
        if b.link_ratio <= LINK_BLOCK_RATIO and MIN_TITLE_HEADLINE <= len(b.text) <= MAX_HEADLINE
    ]
    for block in above:
        if block.tag in HEADING_TAGS:
            return block.text
    for block in above:
        if (_titled(block) or _all_bold(block)) and not dates.find_dates(block.text):
            return block.text
    return None


def _titled(block) -> bool:
    """An element classed as a title, or named so, or holding all its text in one that is: e-paper systems
    mark up their headline <founder-title> inside a table cell."""
    for element in block.element.iter():
        if not isinstance(element.tag, str):
            continue
        names = f"{element.get('class', '')} {element.get('id', '')} {element.tag}"
        glued = any(_GLUED_TITLE_CLASS.match(word) for word in names.split())
        if (_TITLE_CLASS.search(names) or glued) and (
            element is block.element or squash(element.text_content()) == block.text
        ):
            return True
    return False


def _all_bold(block) -> bool:
    """A line set wholly in bold (<strong>, <b>): an old table layout's headline."""
    bold = (
        block.element.find(".//strong")
        if block.element.find(".//strong") is not None
        else block.element.find(".//b")
    )
    return bold is not None and squash(bold.text_content()) == block.text


def headline_of_state(ev: Evidence) -> str | None:
    """An app-share page's headline in its state JSON, when its <title> is only the app's name."""
    headline = ev.page.app_state.headline
    return strip_site_parts(squash(headline), _site_names(ev.page)) if headline else None


def any_title(ev: Evidence) -> str | None:
    return strip_site_parts(ev.page.title, _site_names(ev.page)) if ev.page.title else None


HEADLINE: list[tuple[str, Resolver]] = [
    (PROFILE, headline_of_profile),
    (JSON_LD, headline_of_json_ld),
    (HEADING, heading_in_title),
    (META, headline_of_meta),
    (TITLE, long_title),
    (HEADING, heading_over_text),
    (STATE, headline_of_state),
    (TITLE, any_title),
]


# --- publication date --------------------------------------------------------------------------------------------


def structured_date(ev: Evidence) -> Layered | None:
    """The page's own machine-readable date: JSON-LD, meta tags, app state, a timestamp in a script."""
    page = ev.page
    candidates = [(page.ld.published, JSON_LD), (page.meta.published, META)]
    if ev.found is not None and ev.found.state is not None:
        candidates.append((ev.found.state.published, STATE))
    candidates.append((page.script_epoch, SCRIPT))
    # <time datetime>: HTML's own date, asked last (a page may time its sidebar's items too).
    candidates.append((page.time_element, META))
    for value, layer in candidates:
        parsed = dates.parse_value(value) if value else None
        if parsed is not None:
            return Layered(parsed, layer)
    return None


def _url_year(url: str) -> int | None:
    match = _URL_YEAR.search(urlsplit(url).path)
    return int(match.group(1)) if match else None


def printed_date(ev: Evidence) -> Layered | None:
    """The date printed with the article: a time beats a bare date of the same day, a date over the
    headline counts only with its time (a bare date there is as likely the site's "today" bar), and the
    publication beats a later edit (更新时间)."""
    found, page = ev.found, ev.page
    head = found.head_block.order if found.head_block is not None else -1
    printed = [
        d
        for d, block in found.dates
        if d.has_time or block.order > head or block.order in found.labelled_dates
    ]
    printed = [d for d in printed if not d.updated] or printed
    # A relative date ("3小时前") is as precise as the fetch time it counts from: the last resort.
    printed = [d for d in printed if not d.relative] or printed
    if not printed:
        return None
    layer = PATTERN
    if page.profile and page.profile.date_line:
        if any(page.profile.date_line.search(block.spaced) for _, block in found.dates):
            layer = PROFILE
    chosen = next((d for d in printed if d.has_time), printed[0])
    if not chosen.has_time:
        same_day = [d for d in printed if d.has_time and d.value.date() == chosen.value.date()]
        if same_day:
            chosen = same_day[0]
    # Asked for only when the printed date lacks something: most pages print the whole date.
    known = structured_date(ev) if chosen.relative or not (chosen.has_year and chosen.has_time) else None
    if chosen.relative and known:
        return Layered(known.value.iso(), known.layer)  # the page's own timestamp beats "3小时前"
    if not chosen.has_year:
        year = known.value.value.year if known else _url_year(page.url)
        if year is None:
            return None
        chosen = chosen.with_year(year)
    if not chosen.has_time and known and known.value.has_time:
        # A bare printed date and a timed structured one of the same day: the structured one has the minute.
        if known.value.value.astimezone(dates.CHINA_TZ).date() == chosen.value.date():
            return Layered(known.value.iso(), known.layer)
    return Layered(chosen.iso(), RELATIVE if chosen.relative else layer)


def date_of_structured(ev: Evidence) -> Layered | None:
    known = structured_date(ev)
    return Layered(known.value.iso(), known.layer) if known else None


def date_above_headline(ev: Evidence) -> str | None:
    """With its time only: a bare date over the headline is as likely the site's "today" bar."""
    above = next((d for d in ev.found.dates_above if d.has_year and d.has_time), None)
    return above.iso() if above else None


def date_in_url(ev: Evidence) -> str | None:
    """The day a URL files the article under ("/2025-03/10/", "/20250310/", "t20250310_"): a bare date,
    when the page itself dates nothing."""
    match = _URL_DATE.search(urlsplit(ev.page.url).path)
    if not match:
        return None
    found = dates.find_dates("-".join(match.groups()))
    return found[0].iso() if found else None


PUBLISHED: list[tuple[str, Resolver]] = [
    (PATTERN, printed_date),
    (META, date_of_structured),
    (PATTERN, date_above_headline),
    (URL, date_in_url),
]


# --- reporters ---------------------------------------------------------------------------------------------------


def byline_of_profile_newsroom(ev: Evidence) -> tuple[list[str], str] | None:
    """A byline that names one of the site's own newsrooms ("深圳特区报记者 …")."""
    profile = ev.page.profile
    if not profile:
        return None
    for names, line in ev.found.bylines:
        if line is not None and profile.byline_org(line):
            return names, newsroom.bare_byline(line)
    return None


def printed_bylines(ev: Evidence) -> tuple[list[str], str | None] | None:
    """Every writer the page credits in print, in the order printed: over the text, in its dateline, in a
    bracket closing it, on a line after it (a piece may credit its reporters in more than one place)."""
    names = list(dict.fromkeys(name for names, _ in ev.found.bylines for name in names))
    if not names:
        return None
    line = next((line for _, line in ev.found.bylines if line), None)
    return names, newsroom.bare_byline(line) if line else None


def _people(ev: Evidence, authors: tuple[str, ...]) -> list[str]:
    """Persons among structured authors. Nothing on the page says these are names, so each must be built
    like one; the outlet ("新京报", a domain), the site, and an editor the page credits as such (web
    editors fill in the meta author) are not reporters."""
    editors = {editor.name for editor in ev.found.editors}
    return [
        name
        for author in authors
        if "@" not in author  # "name, email@gmail.com": a template's placeholder
        for name in (newsroom.parse_byline(author) or newsroom.split_names(author))
        if newsroom.is_person(name) and name not in editors and not _is_site_name(ev, name)
    ]


def _is_site_name(ev: Evidence, name: str) -> bool:
    """ "网易" as meta author of a page titled "…_网易财经" is the site, not a person."""
    title = ev.page.title
    site_part = title.replace(ev.headline or "", "") if title else ""
    return name in site_part or name == ev.page.meta.site_name


def authors_of_state(ev: Evidence) -> tuple[list[str], str] | None:
    authors = ev.found.state.authors if ev.found.state else ()
    people = _people(ev, authors)
    return (people, authors[0]) if people else None


def authors_of_json_ld(ev: Evidence) -> tuple[list[str], None] | None:
    people = _people(ev, ev.page.ld.authors)
    return (people, None) if people else None


def authors_of_meta(ev: Evidence) -> tuple[list[str], None] | None:
    people = _people(ev, ev.page.meta.authors)
    return (people, None) if people else None


# An author's card beside the text, as platforms print it (avatar, name, "深圳商报·读创记者", 关注): its class,
# and the class of the name inside it. Lists of authors (热门作者, 作者推荐) are no card of this piece's.
_AUTHOR_CARD = re.compile(
    r"(?:^|[\s_-])author(?:[-_]?(?:card|info|box|item|intro|detail|wrap|panel|area))?(?:$|\s)", re.I
)
_NOT_THIS_PIECES = re.compile(r"hot|rank|list|recommend|more|other|top|related|comment", re.I)
_LISTS_OF_AUTHORS = re.compile(r"hot|rank|recommend", re.I)
_NAME_CLASS = re.compile(r"(?:^|[\s_-])(?:name|nick|nickname|uname)(?:$|[\s_-])", re.I)
MAX_CARD_NAMES = 3


def authors_in_cards(ev: Evidence) -> tuple[list[str], None] | None:
    """The persons named in author cards beside the text, when nothing else names the reporters: the name
    element of each card (its class says so), else the card's first link."""
    editors = {editor.name for editor in ev.found.editors}
    names: list[str] = []
    for card in ev.page.selector.xpath('//*[contains(@class, "author")]'):
        classes = card.attrib.get("class", "")
        if not _AUTHOR_CARD.search(classes) or _NOT_THIS_PIECES.search(classes):
            continue
        if card.xpath('ancestor::*[contains(@class, "author")]'):
            continue  # a card inside a card: counted with it
        if any(_LISTS_OF_AUTHORS.search(c) for c in card.xpath("ancestor::*/@class").getall()):
            continue  # "<div class=rank><li class=author-item>": a list of authors
        named = [e for e in card.xpath(".//*[@class]") if _NAME_CLASS.search(e.attrib.get("class", ""))]
        texts = [squash(" ".join(e.xpath(".//text()").getall())) for e in named] or card.xpath(
            ".//a[1]//text()"
        ).getall()[:1]
        names += [t.strip() for t in texts if newsroom.is_person(t.strip()) and t.strip() not in editors]
    names = list(dict.fromkeys(names))
    return (names, None) if names and len(names) <= MAX_CARD_NAMES else None


# Value: (names, the byline they were read from, without its "(作者:…)" wrapper).
REPORTERS: list[tuple[str, Resolver]] = [
    (PROFILE, byline_of_profile_newsroom),
    (PATTERN, printed_bylines),
    (STATE, authors_of_state),
    (JSON_LD, authors_of_json_ld),
    (META, authors_of_meta),
    (CARD, authors_in_cards),
]


# --- the other credits -----------------------------------------------------------------------------------------


def printed_editors(ev: Evidence) -> list | None:
    return list(dict.fromkeys(ev.found.editors)) or None


def printed_original_title(ev: Evidence) -> str | None:
    return ev.found.original_title


def printed_editor_note(ev: Evidence) -> str | None:
    return ev.found.editor_note


def printed_source(ev: Evidence) -> str | None:
    return ev.found.source


def source_of_meta(ev: Evidence) -> str | None:
    return ev.page.meta.source


def outlet_credited(ev: Evidence) -> str | None:
    """An outlet credited where a writer would be ("作者：新京报", "（经济日报评论员）")."""
    return next(iter(ev.found.outlets), None)


def account_in_author_slot(ev: Evidence) -> str | None:
    """The platform account printed where the author goes (a 头条号 beside the date, a 百家号 under the
    headline), never one of the reporters."""
    return next((a for a in ev.found.accounts if a not in ev.found_names), None)


def outlet_as_account(ev: Evidence) -> str | None:
    return next((o for o in ev.found.outlets if o not in ev.found_names), None)


_HAN_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")


def editors_of_meta(ev: Evidence) -> list | None:
    """The editor a meta tag names, when the page prints no editor line: persons' names only (the tag is
    as often a tool's name, "Dreamweaver")."""
    meta = ev.page.meta.editor
    names = (
        [n for n in newsroom.split_names(meta) if newsroom.is_person(n) and _HAN_NAME.match(n)]
        if meta
        else []
    )
    return [Editor("编辑", name) for name in dict.fromkeys(names)] or None


def editors_of_state(ev: Evidence) -> list | None:
    """The editors the app state names, when the body came from it: an editor line ("编辑：胡雅楠　责任编辑：
    刘亮"), or names alone."""
    value = ev.found.state.editor if ev.found.state else None
    if not value:
        return None
    lined = newsroom.parse_editor_line(value)
    if lined:
        return list(dict.fromkeys(lined))
    names = [n for n in newsroom.split_names(value) if newsroom.is_person(n) and _HAN_NAME.match(n)]
    return [Editor("编辑", name) for name in dict.fromkeys(names)] or None


EDITORS: list[tuple[str, Resolver]] = [
    (PATTERN, printed_editors),
    (STATE, editors_of_state),
    (META, editors_of_meta),
]
ORIGINAL_TITLE: list[tuple[str, Resolver]] = [(PATTERN, printed_original_title)]
EDITOR_NOTE: list[tuple[str, Resolver]] = [(PATTERN, printed_editor_note)]
SOURCE: list[tuple[str, Resolver]] = [
    (PATTERN, printed_source),
    (META, source_of_meta),
    (PATTERN, outlet_credited),
]
ACCOUNT: list[tuple[str, Resolver]] = [(PATTERN, account_in_author_slot), (PATTERN, outlet_as_account)]


# --- body and id ---------------------------------------------------------------------------------------------------


def walked_body(ev: Evidence) -> Layered | None:
    body = "\n".join(ev.found.body_paragraphs)
    return Layered(body, ev.found.body_layer) if body else None


def id_of_profile(ev: Evidence) -> tuple[str, str | None] | None:
    profile = ev.page.profile
    return profile.article_id_of_path(urlsplit(ev.page.url).path) if profile else None


def id_in_url(ev: Evidence) -> tuple[str, None] | None:
    match = _URL_ID.search(urlsplit(ev.page.url).path)
    return (match.group(1), None) if match else None


BODY: list[tuple[str, Resolver]] = [("density", walked_body)]
# Value: (article id, channel or None).
ARTICLE_ID: list[tuple[str, Resolver]] = [(PROFILE, id_of_profile), (URL, id_in_url)]
