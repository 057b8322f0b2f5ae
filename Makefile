# Two entry points: `make demo` (build the bundled examples) and `make test`.
# Both set everything up from nothing on a fresh machine with Python 3.10-3.13.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT := out

.PHONY: demo test setup browser clean

$(BIN)/actorgraph: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/actorgraph

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: browser tests will be skipped (apt-get install chromium)"; fi; }

demo: setup
	bash examples/demo.sh $(OUT)

test: setup browser
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info
