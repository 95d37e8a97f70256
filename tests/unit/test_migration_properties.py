"""Property-based tests of the engine: never raises, never touches what is not IGN's,
idempotent on anything it migrates."""
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration import rules
from bascule_geoplateforme.core.migration.engine import STATUSES, migrate_source, without_credentials
from bascule_geoplateforme.core.platform.sources import encode_query_value, parse_source

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROVIDERS = st.sampled_from(["wms", "WFS", "wfs", "vectortile", "xyzvectortiles", "gdal", "url", "ogr",
                             "postgres", "wms-connection(xml)", "connections-wms(ini)", "", "memory"])
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
# Fragments that steer random strings towards the parsers' and rules' corners.
FRAGMENTS = st.sampled_from([
    "url=", "&", "=", "'", '"', ",", " ", "%", "%3D", "%26", "%2F", "{z}", "?", "/", "\\", "layers=",
    "styles", "tileMatrixSet=PM", "typename=", "styleUrl=", "WMTS:", "https://", "http://", "HTTP://",
    "wxs.ign.fr", "WXS.IGN.FR", "gpp3-wxs.ign.fr", "wxs-gpu.mongeoportail.ign.fr", "wmts.geopf.fr",
    "data.geopf.fr", "/geoportail/", "/inspire/", "r/wms", "v/wms", "wmts", "wfs", "tms/1.0.0/",
    "/static/vectorTiles/styles/", "username=", "password=", "ORTHOIMAGERY.ORTHOPHOTOS", "PLAN.IGN",
    "GEOGRAPHICALGRIDSYSTEMS.MAPS", "AU.AdministrativeUnit", "REQUEST=GetTile", "TileMatrix=",
    "layer=", "externe/", "@", "#", ":", "sql=", "é", "\n", "\t",
])
JUNK = st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=12).map("".join)
IGN_HOSTS = st.sampled_from(sorted(rules.LEGACY_HOSTS) + ["data.geopf.fr", "WXS.IGN.FR"])


@st.composite
def steered(draw):
    """Junk around a real IGN URL, in any syntax: reaches the rules and the layer logic."""
    url = (draw(st.sampled_from(["https://", "http://", "HTTP://"])) + draw(IGN_HOSTS)
           + draw(st.lists(st.sampled_from(["/k", "/geoportail", "/inspire", "/r", "/v", "/wms", "/wmts",
                                            "/wfs", "/tms/1.0.0", "/PLAN.IGN", "/{z}", "/static",
                                            "/vectorTiles", "/styles", "/externe", "/rok4", "/geoserver",
                                            "/ows", "/x.json", "/"]), max_size=6).map("".join))
           + draw(JUNK))
    if draw(st.booleans()):
        url = encode_query_value(url, fully=draw(st.booleans()))
    head, tail = draw(JUNK), draw(JUNK)
    return draw(st.sampled_from([
        f"{head}&url={url}&{tail}", f"{head}url={url}", f" {head} url='{url}' {tail}",
        f"{head},url={url}", f"WMTS:{url},{tail}", url, f"{head}&styleUrl={url}&url={url}{tail}",
    ]))


STEERED = st.one_of(steered(), st.lists(st.one_of(FRAGMENTS, st.text(max_size=4)), max_size=25).map("".join))


