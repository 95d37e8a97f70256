"""The catalogue store: snapshot offline, live refresh, conditional requests, failures."""
from __future__ import annotations

import os
import socket
import time

import pytest
from qgis.core import QgsNetworkAccessManager
from qgis.PyQt.QtCore import QCoreApplication

from bascule_geoplateforme.core.catalog.qgis_side import catalog_store
from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore


def wait_for(store, timeout=60):
    """The next (ok, message) that the store's refreshFinished gave (see the fixture)."""
    deadline = time.monotonic() + timeout
    while not store.finished and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert store.finished, "the refresh did not finish"
    return store.finished.pop(0)


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


@pytest.fixture
def store(tmp_path):
    store = CatalogStore(cache_dir=str(tmp_path / "cache"))
    # Recorded from the start: a refresh cancelled while queued finishes at once.
    store.finished = []
    store.refreshFinished.connect(lambda ok, message: store.finished.append((ok, message)))
    return store


def test_snapshot_served_when_the_server_is_down(store, monkeypatch):
    monkeypatch.setenv("BASCULE_GPF_BASE_URL", closed_port_url())
    catalog = store.catalog()
    assert catalog is bundled_catalog() and store.origin == "snapshot"
    assert catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS") is not None
    store.refresh()
    ok, message = wait_for(store)
    assert not ok
    assert "Could not reach the Géoplateforme" in message and "bundled" in message
    assert store.catalog() is catalog and store.origin == "snapshot"


def test_live_refresh_from_loopback_then_conditional_request(gpf, store):
    changed = []
    store.catalogChanged.connect(changed.append)
    store.refresh()
    ok, message = wait_for(store)
    assert ok, message
    assert store.origin == "live" and changed and changed[-1] is store.catalog()
    catalog = store.catalog()
    ortho = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    # The set IGN's 2026 list gives it (the 2024 capture said PM_0_21).
    assert [link.tile_matrix_set for link in ortho.tile_matrix_set_links] == ["PM_0_19"]
    assert ortho.url.startswith(gpf.base_url)
    assert catalog.get("wfs", "BDTOPO_V3:batiment") is not None
    plan = catalog.get("tms", "PLAN.IGN")
    assert plan is not None and len(plan.style_urls) == 9  # from the TileMap resource
    for path in ("/wmts", "/wms-r/wms", "/wms-v/ows", "/wfs/ows", "/tms/1.0.0"):
        first = gpf.requests_to(path)
        assert first and "if-none-match" not in first[0].headers, path
    # The second refresh is conditional and the server answers 304 Not Modified.
    gpf.clear()
    store.refresh()
    ok, message = wait_for(store)
    assert ok, message
    wmts = gpf.requests_to("/wmts")
    assert wmts[0].headers.get("if-none-match") == '"wmts-v1"' and wmts[0].status == 304
    assert store.catalog().get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS") == ortho


def test_cache_is_used_by_the_next_session(gpf, store, monkeypatch):
    store.refresh()
    ok, message = wait_for(store)
    assert ok, message
    again = CatalogStore(cache_dir=store.cache_dir)
    assert again.catalog().get("wfs", "BDTOPO_V3:batiment").url.startswith(gpf.base_url)
    assert again.origin == "cache" and again.refreshed_at == store.refreshed_at
    # A cache written for another server is not used.
    monkeypatch.setenv("BASCULE_GPF_BASE_URL", closed_port_url())
    assert CatalogStore(cache_dir=store.cache_dir).catalog() is bundled_catalog()


def test_one_service_failing_keeps_its_previous_entries(gpf, store):
    gpf.inject("/wfs", "status", status=500)
    store.refresh()
    ok, message = wait_for(store)
    assert not ok and "wfs" in message and "500" in message
    assert store.origin == "live"
    # WFS entries come from the snapshot, the others from the loopback server.
    assert store.catalog().get("wfs", "BDTOPO_V3:batiment").url.startswith("https://data.geopf.fr")
    assert store.catalog().get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS").url.startswith(gpf.base_url)


def test_hostile_and_html_answers_do_not_replace_the_catalogue(gpf, store):
    gpf.inject("/wmts", "hostile")
    gpf.inject("/wms-r", "html")
    gpf.inject("/wms-v", "truncate")
    store.refresh()
    ok, message = wait_for(store)
    assert not ok
    assert "wmts:" in message and "wms-r:" in message and "wms-v:" in message
    # The three failing services keep the snapshot's entries, with the snapshot's URLs; the
    # services that answered come from the loopback server.
    snapshot, catalog = bundled_catalog(), store.catalog()
    for service in ("wmts", "wms-r", "wms-v"):
        assert urls_by_entry(catalog, service) == urls_by_entry(snapshot, service), service
    assert catalog.entries("wfs") and all(e.url.startswith(gpf.base_url)
                                          for e in catalog.entries("wfs"))


def urls_by_entry(catalog, service):
    return {(entry.name, entry.restricted): entry.url for entry in catalog.entries(service)}


def test_timeout_is_survived(gpf, store):
    previous = QgsNetworkAccessManager.timeout()
    QgsNetworkAccessManager.setTimeout(1000)
    try:
        for path in ("/wmts", "/wms-r", "/wms-v", "/wfs", "/tms"):
            gpf.inject(path, "delay", seconds=2.5)
        store.refresh()
        ok, message = wait_for(store, timeout=60)
    finally:
        QgsNetworkAccessManager.setTimeout(previous)
    assert not ok and "Could not reach" in message
    assert store.catalog() is bundled_catalog()


