"""Run inside the real QGIS desktop (``qgis --code``) by test_desktop.py.

Checks that the plugin is loaded with its actions in the Web > Géoplateforme menu and its
toolbar, unloads and reloads it twice checking that nothing is left behind, records every
Python error, saves a screenshot and writes the findings as JSON (BASCULE_E2E_RESULT).
"""
import os
import traceback

import qgis.PyQt.QtWidgets
import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QToolBar
from qgis.utils import iface

from driver_support import PLUGIN, finish, record_errors, result

record_errors()
result["steps"] = []


def snapshot():
    """What the plugin contributes to the main window, by object name."""
    window = iface.mainWindow()
    toolbars = sorted(t.objectName() for t in window.findChildren(QToolBar) if t.objectName())
    web_actions = []
    for action in iface.webMenu().actions():
        menu = action.menu()
        if menu is not None:
            web_actions.append((action.text(), [a.objectName() or a.text() for a in menu.actions()]))
    return {"toolbars": toolbars, "web": web_actions, "docks": sorted(
        d.objectName() for d in window.findChildren(qgis.PyQt.QtWidgets.QDockWidget) if d.objectName())}


def run():
    try:
        result["loaded"] = PLUGIN in qgis.utils.active_plugins
        loaded = snapshot()
        result["with_plugin"] = loaded
        plugin = qgis.utils.plugins.get(PLUGIN)
        result["actions"] = [a.objectName() for a in getattr(plugin, "actions", [])]
        result["toolbar_actions"] = [a.objectName() for a in plugin.toolbar.actions()] if plugin else []
        for round_ in range(2):
            # Open the catalogue dock too: unloading must remove it.
            next(a for a in plugin.actions if a.objectName() == "bascule_catalog").trigger()
            QgsApplication.processEvents()
            result["steps"].append({"round": round_, "with_dock": snapshot()})
            qgis.utils.unloadPlugin(PLUGIN)
            QgsApplication.processEvents()
            result["steps"][-1]["unloaded"] = snapshot()
            qgis.utils.loadPlugin(PLUGIN)
            qgis.utils.startPlugin(PLUGIN)
            QgsApplication.processEvents()
            plugin = qgis.utils.plugins.get(PLUGIN)
            result["steps"][-1]["reloaded"] = snapshot()
        window = iface.mainWindow()
        window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
        QgsApplication.processEvents()
        window.grab().save(os.environ["BASCULE_SCREENSHOT"])
    except Exception:  # noqa: BLE001 - everything goes into the report
        result["errors"].append(traceback.format_exc())
    finally:
        finish()


QTimer.singleShot(3000, run)
