"""Reading the archive in Datasette: the article page, the archived page, the canned queries, over HTTP from a
real `newscrawl serve`, and in a real headless Chromium (the archived page's script must not run)."""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from test_datasette import get_text, serving

from newscrawl.archive import Archive
from newscrawl.datasette_plugins.newscrawl_cells import BODY_PREVIEW
from newscrawl.record import Article, Editor

CHROMIUM = Path("/usr/bin/chromium")
SITE = "https://www.dutenews.com"
URL = f"{SITE}/n/article/7000001"
ALIAS = f"{SITE}/p/7000001.html"
# The archived page's script would write this (assembled at run time, so the script's source does not hold
# it): in the DOM, it would prove the script ran.
MARKER = "SCRIPT-RAN"
SCRIPT = "<script>document.body.append('SCRIPT' + '-RAN')</script>"

PARAGRAPHS_1 = [
    "11日上午，龙华区召开数字经济大会，九大专班代表誓师出征。",
    "大会提出，到2025年数字经济核心产业增加值占地区生产总值35%。",
    "龙华区委书记王卫为专班代表逐一授旗。",
]
PARAGRAPHS_2 = [
    PARAGRAPHS_1[0],
    "大会提出，到2026年数字经济核心产业增加值占地区生产总值40%。",
    PARAGRAPHS_1[2],
    "更正：本文已于11月13日更新，数字经济目标以区政府公布为准。",
]


def article(paragraphs: list[str], headline: str) -> Article:
    return Article(
        url=URL, headline=headline, body="\n".join(paragraphs), article_id="7000001",
        published_at="2021-11-12T08:24:00+08:00", reporters=["杨明铭", "方慕冰"],
        editors=[Editor("编辑", "刘彦"), Editor("审核", "张雪松")], original_title="九大专班奋力破题",
        editor_note="为深入报道数字经济建设，本报推出系列报道。", source="深圳特区报",
        byline="深圳特区报记者 杨明铭 方慕冰", editor_line="编辑 刘彦 审核 张雪松",
    )  # fmt: skip


