"""The server-compatible form: the key into a layer's URL and back (pure)."""
import pytest
from hypothesis import given, strategies as st

from bascule_geoplateforme.core.keys.server_form import (
    authcfg_of, from_server_form, has_key_in_url, to_server_form)
from bascule_geoplateforme.core.platform.sources import parse_source

WMTS = ("IgnoreGetMapUrl=1&authcfg=ab12cd3&crs=EPSG:3857&format=image/jpeg"
        "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&styles=normal&tileMatrixSet=PM_0_18"
        "&url=https://data.geopf.fr/private/wmts?SERVICE%3DWMTS%26VERSION%3D1.0.0%26REQUEST%3DGetCapabilities")
WFS = ("authcfg=ab12cd3 pagingEnabled='true' srsname='EPSG:2154' typename='BDTOPO_V3:batiment' "
       "url='https://data.geopf.fr/private/wfs/ows' version='2.0.0'")
TILES = ("authcfg=ab12cd3&type=xyz&url=https://data.geopf.fr/private/tms/1.0.0/PLAN.IGN/"
         "%7Bz%7D/%7Bx%7D/%7By%7D.pbf&zmax=18&zmin=0")
CASES = [("wms", WMTS), ("WFS", WFS), ("vectortile", TILES)]


@pytest.mark.parametrize("provider, source", CASES)
def test_key_goes_into_the_url_and_the_authcfg_out(provider, source):
    server = to_server_form(provider, source, "K3Y")
    url = parse_source(provider, server).find("url")[0].value
    assert url.endswith("apikey=K3Y") and authcfg_of(provider, server) == ""
    assert has_key_in_url(provider, server) and not has_key_in_url(provider, source)


@pytest.mark.parametrize("provider, source", CASES)
def test_back_gives_the_same_parameters(provider, source):
    back = from_server_form(provider, to_server_form(provider, source, "K3Y"), "ab12cd3")
    assert "K3Y" not in back and authcfg_of(provider, back) == "ab12cd3"
    def params(text):
        return sorted((p.key, p.value) for p in parse_source(provider, text).params)
    assert params(back) == params(source)


def test_a_second_write_replaces_the_key_rather_than_adding_one():
    twice = to_server_form("wms", to_server_form("wms", WMTS, "OLD"), "NEW")
    url = parse_source("wms", twice).find("url")[0].value
    assert url.count("apikey=") == 1 and url.endswith("apikey=NEW")


def test_source_without_url_is_left_alone():
    assert to_server_form("wms", "layers=x&crs=EPSG:3857", "K") is None


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="&=#?'\\"),
               min_size=1, max_size=40))
def test_any_key_round_trips(key):
    server = to_server_form("wms", WMTS, key)
    assert parse_source("wms", server).find("url")[0].value.endswith("apikey=" + key)
    back = from_server_form("wms", server, "ab12cd3")
    assert not has_key_in_url("wms", back) and back.count("apikey") == 0
