"""Default options for adding a catalogue entry (pure: no QGIS)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bascule_geoplateforme.core.capabilities.model import (
    Entry,
    Style,
    TileMatrixSet,
    TileMatrixSetLink,
)
from bascule_geoplateforme.core.catalog.catalog_index import Catalog, bundled_catalog
from bascule_geoplateforme.core.layers.layer_options import (
    LayerOptions,
    choices,
    default_options,
    layer_kind,
    normalize_crs,
    rebase,
    vector_style_url,
)

SETS = {
    "PM_0_19": TileMatrixSet("PM_0_19", "EPSG:3857"),
    "LAMB93_5cm": TileMatrixSet("LAMB93_5cm", "IGNF:LAMB93"),
}


def wmts(name="ORTHOIMAGERY.ORTHOPHOTOS", links=("PM_0_19",), formats=("image/jpeg",), **extra):
    return Entry("wmts", name, title=name, formats=formats,
                 styles=(Style("normal", "Légende générique", is_default=True),),
                 tile_matrix_set_links=tuple(TileMatrixSetLink(l, 0, 19) for l in links), **extra)


@pytest.fixture(scope="module")
def catalog():
    return bundled_catalog()


@pytest.mark.parametrize("code, expected", [
    ("urn:ogc:def:crs:EPSG::2154", "EPSG:2154"),
    ("epsg:3857", "EPSG:3857"),
    ("IGNF:LAMB93", "EPSG:2154"),
    ("CRS:84", "EPSG:4326"),
    ("http://www.opengis.net/def/crs/EPSG/0/2154", "EPSG:2154"),
    ("", ""),
])
def test_normalize_crs(code, expected):
    assert normalize_crs(code) == expected


def test_wmts_picks_the_set_in_the_project_crs_else_pseudo_mercator():
    entry = wmts(links=("PM_0_19", "LAMB93_5cm"))
    catalog = Catalog([entry], SETS, themes={})
    lambert = default_options(entry, catalog, "EPSG:2154")
    assert (lambert.tile_matrix_set, lambert.crs) == ("LAMB93_5cm", "IGNF:LAMB93")
    for project in ("EPSG:3857", "EPSG:4326", ""):
        other = default_options(entry, catalog, project)
        assert (other.tile_matrix_set, other.crs) == ("PM_0_19", "EPSG:3857")
    # Order of the links does not matter: Pseudo-Mercator is the fallback.
    reordered = wmts(links=("LAMB93_5cm", "PM_0_19"))
    assert default_options(reordered, Catalog([reordered], SETS, {}), "EPSG:4326").tile_matrix_set == "PM_0_19"


def test_wmts_set_crs_guessed_when_the_catalogue_does_not_declare_it():
    entry = wmts(links=("PM_6_16",))
    options = default_options(entry, None, "EPSG:2154")
    assert (options.tile_matrix_set, options.crs) == ("PM_6_16", "EPSG:3857")


def test_wmts_format_jpeg_for_photos_png_otherwise():
    assert default_options(wmts(formats=("image/png", "image/jpeg"))).format == "image/jpeg"
    plan = wmts(name="GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", formats=("image/png", "image/jpeg"))
    assert default_options(plan).format == "image/png"
    only_jpeg = wmts(name="GEOGRAPHICALGRIDSYSTEMS.MAPS", formats=("image/jpeg",))
    assert default_options(only_jpeg).format == "image/jpeg"
    assert default_options(wmts(name="ELEVATION", formats=("image/x-bil;bits=32",))).format == \
        "image/x-bil;bits=32"


def test_wmts_real_entries(catalog):
    ortho = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    options = default_options(ortho, catalog, "EPSG:2154")
    assert options == LayerOptions(crs="EPSG:3857", format="image/jpeg", style="normal",
                                   tile_matrix_set="PM_0_19")
    lambert = [e for e in catalog.entries("wmts")
               if any(catalog.tile_matrix_sets.get(l.tile_matrix_set, SETS["PM_0_19"]).crs == "IGNF:LAMB93"
                      for l in e.tile_matrix_set_links)]
    assert lambert
    assert default_options(lambert[0], catalog, "EPSG:2154").crs == "IGNF:LAMB93"
    assert all(default_options(e, catalog, "EPSG:2154").tile_matrix_set for e in catalog.entries("wmts"))


def test_wms_crs_format_and_style(catalog):
    plan = catalog.get("wms-r", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")
    assert default_options(plan, catalog, "EPSG:2154") == LayerOptions(
        crs="EPSG:2154", format="image/png", style="normal")
    # A CRS the service does not offer: Pseudo-Mercator.
    assert default_options(plan, catalog, "EPSG:32631").crs == "EPSG:3857"
    assert default_options(plan, catalog, "").crs == "EPSG:3857"
    vector = catalog.entries("wms-v")[0]
    options = default_options(vector, catalog, "EPSG:3857")
    assert options.format == "image/png" and options.crs == "EPSG:3857"
    assert options.style == vector.styles[0].name
    assert "image/png" in choices(vector, catalog).formats
    assert not any(f.startswith("text/") for f in choices(vector, catalog).formats)


def test_wmts_style_never_empty():
    """ROK4 refuses a GetTile whose STYLE is empty: a layer that lists no style gets ROK4's
    default one."""
    entry = Entry("wmts", "X", formats=("image/png",),
                  tile_matrix_set_links=(TileMatrixSetLink("PM_0_19", 0, 19),))
    assert default_options(entry, None, "EPSG:3857").style == "normal"


def test_wms_style_empty_when_none_is_declared():
    entry = Entry("wms-r", "X", formats=("image/png",))
    assert default_options(entry, None, "EPSG:2154").style == ""


def test_wfs_srsname(catalog):
    bati = catalog.get("wfs", "BDTOPO_V3:batiment")
    assert choices(bati, catalog).crs == (normalize_crs(bati.crs[0]),)
    assert choices(bati, catalog).can_filter
    entry = Entry("wfs", "A:b", crs=("urn:ogc:def:crs:EPSG::2154", "urn:ogc:def:crs:EPSG::4326"))
    assert default_options(entry, None, "EPSG:4326").crs == "EPSG:4326"
    assert default_options(entry, None, "EPSG:3857").crs == "EPSG:2154"  # the default CRS
    assert default_options(Entry("wfs", "A:b"), None, "EPSG:2154").crs == "EPSG:4326"


def test_vector_tiles_style_and_zoom(catalog, monkeypatch):
    monkeypatch.setenv("BASCULE_GPF_BASE_URL", "http://127.0.0.1:9")
    plan = catalog.get("tms", "PLAN.IGN")
    options = default_options(plan, catalog, "EPSG:2154")
    assert options.style == "standard"
    assert options.style_url == \
        "http://127.0.0.1:9/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json"
    assert (options.min_zoom, options.max_zoom) == (0, 18)
    offered = choices(plan, catalog)
    assert {"standard", "gris", "classique"} <= {name for name, _ in offered.style_urls}
    assert vector_style_url(plan, "gris").endswith("/PLAN.IGN/gris.json")
    assert vector_style_url(plan, "nope") == ""
    assert layer_kind(plan) == "vector-tile"


def test_vector_tiles_default_style_without_standard():
    entry = Entry("tms", "ISOHYPSE", formats=("application/x-protobuf",),
                  styles=(Style("isohypse_monochrome_marron", is_default=True),
                          Style("isohypse_monochrome_orange")),
                  style_urls=("https://data.geopf.fr/s/isohypse_monochrome_orange.json",
                              "https://data.geopf.fr/s/isohypse_monochrome_marron.json"))
    assert default_options(entry).style == "isohypse_monochrome_marron"
    bare = default_options(Entry("tms", "OCSGE_2016", formats=("application/x-protobuf",)))
    assert (bare.style, bare.style_url, bare.min_zoom, bare.max_zoom) == ("", "", 0, 18)


def test_raster_tms_gets_a_format():
    entry = Entry("tms", "ADMINEXPRESS-COG.LATEST", formats=("image/png",))
    assert layer_kind(entry) == "raster"
    assert default_options(entry).format == "image/png"


def test_rebase_moves_only_geoplateforme_urls(monkeypatch):
    monkeypatch.setenv("BASCULE_GPF_BASE_URL", "http://mirror.example/gpf")
    assert rebase("https://data.geopf.fr/annexes/a.json?x=1") == "http://mirror.example/gpf/annexes/a.json?x=1"
    assert rebase("https://example.org/a.json") == "https://example.org/a.json"
    monkeypatch.delenv("BASCULE_GPF_BASE_URL")
    assert rebase("https://data.geopf.fr/annexes/a.json") == "https://data.geopf.fr/annexes/a.json"


def test_every_bundled_entry_has_defaults(catalog):
    for entry in catalog:
        options = default_options(entry, catalog, "EPSG:2154")
        offered = choices(entry, catalog)
        if entry.service == "wmts":
            assert options.tile_matrix_set in {link.tile_matrix_set for link in entry.tile_matrix_set_links}
            assert options.crs and options.format in entry.formats, entry.name
            assert options.style in {s.name for s in entry.styles} | {"normal"}, entry.name
        elif entry.service in ("wms-r", "wms-v"):
            assert options.crs in offered.crs or not offered.crs, entry.name
            assert options.format in offered.formats, entry.name
        elif entry.service == "wfs":
            # The project's CRS when offered, else the server's default (listed first).
            expected = "EPSG:2154" if "EPSG:2154" in offered.crs else (offered.crs or ("EPSG:4326",))[0]
            assert options.crs == expected, entry.name
        else:
            assert entry.service == "tms" and options.crs == "EPSG:3857"
            assert options.min_zoom <= options.max_zoom, entry.name
            if layer_kind(entry) == "vector-tile":
                assert options.style_url in {rebase(url) for _, url in offered.style_urls} | {""}
                assert options.style_url.endswith(".json") or not offered.style_urls, entry.name
            else:
                assert options.format in entry.formats, entry.name


def test_wfs_default_crs_is_the_documents_default(catalog):
    """Against the real WFS document read with plain lxml: a project in a CRS the layer does
    not offer gets the DefaultCRS the server declares."""
    from lxml import etree

    document = (Path(__file__).resolve().parents[1] / "data" / "capabilities"
                / "gpf_wfs_data.geopf.fr_2024-06-06_featuretypelist-only_happign.xml")
    ns = {"wfs": "http://www.opengis.net/wfs/2.0"}
    tree = etree.parse(str(document), etree.XMLParser(resolve_entities=False, no_network=True))
    for name in ("BDTOPO_V3:batiment", "CADASTRALPARCELS.PARCELLAIRE_EXPRESS:parcelle"):
        [declared] = tree.xpath("//wfs:FeatureType[wfs:Name=$n]/wfs:DefaultCRS/text()",
                                namespaces=ns, n=name)
        code = declared.rsplit(":", 1)[-1]  # urn:ogc:def:crs:EPSG::4326 -> 4326
        entry = catalog.get("wfs", name)
        assert default_options(entry, catalog, "EPSG:27572").crs == f"EPSG:{code}", name
