"""One pass over the page's blocks: the article's text kept, its credits taken, the chrome dropped.

``frame`` finds where the text is (the containers density chose, up to an editor line between them);
``walk`` goes through those blocks and around them and returns what it found. Both are pure: they read
the Page and decide no field. Which finding becomes which field is the resolvers' business (fields.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

import lxml.html

from newscrawl.extract import dates, newsroom, structured
from newscrawl.extract.blocks import HEADING_TAGS, Block, BlockTree, linearize, squash
from newscrawl.extract.chrome import without_trailing_tools
from newscrawl.extract.density import best_containers
from newscrawl.extract.page import Page
from newscrawl.record import Editor

# Layer names for the body, as recorded in extracted_by.
DENSITY, STATE, JSON_LD, UNRENDERED = "density", "state", "json-ld", "unrendered"

# Below this much prose in the visible page, look for the article in app state JSON.
MIN_VISIBLE_PROSE = 120
# Blocks before the body that are searched for byline, date and source when no headline block anchors them.
HEADER_ZONE_BLOCKS = 15
# A block with more link text than this is a link, not a line of text.
LINK_BLOCK_RATIO = 0.6
# How far over the headline a byline may be printed (app and TV pages: the byline, the time, the title).
ABOVE_HEADLINE_BLOCKS = 2
# A line with a date and little else is a date line; longer, it is prose that mentions a date.
MAX_DATE_LINE = 60
# Blocks over the headline searched for a date line when nothing else dates the page.
ABOVE_HEADLINE_BLOCKS = 3
# Blocks after the container still searched for editor lines and credits.
TAIL_BLOCKS = 12
# A link this long inside a line of text is a headline: a list's item ("<a>headline</a> teaser … date").
MIN_ITEM_LINK = 8
# A caption is a short line: after a picture credit over the text, a line this short is the picture's.
MAX_CAPTION_AFTER_CREDIT = 30


@dataclass(frozen=True)
class Frame:
    """Where the article's text is: the containers density chose and their blocks."""

    containers: list
    body_blocks: list[Block]


@dataclass
class Found:
    """What the walk over the page's blocks collected: text and the credits around it."""

    paragraphs: list[str] = field(default_factory=list)
    note_paragraphs: list[str] = field(default_factory=list)  # a 编者按 box over the text: the body's head
    dates: list[tuple[dates.FoundDate, Block]] = field(default_factory=list)
    dates_above: list[dates.FoundDate] = field(default_factory=list)  # date lines just over the headline
    bylines: list[tuple[list[str], str | None]] = field(default_factory=list)  # names, the line as printed
    editors: list[Editor] = field(default_factory=list)
    editor_line: str | None = None
    original_title: str | None = None
    editor_note: str | None = None
    source: str | None = None
    outlets: list[str] = field(default_factory=list)  # outlets credited in place of a person ("作者：新京报")
    accounts: list[str] = field(default_factory=list)  # the account printed in the author's slot
    captions: list[str] = field(default_factory=list)  # the lead picture's caption, over the text
    # Photographers' lines among the credits ("摄影：南都记者 郑仲凯", "图片｜王海洋"): of the byline when there is
    # one (both made the piece), a picture's credit when there is not.
    photographers: list[tuple[list[str], str]] = field(default_factory=list)
    # Blocks of dates a label cell says are the publication's ("发布日期：" | "2013-07-10").
    labelled_dates: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # bracketed notes after the text ("（文中张严为化名。）")
    link_blocks: int = 0
    linked_paragraphs: int = 0  # lines of text that hold a headline-length link: a list's items
    prose_run: int = 0  # consecutive paragraphs with no link between them, now
    longest_prose_run: int = 0
    head_block: Block | None = None  # the headline's own line on the page
    body_layer: str = DENSITY
    state: structured.StructuredFacts | None = None  # the app state the body came from, if it did

    @property
    def body_paragraphs(self) -> list[str]:
        return self.note_paragraphs + self.paragraphs


# Platforms whose article container has a fixed id: WeChat's #js_content (its 秀米 and 135editor layouts nest
# each paragraph in sections of its own, which density would split).
_PLATFORM_CONTAINER_IDS = ("js_content",)


