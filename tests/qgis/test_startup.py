"""What QGIS's start-up costs the plugin: the modules loading and ``initGui()`` import.

Counted, not timed (the time is benchmarks/startup_bench.py's): a fresh interpreter loads the
plugin as QGIS does (``classFactory``, ``initGui()``, the Processing provider registered and its
algorithms listed) and reports the plugin's modules then imported. The migration engine, the
catalogue, the parsers and the widgets come with the first action that needs them.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run by a pytest of its own in a fresh interpreter, so that no module of the plugin is
# imported before QGIS would import it; pytest-qgis gives it QGIS and an iface.
PROBE = r'''
import importlib.util, json, os, sys

from qgis.core import QgsApplication


def test_probe(qgis_iface):
    root = os.environ["BASCULE_ROOT"]
    spec = importlib.util.spec_from_file_location(
        "bascule_geoplateforme", root + "/__init__.py", submodule_search_locations=[root])
    package = importlib.util.module_from_spec(spec)
    sys.modules["bascule_geoplateforme"] = package
    spec.loader.exec_module(package)
    plugin = package.classFactory(qgis_iface)
    plugin.initGui()
    provider = QgsApplication.processingRegistry().providerById("bascule_geoplateforme")
    found = {"algorithms": [a.id() for a in provider.algorithms()],
             "modules": sorted(m for m in sys.modules if m.startswith("bascule_geoplateforme"))}
    plugin.unload()
    with open(os.environ["BASCULE_PROBE_RESULT"], "w", encoding="utf-8") as handle:
        json.dump(found, handle)
'''

AT_START_UP = {
    "bascule_geoplateforme",
    "bascule_geoplateforme.plugin",
    "bascule_geoplateforme.core",
    "bascule_geoplateforme.core.toolbelt.qgis_side.settings",  # the language, the dock's last state
    "bascule_geoplateforme.core.toolbelt.profile_folders",  # settings' folder layout (os only)
    "bascule_geoplateforme.core.toolbelt.log",  # logging's names
    "bascule_geoplateforme.core.toolbelt.qgis_side.log_bridge",  # the plugin's log in QGIS's
    "bascule_geoplateforme.core.platform.endpoints",  # preferences installs the base-URL reader
    "bascule_geoplateforme.core.platform.services",
    "bascule_geoplateforme.processing_provider",
    "bascule_geoplateforme.processing_provider.provider",
    "bascule_geoplateforme.processing_provider.migrate_project",  # parameters only
    "bascule_geoplateforme.processing_provider.migrate_projects",  # parameters only
    "bascule_geoplateforme.processing_provider.migrate_connections",  # parameters only
    # The project-open hook must be registered before a project opens; the engine it uses
    # comes with the first legacy project opened with the setting on (core/migration/qgis_side/open_migration.py).
    "bascule_geoplateforme.core.migration.qgis_side.open_hook",
    # The request preprocessor that keeps keys on the Géoplateforme's host, for every layer.
    "bascule_geoplateforme.core.keys.qgis_side.key_guard",
    "bascule_geoplateforme.core.toolbelt.qgis_side.network",  # the guard's host rule (one owner)
    # The Options page factory; the page's widgets come when the Options dialog opens.
    "bascule_geoplateforme.gui",
    "bascule_geoplateforme.gui.options.options_factory",
    # Where QGIS users already look (issue 15): registrations only, their work imported on use.
    "bascule_geoplateforme.gui.entry_actions.entry_actions",  # what they share; watches layers for the layer menu
    "bascule_geoplateforme.gui.browser.browser_provider",  # the Browser root's provider (menu, drops: on open)
    "bascule_geoplateforme.gui.browser.locator_filter",  # the "gpf" locator filter
    # Where the icon is (core/platform/paths.py: a few constants, no work).
    "bascule_geoplateforme.core.platform.paths",
}
# Each module comes with the packages that hold it (their __init__.py files are empty or tiny).
AT_START_UP |= {name.rsplit(".", depth)[0] for name in AT_START_UP for depth in range(1, name.count(".") + 1)}


def loaded_at_start_up(folder: Path):
    (folder / "test_probe.py").write_text(PROBE, encoding="utf-8")
    result = folder / "probe.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BASCULE_ROOT=str(ROOT),
               BASCULE_PROBE_RESULT=str(result), QGIS_CUSTOM_CONFIG_PATH=str(folder / "profile"))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--qgis_disable_gui", "--rootdir", str(folder), "test_probe.py"],
                          cwd=folder, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(result.read_text(encoding="utf-8"))


def test_start_up_imports_only_what_the_first_action_needs(tmp_path):
    found = loaded_at_start_up(tmp_path)
    assert set(found["algorithms"]) == {
        "bascule_geoplateforme:migrateprojectfile", "bascule_geoplateforme:migrateprojects",
        "bascule_geoplateforme:analyseprojects", "bascule_geoplateforme:migrateconnections"}
    assert set(found["modules"]) == AT_START_UP
