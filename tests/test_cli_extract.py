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


# A page dated only relative to its fetch: "3小时前" under the headline, as apps and some sites print it.
_RELATIVE_PARAGRAPHS = [
    "深圳湾公园今天迎来了一年一度的观鸟季，数千只候鸟从北方飞抵这片滨海湿地，吸引了大批市民和摄影爱好者前来观赏。",
    "据介绍，今年抵达深圳湾的候鸟种类比去年明显增多，其中包括黑脸琵鹭等多种珍稀鸟类，保护区工作人员每天都会巡查记录。",
    "市民王女士带着孩子早早来到公园，她说孩子在学校学习了候鸟迁徙的知识，这次特意来看看真正的候鸟，感到非常兴奋。",
    "有关部门提醒，观鸟时请保持安静，不要投喂和惊扰鸟类，也不要进入保护区的核心区域，共同守护这片美丽的生态家园。",
    "下一步，深圳还将继续加强湿地生态保护，完善观鸟设施，让更多市民在家门口就能感受到人与自然和谐共生的美好画面。",
]
_RELATIVE_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'>"
    "<title>深圳湾迎来观鸟季 数千只候鸟飞抵滨海湿地_新闻</title></head><body>"
    "<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a></div>"
    "<div class='article'><h1>深圳湾迎来观鸟季 数千只候鸟飞抵滨海湿地</h1>"
    "<div class='info'><span class='time'>3小时前</span> <span class='source'>来源：新华网</span></div>"
    "<div class='content'>" + "".join(f"<p>{p}</p>" for p in _RELATIVE_PARAGRAPHS) + "</div></div>"
    "<div class='footer'>版权所有 © 新闻网</div></body></html>"
)
_RELATIVE_URL = "https://news.example.com/a/12345.html"  # no date in the URL either


def _relative_page(tmp_path: Path) -> Path:
    path = tmp_path / "relative.html"
    path.write_text(_RELATIVE_PAGE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "fetched_at", ["2024-05-13T12:00:00+08:00", "2024-05-13T04:00:00Z", "2024-05-13 12:00"]
)
def test_relative_date_counts_back_from_fetched_at(tmp_path, fetched_at):
    result = CliRunner().invoke(
        main,
        [
            "extract",
            str(_relative_page(tmp_path)),
            "--url",
            _RELATIVE_URL,
            "--fetched-at",
            fetched_at,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["published_at"] == "2024-05-13T09:00:00+08:00"
    assert data["extracted_by"]["published_at"] == "relative"


def test_fetched_at_defaults_to_now(tmp_path):
    result = CliRunner().invoke(
        main, ["extract", str(_relative_page(tmp_path)), "--url", _RELATIVE_URL, "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["headline"] == "深圳湾迎来观鸟季 数千只候鸟飞抵滨海湿地"


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01T00:00", "3小时前", ""])
def test_malformed_fetched_at_is_one_line_and_exit_2(tmp_path, value):
    done = run(
        "extract", str(_relative_page(tmp_path)), "--url", _RELATIVE_URL, "--fetched-at", value, "--json"
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "--fetched-at" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
