"""python -m newscrawl.sample_site pages DIR: write every template of every sample article to DIR."""

from __future__ import annotations

import sys
from pathlib import Path

from newscrawl.sample_site.seeds import load_seeds
from newscrawl.sample_site.templates import TEMPLATES
from newscrawl.sample_site.texts import NEW_TEXTS


def write_pages(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for article in [*load_seeds(), *NEW_TEXTS]:
        for name, render in TEMPLATES.items():
            path = directory / f"{article.id}-{name}.html"
            path.write_bytes(render(article))
            written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "pages":
        sys.exit("usage: python -m newscrawl.sample_site pages DIR")
    for path in write_pages(Path(sys.argv[2])):
        print(path)
