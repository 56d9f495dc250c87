"""The printed conventions of Chinese newsrooms: bylines, editor lines, 原标题, 编者按, 来源.

Each parser takes one line of text and either consumes the whole line or returns None, so a sentence of
prose that happens to mention 记者 or 编辑 is never mistaken for a credit line.
"""

from __future__ import annotations

import re

from newscrawl.extract import dates
from newscrawl.extract.blocks import squash
from newscrawl.record import Editor

# Credit lines are short; anything longer is prose.
MAX_CREDIT_LINE = 80

_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,5}[·•][\u4e00-\u9fff]{1,8}$")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9.'_-]{1,30}$")
# Words that stand where a name would, but are not one.
NOT_NAMES = frozenset(
    "本报 本台 本网 本刊 未知 佚名 综合 整理 报道 摄影 通讯员 记者 编辑 实习生 网友 作者 来源 供图 资料 "
    "图片 视频 出品 策划 制作 新华社 编译 原创 转载 发布".split()
)
# Organisations end like this: "深圳特区报", "澎湃新闻", "读特客户端", "深圳新闻网".
_ORG = re.compile(
    r"^[\u4e00-\u9fffA-Za-z0-9]{1,14}(报|报社|网|社|台|站|刊|新闻|客户端|中心|集团|频道|传媒|杂志|APP|报业|"
    r"融媒|电视台|广播|工作室|读特)$|^(本报|本台|本网|本刊|读特|新华社|中新社|央视)$"
)

# --- reporters -----------------------------------------------------------------------------------------

# Roles that credit the writers. Multi-character, so they can be found inside a glued line.
_REPORTER_ROLE = re.compile(
    r"((?:特约|首席|见习|实习|摄影|文字|全媒体|融媒体)?记者|通讯员|实习生|特约撰稿人|撰稿人|撰稿|编译|作者)"
)
# One-character roles ("文/图 张三", "文丨张三") only count at the head of the line, before a separator.
_LEAD_ROLE = re.compile(r"^(?:文/图|图/文|文、图|文图|撰文|摄影|文字|文|图|摄)\s*(?:[/|｜丨:：]\s*|\s+)")
# Credits for pictures alone: a credit line, but its names are not the reporters'.
_PHOTO_ROLES = ("摄影", "摄", "图")
_SEPARATORS = re.compile(r"[\s、，,;；:：/／|｜丨]+")
# Decorations around a byline: a leading bullet ("□本报记者"), a news-flash lead ("本报讯 记者 …"), a
# trailing picture credit ("… 文/图"), an affiliation ("张三（深圳大学教授）").
_BULLETS = "□■●◆▲★◇○◎▶►"
_FLASH_LEAD = re.compile(r"^\S{1,10}讯\s+")
_TRAILING_ROLE = re.compile(r"\s+(?:文/图|图/文|文图|摄)$")
_AUTHOR_LABEL = re.compile(r"^作者\s*[：:]\s*")
_AFFILIATION = re.compile(r"(?<=[^\s（(])\s*[（(][^（）()]{1,20}[）)]$")
_OPENING, _CLOSING = "（(【[〔「", "）)】]〕」"
# "新京报讯（记者 陆一夫）11月25日…": a dateline credit at the head of the first paragraph.
_DATELINE = re.compile(r"^.{0,20}?[（(]\s*([^（）()]{0,14}?(?:记者|通讯员)[^（）()]{1,40})[）)]")
# "石佳/中国青年报": name, slash, organisation.
_NAME_SLASH_ORG = re.compile(r"^(?P<name>[^\s/／]{2,10})\s*[/／]\s*(?P<org>[^\s/／]{2,16})$")


def is_name(token: str) -> bool:
    return token not in NOT_NAMES and bool(_CJK_NAME.match(token) or _LATIN_NAME.match(token))


def is_org(token: str) -> bool:
    return bool(_ORG.match(token))


def _strip_brackets(text: str) -> str:
    """ "(作者:张三)" → "作者:张三": brackets that wrap the whole line, not the end of "张三（深圳大学教授）"."""
    text = text.strip()
    while len(text) >= 2 and text[0] in _OPENING and text[-1] in _CLOSING:
        text = text[1:-1].strip()
    return text


