"""File-system edge cases of the file migration: a clear ProjectFileError, the original byte
for byte, no .bak or temporary file left, links and ownership kept."""
import os
import shutil
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.migration import project_file
from bascule_geoplateforme.core.migration.project_file import (
    MAX_MEMBER_SIZE, ProjectFileError, migrate_project_file)

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
QGS = "lizmap_77c0c38__external_wms_layer.qgs"
QGZ = "cerema-quadogeo_c245425__72_position_pcrs.qgz"


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv(endpoints.ENV_BASE_URL, raising=False)


def copy(folder, name=QGS, as_name=None):
    target = folder / (as_name or name)
    shutil.copyfile(PROJECTS / name, target)
    return target


def leftovers(folder, keep=()):
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def patch_member(path, **changes):
    """Rewrite fields of the project member's local and central headers (flags, method)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(".qgs"))
    central = data.rfind(b"PK\x01\x02", 0)
    while struct.unpack_from("<I", data, central + 42)[0] != info.header_offset:
        central = data.rfind(b"PK\x01\x02", 0, central)
    for name, value in changes.items():
        local_at, central_at, fmt = {"flags": (6, 8, "<H"), "method": (8, 10, "<H"),
                                     "size": (22, 24, "<I")}[name]
        struct.pack_into(fmt, data, info.header_offset + local_at, value)
        struct.pack_into(fmt, data, central + central_at, value)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("changes, message", [
    ({"flags": 0x1}, "encrypted"),
    ({"method": 9}, "method"),  # deflate64
    ({"method": 99}, "method"),
])
def test_unreadable_members_are_a_clear_error_and_leave_nothing(tmp_path, changes, message):
    path = copy(tmp_path, QGZ)
    patch_member(path, **changes)
    original = path.read_bytes()
    with pytest.raises(ProjectFileError, match=message):
        migrate_project_file(path)
    assert path.read_bytes() == original
    assert leftovers(tmp_path) == [path.name]


def test_a_failed_backup_leaves_no_empty_bak(tmp_path, monkeypatch):
    path = copy(tmp_path)
    original = path.read_bytes()

    def disk_full(source, target, length=0):  # fault injection: the disk fills mid-copy
        target.write(source.read(100))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(project_file.shutil, "copyfileobj", disk_full)
    with pytest.raises(ProjectFileError, match="No space left"):
        migrate_project_file(path)
    assert path.read_bytes() == original
    assert leftovers(tmp_path) == [path.name]
    monkeypatch.undo()
    migrate_project_file(path)  # the next run writes .bak, not .bak1
    assert (tmp_path / (path.name + ".bak")).read_bytes() == original


def test_a_symlinked_project_migrates_its_target_and_stays_a_link(tmp_path):
    real = copy(tmp_path / "..", as_name="real_" + tmp_path.name + ".qgs")
    link = tmp_path / "projet.qgs"
    link.symlink_to(real)
    original = real.read_bytes()
    report = migrate_project_file(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert b"data.geopf.fr" in real.read_bytes()
    assert (tmp_path / "projet.qgs.bak").read_bytes() == original
    assert not (tmp_path / "projet.qgs.bak").is_symlink()
    assert [m.code for m in report.notes] == ["not_atomic"]
    assert "not an atomic" in report.to_html() and "non atomique" in report.to_html("fr")
    assert leftovers(tmp_path) == ["projet.qgs", "projet.qgs.bak"]
    real.unlink()


def test_a_hard_link_is_not_split(tmp_path):
    path = copy(tmp_path)
    other = tmp_path / "other.qgs"
    os.link(path, other)
    report = migrate_project_file(path, backup=False)
    assert os.stat(path).st_nlink == 2 and os.path.samefile(path, other)
    assert b"data.geopf.fr" in other.read_bytes()
    assert [m.code for m in report.notes] == ["not_atomic"]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_owner_group_and_mode_are_kept(tmp_path):
    path = copy(tmp_path)
    os.chown(path, 4321, 4322)
    path.chmod(0o640)
    report = migrate_project_file(path)
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 4322, 0o640)
    assert b"data.geopf.fr" in path.read_bytes()
    assert [m.code for m in report.notes] == ["not_atomic"]


def test_a_plain_file_of_the_user_is_replaced_atomically(tmp_path):
    path = copy(tmp_path)
    path.chmod(0o604)
    inode = path.stat().st_ino
    report = migrate_project_file(path)
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert report.notes == []
    assert leftovers(tmp_path) == [path.name, path.name + ".bak"]


@pytest.mark.parametrize("spelling", ["./{name}", "sub/../{name}", "link_dir/{name}"])
def test_the_input_under_another_spelling_is_an_in_place_run(tmp_path, monkeypatch, spelling):
    path = copy(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link_dir").symlink_to(tmp_path)
    original = path.read_bytes()
    monkeypatch.chdir(tmp_path)
    migrate_project_file(path, output=spelling.format(name=path.name))
    assert (tmp_path / (path.name + ".bak")).read_bytes() == original
    assert b"data.geopf.fr" in path.read_bytes()


def test_a_missing_output_folder_is_named_not_called_read_only(tmp_path):
    path = copy(tmp_path)
    with pytest.raises(ProjectFileError, match="does not exist") as error:
        migrate_project_file(path, output=tmp_path / "nowhere" / "out.qgs")
    assert "read-only" not in str(error.value)
    assert leftovers(tmp_path) == [path.name]


def test_the_size_cap_is_checked_before_reading(tmp_path):
    path = copy(tmp_path, QGZ)
    # The member now claims 3 GB: reading it would fail on its size; the cap answers first.
    patch_member(path, size=3 * 1024 ** 3)
    original = path.read_bytes()
    with pytest.raises(ProjectFileError) as error:
        migrate_project_file(path)
    assert "3.0 GB" in str(error.value) and "500.0 MB" in str(error.value)
    assert path.read_bytes() == original and leftovers(tmp_path) == [path.name]


def test_the_size_cap_is_a_parameter_for_plain_files_too(tmp_path):
    path = copy(tmp_path)
    size = path.stat().st_size
    with pytest.raises(ProjectFileError, match="limit"):
        migrate_project_file(path, max_size=size - 1)
    assert migrate_project_file(path, max_size=size, dry_run=True).decisions
    assert MAX_MEMBER_SIZE == 500 * 1024 * 1024


def test_a_bomb_like_archive_is_refused_without_unpacking(tmp_path):
    path = tmp_path / "bomb.qgz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.qgs", b"<qgis>" + b" " * (3 * 1024 * 1024) + b"</qgis>")
    assert path.stat().st_size < 20_000
    with pytest.raises(ProjectFileError, match=r"3\.0 MB.*1\.0 MB"):
        migrate_project_file(path, max_size=1024 * 1024)
