# Every target builds what it needs: a fresh machine only needs python3 (3.11+).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed

.PHONY: demo test eval bench crawl lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	# pip 23.2 can crash resolving lxml[html-clean] (trafilatura): upgrade first.
	$(BIN)/pip install -q -U pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $(STAMP)

# For now: render the sample pages and extract two of them (the crawl issue turns this into a real crawl).
demo: $(STAMP)
	$(BIN)/python -m newscrawl.sample_site pages data/samples > /dev/null
	$(BIN)/newscrawl extract data/samples/10668001-desktop.html --url https://www.dutenews.com/n/article/10668001 | head -12
	@echo
	$(BIN)/newscrawl extract data/samples/10668000-spa.html --url https://m.dutenews.com/n/article/10668000 --json | cut -c1-160 | head -40

test: $(STAMP)
	NEWSCRAWL_SHARED=$(SHARED) $(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python -m bench.evaluate --pages $(SHARED)/pages/gne-dev

bench: $(STAMP)
	$(BIN)/python -m bench.run --pages $(SHARED)/pages/gne-dev --out bench/results.json

crawl: $(STAMP)
	$(BIN)/scrapy crawl dutenews

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
