"""Projects fixed as they open: the open hook reads real legacy projects with their IGN
sources at the (loopback) Géoplateforme, before QGIS resolves a layer.

The hook is called as QgisApp::addProject calls it (``handleProjectOpen(path)``); the desktop
itself is in tests/e2e/driver_open.py. A recording bad-layer handler stands where QGIS's
"Handle unavailable layers" dialog stands: what it is given is what that dialog would list.
"""
from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsProject,
    QgsProjectBadLayerHandler,
    QgsRasterLayer,
)

from bascule_geoplateforme.core.migration.qgis_side import open_hook, open_migration
from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from qgis_helpers import PARIS_3857, painted_pixels, render, without_undo_record
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
PRINT_PROJECT = "lizmap_54bf451__test_print.qgs"  # WMTS + relative ./banyuls-osm/*.geojson
QGZ_PROJECT = "cerema-quadogeo_c245425__72_position_pcrs.qgz"  # WMTS + relative ./data/…gpkg
# The local layers these projects refer to by relative path, made for real beside the copy.
LOCAL_LAYERS = {
    PRINT_PROJECT: ["banyuls-osm/road.geojson", "banyuls-osm/boundary_administrative_admin_level_8.geojson",
                    "banyuls-osm/building.geojson"],
    QGZ_PROJECT: ["data/pcrs/modif/ligne-controle.gpkg", "data/pcrs/modif/ligne_source.gpkg"],
}
LEGACY_SCAN = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
               "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&styles=normal&tileMatrixSet=PM"
               "&url=https://wxs.ign.fr/abcdefghijklmnopqrstuvwx/geoportail/wmts"
               "?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
# PLAN.IGN as raster WMTS tiles: withdrawn (served as vector tiles only now).
LEGACY_PLAN_WMTS = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10"
                    "&format=application/x-protobuf&layers=PLAN.IGN&styles=normal&tileMatrixSet=PM"
                    "&url=https://wxs.ign.fr/essentiels/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
LEGACY_ORTHO = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
                "&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
                "&url=https://wxs.ign.fr/ortho/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
OTHER_DEAD_WMS = ("crs=EPSG:3857&format=image/png&layers=roads&styles"
                  "&url=https://wms.example.invalid/ows")


class RecordingBadLayers(QgsProjectBadLayerHandler):
    """What QGIS's unavailable-layers dialog would be given: the ids of the bad layers."""

    def __init__(self, found):
        super().__init__()
        self.found = found

    def handleBadLayers(self, layers):  # noqa: N802
        self.found.extend(node.firstChildElement("id").text() for node in layers)


@pytest.fixture
def bad_layers():
    found = []
    handler = RecordingBadLayers(found)  # the project owns it; the reference keeps its Python side
    QgsProject.instance().setBadLayerHandler(handler)
    yield found
    QgsProject.instance().setBadLayerHandler(QgsProjectBadLayerHandler())


@pytest.fixture
def migrate_on_open():
    settings.MIGRATE_ON_OPEN.set(True)
    yield
    settings.MIGRATE_ON_OPEN.set(False)


def _local_layer(path: Path):
    """A real GeoJSON or GeoPackage line layer at ``path`` (named as its file)."""
    from qgis.core import QgsVectorFileWriter, QgsVectorLayer

    path.parent.mkdir(parents=True, exist_ok=True)
    memory = QgsVectorLayer("LineString?crs=EPSG:4326", path.stem, "memory")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG" if path.suffix == ".gpkg" else "GeoJSON"
    options.layerName = path.stem
    result = QgsVectorFileWriter.writeAsVectorFormatV2(
        memory, str(path), QgsProject.instance().transformContext(), options)
    assert result[0] == QgsVectorFileWriter.WriterError.NoError, result


def _copy(tmp_path, name):
    folder = tmp_path / "projects"
    folder.mkdir(exist_ok=True)
    path = folder / name
    shutil.copyfile(PROJECTS / name, path)
    for relative in LOCAL_LAYERS.get(name, []):
        _local_layer(folder / relative)
    return path


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _project_with(tmp_path, sources, name="made.qgs"):
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