def frame(page: Page) -> Frame:
    # The id's text is looked for first: a search of the tree on every page would cost more than the rule.
    fixed = next(
        (
            found
            for name in _PLATFORM_CONTAINER_IDS
            if name in page.html and (found := page.selector.root.xpath(f"//*[@id='{name}']"))
        ),
        None,
    )
    if fixed and fixed[0] in page.tree.span:
        containers = [fixed[0]]
    else:
        containers = best_containers(page.tree, votes=lambda block: not page.chrome.is_chrome(block.text))
    blocks = [b for b in page.tree.blocks if any(page.tree.inside(b, c) for c in containers)]
    return Frame(containers, _up_to_editor_line(page, blocks))


def _up_to_editor_line(page: Page, body_blocks: list[Block]) -> list[Block]:
    """The body blocks before an editor line printed between two of the chosen containers: the article
    ends there, and a later container (a feed of promos, a comment thread) is not its text."""
    if not body_blocks:
        return body_blocks
    inside = {block.order for block in body_blocks}
    for block in page.tree.blocks[body_blocks[0].order : body_blocks[-1].order]:
        if (
            block.order not in inside
            and block.link_ratio <= LINK_BLOCK_RATIO
            and newsroom.editor_line(block.text)
        ):
            return [b for b in body_blocks if b.order < block.order]
    return body_blocks


def walk(page: Page, where: Frame, headline: str | None) -> Found:
    """The text and every credit around it: the chosen containers, the header zone between the headline
    and the text, the lines just over the headline and just after the text."""
    found = _walk_text(page, page.tree, where.body_blocks, headline, where.containers)
    visible_prose = sum(len(p) for p in found.paragraphs)
    if visible_prose < MIN_VISIBLE_PROSE:
        for layer, facts in (
            (STATE, lambda: page.app_state),
            (JSON_LD, lambda: page.ld),
            (UNRENDERED, lambda: page.unrendered),
        ):
            alternative = facts()
            if alternative.body and len(alternative.body) > visible_prose:
                found = _walk_fragment(page, alternative.body, headline, found)
                found.body_layer = layer
                if layer == STATE:
                    found.state = alternative
                break
    _take_signature(found)
    _take_closing_credits(found)
    _take_item_credits(found)
    found.head_block = _headline_block(page, headline, where.body_blocks)
    _collect_credits(page, _header_zone(page, found.head_block, where.body_blocks), found)
    _collect_above(page, found.head_block, where.body_blocks, found)
    _collect_tail(page, where.body_blocks, found)
    _collect_labelled_cells(page, where.body_blocks, found)
    # A caption's photographer ("…（刘通摄）") is the picture's, not the piece's: the real gold leaves them out
    # (gne-dev's shanxi-1), though three readers of the hand-made batches counted them.
    if found.bylines:
        found.bylines += found.photographers
    return found


def _headline_block(page: Page, headline: str | None, body_blocks: list[Block]) -> Block | None:
    if not headline:
        return None
    start = body_blocks[0].order if body_blocks else len(page.tree.blocks)
    matches = [
        b
        for b in page.tree.blocks[:start]
        if b.text == headline or (headline in b.text and len(b.text) <= len(headline) + 10)
    ]
    if matches:
        return matches[-1]
    # A container that holds the headline too (the whole <body> of a bare page): its own line.
    return next((b for b in page.tree.blocks if b.text == headline), None)


# --- the text ------------------------------------------------------------------------------------------------


