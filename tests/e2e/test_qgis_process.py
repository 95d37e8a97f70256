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


def _digests(folder: Path):
    import hashlib

    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_migrate_a_folder_tree_with_qgis_process(tmp_path):
    """Every real project fixture in a tree with a corrupt .qgz, a read-only project, a QGIS
    backup (*.qgs~) and a non-project file: the projects migrated, the bad ones reported and
    byte-identical, every layer in the CSV report; a second run changes nothing."""
    import csv
    import stat

    sys.path.insert(0, str(ROOT / "scripts"))
    from run_qgis import deploy

    projects = PROJECT.parent
    tree = tmp_path / "partage"
    (tree / "service" / "archives").mkdir(parents=True)
    for index, source in enumerate(sorted(projects.iterdir())):
        shutil.copyfile(source, (tree / "service" / "archives" if index % 2 else tree) / source.name)
    (tree / "corrompu.qgz").write_bytes(b"PK\x03\x04 not really an archive")
    shutil.copyfile(PROJECT, tree / "service" / "ancien.qgs~")
    (tree / "service" / "lisez-moi.txt").write_text("pas un projet", encoding="utf-8")
    shutil.copyfile(PROJECT, tree / "lecture-seule.qgs")
    (tree / "lecture-seule.qgs").chmod(stat.S_IRUSR | stat.S_IRGRP)
    bad = ("corrompu.qgz", "service/ancien.qgs~", "service/lisez-moi.txt", "lecture-seule.qgs")
    before = _digests(tree)

    profiles = deploy(tmp_path / "build")
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profiles), QT_QPA_PLATFORM="offscreen")
    env.pop("BASCULE_GPF_BASE_URL", None)

    def run(report):
        done = subprocess.run([QGIS_PROCESS, "run", "bascule_geoplateforme:migrateprojects",
                               f"--INPUT={tree}", f"--REPORT_CSV={report}",
                               f"--REPORT={report.with_suffix('.html')}"],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        with open(report, encoding="utf-8-sig", newline="") as stream:
            return done.stdout + done.stderr, list(csv.DictReader(stream))

    log, rows = run(tmp_path / "premier.csv")
    after = _digests(tree)
    for name in bad:
        assert after[name] == before[name], name
    [migrated] = tree.rglob(PROJECT.name)
    assert b"wxs.ign.fr" not in migrated.read_bytes()
    assert migrated.with_name(PROJECT.name + ".bak").read_bytes() == PROJECT.read_bytes()
    statuses = {}
    for row in rows:
        statuses.setdefault(Path(row["location"]).name, []).append(row["status"])
    assert statuses["corrompu.qgz"] == ["error"] and statuses["lecture-seule.qgs"] == ["error"]
    assert statuses["ancien.qgs~"] == ["skipped"] and "lisez-moi.txt" not in statuses
    # Every layer of every project is a row (the engine's count, checked on a known fixture).
    assert len(statuses[PROJECT.name]) == PROJECT.read_text(encoding="utf-8").count("<maplayer")
    assert {p.name for p in projects.iterdir()} <= set(statuses)
    assert "Files: 9" in log and "unreadable 2" in log and "Other files ignored: 1" in log
    assert "FILES:\t9" in log

    log, rows = run(tmp_path / "second.csv")
    assert _digests(tree) == after
    assert "CHANGED:\t0" in log and all(r["old_source"] == r["new_source"] for r in rows)
