"""Refusals of the Géoplateforme's /private/ endpoints, said to the user with what to do.

QGIS glue. A layer whose key is refused shows nothing and QGIS says nothing: ``AccessWatch``
listens to QGIS's network manager (its main instance also relays the requests of render
threads) for answers from the private endpoints (401, 403, 429, SSL failures), names the
layers and the key concerned, and emits one message per layer and kind of refusal a minute.
It starts only once the user has a restricted layer (added, migrated or in a project read).
"""
from __future__ import annotations

import time
from typing import Dict, List, Optional, Tuple

from qgis.core import QgsNetworkAccessManager, QgsProject
from qgis.PyQt.QtCore import QObject, pyqtSignal
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from . import key_store
from ...toolbelt.qgis_side import settings
from ...toolbelt.http_failures import SSL, classify
from ..server_form import authcfg_of

REPEAT_AFTER_S = 60
_SSL_ERRORS = {QNetworkReply.NetworkError.SslHandshakeFailedError}


def private_prefix() -> str:
    return settings.base_url() + "/private/"


def restricted_layers(project: Optional[QgsProject] = None) -> List:
    """The project's layers whose source reads the private endpoints."""
    prefix = private_prefix()
    project = project or QgsProject.instance()
    return [layer for layer in project.mapLayers().values() if prefix in layer.source()]


def unusable_hash_layers(project: Optional[QgsProject] = None) -> List[str]:
    """Names of layers whose key is an API-header (HASH) config that this QGIS cannot send."""
    if key_store.hash_keys_supported():
        return []
    project = project or QgsProject.instance()
    names = []
    for layer in project.mapLayers().values():
        config_id = authcfg_of(layer.providerType(), layer.source())
        if config_id and key_store.method_of(config_id) == key_store.METHODS[key_store.HASH]:
            names.append(layer.name())
    return sorted(names)


class AccessWatch(QObject):
    refused = pyqtSignal(str)  # a message for the message bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self._said: Dict[Tuple[str, str], float] = {}
        self._started = False

    def start(self):
        if not self._started:
            QgsNetworkAccessManager.instance().finished.connect(self._finished)
            self._started = True

    def stop(self):
        if self._started:
            QgsNetworkAccessManager.instance().finished.disconnect(self._finished)
            self._started = False

    @property
    def started(self) -> bool:
        return self._started

    def _finished(self, reply):
        url = reply.request().url().toString()
        prefix = private_prefix()
        if not url.startswith(prefix):
            return
        status = int(reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0)
        error = reply.errorString() if reply.error() in _SSL_ERRORS else ""
        if status < 400 and not error:
            return
        headers = {bytes(k).decode("latin-1"): bytes(reply.rawHeader(k)).decode("latin-1")
                   for k in reply.rawHeaderList()}
        refusal = classify(status, headers, b"", error)
        if refusal is None:
            return
        self.report(url[len(prefix):].split("?", 1)[0].split("/", 1)[0], refusal)

    def report(self, service_path: str, refusal) -> None:
        """Say ``refusal`` for the project's layers on that private service (e.g. "wmts")."""
        needle = private_prefix() + service_path
        layers = [layer for layer in restricted_layers() if needle in layer.source()]
        now = time.monotonic()
        for layer in layers or [None]:
            key_id = authcfg_of(layer.providerType(), layer.source()) if layer is not None else ""
            tag = (layer.id() if layer is not None else service_path, refusal.kind)
            if now - self._said.get(tag, -REPEAT_AFTER_S) < REPEAT_AFTER_S:
                continue
            self._said[tag] = now
            key = key_store.key(key_id) if key_id else None
            reason = refusal.message(settings.language())
            if refusal.kind == SSL:
                self.refused.emit(self.tr("Géoplateforme: {0}.").format(reason))
                return  # one certificate problem, whatever the layer
            if layer is None:
                self.refused.emit(self.tr("Géoplateforme ({0}): {1}.").format(service_path, reason))
            else:
                self.refused.emit(self.tr("Layer “{0}” (key “{1}”): {2}.").format(
                    layer.name(), key.name if key else (key_id or self.tr("none")), reason))


_shared: Optional[AccessWatch] = None


def shared() -> AccessWatch:
    global _shared
    if _shared is None:
        _shared = AccessWatch()
    return _shared
