"""Site chrome that Chinese news pages put in and around the article text.

Three kinds, by what they do to the lines after them:
- a *stop* ends the article: disclaimers, copyright and ICP lines, comment sections;
- a *section label* opens a box of related items (推荐阅读 …): the label and its items go, prose after
  the box stays;
- a *drop* is one line of furniture (share buttons, 打印本页, video durations) and takes nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newscrawl.extract.hanzi import compile_either, simplified

# Labels of boxes of related items: headlines, lists, feeds.
SECTION_LABELS = (
    "推荐阅读", "相关阅读", "相关新闻", "相关文章", "相关推荐", "相关搜索", "相关报道", "相关链接", "相关专题",
    "延伸阅读", "扩展阅读", "热门推荐", "为您推荐", "猜你喜欢", "热点推荐", "精彩推荐", "编辑推荐", "今日推荐",
    "热门文章", "热门新闻", "热点新闻", "热文排行", "阅读排行", "点击排行", "排行榜", "最新文章", "最近文章",
    "阅读下一篇", "下一篇", "上一篇", "精彩图集", "更多精彩", "看了又看", "大家都在看", "往期回顾",
    "往期推荐", "往期精选", "推荐文章", "热门阅读", "相关视频", "更多新闻", "更多阅读", "今日热点",
    "热榜", "热搜榜", "热搜",
    # A bilingual page's glossary box after the text: "Vocabulary:", "重点词汇".
    "Vocabulary", "Glossary", "生词", "重点词汇", "词汇表",
    # The sources a science or health piece lists after its text.
    "参考文献", "参考资料", "参考链接", "参考来源",
)  # fmt: skip
# Labels that open a box only when they are the whole line: "相关" (WordPress's related posts); as the head of
# a longer line it is prose ("相关负责人表示…").
EXACT_SECTION_LABELS = ("相关", "更多", "相关内容")
# Labels that open reader comments: everything after them is readers', not the newsroom's.
COMMENT_LABELS = ("网友评论", "热门评论", "最新评论", "精彩评论", "全部评论", "我要评论", "发表评论", "评论区",
                  "我要跟帖", "查看更多评论", "观察员评论", "评论")  # fmt: skip

_DECORATION = compile_either(r"[\s【】\[\]〖〗<>《》>»:：|｜丨·•\-—_#]+|[（(]\s*\d*\s*[条]?\s*[）)]|\d+条$")

_STOP = compile_either(
    r"^.{0,4}(?:免责声明|版权声明|特别声明|郑重声明|广告声明)|^声明\s*[：:]|转载请(?:务必)?注明|如需转载"
    # The end of the text as the page marks it, and where the piece was reposted from.
    r"|^[【\[]?(?:本文结束|全文完)[】\]]?|^(?:本文|此文|文章)?(?:转载自|转自)\S"
    r"|未经.{0,8}(?:许可|授权).{0,30}(?:不得|禁止|严禁)|(?:谢绝|禁止|严禁|不得)转载"
    r"|(?:copyright|版权所有|all rights reserved|ICP备|ICP证|公网安备|互联网新闻信息服务许可)"
    # A platform's word on the views of the pieces it carries: "本文为澎湃号作者…发布，仅代表该作者或机构观点",
    # "*文章为作者独立观点，不代表虎嗅网立场". Said of the piece, in a line that opens with it, or of the
    # platform by its name; a statement reported ("这不代表政府的立场", "他说这仅代表个人看法") is neither.
    r"|^[（(*【\s]*(?:本文|文章|该文|此文|以上|文中|作者).{0,40}仅代表(?:该?作者|个人|其个人|撰稿人|发布者)"
    r"|不代表(?:本站|本网|本平台|本报|本刊|我们|[\u4e00-\u9fffA-Za-z]{1,8}(?:网|号|新闻|平台|APP|客户端))的?(?:观点|立场)"
    # A repost's notice: "本文由县域商业观察授权虎嗅网发表", "图片来源于网络，如有侵权请联系删除" (not a
    # consumer's advice: "如发现侵权行为，请及时联系市场监管部门").
    r"|^(?:本文|此文|该文|文章)由.{1,30}授权"
    r"|(?:来源于网络|来自网络|图片|本文|文章|素材|作品|内容).{0,20}如(?:有|涉及?|存在)(?:侵权|版权)"
    r"|如(?:有|涉及?)(?:侵权|版权问题).{0,10}(?:联系|告知).{0,10}删除"
    # Advice that the text is not: "以上内容仅供参考，不构成投资建议", "本文由AI辅助生成，内容仅供参考" (a
    # sentence of the text may say its own contents are for reference: "以上内容仅供参考。").
    r"|^(?:本文|文章|本资讯|资讯|注|提示|温馨提示).{0,24}仅供参考|^.{0,20}不构成(?:任何)?投资建议"
    r"|^(?:风险提示|投资有风险)",
    re.IGNORECASE,
)
# Stops past this length are prose that quotes a disclaimer, not the disclaimer itself.
MAX_STOP_LINE = 200

_DROP = compile_either(
    r"^(?:分享此文|分享本文|分享这篇|赞过)\s*[：:]?$|^(?:赞\s*)?(?:加载中|正在加载|载入中)"
    r"|^[【\[]?(?:分享到|分享至|分享：|扫一扫|微信扫一扫|扫码|点击进入|点击查看|点击阅读|返回顶部|返回首页|打印本页|关闭窗口|"
    r"打印】?$|字号|收藏本文|举报|查看原文|阅读原文|展开全文|当前位置|现在位置|您的位置|所在位置|友情链接|"
    r"相关(?:资讯|专题|链接|话题)|关注我们|"
    r"(?:[【\[]\d+[】\]])+$|\d{1,2}:\d{2}(?::\d{2})?$|第?\d+页$|首页$|上一页|下一页)"
    r"|^[-—–=\s]*END[-—–=\s]*$|^[【\[]?(?:上一篇|下一篇|字体)\s*[：:]|^(?:视频加载中|您的浏览器不支持|请升级浏览器)"
    # Where to read the original, the account to follow, how long it takes: "原文链接：https://…",
    # "点击“阅读原文”了解更多", "微信号：szdaily", "全文约1500字，阅读约需5分钟".
    r"|^(?:原文链接|原文地址|本文链接|文章链接|微信号|公众号ID)\s*[：:]|^点击\s*[“\"「『]?\s*(?:阅读原文|阅读全文|原文)"
    r"|^(?:全文|本文)(?:共|约|共约)?\s*\d+\s*字|^阅读(?:全文|本文)?(?:约需|需要|大约需要|时间|约)\s*\d+\s*分钟"
    # A quote box at the head of a finance story: "42.17 +1.86% 加自选 | 股吧 | 资金流向".
    r"|^[\d.]+\s*[+\-−][\d.]+%|加自选|^股吧$|资金流向$"
    # A paper's stamp of date and name after a story, and its address: "【2008/03/14 聯合報】@ http://udn.com/".
    r"|^[【\[]\s*\d{4}[/\-.年]\d{1,2}[/\-.月]\d{1,2}日?\s*[^【】\[\]]{2,12}[】\]](?:\s*@?\s*https?://\S*)?$"
    r"|^@?\s*https?://\S+$"
    # A document's number under its title: "国办发〔2023〕25号" (its header, also in the 索引号 table).
    r"|^[\u4e00-\u9fff]{1,10}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,4}\s*号$"
    # A pointer to more of the same coverage: "更多报道详见：《城投化债进行时》".
    r"|^更多(?:相关)?(?:报道|内容|阅读|详情|精彩|资讯)(?:详见|请见|见|请看|请关注|请访问)?\s*[：:]"
    # A quote widget: "宁德时代 +2.13%  比亚迪 -0.45%", names and signed changes, nothing else.
    r"|^(?:\s*[\u4e00-\u9fffA-Za-z]{2,8}\s*[+\-−]\d+(?:\.\d+)?%\s*)+$"
)
# Promotions anywhere in a line: QR codes, tip-off lines, calls for submissions.
_PROMO = compile_either(
    r"(?:扫描|扫码|长按|识别).{0,12}二维码|点击(?:上方|下方)?.{0,4}蓝字.{0,8}关注|点击上方.{0,8}关注|侵权投诉|违法和不良信息举报"
    r"|(?:新闻|报料|爆料)(?:热线|电话|邮箱|线索)|报料[：:]|^(?:欢迎)?投稿(?:邮箱|信箱|热线|方式|地址)?\s*[：:]"
    # A call to press the platform's buttons: "喜欢这篇文章，请点个“在看”吧", "记得点赞转发哦". An invitation to
    # discuss ("欢迎在评论区讨论。") is the writer's own last sentence, and stays.
    r"|(?:欢迎|请|记得|别忘了|一起|快来).{0,10}(?:点赞|点个|在看|转发|分享给)"
    # Overseas newsrooms' pages on social networks: "欢迎浏览中国报网站，关注中国报Facebook专页！".
    r"|(?:欢迎|请|记得).{0,16}(?:关注|追踪|订阅|浏览).{0,16}(?:Facebook|脸书|面子书|专页|Instagram|YouTube|Telegram)",
)
# A call to follow an account is furniture when it opens the line ("欢迎关注…公众号") or is the whole of a
# short one; inside a sentence it is news ("乘客出行前可关注杭州地铁官方微博了解最新信息。").
_FOLLOW = compile_either(r"^.{0,6}(?:关注|订阅).{0,12}(?:公众号|官方微信|官方微博|视频号|抖音号)")
_FOLLOW_ANYWHERE = compile_either(r"(?:关注|订阅).{0,12}(?:公众号|官方微信|官方微博|视频号|抖音号)")
MAX_FOLLOW_LINE = 24
# "下载读特客户端": an app promotion, in a short line only (prose may mention downloading an app).
_APP_PROMO = compile_either(r"(?:安装|下载|打开|尽在).{0,12}(?:APP|App|app|客户端)")
# Drops past this length are prose that happens to look like furniture.
MAX_DROP_LINE = 60
MAX_APP_PROMO_LINE = 32


@dataclass(frozen=True)
class Chrome:
    """The chrome rules in force for one page: the generic ones plus a site profile's own."""

    stop_labels: tuple[str, ...] = ()
    section_labels: tuple[str, ...] = SECTION_LABELS
    drop_patterns: tuple[re.Pattern, ...] = ()

    @staticmethod
    def label(text: str) -> str:
        """The words of a line that may be a label, simplified: 相關新聞 is 相关新闻."""
        return _DECORATION.sub("", simplified(text))

    def is_stop(self, text: str) -> bool:
        label = self.label(text)
        if label in self.stop_labels or any(
            label.startswith(c) and len(label) <= len(c) + 4 for c in COMMENT_LABELS
        ):
            return True
        return len(text) <= MAX_STOP_LINE and bool(_STOP.search(text))

    def is_chrome(self, text: str) -> bool:
        return self.is_stop(text) or self.is_drop(text)

    def is_section_label(self, text: str) -> bool:
        label = self.label(text)
        if label in EXACT_SECTION_LABELS:
            return True
        return 2 <= len(label) <= 12 and any(
            label.startswith(s) or label.endswith(s) for s in self.section_labels
        )

    def is_drop(self, text: str) -> bool:
        if len(text) > MAX_DROP_LINE:
            return False
        return (
            bool(_DROP.search(text) or _PROMO.search(text) or _FOLLOW.search(text))
            or (len(text) <= MAX_FOLLOW_LINE and bool(_FOLLOW_ANYWHERE.search(text)))
            or (len(text) <= MAX_APP_PROMO_LINE and bool(_APP_PROMO.search(text)))
            or any(p.search(text) for p in self.drop_patterns)
        )

    def extended(self, stop_labels: Iterable[str], drop_patterns: Iterable[re.Pattern]) -> Chrome:
        return Chrome(
            self.stop_labels + tuple(stop_labels),
            self.section_labels,
            self.drop_patterns + tuple(drop_patterns),
        )


# Page tools run into the end of the text: "…徐占忱）返回搜狐，查看更多", "…展开全文".
_TRAILING_TOOLS = compile_either(
    r"\s*(?:返回\S{1,10}?[，,]\s*)?(?:查看更多|阅读全文|展开全文|查看全文|点击查看全文)\s*[>》»]*$"
)


def without_trailing_tools(text: str) -> str:
    return _TRAILING_TOOLS.sub("", text)
