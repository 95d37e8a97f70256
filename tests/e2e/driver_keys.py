"""Run inside the real QGIS desktop (in French) by test_desktop.py: « Mes clés Géoplateforme ».

Sets the master password of the fresh profile (no prompt), adds a login/password key through
the keys dialog opened from the plugin's menu action, presses Test, waits for what the key
unlocks on the loopback (BASCULE_GPF_BASE_URL), screenshots the dialog, then opens the
catalogue dock on the SCAN layer and screenshots its key mark. Findings go to
BASCULE_E2E_RESULT as JSON.
"""
import os

import qgis.utils
from qgis.core import QgsApplication
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog, QLabel
from qgis.utils import iface

from driver_support import PLUGIN, finish, guarded, record_errors, result

record_errors()
USER, PASSWORD = os.environ["BASCULE_E2E_LOGIN"].split(":", 1)
SCREENSHOT = os.environ["BASCULE_SCREENSHOT"]


def later(step, delay=200):
    QTimer.singleShot(delay, step)


@guarded
def start():
    assert QgsApplication.authManager().setMasterPassword("bascule-e2e", True)
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    plugin = qgis.utils.plugins[PLUGIN]
    action = next(a for a in plugin.actions if a.objectName() == "bascule_keys")
    result["action_text"] = action.text()
    later(fill_the_add_dialog, 500)
    QTimer.singleShot(0, action.trigger)  # opens the modal keys dialog; the steps run inside


def top_dialog(name=None):
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible() and (
                name is None or widget.objectName() == name):
            return widget
    return None


@guarded
def fill_the_add_dialog():
    keys = top_dialog("BasculeGeoplateformeKeysDialog")
    assert keys is not None, "the keys dialog did not open"
    result["keys_title"] = keys.windowTitle()
    result["keys_text"] = " ".join(label.text() for label in keys.findChildren(QLabel))
    later(type_the_key, 500)
    keys.add_button.click()  # modal: the next step runs inside its event loop


@guarded
def type_the_key():
    edit = next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible() and hasattr(w, "basic_choice"))
    result["edit_title"] = edit.windowTitle()
    edit.basic_choice.setChecked(True)
    edit.name.setText("Compte SIG du service")
    edit.username.setText(USER)
    edit.secret.setText(PASSWORD)
    edit.buttons.accepted.emit()
    later(wait_for_test)


@guarded
def wait_for_test(tries=300):
    keys = top_dialog("BasculeGeoplateformeKeysDialog")
    item = keys.tree.currentItem()
    if item is None or item.text(2) in ("", "test en cours…", "testing…", "non testée") and tries:
        later(lambda: wait_for_test(tries - 1), 100)
        return
    result["key_row"] = [item.text(i) for i in range(3)]
    result["details"] = keys.details.toPlainText()
    keys.resize(900, 560)
    QApplication.processEvents()
    keys.grab().save(SCREENSHOT.replace(".png", "-dialog.png"))
    keys.accept()
    later(open_dock, 300)


@guarded
def open_dock():
    window = iface.mainWindow()
    plugin = qgis.utils.plugins[PLUGIN]
    next(a for a in plugin.actions if a.objectName() == "bascule_catalog").trigger()
    dock = window.findChild(QgsDockWidget, "BasculeGeoplateformeCatalogDock")
    window.resizeDocks([dock], [620], Qt.Orientation.Horizontal)
    dock.search.setText("cartes ign")
    entry = dock.catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    assert dock.select_entry(entry)
    index = dock.model.index_of(entry)
    result["tooltip"] = index.data(Qt.ItemDataRole.ToolTipRole)
    result["dock_details"] = dock.details.toPlainText()
    later(shoot, 800)


@guarded
def shoot():
    window = iface.mainWindow()
    QApplication.processEvents()
    window.grab().save(SCREENSHOT)
    finish()


QTimer.singleShot(3000, start)
