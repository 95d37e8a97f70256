"""The catalogue refresh and IGN's servers: at most once a day, WFS FeatureTypeList only,
compressed transfer; and the dock at 300 px with its state remembered."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from qgis.core import QgsNetworkAccessManager, QgsProject

from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore
from qgis_helpers import wait_until


def _store(cache_dir):
    store = CatalogStore(cache_dir=str(cache_dir))
    store.finished = []
    store.refreshFinished.connect(lambda ok, message: store.finished.append((ok, message)))
    return store


def _refresh(store):
    store.refresh()
    assert wait_until(lambda: store.finished), "the refresh did not finish"
    return store.finished[-1]


def test_first_refresh_asks_featuretypelist_only_and_accepts_gzip(tmp_path, gpf):
    QgsNetworkAccessManager.instance().cache().clear()
    store = _store(tmp_path / "cache")
    assert store.refresh_due()  # the snapshot: never refreshed here
    ok, message = _refresh(store)
    assert ok, message
    [wfs] = gpf.requests_to("/wfs/ows", "GetCapabilities")
    assert wfs.param("SECTIONS") == "FeatureTypeList"
    full = gpf.document("wfs")
    assert b"<ows:OperationsMetadata>" in full
    for request in gpf.requests_to("/", "GetCapabilities") + gpf.requests_to("/wmts"):
        assert "gzip" in request.headers.get("accept-encoding", "")
        assert 0 < request.sent < len(gpf.document("wmts" if "/wmts" in request.path else
                                                  "wfs" if "/wfs" in request.path else
                                                  "wms-v" if "/wms-v" in request.path else
                                                  "wms-r"))
    # What the catalogue shows of the WFS is all there: every feature type of the document.
    import re

    assert len(store.catalog().entries("wfs")) == len(re.findall(rb"<FeatureType[\s>]", full))


def test_second_session_the_same_day_asks_nothing(tmp_path, gpf):
    QgsNetworkAccessManager.instance().cache().clear()
    ok, message = _refresh(_store(tmp_path / "cache"))
    assert ok, message
    gpf.clear()
    again = _store(tmp_path / "cache")
    assert again.catalog() is not None and again.origin == "cache"
    assert not again.refresh_due()
    assert again.refresh_if_due() is None
    assert gpf.requests == []
    # The next day it is due, and the refresh is conditional (304 for the unchanged ones).
    tomorrow = datetime.now(timezone.utc) + timedelta(hours=25)
    assert again.refresh_due(now=tomorrow)
    ok, message = _refresh(again)
    assert ok, message
    assert all(r.status == 304 for r in gpf.requests_to("/", "GetCapabilities")), \
        [(r.path, r.status) for r in gpf.requests]


def test_interval_setting(tmp_path, gpf, monkeypatch):
    QgsNetworkAccessManager.instance().cache().clear()
    ok, _ = _refresh(_store(tmp_path / "cache"))
    assert ok
    again = _store(tmp_path / "cache")
    monkeypatch.setattr(settings, "refresh_interval_hours", lambda: 0)  # every session
    assert again.refresh_due()
    settings.REFRESH_INTERVAL_HOURS.set("bad")
    try:
        monkeypatch.undo()
        assert settings.refresh_interval_hours() == 24
    finally:
        settings.REFRESH_INTERVAL_HOURS.set(24)


# --- the dock at 300 px ------------------------------------------------------------------

@pytest.fixture
def dock(qgis_iface, tmp_path, gpf):
    from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock

    QgsProject.instance().removeAllMapLayers()
    widget = CatalogDock(qgis_iface, _store(tmp_path / "cache"))
    widget.load(refresh=False)
    yield widget
    widget.close()
    widget.deleteLater()


def _dock_again(qgis_iface, dock):
    from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock

    widget = CatalogDock(qgis_iface, dock.store)
    widget.load(refresh=False)
    return widget


def test_dock_at_300_px_titles_take_the_width(dock, qgis_iface):
    from qgis.PyQt.QtWidgets import QApplication

    dock.resize(300, 700)
    dock.show()
    QApplication.processEvents()
    dock.set_query("parcellaire express")
    QApplication.processEvents()
    assert dock.view.isColumnHidden(1)  # the name is in the tooltip and the details
    viewport = dock.view.viewport().width()
    assert dock.view.columnWidth(0) >= viewport - 2
    entry = dock.catalog.get("wmts", "CADASTRALPARCELS.PARCELLAIRE_EXPRESS")
    index = dock.proxy.mapFromSource(dock.model.index_of(entry))
    assert entry.name in index.data(3)  # Qt.ToolTipRole
    rect = dock.view.visualRect(index)
    text_width = dock.view.fontMetrics().horizontalAdvance(entry.title)
    assert rect.width() - 24 >= min(text_width, 180)  # at least 180 px of title, not "Cart…"
    dock.resize(900, 700)
    QApplication.processEvents()
    assert not dock.view.isColumnHidden(1)


def test_dock_remembers_splitter_and_filters(dock, qgis_iface):
    from qgis.PyQt.QtWidgets import QApplication

    dock.resize(300, 700)
    dock.show()
    QApplication.processEvents()
    dock.splitter.setSizes([200, 400])
    dock.splitter.splitterMoved.emit(200, 1)  # what dragging the handle emits
    dock.set_query("scan")
    dock.set_access(True)
    again = _dock_again(qgis_iface, dock)
    again.resize(300, 700)
    again.show()
    QApplication.processEvents()
    assert again.search.text() == "scan" and again.access.currentData() is True
    assert again.proxy.shown == dock.proxy.shown
    assert again.splitter.sizes()[0] < again.splitter.sizes()[1]
    again.close()
    again.deleteLater()
