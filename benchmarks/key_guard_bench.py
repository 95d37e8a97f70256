#!/usr/bin/env python3
"""What the key guard (core/keys/qgis_side/key_guard.py) costs per request, beside a no-op preprocessor.

QGIS calls every request preprocessor inside ``createRequest``, for each tile of each layer,
in the render threads. This times, in µs per call, the plugin's preprocessor and a no-op one
on the same requests, both called the way QGIS calls them when it can
(``QgsNetworkAccessManager.preprocessRequest``, C++ → Python), else directly:
a tile of another server with no key in the profile, then with a Basic (and, on QGIS ≥ 3.24,
a HASH) key stored: a keyed Géoplateforme tile, a tile of another server, a request to
another host carrying the key (the one case where the guard edits the request: each call on a
fresh copy, timed in both columns), and one carrying the user's own credential for that host.
Usage: python3 benchmarks/key_guard_bench.py [--calls 20000]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from repo_package import import_package  # noqa: E402

BASE = "https://data.geopf.fr"
TILE = "/private/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=SCAN25&TILEMATRIXSET=PM&TILEMATRIX=14&TILEROW=5000&TILECOL=8000"


def per_call_us(call, requests, calls: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for index in range(calls):
            call(requests[index % len(requests)])
        best = min(best, time.perf_counter() - start)
    return best / calls * 1e6


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["BASCULE_GPF_BASE_URL"] = BASE
    auth_dir = tempfile.mkdtemp(prefix="bascule-auth-")
    os.environ["QGIS_AUTH_DB_DIR_PATH"] = auth_dir
    from qgis.core import Qgis, QgsApplication, QgsNetworkAccessManager
    from qgis.PyQt.QtCore import QUrl
    from qgis.PyQt.QtNetwork import QNetworkRequest

    app = QgsApplication([], False)
    app.initQgis()
    import_package()
    from bascule_geoplateforme.core.keys.qgis_side import key_store
    from bascule_geoplateforme.core.keys.qgis_side.key_guard import KeyGuard

    manager = QgsApplication.authManager()
    manager.setMasterPassword("bench-master", True)
    nam = QgsNetworkAccessManager.instance()
    through_qgis = hasattr(nam, "preprocessRequest")

    def noop(request):
        return None

    guard = KeyGuard()

    def timed(processor, requests, copy=False):
        """µs per call; ``copy``: each call on a fresh copy of the request (in both columns),
        for the case the guard edits — else the first pass leaves no key for the next ones."""
        call = nam.preprocessRequest if through_qgis else processor
        if copy:
            call = (lambda direct: lambda request: direct(QNetworkRequest(request)))(call)
        if not through_qgis:
            return per_call_us(call, requests, args.calls)
        handle = QgsNetworkAccessManager.setRequestPreprocessor(processor)
        try:
            return per_call_us(call, requests, args.calls)
        finally:
            QgsNetworkAccessManager.removeRequestPreprocessor(handle)

    def plain(url):
        return [QNetworkRequest(QUrl(url)) for _ in range(64)]

    def keyed(url, config_id):
        made = plain(url)
        for request in made:
            manager.updateNetworkRequest(request, config_id)
        return made

    print(f"QGIS {Qgis.version()}, {args.calls} calls, "
          f"{'through QgsNetworkAccessManager.preprocessRequest' if through_qgis else 'called directly'}")
    print(f"{'case':62} {'no-op µs':>9} {'guard µs':>9}")
    other = "https://tiles.example.org/wmts?SERVICE=WMTS&REQUEST=GetTile&TILEROW=1"
    cases = [("another server's tile, no key in the profile", plain(other))]
    basic = key_store.store_basic_key("bench basic", "user", "password")
    keys = [("Basic", basic)]
    if key_store.hash_keys_supported():
        keys.append(("HASH", key_store.store_hash_key("bench hash", "cle-de-bench-0123456789")))
    rows = []
    print(f"{cases[0][0]:62} {timed(noop, cases[0][1]):9.2f} {timed(guard.preprocess, cases[0][1]):9.2f}")
    guard.invalidate()
    for kind, config_id in keys:
        rows = [(f"{kind} key: keyed Géoplateforme tile", lambda: keyed(BASE + TILE, config_id), False),
                (f"{kind} key: another server's tile", lambda: plain(other), False),
                (f"{kind} key: another host carrying the key (removed; + a copy)",
                 lambda: keyed(other, config_id), True)]
        for label, make, copy in rows:
            noop_us = timed(noop, make(), copy)
            guard_us = timed(guard.preprocess, make(), copy)
            print(f"{label:62} {noop_us:9.2f} {guard_us:9.2f}")
    # The user's own Basic config for another server: a credential the guard leaves alone.
    own = [QNetworkRequest(QUrl(other)) for _ in range(64)]
    for request in own:
        request.setRawHeader(b"Authorization", b"Basic bW9pOnNlY3JldC1hLW1vaQ==")
    label = "your own Basic config for another server (left alone)"
    print(f"{label:62} {timed(noop, own):9.2f} {timed(guard.preprocess, own):9.2f}")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
