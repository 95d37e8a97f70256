"""Run inside the real QGIS desktop (in French) by test_desktop.py: a download from the
Téléchargement panel, screenshot while it runs.

Opens the panel, selects BD TOPO®, expands the Bouches-du-Rhône edition (a .zip holding a
GeoPackage), selects the archive and presses Download. The loopback sends the file slowly
(``download_rate``), so the screenshot shows the progress bar part-way, with the speed. Then it
waits for the end (MD5 checked), presses "Add the layers" and records the layers added.
Findings go to BASCULE_E2E_RESULT as JSON.
"""
import os

import qgis.utils
from qgis.core import QgsApplication, QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.utils import iface

from driver_support import PLUGIN, finish, guarded, record_errors, result

record_errors()
EDITION = "BDTOPO_3-5_GPKG_LAMB93_D013_2026-06-15"


def when(predicate, step, tries=900):
    """Call step once predicate holds (polling: the driver has no event loop of its own)."""
    if predicate() or tries <= 0:
        QTimer.singleShot(200, step)
    else:
        QTimer.singleShot(100, lambda: when(predicate, step, tries - 1))


@guarded
def open_panel():
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    plugin = qgis.utils.plugins[PLUGIN]
    action = next(a for a in plugin.toolbar.actions() if a.objectName() == "bascule_download")
    action.trigger()
    panel = window.findChild(QgsDockWidget, "BasculeGeoplateformeDownloadDock")
    window.resizeDocks([panel], [640], Qt.Orientation.Horizontal)
    panel.queue_view.folder.setFilePath(os.environ["BASCULE_DOWNLOAD_FOLDER"])
    when(lambda: not panel.busy(), lambda: listed(panel))


@guarded
def listed(panel):
    assert panel.select_resource("BDTOPO")
    when(lambda: not panel.busy(), lambda: editions(panel))


@guarded
def editions(panel):
    tree = panel.details.editions
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    edition = next(item for item in items if item.text(0) == EDITION)
    panel.details.editions.setCurrentItem(edition)
    edition.setExpanded(True)
    when(lambda: not panel.busy() and edition.childCount(), lambda: files(panel, edition))


@guarded
def files(panel, edition):
    panel.details.editions.setCurrentItem(edition.child(0))
    result["download_button"] = panel.queue_view.download_button.text()
    panel.queue_view.download_button.click()
    job = panel.selected_job()
    when(lambda: job.total and job.received > job.total // 3 and job.speed,
         lambda: in_progress(panel, job))


@guarded
def in_progress(panel, job):
    item = panel.queue_view.downloads.topLevelItem(0)
    bar = panel.queue_view.downloads.itemWidget(item, 1)
    result["in_progress"] = {"state": job.state, "name": item.text(0), "bar": bar.value(),
                             "bar_text": bar.text(), "speed_text": item.text(2),
                             "headers": [panel.queue_view.downloads.headerItem().text(i) for i in range(3)],
                             "cancel": panel.queue_view.cancel_download_button.text(),
                             "cancel_enabled": panel.queue_view.cancel_download_button.isEnabled()}
    iface.mainWindow().grab().save(os.environ["BASCULE_SCREENSHOT"])
    when(lambda: job.state != job.RUNNING, lambda: done(panel, job))


@guarded
def done(panel, job):
    item = panel.queue_view.downloads.topLevelItem(0)
    result["done"] = {"state": job.state, "message": job.message, "state_text": item.text(2),
                      "path": job.path}
    panel.queue_view.add_button.click()
    when(lambda: not panel.controller.unpack_tasks, lambda: added(panel))


@guarded
def added(panel):
    result["status"] = panel.status.text()
    group = QgsProject.instance().layerTreeRoot().findGroup("BD TOPO®")
    result["layers"] = [(node.layer().name(), node.layer().isValid(), node.layer().featureCount())
                        for node in (group.findLayers() if group else [])]
    finish()


QTimer.singleShot(2000, open_panel)
QTimer.singleShot(150000, finish)  # never hang the test run
