# Every target bootstraps .venv from the pinned requirements.lock first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build check test lint bench system-deps lock clean

$(STAMP): requirements.lock requirements-nodeps.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-nodeps.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# The served copy goes to memory (/dev/shm) where there is one, as other static-site dev servers do:
# mkdocs serve rewrites every page of it on each save, which on a disk costs more than rendering.
serve: $(STAMP)          ## build and serve the site on http://localhost:8000
	TMPDIR="$$(test -d /dev/shm -a -w /dev/shm && echo /dev/shm || echo "$${TMPDIR:-/tmp}")" \
	  $(BIN)/mkdocs serve --dirty --dev-addr localhost:8000

build: $(STAMP)          ## build the site into site/ (fails on any diagnostic)
	$(BIN)/mkdocs build --strict

check: $(STAMP)          ## validate citations, links, front matter and anonymity
	$(BIN)/kb check

lint: $(STAMP)
	$(BIN)/ruff check kb hooks tests bench tools
	$(BIN)/ruff format --check kb hooks tests bench tools
	$(BIN)/actionlint .github/workflows/*.yml

test: lint system-deps  ## lint + every test (unit, content, site: build and browser)
	$(BIN)/python -m pytest

bench: $(STAMP)          ## print benchmark figures
	$(BIN)/python bench/citation_batching.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/edit_loop.py
	$(BIN)/python bench/sphinx_compare.py

# Browser tests drive Debian's Chromium, and the bibliography is checked with Debian's biber:
# install them when missing (CI runs as root).
system-deps:
	@test -x "$${KB_CHROMIUM:-/usr/bin/chromium}" && command -v biber >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium biber >/dev/null; \
	  else echo "chromium or biber missing: run 'sudo apt-get install chromium biber'" >&2; exit 1; fi; }

lock:                    ## re-pin requirements.lock from the current .venv
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E "^(pip|kb-socialt-arbete|taguette)==" > requirements.lock

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache
