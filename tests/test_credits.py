"""Credits wherever Chinese newsrooms print them: each position, each role word, each separator, each
precision rule, on pages written here in shapes of their own (not the real pages the extractor is scored
on), so that a rule that only fits one page fails here."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract, newsroom
from newscrawl.extract.newsroom import (
    closing_credit,
    dateline_reporters,
    is_person,
    parse_credit_line,
    parse_editor_line,
    read_byline,
)

URL = "https://news.example.cn/2024/0513/c1001-4023.html"
TEXT = [
    "13日上午，市交通运输局召开新闻发布会，通报今年一季度全市公共交通运行情况。",
    "据介绍，一季度全市公交日均客运量达到312万人次，同比增长8.6%，地铁日均客运量同比增长11.2%。",
    "下一步，市交通运输局将继续优化线网布局，在新建住宅区增开接驳线路，方便市民出行。",
]


def page(
    *,
    over: str = "",
    text: list[str] | None = None,
    after: str = "",
    head: str = "",
    title: str = "一季度全市公交日均客运量312万人次_某市新闻网",
) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in (text or TEXT))
    return (
        f"<html><head><title>{title}</title>{head}</head><body>"
        '<div class="nav"><a href="/">首页</a> <a href="/a">本地</a> <a href="/b">国内</a></div>'
        '<div class="main"><h1>一季度全市公交日均客运量312万人次</h1>'
        f'<div class="info">2024-05-13 10:20 {over}</div><div class="content">{paragraphs}</div>'
        f'<div class="end">{after}</div></div>'
        '<div class="foot"><p>版权所有 某市新闻网 ICP备12345678号</p></div></body></html>'
    ).encode()


def extracted(**parts):
    return extract(page(**parts), URL)


# --- each position -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "names"),
    [
        ("记者 张明 通讯员 李华", ["张明", "李华"]),
        ("本报记者 王乐文 方 敏", ["王乐文", "方敏"]),  # a two-character name padded to three
        ("来源：某市日报 作者：孙丽、周涛", ["孙丽", "周涛"]),  # labelled spans on the date line
        ("某市日报作者：孙丽", ["孙丽"]),
    ],
)
def test_credit_over_the_text(over, names):
    article = extracted(over=over)
    assert article.reporters == names
    assert article.body.split("\n") == TEXT


@pytest.mark.parametrize(
    ("lead", "names"),
    [
        ("本报讯（记者 张明 通讯员 李华）", ["张明", "李华"]),
        ("新华社北京5月12日电（记者戴小河、印朋）", ["戴小河", "印朋"]),
        ("新华社上海6月1日电（王晓明）", ["王晓明"]),  # a wire's bare names after 电
        ("中新网北京5月12日电 (记者 刘青)", ["刘青"]),
        ("东方网记者曹磊5月13日报道：", ["曹磊"]),
    ],
)
def test_credit_in_the_lead_of_the_first_paragraph(lead, names):
    text = [lead + TEXT[0], *TEXT[1:]]
    article = extracted(text=text)
    assert article.reporters == names
    assert article.body.split("\n")[0] == text[0]  # the dateline is the first paragraph's, as printed


@pytest.mark.parametrize(
    ("closing", "names", "account"),
    [
        ("（记者 张明 李华）", ["张明", "李华"], None),
        ("（张巨峰）", ["张巨峰"], None),  # a bare name in brackets: the reporter
        ("（本报记者 王五）", ["王五"], None),
        ("（总台央视记者 奚丹霓 张赛）", ["奚丹霓", "张赛"], None),
        ("（作者：张三，系某大学教授）", ["张三"], None),  # the writer, and who the writer is
        ("（经济日报评论员）", [], "经济日报"),  # the outlet's commentator: no person
        ("（完）", [], None),
    ],
)
def test_credit_closing_the_last_paragraph(closing, names, account):
    article = extracted(text=[*TEXT[:-1], TEXT[-1] + closing])
    assert article.reporters == names
    assert article.body.split("\n")[-1] == TEXT[-1]  # the body ends with the text's last sentence
    assert article.account == account


@pytest.mark.parametrize(
    ("closing", "names", "editors", "source", "note"),
    [
        ("【记者 王晓明】", ["王晓明"], [], None, None),  # square brackets
        ("[责任编辑：陈晨]", [], ["陈晨"], None, None),
        ("记者 王晓明", ["王晓明"], [], None, None),  # run on after the last sentence, opening with its role
        ("　　记者：王晓明", ["王晓明"], [], None, None),
        ("□王晓明", ["王晓明"], [], None, None),  # a byline's mark
        ("记者/王晓明", ["王晓明"], [], None, None),
        ("编辑：陈晨", [], ["陈晨"], None, None),
        ("（来源：人民日报）", [], [], "人民日报", None),  # where the copy comes from
        ("（本报综合）", [], [], None, None),
        ("（文中人物均为化名）", [], [], None, "（文中人物均为化名）"),  # a note on the text
        ("（作者为深圳大学教授）", [], [], None, "（作者为深圳大学教授）"),
    ],
)
def test_more_credits_closing_the_last_paragraph(closing, names, editors, source, note):
    article = extracted(text=[*TEXT[:-1], TEXT[-1] + closing])
    assert article.reporters == names and [e.name for e in article.editors] == editors
    assert article.body.split("\n")[-1] == TEXT[-1]
    if source:
        assert article.source == source
    if note:
        assert note in article.notes


@pytest.mark.parametrize("closing", ["他说", "（约合人民币100元）", "（见图）", "王晓明说", "记者看到"])
def test_prose_closing_the_last_paragraph_stays(closing):
    assert extracted(text=[*TEXT[:-1], TEXT[-1] + closing]).body.split("\n")[-1] == TEXT[-1] + closing


def test_an_original_title_closing_the_last_paragraph():
    article = extracted(text=[*TEXT[:-1], TEXT[-1] + "（原标题：全市新开通公交线路）"])
    assert article.original_title == "全市新开通公交线路" and article.body.split("\n")[-1] == TEXT[-1]


@pytest.mark.parametrize(
    ("after", "names", "editors"),
    [
        ("<p>（总台央视记者 奚丹霓 张赛）</p><p>责任编辑：刘光博</p>", ["奚丹霓", "张赛"], ["刘光博"]),
        ("<p>新京报记者 陆一夫 编辑 刘晓阳 校对 李铭</p>", ["陆一夫"], ["刘晓阳", "李铭"]),
        ("<p>[作者: 刘满仓 责任编辑: 杨丹宇 ]</p>", ["刘满仓"], ["杨丹宇"]),
        ("<p>（本文来源：经济日报 作者：某研究院研究员徐占忱）返回搜狐，查看更多</p>", ["徐占忱"], []),
        ("<p>来源：IT之家作者：骑士责编：骑士</p>", ["骑士"], ["骑士"]),
        (
            "<p>（作者韩涵系政邦智库研究员）</p><p>总监制：邹 明</p><p>监 制：高明勇</p>",
            ["韩涵"],
            ["邹明", "高明勇"],
        ),
    ],
)
def test_credit_on_lines_after_the_text(after, names, editors):
    article = extracted(text=list(TEXT), after=after)
    assert article.reporters == names
    assert [e.name for e in article.editors] == editors
    assert article.body.split("\n") == TEXT


@pytest.mark.parametrize(
    ("after", "names", "editors", "source"),
    [
        ("<p>—— 王晓明</p>", ["王晓明"], [], None),  # a writer signing off
        ("<p>责任编辑：刘光博</p>", [], ["刘光博"], None),  # a name alone here is a sidebar's as likely: no
        ("<p>统筹：陈晨 采写：王晓明 李华</p>", ["王晓明", "李华"], ["陈晨"], None),
        (  # a repost's provenance, then the platform's notices
            "<p>本文来自微信公众号：县域商业观察（ID：xianyu_biz），作者：周超臣</p>"
            "<p>*文章为作者独立观点，不代表虎嗅网立场</p><p>本文由县域商业观察授权虎嗅网发表，并经虎嗅网编辑。</p>",
            ["周超臣"],
            [],
            "县域商业观察",
        ),
    ],
)
def test_sign_offs_provenance_and_mixed_roles_after_the_text(after, names, editors, source):
    article = extracted(text=list(TEXT), after=after)
    assert article.reporters == names
    assert [e.name for e in article.editors] == editors
    assert article.body.split("\n") == TEXT
    if source:
        assert article.source == source


def test_a_name_alone_closing_the_text_signs_it():
    article = extracted(text=[*TEXT, "王晓明"], after="<p>责任编辑：刘光博</p>")
    assert article.reporters == ["王晓明"] and article.body.split("\n") == TEXT
    assert extracted(text=[*TEXT, "谢谢你"]).reporters == []


def test_credit_in_a_meta_tag_and_in_json_ld():
    meta = extracted(head='<meta name="author" content="张明 李华">')
    assert meta.reporters == ["张明", "李华"] and meta.extracted_by["reporters"] == "meta"
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"王五"}]}</script>'
    assert extracted(head=ld).reporters == ["王五"]


# --- role words, separators, affiliations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("记者 张三", ["张三"]),
        ("见习记者 张三", ["张三"]),
        ("首席记者 张三", ["张三"]),
        ("特约记者 张三", ["张三"]),
        ("实习生 张三", ["张三"]),
        ("通讯员 张三", ["张三"]),
        ("文/张三", ["张三"]),
        ("文丨张三", ["张三"]),
        ("文︱张三", ["张三"]),
        ("文/图 张三", ["张三"]),
        ("采写：张三", ["张三"]),
        ("撰文：张三", ["张三"]),
        ("作者：张三", ["张三"]),
        ("作者︱张三", ["张三"]),
        ("特约评论员 张三", ["张三"]),
        ("张三 编译", ["张三"]),
        ("张三编译 某某研究", ["张三"]),
        ("李四/文", ["李四"]),
        ("记者 张三 李四 报道", ["张三", "李四"]),
        ("新闻发言人 武平", ["武平"]),
    ],
)
def test_each_role_word_credits_the_names(line, names):
    assert read_byline(line).names == names


@pytest.mark.parametrize(
    "line",
    [
        "记者 张三 李四",
        "记者 张三、李四",
        "记者 张三，李四",
        "记者：张三/李四",
        "记者 张三|李四",
        "记者：张三 李四",
    ],
)
def test_each_separator_between_names(line):
    assert read_byline(line).names == ["张三", "李四"]


@pytest.mark.parametrize(
    "line",
    [
        "深圳特区报记者 张三",
        "中青报·中青网记者 张三",
        "《中国新闻周刊》作者 张三",
        "南方+记者 张三",
        "总台央视记者 张三",
    ],
)
def test_organisation_prefixes_before_the_role(line):
    assert read_byline(line).names == ["张三"]


def test_photo_credits_name_no_reporter():
    assert read_byline("摄影：张三").names == []
    assert read_byline("张三 摄").names == []
    article = extracted(text=["图为公交站台。（记者 张三 摄）", *TEXT], after="<p>新华社发（刘满仓摄）</p>")
    assert article.reporters == [] and article.body.split("\n") == TEXT  # the lead caption is no text


def test_wire_dateline_needs_its_wire_for_bare_names():
    assert dateline_reporters("新华社北京5月19日电（刘艺、杨吉）中国科学院专家19日说") == ["刘艺", "杨吉"]
    assert dateline_reporters("5月19日，中国科学院专家（刘艺、杨吉）介绍") is None


# --- precision -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "over",
    [
        "分享到",
        "作者最新文章",
        "字号 大 中 小",
        "作者：新京报",  # an outlet
        "作者：佚名",
        "来源：网络",
        "来源：人民网 作者：人民网",
        "本报评论员",
    ],
)
def test_labels_outlets_and_placeholders_are_never_reporters(over):
    assert extracted(over=over).reporters == []


@pytest.mark.parametrize(
    "author", ["人民网", "新京报", "www.example.cn", "ifeng.com", "新闻中心", "最新文章"]
)
def test_a_meta_author_that_is_no_person_is_not_a_reporter(author):
    assert extracted(head=f'<meta name="author" content="{author}">').reporters == []


def test_a_meta_author_the_editor_line_names_is_the_editor():
    article = extracted(head='<meta name="author" content="严玉洁">', after="<p>【责任编辑：严玉洁】</p>")
    assert article.reporters == [] and [e.name for e in article.editors] == ["严玉洁"]


@pytest.mark.parametrize(
    "role", ["编辑", "责任编辑", "审核", "校对", "选稿", "出品", "监制", "总监制", "责编"]
)
def test_roles_that_do_not_report_are_editors(role):
    article = extracted(after=f"<p>{role}：张三</p>")
    assert article.reporters == [] and [(e.role, e.name) for e in article.editors] == [(role, "张三")]


def test_an_account_in_the_authors_slot_is_the_account():
    article = extracted(over="华夏人文")  # a 头条号 printed beside the date
    assert article.reporters == [] and article.account == "华夏人文"


@pytest.mark.parametrize(
    ("token", "person"),
    [("张三", True), ("欧阳晓娟", True), ("阿卜杜·热合曼", True), ("kingname", True), ("华夏人文", False),
     ("最新文章", False), ("经济日报", False), ("分享到", False), ("新京报", False)],
)  # fmt: skip
def test_a_name_where_nothing_says_so_must_be_built_like_one(token, person):
    assert is_person(token) is person


def test_a_line_of_several_credits_is_read_whole_or_not_at_all():
    credits = parse_credit_line("来源：新华网 作者：张三 李四 责任编辑：王五")
    assert credits.names == ["张三", "李四"] and credits.source == "新华网"
    assert [(e.role, e.name) for e in credits.editors] == [("责任编辑", "王五")]
    assert parse_credit_line("来源：新华网 他说记者来了") is None


def test_prose_ending_in_brackets_is_not_a_credit():
    assert closing_credit("比如（张三）") is None  # no sentence ends before the bracket
    assert closing_credit("他说。（大意如此，详见附件。）") is None


def test_letter_spaced_roles_and_padded_names_in_editor_lines():
    assert parse_editor_line("审 读：崔向升") == parse_editor_line("审读：崔向升")
    assert [e.name for e in parse_editor_line("总监制：邹 明")] == ["邹明"]


def test_a_bracketed_note_after_the_text_is_a_note_not_text():
    article = extracted(after="", text=[*TEXT, "（应受访者要求，文中人物均为化名。）"])
    assert article.body.split("\n") == TEXT
    assert article.notes == ["（应受访者要求，文中人物均为化名。）"]


# --- conventions of the fourth batch of unseen pages, in shapes of their own --------------------------------------


@pytest.mark.parametrize(
    ("over", "names"),
    [
        ("文｜某财经 陈立群，见习记者 黄晓雯", ["陈立群", "黄晓雯"]),  # a writing role, the outlet, the names
        ("文丨界面新闻 林海", ["林海"]),
        ("文/某某网 赵一鸣 何 静", ["赵一鸣", "何静"]),
        ("某省纪委监委网站　孟　凡", ["孟凡"]),  # an outlet's line naming its reporter, no role
        ("作者: 记者 吴涛 实习生 郑雪", ["吴涛", "郑雪"]),  # a label, then the byline with its roles
        ("某市广播电视台记者 林一 吴双 摄像 周正", ["林一", "吴双"]),  # who filmed it reported nothing
        ("记者/钱明 摄像/孙亮", ["钱明"]),
        ("文/钱明 图/孙亮", ["钱明", "孙亮"]),  # a photographer on a shared byline stays a reporter
    ],
)
def test_outlets_after_a_role_and_camera_operators(over, names):
    assert extracted(over=over).reporters == names


@pytest.mark.parametrize("over", ["游戏平台：PC", "相关报道", "相关新闻 更多", "运营平台 iOS Android"])
def test_labels_and_box_headings_are_no_outlet_lines(over):
    assert extracted(over=over).reporters == []


def test_a_bracketed_writer_credit_opens_the_text():
    text = ["【文/某某网 欧阳明】" + TEXT[0], *TEXT[1:]]
    article = extracted(text=text)
    assert article.reporters == ["欧阳明"]
    assert article.body.split("\n") == text  # the head of the text as printed, as 本报讯（记者…）is
    # A bracket that is all its line holds is a byline of its own: no text.
    alone = extracted(text=["【文/某某网 欧阳明】", *TEXT])
    assert alone.reporters == ["欧阳明"] and alone.body.split("\n") == TEXT


def test_the_dateline_after_an_editors_note_credits_the_reporters():
    note = "编者按：一季度的公交数据出炉，本报记者走访了几条新开的接驳线路。"
    text = [note, "某市新闻网讯（通讯员 阿依古丽·买买提 记者 韩梅）" + TEXT[0], *TEXT[1:]]
    article = extracted(text=text)
    assert article.reporters == ["阿依古丽·买买提", "韩梅"]
    assert article.editor_note == note.removeprefix("编者按：")


@pytest.mark.parametrize(
    ("over", "names"),
    [
        ("某某时报记者 林可 发自 柏林", ["林可"]),  # where the reporter filed from is no name
        ("■某某报记者 陈晓雯/文 吴浩/图", ["陈晓雯", "吴浩"]),  # each name with its own role after it
        ("某市晚报全媒体记者 胡 敏 通讯员 周宇", ["胡敏", "周宇"]),  # a padded name between two roles
    ],
)
def test_fifth_batch_conventions_over_the_text(over, names):
    assert extracted(over=over).reporters == names


@pytest.mark.parametrize(
    ("after", "names"),
    [
        ("报导：黄丽 摄影：陈伟", ["黄丽", "陈伟"]),  # the Malaysian press's 报导
        ("撰稿：刘青 摄影：赵明", ["刘青", "赵明"]),
    ],
)
def test_labelled_credits_after_the_text(after, names):
    article = extracted(after=after)
    assert article.reporters == names
    assert article.body.split("\n") == TEXT


def test_an_outlets_tag_closing_the_text_is_not_text():
    text = [*TEXT[:-1], TEXT[-1] + "（某某经纬APP）"]
    assert extracted(text=text).body.split("\n") == TEXT


def _headed(byline_over_title: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in TEXT)
    return (
        "<html><head><title>一季度全市公交日均客运量312万人次</title></head><body>"
        '<div class="app-bar"><a href="app://open">打开APP</a></div><div class="wrap">'
        f'<p class="byline">{byline_over_title}</p><p class="when">2024-05-13 10:20</p>'
        f'<h1>一季度全市公交日均客运量312万人次</h1><div class="body">{paragraphs}</div></div></body></html>'
    ).encode()


@pytest.mark.parametrize(
    ("over_title", "names"),
    [
        ("某报/某视频记者 林一 文/图　通讯员 黄二", ["林一", "黄二"]),  # joint outlets, a name's own role
        ("某台记者 何三 冯四 / 摄像 郭五", ["何三", "冯四"]),
        ("记者手记", []),  # a column label over the title is no byline
    ],
)
def test_a_byline_printed_over_the_headline(over_title, names):
    article = extract(_headed(over_title), URL)
    assert article.reporters == names
    assert article.body.split("\n") == TEXT


def test_a_squared_name_opening_the_text_is_its_byline():
    article = extracted(text=["□ 欧阳明", *TEXT])
    assert article.reporters == ["欧阳明"]
    assert article.body.split("\n") == TEXT


def test_an_editor_on_the_source_line_with_a_page_tool():
    assert [e.name for e in extracted(over="来源：某市新闻网 编辑：罗明 【我要纠错】").editors] == ["罗明"]


@pytest.mark.parametrize(
    "after",
    [
        "【本文结束】如需转载请务必注明出处：某某科技",
        "本文转载自“某某发布”微信公众号",
        "广告声明：文内含有的对外跳转链接，用于传递更多信息，结果仅供参考。",
    ],
)
def test_end_marks_reprint_and_advertising_notices_are_not_text(after):
    assert extracted(text=[*TEXT, after]).body.split("\n") == TEXT


def test_a_library_pictures_caption_after_the_last_paragraph_is_not_text():
    article = extracted(text=[*TEXT, "市民在新开通的公交站台候车。（资料图）"])
    assert article.body.split("\n") == TEXT
    assert article.captions == ["市民在新开通的公交站台候车。（资料图）"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("本报高级记者 孙明远 综述", ["孙明远"]),  # the role after the names: what the reporter did
        ("本报记者 江山 整理", ["江山"]),
        ("某台记者谭一、冯二，摄像吴三，通讯员李四", ["谭一", "冯二", "李四"]),  # a camera operator glued
    ],
)
def test_roles_after_names_and_glued_camera_operators(line, names):
    assert newsroom.parse_byline(line) == names


def test_a_magazines_closing_block_is_not_text():
    after = ["发于2022.5.9总第1044期《某某周刊》杂志", "杂志标题：县城的去与留"]
    assert extracted(text=[*TEXT, *after]).body.split("\n") == TEXT


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Anna Lee | example.com.cn", ["Anna Lee"]),  # a bilingual page's English byline
        ("By Zhang Wei and Mary Ann Smith", ["Zhang Wei", "Mary Ann Smith"]),
        ("By the way it works", None),  # a sentence, not a byline
    ],
)
def test_english_bylines(line, names):
    assert newsroom.parse_byline(line) == names


def test_an_english_editor_line_after_the_text():
    article = extracted(after="Editor: Chen Yu")
    assert [(e.role, e.name) for e in article.editors] == [("Editor", "Chen Yu")]
    assert article.body.split("\n") == TEXT


def test_a_notices_signature_is_not_its_text():
    notice = [*TEXT, "特此公告。", "某市人民政府", "2019年6月3日", "（此件公开发布）"]
    article = extracted(text=notice)
    assert article.body.split("\n") == [*TEXT, "特此公告。"]
    # Without the closing formula the issuer closing the text (its date read as a date line) is its signature
    # too; any other short line is left to the other rules.
    signed = extracted(text=[*TEXT, "某市人民政府", "2019年6月3日"])
    assert signed.body.split("\n") == TEXT and "某市人民政府" in signed.notes
    assert extracted(text=[*TEXT, "谢谢大家"]).body.split("\n")[-1] == "谢谢大家"


def test_a_photographers_line_of_a_byline_over_the_text():
    article = extracted(over="</div><div>撰文：陈嘉琪</div><div>摄影：龚嘉盛")
    assert article.reporters == ["陈嘉琪", "龚嘉盛"]
    # Alone under the headline it credits a picture, not the piece.
    assert extracted(over="</div><div>摄影：龚嘉盛").reporters == []


def test_a_centred_caption_under_a_picture_is_no_text():
    picture = (
        '<p align="center"><img src="/a.jpg"></p><p align="center">昨日，火车站广场上排队进站的旅客。</p>'
    )
    html = page(text=TEXT).replace(b'<div class="content">', b'<div class="content">' + picture.encode())
    article = extract(html, URL)
    assert article.body.split("\n") == TEXT
    # A centred line with no picture over it is left to the other rules: a heading of the text, say.
    centred = '<p align="center">第一章 总则</p>'
    html = page(text=TEXT).replace(b'<div class="content">', b'<div class="content">' + centred.encode())
    assert extract(html, URL).body.split("\n")[0] == "第一章 总则"


def test_a_shared_byline_with_the_photographers_unit():
    assert read_byline("文/刘晓宇　图/党委宣传部 王可欣 张浩然").names == ["刘晓宇", "王可欣", "张浩然"]


@pytest.mark.parametrize(
    ("over", "names"),
    [
        ("来源：某市日报 作者：王晓明、李小华、陈刚", ["王晓明", "李小华", "陈刚"]),  # date, source, writers
        ("来源：某市日报 [作者：王晓明]", ["王晓明"]),  # a labelled credit in brackets of its own
        ("来源：某市日报 （作者：王晓明）", ["王晓明"]),
        ("作者：深圳发布", []),  # a government's account on the new media, no person
    ],
)
def test_info_bars_of_several_credits(over, names):
    article = extracted(over=over)
    assert article.reporters == names and article.body.split("\n") == TEXT


def test_a_photographers_line_after_the_text_joins_the_writers():
    after = "<p>文字｜孙立国</p><p>图片｜王海洋</p><p>编辑｜陈晨</p>"
    article = extracted(after=after)
    assert article.reporters == ["孙立国", "王海洋"] and article.body.split("\n") == TEXT
    # With no writer credited, a photographer's line credits the pictures only.
    assert extracted(after="<p>图片｜王海洋</p>").reporters == []
