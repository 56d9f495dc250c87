"""Publication dates: the forms Chinese newsrooms print, structured-data values, and ISO 8601 output."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone

# Pages that show no zone are in China Standard Time.
CHINA_TZ = timezone(timedelta(hours=8))
EARLIEST_YEAR = 1990

_DATETIME = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:T|星期.|周.|[,，])?\s*(?P<half>上午|下午|中午|晚上|傍晚|凌晨|早上|夜间)?\s*"
    r"(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?(?:\s*(?P<ampm>[AaPp][Mm])\b)?)?"
)
# The half of the day a twelve-hour clock names: "下午2:25" is 14:25, "中午1:10" 13:10, "上午10:05" 10:05.
_AFTERNOON = ("下午", "晚上", "傍晚", "夜间")


def _hour(hour: int, half: str | None, ampm: str | None = None) -> int:
    if ampm:  # "4:30 PM", "12:10 AM"
        return hour % 12 + (12 if ampm.lower() == "pm" else 0)
    if half in _AFTERNOON and hour < 12 or half == "中午" and hour < 6:
        return hour + 12
    return hour


# "2023 03/05 11:20:45": the year printed apart from month/day, as xinhuanet sets them in spans of their
# own; with the time after it, nothing else reads like this.
_YEAR_APART = re.compile(r"(?<!\d)((?:19|20)\d{2})\s+(\d{1,2})\s*/\s*(\d{1,2})(?=\s+\d{1,2}:\d{2})")
# "发布时间：10-08 12:00": month and day with a time, and no year.
_NO_YEAR = re.compile(
    r"(?<![\d\-/.])(?P<m>\d{1,2})\s*[-月]\s*(?P<d>\d{1,2})\s*日?\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?!\d)"
)
# The label of a later edit's time, right before the date: "更新时间：", "最后修改于", "编辑于".
_UPDATED_LABEL = re.compile(r"(?:更新|修改|修订|编辑)(?:时间|日期|于)?\s*[：:]?\s*$")
# The label of a document's own date on a government portal, before the date it went online: "成文日期：",
# "发文日期：", "印发日期：". Its date comes after the 发布日期 like an edit's does.
_DRAFTED_LABEL = re.compile(r"(?:成文|发文|印发|签发)(?:时间|日期)\s*[：:]?\s*$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")

# Relative times, as news sites and apps print them instead of a date: "刚刚", "3小时前", "2天前",
# "昨天 10:20", "今天". They mean something only against the moment the page was fetched. Weeks and months
# ("2周前", "3个月前") are left out on purpose: a week's or a month's precision is no publication date.
# These words are common in prose ("3小时前往现场", "刚刚，国家统计局发布", "今日头条", "昨天下午"), so a
# relative form counts only as a whole token: at the start of the text or after a space, a separator, a
# label's colon, an opening bracket or "于" ("发布于3小时前")…
_RELATIVE_LEAD = r"(?<![^\s|｜丨·•/:：(（\[【于])"
# …and at the end of the text or before a space, a separator, a closing bracket or a "来源：" label: never
# before another word ("前往", "前的", "前，").
_RELATIVE_TAIL = r"(?=$|[\s|｜丨·•/)）\]】]|来源\s*[：:])"
# The clock time that may follow a day ("昨天 10:20", "3天前 08:00:15").
_RELATIVE_CLOCK = r"(?:\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})(?:\s*[:：]\s*(?P<S>\d{2}))?(?!\d))"
_RELATIVE = re.compile(
    _RELATIVE_LEAD
    + r"(?:"
    + r"(?P<just>刚刚)"  # the moment of the fetch
    + r"|(?P<n>\d{1,4})\s?(?P<unit>秒|分钟|个?小时)\s?前"  # "30秒前", "5分钟前", "3小时前", "1个小时前"
    # "2天前" (a bare date, unless a time follows), "昨天 10:20", "前天 08:00", bare "今天"/"昨天"/"昨日";
    # "今日" only with a time: alone it is a column's name ("今日 关注") more often than a date.
    + r"|(?:(?P<days>\d{1,4})\s?天\s?前|(?P<day>今天|昨天|昨日|前天|今日(?=\s*\d{1,2}\s*[:：])))"
    + _RELATIVE_CLOCK
    + r"?)"
    + _RELATIVE_TAIL
)
_DAYS_BACK = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_UNIT_SECONDS = {"秒": 1, "分钟": 60, "小时": 3600, "个小时": 3600}


@dataclass(frozen=True)
class FoundDate:
    """A date as the page gives it: ``has_time`` false for a bare date, ``has_year`` false for "10-08 12:00"."""

    value: datetime
    has_time: bool
    has_year: bool = True
    updated: bool = False  # printed after an "updated" label ("更新时间：…"): the time of a later edit
    relative: bool = False  # printed relative to the fetch ("3小时前", "昨天 10:20") and resolved against it

    def iso(self) -> str:
        """ISO 8601 with offset; a bare date stays a bare date rather than a made-up midnight."""
        if not self.has_time:
            return self.value.date().isoformat()
        return self.value.astimezone(CHINA_TZ).isoformat(timespec="seconds")

    def with_year(self, year: int) -> FoundDate:
        return replace(self, value=self.value.replace(year=year), has_year=True)


def _build(y: int, m: int, d: int, hh: int | None, mm: int | None, ss: int | None) -> datetime | None:
    if not EARLIEST_YEAR <= y <= datetime.now().year + 1:
        return None
    try:
        return datetime(y, m, d, hh or 0, mm or 0, ss or 0, tzinfo=CHINA_TZ)
    except ValueError:
        return None


_PUBLICATION_LABEL = re.compile(r"^(?:发布|公开|发稿|上网)(?:日期|时间)\s*[：:]?$")


def publication_label(label: str) -> bool:
    """A cell that labels the next cell's date as the publication's: "发布日期：", "公开日期："."""
    return bool(_PUBLICATION_LABEL.match(re.sub(r"\s", "", label)))


def not_publication_label(label: str) -> bool:
    """A label of a cell of its own before a date's cell ("发文日期：", "更新时间："): the date is not the
    publication's."""
    label = label.strip()
    return len(label) <= 10 and bool(_UPDATED_LABEL.search(label) or _DRAFTED_LABEL.search(label))


