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
    ],
)
def test_stops(line):
    assert CHROME.is_stop(line)


@pytest.mark.parametrize(
    "line", ["推荐阅读", "【相关新闻】", "往期推荐", "热门推荐 >>", "大家都在看", "读特热榜", "微博热搜"]
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
    ],
)
def test_prose_is_not_chrome(line):
    assert not CHROME.is_chrome(line) and not CHROME.is_section_label(line)
