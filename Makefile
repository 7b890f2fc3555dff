# Everything a fresh machine needs is installed by these targets (README: make serve / make test).
VENV ?= .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system-deps serve build test bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# Debian's Chromium, CJK fonts, poppler and zbar for the browser and print tests (never `playwright install`)
system-deps:
	bash scripts/install-system-deps.sh

build: setup
	$(VENV)/bin/mkdocs build --strict

serve: build
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000   # --dirty: a save rebuilds only the pages it feeds

test: setup system-deps
	$(VENV)/bin/pytest -q

bench: setup system-deps
	$(PY) bench/run.py

clean:
	rm -rf site .pytest_cache
