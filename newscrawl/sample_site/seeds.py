"""The real corpus files in shared/seeds/, read into articles the sample site can render.

Deliberately simple, line-based rules that do not use the extractor's parsers: the seeds are the answer
key the extractor is tested against, so they must not be read with the code under test.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

_DATE_LINE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


@dataclass
class SampleArticle:
    """An article as the site prints it: the facts a correct extraction must give back."""

    id: int
    headline: str
    published: datetime
    paragraphs: list[str]
    byline: str | None = None  # "深圳特区报记者 杨明铭 方慕冰", printed under the headline
    reporters: list[str] = field(default_factory=list)
    editor_note: list[str] = field(default_factory=list)  # printed under an 编者按 label
    original_title: str | None = None
    editor_line: str | None = None
    editors: list[tuple[str, str]] = field(default_factory=list)
    author_line: str | None = None  # "(作者:深圳特区报记者 杨明铭 方慕冰)", printed after the editors
    source: str | None = None
    captions: dict[int, str] = field(default_factory=dict)  # paragraph index → caption of a picture after it
    chrome: list[str] = field(default_factory=list)  # the site's furniture lines, never part of the article
    channel: str | None = None

    @property
    def body_paragraphs(self) -> list[str]:
        """The body as the contract defines it: 编者按 and its note at the head, as printed."""
        return (["编者按", *self.editor_note] if self.editor_note else []) + self.paragraphs

    @property
    def body(self) -> str:
        return "\n".join(self.body_paragraphs)

    def edited(self, **changes) -> SampleArticle:
        return replace(self, **changes)


# What the seed files do not print, supplied here: 000 starts at its 编者按, with no headline, byline or
# date; both name the editors in their editor line, parsed by hand below.
SEED_FACTS = {
    "000_0d93e0d0cff1032f.txt": {
        "headline": "坚持“工业立区、制造业当家” 龙岗区委书记张礼卫接受深圳特区报专访",
        "published": "2022-12-05 07:30",
        "note_paragraphs": 2,
        "editors": [("编辑", "姚静霞"), ("二审", "谭凤希"), ("三审", "詹婉容")],
        "reporters": [],
    },
    "004_72571f16234e8471.txt": {
        "editors": [("编辑", "刘彦"), ("审读", "韩绍俊"), ("审核", "张雪松"), ("审核", "李林夕")],
        "reporters": ["杨明铭", "方慕冰"],
    },
}


def shared_dir() -> Path:
    """../shared beside the checkout, or where NEWSCRAWL_SHARED points."""
    configured = os.environ.get("NEWSCRAWL_SHARED")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared"


def load_seed(path: Path, article_id: int) -> SampleArticle:
    facts = SEED_FACTS.get(path.name, {})
    lines = [line.rstrip() for line in path.read_text(encoding="utf-8").split("\n")]
    if len(lines) > 2 and _DATE_LINE.match(lines[2]):
        headline, byline, published, rest = lines[0], lines[1], lines[2], lines[3:]
    else:
        headline, byline, published, rest = facts["headline"], None, facts["published"], lines
    end = next(i for i, line in enumerate(rest) if line.startswith(("原标题", "编辑 ")))
    text = [line for line in rest[:end] if line.strip()]
    note: list[str] = []
    if text and text[0] == "编者按":
        count = facts.get("note_paragraphs", 1)
        note, text = text[1 : 1 + count], text[1 + count :]
    tail = [line for line in rest[end:] if line.strip()]
    original = next((line for line in tail if line.startswith("原标题")), None)
    editor_line = next(line for line in tail if line.startswith("编辑 "))
    author_line = next((line for line in tail if line.startswith("(作者")), None)
    chrome = tail[tail.index(author_line or editor_line) + 1 :]
    return SampleArticle(
        id=article_id,
        headline=headline,
        published=datetime.strptime(published, "%Y-%m-%d %H:%M"),
        paragraphs=text,
        byline=byline,
        reporters=list(facts.get("reporters", [])),
        editor_note=note,
        original_title=original.split("《", 1)[1].rsplit("》", 1)[0] if original else None,
        editor_line=editor_line,
        editors=list(facts.get("editors", [])),
        author_line=author_line,
        chrome=chrome,
    )


def load_seeds(directory: Path | None = None, first_id: int = 10668000) -> list[SampleArticle]:
    directory = directory or shared_dir() / "seeds"
    return [load_seed(path, first_id + i) for i, path in enumerate(sorted(directory.glob("*.txt")))]
