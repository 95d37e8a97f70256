"""The locator's ranking over the bundled catalogue, and the pure rules beside it (refresh
interval, dock layout)."""
from datetime import datetime, timedelta, timezone

import pytest

from bascule_geoplateforme.core.capabilities.model import WFS, WMTS, Entry
from bascule_geoplateforme.core.catalog.catalog_index import Catalog, bundled_catalog
from bascule_geoplateforme.core.catalog.quick_search import QuickIndex
from bascule_geoplateforme.gui.catalog_dock import dock_state


@pytest.fixture(scope="module")
def index():
    return QuickIndex(bundled_catalog())


@pytest.mark.parametrize("query,service,name", [
    ("ortho", WMTS, "ORTHOIMAGERY.ORTHOPHOTOS"),
    ("Ortho", WMTS, "ORTHOIMAGERY.ORTHOPHOTOS"),
    ("plan ign", WMTS, "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"),
    ("parcellaire", WMTS, "CADASTRALPARCELS.PARCELLAIRE_EXPRESS"),
    ("bd topo bati", WFS, "BDTOPO_V3:batiment"),
    ("BD TOPO bâti", WFS, "BDTOPO_V3:batiment"),
    ("scan 25", WMTS, "GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN25TOUR"),
])
def test_expected_first_result(index, query, service, name):
    first = index.search(query, 5)[0]
    assert (first.service, first.name) == (service, name)


def test_scan_25_gives_the_restricted_scan_layers_first(index):
    found = index.search("scan 25", 3)
    assert all(e.restricted and "SCAN25" in e.name.replace("_", "") for e in found)


def test_every_word_must_match(index):
    assert index.search("ortho zzzzqx") == []
    assert index.search("   ") == []


def test_epsg_code_prefers_layers_in_that_crs():
    catalog = Catalog([Entry(WMTS, "A.ORTHO", title="Ortho A", crs=("EPSG:3857",)),
                       Entry(WMTS, "B.ORTHO", title="Ortho B", crs=("EPSG:2154", "EPSG:3857"))],
                      themes={})
    index = QuickIndex(catalog)
    assert [e.name for e in index.search("ortho")] == ["A.ORTHO", "B.ORTHO"]
    assert [e.name for e in index.search("ortho 2154")] == ["B.ORTHO", "A.ORTHO"]
    assert index.search("ortho 9999") == []  # not a CRS of the catalogue: a word, unmatched


def test_joined_words_match_one_name_word():
    catalog = Catalog([Entry(WFS, "BDTOPO_V3:batiment", title="Bâtiments"),
                       Entry(WFS, "BD_AUTRE:route", title="Routes")], themes={})
    assert [e.name for e in QuickIndex(catalog).search("bd topo bat")] == ["BDTOPO_V3:batiment"]


def test_refresh_is_due():
    from bascule_geoplateforme.core.catalog.refresh_policy import refresh_is_due

    now = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
    assert refresh_is_due(None, 24, now)
    assert not refresh_is_due((now - timedelta(hours=3)).isoformat(), 24, now)
    assert refresh_is_due((now - timedelta(hours=24)).isoformat(), 24, now)
    assert refresh_is_due((now - timedelta(hours=3)).isoformat(), 0, now)  # every session
    assert refresh_is_due((now + timedelta(hours=3)).isoformat(), 24, now)  # clock put back
    assert refresh_is_due("yesterday", 24, now)


def test_dock_layout_rules():
    assert not dock_state.shows_name_column(300)
    assert dock_state.shows_name_column(800)
    for value in (None, False, True):
        assert dock_state.access_from_setting(dock_state.access_to_setting(value)) is value
    assert dock_state.access_from_setting("nonsense") is None
