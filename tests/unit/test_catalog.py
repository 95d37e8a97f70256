"""The catalogue: lookup, search (accents, prefixes, ranking, filters), themes, snapshot."""
import csv
import gzip
import importlib.util
import json
import pathlib

import pytest
from lxml import etree

from bascule_geoplateforme.core.catalog import catalog_index as catalog_module
from bascule_geoplateforme.core.capabilities import parse_capabilities
from bascule_geoplateforme.core.capabilities.model import (
    TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS, Entry, Style, TileMatrixSet, TileMatrixSetLink)
from bascule_geoplateforme.core.catalog.catalog_index import Catalog, bundled_catalog, normalize

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
KEYS = DATA / "geoportal-keys"


def make(name, service=WMTS, **fields):
    return Entry(service=service, name=name, **fields)


# --- normalisation and search -------------------------------------------------------------

def test_normalize():
    assert normalize("Bâti – Œuvres d’ART") == "bati oeuvres d art"
    assert normalize("BDTOPO_V3:bâtiment") == "bdtopo v3 batiment"
    assert normalize("") == ""


@pytest.fixture
def small():
    return Catalog([
        make("ORTHOIMAGERY.ORTHOPHOTOS", title="Photographies aériennes",
             keywords=("Orthophotographies",)),
        make("BUILDINGS.BUILDINGS", title="Bâti", abstract="Bâtiments de la BD TOPO"),
        make("BDTOPO_V3:batiment", service=WFS, title="batiment"),
        make("GEOGRAPHICALGRIDSYSTEMS.MAPS", title="Cartes IGN", restricted=True,
             url="https://data.geopf.fr/private/wmts"),
        make("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", title="Plan IGN v2", abstract="Cartographie"),
        make("PLAN.IGN", service=TMS, title="Plan IGN"),
    ], themes={})


def names(entries):
    return [e.name for e in entries]


def test_search_ignores_case_and_accents(small):
    assert "BUILDINGS.BUILDINGS" in names(small.search("bati"))
    assert "BUILDINGS.BUILDINGS" in names(small.search("BÂTI"))
    assert names(small.search("photographies aeriennes")) == ["ORTHOIMAGERY.ORTHOPHOTOS"]


def test_search_matches_word_prefixes_only(small):
    assert names(small.search("orthophoto")) == ["ORTHOIMAGERY.ORTHOPHOTOS"]
    assert small.search("hophoto") == []  # not at a word start


