"""The catalogue dock's status line: how many layers are shown, where the catalogue comes from,
when it was refreshed. The texts keep the dock's translation context."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from qgis.PyQt.QtCore import QCoreApplication, QDate, QLocale

from ...core.catalog.qgis_side.catalog_store import CatalogStore
from ..widgets.formatting import local_datetime

translate = QCoreApplication.translate  # pylupdate reads translate("Context", "text") calls


def status_text(total: int, shown: int, origin: str, newest: str, refreshed_at: Optional[str],
                refreshing: bool) -> str:
    """``origin`` is the store's (live, cache or the snapshot, whose age is its ``newest`` IGN
    document's date, '' when unknown)."""
    if origin == CatalogStore.ORIGIN_LIVE:
        source = translate("CatalogDock", "the Géoplateforme")
    elif origin == CatalogStore.ORIGIN_CACHE:
        source = translate("CatalogDock", "the cache")
    elif newest:  # the snapshot: as old as its newest IGN document
        source = translate("CatalogDock",
                           "the bundled snapshot of IGN documents up to {0}").format(day(newest))
    else:
        source = translate("CatalogDock", "the bundled snapshot")
    text = (translate("CatalogDock", "{0} layers").format(total) if shown == total
            else translate("CatalogDock", "{0} of {1} layers").format(shown, total))
    text += " · " + translate("CatalogDock", "from {0}").format(source)
    refreshed = when(refreshed_at)
    if refreshed:
        text += " · " + translate("CatalogDock", "refreshed {0}").format(refreshed)
    if refreshing:
        text += " · " + translate("CatalogDock", "refreshing…")
    return text


def day(iso: str) -> str:
    """A date as the user's locale writes it."""
    date = QDate.fromString(iso[:10], "yyyy-MM-dd")
    return QLocale().toString(date, QLocale.FormatType.ShortFormat) if date.isValid() else iso


def when(iso: Optional[str]) -> str:
    if not iso:
        return ""
    try:
        return local_datetime(datetime.fromisoformat(iso))
    except ValueError:
        return iso or ""
