# Two commands matter: `make site` builds site/ from the bundled content, `make test` runs every test.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin

.PHONY: site test ingest clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
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
	rm -rf site $(VENV)
