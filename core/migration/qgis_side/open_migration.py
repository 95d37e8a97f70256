"""Open a project with its legacy IGN sources migrated in memory (core/migration/qgis_side/open_hook.py calls it).

QGIS glue, no widgets. The file on disk is never written: the engine (project_file, public
API) writes the migrated copy into a temporary folder, its bytes are handed to QGIS through a
project storage of the plugin's own (``basculeopen:<path>``), and the project then gets its
file name back. The storage answers QGIS's ``filePath()`` with the original path, so QGIS
resolves the other layers' relative paths against the project's own folder on every version
(a path preprocessor is not enough: on QGIS 3.40 remote sources no longer go through it).
The original source of every rewritten layer is recorded by layer id, for Revert.
"""
from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional

from qgis.core import QgsApplication, QgsProject, QgsProjectStorage
from qgis.PyQt.QtCore import QByteArray
from qgis.PyQt.QtXml import QDomDocument

from ...toolbelt.qgis_side import settings
from ...toolbelt.log import logger
from .live_migration import AppliedMigration, record_changes
from ..engine import NEEDS_KEY
from ..project_file import ProjectFileError, migrate_project_file

_log = logger(__name__)

STORAGE_TYPE = "basculeopen"


@dataclass
class OpenResult:
    """What opening ``path`` changed in memory."""

    path: str
    applied: AppliedMigration
    migrated: List[str] = field(default_factory=list)  # names of the layers read at the new address
    without_key: List[str] = field(default_factory=list)  # restricted layers left: no single key unlocks them
    authcfg: str = ""  # the key given to the restricted layers ("" when none)


class _OpenStorage(QgsProjectStorage):
    """Serves QGIS the migrated bytes of one project, under the original file's path."""

    def __init__(self):
        super().__init__()
        self.pending = {}  # uri -> .qgz bytes, handed out once

    def type(self):
        return STORAGE_TYPE

    def listProjects(self, uri):  # noqa: N802 (QGIS naming)
        return []

    def readProject(self, uri, device, context):  # noqa: N802
        data = self.pending.pop(uri, None)
        if data is None:
            return False
        device.write(QByteArray(data))
        device.flush()  # QGIS reads the temporary file by its name next
        return True

    def writeProject(self, uri, device, context):  # noqa: N802
        return False  # the project gets its real file name back before anything is saved

    def removeProject(self, uri):  # noqa: N802
        return False

    def filePath(self, uri):  # noqa: N802 - the folder QGIS resolves relative paths against
        return uri[len(STORAGE_TYPE) + 1:] if uri.startswith(STORAGE_TYPE + ":") else ""


_storage: List[_OpenStorage] = []


def _registered_storage() -> _OpenStorage:
    if not _storage:
        storage = _OpenStorage()
        QgsApplication.projectStorageRegistry().registerProjectStorage(storage)
        _storage.append(storage)
    return _storage[0]


def unregister_storage() -> None:
    while _storage:
        QgsApplication.projectStorageRegistry().unregisterProjectStorage(_storage.pop())


def _rewritten(decision) -> bool:
    return decision.migration is not None and decision.migration.rewrites


def _choose_key(report, key_for: Optional[Callable[[str, str], str]]):
    """(auth config, names of the layers left as they are): the one key the rule gives every
    restricted layer, else none of them is rewritten (never a guess between keys; left at their
    old source, the migration dialog still offers them with its key choice)."""
    restricted = [d for d in report.decisions if d.status == NEEDS_KEY and d.changed]
    if not restricted:
        return "", []
    keys = set()
    for decision in restricted:
        migration = decision.migration
        name = migration.new_layer_name or migration.layer_name
        keys.add(key_for(migration.service, name) if key_for else "")
    if len(keys) == 1 and "" not in keys:
        return keys.pop(), []
    return "", [d.layer_name for d in restricted]


