"""One test per field resolver: a page on which that resolver, and no earlier one, decides the field, and
the layer it records in extracted_by."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from newscrawl.extract import NotAnArticle, extract, fields
from newscrawl.extract.dates import CHINA_TZ

TEXT = (
    "<p>13日上午，市交通运输局召开新闻发布会，通报今年一季度全市公共交通运行情况。</p>"
    "<p>据介绍，一季度全市公交日均客运量达到312万人次，同比增长8.6%，地铁日均客运量同比增长11.2%。</p>"
    "<p>下一步，市交通运输局将继续优化线网布局，在新建住宅区增开接驳线路，方便市民出行。</p>"
)
HEADLINE = "一季度全市公交日均客运量312万人次"
URL = "https://news.example.cn/content/12345.html"


def make(
    head: str = "", top: str = "", info: str = "", title: str = f"{HEADLINE}_某市新闻网", text: str = TEXT
):
    return (
        f"<html><head><title>{title}</title>{head}</head><body><div class='nav'><a href='/'>首页</a></div>"
        f"{top}<div class='info'>{info}</div><div class='content'>{text}</div></body></html>"
    ).encode()


def ld(**fields_) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", **fields_})}</script>'


# --- headline --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "url", "headline", "layer"),
    [
        (
            make(title=f"{HEADLINE} - 读特"),
            "https://www.dutenews.com/n/article/10668001",
            HEADLINE,
            "profile:dutenews",
        ),
        (make(head=ld(headline=HEADLINE)), URL, HEADLINE, "json-ld"),
        (make(top=f"<h1>{HEADLINE}</h1>"), URL, HEADLINE, "heading"),  # a heading the <title> contains
        (
            make(head=f'<meta property="og:title" content="{HEADLINE}_IN视频_读特">', title="读特"),
            URL,
            HEADLINE,
            "meta",
        ),
        (make(title=f"{HEADLINE}_IN视频_读特"), URL, HEADLINE, "title"),  # channel and site parts go
        (
            make(title="新闻中心", top=f"<h1>{HEADLINE}</h1>"),
            URL,
            HEADLINE,
            "heading",
        ),  # the title is the site
    ],
)
def test_each_headline_resolver(page, url, headline, layer):
    article = extract(page, url)
    assert (article.headline, article.extracted_by["headline"]) == (headline, layer)


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        (
            "新华视界｜河北遵化：数字农机服务助力农业生产-新华网河北频道-新华网",
            "新华视界｜河北遵化：数字农机服务助力农业生产",
        ),
        ("读特 | 深圳发布新政", "深圳发布新政"),
        ("中法经贸合作广度深度不断拓展_中国_法国_全球", "中法经贸合作广度深度不断拓展"),
        ("在新时代中部地区崛起中争先出彩--经济·科技--人民网", "在新时代中部地区崛起中争先出彩"),
        ("2024-2025赛季CBA联赛今晚揭幕", "2024-2025赛季CBA联赛今晚揭幕"),
    ],
)
def test_title_parts_that_name_the_site_or_a_channel_go(title, headline):
    assert fields.strip_site_parts(title) == headline


def test_og_site_name_is_dropped_from_either_end():
    assert fields.strip_site_parts("某某视界 | 标题在这里", ("某某视界",)) == "标题在这里"


# --- publication date ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "url", "published", "layer"),
    [
        (make(info="2024-05-13 10:20 来源：某市日报"), URL, "2024-05-13T10:20:00+08:00", "pattern"),
        (make(head=ld(datePublished="2024-05-13T10:20:00+08:00")), URL, "2024-05-13T10:20:00+08:00", "json-ld"),
        (make(head='<meta property="article:published_time" content="2024-05-13 10:20">'), URL,
         "2024-05-13T10:20:00+08:00", "meta"),
        (make(head="<script>var ct = 1715566800;</script>"), URL, "2024-05-13T10:20:00+08:00", "script"),
        (make(top="<div>2024-05-13 10:20 来源：新华网</div>", info=""), URL, "2024-05-13T10:20:00+08:00", "pattern"),
        (make(), "https://news.example.cn/2024-05/13/content_1.htm", "2024-05-13", "url"),
    ],
)  # fmt: skip
def test_each_date_resolver(page, url, published, layer):
    article = extract(page, url)
    assert (article.published_at, article.extracted_by["published_at"]) == (published, layer)


def test_a_relative_date_counts_back_from_the_fetch():
    fetched = datetime(2024, 5, 13, 12, 0, tzinfo=CHINA_TZ)
    article = extract(make(info="3小时前 来源：某市日报"), URL, fetched_at=fetched)
    assert (article.published_at, article.extracted_by["published_at"]) == (
        "2024-05-13T09:00:00+08:00",
        "relative",
    )
    assert extract(make(info="3小时前 来源：某市日报"), URL).published_at is None  # no fetch time, no date
    timed = make(info="3小时前", head=ld(datePublished="2024-05-13T08:58:00+08:00"))
    assert extract(timed, URL, fetched_at=fetched).extracted_by["published_at"] == "json-ld"


# --- reporters, editors, source, account -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "url", "layer"),
    [
        (make(info="深圳特区报记者 张明 2024-05-13 10:20"), "https://www.dutenews.com/n/article/10668001",
         "profile:dutenews"),
        (make(info="记者 张明 2024-05-13 10:20"), URL, "pattern"),
        (make(head=ld(author={"@type": "Person", "name": "张明"})), URL, "json-ld"),
        (make(head='<meta name="author" content="张明">'), URL, "meta"),
    ],
)  # fmt: skip
def test_each_reporter_resolver(page, url, layer):
    article = extract(page, url)
    assert (article.reporters, article.extracted_by["reporters"]) == (["张明"], layer)


def test_reporters_from_every_printed_credit_in_order():
    text = "<p>本报讯（记者 张明）" + TEXT[3:-4] + "（李华）</p>"
    article = extract(make(text=text), URL)
    assert article.reporters == ["张明", "李华"]


def test_app_state_authors_are_reporters():
    state = {"article": {"title": HEADLINE, "author": "张明", "content": TEXT * 2}}
    page = make(
        text="",
        head="",
        top=f"<script>window.__INITIAL_STATE__ = {json.dumps(state, ensure_ascii=False)};</script>",
    )
    article = extract(page, URL)
    assert (article.reporters, article.extracted_by["reporters"]) == (["张明"], "state")


def test_editors_source_and_account_resolvers():
    article = extract(make(info="2024-05-13 10:20 来源：某市日报", text=TEXT + "<p>责任编辑：王五</p>"), URL)
    assert [(e.role, e.name) for e in article.editors] == [("责任编辑", "王五")]
    assert (article.source, article.extracted_by["source"]) == ("某市日报", "pattern")
    meta = extract(make(head='<meta name="source" content="某市晚报">'), URL)
    assert (meta.source, meta.extracted_by["source"]) == ("某市晚报", "meta")
    outlet = extract(make(info="作者：新京报"), URL)
    assert (outlet.reporters, outlet.source, outlet.account) == ([], "新京报", "新京报")
    slot = extract(make(info="华夏人文 2024-05-13 10:20"), URL)
    assert (slot.account, slot.extracted_by["account"]) == ("华夏人文", "pattern")


# --- body, id, refusals ------------------------------------------------------------------------------------


def test_body_and_id_resolvers():
    article = extract(make(), URL)
    assert article.extracted_by["body"] == "density" and article.body.count("\n") == 2
    assert (article.article_id, article.extracted_by["article_id"]) == ("12345", "url")
    dutenews = extract(make(), "https://m.dutenews.com/n/article/10668001")
    assert (dutenews.article_id, dutenews.extracted_by["article_id"]) == ("10668001", "profile:dutenews")


LIST_ITEMS = "".join(
    f"<li><a href='/n/{i}'>第{i}条新闻的标题写在这里</a> 一句摘要，说明这条新闻讲了什么。 2024-05-{i:02d}</li>"
    for i in range(1, 13)
)


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        (make(text=f"<ul>{LIST_ITEMS}</ul>", title="本地新闻_某市新闻网"), "listing"),
        (make(text="<p>抱歉，您访问的页面不存在或已被删除</p>", title="某市新闻网"), "removed"),
        (make(text="<p>该内容已被发布者删除</p>", title="某市新闻网"), "removed"),
        (make(text="<video src='/v/1.mp4'></video><p>视频：市民在公园晨练。</p>"), "video"),
    ],
)
def test_non_articles_are_refused_with_their_kind(page, kind):
    with pytest.raises(NotAnArticle) as refusal:
        extract(page, URL)
    assert refusal.value.kind == kind


def test_a_headline_that_is_the_removal_notice():
    page = make(top="<h1>该文章已删除</h1>", text="<p>5秒后自动跳转到首页</p>", title="提示信息")
    with pytest.raises(NotAnArticle) as refusal:
        extract(page, URL)
    assert refusal.value.kind == "removed"
    # News of a removal is news: "涉事视频已被平台删除" over a short piece.
    news = "<p>记者12日从市网信办获悉，网传的涉事视频已被平台删除，相关账号已被依法处置。</p>"
    article = extract(
        make(top="<h1>涉事视频已被平台删除</h1>", text=news, title="涉事视频已被平台删除_某市新闻网"), URL
    )
    assert article.headline == "涉事视频已被平台删除"


def test_a_removed_comment_under_a_short_article_does_not_refuse_it():
    text = TEXT[: TEXT.index("</p>") + 4] + "<div class='comments'><p>该评论已被删除</p></div>"
    assert extract(make(text=text), URL).headline


def test_a_column_that_opens_with_the_site_name_stays():
    """A leading part that is the site's name goes; one that says more ("某某独家｜…") is a column."""
    assert fields.strip_site_parts("某某独家｜标题在这里_某某", ("某某",)) == "某某独家｜标题在这里"
    assert fields.strip_site_parts("某某 | 标题在这里", ("某某",)) == "标题在这里"


