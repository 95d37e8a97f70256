"""Catalogue entry + options -> QGIS source and layer, against the loopback Géoplateforme.

Entries come from the bundled snapshot (their URLs name data.geopf.fr): every request must
still reach the loopback server, through the base-URL override.
"""
from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsMimeDataUtils,
    QgsNetworkAccessManager,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsVectorTileLayer,
)

from bascule_geoplateforme.core.layers.qgis_side import layer_factory
from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.core.layers.layer_options import LayerOptions, default_options
from qgis_helpers import PARIS_2154, PARIS_3857, painted_pixels, render, wait_until



@pytest.fixture
def catalog():
    # Capabilities answered for one test must not answer for the next (faults, auth).
    QgsNetworkAccessManager.instance().cache().clear()
    return bundled_catalog()


def decoded(provider, source):
    return QgsProviderRegistry.instance().decodeUri(provider, source)



# --- sources ------------------------------------------------------------------------------

def test_wmts_source_uses_the_override_and_plural_layers(gpf, catalog):
    entry = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    provider, source = layer_factory.build_source(entry, default_options(entry, catalog, "EPSG:2154"))
    parts = decoded(provider, source)
    assert provider == "wms"
    assert parts["layers"] == "ORTHOIMAGERY.ORTHOPHOTOS" and "layer" not in parts
    assert parts["tileMatrixSet"] == "PM_0_19" and parts["crs"] == "EPSG:3857"
    assert parts["format"] == "image/jpeg" and parts["styles"] == "normal"
    assert parts["url"] == f"{gpf.base_url}/wmts?SERVICE=WMTS&VERSION=1.0.0&REQUEST=GetCapabilities"
    assert "data.geopf.fr" not in source


def test_restricted_source_uses_private_endpoint_and_authcfg(gpf, catalog):
    entry = catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    options = default_options(entry, catalog, "EPSG:3857")
    options.authcfg = "abc1234"
    provider, source = layer_factory.build_source(entry, options)
    uri = QgsDataSourceUri()
    uri.setEncodedUri(source)
    assert uri.authConfigId() == "abc1234"
    assert uri.param("url").startswith(f"{gpf.base_url}/private/wmts?")
    assert "apikey" not in source.lower()


