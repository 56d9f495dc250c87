"""What a page says about itself in machine-readable form: JSON-LD, meta tags, single-page-app state."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from parsel import Selector

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNews", "AnalysisNewsArticle", "BlogPosting", "OpinionNewsArticle"}
)
_LD_HEADLINE_KEYS = ("headline", "title", "name")
_LD_DATE_KEYS = ("datePublished", "pubDate", "dateCreated", "uploadDate")

# Meta names (lower case) in order of trust: the article's own publication time first, update times last.
META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "og:release_date", "publishdate", "pubdate",
    "publish_date", "publishtime", "publish-time", "datepublished", "dc.date.issued", "dc.date", "og:time",
    "sailthru.date", "weibo:article:create_at", "article:modified_time", "dateupdate", "lastmod",
)  # fmt: skip
META_TITLE_KEYS = ("og:title", "twitter:title", "articletitle", "headline", "title")
META_AUTHOR_KEYS = ("author", "article:author", "og:article:author", "byl", "dc.creator")
# The editor some CMSs put in a meta tag of its own: <meta name="editor" content="黄海燕">.
META_EDITOR_KEYS = ("editor", "contenteditor", "article:editor", "责任编辑")
META_SOURCE_KEYS = ("source", "contentsource", "article:source", "og:source")

# State JSON of single-page apps: `window.__INITIAL_STATE__ = {…}`, `var allData = {…}`, __NEXT_DATA__.
_STATE_ASSIGNMENT = re.compile(r"(?:window\.|var\s+|let\s+|const\s+)?\b[\w$]+\s*=\s*(?=[{\[])")
STATE_BODY_KEYS = ("content", "body", "articlebody", "html", "data", "text", "contenthtml", "detail")
STATE_TITLE_KEYS = ("title", "headline", "newstitle", "articletitle", "doc_title", "doctitle", "name")
# The editors an app's state names: "editor_info": "编辑：胡雅楠　责任编辑：刘亮", "editor": "王某".
STATE_EDITOR_KEYS = ("editor_info", "editorinfo", "editor", "editors", "editorname", "editor_name", "zebian")
STATE_AUTHOR_KEYS = ("author", "authors", "reporter", "writer", "authorname")
STATE_DATE_KEYS = (
    "publishtime", "publish_time", "pubtime", "pub_time", "pubdate", "newstime", "datepublished", "publishedat",
    "ctime", "createtime", "create_time", "createdat", "releasetime", "time", "published_at", "publish_at",
    "release_time", "pub_date", "publishdate", "online_time",
)  # fmt: skip
# Prose has this many characters of CJK text at least, or it is a teaser.
MIN_STATE_BODY_CJK = 60
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PARAGRAPH_TAG = re.compile(r"<p[\s>]|<br", re.I)
_LABEL_PREFIX = re.compile(r"^(?:来源|作者|记者)[：:]\s*")


@dataclass
class StructuredFacts:
    headline: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    body: str | None = None
    source: str | None = None
    site_name: str | None = None
    editor: str | None = None  # a meta tag's editor, as the page states it


def json_ld(selector: Selector) -> StructuredFacts:
    """The first article object in the page's JSON-LD (Baidu's cambrian variant with title/pubDate too)."""
    for raw in selector.xpath('//script[@type="application/ld+json"]/text()').getall():
        for obj in _ld_objects(_loads(raw)):
            types = obj.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if not (types & ARTICLE_TYPES or any(k in obj for k in _LD_DATE_KEYS)):
                continue
            return StructuredFacts(
                headline=_first_str(obj, _LD_HEADLINE_KEYS),
                published=_first_str(obj, _LD_DATE_KEYS),
                authors=tuple(_ld_people(obj.get("author"))),
                body=_first_str(obj, ("articleBody",)),
                site_name=_first_str(obj["publisher"], ("name",))
                if isinstance(obj.get("publisher"), dict)
                else None,
            )
    return StructuredFacts()


def _loads(raw: str) -> object:
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        return None


def _ld_objects(data: object) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _ld_objects(data["@graph"])


def _first_str(obj: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _ld_people(value: object) -> Iterator[str]:
    """Authors that are people; an Organization as author is the publisher, not a byline."""
    if isinstance(value, list):
        for item in value:
            yield from _ld_people(item)
    elif isinstance(value, str) and value.strip():
        yield value.strip()
    elif (
        isinstance(value, dict)
        and value.get("@type", "Person") == "Person"
        and isinstance(value.get("name"), str)
    ):
        yield value["name"].strip()


def time_element(selector: Selector) -> str | None:
    """The machine-readable moment of the first <time datetime> that has a time of day ("2022-11-03T08:30:00+08:00"
    beside a printed "11月3日 08:30"): HTML's own way to date a piece."""
    for value in selector.xpath("//body//time/@datetime").getall():
        if "T" in value or ":" in value:
            return value.strip()
    return None


def meta_tags(selector: Selector) -> dict[str, str]:
    """Meta tags by lower-cased name, property or itemprop; the first of each name wins."""
    tags: dict[str, str] = {}
    for meta in selector.xpath("//meta[@content]"):
        key = meta.attrib.get("name") or meta.attrib.get("property") or meta.attrib.get("itemprop")
        content = meta.attrib["content"].strip()
        if key and content:
            tags.setdefault(key.strip().lower(), content)
    return tags


