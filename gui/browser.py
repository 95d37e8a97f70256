"""The "Géoplateforme" root of QGIS's Browser panel, its context menu and its drops.

Registered at QGIS start-up, so this module stays small and imports nothing of the plugin
but ``places``: the tree itself is built by ``browser_tree`` when the root is first opened,
from the catalogue in memory (cache or snapshot: no request at start-up).

Two QGIS facts shape it. ``createChildren()`` runs in a worker thread unless the item has
the ``Fast`` capability, and the Browser's filter only searches rows that exist: the root is
``Fast`` and builds services, themes and layers in one go, so the filter finds every layer
once the root has been opened. A plain drop or double-click would hand the item's URI to
QGIS's own loader, which knows nothing of keys or vector-tile styles: layer items give a
custom URI (``PROVIDER_KEY``) that ``DropHandler`` routes, like double-clicks, to the
plugin's one add path.
"""
from __future__ import annotations

import os

from qgis.core import Qgis, QgsDataCollectionItem, QgsDataItemProvider, QgsDataProvider
from qgis.gui import QgsCustomDropHandler, QgsDataItemGuiProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

try:  # QAction moved from QtWidgets (Qt5) to QtGui (Qt6).
    from qgis.PyQt.QtWidgets import QAction
except ImportError:  # pragma: no cover - Qt6
    from qgis.PyQt.QtGui import QAction

PROVIDER_KEY = "bascule_geoplateforme"  # the custom URI provider key of our drops
ROOT_PATH = "geoplateforme:"
NAME = "Géoplateforme"  # a proper noun, not translated
ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icon.svg")


def entry_key(entry) -> str:
    """What a custom URI carries: the entry's service, name and access."""
    return f"{entry.service}|{entry.name}|{int(entry.restricted)}"


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

    def createChildren(self):  # noqa: N802 (QGIS naming)
        from . import browser_tree

        if not self._listening:  # a refreshed catalogue rebuilds the tree
            self.places.store().catalogChanged.connect(self._on_catalog_changed)
            self._listening = True
        return browser_tree.build(self, self.places.catalog(), self.places)

    def _on_catalog_changed(self, _catalog):
        from qgis.PyQt import sip

        if not sip.isdeleted(self) and self.state() == Qgis.BrowserItemState.Populated:
            self.refresh()


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


class GuiProvider(QgsDataItemGuiProvider):
    """The context menu of our layer items: Add, Add with options…, Copy data source,
    Metadata."""

    def __init__(self, places):
        super().__init__()
        self.places = places

    def name(self):
        return NAME

    def populateContextMenu(self, item, menu, selectedItems, context):  # noqa: N802
        entry = getattr(item, "entry", None)
        if entry is None or getattr(item, "providerKey", lambda: "")() != PROVIDER_KEY:
            return
        from qgis.core import QgsApplication

        places = self.places
        tr = QCoreApplication.translate
        actions = [
            ("/mActionAddLayer.svg", tr("Browser", "Add"), lambda: places.add(entry)),
            ("/mActionOptions.svg", tr("Browser", "Add with options…"),
             lambda: places.show_in_dock(entry)),
            ("/mActionEditCopy.svg", tr("Browser", "Copy data source"),
             lambda: places.copy_source(entry)),
            ("/mActionPropertiesWidget.svg", tr("Browser", "Metadata"),
             lambda: _show_metadata(places, entry)),
        ]
        if entry.restricted:
            actions.insert(1, ("/locked.svg", tr("Browser", "Add with another key…"),
                               lambda: places.add(entry, ask_key=True)))
        for icon, text, slot in actions:
            action = QAction(QgsApplication.getThemeIcon(icon), text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)


def _show_metadata(places, entry):
    """IGN's metadata record when the capabilities link one, else the dock's details."""
    url = places.metadata_url(entry)
    if url:
        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl(url))
    else:
        places.show_in_dock(entry)


class DropHandler(QgsCustomDropHandler):
    """Browser items dropped on the map or the Layers panel: the plugin adds them."""

    def __init__(self, places):
        super().__init__()
        self.places = places

    def customUriProviderKey(self):  # noqa: N802 (QGIS naming)
        return PROVIDER_KEY

    def handleCustomUriDrop(self, uri):  # noqa: N802 (QGIS naming)
        entry = self.places.entry(uri.uri)
        if entry is not None:
            self.places.add(entry)


class Registration:
    """Everything the Browser part registers, and its removal on unload."""

    def __init__(self, iface, places):  # noqa: QGS105 - the plugin's iface
        from qgis.core import QgsApplication
        from qgis.gui import QgsGui

        self.iface = iface
        self.provider = Provider(places)
        self.gui_provider = GuiProvider(places)
        self.drop_handler = DropHandler(places)
        QgsApplication.dataItemProviderRegistry().addProvider(self.provider)
        QgsGui.dataItemGuiProviderRegistry().addProvider(self.gui_provider)
        iface.registerCustomDropHandler(self.drop_handler)

    def remove(self):
        from qgis.core import QgsApplication
        from qgis.gui import QgsGui

        self.iface.unregisterCustomDropHandler(self.drop_handler)
        QgsGui.dataItemGuiProviderRegistry().removeProvider(self.gui_provider)
        QgsApplication.dataItemProviderRegistry().removeProvider(self.provider)
