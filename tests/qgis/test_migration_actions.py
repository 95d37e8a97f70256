"""The dialog's actions beyond Apply: split a WMS-R layer naming more than two layers, replace a
withdrawn layer by its successor, and the rows it opens on. Real QGIS, the loopback server,
the QGIS 1.8 project fixture; Revert undoes each."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import (
    QgsLayoutItemMap,
    QgsMapThemeCollection,
    QgsPrintLayout,
    QgsProject,
)

from bascule_geoplateforme.core.layers import attribution
from bascule_geoplateforme.core.platform.sources import parse_source
from bascule_geoplateforme.gui.migration.migration_dialog import IGN, MigrationDialog
from qgis_helpers import wait_until
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)

DATA = Path(__file__).resolve().parents[1] / "data"
QGIS18 = DATA / "built" / "qgis18_geoportail_wms.qgs"
PROJECTS = DATA / "real-world" / "projects"
TROIS = "TROIS20130101120000004"
BDPARCEL = "BDPARCEL20130101120000002"


def open_copy(tmp_path, fixture, flags=None):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path), flags if flags is not None else QgsProject.ReadFlags())
    return project


def select(dialog, layer_id):
    for row in range(dialog.proxy.rowCount()):
        index = dialog.proxy.index(row, 0)
        if dialog.plans[dialog.proxy.mapToSource(index).row()].layer_id == layer_id:
            dialog.table.setCurrentIndex(index)
            return dialog.selected_plan()
    raise AssertionError(f"{layer_id} is not shown")


def tree(project):
    return [(n.layerId(), n.parent().name()) for n in project.layerTreeRoot().findLayers()]


def show_in_theme_and_layout(project, layer):
    record = QgsMapThemeCollection.MapThemeRecord()
    record.setLayerRecords([QgsMapThemeCollection.MapThemeLayerRecord(layer)])
    project.mapThemeCollection().insert("Vue parcellaire", record)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName("Plan A4")
    item = QgsLayoutItemMap(layout)
    item.setLayers([layer])
    item.setKeepLayerSet(True)
    layout.addLayoutItem(item)
    project.layoutManager().addLayout(layout)


def test_split_a_three_layer_wms_r_source(gpf, tmp_path):
    project = open_copy(tmp_path, QGIS18)
    original = project.mapLayer(TROIS)
    original.setScaleBasedVisibility(True)
    original.setMinimumScale(500000)
    original.setMaximumScale(1000)
    show_in_theme_and_layout(project, original)
    before_tree = tree(project)
    before_source, before_xml = original.source(), original.originalXmlProperties()
    position = project.layerTreeRoot().children().index(project.layerTreeRoot().findLayer(TROIS))

    dialog = MigrationDialog(project=project)
    plan = select(dialog, TROIS)
    assert "wms_layer_limit" in [m.code for m in plan.migration.messages]
    assert dialog.split_action.isEnabled()
    assert not select(dialog, "ORTHO20130101120000000") or not dialog.split_action.isEnabled()
    select(dialog, TROIS)
    record = dialog.split_selected()

    group = project.layerTreeRoot().children()[position]
    assert group.name() == original.name()
    ids = [n.layerId() for n in group.findLayers()]
    assert ids[0] == TROIS and len(ids) == 3 and ids[1:] == record.added
    names = [parse_source("wms", project.mapLayer(i).source()).get("layers") for i in ids]
    styles = [parse_source("wms", project.mapLayer(i).source()).get("styles") for i in ids]
    assert names == ["ORTHOIMAGERY.ORTHOPHOTOS", "CADASTRALPARCELS.PARCELS",
                     "LIMITES_ADMINISTRATIVES_EXPRESS.LATEST"]
    assert styles == ["normal", "bdparcellaire", "normal"]
    first = project.mapLayer(TROIS)
    for layer_id in ids:
        layer = project.mapLayer(layer_id)
        assert wait_until(layer.isValid, 10), layer.error().summary()
        assert parse_source("wms", layer.source()).get("url").startswith(gpf.base_url + "/wms-r/wms")
        assert (layer.hasScaleBasedVisibility(), layer.minimumScale(), layer.maximumScale()) == (
            True, 500000, 1000)
        assert layer.opacity() == first.opacity()
        assert type(layer.renderer()) is type(first.renderer())
        # Made by the one layer service: IGN's credit, as on any migrated layer.
        assert layer.metadata().rights()[0].startswith(attribution.CREDIT)
    assert record.themes == ["Vue parcellaire"] and record.layouts == ["Plan A4"]
    # The theme and the layout still name the first layer, by its id.
    assert TROIS in project.mapThemeCollection().mapThemeVisibleLayerIds("Vue parcellaire")
    # Each layer asks for one name: the server does not refuse them.
    assert not any(r.status == 400 for r in gpf.requests if r.path.startswith("/wms-r"))

    dialog.revert()
    assert tree(project) == before_tree
    assert all(project.mapLayer(i) is None for i in record.added)
    layer = project.mapLayer(TROIS)
    assert layer.source() == before_source and layer.originalXmlProperties() == before_xml
    assert not [g for g in project.layerTreeRoot().findGroups() if g.name() == original.name()]
    project.clear()


def test_replace_a_withdrawn_layer_with_its_successor(gpf, tmp_path):
    project = open_copy(tmp_path, QGIS18)
    before_tree = tree(project)
    old = project.mapLayer(BDPARCEL)
    name = old.name()
    dialog = MigrationDialog(project=project)
    plan = select(dialog, BDPARCEL)
    assert plan.status == "withdrawn" and dialog.replace_action.isEnabled()
    assert dialog.replace_action.text() == "Replace with CADASTRALPARCELS.PARCELS"
    record = dialog.replace_withdrawn()
    assert project.mapLayer(BDPARCEL) is None
    new = project.mapLayer(record.new_id)
    assert new.isValid() and new.name() == name
    assert parse_source(new.providerType(), new.source()).get("layers") == "CADASTRALPARCELS.PARCELS"
    assert [i if i != record.new_id else BDPARCEL for i, _ in tree(project)] == [i for i, _ in before_tree]
    dialog.revert()
    assert tree(project) == before_tree
    assert project.mapLayer(BDPARCEL) is not None and project.mapLayer(record.new_id) is None
    project.clear()


def test_dialog_opens_on_ign_layers_needing_action_first(gpf, tmp_path):
    project = open_copy(tmp_path, PROJECTS / "lizmap_54bf451__test_print.qgs",
                        QgsProject.ReadFlag.FlagDontResolveLayers)
    dialog = MigrationDialog(project=project)
    assert dialog.status_filter.currentData() == IGN
    shown = [dialog.plans[dialog.proxy.mapToSource(dialog.proxy.index(r, 0)).row()]
             for r in range(dialog.proxy.rowCount())]
    assert shown and all(p.status != "unchanged" for p in shown)
    assert shown[0].applicable
    others = sum(p.status == "unchanged" for p in dialog.plans)
    assert others == 3
    assert dialog.status_filter.itemText(dialog.status_filter.findData("unchanged")) == f"Non-IGN layers ({others})"
    # IGN layers come first in the model too, the others after them.
    statuses = [p.status for p in dialog.plans]
    assert statuses == sorted(statuses, key=lambda status: status == "unchanged")
    project.clear()


@pytest.mark.parametrize("fixture", [QGIS18])
def test_credentials_removed_live_from_withdrawn_layers_not_from_others(gpf, tmp_path, fixture):
    project = open_copy(tmp_path, fixture)
    dialog = MigrationDialog(project=project)
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findData(""))
    withdrawn = [p for p in dialog.plans if p.status == "withdrawn"]
    assert withdrawn and all(p.applicable for p in withdrawn)
    dialog.apply()
    # The QGIS 1.8 layers rewritten live are valid, in the current form, on every version.
    for layer_id, name in (("ORTHO20130101120000000", "ORTHOIMAGERY.ORTHOPHOTOS"),
                           ("PLANIGN20130101120000001", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2")):
        layer = project.mapLayer(layer_id)
        assert wait_until(layer.isValid, 10), layer.error().summary()
        parsed = parse_source("wms", layer.source())
        assert parsed.get("layers") == name and parsed.get("crs") == "EPSG:2154"
        assert parsed.get("format") and parsed.get("url").startswith(gpf.base_url)
    path = tmp_path / "saved.qgs"
    assert project.write(str(path))
    text = path.read_text(encoding="utf-8")
    assert "MonMotDePasse" not in text and "MonLogin" not in text
    assert "password=SecretRegional" in text
    project.clear()