def test_search_needs_every_word(small):
    assert set(names(small.search("plan ign"))) == {"PLAN.IGN", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"}
    assert names(small.search("plan ign v2")) == ["GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"]
    assert small.search("plan cadastre") == []


def test_search_matches_abstract_and_keywords(small):
    assert names(small.search("cartographie")) == ["GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"]
    assert names(small.search("orthophotographies")) == ["ORTHOIMAGERY.ORTHOPHOTOS"]


def test_search_ranking_order():
    # Inserted worst first, so the order can only come from the ranking.
    catalog = Catalog([
        make("IN.ABSTRACT", abstract="Couche de relief ombré"),
        make("IN.KEYWORDS", keywords=("Relief",)),
        make("IN.TITLE", title="Relief de la France"),
        make("RELIEF"),
    ], themes={})
    assert names(catalog.search("relief")) == ["RELIEF", "IN.TITLE", "IN.KEYWORDS", "IN.ABSTRACT"]


def test_search_whole_word_before_prefix_and_exact_name_first(small):
    assert names(small.search("plan"))[0] == "PLAN.IGN"  # 'plan' is a word, 'planignv2' a prefix
    assert names(small.search("BDTOPO_V3:batiment"))[0] == "BDTOPO_V3:batiment"
    assert names(small.search("buildings.buildings"))[0] == "BUILDINGS.BUILDINGS"


def test_search_filters(small):
    assert names(small.search("ign", service=TMS)) == ["PLAN.IGN"]
    assert names(small.search("cartes", restricted=True)) == ["GEOGRAPHICALGRIDSYSTEMS.MAPS"]
    assert small.search("cartes", restricted=False) == []
    assert len(small.search("ign", limit=1)) == 1
    assert len(small.search("", service=WMTS)) == 4  # empty query: everything filtered


def test_get_prefers_the_public_entry():
    public = make("SCAN", url="https://data.geopf.fr/wmts")
    private = make("SCAN", restricted=True, url="https://data.geopf.fr/private/wmts")
    catalog = Catalog([private, public], themes={})
    assert catalog.get(WMTS, "SCAN") == public
    assert catalog.get(WMTS, "SCAN", restricted=True) == private
    assert catalog.get(WFS, "SCAN") is None
    assert len(catalog) == 2


def test_duplicates_merge_field_by_field():
    root = make("PLAN.IGN", service=TMS, title="Plan IGN", formats=("application/x-protobuf",),
                queryable=True)
    tile_map = make("PLAN.IGN", service=TMS, min_zoom=0, max_zoom=18, style_urls=("s.json",))
    (merged,) = Catalog([root, tile_map], themes={}).entries()
    assert (merged.title, merged.formats, merged.max_zoom, merged.style_urls) == \
        ("Plan IGN", ("application/x-protobuf",), 18, ("s.json",))
    assert merged.min_zoom == 0  # 0 is a value, not "nothing said"
    assert merged.queryable  # a default False does not undo what the first entry said


def test_themes_are_applied_from_the_map():
    catalog = Catalog([make("A"), make("B", theme="own"), make("A", service=WFS)],
                      themes={WMTS: {"A": "ortho", "B": "cartes"}})
    assert catalog.get(WMTS, "A").theme == "ortho"
    assert catalog.get(WMTS, "B").theme == "own"  # a theme already set is kept
    assert catalog.get(WFS, "A").theme == ""


def test_json_round_trip_keeps_everything():
    entry = make("X", title="Tître", keywords=("k",), bbox_wgs84=(1.0, 2.0, 3.0, 4.0),
                 crs=("EPSG:3857",), formats=("image/png",),
                 styles=(Style("normal", "N", "http://l", True), Style("other")),
                 tile_matrix_set_links=(TileMatrixSetLink("PM_0_18", 0, 18),
                                        TileMatrixSetLink("NAMED")),
                 restricted=True, queryable=True, metadata_urls=("m",), url="u", theme="t",
                 min_zoom=0, max_zoom=3, style_urls=("s",))
    sets = {"PM": TileMatrixSet("PM", "EPSG:3857", ("0", "1"))}
    catalog = Catalog([entry, make("Y", service=WFS)], sets, themes={}, complete=[WFS])
    again = Catalog.from_json(catalog.to_json(), themes={})
    assert again.entries() == catalog.entries()
    assert again.tile_matrix_sets == sets
    assert again.is_complete(WFS) and not again.is_complete(WMTS)
    compact = json.loads(catalog.to_json())["entries"][1]
    assert compact == {"service": WFS, "name": "Y"}  # defaults are left out


def test_newer_snapshot_format_is_refused():
    with pytest.raises(ValueError):
        Catalog.from_dict({"format": catalog_module.FORMAT_VERSION + 1, "entries": []})


# --- the bundled snapshot -----------------------------------------------------------------

def _fixture_count(name, xpath):
    doc = etree.fromstring((DATA / "capabilities" / name).read_bytes())
    return int(doc.xpath(xpath, namespaces={"w": "http://www.opengis.net/wmts/1.0",
                                            "wfs": "http://www.opengis.net/wfs/2.0"}))


def _fixture_names(name, xpath):
    doc = etree.fromstring((DATA / "capabilities" / name).read_bytes())
    return set(doc.xpath(xpath, namespaces={"w": "http://www.opengis.net/wmts/1.0",
                                            "ows": "http://www.opengis.net/ows/1.1",
                                            "wfs": "http://www.opengis.net/wfs/2.0"}))


def _csv_layers(url):
    with (KEYS / "layers_by_key_gpf_2026-06_extracted.csv").open(encoding="utf-8") as stream:
        return {row["layer"] for row in csv.DictReader(stream) if row["serverUrl"] == url}


def test_bundled_catalogue_contents():
    catalog = bundled_catalog()

    def public(service):
        return {e.name for e in catalog.entries(service) if not e.restricted}
    # The complete 2024 documents, plus what IGN's 2026 extract adds (every WMTS layer it
    # adds links a tile matrix set a real document defines); nothing of 2024 is dropped.
    captured_wmts = _fixture_names("gpf_wmts_data.geopf.fr_2024-06-06_happign.xml",
                                   "//w:Contents/w:Layer/ows:Identifier/text()")
    assert public(WMTS) == captured_wmts | _csv_layers("https://data.geopf.fr/wmts")
    assert len(public(WMTS) - captured_wmts) == 86
    captured_wfs = _fixture_names("gpf_wfs_data.geopf.fr_2024-06-06_featuretypelist-only_happign.xml",
                                  "//wfs:FeatureType/wfs:Name/text()")
    assert public(WFS) == captured_wfs | _csv_layers("https://data.geopf.fr/wfs")
    inspire = json.loads((KEYS / "inspireConfig_gpf_2024-10-16.json").read_text())["layers"]
    inspire_by_url = {}
    for layer in inspire.values():
        url = next(iter(layer["serviceParams"]["serverUrl"].values()))
        inspire_by_url.setdefault(url, set()).add(layer["name"])
    for service, url in ((WMS_RASTER, "https://data.geopf.fr/wms-r/wms"),
                         (WMS_VECTOR, "https://data.geopf.fr/wms-v/ows")):
        assert public(service) == _csv_layers(url) | inspire_by_url[url]
    assert {"PLAN.IGN", "BDTOPO", "PCI", "500k"} <= public(TMS)
    assert all(e.url.startswith("https://data.geopf.fr/") for e in catalog)
    assert all(("/private/" in e.url) == e.restricted for e in catalog)


def test_bundled_completeness():
    # Complete capabilities documents back the WMTS and WFS lists; the WMS lists come from
    # IGN's configurations and the TMS root fixture is trimmed.
    catalog = bundled_catalog()
    assert [s for s in (WMTS, WFS, WMS_RASTER, WMS_VECTOR, TMS) if catalog.is_complete(s)] \
        == [WMTS, WFS]


def test_bundled_restricted_scan_layers():
    catalog = bundled_catalog()
    maps = catalog.get(WMTS, "GEOGRAPHICALGRIDSYSTEMS.MAPS")
    assert maps.restricted and maps.url == "https://data.geopf.fr/private/wmts"
    assert maps.tile_matrix_set_links == (TileMatrixSetLink("PM_0_18", 0, 18),)
    l93 = catalog.get(WMTS, "GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN25TOUR.L93")
    assert l93.tile_matrix_set_links[0].tile_matrix_set == "LAMB93_2.5m_3_16"
    assert l93.formats == ("image/png",)
    scan100 = catalog.get(WMS_RASTER, "SCAN100_PYR-JPEG_WLD_WM")
    assert scan100.restricted and scan100.url == "https://data.geopf.fr/private/wms-r"
    assert [s.name for s in scan100.styles] == ["SCAN100"]
    assert "image/x-bil;bits=32" in scan100.formats
    assert catalog.search("scan", restricted=True)
    assert "LAMB93_2.5m_3_16" in catalog.tile_matrix_sets  # from the SCAN configuration
    assert catalog.tile_matrix_sets["PM_0_21"].crs == "EPSG:3857"


def test_bundled_public_layers():
    catalog = bundled_catalog()
    ortho = catalog.get(WMTS, "ORTHOIMAGERY.ORTHOPHOTOS")
    # IGN's 2026-06 configuration (newer than the 2024-06 capture's PM_0_21) wins.
    assert ortho.tile_matrix_set_links[0] == TileMatrixSetLink("PM_0_19", 0, 19)
    assert catalog.get(WMTS, "ORTHOIMAGERY.ORTHOPHOTOS.IRC").tile_matrix_set_links[0] \
        .tile_matrix_set == "PM_6_19"
    # A layer only the 2026 extract lists, on a set defined by the ign_scan_ws configuration.
    l93 = catalog.get(WMTS, "HR.ORTHOIMAGERY.ORTHOPHOTOS.L93")
    assert l93.tile_matrix_set_links[0].tile_matrix_set == "2154_10cm_10_20"
    assert "2154_10cm_10_20" in catalog.tile_matrix_sets
    # Layers the extract does not list stay (it is not a full inventory).
    protected = [e for e in catalog.entries(WMTS) if e.name.startswith("PROTECTEDAREAS.")]
    assert len(protected) > 20
    assert catalog.get(WFS, "BDTOPO_V3:batiment") is not None
    plan = catalog.get(TMS, "PLAN.IGN")
    assert (plan.min_zoom, plan.max_zoom, len(plan.style_urls)) == (0, 18, 9)
    assert plan.title == "Plan IGN"
    wmsv = catalog.get(WMS_VECTOR, "BU.Building")  # INSPIRE, moved to WMS-V
    assert wmsv.styles[0].name == "default-style-BU.Building"
    parcel = catalog.get(WMS_RASTER, "CP.CadastralParcel")
    assert parcel.styles[0].name == "inspire_common:DEFAULT"
    assert catalog.search("ORTHOIMAGERY.ORTHOPHOTOS")[0].key == (WMTS, "ORTHOIMAGERY.ORTHOPHOTOS")
    assert catalog.search("BDTOPO_V3:batiment")[0].key == (WFS, "BDTOPO_V3:batiment")


def test_bundled_themes():
    catalog = bundled_catalog()
    # Most specific thematic key, not the generic bundles decouverte/essentiels.
    assert catalog.get(WMTS, "ORTHOIMAGERY.ORTHOPHOTOS").theme == "ortho"
    assert catalog.get(WMTS, "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2").theme == "cartes"
    assert catalog.get(WFS, "BDTOPO_V3:batiment").theme == "topographie"
    assert catalog.get(TMS, "PLAN.IGN").theme == "cartes"


def test_themes_file_agrees_with_ign_lists():
    themes = json.loads((ROOT / "resources" / "themes.json").read_text(encoding="utf-8"))
    services = {"WMTS": [WMTS], "WFS": [WFS], "TMS": [TMS], "WMS": [WMS_RASTER, WMS_VECTOR]}
    listed = {}
    with (KEYS / "resources_by_key_2026-06_geoportal-configuration.csv").open() as stream:
        for row in csv.DictReader(stream):
            for service in services[row["service"]]:
                listed.setdefault((service, row["layer"]), set()).add(row["key"])
    mapped = {(s, layer): theme for s, layers in themes.items() for layer, theme in layers.items()}
    assert set(mapped) == set(listed)
    assert all(theme in listed[key] for key, theme in mapped.items())


def test_bundled_catalogue_is_loaded_once():
    # Load time and search latency: benchmarks/catalog_bench.py.
    assert bundled_catalog() is bundled_catalog()
    assert catalog_module.load_snapshot().to_dict() == bundled_catalog().to_dict()


def test_committed_snapshot_is_up_to_date():
    """The snapshot is what scripts/build_snapshot.py makes from the current parsers."""
    spec = importlib.util.spec_from_file_location("build_snapshot",
                                                  ROOT / "scripts" / "build_snapshot.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    built, themes, entry_documents = script.build()
    with gzip.open(catalog_module.SNAPSHOT_PATH, "rb") as stream:
        committed = json.loads(stream.read())
    assert committed.pop("entry_documents") == entry_documents
    assert committed == json.loads(built.to_json())
    assert themes == json.loads(catalog_module.THEMES_PATH.read_text(encoding="utf-8"))


def test_live_capabilities_feed_a_catalogue():
    data = (DATA / "capabilities" / "gpf_wmts_data.geopf.fr_2024-06-06_happign.xml").read_bytes()
    parsed = parse_capabilities(data, "https://data.geopf.fr/wmts")
    catalog = Catalog(parsed.entries, parsed.tile_matrix_sets)
    assert catalog.get(WMTS, "ORTHOIMAGERY.ORTHOPHOTOS").theme == "ortho"  # from themes.json
    assert len(catalog) == len(parsed.entries)


def test_snapshot_records_its_documents_and_their_dates():
    """Each service says which real documents it comes from, with their dates; the dock and
    the reports show them."""
    catalog = bundled_catalog()
    wmts = catalog.provenance[WMTS]
    assert wmts["origin"] == "snapshot"
    assert {(d["name"], d["date"]) for d in wmts["documents"]} == {
        ("gpf_wmts_data.geopf.fr_2024-06-06_happign.xml", "2024-06-06"),
        ("layers_by_key_gpf_2026-06_extracted.csv", "2026-06-10")}
    for key, info in catalog.provenance.items():
        for document in info["documents"]:
            assert any((DATA / folder / document["name"]).is_file()
                       for folder in ("capabilities", "geoportal-keys")), document
    assert catalog_module.newest_document_date(catalog) == "2026-06-10"
    lines = catalog_module.provenance_lines(catalog, "fr")
    assert "WMTS\u00a0: instantané fourni (documents IGN du 06/06/2024 au 10/06/2026)" in lines
    assert any(line.startswith("WMS-R (accès restreint)") for line in lines)


def test_snapshot_diff_names_each_change_with_its_document(tmp_path):
    """scripts/build_snapshot.py --diff: what a regeneration changed, with sources."""
    spec = importlib.util.spec_from_file_location("build_snapshot",
                                                  ROOT / "scripts" / "build_snapshot.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    old = tmp_path / "old.json.gz"
    data = json.loads(gzip.open(catalog_module.SNAPSHOT_PATH).read())
    data.pop("entry_documents")
    for entry in data["entries"]:
        if entry["name"] == "ORTHOIMAGERY.ORTHOPHOTOS" and entry["service"] == WMTS:
            entry["tile_matrix_set_links"] = [{"tile_matrix_set": "PM_0_21"}]
    data["entries"] = [e for e in data["entries"] if e["name"] != "HR.ORTHOIMAGERY.ORTHOPHOTOS.L93"]
    with gzip.open(old, "wt", encoding="utf-8") as stream:
        json.dump(data, stream)
    lines = script.diff(old, catalog_module.SNAPSHOT_PATH)
    source = "[layers_by_key_gpf_2026-06_extracted.csv (2026-06-10)]"
    assert f"  wmts ORTHOIMAGERY.ORTHOPHOTOS: PM_0_21 -> PM_0_19  {source}" in lines
    assert f"  wmts HR.ORTHOIMAGERY.ORTHOPHOTOS.L93 2154_10cm_10_20  {source}" in lines
    assert "tile matrix set changed: 1" in lines
