"""QGIS's own providers against the loopback Géoplateforme (the harness itself)."""
from __future__ import annotations

from qgis.core import (
    QgsBlockingNetworkRequest,
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest

from qgis_helpers import PARIS_2154, PARIS_3857, painted_pixels, render
from loopback import API_KEY

# Around Paris, in EPSG:3857.


def wmts_uri(base, layer="ORTHOIMAGERY.ORTHOPHOTOS", tms="PM_0_19", fmt="image/jpeg",
             path="/wmts", authcfg="", extra=""):
    """A WMTS source as QGIS writes it; ``extra`` makes the URL unique, which bypasses
    QGIS's capabilities cache."""
    uri = QgsDataSourceUri()
    for key, value in (("crs", "EPSG:3857"), ("dpiMode", "7"), ("format", fmt),
                       ("layers", layer), ("styles", "normal"), ("tileMatrixSet", tms),
                       ("url", f"{base}{path}?SERVICE=WMTS&VERSION=1.0.0&REQUEST=GetCapabilities{extra}")):
        uri.setParam(key, value)
    if authcfg:
        uri.setAuthConfigId(authcfg)
    return bytes(uri.encodedUri()).decode()


def test_wmts_orthophotos_render_through_loopback(gpf):
    layer = QgsRasterLayer(wmts_uri(gpf.base_url), "ortho", "wms")
    assert layer.isValid(), layer.error().summary()
    image = render(layer, PARIS_3857)
    assert painted_pixels(image) > 200  # 64x64 samples: most of them painted
    tiles = gpf.requests_to("/wmts", "GetTile")
    assert tiles, [r.path for r in gpf.requests]
    assert {r.param("LAYER") for r in tiles} == {"ORTHOIMAGERY.ORTHOPHOTOS"}
    assert {r.param("TILEMATRIXSET") for r in tiles} == {"PM_0_19"}  # IGN's 2026 list
    assert {r.param("FORMAT") for r in tiles} == {"image/jpeg"}


def test_a_set_the_layer_does_not_link_opens_in_qgis_and_draws_nothing(gpf):
    """QGIS opens a WMTS source on any set the capabilities declare; ROK4 serves a layer on its
    own set (or the bare id) only: the layer is "valid" and blank (docs/reference/servers.md §1)."""
    layer = QgsRasterLayer(wmts_uri(gpf.base_url, tms="PM_0_21", extra="&t=unlinked"), "ortho", "wms")
    assert layer.isValid(), layer.error().summary()
    assert painted_pixels(render(layer, PARIS_3857)) == 0
    tiles = gpf.requests_to("/wmts", "GetTile")
    assert tiles and {(r.status, r.refused) for r in tiles} == {
        (400, "InvalidParameterValue: Tile matrix set PM_0_21 unknown")}
    # The bare id of the layer's set is served.
    bare = QgsRasterLayer(wmts_uri(gpf.base_url, tms="PM", extra="&t=bare"), "ortho", "wms")
    assert bare.isValid() and painted_pixels(render(bare, PARIS_3857)) > 200


def test_undeclared_tile_matrix_set_gives_invalid_layer(gpf):
    layer = QgsRasterLayer(wmts_uri(gpf.base_url, tms="NOT_A_SET"), "ortho", "wms")
    assert not layer.isValid()
    assert not gpf.requests_to("/wmts", "GetTile")


def _get(url, authcfg="", headers=None):
    request = QNetworkRequest(QUrl(url))
    for key, value in (headers or {}).items():
        request.setRawHeader(key.encode(), value.encode())
    fetcher = QgsBlockingNetworkRequest()
    if authcfg:
        fetcher.setAuthCfg(authcfg)
    fetcher.get(request, True)
    reply = fetcher.reply()
    return reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute), bytes(reply.content())


def test_private_endpoint_demands_credentials(gpf, basic_authcfg):
    url = f"{gpf.base_url}/private/wmts?SERVICE=WMTS&REQUEST=GetCapabilities"
    status, body = _get(url)
    assert status == 401 and b"Unauthorized" in body
    assert _get(url, headers={"apikey": "wrong-key"})[0] == 403
    status, body = _get(url, headers={"apikey": API_KEY})
    assert status == 200 and b"GEOGRAPHICALGRIDSYSTEMS.MAPS" in body
    status, body = _get(url, authcfg=basic_authcfg)
    assert status == 200 and b"GEOGRAPHICALGRIDSYSTEMS.MAPS" in body
    sent = gpf.requests_to("/private/wmts")
    assert sent[-1].headers["authorization"].startswith("Basic ")
    assert "authorization" not in sent[0].headers