@pytest.mark.parametrize("name", [PRINT_PROJECT, QGZ_PROJECT])
def test_a_legacy_project_opens_at_the_geoplateforme_with_its_relative_paths(
        gpf, tmp_path, name, migrate_on_open, bad_layers, outside_requests):
    path = _copy(tmp_path, name)
    before = _digest(path)
    handler = open_hook.OpenMigrationHandler()
    outside_before = len(outside_requests)

    assert handler.handleProjectOpen(str(path))

    project = QgsProject.instance()
    assert project.fileName() == str(path)  # the file name is the user's, not the storage's
    result = handler.take_result(str(path))
    assert result is not None and result.applied.changes
    for layer_id, old, _, new in result.applied.changes:
        layer = project.mapLayer(layer_id)
        assert "wxs.ign.fr" in old and gpf.base_url in new and layer.source() == new
        assert layer.isValid(), layer.error().summary()
        assert painted_pixels(render(layer, PARIS_3857)) > 200
    assert bad_layers == []  # the unavailable-layers dialog would list nothing
    assert len(outside_requests) == outside_before  # nothing asked of the old Géoportail
    # The project's other layers are read from its own folder, by their relative paths.
    local = [layer for layer in project.mapLayers().values() if layer.providerType() == "ogr"]
    assert len(local) == len(LOCAL_LAYERS[name])
    for layer in local:
        assert layer.isValid(), layer.source()
        assert layer.source().startswith(str(path.parent)), layer.source()
    assert _digest(path) == before  # nothing written until the user saves
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        {path.name} | {r.split("/")[0] for r in LOCAL_LAYERS[name]})

    # Saving keeps the Géoplateforme sources; the local layers stay relative.
    saved = path.parent / ("saved" + path.suffix)
    assert project.write(str(saved))
    xml = (zipfile.ZipFile(saved).read(next(n for n in zipfile.ZipFile(saved).namelist()
                                            if n.endswith(".qgs"))).decode()
           if saved.suffix == ".qgz" else saved.read_text(encoding="utf-8"))
    assert "wxs.ign.fr" not in without_undo_record(xml) and gpf.base_url in xml
    assert "./" + LOCAL_LAYERS[name][0].split("/")[0] in xml

    # Revert puts back the very sources the file holds, by layer id.
    originals = {layer_id: old for layer_id, old, *_ in result.applied.changes}
    assert result.applied.revert().count == len(originals)
    for layer_id, old in originals.items():
        assert project.mapLayer(layer_id).source() == old
    project.clear()


def test_the_setting_off_leaves_opening_to_qgis(gpf, tmp_path, bad_layers):
    path = _copy(tmp_path, PRINT_PROJECT)
    handler = open_hook.OpenMigrationHandler()
    QgsProject.instance().clear()
    assert not settings.migrate_on_open()  # off by default
    assert not handler.handleProjectOpen(str(path))  # QGIS reads the file itself, as today
    assert handler.take_result(str(path)) is None
    assert QgsProject.instance().fileName() == "" and not QgsProject.instance().mapLayers()


def test_migrated_projects_open_as_qgis_opens_them(gpf, tmp_path, migrate_on_open, bad_layers):
    path = _copy(tmp_path, PRINT_PROJECT)
    handler = open_hook.OpenMigrationHandler()
    assert handler.handleProjectOpen(str(path))
    again = tmp_path / "projects" / "again.qgs"
    assert QgsProject.instance().write(str(again))
    QgsProject.instance().clear()
    assert not handler.handleProjectOpen(str(again))  # idempotent: nothing left to migrate
    assert handler.take_result(str(again)) is None


def test_withdrawn_and_other_bad_layers_still_reach_qgis_dialog(
        gpf, tmp_path, migrate_on_open, bad_layers):
    path, ids = _project_with(tmp_path, [("ortho", LEGACY_ORTHO), ("plan", LEGACY_PLAN_WMTS),
                                         ("other", OTHER_DEAD_WMS)])
    bad_layers.clear()
    handler = open_hook.OpenMigrationHandler()
    assert handler.handleProjectOpen(str(path))
    result = handler.take_result(str(path))
    assert [change[0] for change in result.applied.changes] == [ids["ortho"]]
    assert QgsProject.instance().mapLayer(ids["ortho"]).isValid()
    assert sorted(bad_layers) == sorted([ids["plan"], ids["other"]])
    QgsProject.instance().clear()


