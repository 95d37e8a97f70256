"""core/platform/sources.py: every form parses and encodes back without losing a byte."""
import csv
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bascule_geoplateforme.core.platform.sources import (
    COMMA,
    ENCODED,
    GDAL_WMTS,
    SPACED,
    URL,
    detect_form,
    encode_params,
    encode_query_value,
    parse_source,
    parse_url,
)

TSV = pathlib.Path(__file__).resolve().parents[1] / "data" / "real-world" / "datasources.tsv"


def corpus():
    with open(TSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = corpus()


def test_corpus_is_the_real_one():
    assert len(ROWS) == 154


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["datasource"][:60])
def test_every_real_source_round_trips_byte_identical(row):
    parsed = parse_source(row["provider"], row["datasource"])
    assert parsed.encode() == row["datasource"]


def test_forms_of_the_real_rows():
    forms = {detect_form(r["provider"], r["datasource"]) for r in ROWS}
    assert forms == {ENCODED, SPACED, URL}
    wfs = [r for r in ROWS if r["provider"] == "WFS"]
    assert all(detect_form("WFS", r["datasource"]) == SPACED for r in wfs)


# -- the encoded (wms / vectortile) form ---------------------------------------------------------
WMTS_ROW = (
    "contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/png"
    "&layers=CADASTRALPARCELS.PARCELLAIRE_EXPRESS&styles=PCI%20vecteur&tileMatrixSet=PM"
    "&url=https://wxs.ign.fr/choisirgeoportail/geoportail/wmts?SERVICE%3DWMTS%26VERSION%3D1.0.0"
    "%26REQUEST%3DGetCapabilities"
)


def test_encoded_values_are_percent_decoded():
    parsed = parse_source("wms", WMTS_ROW)
    assert parsed.form == ENCODED
    assert parsed.get("styles") == "PCI vecteur"
    assert parsed.get("url") == (
        "https://wxs.ign.fr/choisirgeoportail/geoportail/wmts"
        "?SERVICE=WMTS&VERSION=1.0.0&REQUEST=GetCapabilities"
    )


def test_plus_is_not_a_space():
    # QUrlQuery keeps '+': unquote, never unquote_plus (docs/reference/qgis.md §3).
    parsed = parse_source("wms", "layers=a+b&url=https://x/?q=1%2B2")
    assert parsed.get("layers") == "a+b"
    assert parsed.get("url") == "https://x/?q=1+2"


def test_repeated_keys_and_bare_keys_kept_in_order():
    src = "crs=EPSG:2154&ignoreUrl=GetMap&ignoreUrl=GetFeatureInfo&layers=A&layers=B&styles&styles=&url=u"
    parsed = parse_source("wms", src)
    assert parsed.get_all("ignoreUrl") == ["GetMap", "GetFeatureInfo"]
    assert parsed.get_all("layers") == ["A", "B"]
    assert [p.value for p in parsed.find("styles")] == [None, ""]
    assert parsed.get("styles") == ""
    assert parsed.encode() == src