def _walk_text(
    page: Page, tree: BlockTree, blocks: list[Block], headline: str | None, containers: list
) -> Found:
    """Keep the prose, take the credits, drop the chrome, in one pass over the container's blocks."""
    chrome = page.chrome
    found = Found()
    tail = False  # past a stop or the closing editor line: credits only, no more text
    section_root = None  # the element of an open 推荐阅读-style box
    in_section = False
    note_parent = None  # the element holding the 编者按 paragraphs, once the label was seen alone
    caption_next = False  # a picture credit over the text: the short line after it is the caption
    for block in blocks:
        text = block.text
        if headline and text == headline:
            continue
        # A line with a link of headline length is a list's item (another story and its byline), never a credit.
        listed = block.link_chars >= MIN_ITEM_LINK and _headline_link(block)
        if not listed and _credit(block, found, page.fetched_at):
            # The closing editor line, a repost's provenance: the notices after it are not text.
            if found.paragraphs and (
                found.editors and newsroom.editor_line(text) is not None or newsroom.provenance(text)
            ):
                tail = True
            caption_next = not found.paragraphs and _photo_credit(text)
            continue
        if tail:
            continue
        if chrome.is_stop(text):
            tail = bool(found.paragraphs)
            continue
        if block.link_ratio > LINK_BLOCK_RATIO:
            found.link_blocks += 1
            found.prose_run = 0
            continue
        if chrome.is_section_label(text):
            in_section = True
            section_root = _box_of(tree, block, containers)
            continue
        if in_section:
            inside_box = section_root is not None and tree.inside(block, section_root)
            if inside_box or (section_root is None and not newsroom.ends_sentence(text)):
                continue
            in_section = False
        if chrome.is_drop(text):
            continue
        if not found.paragraphs and (
            newsroom.is_caption(text)
            or _picture_caption(block, tree)
            or _centered_under_picture(block)
            or caption_next
            and len(text) <= MAX_CAPTION_AFTER_CREDIT
            and not newsroom.ends_sentence(text)
        ):
            found.captions.append(text)  # the lead picture's caption: over the text, not of it
            continue
        caption_next = False
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
        if block.link_chars >= MIN_ITEM_LINK:
            found.linked_paragraphs += 1
        found.prose_run += 1
        found.longest_prose_run = max(found.longest_prose_run, found.prose_run)
    return found


def _credit(block: Block, found: Found, now: datetime | None = None) -> bool:
    """Take a credit line (editors, 原标题, byline, date or source line) out of the text; True if it was one."""
    text = without_trailing_tools(block.text)
    reposted = newsroom.provenance(text)
    if reposted is not None:
        _take(found, reposted, text)
        return True
    credited = newsroom.editor_line_part(text)
    if credited is not None:
        editors, printed = credited
        found.editors += editors
        if editors and found.editor_line is None:
            found.editor_line = printed
        found.source = found.source or newsroom.find_source(text)  # "本文来源：某报 责任编辑：…"
        return True
    mixed = newsroom.parse_credit_line(text)
    if mixed is not None:
        _take(found, mixed, text)
        return True
    original = newsroom.parse_original_title(text)
    if original:
        found.original_title = found.original_title or original
        return True
    byline = newsroom.read_byline(text)
    if byline is not None:
        if byline.names:
            found.bylines.append((byline.names, text))
        elif shot := newsroom.photographers(text, labelled=True):
            found.photographers.append((shot, text))
        if byline.outlet:
            found.outlets.append(byline.outlet)
        if byline.account:
            found.accounts.append(byline.account)
        return True
    if newsroom.is_photo_credit(text):
        return True
    bio = newsroom.author_bio(text) if newsroom.is_bracketed_note(text) else None
    if bio:
        found.bylines.append((bio, None))
        return True
    if newsroom.is_source_line(text):
        found.source = found.source or newsroom.find_source(text)
        # "来源：央视新闻客户端 | 2025年03月09日 19:32": the source line dates the piece too.
        found.dates += [(printed, block) for printed in dates.find_dates(block.spaced, now)[:1]]
        return True
    if len(text) <= MAX_DATE_LINE:
        printed = dates.find_dates(block.spaced, now)
        undated = newsroom.undated(block.spaced) if printed else ""
        names = newsroom.parse_byline(undated) if undated else None
        if printed and (names or newsroom.only_labels_besides_dates(block.spaced)):
            # "发布日期：2019-03-06 责任编辑：龙慧", "2025-03-07 18:02 读特记者 李晓": a date line may carry
            # the other credits too.
            found.dates.append((printed[0], block))
            if names:
                found.bylines.append((names, undated))
            found.source = found.source or newsroom.find_source(block.spaced)
            found.editors += newsroom.find_editors(block.spaced)
            return True
        mixed = newsroom.parse_credit_line(undated) if printed and names is None else None
        if mixed is not None:
            # "2023-05-12 09:30 来源：某某日报 作者：王晓明、李小华": the date, then credits of several kinds.
            found.dates.append((printed[0], block))
            _take(found, mixed, undated)
            return True
    return False


# Class names of a picture's caption: "img_descr", "pic-desc", "caption", "tuzhu" (图注).
_CAPTION_CLASS = re.compile(r"caption|img_?desc|pic_?desc|photo_?desc|imgtxt|pictext|tuzhu|note-pic", re.I)


