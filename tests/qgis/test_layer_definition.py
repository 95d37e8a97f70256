"""A layer definition file (.qlr) with Géoportail layers, end to end: migrated on disk (bytes
changed only inside the sources, a second run changes nothing), found by "Migrate projects" in a
folder, then loaded by QGIS with its layers valid and drawing against the loopback."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from qgis.core import QgsLayerDefinition, QgsProject

from bascule_geoplateforme.core.migration.project_file import migrate_project_file
from qgis_helpers import PARIS_3857, painted_pixels, render

QLR = Path(__file__).resolve().parents[1] / "data" / "built" / "legacy_ign_layers.qlr"
SOURCES = re.compile(rb'(<datasource>)([^<]*)(</datasource>)|( source=")([^"]*)(")')


def outside_sources(data: bytes) -> bytes:
    """The file with every source (datasource element, layer-tree source attribute) blanked."""
    return SOURCES.sub(lambda m: (m.group(1) or m.group(4)) + b"~" + (m.group(3) or m.group(6)), data)


def sources(data: bytes):
    return [m.group(2) or m.group(5) for m in SOURCES.finditer(data)]


def test_qlr_migrated_byte_faithfully_and_idempotently(gpf, tmp_path):
    path = tmp_path / "couches.qlr"
    shutil.copyfile(QLR, path)
    before = path.read_bytes()
    report = migrate_project_file(path, backup=True)
    after = path.read_bytes()
    assert [d.status for d in report.decisions] == ["migrated", "renamed", "renamed"]
    assert outside_sources(after) == outside_sources(before)  # not a byte elsewhere
    old, new = sources(before), sources(after)
    assert len(old) == len(new) == 6 and all(o != n for o, n in zip(old, new))  # tree + layers
    assert b"wxs.ign.fr" not in after and b"MonUserPasswordGEOPORTAIL" not in after
    assert all(gpf.base_url.encode() in source for source in new)
    assert (tmp_path / "couches.qlr.bak").read_bytes() == before
    again = migrate_project_file(path, backup=True)
    assert again.changed == [] and path.read_bytes() == after


def test_qlr_found_and_migrated_by_the_folder_algorithm(provider, gpf, tmp_path):
    from qgis import processing

    folder = tmp_path / "partage" / "couches"
    folder.mkdir(parents=True)
    shutil.copyfile(QLR, folder / "couches.qlr")
    (folder / "lisez-moi.txt").write_text("pas une couche", encoding="utf-8")
    result = processing.run("bascule_geoplateforme:migrateprojects",
                            {"INPUT": [str(tmp_path / "partage")], "REPORT_CSV": str(tmp_path / "r.csv")})
    assert result["FILES"] == 1 and result["CHANGED"] == 3 and result["ERRORS"] == 0
    assert b"wxs.ign.fr" not in (folder / "couches.qlr").read_bytes()
    assert "couches.qlr" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")


def test_migrated_qlr_loads_in_qgis_and_its_layers_draw(gpf, tmp_path):
    path = tmp_path / "couches.qlr"
    shutil.copyfile(QLR, path)
    migrate_project_file(path, backup=False)
    project = QgsProject.instance()
    try:
        loaded = QgsLayerDefinition.loadLayerDefinition(str(path), project, project.layerTreeRoot())
        ok, error = loaded if isinstance(loaded, tuple) else (loaded, "")
        assert ok, error
        group = project.layerTreeRoot().findGroup("Géoportail (ancien)")
        layers = [node.layer() for node in group.findLayers()]
        assert [layer.name() for layer in layers] == [
            "Plan IGN (WMS-R)", "Plan IGN (WMTS)", "Photographies aériennes (WMTS)"]
        for layer in layers:
            assert layer.isValid(), layer.name()
            assert painted_pixels(render(layer, PARIS_3857, crs=_pseudo_mercator())) > 200, layer.name()
        assert gpf.requests_to("/wms-r/", "GetMap") and gpf.requests_to("/wmts", "GetTile")
    finally:
        project.clear()


def _pseudo_mercator():
    from qgis.core import QgsCoordinateReferenceSystem

    return QgsCoordinateReferenceSystem("EPSG:3857")
