# Every target installs what it needs on a fresh Debian 12/13 machine (run as root).
# The plugin runs on Debian's own QGIS; tests run in .venv (made with
# --system-site-packages from Debian's python3 so that python3-qgis is visible).

PLUGIN      := bascule_geoplateforme
PYTHON      := /usr/bin/python3
VENV        := .venv
VPY         := $(VENV)/bin/python
BUILD       := build
VERSION     := $(shell sed -n 's/^version=//p' metadata.txt)
APT_PACKAGES := qgis python3-qgis qgis-providers xvfb xauth python3-venv python3-lxml python3-owslib
I18N_PACKAGES := pyqt5-dev-tools qttools5-dev-tools
TRANSLATIONS := i18n/$(PLUGIN)_fr.ts
# Files that run in QGIS (what the zip holds).
RUNTIME     := __init__.py plugin.py metadata.txt LICENSE icon.svg core gui resources i18n

export QT_QPA_PLATFORM ?= offscreen

.PHONY: help test unit qgis-tests e2e run package translations system-deps clean

help:
	@echo "make run           start QGIS with the plugin (screenshot to $(BUILD)/screenshot.png without a display)"
	@echo "make test          install everything needed, then run the whole test suite"
	@echo "make package       build $(BUILD)/$(PLUGIN)-$(VERSION).zip"
	@echo "make translations  update i18n/*.ts from the code and compile the .qm"

# --- installation ---------------------------------------------------------------------
$(BUILD)/.system-deps: Makefile
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p $(BUILD) && touch $@

system-deps: $(BUILD)/.system-deps

$(VENV)/.installed: requirements-test.txt $(BUILD)/.system-deps $(BUILD)/.i18n-deps
	test -x $(VPY) || $(PYTHON) -m venv --system-site-packages $(VENV)
	$(VPY) -m pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@

# --- tests ------------------------------------------------------------------------------
test: $(VENV)/.installed
	$(VPY) -m pytest -p no:qgis tests/unit
	rm -rf .qgis-settings
	$(VPY) -m pytest --qgis_disable_gui tests/qgis
	$(VPY) -m pytest -p no:qgis tests/e2e

unit: $(VENV)/.installed
	$(VPY) -m pytest -p no:qgis tests/unit

qgis-tests: $(VENV)/.installed
	rm -rf .qgis-settings
	$(VPY) -m pytest --qgis_disable_gui tests/qgis

e2e: $(VENV)/.installed
	$(VPY) -m pytest -p no:qgis tests/e2e

# --- running QGIS -----------------------------------------------------------------------
run: $(BUILD)/.system-deps
	$(PYTHON) scripts/run_qgis.py --build $(BUILD)

# --- packaging and translations ---------------------------------------------------------
$(BUILD)/.i18n-deps:
	@missing=""; for p in $(I18N_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p $(BUILD) && touch $@

translations: $(BUILD)/.i18n-deps
	pylupdate5 -noobsolete $$(find . -name '*.py' -not -path './.venv/*' -not -path './tests/*' \
	  -not -path './benchmarks/*' -not -path './scripts/*' -not -path './build/*' | sort) -ts $(TRANSLATIONS)
	lrelease -silent $(TRANSLATIONS)

# The .qm is compiled into the build folder: packaging never rewrites a tracked file.
package: $(BUILD)/.i18n-deps
	rm -rf $(BUILD)/package && mkdir -p $(BUILD)/package/$(PLUGIN)
	for item in $(RUNTIME); do if [ -e $$item ]; then cp -r $$item $(BUILD)/package/$(PLUGIN)/; fi; done
	for ts in $(TRANSLATIONS); do lrelease -silent $$ts -qm $(BUILD)/package/$(PLUGIN)/$${ts%.ts}.qm; done
	find $(BUILD)/package -name '__pycache__' -prune -exec rm -rf {} + ; \
	find $(BUILD)/package \( -name '*.pyc' -o -name '.*' -o -name '*.ts' \) -exec rm -rf {} +
	rm -f $(BUILD)/$(PLUGIN)-$(VERSION).zip
	cd $(BUILD)/package && $(PYTHON) -m zipfile -c ../$(PLUGIN)-$(VERSION).zip $(PLUGIN)
	@echo "$(BUILD)/$(PLUGIN)-$(VERSION).zip"

clean:
	rm -rf $(BUILD) .qgis-settings .pytest_cache