@pytest.fixture(autouse=True)
def production_base(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


@SETTINGS
@given(PROVIDERS, st.one_of(TEXT, STEERED))
def test_never_raises_and_never_needs_the_safety_net(provider, source):
    result = migrate_source(provider, source)
    assert result.status in STATUSES
    assert isinstance(result.new_source, str)
    assert all(m.code != "internal_error" for m in result.messages), result.messages
    if result.status in ("unchanged", "current"):
        assert result.new_source == source
    if result.status in ("withdrawn", "unsupported"):  # only the dead credentials go
        assert result.new_source == without_credentials(provider, source)[0]


@SETTINGS
@given(PROVIDERS, STEERED)
def test_whatever_it_migrates_is_stable(provider, source):
    result = migrate_source(provider, source)
    if result.status in ("migrated", "renamed", "needs_key"):
        again = migrate_source(provider, result.new_source)
        assert again.status == "current", (source, result.new_source, again.messages)
        assert again.new_source == result.new_source


@SETTINGS
@given(PROVIDERS, STEERED, st.sampled_from(["http://127.0.0.1:8765", "http://127.0.0.1:8765/gpf/",
                                            "http://[::1]:8080", "http://mirror.example/gpf"]))
def test_whatever_it_migrates_is_stable_under_a_base_url_override(provider, source, base):
    # The loopback server of the QGIS tests is a host:port base; QGIS may write the new url=
    # fully percent-encoded, so ":8765" reads "%3A8765" in the migrated source.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(endpoints.ENV_BASE_URL, base)
        result = migrate_source(provider, source)
        if result.status in ("migrated", "renamed", "needs_key"):
            again = migrate_source(provider, result.new_source)
            assert again.status == "current", (source, result.new_source, again.messages)
            assert again.new_source == result.new_source


# -- plausible sources on random hosts -----------------------------------------------------------------
LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12).filter(
    lambda s: not s.startswith("-") and not s.endswith("-"))
HOST = st.builds(lambda labels, tld: ".".join(labels + [tld]), st.lists(LABEL, min_size=1, max_size=3),
                 st.sampled_from(["fr", "com", "org", "net", "io", "ign.fr", "geopf.fr", "gouv.fr"]))
PATH = st.lists(st.sampled_from(["wmts", "wms", "r", "v", "geoportail", "inspire", "wfs", "ows", "tms",
                                 "1.0.0", "{z}", "{x}", "{y}.pbf", "static", "k"]) | LABEL,
                max_size=5).map(lambda parts: "/" + "/".join(parts))
QUERY = st.lists(st.tuples(st.sampled_from(["SERVICE", "REQUEST", "VERSION", "layer", "TileMatrix", "x"]),
                           LABEL), max_size=4).map(lambda items: "&".join(f"{k}={v}" for k, v in items))


def not_ign(host):
    return not rules.HINT.search(host)


@st.composite
def foreign_sources(draw):
    host = draw(HOST.filter(not_ign))
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    url = f"{scheme}://{host}{draw(PATH)}"
    query = draw(QUERY)
    if query:
        url += "?" + query
    form = draw(st.sampled_from(["wms", "wmts", "xyz", "vectortile", "WFS", "url", "comma", "gdal"]))
    if form == "wms":
        return "wms", f"crs=EPSG:2154&format=image/png&layers={draw(LABEL)}&styles&url={encode_query_value(url)}"
    if form == "wmts":
        return "wms", (f"crs=EPSG:3857&format=image/png&layers={draw(LABEL)}&styles=normal&tileMatrixSet=PM"
                       f"&url={encode_query_value(url)}")
    if form == "xyz":
        return "wms", f"type=xyz&url={encode_query_value(url)}&zmax=19&zmin=0"
    if form == "vectortile":
        return "vectortile", f"styleUrl={url}/style.json&type=xyz&url={encode_query_value(url)}"
    if form == "WFS":
        return "WFS", f" srsname='EPSG:2154' typename='{draw(LABEL)}:x' url='{url}' version='auto'"
    if form == "comma":
        return "wms", f"ignoreUrl=GetMap;GetFeatureInfo,username=u,password=p,url={url}"
    if form == "gdal":
        return "gdal", f"WMTS:{url},layer={draw(LABEL)}"
    return "url", url


@SETTINGS
@given(foreign_sources())
def test_non_ign_sources_are_never_altered(case):
    provider, source = case
    result = migrate_source(provider, source)
    assert result.status == "unchanged"
    assert result.new_source is source


