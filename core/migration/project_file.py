"""Migrate .qgs, .qgz and .qlr files on disk, without QGIS.

Pure module (lxml). Reading a project through QgsProject and writing it back would keep the
original XML of unresolved layers (docs/reference/qgis.md §4.2), so the XML is edited directly, as
text, at the positions the parser finds (xml_edit.py): the file differs from the original only
inside the sources the report lists. A source appears in several places (``<maplayer>
<datasource>``, ``<layer-tree-layer source=…>``, layout layer references): every attribute or
datasource text equal to a migrated layer's old source is rewritten. A .qgz keeps its other
members byte for byte (compressed data included), their order, duplicates and its comment.

How a file is replaced: through a temporary file and a rename (atomic) when it is a plain
file with one link, owned by the user; otherwise (a symlink, a hard link, another owner) its
content is rewritten in place once the backup is complete and flushed, which keeps the link,
the owner, the group and the mode, and the report says that this write was not atomic.
Nothing is written when nothing changes, on a dry run, or when the file cannot be read; the
project member's uncompressed size is checked against a cap before it is read.
"""
from __future__ import annotations

import io
import os
import shutil
import stat
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Dict, Optional, Tuple

from lxml import etree

from . import xml_edit
from ..platform.sources import with_authcfg
from .engine import NEEDS_KEY
from .layer_xml import migrate_layer, read_layer
from .messages import Message
from .report import Report

SUFFIXES = (".qgs", ".qgz", ".qlr")
# The largest project member read (uncompressed): a 1,000-layer project is a few MB; a small
# archive that unpacks to gigabytes is refused before anything is read. The plugin's setting
# ``bascule_geoplateforme/max_project_size_mb`` overrides it (core/toolbelt/qgis_side/settings.py).
MAX_MEMBER_SIZE = 500 * 1024 * 1024
_READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ProjectFileError(ValueError):
    """A project file that cannot be migrated; the message is meant for the user."""


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return str(count)  # pragma: no cover


def _check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise ProjectFileError(
            f"{name} holds a project of {_size(size)}, more than the {_size(limit)} limit "
            "(setting max_project_size_mb): it was not read.")


def _read(path: Path, limit: int) -> Tuple[bytes, Optional[zipfile.ZipInfo]]:
    """(XML bytes, the project member's ZipInfo for a .qgz)."""
    if path.name.endswith("~"):
        raise ProjectFileError(f"{path.name} is a QGIS backup copy: it is left alone.")
    if path.suffix.lower() not in SUFFIXES:
        raise ProjectFileError(f"{path.name} is not a QGIS project (.qgs, .qgz) or layer "
                               "definition (.qlr).")
    try:
        # Opened without blocking and checked on the open file: a named pipe or a device
        # with a project's name is refused, never read (it would block, or never end).
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ProjectFileError(f"{path.name} is not a regular file (a named pipe, a device "
                                       "or a socket): it was not read.")
            if path.suffix.lower() != ".qgz":
                size = os.fstat(handle.fileno()).st_size
                _check_size(path.name, size, limit)
                data = handle.read(size + 1)
                if size < len(data) <= limit:  # it grew meanwhile: never more than the cap
                    data += handle.read(limit + 1 - len(data))
                _check_size(path.name, len(data), limit)
                return data, None
            return _read_qgz(path, handle, limit)
    except ProjectFileError:
        raise
    except zipfile.BadZipFile:
        raise ProjectFileError(f"{path.name} is not a valid .qgz archive (corrupt zip).") from None
    except (OSError, EOFError, zlib.error, RuntimeError, NotImplementedError, ValueError) as err:
        reason = getattr(err, "strerror", None) or err
        raise ProjectFileError(f"{path.name} cannot be read: {reason}.") from None


def _read_qgz(path: Path, handle, limit: int) -> Tuple[bytes, Optional[zipfile.ZipInfo]]:
    with zipfile.ZipFile(handle) as archive:
        members = [i for i in archive.infolist() if i.filename.lower().endswith(".qgs")]
        if not members:
            raise ProjectFileError(f"{path.name} holds no .qgs project.")
        info = members[0]
        if info.flag_bits & 0x1:
            raise ProjectFileError(f"{path.name}: its project is encrypted; it was not changed.")
        if info.compress_type not in _READABLE_METHODS:
            raise ProjectFileError(
                f"{path.name}: its project is compressed with a method QGIS does not write "
                f"(zip method {info.compress_type}); it was not changed.")
        _check_size(path.name, info.file_size, limit)
        return archive.read(info), info  # zipfile stops at the declared size


def _parse(data: bytes, name: str) -> etree._Element:
    try:
        return etree.parse(io.BytesIO(data), xml_edit.parser()).getroot()
    except etree.XMLSyntaxError as err:
        raise ProjectFileError(
            f"{name} is not well-formed XML ({err.msg}, line {err.lineno}); it was not changed.") from None


