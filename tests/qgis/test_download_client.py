"""Listing the download service in QGIS, against the loopback: pages, filters, 429, faults, keys.

Every listing runs as QGIS does it: a QgsTask on QGIS's task manager, blocking requests
through QGIS's network stack, the auth config applied by QGIS.
"""
from __future__ import annotations

import pytest
from qgis.core import QgsApplication

from bascule_geoplateforme.core.keys.qgis_side import key_store
from bascule_geoplateforme.core.download.qgis_side import client
from bascule_geoplateforme.core.download import feed
from bascule_geoplateforme.core.download.qgis_side.client import FeedListing
from bascule_geoplateforme.core.download.feed import Filters
from loopback import API_KEY, download
from qgis_helpers import wait_until

HAS_API_HEADER = "APIHeader" in QgsApplication.authManager().authMethodsKeys()
CAPABILITIES = "/telechargement/capabilities"


def listed(listing, pages=None, timeout=60):
    """Run fetch_more(pages) to its end; returns (ok, message)."""
    outcome = []
    listing.finished.connect(lambda ok, message: outcome.append((ok, message)))
    listing.fetch_more(pages)
    assert wait_until(lambda: outcome, timeout), "the listing did not finish"
    return outcome[0]


def capabilities(limit=50, filters=None, restricted=False, authcfg=""):
    return FeedListing(lambda page, size: feed.capabilities_url(filters, page, size, restricted),
                       authcfg=authcfg, limit=limit)


def asked_pages(server, path=CAPABILITIES):
    return [(int(r.param("page")), int(r.param("limit"))) for r in server.requests_to(path)]


def test_capabilities_listed_across_pages_every_entry_once(gpf):
    listing = capabilities(limit=10)
    assert listed(listing) == (True, "")
    names = [e.name for e in listing.entries]
    assert names == [r.name for r in download.PUBLIC] and len(set(names)) == 23
    assert listing.total == 23 and listing.at_end
    assert asked_pages(gpf) == [(1, 10), (2, 10), (3, 10)]
    assert all(r.headers.get("accept") == "application/atom+xml" for r in gpf.requests)


def test_smaller_page_than_asked_still_lists_everything_once(gpf):
    gpf.download_page_cap = 7
    listing = capabilities(limit=50)
    assert listed(listing) == (True, "")
    names = [e.name for e in listing.entries]
    assert sorted(names) == sorted(r.name for r in download.PUBLIC) and len(names) == 23
    assert asked_pages(gpf) == [(1, 50), (2, 7), (3, 7), (4, 7)]


def test_page_by_page_as_the_user_scrolls(gpf):
    listing = capabilities(limit=10)
    added = []
    listing.entriesAdded.connect(lambda entries: added.append(len(entries)))
    for expected in (10, 20, 23):
        assert listed(listing, pages=1) == (True, "")
        assert len(listing.entries) == expected
    assert added == [10, 10, 3] and listing.at_end
    assert listing.fetch_more() is None  # nothing more is asked at the end
    assert len(gpf.requests_to(CAPABILITIES)) == 3


def test_filters_are_sent_as_the_service_expects(gpf):
    filters = Filters(zone="d078", format="GPKG", crs="https://www.opengis.net/def/crs/EPSG/0/2154",
                      edition_date_from="2026-01-01", edition_date_to="2026-12-31",
                      polygon=feed.bbox_polygon(1.5, 48.5, 2.2, 49.0))
    listing = FeedListing(lambda page, size: feed.resource_url("BDTOPO", filters=filters, page=page,
                                                               limit=size))
    assert listed(listing) == (True, "")
    [request] = gpf.requests_to("/telechargement/resource/BDTOPO")
    assert {k: request.param(k) for k in ("zone", "format", "crs", "editionDateFrom", "editionDateTo",
                                          "polygon")} == {
        "zone": "D078", "format": "GPKG", "crs": "EPSG:2154", "editionDateFrom": "2026-01-01",
        "editionDateTo": "2026-12-31", "polygon": "1.5,48.5;2.2,48.5;2.2,49;1.5,49;1.5,48.5"}
    [entry] = listing.entries
    assert entry.name == "BDTOPO_3-5_GPKG_LAMB93_D078_2026-06-15" and entry.is_sub_feed


def test_map_extent_filter_lists_what_covers_the_view(gpf):
    martinique = Filters(polygon=feed.bbox_polygon(-61.2, 14.5, -60.9, 14.8))
    listing = capabilities(filters=martinique)
    assert listed(listing) == (True, "")
    zones = {t.term for e in listing.entries for t in e.zones}
    assert zones == {"MTQ", "FRA"} and "BDTOPO" not in {e.name for e in listing.entries}


def test_429_is_waited_out_for_its_retry_after(gpf):
    gpf.inject(CAPABILITIES, "status", status=429, times=1, headers={"Retry-After": "1"})
    listing = capabilities(limit=50)
    assert listed(listing) == (True, "")
    assert len(listing.entries) == 23 and listing.throttled == 1
    first, second = gpf.requests_to(CAPABILITIES)
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.95