@pytest.mark.parametrize(
    "url",
    [
        "http://search.example.cn/search?q=%E5%A4%8D",
        "https://www.example.com/s?wd=abc",
        "http://www.example.gov.cn/was5/web/search?searchword=abc&channelid=1",
    ],
)
def test_a_search_results_page_is_no_article(url):
    from tests.test_credits import page

    with pytest.raises(NotAnArticle) as refused:
        extract(page(), url)
    assert refused.value.kind == "listing"


def test_an_editor_named_only_in_a_meta_tag():
    article = extract(make(head='<meta name="editor" content="黄海燕">'), URL)
    assert [(e.role, e.name) for e in article.editors] == [("编辑", "黄海燕")]
    assert article.extracted_by["editors"] == "meta"
    # A tool's name in the tag names no editor; an editor line printed on the page comes first.
    assert extract(make(head='<meta name="editor" content="Dreamweaver">'), URL).editors == []
    printed = extract(
        make(head='<meta name="editor" content="黄海燕">', text=TEXT + "<p>责任编辑：刘洋</p>"), URL
    )
    assert [e.name for e in printed.editors] == ["刘洋"]


_CARD = (
    '<div class="sidebar"><div class="author-card"><img src="/a.jpg"><a class="name" href="/u/1">林致远</a>'
    '<p>钛媒体作者</p><a href="/f">关注</a></div>'
    '<div class="hot-authors"><h3>热门作者</h3><ul><li><a>张远</a></li><li><a>刘岩</a></li></ul></div></div>'
)


