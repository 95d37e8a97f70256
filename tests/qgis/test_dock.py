"""The catalogue dock, driven through its own methods, against the loopback Géoplateforme.

``add_entry`` is what the Add button, a double-click and the context menu call. Entries come
from the bundled snapshot (URLs on data.geopf.fr) unless a test refreshes the store from the
loopback server.
"""
from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsNetworkAccessManager,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsVectorTileLayer,
)
from qgis.PyQt.QtWidgets import QApplication, QDialog

from bascule_geoplateforme.core.layers.qgis_side import layer_factory
from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore
from bascule_geoplateforme.core.layers.layer_options import default_options
from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock
from qgis_helpers import PARIS_2154, PARIS_3857, painted_pixels, render, wait_until




@pytest.fixture
def project():
    project = QgsProject.instance()
    project.removeAllMapLayers()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    yield project
    project.removeAllMapLayers()


@pytest.fixture
def store(tmp_path, gpf):
    QgsNetworkAccessManager.instance().cache().clear()
    store = CatalogStore(cache_dir=str(tmp_path / "cache"))
    store.finished = []
    store.refreshFinished.connect(lambda ok, message: store.finished.append((ok, message)))
    yield store
    store.cancel()
    wait_until(lambda: not store.is_refreshing())


@pytest.fixture
def dock(qgis_iface, store, project):
    widget = CatalogDock(qgis_iface, store)
    widget.load(refresh=False)  # tests that want the background refresh start it
    yield widget
    widget.close()
    widget.deleteLater()


def message_texts(dock):
    return [item.text() for item in dock.message_bar.items()]


def added(project):
    return list(project.mapLayers().values())


# --- loading ------------------------------------------------------------------------------

def test_nothing_loads_before_the_dock_is_shown(qgis_iface, store, project, gpf):
    widget = CatalogDock(qgis_iface, store)
    assert widget.objectName() == "BasculeGeoplateformeCatalogDock"
    assert widget.model.rowCount() == 0 and not widget.loaded
    assert store._catalog is None and not store.is_refreshing()
    assert gpf.requests == []
    widget.show()  # first show: the catalogue at once, then a background refresh
    assert widget.loaded and len(widget.model.entries) == len(store.catalog())
    assert "from the bundled snapshot" in widget.status.text()
    assert wait_until(lambda: store.finished), "the refresh did not finish"
    assert store.finished[0][0], store.finished
    assert "from the Géoplateforme · refreshed" in widget.status.text()
    assert widget.catalog is store.catalog()
    assert widget.catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS").url.startswith(gpf.base_url)
    widget.close()
    widget.deleteLater()


def test_search_filters_as_you_type(dock):
    total = len(dock.model.entries)
    dock.search.setText("bâti")
    assert dock.proxy.query == "bâti"
    shown = dock.proxy.shown
    assert 0 < shown < total
    assert dock.status.text().startswith(f"{shown} of {total} layers")
    bati = dock.catalog.get("wfs", "BDTOPO_V3:batiment")
    assert dock.select_entry(bati) and dock.selected_entry() is bati
    dock.search.clear()
    assert dock.status.text().startswith(f"{total} layers")
    dock.set_access(True)
    assert dock.proxy.shown == sum(1 for e in dock.catalog if e.restricted)


def test_refresh_keeps_the_selection(dock, store):
    ortho = dock.catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    assert dock.select_entry(ortho)
    dock.refresh()
    assert dock.progress.isVisibleTo(dock) and dock.cancel_button.isVisibleTo(dock)
    assert wait_until(lambda: store.finished)
    assert not dock.progress.isVisibleTo(dock)
    again = dock.selected_entry()
    assert again is not ortho and again.key == ortho.key  # the live entry, same layer


def test_refresh_failure_shows_inline(dock, store, gpf):
    for path in ("/wmts", "/wms-r", "/wms-v", "/wfs", "/tms"):
        gpf.inject(path, "status", status=500)
    dock.refresh()
    assert wait_until(lambda: store.finished)
    [text] = message_texts(dock)
    assert text.startswith("Could not reach the Géoplateforme")
    for service in ("wmts", "wms-r", "wms-v", "wfs", "tms"):
        assert f"{service}: the server answered HTTP 500" in text
    # Still the snapshot: its origin, its object, and the status line says so.
    assert store.origin == "snapshot" and store.catalog() is bundled_catalog()
    # ... with the date of its newest IGN document (IGN's 2026-06-10 configuration).
    from qgis.PyQt.QtCore import QDate, QLocale

    day = QLocale().toString(QDate(2026, 6, 10), QLocale.FormatType.ShortFormat)
    assert dock.status.text().endswith(f"from the bundled snapshot of IGN documents up to {day}")


# --- details ------------------------------------------------------------------------------

