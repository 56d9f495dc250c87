"""Layered extraction: (bytes, url) → Article, or NotAnArticle with the reason.

For every field the layers are tried in order and the first that answers decides; its name goes into
``extracted_by``. The order, most specific first: the site profile, then what the page says of itself
(JSON-LD, meta tags, app state), then what the page shows (headings, text density, newsroom patterns).
Dates are the exception, on purpose: the date printed under the headline beats meta tags, which are
often the time of a later edit or of the repost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

import lxml.html
from parsel import Selector

from newscrawl.extract import dates, newsroom, structured
from newscrawl.extract.blocks import HEADING_TAGS, Block, BlockTree, linearize, squash
from newscrawl.extract.chrome import Chrome
from newscrawl.extract.decode import decode_html
from newscrawl.extract.density import best_containers
from newscrawl.extract.errors import NotAnArticle
from newscrawl.extract.profiles import SiteProfile, profile_for
from newscrawl.record import Article, Editor

# Layer names, as recorded in extracted_by.
JSON_LD, META, STATE, HEADING, TITLE, DENSITY, PATTERN, SCRIPT, URL, UNRENDERED = (
    "json-ld", "meta", "state", "heading", "title", "density", "pattern", "script", "url", "unrendered",
)  # fmt: skip

# A body shorter than this is no article (the shortest real news items run to about 100 characters).
MIN_BODY_CHARS = 20
# Below this much prose in the visible page, look for the article in app state JSON.
MIN_VISIBLE_PROSE = 120
# Blocks before the body that are searched for byline, date and source when no headline block anchors them.
HEADER_ZONE_BLOCKS = 15
# A listing page: this many link blocks or more in the chosen container, and never two paragraphs in a row.
LISTING_LINK_BLOCKS = 5
LINK_BLOCK_RATIO = 0.6
# A line with a date and little else is a date line; longer, it is prose that mentions a date.
MAX_DATE_LINE = 60
# Characters before the first role an editor line may carry: a button or a link ("纠错", "打印本页").
MAX_EDITOR_LINE_LEAD = 6
# A <title> shorter than this, once the site's suffix is gone, is a site name rather than a headline.
MIN_TITLE_HEADLINE = 6
# Blocks over the headline searched for a date line when nothing else dates the page.
ABOVE_HEADLINE_BLOCKS = 3
# Blocks after the container still searched for editor lines and credits.
TAIL_BLOCKS = 12

_REMOVED = re.compile(
    r"文章不存在|已被删除|已删除|内容不存在|页面不存在|已下线|稿件已撤|404 Not Found|页面找不到"
)
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--+|——|\s[-–—]\s)\s*")
_META_LABELS = re.compile(
    r"发布时间|发表时间|发布日期|更新时间|时间|日期|来源于?|作者|记者|编辑|责编|字号|浏览|阅读|点击|次数|评论|"
    r"[：:|｜丨/()（）\s]|[大中小]|\d+次?"
)
_DATE_LABEL = re.compile(r"(?:发布|发表|更新|出版|刊发)?(?:时间|日期)\s*[：:]?")
_SCRIPT_EPOCH = re.compile(
    r"\b(?:ct|publish_?time|pubtime|pub_time|publishTime|pubDate|createTime|ptime)\s*[=:]\s*[\"']?(\d{13}|\d{10})\b"
)
_LABELED_AUTHOR = re.compile(r"(?:作者|记者|撰文|文)\s*[：:/丨|]\s*([^\s，,|｜丨]+(?:\s+[^\s，,|｜丨:：]+)*)")
# "阅读 2.3万", "浏览量：1024", "评论 12": counters printed on the byline's line.
_COUNTERS = re.compile(
    r"(?:阅读|浏览|点击|评论|点赞|收藏|转发|分享)(?:量|数|次数)?\s*[：:]?\s*\d[\d.,]*\s*(?:万|千|[wWkK])?\+?(?:次|人)?"
)
# A line that ends a sentence is prose again after a box of headlines (which end none).
_SENTENCE_END = re.compile(r"[。！？!?]")
_BRACKETED = re.compile(r"[【\[（(]([^【】\[\]（）()]{2,60})[】\]）)]")
_URL_ID = re.compile(r"(\d{5,})(?:\.s?html?)?/?$")
_URL_DATE = re.compile(r"(?<!\d)(20\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


@dataclass
class Found:
    """What the walk over the page's blocks collected: text and the credits around it."""

    paragraphs: list[str] = field(default_factory=list)
    dates: list[tuple[dates.FoundDate, Block]] = field(default_factory=list)
    dates_above: list[dates.FoundDate] = field(default_factory=list)  # date lines just over the headline
    bylines: list[tuple[list[str], str | None]] = field(default_factory=list)  # names, the line as printed
    editors: list[Editor] = field(default_factory=list)
    editor_line: str | None = None
    original_title: str | None = None
    editor_note: str | None = None
    source: str | None = None
    link_blocks: int = 0
    prose_run: int = 0  # consecutive paragraphs with no link between them, now
    longest_prose_run: int = 0


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
    return Extraction(decode_html(body, content_type), url, profile).article()


