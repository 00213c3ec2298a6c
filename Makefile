# Two commands do everything on a fresh machine with Python 3.11+:
#   make serve   set up, then build and serve the site at http://127.0.0.1:8000/
#   make test    set up, then run every test but the slow sweeps, which CI runs too (Debian's chromium, Java, pango and fonts; axe-core and vnu-jar from npm)
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

.PHONY: setup serve build check test test-all browser java pdf-libs checkers lighthouse clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

serve: setup
	$(BIN)/mkdocs serve

build: setup pdf-libs
	$(BIN)/mkdocs build --strict

# The edit loop (under a minute): validate the content, then every test that needs no built site or browser.
check: setup
	$(BIN)/turkic-site check
	$(BIN)/pytest -q -n 2 -m "not site and not slow"

# Debian's chromium for the real-browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's Java for the Nu HTML Checker (vnu-jar from npm), run over every built page by the tests.
java:
	@command -v java >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }


# Debian's pango and DejaVu fonts for WeasyPrint (the whole-argument PDF, built by `mkdocs build` only).
PDF_PACKAGES = libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
pdf-libs:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }

# axe-core, vnu-jar and lighthouse from the npm registry, for the checks (nothing from npm ships with the site).
checkers: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# Lighthouse best practices and SEO of four pages, written to LIGHTHOUSE.md (slow: not part of `make test`).
lighthouse: setup browser pdf-libs checkers
	$(BIN)/python bench/lighthouse.py

# Every test but the slow whole-site sweeps, on two workers; in CI (CI=true) the slow ones too, as `make test-all`.
TIER = $(if $(CI),,-m "not slow")
test: setup browser java pdf-libs checkers
	$(BIN)/pytest -n 2 --dist loadfile $(TIER)

test-all: setup browser java pdf-libs checkers
	$(BIN)/pytest -n 2 --dist loadfile

clean:
	rm -rf site $(VENV) node_modules
	find docs -mindepth 1 ! -name .gitignore -delete
