"""Run inside the real QGIS desktop by test_desktop.py: projects fixed as they open.

The project BASCULE_E2E_PROJECT (a copy of a real legacy project whose local layers are
relative paths) is opened by QGIS's own ``addProject`` four times:
  1. "migrate on open" off: today's behaviour, QGIS's "Handle unavailable layers" dialog
     lists the IGN layer (recorded, screenshot, closed);
  2. the setting is turned on in QGIS's Options dialog, on the plugin's page (screenshot);
  3. the project opens again: no unavailable-layers dialog for IGN layers, the layers valid
     against the loopback (BASCULE_GPF_BASE_URL), the message bar, the local layers still read
     by their relative paths (screenshot); "Details…" opens the migration dialog, whose Revert
     restores the file's sources;
  4. the plugin unloaded: the hook is gone, the dialog is back.
Requests to any host but the loopback go to a closed port (no internet; no 60 s timeouts).
"""
import os

import qgis.utils
from qgis.core import QgsApplication, QgsProject
from qgis.gui import QgsOptionsPageWidget
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QListView,
    QPushButton,
    QTableWidget,
    QTreeView,
)
from qgis.utils import iface

from driver_support import PLUGIN, finish, guarded, keep_requests_local, record_errors, result

record_errors()
PROJECT = os.environ["BASCULE_E2E_PROJECT"]
SCREENSHOT = os.environ["BASCULE_SCREENSHOT"]
BASE_URL = os.environ["BASCULE_GPF_BASE_URL"]

keep_requests_local()


def later(step, delay=200):
    QTimer.singleShot(delay, step)


def shot(widget, suffix):
    QApplication.processEvents()
    widget.grab().save(SCREENSHOT.replace(".png", f"-{suffix}.png"))


class BadLayersWatch:
    """Polls for QGIS's unavailable-layers dialog while a project opens (its loop is modal):
    records the layer names it lists, screenshots it and closes it."""

    def __init__(self, label):
        self.label = label
        self.timer = QTimer()
        self.timer.timeout.connect(self.poll)
        self.timer.start(100)
        result.setdefault("bad_layer_dialogs", {})[label] = None

    def poll(self):
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget.metaObject().className() == "QgsHandleBadLayers":
                table = widget.findChild(QTableWidget)
                names = [table.item(row, 0).text() for row in range(table.rowCount())]
                result["bad_layer_dialogs"][self.label] = names
                shot(widget, f"{self.label}-unavailable")
                widget.reject()

    def stop(self):
        self.timer.stop()


def layer_report():
    project = QgsProject.instance()
    return {layer.name(): {"valid": layer.isValid(), "provider": layer.providerType(),
                           "source": layer.source()}
            for layer in project.mapLayers().values()}


def open_project(label):
    watch = BadLayersWatch(label)
    opened = iface.addProject(PROJECT)
    QApplication.processEvents()
    watch.stop()
    result.setdefault("opened", {})[label] = {
        "read": bool(opened), "file": QgsProject.instance().fileName(), "layers": layer_report()}


@guarded
def start():
    assert QgsApplication.authManager().setMasterPassword("bascule-e2e", True)
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    plugin = qgis.utils.plugins[PLUGIN]
    from bascule_geoplateforme.core.toolbelt.qgis_side import settings

    result["hook_registered"] = plugin.open_hook is not None
    result["setting_before"] = settings.migrate_on_open()
    open_project("off")
    item = plugin.legacy_message
    result["off_message"] = item.text() if item is not None else None
    result["off_offer"] = bool(item and item.findChild(QPushButton, "bascule_offer_open_migration"))
    later(options_page, 500)
    QTimer.singleShot(0, lambda: iface.showOptionsDialog(iface.mainWindow()))


@guarded
def options_page(tries=50):
    dialog = next((w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and w.metaObject().className() == "QgsOptions"), None)
    # (QGIS 3.40 puts each page in a scroll area of the same object name: find the page itself.)
    pages = [w for w in dialog.findChildren(QgsOptionsPageWidget)
             if w.objectName() == "BasculeGeoplateformeOptionsPage"] if dialog else []
    page = pages[0] if pages else None
    if page is None:
        if tries:
            later(lambda: options_page(tries - 1), 200)
            return
        raise AssertionError("the Géoplateforme page is not in QGIS's Options")
    result["options_title"] = dialog.windowTitle()
    # Show the plugin's page: its entry in the list on the left.
    for view in dialog.findChildren(QListView) + dialog.findChildren(QTreeView):
        model = view.model()
        if model is None:
            continue
        matches = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, "Géoplateforme", 1,
                              Qt.MatchFlag.MatchRecursive)
        if matches:
            view.setCurrentIndex(matches[0])
    page.migrate_on_open.setChecked(True)
    result["options_base_url_shown"] = page.base_url.text()
    dialog.resize(1000, 640)
    shot(dialog, "options")
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # QGIS calls the page's apply()
    later(open_migrated, 300)


@guarded
def open_migrated():
    from bascule_geoplateforme.core.toolbelt.qgis_side import settings

    result["setting_after_options"] = settings.migrate_on_open()
    open_project("on")
    plugin = qgis.utils.plugins[PLUGIN]
    item = plugin.legacy_message
    result["on_message"] = item.text() if item is not None else None
    later(screenshot_then_details, 1500)


@guarded
def screenshot_then_details():
    window = iface.mainWindow()
    window.grab().save(SCREENSHOT)
    item = qgis.utils.plugins[PLUGIN].legacy_message
    button = item.findChild(QPushButton, "bascule_open_details") if item is not None else None
    assert button is not None, f"no Details button: {result.get('on_message')!r}, {result['opened']['on']}"
    later(revert_in_dialog, 500)
    QTimer.singleShot(0, button.click)  # the modal migration dialog; the next step runs inside


@guarded
def revert_in_dialog():
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QDialog) and w.isVisible() and hasattr(w, "revert_button"))
    result["revert_enabled"] = dialog.revert_button.isEnabled()
    shot(dialog, "dialog")
    dialog.revert_button.click()
    result["reverted"] = layer_report()
    dialog.reject()
    later(unload_and_open, 300)


@guarded
def unload_and_open():
    result["unloaded"] = qgis.utils.unloadPlugin(PLUGIN)
    iface.newProject(False)
    open_project("unloaded")
    QApplication.processEvents()
    finish()


QTimer.singleShot(3000, start)
