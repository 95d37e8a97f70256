"""qgis_process decides with the catalogue the profile saved, refreshed first on request, and
names it: the profile, and per service the catalogue and its date. A private refresh with a
locked auth database ends with a message, never a wait on a master-password prompt."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue_changes import (ADDED, LEGACY_SOURCE, NAMES, NEW_SET, RENAMED, UNPUBLISHED,
                               serve_changed_documents, write_project)
from loopback.server import LoopbackGeoplateforme

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "tests" / "data" / "real-world" / "projects" / "lizmap_54bf451__test_print.qgs"
QGIS_PROCESS = shutil.which("qgis_process.bin") or shutil.which("qgis_process")

pytestmark = pytest.mark.skipif(not QGIS_PROCESS, reason="needs qgis_process (package qgis)")


def _tile_matrix_set(text: str) -> str:
    start = text.index("tileMatrixSet=") + len("tileMatrixSet=")
    return text[start:].split("&", 1)[0]


def _run(profiles, server, project, report, *extra):
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profiles), QT_QPA_PLATFORM="offscreen",
               BASCULE_GPF_BASE_URL=server.base_url)
    env.pop("QGIS_AUTH_PASSWORD_FILE", None)
    done = subprocess.run([QGIS_PROCESS, "run", "bascule_geoplateforme:migrateprojectfile",
                           f"--INPUT={project}", f"--REPORT={report}", *extra],
                          env=env, capture_output=True, text=True, timeout=240,
                          stdin=subprocess.DEVNULL)  # a prompt would fail, not wait
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_qgis_process_uses_and_names_the_refreshed_catalogue(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    from run_qgis import deploy

    profiles = deploy(tmp_path / "build")
    ini = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    # A key for the private services, whose auth database nobody unlocked in this run.
    ini.write_text(ini.read_text(encoding="utf-8")
                   + "\n[bascule_geoplateforme]\nauthcfg=gpfkey1\n", encoding="utf-8")
    with LoopbackGeoplateforme() as server:
        serve_changed_documents(server)
        # 1. No refresh saved yet: the snapshot decides, and the log says so.
        first = tmp_path / "avant.qgs"
        shutil.copyfile(PROJECT, first)
        log = _run(profiles, server, first, tmp_path / "avant.csv", "--DRY_RUN=true")
        assert "QGIS profile: default (" in log and str(profiles) in log
        assert "WMTS: bundled snapshot (IGN documents of 2024-06-06 to 2026-06-10)" in log
        assert not server.requests_to("/wmts", "GetCapabilities")
        with open(tmp_path / "avant.csv", encoding="utf-8-sig", newline="") as stream:
            [row] = [r for r in csv.DictReader(stream) if "ORTHOIMAGERY" in r["old_source"]]
        assert _tile_matrix_set(row["new_source"]) == "PM_0_19"
        assert row["catalogue"].startswith("WMTS: bundled snapshot")

        # 2. Refresh first: the loopback's documents decide, saved for every later path.
        second = tmp_path / "apres.qgs"
        shutil.copyfile(PROJECT, second)
        log = _run(profiles, server, second, tmp_path / "apres.csv", "--REFRESH_CATALOGUE=true")
        assert server.requests_to("/wmts", "GetCapabilities")
        assert "Restricted services not refreshed: QGIS's authentication database is locked" in log
        assert not server.requests_to("/private/", "GetCapabilities")  # never tried, never waited
        assert "WMTS: refreshed from the Géoplateforme on " in log and " UTC" in log
        assert "WMTS (restricted): bundled snapshot" in log
        text = second.read_text(encoding="utf-8")
        assert f"tileMatrixSet={NEW_SET}" in text and "wxs.ign.fr" not in text
        with open(tmp_path / "apres.csv", encoding="utf-8-sig", newline="") as stream:
            [row] = [r for r in csv.DictReader(stream) if "ORTHOIMAGERY" in r["old_source"]]
        assert row["catalogue"].startswith("WMTS: refreshed from the Géoplateforme on ")
        saved = profiles / "profiles" / "default" / "bascule_geoplateforme" / "cache"
        assert (saved / "catalog.json.gz").is_file() and not list(saved.glob("*.tmp"))

        # 3. No refresh asked: the saved refresh decides (read from disk).
        third = tmp_path / "ensuite.qgs"
        shutil.copyfile(PROJECT, third)
        server.clear()
        log = _run(profiles, server, third, tmp_path / "ensuite.csv")
        assert not server.requests_to("/wmts", "GetCapabilities")
        assert "WMTS: refreshed from the Géoplateforme on " in log
        assert f"tileMatrixSet={NEW_SET}" in third.read_text(encoding="utf-8")

        # 4. Each change (set renamed, layer added, layer unpublished): qgis_process gives the
        # answer the engine gives from the saved catalogue (what the dialog and the open hook
        # use: tests/qgis/test_one_catalogue.py).
        changes = tmp_path / "changements.qgs"
        write_project(changes)
        _run(profiles, server, changes, tmp_path / "changements.csv", "--DRY_RUN=true")
        with open(tmp_path / "changements.csv", encoding="utf-8-sig", newline="") as stream:
            by_qgis_process = {r["layer_name"]: r["new_source"] for r in csv.DictReader(stream)}
        import gzip

        from bascule_geoplateforme.core.catalog.catalog_index import Catalog
        from bascule_geoplateforme.core.migration.project_file import migrate_project_file

        monkeypatch.setenv("BASCULE_GPF_BASE_URL", server.base_url)
        saved_catalog = Catalog.from_json(gzip.open(saved / "catalog.json.gz").read())
        report = migrate_project_file(changes, dry_run=True, catalog=saved_catalog)
        assert {d.layer_name: d.new for d in report.decisions} == by_qgis_process
        assert set(by_qgis_process) == set(NAMES.values())
        assert f"tileMatrixSet={NEW_SET}" in by_qgis_process[NAMES[RENAMED]]
        assert ADDED in by_qgis_process[NAMES[ADDED]] and server.base_url in by_qgis_process[NAMES[ADDED]]
        # Unpublished since the snapshot: not served today, left as the file has it.
        assert by_qgis_process[NAMES[UNPUBLISHED]] == LEGACY_SOURCE.format(UNPUBLISHED)
        with open(tmp_path / "changements.csv", encoding="utf-8-sig", newline="") as stream:
            statuses = {r["layer_name"]: r["status"] for r in csv.DictReader(stream)}
        assert statuses[NAMES[UNPUBLISHED]] == "not_served"
