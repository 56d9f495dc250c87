"""The parsed page: everything extraction reads, computed once, never changed afterwards."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from parsel import Selector

from newscrawl.extract import structured
from newscrawl.extract.blocks import BlockTree, linearize, squash
from newscrawl.extract.chrome import Chrome
from newscrawl.extract.decode import decode_html
from newscrawl.extract.profiles import SiteProfile, profile_for

# A publication timestamp a page's script sets: "var ct = 1581418070", "publishTime: 1715572974000".
_SCRIPT_EPOCH = re.compile(
    r"\b(?:ct|publish_?time|pubtime|pub_time|publishTime|pubDate|createTime|ptime)\s*[=:]\s*[\"']?(\d{13}|\d{10})\b"
)
# The same keys holding a printed moment: window.DATA = {"pubtime": "2021-03-15 10:33:08"} (Tencent).
_SCRIPT_MOMENT = re.compile(
    r"\b(?:publish_?time|pubtime|pub_time|publishTime|pubDate|ptime)[\"']?\s*[=:]\s*[\"']"
    r"(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)[\"']"
)


@dataclass(frozen=True)
class Page:
    html: str
    url: str
    selector: Selector
    tree: BlockTree
    title: str  # the <title>, whitespace squashed
    meta: structured.StructuredFacts
    ld: structured.StructuredFacts
    profile: SiteProfile | None
    chrome: Chrome
    fetched_at: datetime | None = None

    @classmethod
    def parse(
        cls,
        body: bytes,
        url: str,
        content_type: str | None = None,
        profile: SiteProfile | None = None,
        fetched_at: datetime | None = None,
    ) -> Page:
        html = decode_html(body, content_type)
        selector = Selector(text=html)
        profile = profile or profile_for(url)
        chrome = Chrome()
        if profile:
            chrome = chrome.extended(profile.stop_labels, profile.drop_patterns)
        return cls(
            html=html,
            url=url,
            selector=selector,
            tree=linearize(selector.root),
            title=squash(" ".join(selector.xpath("(//head/title|//title)[1]//text()").getall())),
            meta=structured.meta_facts(structured.meta_tags(selector)),
            ld=structured.json_ld(selector),
            profile=profile,
            chrome=chrome,
            fetched_at=fetched_at,
        )

    # Asked for only when the visible page shows too little text: most pages never pay for them.
    @cached_property
    def app_state(self) -> structured.StructuredFacts:
        return structured.app_state(self.selector)

    @cached_property
    def unrendered(self) -> structured.StructuredFacts:
        return structured.unrendered_html(self.selector)

    @cached_property
    def time_element(self) -> str | None:
        """The first <time datetime> with a time of day (structured.time_element)."""
        return structured.time_element(self.selector)

    @cached_property
    def script_epoch(self) -> str | None:
        match = _SCRIPT_EPOCH.search(self.html) or _SCRIPT_MOMENT.search(self.html)
        return match.group(1) if match else None

    @cached_property
    def has_player(self) -> bool:
        """A video player on the page: a <video>, or a player's embed."""
        return bool(
            self.selector.xpath(
                "//video | //embed[contains(@src, 'player') or contains(@type, 'video')] | //iframe[contains(@src, "
                "'player') or contains(@src, 'video')] | //*[contains(@class, 'video-player') or @id = 'player'] | "
                "//script[contains(., 'Player(') or contains(., 'player(')] | "
                # Flash-era players: SWFObject("…/videoplayer.swf") (a .swf alone is as often a banner: joinus2.swf).
                "//script[contains(., 'SWFObject') and contains(., 'player')] | "
                "//object[contains(@data, 'player') and contains(@data, '.swf')]"
            )
        )
