"""Capabilities parsers on the real fixtures (and the synthetic WMS documents).

Counts are checked against an independent XPath count on the same document, so a parser that
skips or duplicates elements fails.
"""
import json
import pathlib

import pytest
from lxml import etree

from bascule_geoplateforme.core.capabilities import (
    CapabilitiesError,
    parse_capabilities,
    parse_tms_metadata_json,
)
from bascule_geoplateforme.core.capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS

CAPS = pathlib.Path(__file__).resolve().parents[1] / "data" / "capabilities"
WMTS_2406 = "gpf_wmts_data.geopf.fr_2024-06-06_happign.xml"
WMTS_2404 = "gpf_wmts_data.geopf.fr_2024-04-11_happign.xml"
WMTS_ADMIN = "wxs_wmts_administratif_2023-11-16_happign.xml"
WMTS_EXCERPT = "wxs_wmts_geoportail_excerpt_ogc-client.xml"
WFS_2406 = "gpf_wfs_data.geopf.fr_2024-06-06_featuretypelist-only_happign.xml"
WFS_2404 = "gpf_wfs_data.geopf.fr_2024-04-11_featuretypelist-only_happign.xml"
WFS_ALTI = "wxs_wfs_altimetrie_2023-11-16_featuretypelist-only_happign.xml"
WFS_CARTOVECTO = "wxs_wfs_cartovecto_2022-01-14_happign.xml"
TMS_ROOT = "gpf_tms_root_trimmed_2025-03_ogc-client.xml"
TMS_ROOT2 = "gpf_tms_root_trimmed2_2025-03_ogc-client.xml"
TMS_PLAN = "gpf_tms_PLAN.IGN_tilemap_2025-03_ogc-client.xml"
WMS_R = "synthetic_wms_r_rok4.xml"
WMS_V = "synthetic_wms_v_geoserver.xml"

NS = {
    "w": "http://www.opengis.net/wmts/1.0",
    "ows": "http://www.opengis.net/ows/1.1",
    "wfs": "http://www.opengis.net/wfs/2.0",
    "wms": "http://www.opengis.net/wms",
}


def raw(name):
    return (CAPS / name).read_bytes()


def tree(name, encoding=None):
    parser = etree.XMLParser(encoding=encoding) if encoding else None
    return etree.fromstring(raw(name), parser)


_cache = {}


def caps(name, url=""):
    if (name, url) not in _cache:
        _cache[(name, url)] = parse_capabilities(raw(name), url)
    return _cache[(name, url)]


def by_name(capabilities):
    return {e.name: e for e in capabilities.entries}


# --- WMTS ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [WMTS_2406, WMTS_2404, WMTS_ADMIN, WMTS_EXCERPT])
def test_wmts_counts_match_xpath(name):
    doc = tree(name)
    parsed = caps(name)
    assert parsed.service == WMTS
    layer_ids = doc.xpath("/w:Capabilities/w:Contents/w:Layer/ows:Identifier/text()",
                          namespaces=NS)
    assert [e.name for e in parsed.entries] == [i.strip() for i in layer_ids]
    set_ids = doc.xpath("/w:Capabilities/w:Contents/w:TileMatrixSet/ows:Identifier/text()",
                        namespaces=NS)
    assert sorted(parsed.tile_matrix_sets) == sorted(set_ids)
    links = doc.xpath("count(//w:Layer/w:TileMatrixSetLink)", namespaces=NS)
    assert sum(len(e.tile_matrix_set_links) for e in parsed.entries) == links
    styles = doc.xpath("count(//w:Layer/w:Style)", namespaces=NS)
    assert sum(len(e.styles) for e in parsed.entries) == styles
    queryable = doc.xpath("count(//w:Contents/w:Layer[w:InfoFormat])", namespaces=NS)
    assert sum(e.queryable for e in parsed.entries) == queryable


def test_wmts_2024_06_published_figures():
    parsed = caps(WMTS_2406, "https://data.geopf.fr/wmts")
    assert len(parsed.entries) == 543
    assert len(parsed.tile_matrix_sets) == 42
    formats = [f for e in parsed.entries for f in e.formats]
    assert (formats.count("image/png"), formats.count("image/jpeg"),
            formats.count("image/x-bil;bits=32")) == (455, 84, 4)
    linked = {link.tile_matrix_set for e in parsed.entries for link in e.tile_matrix_set_links}
    assert "PM" in parsed.tile_matrix_sets and "PM" not in linked
    assert not parsed.legacy
    assert parsed.title == "WMS/WMTS/TMS server"


