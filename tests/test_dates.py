"""Publication dates: printed Chinese forms, structured values, ISO output in China time."""

import pytest

from newscrawl.extract.dates import find_dates, parse_value, remove_dates


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
