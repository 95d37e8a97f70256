"""Unpacking what was downloaded, with what this QGIS has (no widgets).

``.zip``: Python's ``zipfile``. ``.7z``, in this order: GDAL's ``/vsi7z/`` (GDAL >= 3.7 built
with libarchive), ``py7zr`` when importable, a ``7z``/``7zz``/``7za`` program (run without a
shell, its arguments a list). When none is there, ``UnpackError`` says so and where the
archive is. Every member name is checked before anything is written: an absolute path, a
``..`` step, a drive or a link that would leave the target folder refuses the whole archive.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Callable, List, Optional

from qgis.PyQt.QtCore import QCoreApplication

SEVEN_ZIP_PROGRAMS = ("7z", "7zz", "7za")
COPY_BLOCK = 1024 * 1024

translate = QCoreApplication.translate  # pylupdate reads translate("Context", "literal")


class UnpackError(Exception):
    """An archive that cannot be unpacked here; the message says why, and where it is."""


@dataclass
class Unpacked:
    folder: str
    files: List[str] = field(default_factory=list)
    method: str = ""  # "zipfile", "gdal", "py7zr", "7z program"


def is_archive(path: str) -> bool:
    return path.lower().endswith((".zip", ".7z"))


def safe_member_path(target: str, member: str) -> str:
    """Where ``member`` goes below ``target``; raises UnpackError when it would leave it."""
    name = member.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if (not name or name.startswith("/") or (len(name) > 1 and name[1] == ":")
            or any(part == ".." for part in parts)):
        raise UnpackError(translate("Unpack", "The archive holds a file named “{0}” that would be written outside "
                                              "the folder it is unpacked into: nothing was unpacked.").format(member))
    root = os.path.realpath(target)
    path = os.path.realpath(os.path.join(root, *[p for p in parts if p not in ("", ".")]))
    if path != root and not path.startswith(root + os.sep):
        raise UnpackError(translate("Unpack", "The archive holds a file named “{0}” that would be written outside "
                                              "the folder it is unpacked into: nothing was unpacked.").format(member))
    return path


def target_folder(archive: str) -> str:
    """The folder an archive unpacks into: beside it, named after it."""
    base = os.path.basename(archive)
    for suffix in (".zip", ".7z"):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    return os.path.join(os.path.dirname(archive), base)


def unpack(archive: str, target: Optional[str] = None,
           cancelled: Callable[[], bool] = lambda: False) -> Unpacked:
    target = target or target_folder(archive)
    if not os.path.isfile(archive):
        raise UnpackError(translate("Unpack", "No file {0}.").format(archive))
    if archive.lower().endswith(".zip"):
        return _unzip(archive, target, cancelled)
    if archive.lower().endswith(".7z"):
        for method in (_gdal_7z, _py7zr, _program_7z):
            done = method(archive, target, cancelled)
            if done is not None:
                return done
        raise UnpackError(translate(
            "Unpack",
            "Nothing in this QGIS can open a .7z archive (GDAL has no /vsi7z/ before 3.7, py7zr "
            "is not installed, no 7z program was found). The downloaded file is {0}: open it with "
            "7-Zip, or install py7zr or 7-Zip (p7zip), then unpack it again.").format(archive))
    raise UnpackError(translate("Unpack", "{0} is not a .zip or .7z archive.").format(archive))


def _check_all(target: str, names: List[str]) -> List[str]:
    return [safe_member_path(target, name) for name in names]


def _unzip(archive: str, target: str, cancelled) -> Unpacked:
    try:
        with zipfile.ZipFile(archive) as handle:
            members = handle.infolist()
            for info in members:
                safe_member_path(target, info.filename)
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise UnpackError(translate("Unpack", "The archive holds a link, “{0}”: nothing was "
                                                          "unpacked.").format(info.filename))
            result = Unpacked(target, method="zipfile")
            for info in members:
                if cancelled():
                    break
                path = safe_member_path(target, info.filename)
                if info.is_dir():
                    os.makedirs(path, exist_ok=True)
                    continue
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with handle.open(info) as source, open(path, "wb") as out:
                    shutil.copyfileobj(source, out, COPY_BLOCK)
                result.files.append(path)
            return result
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as err:
        raise UnpackError(translate("Unpack", "{0} is not a readable .zip archive: {1}").format(archive, err))


def _gdal_7z(archive: str, target: str, cancelled) -> Optional[Unpacked]:
    try:
        from osgeo import gdal
    except ImportError:
        return None
    root = "/vsi7z/" + archive
    names = gdal.ReadDirRecursive(root)
    if names is None:
        return None  # this GDAL has no /vsi7z/ (or cannot read the archive: the next tries)
    _check_all(target, names)
    result = Unpacked(target, method="gdal")
    for name in names:
        if cancelled():
            break
        path = safe_member_path(target, name)
        if name.endswith("/"):
            os.makedirs(path, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        source = gdal.VSIFOpenL(f"{root}/{name}", "rb")
        if source is None:
            raise UnpackError(translate("Unpack", "GDAL could not read “{0}” in {1}.").format(name, archive))
        try:
            with open(path, "wb") as out:
                while True:
                    block = gdal.VSIFReadL(1, COPY_BLOCK, source)
                    if not block:
                        break
                    out.write(block)
        finally:
            gdal.VSIFCloseL(source)
        result.files.append(path)
    return result


def _py7zr(archive: str, target: str, cancelled) -> Optional[Unpacked]:
    try:
        import py7zr
    except ImportError:
        return None
    try:
        with py7zr.SevenZipFile(archive, "r") as handle:
            entries = handle.list()
            _check_all(target, [e.filename for e in entries])
            files = [e.filename for e in entries if not e.is_directory]
            handle.extractall(path=target)
    except UnpackError:
        raise
    except Exception as err:  # noqa: BLE001 - py7zr raises many kinds on a bad archive
        raise UnpackError(translate("Unpack", "py7zr could not unpack {0}: {1}").format(archive, err))
    return Unpacked(target, [safe_member_path(target, f) for f in files], "py7zr")


def _program_7z(archive: str, target: str, cancelled) -> Optional[Unpacked]:
    program = next((found for found in map(shutil.which, SEVEN_ZIP_PROGRAMS) if found), None)
    if program is None:
        return None
    listing = subprocess.run([program, "l", "-slt", "-ba", "--", archive], capture_output=True,
                             text=True, errors="replace", timeout=600, check=False)
    if listing.returncode != 0:
        raise UnpackError(translate("Unpack", "7-Zip could not read {0}.").format(archive))
    names, folders = [], set()
    current = {}
    for line in listing.stdout.splitlines() + [""]:
        if not line.strip():
            if "Path" in current:
                names.append(current["Path"])
                if "D" in current.get("Attributes", ""):
                    folders.add(current["Path"])
            current = {}
            continue
        key, _, value = line.partition(" = ")
        current[key.strip()] = value
    _check_all(target, names)
    os.makedirs(target, exist_ok=True)
    done = subprocess.run([program, "x", "-y", f"-o{target}", "--", archive],
                          capture_output=True, text=True, errors="replace", timeout=24 * 3600,
                          check=False)
    if done.returncode != 0:
        raise UnpackError(translate("Unpack", "7-Zip could not unpack {0}.").format(archive))
    return Unpacked(target, [safe_member_path(target, n) for n in names if n not in folders],
                    "7z program")
