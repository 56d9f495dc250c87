"""Publication dates: the forms Chinese newsrooms print, structured-data values, and ISO 8601 output."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

# Pages that show no zone are in China Standard Time.
CHINA_TZ = timezone(timedelta(hours=8))
EARLIEST_YEAR = 1990

_DATETIME = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:T|星期.|周.|[,，])?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
# "发布时间：10-08 12:00": month and day with a time, and no year.
_NO_YEAR = re.compile(
    r"(?<![\d\-/.])(?P<m>\d{1,2})\s*[-月]\s*(?P<d>\d{1,2})\s*日?\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?!\d)"
)
# The label of a later edit's time, right before the date: "更新时间：", "最后修改于", "编辑于".
_UPDATED_LABEL = re.compile(r"(?:更新|修改|修订|编辑)(?:时间|日期|于)?\s*[：:]?\s*$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


@dataclass(frozen=True)
class FoundDate:
    """A date as the page gives it: ``has_time`` false for a bare date, ``has_year`` false for "10-08 12:00"."""

    value: datetime
    has_time: bool
    has_year: bool = True
    updated: bool = False  # printed after an "updated" label ("更新时间：…"): the time of a later edit

    def iso(self) -> str:
        """ISO 8601 with offset; a bare date stays a bare date rather than a made-up midnight."""
        if not self.has_time:
            return self.value.date().isoformat()
        return self.value.astimezone(CHINA_TZ).isoformat(timespec="seconds")

    def with_year(self, year: int) -> FoundDate:
        return FoundDate(self.value.replace(year=year), self.has_time, True, self.updated)


def _build(y: int, m: int, d: int, hh: int | None, mm: int | None, ss: int | None) -> datetime | None:
    if not EARLIEST_YEAR <= y <= datetime.now().year + 1:
        return None
    try:
        return datetime(y, m, d, hh or 0, mm or 0, ss or 0, tzinfo=CHINA_TZ)
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every plausible date in printed text, in order of appearance, except that dates labelled as a later
    edit ("更新时间：…") come after the others."""
    found: list[FoundDate] = []
    for match in _DATETIME.finditer(text):
        g = match.groupdict()
        y, m, d = int(g["y"]), int(g["m"]), int(g["d"])
        updated = bool(_UPDATED_LABEL.search(text, max(0, match.start() - 12), match.start()))
        if g["H"] is not None and int(g["H"]) < 24 and int(g["M"]) < 60:
            value = _build(y, m, d, int(g["H"]), int(g["M"]), int(g["S"]) if g["S"] else None)
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
    found.sort(key=lambda date: date.updated)  # stable: the order of appearance otherwise
    return found


def remove_dates(text: str) -> str:
    """The text with every printed date taken out: what is left of a date line is its labels."""
    return _NO_YEAR.sub("", _DATETIME.sub("", text))


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
