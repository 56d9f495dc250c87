"""The page's own machine-readable facts: JSON-LD, meta tags, state JSON of single-page apps."""

import json

import pytest

from newscrawl.extract import extract

URL = "https://news.example.cn/a/20250301/123456.html"
PARAGRAPHS = [
    "3月1日，深圳市气象台发布今年首个暴雨黄色预警信号，全市大部分地区出现强降水。",
    "市三防办提醒市民减少外出，注意防范城市内涝、山体滑坡等次生灾害。",
    "据统计，截至当日18时，全市共转移危险区域人员1200余人，未收到人员伤亡报告。",
]
HTML_BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def shell(head: str, body: str, title: str = "深圳发布今年首个暴雨预警_示例新闻网") -> bytes:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>".encode()


def test_json_ld_gives_date_and_person_authors_when_the_page_prints_none():
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "示例新闻网"},
            {
                "@type": "NewsArticle",
                "headline": "深圳发布今年首个暴雨预警",
                "datePublished": "2025-03-01T10:15:00+08:00",
                "author": [
                    {"@type": "Person", "name": "林小雨"},
                    {"@type": "Organization", "name": "示例新闻网"},
                ],
            },
        ],
    }
    page = shell(
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>', HTML_BODY
    )
    article = extract(page, URL)
    assert article.headline == "深圳发布今年首个暴雨预警"
    assert article.published_at == "2025-03-01T10:15:00+08:00"
    assert article.reporters == ["林小雨"]
    assert (
        article.extracted_by.items()
        >= {"headline": "json-ld", "published_at": "json-ld", "reporters": "json-ld"}.items()
    )


def test_meta_tags_give_date_source_and_author():
    head = (
        '<meta property="article:published_time" content="2025-03-01T02:15:00Z">'
        '<meta name="author" content="林小雨"><meta name="source" content="来源：深圳特区报">'
        '<meta property="og:title" content="深圳发布今年首个暴雨预警 | 示例新闻网">'
    )
    article = extract(shell(head, HTML_BODY, title="示例新闻网"), URL)
    assert article.published_at == "2025-03-01T10:15:00+08:00"
    assert article.reporters == ["林小雨"]
    assert article.source == "深圳特区报"
    assert article.headline == "深圳发布今年首个暴雨预警"
    assert article.extracted_by["published_at"] == "meta"
    assert article.extracted_by["headline"] == "meta"


def test_meta_author_that_is_the_site_is_not_a_reporter():
    head = '<meta name="author" content="示例新闻"><meta property="og:site_name" content="示例新闻">'
    article = extract(shell(head, "<h1>深圳发布今年首个暴雨预警</h1>" + HTML_BODY), URL)
    assert article.reporters == []


def test_printed_date_beats_a_meta_date_of_a_later_edit():
    head = '<meta property="article:published_time" content="2025-03-01T12:52:51+08:00">'
    body = (
        '<h1>深圳发布今年首个暴雨预警</h1><div class="info">2025年03月01日 10:04 来源：深圳特区报</div>'
        + HTML_BODY
    )
    article = extract(shell(head, body), URL)
    assert article.published_at == "2025-03-01T10:04:00+08:00"
    assert article.extracted_by["published_at"] == "pattern"


def test_year_missing_on_the_page_comes_from_meta():
    head = '<meta itemprop="dateUpdate" content="2019-10-08 12:00:57">'
    body = (
        "<h2>深圳发布今年首个暴雨预警</h2><div><span>发布时间：10-08</span><span>12:00</span></div>"
        + HTML_BODY
    )
    assert extract(shell(head, body), URL).published_at == "2019-10-08T12:00:00+08:00"


def test_next_data_state_when_the_dom_is_empty():
    state = {"props": {"pageProps": {"article": {
        "title": "深圳发布今年首个暴雨预警", "publishedAt": 1740795300000, "author": "记者 林小雨",
        "content": {"html": HTML_BODY}, "related": [{"title": "另一条新闻", "summary": "短"}],
    }}}}  # fmt: skip
    body = f'<div id="__next"></div><script id="__NEXT_DATA__" type="application/json">{json.dumps(state, ensure_ascii=False)}</script>'
    article = extract(shell("", body), URL)
    assert article.body == "\n".join(PARAGRAPHS)
    assert article.published_at == "2025-03-01T10:15:00+08:00"
    assert article.reporters == ["林小雨"]
    assert article.extracted_by["body"] == "state"


@pytest.mark.parametrize(
    "author",
    [{"name": "林小雨", "avatar": "/a.png"}, [{"nickname": "林小雨"}, {"nickname": "王大山"}], "林小雨"],
    ids=["object", "list", "string"],
)
def test_state_author_as_an_object_or_a_list(author):
    state = {"props": {"pageProps": {"article": {
        "title": "深圳发布今年首个暴雨预警", "publishedAt": 1740795300000, "author": author, "content": HTML_BODY,
    }}}}  # fmt: skip
    body = f'<div id="__next"></div><script id="__NEXT_DATA__" type="application/json">{json.dumps(state, ensure_ascii=False)}</script>'
    article = extract(shell("", body), URL)
    expected = ["林小雨", "王大山"] if isinstance(author, list) else ["林小雨"]
    assert article.reporters == expected and article.extracted_by["reporters"] == "state"


def test_state_with_content_parts_joins_them_in_order():
    parts = [{"type": "text", "data": f"<p>{p}</p>"} for p in PARAGRAPHS]
    state = {"docData": {"title": "深圳发布今年首个暴雨预警", "newsTime": "2025-03-01 10:15:00",
                         "contentData": {"contentList": parts}}}  # fmt: skip
    body = f"<div id='root'></div><script>var allData = {json.dumps(state, ensure_ascii=False)};</script>"
    article = extract(shell("", body), URL)
    assert article.body == "\n".join(PARAGRAPHS)
    assert article.published_at == "2025-03-01T10:15:00+08:00"


def test_script_epoch_variable_dates_a_page_that_prints_a_relative_date():
    body = (
        "<h2>深圳发布今年首个暴雨预警</h2><em>前天</em>"
        + HTML_BODY
        + '<script>var ct = "1740795300";</script>'
    )
    article = extract(shell("", body), URL)
    assert article.published_at == "2025-03-01T10:15:00+08:00"
    assert article.extracted_by["published_at"] == "script"


def test_article_id_from_a_numeric_url_of_any_site():
    assert extract(shell("", "<h1>深圳发布今年首个暴雨预警</h1>" + HTML_BODY), URL).article_id == "123456"


@pytest.mark.parametrize(
    "holder",
    [
        '<textarea class="article-content">{html}</textarea>',
        '<script type="text/template" id="tpl">{html}</script>',
        "<template>{html}</template>",
    ],
    ids=["textarea", "script-template", "template"],
)
def test_article_html_shipped_unrendered_for_scripts(holder):
    from html import escape

    html = escape(HTML_BODY) if holder.startswith("<textarea") else HTML_BODY
    body = (
        '<h1>深圳发布今年首个暴雨预警</h1><div class="time"></div>'
        + holder.format(html=html)
        + '<textarea class="editor">王颖</textarea><ul><li><a href="/1">另一条新闻的标题文字</a></li></ul>'
    )
    article = extract(shell('<meta name="publishdate" content="2025-03-01 10:15:00">', body), URL)
    assert article.body == "\n".join(PARAGRAPHS)
    assert article.extracted_by["body"] == "unrendered"
    assert article.published_at == "2025-03-01T10:15:00+08:00"