def test_requests_are_paced_under_ten_a_second(gpf):
    listing = capabilities(limit=2)
    assert listed(listing) == (True, "")
    arrivals = [r.at for r in gpf.requests_to(CAPABILITIES)]
    assert len(arrivals) == 12 and len(listing.entries) == 23
    # The service's rule is at most 10 requests in any second: no 11 arrivals inside 1 s. (Single
    # gaps are not compared: a request held up by a busy machine arrives closer to the next one.)
    windows = [arrivals[i + 10] - arrivals[i] for i in range(len(arrivals) - 10)]
    assert min(windows) > 1.0, windows  # sent 1/8 s apart: 1.25 s for ten gaps


def test_429_that_never_ends_is_reported(gpf, monkeypatch):
    monkeypatch.setattr(client, "MAX_429_RETRIES", 1)
    gpf.inject(CAPABILITIES, "status", status=429, headers={"Retry-After": "0"})
    ok, message = listed(capabilities())
    assert not ok and "HTTP 429" in message
    assert [r.status for r in gpf.requests_to(CAPABILITIES)] == [429, 429]


def test_malformed_feed_reported_with_a_clear_message(gpf):
    gpf.inject(CAPABILITIES, "truncate", times=1)
    listing = capabilities()
    ok, message = listed(listing)
    assert not ok and message.startswith("The download feed is malformed or incomplete")
    assert listing.entries == [] and not listing.at_end
    # Asked again (the user retries), the listing carries on from where it was.
    assert listed(listing) == (True, "") and len(listing.entries) == 23


def test_hostile_feed_refused(gpf):
    gpf.inject(CAPABILITIES, "hostile")
    ok, message = listed(capabilities())
    assert not ok and "entities" in message


def test_unknown_resource_is_a_404_message(gpf):
    ok, message = listed(FeedListing(lambda p, n: feed.resource_url("NO-SUCH-PRODUCT", page=p, limit=n)))
    assert not ok and "HTTP 404" in message


def test_edition_files_split_archive_and_md5(gpf):
    sub = "BDTOPO_3-5_GPKG_LAMB93_D078_2026-06-15"
    listing = FeedListing(lambda p, n: feed.resource_url("BDTOPO", sub, page=p, limit=n))
    assert listed(listing) == (True, "")
    [group] = feed.group_files(listing.entries)
    assert [p.name for p in group.parts] == [f"{sub}.7z.00{n}" for n in (1, 2, 3)]
    assert group.size == len(download.TINY_7Z) and group.md5_file.name == f"{sub}.md5"
    assert all(len(p.md5) == 32 for p in group.parts)


def test_cancel_stops_the_listing(gpf):
    gpf.inject(CAPABILITIES, "delay", seconds=2)
    listing = capabilities(limit=5)
    outcome = []
    listing.finished.connect(lambda ok, message: outcome.append((ok, message)))
    listing.fetch_more(None)
    wait_until(lambda: gpf.requests_to(CAPABILITIES), 10)
    listing.cancel()
    assert wait_until(lambda: outcome, 30)
    assert outcome == [(False, "Listing cancelled.")] and len(gpf.requests_to(CAPABILITIES)) <= 2


# --- restricted resources, with the user's key ------------------------------------------------

@pytest.mark.skipif(not HAS_API_HEADER,
                    reason="this QGIS has no APIHeader auth method (it came with 3.24): HASH keys "
                           "cannot be sent; the Basic path is tested instead")
def test_restricted_resources_listed_with_a_hash_key(gpf, auth_manager):
    config_id = key_store.store_hash_key("Géoplateforme HASH (download tests)", API_KEY)
    try:
        listing = capabilities(restricted=True, authcfg=config_id)
        assert listed(listing) == (True, "")
    finally:
        auth_manager.removeAuthenticationConfig(config_id)
    assert [e.name for e in listing.entries] == ["SCAN25", "SCAN100"]
    [request] = gpf.requests_to("/private" + CAPABILITIES)
    assert request.headers.get("apikey") == API_KEY and request.status == 200
    assert all("/private/telechargement/" in e.href for e in listing.entries)


def test_restricted_resources_listed_with_a_basic_key(gpf, basic_authcfg):
    listing = capabilities(restricted=True, authcfg=basic_authcfg)
    assert listed(listing) == (True, "")
    assert [e.name for e in listing.entries] == ["SCAN25", "SCAN100"]
    [request] = gpf.requests_to("/private" + CAPABILITIES)
    assert request.headers.get("authorization", "").startswith("Basic ") and request.status == 200


def test_restricted_without_or_with_a_wrong_key_is_explained(gpf, auth_manager):
    ok, message = listed(capabilities(restricted=True))
    assert not ok and "needs a Géoplateforme key (HTTP 401)" in message
    wrong = key_store.store_basic_key("wrong", "analyste", "not-the-password")
    try:
        ok, message = listed(capabilities(restricted=True, authcfg=wrong))
    finally:
        auth_manager.removeAuthenticationConfig(wrong)
    assert not ok and "HTTP 401" in message and "not documented" in message
    assert "not-the-password" not in message
