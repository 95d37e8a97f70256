"""One reading of a layer (core/migration/layer_xml.py), the QGIS 1.8 form, the comma form in
any order, layers named in a legacy URL's query, the WMS-R layer limit and dead credentials."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration.engine import migrate_source
from bascule_geoplateforme.core.migration.layer_xml import (
    converted_source,
    migrate_layer,
    read_layer,
    read_layer_text,
)
from bascule_geoplateforme.core.migration.project_file import migrate_project_file
from bascule_geoplateforme.core.platform.sources import parse_source, parse_url

DATA = Path(__file__).resolve().parents[1] / "data"
QGIS18 = DATA / "built" / "qgis18_geoportail_wms.qgs"
OLD_WMS = "http://wxs.ign.fr/MaCleGEOPORTAIL/geoportail/r/wms"


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


def codes(result):
    return [m.code for m in result.messages]


def items(source, provider="wms"):
    parsed = parse_source(provider, source)
    found = {}
    for key, value in parsed.items():
        found.setdefault(key, []).append(value)
    return found


# -- the QGIS 1.8 project, on disk ---------------------------------------------------------
EXPECTED_18 = {
    "ORTHO20130101120000000": "migrated",
    "PLANIGN20130101120000001": "renamed",
    "BDPARCEL20130101120000002": "withdrawn",
    "OCSGE20130101120000003": "withdrawn",
    "TROIS20130101120000004": "migrated",
    "AUTRE20130101120000005": "unchanged",
}


def test_qgis18_project_migrated_on_disk(tmp_path):
    path = tmp_path / QGIS18.name
    shutil.copyfile(QGIS18, path)
    before = path.read_bytes()
    report = migrate_project_file(path, backup=False)
    assert {d.layer_id: d.status for d in report.decisions} == EXPECTED_18
    after = path.read_bytes()
    text = after.decode("utf-8")
    # No dead credential left in an IGN layer; the non-IGN server keeps its own.
    assert "MonMotDePasse" not in text and "MonLogin" not in text
    assert "password=SecretRegional ,url=http://geo.example.org/cgi-bin/wms" in text
    # The file differs from the original only inside the sources the report lists.
    restored = text
    for decision in report.decisions:
        if decision.old != decision.new:
            restored = restored.replace(f"<datasource>{_esc(decision.new)}</datasource>",
                                        f"<datasource>{_esc(decision.old)}</datasource>", 1)
    assert restored.encode("utf-8") == before

    root = etree.fromstring(after)
    layers = {m.findtext("id"): m.findtext("datasource") for m in root.iter("maplayer")}
    # A rewritten 1.8 layer: the names, styles and format in the form current QGIS reads.
    ortho = items(layers["ORTHO20130101120000000"])
    assert ortho["layers"] == ["ORTHOIMAGERY.ORTHOPHOTOS"] and ortho["styles"] == ["normal"]
    assert ortho["format"] == ["image/jpeg"] and ortho["crs"] == ["EPSG:2154"]
    assert ortho["url"] == ["https://data.geopf.fr/wms-r/wms"]
    assert ortho["IgnoreGetMapUrl"] == ["1"] and ortho["maxWidth"] == ["400"]
    assert "username" not in ortho and "password" not in ortho
    plan = items(layers["PLANIGN20130101120000001"])
    assert plan["layers"] == ["GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"] and plan["featureCount"] == ["10"]
    # Withdrawn: left as is, in the comma form, but for the dead credentials.
    assert layers["BDPARCEL20130101120000002"] == f"ignoreUrl=GetMap;GetFeatureInfo,url={OLD_WMS}"
    assert layers["OCSGE20130101120000003"] == f"url={OLD_WMS}"
    by_id = {d.layer_id: d for d in report.decisions}
    assert "credentials_dropped" in [m.code for m in by_id["OCSGE20130101120000003"].messages]
    assert by_id["BDPARCEL20130101120000002"].migration.suggestion["name"] == "CADASTRALPARCELS.PARCELS"
    # Three layers in one WMS-R source: reported, not split, on the file path.
    trois = by_id["TROIS20130101120000004"]
    assert "wms_layer_limit" in [m.code for m in trois.messages]
    assert items(trois.new)["layers"] == ["ORTHOIMAGERY.ORTHOPHOTOS", "CADASTRALPARCELS.PARCELS",
                                          "LIMITES_ADMINISTRATIVES_EXPRESS.LATEST"]
    # A second run: nothing left to do.
    again = migrate_project_file(path, dry_run=True)
    assert {d.status for d in again.decisions if d.layer_id in ("ORTHO20130101120000000",
                                                                 "TROIS20130101120000004")} == {"current"}


def _esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_qgis18_layers_that_share_one_source_get_their_own_decision(tmp_path):
    """Layers of one server share one comma source: the decision is the layer's, not the
    text's (a withdrawn layer is not rewritten because another with its source is)."""
    xml = QGIS18.read_text(encoding="utf-8").replace(
        "username=MonLogin,url=http://wxs.ign.fr/MaCleGEOPORTAIL/geoportail/r/wms,password=MonMotDePasse",
        "ignoreUrl=GetMap;GetFeatureInfo,username=MonLogin,password=MonMotDePasse ,url="
        "http://wxs.ign.fr/MaCleGEOPORTAIL/geoportail/r/wms")
    path = tmp_path / "shared.qgs"
    path.write_text(xml, encoding="utf-8")
    report = migrate_project_file(path, backup=False)
    statuses = {d.layer_id: d.status for d in report.decisions}
    assert statuses["OCSGE20130101120000003"] == "withdrawn"
    assert statuses["BDPARCEL20130101120000002"] == "withdrawn"
    root = etree.parse(str(path)).getroot()
    sources = {m.findtext("id"): m.findtext("datasource") for m in root.iter("maplayer")}
    assert sources["OCSGE20130101120000003"] == sources["BDPARCEL20130101120000002"] == (
        f"ignoreUrl=GetMap;GetFeatureInfo,url={OLD_WMS}")
    assert "data.geopf.fr" in sources["TROIS20130101120000004"]


