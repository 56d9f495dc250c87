"""Credit lines of Chinese newsrooms: each parser consumes a whole line or refuses it."""

import pytest

from newscrawl.extract.newsroom import (
    bare_byline,
    dateline_reporters,
    editor_line_part,
    find_editors,
    find_source,
    is_caption,
    is_issuer_line,
    is_person,
    is_picture_label,
    is_publication_note,
    is_source_line,
    leading_credit,
    outlet_dateline,
    parse_byline,
    parse_credit_line,
    parse_editor_line,
    parse_editor_note,
    parse_original_title,
    photographers,
    provenance,
    read_byline,
    role_credit_closing,
    sign_off,
    undated,
)
from newscrawl.record import Editor


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("深圳特区报记者 杨明铭 方慕冰", ["杨明铭", "方慕冰"]),
        ("读特记者 李晓 通讯员 王敏 张华", ["李晓", "王敏", "张华"]),
        ("文/图 读特记者 张三", ["张三"]),
        ("文丨李四", ["李四"]),
        ("(作者:深圳特区报记者 杨明铭 方慕冰)", ["杨明铭", "方慕冰"]),
        ("（作者：文/图 林晓东）", ["林晓东"]),
        ("本报记者 王五 实习生 赵六", ["王五", "赵六"]),
        ("澎湃新闻记者 贺梨萍", ["贺梨萍"]),
        ("深圳商报记者 陈一 晶报记者 刘二", ["陈一", "刘二"]),
        ("石佳/中国青年报", ["石佳"]),
        ("作者：kingname", ["kingname"]),
        ("记者 阿卜杜·热合曼", ["阿卜杜·热合曼"]),
        ("记者/张三", ["张三"]),
        ("□本报记者 张三", ["张三"]),
        ("■记者 张三 通讯员 李四", ["张三", "李四"]),
        ("本报讯 记者 张三", ["张三"]),
        ("本报记者 张三 文/图", ["张三"]),
        ("作者：张三（深圳大学教授）", ["张三"]),
    ],
)
def test_byline_gives_bare_names(line, names):
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "近日，龙岗区委书记张礼卫接受了深圳特区报记者专访。",
        "记者从市城管和综合执法局获悉，深圳湾公园新增的5公里滨海步道已完成建设。",
        "深圳特区报：习近平总书记在党的二十大报告中强调",
        "编辑 姚静霞 二审 谭凤希 三审 詹婉容",
        "",
        # Decorations do not make a place name a byline.
        "深圳湾（南山）",
        "□深圳湾",
        "本报讯 深圳湾",
    ],
)
def test_prose_and_other_credits_are_not_bylines(line):
    assert parse_byline(line) is None


def test_photo_credit_is_a_credit_without_reporters():
    assert parse_byline("摄影：产品经理") == []
    assert parse_byline("图/王五") == []


def test_dateline_credit_at_head_of_first_paragraph():
    assert dateline_reporters("新京报讯（记者 陆一夫）11月25日，新京报记者登录拼多多全球购页面发现") == [
        "陆一夫"
    ]
    assert dateline_reporters("11月25日，记者登录拼多多全球购页面发现（附图）") is None


def test_bare_byline_drops_the_author_wrapper():
    assert bare_byline("(作者:深圳特区报记者 杨明铭 方慕冰)") == "深圳特区报记者 杨明铭 方慕冰"
    assert bare_byline("作者：张三（深圳大学教授）") == "张三（深圳大学教授）"  # its own brackets stay whole


def test_spaced_editor_line_gives_role_name_pairs():
    assert parse_editor_line("编辑 姚静霞 二审 谭凤希 三审 詹婉容") == [
        Editor("编辑", "姚静霞"), Editor("二审", "谭凤希"), Editor("三审", "詹婉容"),
    ]  # fmt: skip


