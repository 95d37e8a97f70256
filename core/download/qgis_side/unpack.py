"""Unpacking what was downloaded, with what this QGIS has (no widgets).

``.zip``: Python's ``zipfile``. ``.7z``, in this order: GDAL's ``/vsi7z/`` (GDAL >= 3.7 built
with libarchive), ``py7zr`` when importable, a ``7z``/``7zz``/``7za`` program (run without a
shell, its arguments a list). When none is there, ``UnpackError`` says so and where the
archive is. On Windows, OSGeo4W's GDAL is built with libarchive (so /vsi7z/) since its 3.10.3
package (jef-n/OSGeo4W, src/gdal/osgeo4w/package.sh, commit 59dc23b, April 2025); OSGeo4W
has no py7zr package and QGIS ships no 7-Zip program, but 7-Zip's own installer's folder is
looked in.

Everything is decided before anything is written: every member's local name comes from
``names.member_path`` (an absolute path, a ``..`` step or a drive refuses the whole archive; a
name unsafe on Windows is made safe, unique case-insensitively in its folder), a link member
refuses the archive, and the declared total is checked against the free space and against a
size/ratio limit (a small archive that would inflate to far more is refused as a zip bomb).
While writing, no member is written past its declared size. Any failure (a full disk
included) is an ``UnpackError`` in words, and what this unpack wrote is removed.
"""
from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import time
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from qgis.PyQt.QtCore import QCoreApplication

from ..disk import free_space, is_full
from ..names import NameRefused, display_name, local_name, member_path

SEVEN_ZIP_PROGRAMS = ("7z", "7zz", "7za")
SEVEN_ZIP_METHODS = ("gdal", "py7zr", "7z program")
COPY_BLOCK = 1024 * 1024
# A zip bomb: more than MAX_RATIO bytes unpacked per archive byte, once past RATIO_FLOOR
# (IGN's GeoPackages and grids compress 2-20 times; a bomb, thousands of times).
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024 * 1024
MAX_TOTAL = 1024 ** 4  # 1 TiB: no IGN archive unpacks to more
DISK_MARGIN = 64 * 1024 * 1024  # left free on the disk beyond what the unpacked files take

translate = QCoreApplication.translate  # pylupdate reads translate("Context", "literal")


class UnpackError(Exception):
    """An archive that cannot be unpacked here; the message says why, and where it is."""


class _CannotRead(UnpackError):
    """One reader could not read the archive: the next reader may."""


@dataclass
class Unpacked:
    folder: str
    files: List[str] = field(default_factory=list)
    method: str = ""  # "zipfile", "gdal", "py7zr", "7z program"


@dataclass
class Member:
    name: str  # as the archive writes it
    size: Optional[int]  # declared uncompressed size (None: not given)
    is_dir: bool = False
    is_link: bool = False


def is_archive(path: str) -> bool:
    return path.lower().endswith((".zip", ".7z"))


def _outside(member: str) -> UnpackError:
    return UnpackError(translate("Unpack", "The archive holds a file named “{0}” that would be written outside "
                                           "the folder it is unpacked into: nothing was unpacked.").format(
        display_name(member)))


def safe_member_path(target: str, member: str) -> str:
    """Where ``member`` goes below ``target`` (its names made safe, not yet unique); raises
    UnpackError when it would leave it (also through a link already in the target)."""
    try:
        parts = member_path(member)
    except NameRefused:
        raise _outside(member) from None
    root = os.path.realpath(target)
    path = os.path.realpath(os.path.join(root, *parts))
    if path != root and not path.startswith(root + os.sep):
        raise _outside(member)
    return path


def target_folder(archive: str) -> str:
    """The folder an archive unpacks into: beside it, named after it."""
    base = os.path.basename(archive)
    for suffix in (".zip", ".7z"):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    return os.path.join(os.path.dirname(archive), base)


