# Everything a fresh machine needs is installed by these targets (README: make serve / make test).
# Installs come from requirements.lock (exact versions with hashes); `make test-latest` tries the
# newest versions pyproject.toml allows, in a venv of its own, so drift shows before it breaks a
# fresh machine; `make lock` writes the lock again from pyproject.toml.
VENV ?= .venv
PY := $(VENV)/bin/python
LATEST := .venv-latest
LOCK_TOOLS := .cache/lock-tools
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system-deps serve edit build test test-latest lock bench clean

$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $@

setup: $(VENV)/.installed

# Debian's Chromium, CJK fonts, poppler and zbar for the browser and print tests (never `playwright install`)
system-deps:
	bash scripts/install-system-deps.sh

build: setup
	$(VENV)/bin/mkdocs build --strict

serve: build
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000   # --dirty: a save rebuilds only the pages it feeds

# The editor's desk on 127.0.0.1: fill and review content in the browser (its first line is its address)
edit: setup
	$(VENV)/bin/service-guide edit

test: setup system-deps
	$(VENV)/bin/pytest -q

# The newest versions pyproject.toml allows, installed afresh each time: what a lock-less install gets today
test-latest: system-deps
	rm -rf $(LATEST)
	python3 -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet -e '.[test]'
	$(LATEST)/bin/python scripts/lock_drift.py requirements.lock
	$(LATEST)/bin/pytest -q

lock:
	python3 -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet --upgrade pip-tools
	$(LOCK_TOOLS)/bin/pip-compile --quiet --upgrade --extra test --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --all-build-deps --output-file requirements.lock pyproject.toml
	rm -rf service_guide.egg-info  # left by the metadata build; it would shadow the installed entry points

bench: setup system-deps
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	$(PY) bench/run.py
	$(PY) bench/imports.py

clean:
	rm -rf site .pytest_cache $(LATEST)
