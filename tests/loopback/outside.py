"""No request leaves the machine: every request QGIS's network stack makes to a host other than
the loopback's goes to a closed local port instead (it fails at once, without DNS) and is
recorded. Used by the pytest-qgis session and by the benchmarks."""
from __future__ import annotations

import socket
from typing import Iterable, List, Tuple


def keep_requests_local(local_hosts: Iterable[str]) -> Tuple[int, List[str]]:
    """Install the request preprocessor; returns its handle (for
    ``QgsNetworkAccessManager.removeRequestPreprocessor``) and the list the addresses sent
    elsewhere are appended to."""
    from qgis.core import QgsNetworkAccessManager

    local = tuple(local_hosts)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # nothing listens there once the socket is closed
    recorded: List[str] = []

    def keep_local(request):
        url = request.url()
        if url.scheme() in ("http", "https") and url.host() not in local:
            recorded.append(url.toString())
            url.setScheme("http")
            url.setHost("127.0.0.1")
            url.setPort(closed)
            request.setUrl(url)

    return QgsNetworkAccessManager.setRequestPreprocessor(keep_local), recorded
