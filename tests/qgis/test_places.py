"""Where QGIS users already look: the Browser's Géoplateforme root, drops and double-clicks,
the "gpf" locator filter, the Layers panel's migration entry, the credit on added layers.

Real QGIS objects throughout: QgsBrowserModel and QgsBrowserProxyModel (the Browser panel's
own models), QgsLocator (which runs the filter in its worker thread), the loopback server.
"""
from __future__ import annotations

import pytest
from qgis.core import (
    QgsApplication,
    QgsBrowserModel,
    QgsBrowserProxyModel,
    QgsCoordinateReferenceSystem,
    QgsLocator,
    QgsLocatorContext,
    QgsLocatorResult,
    QgsNetworkAccessManager,
    QgsProject,
    QgsRasterLayer,
    QgsReadWriteContext,
)

from bascule_geoplateforme.core.layers import attribution
from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore
from bascule_geoplateforme.gui.browser import (
    browser_provider,
    browser_tree,
    locator_filter,
)
from bascule_geoplateforme.gui.entry_actions.entry_actions import EntryActions
from qgis_helpers import wait_until
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)


@pytest.fixture
def project():
    project = QgsProject.instance()
    project.removeAllMapLayers()
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    yield project
    project.removeAllMapLayers()


def _refreshed(store):
    store.finished = []
    store.refreshFinished.connect(lambda ok, message: store.finished.append((ok, message)))
    return store


@pytest.fixture
def store(tmp_path, gpf):
    """A store whose cache was refreshed from the loopback today: no refresh is due."""
    QgsNetworkAccessManager.instance().cache().clear()
    first = _refreshed(CatalogStore(cache_dir=str(tmp_path / "cache")))
    first.refresh()
    assert wait_until(lambda: first.finished) and first.finished[0][0], first.finished
    gpf.clear()
    store = _refreshed(CatalogStore(cache_dir=str(tmp_path / "cache")))
    yield store
    store.cancel()
    wait_until(lambda: not store.is_refreshing())


@pytest.fixture
def places(qgis_iface, store):
    shown = []
    places = EntryActions(qgis_iface, lambda: store, shown.append)
    places.shown = shown
    return places


@pytest.fixture
def browser_model(places):
    provider = browser_provider.Provider(places)
    QgsApplication.dataItemProviderRegistry().addProvider(provider)
    model = QgsBrowserModel()
    model.initialize()
    yield model
    QgsApplication.dataItemProviderRegistry().removeProvider(provider)


def _root(model):
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.data(index) == "Géoplateforme":
            return index
    raise AssertionError("no Géoplateforme root in the Browser")


def _walk(model, parent):
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from _walk(model, index)


def _layer_items(model, root):
    return [model.dataItem(i) for i in _walk(model, root)
            if getattr(model.dataItem(i), "entry", None) is not None]


# --- the Browser ---------------------------------------------------------------------------

def test_browser_tree_from_the_catalogue_without_a_request(browser_model, store, gpf):
    root = _root(browser_model)
    assert browser_model.canFetchMore(root)
    browser_model.fetchMore(root)  # what expanding the root does: Fast, so built at once
    QgsApplication.processEvents()
    sorted_view = QgsBrowserProxyModel()  # the Browser panel shows the model through it
    sorted_view.setBrowserModel(browser_model)
    view_root = sorted_view.mapFromSource(root)
    services = [sorted_view.data(sorted_view.index(r, 0, view_root))
                for r in range(sorted_view.rowCount(view_root))]
    assert services == ["WMTS", "WMS-Raster", "WMS-Vecteur", "WFS", "Vector tiles"]
    wmts = sorted_view.index(0, 0, view_root)
    themes = [sorted_view.data(sorted_view.index(r, 0, wmts))
              for r in range(sorted_view.rowCount(wmts))]
    assert "Orthoimagery" in themes and "Cadastral parcels" in themes
    assert themes[-1] == "Other layers"
    items = _layer_items(browser_model, root)
    assert len(items) == len(store.catalog())  # every layer, already there for the filter
    restricted = [i for i in items if i.entry.restricted]
    assert restricted and all(i.icon().cacheKey() == QgsApplication.getThemeIcon(
        "/locked.svg").cacheKey() for i in restricted)
    assert gpf.requests == []  # cache of today: no request at all, and no refresh due

    proxy = QgsBrowserProxyModel()
    proxy.setBrowserModel(browser_model)
    proxy.setFilterString("PARCELLAIRE_EXPRESS")  # the Browser's filter: display and comment
    proxy_root = proxy.mapFromSource(root)
    found = [browser_model.dataItem(proxy.mapToSource(i)) for i in _walk(proxy, proxy_root)]
    names = {item.entry.name for item in found if getattr(item, "entry", None) is not None}
    assert "CADASTRALPARCELS.PARCELLAIRE_EXPRESS" in names
    proxy.setFilterString("Photographies aériennes")
    found = [browser_model.dataItem(proxy.mapToSource(i)) for i in _walk(proxy, proxy_root)]
    assert any(getattr(i, "entry", None) is not None and i.entry.name == "ORTHOIMAGERY.ORTHOPHOTOS"
               for i in found)
    assert gpf.requests == []


