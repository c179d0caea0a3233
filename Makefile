# All set-up lives here: every target creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

# The spec `make generate` uses: IBM's 0.45.3, vendored byte for byte, with its overrides.
SPEC          ?= openapi/qiskit-runtime-api-0.45.3.merged.yaml
OVERRIDES     ?= openapi/overrides.yaml
PREPARED_SPEC := build/spec/qiskit-runtime-api.prepared.json
# The facade's binding module: every generated operation it imports must exist in the new spec.
BINDINGS      := facade/qiskit_runtime_client/_api.py

.PHONY: install docs demo test generate generate-seed check-generated lint format typecheck build bench cassettes check clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,emulator,sdk,docs]"
	touch $(STAMP)

## Run the main workflow: against the bundled emulator, or IBM Quantum when QISKIT_IBM_TOKEN and
## QISKIT_IBM_INSTANCE are set.
demo: install
	$(PY) scripts/demo.py

test: install
	$(PY) -m pytest

## Prepare the vendored spec (repair examples, apply overrides, validate) and regenerate the client.
generate: install
	$(PY) scripts/prepare_spec.py $(SPEC) --overrides $(OVERRIDES) --facade $(BINDINGS) --out $(PREPARED_SPEC)
	$(PY) scripts/generate_client.py --spec $(PREPARED_SPEC)

## The seed edition (the spec this project began from) still prepares and generates, into build/.
generate-seed: install
	$(PY) scripts/prepare_spec.py openapi/qiskit-runtime-api.yaml --overrides openapi/overrides-seed.yaml --out build/seed/prepared.json
	$(PY) scripts/generate_client.py --spec build/seed/prepared.json --target build/seed/qiskit_runtime_api --spec-copy build/seed/openapi.json

## Fails when generated/ (or anything else `make generate` writes) differs from what is committed.
check-generated: generate
	@changes="$$(git status --porcelain -- generated/ facade/qiskit_runtime_client/testing/_spec/)"; \
	if [ -n "$$changes" ]; then echo "generated files differ from 'make generate':"; echo "$$changes"; \
	git --no-pager diff --stat -- generated/; exit 1; fi; echo "generated/ is up to date"

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

typecheck: install
	$(PY) -m mypy

build: install
	rm -rf dist
	$(PY) -m build --outdir dist .
	$(PY) scripts/check_dist.py dist

## Build the documentation site into build/site (strict: any warning fails).
docs: install
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir build/site

bench: install
	$(PY) scripts/bench.py

cassettes: install
	$(PY) scripts/record_cassettes.py

check: lint typecheck check-generated test build docs

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
