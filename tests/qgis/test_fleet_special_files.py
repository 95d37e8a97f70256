""""Migrate projects" in QGIS on a folder that also holds a named pipe, a link to a device and a
project over the size cap: the run ends, with a report row for each and the real project
migrated."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from qgis.core import QgsProcessingFeedback, QgsSettings

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
LEGACY = "lizmap_77c0c38__external_wms_layer.qgs"
ALG = "bascule_geoplateforme:migrateprojects"


@pytest.fixture
def size_cap():
    settings = QgsSettings()
    settings.setValue("bascule_geoplateforme/max_project_size_mb", 1)
    yield
    settings.remove("bascule_geoplateforme/max_project_size_mb")


@pytest.mark.timeout(60)  # an opened pipe would hold the algorithm here for ever
def test_migrate_projects_ends_with_a_row_for_each_special_file(provider, tmp_path, monkeypatch, size_cap):
    from qgis import processing

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    shutil.copyfile(PROJECTS / LEGACY, tmp_path / "vrai.qgs")
    os.mkfifo(tmp_path / "tube.qgs")
    os.symlink("/dev/zero", tmp_path / "zero.qgz")
    (tmp_path / "gros.qgs").write_bytes(b"<qgis>" + b" " * (2 * 1024 * 1024) + b"</qgis>")
    feedback = QgsProcessingFeedback()
    result = processing.run(ALG, {"INPUT": [str(tmp_path)], "REPORT_CSV": str(tmp_path / "r.csv")},
                            feedback=feedback)
    assert result["FILES"] == 4 and result["ERRORS"] == 3
    report = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "tube.qgs is a named pipe, not a file: it was not read." in report
    assert "zero.qgz is a device, not a file: it was not read." in report
    assert "more than the 1.0 MB limit (setting max_project_size_mb)" in report
    assert b"wxs.ign.fr" not in (tmp_path / "vrai.qgs").read_bytes()