class Extraction:
    def __init__(self, html: str, url: str, profile: SiteProfile | None = None):
        self.html = html
        self.url = url
        self.selector = Selector(text=html)
        self.profile: SiteProfile | None = profile or profile_for(url)
        self.chrome = Chrome()
        if self.profile:
            self.chrome = self.chrome.extended(self.profile.stop_labels, self.profile.drop_patterns)
        self.tree: BlockTree = linearize(self.selector.root)
        self.title = squash(" ".join(self.selector.xpath("(//head/title|//title)[1]//text()").getall()))
        self.meta = structured.meta_facts(structured.meta_tags(self.selector))
        self.ld = structured.json_ld(self.selector)
        self.state: structured.StructuredFacts | None = None  # set when the body comes from app state
        self.head_block: Block | None = None
        self.by: dict[str, str | None] = {}

    # --- the record ------------------------------------------------------------------------------

    def article(self) -> Article:
        containers = best_containers(self.tree, votes=lambda block: not self.chrome.is_chrome(block.text))
        body_blocks = self._up_to_editor_line(
            [b for b in self.tree.blocks if any(self.tree.inside(b, c) for c in containers)]
        )
        headline = self.headline = self._headline(body_blocks)
        head_block = self.head_block = self._headline_block(headline, body_blocks)
        found = self._walk(self.tree, body_blocks, headline, containers)
        body_layer = DENSITY
        visible_prose = sum(len(p) for p in found.paragraphs)
        if visible_prose < MIN_VISIBLE_PROSE:
            for layer, facts in (
                (STATE, lambda: structured.app_state(self.selector)),
                (JSON_LD, lambda: self.ld),
                (UNRENDERED, lambda: structured.unrendered_html(self.selector)),
            ):
                alternative = facts()
                if alternative.body and len(alternative.body) > visible_prose:
                    found = self._walk_fragment(alternative.body, headline, found)
                    body_layer = layer
                    if layer == STATE:
                        self.state = alternative
                    break
        self._refuse_non_articles(headline, found)
        assert headline is not None
        zone = self._header_zone(head_block, body_blocks)
        self._collect_credits(zone, found)
        self._collect_above(head_block, body_blocks, found)
        self._collect_tail(body_blocks, found)

        article_id, channel = self._article_id()
        self.by.update(
            body=body_layer,
            editors=PATTERN if found.editors else None,
            original_title=PATTERN if found.original_title else None,
            editor_note=PATTERN if found.editor_note else None,
        )
        reporters, byline = self._reporters(found)
        return Article(
            url=self.url,
            article_id=article_id,
            headline=headline,
            published_at=self._published(found),
            reporters=reporters,
            editors=list(dict.fromkeys(found.editors)),
            body="\n".join(found.paragraphs),
            original_title=found.original_title,
            editor_note=found.editor_note,
            source=self._source(found),
            extracted_by={k: v for k, v in self.by.items()},
            byline=byline,
            editor_line=found.editor_line,
            channel=channel,
        )

    def _refuse_non_articles(self, headline: str | None, found: Found) -> None:
        text = "\n".join(found.paragraphs)
        if len(text) < 200 and (
            _REMOVED.search(self.title) or any(_REMOVED.search(b.text) for b in self.tree.blocks)
        ):
            raise NotAnArticle("the page says the article does not exist or was removed", kind="removed")
        # A listing alternates headline links and teasers; an article has paragraphs in a row.
        if found.link_blocks >= LISTING_LINK_BLOCKS and found.longest_prose_run < 2:
            raise NotAnArticle(
                f"a listing page: {found.link_blocks} links between {len(found.paragraphs)} short texts",
                kind="listing",
            )
        if len(text) < MIN_BODY_CHARS:
            raise NotAnArticle("no article text found on the page", kind="no_body")
        if not headline:
            raise NotAnArticle("no headline found on the page", kind="no_headline")

    # --- headline ----------------------------------------------------------------------------------

    def _headline(self, body_blocks: list[Block]) -> str | None:
        if self.profile and self.title:
            stripped = self.profile.strip_title(self.title)
            if stripped:
                return self._decided("headline", self.profile.layer, stripped)
        if self.ld.headline:
            return self._decided("headline", JSON_LD, squash(self.ld.headline))
        heading = self._heading_in_title()
        if heading:
            return self._decided("headline", HEADING, heading)
        if self.meta.headline:
            return self._decided("headline", META, strip_site_suffix(squash(self.meta.headline)))
        titled = strip_site_suffix(self.title) if self.title else None
        if titled and len(titled) >= MIN_TITLE_HEADLINE:
            return self._decided("headline", TITLE, titled)
        # A <title> that is only the site's name ("读特", "新闻详情"): the heading over the body instead.
        heading = self._heading_over(body_blocks)
        if heading:
            return self._decided("headline", HEADING, heading)
        if titled:
            return self._decided("headline", TITLE, titled)
        self.by["headline"] = None
        return None

    def _heading_over(self, body_blocks: list[Block]) -> str | None:
        """The last heading element before the body that is not a link: the page's one <h1>, or else the
        nearest heading of headline length above the text."""
        h1 = [b for b in self.tree.blocks if b.tag == "h1" and b.link_ratio <= LINK_BLOCK_RATIO]
        if len(h1) == 1:
            return h1[0].text
        end = body_blocks[0].order if body_blocks else len(self.tree.blocks)
        for block in reversed(self.tree.blocks[max(end - HEADER_ZONE_BLOCKS, 0) : end]):
            if block.tag in HEADING_TAGS and block.link_ratio <= LINK_BLOCK_RATIO:
                if MIN_TITLE_HEADLINE <= len(block.text) <= 120:
                    return block.text
        return None

    def _heading_in_title(self) -> str | None:
        """The longest short block that the <title> contains: the headline, shown on the page."""
        title = self.title
        if not title:
            return None
        main_segment = max(_TITLE_SEPARATORS.split(title), key=len)
        best: str | None = None
        for block in self.tree.blocks:
            text = block.text
            if not 4 <= len(text) <= 120 or (block.link_ratio > 0.5 and block.tag not in HEADING_TAGS):
                continue
            if (
                text in title
                and len(text) >= 0.5 * len(main_segment)
                and (best is None or len(text) > len(best))
            ):
                best = text
        return best

    def _up_to_editor_line(self, body_blocks: list[Block]) -> list[Block]:
        """The body blocks before an editor line printed between two of the chosen containers: the article
        ends there, and a later container (a feed of promos, a comment thread) is not its text."""
        if not body_blocks:
            return body_blocks
        inside = {block.order for block in body_blocks}
        for block in self.tree.blocks[body_blocks[0].order : body_blocks[-1].order]:
            if (
                block.order not in inside
                and block.link_ratio <= LINK_BLOCK_RATIO
                and _editor_line(block.text)
            ):
                return [b for b in body_blocks if b.order < block.order]
        return body_blocks

    def _headline_block(self, headline: str | None, body_blocks: list[Block]) -> Block | None:
        if not headline:
            return None
        start = body_blocks[0].order if body_blocks else len(self.tree.blocks)
        matches = [
            b
            for b in self.tree.blocks[:start]
            if b.text == headline or (headline in b.text and len(b.text) <= len(headline) + 10)
        ]
        if matches:
            return matches[-1]
        # A container that holds the headline too (the whole <body> of a bare page): its own line.
        return next((b for b in self.tree.blocks if b.text == headline), None)

    # --- body ----------------------------------------------------------------------------------------

    def _walk(self, tree: BlockTree, blocks: list[Block], headline: str | None, containers: list) -> Found:
        """Keep the prose, take the credits, drop the chrome, in one pass over the container's blocks."""
        found = Found()
        tail = False  # past a stop or the closing editor line: credits only, no more text
        section_root = None  # the element of an open 推荐阅读-style box
        in_section = False
        note_parent = None  # the element holding the 编者按 paragraphs, once the label was seen alone
        for block in blocks:
            text = block.text
            if headline and text == headline:
                continue
            if self._credit(block, found):
                if found.editors and found.paragraphs and _editor_line(text) is not None:
                    tail = True
                continue
            if tail:
                continue
            if self.chrome.is_stop(text):
                tail = bool(found.paragraphs)
                continue
            if block.link_ratio > LINK_BLOCK_RATIO:
                found.link_blocks += 1
                found.prose_run = 0
                continue
            if self.chrome.is_section_label(text):
                in_section = True
                section_root = self._box_of(tree, block, containers)
                continue
            if in_section:
                inside_box = section_root is not None and tree.inside(block, section_root)
                if inside_box or (section_root is None and not _SENTENCE_END.search(text)):
                    continue
                in_section = False
            if self.chrome.is_drop(text):
                continue
            note = newsroom.parse_editor_note(text)
            if note is not None:
                if note:
                    found.editor_note = note
                else:
                    note_parent = "pending"
            elif note_parent == "pending":
                found.editor_note = text
                # Only a box of its own (a parent that is not the article container) says where a note ends.
                box = tree.parent.get(block.element)
                flat = block.element in containers or box in containers
                note_parent = None if flat else box
            elif note_parent is not None:
                if tree.parent.get(block.element) is note_parent:
                    found.editor_note += "\n" + text
                else:
                    note_parent = None
            found.paragraphs.append(text)
            found.prose_run += 1
            found.longest_prose_run = max(found.longest_prose_run, found.prose_run)
        return found

    def _credit(self, block: Block, found: Found) -> bool:
        """Take a credit line (editors, 原标题, byline, date or source line) out of the text; True if it was one."""
        text = block.text
        credited = _editor_line_part(text)
        if credited is not None:
            editors, printed = credited
            found.editors += editors
            if editors and found.editor_line is None:
                found.editor_line = printed
            return True
        original = newsroom.parse_original_title(text)
        if original:
            found.original_title = found.original_title or original
            return True
        names = newsroom.parse_byline(text)
        if names is not None:
            if names:
                found.bylines.append((names, text))
            return True
        if newsroom.is_source_line(text):
            found.source = found.source or newsroom.find_source(text)
            # "来源：央视新闻客户端 | 2025年03月09日 19:32": the source line dates the piece too.
            found.dates += [(printed, block) for printed in dates.find_dates(block.spaced)[:1]]
            return True
        if len(text) <= MAX_DATE_LINE:
            printed = dates.find_dates(block.spaced)
            undated = _undated(block.spaced) if printed else ""
            names = newsroom.parse_byline(undated) if undated else None
            if printed and (names or _only_labels_besides_dates(block.spaced)):
                # "发布日期：2019-03-06 责任编辑：龙慧", "2025-03-07 18:02 读特记者 李晓": a date line may carry
                # the other credits too.
                found.dates.append((printed[0], block))
                if names:
                    found.bylines.append((names, undated))
                found.source = found.source or newsroom.find_source(block.spaced)
                found.editors += newsroom.find_editors(block.spaced)
                return True
        return False

    @staticmethod
    def _box_of(tree: BlockTree, label: Block, containers: list):
        """The element of the related-items box a label opens: the container's child that holds the label.
        None when the label is a line of the container itself (its items follow as lines of their own)."""
        element = label.element
        while element is not None:
            up = tree.parent.get(element)
            if up is None or up in containers:
                return element if element not in containers and element is not label.element else None
            element = up
        return None

    def _walk_fragment(self, html: str, headline: str | None, before: Found) -> Found:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
        tree = linearize(root)
        found = self._walk(tree, tree.blocks, headline, [root])
        found.dates = before.dates + found.dates
        found.bylines = before.bylines + found.bylines
        return found

    # --- credits around the body ---------------------------------------------------------------------

    def _header_zone(self, head_block: Block | None, body_blocks: list[Block]) -> list[Block]:
        end = body_blocks[0].order if body_blocks else len(self.tree.blocks)
        start = (
            head_block.order + 1
            if head_block is not None and head_block.order < end
            else end - HEADER_ZONE_BLOCKS
        )
        return self.tree.blocks[max(start, end - 2 * HEADER_ZONE_BLOCKS, 0) : end]

    def _collect_credits(self, zone: list[Block], found: Found) -> None:
        """Dates, bylines, sources and editors printed between the headline and the body."""
        zone_dates: list[tuple[dates.FoundDate, Block]] = []
        zone_bylines: list[tuple[list[str], str | None]] = []
        note_blocks: list[Block] = []
        note_box = None  # the box of a 编者按 label printed alone: its paragraphs follow in the same box
        for block in zone:
            if block.link_ratio > LINK_BLOCK_RATIO and block.tag not in HEADING_TAGS:
                continue
            if note_box is not None:
                if self.tree.parent.get(block.element) is note_box:
                    note_blocks.append(block)
                    continue
                note_box = None
            note = newsroom.parse_editor_note(block.text)
            if note is not None and found.editor_note is None and not note_blocks:
                note_blocks.append(block)
                box = self.tree.parent.get(block.element)
                if not note and box is not None and self._only_zone_in(box, zone):
                    note_box = box
                continue
            zone_dates += [(printed, block) for printed in dates.find_dates(block.spaced)[:1]]
            undated = _undated(block.spaced)
            names = newsroom.parse_byline(undated)
            if names:
                zone_bylines.append((names, undated))
            else:
                labeled = self._labeled_author(_COUNTERS.sub("", block.spaced))
                if labeled:
                    zone_bylines.append(labeled)
            found.source = found.source or newsroom.find_source(block.spaced)
            found.editors += newsroom.parse_editor_line(block.text) or []
        found.dates = zone_dates + found.dates
        found.bylines = zone_bylines + found.bylines
        if note_blocks:
            # A 编者按 set apart over the text: the note, and the head of the body as printed.
            label_text = newsroom.parse_editor_note(note_blocks[0].text)
            note = [label_text] if label_text else []
            found.editor_note = "\n".join(note + [b.text for b in note_blocks[1:]]) or None
            found.paragraphs[:0] = [b.text for b in note_blocks]
        if found.paragraphs:
            dateline = newsroom.dateline_reporters(found.paragraphs[0])
            if dateline:
                found.bylines.append((dateline, None))

    def _only_zone_in(self, box, zone: list[Block]) -> bool:
        """Does the element hold nothing but blocks of the zone (a box of its own, not a page wrapper)?"""
        orders = {block.order for block in zone}
        return all(b.order in orders for b in self.tree.blocks if self.tree.inside(b, box))

    def _collect_above(self, head_block: Block | None, body_blocks: list[Block], found: Found) -> None:
        """Date lines printed just over the headline ("2024-12-28 10:15 来源：新华网" above the <h1>): the
        last resort for the date, after the page's own metadata, since a site's top bar prints today's."""
        if head_block is None or (body_blocks and head_block.order > body_blocks[0].order):
            return
        for block in self.tree.blocks[max(head_block.order - ABOVE_HEADLINE_BLOCKS, 0) : head_block.order]:
            if block.link_ratio <= LINK_BLOCK_RATIO and len(block.text) <= MAX_DATE_LINE:
                printed = dates.find_dates(block.spaced)
                if printed and _only_labels_besides_dates(block.spaced):
                    found.dates_above.append(printed[0])
                    found.source = found.source or newsroom.find_source(block.spaced)
                elif newsroom.is_source_line(block.text):
                    found.source = found.source or newsroom.find_source(block.text)

    def _collect_tail(self, body_blocks: list[Block], found: Found) -> None:
        """Editor lines and credits that sit just after the chosen container."""
        if not body_blocks:
            return
        after = self.tree.blocks[body_blocks[-1].order + 1 : body_blocks[-1].order + 1 + TAIL_BLOCKS]
        for block in after:
            if block.link_ratio <= LINK_BLOCK_RATIO:
                self._credit(block, found)

    @staticmethod
    def _labeled_author(text: str) -> tuple[list[str], str] | None:
        """ "来源：某报 作者：张三 李四": the names right after an author label, and the credit as printed
        ("作者：张三 李四", without the other labels of its line)."""
        match = _LABELED_AUTHOR.search(text)
        if not match:
            return None
        names: list[str] = []
        end = match.start(1)
        for token in re.finditer(r"[^\s、，,]+", match.group(1)):
            if not newsroom.is_name(token.group()):
                break
            names.append(token.group())
            end = match.start(1) + token.end()
        return (names, text[match.start() : end]) if names else None

    def _reporters(self, found: Found) -> tuple[list[str], str | None]:
        """Reporters and the byline they were read from, without its "(作者:…)" wrapper."""
        if self.profile:
            for names, line in found.bylines:
                if line is not None and self.profile.byline_org(line):
                    self.by["reporters"] = self.profile.layer
                    return names, newsroom.bare_byline(line)
        if found.bylines:
            names, line = found.bylines[0]
            self.by["reporters"] = PATTERN
            return names, newsroom.bare_byline(line) if line else None
        state_authors = self.state.authors if self.state else ()
        for layer, authors in ((STATE, state_authors), (JSON_LD, self.ld.authors), (META, self.meta.authors)):
            people = [
                name
                for author in authors
                for name in (newsroom.parse_byline(author) or [author])
                if newsroom.is_name(name) and not self._is_site_name(name)
            ]
            if people:
                self.by["reporters"] = layer
                return people, authors[0] if layer == STATE else None
        self.by["reporters"] = None
        return [], None

    def _is_site_name(self, name: str) -> bool:
        """ "网易" as meta author of a page titled "…_网易财经" is the site, not a person."""
        site_part = self.title.replace(self.headline or "", "") if self.title else ""
        return name in site_part or name == self.meta.site_name

    def _source(self, found: Found) -> str | None:
        if found.source:
            return self._decided("source", PATTERN, found.source)
        if self.meta.source:
            return self._decided("source", META, self.meta.source)
        self.by["source"] = None
        return None

    # --- date ----------------------------------------------------------------------------------------

    def _published(self, found: Found) -> str | None:
        # Over the headline, a date without its time is as likely the site's "today" bar.
        head = self.head_block.order if self.head_block is not None else -1
        printed = [d for d, block in found.dates if d.has_time or block.order > head]
        printed = [d for d in printed if not d.updated] or printed  # publication before a later edit
        structured_date = self._structured_date()
        if printed:
            layer = PATTERN
            if self.profile and self.profile.date_line:
                if any(self.profile.date_line.search(block.spaced) for _, block in found.dates):
                    layer = self.profile.layer
            chosen = next((d for d in printed if d.has_time), printed[0])
            if chosen.has_time is False:
                same_day = [d for d in printed if d.has_time and d.value.date() == chosen.value.date()]
                if same_day:
                    chosen = same_day[0]
            if not chosen.has_year:
                year = structured_date[0].value.year if structured_date else self._url_year()
                if year is None:
                    chosen = None
                else:
                    chosen = chosen.with_year(year)
            if chosen is not None:
                if not chosen.has_time and structured_date and structured_date[0].has_time:
                    if structured_date[0].value.astimezone(dates.CHINA_TZ).date() == chosen.value.date():
                        return self._decided("published_at", structured_date[1], structured_date[0].iso())
                return self._decided("published_at", layer, chosen.iso())
        if structured_date:
            return self._decided("published_at", structured_date[1], structured_date[0].iso())
        # With its time only: a bare date over the headline is as likely the site's "today" bar.
        above = next((d for d in found.dates_above if d.has_year and d.has_time), None)
        if above is not None:
            return self._decided("published_at", PATTERN, above.iso())
        in_url = self._url_date()
        if in_url is not None:
            return self._decided("published_at", URL, in_url)
        self.by["published_at"] = None
        return None

    def _structured_date(self) -> tuple[dates.FoundDate, str] | None:
        candidates = [(self.ld.published, JSON_LD), (self.meta.published, META)]
        if self.state is not None:
            candidates.append((self.state.published, STATE))
        match = _SCRIPT_EPOCH.search(self.html)
        if match:
            candidates.append((match.group(1), SCRIPT))
        for value, layer in candidates:
            parsed = dates.parse_value(value) if value else None
            if parsed is not None:
                return parsed, layer
        return None

    def _url_date(self) -> str | None:
        """The day a URL files the article under ("/2025-03/10/", "/20250310/", "t20250310_"): a bare date,
        when the page itself dates nothing."""
        match = _URL_DATE.search(urlsplit(self.url).path)
        if not match:
            return None
        found = dates.find_dates("-".join(match.groups()))
        return found[0].iso() if found else None

    def _url_year(self) -> int | None:
        match = _URL_YEAR.search(urlsplit(self.url).path)
        return int(match.group(1)) if match else None

    # --- ids ------------------------------------------------------------------------------------------

    def _article_id(self) -> tuple[str | None, str | None]:
        if self.profile:
            found = self.profile.article_id_of_path(urlsplit(self.url).path)
            if found:
                self.by["article_id"] = self.profile.layer
                return found
        match = _URL_ID.search(urlsplit(self.url).path)
        self.by["article_id"] = URL if match else None
        return (match.group(1) if match else None), None

    def _decided(self, name: str, layer: str, value: str) -> str:
        self.by[name] = layer
        return value


