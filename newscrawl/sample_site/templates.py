"""Markup variants of one article page, as a dutenews-like site might serve it.

Nobody here knows the live markup, so these differ on purpose in everything the extractor must not depend
on: class names, where the byline and date sit, how paragraphs are marked, the charset, whether the text is
in the DOM at all. Every variant carries the site's real chrome (read from the seeds) around the article.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape as e

from newscrawl.extract.dates import CHINA_TZ
from newscrawl.sample_site.seeds import SampleArticle

# Headlines of other pieces, for the related lists and hot lists every page carries.
RELATED = (
    "深圳地铁四期调整线路全面开通 轨道交通运营里程突破500公里",
    "前海合作区发布支持港澳青年创新创业新政 最高资助100万元",
    "全市首个“无废社区”在南山揭牌 垃圾分类回收率达45%",
    "深圳湾文化广场主体结构封顶 预计明年对外开放",
    "坪山新能源汽车产业园二期动工 将引进链主企业12家",
)
SITE_CHROME = (
    "免责声明",
    "未经许可或明确书面授权，任何人不得复制、转载、摘编、修改、链接读特客户端内容",
    "粤ICP备10228864号",
    "粤公网安备 44030402000917号",
    "Copyright @1997-2023 深圳特区报社",
)


def _related_items(base: str, first_id: int = 10660000) -> str:
    return "".join(
        f'<li><a href="{base}/n/article/{first_id + i}">{e(title)}</a></li>'
        for i, title in enumerate(RELATED)
    )


def _footer(article: SampleArticle) -> str:
    """The seed's own chrome lines (hot list, promos, video durations, ICP …) plus the site's footer."""
    lines = "".join(f"<p>{e(line)}</p>" for line in article.chrome if line not in SITE_CHROME)
    return (
        f'<div class="side-hot"><h3>读特热榜</h3><ol>{_related_items("")}</ol></div>'
        f'<div class="feed">{lines}</div>'
        '<div class="foot"><p>友情链接: <a href="http://www.sznews.com">深圳新闻网</a></p>'
        "<p>粤ICP备10228864号</p><p>粤公网安备 44030402000917号</p><p>Copyright @1997-2023 深圳特区报社</p></div>"
    )


def _disclaimer() -> str:
    return '<div class="statement"><h4>免责声明</h4><p>未经许可或明确书面授权，任何人不得复制、转载、摘编、修改、链接读特客户端内容</p></div>'


def _nav() -> str:
    channels = ("首页", "时政", "深圳", "湾区", "财经", "文体", "深圳号", "视频")
    return (
        '<div class="nav"><ul>' + "".join(f'<li><a href="/">{c}</a></li>' for c in channels) + "</ul></div>"
    )


def _note_html(article: SampleArticle, tag: str = "div") -> str:
    if not article.editor_note:
        return ""
    return (
        f'<{tag} class="note"><p><b>编者按</b></p>'
        + "".join(f"<p>{e(p)}</p>" for p in article.editor_note)
        + f"</{tag}>"
    )


def _paragraphs(article: SampleArticle, captions: bool = False) -> str:
    out = []
    for i, text in enumerate(article.paragraphs):
        out.append(f"<p>{e(text)}</p>")
        if captions and i in article.captions:
            out.append(
                f'<figure><img src="/img/{article.id}-{i}.jpg" alt=""><figcaption>{e(article.captions[i])}</figcaption></figure>'
            )
    return "".join(out)


def _credit_lines(article: SampleArticle) -> list[str]:
    """The lines after the text, as the seeds print them: 原标题, the editor line, the author line."""
    original = f"原标题:《{article.original_title}》" if article.original_title else None
    return [line for line in (original, article.editor_line, article.author_line) if line]


def _end_credits(article: SampleArticle) -> str:
    return "".join(
        f'<p class="editors">{e(line)}</p>' if line == article.editor_line else f"<p>{e(line)}</p>"
        for line in _credit_lines(article)
    )


def _stamp(article: SampleArticle, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return article.published.strftime(fmt)


def _page(title: str, head: str, body: str, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{charset}"><title>{e(title)}</title>'
        f'<meta name="viewport" content="width=device-width">{head}</head><body>{body}</body></html>'
    )


def desktop(article: SampleArticle) -> bytes:
    """The classic desktop page: h1, byline and date under it, <p> paragraphs, credits at the end."""
    byline = f'<span class="author">{e(article.byline)}</span>' if article.byline else ""
    body = (
        f'{_nav()}<div class="container"><div class="main-left">'
        f'<h1 class="article-title">{e(article.headline)}</h1>'
        f'<div class="meta">{byline}<span class="time">{_stamp(article)}</span></div>'
        f'<div class="article-content">{_note_html(article)}{_paragraphs(article)}{_end_credits(article)}</div>'
        f'{_disclaimer()}<div class="recommend"><h3>推荐阅读</h3><ul>{_related_items("")}</ul></div>'
        f'</div><div class="main-right">{_footer(article)}</div></div>'
    )
    return _page(f"{article.headline} - 读特", "", body).encode("utf-8")


def mobile(article: SampleArticle) -> bytes:
    """The m. page: sections and divs instead of paragraphs, byline and date on one line."""
    meta = " ".join(x for x in (article.byline, _stamp(article)) if x)
    paragraphs = "".join(f'<div class="p">{e(p)}</div>' for p in article.paragraphs)
    note = ""
    if article.editor_note:
        note = (
            '<section class="editor-note"><div class="p">编者按</div>'
            + "".join(f'<div class="p">{e(p)}</div>' for p in article.editor_note)
            + "</section>"
        )
    credits = "".join(f'<div class="p">{e(line)}</div>' for line in _credit_lines(article))
    body = (
        f'<header class="bar"><a href="/">读特</a><a href="/download">打开APP</a></header>'
        f'<section class="detail"><div class="h">{e(article.headline)}</div><div class="info">{e(meta)}</div>'
        f'<section class="txt">{note}{paragraphs}{credits}</section></section>'
        f'<section class="more"><div class="label">推荐阅读</div><ul>{_related_items("")}</ul></section>'
        f"{_footer(article)}"
    )
    return _page(f"{article.headline}_读特新闻", "", body).encode("utf-8")


def title_only(article: SampleArticle) -> bytes:
    """No heading element at all: the headline is only in <title>."""
    body = (
        f'{_nav()}<div id="wrap"><div class="info">{e(article.byline or "")} 发布时间：{_stamp(article)}</div>'
        f'<div id="txt">{_note_html(article)}{_paragraphs(article)}{_end_credits(article)}</div>'
        f"{_disclaimer()}</div>{_footer(article)}"
    )
    return _page(f"{article.headline}_读特", "", body).encode("utf-8")


def spa(article: SampleArticle) -> bytes:
    """A single-page app shell: an empty mount point and the article in window.__INITIAL_STATE__."""
    content = _note_html(article) + _paragraphs(article) + _end_credits(article)
    state = {
        "route": {"name": "article", "params": {"id": str(article.id)}},
        "hot": [{"title": t, "id": 10660000 + i} for i, t in enumerate(RELATED)],
        "article": {
            "id": article.id,
            "title": article.headline,
            "author": article.byline or "",
            "publishTime": int(article.published.replace(tzinfo=CHINA_TZ).timestamp() * 1000),
            "publishTimeText": _stamp(article),
            "content": content,
        },
    }
    script = "window.__INITIAL_STATE__ = " + json.dumps(state, ensure_ascii=False).replace("</", "<\\/") + ";"
    body = f'<div id="app"><div class="loading">加载中…</div></div><script>{script}</script><script src="/static/app.js"></script>'
    return _page(f"{article.headline} - 读特", "", body).encode("utf-8")


def jsonld(article: SampleArticle) -> bytes:
    """Semantic HTML with NewsArticle JSON-LD; the visible byline is in a <address>."""
    published = article.published.replace(tzinfo=CHINA_TZ).isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "datePublished": published,
        "author": [{"@type": "Person", "name": n} for n in article.reporters]
        or [{"@type": "Organization", "name": "读特"}],
        "publisher": {"@type": "Organization", "name": "深圳特区报"},
    }
    head = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    body = (
        f"{_nav()}<main><article><header><h1>{e(article.headline)}</h1>"
        f'<address>{e(article.byline or "")}</address><time datetime="{published}">{_stamp(article)}</time></header>'
        f"<section>{_note_html(article, 'aside')}{_paragraphs(article)}{_end_credits(article)}</section></article>"
        f"<aside><h2>相关新闻</h2><ul>{_related_items('')}</ul></aside></main>{_disclaimer()}{_footer(article)}"
    )
    return _page(f"{article.headline} | 读特", head, body).encode("utf-8")


def gbk_table(article: SampleArticle) -> bytes:
    """An old table layout in GBK: paragraphs separated by <br><br>, date in 年月日 form."""
    text = "<br><br>".join(
        e(p)
        for p in ([*(["编者按", *article.editor_note] if article.editor_note else []), *article.paragraphs])
    )
    credits = "<br>".join(e(line) for line in _credit_lines(article))
    body = (
        '<table width="960"><tr><td class="top">首页 | 新闻 | 深圳 | 视频</td></tr>'
        f'<tr><td align="center"><font size="5"><b>{e(article.headline)}</b></font></td></tr>'
        f'<tr><td align="center">{e(article.byline or "")}　{_stamp(article, "%Y年%m月%d日 %H:%M")}</td></tr>'
        f'<tr><td class="content">{text}<br><br>{credits}</td></tr>'
        f"<tr><td>{_disclaimer()}</td></tr><tr><td>{_footer(article)}</td></tr></table>"
    )
    return _page(f"{article.headline}-深圳新闻网", "", body, charset="gbk").encode("gbk", errors="replace")


def captions_box(article: SampleArticle) -> bytes:
    """Pictures with captions in the text and a 推荐阅读 box in the middle of it."""
    middle = max(1, len(article.paragraphs) // 2)
    first = article.edited(paragraphs=article.paragraphs[:middle])
    second = article.edited(
        paragraphs=article.paragraphs[middle:],
        captions={i - middle: c for i, c in article.captions.items() if i >= middle},
        editor_note=[],
    )
    box = f'<div class="inline-recommend"><div class="tit">推荐阅读</div><ul>{_related_items("")}</ul></div>'
    body = (
        f'{_nav()}<div class="wrap"><h1>{e(article.headline)}</h1>'
        f'<p class="byline">{e(article.byline or "")}</p><p class="date">{_stamp(article)}</p>'
        f'<div class="content">{_note_html(first)}{_paragraphs(first, captions=True)}{box}'
        f"{_paragraphs(second, captions=True)}{_end_credits(article)}</div>{_disclaimer()}</div>{_footer(article)}"
    )
    return _page(f"{article.headline}-读特", "", body).encode("utf-8")


def glued_credits(article: SampleArticle) -> bytes:
    """No byline under the headline: the credits come last, glued editor line and (作者:…)."""
    if article.byline and not article.author_line:
        article = article.edited(author_line=f"(作者:{article.byline})")
    body = (
        f'{_nav()}<div class="article"><h2 class="title">{e(article.headline)}</h2>'
        f'<div class="pub">{_stamp(article)}</div>'
        f'<div class="text">{_note_html(article)}{_paragraphs(article)}</div>'
        f'<div class="credits">{_end_credits(article)}</div>{_disclaimer()}</div>{_footer(article)}'
    )
    return _page(f"{article.headline} - 读特", "", body).encode("utf-8")


def video(article: SampleArticle) -> bytes:
    """A video page: the player first, a duration, and the text as the video's description."""
    body = (
        f'{_nav()}<div class="video-page"><div class="player"><video src="/v/{article.id}.mp4" controls></video>'
        f'<span class="duration">03:25</span></div><h1>{e(article.headline)}</h1>'
        f'<div class="info"><span>{e(article.byline or "")}</span> <span>{_stamp(article)}:00</span></div>'
        f'<div class="desc">{_note_html(article)}{_paragraphs(article)}{_end_credits(article)}</div>'
        f'<div class="in-video"><h3>IN视频</h3><ul>{_related_items("")}</ul></div></div>{_footer(article)}'
    )
    return _page(f"{article.headline}_读特视频", "", body).encode("utf-8")


