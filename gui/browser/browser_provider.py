"""The "Géoplateforme" root of QGIS's Browser panel, its context menu and its drops.

Registered at QGIS start-up, so this module stays small and imports nothing of the plugin
but ``places``: the tree itself is built by ``browser_tree`` when the root is first opened,
from the catalogue in memory (cache or snapshot: no request at start-up).

Two QGIS facts shape it. ``createChildren()`` runs in a worker thread unless the item has
the ``Fast`` capability, and the Browser's filter only searches rows that exist: the root is
``Fast`` and builds services, themes and layers in one go, so the filter finds every layer
once the root has been opened. A plain drop or double-click would hand the item's URI to
QGIS's own loader, which knows nothing of keys or vector-tile styles: layer items give a
custom URI (``PROVIDER_KEY``) that ``browser_tree.DropHandler`` routes, like double-clicks, to the
plugin's one add path.
"""
from __future__ import annotations

import sys

from qgis.core import Qgis, QgsDataCollectionItem, QgsDataItemProvider, QgsDataProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ...core.platform import paths
from ..entry_actions.entry_actions import NAME, PROVIDER_KEY

ROOT_PATH = "geoplateforme:"
ICON = str(paths.ICON)


class RootItem(QgsDataCollectionItem):
    """Géoplateforme > services > IGN themes > layers."""

    def __init__(self, places, parent=None):
        super().__init__(parent, NAME, ROOT_PATH, PROVIDER_KEY)
        self.places = places
        self.setIcon(QIcon(ICON))
        self.setToolTip(QCoreApplication.translate(
            "Browser", "The layers of IGN's Géoplateforme (the plugin's catalogue)"))
        self.setCapabilitiesV2(Qgis.BrowserItemCapability.Fast)
        self._listening = False
        self.keep = []  # the tree's items (browser_tree.build)
        self._retired = []

    def createChildren(self):  # noqa: N802 (QGIS naming)
        from . import browser_tree

        if not self._listening:  # a refreshed catalogue rebuilds the tree
            self.places.store().catalogChanged.connect(self._on_catalog_changed)
            self._listening = True
        # The context menu and the drop handler only serve the items built here.
        browser_tree.register_menu_and_drops(self.places)
        return browser_tree.build(self, self.places.catalog(), self.places)

    def _on_catalog_changed(self, _catalog):
        """A refreshed catalogue: the tree built again. Not ``refresh()``: it keeps the old
        items whose path is unchanged (every service and theme), and with them the old
        layers; their Python side, needed for drops and double-clicks, would be gone."""
        from qgis.PyQt import sip

        if sip.isdeleted(self) or self.state() != Qgis.BrowserItemState.Populated:
            return
        self._retired = self.keep  # alive until QGIS has deleted the old items (deleteLater)
        self.depopulate()
        self.populate(True)


class Provider(QgsDataItemProvider):
    def __init__(self, places):
        super().__init__()
        self.places = places
        self.roots = []  # the Python side of the roots QGIS's Browser models hold

    def name(self):
        return NAME

    def dataProviderKey(self):  # noqa: N802 (QGIS naming)
        return PROVIDER_KEY

    def capabilities(self):
        return QgsDataProvider.DataCapability.Net

    def createDataItem(self, path, parentItem):  # noqa: N802 (QGIS naming)
        if path:
            return None
        from qgis.PyQt import sip

        self.roots = [r for r in self.roots if not sip.isdeleted(r)]
        root = RootItem(self.places, parentItem)
        self.roots.append(root)
        return root


class Registration:
    """The Browser part: the root's provider at start-up; its context menu and drop handler
    once the root is first opened (browser_tree.register_menu_and_drops)."""

    def __init__(self, iface, places):  # noqa: QGS105 - the plugin's iface
        from qgis.core import QgsApplication

        self.places = places
        self.provider = Provider(places)
        QgsApplication.dataItemProviderRegistry().addProvider(self.provider)

    def remove(self):
        from qgis.core import QgsApplication

        browser_tree = sys.modules.get(f"{__package__}.browser_tree")
        if browser_tree is not None:  # the root was opened: its menu and drops registered
            browser_tree.unregister_menu_and_drops(self.places)
        QgsApplication.dataItemProviderRegistry().removeProvider(self.provider)