@pytest.mark.parametrize("name", [WMTS_2406, WMTS_2404, WMTS_ADMIN])
def test_wmts_zoom_limits_match_every_layer(name):
    doc = tree(name)
    parsed = by_name(caps(name))
    for layer in doc.xpath("//w:Contents/w:Layer", namespaces=NS):
        name = layer.xpath("string(ows:Identifier)", namespaces=NS).strip()
        for link, expected in zip(parsed[name].tile_matrix_set_links,
                                  layer.xpath("w:TileMatrixSetLink", namespaces=NS)):
            assert link.tile_matrix_set == expected.xpath("string(w:TileMatrixSet)",
                                                          namespaces=NS).strip()
            zooms = [int(z) for z in expected.xpath(".//w:TileMatrixLimits/w:TileMatrix/text()",
                                                    namespaces=NS)]
            assert (link.min_zoom, link.max_zoom) == (min(zooms), max(zooms)), name


def test_wmts_orthophotos_2024_06():
    entry = by_name(caps(WMTS_2406, "https://data.geopf.fr/wmts"))["ORTHOIMAGERY.ORTHOPHOTOS"]
    assert [(l.tile_matrix_set, l.min_zoom, l.max_zoom) for l in entry.tile_matrix_set_links] \
        == [("PM_0_21", 0, 21)]
    assert entry.title == "Photographies aériennes"
    assert entry.formats == ("image/jpeg",)
    assert entry.crs == ("EPSG:3857",)
    assert entry.url == "https://data.geopf.fr/wmts"
    assert not entry.restricted
    assert entry.queryable  # it lists InfoFormats (GetFeatureInfo)
    assert entry.styles[0].name == "normal" and entry.styles[0].is_default
    assert entry.styles[0].legend_url.endswith("/LEGEND.jpg")
    assert entry.bbox_wgs84 == (-180.0, -89.0, 180.0, 89.0)


def test_wmts_tile_matrix_sets_carry_crs_and_matrices():
    sets = caps(WMTS_2406).tile_matrix_sets
    assert sets["PM_0_21"].crs == "EPSG:3857"
    assert sets["PM_0_21"].matrices == tuple(str(z) for z in range(22))
    assert sets["PM_6_16"].matrices[0] == "6" and sets["PM_6_16"].matrices[-1] == "16"


def test_wmts_2024_04_still_links_pm():
    entries = caps(WMTS_2404).entries
    linked = [l.tile_matrix_set for e in entries for l in e.tile_matrix_set_links]
    assert linked.count("PM") == 533
    assert {"WGS84G", "WGS84G_PO", "LAMB93_5cm"} <= set(linked)


def test_old_administratif_wmts_is_legacy_and_links_pm():
    url = "https://wxs.ign.fr/administratif/geoportail/wmts?SERVICE=WMTS&REQUEST=GetCapabilities"
    parsed = caps(WMTS_ADMIN, url)
    assert parsed.legacy
    assert sorted(e.name for e in parsed.entries) == [
        "ADMINEXPRESS-COG-CARTO.LATEST", "ADMINEXPRESS-COG.LATEST", "ADMIN_EXPRESS",
        "LIMITES_ADMINISTRATIVES_EXPRESS.LATEST"]
    assert all([l.tile_matrix_set for l in e.tile_matrix_set_links] == ["PM"]
               for e in parsed.entries)
    assert by_name(parsed)["ADMIN_EXPRESS"].tile_matrix_set_links[0].max_zoom == 19
    assert all(e.url == "https://wxs.ign.fr/administratif/geoportail/wmts"
               for e in parsed.entries)
    # The title alone is enough (document read from a cache, no URL).
    assert caps(WMTS_ADMIN).legacy


def test_legacy_detected_from_operation_urls():
    parsed = caps(WMTS_EXCERPT)  # title is not the legacy one; hrefs are on wxs.ign.fr
    assert parsed.title != "Service de visualisation WMTS Geoportail Publique"
    assert parsed.legacy
    assert parsed.entries[0].url == "http://wxs.ign.fr/geoportail/wmts"


def test_prefixed_matrix_ids_give_zoom_levels():
    links = {l.tile_matrix_set: l for l in caps(WMTS_EXCERPT).entries[0].tile_matrix_set_links}
    assert (links["Prefixed"].min_zoom, links["Prefixed"].max_zoom) == (0, 1)
    assert (links["PM"].min_zoom, links["PM"].max_zoom) == (0, 19)


