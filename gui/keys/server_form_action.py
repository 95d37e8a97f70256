"""The explicit, reversible action that writes HASH keys into layer addresses for QGIS Server
and Lizmap, which ignore QGIS's auth configs. Thin: the work is in core/keys/qgis_side/keyed_layers.py."""
from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QMessageBox

from ...core.keys.qgis_side import access_watch, keyed_layers
from ..widgets.plain import push

TITLE = "Géoplateforme"  # a proper noun, not translated


def _selected_restricted(iface):  # noqa: QGS105 - the plugin's iface (a stub in tests)
    restricted = {layer.id() for layer in access_watch.restricted_layers()}
    return [layer for layer in iface.layerTreeView().selectedLayers() if layer.id() in restricted]


def _report(iface, changed, skipped, done_text):  # noqa: QGS105 - the plugin's iface
    bar = iface.messageBar()
    if changed:
        push(bar, TITLE, done_text.format(", ".join(changed)), Qgis.MessageLevel.Info, 10)
    for name, why in skipped:
        text = QCoreApplication.translate("ServerFormAction", "“{0}” left as it was: {1}.")
        push(bar, TITLE, text.format(name, why), Qgis.MessageLevel.Warning, 10)


def write_keys_into_urls(iface) -> list:  # noqa: QGS105 - the plugin's iface
    layers = _selected_restricted(iface)
    if not layers:
        iface.messageBar().pushMessage(TITLE, QCoreApplication.translate(
            "ServerFormAction",
            "Select the restricted Géoplateforme layers to publish in the Layers panel first."),
            Qgis.MessageLevel.Info, 8)
        return []
    answer = QMessageBox.warning(
        iface.mainWindow(),
        QCoreApplication.translate("ServerFormAction", "Key in the address (QGIS Server)"),
        QCoreApplication.translate(
            "ServerFormAction",
            "QGIS Server and Lizmap cannot use QGIS's authentication database. This writes the "
            "HASH key of {0} layer(s) into their address: the key is then stored in clear in the "
            "project file, visible to anyone who reads it or the published service's "
            "configuration. Continue?").format(len(layers)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return []
    changed, skipped = keyed_layers.write_keys_into_urls(layers)
    _report(iface, changed, skipped, QCoreApplication.translate(
        "ServerFormAction", "Key written into the address of: {0}."))
    return changed


def put_keys_back(iface) -> list:  # noqa: QGS105 - the plugin's iface
    layers = _selected_restricted(iface) or access_watch.restricted_layers()
    changed, skipped = keyed_layers.put_keys_back(layers)
    _report(iface, changed, skipped, QCoreApplication.translate(
        "ServerFormAction", "Key back in QGIS's authentication database for: {0}."))
    return changed
