# Policybook: two commands set everything up on a fresh machine.
#   make html   build the site from the bundled content into _build/html
#   make test   run the test suite (browser tests use /usr/bin/chromium when present)
#   make serve  live preview on http://127.0.0.1:8000 (rebuilds on save)
#   make check  check all content without building

VENV      := .venv
PYTHON    := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
BUILDDIR  := _build
SPHINXOPTS ?= -W --keep-going
HOST      ?= 127.0.0.1
PORT      ?= 8000

.PHONY: html test serve clean check linkcheck bench

$(STAMP): requirements.lock pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Build aside, swap on success: a failed build never replaces the last good _build/html.
# The doctrees travel with the output, so the next incremental build starts from the state
# that produced the published pages.
STAGE := $(BUILDDIR)/next

html: $(STAMP)
	@rm -rf $(STAGE) && mkdir -p $(STAGE)
	@if [ -d $(BUILDDIR)/html ]; then cp -a $(BUILDDIR)/html $(STAGE)/html; fi
	@if [ -d $(BUILDDIR)/doctrees ]; then cp -a $(BUILDDIR)/doctrees $(STAGE)/doctrees; fi
	@$(PYTHON) -m sphinx -b html $(SPHINXOPTS) -d $(STAGE)/doctrees . $(STAGE)/html || { \
	  rm -rf $(STAGE); \
	  echo "构建失败, $(BUILDDIR)/html 仍是上一次成功构建的网站 (build failed; last good site kept)" >&2; \
	  exit 1; }
	@rm -rf $(BUILDDIR)/previous && mkdir -p $(BUILDDIR)/previous
	@for d in html doctrees; do if [ -d $(BUILDDIR)/$$d ]; then mv $(BUILDDIR)/$$d $(BUILDDIR)/previous/; fi; done
	@mv $(STAGE)/html $(STAGE)/doctrees $(BUILDDIR)/ && rm -rf $(BUILDDIR)/previous $(STAGE)
	@echo "网站已生成: $(BUILDDIR)/html"

# External links, when a network is available.
linkcheck: $(STAMP)
	$(PYTHON) -m sphinx -b linkcheck -d $(BUILDDIR)/doctrees . $(BUILDDIR)/linkcheck

test: $(STAMP)
	$(PYTHON) -m pytest $(PYTEST_ARGS)

# Live preview: rebuilds on save and reloads the browser. One Sphinx process stays warm, so
# an edit re-reads only what changed (about a second at 2,000 programs). Warnings (with
# file:line) print here; a broken entry shows its errors on its own page instead of stopping
# the preview. Preview mode (POLICYBOOK_PREVIEW=1) defers search indexing and exports.
serve: $(STAMP)
	$(VENV)/bin/policybook serve --host $(HOST) --port $(PORT)

# Check every program, policy and guide without building (fast; same messages as the build).
check: $(STAMP)
	$(VENV)/bin/policybook check

clean:
	rm -rf $(BUILDDIR)

# Benchmark: synthetic sites of 100, 500 and 2,000 programs, ours against hand-written MyST
# (long: about half an hour). BENCH_ARGS=--quick for a one-minute smoke run. See bench/README.md.
.PHONY: bench
bench: $(STAMP)
	$(PYTHON) bench/run.py $(BENCH_ARGS)
