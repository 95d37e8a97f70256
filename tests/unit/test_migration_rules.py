"""core/migration/rules.py (URL recognition) and the generated tables."""
import json
import pathlib
import subprocess
import sys

import ign_config
import pytest

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from bascule_geoplateforme.core.migration import rules
from bascule_geoplateforme.core.migration.tables import load_tables

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def production_base(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


@pytest.mark.parametrize("url,service,key,endpoint", [
    ("https://wxs.ign.fr/essentiels/geoportail/wmts", WMTS, "essentiels", "https://data.geopf.fr/wmts"),
    ("http://gpp3-wxs.ign.fr/MaCleGEOPORTAIL/geoportail/wmts?SERVICE=WMTS", WMTS, "MaCleGEOPORTAIL",
     "https://data.geopf.fr/wmts"),
    ("https://wxs-i.ign.fr/0123456789abcdefghijklmn/geoportail/r/wms", WMS_RASTER,
     "0123456789abcdefghijklmn", "https://data.geopf.fr/wms-r/wms"),
    ("https://wxs-pgie.ign.fr/k/geoportail/wmts", WMTS, "k", "https://data.geopf.fr/wmts"),
    ("HTTPS://WXS.IGN.FR/Cartes/GEOPORTAIL/V/WMS", WMS_VECTOR, "Cartes", "https://data.geopf.fr/wms-v/ows"),
    ("https://wxs.ign.fr/choisirgeoportail/geoportail/wfs?VERSION=2.0.0", WFS, "choisirgeoportail",
     "https://data.geopf.fr/wfs/ows"),
    ("https://wxs.ign.fr/parcellaire/geoportail/wfs/", WFS, "parcellaire", "https://data.geopf.fr/wfs/ows"),
    ("https://wxs.ign.fr/cartes/wmts", WMTS, "cartes", "https://data.geopf.fr/wmts"),  # no /geoportail/
    ("http://wxs.ign.fr/geoportail/wmts?", WMTS, None, "https://data.geopf.fr/wmts"),  # no key
    ("https://wxs.ign.fr/k/edugeo/wmts", WMTS, "k", "https://data.geopf.fr/wmts"),
    ("https://wxs.ign.fr/essentiels/geoportail/tms/1.0.0/PLAN.IGN/{z}/{x}/{y}.pbf", TMS, "essentiels",
     "https://data.geopf.fr/tms/1.0.0/PLAN.IGN/{z}/{x}/{y}.pbf"),
    ("https://wxs.ign.fr/essentiels/geoportail/tms/1.0.0/PLAN.IGN/metadata.json", TMS, "essentiels",
     "https://data.geopf.fr/tms/1.0.0/PLAN.IGN/metadata.json"),
    ("https://wxs.ign.fr/essentiels/geoportail/tms/1.0.0/", TMS, "essentiels", "https://data.geopf.fr/tms/1.0.0/"),
    ("https://wxs.ign.fr/MaCleINSPIRE/inspire/wmts", WMTS, "MaCleINSPIRE", "https://data.geopf.fr/wmts"),
])
def test_wxs_services(url, service, key, endpoint):
    legacy = rules.recognise(url)
    assert isinstance(legacy, rules.LegacyUrl)
    assert legacy.service == service
    assert legacy.key == key
    assert legacy.endpoint() == endpoint


@pytest.mark.parametrize("url,rule", [
    ("http://wxs.ign.fr/MaCleINSPIRE/inspire/r/wms", "inspire-wms-raster"),
    ("http://wxs.ign.fr/inspire/inspire/v/wms", "inspire-wms-vector"),
    ("https://wxs.ign.fr/inspire/r/wms", "inspire-wms-raster"),  # 'inspire' as the context
])
def test_inspire_wms_is_chosen_per_layer(url, rule):
    legacy = rules.recognise(url)
    assert legacy.service == rules.INSPIRE_WMS and legacy.rule.name == rule
    assert legacy.context == "inspire"
    # the endpoint comes from the layer: both services are possible
    assert legacy.endpoint(WMS_RASTER) == "https://data.geopf.fr/wms-r/wms"
    assert legacy.endpoint(WMS_VECTOR) == "https://data.geopf.fr/wms-v/ows"


def test_inspire_key_with_geoportail_context_is_a_geoportail_service():
    legacy = rules.recognise("https://wxs.ign.fr/choisirinspire/geoportail/v/wms")
    assert legacy.service == WMS_VECTOR and legacy.key == "choisirinspire"


def test_restricted_endpoints():
    legacy = rules.recognise("https://wxs.ign.fr/k/geoportail/wmts")
    assert legacy.endpoint(WMTS, restricted=True) == "https://data.geopf.fr/private/wmts"
    legacy = rules.recognise("https://wxs.ign.fr/k/geoportail/r/wms")
    assert legacy.endpoint(WMS_RASTER, restricted=True) == "https://data.geopf.fr/private/wms-r"


@pytest.mark.parametrize("url,service,endpoint", [
    ("https://wmts.geopf.fr/rok4/wmts?SERVICE=WMTS", WMTS, "https://data.geopf.fr/wmts"),
    ("https://wms-r.geopf.fr/rok4/wms", WMS_RASTER, "https://data.geopf.fr/wms-r/wms"),
    ("https://wms-v.geopf.fr/geoserver/ows", WMS_VECTOR, "https://data.geopf.fr/wms-v/ows"),
    ("https://wfs.geopf.fr/geoserver/ows", WFS, "https://data.geopf.fr/wfs/ows"),
    ("https://wmts.geopf.fr/rok4/tms/1.0.0/PLAN.IGN/{z}/{x}/{y}.pbf", TMS,
     "https://data.geopf.fr/tms/1.0.0/PLAN.IGN/{z}/{x}/{y}.pbf"),
    ("https://telechargement.geopf.fr/capabilities", rules.DOWNLOAD,
     "https://data.geopf.fr/telechargement/capabilities"),
])
def test_beta_hosts(url, service, endpoint):
    legacy = rules.recognise(url)
    assert legacy.service == service and legacy.rule.name.startswith("beta-")
    assert legacy.endpoint() == endpoint


def test_urbanism_host():
    legacy = rules.recognise("https://wxs-gpu.mongeoportail.ign.fr/externe/39wtxmgtn23okfbbs1al2lz3/wfs/v?")
    assert legacy.service == WFS and legacy.key == "39wtxmgtn23okfbbs1al2lz3"
    assert legacy.endpoint() == "https://data.geopf.fr/wfs/ows"
    legacy = rules.recognise("https://wxs-gpu.mongeoportail.ign.fr/externe/k/wms/v")
    assert legacy.service == WMS_VECTOR


def test_old_vector_tiles_host():
    legacy = rules.recognise("https://vectortiles.ign.fr/rok4server/1.0.0/PLAN.IGN/metadata.json")
    assert legacy.service == TMS
    assert legacy.endpoint() == "https://data.geopf.fr/tms/1.0.0/PLAN.IGN/metadata.json"


@pytest.mark.parametrize("url,service,endpoint", [
    ("https://wxs.ign.fr/static/legends/LEGEND.jpg", rules.STATIC_LEGEND,
     "https://data.geopf.fr/annexes/ressources/legendes/LEGEND.jpg"),
    ("https://wxs.ign.fr/static/vectorTiles/fonts/Source Sans Pro/0-255.pbf", rules.STATIC_FONTS,
     "https://data.geopf.fr/annexes/ressources/vectorTiles/fonts/Source Sans Pro/0-255.pbf"),
    ("https://wxs.ign.fr/static/vectorTiles/styles/PLAN.IGN/essentiels/standard.json", rules.STATIC_STYLE,
     "https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/essentiels/standard.json"),
    ("https://wxs.ign.fr/catalogue/geoportail/csw", rules.CSW, "https://data.geopf.fr/csw"),
])
def test_static_files_and_catalogue(url, service, endpoint):
    legacy = rules.recognise(url)
    assert legacy.service == service
    assert legacy.endpoint() == endpoint


@pytest.mark.parametrize("url", [
    "https://wxs.ign.fr/k/inspire/wfs",  # no INSPIRE-schema feature type any more
    "https://wxs.ign.fr/k/alti/rest/elevation.json",
    "https://wxs.ign.fr/k/geoportail/ols",
    "https://wxs.ign.fr/calcul/geoportail/geocodage/rest/0.1/search",
    "https://wxs.ign.fr/k/autoconf",
    "https://wxs.ign.fr/k/telechargement/prepackage/X$Y/file/Z.7z",
    "https://wxs.ign.fr/k/something/else",  # legacy host, unknown path
])
def test_legacy_without_equivalent_is_unsupported(url):
    legacy = rules.recognise(url)
    assert isinstance(legacy, rules.LegacyUrl) and legacy.service == rules.UNSUPPORTED


@pytest.mark.parametrize("url", [
    "https://data.geopf.fr/wmts?SERVICE=WMTS",
    "https://DATA.GEOPF.FR/private/wms-r",
    "https://data-qua.priv.geopf.fr/sandbox/wfs?VERSION=2.0.0",
])
def test_geoplateforme_is_current(url):
    assert rules.recognise(url) is rules.CURRENT


@pytest.mark.parametrize("url", [
    "https://example.com/wxs.ign.fr/k/geoportail/wmts",
    "https://espacecollaboratif.ign.fr/gcms/wfs",
    "https://sso.geopf.fr/realms/geoplateforme",
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "file:///tmp/wxs.ign.fr.gpkg",
    "not a url", "", None,
])
def test_not_ours(url):
    assert rules.recognise(url) is None


def test_base_url_override(monkeypatch):
    monkeypatch.setenv(endpoints.ENV_BASE_URL, "http://127.0.0.1:8765/")
    legacy = rules.recognise("https://wxs.ign.fr/k/geoportail/wmts")
    assert legacy.endpoint() == "http://127.0.0.1:8765/wmts"
    assert legacy.endpoint(WMTS, restricted=True) == "http://127.0.0.1:8765/private/wmts"
    assert rules.recognise("http://127.0.0.1:8765/wmts?SERVICE=WMTS") is rules.CURRENT
    assert rules.recognise("http://127.0.0.1:9999/wmts") is None  # another port is not ours
    assert rules.recognise("https://data.geopf.fr/wmts") is rules.CURRENT
    static = rules.recognise("https://wxs.ign.fr/static/legends/LEGEND.jpg")
    assert static.endpoint() == "http://127.0.0.1:8765/annexes/ressources/legendes/LEGEND.jpg"


def test_hint_covers_every_legacy_and_current_host():
    for host in rules.LEGACY_HOSTS | {"data.geopf.fr", "data-qua.priv.geopf.fr"}:
        assert rules.HINT.search(host.upper())


def test_registry_one_rule_per_service():
    names = [r.name for r in rules.WXS_RULES]
    assert len(names) == len(set(names))
    for host in rules.LEGACY_HOSTS:
        assert host in rules.RULES_BY_HOST


# -- the generated tables ---------------------------------------------------------------------------
def test_tables_are_up_to_date():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_migration_tables.py"), "--check"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_manual_row_names_its_source():
    manual = json.loads((ROOT / "scripts" / "manual_renames.json").read_text(encoding="utf-8"))
    for row in manual["rows"]:
        assert row.get("source"), row
        assert row["service"] in ("wmts", "wms-r", "wms-v", "wfs", "tms", "inspire", "static-style")


def test_every_table_row_names_its_source():
    generated = json.loads((ROOT / "resources" / "migration" / "rules.json").read_text(encoding="utf-8"))
    for service, rows in generated.items():
        if service.startswith("_") or service == "wildcards":
            continue
        for name, row in rows.items():
            assert row.get("source"), (service, name)


@pytest.mark.parametrize("service,name,field,value", [
    ("wmts", "GEOGRAPHICALGRIDSYSTEMS.PLANIGN", "rename", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"),
    ("wms-v", "BDGEODESIQUE-RGP_BDD-POI_WLD", "rename", "IGNF_GEODESIE-RGP"),
    ("wms-r", "FORETS.PUBLIQUES", "moved_to", "wms-v"),
    ("wmts", "PROTECTEDAREAS.ZPS", "styles", {"normal": "PROTECTEDAREAS.ZPS"}),
    ("wms-r", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "styles", {"GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2": "normal"}),
    ("wmts", "ORTHOIMAGERY.ORTHOPHOTOS.1980-1995", "styles", {"normal": "BDORTHOHISTORIQUE"}),
    ("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", "restricted", True),
    ("wms-r", "SCAN25TOUR_PYR-JPEG_WLD_WM", "restricted", True),
    ("wmts", "PLAN.IGN", "vector_only", True),
    ("wmts", "OCSGE_2019", "suggestion", {"service": "tms", "name": "OCSGE_2019"}),
    ("wmts", "ORTHOIMAGERY.ORTHOPHOTOS.ORTHO-EXPRESS.2022", "absent", True),
    ("inspire", "AU.AdministrativeUnit", "moved_to", "wms-v"),
    ("inspire", "CP.CadastralParcel", "style", "inspire_common:DEFAULT"),
    ("inspire", "US.UtilityAndGovernmentalServices", "absent", True),
    ("wfs", "BDGEODESIQUE:rgp", "rename", "IGNF_GEODESIE:rgp"),
    ("wfs", "BDCARTO_BDD_WLD_WGS84G:commune", "withdrawn", True),  # through the wildcard
    ("tms", "ISOHYPSE", "styles", {"isohypse_marron": "isohypse_monochrome_marron",
                                   "isohypse_orange": "isohypse_monochrome_orange"}),
])
def test_table_facts(service, name, field, value):
    assert load_tables().rule(service, name)[field] == value


def test_current_tables_know_the_restricted_scan_layers():
    tables = load_tables()
    assert tables.served("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS")["tms"] == ["PM_0_18"]
    assert tables.served("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS")["restricted"] is True
    assert tables.served("wmts", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")["tms"] == ["PM_0_19"]


def test_every_rename_leads_to_a_layer_the_geoplateforme_serves():
    """The hand-written renames against IGN's own configuration: the new name is served, the
    old one no longer is."""
    current = ign_config.current_layer_names()
    generated = json.loads((ROOT / "resources" / "migration" / "rules.json").read_text(encoding="utf-8"))
    checked = 0
    for service in ("wmts", "wms-r", "wms-v", "wfs"):
        for old, row in generated[service].items():
            if "rename" in row:
                assert row["rename"] in current[service], (service, old, row["rename"])
                assert old not in current[service], (service, old)
                checked += 1
    assert checked >= 10
