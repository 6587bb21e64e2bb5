# Every target creates .venv from requirements.txt when it is missing; `make test` also installs
# Debian's Chromium (its headless shell) for the browser tests when none is there.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# mkdocs stays below 2 (requirements.txt): Material's banner about MkDocs 2.0 only adds noise to the build log.
export NO_MKDOCS_2_WARNING := true

.PHONY: serve build test chromium update new bench compat lint clean

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(PY) -m mkdocs build --strict --site-dir site

# The browser tests drive Debian's Chromium, its headless shell (or `chromium`, if that is what is
# installed). As root, install the shell; otherwise say the one command to run.
chromium:
	@command -v chromium-headless-shell >/dev/null 2>&1 || command -v chromium >/dev/null 2>&1 || [ -n "$$CHROMIUM" ] || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium-headless-shell for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; \
	  else \
	    echo "The browser tests need Chromium. Run:  sudo apt-get install -y chromium-headless-shell  then make test again." >&2; \
	    exit 1; \
	  fi; }

# One torch thread per test process: two workers share this machine's two cores. No bytecode and
# no pytest cache, so that the tests write nothing into the repository.
test: chromium $(STAMP)
	OMP_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1 $(PY) -m pytest -n 2 --dist loadgroup -p no:cacheprovider

# Bring every derived file up to date from the pages, all or nothing: output blocks, snippets,
# figures, and the verified-with record for the pinned torch (see tools/derive/update.py).
# PAGES=docs/questions/my-question.md runs only the pages named.
update: $(STAMP)
	PYTHONDONTWRITEBYTECODE=1 $(PY) -m tools.derive.update $(PAGES)

# A new question page to edit, copied from a real one: make new SLUG=my-question
new:
	@test -n "$(SLUG)" || { echo "usage: make new SLUG=my-question" >&2; exit 1; }
	@test ! -e docs/questions/$(SLUG).md || { echo "docs/questions/$(SLUG).md exists" >&2; exit 1; }
	cp docs/questions/zero-grad.md docs/questions/$(SLUG).md
	@echo "now edit docs/questions/$(SLUG).md (title, tags, also_asked, sections), then: make update PAGES=docs/questions/$(SLUG).md && make test"

lint: $(STAMP)
	$(PY) -m tools.check.lint

# Timings of this machine, medians of several runs (see tools/measure/bench.py).
bench: $(STAMP)
	$(PY) -m tools.measure.bench

# Run the code blocks and notebooks under another torch, in .venv-torch-$(TORCH), and record the
# result in docs/assets/verified-with.json (shown on each page). Example: make compat TORCH=2.14.1
TORCH ?= 2.14.1
COMPAT := .venv-torch-$(TORCH)
compat:
	test -x $(COMPAT)/bin/python || python3 -m venv $(COMPAT)
	grep -v '^torch==' requirements.txt > $(COMPAT)/requirements.txt
	$(COMPAT)/bin/python -m pip install --quiet --disable-pip-version-check -r $(COMPAT)/requirements.txt torch==$(TORCH)
	OMP_NUM_THREADS=1 $(COMPAT)/bin/python -m tools.derive.compat

clean:
	rm -rf site
