"""Text density: which element holds the article.

A Readability-style vote. Every block of prose votes for the element that holds it and, at half weight,
for that element's parent; a vote is worth more the more sentence punctuation the block has (Chinese prose
is dense in ，。 where menus, link lists and footers are not). A candidate's total is then discounted by
its share of link text, so a column of related headlines never outvotes the story.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable

from lxml.html import HtmlElement

from newscrawl.extract.blocks import PARAGRAPH_TAGS, Block, BlockTree

_PUNCT = re.compile(r"[，。！？；、：“”,.!?;]")

# A block with more link text than this is navigation, whatever its length.
MAX_LINK_RATIO = 0.5
# Below this many characters, a block without punctuation is a label, not prose.
MIN_PROSE_CHARS = 8
# Characters of prose worth one extra point, and the most a single block can earn that way.
CHARS_PER_POINT = 100
MAX_LENGTH_POINTS = 3
# A sibling of the best container joins the article when it scores at least this share of the best.
SIBLING_SHARE = 0.3


def prose_score(block: Block) -> float:
    nonlink = len(block.text) - block.link_chars
    if block.link_ratio > MAX_LINK_RATIO:
        return 0.0
    punct = len(_PUNCT.findall(block.text))
    if nonlink < MIN_PROSE_CHARS and not punct:
        return 0.0
    return 1 + punct + min(nonlink / CHARS_PER_POINT, MAX_LENGTH_POINTS)


def _past_wrappers(tree: BlockTree, best: HtmlElement, votes: Callable[[Block], bool]) -> HtmlElement:
    """Each paragraph in wrappers of its own (Baijiahao's <div class=hash><div>text</div></div>): when the winner
    is one such wrapped paragraph and its wrapper's parent holds two or more of the same wrapper, and no other
    sentences, the article is that parent."""
    cache: dict[int, bool] = {}

    def sentence(block: Block) -> bool:
        if block.order not in cache:
            cache[block.order] = bool(prose_score(block) and _PUNCT.search(block.text) and votes(block))
        return cache[block.order]

    starts = [tree.span[block.element][0] for block in tree.blocks]
    # In document order, unless a text's tail after a child block comes back to its parent.
    ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False))

    def inside(element: HtmlElement) -> list[Block]:
        if element not in tree.span:
            return []
        first, last = tree.span[element]
        if ordered:
            return tree.blocks[bisect_left(starts, first) : bisect_right(starts, last)]
        return [block for block, start in zip(tree.blocks, starts, strict=True) if first <= start <= last]

    def prose(element: HtmlElement) -> int:
        return sum(1 for block in inside(element) if sentence(block))

    if len(inside(best)) > 3 or prose(best) != 1:
        return best  # the usual case, decided at once: the winner holds several blocks
    node = best
    while (up := tree.parent.get(node)) is not None and prose(up) == 1:
        node = up  # wrappers that hold nothing but this paragraph
    up = tree.parent.get(node)
    if up is None:
        return best
    holding = [child for child in up if isinstance(child.tag, str) and prose(child)]
    alike = len({(child.tag, child.get("class")) for child in holding}) == 1  # the same wrapper, repeated
    return up if len(holding) >= 2 and alike and all(prose(child) == 1 for child in holding) else best


def container_of(block: Block, tree: BlockTree) -> HtmlElement | None:
    return tree.parent.get(block.element) if block.tag in PARAGRAPH_TAGS else block.element


def best_containers(
    tree: BlockTree, votes: Callable[[Block], bool] = lambda block: True
) -> list[HtmlElement]:
    """The element that holds the article, plus any sibling that carries a real share of its prose.

    ``votes`` says which blocks may vote: disclaimers and copyright lines are punctuated prose too, and
    a footer full of them must not outvote a one-paragraph news item.
    """
    blocks = tree.blocks
    score: dict[HtmlElement, float] = defaultdict(float)
    # Prose paragraphs written as text-only <div>s (<div class="p">…</div>), counted per parent.
    div_paragraphs: dict[HtmlElement, int] = defaultdict(int)
    total: dict[HtmlElement, int] = defaultdict(int)
    links: dict[HtmlElement, int] = defaultdict(int)
    for block in blocks:
        total[block.element] += len(block.text)
        links[block.element] += block.link_chars
        points = prose_score(block)
        if not points or not votes(block):
            continue
        container = container_of(block, tree)
        if container is None:
            continue
        score[container] += points
        if container is block.element and tree.is_paragraph(container):
            div_paragraphs[tree.parent.get(container)] += 1
        grandparent = tree.parent.get(container)
        if grandparent is not None:
            score[grandparent] += points / 2
    if not score:
        return []
    # Subtree totals: children before parents, i.e. block elements in reverse preorder.
    for el in sorted(tree.span, key=lambda e: tree.span[e][0], reverse=True):
        up = tree.parent.get(el)
        if up is not None:
            total[up] += total[el]
            links[up] += links[el]

    def final(el: HtmlElement) -> float:
        return score[el] * (1 - links[el] / total[el]) if total[el] else 0.0

    best = max(score, key=final)
    up = tree.parent.get(best)
    if up is not None and tree.is_paragraph(best) and div_paragraphs[up] >= 2:
        best = up  # the winner is one paragraph of several: the article is their parent
    best = _past_wrappers(tree, best, votes)
    chosen = [best]
    up = tree.parent.get(best)
    if up is not None:
        threshold = final(best) * SIBLING_SHARE
        chosen += [
            el for el in score if el is not best and tree.parent.get(el) is up and final(el) >= threshold
        ]
    return sorted(chosen, key=lambda e: tree.span[e][0])
