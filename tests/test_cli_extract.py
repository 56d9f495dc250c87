"""`newscrawl extract FILE --url URL --json`: one JSON object, or exit 1 with one clear line on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawl.cli import main
from newscrawl.sample_site.templates import TEMPLATES, listing_page, removed_page

CLI = [sys.executable, "-m", "newscrawl"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=60)


def test_extract_prints_the_contract_json(tmp_path, seed_004):
    page = tmp_path / "article.html"
    page.write_bytes(TEMPLATES["desktop"](seed_004))
    done = run("extract", str(page), "--url", f"https://m.dutenews.com/n/article/{seed_004.id}", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["article_id"] == str(seed_004.id)
    assert data["headline"] == seed_004.headline
    assert data["published_at"] == "2021-11-12T08:24:00+08:00"
    assert data["reporters"] == ["杨明铭", "方慕冰"]
    assert data["editors"][0] == {"role": "编辑", "name": "刘彦"}
    assert data["original_title"] == seed_004.original_title
    assert len(data["content_hash"]) == 16
    assert set(data["extracted_by"]) >= {"headline", "published_at", "reporters", "editors", "body"}


def _pages(tmp_path: Path) -> dict[str, Path]:
    big = tmp_path / "big.html"
    with big.open("wb") as out:
        out.write(b"<html><body>")
        for _ in range(20):
            out.write(b"<p>" + "深圳新闻。".encode() * 70_000 + b"</p>")
    truncated = tmp_path / "truncated.html"
    truncated.write_bytes(b"<html><head><title>\xe6\xb7\xb1")  # cut inside the head, mid-character
    files = {
        "empty": b"",
        "binary": bytes(range(256)) * 64,
        "listing": listing_page(
            "深圳",
            [
                (f"/n/article/{i}", f"第{i}条新闻标题在这里", "一句摘要，说明这条新闻讲了什么。")
                for i in range(12)
            ],
        ),
        "removed": removed_page(),
    }
    paths = {"big": big, "truncated": truncated, "missing": tmp_path / "no-such-page.html"}
    for name, content in files.items():
        paths[name] = tmp_path / f"{name}.html"
        paths[name].write_bytes(content)
    return paths


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("empty", "empty page"),
        ("binary", "binary"),
        ("big", "too large"),
        ("truncated", "no article text"),
        ("missing", "cannot read"),
        ("listing", "listing page"),
        ("removed", "removed"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_1(tmp_path, case, words):
    done = run("extract", str(_pages(tmp_path)[case]), "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_truncated_article_keeps_what_arrived(tmp_path, seed_004):
    page = TEMPLATES["desktop"](seed_004)
    cut = page[: page.index(seed_004.paragraphs[10].encode()) + 30]
    path = tmp_path / "cut.html"
    path.write_bytes(cut)
    result = CliRunner().invoke(
        main, ["extract", str(path), "--url", "https://www.dutenews.com/n/article/1", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)["body"]
    assert seed_004.paragraphs[9] in body and seed_004.paragraphs[11] not in body


def test_plain_output_shows_headline_and_body(tmp_path, seed_000):
    path = tmp_path / "a.html"
    path.write_bytes(TEMPLATES["mobile"](seed_000))
    result = CliRunner().invoke(main, ["extract", str(path), "--url", "https://m.dutenews.com/n/article/7"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == seed_000.headline
    assert "editors: 编辑 姚静霞 二审 谭凤希 三审 詹婉容" in result.output
