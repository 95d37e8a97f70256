"""The loopback Géoplateforme over HTTPS, with a certificate QGIS does not trust.

Same server, same documents, same log (tests/loopback/server.py), behind TLS with a
self-signed certificate made for the test by the ``openssl`` command (the Makefile installs
it): what a user meets when a proxy re-signs traffic or a CA is missing from the station
(qgis/QGIS#57592: data.geopf.fr's chain, Certigna, unknown to QGIS). The handshake runs in
the request's own thread, so a client that refuses the certificate never blocks the server.
"""
from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

from .other_host import BoundLoopback
from .server import _Handler


def make_certificate(folder: Path, host: str = "127.0.0.1"):
    """(certificate, key) paths of a fresh self-signed certificate for ``host``."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("the openssl command is needed for the HTTPS loopback (make deps)")
    cert, key = folder / "loopback-cert.pem", folder / "loopback-key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "2", "-subj", f"/CN={host}",
                    "-addext", f"subjectAltName=IP:{host}"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


class _TlsHandler(_Handler):
    """Counts refused handshakes (the client did not trust the certificate) and says nothing."""

    _broken = False

    def setup(self):
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError):
            self._broken = True
            state = self.server_state
            with state._lock:
                state._refused = getattr(state, "_refused", 0) + 1
        super().setup()

    def handle(self):
        if self._broken:
            return
        try:
            super().handle()
        except (ssl.SSLError, ConnectionResetError, BrokenPipeError):
            pass

    def finish(self):
        try:
            super().finish()
        except (ssl.SSLError, OSError):
            pass


class TlsGeoplateforme(BoundLoopback):
    """``base_url`` is https://127.0.0.1:PORT; the certificate is in ``folder``."""

    scheme = "https"
    handler = _TlsHandler

    def __init__(self, folder: Path):
        super().__init__("127.0.0.1")
        self.cert, self.key = make_certificate(Path(folder))

    def _wrap(self, httpd) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(self.cert), str(self.key))
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True,
                                           do_handshake_on_connect=False)

    @property
    def handshakes_refused(self) -> int:
        return getattr(self, "_refused", 0)
