"""Géoplateforme keys as QGIS authentication configurations (QGIS glue, no widgets).

A HASH key is sent as the HTTP header ``apikey``: QGIS's ``APIHeader`` method, which first
shipped in QGIS 3.24 (3.22 stores such a config without error, then sends nothing). A
login/password key is a ``Basic`` config, on every version. The secret lives only in QGIS's
encrypted auth database; projects and sources keep the 7-character config id.

The plugin recognises its configs by a fragment of their URI, never by a config-map entry:
the APIHeader method sends every entry of the config map as an HTTP header.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional

from qgis.core import QgsApplication, QgsAuthMethodConfig
from qgis.PyQt.QtCore import QCoreApplication

from ...toolbelt.qgis_side import settings

HASH, BASIC = "hash", "basic"
METHODS = {HASH: "APIHeader", BASIC: "Basic"}
HASH_HEADER = "apikey"
CARTES_GOUV_URL = "https://cartes.gouv.fr"  # where users get their keys
MARKER = "#bascule-geoplateforme"


class KeyStoreError(Exception):
    """A key that cannot be stored, read or changed here; the message never holds the secret."""


@dataclass(frozen=True)
class Key:
    """One of the user's Géoplateforme keys, as the plugin shows it (never the secret)."""

    id: str
    name: str
    kind: str  # HASH or BASIC
    usable: bool  # False for a HASH key on a QGIS without the APIHeader method


def hash_keys_supported() -> bool:
    """Whether this QGIS can send a HASH key as a header (the APIHeader method, QGIS >= 3.24)."""
    return METHODS[HASH] in QgsApplication.authManager().authMethodsKeys()


def _manager():
    manager = QgsApplication.authManager()
    if manager.isDisabled():
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "QGIS's authentication system is disabled: {0}").format(manager.disabledMessage()))
    return manager


def _no_hash_here() -> KeyStoreError:
    return KeyStoreError(QCoreApplication.translate(
        "Keys",
        "This QGIS cannot send a HASH key: the “API header” authentication method needs "
        "QGIS 3.24 or later. Use a login/password key (Basic), or upgrade QGIS."))


def _kind_of(method: str) -> Optional[str]:
    return next((kind for kind, name in METHODS.items() if name == method), None)


def _values(kind: str, secret: str, username: str) -> dict:
    return {HASH_HEADER: secret} if kind == HASH else {"username": username, "password": secret}


def store_key(kind: str, name: str, secret: str, username: str = "") -> str:
    """A new config for a HASH key (``secret``) or a login/password key; returns its id."""
    if kind == HASH and not hash_keys_supported():
        raise _no_hash_here()
    manager = _manager()
    config = QgsAuthMethodConfig(METHODS[kind])
    config.setName(name)
    # The service's address (QGIS's settings show it) and the plugin's marker.
    config.setUri(settings.base_url() + "/" + MARKER)
    for item, data in _values(kind, secret, username).items():
        config.setConfig(item, data)
    ok, config = manager.storeAuthenticationConfig(config, False)
    if not ok or not config.id():
        # QGIS logs its reason (no master password, database locked…); never the secret.
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "QGIS could not store the key “{0}” in its authentication database (is the "
            "master password set? is the database locked by another program?).").format(name))
    return config.id()


def store_hash_key(name: str, key: str) -> str:
    return store_key(HASH, name, key)


def store_basic_key(name: str, username: str, password: str) -> str:
    return store_key(BASIC, name, password, username)


def _load(config_id: str, full: bool) -> QgsAuthMethodConfig:
    ok, config = _manager().loadAuthenticationConfig(config_id, QgsAuthMethodConfig(), full)
    if not ok or not config.id():
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "No authentication configuration “{0}” in this QGIS profile.").format(config_id))
    return config


def update_key(config_id: str, name: str, secret: Optional[str] = None,
               username: Optional[str] = None) -> None:
    """Rename a key and, when ``secret`` is given, replace it. The id stays: projects keep working."""
    config = _load(config_id, full=True)
    kind = _kind_of(config.method())
    config.setName(name)
    if secret and kind:
        values = _values(kind, secret, username or config.config("username"))
        config.setConfigMap(values)
    if not _manager().updateAuthenticationConfig(config):
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "QGIS could not update the key “{0}”.").format(name))


def delete_key(config_id: str) -> None:
    if not _manager().removeAuthenticationConfig(config_id):
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "QGIS could not delete the key “{0}”.").format(config_id))


def method_of(config_id: str) -> str:
    """The auth method of a config ("" when this profile has no such config)."""
    configs = _manager().availableAuthMethodConfigs()
    config = configs.get(config_id)
    return config.method() if config is not None else ""


def keys() -> List[Key]:
    """The user's Géoplateforme keys: the plugin's configs, and any other HASH or Basic config
    made for the Géoplateforme's address (QGIS's settings or IGN's own plugin)."""
    found = []
    host = settings.base_url().split("://", 1)[-1].split("/", 1)[0]
    for config_id, config in _manager().availableAuthMethodConfigs().items():
        kind = _kind_of(config.method())
        uri = config.uri()
        if kind and (uri.endswith(MARKER) or (host and host in uri)):
            found.append(Key(config_id, config.name(), kind, kind == BASIC or hash_keys_supported()))
    return sorted(found, key=lambda key: (key.name.casefold(), key.id))


def key(config_id: str) -> Optional[Key]:
    return next((k for k in keys() if k.id == config_id), None)


def hash_secret(config_id: str) -> str:
    """The HASH of a key, for the server-compatible form that the user asks for explicitly."""
    config = _load(config_id, full=True)
    if _kind_of(config.method()) != HASH:
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "Only a HASH key can be written into a layer's address; “{0}” is a "
            "login/password key.").format(config.name()))
    return config.config(HASH_HEADER)


def seal(ref: str, text: str) -> None:
    """Keep a text that holds a secret in the auth database, encrypted, under ``ref`` (for
    the plugin's own records, such as the undo log of saved connections)."""
    if not _manager().storeAuthSetting(ref, text, True):
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "QGIS could not write to its authentication database (is it locked by "
            "another program, or is the master password not set?)."))


def unseal(ref: str) -> str:
    value = _manager().authSetting(ref, None, True)
    if not isinstance(value, str):
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "A value the plugin kept is no longer in QGIS's authentication database "
            "(was the database replaced or reset?)."))
    return value


def forget(refs) -> None:
    """Remove sealed values and auth configs (ids) the plugin made; never raises."""
    try:
        manager = _manager()
    except KeyStoreError:
        return
    for ref in refs:
        if "/" in ref:
            manager.removeAuthSetting(ref)
        else:
            manager.removeAuthenticationConfig(ref)
