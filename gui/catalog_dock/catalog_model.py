"""The catalogue as a Qt tree (service > IGN theme > layer) and its search filter.

One QStandardItemModel is built per catalogue (the items live in C++, so the view does not
call Python to paint). The filter proxy asks ``Catalog.search`` once per query (the same
case- and accent-insensitive word-prefix semantics as everywhere else), keeps the answer as
one flag per entry, and then only looks that flag up for each row.
"""
from __future__ import annotations

from typing import Callable, List, Optional

from qgis.core import QgsApplication, QgsMimeDataUtils, QgsProject
from qgis.PyQt.QtCore import QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel

from ...core.capabilities.model import SERVICES, TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS, Entry
from ...core.catalog.catalog_index import Catalog
from ...core.layers.layer_options import default_options
from ...core.layers.qgis_side.layer_factory import mime_uri
from ...core.toolbelt.plain_text import tooltip
from ..keys.key_choice import known_key

# Row of an entry in CatalogModel.entries (int); None on group rows.
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
# "service" or "theme" on group rows.
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
# Restricted entries: the names of the user's keys that unlock them (a list, maybe empty).
KEYS_ROLE = Qt.ItemDataRole.UserRole + 3
TITLE_COLUMN, NAME_COLUMN = 0, 1

SERVICE_ICONS = {WMTS: "/mIconWms.svg", WMS_RASTER: "/mIconWms.svg", WMS_VECTOR: "/mIconWms.svg",
                  WFS: "/mIconWfs.svg", TMS: "/mIconVectorTileLayer.svg"}
