"""The archives IGN ships (.7z, split .7z.001…), unpacked for real by each of the three readers in
turn — GDAL's /vsi7z/, py7zr, the 7-Zip program — then opened as layers; hostile members
(a path out, a link) refused by each; sizes and a full disk while unpacking (.zip and .7z).

The test environment installs py7zr (requirements-test.txt) and Debian's 7zip (Makefile): a
missing one fails here. Only /vsi7z/ may be missing, where this GDAL truly lacks it (before
3.7, or built without libarchive), and that test then skips saying so."""
from __future__ import annotations

import os
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsProject

from bascule_geoplateforme.core.download.qgis_side import open_layers, unpack
from bascule_geoplateforme.core.download.qgis_side.transfer import DownloadJob, DownloadQueue
from qgis_helpers import wait_until
from download_helpers import EDITION, group_of, left_in, zeros_zip
from download_helpers import small_disk as disk

DATA = Path(__file__).resolve().parents[1] / "data" / "download"


def gdal_has_vsi7z() -> str:
    """'' when this GDAL reads .7z through /vsi7z/, else why not."""
    from osgeo import gdal

    # Asked of GDAL's file systems, not of a read: a GDAL that has /vsi7z/ but fails on the
    # fixture must fail the tests, not skip them.
    if "/vsi7z/" not in (gdal.GetFileSystemsPrefixes() or []):
        return f"GDAL {gdal.__version__} here has no /vsi7z/ (it came with 3.7, built with libarchive)"
    return ""


def available(method: str) -> str:
    if method == "gdal":
        return gdal_has_vsi7z()
    if method == "py7zr":
        try:
            import py7zr  # noqa: F401
        except ImportError:
            return "py7zr is not installed (requirements-test.txt installs it)"
        return ""
    return "" if unpack.seven_zip_program() else "no 7z/7zz/7za program (the Makefile installs Debian's 7zip)"


@pytest.fixture(params=unpack.SEVEN_ZIP_METHODS)
def method(request):
    missing = available(request.param)
    if missing and request.param == "gdal":
        pytest.skip(missing)  # the machine truly lacks it: that GDAL was built so
    assert not missing, missing  # installed by the Makefile / requirements-test.txt
    return request.param


@pytest.fixture
def project():
    yield QgsProject.instance()
    QgsProject.instance().clear()


def downloaded(zone, folder):
    job = DownloadJob.from_group(group_of(zone), str(folder))
    queue = DownloadQueue()
    queue.add(job)
    assert wait_until(lambda: job.state not in (DownloadJob.QUEUED, DownloadJob.RUNNING))
    assert job.state == DownloadJob.DONE, job.message
    return job


def assert_layers(unpacked, project):
    layers, problems = open_layers.add_layers(unpacked.files, "BD TOPO®", project=project)
    assert problems == [] and [layer.featureCount() for layer in layers] == [3]
    assert sorted(f["nom"] for f in layers[0].getFeatures()) == ["Paris 1er", "Paris 2e", "Paris 3e"]


def test_ign_7z_downloaded_unpacked_and_added(gpf, tmp_path, project, method):
    job = downloaded("D075", tmp_path)
    unpacked = unpack.unpack(job.path, methods=(method,))
    assert unpacked.method == method
    assert [os.path.relpath(f, tmp_path) for f in unpacked.files] == [
        f"{EDITION.format('D075')}/{EDITION.format('D075')}/arrondissements.gpkg"]
    assert not [p for p in left_in(tmp_path) if p.startswith(".bascule-")]
    assert_layers(unpacked, project)


def test_split_7z_downloaded_joined_unpacked_and_added(gpf, tmp_path, project, method):
    job = downloaded("D078", tmp_path)
    assert job.is_split and left_in(tmp_path) == [os.path.basename(job.path)]
    unpacked = unpack.unpack(job.path, methods=(method,))
    assert unpacked.method == method
    assert_layers(unpacked, project)


def test_7z_member_climbing_out_refused(tmp_path, method):
    archive = tmp_path / "escape.7z"
    shutil.copy(DATA / "escape.7z", archive)
    with pytest.raises(unpack.UnpackError) as refused:
        unpack.unpack(str(archive), methods=(method,))
    # Refused by the name check, or (GDAL's libarchive) the archive is not read at all.
    assert ("“../x” that would be written outside" in str(refused.value)
            or (method == "gdal" and "GDAL could not read" in str(refused.value))), refused.value
    assert left_in(tmp_path) == ["escape.7z"]


