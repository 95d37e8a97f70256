#!/usr/bin/env python3
"""Bytes a catalogue refresh costs IGN's servers, measured on the loopback Géoplateforme.

The loopback answers like a real server: ``SECTIONS`` honoured, gzip when asked for, ETags
and 304. It records the body bytes it sends. Printed side by side:

- before: what a refresh cost without compression and with every WFS section (the bodies
  of the full documents);
- first refresh: what the plugin's refresh sends now (WFS FeatureTypeList only, gzip);
- same day, next session: the refresh the daily rule skips (0 requests);
- second day: the conditional refresh of the next day (304 for unchanged documents).

The loopback's documents are the real captures (WMTS 2.1 MB; the WFS fixture is a
FeatureTypeList-only capture, so the sections' share is smaller here than the 4.8 MB of a
real full answer).

Run: python3 benchmarks/refresh_bytes_bench.py   (starts a headless QgsApplication)
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
from repo_package import import_package  # noqa: E402


def capabilities(server):
    return [r for r in server.requests if r.param("REQUEST").lower() == "getcapabilities"
            or r.path.rstrip("/") == "/tms/1.0.0"]


def refresh(store, app):
    done = []
    store.refreshFinished.connect(lambda ok, message: done.append((ok, message)))
    store.refresh()
    deadline = time.monotonic() + 120
    while not done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    return done[-1] if done else (False, "timeout")


def kb(n):
    return f"{n / 1024:9.1f} KiB"


def main() -> int:
    from qgis.core import QgsApplication, QgsNetworkAccessManager

    profile = tempfile.mkdtemp(prefix="bascule-bench-")
    app = QgsApplication([], False, profile)
    app.initQgis()
    import_package()
    from loopback import LoopbackGeoplateforme

    from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore

    with LoopbackGeoplateforme() as server:
        os.environ["BASCULE_GPF_BASE_URL"] = server.base_url
        QgsNetworkAccessManager.instance().cache().clear()
        cache = os.path.join(profile, "cache")
        first = CatalogStore(cache_dir=cache)
        ok, message = refresh(first, app)
        if not ok:
            print("refresh failed:", message)
            return 1
        sent = capabilities(server)
        names = {"/wmts": "wmts", "/wms-r/wms": "wms-r", "/wms-v/ows": "wms-v",
                 "/wfs/ows": "wfs", "/tms/1.0.0": "tms"}
        before = sum(len(server.document(names[r.path])) for r in sent if r.path in names)
        now = sum(r.sent for r in server.requests)  # TMS TileMap documents included
        print(f"{len(first.catalog())} layers, {len(sent)} capabilities documents, "
              f"{len(server.requests) - len(sent)} TMS TileMap documents")
        print(f"before (identity, all sections)  {kb(before)}")
        print(f"first refresh (gzip, FTL only)   {kb(now)}   ({100 * now / before:.0f} %)")
        for r in sent:
            print(f"    {r.path:<12} {kb(r.sent)}  {r.headers.get('accept-encoding', '')}")
        server.clear()
        same_day = CatalogStore(cache_dir=cache)
        skipped = same_day.refresh_if_due() is None
        app.processEvents()
        print(f"same day, next session           {kb(sum(r.sent for r in server.requests))}"
              f"   ({len(server.requests)} requests; skipped: {skipped})")
        server.clear()
        next_day = CatalogStore(cache_dir=cache)
        next_day.catalog()
        assert next_day.refresh_due(datetime.now(timezone.utc) + timedelta(days=1))
        ok, message = refresh(next_day, app)
        statuses = sorted({r.status for r in capabilities(server)})
        print(f"second day (conditional)         {kb(sum(r.sent for r in server.requests))}"
              f"   ({len(server.requests)} requests, capabilities answered HTTP {statuses})")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
