# The two commands of the README. Both create the virtual environment on first use, from nothing but python3 ≥ 3.11.
#   make run [FILE=path.ssdesk]   install and start the application
#   make test                     install and run the whole test suite (what CI runs)
#   make test-fast                the core and command-line tests only, without the robustness loops (developers)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-fast lint i18n bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("ssdesk needs Python >= 3.11" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m ui.system_libs  # Qt's window needs system libraries (X11/XCB, GL, fonts): names what is missing
	$(BIN)/ssdesk $(FILE)

test: $(STAMP)
	$(BIN)/ruff check ssdesk ui tests tools
	$(BIN)/python -m mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --durations=25  # the 25 slowest, printed at the end (issue 15)

test-fast: $(STAMP)  # while developing: core and command-line tests (no Qt window, no bundle, no kill/fuzz loops)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest tests/core -q -p no:cacheprovider -m "not heavy" -n auto

i18n: $(STAMP)
	$(BIN)/python tools/i18n.py update

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
