"""Run inside the real QGIS desktop by test_desktop.py: the migration dialog and the docks as an
analyst uses them, on a 1366×768 screen (BASCULE_XVFB_SCREEN), QGIS in French.

1. The QGIS 1.8 project BASCULE_E2E_PROJECT (withdrawn layers, dead credentials) is read; the
   dialog opens from the plugin's action: every button inside the screen, the check boxes
   shown and effective (a click toggles one), a withdrawn row selected (its successor in the
   Layer menu), Apply: the dialog's own message bar (screenshots at each step);
2. the project saved as BASCULE_E2E_SAVED (.qgz), cleared, read again: the dialog offers
   "Rétablir les sources d'origine", which puts the old sources back;
3. both docks opened at 300 px: their widths, the main window inside the screen.
Requests to any host but the loopback go to a closed port (no internet).
"""
import os

import qgis.utils
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QPoint, QRect, Qt, QTimer
from qgis.PyQt.QtGui import QTextDocumentFragment
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QAbstractButton, QApplication, QDialog
from qgis.utils import iface

from driver_support import PLUGIN, finish, guarded, keep_requests_local, record_errors, result

record_errors()
PROJECT = os.environ["BASCULE_E2E_PROJECT"]
SAVED = os.environ["BASCULE_E2E_SAVED"]
SCREENSHOT = os.environ["BASCULE_SCREENSHOT"]
WITHDRAWN = "BDPARCEL20130101120000002"

keep_requests_local()


def later(step, delay=300):
    QTimer.singleShot(delay, step)


def shot(widget, suffix):
    QApplication.processEvents()
    widget.grab().save(SCREENSHOT.replace(".png", f"-{suffix}.png"))


def screen_rect():
    return QgsApplication.primaryScreen().geometry()


def outside(dialog):
    """The visible buttons of ``dialog`` not wholly inside the screen (with its frame)."""
    screen = screen_rect()
    found = []
    for button in dialog.findChildren(QAbstractButton):
        if not button.isVisible():
            continue
        box = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        if not screen.contains(box):
            found.append([button.text(), box.x(), box.y(), box.width(), box.height()])
    return found


def migration_dialog():
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QDialog) and w.isVisible() and hasattr(w, "revert_button")), None)


def shown(item):
    """A message bar item's text as a person reads it: the bar renders it as rich text (the
    plugin escapes what it pushes, quotes included)."""
    return QTextDocumentFragment.fromHtml(item.text()).toPlainText()


def row_index(dialog, layer_id, column=0):
    row = next(i for i, p in enumerate(dialog.plans) if p.layer_id == layer_id)
    return dialog.proxy.mapFromSource(dialog.model.index(row, column))


def sources():
    return {layer.id(): layer.source() for layer in QgsProject.instance().mapLayers().values()}


def track(label):
    window = iface.mainWindow()
    result.setdefault("window_track", []).append(
        [label, window.frameGeometry().width(), window.frameGeometry().height(),
         window.minimumSizeHint().height()])


def frame(dialog):
    geometry = dialog.frameGeometry()
    return [geometry.x(), geometry.y(), geometry.width(), geometry.height()]


@guarded
def start():
    assert QgsApplication.authManager().setMasterPassword("bascule-e2e", True)
    window = iface.mainWindow()
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())  # no window manager
    QApplication.processEvents()
    result["screen"] = [screen_rect().width(), screen_rect().height()]
    result["window_start"] = [window.frameGeometry().width(), window.frameGeometry().height(),
                              window.minimumSizeHint().width(), window.minimumSizeHint().height()]
    project = QgsProject.instance()
    assert project.read(PROJECT, QgsProject.ReadFlag.FlagDontResolveLayers)
    result["before"] = sources()
    track("read")
    later(first_dialog, 600)
    action = next(a for a in qgis.utils.plugins[PLUGIN].actions
                  if a.objectName() == "bascule_migrate_project")
    QTimer.singleShot(0, action.trigger)  # the modal dialog; the next steps run inside it


