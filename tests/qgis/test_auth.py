"""Géoplateforme keys as QGIS auth configs, on the loopback's /private/ services.

A HASH key needs QGIS's APIHeader method (QGIS >= 3.24): tested where it exists, and its
fallback where it does not (3.22); `make test` runs both, on 3.22, 3.40 and 3.44.
"""
from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsNetworkAccessManager

from bascule_geoplateforme.core.keys.qgis_side import key_store
from bascule_geoplateforme.core.layers.qgis_side import layer_factory
from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.core.layers.layer_options import default_options
from loopback import API_KEY
from qgis_helpers import PARIS_3857, painted_pixels, render

HAS_API_HEADER = "APIHeader" in QgsApplication.authManager().authMethodsKeys()
needs_api_header = pytest.mark.skipif(
    not HAS_API_HEADER, reason="this QGIS has no APIHeader auth method (it came with 3.24)")
without_api_header = pytest.mark.skipif(
    HAS_API_HEADER, reason="this QGIS has the APIHeader method: the fallback does not apply")


@pytest.fixture
def catalog():
    QgsNetworkAccessManager.instance().cache().clear()
    return bundled_catalog()


@pytest.fixture
def hash_config(auth_manager):
    ids = []

    def make(key):
        ids.append(key_store.store_hash_key("Géoplateforme HASH (tests)", key))
        return ids[-1]

    yield make
    for config_id in ids:
        auth_manager.removeAuthenticationConfig(config_id)


def test_feature_detection_matches_the_auth_methods_of_this_qgis(auth_manager):
    assert key_store.hash_keys_supported() == HAS_API_HEADER


@needs_api_header
def test_hash_key_sent_as_apikey_header_on_capabilities_and_tiles(gpf, catalog, hash_config):
    entry = catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    options = default_options(entry, catalog)
    options.authcfg = hash_config(API_KEY)
    layer = layer_factory.create_layer(entry, options)
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    requests = gpf.requests_to("/private/wmts")
    kinds = {r.param("REQUEST").lower() for r in requests}
    assert {"getcapabilities", "gettile"} <= kinds
    assert all(r.headers.get("apikey") == API_KEY and r.status == 200 for r in requests)
    # The project keeps the config id only.
    assert API_KEY not in layer.source() and f"authcfg={options.authcfg}" in layer.source()


@needs_api_header
def test_wrong_hash_key_is_refused_with_a_clear_error(gpf, catalog, hash_config):
    entry = catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    options = default_options(entry, catalog)
    options.authcfg = hash_config("not-the-key")
    with pytest.raises(layer_factory.LayerError) as error:
        layer_factory.create_layer(entry, options)
    assert "not-the-key" not in str(error.value)
    assert {r.status for r in gpf.requests_to("/private/wmts")} == {403}


@without_api_header
def test_without_api_header_a_hash_key_is_refused_not_stored(auth_manager):
    before = set(auth_manager.configIds())
    with pytest.raises(key_store.KeyStoreError, match="3.24") as error:
        key_store.store_hash_key("HASH", "secret-hash-value")
    assert "secret-hash-value" not in str(error.value)
    assert set(auth_manager.configIds()) == before


def test_basic_key_works_on_every_version(gpf, catalog, auth_manager):
    from loopback import BASIC_PASSWORD, BASIC_USER

    config_id = key_store.store_basic_key("Géoplateforme login (tests)", BASIC_USER, BASIC_PASSWORD)
    try:
        entry = catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
        options = default_options(entry, catalog)
        options.authcfg = config_id
        layer = layer_factory.create_layer(entry, options)
        assert painted_pixels(render(layer, PARIS_3857)) > 200
        tiles = gpf.requests_to("/private/wmts", "GetTile")
        assert tiles and all(r.headers["authorization"].startswith("Basic ") for r in tiles)
        assert BASIC_PASSWORD not in layer.source()
    finally:
        auth_manager.removeAuthenticationConfig(config_id)
