""""Migrate to the Géoplateforme" in the Layers panel's context menu of legacy IGN layers.

Imported by ``places`` when a layer whose source mentions IGN is added (opening a project adds
its layers): nothing of it at QGIS start-up. The entry is attached to the legacy layers only
(QgisInterface.addCustomActionForLayer), so other layers' menus stay as they were.
"""
from __future__ import annotations

from qgis.core import QgsMapLayerType
from qgis.PyQt.QtCore import QObject
from qgis.PyQt.QtGui import QIcon

from ...core.platform import paths

try:  # QAction moved from QtWidgets (Qt5) to QtGui (Qt6).
    from qgis.PyQt.QtWidgets import QAction
except ImportError:  # pragma: no cover - Qt6
    from qgis.PyQt.QtGui import QAction

_LAYER_TYPES = ("RasterLayer", "VectorLayer", "VectorTileLayer")


def is_legacy(layer) -> bool:
    """Does the engine have something to say about this layer's source?"""
    from ...core.platform.endpoints import mentions_ign

    source = layer.source()
    if not mentions_ign(source):
        return False
    from ...core.catalog.qgis_side.catalog_store import current_catalog
    from ...core.migration.engine import CURRENT, UNCHANGED, migrate_source

    return migrate_source(layer.providerType(), source,
                          current_catalog()).status not in (UNCHANGED, CURRENT)


class LayerMenu(QObject):
    def __init__(self, iface, open_migration, parent=None):  # noqa: QGS105 - the plugin's
        super().__init__(parent)
        self.iface = iface
        self._open_migration = open_migration
        self.action = QAction(QIcon(_icon()), self.tr("Migrate to the Géoplateforme"),
                              iface.mainWindow())
        self.action.setObjectName("bascule_migrate_layer")
        self.action.triggered.connect(self._triggered)
        for name in _LAYER_TYPES:
            layer_type = getattr(QgsMapLayerType, name, None)
            if layer_type is not None:
                iface.addCustomActionForLayerType(self.action, "", layer_type, False)

    def mark_layers(self, layers):
        """Attach the entry to the legacy layers among ``layers``."""
        for layer in layers:
            try:
                legacy = is_legacy(layer)
            except Exception:  # noqa: BLE001 - a menu entry must never break loading a project
                legacy = False
            if legacy:
                self.iface.addCustomActionForLayer(self.action, layer)

    def _triggered(self):
        layer = self.iface.activeLayer()  # the layer right-clicked is the current one
        if layer is not None:
            self._open_migration(layer)

    def remove(self):
        self.iface.removeCustomActionForLayerType(self.action)
        self.action.deleteLater()


def _icon() -> str:
    return str(paths.ICON)