WMTS_TEMPLATE = b"""<?xml version="1.0" encoding="UTF-8"?>
<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1"
  version="1.0.0"><Contents>
  <Layer><ows:Identifier>A</ows:Identifier><Format>image/png</Format>
    <TileMatrixSetLink><TileMatrixSet>PM_3_7</TileMatrixSet></TileMatrixSetLink>
    <TileMatrixSetLink><TileMatrixSet>NAMED</TileMatrixSet></TileMatrixSetLink>
    <TileMatrixSetLink><TileMatrixSet>UNDECLARED</TileMatrixSet></TileMatrixSetLink>
  </Layer>
  <TileMatrixSet><ows:Identifier>PM_3_7</ows:Identifier>
    <ows:SupportedCRS>EPSG:3857</ows:SupportedCRS>
    <TileMatrix><ows:Identifier>7</ows:Identifier></TileMatrix>
    <TileMatrix><ows:Identifier>3</ows:Identifier></TileMatrix>
    <TileMatrix><ows:Identifier>5</ows:Identifier></TileMatrix>
  </TileMatrixSet>
  <TileMatrixSet><ows:Identifier>NAMED</ows:Identifier>
    <ows:SupportedCRS>EPSG:2154</ows:SupportedCRS>
    <TileMatrix><ows:Identifier>coarse</ows:Identifier></TileMatrix>
  </TileMatrixSet>
</Contents></Capabilities>"""


def test_links_without_limits_use_the_declared_set():
    parsed = parse_capabilities(WMTS_TEMPLATE, "https://data.geopf.fr/private/wmts?apikey=k")
    entry = parsed.entries[0]
    links = [(l.tile_matrix_set, l.min_zoom, l.max_zoom) for l in entry.tile_matrix_set_links]
    assert links == [("PM_3_7", 3, 7), ("NAMED", None, None), ("UNDECLARED", None, None)]
    assert entry.crs == ("EPSG:3857", "EPSG:2154")
    assert entry.restricted and entry.url == "https://data.geopf.fr/private/wmts"
    assert not entry.queryable  # no InfoFormat


# --- WFS ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [WFS_2406, WFS_2404, WFS_ALTI])
def test_wfs_counts_match_xpath(name):
    doc = tree(name)
    parsed = caps(name)
    assert parsed.service == WFS
    names = doc.xpath("//wfs:FeatureTypeList/wfs:FeatureType/wfs:Name/text()", namespaces=NS)
    assert [e.name for e in parsed.entries] == [n.strip() for n in names]
    metadata = doc.xpath("count(//wfs:FeatureType/wfs:MetadataURL)", namespaces=NS)
    assert sum(len(e.metadata_urls) for e in parsed.entries) == metadata
    keywords = doc.xpath("count(//wfs:FeatureType/ows:Keywords/ows:Keyword[normalize-space()])",
                         namespaces=NS)
    assert sum(len(e.keywords) for e in parsed.entries) == keywords


def test_wfs_2024_06_figures_and_batiment():
    parsed = caps(WFS_2406, "https://data.geopf.fr/wfs/ows?SERVICE=WFS&VERSION=2.0.0")
    entries = by_name(parsed)
    assert len(parsed.entries) == 436
    assert sum(n.startswith("BDTOPO_V3:") for n in entries) == 60
    assert sum(n.startswith("wfs_du:") for n in entries) == 16
    batiment = entries["BDTOPO_V3:batiment"]
    assert batiment.service == WFS
    assert batiment.url == "https://data.geopf.fr/wfs/ows"
    assert batiment.crs and batiment.crs[0].startswith("urn:ogc:def:crs:EPSG::")
    west, south, east, north = batiment.bbox_wgs84
    assert -180 <= west < east <= 180 and -90 <= south < north <= 90
    assert not parsed.legacy
    # Titles are stripped (the server pads some with spaces).
    assert entries["OCS-GERS_BDD_LAMB93_2016:oscge_gers_32_2016"].title == "OCSGE Gers 2016"


def test_wfs_2024_04_has_the_dropped_vintages():
    names = {e.name for e in caps(WFS_2404).entries}
    assert len(names) == 658
    assert "ADMINEXPRESS_COG_2018:commune" in names
    assert "ADMINEXPRESS_COG_2018:commune" not in by_name(caps(WFS_2406))