def _archive_bytes(original: Path, migrated: Path) -> bytes:
    """The migrated project as QGIS's storage reader wants it: a .qgz. A .qgs goes in with the
    auxiliary storage (.qgd) and the attachments QGIS keeps beside it."""
    if original.suffix.lower() == ".qgz":
        return migrated.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(original.stem + ".qgs", migrated.read_bytes())
        base = original.name.split(".")[0]  # QFileInfo.baseName(), as QgsAuxiliaryStorage
        qgd = original.with_name(base + ".qgd")
        if qgd.is_file():
            archive.write(qgd, qgd.name)
        attachments = original.with_name(original.stem + "_attachments.zip")
        if attachments.is_file():
            with zipfile.ZipFile(attachments) as extra:
                for info in extra.infolist():
                    if not info.is_dir():
                        archive.writestr(info.filename, extra.read(info))
    return buffer.getvalue()


def _with_datasource(xml: str, source: str) -> str:
    """A layer's saved XML with ``source`` as its datasource (what Revert puts back)."""
    document = QDomDocument()
    if not xml or not document.setContent(xml):
        return xml
    datasources = document.elementsByTagName("datasource")
    if datasources.isEmpty():
        return xml
    element = datasources.at(0).toElement()
    while element.hasChildNodes():
        element.removeChild(element.firstChild())
    element.appendChild(document.createTextNode(source))
    return document.toString()


def open_migrated(path: str, key_for: Optional[Callable[[str, str], str]] = None,
                  project: Optional[QgsProject] = None) -> Optional[OpenResult]:
    """Read ``path`` into the project with its legacy IGN sources migrated, or None (nothing
    read: nothing to migrate, or a file the engine refuses) so that QGIS opens it itself."""
    original = Path(path)
    if original.suffix.lower() not in (".qgs", ".qgz") or not original.is_file():
        return None
    project = project or QgsProject.instance()
    limit = settings.max_project_size()
    from ...catalog.qgis_side.catalog_store import current_catalog

    catalog = current_catalog()  # the same catalogue as the dock and the migration dialog
    try:
        with tempfile.TemporaryDirectory(prefix="bascule-open-") as folder:
            migrated = Path(folder) / original.name
            report = migrate_project_file(original, output=migrated, backup=False, max_size=limit,
                                          catalog=catalog)
            if not any(_rewritten(d) for d in report.decisions):
                return None  # idempotent: a migrated project opens as QGIS opens it
            authcfg, without_key = _choose_key(report, key_for)
            if without_key and not any(_rewritten(d) and d.status != NEEDS_KEY
                                       for d in report.decisions):
                return None  # only restricted layers, and no key for them: nothing to do
            if authcfg or without_key:  # a second pass only for projects with restricted layers
                report = migrate_project_file(original, output=migrated, backup=False,
                                              authcfg=authcfg or None, max_size=limit,
                                              keep_needs_key=bool(without_key), catalog=catalog)
            data = _archive_bytes(original, migrated)
    except (ProjectFileError, OSError, zipfile.BadZipFile) as err:
        _log.warning(f"{original.name}: opened without migration ({err})")
        return None
    uri = f"{STORAGE_TYPE}:{original}"
    storage = _registered_storage()
    storage.pending[uri] = data
    try:
        read = project.read(uri)
    finally:
        storage.pending.pop(uri, None)
    project.setFileName(str(original))  # saving writes the user's own file, as it was named
    if not read:
        return None
    applied = AppliedMigration(project)
    result = OpenResult(str(original), applied, without_key=without_key, authcfg=authcfg)
    for decision in report.decisions:
        if not _rewritten(decision) or (without_key and decision.status == NEEDS_KEY):
            continue  # restricted layers no key unlocks stay as the file has them
        layer = project.mapLayer(decision.layer_id)
        if layer is None:
            continue
        old_xml = _with_datasource(layer.originalXmlProperties(), decision.old)
        applied.changes.append((decision.layer_id, decision.old, old_xml, layer.source()))
        applied.statuses[decision.layer_id] = decision.status
        result.migrated.append(layer.name())
    # The undo record (the old address beside the new, redacted) lives with the project: the
    # dialog's Details… and Revert read it; the file keeps it only if the user saves.
    record_changes(project, applied.changes, keep_clean=True)
    return result
