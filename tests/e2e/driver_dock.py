"""Run inside the real QGIS desktop by test_desktop.py: the catalogue dock, used as a person would.

Opens the dock from the plugin's toolbar action, waits for the live refresh from the loopback
Géoplateforme (BASCULE_GPF_BASE_URL), types a search letter by letter, selects the first
row of the view, presses "Add to map", zooms on Paris, waits for the map to render and saves a
screenshot. Findings go to BASCULE_E2E_RESULT as JSON.
"""
import os

import qgis.utils
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsProject, QgsRectangle
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QModelIndex, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.utils import iface

from driver_support import PLUGIN, finish, guarded, record_errors, result

record_errors()


@guarded
def open_dock():
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    iface.newProject(False)
    QgsProject.instance().setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    plugin = qgis.utils.plugins[PLUGIN]
    plugin.toolbar.actions()[0].trigger()  # the catalogue action, first on the toolbar
    dock = window.findChild(QgsDockWidget, "BasculeGeoplateformeCatalogDock")
    result["dock_visible"] = bool(dock and dock.isVisible())
    result["initial_origin"] = plugin.store.origin
    plugin.store.refreshFinished.connect(lambda ok, message: QTimer.singleShot(0, lambda: search(dock, ok, message)))


def entry_rows(dock):
    """The entries the view shows, in its order (the tree's groups walked depth first)."""
    model = dock.view.model()

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            entry = dock.proxy.entry(index)
            if entry is not None:
                yield index, entry
            yield from walk(index)

    return list(walk(QModelIndex()))


@guarded
def search(dock, ok, message):
    result["refresh"] = [ok, message]
    result["origin"] = dock.store.origin
    result["rows_before_search"] = len(entry_rows(dock))
    dock.search.setFocus()
    QTest.keyClicks(dock.search, "orthophotos")
    # The dock filters once the keys pause (debounced), as a person sees it a moment later.
    import time

    typed = time.monotonic()
    while dock.proxy.query != "orthophotos" and time.monotonic() - typed < 3:
        QgsApplication.processEvents()
        time.sleep(0.01)
    result["filtered_after_ms"] = round((time.monotonic() - typed) * 1000)
    rows = entry_rows(dock)
    result["shown_after_search"] = dock.proxy.shown
    result["rows_after_search"] = [
        [e.service, e.name, " ".join([e.name, e.title, e.abstract, *e.keywords])] for _, e in rows]
    # The first row of the view, as a person would pick it.
    first, entry = rows[0]
    dock.view.scrollTo(first)
    dock.view.setCurrentIndex(first)
    result["first_row"] = [entry.service, entry.name]
    result["selected"] = [dock.selected_entry().service, dock.selected_entry().name]
    dock.add_button.click()
    layers = list(QgsProject.instance().mapLayers().values())
    result["layers"] = [(l.name(), l.isValid(), l.providerType(), l.source()) for l in layers]
    canvas = iface.mapCanvas()
    canvas.setExtent(QgsRectangle(255000, 6245000, 268000, 6258000))
    canvas.mapCanvasRefreshed.connect(lambda: QTimer.singleShot(1500, shoot))
    canvas.refresh()


@guarded
def shoot():
    if "shot" in result:
        return
    result["shot"] = True
    iface.mainWindow().grab().save(os.environ["BASCULE_SCREENSHOT"])
    finish()


QTimer.singleShot(2000, open_dock)
QTimer.singleShot(90000, finish)  # never hang the test run