_ENTRY_FLAGS = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsDragEnabled)
_GROUP_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class CatalogModel(QStandardItemModel):
    """Service > theme > entry rows, two columns (title, technical name)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.catalog: Optional[Catalog] = None
        self.entries: List[Entry] = []
        self._row_of = {}  # id(entry) -> index in self.entries
        self._restricted = []  # (entry, title item, tooltip without keys)
        # The dock plugs in its options panel so a drag adds what the user chose.
        self.options_provider: Optional[Callable] = None
        self.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Name")])

    # --- labels ---------------------------------------------------------------------------
    def service_label(self, service: str) -> str:
        return {WMTS: "WMTS", WMS_RASTER: "WMS-Raster", WMS_VECTOR: "WMS-Vecteur", WFS: "WFS",
                TMS: self.tr("Vector tiles")}.get(service, service)

    def theme_label(self, theme: str) -> str:
        labels = {
            "administratif": self.tr("Administrative units"), "adresse": self.tr("Addresses"),
            "agriculture": self.tr("Agriculture"), "altimetrie": self.tr("Elevation"),
            "cartes": self.tr("Maps"), "cartovecto": self.tr("Vector maps"),
            "clc": "CORINE Land Cover", "economie": self.tr("Economy"),
            "enr": self.tr("Renewable energy"), "environnement": self.tr("Environment"),
            "foret": self.tr("Forest"), "geodesie": self.tr("Geodesy"),
            "lambert93": "Lambert 93", "ocsge": self.tr("Land cover (OCS GE)"),
            "ocsge-ng": self.tr("Land cover (OCS GE, new generation)"),
            "ortho": self.tr("Orthoimagery"), "orthohisto": self.tr("Historical orthoimagery"),
            "parcellaire": self.tr("Cadastral parcels"), "satellite": self.tr("Satellite imagery"),
            "sol": self.tr("Soil"), "topographie": self.tr("Topography"),
            "transports": self.tr("Transport"),
        }
        return labels.get(theme) or theme.replace("-", " ").capitalize()

    # --- building -------------------------------------------------------------------------
    def set_catalog(self, catalog: Catalog):
        """Rebuild every row from ``catalog`` (once per catalogue, not per keystroke)."""
        # Rows are filled while detached from the model (no signal per row); the reset
        # tells views and the proxy once.
        self.beginResetModel()
        try:
            self.removeRows(0, self.rowCount())
            self.catalog = catalog
            self.entries = []
            self._row_of = {}
            self._restricted = []
            lock = QgsApplication.getThemeIcon("/locked.svg")
            folder = QgsApplication.getThemeIcon("/mIconFolder.svg")
            root = self.invisibleRootItem()
            for service in SERVICES:
                in_service = catalog.entries(service)
                if not in_service:
                    continue
                service_item = self._group(self.service_label(service), "service", folder,
                                           len(in_service))
                icon = QgsApplication.getThemeIcon(SERVICE_ICONS[service])
                by_theme = {}
                for entry in in_service:
                    by_theme.setdefault(entry.theme, []).append(entry)
                themed = sorted((t for t in by_theme if t),
                                key=lambda t: self.theme_label(t).casefold())
                groups = [(t, self.theme_label(t)) for t in themed]
                if by_theme.get("") and themed:
                    groups.append(("", self.tr("Other layers")))
                for theme, label in groups or [("", "")]:
                    members = sorted(by_theme.get(theme, in_service if not groups else []),
                                     key=lambda e: ((e.title or e.name).casefold(), e.restricted))
                    parent = service_item
                    if label:
                        parent = self._group(label, "theme", folder, len(members))
                        service_item.appendRow([parent, self._blank()])
                    for entry in members:
                        parent.appendRow(self._entry_row(entry, lock if entry.restricted else icon))
                root.appendRow([service_item, self._blank()])
        finally:
            self.endResetModel()

    def _group(self, label: str, kind: str, icon, count: int) -> QStandardItem:
        item = QStandardItem(icon, label)
        item.setData(kind, GROUP_ROLE)
        item.setFlags(_GROUP_FLAGS)
        item.setToolTip(self.tr("{0} layers").format(count))
        return item

    def _blank(self) -> QStandardItem:
        item = QStandardItem()
        item.setFlags(_GROUP_FLAGS)
        return item

    def _entry_row(self, entry: Entry, icon) -> List[QStandardItem]:
        row = len(self.entries)
        self.entries.append(entry)
        self._row_of[id(entry)] = row
        title = QStandardItem(icon, entry.title or entry.name)
        name = QStandardItem(entry.name)
        tip = f"{entry.title}\n{entry.name}" if entry.title else entry.name
        if entry.restricted:
            tip += "\n" + self.tr("Restricted: needs a Géoplateforme key")
        for item in (title, name):
            item.setData(row, ENTRY_ROLE)
            item.setFlags(_ENTRY_FLAGS)
            item.setToolTip(tooltip(tip))
        if entry.restricted:
            self._restricted.append((entry, title, tip))
        return [title, name]

    def mark_keys(self, names_for: Callable[[Entry], List[str]]):
        """Mark each restricted entry with the user's keys that unlock it: an open lock and
        their names in the tooltip; a closed lock when none is known to."""
        lock = QgsApplication.getThemeIcon("/locked.svg")
        unlocked = QgsApplication.getThemeIcon("/unlocked.svg")
        for entry, item, tip in self._restricted:
            names = names_for(entry)
            item.setData(names, KEYS_ROLE)
            item.setIcon(unlocked if names else lock)
            item.setToolTip(tooltip(tip + ("\n" + self.tr("Unlocked by your key: {0}").format(
                ", ".join(names)) if names else "")))

    # --- lookups --------------------------------------------------------------------------
    def entry(self, index) -> Optional[Entry]:
        """The entry of a row of this model (None for a group row)."""
        row = index.data(ENTRY_ROLE) if index.isValid() else None
        return self.entries[row] if row is not None else None

    def row_of(self, entry: Entry) -> Optional[int]:
        return self._row_of.get(id(entry))

    def index_of(self, entry: Entry):
        """The model index (title column) of ``entry``, or an invalid index."""
        row = self.row_of(entry)
        if row is None:
            return self.index(-1, -1)
        found = self.match(self.index(0, 0), ENTRY_ROLE, row, 1,
                           Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return found[0] if found else self.index(-1, -1)

    # --- drag and drop --------------------------------------------------------------------
    def mimeTypes(self):  # noqa: N802 (Qt naming)
        return ["application/x-vnd.qgis.qgis.uri"]

    def mimeData(self, indexes):  # noqa: N802 (Qt naming)
        """QGIS's own URI list, so a drop on the canvas or the Layers panel adds the layer
        through QGIS. Restricted entries travel only with a known auth config."""
        uris, seen = [], set()
        project_crs = QgsProject.instance().crs().authid()
        for index in indexes:
            entry = self.entry(index)
            if entry is None or id(entry) in seen:
                continue
            seen.add(id(entry))
            options = self.options_provider(entry) if self.options_provider else None
            options = options or default_options(entry, self.catalog, project_crs)
            if entry.restricted:
                options.authcfg = options.authcfg or known_key(entry.service, entry.name)
                if not options.authcfg:
                    continue  # would be a broken layer: the dock asks for a key instead
            uris.append(mime_uri(entry, options))
        return QgsMimeDataUtils.encodeUriList(uris) if uris else None


class CatalogFilterProxy(QSortFilterProxyModel):
    """Filter rows with ``Catalog.search`` semantics, plus an open / restricted filter.

    A group row shows when one of its entries does (recursive filtering)."""

    ALL, OPEN, RESTRICTED = None, False, True

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setDynamicSortFilter(False)
        self._query = ""
        self._access: Optional[bool] = None
        self._accepted: Optional[List[bool]] = None  # one flag per entry; None: all shown
        self.shown = 0

    def setSourceModel(self, model):  # noqa: N802 (Qt naming)
        super().setSourceModel(model)
        # The flags are per entry of one catalogue: forget them while the model is rebuilt.
        model.modelAboutToBeReset.connect(self._forget)
        model.modelReset.connect(self.refilter)

    def _forget(self):
        self._accepted = None

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, text: str):
        if text != self._query:
            self._query = text
            self.refilter()

    def set_access(self, restricted: Optional[bool]):
        """None: every entry; False: open data only; True: restricted only."""
        if restricted != self._access:
            self._access = restricted
            self.refilter()

    def refilter(self):
        """Search once, remember one flag per entry, then let Qt walk the rows."""
        model = self.sourceModel()
        catalog = getattr(model, "catalog", None)
        if catalog is None:
            self._accepted, self.shown = None, 0
        elif not self._query.strip() and self._access is None:
            self._accepted, self.shown = None, len(model.entries)
        else:
            accepted = [False] * len(model.entries)
            row_of = model.row_of
            for entry in catalog.search(self._query, restricted=self._access):
                row = row_of(entry)
                if row is not None:
                    accepted[row] = True
            self._accepted, self.shown = accepted, sum(accepted)
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 (Qt naming)
        accepted = self._accepted
        if accepted is None:
            return True
        row = self.sourceModel().index(source_row, 0, source_parent).data(ENTRY_ROLE)
        # Group rows never match by themselves; recursive filtering shows the ones with hits.
        return row is not None and accepted[row]

    def entry(self, proxy_index) -> Optional[Entry]:
        model = self.sourceModel()
        return model.entry(self.mapToSource(proxy_index)) if proxy_index.isValid() else None
