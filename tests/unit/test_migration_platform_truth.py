"""Issue 21: what the engine writes is what IGN's servers serve today (docs/reference/servers.md, case by
case), sources already on the Géoplateforme are checked (outdated, not_served), the dead shared
key ``ign_scan_ws`` makes a source needs_key, and a withdrawn layer's successor may be on
another service. Pure: the engine, the bundled snapshot or small real-shaped catalogues."""
import threading

import pytest

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.capabilities.model import Entry, Style, TileMatrixSetLink
from bascule_geoplateforme.core.catalog.catalog_index import Catalog, bundled_catalog
from bascule_geoplateforme.core.migration import engine
from bascule_geoplateforme.core.migration.engine import migrate_source, migrate_url
from bascule_geoplateforme.core.migration.report import Report, status_labels
from bascule_geoplateforme.core.platform.sources import parse_source

GPF_WMTS = "https://data.geopf.fr/wmts?SERVICE%3DWMTS%26VERSION%3D1.0.0%26REQUEST%3DGetCapabilities"
OLD_WMTS = "https://wxs.ign.fr/decouverte/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities"


def wmts(layer, tms, fmt="image/jpeg", style="normal", url=GPF_WMTS):
    return (f"contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format={fmt}"
            f"&layers={layer}&styles={style}&tileMatrixSet={tms}&tilePixelRatio=0&url={url}")


def params(source, provider="wms"):
    return dict(parse_source(provider, source).items())


def codes(result):
    return [m.code for m in result.messages]


