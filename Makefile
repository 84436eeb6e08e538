# powershare: one command to set up and run the main job, one to set up and run the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lint typecheck architecture unit docs bench clean browser fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The development install: every extra (plots, web, distributed, pandas, excel), the test tools
# and the documentation site's tools.  `pip install powershare` alone is the light core.
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[all,test,docs]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/powershare power eec-1958
	$(BIN)/powershare audit afghanistan --rows 12 --output afghanistan-audit.html
	@echo
	@echo "Run powershare:     . $(VENV)/bin/activate, then powershare --help (or $(BIN)/powershare --help)"
	@echo "The demo's report:  $(CURDIR)/afghanistan-audit.html (open it in a web browser)"
	@echo "The web app:        $(BIN)/powershare serve (opens http://127.0.0.1:8765 in your browser)"

test: $(STAMP) browser lint typecheck architecture unit docs

# The web app's end-to-end tests drive Debian's chromium; install it where it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium >/dev/null; }; }

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

typecheck: $(STAMP)
	$(BIN)/mypy

# Layers, import cycles (imports inside functions included), private names, file sizes:
# see docs/architecture.md.
architecture: $(STAMP)
	$(BIN)/python tools/check_architecture.py

# pytest runs tests/ and every docstring example in src/ (--doctest-modules, pyproject.toml).
unit: $(STAMP)
	$(BIN)/pytest

# The documentation site (mkdocs.yml): guides, API reference from the docstrings, tutorials as
# notebooks executed at build time; any warning fails the build.  Written to site/.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# The long fuzz run (docs/fuzzing.md): 10,000+ generated command lines over every command, each
# in a worker with a 20 s time bound and a 2 GB address-space limit; prints the counts and
# writes the findings to /tmp/powershare-fuzz. `make test` runs the short profile (ci).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long nice -n 10 $(BIN)/pytest tests/fuzz -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --scaling

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache bench/.venv site dist
