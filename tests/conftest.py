"""Shared fixtures: where ../shared is, and the seed articles read from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.sample_site.seeds import SampleArticle, load_seeds, shared_dir

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "seeds").is_dir():
        pytest.fail(f"shared/ not found at {path}: set NEWSCRAWL_SHARED or check out beside it")
    return path


@pytest.fixture(scope="session")
def seeds(shared: Path) -> list[SampleArticle]:
    return load_seeds(shared / "seeds")


@pytest.fixture(scope="session")
def seed_000(seeds: list[SampleArticle]) -> SampleArticle:
    return next(s for s in seeds if s.editor_note)


@pytest.fixture(scope="session")
def seed_004(seeds: list[SampleArticle]) -> SampleArticle:
    return next(s for s in seeds if s.original_title)


@pytest.fixture(scope="session")
def crawled(tmp_path_factory) -> tuple[Path, Path]:
    """A 200-article sample site crawled by the real `scrapy crawl dutenews`, as `make demo` does it:
    (archive path, site directory with its manifest)."""
    import subprocess

    from newscrawl.sample_site.server import SampleServer
    from newscrawl.sample_site.site import SampleSite

    root = Path(__file__).resolve().parents[1]
    work = tmp_path_factory.mktemp("crawled")
    server = SampleServer(SampleSite(articles=200, seed=1, slow_seconds=1.5), 0, work / "site")
    server.serve_in_thread()
    db = work / "dutenews.db"
    command = server.crawl_command(db)
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr[-3000:]
    return db, work / "site"
