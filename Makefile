# The set-up lives here: every target builds the virtual environment from
# requirements.txt and installs KaTeX from package-lock.json when they change.
VENV := .venv
PYTHON := $(VENV)/bin/python
SETUP := $(VENV)/.installed node_modules/.package-lock.json

.PHONY: serve build test test-browser update-outputs update-golden clean test-matrix build-zensical performance

serve: $(SETUP)  ## build the site and serve it on http://127.0.0.1:8000 with live reload
	$(VENV)/bin/mkdocs serve --strict --watch snippets

build: $(SETUP)  ## build the site into site/, failing on any warning, and its print edition site/answers.pdf
	$(VENV)/bin/mkdocs build --strict
	$(PYTHON) -m site_prepare.print_edition site

# site_prepare first: the labs then train alone on the cores, not beside a test worker.
test: $(SETUP)  ## run every test: examples against their outputs, values, the build, the site in Chromium
	$(PYTHON) -m site_prepare
	$(VENV)/bin/pytest -n 2

test-matrix: $(SETUP)  ## the whole test suite on each torch version of noxfile.py
	$(VENV)/bin/nox

build-zensical: $(SETUP)  ## build the site with Zensical into site-zensical/
	$(PYTHON) -m site_tools.zensical_build

performance: $(SETUP)  ## measure reading, building, editing, testing; rewrite docs/about/performance.md
	$(PYTHON) benchmarks/performance.py

test-browser: $(SETUP)  ## only the built site in headless Chromium (tests/browser/)
	$(VENV)/bin/pytest -m browser

update-outputs: $(SETUP)  ## rewrite the recorded outputs with what the examples print now
	$(VENV)/bin/pytest docs -n 2 --update-outputs
	git status --short -- snippets

update-golden: $(SETUP)  ## rewrite the extensions' golden HTML (tests/golden/) with what they make now
	$(VENV)/bin/pytest tests/test_golden.py --update-golden
	git status --short -- tests/golden

$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --disable-pip-version-check -q -r requirements.txt
	$(PYTHON) -m pip install --disable-pip-version-check -q --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) node_modules site site-zensical zensical.generated.yml .cache .site-cache .nox
