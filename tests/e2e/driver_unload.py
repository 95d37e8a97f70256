"""Run inside the real QGIS desktop by test_desktop.py: unload under load.

With the loopback delaying its answers (the test injected the delays), starts a catalogue
refresh, a download, an unpack and a key test, then unloads the plugin as QGIS does
(``qgis.utils.unloadPlugin``) and measures it; records the plugin's tasks, the requests still
without an answer and the ``.part`` files left; loads the plugin again (``loadPlugin`` +
``startPlugin``) and counts its Browser roots, locator filters, Processing providers, Options
pages (the Options dialog opened), project-open handlers (a project opened) and request
preprocessors. Findings go to BASCULE_E2E_RESULT as JSON.
"""
import os
import sys
import time
from pathlib import Path

import qgis.utils
from qgis.core import (
    QgsApplication,
    QgsNetworkAccessManager,
    QgsNetworkRequestParameters,
    QgsProject,
)
from qgis.gui import QgsDockWidget, QgsLocatorWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog, QWidget
from qgis.utils import iface

from driver_support import PLUGIN, finish, guarded, record_errors, result

record_errors()
USER, PASSWORD = os.environ["BASCULE_E2E_LOGIN"].split(":", 1)
FOLDER = Path(os.environ["BASCULE_DOWNLOAD_FOLDER"])
EDITION = "BDTOPO_3-5_GPKG_LAMB93_{0}_2026-06-15"
pending = {}
state = {}


def created(parameters):
    pending[parameters.requestId()] = parameters.request().url().toString()


def answered(reply):
    pending.pop(reply.requestId(), None)


manager = QgsNetworkAccessManager.instance()
manager.requestAboutToBeCreated[QgsNetworkRequestParameters].connect(created)
manager.finished.connect(answered)


def plugin_tasks():
    return [t.description() for t in QgsApplication.taskManager().activeTasks()
            if type(t).__module__.startswith(PLUGIN)]


def idle(panel):
    listings = [panel.controller.listing, panel.controller.editions_listing,
                *panel.controller.file_listings.values()]
    return not any(item is not None and item.is_busy() for item in listings)


def when(condition, step, tries=600):
    if condition() or tries <= 0:
        QTimer.singleShot(300, step)
    else:
        QTimer.singleShot(100, lambda: when(condition, step, tries - 1))


def choose(panel, zone, then):
    @guarded
    def editions():
        tree = panel.details.editions
        items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        edition = next(item for item in items if item.text(0) == EDITION.format(zone))
        edition.setExpanded(True)
        when(lambda: idle(panel) and edition.childCount(), lambda: pick(edition))

    @guarded
    def pick(edition):
        panel.details.editions.setCurrentItem(edition.child(0))
        then()

    assert panel.select_resource("BDTOPO")
    when(lambda: idle(panel), editions)


@guarded
def start():
    from bascule_geoplateforme.core.keys.qgis_side import key_store
    from bascule_geoplateforme.core.toolbelt.qgis_side import settings

    assert QgsApplication.authManager().setMasterPassword("bascule-e2e", True)
    state["key"] = key_store.store_basic_key("Compte SIG", USER, PASSWORD)
    settings.set_download_folder(str(FOLDER))
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    plugin = qgis.utils.plugins[PLUGIN]
    next(a for a in plugin.actions if a.objectName() == "bascule_download").trigger()
    panel = window.findChild(QgsDockWidget, "BasculeGeoplateformeDownloadDock")
    state["panel"] = panel
    when(lambda: idle(panel), lambda: choose(panel, "D013", first_download))


@guarded
def first_download():
    panel = state["panel"]
    panel.download_selected()
    job = state["first"] = panel.selected_job()
    when(lambda: job.state not in ("queued", "running"),
         lambda: choose(panel, "D075", start_everything))


@guarded
def start_everything():
    from bascule_geoplateforme.core.keys.qgis_side import key_access

    panel = state["panel"]
    result["first_download"] = state["first"].state
    panel.download_selected()  # delayed by the loopback
    second = panel.selected_job()
    panel.queue_view.downloads.setCurrentItem(panel.queue_view.downloads.topLevelItem(0))
    # As long to unpack as a real BD TOPO® archive (the test made it: a 3 GB member), so that
    # it is still unpacking when the plugin unloads.
    os.replace(os.environ["BASCULE_E2E_BIG_ZIP"], state["first"].path)
    result["unpack_started"] = panel.add_selected_layers() is not None
    plugin = qgis.utils.plugins[PLUGIN]
    next(a for a in plugin.actions if a.objectName() == "bascule_catalog").trigger()
    store = plugin.catalog_store()
    if not store.is_refreshing():
        store.refresh()
    key_access.shared().test(state["key"])
    state["second"] = second
    QTimer.singleShot(1500, unload)


