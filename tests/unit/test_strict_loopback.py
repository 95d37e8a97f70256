"""The loopback refuses what IGN's servers refuse, and answers as they do (reference:
docs/reference/servers.md): ROK4 for WMTS, WMS-R and TMS (HTTP status + its XML exception), GeoServer for
WMS-V and WFS (HTTP 200 + its exception report). Plain HTTP against the loopback itself; the
layers' tile matrix sets, levels and limits are read from the capabilities it serves."""
from __future__ import annotations

import base64
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest
from lxml import etree

from loopback import API_KEY, BASIC_PASSWORD, BASIC_USER, LoopbackGeoplateforme

W = "{http://www.opengis.net/wmts/1.0}"
O = "{http://www.opengis.net/ows/1.1}"


@pytest.fixture(scope="module")
def gpf():
    with LoopbackGeoplateforme() as server:
        yield server


def get(url, headers=None):
    """(status, content type, body) of a GET, error statuses included."""
    request = urllib.request.Request(url, headers={"User-Agent": "QGIS test", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=20) as reply:
            return reply.status, reply.headers.get("Content-Type", ""), reply.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def exception(body):
    """(code, text) of any of the servers' exception documents."""
    root = etree.fromstring(body)
    for element in root.iter():
        code = element.get("exceptionCode") or element.get("code")
        if code is not None:
            return code, "".join(element.itertext()).strip()
    return None, (root.findtext("Message") or "").strip()


@pytest.fixture(scope="module")
def wmts(gpf):
    """Each layer's tile matrix set and limits, as the served capabilities give them."""
    root = etree.fromstring(get(f"{gpf.base_url}/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")[2])
    layers = {}
    for layer in root.iter(W + "Layer"):
        link = layer.find(W + "TileMatrixSetLink")
        limits = {l.findtext(W + "TileMatrix"): tuple(int(l.findtext(W + k)) for k in (
            "MinTileRow", "MaxTileRow", "MinTileCol", "MaxTileCol"))
            for l in link.iter(W + "TileMatrixLimits")}
        layers[layer.findtext(O + "Identifier")] = (link.findtext(W + "TileMatrixSet"), limits)
    return layers


def tile_url(gpf, path="/wmts", **params):
    query = {"SERVICE": "WMTS", "REQUEST": "GetTile", "VERSION": "1.0.0", "STYLE": "normal"}
    query.update(params)
    return f"{gpf.base_url}{path}?" + urlencode({k: v for k, v in query.items() if v is not None})


ORTHO = "ORTHOIMAGERY.ORTHOPHOTOS"


def ortho_tile(gpf, wmts, level="10", **params):
    tms, limits = wmts[ORTHO]
    row, _, col, _ = limits[level]
    base = dict(LAYER=ORTHO, TILEMATRIXSET=tms, TILEMATRIX=level, TILEROW=str(row),
                TILECOL=str(col), FORMAT="image/jpeg")
    base.update(params)
    return tile_url(gpf, **base)


# --- WMTS (ROK4) --------------------------------------------------------------------------

def test_wmts_serves_the_layers_own_tile_matrix_set_format_and_style(gpf, wmts):
    status, ctype, body = get(ortho_tile(gpf, wmts))
    assert (status, ctype) == (200, "image/jpeg") and body[:2] == b"\xff\xd8"
    # ORTHOIMAGERY.ORTHOPHOTOS is served on the set IGN's 2026 list gives, not the 2024 one.
    assert wmts[ORTHO][0] == "PM_0_19"
    # The bare id of the layer's set is accepted too (docs/reference/servers.md §1).
    assert get(ortho_tile(gpf, wmts, TILEMATRIXSET="PM"))[0] == 200


@pytest.mark.parametrize("params, status, code, text", [
    ({"LAYER": "NOT.A.LAYER"}, 400, "InvalidParameterValue", "Layer NOT.A.LAYER unknown"),
    ({"LAYER": None}, 400, "MissingParameterValue", "LAYER query parameter missing"),
    # Declared in the capabilities (for other layers), so QGIS opens it; ROK4 refuses it.
    ({"TILEMATRIXSET": "PM_0_21"}, 400, "InvalidParameterValue", "Tile matrix set PM_0_21 unknown"),
    ({"TILEMATRIXSET": "WGS84G"}, 400, "InvalidParameterValue", "Tile matrix set WGS84G unknown"),
    ({"TILEMATRIXSET": "pm"}, 400, "InvalidParameterValue", "Tile matrix set pm unknown"),
    ({"TILEMATRIX": "22"}, 400, "InvalidParameterValue", "Tile matrix 22 unknown"),
    ({"TILECOL": "abc"}, 400, "InvalidParameterValue", "Invalid column value"),
    ({"TILEROW": "x1"}, 400, "InvalidParameterValue", "Invalid row value"),
    ({"FORMAT": "image/png"}, 400, "InvalidParameterValue", "Format image/png unknown"),
    ({"FORMAT": "image/jpg"}, 400, "InvalidParameterValue", "Format image/jpg unknown"),
    ({"FORMAT": None}, 400, "MissingParameterValue", "FORMAT query parameter missing"),
    ({"STYLE": None}, 400, "MissingParameterValue", "STYLE query parameter missing"),
    ({"STYLE": ""}, 400, "MissingParameterValue", "STYLE query parameter missing"),
    ({"STYLE": "default"}, 400, "InvalidParameterValue", "Style default unknown"),
    ({"VERSION": "1.1.0"}, 400, "VersionNegotiationFailed",
     "VERSION query parameter have to be 1.0.0 or empty"),
    ({"SERVICE": "WMS"}, 400, "InvalidParameterValue", "SERVICE query parameter have to be WMTS"),
    ({"SERVICE": None}, 400, "MissingParameterValue", "SERVICE query parameter missing"),
    ({"REQUEST": "GetTiles"}, 400, "OperationNotSupported", "REQUEST query parameter unknown"),
])
def test_wmts_refusals(gpf, wmts, params, status, code, text):
    got_status, ctype, body = get(ortho_tile(gpf, wmts, **params))
    assert (got_status, ctype) == (status, "text/xml")
    assert exception(body) == (code, text)
    assert body.startswith(b'<ExceptionReport xmlns="http://www.opengis.net/ows/1.1">')
    assert gpf.requests[-1].refused == f"{code}: {text}"  # what tests read in the log


def test_wmts_no_data_outside_the_layers_levels_and_limits(gpf, wmts):
    tms, limits = wmts[ORTHO]
    levels = sorted(int(z) for z in limits)
    assert levels[-1] == 19
    row, max_row, col, max_col = limits["10"]
    cases = [
        ortho_tile(gpf, wmts, TILEMATRIX="20", TILEROW="0", TILECOL="0"),  # in PM, not the layer's
        ortho_tile(gpf, wmts, TILEROW=str(max_row + 1)),
        ortho_tile(gpf, wmts, TILECOL=str(max_col + 1)),
        ortho_tile(gpf, wmts, TILEROW="-1"),
        # Limits are checked before the format: a bad format outside them is still 404.
        ortho_tile(gpf, wmts, TILEROW=str(max_row + 1), FORMAT="image/png"),
    ]
    for url in cases:
        status, ctype, body = get(url)
        assert (status, exception(body)) == (404, ("Not Found", "No data found")), url
    # sscanf("%d"): "12abc" is read as 12.
    assert get(ortho_tile(gpf, wmts, TILECOL=f"{col}abc"))[0] == 200


def test_wmts_png_layer_takes_png_only(gpf, wmts):
    name = "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
    tms, limits = wmts[name]
    row, _, col, _ = limits["10"]
    url = lambda fmt: tile_url(gpf, LAYER=name, TILEMATRIXSET=tms, TILEMATRIX="10",
                               TILEROW=str(row), TILECOL=str(col), FORMAT=fmt)
    status, ctype, body = get(url("image/png"))
    assert (status, ctype) == (200, "image/png") and body[:4] == b"\x89PNG"
    status, _, body = get(url("image/jpeg"))
    assert (status, exception(body)) == (400, ("InvalidParameterValue", "Format image/jpeg unknown"))
    status, _, body = get(url("image/PNG"))
    assert (status, exception(body)) == (400, ("InvalidParameterValue", "Format image/PNG unknown"))


def test_restricted_wmts_layer(gpf):
    caps = etree.fromstring(get(f"{gpf.base_url}/private/wmts?SERVICE=WMTS&REQUEST=GetCapabilities",
                                {"apikey": API_KEY})[2])
    layer = next(l for l in caps.iter(W + "Layer")
                 if l.findtext(O + "Identifier") == "GEOGRAPHICALGRIDSYSTEMS.MAPS")
    tms = layer.find(W + "TileMatrixSetLink").findtext(W + "TileMatrixSet")
    limit = next(l for l in layer.iter(W + "TileMatrixLimits") if l.findtext(W + "TileMatrix") == "10")
    params = dict(LAYER="GEOGRAPHICALGRIDSYSTEMS.MAPS", TILEMATRIXSET=tms, TILEMATRIX="10",
                  TILEROW=limit.findtext(W + "MinTileRow"), TILECOL=limit.findtext(W + "MinTileCol"),
                  FORMAT="image/jpeg")
    # The public endpoint does not know it; the private one wants a key (401, then 403).
    status, _, body = get(tile_url(gpf, **params))
    assert (status, exception(body)) == (
        400, ("InvalidParameterValue", "Layer GEOGRAPHICALGRIDSYSTEMS.MAPS unknown"))
    assert get(tile_url(gpf, "/private/wmts", **params))[0] == 401
    assert get(tile_url(gpf, "/private/wmts", **params), {"apikey": "wrong"})[0] == 403
    basic = "Basic " + base64.b64encode(f"{BASIC_USER}:{BASIC_PASSWORD}".encode()).decode()
    assert get(tile_url(gpf, "/private/wmts", **params), {"Authorization": basic})[0] == 200
    # The key does not make the private endpoint lenient.
    status, _, body = get(tile_url(gpf, "/private/wmts", **dict(params, FORMAT="image/png")),
                          {"apikey": API_KEY})
    assert (status, exception(body)) == (400, ("InvalidParameterValue", "Format image/png unknown"))


# --- WMS-R (ROK4) -------------------------------------------------------------------------

def map_url(gpf, path="/wms-r/wms", **params):
    query = {"SERVICE": "WMS", "VERSION": "1.3.0", "REQUEST": "GetMap",
             "LAYERS": "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "STYLES": "", "CRS": "EPSG:3857",
             "BBOX": "255000,6245000,268000,6258000", "WIDTH": "64", "HEIGHT": "64",
             "FORMAT": "image/png"}
    query.update(params)
    return f"{gpf.base_url}{path}?" + urlencode({k: v for k, v in query.items() if v is not None})


def test_wms_r_serves_one_or_two_layers(gpf):
    for params in ({}, {"STYLES": "normal"},
                   {"LAYERS": "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2,ORTHOIMAGERY.ORTHOPHOTOS",
                    "STYLES": ","}):
        status, ctype, body = get(map_url(gpf, **params))
        assert (status, ctype) == (200, "image/png") and body[:4] == b"\x89PNG", params


@pytest.mark.parametrize("params, code, text", [
    ({"VERSION": "1.1.1"}, "VersionNegotiationFailed", "VERSION query parameter have to be 1.3.0 or empty"),
    ({"LAYERS": "A.B,C.D,E.F"}, "InvalidParameterValue", "Number of layers exceed the limit (2)"),
    ({"LAYERS": "NOT.A.LAYER"}, "LayerNotDefined", "Layer NOT.A.LAYER unknown"),
    ({"LAYERS": None}, "MissingParameterValue", "LAYERS query parameter missing"),
    ({"STYLES": None}, "MissingParameterValue", "STYLES query parameter missing"),
    ({"STYLES": "normal,normal"}, "InvalidParameterValue",
     "STYLES query parameter invalid (comma separated styles identifier, one by requested layer)"),
    ({"STYLES": "default"}, "InvalidParameterValue",
     "Style default is not available for the layer GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"),
    ({"FORMAT": "image/webp"}, "InvalidParameterValue", "Format image/webp unknown"),
    ({"CRS": None}, "MissingParameterValue", "CRS query parameter missing"),
    ({"WIDTH": "0"}, "InvalidParameterValue", "WIDTH query parameter have to be a strictly positive integer"),
    ({"WIDTH": "10001"}, "InvalidParameterValue", "WIDTH query parameter exceed the limit (10000)"),
    ({"HEIGHT": "abc"}, "InvalidParameterValue", "Invalid HEIGHT value"),
    ({"BBOX": "268000,6245000,255000,6258000"}, "InvalidParameterValue",
     "BBOX query parameter invalid (max have to be bigger than min)"),
    ({"SERVICE": None}, "MissingParameterValue", "SERVICE query parameter missing"),
    ({"REQUEST": "GetMaps"}, "OperationNotSupported", "REQUEST query parameter unknown"),
    ({"BBOX": "1,2,3"}, "InvalidParameterValue",
     "BBOX query parameter invalid (require 4 comma separated numbers)"),
])
def test_wms_r_refusals(gpf, params, code, text):
    status, ctype, body = get(map_url(gpf, **params))
    assert (status, ctype) == (400, "text/xml")
    assert exception(body) == (code, text)
    assert b'<ServiceExceptionReport version="1.3.0" xmlns="http://www.opengis.net/ogc"' in body


def test_restricted_wms_r_layer(gpf):
    params = {"LAYERS": "SCAN100_PYR-JPEG_WLD_WM"}
    status, _, body = get(map_url(gpf, **params))
    assert (status, exception(body)) == (400, ("LayerNotDefined", "Layer SCAN100_PYR-JPEG_WLD_WM unknown"))
    assert get(map_url(gpf, "/private/wms-r", **params))[0] == 401
    assert get(map_url(gpf, "/private/wms-r", **params), {"apikey": "wrong"})[0] == 403
    assert get(map_url(gpf, "/private/wms-r", **params), {"apikey": API_KEY})[0] == 200
    status, _, body = get(map_url(gpf, "/private/wms-r", STYLES="normal", **params), {"apikey": API_KEY})
    assert exception(body) == ("InvalidParameterValue",
                               "Style normal is not available for the layer SCAN100_PYR-JPEG_WLD_WM")


# --- WMS-V and WFS (GeoServer: HTTP 200 and an exception report) --------------------------

def test_wms_v_serves_any_style_of_the_server_and_wms_1_1_1(gpf):
    base = {"LAYERS": "TN.RoadTransportNetwork", "FORMAT": "image/png"}
    for params in ({}, {"STYLES": "default-style-TN.RoadTransportNetwork"},
                   {"STYLES": "default-style-BU.Building"},  # another layer's: GeoServer takes it
                   {"VERSION": "1.1.1", "CRS": None, "SRS": "EPSG:3857"}):
        status, ctype, body = get(map_url(gpf, "/wms-v/ows", **dict(base, **params)))
        assert (status, ctype) == (200, "image/png") and body[:4] == b"\x89PNG", params


@pytest.mark.parametrize("params, code, text", [
    ({"LAYERS": "NOT.A.LAYER"}, "LayerNotDefined", "Could not find layer NOT.A.LAYER"),
    ({"STYLES": "not-a-style"}, "StyleNotDefined", "No such style: not-a-style"),
    ({"FORMAT": "image/webp"}, "InvalidFormat", "There is no support for creating maps in image/webp format"),
])
def test_wms_v_refusals(gpf, params, code, text):
    query = dict({"LAYERS": "TN.RoadTransportNetwork"}, **params)
    status, ctype, body = get(map_url(gpf, "/wms-v/ows", **query))
    assert (status, ctype) == (200, "text/xml")
    assert exception(body) == (code, text)
    assert gpf.requests[-1].refused == f"{code}: {text}"  # a 200 that the log calls a refusal


def feature_url(gpf, typename, request="GetFeature"):
    return f"{gpf.base_url}/wfs/ows?" + urlencode({
        "SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": request, "TYPENAMES": typename, "COUNT": "2"})


def test_wfs_unknown_typenames(gpf):
    status, _, body = get(feature_url(gpf, "BDTOPO_V3:batiment"))
    assert status == 200 and b"FeatureCollection" in body
    for typename, text in (("BDTOPO_V3:not_a_type", "Feature type BDTOPO_V3:not_a_type unknown"),
                           ("NOPE:batiment", "Unknown namespace [NOPE]")):
        for request in ("GetFeature", "DescribeFeatureType"):
            status, _, body = get(feature_url(gpf, typename, request))
            assert status == 200
            assert exception(body) == ("InvalidParameterValue", text)
            assert b"ows:ExceptionReport" in body


# --- TMS (ROK4) ---------------------------------------------------------------------------

@pytest.mark.parametrize("path, status, text", [
    ("/tms/1.0.0/PLAN.IGN/10/518/352.pbf", 200, None),
    ("/tms/1.0.0/ORTHOIMAGERY.ORTHOPHOTOS/10/518/352.jpeg", 200, None),
    ("/tms/1.0.0/NOT.A.LAYER/10/518/352.pbf", 400, "Layer NOT.A.LAYER unknown"),
    ("/tms/2.0.0/PLAN.IGN/10/518/352.pbf", 400, "Invalid version (only 1.0.0 available)"),
    ("/tms/1.0.0/PLAN.IGN/22/0/0.pbf", 400, "Level 22 unknown"),
    ("/tms/1.0.0/PLAN.IGN/19/0/0.pbf", 404, "No data found"),  # in PM, not the layer's zooms
    ("/tms/1.0.0/PLAN.IGN/10/1024/352.pbf", 404, "No data found"),
    ("/tms/1.0.0/PLAN.IGN/10/x/352.pbf", 400, "Invalid column value"),
    ("/tms/1.0.0/PLAN.IGN/10/518/y.pbf", 400, "Invalid row value"),
    ("/tms/1.0.0/PLAN.IGN/10/518", 400, "Unknown tms request path"),
    ("/tms/1.0.0/PLAN.IGN/10/518/352.png", 400, "Invalid extension png"),
    ("/tms/1.0.0/ORTHOIMAGERY.ORTHOPHOTOS/10/518/352.jpg", 400, "Invalid extension jpg"),
    ("/tms/1.0.0/ORTHOIMAGERY.ORTHOPHOTOS/20/518/352.jpeg", 404, "No data found"),
])
def test_tms(gpf, path, status, text):
    got, ctype, body = get(gpf.base_url + path)
    assert got == status
    if text is not None:
        assert ctype == "text/xml" and exception(body) == (None, text)
        assert body.startswith(b'<?xml version="1.0" ?><TileMapServerError><Message>')
