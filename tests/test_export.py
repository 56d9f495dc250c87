"""Export: the corpus layout (round trip of a real seed), reruns that touch only what changed, JSON lines."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.archive import Archive
from newscrawl.cli import main
from newscrawl.record import Article, content_hash
from newscrawl.sample_site.fill import fill_archive

CHROME = ("免责声明", "推荐阅读", "读特热榜", "IN视频", "鹏友圈", "ICP", "Copyright")


def export(*args: str) -> str:
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture()
def generated(tmp_path) -> Path:
    path = tmp_path / "generated.db"
    fill_archive(path, 300, seed=8).close()
    return path


def seed_lines(path: Path) -> dict:
    """The parts of a real corpus file: head lines, paragraphs up to 原标题, the 原标题 and editor lines."""
    lines = path.read_text(encoding="utf-8").split("\n")
    original = next(i for i, line in enumerate(lines) if line.startswith("原标题"))
    editor = next(line for line in lines[original + 1 :] if line.startswith("编辑"))
    return {"headline": lines[0], "byline": lines[1], "date": lines[2],
            "paragraphs": [line for line in lines[3:original] if line.strip()],
            "original_title": lines[original], "editors": editor}  # fmt: skip


def test_seed_004_round_trips_through_crawl_and_corpus(crawled, shared, seed_004, tmp_path):
    db, _ = crawled
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT seq FROM articles WHERE content_hash = ?", [content_hash(seed_004.body)]
        ).fetchone()
    assert row, "the seed article was crawled and extracted to the seed's own body"
    export("txt", "--db", str(db), "-o", str(tmp_path / "corpus"))
    [ours] = (tmp_path / "corpus").glob(f"{row[0]:03d}_*.txt")
    expected = seed_lines(shared / "seeds" / "004_72571f16234e8471.txt")
    got = seed_lines(ours)
    assert got == expected
    text = ours.read_text(encoding="utf-8")
    assert not [c for c in CHROME if c in text]
    assert "(作者:" not in text


def test_corpus_layout_and_stable_names(generated, tmp_path):
    out = tmp_path / "corpus"
    export("txt", "--db", str(generated), "-o", str(out))
    with sqlite3.connect(generated) as conn:
        rows = conn.execute(
            "SELECT seq, content_hash, headline, byline, published_at, body, editor_line FROM articles"
        ).fetchall()
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{seq:03d}_{h}.txt" for seq, h, *_ in rows)
    seq, h, headline, byline, published_at, body, editor_line = rows[0]
    text = (out / f"{seq:03d}_{h}.txt").read_text(encoding="utf-8")
    date = re.sub(r"T(\d\d:\d\d).*", r" \1", published_at)
    assert (
        text == f"{headline}\n{byline}\n{date}\n\n" + "\n\n".join(body.split("\n")) + f"\n\n{editor_line}\n"
    )
    # The same names in a second export elsewhere: NNN is the archive's, not the export's.
    export("txt", "--db", str(generated), "-o", str(tmp_path / "again"))
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == names


def test_a_rerun_rewrites_only_what_changed_and_nothing_else(generated, tmp_path):
    out = tmp_path / "corpus"
    export("txt", "--db", str(generated), "-o", str(out))
    (out / "README.txt").write_text("my notes", encoding="utf-8")
    (out / "999_notahash.txt").write_text("not ours", encoding="utf-8")
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    archive = Archive(generated)
    seq, article_id, url = archive.db.execute(
        "SELECT seq, article_id, url FROM articles WHERE seq = 7"
    ).fetchone()
    changed = Article(url=url, article_id=article_id, headline="更正后的标题", body="更正后的正文。")
    with archive.batch():
        archive.store(changed, {"url": url, "fetched_at": "2026-11-25T00:00:00+08:00"}, None, None)
    archive.close()
    report = export("txt", "--db", str(generated), "-o", str(out))
    assert "1 files written, 299 unchanged, 1 removed" in report
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    new_name = f"007_{changed.content_hash}.txt"
    assert set(after) - set(before) == {new_name}
    assert [n for n in set(before) - set(after)] == [n for n in before if n.startswith("007_")]
    assert all(after[n] == before[n] for n in after if n != new_name), "untouched files keep their mtime"
    assert (out / "README.txt").read_text(encoding="utf-8") == "my notes"


def test_since_until_select_by_printed_date(generated, tmp_path):
    with sqlite3.connect(generated) as conn:
        dates = sorted(d for (d,) in conn.execute("SELECT published_date FROM articles"))
    since, until = dates[len(dates) // 4], dates[len(dates) // 2]
    export("txt", "--db", str(generated), "-o", str(tmp_path / "c"), "--since", since, "--until", until)
    want = sum(1 for d in dates if since <= d <= until)
    assert len(list((tmp_path / "c").iterdir())) == want


def test_jsonl_has_every_field_urls_and_versions(crawled, tmp_path):
    db, site = crawled
    out = tmp_path / "articles.jsonl"
    export("jsonl", "--db", str(db), "-o", str(out))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with sqlite3.connect(db) as conn:
        assert len(records) == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        aliases = dict(conn.execute("SELECT url, article_id FROM urls WHERE kind != 'fetched'").fetchall())
    fields = {"url", "urls", "article_id", "headline", "published_at", "reporters", "editors", "body", "content_hash",
              "versions", "original_title", "editor_note", "source", "extracted_by"}  # fmt: skip
    assert all(fields <= set(r) for r in records)
    assert all(r["urls"][0] == r["url"] and r["versions"] >= 1 for r in records)
    by_id = {r["article_id"]: r for r in records}
    assert aliases and all(url in by_id[i]["urls"] for url, i in aliases.items() if i in by_id)
    assert all(content_hash(r["body"]) == r["content_hash"] for r in records)
    # To standard output, the same lines.
    assert export("jsonl", "--db", str(db), "-o", "-") == out.read_text(encoding="utf-8")


def test_output_paths_are_checked(generated, tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    result = CliRunner().invoke(main, ["export", "txt", "--db", str(generated), "-o", str(a_file)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    # A corpus file that is a symlink to something outside is replaced, not written through.
    out = tmp_path / "corpus"
    export("txt", "--db", str(generated), "-o", str(out))
    victim = tmp_path / "outside.txt"
    victim.write_text("keep me", encoding="utf-8")
    name = sorted(os.listdir(out))[0]
    (out / name).unlink()
    (out / name).symlink_to(victim)
    export("txt", "--db", str(generated), "-o", str(out))
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (out / name).is_symlink()
    assert not [p for p in out.iterdir() if p.name.startswith(".export-")]