def test_7z_link_member_refused(tmp_path, method):
    archive = tmp_path / "link.7z"
    shutil.copy(DATA / "link.7z", archive)
    with pytest.raises(unpack.UnpackError, match=r"The archive holds a link, “.*lien”"):
        unpack.unpack(str(archive), methods=(method,))
    assert left_in(tmp_path) == ["link.7z"]


def test_unpacking_twice_never_overwrites(tmp_path, method):
    archive = tmp_path / "tiny.7z"
    shutil.copy(DATA / "tiny.7z", archive)
    first = unpack.unpack(str(archive), methods=(method,))
    second = unpack.unpack(str(archive), methods=(method,))
    assert first.folder == str(tmp_path / "tiny") and second.folder == str(tmp_path / "tiny (2)")
    assert all(os.path.isfile(f) for f in first.files + second.files)


# --- names, sizes, a full disk -------------------------------------------------------------------

def test_zip_member_names_made_safe_and_unique(tmp_path):
    archive = tmp_path / "noms.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for name in ("d/a.txt", "d/A.TXT", "d/CON.txt", "d/x:y?.txt", "d/trailing. ", "D/b.txt"):
            handle.writestr(name, name.encode())
    unpacked = unpack.unpack(str(archive))
    made = sorted(os.path.relpath(f, unpacked.folder) for f in unpacked.files)
    assert made == ["d/A (2).TXT", "d/CON_.txt", "d/a.txt", "d/b.txt", "d/trailing", "d/y_.txt"]  # x: is a drive
    assert Path(unpacked.folder, "d", "A (2).TXT").read_bytes() == b"d/A.TXT"  # nothing lost


def declared_as(path: Path, size: int):
    """Rewrite the zip's central directory so that its one member declares ``size`` bytes."""
    raw = bytearray(path.read_bytes())
    central = raw.index(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, size)
    path.write_bytes(bytes(raw))


def test_zip_bomb_refused_before_writing(tmp_path):
    archive = tmp_path / "bombe.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("zero.bin", b"\0" * 1000)
    declared_as(archive, 0xFFFFFF00)  # ~4 GB from a few hundred bytes
    with pytest.raises(unpack.UnpackError, match="more than this plugin unpacks"):
        unpack.unpack(str(archive))
    assert left_in(tmp_path) == ["bombe.zip"]


def test_member_larger_than_declared_refused_and_removed(tmp_path):
    archive = tmp_path / "menteur.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as handle:
        handle.writestr("a.txt", b"petit")
        handle.writestr("b.txt", b"x" * 100000)
    declared_as_second = bytearray(archive.read_bytes())
    second = declared_as_second.index(b"PK\x01\x02", declared_as_second.index(b"PK\x01\x02") + 4)
    struct.pack_into("<I", declared_as_second, second + 24, 10)  # b.txt says 10 bytes
    archive.write_bytes(bytes(declared_as_second))
    with pytest.raises(unpack.UnpackError):
        unpack.unpack(str(archive))
    assert left_in(tmp_path) == ["menteur.zip"]  # a.txt, written first, removed again


def test_7z_bomb_refused_before_writing_by_each_reader(tmp_path, monkeypatch, method):
    import py7zr

    source = tmp_path / "zero.bin"
    source.write_bytes(b"\0" * (24 * 1024 * 1024))
    archive = tmp_path / "bombe.7z"
    with py7zr.SevenZipFile(archive, "w") as handle:
        handle.write(source, "d/zero.bin")
    source.unlink()
    assert archive.stat().st_size * unpack.MAX_RATIO < 24 * 1024 * 1024  # thousands of times
    monkeypatch.setattr(unpack, "RATIO_FLOOR", 16 * 1024 * 1024)  # the limit, at a test's scale
    with pytest.raises(unpack.UnpackError, match="more than this plugin unpacks"):
        unpack.unpack(str(archive), methods=(method,))
    assert left_in(tmp_path) == ["bombe.7z"]


