"""Run inside the real QGIS desktop (in French) by test_desktop.py: the Téléchargement panel.

Checks that nothing of the panel is imported at start-up, opens it from the plugin's toolbar
action, waits for the resources from the loopback download service (BASCULE_GPF_BASE_URL),
selects BD TOPO®, waits for its editions, expands the Yvelines edition (a split archive), waits
for its files and saves a screenshot. Findings go to BASCULE_E2E_RESULT as JSON.
"""
import os
import sys

import qgis.utils
from qgis.core import QgsApplication
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.utils import iface

from driver_support import PLUGIN, finish, guarded, record_errors, result

record_errors()
PANEL_MODULE = f"{PLUGIN}.gui.download.download_dock"


def idle(panel):
    listings = [panel.controller.listing, panel.controller.editions_listing,
                *panel.controller.file_listings.values()]
    return not any(item is not None and item.is_busy() for item in listings)


def when_idle(panel, step, tries=600):
    """Call step once the panel's listings are done (polling: the driver has no event loop of
    its own)."""
    if idle(panel) or tries <= 0:
        QTimer.singleShot(300, step)
    else:
        QTimer.singleShot(100, lambda: when_idle(panel, step, tries - 1))


@guarded
def open_panel():
    result["imported_at_start"] = sorted(m for m in sys.modules if m.startswith(
        (PANEL_MODULE, f"{PLUGIN}.core.download")))
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    plugin = qgis.utils.plugins[PLUGIN]
    action = next(a for a in plugin.toolbar.actions() if a.objectName() == "bascule_download")
    result["action_text"] = action.text()
    action.trigger()
    panel = window.findChild(QgsDockWidget, "BasculeGeoplateformeDownloadDock")
    result["panel_visible"] = bool(panel and panel.isVisible())
    result["title"] = panel.windowTitle()
    window.resizeDocks([panel], [620], Qt.Orientation.Horizontal)
    when_idle(panel, lambda: listed(panel))


@guarded
def listed(panel):
    result["status"] = panel.status.text()
    proxy = panel.results.proxy
    result["resources"] = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    assert panel.select_resource("BDTOPO")
    when_idle(panel, lambda: editions(panel))


@guarded
def editions(panel):
    result["details"] = panel.details.description.text()
    tree = panel.details.editions
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    result["editions"] = [item.text(0) for item in items]
    yvelines = next(item for item in items if "_D078_" in item.text(0))
    panel.details.editions.setCurrentItem(yvelines)
    yvelines.setExpanded(True)
    when_idle(panel, lambda: files(panel, yvelines))


@guarded
def files(panel, item):
    result["files_status"] = panel.status.text()
    result["files"] = [item.child(i).text(0) for i in range(item.childCount())]
    for index in range(item.childCount()):
        item.child(index).setExpanded(True)  # the volumes of the split archive
    QTimer.singleShot(500, shoot)


@guarded
def shoot():
    iface.mainWindow().grab().save(os.environ["BASCULE_SCREENSHOT"])
    finish()


QTimer.singleShot(2000, open_panel)
QTimer.singleShot(90000, finish)  # never hang the test run
