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