def test_refresh_can_be_cancelled(gpf, store):
    gpf.inject("/wmts", "delay", seconds=2)
    task = store.refresh()
    assert store.refresh() is task  # one refresh at a time
    store.cancel()
    ok, message = wait_for(store)
    assert not ok and message == "Refresh cancelled."
    assert not store.is_refreshing()
    assert len(gpf.requests_to("/wfs/ows")) == 0  # stopped before the later services


def test_capabilities_urls_follow_the_base_url(gpf, store, monkeypatch):
    urls = [job.url for job in store.jobs()]
    assert all(url.startswith(gpf.base_url) for url in urls)
    assert not any("/private/" in url for url in urls)
    monkeypatch.setattr(catalog_store.settings, "authcfg", lambda: "abc1234")
    private = [job for job in store.jobs() if job.restricted]
    assert {job.service for job in private} == {"wmts", "wms-r"}
    assert all("/private/" in job.url and job.authcfg == "abc1234" for job in private)


def test_private_capabilities_fetched_with_the_users_auth_config(gpf, store, basic_authcfg,
                                                                 monkeypatch):
    monkeypatch.setattr(catalog_store.settings, "authcfg", lambda: basic_authcfg)
    store.refresh()
    ok, message = wait_for(store)
    assert ok, message
    scan = store.catalog().get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS")
    assert scan.restricted and scan.url == f"{gpf.base_url}/private/wmts"
    private = gpf.requests_to("/private/wmts") + gpf.requests_to("/private/wms-r")
    assert len(private) == 2 and all(r.status == 200 for r in private)
    assert all(r.headers["authorization"].startswith("Basic ") for r in private)
    # The public endpoints never receive the credentials.
    assert not any("authorization" in r.headers for r in gpf.requests_to("/wmts"))


def test_wrong_key_for_private_capabilities_is_reported(gpf, store, auth_manager, monkeypatch):
    from qgis.core import QgsAuthMethodConfig

    config = QgsAuthMethodConfig("Basic")
    config.setName("wrong")
    config.setConfig("username", "someone")
    config.setConfig("password", "wrong")
    ok, config = auth_manager.storeAuthenticationConfig(config, True)
    monkeypatch.setattr(catalog_store.settings, "authcfg", lambda: config.id())
    try:
        store.refresh()
        ok, message = wait_for(store)
    finally:
        auth_manager.removeAuthenticationConfig(config.id())
    assert not ok and "access refused (HTTP 401)" in message and "wmts-private" in message
    assert store.catalog().get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS").url.startswith(gpf.base_url)


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_damaged_cache_falls_back_to_the_snapshot(gpf, store, damage):
    store.refresh()
    assert wait_for(store)[0]
    cache = os.path.join(store.cache_dir, catalog_store.CACHE_FILE)
    data = open(cache, "rb").read()
    with open(cache, "wb") as handle:
        handle.write(data[: len(data) // 2] if damage == "truncate" else b"\x1f\x8b" + b"\x00" * 64)
    again = CatalogStore(cache_dir=store.cache_dir)
    assert again.catalog() is bundled_catalog() and again.origin == "snapshot"
    again.finished = []
    again.refreshFinished.connect(lambda ok, message: again.finished.append((ok, message)))
    again.refresh()  # and the next refresh replaces the damaged cache
    assert wait_for(again)[0]
    assert CatalogStore(cache_dir=store.cache_dir).origin == "snapshot"  # not loaded yet
    third = CatalogStore(cache_dir=store.cache_dir)
    third.catalog()
    assert third.origin == "cache"


def test_readers_never_see_a_half_written_cache(tmp_path):
    """A Processing run saves a refresh while the dialog (or another QGIS, or qgis_process)
    reads the profile's catalogue: each read is the whole old or the whole new catalogue,
    never a torn file that would silently fall back to the snapshot."""
    import threading

    from bascule_geoplateforme.core.catalog.catalog_index import Catalog
    from bascule_geoplateforme.core.toolbelt.qgis_side import settings

    data = bundled_catalog().to_dict()
    # Two refreshes that differ from each other and from the snapshot (entry counts).
    one = Catalog.from_dict(dict(data, entries=data["entries"][1:]))
    two = Catalog.from_dict(dict(data, entries=data["entries"][2:]))
    sizes = {len(one), len(two)}
    cache_dir = str(tmp_path / "cache")
    meta = {"base_url": settings.base_url(), "refreshed_at": "2026-12-07T10:00:00+00:00"}
    catalog_store.save_cache(cache_dir, one, meta)
    seen, done = [], threading.Event()

    def read():
        while not done.is_set():
            catalog_store._CURRENT.clear()  # read the disk every time, as a new process does
            seen.append(len(catalog_store.current_catalog(cache_dir)))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for turn in range(30):
            catalog_store.save_cache(cache_dir, two if turn % 2 == 0 else one, meta)
    finally:
        done.set()
        for reader in readers:
            reader.join()
    assert len(seen) > 30
    assert set(seen) <= sizes, f"{sum(s not in sizes for s in seen)} of {len(seen)} reads torn"
    assert not [name for name in os.listdir(cache_dir) if name.endswith(".tmp")]
