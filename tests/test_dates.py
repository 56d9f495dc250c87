"""Publication dates: printed Chinese forms, structured values, ISO output in China time."""

from datetime import UTC, datetime

import pytest

from newscrawl.extract.dates import CHINA_TZ, FoundDate, find_dates, parse_moment, parse_value, remove_dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2021-11-12 08:24", "2021-11-12T08:24:00+08:00"),
        ("2021年11月12日 08:24", "2021-11-12T08:24:00+08:00"),
        ("2021年11月12日08:24", "2021-11-12T08:24:00+08:00"),
        ("发布时间：2019-09-07 13:43:45　来源: 网易", "2019-09-07T13:43:45+08:00"),
        ("2019/9/7 4:04", "2019-09-07T04:04:00+08:00"),
        ("2021.11.12 08:24", "2021-11-12T08:24:00+08:00"),
        ("2012年6月24日", "2012-06-24"),
        # The publication date, not the time of a later edit printed first.
        ("更新时间：2019-09-07 09:05 发布时间：2019-09-06 08:00", "2019-09-06T08:00:00+08:00"),
        ("2019-09-06 08:00 编辑于 2019-09-07 09:05", "2019-09-06T08:00:00+08:00"),
        # A twelve-hour clock with the half of the day it is in.
        ("2019-03-06 下午2:25", "2019-03-06T14:25:00+08:00"),
        ("2019年3月6日 晚上 11:05", "2019-03-06T23:05:00+08:00"),
        ("2019年3月6日 中午12:30", "2019-03-06T12:30:00+08:00"),
        ("2019年3月6日 中午1:10", "2019-03-06T13:10:00+08:00"),
        ("2019年3月6日 上午10:05", "2019-03-06T10:05:00+08:00"),
        ("2019年3月6日 凌晨0:40", "2019-03-06T00:40:00+08:00"),
        ("发布 / 2019年3月6日 4:30 PM", "2019-03-06T16:30:00+08:00"),  # an English twelve-hour clock
        ("2019年3月6日 12:10 AM", "2019-03-06T00:10:00+08:00"),
    ],
)
def test_printed_forms(text, iso):
    assert find_dates(text)[0].iso() == iso


def test_no_year_form_waits_for_its_year():
    found = find_dates("发布时间：10-08 12:00")[0]
    assert not found.has_year
    assert found.with_year(2019).iso() == "2019-10-08T12:00:00+08:00"


def test_impossible_dates_are_not_dates():
    assert find_dates("2021-13-45 08:24") == []
    assert find_dates("编号 1234-56-78") == []
    assert find_dates("2021-11-12 25:61")[0].iso() == "2021-11-12"


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        (1581418070, "2020-02-11T18:47:50+08:00"),
        ("1581418070000", "2020-02-11T18:47:50+08:00"),
        ("2019-09-07T13:43:45+08:00", "2019-09-07T13:43:45+08:00"),
        ("2019-09-07T05:43:45Z", "2019-09-07T13:43:45+08:00"),
        ("2019-09-05T11:10:52", "2019-09-05T11:10:52+08:00"),
        ("2019-06-15", "2019-06-15"),
        ("2019年06月15日08:18", "2019-06-15T08:18:00+08:00"),
        ("Sep 7, 2019 1:43 PM", "2019-09-07T13:43:00+08:00"),
    ],
)
def test_structured_values(value, iso):
    assert parse_value(value).iso() == iso


def test_garbage_values_are_none():
    assert parse_value("") is None
    assert parse_value(None) is None
    assert parse_value("not a date at all") is None


def test_remove_dates_leaves_the_labels():
    assert remove_dates("读特记者 李晓 2025年03月14日 18:05").strip() == "读特记者 李晓"


# --- relative dates, resolved against the fetch time ------------------------------------------------------

NOW = datetime(2024, 5, 13, 12, 0, tzinfo=CHINA_TZ)
# 00:30 in China, given in UTC: "昨天" is the 12th there, though it is still the 12th in UTC too.
JUST_AFTER_MIDNIGHT = datetime(2024, 5, 12, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "iso", "has_time"),
    [
        ("刚刚", "2024-05-13T12:00:00+08:00", True),
        ("30秒前", "2024-05-13T11:59:30+08:00", True),
        ("5分钟前", "2024-05-13T11:55:00+08:00", True),
        ("3小时前", "2024-05-13T09:00:00+08:00", True),
        ("1个小时前", "2024-05-13T11:00:00+08:00", True),
        ("13小时前", "2024-05-12T23:00:00+08:00", True),
        ("2天前", "2024-05-11", False),
        ("2天前 10:20", "2024-05-11T10:20:00+08:00", True),
        ("今天 10:20", "2024-05-13T10:20:00+08:00", True),
        ("今日 10:20", "2024-05-13T10:20:00+08:00", True),
        ("今天10:20:15", "2024-05-13T10:20:15+08:00", True),
        ("昨天 10:20", "2024-05-12T10:20:00+08:00", True),
        ("昨日 10:20", "2024-05-12T10:20:00+08:00", True),
        ("前天 08:00", "2024-05-11T08:00:00+08:00", True),
        ("今天", "2024-05-13", False),
        ("昨天", "2024-05-12", False),
        ("昨日", "2024-05-12", False),
        ("昨天 25:61", "2024-05-12", False),  # an impossible time: the day alone
        ("3小时前 来源：新华网", "2024-05-13T09:00:00+08:00", True),
        ("3小时前来源：新华网", "2024-05-13T09:00:00+08:00", True),
        ("发布于3小时前 | 阅读 1.2万", "2024-05-13T09:00:00+08:00", True),
        ("读特记者 李晓 昨天 18:05", "2024-05-12T18:05:00+08:00", True),
        ("（3小时前）", "2024-05-13T09:00:00+08:00", True),
    ],
)
def test_relative_forms_resolve_against_now(text, iso, has_time):
    (found,) = find_dates(text, NOW)
    assert found.iso() == iso
    assert found.has_time is has_time
    assert found.relative and found.has_year and not found.updated