def test_cartovecto_latin1_document_is_read():
    data = raw(WFS_CARTOVECTO)
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(data)  # declared UTF-8, is not: the fallback is really exercised
    parsed = caps(WFS_CARTOVECTO, "https://wxs.ign.fr/cartovecto/geoportail/wfs")
    assert len(parsed.entries) == 40
    assert parsed.title == "WFS Geoportail" and parsed.legacy
    doc = tree(WFS_CARTOVECTO, encoding="iso-8859-1")
    expected = doc.xpath("//wfs:FeatureType/wfs:Name/text()", namespaces=NS)
    assert [e.name for e in parsed.entries] == expected
    # Its titles are placeholders ("<typename>.title"); the accented text is in the
    # abstracts, compared here with an independent Latin-1 reading.
    abstracts = [a.strip() for a in doc.xpath("//wfs:FeatureType/wfs:Abstract/text()",
                                              namespaces=NS)]
    assert [e.abstract for e in parsed.entries] == abstracts
    assert "équipements" in parsed.entries[0].abstract
    assert "départementale" in parsed.entries[0].abstract
    # Output formats come from the GetFeature operation when a type lists none.
    assert "application/json" in parsed.entries[0].formats
    assert "SHAPE-ZIP" in parsed.entries[0].formats


WFS_110 = b"""<?xml version="1.0" encoding="UTF-8"?>
<wfs:WFS_Capabilities version="1.1.0" xmlns:wfs="http://www.opengis.net/wfs"
  xmlns:ows="http://www.opengis.net/ows" xmlns:xlink="http://www.w3.org/1999/xlink">
<ows:ServiceIdentification><ows:Title>Old WFS</ows:Title></ows:ServiceIdentification>
<wfs:FeatureTypeList><wfs:FeatureType>
  <wfs:Name>ns:roads</wfs:Name><wfs:Title>Routes</wfs:Title>
  <wfs:DefaultSRS>urn:ogc:def:crs:EPSG::4326</wfs:DefaultSRS>
  <wfs:OtherSRS>urn:ogc:def:crs:EPSG::2154</wfs:OtherSRS>
  <wfs:OutputFormats><wfs:Format>text/xml; subtype=gml/3.1.1</wfs:Format></wfs:OutputFormats>
  <ows:WGS84BoundingBox><ows:LowerCorner>1 2</ows:LowerCorner>
    <ows:UpperCorner>3 4</ows:UpperCorner></ows:WGS84BoundingBox>
</wfs:FeatureType></wfs:FeatureTypeList></wfs:WFS_Capabilities>"""


def test_wfs_1_1_0_document():
    parsed = parse_capabilities(WFS_110, "https://data.geopf.fr/private/wfs/ows?apikey=x")
    (entry,) = parsed.entries
    assert entry.crs == ("urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:EPSG::2154")
    assert entry.formats == ("text/xml; subtype=gml/3.1.1",)
    assert entry.bbox_wgs84 == (1.0, 2.0, 3.0, 4.0)
    assert entry.restricted and entry.url == "https://data.geopf.fr/private/wfs/ows"
    assert parsed.title == "Old WFS"


# --- TMS ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [TMS_ROOT, TMS_ROOT2])
def test_tms_root(name):
    doc = tree(name)
    parsed = caps(name, "https://data.geopf.fr/tms/1.0.0/")
    hrefs = doc.xpath("/TileMapService/TileMaps/TileMap/@href")
    assert [e.name for e in parsed.entries] == [h.rstrip("/").rsplit("/", 1)[1] for h in hrefs]
    assert len(parsed.entries) == 6
    plan = by_name(parsed)["PLAN.IGN"]
    assert plan.service == TMS and plan.title == "Plan IGN"
    assert plan.formats == ("application/x-protobuf",) and plan.crs == ("EPSG:3857",)
    assert by_name(parsed)["500k"].formats == ("image/jpeg",)
    assert plan.url == "https://data.geopf.fr/tms/1.0.0"


def test_tms_root_variants_agree():
    assert caps(TMS_ROOT).entries == caps(TMS_ROOT2).entries


def test_tms_root_with_relative_links():
    data = (b'<TileMapService version="1.0.0"><TileMaps>'
            b'<TileMap title="Plan" srs="EPSG:3857" profile="none" extension="pbf" href="PLAN.IGN"/>'
            b"</TileMaps></TileMapService>")
    (entry,) = parse_capabilities(data, "https://data.geopf.fr/private/tms/1.0.0?apikey=k").entries
    assert (entry.name, entry.title, entry.restricted) == ("PLAN.IGN", "Plan", True)
    assert entry.url == "https://data.geopf.fr/private/tms/1.0.0"


