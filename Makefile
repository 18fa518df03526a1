# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make demo   build the sample project and open it
#   make test   lint, type checks and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck browser pytest bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "qualcode needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/qualcode demo --dir qualcode-demo

test: lint typecheck browser pytest

lint: $(STAMP)
	$(BIN)/ruff check qualcode tests bench
	$(BIN)/ruff format --check qualcode tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Headless Chromium for the report screenshot test: installed from Debian when missing and we
# are root; otherwise that one test is skipped (or fails when CI is set).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && apt-get install -y -qq chromium; \
	else \
		echo "chromium is not installed (and this is not root with apt-get): the report screenshot test will be skipped."; \
	fi

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_add.py

clean:
	rm -rf $(VENV) qualcode-demo .pytest_cache .mypy_cache .ruff_cache
