"""Migrating the open project through the dialog's own code path, against the loopback server.

The real projects are read with FlagDontResolveLayers: their layers start invalid, as they do
for a user (the old hosts no longer answer), without the test sending requests to them.
"""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from lxml import etree
from qgis.core import QgsProject

from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.migration.qgis_side.live_migration import legacy_plans, plan_project
from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog
from qgis_helpers import PARIS_2154, PARIS_3857, painted_pixels, render, saved_bytes, without_undo_record
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
PRINT_PROJECT = "lizmap_54bf451__test_print.qgs"
WMS_PROJECT = "lizmap_77c0c38__external_wms_layer.qgs"
QGZ_PROJECT = "cerema-quadogeo_c245425__72_position_pcrs.qgz"


def open_project(tmp_path, name):
    path = tmp_path / name
    shutil.copyfile(PROJECTS / name, path)
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path), QgsProject.ReadFlag.FlagDontResolveLayers)
    return project


def tree_state(project):
    return [(node.layerId(), node.name(), node.isVisible(), node.parent().name())
            for node in project.layerTreeRoot().findLayers()]


def saved_sources(path):
    """{layer id: [every source string the saved .qgs holds for it]}."""
    root = etree.parse(str(path)).getroot()
    found = {}
    for maplayer in root.iter("maplayer"):
        found.setdefault(maplayer.findtext("id"), []).append(maplayer.findtext("datasource"))
    for node in root.iter("layer-tree-layer"):
        found.setdefault(node.get("id"), []).append(node.get("source"))
    return found


@pytest.mark.parametrize("name", [PRINT_PROJECT, QGZ_PROJECT])
def test_migrate_wmts_project_through_the_dialog(gpf, tmp_path, name):
    project = open_project(tmp_path, name)
    before = {l.id(): (l.name(), l.source(), l.type()) for l in project.mapLayers().values()}
    tree_before = tree_state(project)
    dialog = MigrationDialog(project=project)
    legacy = [p for p in dialog.plans if p.applicable]
    assert legacy and all(p.checked for p in legacy)
    assert all("wxs.ign.fr" in p.migration.source for p in legacy)
    dialog.apply()

    for plan in legacy:
        layer = project.mapLayer(plan.layer_id)
        assert layer.isValid(), layer.error().summary()
        assert layer.source() == plan.migration.new_source
        assert gpf.base_url in layer.source() and "wxs.ign.fr" not in layer.source()
        assert painted_pixels(render(layer, PARIS_3857)) > 200
    tiles = gpf.requests_to("/wmts", "GetTile")
    assert tiles and "PM" not in {r.param("TILEMATRIXSET") for r in tiles}
    # Ids, names, types and the layer tree are unchanged; local layers keep their source.
    after = {l.id(): (l.name(), l.source(), l.type()) for l in project.mapLayers().values()}
    assert set(after) == set(before)
    migrated_ids = {p.layer_id for p in legacy}
    for layer_id, (layer_name, source, kind) in before.items():
        assert after[layer_id][0] == layer_name and after[layer_id][2] == kind
        if layer_id not in migrated_ids:
            assert after[layer_id][1] == source
    assert tree_state(project) == tree_before

    # The saved project holds the new source everywhere a source appears.
    saved = tmp_path / "saved.qgs"
    assert project.write(str(saved))
    assert "wxs.ign.fr" not in without_undo_record(saved.read_text(encoding="utf-8"))
    sources = saved_sources(saved)
    for plan in legacy:
        assert set(sources[plan.layer_id]) == {plan.migration.new_source}

    # Revert puts back the original sources exactly, in one step.
    dialog.revert()
    for layer_id, (_, source, _) in before.items():
        assert project.mapLayer(layer_id).source() == source
    assert not dialog.revert_button.isEnabled()
    reverted = tmp_path / "reverted.qgs"
    assert project.write(str(reverted))
    for plan in legacy:
        assert set(saved_sources(reverted)[plan.layer_id]) == {plan.migration.source}


def test_wms_project_renders_in_lambert93(gpf, tmp_path):
    project = open_project(tmp_path, WMS_PROJECT)
    dialog = MigrationDialog(project=project)
    dialog.apply()
    wms = [project.mapLayer(p.layer_id) for p in dialog.plans if p.provider == "wms"]
    assert len(wms) == 2 and all(layer.isValid() for layer in wms)
    image = render(wms[0], PARIS_2154)
    assert painted_pixels(image) > 200
    getmap = gpf.requests_to("/wms-r/wms", "GetMap")
    assert getmap and {r.param("CRS") for r in getmap} == {"EPSG:2154"}
    assert {r.param("LAYERS") for r in getmap} == {"GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"}