def date_over_headline(article: SampleArticle) -> bytes:
    """Date and source over the headline, no metadata; the editor line shares a line with a 纠错 button."""
    credits = "".join(
        f'<div class="edit"><span class="err"><a href="#report">纠错</a></span> <span class="editor">【{e(line)}】</span></div>'
        if line == article.editor_line
        else f"<p>{e(line)}</p>"
        for line in _credit_lines(article)
    )
    body = (
        f'{_nav()}<div class="head"><div class="time">{_stamp(article)} 来源：读特</div>'
        f'<h1><span class="title">{e(article.headline)}</span></h1></div>'
        f'<div class="byline">{e(article.byline or "")}</div>'
        f'<div id="detail">{_note_html(article)}{_paragraphs(article)}</div>{credits}'
        f"{_disclaimer()}{_footer(article)}"
    )
    return _page(f"{article.headline}_读特", "", body).encode("utf-8")


def app_page(article: SampleArticle) -> bytes:
    """An app's share page: the <title> is only the app's name, the logo is an <h1> too, counters on the
    byline's line, the 编者按 in a box over the text, a pager under it."""
    info = " ".join(x for x in (article.byline, _stamp(article), "阅读 2.3万") if x)
    body = (
        f'<h1 class="logo"><a href="/"><img src="/logo.png" alt="读特"></a></h1>'
        f'<div class="m-article"><h1 class="m-title">{e(article.headline)}</h1><div class="m-info">{e(info)}</div>'
        f'{_note_html(article, "blockquote")}<div class="m-body">{_paragraphs(article)}{_end_credits(article)}'
        f'<div class="rec"><div class="rec-t">推荐阅读</div>{_related_items("")}</div></div>'
        '<div class="pager"><a href="?p=1">上一页</a> <a href="?p=1">1</a> <span>2</span> <a href="?p=3">下一页</a></div>'
        f"</div>{_footer(article)}"
    )
    return _page("读特", "", body).encode("utf-8")


