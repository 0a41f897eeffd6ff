# Policybook: two commands set everything up on a fresh machine.
#   make html   build the site from the bundled content into _build/html
#   make test   run the test suite (browser tests use /usr/bin/chromium when present)

VENV      := .venv
PYTHON    := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
BUILDDIR  := _build
SPHINXOPTS ?= -W --keep-going
HOST      ?= 127.0.0.1
PORT      ?= 8000

.PHONY: html test serve clean check

$(STAMP): requirements.lock pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

html: $(STAMP)
	$(PYTHON) -m sphinx -b html $(SPHINXOPTS) -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html

test: $(STAMP)
	$(PYTHON) -m pytest $(PYTEST_ARGS)

serve: html
	@echo "Serving _build/html on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(PYTHON) -m http.server $(PORT) --bind $(HOST) --directory $(BUILDDIR)/html

clean:
	rm -rf $(BUILDDIR)
