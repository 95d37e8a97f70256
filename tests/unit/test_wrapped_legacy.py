"""Legacy IGN addresses the engine does not read as a url= slot are never called 'unchanged';
where a faithful rewrite exists (the old REST tile template), it is done."""
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration.engine import REWRITES, migrate_source
from bascule_geoplateforme.core.platform.sources import encode_query_value, parse_source

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOST = st.sampled_from(["wxs.ign.fr", "WXS.IGN.FR", "gpp3-wxs.ign.fr", "wxs.ign.fr.", "wxs-i.ign.fr",
                        "wxs-gpu.mongeoportail.ign.fr", "vectortiles.ign.fr", "wmts.geopf.fr"])
PATH = st.lists(st.sampled_from(["k", "choisirgeoportail", "geoportail", "inspire", "wmts", "r", "wms",
                                 "wfs", "static", "x.tif", "ows", "rest", "{z}"]), max_size=5).map("/".join)
WRAPPERS = st.sampled_from([
    ("gdal", "/vsicurl/{url}"), ("gdal", "/vsicurl?url={enc}"), ("ogr", "WFS:{url}"),
    ("gdal", "<GDAL_WMS><Service name=\"WMTS\"><ServerUrl>{url}</ServerUrl></Service></GDAL_WMS>"),
    ("gdal", "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>{url}/${{z}}/${{x}}/${{y}}.png</ServerUrl></Service></GDAL_WMS>"),
    ("ogr", "/vsizip//vsicurl/{url}/archive.zip/file.shp"), ("gdal", "WMS:{url}?SERVICE=WMS"),
    ("wms", "referer={enc}&url=https%3A%2F%2Fexample.com%2Fwms&layers=a"),
    ("ogr", "{url}|layername=x"), ("postgres", "dbname='x' host='h' comment='{url}'"),
])


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


@SETTINGS
@given(WRAPPERS, st.sampled_from(["https", "http"]), HOST, PATH)
def test_wrapped_legacy_sources_are_never_unchanged(wrapper, scheme, host, path):
    provider, template = wrapper
    url = f"{scheme}://{host}/{path}"
    source = template.format(url=url, enc=encode_query_value(url, True))
    result = migrate_source(provider, source)
    assert result.status not in ("unchanged", "current"), (source, result.messages)
    if result.status == "unsupported":
        assert result.new_source == source
        assert any(m.level == "error" for m in result.messages)
    if result.rewrites:
        assert "ign.fr" not in result.new_source.lower().replace("%2e", ".")


LAYERS = st.sampled_from([("ORTHOIMAGERY.ORTHOPHOTOS", "jpeg"), ("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "png"),
                          ("CADASTRALPARCELS.PARCELLAIRE_EXPRESS", "png"), ("ELEVATION.SLOPES", "jpeg")])


@SETTINGS
@given(LAYERS, st.sampled_from(["choisirgeoportail", "an7nvfzojv5wa96dsga5nk8w", "pratique"]),
       st.sampled_from(["{z}/{y}/{x}", "12/1450/2070"]), st.booleans(), st.booleans())
def test_rest_tile_templates_become_kvp_gettile(layer_ext, key, zyx, fully, trailing_dot):
    layer, ext = layer_ext
    host = "wxs.ign.fr." if trailing_dot else "wxs.ign.fr"
    old = f"https://{host}/{key}/geoportail/wmts/rest/{layer}/normal/PM/{zyx}.{ext}"
    source = f"type=xyz&url={encode_query_value(old, fully)}&zmax=18&zmin=0"
    result = migrate_source("wms", source)
    assert result.status in REWRITES + ("withdrawn",), result.messages
    if result.status == "withdrawn":
        assert result.new_source == source
        return
    new_url = parse_source("wms", result.new_source).get("url")
    parts = urlsplit(new_url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "data.geopf.fr", "/wmts")
    query = dict(parse_qsl(parts.query))
    z, y, x = zyx.split("/")
    assert query["SERVICE"] == "WMTS" and query["REQUEST"] == "GetTile"
    assert (query["TILEMATRIX"], query["TILEROW"], query["TILECOL"]) == (z, y, x)
    assert query["LAYER"] == result.new_layer_name and query["FORMAT"] == f"image/{ext}"
    assert query["TILEMATRIXSET"].startswith("PM")
    assert key not in result.new_source
    again = migrate_source("wms", result.new_source)
    assert again.status == "current" and again.new_source == result.new_source


@pytest.mark.parametrize("tail", ["rest/ORTHOIMAGERY.ORTHOPHOTOS/normal/PM/{z}/{y}",
                                  "rest/ORTHOIMAGERY.ORTHOPHOTOS/normal/PM/{z}/{y}/{x}",
                                  "odd/path", "rest//normal/PM/1/2/3.png"])
def test_other_paths_after_wmts_are_unsupported_not_a_broken_rewrite(tail):
    source = "type=xyz&url=" + encode_query_value(f"https://wxs.ign.fr/k/geoportail/wmts/{tail}")
    result = migrate_source("wms", source)
    assert result.status == "unsupported" and result.new_source == source


def test_wmts_rest_capabilities_path_is_the_capabilities_url():
    source = ("crs=EPSG:3857&format=image/jpeg&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
              "&url=https://wxs.ign.fr/k/geoportail/wmts/1.0.0/WMTSCapabilities.xml")
    result = migrate_source("wms", source)
    assert result.rewrites and "url=https://data.geopf.fr/wmts?SERVICE" in result.new_source


def test_a_trailing_dot_host_is_the_same_host():
    plain = "layers=ORTHOIMAGERY.ORTHOPHOTOS&styles&url=https://wxs.ign.fr/k/geoportail/r/wms"
    dotted = migrate_source("wms", plain.replace("wxs.ign.fr", "wxs.ign.fr."))
    assert dotted.status == migrate_source("wms", plain).status != "unchanged"
    assert migrate_source("wms", "url=https://data.geopf.fr./wmts").status == "current"


@pytest.mark.parametrize("second", ["https://wxs.ign.fr/k/geoportail/wfs?BAR=2",
                                    "https://wxs.ign.fr/k/geoportail/wmts?SERVICE=WMTS"])
def test_two_url_items_for_two_services_are_unsupported(second):
    source = ("layers=ORTHOIMAGERY.ORTHOPHOTOS&styles&url=https://wxs.ign.fr/k/geoportail/r/wms?FOO=1"
              f"&url={encode_query_value(second)}")
    result = migrate_source("wms", source)
    assert result.status == "unsupported" and result.new_source == source
    assert [m.code for m in result.messages] == ["mixed_addresses"]


def test_two_url_items_of_one_service_keep_both_queries():
    source = ("layers=ORTHOIMAGERY.ORTHOPHOTOS&styles&url=https://wxs.ign.fr/k/geoportail/r/wms?A%3D1"
              "&url=https://wxs.ign.fr/k/geoportail/r/wms?B%3D2")
    urls = parse_source("wms", migrate_source("wms", source).new_source).get_all("url")
    assert urls == ["https://data.geopf.fr/wms-r/wms?A=1", "https://data.geopf.fr/wms-r/wms?B=2"]
