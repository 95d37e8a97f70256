"""Batch runs that always end with a report: named pipes, devices, sockets and links to them with
a project's name are rows (never opened), the size cap is applied before reading (also to a
.qgz member's uncompressed size, memory stays flat), unreadable folders and files are rows."""
from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import tracemalloc
import zipfile
from functools import partial
from pathlib import Path

import pytest

from bascule_geoplateforme.core.migration import fleet
from bascule_geoplateforme.core.migration.project_file import ProjectFileError, migrate_project_file

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ROOT / "tests" / "data" / "real-world" / "projects"
LEGACY = "lizmap_77c0c38__external_wms_layer.qgs"
MB = 1024 * 1024


def migrate(found, max_size=None):
    return fleet.run(found, partial(migrate_project_file, backup=True, max_size=max_size))


def rows(result):
    """{file name: (status, English message)} of the file-level rows."""
    return {os.path.basename(d.location): (d.status, d.message_text("en"))
            for d in result.report.decisions if not (d.layer_id or d.provider)}


@pytest.fixture
def short_dir():
    """A folder with a short path (a Unix socket's path is at most 107 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="flotte-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.timeout(30)  # a named pipe that were opened would block here for ever
def test_special_files_with_a_project_name_are_rows_never_read(short_dir):
    shutil.copyfile(PROJECTS / LEGACY, short_dir / "vrai.qgs")
    os.mkfifo(short_dir / "tube.qgs")
    os.symlink("/dev/zero", short_dir / "zero.qgs")  # a device: would be read for ever
    os.symlink("/dev/zero", short_dir / "zero.qgz")
    os.symlink(short_dir / "tube.qgs", short_dir / "lien-tube.qlr")
    os.symlink(short_dir / "absent.qgs", short_dir / "mort.qgs")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(short_dir / "prise.qgs"))
    try:
        result = migrate(fleet.find_projects([str(short_dir)]))
    finally:
        server.close()
    found = rows(result)
    assert found["tube.qgs"] == ("error", "tube.qgs is a named pipe, not a file: it was not read.")
    assert found["lien-tube.qlr"] == ("error", "lien-tube.qlr is a named pipe, not a file: it was not read.")
    assert found["zero.qgs"] == ("error", "zero.qgs is a device, not a file: it was not read.")
    assert found["zero.qgz"] == ("error", "zero.qgz is a device, not a file: it was not read.")
    assert found["prise.qgs"] == ("error", "prise.qgs is a socket, not a file: it was not read.")
    assert found["mort.qgs"][0] == "error" and "link to nothing" in found["mort.qgs"][1]
    states = {os.path.basename(o.location): o.state for o in result.outcomes}
    assert states["vrai.qgs"] == fleet.CHANGED  # the run went on to the real project
    assert len(result.outcomes) == 7
    french = [d.message_text("fr") for d in result.report.decisions if d.status == "error"]
    assert "tube.qgs est un tube nommé, pas un fichier : il n'a pas été lu." in french


@pytest.mark.timeout(30)
def test_special_files_given_one_by_one_are_rows_too(short_dir):
    os.mkfifo(short_dir / "tube.qgs")
    os.symlink("/dev/zero", short_dir / "zero.qgs")
    found = fleet.find_projects([str(short_dir / "tube.qgs"), str(short_dir / "zero.qgs")])
    assert found.projects == [] and [r[1] for r in found.rows] == ["error", "error"]


@pytest.mark.timeout(30)
def test_the_engine_never_blocks_on_a_pipe_that_replaced_a_project(short_dir):
    """Found as a file, a pipe by the time it is read: refused on the open file itself."""
    os.mkfifo(short_dir / "tube.qgs")
    os.symlink("/dev/zero", short_dir / "zero.qgs")
    for name in ("tube.qgs", "zero.qgs"):
        with pytest.raises(ProjectFileError, match="is not a regular file"):
            migrate_project_file(short_dir / name)
    result = migrate(fleet.Found(projects=[str(short_dir / "tube.qgs"), str(short_dir / "zero.qgs")]))
    assert [o.state for o in result.outcomes] == ["error", "error"]


def big_qgs(path: Path, size: int) -> None:
    data = (PROJECTS / LEGACY).read_bytes()
    comment = b"<!--" + b"x" * (size - len(data)) + b"-->"
    path.write_bytes(data.replace(b"<qgis ", comment + b"<qgis ", 1) if b"<qgis " in data else data + comment)


def test_the_size_cap_is_applied_before_reading(tmp_path):
    big_qgs(tmp_path / "gros.qgs", 3 * MB)
    with zipfile.ZipFile(tmp_path / "gros.qgz", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gros.qgs", (tmp_path / "gros.qgs").read_bytes())
    assert (tmp_path / "gros.qgz").stat().st_size < MB  # small on disk, big inside
    tracemalloc.start()
    try:
        result = migrate(fleet.find_projects([str(tmp_path)]), max_size=MB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    found = rows(result)
    for name in ("gros.qgs", "gros.qgz"):
        status, message = found[name]
        assert status == "error" and "more than the 1.0 MB limit (setting max_project_size_mb)" in message
    assert peak < MB  # neither the .qgs nor the .qgz member was read


def test_a_qgz_member_that_declares_gigabytes_is_not_inflated(tmp_path):
    path = tmp_path / "bombe.qgz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bombe.qgs", b"<qgis/>")
    raw = bytearray(path.read_bytes())
    struct.pack_into("<I", raw, raw.index(b"PK\x01\x02") + 24, 0xFFFFFF00)
    path.write_bytes(bytes(raw))
    result = migrate(fleet.find_projects([str(path)]))  # the default 500 MB cap
    status, message = rows(result)["bombe.qgz"]
    assert status == "error" and "more than the" in message and "it was not read" in message


def test_memory_error_in_one_file_is_a_row_and_the_run_goes_on(tmp_path):
    shutil.copyfile(PROJECTS / LEGACY, tmp_path / "a.qgs")
    shutil.copyfile(PROJECTS / LEGACY, tmp_path / "b.qgs")

    def handle(location):  # the engine running out of memory on the first file
        if location.endswith("a.qgs"):
            raise MemoryError()
        return migrate_project_file(location, dry_run=True)

    result = fleet.run(fleet.find_projects([str(tmp_path)]), handle)
    assert [o.state for o in result.outcomes] == ["error", "changed"]


AS_NOBODY = r"""
import importlib.util, json, os, sys
os.setgid(65534); os.setuid(65534)
spec = importlib.util.spec_from_file_location("bascule_geoplateforme", sys.argv[1] + "/__init__.py",
                                              submodule_search_locations=[sys.argv[1]])