def test_tms_tile_map_resource():
    doc = tree(TMS_PLAN)
    parsed = caps(TMS_PLAN, "https://data.geopf.fr/tms/1.0.0/PLAN.IGN")
    (entry,) = parsed.entries
    assert entry.name == "PLAN.IGN" and entry.title == "Plan IGN"
    orders = [int(o) for o in doc.xpath("//TileSet/@order")]
    assert len(orders) == 19
    assert (entry.min_zoom, entry.max_zoom) == (min(orders), max(orders)) == (0, 18)
    expected = doc.xpath("/TileMap/Metadata[@mime-type='application/json']/@href")
    assert entry.style_urls == tuple(expected) and len(expected) == 9
    assert entry.style_urls[0].endswith("/vectorTiles/styles/PLAN.IGN/attenue.json")
    assert entry.formats == ("application/x-protobuf",)
    assert entry.url == "https://data.geopf.fr/tms/1.0.0"
    west, south, east, north = entry.bbox_wgs84
    assert west == pytest.approx(-179.9, abs=0.01) and north == pytest.approx(80.0, abs=0.01)


def test_tms_tile_map_without_url_names_the_layer_from_its_tile_sets():
    (entry,) = caps(TMS_PLAN).entries
    assert entry.name == "PLAN.IGN"


METADATA_JSON = {
    "name": "PLAN.IGN", "description": "Plan IGN en tuiles vectorielles",
    "minzoom": 0, "maxzoom": 18, "bounds": [-180, -85, 180, 85], "format": "pbf",
    "vector_layers": [{"id": "bati_surf", "fields": {}}, {"id": "routier_ligne"}],
}


def test_tms_metadata_json():
    data = json.dumps(METADATA_JSON).encode()
    entry = parse_tms_metadata_json(data, "https://data.geopf.fr/tms/1.0.0/PLAN.IGN/metadata.json")
    assert (entry.service, entry.name, entry.min_zoom, entry.max_zoom) == (TMS, "PLAN.IGN", 0, 18)
    assert entry.keywords == ("bati_surf", "routier_ligne")
    assert entry.bbox_wgs84 == (-180.0, -85.0, 180.0, 85.0)
    assert entry.abstract == "Plan IGN en tuiles vectorielles"
    assert entry.formats == ("application/x-protobuf",)
    assert entry.url == "https://data.geopf.fr/tms/1.0.0"
    private = "https://data.geopf.fr/private/tms/1.0.0/X/metadata.json"
    parsed = parse_capabilities(b"  \n" + data, private)
    assert parsed.service == TMS and parsed.entries[0].name == "X"
    assert parsed.entries[0].restricted


def test_tms_metadata_json_string_bounds():
    data = json.dumps(dict(METADATA_JSON, bounds="-5.1,41.3,9.6,51.1")).encode()
    assert parse_tms_metadata_json(data, "").bbox_wgs84 == (-5.1, 41.3, 9.6, 51.1)


# --- WMS (synthetic documents) -------------------------------------------------------------

@pytest.mark.parametrize("name", [WMS_R, WMS_V])
def test_wms_named_layers_match_xpath(name):
    doc = tree(name)
    names = doc.xpath("//wms:Layer/wms:Name/text()", namespaces=NS)
    assert [e.name for e in caps(name).entries] == names


def test_wms_raster_rok4():
    parsed = caps(WMS_R, "https://data.geopf.fr/wms-r/wms?SERVICE=WMS&REQUEST=GetCapabilities")
    assert parsed.service == WMS_RASTER
    ortho = by_name(parsed)["ORTHOIMAGERY.ORTHOPHOTOS"]
    assert ortho.service == WMS_RASTER and ortho.url == "https://data.geopf.fr/wms-r/wms"
    assert ortho.crs == ("CRS:84", "EPSG:3857", "EPSG:4326", "EPSG:2154")  # inherited + own
    assert ortho.queryable
    assert ortho.keywords == ("Orthophotographies", "Imagerie")
    assert ortho.metadata_urls[0].endswith("Id=IGNF_BDORTHOr_2-0.xml")
    assert ortho.formats[-1] == "image/x-bil;bits=32"
    assert ortho.styles[0].legend_url.endswith("LEGEND.jpg") and ortho.styles[0].is_default
    elevation = by_name(parsed)["ELEVATION.ELEVATIONGRIDCOVERAGE.HIGHRES"]
    assert [s.name for s in elevation.styles] == ["normal", "hypso", "terrainrgb"]
    assert [s.is_default for s in elevation.styles] == [True, False, False]
    assert elevation.bbox_wgs84 == (-180.0, -90.0, 180.0, 90.0)  # inherited from the root
    assert not by_name(parsed)["GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"].queryable


