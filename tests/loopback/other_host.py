"""« Another host »: a second loopback server on 127.0.0.2 (Linux routes all of 127/8 to lo).

It is the same server class as the loopback Géoplateforme, so it answers every path the
plugin or QGIS may be sent to, and it logs every request: the trust-boundary tests read its
log for credentials that must never arrive there. ``redirect`` makes the Géoplateforme answer a
path with a 302 to it; ``advertise`` makes a capabilities document of the Géoplateforme name
this host in its operation addresses, as a hostile or mistaken document would.
"""
from __future__ import annotations

import base64
from http.server import ThreadingHTTPServer
import threading
from typing import List

from . import documents
from .server import API_KEY, BASIC_PASSWORD, BASIC_USER, LoggedRequest, LoopbackGeoplateforme, _Handler

OTHER_ADDRESS = "127.0.0.2"


class BoundLoopback(LoopbackGeoplateforme):
    """The loopback server on a chosen address and scheme; ``_wrap`` may wrap its socket."""

    scheme = "http"
    handler = _Handler

    def __init__(self, address: str = "127.0.0.1"):
        super().__init__()
        self.address = address

    def _wrap(self, httpd) -> None:
        pass

    def start(self) -> "BoundLoopback":
        handler = type("Handler", (self.handler,), {"server_state": self})
        self._httpd = ThreadingHTTPServer((self.address, 0), handler)
        self._wrap(self._httpd)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.address}:{self.port}"


class _AnswersAnyone(_Handler):
    """Another host checks no Géoplateforme credentials: it serves its ``/private/`` paths to
    anyone, as a copy of the documents' addresses would, so that a client goes on to its next
    request there (a WFS GetFeature after its DescribeFeatureType)."""

    def _check_credentials(self, query):
        return None


class OtherHost(BoundLoopback):
    """A loopback server on ``address`` (127.0.0.2 by default)."""

    handler = _AnswersAnyone

    def __init__(self, address: str = OTHER_ADDRESS):
        super().__init__(address)

    def logged(self) -> List[LoggedRequest]:
        with self._lock:
            return list(self.requests)

    def credentials_seen(self) -> List[str]:
        """Every Géoplateforme key that reached this host, described without its value:
        an ``Authorization`` header, an ``apikey`` header, an ``apikey=`` query item."""
        basic = "Basic " + base64.b64encode(f"{BASIC_USER}:{BASIC_PASSWORD}".encode()).decode()
        seen = []
        for entry in self.logged():
            if entry.headers.get("authorization") == basic:
                seen.append(f"Authorization on {entry.path}")
            if entry.headers.get("apikey") == API_KEY:
                seen.append(f"apikey header on {entry.path}")
            if entry.query.get("APIKEY") == API_KEY:
                seen.append(f"apikey= on {entry.path}")
        return seen


def redirect(gpf: LoopbackGeoplateforme, path: str, target: str, times=None, status: int = 302):
    """``gpf`` answers requests under ``path`` with a redirect to ``target``."""
    return gpf.inject(path, "status", status=status, times=times, headers={"Location": target})


def advertise(gpf: LoopbackGeoplateforme, other: OtherHost, name: str) -> bytes:
    """``gpf`` serves its document ``name`` (e.g. "wmts-private") with every address in it
    pointing at ``other``; returns the document."""
    data = documents.build(name, other.base_url)
    with gpf._lock:
        gpf._cache[name] = data
    return data


__all__ = ["API_KEY", "BoundLoopback", "OTHER_ADDRESS", "OtherHost", "advertise", "redirect"]
