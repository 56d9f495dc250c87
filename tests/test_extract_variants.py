"""Every markup variant of every article gives back the fields the article prints, and no chrome.

The articles are the two real seeds and two new texts; the variants are the sample site's templates. Each
runs twice: under a dutenews URL (the site profile applies) and under an unknown site's URL (only the
generic layers), which must agree on every value.
"""

from __future__ import annotations

import pytest

from newscrawl.extract import extract
from newscrawl.extract.dates import CHINA_TZ
from newscrawl.sample_site.seeds import SampleArticle
from newscrawl.sample_site.templates import NO_BYLINE_LINE, RELATED, SITE_CHROME, TEMPLATES, as_printed
from newscrawl.sample_site.texts import NEW_TEXTS

DUTENEWS = "https://www.dutenews.com/n/article/{id}"
ELSEWHERE = "https://news.example.cn/content/{id}.html"
# Paragraphs are separated by <br> alone here, so nothing in the markup says where a note of several
# paragraphs ends: the note is its first paragraph (it still stays whole at the head of the body).
FLAT_LAYOUTS = {"gbk_table", "flat_lines"}


@pytest.fixture(scope="module")
def articles(seeds: list[SampleArticle]) -> list[SampleArticle]:
    return [*seeds, *NEW_TEXTS]


def _chrome_lines(article: SampleArticle) -> list[str]:
    return [line for line in [*article.chrome, *SITE_CHROME, *RELATED] if len(line) >= 4]


@pytest.mark.parametrize("url_form", [DUTENEWS, ELSEWHERE], ids=["dutenews", "elsewhere"])
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_variant_gives_back_the_printed_fields(template, url_form, articles):
    for original in articles:
        sample = as_printed(template, original)
        article = extract(TEMPLATES[template](original), url_form.format(id=sample.id))
        assert article.headline == sample.headline
        assert article.published_at == sample.published.replace(tzinfo=CHINA_TZ).isoformat()
        assert article.reporters == sample.reporters
        assert [(e.role, e.name) for e in article.editors] == sample.editors
        assert article.editor_line == sample.editor_line  # as printed, without a button or brackets around it
        assert article.original_title == sample.original_title
        body = article.body.split("\n")
        captions = set(sample.captions.values())
        assert [p for p in body if p not in captions] == sample.body_paragraphs
        if sample.editor_note:
            expected_note = sample.editor_note[:1] if template in FLAT_LAYOUTS else sample.editor_note
            assert article.editor_note == "\n".join(expected_note)
        else:
            assert article.editor_note is None
        for line in _chrome_lines(sample):
            assert line not in article.body, f"chrome leaked into the body: {line}"
        assert article.byline == (None if template in NO_BYLINE_LINE else sample.byline)


def test_same_article_in_every_template_has_one_content_hash(articles):
    for sample in articles:
        hashes = {
            name: extract(render(sample), DUTENEWS.format(id=sample.id)).content_hash
            for name, render in TEMPLATES.items()
            # Captions may stay in the body, and a dateline opens the text: those bodies differ on purpose.
            if name not in ("captions_box", "dateline_lead")
        }
        assert len(set(hashes.values())) == 1, hashes


def test_dutenews_profile_decides_what_it_knows(seed_004):
    article = extract(TEMPLATES["desktop"](seed_004), DUTENEWS.format(id=seed_004.id))
    assert article.extracted_by["headline"] == "profile:dutenews"  # the " - 读特" title suffix
    assert article.extracted_by["reporters"] == "profile:dutenews"  # a 深圳特区报 byline
    assert article.extracted_by["published_at"] == "profile:dutenews"  # the site's date line
    assert article.extracted_by["article_id"] == "profile:dutenews"
    assert article.extracted_by["body"] == "density"
    assert article.article_id == str(seed_004.id)


def test_generic_layers_name_themselves_off_the_profile(seed_004):
    article = extract(TEMPLATES["desktop"](seed_004), ELSEWHERE.format(id=seed_004.id))
    assert not any(layer and layer.startswith("profile:") for layer in article.extracted_by.values())
    assert article.extracted_by["headline"] == "heading"
    assert article.extracted_by["reporters"] == "pattern"
    assert article.extracted_by["published_at"] == "pattern"


def test_spa_shell_article_comes_from_state_json():
    sample = NEW_TEXTS[0]  # its byline is only in the state's author field, not in the content HTML
    article = extract(TEMPLATES["spa"](sample), ELSEWHERE.format(id=sample.id))
    assert article.extracted_by["body"] == "state"
    assert article.extracted_by["published_at"] == "state"
    assert article.extracted_by["reporters"] == "state"
    assert article.reporters == ["李晓", "王敏", "张华"]


def test_json_ld_decides_headline_off_the_profile(seed_004):
    article = extract(TEMPLATES["jsonld"](seed_004), ELSEWHERE.format(id=seed_004.id))
    assert article.extracted_by["headline"] == "json-ld"


def test_title_only_page_strips_the_site_suffix(seed_004):
    page = TEMPLATES["title_only"](seed_004)
    assert b"<h1" not in page and b"<h2" not in page
    assert extract(page, ELSEWHERE.format(id=seed_004.id)).extracted_by["headline"] == "title"
    assert extract(page, DUTENEWS.format(id=seed_004.id)).extracted_by["headline"] == "profile:dutenews"


def test_gbk_page_decodes_from_bytes(seed_004):
    page = TEMPLATES["gbk_table"](seed_004)
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    assert extract(page, ELSEWHERE.format(id=seed_004.id)).headline == seed_004.headline


