# The two commands a new user runs (see README.md):
#   make        installs everything, then writes the example reports from processes/ into reports/
#   make test   installs everything, then runs the tests
PYTHON ?= python3
STAMP := build/.installed

# The stamp stands for "this folder is the processwalk that Python imports". When the installed one
# is another clone's, or is gone (its folder moved or deleted), the stamp is stale and the install
# runs again. The check takes the current folder off Python's path so that it cannot stand in for
# the install (and keeps PYTHON as given: a relative .venv/bin/python works).
INSTALLED_FROM := $(shell $(PYTHON) -c 'import os, sys; sys.path[:] = [p for p in sys.path if p]; import processwalk; print(os.path.realpath(os.path.dirname(os.path.dirname(processwalk.__file__))))' 2>/dev/null)
ifneq ($(INSTALLED_FROM),$(realpath $(CURDIR)))
.PHONY: $(STAMP)
endif

.PHONY: all reports test fuzz bench lint clean

all: reports

$(STAMP): setup.cfg pyproject.toml scripts/install-system-deps scripts/install-node-deps $(wildcard tools/*/package-lock.json)
	./scripts/install-system-deps
	./scripts/install-node-deps
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@mkdir -p build && touch $(STAMP)

reports: $(STAMP)
	$(PYTHON) -m processwalk report processes/ -o reports/

# the coverage floor is the branch coverage measured on 2026-12-04 (97.18%: 15,691 of 16,147 lines and
# branches, `pytest --cov=processwalk -p no:randomly`), rounded down: a change may not lower it
test: $(STAMP)
	$(PYTHON) -m ruff check processwalk tests bench
	$(PYTHON) -m mypy
	$(PYTHON) -m pytest --cov=processwalk --cov-report=term:skip-covered --cov-fail-under=97

# the long fuzz campaign (tests/fuzz): 2,000 random examples per test instead of the short seeded
# profile that `make test` runs
fuzz: $(STAMP)
	$(PYTHON) -m pytest -p no:randomly tests/fuzz --hypothesis-profile=fuzz --hypothesis-show-statistics

bench: $(STAMP)
	$(PYTHON) bench/run.py

lint: $(STAMP)
	$(PYTHON) -m ruff check processwalk tests bench
	$(PYTHON) -m mypy

clean:
	rm -rf build
