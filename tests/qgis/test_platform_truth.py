"""Issue 21 in real QGIS, against the loopback Géoplateforme: a withdrawn WMS-R layer replaced
by the WMTS layer of the same name (and put back by Revert); a source already on the
Géoplateforme whose tile matrix set and format the servers refuse found "outdated", fixed and
reverted in the dialog and fixed as the project opens, while a sound one is left alone; saved
connections relying on IGN's dead shared key ``ign_scan_ws``."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from qgis.core import QgsProject, QgsRasterLayer, QgsSettings

from bascule_geoplateforme.core.migration.qgis_side import saved_connections, open_hook
from bascule_geoplateforme.core.toolbelt.qgis_side import settings as preferences
from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.core.platform.sources import parse_source
from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)

LEGACY_APB = ("crs=EPSG:3857&dpiMode=7&format=image/png&layers=PROTECTEDAREAS.APB&styles"
              "&url=https://wxs.ign.fr/environnement/geoportail/r/wms")


def wmts_source(base, layer, tms, fmt, style="normal"):
    url = quote(f"{base}/wmts?SERVICE=WMTS&VERSION=1.0.0&REQUEST=GetCapabilities", safe=":/")
    return (f"contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format={fmt}"
            f"&layers={layer}&styles={style}&tileMatrixSet={tms}&tilePixelRatio=0&url={url}")


def items(layer):
    return dict(parse_source(layer.providerType(), layer.source()).items())


def project_file(tmp_path, sources, name="made.qgs"):
    """A project file holding these (name, source) WMS layers, written by QGIS itself."""
    project = QgsProject.instance()
    project.clear()
    ids = {}
    for layer_name, source in sources:
        layer = QgsRasterLayer(source, layer_name, "wms",
                               QgsRasterLayer.LayerOptions(loadDefaultStyle=False))
        project.addMapLayer(layer)
        ids[layer_name] = layer.id()
    path = tmp_path / name
    assert project.write(str(path))
    project.clear()
    return path, ids


def read(path):
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path), QgsProject.ReadFlag.FlagDontResolveLayers)
    return project


def select(dialog, layer_id):
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findData(""))
    for row in range(dialog.proxy.rowCount()):
        index = dialog.proxy.index(row, 0)
        if dialog.plans[dialog.proxy.mapToSource(index).row()].layer_id == layer_id:
            dialog.table.setCurrentIndex(index)
            return dialog.selected_plan()
    raise AssertionError(f"{layer_id} is not shown")


def tree(project):
    return [(n.layerId(), n.parent().name()) for n in project.layerTreeRoot().findLayers()]


def outdated_and_sound(base):
    """ORTHOIMAGERY.ORTHOPHOTOS on a tile matrix set another layer links and in PNG (the
    WMTS serves it in JPEG only), and HR.ORTHOIMAGERY.ORTHOPHOTOS on its own link."""
    catalog = bundled_catalog()
    ortho = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    linked = ortho.tile_matrix_set_links[0].tile_matrix_set
    other = next(l.tile_matrix_set for e in catalog.entries("wmts") for l in e.tile_matrix_set_links
                 if l.tile_matrix_set.startswith("PM_") and l.tile_matrix_set != linked)
    hr = catalog.get("wmts", "HR.ORTHOIMAGERY.ORTHOPHOTOS")
    sound = wmts_source(base, hr.name, hr.tile_matrix_set_links[0].tile_matrix_set, hr.formats[0])
    return (wmts_source(base, ortho.name, other, "image/png"), sound,
            {"old": other, "new": linked, "format": ortho.formats[0]})


# -- successors across services ---------------------------------------------------------------------
def test_withdrawn_wms_r_layer_replaced_by_the_wmts_layer_of_its_name_and_reverted(gpf, tmp_path):
    path, ids = project_file(tmp_path, [("Arrêtés de biotope", LEGACY_APB)])
    project = read(path)
    layer_id = ids["Arrêtés de biotope"]
    before_tree, before_source = tree(project), project.mapLayer(layer_id).source()
    dialog = MigrationDialog(project=project)
    plan = select(dialog, layer_id)
    assert plan.status == "withdrawn"
    assert plan.migration.suggestion == {"service": "wmts", "name": "PROTECTEDAREAS.APB", "across": True}
    assert dialog.replace_action.isEnabled()
    assert dialog.replace_action.text() == "Replace with PROTECTEDAREAS.APB"
    record = dialog.replace_withdrawn()
    assert record is not None and project.mapLayer(layer_id) is None
    new = project.mapLayer(record.new_id)
    assert new.isValid() and new.name() == "Arrêtés de biotope"
    source = items(new)
    assert source["layers"] == "PROTECTEDAREAS.APB" and "tileMatrixSet" in source
    assert source["url"].startswith(gpf.base_url + "/wmts")
    # QGIS read the WMTS capabilities from the loopback to open the successor.
    assert any(r.path.startswith("/wmts") for r in gpf.requests)
    dialog.revert()
    assert tree(project) == before_tree
    assert project.mapLayer(layer_id).source() == before_source
    assert project.mapLayer(record.new_id) is None
    project.clear()


# -- outdated sources on the Géoplateforme ------------------------------------------------------------
def test_outdated_layer_found_fixed_and_reverted_in_the_dialog(gpf, tmp_path):
    outdated, sound, expected = outdated_and_sound(gpf.base_url)
    path, ids = project_file(tmp_path, [("ortho", outdated), ("hr", sound)])
    project = read(path)
    dialog = MigrationDialog(project=project)
    plans = {p.layer_id: p for p in dialog.plans}
    assert plans[ids["hr"]].status == "current" and not plans[ids["hr"]].checked
    plan = plans[ids["ortho"]]
    assert plan.status == "outdated" and plan.checked and plan.applicable
    assert dialog.status_filter.findData("outdated") >= 0  # the filter offers the status
    text = plan.migration.text("fr")
    assert expected["old"] in text and expected["new"] in text and "image/png" in text
    dialog.apply()
    layer = project.mapLayer(ids["ortho"])
    fixed = items(layer)
    assert fixed["tileMatrixSet"] == expected["new"] and fixed["format"] == expected["format"]
    assert layer.isValid()
    assert project.mapLayer(ids["hr"]).source() == sound
    assert {p.layer_id: p.status for p in dialog.plans}[ids["ortho"]] == "current"  # fixed
    dialog.revert()
    assert project.mapLayer(ids["ortho"]).source() == outdated
    project.clear()


def test_the_open_notice_tells_outdated_layers_from_old_geoportail_ones(gpf, tmp_path, qgis_iface):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    outdated, sound, _ = outdated_and_sound(gpf.base_url)
    path, _ = project_file(tmp_path, [("ortho", outdated), ("hr", sound), ("apb", LEGACY_APB)])
    plugin = BasculeGeoplateformePlugin(qgis_iface)
    read(path)
    plugin.detect_legacy_sources()
    text = plugin.legacy_message.text()
    assert "1 layer(s) of this project still use the old Géoportail" in text
    assert "1 layer(s) on the Géoplateforme ask for what its servers refuse today" in text
    plugin._pop_legacy_message()
    QgsProject.instance().clear()


@pytest.fixture
def migrate_on_open():
    preferences.MIGRATE_ON_OPEN.set(True)
    yield
    preferences.MIGRATE_ON_OPEN.set(False)


def test_outdated_layer_fixed_as_the_project_opens(gpf, tmp_path, migrate_on_open):
    outdated, sound, expected = outdated_and_sound(gpf.base_url)
    path, ids = project_file(tmp_path, [("ortho", outdated), ("hr", sound)])
    handler = open_hook.OpenMigrationHandler()
    assert handler.handleProjectOpen(str(path))
    result = handler.take_result(str(path))
    assert [change[0] for change in result.applied.changes] == [ids["ortho"]]
    project = QgsProject.instance()
    layer = project.mapLayer(ids["ortho"])
    assert items(layer)["tileMatrixSet"] == expected["new"] and layer.isValid()
    assert project.mapLayer(ids["hr"]).source() == sound
    result.applied.revert()  # the dialog's Revert after an open: the file's sources
    assert project.mapLayer(ids["ortho"]).source() == outdated
    project.clear()


# -- saved connections and the dead shared key -----------------------------------------------------------
@pytest.fixture
def profile_settings(monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    settings = QgsSettings()
    groups = [g for kind in saved_connections.KINDS.values() for g in kind[:2]]
    yield settings
    for group in groups:
        settings.remove(group)
    settings.remove("qgis/WMS")
    settings.remove(saved_connections.UNDO_KEY)


def test_connections_relying_on_ign_scan_ws_lose_it(profile_settings, auth_manager):
    # auth_manager: the replaced addresses go sealed into the auth database (the undo log
    # keeps no key in the settings), so the test unlocks it as a user would.
    from bascule_geoplateforme.core.keys.qgis_side import key_store

    old, new, _ = saved_connections.KINDS["wms"]
    groups = [new, old] if saved_connections.new_layout() else [old]
    query = "https://data.geopf.fr/private/wmts?apikey=ign_scan_ws&SERVICE=WMTS&REQUEST=GetCapabilities"
    header = "https://data.geopf.fr/private/wms-r?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities"
    for group in groups:
        profile_settings.setValue(f"{group}/SCAN requête/url", query)
        profile_settings.setValue(f"{group}/SCAN entête/url", header)
    profile_settings.setValue(f"{old}/SCAN entête/http-header/apikey", "ign_scan_ws")
    keys_before = {k.id for k in key_store.keys()}
    listed = {c.name: c for c in saved_connections.list_connections()}
    assert {c.status for c in listed.values()} == {"needs_key"}
    assert all(c.changes and not c.hash_key for c in listed.values())
    assert "ign_scan_ws" not in listed["SCAN requête"].new_url
    assert len(saved_connections.migrate(list(listed.values()))) == 2
    after = {c.name: c for c in saved_connections.list_connections()}
    assert {c.status for c in after.values()} == {"current"}
    assert after["SCAN requête"].url == "https://data.geopf.fr/private/wmts?SERVICE=WMTS&REQUEST=GetCapabilities"
    assert not profile_settings.value(f"{old}/SCAN entête/http-header/apikey", "")
    assert {k.id for k in key_store.keys()} == keys_before  # the dead key never became a "key"
    saved_connections.undo()
    assert {c.name: c.url for c in saved_connections.list_connections()}["SCAN requête"] == query


def test_saved_connections_on_the_geoplateforme_get_the_same_check(profile_settings, auth_manager):
    """An XYZ connection already on data.geopf.fr asking ORTHOIMAGERY.ORTHOPHOTOS on a set IGN
    no longer links it to and in PNG (ROK4 refuses both) and a WMS-R connection in WMS 1.1.1:
    outdated, fixed, undone; the same XYZ template on the layer's own set and format is left."""
    template = ("https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                "&LAYER=ORTHOIMAGERY.ORTHOPHOTOS&STYLE=normal&TILEMATRIXSET={tms}"
                "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&FORMAT={fmt}")
    catalog = bundled_catalog()
    ortho = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    linked, fmt = ortho.tile_matrix_set_links[0].tile_matrix_set, ortho.formats[0]
    urls = {("xyz", "Ortho ancienne"): template.format(tms="PM_0_21", fmt="image/png"),
            ("xyz", "Ortho à jour"): template.format(tms=linked, fmt=fmt),
            ("wms", "Plan WMS"): "https://data.geopf.fr/wms-r?SERVICE=WMS&VERSION=1.1.1&REQUEST=GetCapabilities"}
    assert linked != "PM_0_21" and fmt != "image/png"
    for (kind, name), url in urls.items():
        old, new, _ = saved_connections.KINDS[kind]
        for group in ([new, old] if saved_connections.new_layout() else [old]):
            profile_settings.setValue(f"{group}/{name}/url", url)
    listed = {c.name: c for c in saved_connections.list_connections(catalog)}
    assert {n: c.status for n, c in listed.items()} == {
        "Ortho ancienne": "outdated", "Ortho à jour": "current", "Plan WMS": "outdated"}
    fixed = listed["Ortho ancienne"].new_url
    assert f"TILEMATRIXSET={linked}&" in fixed and f"FORMAT={fmt}" in fixed
    assert "VERSION=1.3.0" in listed["Plan WMS"].new_url
    written = saved_connections.migrate([c for c in listed.values() if c.changes])
    assert sorted(c.name for c in written) == ["Ortho ancienne", "Plan WMS"]
    after = {c.name: c for c in saved_connections.list_connections(catalog)}
    assert {c.status for c in after.values()} == {"current"}
    assert after["Ortho ancienne"].url == fixed and after["Ortho à jour"].url == urls[("xyz", "Ortho à jour")]
    saved_connections.undo()
    assert {c.name: c.url for c in saved_connections.list_connections(catalog)} == {
        name: url for (_, name), url in urls.items()}