def test_private_wmts_layer_with_basic_authcfg(gpf, basic_authcfg):
    # The private capabilities advertise the public GetTile address, as a real server may:
    # followed, it refuses the restricted layer.
    source = wmts_uri(gpf.base_url, layer="GEOGRAPHICALGRIDSYSTEMS.MAPS", tms="PM_0_18",
                      path="/private/wmts", authcfg=basic_authcfg, extra="&t=advertised")
    followed = QgsRasterLayer(source, "scan", "wms")
    assert followed.isValid(), followed.error().summary()
    assert painted_pixels(render(followed, PARIS_3857)) == 0
    refused = gpf.requests_to("/wmts", "GetTile")
    assert refused and {r.status for r in refused} == {400}
    # IgnoreGetMapUrl=1 (IGN's guidance for keyed access) keeps the tiles on /private/.
    source = wmts_uri(gpf.base_url, layer="GEOGRAPHICALGRIDSYSTEMS.MAPS", tms="PM_0_18",
                      path="/private/wmts", authcfg=basic_authcfg) + "&IgnoreGetMapUrl=1"
    layer = QgsRasterLayer(source, "scan", "wms")
    assert layer.isValid(), layer.error().summary()
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    tiles = gpf.requests_to("/private/wmts", "GetTile")
    assert tiles and all(r.status == 200 for r in tiles)
    assert all(r.headers["authorization"].startswith("Basic ") for r in tiles)
    # Without credentials the same layer cannot even read its capabilities.
    no_auth = QgsRasterLayer(wmts_uri(gpf.base_url, layer="GEOGRAPHICALGRIDSYSTEMS.MAPS",
                                      tms="PM_0_18", path="/private/wmts", extra="&t=noauth"),
                             "scan", "wms")
    assert not no_auth.isValid()


def test_wms_raster_getmap(gpf):
    source = (f"crs=EPSG:2154&dpiMode=7&format=image/png&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
              f"&styles=normal&url={gpf.base_url}/wms-r/wms")
    layer = QgsRasterLayer(source, "plan", "wms")
    assert layer.isValid(), layer.error().summary()
    image = render(layer, PARIS_2154)
    assert painted_pixels(image) > 200
    getmap = gpf.requests_to("/wms-r/wms", "GetMap")
    assert getmap and getmap[-1].param("CRS") == "EPSG:2154"
    assert getmap[-1].param("VERSION") == "1.3.0"


def test_wfs_getfeature_with_paging(gpf):
    source = (f"pagingEnabled='true' pageSize='5' srsname='EPSG:2154' typename='BDTOPO_V3:batiment' "
              f"url='{gpf.base_url}/wfs/ows' version='2.0.0'")
    layer = QgsVectorLayer(source, "bati", "WFS")
    assert layer.isValid(), layer.error().summary()
    features = list(layer.getFeatures())
    assert len(features) == 12
    assert {f["nature"] for f in features} == {"Indifférenciée"}
    # Pages of the size asked for, in order, cover the 12 features. (QGIS >= 3.34 also asks
    # for a single feature when the layer opens, to learn its geometry type.)
    pages = [r for r in gpf.requests_to("/wfs/ows", "GetFeature") if r.param("COUNT") == "5"]
    assert [int(r.param("STARTINDEX", "0")) for r in pages] == [0, 5, 10]


def test_vector_tiles_render(gpf):
    template = f"{gpf.base_url}/tms/1.0.0/PLAN.IGN/{{z}}/{{x}}/{{y}}.pbf"
    uri = QgsDataSourceUri()
    uri.setParam("type", "xyz")
    uri.setParam("url", template)
    uri.setParam("zmin", "0")
    uri.setParam("zmax", "18")
    layer = QgsVectorTileLayer(bytes(uri.encodedUri()).decode(), "plan")
    assert layer.isValid()
    image = render(layer, PARIS_3857, crs=QgsCoordinateReferenceSystem("EPSG:3857"))
    assert painted_pixels(image) > 50
    tiles = gpf.requests_to("/tms/1.0.0/")
    assert tiles and all(r.path.endswith(".pbf") and r.status == 200 for r in tiles)


def test_fault_injection_reaches_qgis(gpf):
    gpf.inject("/wmts", "status", status=500)
    layer = QgsRasterLayer(wmts_uri(gpf.base_url, extra="&t=fault"), "ortho", "wms")
    assert not layer.isValid()
    assert gpf.requests_to("/wmts")[0].status == 500
