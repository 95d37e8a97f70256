"""The Processing algorithm migrates project files, one or many (batch), from qgis_process too."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingException

from bascule_geoplateforme.core.processing.provider import BasculeProvider

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
ALG = "bascule_geoplateforme:migrateprojectfile"


@pytest.fixture(scope="module")
def provider(qgis_processing):
    provider = BasculeProvider()
    assert QgsApplication.processingRegistry().addProvider(provider)
    yield provider
    QgsApplication.processingRegistry().removeProvider(provider)


def test_migrate_files_in_a_batch(provider, tmp_path, monkeypatch):
    import processing

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    names = ["lizmap_77c0c38__external_wms_layer.qgs", "cerema-quadogeo_c245425__72_position_pcrs.qgz",
             "mborne_ecd9d25__helloworld-gpf.qgz"]
    changed = []
    for name in names:
        path = tmp_path / name
        shutil.copyfile(PROJECTS / name, path)
        result = processing.run(ALG, {"INPUT": str(path), "BACKUP": True,
                                      "REPORT": str(tmp_path / f"{name}.html")})
        changed.append(result["CHANGED"])
        assert "Géoplateforme" in (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    assert changed == [2, 2, 0]
    assert b"wxs.ign.fr" not in (tmp_path / names[0]).read_bytes()
    assert (tmp_path / (names[0] + ".bak")).exists()
    assert (tmp_path / names[2]).read_bytes() == (PROJECTS / names[2]).read_bytes()


def test_bad_file_is_a_clear_processing_error(provider, tmp_path):
    import processing

    broken = tmp_path / "broken.qgz"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(QgsProcessingException, match="corrupt"):
        processing.run(ALG, {"INPUT": str(broken)})
