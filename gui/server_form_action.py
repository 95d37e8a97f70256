"""The explicit, reversible action that writes HASH keys into layer addresses for QGIS Server
and Lizmap, which ignore QGIS's auth configs. Thin: the work is in core/keyed_layers.py."""
from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QMessageBox

from ..core import access_watch, keyed_layers


def _tr(text: str) -> str:
    return QCoreApplication.translate("ServerFormAction", text)


def _selected_restricted(iface):
    restricted = {layer.id() for layer in access_watch.restricted_layers()}
    return [layer for layer in iface.layerTreeView().selectedLayers() if layer.id() in restricted]


def _report(iface, changed, skipped, done_text):
    bar = iface.messageBar()
    if changed:
        bar.pushMessage(_tr("Géoplateforme"), done_text.format(", ".join(changed)),
                        Qgis.MessageLevel.Info, 10)
    for name, why in skipped:
        bar.pushMessage(_tr("Géoplateforme"), _tr("“{0}” left as it was: {1}.").format(name, why),
                        Qgis.MessageLevel.Warning, 10)


def write_keys_into_urls(iface) -> list:
    layers = _selected_restricted(iface)
    if not layers:
        iface.messageBar().pushMessage(_tr("Géoplateforme"), _tr(
            "Select the restricted Géoplateforme layers to publish in the Layers panel first."),
            Qgis.MessageLevel.Info, 8)
        return []
    answer = QMessageBox.warning(
        iface.mainWindow(), _tr("Key in the address (QGIS Server)"),
        _tr("QGIS Server and Lizmap cannot use QGIS's authentication database. This writes the "
            "HASH key of {0} layer(s) into their address: the key is then stored in clear in the "
            "project file, visible to anyone who reads it or the published service's "
            "configuration. Continue?").format(len(layers)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return []
    changed, skipped = keyed_layers.write_keys_into_urls(layers)
    _report(iface, changed, skipped, _tr("Key written into the address of: {0}."))
    return changed


def put_keys_back(iface) -> list:
    layers = _selected_restricted(iface) or access_watch.restricted_layers()
    changed, skipped = keyed_layers.put_keys_back(layers)
    _report(iface, changed, skipped, _tr("Key back in QGIS's authentication database for: {0}."))
    return changed