def test_details_options_and_legend(dock, gpf):
    ortho = dock.catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    dock.select_entry(ortho)
    text = dock.details.toPlainText()
    for expected in ("Photographies aériennes", "ORTHOIMAGERY.ORTHOPHOTOS", "PM_0_19",
                     "image/jpeg", "0–19"):
        assert expected in text
    assert dock.add_button.isEnabled()
    options = dock.options_panel.options()
    assert (options.tile_matrix_set, options.format, options.style) == ("PM_0_19", "image/jpeg", "normal")
    # The legend comes from the loopback (rebased from data.geopf.fr), without blocking.
    assert wait_until(lambda: dock.legend.pixmap() is not None and not dock.legend.pixmap().isNull())
    assert gpf.requests_to("/annexes/ressources/legendes/LEGEND.jpg")


# --- adding each kind of layer ------------------------------------------------------------

def test_add_wmts(dock, project, gpf):
    entry = dock.catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    layer = dock.add_entry(entry)
    assert isinstance(layer, QgsRasterLayer) and layer.isValid()
    assert added(project) == [layer] and layer.name() == "Photographies aériennes"
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    tiles = gpf.requests_to("/wmts", "GetTile")
    assert tiles and {r.param("TILEMATRIXSET") for r in tiles} == {"PM_0_19"}
    assert any("Layer added" == item.title() for item in dock.message_bar.items())