def test_glued_editor_line_splits_roles_and_drops_org_prefixes():
    assert parse_editor_line("编辑 特区报-刘彦审读 韩绍俊审核 特区报-张雪松,(冻结)李林夕") == [
        Editor("编辑", "刘彦"), Editor("审读", "韩绍俊"), Editor("审核", "张雪松"), Editor("审核", "李林夕"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "editors"),
    [
        ("责任编辑：杨倩_NF4425", [Editor("责任编辑", "杨倩")]),
        ("责任编辑：郭明煜 SF183", [Editor("责任编辑", "郭明煜")]),
        ("责任编辑：张三 实习编辑：李四", [Editor("责任编辑", "张三"), Editor("实习编辑", "李四")]),
        ("编辑：张三 | 审核：李四", [Editor("编辑", "张三"), Editor("审核", "李四")]),
        ("编辑丨张三（实习生）", [Editor("编辑", "张三")]),
        ("(责编：汤诗瑶、丁涛)", [Editor("责编", "汤诗瑶"), Editor("责编", "丁涛")]),
        ("（责任编辑： HN666）", [Editor("责任编辑", "HN666")]),
        ("本文来源：每日经济新闻 责任编辑：史建磊_NBJ11331", [Editor("责任编辑", "史建磊")]),
        ("编辑 刘晓阳 校对 李铭", [Editor("编辑", "刘晓阳"), Editor("校对", "李铭")]),
        ("责任编辑：", []),
    ],
)
def test_editor_line_forms(line, editors):
    assert parse_editor_line(line) == editors


@pytest.mark.parametrize(
    "line",
    [
        "审核通过后，项目将于下月开工。",
        "编辑部近日收到大量读者来信，反映小区停车难的问题。",
        "校对工作由专人负责",
    ],
)
def test_prose_starting_with_a_role_word_is_not_an_editor_line(line):
    assert parse_editor_line(line) is None


def test_editors_inside_a_date_line():
    assert find_editors("发布日期：2019-03-06 责任编辑：龙慧") == [Editor("责任编辑", "龙慧")]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("原标题:《九大专班奋力破题 走好新时代赶考路》", "九大专班奋力破题 走好新时代赶考路"),
        ("（原标题：苹果回应“违反中国劳动法”）", "苹果回应“违反中国劳动法”"),
        ("（原题为《是“收割韭菜”还是“回归理性”》）", "是“收割韭菜”还是“回归理性”"),
        ("原标题是怎么来的？这要从头说起。", None),
        ("本文原标题：深圳发布新规", "深圳发布新规"),
        ("【原标题】深圳发布新规", "深圳发布新规"),
        ("原标题党的说法", None),
    ],
)
def test_original_title(line, title):
    assert parse_original_title(line) == title


def test_editor_note_label_alone_or_with_text():
    assert parse_editor_note("编者按") == ""
    assert parse_editor_note("【编者按】为深入做好宣传报道。") == "为深入做好宣传报道。"
    assert parse_editor_note("编者认为这很重要。") is None


def test_source_label():
    assert find_source("2019-09-07 13:43:45　来源: 证券市场红周刊") == "证券市场红周刊"
    assert find_source("来源于： 东区办事处") == "东区办事处"
    assert find_source("没有出处的一句话") is None


@pytest.mark.parametrize("line", ["稿源：人民日报", "转自：人民日报", "来源丨人民日报", "（来源：人民日报）"])
def test_source_lines(line):
    assert is_source_line(line) and find_source(line) == "人民日报"


def test_a_sentence_about_sources_is_not_a_source_line():
    assert not is_source_line("消息来源称，他已离职") and find_source("消息来源称，他已离职") is None


# --- a repost's provenance, picture labels, notes on the writer ------------------------------------------------


@pytest.mark.parametrize(
    "line, source, names",
    [
        (
            "本文来自微信公众号：县域商业观察（ID：xianyu_biz），作者：周超臣，头图来自：视觉中国",
            "县域商业观察",
            ["周超臣"],
        ),
        ("本文转载自“深圳发布”微信公众号", "深圳发布", []),
        ("（文章来源于百家号：财经早知道）", "财经早知道", []),
        ("本文选自《求是》杂志，作者：王建国", "求是", ["王建国"]),
    ],
)
def test_provenance_gives_the_source_and_the_writer(line, source, names):
    credits = provenance(line)
    assert credits is not None and credits.source == source and credits.names == names