def _picture_caption(block: Block, tree: BlockTree) -> bool:
    """A line that the markup says belongs to a picture: a <figcaption>, the one line of the picture's own
    element (not a line of a <br>-split text that holds pictures too), an element classed as a caption."""
    element = block.element
    if len(block.text) > newsroom.MAX_CAPTION or tree.counts.get(element, 0) != 1:
        return False
    classes = f"{element.get('class', '')} {element.get('id', '')}"
    return (
        block.tag == "figcaption"
        or element.find(".//img") is not None
        or bool(_CAPTION_CLASS.search(classes))
    )


_CENTERED = re.compile(r"text-align\s*:\s*center", re.I)


def _centered_under_picture(block: Block) -> bool:
    """A short centred line right under a picture, over the text: the picture's caption, as editors set it
    ("<p align=center><img></p><p align=center>昨日，广州火车站广场上…</p>"). Text is not centred."""
    element = block.element
    if len(block.text) > newsroom.MAX_CAPTION:
        return False
    centred = element
    while centred is not None and not (
        (centred.get("align") or "").lower() == "center" or _CENTERED.search(centred.get("style") or "")
    ):
        centred = next((child for child in centred if isinstance(child.tag, str)), None)  # <p><span style=…>
    if centred is None:
        return False
    before = element.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    return (
        before is not None
        and (before.tag == "img" or before.find(".//img") is not None)
        and not squash(before.text_content())
    )


def _photo_credit(text: str) -> bool:
    return newsroom.is_photo_credit(text) or newsroom.parse_byline(text) == []


def _take(found: Found, credits: newsroom.Credits, printed: str | None) -> None:
    """Record what a credit line credits."""
    if credits.names:
        found.bylines.append((credits.names, credits.byline or printed))
    found.editors += credits.editors
    if credits.editors and found.editor_line is None:
        found.editor_line = credits.editor_line
    if credits.outlet:
        found.outlets.append(credits.outlet)
    if credits.account:
        found.accounts.append(credits.account)
    found.source = found.source or credits.source
    if credits.note:
        found.notes.insert(0, credits.note)
    found.original_title = found.original_title or credits.original_title


def _take_item_credits(found: Found) -> None:
    """A roundup of items (简讯) credits each item in a bracket closing its paragraph ("…参展。（记者 王海洋 通讯员
    徐刚）"): the credits of every item, when the bracket names a reporter's role."""
    for index, paragraph in enumerate(found.paragraphs[:-1]):
        closing = newsroom.role_credit_closing(paragraph)
        if closing is not None:
            text, credits = closing
            _take(found, credits, paragraph[len(text) :].strip())
            found.paragraphs[index] = text.strip()


def _take_signature(found: Found) -> None:
    """An official notice ends with its closing formula ("特此公告。"); the lines after it — the issuer, the date,
    "（此件公开发布）" — are its signature (落款), not its text."""
    paragraphs = found.paragraphs
    for index in range(len(paragraphs) - 2, max(len(paragraphs) - 6, -1), -1):
        if newsroom.closes_a_notice(paragraphs[index]):
            after = paragraphs[index + 1 :]
            if all(newsroom.is_signature_line(line) for line in after):
                found.notes = after + found.notes
                del paragraphs[index + 1 :]
            return
    # Without the formula, a notice still ends with its issuer ("国务院办公厅"), its date read as a date line, and
    # perhaps a note on its publication ("（此件公开发布）").
    last = len(paragraphs) - 1
    while last > 0 and newsroom.is_bracketed_note(paragraphs[last]):
        last -= 1
    if (
        last > 0
        and newsroom.is_issuer_line(paragraphs[last])
        and newsroom.ends_sentence(paragraphs[last - 1])
    ):
        found.notes = paragraphs[last:] + found.notes
        del paragraphs[last:]


