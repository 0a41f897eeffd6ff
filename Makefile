# Policybook: two commands set everything up on a fresh machine.
#   make html   build the site from the bundled content into _build/html
#   make staff  the staff build (adds docs/, edit links) into _build/staff: not for publishing
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

.PHONY: html staff test serve clean check linkcheck bench

$(STAMP): requirements.lock pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# Build aside, publish with one atomic rename (policybook build, _ext/policybook/cli/build.py).
# Each build goes into a new _build/sites/<stamp>/ (seeded with a copy of the published html and
# doctrees, so the build stays incremental); on success the _build/current link is replaced in one
# rename, and _build/html -> current/html is always a whole site, old or new. A failed or killed
# build never touches it, and says whether a last good site exists. A second make html in the
# same folder while one runs is refused (a lock on _build/.lock) and changes nothing.
html: $(STAMP)
	@$(VENV)/bin/policybook build --build-dir $(BUILDDIR) -- $(SPHINXOPTS)

# Staff build: the same content plus the staff & maintainer documentation in docs/ (handbook,
# field reference, deployment, open data, reliability, architecture), a 工作人员文档 section in
# the navigation and 编辑此页 / 查看源文件 links to the repository (conf.py, POLICYBOOK_AUDIENCE).
# The public site (make html) has none of these. Into _build/staff, for staff to read and to
# preview with edit links: never publish it.
staff: $(STAMP)
	POLICYBOOK_AUDIENCE=staff $(PYTHON) -m sphinx -b html $(SPHINXOPTS) -d $(BUILDDIR)/staff-doctrees . $(BUILDDIR)/staff
	@echo "工作人员版已生成: $(BUILDDIR)/staff/index.html (staff build; not for publishing)"

# External links, when a network is available.
# Its own doctrees: it never writes into the published build's state.
linkcheck: $(STAMP)
	$(PYTHON) -m sphinx -b linkcheck -d $(BUILDDIR)/linkcheck/doctrees . $(BUILDDIR)/linkcheck

test: $(STAMP)
	$(PYTHON) -m pytest $(PYTEST_ARGS)

# Live preview: rebuilds on save and reloads the browser. One Sphinx process stays warm, so
# an edit re-reads only what changed (about a second at 2,000 programs). Warnings (with
# file:line) print here; a broken entry shows its errors on its own page instead of stopping
# the preview. Preview mode (POLICYBOOK_PREVIEW=1) defers search indexing and exports.
serve: $(STAMP)
	$(VENV)/bin/policybook serve --host $(HOST) --port $(PORT)

# Check every program, policy and guide without building (fast; same messages as the build).
# The staff documentation in docs/ is checked too (as the staff build reads it).
check: $(STAMP)
	POLICYBOOK_AUDIENCE=staff $(VENV)/bin/policybook check

clean:
	rm -rf $(BUILDDIR)

# Benchmark: synthetic sites of 100, 500, 2,000 and 10,000 programs, ours against hand-written MyST
# (long: N = 100 … 10,000, hours). BENCH_ARGS=--quick for a one-minute smoke run. See bench/README.md.
# Then search cost at N = 2,000 (bench/search_timing.py: payload and query-to-results time).
.PHONY: bench bench-weight bench-search
bench: $(STAMP)
	$(PYTHON) bench/run.py $(BENCH_ARGS)
	$(PYTHON) bench/search_timing.py $(BENCH_ARGS)

# Search alone: generates and builds N = 2,000 programs, writes bench/results/search-timing.{md,json}.
bench-search: $(STAMP)
	$(PYTHON) bench/search_timing.py $(SEARCH_ARGS)

# Page weight: bytes and requests per kind of page (gzip, cold cache) and first paint on emulated
# Fast 3G, on the sample site. Writes bench/results/page-weight.{md,json}. WEIGHT_ARGS=--label before
bench-weight: $(STAMP)
	$(PYTHON) bench/page_weight.py $(WEIGHT_ARGS)