def test_reading_from_text_equals_reading_from_the_file():
    """``originalXmlProperties()`` holds the <maplayer> as text: the same reading."""
    root = etree.parse(str(QGIS18)).getroot()
    for maplayer in root.iter("maplayer"):
        from_tree = read_layer(maplayer)
        text = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>" + etree.tostring(
            maplayer, encoding="unicode")
        from_text = read_layer_text(text)
        assert from_text == from_tree
        assert migrate_layer(from_text).new_source == migrate_layer(from_tree).new_source


def test_3x_layers_read_as_written():
    xml = ('<maplayer type="vector-tile"><id>vt</id><layername>Plan</layername>'
           "<datasource>styleUrl=https://wxs.ign.fr/static/vectorTiles/styles/PLAN.IGN/standard.json"
           "&amp;type=xyz&amp;url=https://wxs.ign.fr/essentiels/geoportail/tms/1.0.0/PLAN.IGN/{z}/{x}/{y}.pbf"
           "</datasource></maplayer>")
    reading = read_layer_text(xml)
    assert reading.provider == "vectortile" and not reading.old_form
    assert migrate_layer(reading).status == migrate_source("vectortile", reading.datasource).status
    wfs = ('<maplayer type="vector"><id>w</id><provider>WFS</provider><datasource> typename=\'BDTOPO_V3:batiment\''
           " url='https://wxs.ign.fr/topographie/geoportail/wfs' version='auto'</datasource></maplayer>")
    reading = read_layer_text(wfs)
    assert reading.provider == "WFS" and not reading.old_form
    assert migrate_layer(reading).new_source == migrate_source("WFS", reading.datasource).new_source
    assert read_layer_text("<not xml") is None and read_layer_text("") is None


