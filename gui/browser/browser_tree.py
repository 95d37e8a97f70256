"""The Browser's Géoplateforme tree: services > IGN themes > layers, built in one go.

Imported when the root is first opened. Every level is built at once from the catalogue in
memory (see browser.py: QGIS's Browser filter only finds rows that exist), in the dock's
order and with the dock's labels (CatalogModel), lock icons on restricted layers.
"""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDataCollectionItem,
    QgsLayerItem,
    QgsMimeDataUtils,
)
from qgis.gui import QgsCustomDropHandler, QgsDataItemGuiProvider, QgsGui
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication

try:  # QAction moved from QtWidgets (Qt5) to QtGui (Qt6).
    from qgis.PyQt.QtWidgets import QAction
except ImportError:  # pragma: no cover - Qt6
    from qgis.PyQt.QtGui import QAction

from ...core.capabilities.model import SERVICES
from ...core.layers.layer_options import VECTOR, VECTOR_TILE, layer_kind
from ...core.toolbelt.plain_text import tooltip
from ..entry_actions.entry_actions import NAME, PROVIDER_KEY, entry_key
from ..catalog_dock.catalog_model import SERVICE_ICONS, CatalogModel

_LAYER_TYPES = {VECTOR: Qgis.BrowserLayerType.Vector, VECTOR_TILE: Qgis.BrowserLayerType.VectorTile}


class GroupItem(QgsDataCollectionItem):
    """A service or a theme: its children are given, never computed."""

    def __init__(self, parent, name, path, sort_key=""):
        super().__init__(parent, name, path, PROVIDER_KEY)
        self.setCapabilitiesV2(Qgis.BrowserItemCapability.Fast)
        if sort_key:
            self.setSortKey(sort_key)  # the dock's order, not the alphabet
        self.setIcon(QgsApplication.getThemeIcon("/mIconFolder.svg"))

    def createChildren(self):  # noqa: N802 - only after a refresh emptied it
        return []


class LayerItem(QgsLayerItem):
    """One catalogue entry; dropped or double-clicked, the plugin adds it."""

    def __init__(self, parent, entry, path, icon, places):
        super().__init__(parent, entry.title or entry.name, path, entry_key(entry),
                         _LAYER_TYPES.get(layer_kind(entry), Qgis.BrowserLayerType.Raster),
                         PROVIDER_KEY)
        self.entry = entry
        self.places = places
        self.setIcon(icon)
        tip = f"{entry.title}\n{entry.name}" if entry.title else entry.name
        if entry.restricted:
            tip += "\n" + QCoreApplication.translate(
                "Browser", "Restricted: needs a Géoplateforme key")
        self.setToolTip(tooltip(tip))
        self.setState(Qgis.BrowserItemState.Populated)  # a leaf

    def hasDragEnabled(self):  # noqa: N802 (QGIS naming)
        return True

    def mimeUris(self):  # noqa: N802 (QGIS naming)
        uri = QgsMimeDataUtils.Uri()
        uri.layerType = "custom"
        uri.providerKey = PROVIDER_KEY
        uri.name = self.name()
        uri.uri = entry_key(self.entry)
        return [uri]

    def mimeUri(self):  # noqa: N802 - QGIS < 3.28 asks for one
        return self.mimeUris()[0]

    def handleDoubleClick(self):  # noqa: N802 (QGIS naming)
        self.places.add(self.entry)
        return True

    def comments(self):
        return self.entry.name


def build(root, catalog, places):
    """The service items of ``catalog``, each already holding its themes and layers.

    C++ owns every item (its parent deletes it); ``root.keep`` holds their Python side,
    where the overrides (drop, double-click) live, for as long as the tree exists."""
    keep = []

    def _owned_by_qgis(item):
        sip.transferto(item, None)  # populate() does not take ownership: QGIS deletes them
        keep.append(item)
        return item

    labels = CatalogModel()  # its labels only (translated service and theme names)
    lock = QgsApplication.getThemeIcon("/locked.svg")
    services = []
    for order, service in enumerate(SERVICES):
        in_service = catalog.entries(service)
        if not in_service:
            continue
        service_path = f"{root.path()}/{service}"
        service_item = _owned_by_qgis(GroupItem(root, labels.service_label(service), service_path,
                                                f"{order:02d}"))
        icon = QgsApplication.getThemeIcon(SERVICE_ICONS[service])
        by_theme = {}
        for entry in in_service:
            by_theme.setdefault(entry.theme, []).append(entry)
        themed = sorted((t for t in by_theme if t), key=lambda t: labels.theme_label(t).casefold())
        groups = [(t, labels.theme_label(t)) for t in themed]
        if by_theme.get(""):
            groups.append(("", QCoreApplication.translate("Browser", "Other layers")))
        theme_items = []
        for theme, label in groups:
            # "Other layers" last, as in the dock.
            theme_item = _owned_by_qgis(GroupItem(service_item, label, f"{service_path}/{theme or '_'}",
                                                  "~" if not theme else ""))
            members = sorted(by_theme[theme], key=lambda e: ((e.title or e.name).casefold(),
                                                             e.restricted))
            theme_item.populate([_owned_by_qgis(LayerItem(
                theme_item, entry,
                f"{theme_item.path()}/{entry.name}{'@private' if entry.restricted else ''}",
                lock if entry.restricted else icon, places)) for entry in members])
            theme_items.append(theme_item)
        service_item.populate(theme_items)
        services.append(service_item)
    labels.deleteLater()
    root.keep = keep
    return services


# --- context menu and drops ---------------------------------------------------------------

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
        actions = [
            ("/mActionAddLayer.svg", QCoreApplication.translate("Browser", "Add"), lambda: places.add(entry)),
            ("/mActionOptions.svg", QCoreApplication.translate("Browser", "Add with options…"),
             lambda: places.show_in_dock(entry)),
            ("/mActionEditCopy.svg", QCoreApplication.translate("Browser", "Copy data source"),
             lambda: places.copy_source(entry)),
            ("/mActionPropertiesWidget.svg", QCoreApplication.translate("Browser", "Metadata"),
             lambda: _show_metadata(places, entry)),
        ]
        if entry.restricted:
            actions.insert(1, ("/locked.svg", QCoreApplication.translate("Browser", "Add with another key…"),
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


_REGISTERED = {}  # id(places) -> (gui provider, drop handler)


def register_menu_and_drops(places):
    """Once per plugin session: our items' context menu and their drops."""
    if id(places) in _REGISTERED:
        return
    gui_provider, drop_handler = GuiProvider(places), DropHandler(places)
    QgsGui.dataItemGuiProviderRegistry().addProvider(gui_provider)
    if places.iface is not None:
        places.iface.registerCustomDropHandler(drop_handler)
    _REGISTERED[id(places)] = (gui_provider, drop_handler)


def unregister_menu_and_drops(places):
    registered = _REGISTERED.pop(id(places), None)
    if registered is None:
        return
    gui_provider, drop_handler = registered
    if places.iface is not None:
        places.iface.unregisterCustomDropHandler(drop_handler)
    QgsGui.dataItemGuiProviderRegistry().removeProvider(gui_provider)
