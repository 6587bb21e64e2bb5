# Every target creates .venv from requirements.txt when it is missing.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: serve build test bench compat outputs snippets figures lint clean

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(PY) -m mkdocs build --strict --site-dir site

# One torch thread per test process: two workers share this machine's two cores. No bytecode and
# no pytest cache, so that the tests write nothing into the repository.
test: $(STAMP)
	OMP_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1 $(PY) -m pytest -n 2 --dist loadgroup -p no:cacheprovider

# Timings of this machine, medians of several runs (see tools/bench.py).
bench: $(STAMP)
	$(PY) -m tools.bench

# Run the code blocks and notebooks under another torch, in .venv-torch-$(TORCH), and record the
# result in docs/assets/verified-with.json (shown on each page). Example: make compat TORCH=2.14.1
TORCH ?= $(shell sed -n 's/^torch==//p' requirements.txt)
COMPAT := .venv-torch-$(TORCH)
compat:
	test -x $(COMPAT)/bin/python || python3 -m venv $(COMPAT)
	grep -v '^torch==' requirements.txt > $(COMPAT)/requirements.txt
	$(COMPAT)/bin/python -m pip install --quiet --disable-pip-version-check -r $(COMPAT)/requirements.txt torch==$(TORCH)
	OMP_NUM_THREADS=1 $(COMPAT)/bin/python -m tools.compat

# Rewrite every output block from a real run of the pages' code.
outputs: $(STAMP)
	$(PY) -m tools.outputs

# Extract each page's code into snippets/<slug>.py (each script is run before it is written).
snippets: $(STAMP)
	$(PY) -m tools.snippets

# Save the figures the pages' code draws as the SVGs the pages show.
figures: $(STAMP)
	$(PY) -m tools.figures

lint: $(STAMP)
	$(PY) -m tools.lint

clean:
	rm -rf site
