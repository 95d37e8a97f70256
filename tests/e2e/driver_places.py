"""Run inside the real QGIS desktop (in French) by test_desktop.py: where users already look.

1. the Browser panel with the Géoplateforme root expanded (services, a theme, its layers);
2. the locator bar with ``gpf scan 25`` typed, its results shown;
3. the catalogue dock at 300 px wide;
4. an old Géoportail layer's context menu in the Layers panel, then its entry triggered: the
   migration dialog opens on that layer.
A screenshot of each; findings go to BASCULE_E2E_RESULT as JSON.
"""
import os

import qgis.utils
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer
from qgis.gui import QgsDockWidget, QgsLocatorWidget
from qgis.PyQt.QtCore import QPoint, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog, QDockWidget, QTreeView
from qgis.utils import iface

from driver_support import PLUGIN, finish, guarded, record_errors, result

record_errors()
SCREENSHOT = os.environ["BASCULE_SCREENSHOT"]
LEGACY_WMTS = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
               "&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
               "&url=https://wxs.ign.fr/ortho/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


def shot(name):
    QApplication.processEvents()
    path = SCREENSHOT.replace(".png", f"-{name}.png")
    QApplication.primaryScreen().grabWindow(0).save(path)  # the screen: popups included
    result.setdefault("shots", []).append(path)


def browser_dock():
    """The Browser panel (the dock that holds the QGIS Browser's tree)."""
    for dock in iface.mainWindow().findChildren(QDockWidget):
        if dock.objectName() == "Browser":
            return dock
    raise AssertionError("no Browser panel")


def locator_widget():
    """QGIS's locator bar in the status bar."""
    from qgis.PyQt import sip
    from qgis.PyQt.QtWidgets import QWidget

    for widget in iface.mainWindow().findChildren(QWidget):
        if widget.metaObject().className() == "QgsLocatorWidget":
            return sip.cast(widget, QgsLocatorWidget)
    raise AssertionError("no locator bar")


def later(step, delay=300):
    QTimer.singleShot(delay, step)


@guarded
def start():
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    iface.newProject(False)
    QgsProject.instance().setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    result["imported_at_start"] = sorted(m for m in __import__("sys").modules
                                         if m.startswith(f"{PLUGIN}.") and "browser_tree" in m)
    browser = browser_dock()
    browser.show()
    browser.raise_()
    window.resizeDocks([browser], [460], Qt.Orientation.Horizontal)
    layers_panel = next((d for d in window.findChildren(QDockWidget) if d.objectName() == "Layers"), None)
    if layers_panel is not None:
        window.resizeDocks([browser, layers_panel], [760, 120], Qt.Orientation.Vertical)
    view = browser.findChild(QTreeView)  # QGIS's QgsDockBrowserTreeView
    view.expand(geoplateforme_root(view))
    later(lambda: expand_browser(view), 500)


def geoplateforme_root(view):
    model = view.model()
    return next(model.index(r, 0) for r in range(model.rowCount())
                if model.data(model.index(r, 0)) == "Géoplateforme")


@guarded
def expand_browser(view, tries=300):
    # Opening the root started the day's catalogue refresh: the tree is rebuilt when it ends.
    store = qgis.utils.plugins[PLUGIN].store
    model = view.model()
    root = geoplateforme_root(view)
    if (model.rowCount(root) == 0 or store is None or store.is_refreshing()) and tries:
        later(lambda: expand_browser(view, tries - 1), 100)
        return
    result["browser_refreshed"] = store.origin
    view.expand(root)
    services = [model.index(r, 0, root) for r in range(model.rowCount(root))]
    result["browser_services"] = [model.data(i) for i in services]
    wmts = services[0]
    view.expand(wmts)
    themes = [model.index(r, 0, wmts) for r in range(model.rowCount(wmts))]
    result["browser_themes"] = [model.data(i) for i in themes]
    ortho = next(i for i in themes if model.data(i) == "Ortho-imagerie")
    view.expand(ortho)
    result["browser_layers"] = [model.data(model.index(r, 0, ortho))
                                for r in range(min(8, model.rowCount(ortho)))]
    view.scrollTo(ortho, QTreeView.ScrollHint.PositionAtTop)
    later(lambda: (shot("browser"), locate()), 600)


@guarded
def locate():
    widget = locator_widget()
    found = result.setdefault("locator", [])
    widget.locator().foundResult.connect(
        lambda r: found.append([r.displayString, r.description, r.score]))
    widget.search("gpf scan 25")
    later(lambda: (shot("locator"), dock()), 2500)


@guarded
def dock():
    from qgis.PyQt.QtTest import QTest
    from qgis.PyQt.QtWidgets import QLineEdit

    widget = locator_widget()
    QTest.keyClick(widget.findChild(QLineEdit), Qt.Key.Key_Escape)  # closes the results
    window = iface.mainWindow()
    browser_dock().hide()
    plugin = qgis.utils.plugins[PLUGIN]
    next(a for a in plugin.actions if a.objectName() == "bascule_catalog").trigger()
    catalog = window.findChild(QgsDockWidget, "BasculeGeoplateformeCatalogDock")
    window.resizeDocks([catalog], [300], Qt.Orientation.Horizontal)
    catalog.search.setText("parcellaire")
    later(lambda: measure_dock(catalog), 800)


@guarded
def measure_dock(catalog):
    view = catalog.view
    result["dock_width"] = catalog.width()
    result["name_column_hidden"] = view.isColumnHidden(1)
    rows = []
    model = view.model()

    def walk(parent):
        for r in range(model.rowCount(parent)):
            index = model.index(r, 0, parent)
            if catalog.proxy.entry(index) is not None:
                rect = view.visualRect(index)
                text = index.data()
                rows.append([text, rect.width(), view.fontMetrics().horizontalAdvance(text)])
            walk(index)
    walk(view.rootIndex())
    result["dock_rows"] = rows[:10]
    shot("dock-300")
    layer_menu()


@guarded
def layer_menu():
    layer = QgsRasterLayer(LEGACY_WMTS, "Ortho (ancien Géoportail)", "wms")
    QgsProject.instance().addMapLayer(layer)
    view = iface.layerTreeView()
    view.setCurrentLayer(layer)
    menu = view.menuProvider().createContextMenu()
    result["layer_menu"] = [a.text() for a in menu.actions()]
    index = view.currentIndex()
    menu.popup(view.viewport().mapToGlobal(view.visualRect(index).center() + QPoint(10, 0)))
    later(lambda: open_from_menu(menu, layer), 600)


@guarded
def open_from_menu(menu, layer):
    shot("layer-menu")
    action = next(a for a in menu.actions() if a.objectName() == "bascule_migrate_layer")
    menu.close()
    later(lambda: read_dialog(layer), 800)
    QTimer.singleShot(0, action.trigger)  # modal dialog: the next step runs inside


@guarded
def read_dialog(layer):
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QDialog) and w.isVisible() and hasattr(w, "plans"))
    plan = dialog.selected_plan()
    result["dialog_layer"] = plan.name if plan else ""
    result["dialog_checked"] = [p.name for p in dialog.plans if p.checked]
    shot("migration")
    dialog.reject()
    later(finish, 300)


QTimer.singleShot(3000, start)
