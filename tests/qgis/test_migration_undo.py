"""The migration dialog as a person uses it: check boxes, the counts after Apply, and the undo
that outlives the dialog and the session (the project's one redacted record). Real QGIS, the
loopback Géoplateforme, the QGIS 1.8 project with withdrawn layers and dead credentials."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QPoint, Qt
from qgis.PyQt.QtTest import QTest

from bascule_geoplateforme.core.migration.qgis_side import live_migration
from bascule_geoplateforme.core.migration.qgis_side.live_migration import RECORD_KEY, RECORD_SCOPE, read_record
from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)

DATA = Path(__file__).resolve().parents[1] / "data"
QGIS18 = DATA / "built" / "qgis18_geoportail_wms.qgs"
DEAD = (b"MonMotDePasse", b"MonLogin", b"MaCleGEOPORTAIL")
PLANIGN = "PLANIGN20130101120000001"
ORTHO = "ORTHO20130101120000000"
LEGACY_PLAN_WMTS = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10"
                    "&format=application/x-protobuf&layers=PLAN.IGN&styles=normal&tileMatrixSet=PM"
                    "&url=https://wxs.ign.fr/essentiels/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


def open_copy(tmp_path, name="p.qgs"):
    path = tmp_path / name
    shutil.copyfile(QGIS18, path)
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path))
    return project


def row_of(dialog, layer_id):
    return next(i for i, p in enumerate(dialog.plans) if p.layer_id == layer_id)


def check_state(dialog, layer_id):
    index = dialog.proxy.mapFromSource(dialog.model.index(row_of(dialog, layer_id), 0))
    return index.data(Qt.ItemDataRole.CheckStateRole)


def message_texts(dialog):
    return [item.text() for item in dialog.message_bar.items()]


def test_check_boxes_are_shown_and_toggled_by_space_and_the_menu(gpf, tmp_path):
    project = open_copy(tmp_path)
    dialog = MigrationDialog(project=project)
    dialog.show()
    applicable = [p.layer_id for p in dialog.plans if p.applicable]
    assert applicable and all(check_state(dialog, i) == Qt.CheckState.Checked for i in applicable)
    other = next(p for p in dialog.plans if not p.applicable)
    assert check_state(dialog, other.layer_id) is None  # no box where Apply does nothing
    # Space on the current row, whatever its column, toggles its box.
    index = dialog.proxy.mapFromSource(dialog.model.index(row_of(dialog, PLANIGN), 3))
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(index)
    QTest.keyClick(dialog.table, Qt.Key.Key_Space)
    assert check_state(dialog, PLANIGN) == Qt.CheckState.Unchecked
    QTest.keyClick(dialog.table, Qt.Key.Key_Space)
    assert check_state(dialog, PLANIGN) == Qt.CheckState.Checked
    # A click on the box itself (the view's own check indicator).
    cell = dialog.proxy.mapFromSource(dialog.model.index(row_of(dialog, ORTHO), 0))
    rect = dialog.table.visualRect(cell)
    QTest.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, QPoint(rect.left() + 12, rect.center().y()))
    assert check_state(dialog, ORTHO) == Qt.CheckState.Unchecked
    dialog.check_none()
    assert not any(p.checked for p in dialog.plans)
    before = {i: project.mapLayer(i).source() for i in applicable}
    dialog.apply()  # nothing checked: nothing changes
    assert {i: project.mapLayer(i).source() for i in applicable} == before
    dialog.check_all()
    assert all(p.checked for p in dialog.plans if p.applicable)
    dialog.close()
    project.clear()


def test_layers_panel_entry_checks_its_layer_only_with_the_others_listed(gpf, tmp_path):
    project = open_copy(tmp_path)
    dialog = MigrationDialog(project=project)
    assert dialog.focus_on_layer(PLANIGN)
    shown = {dialog.plans[dialog.proxy.mapToSource(dialog.proxy.index(r, 0)).row()].layer_id
             for r in range(dialog.proxy.rowCount())}
    others = [p.layer_id for p in dialog.plans if p.applicable and p.layer_id != PLANIGN]
    assert others and set(others) <= shown  # listed ...
    assert all(check_state(dialog, i) == Qt.CheckState.Unchecked for i in others)  # ... unchecked
    assert dialog.selected_plan().layer_id == PLANIGN
    before = {i: project.mapLayer(i).source() for i in others}
    dialog.apply()
    assert "wxs.ign.fr" not in project.mapLayer(PLANIGN).source()
    assert {i: project.mapLayer(i).source() for i in others} == before
    project.clear()


def test_the_count_after_apply_is_the_layers_migrated_not_the_credentials_cleaned(gpf, tmp_path):
    project = open_copy(tmp_path)
    dialog = MigrationDialog(project=project)
    # Both withdrawn layers have a successor: CADASTRALPARCELS.PARCELS (IGN's tables), and the
    # WMTS layer OCSGE.COUVERTURE.2016 on another service (IGN's 2026 configuration).
    assert dialog.summary.text().startswith("3 layers to migrate, 2 withdrawn by IGN, of which 2")
    before = {l.id(): l.source() for l in project.mapLayers().values()}
    dialog.apply()
    after = {l.id(): l.source() for l in project.mapLayers().values()}
    # Migrated: the source now reads the Géoplateforme; withdrawn ones only lost credentials.
    migrated = [i for i in before if after[i] != before[i] and gpf.base_url in after[i]]
    cleaned = [i for i in before if after[i] != before[i] and gpf.base_url not in after[i]]
    assert len(migrated) == 3 and len(cleaned) == 2
    texts = message_texts(dialog)
    assert texts and texts[-1].startswith(f"{len(migrated)} layers migrated.")
    assert f"Dead credentials taken out of {len(cleaned)} layers withdrawn by IGN" in texts[-1]
    assert not any("reachable" in t for t in texts)
    assert dialog.summary.text().startswith("3 layers migrated")  # past tense after Apply
    project.clear()


def test_undo_survives_save_close_reopen_and_refuses_stale_or_forged_records(gpf, tmp_path):
    project = open_copy(tmp_path)
    original = {l.id(): l.source() for l in project.mapLayers().values()}
    dialog = MigrationDialog(project=project)
    dialog.apply()
    migrated = {l.id(): l.source() for l in project.mapLayers().values()}
    record = read_record(project)
    assert set(record) == {p for p in original if migrated[p] != original[p]}
    assert all(set(entry) == {"before", "after"} for entry in record.values())  # nothing else
    dialog.close()
    # A new dialog (same session) offers the undo.
    assert MigrationDialog(project=project).revert_button.isEnabled()
    saved = tmp_path / "migrated.qgz"
    assert project.write(str(saved))
    data = saved.read_bytes()
    qgs = zipfile.ZipFile(saved).read(next(n for n in zipfile.ZipFile(saved).namelist()
                                           if n.endswith(".qgs")))
    assert b"apikey=" not in qgs and b"MonMotDePasse" not in qgs and b"MonLogin" not in qgs
    assert qgs.count(b"<" + RECORD_KEY.strip("/").encode()) == 1  # ONE entry
    entry = json.loads(QgsProject.instance().readEntry(RECORD_SCOPE, RECORD_KEY)[0])
    assert not any(secret.decode() in json.dumps(entry, ensure_ascii=False) for secret in DEAD)
    assert data  # the .qgz itself was written

    # Close, reopen: the session is gone, the file's record remains.
    project.clear()
    live_migration._SESSION.clear()
    assert project.read(str(saved))
    dialog = MigrationDialog(project=project)
    assert dialog.revert_button.isEnabled()
    assert dialog.revert_button.text() == "Restore the original sources"
    # A stale entry (the layer changed since) and a forged one (a "before" that the engine
    # does not turn into the current source) are refused.
    project.mapLayer(ORTHO).setDataSource(
        project.mapLayer(ORTHO).source().replace("format=image/jpeg", "format=image/png"),
        project.mapLayer(ORTHO).name(), "wms")
    forged = read_record(project)
    forged[PLANIGN]["before"] = forged[ORTHO]["before"]
    project.writeEntry(RECORD_SCOPE, RECORD_KEY, json.dumps(forged))
    dialog = MigrationDialog(project=project)
    outcome = dialog.revert()
    skipped = dict(outcome.skipped)
    assert set(skipped) == {project.mapLayer(ORTHO).name(), project.mapLayer(PLANIGN).name()}
    assert "wxs.ign.fr" not in project.mapLayer(ORTHO).source()
    assert project.mapLayer(PLANIGN).source() == migrated[PLANIGN]
    # The others are back at the old address, without their dead credentials, and said so.
    back = [i for i in record if i not in (ORTHO, PLANIGN)]
    for layer_id in back:
        source = project.mapLayer(layer_id).source()
        assert "wxs.ign.fr" in source and "MonLogin" not in source and "username" not in source
    assert len(outcome.restored) == len(back)
    assert sorted(outcome.without_credentials) == sorted(project.mapLayer(i).name() for i in back)
    text = message_texts(dialog)[-1]
    assert "Left as they are" in text and "Back without their old credentials" in text
    assert read_record(project) == {}  # the record is spent
    project.clear()


def test_the_file_migration_writes_no_undo_record(tmp_path):
    from bascule_geoplateforme.core.migration.project_file import migrate_project_file

    path = tmp_path / "p.qgs"
    shutil.copyfile(QGIS18, path)
    migrate_project_file(path, backup=False)
    assert b"migration_undo" not in path.read_bytes()
    assert b"bascule_geoplateforme" not in path.read_bytes()


def test_the_vector_tile_replacement_carries_ign_credit_and_revert_removes_it(gpf):
    from qgis.core import QgsRasterLayer

    project = QgsProject.instance()
    project.clear()
    old = QgsRasterLayer(LEGACY_PLAN_WMTS, "Plan IGN (WMTS vecteur)", "wms")
    project.addMapLayer(old)
    dialog = MigrationDialog(project=project)
    dialog.table.setCurrentIndex(dialog.proxy.mapFromSource(dialog.model.index(row_of(dialog, old.id()), 0)))
    added = dialog.add_replacement()
    assert added is not None and "IGN" in " ".join(added.metadata().rights())
    assert dialog.revert_button.isEnabled()
    added_id = added.id()
    dialog.revert()
    assert project.mapLayer(added_id) is None and project.mapLayer(old.id()) is not None
    project.clear()


def test_replace_all_withdrawn_in_one_step(gpf, tmp_path):
    project = open_copy(tmp_path)
    dialog = MigrationDialog(project=project)
    assert dialog.replace_all_action.isEnabled()
    tree_before = [n.layerId() for n in project.layerTreeRoot().findLayers()]
    done = dialog.replace_all_withdrawn()
    assert len(done) == 2  # the parcels (same service) and OCS GE 2016 (on the WMTS)
    assert project.mapLayer("BDPARCEL20130101120000002") is None
    assert "2 withdrawn layers replaced" in message_texts(dialog)[-1]
    dialog.revert()
    assert [n.layerId() for n in project.layerTreeRoot().findLayers()] == tree_before
    project.clear()
