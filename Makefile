# The README's two commands, and a few helpers. Everything else is `haitikg --help`.
PYTHON ?= python3

.PHONY: serve test install lint format bench notebook editor

serve: install            ## install, build the graph (printing its summary), serve it on http://127.0.0.1:5000
	haitikg build
	haitikg serve

test:                     ## install everything the tests need, check the code, run every test
	./scripts/install-system-deps
	$(PYTHON) -m pip install -q -e '.[test]'
	$(MAKE) lint
	$(PYTHON) -m pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	  exit $$rc

install:
	$(PYTHON) -m pip install -q -e .

lint:                     ## the layers (lint-imports), ruff's checks and its formatting, mypy --strict
	PYTHONPATH=src lint-imports  # this checkout, whatever haitikg is installed
	ruff check src tests bench server.py
	ruff format --check src tests bench server.py
	$(PYTHON) -m mypy  # [tool.mypy] in pyproject.toml: strict, every module of src/haitikg

format:
	ruff format src tests bench server.py
	ruff check --fix src tests bench server.py

notebook:                 ## run docs/notebooks/ again, keeping its outputs (pip install -e '.[notebook]')
	$(PYTHON) -m jupyter execute --inplace docs/notebooks/research-questions.ipynb

editor:                   ## rebuild the query editor from web-editor/ (Node 18+ and npm)
	cd web-editor && npm ci && npm run build