def find_dates(text: str, now: datetime | None = None) -> list[FoundDate]:
    """Every plausible date in printed text, in order of appearance, except that dates labelled as a later
    edit ("更新时间：…") come after the others.

    With ``now``, the moment the page was fetched (timezone-aware; a naive one is China time), a text that
    prints no date also yields its relative times ("刚刚", "3小时前", "2天前", "昨天 10:20", "今天"),
    resolved against ``now`` in China time and marked ``relative``. Without it, relative times are no dates.
    """
    found: list[FoundDate] = []
    text = _YEAR_APART.sub(r"\1-\2-\3", text)
    for match in _DATETIME.finditer(text):
        g = match.groupdict()
        y, m, d = int(g["y"]), int(g["m"]), int(g["d"])
        updated = bool(_UPDATED_LABEL.search(text, max(0, match.start() - 12), match.start()))
        updated = updated or bool(_DRAFTED_LABEL.search(text, max(0, match.start() - 12), match.start()))
        hour = _hour(int(g["H"]), g["half"], g["ampm"]) if g["H"] is not None else None
        if hour is not None and hour < 24 and int(g["M"]) < 60:
            value = _build(y, m, d, hour, int(g["M"]), int(g["S"]) if g["S"] else None)
            if value:
                found.append(FoundDate(value, True, updated=updated))
                continue
        value = _build(y, m, d, None, None, None)  # no time, or an impossible one: the date alone
        if value:
            found.append(FoundDate(value, False, updated=updated))
    if not found:
        for match in _NO_YEAR.finditer(text):
            # A placeholder leap year so that 02-29 survives until the real year is known.
            if int(match["H"]) >= 24 or int(match["M"]) >= 60:
                continue
            value = _build(2000, int(match["m"]), int(match["d"]), int(match["H"]), int(match["M"]), None)
            if value:
                found.append(FoundDate(value, True, has_year=False))
    if not found and now is not None:
        found = _find_relative(text, now)
    found.sort(key=lambda date: date.updated)  # stable: the order of appearance otherwise
    return found


def _find_relative(text: str, now: datetime) -> list[FoundDate]:
    local = (now if now.tzinfo else now.replace(tzinfo=CHINA_TZ)).astimezone(CHINA_TZ).replace(microsecond=0)
    found = []
    for match in _RELATIVE.finditer(text):
        updated = bool(_UPDATED_LABEL.search(text, max(0, match.start() - 12), match.start()))
        value, has_time = local, True  # "刚刚"
        if match["n"]:
            value = local - timedelta(seconds=int(match["n"]) * _UNIT_SECONDS[match["unit"]])
        elif match["days"] or match["day"]:
            back = int(match["days"]) if match["days"] else _DAYS_BACK[match["day"]]
            day = local.date() - timedelta(days=back)
            hh, mm, ss = (int(match[k]) if match[k] else 0 for k in ("H", "M", "S"))
            # An impossible time ("昨天 25:61") leaves the day alone, as with printed dates.
            has_time = match["H"] is not None and hh < 24 and mm < 60 and ss < 60
            value = datetime(day.year, day.month, day.day, tzinfo=CHINA_TZ)
            if has_time:
                value = value.replace(hour=hh, minute=mm, second=ss)
        if value.year >= EARLIEST_YEAR:
            found.append(FoundDate(value, has_time, updated=updated, relative=True))
    return found


def remove_dates(text: str) -> str:
    """The text with every printed date taken out: what is left of a date line is its labels.

    Relative times ("3小时前 来源：新华网") are taken out of a text that prints no date, as ``find_dates``
    finds them there; words that only look like one ("3小时前往") stay.
    """
    if not find_dates(text):
        text = _RELATIVE.sub("", text)
    return _NO_YEAR.sub("", _DATETIME.sub("", _YEAR_APART.sub(r"\1-\2-\3", text)))


def parse_moment(text: str) -> datetime:
    """A moment in ISO 8601 ("2024-05-13T12:00:00+08:00", "2024-05-13 12:00", "…Z"), timezone-aware: one
    without an offset is China time. ValueError when the text is not one."""
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ)


def parse_value(value: object) -> FoundDate | None:
    """A date from structured data: epoch seconds or milliseconds, ISO 8601, or a printed form."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    if isinstance(value, int | float) or _EPOCH.match(text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) >= 13 else 1)
        try:
            moment = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return FoundDate(moment.astimezone(CHINA_TZ), True) if moment.year >= EARLIEST_YEAR else None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is not None:
        has_time = "T" in text or ":" in text
        return FoundDate(moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ), has_time)
    found = find_dates(text)
    if found and found[0].has_year:
        return found[0]
    return _dateparser(text)


def _dateparser(text: str) -> FoundDate | None:
    # Imported here: dateparser takes a third of a second to import and most pages never need it.
    import dateparser

    moment = dateparser.parse(
        text, languages=["zh", "en"], settings={"TIMEZONE": "Asia/Shanghai", "RETURN_AS_TIMEZONE_AWARE": True}
    )
    if moment is None or moment.year < EARLIEST_YEAR:
        return None
    return FoundDate(moment, bool(moment.hour or moment.minute or ":" in text))