class _Placer:
    """Local paths for members below ``root``: safe names, unique case-insensitively in each
    folder (against what is already there too)."""

    def __init__(self, root: str):
        self.root = os.path.realpath(root)
        self._taken: Dict[str, set] = {}
        self._folders: Dict[Tuple[str, ...], str] = {}  # member folders (lower-cased) -> local

    def _names_in(self, folder: str) -> set:
        if folder not in self._taken:
            try:
                self._taken[folder] = {n.lower() for n in os.listdir(folder)}
            except OSError:
                self._taken[folder] = set()
        return self._taken[folder]

    def place(self, member: str, is_dir: bool = False) -> str:
        try:
            parts = member_path(member)
        except NameRefused:
            raise _outside(member) from None
        folder = self.root
        key: Tuple[str, ...] = ()
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            key = key + (part.lower(),)
            if not last or is_dir:
                if key not in self._folders:
                    taken = self._names_in(folder)
                    existing = os.path.join(folder, part)
                    name = part if (part.lower() in taken and os.path.isdir(existing)
                                    and not os.path.islink(existing)) else local_name(part, taken)
                    taken.add(name.lower())
                    self._folders[key] = os.path.join(folder, name)
                folder = self._folders[key]
                continue
            taken = self._names_in(folder)
            name = local_name(part, taken)
            taken.add(name.lower())
            folder = os.path.join(folder, name)
        path = os.path.realpath(folder) if os.path.lexists(folder) else folder
        if path != self.root and not os.path.realpath(os.path.dirname(path)).startswith(self.root):
            raise _outside(member)
        return folder


def _plan(archive: str, target: str, members: List[Member]) -> List[Tuple[Member, str]]:
    """(member, local path) for every member, or UnpackError before anything is written."""
    for member in members:
        if member.is_link:
            raise UnpackError(translate("Unpack", "The archive holds a link, “{0}”: nothing was "
                                                  "unpacked.").format(display_name(member.name)))
        safe_member_path(target, member.name)
    check_sizes(archive, target, [m.size for m in members if not m.is_dir])
    placer = _Placer(target)
    return [(m, placer.place(m.name, m.is_dir)) for m in members]


def check_sizes(archive: str, target: str, sizes: Sequence[Optional[int]]) -> int:
    """The declared total, or UnpackError when it is more than the free space, MAX_TOTAL, or
    MAX_RATIO times the archive (past RATIO_FLOOR)."""
    total = sum(s or 0 for s in sizes)
    packed = max(1, os.path.getsize(archive))
    from qgis.core import QgsFileUtils

    if total > MAX_TOTAL or (total > RATIO_FLOOR and total > packed * MAX_RATIO):
        raise UnpackError(translate(
            "Unpack", "{0} says it unpacks to {1} from {2}: more than this plugin unpacks (at most {3} "
                      "times the archive, {4} in all). Nothing was unpacked.").format(
            archive, QgsFileUtils.representFileSize(total), QgsFileUtils.representFileSize(packed),
            MAX_RATIO, QgsFileUtils.representFileSize(MAX_TOTAL)))
    free = free_space(target)
    if free is not None and free < total + DISK_MARGIN:
        raise UnpackError(translate(
            "Unpack", "Not enough disk space to unpack {0}: {1} needed in {2}, {3} free. Nothing was "
                      "unpacked.").format(archive, QgsFileUtils.representFileSize(total + DISK_MARGIN),
                                          target, QgsFileUtils.representFileSize(free)))
    return total


def _write_failed(path: str, err: OSError) -> UnpackError:
    if is_full(err):
        return UnpackError(translate("Unpack", "The disk is full: {0} could not be written ({1}). What was "
                                               "unpacked was removed.").format(path, err.strerror or err))
    return UnpackError(translate("Unpack", "{0} could not be written ({1}). What was unpacked was "
                                           "removed.").format(path, err.strerror or err))


def _too_big(member: str) -> UnpackError:
    return UnpackError(translate("Unpack", "“{0}” holds more than its declared size: the archive is damaged "
                                           "or hostile. What was unpacked was removed.").format(
        display_name(member)))


class Cancelled(Exception):
    """The unpack was cancelled (the plugin unloaded, the user cancelled the task): what it
    wrote is removed."""


