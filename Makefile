# Every target installs what it needs on a fresh Debian 12/13 machine (run as root).
# The plugin runs on Debian's own QGIS; tests run in .venv (made with
# --system-site-packages from Debian's python3 so that python3-qgis is visible).
# `make test` runs the suite on the host's QGIS and on the newer QGIS of Debian roots that it
# builds under build/roots with mmdebstrap (scripts/qgis_root.sh), each with its own venv.

PLUGIN      := bascule_geoplateforme
PYTHON      := /usr/bin/python3
VENV        := .venv
VPY         := $(VENV)/bin/python
BUILD       := build
VERSION     := $(shell sed -n 's/^version=//p' metadata.txt)
# 7zip: Debian's 7-Zip (the `7zz` program), one of the three ways a .7z is unpacked, tested for real.
APT_PACKAGES := qgis python3-qgis qgis-providers xvfb xauth python3-venv python3-lxml python3-owslib openssl \
                postgresql 7zip
I18N_PACKAGES := pyqt5-dev-tools qttools5-dev-tools
TRANSLATIONS := i18n/$(PLUGIN)_fr.ts
# The roots: name, Debian suite, the QGIS it brings (checked in the banner of each run).
ROOTS       := $(BUILD)/roots
ROOT_PACKAGES := qgis python3-qgis qgis-providers xvfb xauth python3-venv python3-lxml python3-pip \
                 python3-owslib ca-certificates openssl make postgresql 7zip $(I18N_PACKAGES)
SUITE_debian13 := trixie
SUITE_debian-unstable := sid
# Files that run in QGIS (what the zip holds).
RUNTIME     := __init__.py plugin.py metadata.txt LICENSE icon.svg core gui processing_provider resources i18n help

export QT_QPA_PLATFORM ?= offscreen

.PHONY: help test test-3.22 test-3.40 test-3.44 unit qgis-tests e2e qt6-check run package \
        translations system-deps clean

help:
	@echo "make run           start QGIS with the plugin (screenshot to $(BUILD)/screenshot.png without a display)"
	@echo "make test          install everything needed, then run the whole suite on QGIS 3.22, 3.40, 3.44"
	@echo "make test-3.22     the whole suite on the host's QGIS (Debian 12); test-3.40, test-3.44 in roots"
	@echo "make unit|qgis-tests|e2e  one part, on the host's QGIS"
	@echo "make qt6-check     QGIS's pyqt5_to_pyqt6 script on the plugin (in the 3.40 root; changes nothing)"
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

# Building the roots needs mmdebstrap (and unshare, from util-linux, always there).
$(BUILD)/.root-deps:
	@dpkg -s mmdebstrap >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap; }
	@mkdir -p $(BUILD) && touch $@

$(VENV)/.installed: requirements-test.txt $(BUILD)/.system-deps $(BUILD)/.i18n-deps
	test -x $(VPY) || $(PYTHON) -m venv --system-site-packages $(VENV)
	$(VPY) -m pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@

# --- tests ------------------------------------------------------------------------------
# Every run goes to the end; any failure in any of them fails `make test`. The three runs share
# nothing (their own QGIS settings folder, PostgreSQL, ports, screens and artefacts), so they
# run TEST_JOBS at a time (one per core, at most 3), each one's output printed whole when it
# ends; the longest first.
TEST_JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 3 ] && n=3; echo $$n)
test: $(VENV)/.installed $(ROOTS)/debian13/opt/venv/.installed $(ROOTS)/debian-unstable/opt/venv/.installed \
      $(ROOTS)/debian13/opt/pyqt6/.installed $(ROOTS)/debian-unstable/opt/pyqt6/.installed
	@status=0; start=$$(date +%s); echo "make test: QGIS 3.44, 3.40 and 3.22, $(TEST_JOBS) at a time"; \
	$(MAKE) --no-print-directory -k -j$(TEST_JOBS) --output-sync=target test-3.44 test-3.40 test-3.22 || status=1; \
	echo "make test: $$(( $$(date +%s) - start )) s for the three runs"; exit $$status

test-3.22: $(VENV)/.installed
	scripts/run_suite.sh $(VPY)

test-3.40: $(ROOTS)/debian13/opt/venv/.installed $(ROOTS)/debian13/opt/pyqt6/.installed
	scripts/qgis_root.sh run $(ROOTS)/debian13 scripts/run_suite.sh /opt/venv/bin/python

test-3.44: $(ROOTS)/debian-unstable/opt/venv/.installed $(ROOTS)/debian-unstable/opt/pyqt6/.installed
	scripts/qgis_root.sh run $(ROOTS)/debian-unstable scripts/run_suite.sh /opt/venv/bin/python

unit: $(VENV)/.installed
	scripts/run_suite.sh $(VPY) unit

qgis-tests: $(VENV)/.installed
	scripts/run_suite.sh $(VPY) qgis

e2e: $(VENV)/.installed
	scripts/run_suite.sh $(VPY) e2e

# A root is reused when present; a changed package list is installed into it. (Precious:
# make would otherwise delete the stamps of these chained pattern rules as intermediates.)
.PRECIOUS: $(ROOTS)/%/.ready $(ROOTS)/%/opt/venv/.installed $(ROOTS)/%/opt/pyqt6/.installed
$(ROOTS)/%/.ready: $(BUILD)/.root-deps
	scripts/qgis_root.sh build $(ROOTS)/$* $(SUITE_$*) $(ROOT_PACKAGES)

$(ROOTS)/%/opt/venv/.installed: requirements-test.txt $(ROOTS)/%/.ready
	scripts/qgis_root.sh venv $(ROOTS)/$* requirements-test.txt
	touch $@

# QGIS's pyqt5_to_pyqt6 script (requirements-pyqt6.txt): PyQt6 without PyQt5, Python >= 3.12,
# so a venv of its own (no system site packages) in the roots.
$(ROOTS)/%/opt/pyqt6/.installed: requirements-pyqt6.txt $(ROOTS)/%/.ready
	scripts/qgis_root.sh run $(ROOTS)/$* /bin/bash -c 'test -x /opt/pyqt6/bin/python || python3 -m venv /opt/pyqt6; \
	  /opt/pyqt6/bin/python -m pip install -q --disable-pip-version-check -r requirements-pyqt6.txt'
	touch $@

qt6-check: $(ROOTS)/debian13/opt/pyqt6/.installed
	scripts/qgis_root.sh run $(ROOTS)/debian13 /opt/pyqt6/bin/python scripts/pyqt5to6_check.py \
	  __init__.py plugin.py core gui processing_provider

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
