# Two commands do all set-up on a fresh machine:  make serve  |  make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# The browser tests drive Debian's chromium (tools/install-system-deps.sh);
# Playwright's own browser download cannot work on these machines.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: serve edit build check import test system-deps bench bench-search bench-precision clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# npm tools pinned by package-lock.json: axe-core and lighthouse (accessibility tests, make bench)
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

serve: $(BIN)/.installed  ## build and serve the sample site on http://127.0.0.1:8000
	GONGKAI_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --strict --dirty -a 127.0.0.1:8000

# the web editor on this checkout: the site with /admin/ on :8000 and decap-server on :8081,
# which writes the files the editor saves into this working tree (git and the PR come after)
edit: $(BIN)/.installed node_modules/.installed  ## edit reports in the browser at http://127.0.0.1:8000/admin/
	BIND_HOST=127.0.0.1 PORT=8081 npx --no-install decap-server & trap "kill $$!" EXIT; \
	GONGKAI_SITE_URL=http://127.0.0.1:8000/ GONGKAI_CMS_PROXY_PORT=8081 $(BIN)/mkdocs serve --strict --dirty -a 127.0.0.1:8000

build: $(BIN)/.installed
	$(BIN)/mkdocs build --strict

check: $(BIN)/.installed  ## validate every file in reports/
	$(BIN)/python -m gongkai check

import: $(BIN)/.installed  ## make import FILE=报告.pdf [UNIT=songping] [ARGS="--published 2026-02-12"]
	@test -n "$(FILE)" || { echo "用法: make import FILE=报告.docx UNIT=songping" >&2; exit 2; }
	$(BIN)/python -m gongkai import "$(FILE)" $(if $(UNIT),--unit "$(UNIT)") $(ARGS)

test: system-deps $(BIN)/.installed node_modules/.installed  ## the whole test suite, browser tests included
	$(BIN)/python -m pytest

bench: system-deps $(BIN)/.installed node_modules/.installed  ## build time, page weight, search bytes, Lighthouse: one table
	$(BIN)/python bench/run.py

bench-search: system-deps $(BIN)/.installed  ## search on 2,000 documents, phone profile; then Pagefind on the same pages
	$(BIN)/python bench/search_bench.py --docs 2000
	$(BIN)/python bench/pagefind_compare.py

bench-precision: $(BIN)/.installed node_modules/.installed  ## exact matches on 1,000 generated documents: precision and recall (~30 s)
	$(BIN)/python bench/search_precision.py --docs 1000

system-deps:  ## chromium, CJK fonts, libzbar0, poppler-utils, nginx, Node.js/npm, tesseract, LibreOffice: installs only what is missing
	bash tools/install-system-deps.sh

clean:
	rm -rf site docs/generated .pytest_cache