@pytest.mark.parametrize(
    "line",
    ["本文来自于群众的真实反映，记者进行了核实。" * 3, "文章来源：人民日报", "来自微信公众号的消息称，…"],
)
def test_prose_and_source_lines_are_not_provenance(line):
    assert provenance(line) is None


@pytest.mark.parametrize(
    "line", ["资料图", "（资料图片）", "图片来源：网络", "视觉中国 供图", "头图来自：视觉中国"]
)
def test_picture_labels(line):
    assert is_picture_label(line)


@pytest.mark.parametrize("line", ["资料显示，今年一季度全市生产总值增长5.2%。", "图片展览将持续到月底。"])
def test_prose_is_not_a_picture_label(line):
    assert not is_picture_label(line)


def test_a_library_picture_caption_over_the_text():
    assert is_caption("资料图：2018年巴黎春节庙会现场。")


@pytest.mark.parametrize("line", ["作者单位：深圳大学管理学院", "（作者简介：王建国，深圳大学教授）"])
def test_notes_on_the_writer_after_the_text(line):
    assert is_publication_note(line)


# --- bylines glued throughout, sign-offs, writers' roles among editors' ------------------------------------------


@pytest.mark.parametrize(
    "line, names",
    [
        ("本报讯（记者王晓明 通讯员李小华报道）今年以来", ["王晓明", "李小华"]),
        ("本报讯（记者王晓明报道）今年以来", ["王晓明"]),
        ("本报讯（记者 王晓明 广州报道）今年以来", ["王晓明"]),
    ],
)
def test_a_reporting_tail_glued_to_the_last_name(line, names):
    assert dateline_reporters(line) == names


@pytest.mark.parametrize(
    "line", ["本报记者广州报道", "本报记者石家庄报道", "记者黑龙江报道", "记者张家口报道"]
)
def test_where_a_reporter_filed_from_is_no_name(line):
    assert not parse_byline(line)


@pytest.mark.parametrize(
    "line, names", [("—— 王晓明", ["王晓明"]), ("——欧阳文静", ["欧阳文静"]), ("王晓明", ["王晓明"])]
)
def test_a_writer_signing_off(line, names):
    assert sign_off(line) == names


@pytest.mark.parametrize(
    "line", ["完", "——完——", "（完）", "谢谢", "谢谢你", "祝大家", "万岁", "深圳市交通运输局", "以上"]
)
def test_what_is_no_sign_off(line):
    assert sign_off(line) is None


def test_writers_roles_among_editors_roles():
    credits = parse_credit_line("统筹：陈晨 采写：王晓明 李华")
    assert credits is not None and credits.names == ["王晓明", "李华"]
    assert [(e.role, e.name) for e in credits.editors] == [("统筹", "陈晨")]


@pytest.mark.parametrize(
    "line, source",
    [
        ("综合新华社、央视新闻", "新华社"),
        ("（综合自环球网、参考消息）", "环球网"),
        ("消息来源：远景科技集团", "远景科技集团"),
    ],
)
def test_compiled_and_press_release_sources(line, source):
    assert is_source_line(line) and find_source(line) == source


@pytest.mark.parametrize("line", ["综合来看，今年的经济形势好于预期。", "综合施策，多措并举"])
def test_prose_opening_with_zonghe_is_no_source(line):
    assert not is_source_line(line)


def test_the_editor_a_provenance_line_names():
    credits = provenance(
        "本文来自微信公众号：大象新闻（ID：dxxw），作者：张钦，编辑：黄俊杰，头图来自：视觉中国"
    )
    assert credits.names == ["张钦"] and [(e.role, e.name) for e in credits.editors] == [("编辑", "黄俊杰")]


@pytest.mark.parametrize("line, outlet", [("东方网6月8日消息", "东方网"), ("（新华网5月12日电）", "新华网")])
def test_an_outlets_dateline_alone(line, outlet):
    assert outlet_dateline(line) == outlet


