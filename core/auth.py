"""Géoplateforme keys as QGIS authentication configurations (QGIS glue, no widgets).

A HASH key is sent as the HTTP header ``apikey``: QGIS's ``APIHeader`` method, which first
shipped in QGIS 3.24 (3.22 stores such a config without error, then sends nothing). A
login/password key is a ``Basic`` config, on every version. The secret lives only in QGIS's
encrypted auth database; projects and sources keep the 7-character config id.
"""
from __future__ import annotations

from qgis.core import QgsApplication, QgsAuthMethodConfig
from qgis.PyQt.QtCore import QCoreApplication

from . import preferences

HASH_METHOD = "APIHeader"
BASIC_METHOD = "Basic"
HASH_HEADER = "apikey"


class KeyStoreError(Exception):
    """A key that cannot be stored here; the message says why, without the secret."""


def hash_keys_supported() -> bool:
    """Whether this QGIS can send a HASH key as a header (the APIHeader method, QGIS >= 3.24)."""
    return HASH_METHOD in QgsApplication.authManager().authMethodsKeys()


def store_hash_key(name: str, key: str) -> str:
    """A new APIHeader config sending ``apikey: <key>``; returns its id."""
    if not hash_keys_supported():
        raise KeyStoreError(QCoreApplication.translate(
            "Keys",
            "This QGIS cannot send a HASH key: the “API header” authentication method needs "
            "QGIS 3.24 or later. Use a login/password key (Basic), or upgrade QGIS."))
    return _store(HASH_METHOD, name, {HASH_HEADER: key})


def store_basic_key(name: str, username: str, password: str) -> str:
    """A new Basic config holding a login/password key; returns its id."""
    return _store(BASIC_METHOD, name, {"username": username, "password": password})


def _store(method: str, name: str, values: dict) -> str:
    manager = QgsApplication.authManager()
    if manager.isDisabled():
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "QGIS's authentication system is disabled: {0}").format(manager.disabledMessage()))
    config = QgsAuthMethodConfig(method)
    config.setName(name)
    config.setUri(preferences.base_url() + "/")
    for item, data in values.items():
        config.setConfig(item, data)
    ok, config = manager.storeAuthenticationConfig(config, False)
    if not ok or not config.id():
        # QGIS logs its reason (no master password, database locked…); never the secret.
        raise KeyStoreError(QCoreApplication.translate(
            "Keys", "QGIS could not store the key “{0}” in its authentication database (is the "
            "master password set?).").format(name))
    return config.id()
