"""Version diffs as pure functions: word-aware granularity, changed fields, minor changes, correction
notices, and the three renderings."""

from __future__ import annotations

import json

from newscrawl.diff import (
    CONTEXT_CHARS,
    DELETE,
    EQUAL,
    INSERT,
    FieldChange,
    diff_records,
    diff_text,
    edit_in_period,
    render_html,
    render_text,
    to_json,
)


def edits(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(op, text) for op, text in pieces if op != EQUAL]


def record(body: str = "正文。", **fields) -> dict:
    return {"headline": "标题", "body": body, "reporters": [], "editors": [], **fields}


# --- granularity -----------------------------------------------------------------------------------------


def test_a_changed_digit_in_chinese_marks_only_that_digit():
    pieces = diff_text("会议于3月5日召开", "会议于3月6日召开")
    assert pieces == [(EQUAL, "会议于3月"), (DELETE, "5"), (INSERT, "6"), (EQUAL, "日召开")]


def test_a_changed_chinese_character_marks_only_that_character():
    pieces = diff_text("今天天气很好，适合出行。", "今天天气不好，适合出行。")
    assert edits(pieces) == [(DELETE, "很"), (INSERT, "不")]


def test_a_changed_number_in_latin_text_marks_the_whole_word():
    pieces = diff_text("Apple releases iPhone 15", "Apple releases iPhone 16")
    assert edits(pieces) == [(DELETE, "15"), (INSERT, "16")]
    assert pieces[0] == (EQUAL, "Apple releases iPhone ")


def test_a_latin_word_inside_chinese_is_replaced_whole():
    pieces = diff_text("华为发布Mate60手机", "华为发布Mate70手机")
    assert edits(pieces) == [(DELETE, "Mate60"), (INSERT, "Mate70")]


def test_pieces_put_together_give_both_texts():
    old, new = (
        "第一段。\n深圳今天发布Report 2024，共3项。",
        "第一段有改动。\n深圳昨天发布Report 2025，共13项。\n新增一段。",
    )
    pieces = diff_text(old, new)
    assert "".join(t for op, t in pieces if op != INSERT) == old
    assert "".join(t for op, t in pieces if op != DELETE) == new


def test_equal_texts_are_one_unchanged_piece():
    assert diff_text("同样", "同样") == [(EQUAL, "同样")]
    assert diff_text("", "") == []


# --- fields and counts ----------------------------------------------------------------------------------


def test_changed_fields_are_listed_with_old_and_new_values_and_unchanged_ones_are_not():
    old = record(published_at="2024-03-05T10:00:00+08:00", reporters=["杨明铭"], source="深圳特区报")
    new = record(
        headline="新标题", published_at="2024-03-05T10:00:00+08:00", reporters=["杨明铭", "方慕冰"],
        source="深圳特区报", editors=[{"role": "编辑", "name": "刘彦"}],
    )  # fmt: skip
    diff = diff_records(old, new)
    assert diff.fields == [
        FieldChange("headline", "标题", "新标题"),
        FieldChange("reporters", ["杨明铭"], ["杨明铭", "方慕冰"]),
        FieldChange("editors", [], [{"role": "编辑", "name": "刘彦"}]),
    ]
    assert (diff.added, diff.removed) == (0, 0)
    assert not diff.minor


def test_an_empty_field_and_a_missing_one_are_the_same():
    assert diff_records(record(source=None, reporters=[]), record(source="", editor_note=None)).fields == []


def test_added_and_removed_count_characters_of_the_body():
    diff = diff_records(record("会议于3月5日召开。"), record("会议于3月16日在深圳召开。"))
    # The semantic clean-up takes the lone 日 between two edits into them: one readable change.
    assert edits(diff.body) == [(DELETE, "5日"), (INSERT, "16日在深圳")]
    assert (diff.added, diff.removed) == (6, 2)


# --- minor changes --------------------------------------------------------------------------------------


def test_full_width_punctuation_and_whitespace_only_is_minor():
    diff = diff_records(record("深圳,今天  晴。ABC"), record("深圳，今天 晴。ＡＢＣ"))
    assert diff.changed and diff.minor


def test_a_date_line_only_change_is_minor():
    diff = diff_records(
        record(published_at="2024-03-05T10:00:00+08:00"), record(published_at="2024-03-05T11:30:00+08:00")
    )
    assert [c.name for c in diff.fields] == ["published_at"]
    assert diff.minor


def test_a_changed_word_or_headline_is_not_minor():
    assert not diff_records(record("会议于3月5日召开"), record("会议于3月6日召开")).minor
    assert not diff_records(
        record(published_at="2024-03-05"), record(published_at="2024-03-06", headline="新")
    ).minor


def test_no_change_is_not_minor():
    diff = diff_records(record(), record())
    assert not diff.changed and not diff.minor


# --- correction notices ---------------------------------------------------------------------------------


BODY = "深圳市召开工作会议。\n会议部署了下一阶段任务。"