@pytest.mark.parametrize("line", ["他说6月8日消息", "会议于6月8日电告各地"])
def test_prose_is_no_outlet_dateline(line):
    assert outlet_dateline(line) is None


@pytest.mark.parametrize(
    "line, names",
    [
        ("记者/黄颖 欧阳成 通讯员/穗教宣", ["黄颖", "欧阳成"]),  # a press office's short name is no person
        ("记者 王晓明 通讯员 粤卫宣 李小华", ["王晓明", "李小华"]),
    ],
)
def test_press_offices_credited_as_correspondents(line, names):
    assert parse_byline(line) == names


def test_a_dotted_name_glued_to_its_reporting_tail():
    assert dateline_reporters("天山网讯（记者 买买提·吐尔逊 阿依古丽·艾合买提报道）今年以来") == [
        "买买提·吐尔逊",
        "阿依古丽·艾合买提",
    ]


def test_a_compound_surname_in_a_wires_bracket_in_either_form():
    assert leading_credit("（中央社記者歐陽志明台北6日電）台鐵局今天宣布")[0] == ["歐陽志明"]
    assert leading_credit("（中央社记者司马光明台北6日电）台铁局今天宣布")[0] == ["司马光明"]
    assert leading_credit("（中央社記者陳俊華台北1日電）立法院會今天三讀通過")[0] == ["陳俊華"]


def test_a_desk_credited_in_a_production_role():
    assert [(e.role, e.name) for e in parse_editor_line("出品︱虎嗅科技组")] == []
    assert [(e.role, e.name) for e in parse_editor_line("编辑︱端木鸣")] == [("编辑", "端木鸣")]


def test_info_rows_of_local_cms():
    # 动易: a full-width padded name, a counter and a font tool a script fills in, their brackets left empty.
    row = "作者：记者 王　军    文章来源：天水日报    点击数：    更新时间：2017-3-5 9:03:12    【字体：大 中 小】"
    assert parse_credit_line(undated(row)).names == ["王军"]
    # PHPCMS: counters with no value after the names.
    assert parse_credit_line(undated("来源：新县融媒 作者：通讯员 黄 健 王红梅 评论：0 点击：")).names == [
        "黄健",
        "王红梅",
    ]
    assert parse_byline("融媒记者 何俊杰") == ["何俊杰"]
    # 动易's footer: the CMS account that typed it in is no editor.
    assert parse_editor_line("文章录入：tsrb_admin　责任编辑：李红") == [Editor("责任编辑", "李红")]


def test_reporter_labels_of_overseas_papers_and_photographers_lines():
    assert parse_byline("报导：李美玲") == ["李美玲"]
    assert parse_byline("图片｜王海洋") == []  # a photographer's line: the byline's, when there is one
    assert photographers("图片｜王海洋", labelled=True) == ["王海洋"]
    assert photographers("新华社记者 李华 摄", labelled=True) is None  # a picture's own credit under it
    assert photographers("图片：pixabay") is None  # a picture library


@pytest.mark.parametrize("token", ["By", "seehua_kch"])
def test_a_themes_by_and_account_are_no_persons(token):
    assert not is_person(token)


def test_outlets_credited_beside_their_reporters():
    assert parse_byline("文｜财新 周信 范若虹") == ["周信", "范若虹"]
    assert read_byline("（新浪体育 陈力）").names == ["陈力"]
    assert parse_editor_line("出品｜凤凰网财经《IPO观察哨》") == []  # a column credited, no person


def test_an_issuer_line():
    assert is_issuer_line("国务院办公厅") and is_issuer_line("深圳市公安局交通警察局")
    assert not is_issuer_line("他说。") and not is_issuer_line("王晓明")


def test_an_editor_line_behind_page_tools_in_brackets():
    assert editor_line_part("【我要纠错】 责任编辑：杨帆")[0] == [Editor("责任编辑", "杨帆")]


@pytest.mark.parametrize("line", ["记者手记", "【读者来信】", "采访札记"])
def test_a_columns_genre_after_a_role_is_no_name(line):
    assert not parse_byline(line)


