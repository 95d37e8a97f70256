"""The guard on requests QGIS itself makes: a Géoplateforme key never reaches another host.

QGIS glue. The layers the plugin adds or migrates are drawn by QGIS's providers, which apply
the auth config to every request they make — to the addresses the capabilities advertise
(a WMTS tile, a legend, a GetFeatureInfo, the WFS GetFeature address), and again on every
redirect hop, whatever the host. One request preprocessor
(``QgsNetworkAccessManager.setRequestPreprocessor``, QGIS ≥ 3.22; it runs inside
``createRequest`` of every QGIS manager, in the thread that sends — render threads included —
after the provider applied the key and before Qt sends anything):

- on a request to another host it removes a key of the plugin's: an ``Authorization`` header
  equal to what a stored Basic key sends, an ``apikey`` header or ``apikey=`` query item equal
  to a stored HASH key; every other credential is left alone (a user's own Basic config for
  another server still reaches that server);
- on a keyed request to the Géoplateforme it sets manual redirects, so that Qt never follows
  a redirect with the key in the headers (the provider follows it itself, and the new request
  comes back here).

The keys' secrets are read once, when QGIS's auth database is unlocked, and again when a
request to another host carries a credential they do not know: QGIS signals no change of an
auth config (``authDatabaseChanged`` only follows a master-password reset), so a key added or
changed since the last read (in the plugin's dialog or in QGIS's settings) shows up that way.
A credential never seen is checked at once; one already found not to be a key (the user's
own server's) again at most every ``_RECHECK`` seconds. The secrets stay in this process's
memory only, never logged. Cost per request: a few header reads when the request carries no
credential, a host comparison otherwise (benchmarks/key_guard_bench.py).
"""
from __future__ import annotations

import threading
import time
from typing import Dict, FrozenSet, Optional, Tuple

from qgis.core import QgsApplication, QgsNetworkAccessManager
from qgis.PyQt.QtCore import QByteArray, QUrl, QUrlQuery
from qgis.PyQt.QtNetwork import QNetworkRequest

from ...toolbelt.qgis_side import network

_ORIGIN_TTL = 1.0  # seconds: the base URL (a setting) is read at most this often
_RECHECK = 5.0  # seconds: a credential found not to be a key is compared again at most this often
_FOREIGN_MAX = 256  # credentials remembered as not being keys (a user has a handful)
_CREDENTIAL_HEADERS = (b"authorization", b"apikey")
_NULL = QByteArray()  # null, not empty: setRawHeader then removes the header


class Secrets:
    """What the plugin's keys put on a request: header name → values, and the HASH values."""

    def __init__(self, headers: Optional[Dict[bytes, FrozenSet[bytes]]] = None,
                 hashes: FrozenSet[str] = frozenset()):
        self.headers = headers or {}
        self.hashes = hashes
        # The headers that may carry a key: the usual two, and any an API-header key names.
        self.names = _CREDENTIAL_HEADERS + tuple(n for n in self.headers if n not in _CREDENTIAL_HEADERS)

    def knows(self, credential) -> bool:
        name, value = credential
        return value in self.hashes if name is None else value in self.headers.get(name, ())

    def __bool__(self):
        return bool(self.headers or self.hashes)


def _read_secrets() -> Secrets:
    """Ask QGIS what each of the user's Géoplateforme keys adds to a request."""
    from . import key_store  # lazy: not at QGIS start-up

    manager = QgsApplication.authManager()
    headers: Dict[bytes, set] = {}
    hashes = set()
    for key in key_store.keys():
        probe = QNetworkRequest(QUrl("https://bascule.invalid/"))
        if not manager.updateNetworkRequest(probe, key.id):
            continue
        for name in probe.rawHeaderList():
            name = bytes(name)
            if name.lower() in (b"authorization", b"apikey") or key.kind == key_store.HASH:
                headers.setdefault(name.lower(), set()).add(bytes(probe.rawHeader(name)))
        if key.kind == key_store.HASH:
            try:
                hashes.add(key_store.hash_secret(key.id))
            except key_store.KeyStoreError:
                pass
    return Secrets({name: frozenset(values) for name, values in headers.items()}, frozenset(hashes))