def page(paragraphs: list[str], charset: str) -> bytes:
    """The article's page as the site served it, with an inline script, in ``charset``."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f'<!DOCTYPE html><html lang="zh"><head><meta charset="{charset}"><title>龙华区数字经济大会</title>'
            f'<link rel="stylesheet" href="/static/site.css"></head><body><h1>龙华区召开数字经济大会</h1>{body}'
            f"{SCRIPT}</body></html>")  # fmt: skip
    return html.encode(charset)


def build(db: Path) -> None:
    """One article, fetched twice: first as a GBK page, then edited, as UTF-8."""
    archive = Archive(db)
    for paragraphs, headline, charset, fetched_at in (
        (PARAGRAPHS_1, "龙华区召开数字经济大会", "gbk", "2021-11-12T09:00:00+08:00"),
        (PARAGRAPHS_2, "龙华区召开数字经济大会（更新）", "utf-8", "2021-11-13T09:00:00+08:00"),
    ):
        run = archive.start_run(SITE, {}, 1)
        fetch = {"url": URL, "status": 200, "content_type": f"text/html; charset={charset.upper()}",
                 "fetched_at": fetched_at, "profile": "dutenews"}  # fmt: skip
        with archive.batch():
            assert archive.store(article(paragraphs, headline), fetch, page(paragraphs, charset), run) in (
                "new", "changed",
            )  # fmt: skip
            archive.see_url(ALIAS, "7000001", "alias", run)
        archive.finish_run(run, "finished", {})
    archive.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    work = tmp_path_factory.mktemp("article")
    db = work / "dutenews.db"
    build(db)
    archive = Archive(db, readonly=True)
    versions = archive.versions_of(1)
    archive.close()
    with serving(db, work / "serve.log") as base:
        yield base, [v["id"] for v in versions]


def fetch(url: str) -> tuple[int, Message, bytes]:
    """Status, headers (any case of a name finds them) and body."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def text_of(html: str) -> str:
    """The page's text without its tags (what a reader sees), whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_article_page_reads_like_the_article(served):
    base, _ = served
    status, html = get_text(f"{base}/dutenews/articles/1")
    assert status == 200
    assert "<h1>龙华区召开数字经济大会（更新）</h1>" in html
    text = text_of(html)
    assert "记者 杨明铭、方慕冰" in text
    assert '<p class="nc-editors">编辑 刘彦 审核 张雪松</p>' in html  # the editor line as printed
    assert "原标题 九大专班奋力破题" in text and "编者按 为深入报道数字经济建设" in text
    assert "来源 深圳特区报" in text and "2021-11-12 08:24" in text
    assert "深圳特区报记者 杨明铭 方慕冰" in text  # the byline as printed
    body = re.search(r'<div class="nc-body">(.*?)</div>', html, re.DOTALL).group(1)
    assert re.findall(r"<p>(.*?)</p>", body) == PARAGRAPHS_2
    assert '["杨明铭"' not in html and "&#34;杨明铭&#34;" not in html  # no JSON on the page


def test_the_article_page_lists_urls_versions_and_the_diff(served):
    base, version_ids = served
    status, html = get_text(f"{base}/dutenews/articles/1")
    assert status == 200
    assert URL in html and ALIAS in html
    rows = re.findall(r'<tr id="version-(\d+)">(.*?)</tr>', html, re.DOTALL)
    assert [n for n, _ in rows] == ["1", "2"]  # oldest first
    first, second = (text_of(row) for _, row in rows)
    assert "2021-11-12T09:00:00+08:00" in first and "2021-11-13T09:00:00+08:00" in second
    assert " 200 " in f" {first} " and "crawl" in first
    for version_id, (_, row) in zip(version_ids, rows, strict=True):
        assert f'href="/dutenews/-/archived/{version_id}"' in row
        assert f'href="/dutenews/-/archived/{version_id}?as=text"' in row
    assert 'href="/dutenews/crawl_runs/1"' in rows[0][1] and 'href="/dutenews/crawl_runs/2"' in rows[1][1]
    diffs = re.findall(r'<section class="nc-diff" id="diff-(\d+)">(.*?)</section>', html, re.DOTALL)
    assert [n for n, _ in diffs] == ["2"]  # one diff, between versions 1 and 2
    diff = diffs[0][1]
    assert "<del>2025</del><ins>2026</ins>" in diff and "<del>35</del><ins>40</ins>" in diff
    assert f"<ins>\n{PARAGRAPHS_2[3]}</ins>" in diff  # the added paragraph


def test_an_unknown_article_is_not_found(served):
    base, _ = served
    status, _ = get_text(f"{base}/dutenews/articles/99")
    assert status == 404


def test_the_archived_page_is_served_sandboxed_and_decoded(served):
    base, version_ids = served
    for version_id, paragraphs in zip(version_ids, (PARAGRAPHS_1, PARAGRAPHS_2), strict=True):
        status, headers, body = fetch(f"{base}/dutenews/-/archived/{version_id}")
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        policy = [d.strip() for d in headers["Content-Security-Policy"].split(";")]
        assert "sandbox" in policy and "script-src 'none'" in policy and "default-src 'none'" in policy
        assert not any("allow-scripts" in d for d in policy)
        assert headers["X-Content-Type-Options"] == "nosniff"
        html = body.decode("utf-8")  # the GBK page too, re-encoded
        assert all(f"<p>{p}</p>" in html for p in paragraphs)
        assert SCRIPT in html and '<html lang="zh">' in html  # the page as published, its language kept


def test_the_archived_page_as_text(served):
    base, version_ids = served
    status, headers, body = fetch(f"{base}/dutenews/-/archived/{version_ids[0]}?as=text")
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body.decode("utf-8") == page(PARAGRAPHS_1, "gbk").decode("gbk")
    status, _, _ = fetch(f"{base}/dutenews/-/archived/{version_ids[0]}?as=pdf")
    assert status == 400
    status, _, _ = fetch(f"{base}/dutenews/-/archived/999")
    assert status == 404


def search(base: str, query: str) -> tuple[int, str]:
    return get_text(f"{base}/dutenews/search?" + urllib.parse.urlencode({"q": query}))


def test_the_canned_search_empty_good_and_bad(served):
    base, _ = served
    for blank in ("", "   ", "\u3000"):
        status, html = search(base, blank)
        assert status == 200, blank
        assert "message-error" not in html and "raised exception" not in html
        assert '<ol class="nc-list">' not in html and "select a.seq" not in html  # no results, no SQL
    status, html = get_text(f"{base}/dutenews/search")  # opened, nothing typed
    assert status == 200 and "message-error" not in html
    assert re.search(r'<label for="nc-q">[^<]+</label>', html) and 'id="nc-q" name="q"' in html

    status, html = search(base, "数字经济")
    assert status == 200
    hits = re.findall(r'<a class="nc-headline" href="([^"]+)">(.*?)</a>', html)
    assert hits == [("/dutenews/articles/1", "龙华区召开<mark>数字经济</mark>大会（更新）")]
    snippet = re.search(r'<p class="nc-snippet">(.*?)</p>', html).group(1)
    assert "<mark>数字经济</mark>" in snippet and "[" not in snippet

    status, html = search(base, '"深圳')
    assert status == 400
    assert re.search(r'<p class="message-error[^"]*">bad query: unbalanced quote', html)
    assert "raised exception" not in html and "<ol" not in html


def test_recently_changed_articles(served):
    base, _ = served
    status, html = get_text(f"{base}/dutenews/changed")
    assert status == 200
    hits = re.findall(r'<a class="nc-headline" href="([^"]+)">', html)
    assert hits == ["/dutenews/articles/1#versions"]
    assert "2 versions" in text_of(html)


def test_table_cells_read_as_text(served):
    base, version_ids = served
    status, html = get_text(f"{base}/dutenews/articles")
    assert status == 200
    text = text_of(html)
    assert "杨明铭、方慕冰" in text and "编辑 刘彦、审核 张雪松" in text
    assert "&#34;杨明铭&#34;" not in html and '["杨明铭"' not in html
    body = re.search(r'<td class="col-body[^"]*">(.*?)</td>', html, re.DOTALL).group(1).strip()
    assert body.endswith("…") and len(body) == BODY_PREVIEW + 1  # cut short in the table
    # A stored page links to the page, not to a download of its compressed bytes.
    for table, column in (("version_list", "raw_bytes"), ("versions", "raw")):
        status, html = get_text(f"{base}/dutenews/{table}?_sort=id")
        assert status == 200
        cells = re.findall(rf'<td class="col-{column} [^"]*">(.*?)</td>', html, re.DOTALL)
        assert [re.search(r'href="([^"]+)"', cell).group(1) for cell in cells] == [
            f"/dutenews/-/archived/{version_id}" for version_id in version_ids
        ]
        assert "blob" not in "".join(cells)


def test_every_page_is_chinese(served):
    base, version_ids = served
    for path in ("/", "/dutenews", "/dutenews/articles", "/dutenews/articles/1", "/dutenews/search?q=龙华",
                 "/dutenews/search?q=%22x", "/dutenews/crawl_runs/1", "/dutenews/nothing-here"):  # fmt: skip
        _, html = get_text(base + urllib.parse.quote(path, safe="/?=%"))
        assert '<html lang="zh-CN">' in html[:200], path


def chromium(*arguments: str, profile: Path) -> str:
    done = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", *arguments],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")
def test_in_chromium_no_script_of_an_archived_page_runs(served, tmp_path):
    base, version_ids = served
    # The check can see a script run: the same page opened as a plain file runs it.
    plain = tmp_path / "page.html"
    plain.write_bytes(page(PARAGRAPHS_2, "utf-8"))
    assert MARKER in chromium("--dump-dom", plain.as_uri(), profile=tmp_path / "profile")
    for version_id in version_ids:
        dom = chromium("--dump-dom", f"{base}/dutenews/-/archived/{version_id}", profile=tmp_path / "profile")
        assert PARAGRAPHS_1[0] in dom and SCRIPT in dom  # the archived page, its script
        assert MARKER not in dom


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")
def test_in_chromium_the_article_page_renders_at_desktop_and_phone_width(served, tmp_path):
    base, _ = served
    for width in (1400, 500):
        shot = tmp_path / f"article-{width}.png"
        chromium(f"--screenshot={shot}", f"--window-size={width},1000", f"{base}/dutenews/articles/1",
                 profile=tmp_path / "profile")  # fmt: skip
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(shot.read_bytes()[16:20], "big") == width  # the PNG's width
    dom = chromium("--dump-dom", f"{base}/dutenews/articles/1", profile=tmp_path / "profile")
    assert PARAGRAPHS_2[1] in dom and '<html lang="zh-CN">' in dom