class _Writing:
    """What one unpack writes, removed again if it fails or is cancelled."""

    def __init__(self, target: str):
        self.target = target
        self.created = not os.path.exists(target)
        self.files: List[str] = []

    def __enter__(self) -> "_Writing":
        os.makedirs(self.target, exist_ok=True)
        return self

    def copy(self, read: Callable[[int], bytes], path: str, size: Optional[int], name: str,
             cancelled: Callable[[], bool] = lambda: False) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.files.append(path)
        written = 0
        with open(path, "xb") as out:
            while True:
                if cancelled():  # per block: one member may be gigabytes (a BD TOPO® GeoPackage)
                    raise Cancelled()
                block = read(COPY_BLOCK)
                if not block:
                    break
                written += len(block)
                if size is not None and written > size:
                    raise _too_big(name)
                out.write(block)

    def __exit__(self, kind, error, trace):
        if error is None:
            return False
        self.undo()
        if isinstance(error, OSError):
            raise _write_failed(self.files[-1] if self.files else self.target, error) from None
        return False

    def undo(self):
        if self.created:
            shutil.rmtree(self.target, ignore_errors=True)
            return
        for path in self.files:
            try:
                os.remove(path)
            except OSError:
                pass


def unpack(archive: str, target: Optional[str] = None,
           cancelled: Callable[[], bool] = lambda: False,
           methods: Optional[Sequence[str]] = None) -> Unpacked:
    """Unpack ``archive`` into ``target`` (by default beside it, named after it; a name taken
    there already gets `` (2)``). ``methods``: the .7z readers to try, in order (default
    SEVEN_ZIP_METHODS, the first this QGIS has)."""
    if not os.path.isfile(archive):
        raise UnpackError(translate("Unpack", "No file {0}.").format(archive))
    if target is None:
        default = target_folder(archive)
        parent = os.path.dirname(default)
        try:
            taken = {n.lower() for n in os.listdir(parent)} - {os.path.basename(archive).lower()}
        except OSError:
            taken = set()
        try:
            target = os.path.join(parent, local_name(os.path.basename(default), taken))
        except NameRefused:
            raise _outside(os.path.basename(default)) from None
    if archive.lower().endswith(".zip"):
        return _unzip(archive, target, cancelled)
    if archive.lower().endswith(".7z"):
        readers = {"gdal": _gdal_7z, "py7zr": _py7zr, "7z program": _program_7z}
        unread: List[_CannotRead] = []
        for method in SEVEN_ZIP_METHODS if methods is None else methods:
            try:
                done = readers[method](archive, target, cancelled)
            except _CannotRead as err:
                unread.append(err)
                continue
            if done is not None:
                return done
        if unread:
            raise UnpackError(str(unread[0]))
        raise UnpackError(translate(
            "Unpack",
            "Nothing in this QGIS can open a .7z archive (GDAL has no /vsi7z/ before 3.7, py7zr "
            "is not installed, no 7z program was found). The downloaded file is {0}: open it with "
            "7-Zip, or install py7zr or 7-Zip (p7zip), then unpack it again. On Windows, QGIS from "
            "OSGeo4W with GDAL 3.10.3 or newer opens .7z itself; otherwise install 7-Zip from "
            "7-zip.org, which the plugin finds in its usual folder.").format(archive))
    raise UnpackError(translate("Unpack", "{0} is not a .zip or .7z archive.").format(archive))


def _unzip(archive: str, target: str, cancelled) -> Unpacked:
    try:
        with zipfile.ZipFile(archive) as handle:
            infos = handle.infolist()
            members = [Member(i.filename, i.file_size, i.is_dir(), stat.S_ISLNK(i.external_attr >> 16))
                       for i in infos]
            plan = _plan(archive, target, members)
            result = Unpacked(target, method="zipfile")
            with _Writing(target) as writing:
                for info, (member, path) in zip(infos, plan):
                    if cancelled():
                        raise Cancelled()
                    if member.is_dir:
                        os.makedirs(path, exist_ok=True)
                        continue
                    with handle.open(info) as source:
                        writing.copy(source.read, path, member.size, member.name, cancelled)
                result.files = writing.files
            return result
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as err:
        raise UnpackError(translate("Unpack", "{0} is not a readable .zip archive: {1}").format(archive, err))


