# make demo / make test work on a fresh Debian machine as root: they install what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEBS := tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-ita fonts-dejavu-core wamerican wbritish wngerman wfrench witalian
DEMO_ARCHIVE ?= /tmp/letterbook-demo

.PHONY: demo test deps venv samples clean bench-accuracy

deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BIN)/letterbook: setup.cfg pyproject.toml | deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

venv: deps $(BIN)/letterbook

demo: venv
	rm -rf $(DEMO_ARCHIVE)
	@echo '$$ letterbook ingest samples/'
	@$(BIN)/letterbook --archive $(DEMO_ARCHIVE) ingest --verbose samples/
	@echo; echo '$$ letterbook search "allotment"'
	@$(BIN)/letterbook --archive $(DEMO_ARCHIVE) search allotment
	@echo; echo '$$ letterbook search "date:[1926-01-01 TO 1926-12-31]"'
	@$(BIN)/letterbook --archive $(DEMO_ARCHIVE) search 'date:[1926-01-01 TO 1926-12-31]'
	@echo; echo '$$ letterbook search "harbor" --fuzzy --facet year'
	@$(BIN)/letterbook --archive $(DEMO_ARCHIVE) search harbor --fuzzy --facet year
	@echo; echo '$$ letterbook stats'
	@$(BIN)/letterbook --archive $(DEMO_ARCHIVE) stats

test: venv
	$(BIN)/python -m pytest -q

samples: venv
	$(BIN)/python tests/make_samples.py samples

bench-accuracy: venv
	$(BIN)/python bench/accuracy.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