def _take_closing_credits(found: Found) -> None:
    """The text ends with its last sentence: a credit closing the last paragraph in brackets ("…举行。
    （张巨峰）"), an end mark (（完）), page tools run into it ("返回搜狐，查看更多") and bracketed notes after
    it ("（应受访者要求，文中张严为化名。）", "本文首刊于…《财经》杂志") are credits and notes, not text."""
    while found.paragraphs:
        last = without_trailing_tools(found.paragraphs[-1])
        closing = newsroom.closing_credit(last)
        if closing is not None:
            text, credits = closing
            _take(found, credits, last[len(text) :].strip())
        elif (outlet := newsroom.outlet_dateline(last)) and len(found.paragraphs) > 1:
            text = ""
            found.source = found.source or outlet  # "东方网6月8日消息": where the repost comes from
        elif (signed := newsroom.sign_off(last)) and len(found.paragraphs) > 1:
            text = ""
            found.bylines.append((signed, last))  # "—— 王晓明", or the name alone: the writer signs off
        elif (newsroom.is_bracketed_note(last) or newsroom.is_publication_note(last)) and len(
            found.paragraphs
        ) > 1:
            text = ""
            found.notes.insert(0, last)
            # A note may name the editor: "（本文首发…，作者|林晓航，编辑|孙毅）".
            found.editors += newsroom.find_editors(last.strip("（）() "))
        elif (
            newsroom.is_caption(last) and newsroom.is_photo_credited(last) or newsroom.is_picture_label(last)
        ) and len(found.paragraphs) > 1:
            text = ""
            found.captions.append(last)  # a picture's caption after the last sentence: the picture's
        else:
            found.paragraphs[-1] = last
            return
        if text.strip():
            found.paragraphs[-1] = text.strip()
            if closing is None:
                return
        else:
            found.paragraphs.pop()


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


def _walk_fragment(page: Page, html: str, headline: str | None, before: Found) -> Found:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    tree = linearize(root)
    found = _walk_text(page, tree, tree.blocks, headline, [root])
    found.dates = before.dates + found.dates
    found.bylines = before.bylines + found.bylines
    return found


# --- credits around the text -----------------------------------------------------------------------------


def _header_zone(page: Page, head_block: Block | None, body_blocks: list[Block]) -> list[Block]:
    end = body_blocks[0].order if body_blocks else len(page.tree.blocks)
    start = (
        head_block.order + 1
        if head_block is not None and head_block.order < end
        else end - HEADER_ZONE_BLOCKS
    )
    zone = page.tree.blocks[max(start, end - 2 * HEADER_ZONE_BLOCKS, 0) : end]
    if head_block is not None and head_block.order < end:
        # App and television pages print the byline over the headline ("壹深圳记者 X / 摄像 Y" then the
        # title, or the byline and the time): such a line among the two just above it belongs to the header.
        for above in page.tree.blocks[max(head_block.order - ABOVE_HEADLINE_BLOCKS, 0) : head_block.order]:
            byline = newsroom.read_byline(above.text) if above.link_ratio <= LINK_BLOCK_RATIO else None
            # Names built like names only: a column label sits there too ("记者手记").
            if byline and byline.names and all(map(newsroom.is_person, byline.names)):
                zone = [above, *zone]
    return zone