def test_change_persists_when_the_new_source_is_unreachable(tmp_path, monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    monkeypatch.setenv("BASCULE_GPF_BASE_URL", dead)
    project = open_project(tmp_path, PRINT_PROJECT)
    dialog = MigrationDialog(project=project)
    dialog.apply()
    plan = next(p for p in dialog.plans if p.provider == "wms")
    assert not project.mapLayer(plan.layer_id).isValid()
    saved = tmp_path / "saved.qgs"
    assert project.write(str(saved))
    assert saved_sources(saved)[plan.layer_id] == [plan.migration.new_source] * 2
    assert "wxs.ign.fr" not in without_undo_record(saved.read_text(encoding="utf-8"))


def test_unchecked_layers_are_left_alone_and_report_exports(gpf, tmp_path):
    project = open_project(tmp_path, WMS_PROJECT)
    dialog = MigrationDialog(project=project)
    first, second = [p for p in dialog.plans if p.applicable]
    row = dialog.plans.index(first)
    dialog.model.setData(dialog.model.index(row, 0), 0, 10)  # Qt.CheckStateRole = 10
    assert not first.checked
    old = project.mapLayer(first.layer_id).source()
    dialog.apply()
    assert project.mapLayer(first.layer_id).source() == old
    assert project.mapLayer(second.layer_id).source() == second.migration.new_source
    dialog.export_report(str(tmp_path / "report.csv"))
    dialog.export_report(str(tmp_path / "report.html"))
    csv_text = (tmp_path / "report.csv").read_text(encoding="utf-8")
    assert first.name in csv_text and "wxs.ign.fr" in csv_text  # the unchecked one still is
    assert "<html" in (tmp_path / "report.html").read_text(encoding="utf-8").lower()


def test_status_filter_and_detection(gpf, tmp_path):
    project = open_project(tmp_path, PRINT_PROJECT)
    assert [p.name for p in legacy_plans(project)] == ["ign-photo"]
    dialog = MigrationDialog(project=project)
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findData("unchanged"))
    assert dialog.proxy.rowCount() == len([p for p in dialog.plans if p.status == "unchanged"]) == 3
    dialog.apply()
    assert legacy_plans(project) == []
    assert {p.status for p in plan_project(project)} == {"unchanged", "current"}


LEGACY_VT = ("styleUrl=https://wxs.ign.fr/static/vectorTiles/styles/PLAN.IGN/essentiels/standard.json"
             "&type=xyz&url=https://wxs.ign.fr/essentiels/geoportail/tms/1.0.0/PLAN.IGN/"
             "%7Bz%7D/%7Bx%7D/%7By%7D.pbf&zmax=18&zmin=0")
LEGACY_PLAN_WMTS = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10"
                    "&format=application/x-protobuf&layers=PLAN.IGN&styles=normal&tileMatrixSet=PM"
                    "&url=https://wxs.ign.fr/essentiels/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


def test_vector_tile_layer_rewritten_in_place(gpf, tmp_path):
    from qgis.core import QgsVectorTileLayer

    project = QgsProject.instance()
    project.clear()
    layer = QgsVectorTileLayer(LEGACY_VT, "Plan IGN vecteur")
    project.addMapLayer(layer)
    layer_id = layer.id()
    dialog = MigrationDialog(project=project)
    plan = next(p for p in dialog.plans if p.layer_id == layer_id)
    assert plan.status == "migrated" and plan.checked
    dialog.apply()
    layer = project.mapLayer(layer_id)
    assert layer.isValid()
    assert f"{gpf.base_url}/tms/1.0.0/PLAN.IGN/" in layer.source()
    assert f"styleUrl={gpf.base_url}/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json" in layer.source()
    assert painted_pixels(render(layer, PARIS_3857)) > 50
    assert [r for r in gpf.requests_to("/tms/1.0.0/") if r.path.endswith(".pbf")]


def dialog_on_legacy_plan_wmts():
    """A project with one raster WMTS layer of PLAN.IGN (now vector tiles only), and the
    dialog with that layer selected. Returns (project, old layer, dialog, its plan)."""
    from qgis.core import QgsRasterLayer

    project = QgsProject.instance()
    project.clear()
    old = QgsRasterLayer(LEGACY_PLAN_WMTS, "Plan IGN (WMTS vecteur)", "wms")
    project.addMapLayer(old)
    dialog = MigrationDialog(project=project)
    plan = next(p for p in dialog.plans if p.layer_id == old.id())
    dialog.table.setCurrentIndex(dialog.proxy.mapFromSource(dialog.model.index(dialog.plans.index(plan), 0)))
    return project, old, dialog, plan


def test_raster_product_now_vector_only_gets_a_replacement_beside_it(gpf):
    project, old, dialog, plan = dialog_on_legacy_plan_wmts()
    assert plan.status == "withdrawn" and not plan.applicable
    assert dialog.replacement_action.isEnabled()
    added = dialog.add_replacement()
    assert added is not None and added.isValid()
    assert project.mapLayer(old.id()).source() == LEGACY_PLAN_WMTS  # not silently swapped
    order = [node.layerId() for node in project.layerTreeRoot().findLayers()]
    assert order.index(added.id()) == order.index(old.id()) - 1  # just above the old one
    assert painted_pixels(render(added, PARIS_3857)) > 50