def flat_lines(article: SampleArticle) -> bytes:
    """Everything in one <div> split by <br>: headline, date and byline on one line, text, credits, chrome."""
    lines = [article.headline, " ".join(x for x in (_stamp(article), article.byline) if x)]
    lines += ["编者按", *article.editor_note] if article.editor_note else []
    lines += article.paragraphs
    lines += _credit_lines(article)
    lines += ["免责声明", SITE_CHROME[1], *article.chrome]
    body = f'{_nav()}<div class="wrap">' + "<br>".join(e(line) for line in lines) + "</div>"
    return _page(f"{article.headline}-读特", "", body).encode("utf-8")


def inline_chrome(article: SampleArticle) -> bytes:
    """Date · byline under an <h2>; the site's furniture inside the text's own <section>, no label before it."""
    info = " · ".join(x for x in (_stamp(article), article.byline) if x)
    chrome = "".join(f"<p>{e(line)}</p>" for line in article.chrome)
    body = (
        f'<article><h2>{e(article.headline)}</h2><p class="info">{e(info)}</p><section class="content">'
        f"{_note_html(article, 'section')}{_paragraphs(article)}{_end_credits(article)}{chrome}</section></article>"
        "<footer>粤ICP备10228864号</footer>"
    )
    return _page(article.headline, "", body).encode("utf-8")