@pytest.fixture(autouse=True)
def production_base(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


def snapshot_link(service, name):
    entry = bundled_catalog().get(service, name)
    return entry.tile_matrix_set_links[0].tile_matrix_set, entry.formats[0]


def assert_idempotent(result, provider="wms", catalog=None):
    again = migrate_source(provider, result.new_source, catalog)
    assert again.status == "current", (again.status, codes(again))
    assert again.new_source == result.new_source


# -- item 4: sources a strict server serves (docs/reference/servers.md, case by case) ---------------------------
def test_rok4_wmts_format_not_the_layers_is_switched_and_said():
    # docs/reference/servers.md §1: FORMAT ≠ the layer's single MIME → 400 "Format X unknown".
    tms, fmt = snapshot_link("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    assert fmt == "image/jpeg"
    result = migrate_source("wms", wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM", "image/png", url=OLD_WMTS))
    assert params(result.new_source)["format"] == "image/jpeg"
    assert "format_switched" in codes(result) and "format_mismatch" not in codes(result)
    said = next(m for m in result.messages if m.code == "format_switched")
    assert "image/png" in said.text("fr") and "image/jpeg" in said.text("en")
    assert_idempotent(result)


def test_rok4_wmts_empty_style_gets_the_layers_style():
    # docs/reference/servers.md §1: STYLE missing or empty → 400 "STYLE query parameter missing".
    result = migrate_source("wms", wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "PM", "image/png", style="",
                                        url=OLD_WMTS))
    assert params(result.new_source)["styles"] == "normal"
    assert "style_missing" in codes(result)
    assert_idempotent(result)


def test_rok4_wmts_style_not_the_layers_gets_its_default():
    # docs/reference/servers.md §1: STYLE not one of the layer's styles (`default` included) → 400.
    result = migrate_source("wms", wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM", style="default", url=OLD_WMTS))
    assert params(result.new_source)["styles"] == "normal"
    assert "style_default" in codes(result)


def test_rok4_wmts_tile_matrix_set_is_the_layers_link():
    # docs/reference/servers.md §1: a TILEMATRIXSET neither the layer's id nor its bare id → 400.
    tms, _ = snapshot_link("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    result = migrate_source("wms", wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM", url=OLD_WMTS))
    assert params(result.new_source)["tileMatrixSet"] == tms


def test_rok4_wmts_tile_template_format_and_style_fixed():
    src = ("type=xyz&url=https://wxs.ign.fr/decouverte/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetTile"
           "%26VERSION%3D1.0.0%26LAYER%3DORTHOIMAGERY.ORTHOPHOTOS%26STYLE%3D%26TILEMATRIXSET%3DPM"
           "%26TILEMATRIX%3D%7Bz%7D%26TILEROW%3D%7By%7D%26TILECOL%3D%7Bx%7D%26FORMAT%3Dimage%2Fpng")
    result = migrate_source("wms", src)
    url = params(result.new_source)["url"]
    assert "STYLE=normal" in url and "FORMAT=image/jpeg" in url and "TILEMATRIXSET=PM_" in url
    assert {"style_missing", "format_switched"} <= set(codes(result))


def test_empty_wms_style_is_the_servers_default_and_kept():
    # docs/reference/servers.md §2: STYLES empty = defaults, OK (absent is refused, not empty).
    src = ("crs=EPSG:2154&format=image/png&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&styles"
           "&url=https://wxs.ign.fr/essentiels/geoportail/r/wms?VERSION%3D1.3.0")
    result = migrate_source("wms", src)
    assert result.status == "migrated" and params(result.new_source)["styles"] is None


def test_rok4_wms_r_style_not_available_for_the_layer_gets_its_default():
    # docs/reference/servers.md §2: "Style X is not available for the layer L" (400).
    src = ("crs=EPSG:2154&format=image/png&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&styles=fancy"
           "&url=https://data.geopf.fr/wms-r/wms")
    result = migrate_source("wms", src)
    assert result.status == "outdated" and params(result.new_source)["styles"] == "normal"


def test_rok4_wms_r_version_other_than_130_is_pinned():
    # docs/reference/servers.md §2: VERSION=1.1.1 → VersionNegotiationFailed.
    for url in ("https://wxs.ign.fr/essentiels/geoportail/r/wms?VERSION%3D1.1.1",
                "https://data.geopf.fr/wms-r/wms?VERSION%3D1.1.1"):
        result = migrate_source("wms", "crs=EPSG:2154&format=image/png"
                                "&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&styles&url=" + url)
        assert params(result.new_source)["url"].endswith("VERSION=1.3.0"), result.new_source
        assert "version_pinned" in codes(result)
        assert result.status in ("migrated", "outdated")


def test_rok4_wms_r_format_not_in_the_service_list_is_switched():
    # docs/reference/servers.md §2: FORMAT not in map.formats → "Format X unknown".
    src = ("crs=EPSG:2154&format=image/webp&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&styles"
           "&url=https://data.geopf.fr/wms-r/wms")
    result = migrate_source("wms", src)
    assert result.status == "outdated" and params(result.new_source)["format"] == "image/png"
    assert_idempotent(result)


def test_rok4_wms_r_more_than_two_layers_is_reported_every_time():
    # docs/reference/servers.md §2 and IGN 2026-03-16: more layers than the limit → refused.
    names = "ORTHOIMAGERY.ORTHOPHOTOS,CADASTRALPARCELS.PARCELLAIRE_EXPRESS,GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
    src = f"crs=EPSG:2154&format=image/png&layers={names}&styles=,,&url=https://data.geopf.fr/wms-r/wms"
    result = migrate_source("wms", src)
    assert "wms_layer_limit" in codes(result) and result.new_source == src


def test_geoserver_wms_v_style_unknown_to_the_server_gets_the_layers_default():
    # docs/reference/servers.md §4: a style GeoServer does not know → StyleNotDefined (any style it lists is
    # accepted, even one of another layer).
    catalog = bundled_catalog()
    entry = next(e for e in catalog.entries("wms-v") if len(e.styles) == 1)
    other = next(s.name for e in catalog.entries("wms-v") for s in e.styles if e.name != entry.name)
    base = f"crs=EPSG:3857&format=image/png&layers={entry.name}&url=https://data.geopf.fr/wms-v/ows&styles="
    kept = migrate_source("wms", base + other)
    assert kept.status == "current"
    fixed = migrate_source("wms", base + "no-such-style")
    assert fixed.status == "outdated" and params(fixed.new_source)["styles"] == entry.styles[0].name
    assert migrate_source("wms", base).status == "current"  # empty: the layer's default


def test_geoserver_wms_v_unsupported_format_is_switched():
    # docs/reference/servers.md §4: "There is no support for creating maps in X format" (InvalidFormat).
    entry = bundled_catalog().entries("wms-v")[0]
    src = (f"crs=EPSG:3857&format=image/x-unknown&layers={entry.name}&styles"
           "&url=https://data.geopf.fr/wms-v/ows")
    result = migrate_source("wms", src)
    assert result.status == "outdated" and params(result.new_source)["format"] == "image/png"


def test_geoserver_unknown_typename_is_never_written():
    # docs/reference/servers.md §4: "Feature type prefix:name unknown". The snapshot lists the whole WFS.
    src = "typename='NOBODY:knows' url='https://wxs.ign.fr/essentiels/geoportail/wfs' version='auto'"
    result = migrate_source("WFS", src)
    assert result.status == "withdrawn" and result.new_source == src


def test_unknown_wmts_layer_is_never_written():
    result = migrate_source("wms", wmts("NO.SUCH.LAYER", "PM", url=OLD_WMTS))
    assert result.status == "withdrawn" and result.new_source == result.source


# -- item 6: sources already on the Géoplateforme ------------------------------------------------
def test_linked_tile_matrix_set_stays_current_byte_for_byte():
    tms, fmt = snapshot_link("wmts", "HR.ORTHOIMAGERY.ORTHOPHOTOS")
    src = wmts("HR.ORTHOIMAGERY.ORTHOPHOTOS", tms, fmt)
    result = migrate_source("wms", src)
    assert result.status == "current" and result.new_source is src and codes(result) == ["current"]


def test_bare_declared_tile_matrix_set_is_sound():
    # docs/reference/geoplateforme.md §9: a bare id (PM) is declared, ROK4 serves it: not outdated.
    assert "PM" in bundled_catalog().tile_matrix_sets
    src = wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM")
    assert migrate_source("wms", src).status == "current"


@pytest.mark.parametrize("old", ["PM_0_99", "PM_6_14"])  # declared nowhere / linked to others
def test_unlinked_tile_matrix_set_is_outdated_and_fixed(old):
    tms, fmt = snapshot_link("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    assert old != tms
    src = wmts("ORTHOIMAGERY.ORTHOPHOTOS", old, fmt)
    result = migrate_source("wms", src)
    assert result.status == "outdated"
    assert params(result.new_source)["tileMatrixSet"] == tms
    assert codes(result)[0] == "outdated" and "tms_linked" in codes(result)
    for lang in ("en", "fr"):  # what changed and what it becomes, in both languages
        text = result.text(lang)
        assert old in text and tms in text
    assert result.rewrites and result.applies
    assert_idempotent(result)


def test_refused_format_and_style_on_the_geoplateforme_are_outdated():
    tms, fmt = snapshot_link("wmts", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")
    src = wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", tms, "image/jpeg", style="")
    result = migrate_source("wms", src)
    assert result.status == "outdated"
    new = params(result.new_source)
    assert new["format"] == fmt and new["styles"] == "normal"
    assert_idempotent(result)


def test_renamed_layer_on_the_geoplateforme_is_outdated():
    src = wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGN", "PM", "image/png")  # Plan IGN v1 (IGN's tables)
    result = migrate_source("wms", src)
    assert result.status == "outdated"
    assert params(result.new_source)["layers"] == "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
    assert "layer_renamed" in codes(result)
    assert_idempotent(result)


def test_layer_newer_than_the_snapshot_is_not_called_withdrawn():
    # Plan IGN HD (2026-10) is missing from the 2024-based snapshot: a Géoplateforme source
    # naming it is not broken on that ground.
    src = wmts("IGNF_PLAN-IGN-HD", "PM_0_19", "image/png")
    result = migrate_source("wms", src)
    assert result.status == "current" and result.new_source is src


def test_private_source_keeps_its_own_key():
    url = "https://data.geopf.fr/private/wmts?apikey%3DMyOwnPersonalKeyABCDEF12%26SERVICE%3DWMTS"
    tms, fmt = snapshot_link("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS")
    src = wmts("GEOGRAPHICALGRIDSYSTEMS.MAPS", tms, fmt, url=url)
    result = migrate_source("wms", src)
    assert result.status == "current" and result.new_source is src


def test_control_fixtures_stay_current():
    from bascule_geoplateforme.core.migration.project_file import migrate_project_file  # noqa

    # mborne's helloworld-gpf: HR.ORTHOIMAGERY.ORTHOPHOTOS on PM_6_19, linked by the 2024-06
    # capture and by IGN's 2026-06 configuration (ortho key): current.
    src = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
           "&layers=HR.ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM_6_19&tilePixelRatio=0"
           "&url=https://data.geopf.fr/wmts?SERVICE%3DWMTS%26VERSION%3D1.0.0%26REQUEST%3DGetCapabilities")
    assert migrate_source("wms", src).status == "current"
    for url in ("https://data.geopf.fr/wmts?REQUEST=GetCapabilities&SERVICE=WMTS&VERSION=1.0.0",
                "https://data.geopf.fr/wms-r?REQUEST=GetCapabilities&SERVICE=WMS&VERSION=1.3.0",
                "https://data.geopf.fr/sandbox/wmts?REQUEST=GetCapabilities&SERVICE=WMTS&VERSION=1.0.0",
                "https://data-qua.priv.geopf.fr/wmts?REQUEST=GetCapabilities&SERVICE=WMTS&VERSION=1.0.0"):
        result = migrate_url(url)
        assert result.status == "current" and result.new_source is url


# -- not served today ----------------------------------------------------------------------------------
def refreshed_wmts(*names):
    """A catalogue read today from a full WMTS capabilities document (complete), listing
    ``names`` only, with their snapshot descriptions."""
    snapshot = bundled_catalog()
    entries = [snapshot.get("wmts", n) for n in names]
    return Catalog(entries, snapshot.tile_matrix_sets, themes={}, complete=("wmts",))


def test_layer_known_to_the_tables_absent_today_is_not_served_and_never_rewritten():
    catalog = refreshed_wmts("ORTHOIMAGERY.ORTHOPHOTOS")
    for url in (OLD_WMTS, GPF_WMTS):
        src = wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "PM", "image/png", url=url) + "&password=x&username=y"
        result = migrate_source("wms", src, catalog)
        assert result.status == "not_served", codes(result)
        assert result.new_source is src and not result.applies and "withdrawn" not in codes(result)
        assert "not_served" in codes(result)
        assert "unpublish" in result.text("en") and "dépublier" in result.text("fr")
    # The same layer with the snapshot (older than the tables): not judged absent.
    assert migrate_source("wms", wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "PM", "image/png",
                                      url=OLD_WMTS)).status in ("migrated", "renamed")


def test_catalogue_passed_decides_and_each_catalogue_keeps_its_own_lookups():
    today = refreshed_wmts("ORTHOIMAGERY.ORTHOPHOTOS", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")
    moved = Catalog([Entry("wmts", "ORTHOIMAGERY.ORTHOPHOTOS", styles=(Style("normal", is_default=True),),
                           tile_matrix_set_links=(TileMatrixSetLink("PM_0_19"),),
                           formats=("image/jpeg",))],
                    {k: v for k, v in bundled_catalog().tile_matrix_sets.items()}, themes={},
                    complete=("wmts",))
    src = wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM", url=OLD_WMTS)
    expected = {id(today): snapshot_link("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")[0], id(moved): "PM_0_19"}
    errors = []

    def run(catalog):
        try:
            for _ in range(200):
                got = params(migrate_source("wms", src, catalog).new_source)["tileMatrixSet"]
                assert got == expected[id(catalog)], got
        except AssertionError as err:  # reported to the main thread
            errors.append(err)

    threads = [threading.Thread(target=run, args=(c,)) for c in (today, moved, today, moved)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # catalog=None is the snapshot still.
    assert params(migrate_source("wms", src).new_source)["tileMatrixSet"] == expected[id(today)]


# -- item 5: the dead shared key ign_scan_ws ------------------------------------------------------
SCAN_FORMS = {
    # IGN's own configuration (ign_scan_wsConfig_gpf_2026-06.json): the private WMTS with the key
    "wmts-query": ("wms", wmts("GEOGRAPHICALGRIDSYSTEMS.MAPS", "PM_0_18", url=(
        "https://data.geopf.fr/private/wmts?apikey%3Dign_scan_ws%26SERVICE%3DWMTS"
        "%26REQUEST%3DGetCapabilities")), "GEOGRAPHICALGRIDSYSTEMS.MAPS"),
    "wms-r-query": ("wms", "crs=EPSG:3857&format=image/jpeg&layers=SCAN100_PYR-JPEG_WLD_WM&styles="
                    "&url=https://data.geopf.fr/private/wms-r?apikey%3Dign_scan_ws", "SCAN100_PYR-JPEG_WLD_WM"),
    "wmts-header": ("wms", wmts("GEOGRAPHICALGRIDSYSTEMS.MAPS", "PM_0_18", url=(
        "https://data.geopf.fr/private/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities"))
        + "&http-header:apikey=ign_scan_ws", "GEOGRAPHICALGRIDSYSTEMS.MAPS"),
    "old-host-path": ("wms", wmts("GEOGRAPHICALGRIDSYSTEMS.MAPS", "PM", url=(
        "https://wxs.ign.fr/ign_scan_ws/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")),
        "GEOGRAPHICALGRIDSYSTEMS.MAPS"),
    "connection": ("url", "https://data.geopf.fr/private/wmts?apikey=ign_scan_ws&SERVICE=WMTS"
                   "&REQUEST=GetCapabilities", ""),
}


@pytest.mark.parametrize("form", sorted(SCAN_FORMS))
def test_ign_scan_ws_is_dead_needs_key_and_removed(form):
    provider, src, layer = SCAN_FORMS[form]
    result = migrate_source(provider, src)
    assert result.status == "needs_key", (form, codes(result))
    assert "ign_scan_ws" not in result.new_source
    assert "/private/" in result.new_source
    assert "dead_key" in codes(result)
    said = next(m for m in result.messages if m.code == "dead_key")
    assert "2026-10-26" in said.text("en") and "26/10/2026" in said.text("fr")
    assert "ign_scan_ws" in said.text("en")  # IGN's published sample key, named
    if layer:
        assert params(result.new_source, provider)["layers"] == layer
    # needs_key: the caller's key goes where the dead one was; a second pass is current.
    assert_idempotent(result, provider)


def test_ign_scan_ws_not_reported_as_already_on_the_geoplateforme():
    provider, src, _ = SCAN_FORMS["wmts-query"]
    result = migrate_source(provider, src)
    assert "Already on the Géoplateforme ({host}): left unchanged." not in result.text("en")
    assert result.rewrites


# -- item 7: successors across services ------------------------------------------------------------
def test_withdrawn_wms_r_layer_offers_the_wmts_layer_of_the_same_name():
    catalog = bundled_catalog()
    assert catalog.get("wms-r", "PROTECTEDAREAS.APB") is None
    assert catalog.get("wmts", "PROTECTEDAREAS.APB") is not None
    for url in ("https://wxs.ign.fr/environnement/geoportail/r/wms", "https://data.geopf.fr/wms-r/wms"):
        src = f"crs=EPSG:3857&format=image/png&layers=PROTECTEDAREAS.APB&styles&url={url}"
        result = migrate_source("wms", src)
        assert result.status == "withdrawn" and result.new_source == src
        assert result.suggestion["service"] == "wmts"
        assert result.suggestion["name"] == "PROTECTEDAREAS.APB"
        assert "suggestion" in codes(result)


def test_no_successor_when_no_service_lists_the_name():
    result = migrate_source("wms", "crs=EPSG:3857&format=image/png&layers=NOBODY.KNOWS&styles"
                            "&url=https://wxs.ign.fr/environnement/geoportail/wmts?SERVICE%3DWMTS")
    assert result.status in ("withdrawn", "migrated") and result.suggestion is None


# -- labels and counts ------------------------------------------------------------------------------
def test_outdated_and_not_served_are_labelled_and_counted():
    for lang in ("en", "fr"):
        labels = status_labels(lang)
        assert labels["outdated"] and labels["not_served"]
        assert labels["outdated"] != labels["current"]
    src = wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM_0_99")
    report = Report()
    report.add(migrate_source("wms", src), "a", "Ortho")
    report.add(migrate_source("wms", wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "PM", "image/png"),
                              refreshed_wmts("ORTHOIMAGERY.ORTHOPHOTOS")), "b", "Plan")
    assert report.counts["outdated"] == 1 and report.counts["not_served"] == 1
    assert "à corriger" in report.to_html("fr") and "not served today" in report.to_html("en")
    assert ",outdated," in report.csv_text() and ",not_served," in report.csv_text()
    assert len(report.changed) == 1


def test_statuses_are_plain_strings():
    assert all(isinstance(s, str) for s in engine.STATUSES)
    assert {"outdated", "not_served"} <= set(engine.STATUSES)
    assert "outdated" in engine.REWRITES and "not_served" not in engine.REWRITES


def test_batch_runs_count_an_outdated_project_as_changed():
    from bascule_geoplateforme.core.migration import fleet

    report = Report()
    report.add(migrate_source("wms", wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM_0_99")), "a", "Ortho")
    run = fleet.FleetRun("t", dry_run=False)
    outcome = run.add_report("/p/projet.qgz", report)
    assert outcome.state == fleet.CHANGED and outcome.changed == 1
    assert "Géoplateforme, à corriger\u00a0: 1" in run.summary("fr")


def test_layer_moved_to_another_service_on_the_geoplateforme_is_outdated():
    # IGN's tables: FORETS.PUBLIQUES is served by the WMS-V now (docs/reference/geoplateforme.md §7).
    src = "crs=EPSG:3857&format=image/png&layers=FORETS.PUBLIQUES&styles&url=https://data.geopf.fr/wms-r/wms"
    result = migrate_source("wms", src)
    assert result.status == "outdated"
    assert params(result.new_source)["url"] == "https://data.geopf.fr/wms-v/ows"
    assert "service_moved" in codes(result)
    assert_idempotent(result)


def test_legacy_wmts_layer_unknown_to_the_catalogue_never_gets_an_empty_style():
    src = wmts("SOME.LAYER.NOT.LISTED", "PM", style="", url=OLD_WMTS)
    result = migrate_source("wms", src, Catalog([], themes={}))  # nothing listed, nothing complete
    assert result.status in ("migrated", "renamed") and params(result.new_source)["styles"] == "normal"


def test_not_served_layer_left_byte_for_byte_in_a_project_file(tmp_path):
    from xml.sax.saxutils import escape

    from bascule_geoplateforme.core.migration.project_file import migrate_project_file

    snapshot = bundled_catalog()
    # Read today: the whole WMTS and WMS-R, Plan IGN v2 unpublished from both.
    today = Catalog([snapshot.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")], snapshot.tile_matrix_sets,
                    themes={}, complete=("wmts", "wms-r"))
    plan = wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "PM", "image/png", url=OLD_WMTS) + "&password=p&username=u"
    ortho = wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM", url=OLD_WMTS)
    old_form = "url=http://wxs.ign.fr/essentiels/geoportail/r/wms,username=u,password=p,featureCount=10"
    layers = "".join(
        f'<maplayer type="raster"><id>{i}</id><datasource>{escape(s)}</datasource>'
        f"<layername>{i}</layername><provider>wms</provider>{extra}</maplayer>"
        for i, s, extra in (("plan", plan, ""), ("ortho", ortho, ""),
                            ("old", old_form, "<rasterproperties><wmsSublayer><name>GEOGRAPHICALGRIDSYSTEMS"
                                              ".PLANIGNV2</name><style>normal</style></wmsSublayer><wmsFormat>"
                                              "image/png</wmsFormat></rasterproperties>")))
    path = tmp_path / "p.qgs"
    path.write_text(f'<qgis version="3.22.0"><projectlayers>{layers}</projectlayers></qgis>', encoding="utf-8")
    report = migrate_project_file(path, catalog=today)
    statuses = {d.layer_id: d.status for d in report.decisions}
    assert statuses == {"plan": "not_served", "ortho": statuses["ortho"], "old": "not_served"}
    assert statuses["ortho"] in ("migrated", "renamed")
    written = path.read_text(encoding="utf-8")
    # Never rewritten, not even for the dead credentials (it may come back as it is).
    assert escape(plan) in written and escape(old_form) in written and escape(ortho) not in written


def test_lookups_of_a_dropped_catalogue_go_with_it():
    import gc

    catalog = refreshed_wmts("ORTHOIMAGERY.ORTHOPHOTOS")
    migrate_source("wms", wmts("ORTHOIMAGERY.ORTHOPHOTOS", "PM", url=OLD_WMTS), catalog)
    assert catalog in engine._knowledge_cache
    before = len(engine._knowledge_cache)
    del catalog
    gc.collect()
    assert len(engine._knowledge_cache) == before - 1


def test_a_per_layer_id_the_catalogue_does_not_declare_is_not_written():
    # The tables give PLANIGNV2 PM_0_19; a catalogue that declares PM but not PM_0_19 (and
    # does not describe the layer) keeps the bare id, which QGIS opens and ROK4 serves.
    snapshot = bundled_catalog()
    sets = {k: v for k, v in snapshot.tile_matrix_sets.items() if k == "PM"}
    catalog = Catalog([], sets, themes={})
    result = migrate_source("wms", wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "PM", "image/png", url=OLD_WMTS),
                            catalog)
    assert params(result.new_source)["tileMatrixSet"] == "PM"
    declared = Catalog([], {k: v for k, v in snapshot.tile_matrix_sets.items() if k in ("PM", "PM_0_19")},
                       themes={})
    result = migrate_source("wms", wmts("GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", "PM", "image/png", url=OLD_WMTS),
                            declared)
    assert params(result.new_source)["tileMatrixSet"] == "PM_0_19"


@pytest.mark.parametrize("placeholder", ["%7Bformat%7D", "{format}"])
def test_xyz_template_with_a_format_placeholder_gets_the_layers_format(placeholder):
    """An XYZ template asking FORMAT={format} would ask every tile in a format ROK4 does not
    know: the layer's own format is written, and said."""
    template = ("https://wxs.ign.fr/essentiels/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetTile"
                "%26VERSION%3D1.0.0%26LAYER%3DORTHOIMAGERY.ORTHOPHOTOS%26STYLE%3Dnormal"
                f"%26TILEMATRIXSET%3DPM%26FORMAT%3D{placeholder}%26TILEMATRIX%3D%7Bz%7D"
                "%26TILEROW%3D%7By%7D%26TILECOL%3D%7Bx%7D")
    result = migrate_source("wms", f"type=xyz&url={template}&zmax=19&zmin=0")
    assert result.status == "renamed"
    assert "format_switched" in codes(result)
    assert "FORMAT%3Dimage/jpeg" in result.new_source and "format" not in result.new_source.split(
        "FORMAT%3D", 1)[1].split("%26", 1)[0]
    assert migrate_source("wms", result.new_source).status == "current"


@pytest.mark.parametrize("form", ["wmts-query", "wms-r-query"])
def test_keyed_wms_and_wmts_sources_ignore_every_advertised_address(form):
    """A restricted layer's tile, map and feature-info requests go to the private endpoint, never
    to addresses the capabilities advertise (public ones, or another host the key must not
    reach)."""
    provider, src, _layer = SCAN_FORMS[form]
    written = params(migrate_source(provider, src).new_source)
    assert written["IgnoreGetMapUrl"] == "1" and written["IgnoreGetFeatureInfoUrl"] == "1"
