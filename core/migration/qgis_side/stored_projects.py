"""Projects stored in databases (QgsProjectStorage: ``geopackage:`` and ``postgresql:`` URIs).

QGIS glue. A stored project is a .qgz archive that QGIS's project storage reads and writes as
bytes: it is read through the storage, migrated by the engine (``migrate_project_file``, the
same edits as for a file on disk), and written back through the same storage — the original
first copied, checked, under a dated name in the same database (``<name>.bak-<date>``).
"""
from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from typing import List, Optional
from urllib.parse import unquote

from qgis.core import QgsApplication, QgsReadWriteContext
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QUrl, QUrlQuery

from ..project_file import ProjectFileError, migrate_project_file
from ..report import Report

# The query item naming the project in each storage's URI (QGIS's encodeUri).
PROJECT_KEYS = {"geopackage": "projectName", "postgresql": "project"}
_PASSWORD = re.compile(r"^(postgresql://[^:@/?]*):[^@/?]*@", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)


_BACKUP = re.compile(r"\.bak-\d{8}-\d{6}(-\d+)?$")


class StorageError(ValueError):
    """A stored project that cannot be listed, read or written; the message is for the user."""


def display(uri: str) -> str:
    """The URI decoded, without its password (what a report or a log may show)."""
    return unquote(_QUERY_PASSWORD.sub(r"\1***", _PASSWORD.sub(r"\1:***@", uri)))


def _storage(uri: str):
    storage = QgsApplication.projectStorageRegistry().projectStorageFromUri(uri)
    if storage is None or storage.type() not in PROJECT_KEYS:
        raise StorageError(f"{display(uri)}: QGIS has no project storage for this address.")
    return storage


def project_name(uri: str) -> str:
    url = QUrl.fromEncoded(uri.encode("utf-8"))
    return QUrlQuery(url).queryItemValue(PROJECT_KEYS.get(_storage(uri).type(), ""),
                                         QUrl.ComponentFormattingOption.FullyDecoded)


def with_project(uri: str, name: str) -> str:
    """``uri`` naming the project ``name``, encoded as QGIS encodes its storage URIs."""
    key = PROJECT_KEYS[_storage(uri).type()]
    url = QUrl.fromEncoded(uri.encode("utf-8"))
    query = QUrlQuery(url)
    query.removeAllQueryItems(key)
    # As QGIS's encodeUri does: the decoded name in, QUrl encodes ("%", "&", "#" included).
    query.addQueryItem(key, name.replace("%", "%25").replace("&", "%26").replace("#", "%23")
                       .replace("+", "%2B"))
    url.setQuery(query)
    return url.toEncoded().data().decode("utf-8")


def gpkg_uri(path: str) -> str:
    url = QUrl()
    url.setScheme("geopackage")
    url.setPath(os.path.abspath(path))
    return url.toEncoded().data().decode("utf-8")


def postgres_uri(connection: str, schema: str) -> str:
    """The project-storage URI of a schema of a saved PostgreSQL connection, encoded as
    QGIS's postgres project storage encodes it (its credentials or auth config included)."""
    from qgis.core import QgsDataSourceUri, QgsProviderRegistry

    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        uri = QgsDataSourceUri(metadata.createConnection(connection).uri())
    except Exception:  # QgsProviderConnectionException: no such connection
        raise StorageError(f"No saved PostgreSQL connection is called {connection}.") from None
    url = QUrl()
    url.setScheme("postgresql")
    url.setHost(uri.host())
    if uri.port():
        url.setPort(int(uri.port()))
    url.setUserName(uri.username())
    url.setPassword(uri.password())
    query = QUrlQuery()
    for key, value in (("service", uri.service()), ("authcfg", uri.authConfigId()),
                       ("sslmode", QgsDataSourceUri.encodeSslMode(uri.sslMode())),
                       ("dbname", uri.database()), ("schema", schema)):
        if value:
            query.addQueryItem(key, value)
    url.setQuery(query)
    return url.toEncoded().data().decode("utf-8")


def list_projects(uri: str) -> List[str]:
    """The stored projects' URIs: the one ``uri`` names, or every project of the GeoPackage
    or of the PostgreSQL schema it designates (sorted), without the backups this module made
    (as the ``.bak`` files of a folder are not projects to migrate again)."""
    if project_name(uri):
        return [uri]
    storage = _storage(uri)
    if storage.type() == "geopackage":  # QGIS lists a missing file as empty: say it
        path = QUrl.fromEncoded(uri.encode("utf-8")).path()
        if not os.path.isfile(path):
            raise StorageError(f"{display(uri)}: no such GeoPackage.")
    names = storage.listProjects(uri)
    return [with_project(uri, name) for name in sorted(names) if not _BACKUP.search(name)]


def read_bytes(uri: str) -> bytes:
    storage = _storage(uri)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not storage.readProject(uri, buffer, QgsReadWriteContext()):
        raise StorageError(f"{display(uri)} could not be read from its project storage.")
    return bytes(buffer.data())


def write_bytes(uri: str, data: bytes) -> None:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    if not _storage(uri).writeProject(uri, buffer, QgsReadWriteContext()):
        raise StorageError(f"{display(uri)} could not be written to its project storage.")


def backup_name(name: str, existing, now: Optional[datetime] = None) -> str:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate, number = f"{name}.bak-{stamp}", 1
    while candidate in existing:
        candidate, number = f"{name}.bak-{stamp}-{number}", number + 1
    return candidate


def migrate_stored(uri: str, backup: bool = True, dry_run: bool = False, catalog=None,
                   authcfg: Optional[str] = None, max_size: Optional[int] = None) -> Report:
    """Migrate one stored project; the same report as for a file. Nothing is written on a
    dry run or when nothing changes; the backup is written and read back before the
    project itself is replaced."""
    original = read_bytes(uri)
    with tempfile.TemporaryDirectory(prefix="bascule-stored-") as folder:
        path = os.path.join(folder, "project.qgz")
        with open(path, "wb") as handle:
            handle.write(original)
        try:
            report = migrate_project_file(path, backup=False, dry_run=dry_run,
                                          catalog=catalog, authcfg=authcfg, max_size=max_size)
        except ProjectFileError as err:  # its message names the temporary copy: name the project
            raise StorageError(str(err).replace("project.qgz", display(uri))) from None
        with open(path, "rb") as handle:
            migrated = handle.read()
    report.title = display(uri)
    if dry_run or migrated == original:
        return report
    if backup:
        storage = _storage(uri)
        copy = with_project(uri, backup_name(project_name(uri), set(storage.listProjects(uri))))
        write_bytes(copy, original)
        if read_bytes(copy) != original:
            raise StorageError(f"{display(copy)}: the backup copy differs from the original; "
                               "the project was not changed.")
    write_bytes(uri, migrated)
    return report
