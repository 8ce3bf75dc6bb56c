# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
CONFIG ?= config.toml
BIN = $(VENV)/bin

.PHONY: run test lint bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# On Discord when DISCORD_TOKEN is set; otherwise the sandbox demo against the local emulator.
run: $(BIN)/.installed
	@if [ -n "$$DISCORD_TOKEN" ]; then $(BIN)/wgbot run --config $(CONFIG); \
	else echo "DISCORD_TOKEN is not set: running the sandbox demo (see README)."; \
	$(BIN)/wgbot sandbox --script demo; fi

lint: $(BIN)/.installed
	$(BIN)/ruff check bot tests $(wildcard bench)
	$(BIN)/ruff format --check bot tests $(wildcard bench)
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: $(BIN)/.installed
	$(BIN)/python -m bench.parse