def meta_facts(tags: dict[str, str]) -> StructuredFacts:
    source = next((tags[k] for k in META_SOURCE_KEYS if k in tags), None)
    author = next((tags[k] for k in META_AUTHOR_KEYS if k in tags), None)
    return StructuredFacts(
        headline=next((tags[k] for k in META_TITLE_KEYS if k in tags), None),
        published=next((tags[k] for k in META_DATE_KEYS if k in tags), None),
        authors=(author,) if author else (),
        source=(_LABEL_PREFIX.sub("", source).split() or [None])[0] if source else None,
        site_name=tags.get("og:site_name"),
        editor=next((tags[k] for k in META_EDITOR_KEYS if k in tags), None),
    )


# --- single-page-app state --------------------------------------------------------------------------------


def app_state(selector: Selector) -> StructuredFacts:
    """The article inside the state JSON a single-page app ships in a <script>.

    The body is the longest prose string in the state (HTML with paragraphs, or long CJK text). When it
    sits in a list of content parts (``contentList: [{data: "<p>…"}, …]``) the parts are joined in order.
    Title and date come from the nearest enclosing object that has them.
    """
    best: tuple[int, str, list[dict]] | None = None
    for data in _state_blobs(selector):
        for text, chain in _prose_strings(data, []):
            score = len(_CJK.findall(text))
            if best is None or score > best[0]:
                best = (score, text, chain)
    if best is None or best[0] < MIN_STATE_BODY_CJK:
        return StructuredFacts()
    _, body, chain = best
    facts = StructuredFacts(body=body)
    for obj in reversed(chain):
        lowered = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
        facts.headline = facts.headline or _first_str(lowered, STATE_TITLE_KEYS)
        facts.published = facts.published or _first_str(lowered, STATE_DATE_KEYS)
        authors = next((found for key in STATE_AUTHOR_KEYS if (found := _state_people(lowered.get(key)))), [])
        if authors and not facts.authors:
            facts.authors = tuple(authors)
        facts.editor = facts.editor or _first_str(lowered, STATE_EDITOR_KEYS)
    return facts


def _state_people(value: object) -> list[str]:
    """Author names in app state: "张三", {"name": "张三"}, or a list of either."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        lowered = {k.lower(): v for k, v in value.items() if isinstance(k, str)}
        name = _first_str(lowered, ("name", "nickname", "username", "screen_name", "realname"))
        return [name] if name else []
    if isinstance(value, list):
        return [name for item in value[:10] for name in _state_people(item)]
    return []


def unrendered_html(selector: Selector) -> StructuredFacts:
    """Article HTML a page ships for its scripts to render: the text of a <textarea> or of a
    <script type="text/template">, or the content of a <template>. The longest prose among them."""
    best: tuple[int, str] | None = None
    for node in selector.xpath(
        "//textarea | //template | //script[contains(@type, 'template') or @type = 'text/html']"
    ):
        if node.root.tag == "template":
            text = "".join(node.xpath("./node()").getall())
        else:
            text = node.xpath("string()").get() or ""
        score = len(_CJK.findall(text))
        if _is_prose(text) and (best is None or score > best[0]):
            best = (score, text)
    return StructuredFacts(body=best[1]) if best else StructuredFacts()


def _state_blobs(selector: Selector) -> Iterator[object]:
    for script in selector.xpath("//script[not(@src)]"):
        text = script.xpath("string()").get() or ""
        if (
            script.attrib.get("type", "").endswith("json")
            and script.attrib.get("type") != "application/ld+json"
        ):
            data = _loads(text)
            if data is not None:
                yield data
            continue
        if len(text) < 200 or not _CJK.search(text):
            continue
        decoder = json.JSONDecoder(strict=False)
        for match in _STATE_ASSIGNMENT.finditer(text):
            try:
                data, _ = decoder.raw_decode(text, match.end())
            except ValueError:
                continue
            yield data


def _prose_strings(data: object, chain: list[dict]) -> Iterator[tuple[str, list[dict]]]:
    if isinstance(data, dict):
        inner = [*chain, data]
        for key, value in data.items():
            if isinstance(value, str):
                if isinstance(key, str) and key.lower() in STATE_BODY_KEYS and _is_prose(value):
                    yield value, inner
            else:
                yield from _prose_strings(value, inner)
    elif isinstance(data, list):
        parts = _content_parts(data)
        if parts:
            yield parts, chain
        for item in data:
            yield from _prose_strings(item, chain)


def _content_parts(items: list) -> str | None:
    """Join a list of content parts that each hold an HTML or text piece under the same key."""
    if len(items) < 2 or not all(isinstance(i, dict) for i in items):
        return None
    for key in STATE_BODY_KEYS:
        pieces = [
            next((v for k, v in i.items() if isinstance(k, str) and k.lower() == key), None) for i in items
        ]
        texts = [p for p in pieces if isinstance(p, str)]
        joined = "".join(t if t.lstrip().startswith("<") else f"<p>{t}</p>" for t in texts)
        if len(texts) >= 2 and _is_prose(joined):
            return joined
    return None


def _is_prose(text: str) -> bool:
    return len(text) >= MIN_STATE_BODY_CJK and (
        bool(_PARAGRAPH_TAG.search(text)) or len(_CJK.findall(text)) >= MIN_STATE_BODY_CJK
    )
