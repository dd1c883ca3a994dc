# Wayfinder — the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install install-browser demo serve test test-fast test-browser lint benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml package.json
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	npm install --no-audit --no-fund --loglevel=error
	touch $(STAMP)

wayfinder/web/static/wayfinder/wayfinder.css: $(STAMP) $(wildcard wayfinder/web/scss/*.scss)
	npm run --silent build

## install: Python packages (virtualenv in .venv), GOV.UK Frontend and the compiled stylesheet
install: $(STAMP) wayfinder/web/static/wayfinder/wayfinder.css

## install-browser: Debian's Chromium for the browser and accessibility tests, and the Pango and HarfBuzz
## libraries WeasyPrint uses for the PDF letters and plans (needs root or sudo)
install-browser:
	@{ command -v chromium >/dev/null 2>&1 && ldconfig -p | grep -q libharfbuzz-subset; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }

## demo: install everything, build the synthetic demo county and serve it on http://localhost:8000
demo: install
	$(BIN)/wayfinder demo

## test: install everything and run the whole suite, browser and accessibility tests included
test: install install-browser
	$(BIN)/python -m pytest -q

## test-fast: the suite without the browser tests
test-fast: install
	$(BIN)/python -m pytest -q -m "not browser"

test-browser: install install-browser
	$(BIN)/python -m pytest tests/browser -m browser -q

lint: install
	$(BIN)/ruff check .

## benchmark: build the large county and measure search and record pages (not part of `make test`)
benchmark: install
	$(BIN)/python benchmarks/run.py

## benchmark-clocks: every statutory clock of a national caseload, the polars sweep against one DuckDB query
benchmark-clocks: install
	$(BIN)/python benchmarks/clocks_sweep.py

clean:
	rm -rf $(VENV) node_modules var wayfinder/web/static/wayfinder/wayfinder.css