def test_relative_forms_cross_midnight_in_china_time():
    assert find_dates("昨天 23:50", JUST_AFTER_MIDNIGHT)[0].iso() == "2024-05-12T23:50:00+08:00"
    assert find_dates("3小时前", JUST_AFTER_MIDNIGHT)[0].iso() == "2024-05-12T21:30:00+08:00"
    assert find_dates("今天", JUST_AFTER_MIDNIGHT)[0].iso() == "2024-05-13"
    assert find_dates("前天 08:00", JUST_AFTER_MIDNIGHT)[0].iso() == "2024-05-11T08:00:00+08:00"


def test_a_naive_now_is_china_time():
    assert find_dates("3小时前", datetime(2024, 5, 13, 12, 0))[0].iso() == "2024-05-13T09:00:00+08:00"


def test_an_updated_label_marks_a_relative_date_too():
    (found,) = find_dates("更新于 3小时前", NOW)
    assert found.updated and found.relative


@pytest.mark.parametrize(
    "text",
    [
        "3小时前往现场",  # 前往: "went to", not "ago"
        "记者3小时前往深圳湾口岸采访",
        "3小时前的事故现场",
        "2天前，一名男子",
        "刚刚，国家统计局发布数据",
        "他刚刚到达",
        "今日头条",
        "今日",  # alone, a column's name more often than a date
        "今天，深圳迎来降雨",
        "昨天下午三点",
        "据悉，今天上午",
        "2周前",  # weeks and months are no publication dates
        "3个月前",
        "99999天前",
    ],
)
def test_prose_is_not_a_relative_date(text):
    assert find_dates(text, NOW) == []
    assert remove_dates(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-13 06:16",
        "2024-05-13 06:16 3小时前",
        "3小时前 2024-05-13 06:16",
        "发布时间：05-13 06:16 刚刚",
    ],
)
def test_an_absolute_date_hides_relative_ones(text):
    found = find_dates(text, NOW)
    assert len(found) == 1 and not found[0].relative
    assert found == find_dates(text)


def test_without_now_relative_forms_are_no_dates():
    assert find_dates("3小时前") == []
    assert find_dates("昨天 10:20 来源：新华网") == []
    assert find_dates("2021-11-12 08:24")[0].iso() == "2021-11-12T08:24:00+08:00"
    assert find_dates("2021-11-12 08:24", NOW) == find_dates("2021-11-12 08:24")


def test_remove_dates_takes_out_relative_forms():
    assert remove_dates("3小时前 来源：新华网").strip() == "来源：新华网"
    assert remove_dates("读特记者 李晓 昨天 18:05").strip() == "读特记者 李晓"
    assert remove_dates("发布于 刚刚").strip() == "发布于"
    # A line with a printed date loses only that date, as before.
    assert remove_dates("2024-05-13 06:16 3小时前往深圳") == " 3小时前往深圳"


def test_with_year_keeps_every_other_field():
    found = FoundDate(datetime(2000, 10, 8, 12, 0, tzinfo=CHINA_TZ), True, False, updated=True, relative=True)
    dated = found.with_year(2019)
    assert dated == FoundDate(datetime(2019, 10, 8, 12, 0, tzinfo=CHINA_TZ), True, True, True, True)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-05-13T12:00:00+08:00", "2024-05-13T12:00:00+08:00"),
        ("2024-05-13T04:00:00Z", "2024-05-13T12:00:00+08:00"),
        ("2024-05-13 12:00", "2024-05-13T12:00:00+08:00"),  # no offset: China time
        (" 2024-05-13T12:00 ", "2024-05-13T12:00:00+08:00"),
    ],
)
def test_parse_moment(text, iso):
    assert parse_moment(text).astimezone(CHINA_TZ).isoformat() == iso


@pytest.mark.parametrize("text", ["", "yesterday", "2024-13-01T00:00", "3小时前"])
def test_parse_moment_rejects_what_is_no_moment(text):
    with pytest.raises(ValueError):
        parse_moment(text)