def hot_list_lines(article: SampleArticle) -> bytes:
    """A hot list between the text and the credits, its label and headlines plain lines of the text's
    own <div> (no box of their own)."""
    byline = f"<span>{e(article.byline)}</span>" if article.byline else ""
    hot = "<p>读特热榜</p>" + "".join(f"<p>{e(title)}</p>" for title in RELATED)
    body = (
        f'{_nav()}<div class="page"><h1>{e(article.headline)}</h1><div class="info">{byline}'
        f'<span>{_stamp(article)}</span></div><div class="content">{_note_html(article)}{_paragraphs(article)}'
        f"{hot}{_end_credits(article)}</div></div>{_footer(article)}"
    )
    return _page(article.headline, "", body).encode("utf-8")


def closing_credit(article: SampleArticle) -> bytes:
    """No byline over the text: the reporters in brackets closing the last paragraph ("…。（记者 张三）"), as
    regional papers print them."""
    paragraphs = list(article.paragraphs)
    if article.byline:
        paragraphs[-1] += f"（{article.byline}）"
    closing = article.edited(paragraphs=paragraphs)
    body = (
        f'{_nav()}<div class="news"><h1>{e(article.headline)}</h1><div class="time">{_stamp(article)}</div>'
        f'<div class="txt">{_note_html(article)}{_paragraphs(closing)}{_end_credits(article)}</div></div>'
        f"{_disclaimer()}{_footer(article)}"
    )
    return _page(f"{article.headline}_读特", "", body).encode("utf-8")