def parse_byline(line: str) -> list[str] | None:
    """Names credited by a whole byline line, or None when the line is not a byline.

    A photo credit ("摄影：张三") is a credit line with no reporters: [].

    >>> parse_byline("深圳特区报记者 杨明铭 方慕冰")
    ['杨明铭', '方慕冰']
    """
    unwrapped = _unwrapped(_AFFILIATION.sub("", line.strip()))
    text = _AUTHOR_LABEL.sub("", unwrapped)
    if not text or len(text) > MAX_CREDIT_LINE:
        return None
    labelled = text != unwrapped  # "作者：kingname": the label makes it a credit
    lead = _LEAD_ROLE.match(text)
    if lead:
        text = text[lead.end() :]
    slash = _NAME_SLASH_ORG.match(text)
    if slash and is_name(slash["name"]) and is_org(slash["org"]):
        return [slash["name"]]
    parts = _REPORTER_ROLE.split(text)
    if len(parts) == 1 and not (lead or labelled):
        return None
    photo_only = lead is not None and len(parts) == 1 and lead.group(0).strip(" /|｜丨:：") in _PHOTO_ROLES
    prefix, segments = parts[0], parts[2::2] if len(parts) > 1 else []
    if len(parts) == 1:
        prefix, segments = "", [parts[0]]
    if prefix.strip(" ：:") and not all(is_org(t) for t in _SEPARATORS.split(prefix.strip(" ：:")) if t):
        return None
    names: list[str] = []
    for index, segment in enumerate(segments):
        tokens = [t for t in _SEPARATORS.split(segment) if t]
        followed_by_role = index < len(segments) - 1
        while followed_by_role and tokens and is_org(tokens[-1]):
            tokens.pop()  # "张三 深圳商报记者 李四": the organisation belongs to the next role
        for token in tokens:
            if not is_name(token):
                return None
            names.append(token)
    if not names:
        return None
    return [] if photo_only else list(dict.fromkeys(names))


def bare_byline(line: str) -> str:
    """ "(作者:深圳特区报记者 杨明铭 方慕冰)" → "深圳特区报记者 杨明铭 方慕冰": the credit without its wrapper."""
    return _AUTHOR_LABEL.sub("", _unwrapped(line))


def _unwrapped(line: str) -> str:
    text = _strip_brackets(line).lstrip(_BULLETS).strip()
    return _TRAILING_ROLE.sub("", _FLASH_LEAD.sub("", text))


def dateline_reporters(paragraph: str) -> list[str] | None:
    match = _DATELINE.match(paragraph)
    return parse_byline(match.group(1)) if match else None


# --- editors ---------------------------------------------------------------------------------------------

# Roles as printed in editor lines. Longest first, so 责任编辑 is never read as 编辑.
EDITOR_ROLES = (
    "责任编辑", "值班编辑", "执行编辑", "网络编辑", "编辑", "责编", "初审", "二审", "三审", "终审",
    "审读", "审核", "审校", "审签", "校对", "签发", "监制", "统筹", "美编", "编审",
    "实习编辑", "流程编辑", "特约编辑", "视频编辑", "图片编辑", "文字编辑", "新媒体编辑",
)  # fmt: skip
EDITOR_ROLE = re.compile("(" + "|".join(sorted(EDITOR_ROLES, key=len, reverse=True)) + ")")
# Decorations around an editor's name: "特区报-刘彦" (desk), "(冻结)李林夕" (account state),
# "杨倩_NF4425" (CMS user id).
_DESK_PREFIX = re.compile(r"^[^-－—]{1,12}[-－—]")
_STATE_PREFIX = re.compile(r"^[（(][^（）()]{1,6}[）)]")
_ID_SUFFIX = re.compile(r"_[A-Za-z0-9]+$")
_NAME_NOTE = re.compile(r"(?<=.)[（(][^（）()]{1,8}[）)]$")
_CMS_ID = re.compile(r"^[A-Za-z]{1,4}\d{2,}$")
_EDITOR_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,6}$|^[A-Za-z][A-Za-z0-9._-]{1,20}$")
# "本文来源：每日经济新闻 责任编辑：史建磊": a source credit may open the editor line.
_SOURCE_LEAD = re.compile(r"^(?:本文|文章)?来源[：:]\s*\S+\s+")


