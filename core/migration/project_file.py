"""Migrate .qgs, .qgz and .qlr files on disk, without QGIS.

Pure module (lxml). The XML is edited directly: reading a project through QgsProject and
writing it back would keep the original XML of unresolved layers (reference/qgis.md §4.2).
A source appears in several places (``<maplayer><datasource>``, ``<layer-tree-layer
source=…>``, layout layer references): every attribute or text equal to a migrated layer's
old source is rewritten. Other .qgz members are copied byte for byte. Nothing is written
when nothing changes, on a dry run, or when the file cannot be read: a file is replaced
atomically, after a backup, or not at all.
"""
from __future__ import annotations

import io
import os
import shutil
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Dict, Optional, Tuple

from lxml import etree

from ..sources import with_authcfg
from .engine import NEEDS_KEY, migrate_source
from .report import Report

SUFFIXES = (".qgs", ".qgz", ".qlr")


class ProjectFileError(ValueError):
    """A project file that cannot be migrated; the message is meant for the user."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=True, remove_blank_text=False)


def _read(path: Path) -> Tuple[bytes, Optional[zipfile.ZipFile], str]:
    """(XML bytes, open zip or None, name of the project member)."""
    if path.name.endswith("~"):
        raise ProjectFileError(f"{path.name} is a QGIS backup copy: it is left alone.")
    if path.suffix.lower() not in SUFFIXES:
        raise ProjectFileError(f"{path.name} is not a QGIS project (.qgs, .qgz) or layer "
                               "definition (.qlr).")
    try:
        if path.suffix.lower() != ".qgz":
            return path.read_bytes(), None, ""
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ProjectFileError(f"{path.name} is not a valid .qgz archive (corrupt zip).") from None
    except OSError as err:
        raise ProjectFileError(f"{path.name} cannot be read: {err.strerror or err}.") from None
    members = [n for n in archive.namelist() if n.lower().endswith(".qgs")]
    if not members:
        archive.close()
        raise ProjectFileError(f"{path.name} holds no .qgs project.")
    try:
        return archive.read(members[0]), archive, members[0]
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as err:
        archive.close()
        raise ProjectFileError(f"{path.name} is damaged: {err}.") from None


def _parse(data: bytes, name: str) -> etree._ElementTree:
    try:
        return etree.parse(io.BytesIO(data), _parser())
    except etree.XMLSyntaxError as err:
        raise ProjectFileError(
            f"{name} is not well-formed XML ({err.msg}, line {err.lineno}); it was not changed.") from None


def _rewrite(tree: etree._ElementTree, report: Report, location: str, catalog,
             authcfg: Optional[str] = None) -> Dict[str, str]:
    """Decide every layer's source; apply the decisions to the tree. Returns old → new."""
    replacements: Dict[str, str] = {}
    for maplayer in tree.getroot().iter("maplayer"):
        datasource = maplayer.find("datasource")
        if datasource is None or not datasource.text:
            continue
        provider = (maplayer.findtext("provider") or "").strip()
        if not provider and maplayer.get("type") == "vector-tile":
            provider = "vectortile"
        migration = migrate_source(provider, datasource.text, catalog)
        report.add(migration, maplayer.findtext("id") or "", maplayer.findtext("layername") or "",
                   location)
        if migration.rewrites:
            new_source = migration.new_source
            if authcfg and migration.status == NEEDS_KEY:
                new_source = with_authcfg(provider, new_source, authcfg)
            replacements[datasource.text] = new_source
    if not replacements:
        return replacements
    for element in tree.getroot().iter():
        if element.text in replacements and element.tag == "datasource":
            element.text = replacements[element.text]
        for key, value in element.attrib.items():
            if value in replacements:
                element.set(key, replacements[value])
    return replacements


def _serialise(tree: etree._ElementTree, original: bytes) -> bytes:
    declaration = original.lstrip().startswith(b"<?xml")
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=declaration)


def _write_atomically(target: Path, data_writer) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".bascule-", suffix=target.suffix,
                                         dir=str(target.parent))
    try:
        with os.fdopen(handle, "wb") as stream:
            data_writer(stream)
        if target.exists():
            shutil.copymode(target, temporary)
        else:  # mkstemp makes owner-only files; a new project gets the usual mode
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _read_only(target: Path) -> bool:
    """True when the file (or its folder) may not be written. A file without write bits is
    read-only here even for root, who could write it anyway: that is what its owner meant."""
    if not os.access(target.parent, os.W_OK):
        return True
    if target.exists():
        return not os.access(target, os.W_OK) or not target.stat().st_mode & stat.S_IWUSR
    return False


def _backup_path(path: Path) -> Path:
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak{number}")
        number += 1
    return candidate


def migrate_project_file(path, output=None, backup: bool = True, dry_run: bool = False,
                         catalog=None, authcfg: Optional[str] = None) -> Report:
    """Migrate the IGN sources of a .qgs/.qgz/.qlr file; see the module docstring.

    ``output``: write there instead of in place. ``backup``: keep ``<file>.bak`` before an
    in-place rewrite. Raises ProjectFileError (a clear message) when the file cannot be read
    or written; the file is then unchanged. ``authcfg``: the auth config id (never a
    secret) given to the restricted (``needs_key``) layers.
    """
    path = Path(path)
    target = Path(output) if output else path
    if target.suffix.lower() != path.suffix.lower():
        raise ProjectFileError(f"{target.name} must keep the type of {path.name} "
                               f"({path.suffix}): nothing was written.")
    data, archive, member = _read(path)
    report = Report(title=str(path))
    try:
        tree = _parse(data, path.name)
        replacements = _rewrite(tree, report, str(path), catalog, authcfg)
        if dry_run or (not replacements and target == path):
            return report
        new_xml = _serialise(tree, data) if replacements else data
        if _read_only(target):
            raise ProjectFileError(f"{target} is read-only: nothing was written.")
        try:
            if backup and target == path:
                shutil.copy2(path, _backup_path(path))
            if archive is None:
                _write_atomically(target, lambda stream: stream.write(new_xml))
            else:
                _write_atomically(target, lambda stream: _copy_archive(archive, member, new_xml, stream))
        except (OSError, zipfile.BadZipFile, zlib.error) as err:
            raise ProjectFileError(f"{target} could not be written ({getattr(err, 'strerror', None) or err}); "
                                   "the original file is unchanged.") from None
    finally:
        if archive is not None:
            archive.close()
    return report


def _copy_archive(archive: zipfile.ZipFile, member: str, new_xml: bytes, stream) -> None:
    """The same archive with the project member replaced; other members byte for byte."""
    with zipfile.ZipFile(stream, "w") as out:
        for info in archive.infolist():
            data = new_xml if info.filename == member else archive.read(info.filename)
            out.writestr(info, data, compress_type=info.compress_type)