def header_spans(article: SampleArticle) -> bytes:
    """Date, source and author as labelled spans on one line under the headline ("来源：… 作者：…")."""
    author = f"<span>作者：{e(article.byline)}</span>" if article.byline else ""
    body = (
        f'{_nav()}<div class="article"><h1>{e(article.headline)}</h1><div class="info"><span>{_stamp(article)}</span>'
        f"<span>来源：读特客户端</span>{author}</div>"
        f'<div class="content">{_note_html(article)}{_paragraphs(article)}{_end_credits(article)}</div></div>'
        f"{_disclaimer()}{_footer(article)}"
    )
    return _page(f"{article.headline}-读特", "", body).encode("utf-8")


def meta_author(article: SampleArticle) -> bytes:
    """The reporters only in <meta name="author">, the page prints no byline; the web editor in the editor
    line does not appear as an author."""
    head = f'<meta name="author" content="{e(" ".join(article.reporters))}">' if article.reporters else ""
    credits = _end_credits(article.edited(author_line=None))
    body = (
        f'{_nav()}<div class="detail"><h1>{e(article.headline)}</h1><p class="date">{_stamp(article)}</p>'
        f'<div class="detail-body">{_note_html(article)}{_paragraphs(article)}{credits}</div></div>'
        f"{_disclaimer()}{_footer(article)}"
    )
    return _page(f"{article.headline}_读特", head, body).encode("utf-8")


def datelined(article: SampleArticle) -> SampleArticle:
    """The article as a paper prints it with the reporters in the dateline that opens the text
    ("读特讯（记者 张三 李四）…") instead of a byline or author line. Idempotent: a datelined article has no
    byline."""
    if not article.byline or not article.reporters:
        return article
    lead = f"读特讯（记者 {' '.join(article.reporters)}）"
    paragraphs = [lead + article.paragraphs[0], *article.paragraphs[1:]]
    return article.edited(paragraphs=paragraphs, byline=None, author_line=None)


def dateline_lead(article: SampleArticle) -> bytes:
    """The reporters in the dateline at the head of the first paragraph, no byline line."""
    article = datelined(article)
    body = (
        f'{_nav()}<div class="art"><h1>{e(article.headline)}</h1><div class="src">{_stamp(article)} 来源：读特</div>'
        f'<div class="art-text">{_note_html(article)}{_paragraphs(article)}{_end_credits(article)}</div></div>'
        f"{_disclaimer()}{_footer(article)}"
    )
    return _page(f"{article.headline}_读特", "", body).encode("utf-8")


TEMPLATES: dict[str, Callable[[SampleArticle], bytes]] = {
    "desktop": desktop,
    "mobile": mobile,
    "title_only": title_only,
    "spa": spa,
    "jsonld": jsonld,
    "gbk_table": gbk_table,
    "captions_box": captions_box,
    "glued_credits": glued_credits,
    "video": video,
    "date_over_headline": date_over_headline,
    "app_page": app_page,
    "flat_lines": flat_lines,
    "inline_chrome": inline_chrome,
    "hot_list_lines": hot_list_lines,
    "closing_credit": closing_credit,
    "header_spans": header_spans,
    "meta_author": meta_author,
    "dateline_lead": dateline_lead,
}
# Templates that change what the article prints (its text, its byline), and how.
AS_PRINTED: dict[str, Callable[[SampleArticle], SampleArticle]] = {"dateline_lead": datelined}


def as_printed(template: str, article: SampleArticle) -> SampleArticle:
    return AS_PRINTED.get(template, lambda a: a)(article)


# Templates that print no byline line: the reporters are read from a credit in another place.
NO_BYLINE_LINE = frozenset({"meta_author"})


def listing_page(title: str, items: list[tuple[str, str, str]], next_url: str | None = None) -> bytes:
    """A channel page: headlines with teasers, and a link to the next page."""
    rows = "".join(
        f'<li class="item"><a href="{e(url)}"><h3>{e(head)}</h3></a><p>{e(teaser)}</p></li>'
        for url, head, teaser in items
    )
    more = f'<a class="next" href="{e(next_url)}">下一页</a>' if next_url else ""
    return _page(f"{title} - 读特", "", f'{_nav()}<div class="list"><ul>{rows}</ul>{more}</div>').encode(
        "utf-8"
    )


def removed_page() -> bytes:
    """What the site serves for a removed article."""
    body = f'{_nav()}<div class="empty"><img src="/img/empty.png"><p>抱歉，文章不存在或已被删除</p><a href="/">返回首页</a></div>'
    return _page("读特", "", body).encode("utf-8")