@guarded
def unload():
    from bascule_geoplateforme.core.keys.qgis_side import key_access

    plugin = qgis.utils.plugins[PLUGIN]
    result["before"] = {
        "download": state["second"].state, "refreshing": plugin.catalog_store().is_refreshing(),
        "key_test": key_access.shared().is_testing(state["key"]), "tasks": plugin_tasks(),
        "requests": sorted(pending.values()),
        "parts": [p.name for p in FOLDER.rglob("*.part")]}
    guard = sys.modules.get(f"{PLUGIN}.core.keys.qgis_side.key_guard")
    state["old_guard"] = guard.shared() if guard is not None else None
    started = time.monotonic()
    qgis.utils.unloadPlugin(PLUGIN)
    result["unload_seconds"] = time.monotonic() - started
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.01)
    result["after"] = {"tasks": plugin_tasks(), "requests": sorted(pending.values()),
                       "parts": [p.name for p in FOLDER.rglob("*.part")],
                       "unpacked": [p.name for p in FOLDER.rglob("bdtopo.gpkg")]}
    qgis.utils.loadPlugin(PLUGIN)
    qgis.utils.startPlugin(PLUGIN)
    QgsApplication.processEvents()
    count_parts()


def count_parts():
    browser = sys.modules[f"{PLUGIN}.gui.browser.browser_provider"]
    window = iface.mainWindow()
    locator = next((sip.cast(w, QgsLocatorWidget) for w in window.findChildren(QWidget)
                    if w.metaObject().className() == "QgsLocatorWidget"), None)
    counts = {
        "browser root": sum(p.name() == browser.NAME
                            for p in QgsApplication.dataItemProviderRegistry().providers()),
        "processing provider": sum(p.id() == PLUGIN
                                   for p in QgsApplication.processingRegistry().providers()),
        "locator filter": sum(f.name() == PLUGIN for f in locator.locator().filters())
        if locator is not None else -1,
    }
    # QGIS does not list request preprocessors: the guards of the unloaded and of the reloaded
    # plugin (reloading imports the modules again) each know whether theirs is installed.
    guard = sys.modules.get(f"{PLUGIN}.core.keys.qgis_side.key_guard")
    if guard is not None:
        guards = {id(g): g for g in (state.get("old_guard"), guard.shared()) if g is not None}
        counts["request preprocessor"] = sum(int(g.installed) for g in guards.values())
    result["counts"] = counts
    QTimer.singleShot(1500, count_options_pages)
    # Modal: the count runs inside its event loop, then closes it.
    QTimer.singleShot(0, lambda: iface.showOptionsDialog(window))


@guarded
def count_options_pages():
    dialog = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QDialog) and w.isVisible()), None)
    pages = [w for w in dialog.findChildren(QWidget) if type(w).__name__ == "OptionsPage"] \
        if dialog is not None else []
    result["counts"]["options page"] = len(pages)
    if dialog is not None:
        dialog.reject()
    QTimer.singleShot(500, count_open_handlers)


@guarded
def count_open_handlers():
    """QGIS asks every registered project-open handler until one takes the file: the
    plugin's (the migrate-on-open setting off) declines, and is counted on the way."""
    hook = sys.modules[f"{PLUGIN}.core.migration.qgis_side.open_hook"]
    asked = []
    original = hook.OpenMigrationHandler.handleProjectOpen

    def counting(self, path):
        asked.append(path)
        return original(self, path)

    hook.OpenMigrationHandler.handleProjectOpen = counting
    path = FOLDER.parent / "vide.qgs"
    project = QgsProject()
    project.write(str(path))
    iface.addProject(str(path))
    hook.OpenMigrationHandler.handleProjectOpen = original
    result["counts"]["project-open handler"] = len(asked)
    iface.mainWindow().grab().save(os.environ["BASCULE_SCREENSHOT"])
    finish()


QTimer.singleShot(2000, start)
QTimer.singleShot(150000, finish)  # never hang the test run