@guarded
def first_dialog():
    dialog = migration_dialog()
    assert dialog is not None, "the migration dialog did not open"
    QApplication.processEvents()
    result["dialog"] = {"title": dialog.windowTitle(), "frame": frame(dialog),
                        "summary": dialog.summary.text(), "outside": outside(dialog),
                        "apply": dialog.apply_button.text(), "revert": dialog.revert_button.text()}
    shot(dialog, "dialog-ign")
    # Check boxes: shown for every row Apply changes, and a click on one toggles it.
    boxes = {p.layer_id: row_index(dialog, p.layer_id).data(Qt.ItemDataRole.CheckStateRole)
             for p in dialog.plans if p.applicable}
    result["boxes"] = {k: int(v) if v is not None else None for k, v in boxes.items()}
    cell = row_index(dialog, WITHDRAWN)
    dialog.table.scrollTo(cell)
    rect = dialog.table.visualRect(cell)
    click = QPoint(rect.left() + 12, rect.center().y())
    QTest.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, click)
    result["after_click"] = int(cell.data(Qt.ItemDataRole.CheckStateRole))
    QTest.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, click)
    result["after_second_click"] = int(cell.data(Qt.ItemDataRole.CheckStateRole))
    # A withdrawn row selected: its successor is offered in the Layer menu, nothing widens.
    dialog.table.setCurrentIndex(cell)
    QApplication.processEvents()
    result["withdrawn"] = {"frame": frame(dialog), "outside": outside(dialog),
                           "replace": dialog.replace_action.text(),
                           "replace_enabled": dialog.replace_action.isEnabled()}
    shot(dialog, "dialog-withdrawn")
    dialog.apply_button.click()
    QApplication.processEvents()
    result["applied"] = {"messages": [shown(item) for item in dialog.message_bar.items()],
                         "summary": dialog.summary.text(), "frame": frame(dialog),
                         "outside": outside(dialog), "sources": sources()}
    later(lambda: close_and_save(dialog), 800)


@guarded
def close_and_save(dialog):
    shot(dialog, "dialog-applied")
    track("applied")
    dialog.reject()
    track("closed")
    project = QgsProject.instance()
    result["saved"] = project.write(SAVED)
    project.clear()
    assert project.read(SAVED, QgsProject.ReadFlag.FlagDontResolveLayers)
    result["reopened_sources"] = sources()
    track("reopened")
    later(reopened_dialog, 600)
    action = next(a for a in qgis.utils.plugins[PLUGIN].actions
                  if a.objectName() == "bascule_migrate_project")
    QTimer.singleShot(0, action.trigger)


@guarded
def reopened_dialog():
    dialog = migration_dialog()
    assert dialog is not None, "the migration dialog did not open again"
    result["reopened"] = {"revert_enabled": dialog.revert_button.isEnabled(),
                          "revert": dialog.revert_button.text(), "outside": outside(dialog)}
    shot(dialog, "dialog-reopened")
    dialog.revert_button.click()
    QApplication.processEvents()
    result["reverted"] = {"messages": [shown(item) for item in dialog.message_bar.items()],
                          "sources": sources()}
    shot(dialog, "dialog-reverted")
    dialog.reject()
    later(docks, 300)


@guarded
def docks():
    window = iface.mainWindow()
    plugin = qgis.utils.plugins[PLUGIN]
    for name in ("bascule_catalog", "bascule_download"):
        action = next(a for a in plugin.actions if a.objectName() == name)
        if not action.isChecked():
            action.trigger()
        track(name + "-now")
        QApplication.processEvents()
        track(name)
    track("docks")
    catalog, download = plugin.dock, plugin.download_panel
    result["tabbed"] = download in window.tabifiedDockWidgets(catalog)
    result["window_docks_min"] = [window.minimumSizeHint().width(), window.minimumSizeHint().height(),
                                  catalog.minimumSizeHint().height(), download.minimumSizeHint().height()]
    window.resizeDocks([catalog, download], [300, 300], Qt.Orientation.Horizontal)
    later(measure_docks, 1500)


@guarded
def measure_docks():
    window = iface.mainWindow()
    plugin = qgis.utils.plugins[PLUGIN]
    catalog, download = plugin.dock, plugin.download_panel
    result["docks"] = {"catalog": catalog.width(), "download": download.width(),
                       "catalog_min": catalog.minimumSizeHint().width(),
                       "download_min": download.minimumSizeHint().width(),
                       "window": [window.frameGeometry().width(), window.frameGeometry().height()]}
    # A layer selected in the catalogue: the dock keeps its width.
    view = catalog.view
    model = view.model()
    index = model.index(0, 0)
    while model.rowCount(index):
        index = model.index(0, 0, index)
    view.setCurrentIndex(index)
    QApplication.processEvents()
    later(after_selection, 800)


@guarded
def after_selection():
    window = iface.mainWindow()
    plugin = qgis.utils.plugins[PLUGIN]
    result["docks"]["catalog_selected"] = plugin.dock.width()
    result["docks"]["window_selected"] = [window.frameGeometry().width(),
                                          window.frameGeometry().height()]
    window.grab().save(SCREENSHOT.replace(".png", "-docks.png"))
    plugin.download_panel.raise_()  # the other tab
    QApplication.processEvents()
    result["docks"]["download_shown"] = plugin.download_panel.width()
    result["docks"]["window_download"] = [window.frameGeometry().width(),
                                          window.frameGeometry().height()]
    window.grab().save(SCREENSHOT.replace(".png", "-docks-download.png"))
    finish()


QTimer.singleShot(3000, start)