def _gdal_7z(archive: str, target: str, cancelled) -> Optional[Unpacked]:
    try:
        from osgeo import gdal
    except ImportError:
        return None
    root = "/vsi7z/" + archive
    names = gdal.ReadDirRecursive(root)
    if names is None:
        if "/vsi7z/" not in (gdal.GetFileSystemsPrefixes() or []):
            return None  # this GDAL has no /vsi7z/: the next reader
        raise _CannotRead(translate("Unpack", "GDAL could not read {0} (a damaged archive, or member names "
                                              "it refuses). Nothing was unpacked.").format(archive))
    # libarchive shows a link member as an empty file: another reader, when there is one,
    # tells which members are links (GDAL alone writes them as empty files, never as links).
    links = _link_members(archive)
    members = []
    for name in names:
        found = gdal.VSIStatL(f"{root}/{name}", gdal.VSI_STAT_SIZE_FLAG | gdal.VSI_STAT_NATURE_FLAG)
        is_dir = name.endswith("/") or bool(found and found.IsDirectory())
        members.append(Member(name, None if is_dir or found is None else found.size, is_dir,
                              bool(found and stat.S_ISLNK(found.mode)) or name.rstrip("/") in links))
    plan = _plan(archive, target, members)
    result = Unpacked(target, method="gdal")
    with _Writing(target) as writing:
        for member, path in plan:
            if cancelled():
                raise Cancelled()
            if member.is_dir:
                os.makedirs(path, exist_ok=True)
                continue
            source = gdal.VSIFOpenL(f"{root}/{member.name.rstrip('/')}", "rb")
            if source is None:
                raise UnpackError(translate("Unpack", "GDAL could not read “{0}” in {1}.").format(
                    display_name(member.name), archive))
            try:
                writing.copy(lambda n: gdal.VSIFReadL(1, n, source), path, member.size, member.name,
                             cancelled)
            finally:
                gdal.VSIFCloseL(source)
        result.files = writing.files
    return result