def test_restricted_layers_get_the_one_key_that_unlocks_them(
        gpf, tmp_path, basic_authcfg, migrate_on_open, bad_layers):
    path, ids = _project_with(tmp_path, [("SCAN 25", LEGACY_SCAN)])
    asked = []

    def key_for(service, name):
        asked.append((service, name))
        return basic_authcfg

    handler = open_hook.OpenMigrationHandler(key_for)
    assert handler.handleProjectOpen(str(path))
    result = handler.take_result(str(path))
    layer = QgsProject.instance().mapLayer(ids["SCAN 25"])
    assert asked == [("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS")]
    assert result.authcfg == basic_authcfg and result.without_key == []
    assert f"authcfg={basic_authcfg}" in layer.source() and "/private/wmts" in layer.source()
    assert "abcdefghijklmnopqrstuvwx" not in layer.source()  # the old key is gone
    assert layer.isValid(), layer.error().summary()
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    assert bad_layers == []
    QgsProject.instance().clear()


def test_restricted_layers_no_single_key_unlocks_are_left_and_listed(
        gpf, tmp_path, migrate_on_open, bad_layers, qgis_iface):
    from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog

    path, ids = _project_with(tmp_path, [("SCAN 25", LEGACY_SCAN), ("ortho", LEGACY_ORTHO)])
    handler = open_hook.OpenMigrationHandler(lambda service, name: "")
    assert handler.handleProjectOpen(str(path))
    result = handler.take_result(str(path))
    project = QgsProject.instance()
    assert result.authcfg == "" and result.without_key == ["SCAN 25"]
    assert [change[0] for change in result.applied.changes] == [ids["ortho"]]
    assert project.mapLayer(ids["SCAN 25"]).source() == LEGACY_SCAN  # left as the file has it
    assert project.mapLayer(ids["ortho"]).isValid()
    # The migration dialog still offers it, with its key choice.
    dialog = MigrationDialog(project=project, applied=result.applied)
    plan = next(p for p in dialog.plans if p.layer_id == ids["SCAN 25"])
    assert plan.status == "needs_key" and not dialog.auth_row.isHidden()
    # With only restricted layers and no key, QGIS opens the project itself.
    only, _ = _project_with(tmp_path, [("SCAN 25", LEGACY_SCAN)], name="only.qgs")
    assert not handler.handleProjectOpen(str(only))
    project.clear()


def test_a_file_the_engine_refuses_is_left_to_qgis(tmp_path, migrate_on_open):
    broken = tmp_path / "broken.qgz"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    handler = open_hook.OpenMigrationHandler()
    assert not handler.handleProjectOpen(str(broken))
    assert broken.read_bytes() == b"PK\x03\x04 not really a zip"


def test_the_message_bar_counts_the_layers_and_offers_the_dialog_with_revert(
        gpf, tmp_path, qgis_iface, migrate_on_open, bad_layers):
    from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    plugin = BasculeGeoplateformePlugin(qgis_iface)
    plugin.initGui()
    try:
        path = _copy(tmp_path, PRINT_PROJECT)
        assert plugin.open_hook.handleProjectOpen(str(path))
        changes = list(plugin.open_hook.last.applied.changes)
        plugin.detect_legacy_sources()  # QGIS emits projectRead after the handler
        item = plugin.legacy_message
        assert item is not None and f"{len(changes)} layer(s)" in item.text()
        assert "saving the project keeps it" in item.text()
        applied = plugin.open_hook.last  # taken: a second projectRead says nothing more
        assert applied is None
        # The project's undo record offers Revert even without the message's button, and
        # Details shows the old address beside the new one.
        dialog = MigrationDialog(project=QgsProject.instance(), applied=None)
        assert dialog.revert_button.isEnabled()
        layer_id = changes[0][0]
        row = next(i for i, p in enumerate(dialog.plans) if p.layer_id == layer_id)
        dialog.status_filter.setCurrentIndex(dialog.status_filter.findData(""))
        dialog.table.setCurrentIndex(dialog.proxy.mapFromSource(dialog.model.index(row, 0)))
        details = dialog.details.toPlainText()
        assert "wxs.ign.fr" in details and gpf.base_url in details
        assert dialog.model.status_text(dialog.plans[row]) == "migrated"
        dialog.revert()
        for layer_id, old, *_ in changes:
            assert QgsProject.instance().mapLayer(layer_id).source() == old
    finally:
        plugin.unload()
        QgsProject.instance().clear()