def test_changed_value_is_encoded_like_qgis_and_the_rest_is_untouched():
    parsed = parse_source("wms", WMTS_ROW)
    url = parsed.find("url")[0]
    parsed.set_value(url, "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")
    out = parsed.encode()
    assert out.endswith("&url=https://data.geopf.fr/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
    assert out.startswith(WMTS_ROW.split("&url=")[0])  # every other token byte-identical


@pytest.mark.parametrize("raw,encoded", [
    ("a&b", "a%26b"), ("a=b", "a%3Db"), ("{z}", "%7Bz%7D"), ("a b", "a%20b"), ("a#b", "a%23b"),
    ("https://h/p?x;y+z", "https://h/p?x;y+z"), ("é", "%C3%A9"), ("50%", "50%25"),
])
def test_qurlquery_encoding(raw, encoded):
    assert encode_query_value(raw) == encoded


def test_fully_encoded_url_stays_fully_encoded():
    src = "type=xyz&url=https%3A%2F%2Fwxs.ign.fr%2Fk%2Fgeoportail%2Fwmts%3Flayer%3DA%26TileMatrix%3D%7Bz%7D&zmax=19"
    parsed = parse_source("wms", src)
    assert parsed.get("url") == "https://wxs.ign.fr/k/geoportail/wmts?layer=A&TileMatrix={z}"
    parsed.set_value(parsed.find("url")[0], "https://data.geopf.fr/wmts?layer=A&TileMatrix={z}")
    assert parsed.encode() == (
        "type=xyz&url=https%3A%2F%2Fdata.geopf.fr%2Fwmts%3Flayer%3DA%26TileMatrix%3D%7Bz%7D&zmax=19"
    )


def test_same_value_is_not_a_change():
    parsed = parse_source("wms", "styles&url=u")
    assert not parsed.set_value(parsed.find("styles")[0], "")
    assert parsed.encode() == "styles&url=u"


def test_trailing_blank_kept_until_the_last_token_changes():
    src = "crs=EPSG:4326&url=http://wxs.ign.fr/K/inspire/v/wms&username=MonUserNameINSPIRE "
    parsed = parse_source("wms", src)
    assert parsed.get("username") == "MonUserNameINSPIRE"
    assert parsed.encode() == src
    parsed.remove(parsed.find("username")[0])
    assert parsed.encode() == "crs=EPSG:4326&url=http://wxs.ign.fr/K/inspire/v/wms"


def test_removing_the_first_token_keeps_separators_right():
    parsed = parse_source("wms", "password=x&crs=EPSG:2154&url=u")
    parsed.remove(parsed.find("password")[0])
    assert parsed.encode() == "crs=EPSG:2154&url=u"


def test_empty_items_are_kept_but_not_params():
    parsed = parse_source("wms", "a=1&&b=2&")
    assert parsed.items() == [("a", "1"), ("b", "2")]
    assert parsed.encode() == "a=1&&b=2&"


def test_encode_params_builds_a_qgis_uri():
    uri = encode_params([("crs", "EPSG:3857"), ("format", "image/png"), ("layers", "A"),
                         ("styles", "PCI vecteur"), ("tileMatrixSet", "PM_0_19"),
                         ("url", "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")])
    assert uri == ("crs=EPSG:3857&format=image/png&layers=A&styles=PCI%20vecteur&tileMatrixSet=PM_0_19"
                   "&url=https://data.geopf.fr/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
    assert parse_source("wms", uri).get("styles") == "PCI vecteur"


# -- the spaced (WFS) form -----------------------------------------------------------------------
WFS_ROW = next(r["datasource"] for r in ROWS if r["provider"] == "WFS")


def test_wfs_spaced_form_with_duplicated_url():
    parsed = parse_source("WFS", WFS_ROW)
    assert parsed.form == SPACED
    assert WFS_ROW.startswith(" ")
    assert parsed.get("typename") == "BDTOPO_V3:batiment"
    assert parsed.get_all("url") == [
        "https://wxs.ign.fr/choisirgeoportail/geoportail/wfs",
        "https://wxs.ign.fr/choisirgeoportail/geoportail/wfs?VERSION=2.0.0",
    ]
    for p in parsed.find("url"):
        parsed.set_value(p, "https://data.geopf.fr/wfs/ows")
    assert parsed.encode() == WFS_ROW.replace(
        "url='https://wxs.ign.fr/choisirgeoportail/geoportail/wfs?VERSION=2.0.0'",
        "url='https://data.geopf.fr/wfs/ows'").replace(
        "url='https://wxs.ign.fr/choisirgeoportail/geoportail/wfs'", "url='https://data.geopf.fr/wfs/ows'")


def test_spaced_quotes_escapes_unquoted_and_sql():
    src = "authcfg=ab12cd3 typename='a\\'b' url=\"x y\" filter='c\\\\d' junk sql=name = 'x' and y"
    parsed = parse_source("WFS", src)
    assert parsed.get("authcfg") == "ab12cd3"
    assert parsed.get("typename") == "a'b"
    assert parsed.get("url") == "x y"
    assert parsed.get("filter") == "c\\d"
    assert parsed.get("sql") == "name = 'x' and y"
    assert parsed.encode() == src
    parsed.set_value(parsed.find("typename")[0], "it's")
    assert "typename='it\\'s'" in parsed.encode()


# -- the QGIS 1.8 comma form ------------------------------------------------------------------------
def test_comma_form():
    src = "ignoreUrl=GetMap;GetFeatureInfo,tiled=256;256,username=u,password=p ,url=http://wxs.ign.fr/K/geoportail/r/wms?a=1,2"
    assert detect_form("wms", src) == COMMA
    parsed = parse_source("wms", src)
    assert parsed.get("ignoreUrl") == "GetMap;GetFeatureInfo"
    assert parsed.get("password") == "p"
    assert parsed.get("url") == "http://wxs.ign.fr/K/geoportail/r/wms?a=1,2"  # url runs to the end
    assert parsed.encode() == src
    parsed.remove(parsed.find("username")[0])
    parsed.remove(parsed.find("password")[0])
    parsed.set_value(parsed.find("url")[0], "https://data.geopf.fr/wms-r/wms")
    # the blank before ",url" belonged to the password value and went with it
    assert parsed.encode() == "ignoreUrl=GetMap;GetFeatureInfo,tiled=256;256,url=https://data.geopf.fr/wms-r/wms"


def test_hybrid_form():
    src = "IgnoreGetMapUrl=1&username=u,password=p,url=http://wxs.ign.fr/K/geoportail/wmts"
    parsed = parse_source("wms", src)
    assert parsed.form == COMMA
    assert parsed.get("IgnoreGetMapUrl") == "1"
    assert parsed.get("username") == "u"
    assert parsed.encode() == src


# -- bare URLs and GDAL -------------------------------------------------------------------------------
def test_url_form_and_parse_url():
    src = "https://wxs.ign.fr/parcellaire/geoportail/wfs/?SERVICE=WFS&TYPENAMES=A:b&SRSNAME=urn:ogc:def:crs:EPSG::4326"
    assert detect_form("uri-fragment(code)", src) == URL
    assert parse_source("WFS", src).form == URL  # legacy WFS URL form
    url = parse_url(src)
    assert url.host == "wxs.ign.fr" and url.path == "/parcellaire/geoportail/wfs/"
    assert url.query_get("typenames") == "A:b"
    assert url.query_get("srsname") == "urn:ogc:def:crs:EPSG::4326"
    assert url.encode() == src
    item = url.query_find("TYPENAMES")[0]
    url.query_set(item, "C:d e")
    assert url.encode().endswith("TYPENAMES=C:d%20e&SRSNAME=urn:ogc:def:crs:EPSG::4326")


def test_parse_url_details():
    url = parse_url("HTTP://User:Pw@WXS.IGN.FR:8080/a?#frag")
    assert url.host == "wxs.ign.fr" and url.hostport == "wxs.ign.fr:8080"
    assert url.userinfo == "User:Pw"
    assert url.has_query and url.query == [] and url.fragment == "frag"
    assert url.encode() == "HTTP://User:Pw@WXS.IGN.FR:8080/a?#frag"
    assert parse_url("not a url") is None


def _url_items(url):
    return [(p.key, p.value, p.raw, p.sep) for p in url.query]


@pytest.mark.parametrize("query", [
    "apikey=k&SERVICE=WMTS&REQUEST=GetCapabilities",  # the first item goes
    "SERVICE=WMTS&API_KEY=k&REQUEST=GetCapabilities&apikey=j",
    "apikey=k&&api_key=j&REQUEST=GetCapabilities",
    "apikey=k",
    "SERVICE=WMTS",
])
def test_url_copy_drops_like_query_remove_and_leaves_the_original_alone(query):
    text = f"https://wxs.ign.fr/k/geoportail/wmts?{query}#f"
    removed = parse_url(text)
    for key in ("apikey", "api_key"):
        for item in removed.query_find(key):
            removed.query_remove(item)
    original = parse_url(text)
    copy = original.copy(frozenset({"apikey", "api_key"}))
    assert _url_items(copy) == _url_items(removed) and copy.encode() == removed.encode()
    # copy-on-write: changing the copy changes no token of the original
    for key in ("service", "request"):
        item = copy.query_first(key)
        if item is not None:
            assert copy.query_set(item, "X Y") and copy.query_first(key).value == "X Y"
    copy.query_add("VERSION", "1.0.0")
    if copy.query:
        copy.query_remove(copy.query[0])
    assert original.encode() == text and _url_items(original) == _url_items(parse_url(text))


def test_url_query_string_follows_changes():
    url = parse_url("https://h/p?A=1&&b=%3D#x")
    assert url.query_string() == "A=1&&b=%3D"  # as read, byte for byte
    url.query_set(url.query_first("a"), "2 3")
    assert url.query_string() == "A=2%203&&b=%3D"
    url.query_add("c", "&")
    assert url.query_string() == "A=2%203&&b=%3D&c=%26"
    url.query_remove(url.query_first("A"))
    assert url.query_string() == "&b=%3D&c=%26" and url.encode() == "https://h/p?&b=%3D&c=%26#x"


def test_first_and_find_all_read_the_index():
    parsed = parse_source("wms", "layers=a&LAYERS=b&layers=c&styles")
    assert parsed.first("layers").value == "a" and parsed.first("nope") is None
    assert [p.value for p in parsed.find_all("layers", ci=True)] == ["a", "b", "c"]
    assert parsed.first("styles").value is None and parsed.find("nope") == []


def test_gdal_wmts():
    src = 'WMTS:https://wxs.ign.fr/k/geoportail/wmts?SERVICE=WMTS,layer=ORTHOIMAGERY.ORTHOPHOTOS,tilematrixset=PM'
    parsed = parse_source("gdal", src)
    assert parsed.form == GDAL_WMTS
    assert parsed.get("url") == "https://wxs.ign.fr/k/geoportail/wmts?SERVICE=WMTS"
    assert parsed.get("layer") == "ORTHOIMAGERY.ORTHOPHOTOS"
    assert parsed.encode() == src
    parsed.set_value(parsed.find("tilematrixset")[0], "PM_0_21")
    assert parsed.encode().endswith(",tilematrixset=PM_0_21")


def test_detect_form():
    assert detect_form("wms", "crs=a&url=b") == ENCODED
    assert detect_form("vectortile", "type=xyz&url=https://x/{z}") == ENCODED
    assert detect_form("WFS", " url='x' typename='y'") == SPACED
    assert detect_form("", " url='x' typename='y'") == SPACED
    assert detect_form("wms", "username=a,url=http://x") == COMMA
    assert detect_form("gdal", "  wmts:http://x") == GDAL_WMTS
    assert detect_form("wms", " https://x") == URL


# -- properties ------------------------------------------------------------------------------------
ALPHABET = st.characters(blacklist_categories=("Cs",))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120), st.sampled_from([ENCODED, SPACED, COMMA, URL, GDAL_WMTS]))
def test_any_text_round_trips_in_any_form(text, form):
    if form == GDAL_WMTS:
        text = "WMTS:" + text
    assert parse_source("", text, form).encode() == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10)
                          .filter(lambda k: "=" not in k and "&" not in k and "%" not in k),
                          st.text(alphabet=ALPHABET, max_size=30)), max_size=6))
def test_encoded_builder_parses_back_to_the_same_values(items):
    items = [(k, v) for k, v in items if k.strip() == k and k]
    uri = encode_params(items)
    parsed = parse_source("wms", uri, ENCODED)
    # QGIS strips nothing inside values; our parser strips only the string's outer blanks.
    if items:
        assert [k for k, _ in parsed.items()] == [k for k, _ in items]
        assert [v for _, v in parsed.items()][:-1] == [v for _, v in items][:-1]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.booleans())
def test_encoding_matches_urllib_quote(text, fully):
    from urllib.parse import quote, unquote

    expected = quote(text, safe="" if fully else "!$'()*+,;:@/?[]~")
    assert encode_query_value(text, fully) == expected
    assert unquote(encode_query_value(text, fully)) == text