def test_opening_a_legacy_project_says_so_in_the_message_bar(gpf, tmp_path, qgis_iface):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    plugin = BasculeGeoplateformePlugin(qgis_iface)
    open_project(tmp_path, WMS_PROJECT)
    plugin.detect_legacy_sources()
    item = plugin.legacy_message
    assert item is not None and "2 layer(s)" in item.text()
    open_project(tmp_path, "mborne_ecd9d25__helloworld-gpf.qgz")
    plugin.detect_legacy_sources()
    assert plugin.legacy_message is None  # an already migrated project: nothing to say


LEGACY_SCAN = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
               "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&styles=normal&tileMatrixSet=PM"
               "&url=https://wxs.ign.fr/abcdefghijklmnopqrstuvwx/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


def test_restricted_layer_gets_the_key_that_unlocks_it(gpf, tmp_path, basic_authcfg, monkeypatch, plugin_log):
    from qgis.core import QgsApplication, QgsRasterLayer

    from bascule_geoplateforme.core.keys.qgis_side import key_access
    from qgis_helpers import wait_until

    # The key's test says it unlocks the SCAN: the dialog preselects it.
    access = key_access.KeyAccess(str(tmp_path / "keys"))
    monkeypatch.setattr(key_access, "_shared", access)
    monkeypatch.setattr(settings, "authcfg", lambda: "")
    access.test(basic_authcfg)
    assert wait_until(lambda: access.report(basic_authcfg) is not None, timeout=60)
    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda m, *a: logged.append(m))
    project = QgsProject.instance()
    project.clear()
    scan = QgsRasterLayer(LEGACY_SCAN, "SCAN 25", "wms")
    project.addMapLayer(scan)
    dialog = MigrationDialog(project=project)
    plan = next(p for p in dialog.plans if p.layer_id == scan.id())
    assert plan.status == "needs_key" and plan.checked
    assert not dialog.auth_row.isHidden()
    assert dialog.key_combo.currentData() == basic_authcfg
    dialog.apply()
    layer = project.mapLayer(scan.id())
    assert layer.isValid(), layer.error().summary()
    assert f"authcfg={basic_authcfg}" in layer.source()
    assert "/private/wmts" in layer.source() and "abcdefghijklmnopqrstuvwx" not in layer.source()
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    tiles = gpf.requests_to("/private/wmts", "GetTile")
    assert tiles and all(r.headers["authorization"].startswith("Basic ") for r in tiles)
    for name in ("saved.qgs", "saved.qgz"):
        data = saved_bytes(project, tmp_path / name)
        assert f"authcfg={basic_authcfg}".encode() in data and b"m0t-de-passe" not in data
    assert logged and not [m for m in logged if "m0t-de-passe" in m]


def test_base_url_setting_applies_to_migrated_and_added_sources(gpf, monkeypatch):
    from bascule_geoplateforme.core.toolbelt.qgis_side import settings
    from bascule_geoplateforme.core.migration.engine import migrate_source

    monkeypatch.delenv("BASCULE_GPF_BASE_URL")
    settings.BASE_URL.set(gpf.base_url + "/")
    try:
        migration = migrate_source("wms", LEGACY_PLAN_WMTS.replace("PLAN.IGN", "ORTHOIMAGERY.ORTHOPHOTOS"))
        assert f"url={gpf.base_url}/wmts?" in migration.new_source
        assert settings.base_url() == gpf.base_url
    finally:
        settings.BASE_URL.set("")
    assert "url=https://data.geopf.fr/wmts?" in migrate_source(
        "wms", LEGACY_PLAN_WMTS.replace("PLAN.IGN", "ORTHOIMAGERY.ORTHOPHOTOS")).new_source


def test_second_apply_then_revert_restores_everything(gpf, tmp_path):
    project = open_project(tmp_path, WMS_PROJECT)
    dialog = MigrationDialog(project=project)
    first, second = [p for p in dialog.plans if p.applicable]
    originals = {p.layer_id: p.migration.source for p in (first, second)}
    second.checked = False
    dialog.apply()  # migrates the first layer only
    assert next(p for p in dialog.plans if p.layer_id == second.layer_id).applicable
    dialog.apply()  # now the second
    assert all("wxs.ign.fr" not in project.mapLayer(i).source() for i in originals)
    dialog.revert()
    assert {i: project.mapLayer(i).source() for i in originals} == originals


def test_replacement_layer_gets_its_ign_style(gpf):
    from qgis_helpers import wait_until

    _, _, dialog, _ = dialog_on_legacy_plan_wmts()
    added = dialog.add_replacement()
    applied = []
    dialog.style_task.applied.connect(lambda ok, message: applied.append(ok))
    assert wait_until(lambda: applied, 30) and applied == [True]
    assert gpf.requests_to("/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json")
    styles = {style.styleName() for style in added.renderer().styles()}
    assert {"bati", "routier"} <= styles  # the layers of the loopback's style JSON