def _collect_credits(page: Page, zone: list[Block], found: Found) -> None:
    """Dates, bylines, sources and editors printed between the headline and the body."""
    tree, now = page.tree, page.fetched_at
    zone_dates: list[tuple[dates.FoundDate, Block]] = []
    zone_bylines: list[tuple[list[str], str | None]] = []
    # Photographers' lines: of the byline, if one is there.
    zone_photos: list[tuple[list[str], str | None]] = []
    note_blocks: list[Block] = []
    note_box = None  # the box of a 编者按 label printed alone: its paragraphs follow in the same box
    for block in zone:
        if block.link_ratio > LINK_BLOCK_RATIO and block.tag not in HEADING_TAGS and not _author_slot(block):
            continue
        if note_box is not None:
            if tree.parent.get(block.element) is note_box:
                note_blocks.append(block)
                continue
            note_box = None
        note = newsroom.parse_editor_note(block.text)
        if note is not None and found.editor_note is None and not note_blocks:
            note_blocks.append(block)
            box = tree.parent.get(block.element)
            if not note and box is not None and _only_zone_in(tree, box, zone):
                note_box = box
            continue
        every = dates.find_dates(block.spaced, now)
        before = tree.blocks[block.order - 1] if block.order > 0 else None
        if every and before is not None and dates.not_publication_label(before.text):
            # "<td>发文日期：</td><td>2013-07-05</td>": a government portal's table, the label in its own cell.
            every = [replace(d, updated=True) for d in every]
        printed = every[:1]
        if printed and not printed[0].has_time:
            # "来源：《中国教育报》2013年5月20日第3版 发布时间：2013-05-20 08:36": the paper's date, then the minute.
            printed += [d for d in every if d.has_time and not d.updated][:1]
        zone_dates += [(date, block) for date in printed]
        undated = newsroom.undated(block.spaced)
        editors = newsroom.parse_editor_line(block.text)  # a line of editors alone
        classed = _author_slot(block)
        mixed = newsroom.parse_credit_line(undated)
        byline = newsroom.read_byline(undated) if mixed is None else None
        if byline is not None:
            if byline.names:
                zone_bylines.append((byline.names, undated))
            elif shot := newsroom.photographers(undated):
                zone_photos.append((shot, undated))
            found.outlets += [byline.outlet] if byline.outlet else []
            found.accounts += [byline.account] if byline.account else []
        elif mixed is not None:
            if mixed.names:
                zone_bylines.append((mixed.names, mixed.byline))
            found.outlets += [mixed.outlet] if mixed.outlet else []
            found.accounts += [mixed.account] if mixed.account else []
            found.source = found.source or mixed.source
            if mixed.editors and editors is None:
                found.editors += mixed.editors
                found.editor_line = found.editor_line or mixed.editor_line
        else:
            labeled = newsroom.labeled_author(newsroom.without_counters(block.spaced))
            if labeled:
                zone_bylines.append(labeled)
            elif printed and (inner := _named_in_author_element(block)):
                # "<span class=news-author>故渊</span><span class=news-time>…": the row's author element
                # says a name stands there, whatever its shape.
                zone_bylines.append(([inner], inner))
            elif printed or classed:
                slot = newsroom.account_name(undated)
                if slot and newsroom.is_person(slot):
                    # A name beside the date is as likely a channel tag: a person only in the author's slot.
                    if classed:
                        zone_bylines.append(([slot], undated))
                elif slot and newsroom.is_org(slot) and not classed:
                    found.source = found.source or slot  # "2019-09-26 10:56 证券时报网": where it comes from
                elif slot:
                    found.accounts.append(slot)
        found.source = found.source or newsroom.find_source(block.spaced)
        if editors is None and printed and mixed is None:
            # An info row's editor among its other credits: "… 2023/1/17 10:28 IT之家 责编：故渊".
            editors = newsroom.find_editors(block.spaced)
        found.editors += editors or []
    found.dates = zone_dates + found.dates
    if zone_bylines:
        # "撰文：陳嘉琪" then "攝影：龔嘉盛" under the headline: one byline over two lines, both made the piece.
        zone_bylines += zone_photos
    if note_blocks:
        # A 编者按 set apart over the text: the note, and the head of the body as printed.
        label_text = newsroom.parse_editor_note(note_blocks[0].text)
        note = [label_text] if label_text else []
        found.editor_note = "\n".join(note + [b.text for b in note_blocks[1:]]) or None
        found.note_paragraphs = [b.text for b in note_blocks]
    if found.paragraphs and not found.note_paragraphs:
        opening = newsroom.leading_credit(found.paragraphs[0])
        if opening:
            names, rest = opening
            zone_bylines.append((names, None))
            found.paragraphs[0:1] = [rest] if rest else []
    # In the order printed: over the text, the dateline that opens it, then the credits in and after it.
    opening = _text_proper(found)
    dateline = newsroom.dateline_reporters(opening) if opening else None
    found.bylines = zone_bylines + ([(dateline, None)] if dateline else []) + found.bylines


def _text_proper(found: Found) -> str | None:
    """The paragraph that opens the text proper, where a dateline credit stands: the first, or the first
    after a 编者按 printed at the head of the body ("编者按：…" then "天山网讯（记者 …）…")."""
    paragraphs = found.body_paragraphs
    note = set((found.editor_note or "").split("\n")) - {""}
    index = 0
    while (
        note
        and index < len(paragraphs) - 1
        and (newsroom.parse_editor_note(paragraphs[index]) is not None or paragraphs[index] in note)
    ):
        index += 1
    return paragraphs[index] if paragraphs else None


# Class names of the element that holds the author's or the account's name under a headline.
_AUTHOR_SLOT = re.compile(
    r"author|writer|account|media|nick|user-?name|byline|(?:^|[\s_-])name(?:$|[\s_-])", re.I
)


_AUTHOR_ELEMENT = re.compile(r"author|writer|byline", re.I)
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff·]{2,8}$")