def _editor_name(raw: str) -> str | None:
    name = _STATE_PREFIX.sub("", _DESK_PREFIX.sub("", raw.strip())).strip()
    name = _NAME_NOTE.sub("", name)  # "张三（实习生）"
    name = _ID_SUFFIX.sub("", name)
    return name if _EDITOR_NAME.match(name) and name not in NOT_NAMES else None


def parse_editor_line(line: str) -> list[Editor] | None:
    """The (role, name) pairs of an editor line, or None when the line is not one.

    Handles the spaced form "编辑 姚静霞 二审 谭凤希 三审 詹婉容" and the glued form
    "编辑 特区报-刘彦审读 韩绍俊审核 特区报-张雪松,(冻结)李林夕". A line of roles with no names
    ("责任编辑：") is an editor line with no editors.
    """
    text = _strip_brackets(line)
    if not text or len(text) > MAX_CREDIT_LINE:
        return None
    text = _SOURCE_LEAD.sub("", text)
    parts = EDITOR_ROLE.split(text)
    if len(parts) < 3 or parts[0].strip():
        return None
    editors: list[Editor] = []
    for role, segment in zip(parts[1::2], parts[2::2], strict=True):
        if segment and not re.match(r"[\s：:/／|｜丨]", segment):
            return None  # "审核通过": a role word glued to prose
        names: list[str] = []
        for raw in re.split(r"[\s,，、/／；;|｜丨]+", segment.strip(" ：:")):
            if not raw:
                continue
            name = _editor_name(raw)
            if name is None:
                return None
            if names and _CMS_ID.match(name) and not _CMS_ID.match(names[-1]):
                continue  # "郭明煜 SF183": the editor's account in the CMS, not a second editor
            names.append(name)
        editors += [Editor(role, name) for name in names]
    return editors


def find_editors(text: str) -> list[Editor]:
    """Editors credited inside a longer line ("发布日期：2019-03-06 责任编辑：龙慧")."""
    match = EDITOR_ROLE.search(text)
    return (parse_editor_line(text[match.start() :]) or []) if match else []


# --- titles, notes, sources --------------------------------------------------------------------------------

_ORIGINAL_TITLE = re.compile(
    r"^[（(【\[]?\s*(?:本文)?原(?:标)?题(?:为)?\s*[）)】\]]?\s*(?:[：:]|(?=《)|(?<=[）)】\]]))\s*(?P<title>.+?)\s*[）)】\]]?$"
)
_EDITOR_NOTE = re.compile(r"^[【\[]?\s*编者按\s*[】\]]?\s*[：:]?\s*(?P<note>.*)$")
_SOURCE = re.compile(
    r"(?:^|\s|[（(【\[])(?:(?:本文|文章|稿件|信息)?来源(?:于)?|稿源|转自|转载自)\s*[：:|｜丨]\s*"
    r"(?P<source>[^\s，,。|｜丨）)】\]]{2,30})"
)


def parse_original_title(line: str) -> str | None:
    """The title inside a 原标题 line, without 原标题:《》."""
    match = _ORIGINAL_TITLE.match(line.strip())
    if not match:
        return None
    title = match["title"].strip()
    if title.startswith("《") and title.endswith("》"):
        title = title[1:-1]
    return title.strip() or None


def parse_editor_note(line: str) -> str | None:
    """The text after an 编者按 label ("" when the label stands alone), or None."""
    match = _EDITOR_NOTE.match(line.strip())
    return match["note"].strip() if match else None


def find_source(text: str) -> str | None:
    match = _SOURCE.search(text)
    return match["source"] if match else None


def is_source_line(line: str) -> bool:
    """A short line that only says where the piece comes from."""
    line = line.strip()
    return len(line) <= 40 and bool(_SOURCE.match(_strip_brackets(line)))