def _decide(root, report: Report, location: str, catalog,
            authcfg: Optional[str] = None, own: Optional[dict] = None,
            keep_needs_key: bool = False) -> Dict[str, str]:
    """Decide every layer's source, into the report. Returns old → new of the sources to
    write (rewrites, and dead credentials taken out of withdrawn/unsupported ones).

    A QGIS 1.8 layer's decision depends on its elements, not only on its source text (layers
    of one server share the same comma source): its new source goes into ``own``, keyed by
    its <datasource> element, never into the text replacements. ``keep_needs_key``: the
    restricted layers' sources are left as they are."""
    replacements: Dict[str, str] = {}
    own = {} if own is None else own
    for maplayer in root.iter("maplayer"):
        layer = read_layer(maplayer)
        if layer is None:
            continue
        migration = migrate_layer(layer, catalog)
        report.add(migration, layer.layer_id, layer.name, location)
        if migration.applies and not (keep_needs_key and migration.status == NEEDS_KEY):
            new_source = migration.new_source
            if authcfg and migration.status == NEEDS_KEY:
                new_source = with_authcfg(layer.provider, new_source, authcfg)
            if layer.old_form:
                own[maplayer.find("datasource")] = new_source
            else:
                replacements[layer.datasource] = new_source
    return replacements


def _edited(data: bytes, root, replacements: Dict[str, str], name: str,
            own: Optional[dict] = None) -> bytes:
    """The document with every place holding an old source rewritten, nothing else, checked
    by parsing it again. ``own``: <datasource> element → its new text (QGIS 1.8 layers)."""
    attributes, texts = {}, {}
    own = own or {}
    for index, element in enumerate(root.iter(tag=etree.Element)):  # elements, in order
        if element.tag == "datasource" and element in own:
            texts[index] = own[element]
        elif element.tag == "datasource" and element.text in replacements:
            texts[index] = replacements[element.text]
        for k, v in element.items():
            if v in replacements and not k.startswith("{"):
                attributes.setdefault(index, {})[k] = replacements[v]
    try:
        encoding = xml_edit.document_encoding(data)
        new = xml_edit.apply_edits(data, xml_edit.plan_edits(data, root, attributes, texts, encoding))
        xml_edit.verify(root, _parse(new, name), attributes, texts)
    except (xml_edit.EditError, UnicodeError, ProjectFileError) as err:
        raise ProjectFileError(f"{name} could not be edited in place ({err}); it was not "
                               "changed.") from None
    return new


def _read_only(target: Path) -> bool:
    """True when the file (or its folder) may not be written. A file without write bits is
    read-only here even for root, who could write it anyway: that is what its owner meant."""
    if target.exists():
        return not os.access(target, os.W_OK) or not target.stat().st_mode & stat.S_IWUSR
    return not os.access(target.parent, os.W_OK)


def _backup_path(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.name}.bak{number}")
        number += 1
    return candidate


