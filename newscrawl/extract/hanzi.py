"""Traditional characters in the words newsrooms print around the text.

Pages from Hong Kong, Macao, Taiwan and overseas print 記者, 責任編輯, 報訊, 電 where mainland pages print
记者, 责任编辑, 报讯, 电. The conventions are the same, so every pattern of credits and chrome is written in
simplified characters once and compiled to accept either form; names keep the characters they are printed
in.
"""

from __future__ import annotations

import re

# Simplified → traditional, for the characters of credit words, labels and chrome, and common surnames.
_PAIRS = (
    "记記 编編 辑輯 责責 报報 讯訊 电電 审審 读讀 摄攝 实實 习習 员員 译譯 论論 约約 见見 图圖 来來 发發 网網 导導 "
    "对對 签簽 监監 统統 筹籌 终終 执執 视視 频頻 体體 选選 总總 划劃 复復 转轉 标標 题題 写寫 采採 闻聞 讲講 制製 "
    "声聲 权權 载載 删刪 阅閱 评評 热熱 点點 击擊 关關 闭閉 页頁 载載 馆館 广廣 华華 东東 门門 专專 众眾 台臺 "
    "时時 间間 间間 号號 户戶 端端 内內 容 乐樂 享 欢歡 迎 扫掃 码碼 维維 长長 按 识識 别別 订訂 阅閱 "
    "陈陳 刘劉 张張 黄黃 杨楊 赵趙 吴吳 冯馮 蒋蔣 叶葉 萧蕭 谢謝 钟鍾 郑鄭 许許 苏蘇 罗羅 卢盧 钱錢 孙孫 韩韓 邓鄧 "
    "谭譚 欧歐 顾顧 龚龔 赖賴 邹鄒 万萬 汤湯 阎閻 严嚴 贺賀 龙龍 陆陸 温溫 区區 范範 庄莊 刘劉 冯馮 邝鄺 卫衛 "
    "邱 沈 宋 丁 潘 杜 戴 夏 汪 田 任 姜 方 石 姚 廖 熊 金 郝 孔 白 崔 康 毛 秦 江 史 侯 邵 孟 段 雷 汤湯 尹 "
    "黎 易 常 武 乔喬 贾賈 于於 岳 齐齊 梁 宁寧 凤鳳 邬鄔 纪紀 骆駱 项項 袁 魏 薛 傅 曾 彭 吕呂 邢 蓝藍 钮鈕 "
    "闵閔 饶饒 聂聶 丰豐 伦倫 "
    # Compound surnames: 歐陽, 司馬, 諸葛, 尉遲.
    "阳陽 马馬 诸諸 迟遲"
)
TO_TRADITIONAL: dict[str, str] = {
    pair[0]: pair[1] for pair in _PAIRS.split() if len(pair) == 2 and pair[0] != pair[1]
}
TO_SIMPLIFIED: dict[str, str] = {t: s for s, t in TO_TRADITIONAL.items()}
_TO_SIMPLIFIED_TABLE = str.maketrans(TO_SIMPLIFIED)


def simplified(text: str) -> str:
    """The text with the traditional characters above in their simplified form (for comparing words)."""
    return text.translate(_TO_SIMPLIFIED_TABLE)


def either_form(pattern: str) -> str:
    """A regular expression written in simplified characters, accepting the traditional form of each too:
    记者 → [记記][者]; inside a character class the traditional character joins the class."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        traditional = TO_TRADITIONAL.get(char)
        if traditional:
            out.append(char + traditional if in_class else f"[{char}{traditional}]")
        else:
            out.append(char)
        index += 1
    return "".join(out)


def compile_either(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(either_form(pattern), flags)