def test_a_reader_signing_a_letter():
    assert parse_byline("河北省平山县读者　李文静") == ["李文静"]


def test_a_bracketed_flash_then_the_byline_in_traditional_characters():
    assert dateline_reporters("【大公報訊】記者梁嘉欣報道：香港今日") == ["梁嘉欣"]


def test_a_wechat_meta_row_names_the_reporters_before_the_account():
    assert parse_byline(undated("记者 林佳 陈晓 钱塘都市报 2024-03-02 19:30 发表于浙江")) == ["林佳", "陈晓"]


def test_an_empty_source_label_and_a_paper_before_its_reporter():
    assert read_byline(undated("来源：作者：解放日报 陆雯婷")).names == ["陆雯婷"]


def test_each_items_credit_in_a_roundup_but_not_a_captions():
    closing = role_credit_closing("第二十一届服装节昨日开幕。（记者 王海洋 通讯员 徐刚）")
    assert closing is not None and closing[1].names == ["王海洋", "徐刚"]
    assert role_credit_closing("采茶工在茶园内采摘春茶。（融媒体中心记者 李响 摄）") is None
    assert (
        role_credit_closing("他说，这事还得再商量。（张巨峰）") is None
    )  # a bare name: only closing the text


def test_a_caption_credited_with_a_slash():
    assert is_caption("馬英九昨天出席活動。記者王文靜／攝影")


def test_an_editor_chain_glued_throughout():
    assert [e.name for e in parse_editor_line("编辑林嘉欣二审郭晓瑞三审邓焕明")] == [
        "林嘉欣",
        "郭晓瑞",
        "邓焕明",
    ]
    assert parse_editor_line("审核通过后即可办理") is None  # a role word glued to prose


@pytest.mark.parametrize(
    "line, names",
    [
        ("记者 刘晓 通讯员 盐宣 陈嘉豪", ["刘晓", "陈嘉豪"]),  # 盐田's office
        ("记者：陆晨曦　通讯员：南宣　彭子墨", ["陆晨曦", "彭子墨"]),
        ("记者 钱思远 通讯员 龙政宣 何俊熙", ["钱思远", "何俊熙"]),  # 龙华's government office
    ],
)
def test_district_offices_signing_as_correspondents(line, names):
    assert parse_byline(line) == names


def test_roles_in_brackets_of_their_own():
    assert read_byline("【记者】邝嘉谊 【通讯员】黎宏 曹越 【摄影】林澍").names == [
        "邝嘉谊",
        "黎宏",
        "曹越",
        "林澍",
    ]
    assert read_byline("记者/黄颖 欧阳成 通讯员/穗教宣").names == ["黄颖", "欧阳成"]


def test_a_credit_line_with_a_pictures_source_and_editors():
    credits = parse_credit_line("栏目主编：张骏 文字编辑：沈阅宁 题图来源：陈蕴颖 摄 图片编辑：邵竞")
    assert credits is not None and [e.name for e in credits.editors] == ["张骏", "沈阅宁", "邵竞"]
    assert is_picture_label("封面图片来源：摄图网")


def test_institutional_credits():
    assert parse_credit_line("供稿：环境学院　编辑：赵岩　审核：王文").editors == [
        Editor("编辑", "赵岩"),
        Editor("审核", "王文"),
    ]
    assert not parse_byline("作者：宣传科")  # a department
    assert read_byline("作者：文/刘丹 图/黄磊").names == ["刘丹", "黄磊"]
    assert parse_byline("记者 吴晓燕 章凌 摄影 潘一鸣") == ["吴晓燕", "章凌", "潘一鸣"]
    assert parse_byline("新闻发言人谈话") is None  # a column's name
    assert parse_byline("文/腾讯体育 许博远 发自阿布扎比") == ["许博远"]


def test_an_editor_line_with_page_tools_between_its_credits():
    assert editor_line_part("编辑：田甜 【我要纠错】 责任编辑：余亮")[0] == [
        Editor("编辑", "田甜"),
        Editor("责任编辑", "余亮"),
    ]