def _item(model, service, name, restricted=False):
    root = _root(model)
    model.fetchMore(root)
    for item in _layer_items(model, root):
        entry = item.entry
        if (entry.service, entry.name, entry.restricted) == (service, name, restricted):
            return item
    raise AssertionError(name)


def _same_layer(a, b):
    assert (a.providerType(), a.source(), a.name()) == (b.providerType(), b.source(), b.name())
    assert a.metadata().rights() == b.metadata().rights()


@pytest.mark.parametrize("service,name", [("wmts", "ORTHOIMAGERY.ORTHOPHOTOS"),
                                          ("wfs", "BDTOPO_V3:batiment")])
def test_drop_and_double_click_give_the_dock_layer(browser_model, places, project, gpf,
                                                    qgis_iface, service, name):
    from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock

    item = _item(browser_model, service, name)
    [uri] = item.mimeUris()
    assert (uri.layerType, uri.providerKey) == ("custom", browser_provider.PROVIDER_KEY)
    browser_tree.DropHandler(places).handleCustomUriDrop(uri)  # what QGIS does with the drop
    assert item.handleDoubleClick() is True
    dock = CatalogDock(qgis_iface, places.store())
    dock.load(refresh=False)
    from_dock = dock.add_entry(dock.catalog.get(service, name))
    dropped, clicked, docked = list(project.mapLayers().values())[:2] + [from_dock]
    for layer in (dropped, clicked, docked):
        assert layer.isValid()
    _same_layer(dropped, docked)
    _same_layer(clicked, docked)
    dock.deleteLater()


def test_dropped_vector_tiles_get_the_dock_style(browser_model, places, project, gpf):
    item = _item(browser_model, "tms", "PLAN.IGN")
    browser_tree.DropHandler(places).handleCustomUriDrop(item.mimeUris()[0])
    [layer] = project.mapLayers().values()
    # The plugin's style task, not QGIS's loader: the IGN style's layers on the renderer.
    assert wait_until(lambda: "bati" in [s.layerName() for s in layer.renderer().styles()])
    assert gpf.requests_to("/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json")