class KeyGuard:
    """Install with ``install()``; ``remove()`` at unload."""

    def __init__(self):
        self._id: Optional[str] = None
        self._lock = threading.Lock()
        self._secrets = Secrets()
        self._stale = True
        self._origin: Tuple[str, str, int] = ("", "", -1)
        self._origin_until = 0.0
        self._foreign: set = set()  # credentials the last read found not to be keys
        self._read_at = 0.0

    @property
    def installed(self) -> bool:
        return self._id is not None

    def install(self) -> None:
        if self._id is None:
            self._id = QgsNetworkAccessManager.setRequestPreprocessor(self.preprocess)
            QgsApplication.authManager().authDatabaseChanged.connect(self.invalidate)

    def remove(self) -> None:
        if self._id is not None:
            QgsNetworkAccessManager.removeRequestPreprocessor(self._id)
            self._id = None
            try:
                QgsApplication.authManager().authDatabaseChanged.disconnect(self.invalidate)
            except TypeError:
                pass

    def invalidate(self) -> None:
        """Read the keys and the base URL again (the auth DB or the settings changed)."""
        self._stale = True
        self._origin_until = 0.0
        self._foreign = set()

    def _read(self) -> None:
        """Under the lock."""
        try:
            self._secrets = _read_secrets()
        except Exception:  # noqa: BLE001 - a guard never breaks a request
            self._stale = True
            return
        self._stale = False
        self._read_at = time.monotonic()
        self._foreign = {c for c in self._foreign if not self._secrets.knows(c)}

    def _current(self) -> Secrets:
        if self._stale and QgsApplication.authManager().masterPasswordIsSet():
            with self._lock:
                if self._stale:
                    self._read()
        return self._secrets

    def _read_again_for(self, unknown) -> Secrets:
        """``unknown`` credentials are on a request to another host: a key added or changed
        since the last read, or the user's own credentials for that host."""
        if time.monotonic() - self._read_at < _RECHECK and all(c in self._foreign for c in unknown):
            return self._secrets  # found foreign lately: no lock, no read (each of its tiles)
        if not QgsApplication.authManager().masterPasswordIsSet():
            return self._secrets
        with self._lock:
            unknown = [c for c in unknown if not self._secrets.knows(c)]  # another thread read
            fresh = time.monotonic() - self._read_at < _RECHECK
            if unknown and not (fresh and all(c in self._foreign for c in unknown)):
                self._read()
                if len(self._foreign) > _FOREIGN_MAX:
                    self._foreign.clear()
                self._foreign.update(c for c in unknown if not self._secrets.knows(c))
        return self._secrets

    def geoplateforme_origin(self) -> Tuple[str, str, int]:
        now = time.monotonic()
        if now >= self._origin_until:
            self._origin = network.geoplateforme_origin()
            self._origin_until = now + _ORIGIN_TTL
        return self._origin

    def preprocess(self, request: QNetworkRequest) -> None:
        """Called by QGIS for every request of its managers, in the sending thread."""
        secrets = self._current()
        present = [name for name in secrets.names if request.hasRawHeader(name)]
        url = request.url()
        in_query = "apikey" in url.query().lower()
        if not present and not in_query:
            return  # no credential on this request: nothing to guard
        if network.origin(url) == self.geoplateforme_origin():  # the one host rule
            if present:
                network.manual_redirects(request)
            return
        credentials = [(name, bytes(request.rawHeader(name))) for name in present]
        query = QUrlQuery(url) if in_query else None
        if query is not None:
            decoded = query.queryItems(QUrl.ComponentFormattingOption.FullyDecoded)
            credentials += [(None, value) for name, value in decoded if name.lower() == "apikey"]
        unknown = [c for c in credentials if not secrets.knows(c)]
        if unknown:
            secrets = self._read_again_for(unknown)
        for name, value in credentials:
            if name is not None and secrets.knows((name, value)):
                request.setRawHeader(name, _NULL)  # a null value removes the header
        if query is not None and secrets.hashes:
            raw = query.queryItems()
            kept = [item for item, (name, value) in zip(raw, decoded)
                    if not (name.lower() == "apikey" and value in secrets.hashes)]
            if len(kept) != len(raw):
                query.setQueryItems(kept)
                url.setQuery(query)
                request.setUrl(url)


_shared: Optional[KeyGuard] = None


def shared() -> KeyGuard:
    global _shared
    if _shared is None:
        _shared = KeyGuard()
    return _shared