def test_an_author_card_beside_the_text_when_nothing_else_names_the_reporters():
    article = extract(make(text=TEXT + _CARD), URL)
    assert article.reporters == ["林致远"] and article.extracted_by["reporters"] == "card"
    # A byline printed over the text comes first; a list of authors is no card of this piece's.
    assert extract(make(info="记者 王晓明", text=TEXT + _CARD), URL).reporters == ["王晓明"]
    for hot in (
        '<div class="hot-authors"><ul><li class="author-item"><a>张远</a></li></ul></div>',
        '<div class="rank-box"><ul><li class="author-item"><a>张远</a></li></ul></div>',
    ):
        assert extract(make(text=TEXT + hot), URL).reporters == []


def test_a_title_classed_by_a_glued_word_over_the_text():
    page = make(
        top='<div class="ptitle">乡村教师周转宿舍建设三年新增床位12万张</div>', title="打印本页--某市新闻网"
    )
    assert extract(page, URL).headline == "乡村教师周转宿舍建设三年新增床位12万张"
    sub = make(top='<div class="subtitle">——记乡村教师周转宿舍建设</div>', title="某市新闻网")
    assert extract(sub, URL).headline != "——记乡村教师周转宿舍建设"


def test_the_minute_after_the_print_editions_date_on_one_line():
    info = "作者：本报记者 张婷 来源：《某市日报》2013年5月20日第3版 发布时间：2013-05-20 08:36"
    assert extract(make(info=info), URL).published_at == "2013-05-20T08:36:00+08:00"


