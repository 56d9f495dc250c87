"""The page as text blocks in document order.

A block is the text a block-level element holds directly (inline children folded in, nested blocks and
``<br>`` starting new blocks). Every later layer reads blocks, not raw HTML, so whitespace, hidden
elements and scripts are dealt with once, here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

# Elements whose text is never page content.
SKIP_TAGS = frozenset(
    "script style noscript iframe svg template head select option button textarea input canvas object "
    "embed video audio map math link meta title".split()
)
# Elements that start a new block of text.
BLOCK_TAGS = frozenset(
    "p div section article main td th tr table tbody thead tfoot li ul ol dl dd dt h1 h2 h3 h4 h5 h6 "
    "blockquote pre figure figcaption header footer nav aside form center body html address fieldset "
    "details summary".split()
)
# Blocks that are one paragraph of their parent: the parent is the container that scores for them.
PARAGRAPH_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 pre blockquote dt dd figcaption address summary".split())
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# display:none only: visibility:hidden is how WeChat (#js_content) and lazy pages hold their text back until a
# script shows it, the text itself.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)


def squash(text: str) -> str:
    """Collapse every kind of whitespace (NBSP, ideographic space, zero-width) to one space."""
    return _SPACE.sub(" ", text).strip()


@dataclass(slots=True)
class Block:
    text: str  # inline pieces joined as printed
    spaced: str  # inline pieces joined with spaces: "发布时间：10-08 12:00", not "10-0812:00"
    element: HtmlElement  # the block-level element that holds the text
    tag: str
    link_chars: int
    order: int  # position in document order

    @property
    def link_ratio(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class BlockTree:
    blocks: list[Block]
    # Every block-level element: preorder span (first, last) and the enclosing block element.
    span: dict[HtmlElement, tuple[int, int]]
    parent: dict[HtmlElement, HtmlElement | None]

    # How many blocks each element holds: more than one means text separated by <br>.
    counts: dict[HtmlElement, int] = field(default_factory=dict)

    def is_paragraph(self, element: HtmlElement) -> bool:
        """A leaf block element (no block inside) that holds a single block of text."""
        first, last = self.span[element]
        return first == last and self.counts.get(element, 0) == 1

    def inside(self, block: Block, container: HtmlElement) -> bool:
        first, last = self.span[container]
        return first <= self.span[block.element][0] <= last


def _hidden(el: HtmlElement) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def linearize(root: HtmlElement) -> BlockTree:
    """Walk the tree once, in lxml's own iteration (no recursion limit on deeply nested junk)."""
    blocks: list[Block] = []
    span: dict[HtmlElement, tuple[int, int]] = {}
    parent: dict[HtmlElement, HtmlElement | None] = {}
    owners: list[HtmlElement] = []
    pieces: list[str] = []
    link_chars = 0
    link_depth = 0
    counter = 0
    skipped = None  # the element whose subtree is not walked (a script, a hidden box): only its tail counts

    def add(text: str | None) -> None:
        nonlocal link_chars
        if text:
            pieces.append(text)
            if link_depth:
                link_chars += len(text.strip())

    def flush() -> None:
        nonlocal link_chars
        if pieces and owners:
            text = squash("".join(pieces))
            if text:
                owner = owners[-1]
                blocks.append(
                    Block(
                        text,
                        squash(" ".join(pieces)),
                        owner,
                        owner.tag,
                        min(link_chars, len(text)),
                        len(blocks),
                    )
                )
        pieces.clear()
        link_chars = 0

    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag in SKIP_TAGS or _hidden(el):
                walker.skip_subtree()
                skipped = el
            elif tag == "br":
                flush()
            else:
                if tag in BLOCK_TAGS:
                    flush()
                    counter += 1
                    span[el] = (counter, counter)
                    parent[el] = owners[-1] if owners else None
                    owners.append(el)
                elif tag == "a":
                    link_depth += 1
                add(el.text)
            continue
        if event == "end":
            if el is skipped:
                skipped = None
            elif tag in BLOCK_TAGS:
                flush()
                span[el] = (span[el][0], counter)
                owners.pop()
            elif tag == "a":
                link_depth -= 1
        if el is not root:  # a comment's or an element's tail is text of the block around it
            add(el.tail)
    if owners:  # a root that is not a block tag (a fragment): flush what is left
        flush()
    return BlockTree(blocks, span, parent, Counter(block.element for block in blocks))
