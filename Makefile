# Every target builds what it needs: a fresh machine only needs python3 (3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed

.PHONY: demo test eval bench crawl serve screenshots sample-site lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	# pip 23.2 can crash resolving lxml[html-clean] (trafilatura): upgrade first.
	$(BIN)/pip install -q -U pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(STAMP)

# The sample site on 127.0.0.1, a real `scrapy crawl dutenews` into data/demo.db (its own archive), its stats.
demo: $(STAMP)
	$(BIN)/python -m newscrawl.demo

test: $(STAMP)
	NEWSCRAWL_SHARED=$(SHARED) $(BIN)/python -m pytest

# One table per set: gne-dev, zh-dev and the sample site's templates (its seeds come from $(SHARED)/seeds).
eval: $(STAMP)
	NEWSCRAWL_SHARED=$(SHARED) $(BIN)/python -m bench.evaluate --pages $(SHARED)/pages/gne-dev \
		--pages $(SHARED)/pages/zh-dev --sample

# Writes $(OUT), untracked; the committed record is written on purpose: make bench OUT=bench/results.json
OUT ?= bench/results.local.json
bench: $(STAMP)
	$(BIN)/python -m bench.run --pages $(SHARED)/pages/gne-dev --out $(OUT)

crawl: $(STAMP)
	$(BIN)/scrapy crawl dutenews

# Datasette on the archive, read-only, search configured (http://127.0.0.1:8001/).
# The demo's archive: make serve DB=data/demo.db
DB ?= data/dutenews.db
serve: $(STAMP)
	$(BIN)/newscrawl serve --db $(DB) --port 8001

# PNGs of the article page, its diff, an archived page and the canned searches at 1400 and 500 px, into
# $(SHOTS) (untracked), from the sample site crawled twice; needs chromium and fonts-noto-cjk (apt-get).
# Of another archive: make screenshots SCREENSHOTS_DB=data/demo.db
SHOTS ?= data/screenshots
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py --out $(SHOTS) $(if $(SCREENSHOTS_DB),--db $(SCREENSHOTS_DB))

# The sample site alone, for trying the crawler by hand (Ctrl-C stops it).
sample-site: $(STAMP)
	$(BIN)/newscrawl sample-site --port 8080

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