def test_an_info_row_of_spans_names_its_author_and_its_editor():
    info = '<span class="news-author">故渊</span><span class="news-time">2023/1/17 10:28:45</span><span>IT之家</span><span>责编：陈晨</span>'
    article = extract(make(info=info), URL)
    assert article.reporters == ["故渊"] and [e.name for e in article.editors] == ["陈晨"]


def test_the_minute_of_a_time_element_when_the_page_prints_no_year():
    info = '<time datetime="2022-11-03T08:30:00+08:00">11月3日 08:30</time>'
    article = extract(make(info=info), "https://news.example.cn/article/7788123.html")
    assert article.published_at == "2022-11-03T08:30:00+08:00"


def test_a_byline_beside_the_reporters_address():
    assert extract(make(info="林子恒 报道 lzh@example.com.sg"), URL).reporters == ["林子恒"]


def test_text_a_script_reveals_is_text():
    """WeChat holds #js_content back with visibility:hidden until a script shows it."""
    page = make(text=f'<div id="js_content" style="visibility: hidden;">{TEXT}</div>')
    assert extract(page, URL).body
    hidden = make(text=TEXT + '<div style="display:none"><p>隐藏的推广文字不是正文的一部分。</p></div>')
    assert "隐藏的推广" not in extract(hidden, URL).body


def test_a_generic_title_of_the_papers_name_and_an_english_tag():
    page = make(top="<h1><font>港鐵沙中綫土瓜灣站發現宋代古井</font></h1>", title="每日明報 daily news")
    assert extract(page, URL).headline == "港鐵沙中綫土瓜灣站發現宋代古井"


def test_a_content_type_tag_is_no_part_of_the_headline():
    page = make(
        top="<h1><span>[视频]</span>春耕备耕有序推进 农资供应总体充足</h1>",
        title="[视频]春耕备耕有序推进 农资供应总体充足_某市新闻网",
    )
    assert extract(page, URL).headline == "春耕备耕有序推进 农资供应总体充足"
    column = make(top="<h1>【聚焦】春耕备耕有序推进</h1>", title="【聚焦】春耕备耕有序推进_某市新闻网")
    assert extract(column, URL).headline == "【聚焦】春耕备耕有序推进"  # a column's tag stays


