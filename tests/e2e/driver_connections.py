"""Run inside the real QGIS desktop (in French) by test_desktop.py: « Connexions enregistrées ».

A fresh profile has no connection: the dialog, opened from the plugin's menu action, offers the
Géoplateforme's services once; they are added. Then a real legacy Géoportail connection (from
the Guts profile in tests/data) is saved and the dialog, opened again, migrates it; QGIS's own
connection list is read back, the dialog is screenshotted. Findings go to BASCULE_E2E_RESULT.
"""
import os

import qgis.utils
from qgis.core import QgsOwsConnection, QgsSettings
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog

from driver_support import PLUGIN, finish, guarded, record_errors, result

record_errors()
SCREENSHOT = os.environ["BASCULE_SCREENSHOT"]
LEGACY = ("Géoportail WMTS \"Cartes\"",
          "https://wxs.ign.fr/cartes/geoportail/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")


def action():
    plugin = qgis.utils.plugins[PLUGIN]
    return next(a for a in plugin.actions if a.objectName() == "bascule_connections")


def dialog():
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)
                 and w.isVisible() and w.objectName() == "BasculeGeoplateformeConnectionsDialog"),
                None)


@guarded
def start():
    result["action_text"] = action().text()
    QTimer.singleShot(500, accept_the_offer)
    QTimer.singleShot(0, action().trigger)  # modal: the next step runs inside it


@guarded
def accept_the_offer():
    shown = dialog()
    assert shown is not None, "the connections dialog did not open"
    result["title"] = shown.windowTitle()
    result["offered"] = not shown.offer.isHidden()
    result["offer"] = shown.offer.text()
    shown.add_services()
    result["added"] = shown.message.text()
    result["rows_after_adding"] = [shown.tree.topLevelItem(i).text(1)
                                   for i in range(shown.tree.topLevelItemCount())]
    shown.accept()
    from bascule_geoplateforme.core.migration.qgis_side import saved_connections

    name, url = LEGACY
    for group in ([g for g in saved_connections.KINDS["wms"][:2]] if saved_connections.new_layout()
                  else [saved_connections.KINDS["wms"][0]]):
        QgsSettings().setValue(f"{group}/{name}/url", url)
    QTimer.singleShot(500, migrate)
    QTimer.singleShot(100, action().trigger)


@guarded
def migrate():
    shown = dialog()
    result["offered_again"] = not shown.offer.isHidden()
    rows = [[shown.tree.topLevelItem(i).text(c) for c in range(5)]
            for i in range(shown.tree.topLevelItemCount())]
    result["rows"] = rows
    shown.resize(1300, 420)
    QApplication.processEvents()
    shown.grab().save(SCREENSHOT)  # the plan: what each connection becomes
    shown.migrate_checked()
    result["message"] = shown.message.text()
    result["qgis_reads"] = QgsOwsConnection("WMS", LEGACY[0]).uri().param("url")
    shown.accept()
    finish()


QTimer.singleShot(3000, start)
