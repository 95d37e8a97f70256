"""Saved WMS/WMTS, WFS, XYZ and vector-tile connections of the QGIS profile (QgsSettings).

QGIS glue. Two layouts: before 3.30 ``qgis/connections-<kind>/<name>/url``; from 3.30 the
``connections/…/items/<name>/url`` tree, which QGIS fills from the old keys at start-up
(``migrateOldSettings``) and keeps copying back to them (``backwardCompatibility``). So a
migration writes the URL where the running QGIS reads it and, where the old key exists too,
there as well: a later start-up cannot bring the old address back. Names and every other
setting (credentials, auth config, options) are left as they are. The URL decision is the
engine's (``migrate_url``). Each migration is recorded so that it can be undone.

A connection whose URL carries a HASH key (``apikey=``) is given an auth config holding it
(APIHeader, QGIS ≥ 3.24) and loses the key from its URL; on 3.22 it is reported, not written.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional
from urllib.parse import quote

from qgis.core import Qgis, QgsSettings

from ..engine import NEEDS_KEY, migrate_url
from ..rules import DEAD_KEYS
from ...platform.sources import parse_url
from ...toolbelt.qgis_side import settings as plugin_settings

# The plugin's own keys (settings.py's); the groups below are QGIS's.
UNDO_KEY = plugin_settings.CONNECTIONS_UNDO.full_key
OFFERED_KEY = plugin_settings.CONNECTIONS_OFFERED.full_key
# kind -> (pre-3.30 group, 3.30+ group, label)
KINDS = {
    "wms": ("qgis/connections-wms", "connections/ows/items/wms/connections/items", "WMS/WMTS"),
    "wfs": ("qgis/connections-wfs", "connections/ows/items/wfs/connections/items", "WFS"),
    "xyz": ("qgis/connections-xyz", "connections/xyz/items", "XYZ"),
    "vectortile": ("qgis/connections-vector-tile", "connections/vector-tile/items",
                   "vector tiles"),
}


def new_layout() -> bool:
    return Qgis.QGIS_VERSION_INT >= 33000


@dataclass
class Connection:
    kind: str
    name: str
    url: str
    keys: List[str]  # the settings keys holding its URL (read: the first)
    migration: object = None
    authcfg: str = ""
    notes: List[str] = field(default_factory=list)
    header_key: str = ""  # a HASH key sent as the connection's apikey header (3.24+)
    # IGN's shared key (ign_scan_ws) in its apikey header: switched off, removed on migration
    dead_header: str = ""

    @property
    def new_url(self) -> str:
        return self.migration.new_source if self.migration.rewrites else self.url

    @property
    def status(self) -> str:
        if self.dead_header:  # the address may be sound: the key it sends is not
            return NEEDS_KEY
        return self.migration.status

    @property
    def url_key(self) -> str:
        """The HASH key the migrated URL still carries (``apikey=``), or ""."""
        parsed = parse_url(self.new_url)
        return (parsed.query_get("apikey", "") or "") if parsed is not None else ""

    @property
    def hash_key(self) -> str:
        """The HASH key in its URL or its headers, or ""."""
        return self.url_key or self.header_key

    @property
    def changes(self) -> bool:
        return self.new_url != self.url or bool(self.hash_key) or bool(self.dead_header)


# Before 3.30 the credentials of OWS connections live apart: qgis/WMS/<name>/authcfg.
_OLD_CREDENTIALS = {"qgis/connections-wms/": "qgis/WMS/", "qgis/connections-wfs/": "qgis/WFS/"}


def _credential_key(url_key: str, field_name: str) -> str:
    base = url_key[:-len("url")]
    for prefix, credentials in _OLD_CREDENTIALS.items():
        if base.startswith(prefix):
            return credentials + base[len(prefix):] + field_name
    return base + field_name


def _header_key(settings: QgsSettings, url_key: str) -> str:
    """The apikey header of a connection: ``http-header/apikey`` (3.24-3.28 and QGIS's
    backward-compatibility keys) or the ``http-header`` map (3.30+)."""
    base = url_key[:-len("url")]
    value = settings.value(base + "http-header/apikey", "")
    if not value:
        headers = settings.value(base + "http-header", None)
        value = headers.get("apikey", "") if isinstance(headers, dict) else ""
    return value if isinstance(value, str) else ""


def _header_changes(settings: QgsSettings, url_key: str, secret: str) -> list:
    """(settings key, new value or None to remove) for each header that carries the key:
    ``apikey`` and any second header holding it (``x-api-key``, ``Authorization: Bearer …``)
    in both layouts; the auth config sends it from now on."""
    base = url_key[:-len("url")]
    changes = []
    settings.beginGroup(base + "http-header")
    try:
        names = list(settings.childKeys())
    finally:
        settings.endGroup()
    for name in names:
        value = settings.value(f"{base}http-header/{name}", "")
        if name.lower() == "apikey" or (isinstance(value, str) and secret in value):
            changes.append((f"{base}http-header/{name}", None))
    headers = settings.value(base + "http-header", None)
    if isinstance(headers, dict):
        kept = {k: v for k, v in headers.items()
                if not (k.lower() == "apikey" or (isinstance(v, str) and secret in v))}
        if kept != headers:
            changes.append((base + "http-header", kept))
    return changes


class ConnectionsError(Exception):
    """A migration of saved connections that could not be done; nothing was changed. The
    message says why, in words, and never holds a secret."""


def _config_for(secret: str, name: str, made: list) -> str:
    """The auth config holding this HASH key: an existing one of the user's keys, else new
    (its id appended to ``made``)."""
    from ...keys.qgis_side import key_store

    for known in key_store.keys():
        if known.kind == key_store.HASH:
            try:
                if key_store.hash_secret(known.id) == secret:
                    return known.id
            except key_store.KeyStoreError:
                continue
    config_id = key_store.store_hash_key(name, secret)
    made.append(config_id)
    return config_id


def _children(settings: QgsSettings, group: str) -> List[str]:
    settings.beginGroup(group)
    try:
        return list(settings.childGroups())
    finally:
        settings.endGroup()


def list_connections(catalog=None, settings: Optional[QgsSettings] = None) -> List[Connection]:
    """Every saved connection of the four kinds, with what each becomes (sorted by kind,
    name). On QGIS ≥ 3.30 the new tree is read first; old keys QGIS did not move yet count
    too."""
    settings = settings or QgsSettings()
    found: Dict[tuple, Connection] = {}
    for kind, (old, new, _) in KINDS.items():
        groups = ([new, old] if new_layout() else [old])
        for group in groups:
            for name in _children(settings, group):
                key = f"{group}/{name}/url"
                url = settings.value(key, "")
                if not isinstance(url, str) or not url:
                    continue
                item = found.get((kind, name))
                if item is None:
                    item = found[(kind, name)] = Connection(kind, name, url, [key],
                                                            migrate_url(url, catalog))
                    item.authcfg = str(settings.value(_credential_key(key, "authcfg"), "") or "")
                elif key not in item.keys:
                    item.keys.append(key)
                header = _header_key(settings, key)
                if header.strip().lower() in DEAD_KEYS:
                    item.dead_header = header.strip().lower()
                else:
                    item.header_key = item.header_key or header
    return [found[k] for k in sorted(found)]


def _undo_log(settings: QgsSettings) -> list:
    try:
        return json.loads(plugin_settings.CONNECTIONS_UNDO.get(settings) or "[]")
    except ValueError:
        return []


def migrate(connections: List[Connection], settings: Optional[QgsSettings] = None,
            key_name: str = "Géoplateforme") -> List[Connection]:
    """Write the new URL of each given connection that changes; returns those written.
    The previous values go to the undo log (one entry per run).

    All or nothing: every step that can fail (storing a key, sealing the replaced values in
    the auth database) comes before the first setting is written; on a failure the auth
    configs made are removed again, no setting is touched and ``ConnectionsError`` says why."""
    from ...keys.qgis_side import key_store

    settings = settings or QgsSettings()
    written, changes, made = [], [], []  # changes: (settings key, value or None, item)
    try:
        for item in connections:
            new_url = item.new_url
            if not item.changes:
                continue
            if item.dead_header and not item.hash_key:  # never stored as the user's key
                for key in item.keys:
                    changes += [(k, v, item) for k, v in
                                _header_changes(settings, key, item.dead_header)]
            if item.hash_key:
                if not key_store.hash_keys_supported():  # 3.22: reported, the connection left working
                    item.notes.append("hash_unsupported")
                    continue
                config_id = _config_for(item.hash_key, f"{key_name} ({item.name})", made)
                if item.url_key:
                    new_url = _without_key(new_url)
                for key in item.keys:
                    changes += [(k, v, item) for k, v in
                                _header_changes(settings, key, item.hash_key)]
                changes += [(_credential_key(k, "authcfg"), config_id, item) for k in item.keys]
                item.authcfg = config_id
            changes += [(key, new_url, item) for key in item.keys]
            written.append(item)
        record = [_sealed(key, settings.value(key, None), item, made) + [item.kind, item.name]
                  for key, _, item in changes]
    except key_store.KeyStoreError as error:
        _forget(made)
        raise ConnectionsError(_failed(error)) from None
    for key, value, _ in changes:
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)
    if record:
        log = _undo_log(settings)
        log.append(record)
        plugin_settings.CONNECTIONS_UNDO.set(json.dumps(log), settings)
        settings.sync()
    return written


def _failed(error) -> str:
    from qgis.PyQt.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "Connections", "No connection was changed: {0}").format(error)


# The undo log lives in the settings file (clear text): a replaced value that holds a secret
# (a header, a URL with a key, a password or user info, percent-encoded or not) is sealed in
# QGIS's auth database (encrypted) and the log keeps only its redacted form and a reference.
_SEALED_PREFIX = plugin_settings.SEALED_UNDO_PREFIX


def _holds_secret(key: str, value, item) -> bool:
    from ...platform.redaction import redact

    if value is None:
        return False
    if "http-header" in key:
        return True
    text = json.dumps(value) if not isinstance(value, str) else value
    secrets = [s for s in (item.hash_key,) if s]
    return any(s in text or quote(s, safe="") in text or quote(s) in text for s in secrets) or \
        (redact(text) if isinstance(value, str) else _redacted_map(value)) != value


def _redacted_map(value):
    from ...platform.redaction import redact

    return {k: redact(v) if isinstance(v, str) else v for k, v in value.items()} \
        if isinstance(value, dict) else value


def _sealed(key: str, value, item, made: list) -> list:
    if not _holds_secret(key, value, item):
        return [key, value]
    from ...keys.qgis_side import key_store
    from ...platform.redaction import MASK, redact

    ref = _SEALED_PREFIX + uuid.uuid4().hex
    key_store.seal(ref, json.dumps(value))
    made.append(ref)
    shown = redact(value) if key.endswith("/url") and isinstance(value, str) else MASK
    return [key, {"sealed": ref, "shown": shown}]


def _forget(made: list) -> None:
    """Remove the auth configs and sealed values a failed or undone migration made."""
    from ...keys.qgis_side import key_store

    key_store.forget(made)


_PLACEHOLDER = "\u0000bascule-key\u0000"


def _unmasked(value):
    """A logged value as it was: unsealed from the auth database (or, in a log written by an
    earlier version, the key put back from its auth config)."""
    if isinstance(value, dict) and "sealed" in value:
        from ...keys.qgis_side import key_store

        return json.loads(key_store.unseal(value["sealed"]))
    if not (isinstance(value, dict) and "key_of" in value):
        return value
    from ...keys.qgis_side import key_store

    secret = key_store.hash_secret(value["key_of"])
    if "text" in value:
        return value["text"].replace(_PLACEHOLDER, secret)
    return {k: (secret if v == _PLACEHOLDER else v) for k, v in value["map"].items()}


def _without_key(url: str) -> str:
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in ("apikey", "api_key")]
    return urlunsplit(parts._replace(query=urlencode(query, safe="/:{}")))


def can_undo(settings: Optional[QgsSettings] = None) -> bool:
    return bool(_undo_log(settings or QgsSettings()))


def undo(settings: Optional[QgsSettings] = None) -> int:
    """Put back the values the last migration replaced; returns how many connections."""
    settings = settings or QgsSettings()
    log = _undo_log(settings)
    if not log:
        return 0
    from ...keys.qgis_side import key_store

    record = log[-1]
    try:  # every sealed value read back before the first setting is written
        values = [(key, _unmasked(value)) for key, value, *_ in reversed(record)]
    except key_store.KeyStoreError as error:
        raise ConnectionsError(str(error)) from None
    for key, value in values:
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)
    log.pop()
    plugin_settings.CONNECTIONS_UNDO.set(json.dumps(log), settings)
    settings.sync()
    _forget([v["sealed"] for _, v, *_ in record if isinstance(v, dict) and "sealed" in v])
    return len({tuple(entry[2:]) for entry in record})


def add_geoplateforme_connections(settings: Optional[QgsSettings] = None) -> List[str]:
    """The Géoplateforme's own public services as connections (WMTS, raster WMS, vector
    WMS, WFS), under names not already used; returns the names added."""
    from ...platform import endpoints

    settings = settings or QgsSettings()
    services = [("wms", "Géoplateforme WMTS", endpoints.capabilities_url(endpoints.WMTS)),
                ("wms", "Géoplateforme WMS raster", endpoints.service_url(endpoints.WMS_RASTER)),
                ("wms", "Géoplateforme WMS vecteur", endpoints.service_url(endpoints.WMS_VECTOR)),
                ("wfs", "Géoplateforme WFS", endpoints.service_url(endpoints.WFS))]
    added = []
    for kind, name, url in services:
        old, new, _ = KINDS[kind]
        groups = [new, old] if new_layout() else [old]
        if any(name in _children(settings, g) for g in groups):
            continue
        for group in groups:
            settings.setValue(f"{group}/{name}/url", url)
        added.append(name)
    settings.sync()
    return added


def should_offer(settings: Optional[QgsSettings] = None) -> bool:
    """True once: when no saved connection of the profile reaches the Géoplateforme (QGIS's
    own default XYZ connections do not count) and the user was never asked."""
    from ...platform import endpoints

    settings = settings or QgsSettings()
    if plugin_settings.CONNECTIONS_OFFERED.get(settings):
        return False
    base = endpoints.base_url().lower()
    for item in list_connections(settings=settings):
        parsed = parse_url(item.new_url)
        host = parsed.host if parsed is not None else ""
        if endpoints.is_geoplateforme_host(host) or item.new_url.lower().startswith(base):
            return False
    return True


def mark_offered(settings: Optional[QgsSettings] = None) -> None:
    plugin_settings.CONNECTIONS_OFFERED.set(True, settings)