def test_7z_larger_than_the_free_space_refused_before_writing_by_each_reader(tmp_path, monkeypatch, method):
    archive = tmp_path / "tiny.7z"
    shutil.copy(DATA / "tiny.7z", archive)
    # This disk's real free space (which other programs change as the test runs) against what
    # unpacking must leave free, made more than any disk has.
    monkeypatch.setattr(unpack, "DISK_MARGIN", 1 << 62)
    with pytest.raises(unpack.UnpackError, match="Not enough disk space to unpack"):
        unpack.unpack(str(archive), methods=(method,))
    assert left_in(tmp_path) == ["tiny.7z"]


@pytest.fixture
def small_disk(tmp_path):
    with disk(tmp_path / "petit-disque") as point:
        yield point


def test_not_enough_space_for_the_declared_total_refused(small_disk):
    archive = Path(small_disk) / "gros.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("zero.bin", b"\0" * (60 * 1024 * 1024))  # 60 MiB + the margin > 96 MiB
    with pytest.raises(unpack.UnpackError, match="Not enough disk space to unpack"):
        unpack.unpack(str(archive))
    assert left_in(small_disk) == ["gros.zip"]


@pytest.mark.parametrize("method", ["zipfile"] + list(unpack.SEVEN_ZIP_METHODS))
def test_disk_filling_while_unpacking_fails_in_words(small_disk, monkeypatch, method):
    missing = "" if method == "zipfile" else available(method)
    if missing and method == "gdal":
        pytest.skip(missing)
    assert not missing, missing
    monkeypatch.setattr(unpack, "DISK_MARGIN", 0)
    folder = Path(small_disk)
    source = folder / "contenu.bin"
    source.write_bytes(os.urandom(8 * 1024 * 1024))  # does not compress: 8 MiB to write
    if method == "zipfile":
        archive = folder / "a.zip"
        with zipfile.ZipFile(archive, "w") as handle:
            handle.write(source, "d/contenu.bin")
    else:
        import py7zr

        archive = folder / "a.7z"
        with py7zr.SevenZipFile(archive, "w") as handle:
            handle.write(source, "d/contenu.bin")
    source.unlink()
    filler = folder / "autre-programme.bin"

    def fill():  # another program takes the disk once the checks have passed
        if not filler.exists():
            with open(filler, "wb", buffering=0) as out:
                try:
                    while True:
                        out.write(b"\0" * (1024 * 1024))
                except OSError:
                    pass
        return False

    if method in ("zipfile", "gdal"):
        run = lambda: unpack.unpack(str(archive), cancelled=fill,  # noqa: E731
                                    methods=None if method == "zipfile" else (method,))
    else:
        real = unpack._plan
        monkeypatch.setattr(unpack, "_plan", lambda *a: (real(*a), fill())[0])
        run = lambda: unpack.unpack(str(archive), methods=(method,))  # noqa: E731
    with pytest.raises(unpack.UnpackError, match="The disk is full"):
        run()
    assert sorted(left_in(folder)) == sorted([archive.name, filler.name])


@pytest.mark.parametrize("method", ["zipfile"] + list(unpack.SEVEN_ZIP_METHODS))
def test_a_cancel_stops_the_unpack_at_once_and_leaves_nothing(tmp_path, method):
    """Unload or a cancelled task while unpacking: a .zip or /vsi7z/ stops inside the member
    it is writing (one BD TOPO® member may be gigabytes: the check is per block, not per member),
    the 7-Zip program is killed, py7zr's output is dropped; what was written is removed and no
    layer is added. (Before, a single-member archive ran to its end, then its files were added.)"""
    missing = "" if method == "zipfile" else available(method)
    if missing and method == "gdal":
        pytest.skip(missing)
    assert not missing, missing
    if method == "zipfile":
        archive = zeros_zip(tmp_path / "BDTOPO_D013.zip", "BDTOPO/bdtopo.gpkg", 64)
        at = 2  # the member check, then its first block
    else:
        archive = tmp_path / "BDTOPO_D075.7z"
        shutil.copyfile(DATA / "tiny.7z", archive)
        at = 1
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) >= at

    with pytest.raises(unpack.Cancelled):
        unpack.unpack(str(archive), cancelled=cancelled,
                      methods=None if method == "zipfile" else (method,))
    assert left_in(tmp_path) == [archive.name]
