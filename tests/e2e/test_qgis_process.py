"""The Processing algorithm from the command line: qgis_process with the plugin deployed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "tests" / "data" / "real-world" / "projects" / "lizmap_77c0c38__external_wms_layer.qgs"
# Debian 12's qgis_process wrapper adds --noversioncheck from /etc/default/qgis, which
# qgis_process itself refuses: call the binary behind it when it is there.
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")

pytestmark = pytest.mark.skipif(not QGIS_PROCESS, reason="needs qgis_process (package qgis)")


def test_migrate_a_project_with_qgis_process(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from run_qgis import deploy

    profiles = deploy(tmp_path / "build")
    project = tmp_path / "projet.qgs"
    shutil.copyfile(PROJECT, project)
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profiles), QT_QPA_PLATFORM="offscreen")
    env.pop("BASCULE_GPF_BASE_URL", None)
    done = subprocess.run([QGIS_PROCESS, "run", "bascule_geoplateforme:migrateprojectfile",
                           f"--INPUT={project}", f"--REPORT={tmp_path / 'rapport.csv'}"],
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "CHANGED:\t2" in done.stdout
    text = project.read_text(encoding="utf-8")
    assert "wxs.ign.fr" not in text and "https://data.geopf.fr/wms-r/wms" in text
    assert (tmp_path / "projet.qgs.bak").read_bytes() == PROJECT.read_bytes()
    assert "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2" in (tmp_path / "rapport.csv").read_text(encoding="utf-8")