def test_the_first_legacy_project_offers_the_setting_once(gpf, tmp_path, qgis_iface):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin
    from qgis.PyQt.QtWidgets import QPushButton

    settings.MIGRATE_ON_OPEN_OFFERED.set(False)
    plugin = BasculeGeoplateformePlugin(qgis_iface)
    try:
        path = _copy(tmp_path, PRINT_PROJECT)
        QgsProject.instance().read(str(path), QgsProject.ReadFlag.FlagDontResolveLayers)
        plugin.detect_legacy_sources()
        offer = plugin.legacy_message.findChild(QPushButton, "bascule_offer_open_migration")
        assert offer is not None
        offer.click()
        assert settings.migrate_on_open()
        plugin.detect_legacy_sources()
        assert plugin.legacy_message.findChild(QPushButton, "bascule_offer_open_migration") is None
    finally:
        settings.MIGRATE_ON_OPEN.set(False)
        QgsProject.instance().clear()


def test_unload_removes_the_hook_and_its_storage(gpf, tmp_path, qgis_iface, migrate_on_open):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    registry = QgsApplication.projectStorageRegistry()
    plugin = BasculeGeoplateformePlugin(qgis_iface)
    plugin.initGui()
    handler = plugin.open_hook
    qgis_iface.registerCustomProjectOpenHandler.assert_called_with(handler)
    assert handler.handleProjectOpen(str(_copy(tmp_path, PRINT_PROJECT)))
    assert registry.projectStorageFromType(open_migration.STORAGE_TYPE) is not None
    plugin.unload()
    qgis_iface.unregisterCustomProjectOpenHandler.assert_called_with(handler)
    assert plugin.open_hook is None
    assert registry.projectStorageFromType(open_migration.STORAGE_TYPE) is None
    QgsProject.instance().clear()


def _state(project):
    """What a project holds besides its layers' sources."""
    return {
        "layers": sorted((layer.id(), layer.name(), layer.type()) for layer in project.mapLayers().values()),
        "tree": [(n.layerId(), n.name(), n.isVisible()) for n in project.layerTreeRoot().findLayers()],
        "crs": project.crs().authid(),
        "title": project.title(),
        "layouts": sorted(layout.name() for layout in project.layoutManager().layouts()),
        "themes": project.mapThemeCollection().mapThemes(),
        "auxiliary": project.auxiliaryStorage().isValid(),
        "variables": project.customVariables(),
        "relative": project.readBoolEntry("Paths", "/Absolute", False),
    }


@pytest.mark.parametrize("name", [PRINT_PROJECT, QGZ_PROJECT, "thomasg77_af0d1bc__couches-ign-liste.qgz"])
def test_opened_through_the_hook_the_project_holds_what_qgis_reads(
        gpf, tmp_path, name, migrate_on_open, bad_layers):
    path = _copy(tmp_path, name)
    project = QgsProject.instance()
    assert project.read(str(path), QgsProject.ReadFlag.FlagDontResolveLayers)
    expected = _state(project)
    project.clear()
    handler = open_hook.OpenMigrationHandler()
    assert handler.handleProjectOpen(str(path))
    assert handler.take_result(str(path)).applied.changes
    assert _state(project) == expected  # only the sources differ
    assert project.homePath() == str(path.parent)
    project.clear()


def test_the_plugin_hook_gives_restricted_layers_the_key_its_test_says_unlocks_them(
        gpf, tmp_path, basic_authcfg, migrate_on_open, bad_layers, qgis_iface, monkeypatch):
    """The keys rule itself (gui/key_choice.known_key over the key's real test against the
    loopback), as the plugin wires it into the hook."""
    from bascule_geoplateforme.core.keys.qgis_side import key_access
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin
    from qgis_helpers import wait_until

    access = key_access.KeyAccess(str(tmp_path / "keys"))
    monkeypatch.setattr(key_access, "_shared", access)
    monkeypatch.setattr(settings, "authcfg", lambda: "")  # nothing remembered: the test decides
    access.test(basic_authcfg)
    assert wait_until(lambda: access.report(basic_authcfg) is not None, timeout=60)
    path, ids = _project_with(tmp_path, [("SCAN 25", LEGACY_SCAN)])
    plugin = BasculeGeoplateformePlugin(qgis_iface)
    plugin.initGui()
    try:
        assert plugin.open_hook.handleProjectOpen(str(path))
        result = plugin.open_hook.take_result(str(path))
        layer = QgsProject.instance().mapLayer(ids["SCAN 25"])
        assert result.authcfg == basic_authcfg
        assert f"authcfg={basic_authcfg}" in layer.source() and layer.isValid()
        assert bad_layers == []
    finally:
        plugin.unload()
        QgsProject.instance().clear()