# --- credit lines inside longer lines -------------------------------------------------------------------------

# Characters before the first role an editor line may carry: a button or a link ("纠错", "打印本页").
MAX_EDITOR_LINE_LEAD = 6
_BRACKETED = re.compile(r"[【\[（(]([^【】\[\]（）()]{2,60})[】\]）)]")


def editor_line(text: str) -> list[Editor] | None:
    """The editors of an editor line, also behind a button or a link on the same line ("纠错 【责任编辑:王珂】")."""
    found = editor_line_part(text)
    return found[0] if found else None


def editor_line_part(text: str) -> tuple[list[Editor], str] | None:
    """The editors of an editor line and the part of the line that credits them, as printed."""
    editors = parse_editor_line(text)
    if editors is not None:
        return editors, text
    role = EDITOR_ROLE.search(text)
    if role and 0 < role.start() <= MAX_EDITOR_LINE_LEAD:
        rest = text[role.start() :].rstrip()
        if text[: role.start()].rstrip()[-1:] in "（(【[〔" and rest[-1:] in "）)】]〕":
            rest = rest[:-1]  # "纠错 【编辑 …】": the bracket opened before the role closes the line
        editors = parse_editor_line(rest)
        if editors is not None:
            return editors, rest
    if len(squash(_BRACKETED.sub("", text))) <= MAX_EDITOR_LINE_LEAD:
        # "【责任编辑：黄河】 【打印本页】 【关闭窗口】": the editors in one bracket, page tools in the others.
        for part in _BRACKETED.findall(text):
            editors = parse_editor_line(part)
            if editors:
                return editors, part
    return None


# --- date lines and the labels around credits ----------------------------------------------------------------

_META_LABELS = re.compile(
    r"发布时间|发表时间|发布日期|更新时间|时间|日期|来源于?|作者|记者|编辑|责编|字号|浏览|阅读|点击|次数|评论|"
    r"[：:|｜丨/()（）\s]|[大中小]|\d+次?"
)
_DATE_LABEL = re.compile(r"(?:发布|发表|更新|出版|刊发)?(?:时间|日期)\s*[：:]?")
# "阅读 2.3万", "浏览量：1024", "评论 12": counters printed on the byline's line.
_COUNTERS = re.compile(
    r"(?:阅读|浏览|点击|评论|点赞|收藏|转发|分享)(?:量|数|次数)?\s*[：:]?\s*\d[\d.,]*\s*(?:万|千|[wWkK])?\+?(?:次|人)?"
)
_LABELED_AUTHOR = re.compile(r"(?:作者|记者|撰文|文)\s*[：:/丨|]\s*([^\s，,|｜丨]+(?:\s+[^\s，,|｜丨:：]+)*)")
# A line that ends a sentence is prose again after a box of headlines (which end none).
_SENTENCE_END = re.compile(r"[。！？!?]")


def only_labels_besides_dates(text: str) -> bool:
    """A date line: its dates, labels (发布时间, 来源, 阅读 …) and at most a short name besides."""
    return len(_META_LABELS.sub("", dates.remove_dates(text))) <= 12


def without_counters(text: str) -> str:
    return _COUNTERS.sub("", text)


def undated(text: str) -> str:
    """A credit line without its dates, date labels and counters: what may be a byline."""
    return squash(_COUNTERS.sub("", _DATE_LABEL.sub("", dates.remove_dates(text)))).strip(" ·•|｜丨/-—")


def labeled_author(text: str) -> tuple[list[str], str] | None:
    """ "来源：某报 作者：张三 李四": the names right after an author label, and the credit as printed
    ("作者：张三 李四", without the other labels of its line)."""
    match = _LABELED_AUTHOR.search(text)
    if not match:
        return None
    names: list[str] = []
    end = match.start(1)
    for token in re.finditer(r"[^\s、，,]+", match.group(1)):
        if not is_name(token.group()):
            break
        names.append(token.group())
        end = match.start(1) + token.end()
    return (names, text[match.start() : end]) if names else None


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))