def test_a_3x_wms_source_without_crs_is_read_as_written():
    source = "layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=&url=https://wxs.ign.fr/k/geoportail/r/wms"
    xml = (f'<maplayer type="raster"><id>a</id><provider>wms</provider><datasource>{_esc(source)}'
           "</datasource><rasterproperties/></maplayer>")
    reading = read_layer_text(xml)
    assert not reading.old_form
    assert migrate_layer(reading).new_source == migrate_source("wms", source).new_source


def test_converted_source_of_an_http_only_datasource():
    xml = ('<maplayer type="raster"><id>a</id><provider>wms</provider>'
           f"<datasource>{OLD_WMS}</datasource><srs><spatialrefsys><authid>EPSG:3857</authid>"
           "</spatialrefsys></srs><rasterproperties><wmsSublayer><name>ORTHOIMAGERY.ORTHOPHOTOS</name>"
           "<style>normal</style></wmsSublayer><wmsFormat>image/png</wmsFormat></rasterproperties></maplayer>")
    reading = read_layer_text(xml)
    assert reading.old_form
    assert items(converted_source(reading))["url"] == [OLD_WMS]
    assert migrate_layer(reading).status == "migrated"


# -- the comma form in any order ----------------------------------------------------------------
@pytest.mark.parametrize("source", [
    f"ignoreUrl=GetMap;GetFeatureInfo,featureCount=10,username=u,password=p,url={OLD_WMS}",
    f"url={OLD_WMS},ignoreUrl=GetMap;GetFeatureInfo,featureCount=10,username=u,password=p",
    f"username=u,url={OLD_WMS},password=p,ignoreUrl=GetMap;GetFeatureInfo,featureCount=10",
    f"featureCount=10 , url={OLD_WMS} ,username=u,password=p ,ignoreUrl=GetMap;GetFeatureInfo",
])
def test_comma_form_in_any_order(source):
    result = migrate_source("wms", source)
    assert result.status == "migrated", codes(result)
    parsed = parse_source("wms", result.new_source)
    assert parsed.form == "comma"
    found = dict(parsed.items())
    assert found["url"] == "https://data.geopf.fr/wms-r/wms"
    assert found["featureCount"] == "10" and found["ignoreUrl"] == "GetMap;GetFeatureInfo"
    assert "username" not in found and "password" not in found
    assert "credentials_dropped" in codes(result)
    # Everything the migration did not touch is written back as it was.
    assert parse_source("wms", source).encode() == source


def test_comma_url_keeps_its_own_commas():
    source = "username=u,url=http://wxs.ign.fr/MaCle/geoportail/r/wms?a=1,2,password=p"
    url = dict(parse_source("wms", source).items())["url"]
    assert url == "http://wxs.ign.fr/MaCle/geoportail/r/wms?a=1,2"


# -- a layer named in a legacy URL's own query -------------------------------------------------
def test_layers_in_the_legacy_wms_query_are_renamed():
    url = OLD_WMS + "?SERVICE=WMS&LAYERS=GEOGRAPHICALGRIDSYSTEMS.PLANIGN&STYLES=normal"
    result = migrate_source("url", url)
    assert result.status == "renamed", codes(result)
    query = parse_url(result.new_source)
    assert query.query_get("layers") == "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
    assert query.query_get("styles") == "normal" and query.query_get("service") == "WMS"
    assert result.new_source.startswith("https://data.geopf.fr/wms-r/wms?")


def test_lowercase_layer_in_a_wms_url_inside_a_source():
    inner = OLD_WMS + "?layer=GEOGRAPHICALGRIDSYSTEMS.PLANIGN"
    source = "crs=EPSG:3857&format=image/png&styles=&url=" + inner.replace("?", "%3F").replace("=", "%3D")
    result = migrate_source("wms", source)
    assert result.status == "renamed"
    assert parse_url(items(result.new_source)["url"][0]).query_get("layer") == "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"