def _backup(path: Path) -> Path:
    """A complete, flushed copy of ``path`` (of its target, for a symlink); none on failure."""
    backup = _backup_path(path)
    try:
        with open(path, "rb") as source, open(backup, "xb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)
            copy.flush()
            os.fsync(copy.fileno())
        shutil.copystat(path, backup)
    except BaseException:
        try:
            backup.unlink()
        except OSError:
            pass
        raise
    return backup


def _atomic_allowed(target: Path) -> bool:
    if not target.exists():
        return True
    info = os.lstat(target)
    return (not stat.S_ISLNK(info.st_mode) and info.st_nlink == 1
            and info.st_uid == os.geteuid())


def _write_atomically(target: Path, data: bytes) -> bool:
    """Temporary file + rename; False (nothing done) when the group cannot be kept."""
    handle, temporary = tempfile.mkstemp(prefix=".bascule-", suffix=target.suffix,
                                         dir=str(target.parent))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            info = target.stat()
            shutil.copymode(target, temporary)
            if os.stat(temporary).st_gid != info.st_gid:
                try:
                    os.chown(temporary, -1, info.st_gid)
                except OSError:
                    os.unlink(temporary)
                    return False
        else:  # mkstemp makes owner-only files; a new project gets the usual mode
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
        return True
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _write_in_place(target: Path, data: bytes) -> None:
    """Rewrite the file's content through its own inode: links, owner, group, mode kept."""
    with open(target, "r+b") as stream:
        stream.write(data)
        stream.truncate()
        stream.flush()
        os.fsync(stream.fileno())


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a == b or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def migrate_project_file(path, output=None, backup: bool = True, dry_run: bool = False,
                         catalog=None, authcfg: Optional[str] = None,
                         max_size: Optional[int] = None, keep_needs_key: bool = False) -> Report:
    """Migrate the IGN sources of a .qgs/.qgz/.qlr file; see the module docstring.

    ``output``: write there instead of in place (the input under another spelling is in
    place). ``backup``: keep ``<file>.bak`` before an in-place rewrite. ``max_size``: the cap on
    the project's uncompressed size in bytes (MAX_MEMBER_SIZE). ``authcfg``: the auth config
    id (never a secret) given to the restricted (``needs_key``) layers; ``keep_needs_key``
    leaves those layers' sources as they are (no key to give them: the report still lists
    their decision, for the user to choose a key later). Raises ProjectFileError
    (a clear message) when the file cannot be read or written; the file is then unchanged.
    """
    path = Path(path)
    target = Path(output) if output else path
    limit = MAX_MEMBER_SIZE if max_size is None else int(max_size)
    if target.suffix.lower() != path.suffix.lower():
        raise ProjectFileError(f"{target.name} must keep the type of {path.name} "
                               f"({path.suffix}): nothing was written.")
    in_place = _same_file(path, target)
    if in_place:
        target = path
    elif not target.parent.is_dir():
        raise ProjectFileError(f"The folder {target.parent} does not exist: nothing was written.")
    data, member = _read(path, limit)
    report = Report(title=str(path))
    report.set_catalogue(catalog)  # which catalogue decided, per service, with its date
    root = _parse(data, path.name)
    own: dict = {}
    replacements = _decide(root, report, str(path), catalog, authcfg, own, keep_needs_key)
    if dry_run or (not replacements and not own and in_place):
        return report
    new_xml = _edited(data, root, replacements, path.name, own) if replacements or own else data
    del root
    try:
        new_file = new_xml if member is None else _rewrite_archive(path, member, new_xml)
    except (OSError, zipfile.BadZipFile, ValueError, struct.error) as err:
        raise ProjectFileError(f"{path.name} could not be rewritten ({err}); "
                               "it was not changed.") from None
    if _read_only(target):
        raise ProjectFileError(f"{target} is read-only: nothing was written.")
    try:
        if backup and in_place:
            _backup(path)
        if not _atomic_allowed(target) or not _write_atomically(target, new_file):
            _write_in_place(target, new_file)
            report.notes.append(Message("not_atomic", path=str(target)))
    except OSError as err:
        raise ProjectFileError(f"{target} could not be written ({err.strerror or err}); "
                               "the original file is unchanged.") from None
    return report


# -- .qgz: the same archive, the project member replaced ----------------------------------------
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")


def _rewrite_archive(path: Path, member: zipfile.ZipInfo, new_xml: bytes) -> bytes:
    """The archive's bytes with the project member recompressed: every other member's local
    header and data copied as they are, in their order (duplicate names included), the
    central directory in its order and the archive comment kept."""
    raw = path.read_bytes()
    end = raw.rfind(b"PK\x05\x06")
    if end == -1 or len(raw) - end < _END.size:
        raise ValueError("no end of central directory")
    (_, disk, _, _, count, cd_size, cd_offset, comment_length) = _END.unpack_from(raw, end)
    if disk or count == 0xFFFF or cd_offset == 0xFFFFFFFF or raw.find(b"PK\x06\x06") != -1:
        raise ValueError("multi-part and ZIP64 archives are not rewritten")
    entries = []  # (central record fields, name+extra+comment bytes)
    position = cd_offset
    for _ in range(count):
        fields = list(_CENTRAL.unpack_from(raw, position))
        if fields[0] != b"PK\x01\x02":
            raise ValueError("damaged central directory")
        tail_length = fields[10] + fields[11] + fields[12]
        tail = raw[position + _CENTRAL.size:position + _CENTRAL.size + tail_length]
        entries.append((fields, tail))
        position += _CENTRAL.size + tail_length
    out = io.BytesIO()
    new_offsets = {}
    for fields, _ in sorted(entries, key=lambda entry: entry[0][16]):
        offset = fields[16]
        local = list(_LOCAL.unpack_from(raw, offset))
        if local[0] != b"PK\x03\x04":
            raise ValueError("damaged local header")
        header_end = offset + _LOCAL.size + local[9] + local[10]
        new_offsets[offset] = out.tell()
        if offset == member.header_offset:
            data = _compress(new_xml, member)
            crc = zlib.crc32(new_xml) & 0xFFFFFFFF
            local[2] &= ~0x8  # sizes in the header now, no data descriptor
            local[6], local[7], local[8] = crc, len(data), len(new_xml)
            out.write(_LOCAL.pack(*local))
            out.write(raw[offset + _LOCAL.size:header_end])
            out.write(data)
            fields[3] &= ~0x8
            fields[7], fields[8], fields[9] = crc, len(data), len(new_xml)
        else:
            data_end = header_end + fields[8]
            if fields[3] & 0x8:  # data descriptor: optional signature, crc, two sizes
                data_end += 16 if raw[data_end:data_end + 4] == b"PK\x07\x08" else 12
            out.write(raw[offset:data_end])
    directory = out.tell()
    for fields, tail in entries:
        fields[16] = new_offsets[fields[16]]
        out.write(_CENTRAL.pack(*fields))
        out.write(tail)
    size = out.tell() - directory
    out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, directory, comment_length))
    out.write(raw[end + _END.size:end + _END.size + comment_length])
    return out.getvalue()


def _compress(data: bytes, member: zipfile.ZipInfo) -> bytes:
    if member.compress_type == zipfile.ZIP_STORED:
        return data
    level = {0x2: 9, 0x4: 1, 0x6: 1}.get(member.flag_bits & 0x6, 6)
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()
