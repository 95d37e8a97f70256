"""The locator bar's "gpf" filter: a few words, the Géoplateforme layers ranked, Enter adds.

Registered at QGIS start-up, so this module imports nothing of the plugin but what a search
needs once typed (imported then). QGIS runs ``fetchResults`` on a clone in a worker thread:
the clone gets the catalogue's index, immutable, from ``prepare`` on the main thread. The
ranking is ``core.quick_search``; adding goes through the dock's own path (``places.add``),
so restricted layers take the key flow.
"""
from __future__ import annotations

import _thread

from qgis.core import QgsLocatorFilter, QgsLocatorResult
from qgis.PyQt.QtCore import QCoreApplication

PREFIX = "gpf"
MAX_RESULTS = 12
_INDEX = [None]  # the QuickIndex of the current catalogue (a refresh makes a new one)
_INDEX_LOCK = _thread.allocate_lock()  # searches run in QGIS's locator threads


def index_for(catalog):
    """The catalogue's index, built once (about 60 ms: in the worker thread, not the UI's)."""
    from ...core.catalog.quick_search import QuickIndex

    with _INDEX_LOCK:
        index = _INDEX[0]
        if index is None or index.catalog is not catalog:
            index = _INDEX[0] = QuickIndex(catalog)
        return index


class GeoplateformeFilter(QgsLocatorFilter):
    def __init__(self, places, catalog=None, parent=None):
        super().__init__(parent)
        self.places = places
        self._catalog = catalog
        self.setUseWithoutPrefix(True)  # also in the "All" results

    def clone(self):
        return GeoplateformeFilter(self.places, self._catalog)

    def name(self):
        return "bascule_geoplateforme"

    def displayName(self):  # noqa: N802 (QGIS naming)
        return QCoreApplication.translate("Locator", "Géoplateforme layers")

    def prefix(self):
        return PREFIX

    def priority(self):
        return QgsLocatorFilter.Priority.Medium

    def prepare(self, string, context):
        # Main thread, before QGIS clones the filter: the store may read its cache file.
        if len(string.strip()) >= 2:
            self._catalog = self.places.catalog()
        return []

    def fetchResults(self, string, context, feedback):  # noqa: N802 (QGIS naming)
        if self._catalog is None or len(string.strip()) < 2 or feedback.isCanceled():
            return  # QGIS cancels a query the user typed past
        entries = index_for(self._catalog).search(string, MAX_RESULTS)  # bounded whatever its length
        colliding = colliding_titles(entries)
        for rank, entry in enumerate(entries):
            if feedback.isCanceled():
                return
            self.resultFetched.emit(result_for(entry, rank, colliding))

    def triggerResult(self, result):  # noqa: N802 (QGIS naming)
        entry = self.places.entry(_user_data(result))
        if entry is not None:
            self.places.add(entry)


def colliding_titles(entries) -> set:
    """The titles several results share (case ignored): those rows also show the name."""
    seen, twice = set(), set()
    for entry in entries:
        title = (entry.title or entry.name).casefold()
        (twice if title in seen else seen).add(title)
    return twice


RESTRICTED_MARK = "\U0001F512"  # a lock, at the start of the line: the end may be cut off


def result_for(entry, rank: int, colliding=frozenset()) -> QgsLocatorResult:
    from ..entry_actions.entry_actions import entry_key

    title = entry.title or entry.name
    if title.casefold() in colliding and entry.name != title:
        title = f"{title} – {entry.name}"  # identical titles told apart by the technical name
    if entry.restricted:
        title = f"{RESTRICTED_MARK} {title}"
    # No filter given: QgsLocator sets the registered filter, which outlives this clone and
    # is what QGIS asks to trigger the result.
    result = QgsLocatorResult(None, title, entry_key(entry))
    labels = {"wmts": "WMTS", "wms-r": "WMS-Raster", "wms-v": "WMS-Vecteur", "wfs": "WFS",
              "tms": QCoreApplication.translate("Locator", "vector tiles")}
    description = f"{entry.name} · {labels.get(entry.service, entry.service)}"
    if entry.restricted:
        description = QCoreApplication.translate("Locator", "restricted, key needed") + " · " + description
    result.description = description
    result.score = 1.0 - rank / (MAX_RESULTS + 1)  # the ranking of quick_search, kept
    return result


def _user_data(result) -> str:
    """The entry key of a result: an attribute on some QGIS versions, a getter on others."""
    data = getattr(result, "userData", None)
    if callable(data) or not isinstance(data, str) or not data:
        getter = getattr(result, "getUserData", None)
        data = getter() if getter is not None else data
    return data if isinstance(data, str) else ""


class Registration:
    def __init__(self, iface, places):  # noqa: QGS105 - the plugin's iface
        self.iface = iface
        self.filter = GeoplateformeFilter(places)
        iface.registerLocatorFilter(self.filter)

    def remove(self):
        self.iface.deregisterLocatorFilter(self.filter)