def test_an_appended_correction_paragraph_is_found():
    new = BODY + "\n【更正】原稿中会议日期有误，现已更正为3月6日。"
    diff = diff_records(record(BODY), record(new))
    assert diff.correction == "【更正】原稿中会议日期有误，现已更正为3月6日。"
    assert not diff.minor


def test_correction_words_in_traditional_characters_and_other_places_are_found():
    cases = [
        BODY + "\n勘誤：本文第二段人名有誤，特此更正。",
        BODY + "\n（本文已于2024年3月6日更新）",
        BODY + "\n原稿中数字有误，特此致歉并予以修正。",
        "編者注：本文數據截至3月5日。\n" + BODY,
        BODY + "\nCorrection: an earlier version misstated the date.",
    ]
    for new in cases:
        assert diff_records(record(BODY), record(new)).correction, new


def test_a_correction_in_the_notes_or_the_editors_note_is_found():
    assert diff_records(record(BODY), record(BODY, notes=["（更正：标题中的日期已修改）"])).correction
    assert diff_records(record(BODY), record(BODY, editor_note="编者注：文中数据已更新。")).correction


def test_ordinary_text_with_the_same_words_is_no_correction():
    for new in (BODY + "\n推动老旧设备更新和消费品以旧换新。", BODY + "\n系统修正了三项参数。"):
        assert diff_records(record(BODY), record(new)).correction is None, new


def test_a_correction_already_in_the_old_version_is_not_new():
    old = BODY + "\n【更正】原稿日期有误。"
    assert diff_records(record(old), record(old.replace("深圳市", "深圳"))).correction is None


# --- renderings -----------------------------------------------------------------------------------------


def test_text_without_colour_marks_removed_and_added():
    diff = diff_records(record("会议于3月5日召开", headline="旧"), record("会议于3月6日召开", headline="新"))
    text = render_text(diff, colour=False)
    assert text.splitlines()[0] == "headline: 旧 → 新"
    assert "会议于3月[-5-]{+6+}日召开" in text
    assert "\x1b[" not in text


def test_text_in_colour_marks_removed_red_and_added_green():
    text = render_text(diff_records(record("会议于3月5日召开"), record("会议于3月6日召开")), colour=True)
    assert "\x1b[31m" in text and "\x1b[32m" in text
    assert "[-" not in text and "{+" not in text


def test_long_unchanged_stretches_are_cut_to_their_context():
    before, after = "甲" * 200, "乙" * 200
    middle = "丙" * 200
    diff = diff_records(record(f"{before}5{middle}7{after}"), record(f"{before}6{middle}8{after}"))
    text = render_text(diff, colour=False)
    body = text.split("\n\n", 1)[1]
    assert body == (
        f"…{'甲' * CONTEXT_CHARS}[-5-]{{+6+}}{'丙' * CONTEXT_CHARS}…{'丙' * CONTEXT_CHARS}[-7-]{{+8+}}"
        f"{'乙' * CONTEXT_CHARS}…"
    )


def test_json_carries_fields_pieces_counts_and_flags():
    diff = diff_records(record(BODY), record(BODY + "\n更正：日期有误。", headline="新"))
    data = json.loads(json.dumps(to_json(diff), ensure_ascii=False))
    assert data["fields"] == [{"name": "headline", "old": "标题", "new": "新"}]
    assert data["body"] == [[0, BODY], [1, "\n更正：日期有误。"]]
    assert (data["added"], data["removed"], data["minor"]) == (9, 0, False)
    assert data["correction"] == "更正：日期有误。"


def test_html_escapes_text_and_marks_with_del_and_ins():
    diff = diff_records(record("a <b> 5 & c", headline="<i>旧</i>"), record("a <b> 6 & c", headline="新"))
    fragment = render_html(diff)
    assert "<del>5</del><ins>6</ins>" in fragment
    assert "a &lt;b&gt; " in fragment and " &amp; c" in fragment
    assert "&lt;i&gt;旧&lt;/i&gt;" in fragment and "<i>" not in fragment


# --- a period's change ----------------------------------------------------------------------------------


def versions(*bodies_and_dates: tuple[str, str]) -> list[dict]:
    return [
        {"n": n, "fetched_at": f"{date}T10:00:00+08:00", "record": record(body)}
        for n, (body, date) in enumerate(bodies_and_dates, 1)
    ]


def test_a_period_diff_runs_from_before_its_first_edit_to_its_last():
    found = versions(("一", "2024-05-01"), ("二", "2024-05-03"), ("三", "2024-05-05"), ("四", "2024-05-07"))
    base, last, count, diff = edit_in_period(found, since="2024-05-02", until="2024-05-06")
    assert (base["n"], last["n"], count) == (1, 3, 2)
    assert edits(diff.body) == [(DELETE, "一"), (INSERT, "三")]


def test_a_period_without_edits_has_no_diff():
    found = versions(("一", "2024-05-01"), ("二", "2024-05-03"))
    assert edit_in_period(found, since="2024-05-04") is None
    assert edit_in_period(found, until="2024-05-02") is None  # the first version is no edit