module = importlib.util.module_from_spec(spec); sys.modules["bascule_geoplateforme"] = module
spec.loader.exec_module(module)
from functools import partial
from bascule_geoplateforme.core.migration import fleet
from bascule_geoplateforme.core.migration.project_file import migrate_project_file
result = fleet.run(fleet.find_projects([sys.argv[2]]), partial(migrate_project_file, dry_run=True))
print(json.dumps([[d.location, d.status, d.message_text("en")] for d in result.report.decisions
                  if not (d.layer_id or d.provider)] + [["uid", os.getuid(), ""]]))
"""


def test_unreadable_folders_and_files_are_rows(short_dir):
    """Run as a user who may not read them: as root, permissions stop nothing, so the check
    runs in a child process that gives up root (setuid to nobody) first."""
    short_dir.chmod(0o755)
    (short_dir / "ouvert").mkdir(mode=0o755)
    shutil.copyfile(PROJECTS / LEGACY, short_dir / "ouvert" / "lisible.qgs")
    (short_dir / "ouvert" / "lisible.qgs").chmod(0o644)
    shutil.copyfile(PROJECTS / LEGACY, short_dir / "ouvert" / "secret.qgs")
    (short_dir / "ouvert" / "secret.qgs").chmod(0o600)
    (short_dir / "ferme").mkdir()
    shutil.copyfile(PROJECTS / LEGACY, short_dir / "ferme" / "cache.qgs")
    (short_dir / "ferme").chmod(0o700)
    if os.geteuid() == 0:
        if not os.access(ROOT, os.R_OK) or not (os.stat(ROOT).st_mode & stat.S_IROTH):
            pytest.fail(f"{ROOT} must be readable by others for the check as nobody")
        done = subprocess.run([sys.executable, "-c", AS_NOBODY, str(ROOT), str(short_dir)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        listed = json.loads(done.stdout.strip().splitlines()[-1])
        assert listed[-1][:2] == ["uid", 65534]  # really not root
        listed = {os.path.basename(loc): (status, text) for loc, status, text in listed[:-1]}
    else:
        result = fleet.run(fleet.find_projects([str(short_dir)]), partial(migrate_project_file, dry_run=True))
        listed = rows(result)
    assert listed["ferme"][0] == "error" and "could not be read (Permission denied)" in listed["ferme"][1]
    assert listed["secret.qgs"] == ("error", "Not migrated: secret.qgs cannot be read: Permission denied.")
    assert "lisible.qgs" not in listed  # read, analysed: layer rows, no error