# -- legacy sources with random keys, cases and forms ------------------------------------------------------
KEY = st.one_of(
    st.sampled_from(["essentiels", "choisirgeoportail", "pratique", "MaCleGEOPORTAIL", "cartes", "ortho"]),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=24, max_size=24),
)
LEGACY_HOST = st.sampled_from(["wxs.ign.fr", "gpp3-wxs.ign.fr", "wxs-i.ign.fr", "wxs-pgie.ign.fr"])
LAYERS = st.sampled_from([
    ("wmts", "ORTHOIMAGERY.ORTHOPHOTOS", "normal"), ("wmts", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "normal"),
    ("wmts", "PROTECTEDAREAS.ZPS", "normal"), ("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", "normal"),
    ("wmts", "PLAN.IGN", ""), ("wmts", "UNKNOWN.LAYER", "normal"),
    ("r/wms", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", ""), ("r/wms", "FORETS.PUBLIQUES", "FORETS PUBLIQUES ONF"),
    ("v/wms", "ORTHOIMAGERY.ORTHOPHOTOS.GRAPHE-MOSAIQUAGE", ""), ("r/wms", "SCAN100_PYR-JPEG_WLD_WM", ""),
])


def case_variants(text, flags):
    return "".join(c.upper() if f else c for c, f in zip(text, flags))


@st.composite
def legacy_sources(draw):
    service, layer, style = draw(LAYERS)
    host = draw(LEGACY_HOST)
    host = case_variants(host, draw(st.lists(st.booleans(), min_size=len(host), max_size=len(host))))
    scheme = draw(st.sampled_from(["http", "https", "HTTP"]))
    context = draw(st.sampled_from(["/geoportail", ""]))
    url = f"{scheme}://{host}/{draw(KEY)}{context}/{service}"
    if service == "wmts":
        url += draw(st.sampled_from(["", "?SERVICE=WMTS&REQUEST=GetCapabilities", "?SERVICE=WMTS"]))
        src = (f"crs=EPSG:3857&format=image/jpeg&layers={layer}&styles={encode_query_value(style)}"
               f"&tileMatrixSet=PM&url={encode_query_value(url)}")
    else:
        url += draw(st.sampled_from(["", "?VERSION=1.3.0", "?SERVICE=WMS&VERSION=1.1.1"]))
        src = (f"crs=EPSG:2154&format=image/png&layers={layer}&styles={encode_query_value(style)}"
               f"&url={encode_query_value(url)}")
    if draw(st.booleans()):
        src += "&username=MonUserNameGEOPORTAIL&password=MonMotDePasse"
    return src


@SETTINGS
@given(legacy_sources())
def test_legacy_sources(source):
    result = migrate_source("wms", source)
    assert result.status in ("migrated", "renamed", "needs_key", "withdrawn")
    if result.status == "withdrawn":
        assert result.new_source == without_credentials("wms", source)[0]
        assert "username=" not in result.new_source and "password=" not in result.new_source
        return
    parsed = dict(parse_source("wms", result.new_source).items())
    assert rules.recognise(parsed["url"]) is rules.CURRENT
    assert parsed["url"].startswith("https://data.geopf.fr/")
    assert "username" not in parsed and "password" not in parsed
    assert ("/private/" in parsed["url"]) == (result.status == "needs_key")
    again = migrate_source("wms", result.new_source)
    assert again.status == "current" and again.new_source == result.new_source


@SETTINGS
@given(st.sampled_from(["data.geopf.fr", "DATA.geopf.FR", "data-qua.priv.geopf.fr"]), PATH, QUERY, PROVIDERS)
def test_geoplateforme_sources_are_current_and_untouched(host, path, query, provider):
    url = f"https://{host}{path}" + (f"?{query}" if query else "")
    for source in (url, f"layers=A&styles&url={encode_query_value(url)}&username=x",
                   f" typename='a:b' url='{url}' version='auto'"):
        result = migrate_source(provider, source)
        assume(result.status != "unchanged")  # a form this provider does not read as a URL source
        assert result.status == "current" and result.new_source is source