def _named_in_author_element(block: Block) -> str | None:
    """The name in an element of the block classed as the author's (an info row of spans), when it holds one
    word shaped like a name and no more."""
    for element in block.element.iter():
        if element is block.element or not isinstance(element.tag, str):
            continue
        if _AUTHOR_ELEMENT.search(_marks(element)):
            text = squash(element.text_content())
            # A Han name of any shape (a pen name: "故渊"); a Latin word only as a person's name is written.
            han = bool(_HAN_WORD.match(text))
            if (
                text
                and (newsroom.is_name(text) if han else newsroom.is_person(text))
                and not newsroom.is_org(text)
            ):
                return text
    return None


def _author_slot(block: Block) -> bool:
    return bool(_AUTHOR_SLOT.search(_marks(block.element)))


# The attributes that say what an element holds: its class and id, microdata's itemprop ("author"), rel="author",
# and the names trackers give (Tencent's bosszone="author").
_MARK_ATTRIBUTES = ("class", "id", "itemprop", "rel", "bosszone", "data-role", "data-type")


def _marks(element) -> str:
    return " ".join(element.get(name, "") for name in _MARK_ATTRIBUTES)


def _only_zone_in(tree: BlockTree, box, zone: list[Block]) -> bool:
    """Does the element hold nothing but blocks of the zone (a box of its own, not a page wrapper)?"""
    orders = {block.order for block in zone}
    return all(b.order in orders for b in tree.blocks if tree.inside(b, box))


def _collect_above(page: Page, head_block: Block | None, body_blocks: list[Block], found: Found) -> None:
    """Date lines printed just over the headline ("2024-12-28 10:15 来源：新华网" above the <h1>): the
    last resort for the date, after the page's own metadata, since a site's top bar prints today's."""
    if head_block is None or (body_blocks and head_block.order > body_blocks[0].order):
        return
    now = page.fetched_at
    for block in page.tree.blocks[max(head_block.order - ABOVE_HEADLINE_BLOCKS, 0) : head_block.order]:
        if block.link_ratio <= LINK_BLOCK_RATIO and len(block.text) <= MAX_DATE_LINE:
            printed = dates.find_dates(block.spaced, now)
            if printed and newsroom.only_labels_besides_dates(block.spaced):
                found.dates_above.append(printed[0])
                found.source = found.source or newsroom.find_source(block.spaced)
            elif newsroom.is_source_line(block.text):
                found.source = found.source or newsroom.find_source(block.text)


def _collect_labelled_cells(page: Page, body_blocks: list[Block], found: Found) -> None:
    """A government portal's table over the text, each label in a cell of its own before its value's:
    "发布日期：" | "2013-07-10" is the publication, first of all dates; "发文日期：" | "2013-07-05" the
    document's own, after them."""
    end = body_blocks[0].order if body_blocks else 0
    blocks = page.tree.blocks
    for label, value in zip(blocks[:end], blocks[1:end], strict=False):
        if len(label.text) > 10:
            continue
        printed = (
            dates.find_dates(value.spaced, page.fetched_at)[:1] if len(value.text) <= MAX_DATE_LINE else []
        )
        if not printed:
            continue
        if dates.publication_label(label.text):
            found.dates.insert(0, (printed[0], value))
            found.labelled_dates.add(value.order)  # labelled: no "today" bar, wherever it stands
        elif dates.not_publication_label(label.text):
            found.dates.append((replace(printed[0], updated=True), value))


def _headline_link(block: Block) -> bool:
    """A line that leads with a link of headline length, as a list's items do ("<a>记者手记：…</a> 中新网记者 X");
    page tools (【打印】【关闭】) are short, a linked account in a credit ("本文来自微信公众号：<a>…</a>") follows
    its label."""
    for a in block.element.iter("a"):
        text = squash(a.text_content())
        if len(text) >= MIN_ITEM_LINK and block.text.startswith(text):
            return True
    return False


def _collect_tail(page: Page, body_blocks: list[Block], found: Found) -> None:
    """Editor lines and credits that sit just after the chosen container."""
    if not body_blocks:
        return
    after = page.tree.blocks[body_blocks[-1].order + 1 : body_blocks[-1].order + 1 + TAIL_BLOCKS]
    for block in after:
        if block.link_chars >= MIN_ITEM_LINK and _headline_link(block):
            continue  # "<a>记者手记：羌塘…</a> 中新网记者 江飞波": another story's item and its byline
        if block.link_ratio <= LINK_BLOCK_RATIO and not _credit(block, found, page.fetched_at):
            signed = newsroom.sign_off(block.text, alone=False)
            if signed:
                found.bylines.append((signed, block.text))  # "—— 王晓明" under the text's container