def test_wms_and_wfs_sources(gpf, catalog):
    plan = catalog.get("wms-r", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")
    provider, source = layer_factory.build_source(plan, default_options(plan, catalog, "EPSG:2154"))
    parts = decoded(provider, source)
    assert (parts["url"], parts["crs"], parts["layers"]) == (
        f"{gpf.base_url}/wms-r/wms", "EPSG:2154", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")
    bati = catalog.get("wfs", "BDTOPO_V3:batiment")
    options = default_options(bati, catalog, "EPSG:2154")
    options.extent_only = True
    provider, source = layer_factory.build_source(bati, options)
    uri = QgsDataSourceUri(source)  # the WFS (spaced) form
    assert provider == "WFS"
    assert uri.param("url") == f"{gpf.base_url}/wfs/ows"
    assert (uri.param("version"), uri.param("pagingEnabled")) == ("2.0.0", "true")
    assert uri.param("typename") == "BDTOPO_V3:batiment"
    assert uri.param("srsname") == "EPSG:4326" and uri.param("restrictToRequestBBOX") == "1"


def test_vector_tile_source(gpf, catalog):
    plan = catalog.get("tms", "PLAN.IGN")
    provider, source = layer_factory.build_source(plan, default_options(plan, catalog))
    parts = decoded(provider, source)
    assert provider == "vectortile" and parts["type"] == "xyz"
    assert parts["url"] == f"{gpf.base_url}/tms/1.0.0/PLAN.IGN/{{z}}/{{x}}/{{y}}.pbf"
    assert (parts["zmin"], parts["zmax"]) == ("0", "18")
    assert parts["styleUrl"] == f"{gpf.base_url}/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json"


def test_mime_uri_lets_qgis_build_the_layer(gpf, catalog):
    entry = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    uri = layer_factory.mime_uri(entry, default_options(entry, catalog))
    encoded = QgsMimeDataUtils.encodeUriList([uri])
    back = QgsMimeDataUtils.decodeUriList(encoded)[0]
    assert (back.layerType, back.providerKey, back.name) == ("raster", "wms", "Photographies aériennes")
    # What QGIS does with a dropped raster URI.
    assert QgsRasterLayer(back.uri, back.name, back.providerKey).isValid()


# --- layers against the loopback server ----------------------------------------------------

def test_wmts_layer_renders_with_its_tile_matrix_set(gpf, catalog):
    entry = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    layer = layer_factory.create_layer(entry, default_options(entry, catalog, "EPSG:2154"))
    assert isinstance(layer, QgsRasterLayer) and layer.isValid()
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    tiles = gpf.requests_to("/wmts", "GetTile")
    assert tiles and {r.param("TILEMATRIXSET") for r in tiles} == {"PM_0_19"}
    assert {r.param("LAYER") for r in tiles} == {"ORTHOIMAGERY.ORTHOPHOTOS"}


def test_wms_layer_getmap_in_project_crs(gpf, catalog):
    entry = catalog.get("wms-r", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")
    layer = layer_factory.create_layer(entry, default_options(entry, catalog, "EPSG:2154"))
    assert layer.crs().authid() == "EPSG:2154"
    assert painted_pixels(render(layer, PARIS_2154)) > 200
    getmap = gpf.requests_to("/wms-r/wms", "GetMap")
    assert getmap and getmap[-1].param("CRS") == "EPSG:2154"


def test_wfs_layer_pages_and_filters(gpf, catalog):
    entry = catalog.get("wfs", "BDTOPO_V3:batiment")
    options = default_options(entry, catalog, "EPSG:2154")
    options.subset = '"hauteur" > 10'
    layer = layer_factory.create_layer(entry, options)
    assert layer.isValid() and layer.subsetString() == '"hauteur" > 10'
    assert len(list(layer.getFeatures())) == 12  # the loopback ignores filters
    pages = gpf.requests_to("/wfs/ows", "GetFeature")
    assert pages and all(r.param("STARTINDEX") != "" for r in pages)
    assert "PropertyIsGreaterThan" in pages[0].param("FILTER")


def test_vector_tiles_get_their_style_asynchronously(gpf, catalog):
    entry = catalog.get("tms", "PLAN.IGN")
    layer = layer_factory.create_layer(entry, default_options(entry, catalog), load_style=False)
    assert isinstance(layer, QgsVectorTileLayer) and layer.isValid()
    results = []
    task = layer_factory.load_vector_style(layer, default_options(entry, catalog).style_url)
    task.applied.connect(lambda ok, message: results.append((ok, message)))
    assert wait_until(lambda: results), "the style task did not finish"
    assert results == [(True, "")]
    assert "bati" in [style.layerName() for style in layer.renderer().styles()]
    image = render(layer, PARIS_3857, crs=QgsCoordinateReferenceSystem("EPSG:3857"))
    assert painted_pixels(image) > 50
    assert gpf.requests_to("/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json")
    tiles = gpf.requests_to("/tms/1.0.0/")
    assert tiles and all(r.path.endswith(".pbf") for r in tiles)


def test_vector_style_failure_is_reported_not_raised(gpf, catalog):
    entry = catalog.get("tms", "PLAN.IGN")
    layer = layer_factory.create_layer(entry, default_options(entry, catalog), load_style=False)
    gpf.inject("/annexes/", "status", status=500)
    results = []
    task = layer_factory.load_vector_style(layer, f"{gpf.base_url}/annexes/ressources/vectorTiles/styles/PLAN.IGN/gris.json")
    task.applied.connect(lambda ok, message: results.append((ok, message)))
    assert wait_until(lambda: results)
    assert results[0][0] is False and "gris.json" in results[0][1]
    assert layer.isValid()


def test_restricted_wmts_with_basic_auth(gpf, catalog, basic_authcfg):
    entry = catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    options = default_options(entry, catalog)
    with pytest.raises(layer_factory.LayerError, match="restricted"):
        layer_factory.create_layer(entry, options)
    options.authcfg = basic_authcfg
    layer = layer_factory.create_layer(entry, options)
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    tiles = gpf.requests_to("/private/wmts", "GetTile")
    assert tiles and all(r.headers["authorization"].startswith("Basic ") for r in tiles)


def test_invalid_layer_raises_a_clear_error(gpf, catalog):
    entry = catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    options = default_options(entry, catalog)
    options.authcfg = "nokey00"  # no such configuration: no credentials sent
    with pytest.raises(layer_factory.LayerError) as error:
        layer_factory.create_layer(entry, options)
    message = str(error.value)
    assert "Cartes IGN" in message and "Check the key" in message
    assert "authentication" in message.lower()  # QGIS's own reason, from its log
    # WFS: an unknown typename (QGIS 3.22 crashes on error() of such a layer: not called).
    wfs = catalog.get("wfs", "BDTOPO_V3:batiment")
    ghost = type(wfs)(**{**wfs.__dict__, "name": "NOPE:nothing"})
    with pytest.raises(layer_factory.LayerError, match="NOPE:nothing"):
        layer_factory.create_layer(ghost, default_options(ghost, catalog))


def test_raster_tms_source():
    entry = bundled_catalog().get("tms", "ADMINEXPRESS-COG.LATEST")
    provider, source = layer_factory.build_source(entry, LayerOptions(format="image/png", min_zoom=0, max_zoom=16))
    parts = decoded(provider, source)
    assert provider == "wms" and parts["type"] == "xyz"
    assert parts["url"].endswith("/tms/1.0.0/ADMINEXPRESS-COG.LATEST/{z}/{x}/{y}.png")
    # ROK4's own extensions: "jpeg" (not "jpg"), "tif".
    for fmt, extension in (("image/jpeg", "jpeg"), ("image/tiff", "tif")):
        _, source = layer_factory.build_source(entry, LayerOptions(format=fmt, min_zoom=0, max_zoom=16))
        assert decoded("wms", source)["url"].endswith("{y}." + extension)


def test_raster_tms_tiles_draw_against_the_strict_loopback(gpf):
    """A raster TileMap of the TMS root (ACCES.BIOMETHANE, png) added as the dock adds it:
    the extension ROK4 serves, tiles inside the layer's zooms."""
    from bascule_geoplateforme.core.capabilities import parse_capabilities

    entries = parse_capabilities(gpf.document("tms"), gpf.base_url + "/tms/1.0.0").entries
    entry = next(e for e in entries if e.name == "ACCES.BIOMETHANE")
    layer = layer_factory.create_layer(entry, default_options(entry, None, "EPSG:3857"))
    assert painted_pixels(render(layer, PARIS_3857, crs=QgsCoordinateReferenceSystem("EPSG:3857"))) > 200
    tiles = gpf.requests_to("/tms/1.0.0/ACCES.BIOMETHANE/")
    assert tiles and all(r.status == 200 and r.path.endswith(".png") for r in tiles)


def test_restricted_wms_raster_with_basic_auth(gpf, catalog, basic_authcfg):
    entry = catalog.get("wms-r", "SCAN100_PYR-JPEG_WLD_WM", restricted=True)
    options = default_options(entry, catalog, "EPSG:2154")
    options.authcfg = basic_authcfg
    layer = layer_factory.create_layer(entry, options)
    assert painted_pixels(render(layer, PARIS_2154)) > 200
    getmap = gpf.requests_to("/private/wms-r", "GetMap")
    assert getmap and getmap[-1].param("LAYERS") == "SCAN100_PYR-JPEG_WLD_WM"
    assert all(r.headers["authorization"].startswith("Basic ") for r in getmap)