def strip_site_suffix(title: str) -> str:
    """ "报道标题_网易新闻" → "报道标题": the longest part between the separators sites put in titles."""
    return max(_TITLE_SEPARATORS.split(title), key=len).strip() or title


def _only_labels_besides_dates(text: str) -> bool:
    """A date line: its dates, labels (发布时间, 来源, 阅读 …) and at most a short name besides."""
    return len(_META_LABELS.sub("", dates.remove_dates(text))) <= 12


def _undated(text: str) -> str:
    """A credit line without its dates, date labels and counters: what may be a byline."""
    return squash(_COUNTERS.sub("", _DATE_LABEL.sub("", dates.remove_dates(text)))).strip(" ·•|｜丨/-—")


def _editor_line(text: str) -> list[Editor] | None:
    """The editors of an editor line, also behind a button or a link on the same line ("纠错 【责任编辑:王珂】")."""
    found = _editor_line_part(text)
    return found[0] if found else None


def _editor_line_part(text: str) -> tuple[list[Editor], str] | None:
    """The editors of an editor line and the part of the line that credits them, as printed."""
    editors = newsroom.parse_editor_line(text)
    if editors is not None:
        return editors, text
    role = newsroom.EDITOR_ROLE.search(text)
    if role and 0 < role.start() <= MAX_EDITOR_LINE_LEAD:
        rest = text[role.start() :].rstrip()
        if text[: role.start()].rstrip()[-1:] in "（(【[〔" and rest[-1:] in "）)】]〕":
            rest = rest[:-1]  # "纠错 【编辑 …】": the bracket opened before the role closes the line
        editors = newsroom.parse_editor_line(rest)
        if editors is not None:
            return editors, rest
    if len(squash(_BRACKETED.sub("", text))) <= MAX_EDITOR_LINE_LEAD:
        # "【责任编辑：黄河】 【打印本页】 【关闭窗口】": the editors in one bracket, page tools in the others.
        for part in _BRACKETED.findall(text):
            editors = newsroom.parse_editor_line(part)
            if editors:
                return editors, part
    return None