def test_add_button_uses_the_options_panel(dock, project, gpf):
    plan = dock.catalog.get("wms-r", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")
    dock.select_entry(plan)
    assert dock.options_panel.crs.currentData() == "EPSG:2154"  # the project's CRS
    dock.options_panel.crs.setCurrentIndex(dock.options_panel.crs.findData("EPSG:3857"))
    dock.add_button.click()
    [layer] = added(project)
    assert layer.isValid() and layer.crs().authid() == "EPSG:3857"
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    assert gpf.requests_to("/wms-r/wms", "GetMap")[-1].param("CRS") == "EPSG:3857"


def test_add_wms_raster_in_project_crs(dock, project, gpf):
    layer = dock.add_entry(dock.catalog.get("wms-r", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"))
    assert layer.crs().authid() == "EPSG:2154"
    assert painted_pixels(render(layer, PARIS_2154)) > 200
    getmap = gpf.requests_to("/wms-r/wms", "GetMap")
    assert getmap and getmap[-1].param("CRS") == "EPSG:2154"


def test_add_wms_vector(dock, project, gpf):
    entry = dock.catalog.get("wms-v", "ADMINEXPRESS-COG.2026")
    layer = dock.add_entry(entry)
    assert layer is not None and layer.isValid()
    assert painted_pixels(render(layer, PARIS_2154)) > 200
    getmap = gpf.requests_to("/wms-v/ows", "GetMap")
    assert getmap and getmap[-1].param("FORMAT") == "image/png"
    assert getmap[-1].param("CRS") == "EPSG:2154"


def test_add_wfs_with_paging_and_extent_option(dock, project, gpf):
    entry = dock.catalog.get("wfs", "BDTOPO_V3:batiment")
    dock.select_entry(entry)
    dock.options_panel.extent_only.setChecked(True)
    dock.add_button.click()
    [layer] = added(project)
    assert isinstance(layer, QgsVectorLayer) and layer.isValid()
    assert layer.dataProvider().uri().param("restrictToRequestBBOX") == "1"
    features = list(layer.getFeatures())
    assert len(features) == 12
    box = features[0].geometry().boundingBox()
    for feature in features[1:]:
        box.combineExtentWith(feature.geometry().boundingBox())
    box.grow(0.002)
    assert painted_pixels(render(layer, box)) > 10
    pages = gpf.requests_to("/wfs/ows", "GetFeature")
    assert pages and all(r.param("STARTINDEX") != "" for r in pages)


def test_add_vector_tiles_with_style(dock, project, gpf):
    plan = dock.catalog.get("tms", "PLAN.IGN")
    dock.select_entry(plan)
    assert dock.options_panel.vector_style.currentData() == "standard"
    dock.options_panel.vector_style.setCurrentIndex(dock.options_panel.vector_style.findData("gris"))
    dock.add_button.click()
    [layer] = added(project)
    assert isinstance(layer, QgsVectorTileLayer) and layer.isValid()
    assert wait_until(lambda: "bati" in [s.layerName() for s in layer.renderer().styles()])
    assert gpf.requests_to("/annexes/ressources/vectorTiles/styles/PLAN.IGN/gris.json")
    image = render(layer, PARIS_3857, crs=QgsCoordinateReferenceSystem("EPSG:3857"))
    assert painted_pixels(image) > 50
    tiles = gpf.requests_to("/tms/1.0.0/PLAN.IGN/")
    assert tiles and all(r.path.endswith(".pbf") and r.status == 200 for r in tiles)


# --- restricted entries -------------------------------------------------------------------

def test_restricted_wmts_with_basic_authcfg(dock, project, gpf, basic_authcfg):
    scan = dock.catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    layer = dock.add_entry(scan, authcfg=basic_authcfg)
    assert layer is not None and layer.isValid()
    assert f"authcfg={basic_authcfg}" in layer.source()
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    tiles = gpf.requests_to("/private/wmts", "GetTile")
    assert tiles and all(r.headers["authorization"].startswith("Basic ") for r in tiles)


def test_restricted_entry_asks_for_a_key(dock, project, gpf, basic_authcfg, monkeypatch):
    """No key known to unlock it, none remembered: the dock asks; the choice is remembered."""
    from bascule_geoplateforme.gui.keys import key_choice

    scan = dock.catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    remembered = {}
    monkeypatch.setattr(settings, "authcfg", lambda: remembered.get("authcfg", ""))
    monkeypatch.setattr(settings.AUTHCFG, "set", lambda value, store=None: remembered.__setitem__("authcfg", value))
    shown = []

    def cancel(dialog):
        shown.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(key_choice.ChooseKeyDialog, "exec", cancel)
    assert dock.add_entry(scan) is None and added(project) == []
    assert len(shown) == 1 and "Cartes IGN" in shown[0].text.text()

    def choose(dialog):
        dialog.choose(basic_authcfg)
        dialog._accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(key_choice.ChooseKeyDialog, "exec", choose)
    layer = dock.add_entry(scan)
    assert layer is not None and layer.isValid()
    assert remembered == {"authcfg": basic_authcfg}
    # Next time the remembered key is used without asking.
    monkeypatch.setattr(key_choice.ChooseKeyDialog, "exec", cancel)
    assert dock.add_entry(scan) is not None and len(shown) == 1


def test_broken_layer_is_never_added(dock, project, gpf):
    scan = dock.catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    assert dock.add_entry(scan, authcfg="nokey00") is None
    assert added(project) == []
    [error] = [item for item in dock.message_bar.items() if item.title() == "Layer not added"]
    assert "Cartes IGN" in error.text() and "key" in error.text()
    gpf.inject("/wmts", "status", status=500)
    assert dock.add_entry(dock.catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")) is None
    assert added(project) == []
    [failed] = [item.text() for item in dock.message_bar.items()
                if item.title() == "Layer not added" and "ORTHOIMAGERY.ORTHOPHOTOS" in item.text()]
    assert "Photographies aériennes" in failed and "Internal Server Error" in failed


def test_copy_data_source(dock, gpf):
    entry = dock.catalog.get("wfs", "BDTOPO_V3:batiment")
    source = dock.copy_source(entry)
    assert QApplication.clipboard().text() == source
    assert source == layer_factory.build_source(entry, default_options(entry, dock.catalog, "EPSG:2154"))[1]
    assert f"url='{gpf.base_url}/wfs/ows'" in source


def test_wfs_filter_through_qgis_subset_editor(dock, project, gpf, monkeypatch):
    from qgis.gui import QgsSubsetStringEditorInterface

    opened = []

    def accept(dialog):
        opened.append(dialog.metaObject().className())
        dialog.setSubsetString('"hauteur" > 10')
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QgsSubsetStringEditorInterface, "exec", accept)
    entry = dock.catalog.get("wfs", "BDTOPO_V3:batiment")
    dock.select_entry(entry)
    dock.options_panel.filter_button.click()
    assert opened == ["QgsQueryBuilder"]
    assert dock.options_panel.subset == '"hauteur" > 10'
    assert '"hauteur"' in dock.options_panel.filter_label.text()
    # The query builder reads a sample of the unfiltered layer (QGIS >= 3.34 asks for one
    # feature to learn the geometry type); only what the added layer fetches must be filtered.
    before = len(gpf.requests_to("/wfs/ows", "GetFeature"))
    layer = dock.add_entry(entry)
    assert layer.subsetString() == '"hauteur" > 10'
    list(layer.getFeatures())  # the filter travels with the GetFeature requests
    pages = gpf.requests_to("/wfs/ows", "GetFeature")[before:]
    assert pages and all("PropertyIsGreaterThan" in r.param("FILTER") for r in pages), \
        [(r.param("STARTINDEX"), r.param("COUNT"), r.param("FILTER")[:40]) for r in pages]


def test_a_refresh_keeps_the_options_the_user_chose(dock, gpf):
    entry = dock.catalog.get("wfs", "BDTOPO_V3:batiment")
    assert dock.select_entry(entry)
    dock.options_panel.extent_only.setChecked(True)
    dock.options_panel.set_subset('"hauteur" > 10')
    dock.store.refresh()
    assert wait_until(lambda: not dock.store.is_refreshing(), 60)
    assert dock.store.origin == "live"
    assert dock.selected_entry().name == "BDTOPO_V3:batiment"
    chosen = dock.options_panel.options()
    assert chosen.extent_only and chosen.subset == '"hauteur" > 10'


def test_base_url_setting_alone_reaches_added_layers(dock, gpf, monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL")
    settings.BASE_URL.set(gpf.base_url)
    try:
        entry = dock.catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
        provider, source = layer_factory.build_source(entry, dock.options_for(entry))
    finally:
        settings.BASE_URL.set("")
    assert provider == "wms" and f"url={gpf.base_url}/wmts?" in source
