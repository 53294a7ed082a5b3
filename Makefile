# Ops Playbook: two commands for everyone (make lab, make test), a few more for maintainers.
# Everything runs inside a virtual environment in .venv, created on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
START  := notebooks/00_start_here.ipynb

PORT   ?= 8866
# make lab LANG=zh / make app LANG=zh: only a language given on the command line counts, not
# the system's locale; the choice is remembered for the next start
APP_LANG := $(if $(filter command line,$(origin LANG)),$(LANG))

.PHONY: lab app test test-hub hub-tools loadtest lint bench data notebooks slides handouts guide clean help

help:
	@echo "make lab    start the course: JupyterLab on $(START) (LANG=zh: the Chinese edition)"
	@echo "make app    the self-assessment worksheet as a page without code (LANG=zh for Chinese;"
	@echo "            SHEET=my_data: the page that imports your own platform exports;"
	@echo "            LAN=1: also serve the phones of a room on this network, with a QR code)"
	@echo "make test   lint, unit tests, every notebook under nbval, and the browser test"
	@echo "make test-hub  a real JupyterHub with five learners and a trainer (as root; ~1 min)"
	@echo "make loadtest  learners on a real hub: response per change, CPU and memory (as root)"
	@echo "make slides    an offline reveal.js deck per chapter and edition, in build/slides/"
	@echo "make handouts  a printable PDF per chapter and edition, in build/handouts/"
	@echo "make guide     the trainer guide of each chapter, in build/guide/"
	@echo "make bench  time each notebook against an import-only floor"
	@echo "make data   regenerate the sample data in datasets/"
	@echo "make notebooks  re-run every notebook in place after editing one"
	@echo "make clean  remove the virtual environment and caches"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Ops Playbook needs Python 3.10 or newer; found " + sys.version.split()[0] + ". Install a newer Python and run make again, or call make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@# build matplotlib's font cache now, so no notebook's first run prints a notice about it
	$(BIN)/python -c "import matplotlib.font_manager"
	@touch $(STAMP)

# the course's Jupyter settings (the Chinese web font, saved widget state, the language)
LAB_CONFIG := $(CURDIR)/lib/opsbook/jupyter
lab: $(STAMP)
	$(BIN)/python -m opsbook.serve.lab $(if $(APP_LANG),--lang $(APP_LANG))

app: $(STAMP)
	LANG=C.UTF-8 $(BIN)/python -m opsbook.serve.app --port $(PORT) $(if $(APP_LANG),--lang $(APP_LANG)) $(if $(SHEET),--sheet $(SHEET)) $(if $(LAN),--lan)

lint: $(STAMP)
	$(BIN)/ruff check lib tests notebooks deploy
	$(BIN)/ruff format --check lib tests deploy

test: lint
	JUPYTER_CONFIG_DIR=$(LAB_CONFIG) $(BIN)/python -m pytest --nbval --nbval-current-env -n 2 --dist loadscope --no-loadscope-reorder

# the real hub: JupyterHub from PyPI, its proxy from npm (into build/hub), accounts made by the
# test; not part of `make test`, which must not make accounts on the machine
HUB := build/hub
HUB_PATH := PATH="$(CURDIR)/$(HUB)/node_modules/.bin:$$PATH"
hub-tools: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,hub]"
	mkdir -p $(HUB)
	npm install --silent --no-audit --no-fund --prefix $(HUB) configurable-http-proxy@5

test-hub: hub-tools
	$(HUB_PATH) JUPYTER_CONFIG_DIR=$(LAB_CONFIG) $(BIN)/python -m pytest -m hub tests/hub -v

# make loadtest LEARNERS="10 30 60": learners on a real hub, a chart-bearing change every 5 s
loadtest: hub-tools
	$(HUB_PATH) $(BIN)/python -m opsbook_devtools.loadtest $(or $(LEARNERS),10 30 60)

slides: $(STAMP)
	$(BIN)/python -m opsbook.serve.publish slides $(if $(APP_LANG),--lang $(APP_LANG))

handouts: $(STAMP)
	$(BIN)/python -m opsbook.serve.publish handouts $(if $(APP_LANG),--lang $(APP_LANG))

guide: $(STAMP)
	$(BIN)/python -m opsbook.serve.publish guide $(if $(APP_LANG),--lang $(APP_LANG))

bench: $(STAMP)
	$(BIN)/python -m opsbook_devtools.bench

data: $(STAMP)
	$(BIN)/python -m opsbook_devtools.generator

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build

notebooks: $(STAMP)  ## re-execute every notebook in place after editing (outputs are committed)
	@# each in an empty work folder of its own, as a new learner: the committed outputs show no
	@# one's saved answers or progress (as nbval runs them); the learner's name draws the
	@# chapters' checkpoints, the same on every machine
	set -e; for notebook in notebooks/*.ipynb notebooks/worksheets/*.ipynb \
			notebooks/zh/*.ipynb notebooks/zh/worksheets/*.ipynb; do \
		OPSBOOK_HOME=$$(mktemp -d) JUPYTERHUB_USER=learner JUPYTER_CONFIG_DIR=$(LAB_CONFIG) \
			$(BIN)/jupyter nbconvert \
			--to notebook --execute --inplace --ExecutePreprocessor.record_timing=False "$$notebook"; \
	done