def test_wms_vector_geoserver_inheritance():
    parsed = caps(WMS_V)  # no URL: GeoServer in the description says WMS-V
    assert parsed.service == WMS_VECTOR
    assert parsed.url == "https://data.geopf.fr/wms-v/ows"
    entries = by_name(parsed)
    member = entries["BDCARTO_V5:zone_d_habitation"]
    # Own style first and default; the group's style is inherited after it.
    assert [s.name for s in member.styles] == ["zone_d_habitation",
                                               "default-style-BDCARTO-BATI_WLD_WGS84G"]
    assert member.styles[0].is_default and not member.styles[1].is_default
    assert member.bbox_wgs84 == entries["BDCARTO-BATI_WLD_WGS84G"].bbox_wgs84
    rn = entries["IGNF_GEODESIE-RN"]
    assert rn.bbox_wgs84 == (-5.5, 41.0, 10.0, 51.5)  # from the unnamed "Géodésie" layer
    assert "EPSG:2154" in rn.crs and "EPSG:3857" not in rn.crs
    assert entries["BDCARTO-BATI_WLD_WGS84G"].title == "BD CARTO - Bâti"
    assert "Géodésie" not in entries  # unnamed layers are categories, not entries


@pytest.mark.parametrize("url, service", [
    ("https://data.geopf.fr/wms-v/ows", WMS_VECTOR),
    ("https://data.geopf.fr/private/wms-v/ows?apikey=x", WMS_VECTOR),
    ("https://data.geopf.fr/wms-r/wms", WMS_RASTER),
    ("https://data.geopf.fr/private/wms-r", WMS_RASTER),
    ("https://wxs.ign.fr/cle/geoportail/v/wms", WMS_VECTOR),
])
def test_wms_service_from_url_wins(url, service):
    for name in (WMS_R, WMS_V):
        parsed = parse_capabilities(raw(name), url)
        assert parsed.service == service
        assert {e.service for e in parsed.entries} == {service}
        assert all(e.restricted == ("/private/" in url) for e in parsed.entries)


def test_wms_raster_without_url_defaults_to_wms_r():
    data = raw(WMS_R).replace(b"https://data.geopf.fr/wms-r?", b"https://example.org/wms?")
    assert parse_capabilities(data).service == WMS_RASTER


WMS_111 = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE WMT_MS_Capabilities SYSTEM "http://schemas.opengis.net/wms/1.1.1/WMS_MS_Capabilities.dtd">
<WMT_MS_Capabilities version="1.1.1" xmlns:xlink="http://www.w3.org/1999/xlink">
<Service><Name>OGC:WMS</Name><Title>Old raster WMS</Title></Service>
<Capability><Request><GetMap><Format>image/png</Format></GetMap></Request>
<Layer><Title>root</Title><SRS>EPSG:4326 EPSG:3857</SRS>
  <Layer queryable="1"><Name>SCAN25</Name><Title>Scan 25</Title>
    <LatLonBoundingBox minx="-5" miny="41" maxx="10" maxy="52"/></Layer>
</Layer></Capability></WMT_MS_Capabilities>"""


def test_wms_1_1_1_with_ogc_doctype():
    parsed = parse_capabilities(WMS_111, "https://wxs.ign.fr/cle/geoportail/r/wms")
    (entry,) = parsed.entries
    assert (entry.service, entry.name, entry.title) == (WMS_RASTER, "SCAN25", "Scan 25")
    assert entry.crs == ("EPSG:4326", "EPSG:3857")
    assert entry.bbox_wgs84 == (-5.0, 41.0, 10.0, 52.0)
    assert entry.queryable and parsed.legacy


# --- detection ----------------------------------------------------------------------------

def test_unknown_root_element_is_refused():
    with pytest.raises(CapabilitiesError, match="kml"):
        parse_capabilities(b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"/>')


def test_text_input_is_accepted():
    parsed = parse_capabilities(raw(TMS_ROOT).decode("utf-8"))
    assert len(parsed.entries) == 6