def test_restricted_drop_uses_the_key_rule(browser_model, places, project, gpf, basic_authcfg,
                                           monkeypatch):
    monkeypatch.setattr(settings, "authcfg", lambda: basic_authcfg)  # the remembered key
    item = _item(browser_model, "wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    assert item.icon().cacheKey() == QgsApplication.getThemeIcon("/locked.svg").cacheKey()
    browser_tree.DropHandler(places).handleCustomUriDrop(item.mimeUris()[0])
    [layer] = project.mapLayers().values()
    assert layer.isValid() and f"authcfg={basic_authcfg}" in layer.source()
    assert "/private/wmts" in layer.source()
    assert basic_authcfg and "m0t-de-passe" not in layer.source()


def test_browser_context_menu(browser_model, places, project, gpf):
    from qgis.gui import QgsDataItemGuiContext
    from qgis.PyQt.QtWidgets import QApplication, QMenu

    item = _item(browser_model, "wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    menu = QMenu()
    browser_tree.GuiProvider(places).populateContextMenu(item, menu, [item], QgsDataItemGuiContext())
    actions = {a.text(): a for a in menu.actions()}
    assert list(actions) == ["Add", "Add with options…", "Copy data source", "Metadata"]
    actions["Copy data source"].trigger()
    assert "layers=ORTHOIMAGERY.ORTHOPHOTOS" in QApplication.clipboard().text()
    actions["Add with options…"].trigger()
    assert places.shown == [item.entry]
    actions["Add"].trigger()
    [layer] = project.mapLayers().values()
    assert layer.isValid()


# --- the locator ---------------------------------------------------------------------------

def _locate(places, text):
    """Run QGIS's own locator (the filter in its worker thread) and return the results."""
    engine = QgsLocator()
    engine.registerFilter(locator_filter.GeoplateformeFilter(places))  # the locator owns it
    results, done = [], []
    # The signal's argument lives only during the call: keep a copy.
    engine.foundResult.connect(lambda result: results.append(QgsLocatorResult(result)))
    engine.finished.connect(lambda: done.append(True))
    engine.fetchResults(text, QgsLocatorContext())
    assert wait_until(lambda: done), "the locator did not finish"
    results.sort(key=lambda r: -r.score)
    return engine, results


EXPECTED_FIRST = [
    ("gpf ortho", ("wmts", "ORTHOIMAGERY.ORTHOPHOTOS", "0")),
    ("gpf plan ign", ("wmts", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "0")),
    ("gpf parcellaire", ("wmts", "CADASTRALPARCELS.PARCELLAIRE_EXPRESS", "0")),
    ("gpf bd topo bati", ("wfs", "BDTOPO_V3:batiment", "0")),
    ("gpf scan 25", ("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN25TOUR", "1")),
]


@pytest.mark.parametrize("text,expected", EXPECTED_FIRST)
def test_locator_expected_first_results(places, text, expected):
    _, results = _locate(places, text)
    assert results, text
    assert tuple(locator_filter._user_data(results[0]).split("|")) == expected


def test_locator_without_prefix_is_in_all_results(places):
    _, results = _locate(places, "parcellaire")
    assert locator_filter._user_data(results[0]) == "wmts|CADASTRALPARCELS.PARCELLAIRE_EXPRESS|0"


def test_scan_25_results_are_restricted(places):
    _, results = _locate(places, "gpf scan 25")
    scans = [locator_filter._user_data(r) for r in results if "SCAN25TOUR" in locator_filter._user_data(r)]
    assert scans and all(key.endswith("|1") for key in scans)
    assert "restricted" in results[0].description


def test_locator_enter_adds_with_credit(places, project, gpf):
    engine, results = _locate(places, "gpf ortho")
    results[0].filter.triggerResult(results[0])
    [layer] = project.mapLayers().values()
    assert layer.isValid() and "layers=ORTHOIMAGERY.ORTHOPHOTOS" in layer.source()
    assert layer.metadata().licenses() == [attribution.OPEN_LICENCE]
    assert any(r.startswith("© IGN") for r in layer.metadata().rights())
    server = layer.serverProperties() if hasattr(layer, "serverProperties") else None
    holder = server if server is not None and hasattr(server, "attribution") else layer
    assert holder.attribution() == "© IGN" and holder.attributionUrl() == attribution.ATTRIBUTION_URL
    # Saved with the project: what print layouts and exported metadata read back.
    from qgis.PyQt.QtXml import QDomDocument

    document = QDomDocument()
    element = document.createElement("maplayer")
    layer.writeLayerXml(element, document, QgsReadWriteContext())
    document.appendChild(element)
    xml = document.toString()
    assert attribution.OPEN_LICENCE in xml and "© IGN" in xml


def test_locator_restricted_goes_through_the_key_flow(places, project, gpf, basic_authcfg,
                                                      monkeypatch):
    from qgis.PyQt.QtWidgets import QDialog

    from bascule_geoplateforme.gui.keys import key_choice

    asked = []

    def choose(dialog):
        asked.append(dialog)
        dialog.choose(basic_authcfg)
        dialog._accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(settings, "authcfg", lambda: "")  # no remembered key: it asks
    monkeypatch.setattr(settings.AUTHCFG, "set", lambda value, store=None: None)
    monkeypatch.setattr(key_choice.ChooseKeyDialog, "exec", choose)
    _, results = _locate(places, "gpf scan 25")
    results[0].filter.triggerResult(results[0])
    assert len(asked) == 1
    [layer] = project.mapLayers().values()
    assert layer.isValid() and f"authcfg={basic_authcfg}" in layer.source()
    assert layer.metadata().licenses() == [attribution.RESTRICTED_LICENCE]


# --- credit on migrated layers and the Layers panel entry ------------------------------------

LEGACY_WMTS = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
               "&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
               "&url=https://wxs.ign.fr/ortho/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


def test_migrated_layer_gets_the_credit_and_the_layer_menu_focuses_it(project, gpf, qgis_iface):
    from bascule_geoplateforme.core.migration.qgis_side.live_migration import apply_plan
    from bascule_geoplateforme.gui.migration.layer_menu import is_legacy
    from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog

    legacy = QgsRasterLayer(LEGACY_WMTS, "Ortho (Géoportail)", "wms")
    other = QgsRasterLayer(LEGACY_WMTS.replace("ORTHOIMAGERY.ORTHOPHOTOS", "CADASTRALPARCELS.PARCELS"),
                           "Parcelles (Géoportail)", "wms")
    project.addMapLayers([legacy, other], True)
    assert is_legacy(legacy) and is_legacy(other)
    dialog = MigrationDialog(qgis_iface)
    assert dialog.focus_on_layer(legacy.id())
    assert dialog.selected_plan().layer_id == legacy.id()
    assert [p.layer_id for p in dialog.plans if p.checked] == [legacy.id()]
    applied = apply_plan(dialog.plans, project)
    assert [c[0] for c in applied.changes] == [legacy.id()]
    assert not is_legacy(legacy)
    assert legacy.metadata().licenses() == [attribution.OPEN_LICENCE]
    assert "wxs.ign.fr" in other.source() and other.metadata().licenses() == []
    dialog.deleteLater()


def test_layer_menu_module_comes_with_the_first_ign_layer(places, project):
    """Nothing of the layer menu for other layers; the entry from the first IGN one on."""
    places.watch_layers(lambda layer: None)
    try:
        project.addMapLayer(QgsRasterLayer("type=xyz&url=http://127.0.0.1:1/{z}/{x}/{y}.png",
                                           "OSM", "wms"))
        assert places.layer_menu is None
        project.addMapLayer(QgsRasterLayer(LEGACY_WMTS, "Ortho (Géoportail)", "wms"))
        assert places.layer_menu is not None
        assert places.layer_menu.action.text() == "Migrate to the Géoplateforme"
    finally:
        places.stop_watching_layers()