def _moved_from(staging: str, plan: List[Tuple[Member, str]], writing: _Writing, target: str) -> None:
    """Move what a 7-Zip reader wrote in ``staging`` to the planned local paths. Anything it
    wrote that was not planned (a link, an unlisted name) refuses the archive."""
    planned = {"/".join(p for p in m.name.replace("\\", "/").split("/") if p not in ("", ".")): (m, path)
               for m, path in plan}
    for folder, folders, files in os.walk(staging):
        for name in folders + files:
            full = os.path.join(folder, name)
            relative = os.path.relpath(full, staging).replace(os.sep, "/")
            if os.path.islink(full) or not (os.path.isdir(full) or os.path.isfile(full)):
                raise UnpackError(translate("Unpack", "The archive holds a link, “{0}”: nothing was "
                                                      "unpacked.").format(display_name(relative)))
            if os.path.isdir(full):
                continue
            if relative not in planned:
                raise _outside(relative)
            member, path = planned[relative]
            if member.size is not None and os.path.getsize(full) > member.size:
                raise _too_big(member.name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            writing.files.append(path)
            os.replace(full, path)


def _staged(archive: str, target: str, plan, extract: Callable[[str], None], method: str,
            cancelled: Callable[[], bool] = lambda: False) -> Unpacked:
    """Let a 7-Zip reader write into a private folder beside the target, then move its files
    to their planned names (the reader never chooses where a file lands)."""
    result = Unpacked(target, method=method)
    with _Writing(target) as writing:
        staging = tempfile.mkdtemp(prefix=".bascule-unpack-", dir=target)
        try:
            extract(staging)
            if cancelled():  # py7zr cannot be stopped midway: what it wrote goes
                raise Cancelled()
            _moved_from(staging, plan, writing, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        for member, path in plan:
            if member.is_dir:
                os.makedirs(path, exist_ok=True)
        result.files = [p for m, p in plan if not m.is_dir and p in writing.files]
    return result


def _link_members(archive: str) -> set:
    """The names of the link members, read with py7zr or a 7-Zip program (empty when neither
    is there or they cannot read it)."""
    try:
        import py7zr

        with py7zr.SevenZipFile(archive, "r") as handle:
            return {e.filename for e in handle.list() if getattr(e, "is_symlink", False)}
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - a listing that fails tells nothing
        return set()
    program = seven_zip_program()
    if program is None:
        return set()
    return {m.name for m in _program_members(program, archive) if m.is_link}


def _py7zr(archive: str, target: str, cancelled) -> Optional[Unpacked]:
    try:
        import py7zr
    except ImportError:
        return None
    try:
        with py7zr.SevenZipFile(archive, "r") as handle:
            entries = handle.list()
            members = [Member(e.filename, None if e.is_directory else e.uncompressed, e.is_directory,
                              bool(getattr(e, "is_symlink", False))) for e in entries]
            plan = _plan(archive, target, members)

            def extract(staging):
                handle.extractall(path=staging)

            return _staged(archive, target, plan, extract, "py7zr", cancelled)
    except (UnpackError, Cancelled):
        raise
    except OSError as err:
        raise _write_failed(target, err) from None
    except Exception as err:  # noqa: BLE001 - py7zr raises many kinds on a bad archive
        raise UnpackError(translate("Unpack", "py7zr could not unpack {0}: {1}").format(archive, err))


def seven_zip_program() -> Optional[str]:
    """A 7-Zip program on the PATH, or (Windows) where 7-Zip's installer puts it."""
    found = next((found for found in map(shutil.which, SEVEN_ZIP_PROGRAMS) if found), None)
    if found is None and os.name == "nt":
        for variable in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
            candidate = os.path.join(os.environ.get(variable, ""), "7-Zip", "7z.exe")
            if os.environ.get(variable) and os.path.isfile(candidate):
                return candidate
    return found


def _program_7z(archive: str, target: str, cancelled) -> Optional[Unpacked]:
    program = seven_zip_program()
    if program is None:
        return None
    members = _program_members(program, archive)
    if members is None:
        raise _CannotRead(translate("Unpack", "7-Zip could not read {0}.").format(archive))
    plan = _plan(archive, target, members)

    def extract(staging):
        # -snl: links are stored as links (then refused by the move), never followed.
        with tempfile.TemporaryFile() as said:
            running = subprocess.Popen([program, "x", "-y", "-snl", f"-o{staging}", "--", archive],
                                       stdin=subprocess.DEVNULL, stdout=said, stderr=said)
            while running.poll() is None:
                if cancelled():  # stopped at once, not after the whole archive
                    running.kill()
                    running.wait()
                    raise Cancelled()
                time.sleep(0.05)
            said.seek(0)
            output = said.read().decode("utf-8", "replace")
        if running.returncode != 0:
            if "No space left" in output:
                raise _write_failed(target, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
            raise UnpackError(translate("Unpack", "7-Zip could not unpack {0}.").format(archive))

    try:
        return _staged(archive, target, plan, extract, "7z program", cancelled)
    except OSError as err:
        raise _write_failed(target, err) from None


def _program_members(program: str, archive: str) -> Optional[List[Member]]:
    """The members as ``7z l -slt`` lists them, or None when it cannot read the archive."""
    listing = subprocess.run([program, "l", "-slt", "-ba", "--", archive], capture_output=True,
                             text=True, errors="replace", timeout=600, check=False)
    if listing.returncode != 0:
        return None
    members = []
    current: Dict[str, str] = {}
    for line in listing.stdout.splitlines() + [""]:
        if not line.strip():
            if "Path" in current:
                attributes = current.get("Attributes", "")
                unix = attributes.split(" ", 1)[1] if " " in attributes else ""
                size = current.get("Size", "")
                members.append(Member(current["Path"], int(size) if size.isdigit() else None,
                                      "D" in attributes.split(" ", 1)[0] or unix.startswith("d"),
                                      unix.startswith("l") or bool(current.get("Symbolic Link"))))
            current = {}
            continue
        key, _, value = line.partition(" = ")
        current[key.strip()] = value
    return members
