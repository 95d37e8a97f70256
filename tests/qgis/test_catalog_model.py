"""The catalogue tree model and its search proxy, over the full bundled catalogue."""
from __future__ import annotations

import re
import unicodedata

import pytest
from qgis.core import QgsMimeDataUtils

from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.gui.catalog_dock.catalog_model import (
    ENTRY_ROLE,
    GROUP_ROLE,
    CatalogFilterProxy,
    CatalogModel,
)


@pytest.fixture(scope="module")
def catalog():
    return bundled_catalog()


@pytest.fixture
def models(catalog):
    model = CatalogModel()
    proxy = CatalogFilterProxy()
    proxy.setSourceModel(model)
    model.set_catalog(catalog)
    return model, proxy


def visible_entries(proxy, parent=None):
    """(service, name, restricted) of every row the proxy shows, walking the whole tree."""
    parent = parent if parent is not None else proxy.index(-1, -1)
    found = []
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        entry = proxy.entry(index)
        if entry is not None:
            found.append((entry.service, entry.name, entry.restricted))
        found.extend(visible_entries(proxy, index))
    return found


def test_grouped_by_service_then_theme(models, catalog):
    model, _ = models
    services = [model.item(row).text() for row in range(model.rowCount())]
    assert services == ["WMTS", "WMS-Raster", "WMS-Vecteur", "WFS", "Vector tiles"]
    wmts = model.item(0)
    themes = [wmts.child(row).text() for row in range(wmts.rowCount())]
    assert "Orthoimagery" in themes and themes[-1] == "Other layers"
    ortho = wmts.child(themes.index("Orthoimagery"))
    assert ortho.data(GROUP_ROLE) == "theme"
    names = {model.entries[ortho.child(r).data(ENTRY_ROLE)].name for r in range(ortho.rowCount())}
    assert "ORTHOIMAGERY.ORTHOPHOTOS" in names
    # Every entry has exactly one row.
    assert len(model.entries) == len(catalog)
    assert {id(e) for e in model.entries} == {id(e) for e in catalog}


def test_entry_rows_carry_icons_names_and_restricted_lock(models, catalog):
    model, _ = models
    restricted = catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    index = model.index_of(restricted)
    assert index.isValid() and model.entry(index) is restricted
    assert "Restricted" in index.data(0x03)  # ToolTipRole
    assert not model.itemFromIndex(index).icon().isNull()
    name = index.sibling(index.row(), 1)
    assert name.data() == "GEOGRAPHICALGRIDSYSTEMS.MAPS"


def test_search_bati_finds_batiment_with_or_without_accents(models):
    _, proxy = models
    for query in ("bati", "bâti", "BÂTI", "Bati"):
        proxy.set_query(query)
        shown = visible_entries(proxy)
        assert ("wfs", "BDTOPO_V3:batiment", False) in shown, query
        assert proxy.shown == len(shown)
    proxy.set_query("batiment bdtopo")
    assert ("wfs", "BDTOPO_V3:batiment", False) in visible_entries(proxy)


def test_proxy_agrees_with_catalog_search(models, catalog):
    _, proxy = models
    for query in ("orthophoto", "plan ign", "cadastr", "zones humides", "zzzz"):
        proxy.set_query(query)
        expected = sorted((e.service, e.name, e.restricted) for e in catalog.search(query))
        assert sorted(visible_entries(proxy)) == expected, query
    proxy.set_query("")
    assert len(visible_entries(proxy)) == len(catalog)


def plain_words(text):
    """Lowercase words without accents, by the standard library alone (not the catalogue's
    normalize), so that the check below does not restate the code it checks."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(ch))
    return [word for word in re.split(r"[^0-9a-z]+", text) if word]


def test_proxy_shows_what_the_words_name_and_nothing_else(models, catalog):
    """Independent of Catalog.search: a layer whose name or title has a word starting with
    each query word is shown; a shown layer has each query word in its texts."""
    _, proxy = models
    for query in ("cadastr", "orthophoto", "zones humides", "bâti", "plan ign", "zzzz"):
        terms = plain_words(query)
        proxy.set_query(query)
        shown = set(visible_entries(proxy))
        for entry in catalog:
            key = (entry.service, entry.name, entry.restricted)
            named = plain_words(f"{entry.name} {entry.title}")
            if all(any(word.startswith(term) for word in named) for term in terms):
                assert key in shown, (query, key)
            if key in shown:
                texts = " ".join(plain_words(" ".join([entry.name, entry.title, entry.abstract,
                                                       *entry.keywords])))
                assert all(term in texts for term in terms), (query, key)
        assert (len(shown) == 0) == (query == "zzzz"), query


def test_open_and_restricted_filter(models, catalog):
    _, proxy = models
    proxy.set_access(CatalogFilterProxy.RESTRICTED)
    shown = visible_entries(proxy)
    assert shown and all(restricted for _, _, restricted in shown)
    assert len(shown) == sum(1 for e in catalog if e.restricted)
    # Service groups without any restricted entry disappear.
    assert proxy.rowCount() == len({e.service for e in catalog if e.restricted})
    proxy.set_access(CatalogFilterProxy.OPEN)
    assert not any(restricted for _, _, restricted in visible_entries(proxy))
    proxy.set_query("cartes ign")
    assert ("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", True) not in visible_entries(proxy)
    proxy.set_access(CatalogFilterProxy.ALL)
    assert ("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", True) in visible_entries(proxy)


def test_new_catalogue_keeps_the_filter(models, catalog):
    model, proxy = models
    proxy.set_query("bati")
    before = visible_entries(proxy)
    model.set_catalog(catalog)  # what a refresh does
    assert visible_entries(proxy) == before


def test_mime_data_for_drag_and_drop(models, catalog, gpf, monkeypatch, basic_authcfg):
    model, proxy = models
    ortho = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    bati = catalog.get("wfs", "BDTOPO_V3:batiment")
    plan = catalog.get("tms", "PLAN.IGN")
    indexes = [model.index_of(e) for e in (ortho, bati, plan)]
    assert model.mimeTypes() == ["application/x-vnd.qgis.qgis.uri"]
    uris = QgsMimeDataUtils.decodeUriList(model.mimeData(indexes))
    assert [(u.layerType, u.providerKey) for u in uris] == [
        ("raster", "wms"), ("vector", "WFS"), ("vector-tile", "vectortile")]
    assert all(gpf.base_url in u.uri for u in uris)
    # Through the proxy as the view does it.
    proxy.set_query("photographies aeriennes")
    mapped = proxy.mapFromSource(model.index_of(ortho))
    assert QgsMimeDataUtils.decodeUriList(proxy.mimeData([mapped]))[0].name == ortho.title
    # A restricted entry travels only with a known auth config.
    scan = catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    monkeypatch.setattr(settings, "authcfg", lambda: "")
    assert model.mimeData([model.index_of(scan)]) is None
    monkeypatch.setattr(settings, "authcfg", lambda: basic_authcfg)
    assert f"authcfg={basic_authcfg}" in QgsMimeDataUtils.decodeUriList(
        model.mimeData([model.index_of(scan)]))[0].uri
