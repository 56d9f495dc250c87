"""`newscrawl diff`, `newscrawl changes` and `newscrawl export jsonl --all-versions` on real archive files
built with Archive.store: what they print, and one line with the documented status for bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.archive import Archive
from newscrawl.cli import main
from newscrawl.record import Article

SITE = "https://www.dutenews.com"
OTHER = "http://127.0.0.1:8765"
BODY = "深圳市召开工作会议。\n会议于3月5日召开，部署下一阶段任务。"


def store(archive: Archive, article_id: str, fetched: str, site: str = SITE, **fields) -> None:
    """One fetch of an article, stored in crawl run 1."""
    url = f"{site}/n/article/{article_id}"
    article = Article(
        url=url, article_id=article_id, **{"headline": "深圳召开工作会议", "body": BODY, **fields}
    )
    with archive.batch():
        archive.store(
            article,
            {"url": url, "fetched_at": fetched, "status": 200},
            f"<html>{article_id}</html>".encode(),
            1,
        )


@pytest.fixture
def db(tmp_path) -> Path:
    """Stored in the order of their fetches, in crawl run 1: 2001 on two sites (04-01, 04-02); 1004 twice
    (04-10), the second only a later time in its date line; 1001 three times (05-01, 05-03, 05-05); 1002
    twice (05-02, 05-04), the second with a correction; 1003 once."""
    path = tmp_path / "archive.db"
    archive = Archive(path)
    assert archive.start_run(SITE, {}, os.getpid()) == 1
    for site in (SITE, OTHER):
        store(
            archive, "2001", "2024-04-01T09:00:00+08:00", site=site, headline="同号", body=f"{site}的文章。"
        )
        store(
            archive, "2001", "2024-04-02T09:00:00+08:00", site=site, headline="同号", body=f"{site}的新文章。"
        )
    store(archive, "1004", "2024-04-10T09:00:00+08:00", headline="日期", body="正文不变。",
          published_at="2024-04-10T08:00:00+08:00")  # fmt: skip
    [(_, seq)] = archive.seqs_of_id("1004")
    edited = Article(url=f"{SITE}/n/article/1004", article_id="1004", headline="日期", body="正文不变。",
                     published_at="2024-04-10T08:30:00+08:00")  # fmt: skip
    with archive.batch():
        archive.add_version(seq, edited, archive.versions_of(seq)[0]["id"], run=1)
    store(archive, "1001", "2024-05-01T09:00:00+08:00")
    store(
        archive, "1002", "2024-05-02T09:00:00+08:00", headline="龙华区发布新政策", body="龙华区发布新政策。"
    )
    store(archive, "1001", "2024-05-03T09:00:00+08:00", body=BODY.replace("3月5日", "3月6日"))
    store(archive, "1003", "2024-05-03T10:00:00+08:00", headline="只有一个版本", body="只有一个版本。")
    store(archive, "1002", "2024-05-04T09:00:00+08:00", headline="龙华区发布新政策",
          body="龙华区发布新政策。\n【更正】原稿中发布日期有误，现已更正。")  # fmt: skip
    store(archive, "1001", "2024-05-05T09:00:00+08:00", headline="深圳召开全市工作会议",
          body=BODY.replace("3月5日", "3月6日") + "\n会议还通报了Report 2024的情况。")  # fmt: skip
    archive.finish_run(1, "finished", {})
    archive.close()
    return path


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(status: int, *args: str) -> str:
    """The one line on stderr of a command that exits with ``status``."""
    result = run(*args)
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


# --- newscrawl diff -------------------------------------------------------------------------------------


def test_diff_shows_the_last_two_versions_by_default(db):
    out = ok("diff", "--db", str(db), "1001")
    lines = out.splitlines()
    assert lines[0] == "1001 (#004) 深圳召开全市工作会议"
    assert lines[1] == (
        "version 2 (2024-05-03T09:00:00+08:00, run 1) → version 3 (2024-05-05T09:00:00+08:00, run 1)"
    )
    assert "headline: 深圳召开工作会议 → 深圳召开全市工作会议" in lines
    assert out.count("{+") == 1 and "[-" not in out  # a paragraph added, nothing removed
    assert "{+\n会议还通报了Report 2024的情况。+}" in out
    assert "\x1b[" not in out  # no colour into a pipe


def test_diff_from_and_to_pick_the_versions(db):
    out = ok("diff", "--db", str(db), "1001", "--from", "1", "--to", "2")
    assert "version 1 (2024-05-01T09:00:00+08:00, run 1) → version 2" in out
    assert "会议于3月[-5-]{+6+}日召开" in out
    assert "headline:" not in out
    # --to alone diffs against the version before it; --from alone against the latest.
    assert ok("diff", "--db", str(db), "1001", "--to", "2") == out
    assert "version 1 (" in ok("diff", "--db", str(db), "1001", "--from", "1").splitlines()[1]
    assert "→ version 3 (" in ok("diff", "--db", str(db), "1001", "--from", "1").splitlines()[1]


def test_diff_as_json(db):
    data = json.loads(ok("diff", "--db", str(db), "1001", "--from", "1", "--to", "3", "--json"))
    assert (data["article_id"], data["seq"], data["from"]["n"], data["to"]["n"]) == ("1001", 4, 1, 3)
    assert data["site"] == "dutenews.com"
    assert [f["name"] for f in data["fields"]] == ["headline"]
    assert [piece for piece in data["body"] if piece[0]] == [
        [-1, "5"],
        [1, "6"],
        [1, "\n会议还通报了Report 2024的情况。"],
    ]
    assert (data["added"], data["removed"], data["minor"], data["correction"]) == (23, 1, False, None)


def test_diff_names_an_appended_correction(db):
    out = ok("diff", "--db", str(db), "1002")
    assert "更正 appended" in out
    assert "更正: 【更正】原稿中发布日期有误，现已更正。" in out


def test_diff_of_an_id_on_two_sites_needs_the_site(db):
    line = refused(2, "diff", "--db", str(db), "2001")
    assert "several sites" in line and "127.0.0.1:8765" in line and "dutenews.com" in line
    assert "127.0.0.1:8765的{+新+}文章" in ok("diff", "--db", str(db), "2001", "--site", "127.0.0.1:8765")
    # Any form of the site's host names it.
    assert "www.dutenews.com的{+新+}文章" in ok("diff", "--db", str(db), "2001", "--site", "m.dutenews.com")


@pytest.mark.parametrize(
    ("status", "args", "words"),
    [
        (1, ["9999"], ["no article with id 9999"]),
        (1, ["1003"], ["nothing to diff", "one version"]),
        (1, ["1001", "--to", "1"], ["nothing to diff"]),
        (2, ["1001", "--to", "4"], ["--to 4", "3 versions"]),
        (2, ["1001", "--from", "7"], ["--from 7"]),
        (2, ["1001", "--from", "0"], ["--from"]),
        (2, ["1001", "--from", "x"], ["'x' is not a valid integer"]),
        (2, ["abc"], ["invalid ID 'abc'"]),
        (2, ["１２"], ["invalid ID"]),
        (2, ["1001", "--site", "http://"], ["invalid --site"]),
        (1, ["2001", "--site", "example.com"], ["no article with id 2001 on example.com"]),
    ],
)
def test_diff_bad_input_is_one_line_and_its_status(db, status, args, words):
    line = refused(status, "diff", "--db", str(db), *args)
    for word in words:
        assert word in line, line


def test_diff_of_a_missing_archive_is_a_usage_error(tmp_path):
    assert run("diff", "--db", str(tmp_path / "none.db"), "1").exit_code == 2


# --- newscrawl changes ----------------------------------------------------------------------------------


def test_changes_lists_edited_articles_most_recent_first(db):
    lines = ok("changes", "--db", str(db)).splitlines()
    ids = [line.split()[1] for line in lines]
    assert ids == ["1001", "1002", "1004", "2001", "2001"]
    assert lines[0] == "2024-05-05  1001  #004  headline, body  +23 −1 (2 edits)  深圳召开全市工作会议"
    assert lines[1] == "2024-05-04  1002  #005  body  +20 −0  更正 appended  龙华区发布新政策"
    assert lines[2] == "2024-04-10  1004  #003  published_at  +0 −0  minor  日期"


def test_changes_since_and_until_select_the_edits_in_the_period(db):
    lines = ok("changes", "--db", str(db), "--since", "2024-05-03", "--until", "2024-05-03").splitlines()
    assert lines == ["2024-05-03  1001  #004  body  +1 −1  深圳召开工作会议"]
    lines = ok("changes", "--db", str(db), "--since", "2024-05-04").splitlines()
    assert [line.split()[1] for line in lines] == ["1001", "1002"]
    assert "(2 edits)" not in lines[0]  # only the edit of 05-05 is in the period: from version 2
    assert lines[0].startswith("2024-05-05  1001  #004  headline, body  +22 −0  ")
    assert ok("changes", "--db", str(db), "--since", "2024-06-01") == ""


def test_changes_as_json(db):
    data = json.loads(ok("changes", "--db", str(db), "--since", "2024-05-01", "--json"))
    assert [(c["article_id"], c["from"], c["to"], c["edits"]) for c in data] == [
        ("1001", 1, 3, 2),
        ("1002", 1, 2, 1),
    ]
    assert data[1]["correction"] == "【更正】原稿中发布日期有误，现已更正。"
    assert {c["site"] for c in data} == {"dutenews.com"}
    assert data[0]["fields"] == ["headline", "body"] and data[0]["edited_at"] == "2024-05-05T09:00:00+08:00"


def test_changes_refuses_a_malformed_date(db):
    assert "'2024-13-01'" in refused(2, "changes", "--db", str(db), "--since", "2024-13-01")


# --- newscrawl export jsonl --all-versions --------------------------------------------------------------


def test_export_all_versions_writes_every_version_in_seq_then_version_order(db, tmp_path):
    out = tmp_path / "versions.jsonl"
    result = run("export", "jsonl", "--db", str(db), "--all-versions", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 12
    assert "12 versions written" in result.stderr
    assert [(r["seq"], r["version"]) for r in rows] == sorted((r["seq"], r["version"]) for r in rows)
    first = [r for r in rows if r["article_id"] == "1001"]
    assert [(r["version"], r["fetched_at"][:10]) for r in first] == [
        (1, "2024-05-01"),
        (2, "2024-05-03"),
        (3, "2024-05-05"),
    ]
    assert [r["headline"] for r in first] == ["深圳召开工作会议", "深圳召开工作会议", "深圳召开全市工作会议"]
    assert "3月5日" in first[0]["body"] and "3月6日" in first[1]["body"]
    assert {r["origin"] for r in rows} == {"crawl", "reextract"}
    assert {r["site"] for r in rows if r["article_id"] == "2001"} == {"dutenews.com", "127.0.0.1:8765"}
    assert all({"crawl_run", "status", "content_hash", "reporters", "editors"} <= set(r) for r in rows)


def test_export_all_versions_to_stdout_and_by_date(db):
    rows = [
        json.loads(line)
        for line in ok("export", "jsonl", "--db", str(db), "--all-versions", "-o", "-").splitlines()
    ]
    assert len(rows) == 12
    # --since/--until on the article's printed date, as for the latest versions: 1004 alone is dated.
    dated = ok("export", "jsonl", "--db", str(db), "--all-versions", "--since", "2024-04-10", "-o", "-")
    assert [(r["article_id"], r["version"]) for r in map(json.loads, dated.splitlines())] == [
        ("1004", 1),
        ("1004", 2),
    ]
    # The latest-only export is unchanged: one line per article.
    assert len(ok("export", "jsonl", "--db", str(db), "-o", "-").splitlines()) == 6
