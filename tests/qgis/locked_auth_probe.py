"""A QGIS process whose auth database another program holds locked (a write transaction
open, as a second QGIS or a database browser does), for the all-or-nothing test of the
connections migration: QGIS's own store fails for real, and a failed store leaves QGIS's
auth connection unusable until a restart, so it runs apart from the test session.

    python locked_auth_probe.py PLUGIN_ROOT RESULT_JSON  (QGIS_AUTH_DB_DIR_PATH set)
"""
import json
import os
import sqlite3
import sys
import time

from qgis.core import Qgis, QgsApplication, QgsSettings

from connection_probe import load_plugin

MASTER = "bascule-tests-master"
OLD, NEW = "qgis/connections-wms", "connections/ows/items/wms/connections/items"


def put(name, url):
    settings = QgsSettings()
    for group in ([NEW, OLD] if Qgis.QGIS_VERSION_INT >= 33000 else [OLD]):
        settings.setValue(f"{group}/{name}/url", url)


def main(root, result_path):
    app = QgsApplication([], True)
    app.initQgis()
    load_plugin(root)
    from bascule_geoplateforme.core.keys.qgis_side import key_store
    from bascule_geoplateforme.core.migration.qgis_side import saved_connections
    from bascule_geoplateforme.gui.migration.connections_dialog import ConnectionsDialog

    manager = QgsApplication.authManager()
    assert manager.setMasterPassword(MASTER, True)
    put("A Géoportail", "https://wxs.ign.fr/cartes/geoportail/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")
    put("B mot de passe", "https://wxs.ign.fr/essentiels/geoportail/r/wms?SERVICE=WMS&"
        "username=bob&password=MotDePasseMort42")
    put("C clé", "https://data.geopf.fr/private/wmts?apikey=CLEHASHVERROU77&SERVICE=WMTS&"
        "REQUEST=GetCapabilities")
    before = {c.name: c.url for c in saved_connections.list_connections()}
    configs = sorted(manager.configIds())
    dialog = ConnectionsDialog()
    checked = [item.name for item in dialog.checked()]
    lock = sqlite3.connect(os.path.join(os.environ["QGIS_AUTH_DB_DIR_PATH"], "qgis-auth.db"),
                           isolation_level=None, timeout=0)
    lock.execute("BEGIN IMMEDIATE")  # readers go on, every writer is refused
    started = time.monotonic()
    raised = ""
    try:
        dialog.migrate_checked()
    except Exception as error:  # what would reach QGIS's Python error dialog
        raised = f"{type(error).__name__}: {error}"
    lock.execute("ROLLBACK")
    result = {
        "version": Qgis.QGIS_VERSION_INT, "hash": key_store.hash_keys_supported(),
        "checked": checked, "before": before, "raised": raised,
        "after": {c.name: c.url for c in saved_connections.list_connections()},
        "undo": QgsSettings().value(saved_connections.UNDO_KEY, ""),
        "can_undo": saved_connections.can_undo(), "message": dialog.message.text(),
        "configs_before": configs, "configs_after": sorted(manager.configIds()),
        "seconds": time.monotonic() - started,
        "settings_file": QgsSettings().fileName(),
    }
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    app.exitQgis()


if __name__ == "__main__":
    main(*sys.argv[1:3])
