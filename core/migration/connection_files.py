"""Files that hold saved connections: connection exports (``<qgsWMSConnections>``,
``<qgsWFSConnections>``) and deployment INI files (``QGIS3.ini``, ``qgis_global_settings.ini``).

Pure module. Each is migrated to a new file; the original is never touched. An export keeps
its doctype, comments and other attributes (only ``url`` attributes change); an INI file is
edited line by line, only the values of connection ``url`` keys, with the quoting QSettings
uses (a value holding ``=``, ``,``, ``;`` or a quote is written in double quotes) and the
percent-encoded names left as they are. The URL decision is the engine's (``migrate_url``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from lxml import etree

from . import xml_edit
from .engine import migrate_url

EXPORT_ROOTS = {"qgsWMSConnections": "wms", "qgsWFSConnections": "wfs"}
# The url keys of connections in an INI file: section [qgis] before 3.30, [connections] after.
_INI_URL = re.compile(
    r"^(?P<key>(?:connections-(?:wms|wfs|xyz|vector-tile|wcs)\\.+"
    r"|ows\\items\\(?:wms|wfs|wcs)\\connections\\items\\.+"
    r"|(?:xyz|vector-tile)\\items\\.+)\\url)(?P<eq>\s*=\s*)(?P<value>.*?)(?P<end>\r?\n?)$")
_SECTIONS = ("[qgis]", "[connections]")


class ConnectionFileError(ValueError):
    """A file of connections that cannot be read or written; the message is for the user."""


@dataclass
class FileConnection:
    """One connection found in a file: its (encoded) name, its URL before and after."""

    kind: str
    name: str
    url: str
    migration: object = None
    line: Optional[int] = None

    @property
    def new_url(self) -> str:
        return self.migration.new_source if self.migration.rewrites else self.url


@dataclass
class FileResult:
    path: str
    output: str
    connections: List[FileConnection] = field(default_factory=list)

    @property
    def changed(self) -> List[FileConnection]:
        return [c for c in self.connections if c.new_url != c.url]


def migrate_export(path: str, output: str, catalog=None, dry_run: bool = False) -> FileResult:
    """A connection export migrated into ``output``: the ``url`` attributes rewritten in
    place as text (xml_edit, as for projects), every other byte as it was."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        root = etree.fromstring(data, xml_edit.parser(huge=False))
    except (OSError, etree.XMLSyntaxError, ValueError) as err:
        raise ConnectionFileError(f"{path} is not a readable connection export ({err}).") from None
    kind = EXPORT_ROOTS.get(root.tag)
    if kind is None:
        raise ConnectionFileError(f"{path} is not a QGIS connection export "
                                  "(<qgsWMSConnections> or <qgsWFSConnections>).")
    result = FileResult(str(path), str(output))
    attributes = {}
    for index, element in enumerate(e for e in root.iter() if isinstance(e.tag, str)):
        if element.getparent() is not root or element.get("url") is None:
            continue
        found = FileConnection(kind, element.get("name", ""), element.get("url"),
                               migrate_url(element.get("url"), catalog))
        result.connections.append(found)
        if found.new_url != found.url:
            attributes[index] = {"url": found.new_url}
    if dry_run:
        return result
    new = data
    if attributes:
        try:
            encoding = xml_edit.document_encoding(data)
            new = xml_edit.apply_edits(data, xml_edit.plan_edits(data, root, attributes, {},
                                                                 encoding))
            xml_edit.verify(root, etree.fromstring(new, xml_edit.parser(huge=False)), attributes, {})
        except (xml_edit.EditError, UnicodeError, etree.XMLSyntaxError) as err:
            raise ConnectionFileError(f"{path} could not be edited ({err}): nothing was "
                                      "written.") from None
    try:
        with open(output, "wb") as handle:
            handle.write(new)
    except OSError as err:
        raise ConnectionFileError(f"{output} could not be written ({err.strerror}).") from None
    return result


def ini_unquote(value: str) -> str:
    """A QSettings INI value as QSettings reads it (plain, or in double quotes with
    backslash escapes)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)),
                      value[1:-1])
    return value


def ini_quote(value: str, quoted: bool) -> str:
    if quoted or any(c in value for c in "=,;\"") or value != value.strip():
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def migrate_ini(path: str, output: str, catalog=None, dry_run: bool = False) -> FileResult:
    """A deployment INI file migrated into ``output``: the connection url values only."""
    try:
        with open(path, "r", encoding="utf-8", errors="surrogateescape", newline="") as handle:
            lines = handle.readlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ConnectionFileError(f"{path} is not a readable INI file ({err}).") from None
    result = FileResult(str(path), str(output))
    section = ""
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped.lower()
            continue
        match = _INI_URL.match(line) if section in _SECTIONS else None
        if not match:
            continue
        raw = match.group("value")
        url = ini_unquote(raw)
        key = match.group("key")
        kind = re.search(r"(wms|wfs|wcs|xyz|vector-tile)", key).group(1)
        found = FileConnection(kind, key.split("\\")[-2], url, migrate_url(url, catalog), number)
        result.connections.append(found)
        if found.new_url != url:
            quoted = raw.strip().startswith('"')
            lines[number] = (key + match.group("eq") + ini_quote(found.new_url, quoted)
                             + match.group("end"))
    if not dry_run:
        try:
            with open(output, "w", encoding="utf-8", errors="surrogateescape",
                      newline="") as handle:
                handle.writelines(lines)
        except OSError as err:
            raise ConnectionFileError(f"{output} could not be written ({err.strerror}).") from None
    return result


def migrate_file(path: str, output: str, catalog=None, dry_run: bool = False) -> FileResult:
    """An export (.xml) or an INI file, by its content."""
    with open(path, "rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<"):
        return migrate_export(path, output, catalog, dry_run)
    return migrate_ini(path, output, catalog, dry_run)