def test_a_portals_table_of_label_cells_dates_the_publication():
    table = "<table><tr><td>发文日期：</td><td>2013-07-05</td></tr><tr><td>发布日期：</td><td>2013-07-10</td></tr></table>"
    assert extract(make(top=table + f"<h1>{HEADLINE}</h1>"), URL).published_at == "2013-07-10"


_STATE_PAGE = (
    "<html><head><title>央视新闻</title></head><body><div id='app'></div><script>window.__INITIAL_STATE__ = "
    + json.dumps(
        {
            "detail": {
                "title": "春耕备耕有序推进 农资供应总体充足",
                "published_at": "2023-03-02 11:20:35",
                "editor_info": "编辑：胡雅楠　责任编辑：刘亮",
                "content": "".join(
                    f"<p>{p}</p>"
                    for p in ["各地抓住有利时机，加快春耕备耕进度，农资供应总体充足，价格基本稳定。"] * 4
                ),
            }
        },
        ensure_ascii=False,
    )
    + ";</script></body></html>"
)


def test_an_app_share_pages_headline_date_and_editors_in_its_state():
    article = extract(_STATE_PAGE.encode(), URL)
    assert (
        article.headline == "春耕备耕有序推进 农资供应总体充足"
        and article.extracted_by["headline"] == "state"
    )
    assert article.published_at == "2023-03-02T11:20:35+08:00"
    assert [e.name for e in article.editors] == ["胡雅楠", "刘亮"]


def test_an_author_marked_by_a_trackers_attribute():
    info = '<span bosszone="jgname">中国新闻网</span> <span bosszone="author">曾鼐</span> 2014年03月05日08:12'
    assert extract(make(info=info), URL).reporters == ["曾鼐"]


def test_a_sites_name_before_the_headline_by_a_bare_hyphen():
    assert fields.strip_site_parts("宁波日报数字报-甬城简讯") == "甬城简讯"
    assert fields.strip_site_parts("G20-杭州峰会开幕") == "G20-杭州峰会开幕"  # not a site's name


def test_paragraphs_each_in_a_wrapper_of_their_own_are_one_text():
    wrapped = "".join(
        f'<div class="dpu8C"><div class="_3ygOc">{p}</div></div>'
        for p in [
            "6月11日，记者从北京市民政局获悉，全市首批60家社区食堂已完成试点建设并陆续开门营业。",
            "记者在朝阳区一家社区食堂看到，中午11点刚过，前来就餐的老人就排起了队，一荤两素加一碗米饭只需12元。",
            "市民政局有关负责人介绍，下一步将推动社区食堂与养老驿站的送餐服务衔接，为行动不便的老人提供上门送餐。",
        ]
    )
    body = extract(make(text=f'<div class="article">{wrapped}</div>'), URL).body.split("\n")
    assert body[0].startswith("6月11日") and body[-1].endswith("提供上门送餐。")


def test_wechats_container_whatever_its_sections():
    first = "<section><p>这两天，杭州气温回升，各大公园的梅花进入盛花期，不少市民趁着周末带着家人前来踏青。</p></section>"
    rest = "<section><section>" + TEXT + "</section></section>"
    page = make(text=f'<div id="js_content" style="visibility: hidden;">{first}{rest}</div>')
    assert extract(page, "https://mp.weixin.qq.com/s/abc").body.startswith("这两天，杭州气温回升")


def test_another_storys_item_after_the_text_credits_nobody_here():
    after = '<ul><li><a href="/a/1.html">记者手记：羌塘无人区里的守护者</a> 中新网记者 江飞波</li></ul>'
    article = extract(make(info="记者 赵朗", text=TEXT + after), URL)
    assert article.reporters == ["赵朗"]


def test_the_minute_in_a_scripts_data():
    page = make(info="03/15", head='<script>window.DATA = {"pubtime": "2021-03-15 10:33:08"};</script>')
    assert (
        extract(page, "https://new.qq.com/rain/a/20210315A0ABCD00").published_at
        == "2021-03-15T10:33:08+08:00"
    )
