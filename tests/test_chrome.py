"""Chrome lines: what ends an article, what opens a box of related items, what is one line of furniture."""

import pytest

from newscrawl.extract.chrome import Chrome

CHROME = Chrome()


@pytest.mark.parametrize(
    "line",
    [
        "免责声明：本文仅代表作者个人观点",
        "声明：本文转载自深圳发布，版权归原作者所有，如有侵权请联系删除",
        "本文系本报原创，转载请注明出处",
        "Copyright © 2000-2024 XINHUANET.com All Rights Reserved.",
        "粤ICP备10228864号",
        "网友评论",
        # A platform's word on the views of what it carries, a repost's notices, advice that is not text.
        "本文为澎湃号作者或机构在澎湃新闻上传并发布，仅代表该作者或机构观点，不代表澎湃新闻的观点或立场。",
        "*文章为作者独立观点，不代表虎嗅网立场",
        "（本文仅代表作者个人观点）",
        "本文由县域商业观察©授权虎嗅网发表，并经虎嗅网编辑。",
        "图片来源于网络，如有侵权请联系删除。",
        "如涉及版权问题，请联系我们删除",
        "以上内容仅供参考，不构成投资建议。",
        "本文由AI辅助生成，内容仅供参考。",
        "风险提示：市场有风险，投资需谨慎。",
        "本文来自果壳网，谢绝转载",
    ],
)
def test_stops(line):
    assert CHROME.is_stop(line)


@pytest.mark.parametrize(
    "line",
    [
        "推荐阅读",
        "【相关新闻】",
        "往期推荐",
        "热门推荐 >>",
        "大家都在看",
        "读特热榜",
        "微博热搜",
        "Vocabulary:",
        "生词",
    ],
)
def test_section_labels(line):
    assert CHROME.is_section_label(line)


@pytest.mark.parametrize(
    "line",
    [
        "分享到：",
        "【打印本页】",
        "- END -",
        "—— END ——",
        "点击上方蓝字关注我们",
        "更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信（xinlang-xinwen）",
        "下载读特客户端 看更多深圳新闻",
        "03:25",
        "上一篇：深圳发布低空经济行动方案",
        "【字体：大 中 小】",
        "您的浏览器不支持video标签。",
        # Links to the original, accounts, reading time, quote widgets, calls for tips and for the buttons.
        "原文链接：https://mp.weixin.qq.com/s/abcdef",
        "点击“阅读原文”了解更多",
        "微信号：szdaily",
        "全文约1500字，阅读约需5分钟",
        "宁德时代 +2.13%  比亚迪 -0.45%",
        "新闻热线：0755-83500000",
        "欢迎投稿：news@example.cn",
        "喜欢这篇文章，请点个“在看”吧",
        "欢迎浏览中国报网站，关注中国报Facebook专页！",
        "点击蓝字 关注我们",
        "海量资讯、精准解读，尽在新浪财经APP",
        "国办发〔2023〕25号",  # a document's number under its title
        "更多相关资讯请关注：赛博朋克2077专题",
        "【2008/03/14 聯合報】@ http://udn.com/",  # a paper's stamp and its address after the story
        "42.17 +1.86% 加自选 | 股吧 | 资金流向",  # a quote box over a finance story
        "更多报道详见：《城投化债进行时》",
        "分享此文：",  # WordPress's share and like boxes
        "赞过：",
        "赞 加载中…",
    ],
)
def test_drops(line):
    assert CHROME.is_drop(line)


@pytest.mark.parametrize(
    "line",
    [
        "声明称，双方将在前海共建数据中心。",  # a statement reported, not a disclaimer
        "他在推荐阅读书目时说，青少年应多读经典。",
        "END 这个英文单词在游戏里表示结束。",
        "市民可以通过下载“i深圳”APP预约办理业务，全程无需跑腿，平均办理时间缩短至十分钟以内，受到广泛好评。",
        "外交部发言人表示，个别官员的言论并不代表政府的立场。",  # a statement reported
        "他笑着说：“这仅代表个人看法，供大家参考。”",
        "文章指出，美方的表态不代表其真实立场。",  # a review of an article
        "消费者如发现侵权行为，请及时联系市场监管部门处理。",  # advice in the news
        "欢迎在评论区讨论。",  # the writer's own last sentence
        "截至收盘，沪指涨0.52%，深成指涨1.13%。",  # a market report, not a quote widget
        "相关负责人表示，",  # "相关" opens a box only as the whole line
        "这一轮调整或许正是长期资金布局的好时候，当然，以上只是个人的一些看法，不构成投资建议。",
    ],
)
def test_prose_is_not_chrome(line):
    assert not CHROME.is_chrome(line) and not CHROME.is_section_label(line)