def test_layer_and_tile_matrix_set_in_a_wmts_gettile_template():
    template = ("https://wxs.ign.fr/essentiels/geoportail/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGN&STYLE=normal&TILEMATRIXSET=PM"
                "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&FORMAT=image/png")
    result = migrate_source("wms", "type=xyz&url=" + template.replace("&", "%26").replace("=", "%3D")
                            .replace("?", "%3F"))
    assert result.status == "renamed", codes(result)
    new = parse_url(items(result.new_source)["url"][0])
    assert new.query_get("layer") == "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
    assert new.query_get("tilematrixset") == "PM_0_19"


# -- the WMS-R layer limit ------------------------------------------------------------------------
def test_three_layers_on_wms_r_reported_two_not():
    three = ("crs=EPSG:3857&format=image/png&layers=ORTHOIMAGERY.ORTHOPHOTOS&layers=CADASTRALPARCELS.PARCELS"
             "&layers=LIMITES_ADMINISTRATIVES_EXPRESS.LATEST&styles=&styles=&styles=&url=" + OLD_WMS)
    assert "wms_layer_limit" in codes(migrate_source("wms", three))
    comma_list = three.replace("&layers=CADASTRALPARCELS.PARCELS&layers=", ",CADASTRALPARCELS.PARCELS,")
    comma_list = comma_list.replace("layers=ORTHOIMAGERY.ORTHOPHOTOS,", "layers=ORTHOIMAGERY.ORTHOPHOTOS,")
    assert "wms_layer_limit" in codes(migrate_source("wms", comma_list))
    two = three.replace("&layers=LIMITES_ADMINISTRATIVES_EXPRESS.LATEST", "").replace("&styles=&styles=&styles=",
                                                                                    "&styles=&styles=")
    assert "wms_layer_limit" not in codes(migrate_source("wms", two))
    # The limit is in force on WMS-R only (suspended for WMS-V).
    vector = ("crs=EPSG:3857&format=image/png&layers=BDCARTO_BDD_WLD_WGS84G&layers=ADMINEXPRESS-COG.LATEST"
              "&layers=BDTOPO-GEOPO-BATI_WLD_WGS84G&styles=&styles=&styles=&url=https://wxs.ign.fr/k/geoportail/v/wms")
    assert "wms_layer_limit" not in codes(migrate_source("wms", vector))


# -- dead credentials ------------------------------------------------------------------------------
@pytest.mark.parametrize("provider, source, status", [
    ("wms", "crs=EPSG:3857&format=image/png&layers=BDPARCEL_PYR-PNG_WLD&styles=&username=MonLogin"
            "&password=MonMotDePasse&url=http%3A%2F%2Fwxs.ign.fr%2Fk%2Fgeoportail%2Fr%2Fwms", "withdrawn"),
    ("wms", f"username=MonLogin,password=MonMotDePasse,url={OLD_WMS.replace('/r/wms', '/ols')}", "unsupported"),
    ("WFS", " password='MonMotDePasse' typename='BDGEODESIQUE:site' url='https://wxs.ign.fr/k/geoportail/wfs'"
            " username='MonLogin' version='auto'", "withdrawn"),
])
def test_dead_credentials_removed_from_sources_left_as_is(provider, source, status):
    result = migrate_source(provider, source)
    assert result.status == status, codes(result)
    assert "MonMotDePasse" not in result.new_source and "MonLogin" not in result.new_source
    assert "credentials_dropped" in codes(result)
    kept = [i for i in parse_source(provider, source).items() if i[0] not in ("username", "password")]
    assert parse_source(provider, result.new_source).items() == kept
    assert result.applies and not result.rewrites


@pytest.mark.parametrize("provider, source", [
    ("wms", "crs=EPSG:3857&format=image/png&layers=a&styles=&username=agent&password=SecretRegional"
            "&url=https://geo.example.org/wms"),
    ("wms", "username=agent,password=SecretRegional ,url=http://geo.example.org/cgi-bin/wms"),
    ("WFS", " password='SecretRegional' typename='a:b' url='https://geo.example.org/wfs' username='agent'"),
])
def test_non_ign_credentials_untouched(provider, source):
    result = migrate_source(provider, source)
    assert result.status == "unchanged" and result.new_source == source and not result.applies