# -- Processing: counts, and ign_scan_ws layers drawing with the user's key --------------------------------
def test_processing_fixes_dead_key_and_outdated_layers_which_then_draw_with_the_users_key(
        provider, gpf, tmp_path, basic_authcfg):
    """IGN's forms of ``apikey=ign_scan_ws`` (private WMTS and WMS-R, on the loopback base) and an
    outdated layer: the algorithm counts the three, the dead key is gone from the bytes, the
    user's key is on the restricted layers, and they draw asking the loopback with it."""
    import processing
    from xml.sax.saxutils import escape

    from qgis_helpers import PARIS_3857, painted_pixels, render

    base = gpf.base_url
    scan_wmts = wmts_source(base, "GEOGRAPHICALGRIDSYSTEMS.MAPS", "PM_0_18", "image/jpeg").replace(
        quote(f"{base}/wmts?", safe=":/"), quote(f"{base}/private/wmts?apikey=ign_scan_ws&", safe=":/"))
    scan_wms = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
                "&layers=SCAN100_PYR-JPEG_WLD_WM&styles=SCAN100"
                f"&url={quote(base + '/private/wms-r?apikey=ign_scan_ws', safe=':/')}")
    outdated, sound, expected = outdated_and_sound(base)
    sources = {"scan_wmts": scan_wmts, "scan_wms": scan_wms, "outdated": outdated, "sound": sound}
    layers = "".join(
        f'<maplayer type="raster"><id>{i}</id><datasource>{escape(s)}</datasource>'
        f"<layername>{i}</layername><provider>wms</provider></maplayer>" for i, s in sources.items())
    path = tmp_path / "scan.qgs"
    path.write_text(f'<qgis version="3.22.0"><projectlayers>{layers}</projectlayers></qgis>',
                    encoding="utf-8")
    report = tmp_path / "report.csv"
    result = processing.run("bascule_geoplateforme:migrateprojectfile",
                            {"INPUT": str(path), "KEY": basic_authcfg, "BACKUP": False,
                             "REPORT": str(report)})
    assert result["CHANGED"] == 3
    rows = report.read_text(encoding="utf-8-sig")
    assert ",needs_key," in rows and ",outdated," in rows and ",current," in rows
    text = path.read_text(encoding="utf-8")
    assert "ign_scan_ws" not in text and text.count(f"authcfg={basic_authcfg}") == 2
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path))
    by_name = {layer.name(): layer for layer in project.mapLayers().values()}
    assert sorted(by_name) == sorted(sources)
    for layer_id, prefix in (("scan_wmts", "/private/wmts"), ("scan_wms", "/private/wms-r")):
        layer = by_name[layer_id]
        assert layer.isValid(), layer_id
        assert painted_pixels(render(layer, PARIS_3857)) > 200, layer_id
        asked = gpf.requests_to(prefix)
        assert asked and {r.headers.get("authorization", "")[:6] for r in asked} == {"Basic "}
        assert not any("ign_scan_ws" in str(r.query) for r in asked)
    fixed = by_name["outdated"]
    assert fixed.isValid() and items(fixed)["tileMatrixSet"] == expected["new"]
    project.clear()
