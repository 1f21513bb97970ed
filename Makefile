# `make test` and `make serve` set everything up on a fresh machine: a .venv, the package, its dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test serve install clean
HOST ?= 127.0.0.1
PORT ?= 5000

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	bash tools/system-deps.sh
	$(BIN)/python -m pytest -q

serve: $(STAMP)
	$(BIN)/kb serve --host $(HOST) --port $(PORT)

clean:
	rm -rf $(VENV) kb-store *.egg-info