def test_inline_recommend_box_goes_and_the_text_after_it_stays(seed_004):
    page = TEMPLATES["captions_box"](seed_004)
    body = extract(page, DUTENEWS.format(id=seed_004.id)).body
    middle = len(seed_004.paragraphs) // 2
    assert seed_004.paragraphs[middle - 1] in body and seed_004.paragraphs[middle] in body
    assert "推荐阅读" not in body and not any(title in body for title in RELATED)


def test_glued_editor_line_splits_roles_and_author_line_names_reporters(seed_004):
    article = extract(TEMPLATES["glued_credits"](seed_004), DUTENEWS.format(id=seed_004.id))
    assert [(e.role, e.name) for e in article.editors] == [
        ("编辑", "刘彦"), ("审读", "韩绍俊"), ("审核", "张雪松"), ("审核", "李林夕"),
    ]  # fmt: skip
    assert article.reporters == ["杨明铭", "方慕冰"]
    assert article.editor_line == seed_004.editor_line
    assert "(作者" not in article.body and "编辑" not in article.body.split("\n")[-1]


def test_ctmedia_piece_is_marked_as_shenzhen_hao():
    sample = NEW_TEXTS[1]
    article = extract(TEMPLATES["desktop"](sample), f"https://www.dutenews.com/n/ctmedia/{sample.id}")
    assert article.channel == "深圳号"
    assert article.article_id == str(sample.id)


_TOOLS_PAGE = (
    "<html><head><title>{title} - 某市日报</title></head><body><table>"
    '<tr><td><a href="/">首页</a> | <a href="/a">要闻</a></td></tr><tr><td>{title}</td></tr>'
    "<tr><td>发布时间：2025/3/5 7:28:00&nbsp;&nbsp;来源：某市日报&nbsp;&nbsp;作者：孙丽 周涛&nbsp;&nbsp;阅读 1.2万</td></tr>"
    "<tr><td>{paragraphs}</td></tr><tr><td>{credits}</td></tr></table></body></html>"
)


@pytest.mark.parametrize(
    ("credits", "editors"),
    [
        ("【责任编辑：黄河】 【打印本页】 【关闭窗口】", [("责任编辑", "黄河")]),
        ('<a href="#">纠错</a> 【责编：李华、张强】', [("责编", "李华"), ("责编", "张强")]),
        ("【打印本页】 【关闭窗口】", []),
    ],
)
def test_editor_line_among_page_tools(seed_004, credits, editors):
    paragraphs = "<br><br>".join(seed_004.body_paragraphs[:4] + ["以上内容仅供参考。（责编：李华）"])
    page = _TOOLS_PAGE.format(title=seed_004.headline, paragraphs=paragraphs, credits=credits)
    article = extract(page.encode(), ELSEWHERE.format(id=seed_004.id))
    # The credit closing the last paragraph comes first: the walk meets it before the lines after the text.
    assert [(e.role, e.name) for e in article.editors] == list(dict.fromkeys([("责编", "李华"), *editors]))
    assert article.published_at == "2025-03-05T07:28:00+08:00" and article.reporters == ["孙丽", "周涛"]
    assert article.byline == "孙丽 周涛" and article.source == "某市日报"  # the credit, not its whole line
    # The text ends with its last sentence: the credit in brackets after it leaves, and so do the page tools.
    assert article.body.split("\n")[-1] == "以上内容仅供参考。"
    assert "打印本页" not in article.body and "纠错" not in article.body


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("https://www.sznews.com/news/content/2025-03/10/content_31000001.htm", "2025-03-10"),
        ("https://www.gov.cn/zhengce/202503/t20250310_123.html", "2025-03-10"),
        ("https://news.example.cn/a/20250310/123456.html", "2025-03-10"),
        ("https://news.example.cn/content/10600191.html", None),  # an id, not a date
    ],
)
def test_a_page_that_dates_nothing_takes_the_day_its_url_files_it_under(seed_004, url, published):
    paragraphs = "".join(f"<p>{p}</p>" for p in seed_004.paragraphs[:3])
    page = f"<html><head><title>{seed_004.headline}</title></head><body><h1>{seed_004.headline}</h1>{paragraphs}</body></html>"
    article = extract(page.encode(), url)
    assert article.published_at == published
    assert article.extracted_by["published_at"] == ("url" if published else None)


def test_the_sites_today_bar_over_the_headline_is_not_the_date(seed_004):
    paragraphs = "".join(f"<p>{p}</p>" for p in seed_004.paragraphs[:3])
    page = (
        f"<html><head><title>{seed_004.headline}</title></head><body><div class='top'>2025年11月25日 星期二</div>"
        f"<h1>{seed_004.headline}</h1>{paragraphs}</body></html>"
    )
    assert extract(page.encode(), "https://news.example.cn/content/1.html").published_at is None
    dated = page.replace("2025年11月25日 星期二", "2025-03-05 07:28 来源：某市日报")
    assert (
        extract(dated.encode(), "https://news.example.cn/content/1.html").published_at
        == "2025-03-05T07:28:00+08:00"
    )


def test_a_source_line_dates_the_piece(seed_004):
    paragraphs = "".join(f"<p>{p}</p>" for p in seed_004.paragraphs[:3])
    page = (
        f"<html><head><title>{seed_004.headline}_新闻频道</title></head><body><div class='cnt'>"
        f"<h1>{seed_004.headline}</h1><span>来源：<i>某某新闻客户端</i> | 2025年03月09日 19:32</span>"
        f"{paragraphs}</div></body></html>"
    )
    article = extract(page.encode(), "https://news.example.cn/2025/03/01/ARTI123.shtml")
    assert article.published_at == "2025-03-09T19:32:00+08:00" and article.source == "某某新闻客户端"
    assert article.extracted_by["published_at"] == "pattern"  # the printed minute, not the URL's day
