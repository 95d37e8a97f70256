"""One QGIS process on a given profile (QGIS_CUSTOM_CONFIG_PATH), for the restart tests of
saved connections: each call is a fresh QGIS start and a clean exit (QGIS then writes its
backward-compatibility keys, as the desktop does).

    python connection_probe.py ACTION PLUGIN_ROOT RESULT_JSON
ACTION: ``start`` (start and exit), ``migrate`` (import a real WFS connection export with
QGIS's own import, set an auth config on one connection, migrate them all), ``check`` (list as
QGIS reads them, fetch capabilities). EXPORT: the WFS export file to import.
"""
import importlib.util
import json
import sys

from qgis.core import Qgis, QgsApplication, QgsBlockingNetworkRequest, QgsOwsConnection, QgsSettings
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest

AUTH_NAME_PART = "WMTS \"Cartes\""  # the connection given an auth config before migrating
AUTHCFG = "abc1234"


def load_plugin(root):
    spec = importlib.util.spec_from_file_location(
        "bascule_geoplateforme", root + "/__init__.py", submodule_search_locations=[root])
    package = importlib.util.module_from_spec(spec)
    sys.modules["bascule_geoplateforme"] = package
    spec.loader.exec_module(package)


def settings_keys():
    settings = QgsSettings()
    return [k for k in settings.allKeys() if "connections" in k]


def as_qgis_reads():
    """Connections as QGIS's own API reads them (names, URL, auth config)."""
    found = {}
    for service in ("WMS", "WFS"):
        for name in QgsOwsConnection.connectionList(service):
            uri = QgsOwsConnection(service, name).uri()
            found[f"{service}/{name}"] = {"url": uri.param("url"), "authcfg": uri.authConfigId()}
    return found


def capabilities(url, service):
    if "request=" not in url.lower():
        url += ("&" if "?" in url else "?") + f"SERVICE={service}&REQUEST=GetCapabilities"
    request = QgsBlockingNetworkRequest()
    error = request.get(QNetworkRequest(QUrl(url)), True)
    body = bytes(request.reply().content())
    return error == QgsBlockingNetworkRequest.ErrorCode.NoError and b"Capabilities" in body[:2000]


def import_export(path):
    """QGIS's own import of a connection export (the Manage connections dialog)."""
    from qgis.gui import QgsManageConnectionsDialog

    dialog = QgsManageConnectionsDialog(None, QgsManageConnectionsDialog.Mode.Import,
                                        QgsManageConnectionsDialog.Type.WFS, path)
    dialog.selectAll()
    dialog.doExportImport()


def main(action, root, result_path, export=""):
    # The names the desktop and qgis_process use: the profile's QGIS/QGIS3.ini.
    QgsApplication.setOrganizationName("QGIS")
    QgsApplication.setOrganizationDomain("qgis.org")
    QgsApplication.setApplicationName("QGIS3")
    app = QgsApplication([], True)  # widgets: QGIS's connection import is a dialog
    app.initQgis()
    load_plugin(root)
    from bascule_geoplateforme.core.migration.qgis_side import saved_connections

    result = {"version": Qgis.QGIS_VERSION_INT}
    if action == "migrate":
        import_export(export)
        listed = saved_connections.list_connections()
        [target] = [c for c in listed if AUTH_NAME_PART in c.name and c.kind == "wms"]
        settings = QgsSettings()
        for key in target.keys:  # an auth config set where this QGIS reads it
            settings.setValue(saved_connections._credential_key(key, "authcfg"), AUTHCFG)
        written = saved_connections.migrate(listed)
        result["listed"] = [[c.kind, c.name, c.url, c.new_url, c.status] for c in listed]
        result["written"] = [c.name for c in written]
    result["connections"] = as_qgis_reads()
    result["all"] = {f"{c.kind}/{c.name}": c.url for c in saved_connections.list_connections()}
    result["keys"] = settings_keys()
    if action == "check":
        result["capabilities"] = {
            key: capabilities(value["url"], key.split("/")[0])
            for key, value in result["connections"].items() if "127.0.0.1" in value["url"]}
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    app.exitQgis()


if __name__ == "__main__":
    main(*sys.argv[1:5])
