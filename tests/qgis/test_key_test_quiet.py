"""The key test never opens QGIS's password prompt (issue 24, item 5).

QGIS connects ``authenticationRequired`` of its own managers to its handler (in the desktop,
the « enter your user name and password » dialog, pre-filled, once per refused request). The
key test sends its requests through a manager without that handler (core/toolbelt/qgis_side/network.py), so a
refused key comes back as a 401/403 the plugin reports, per service. QGIS's handler path is
observable headless: ``QgsNetworkAccessManager.requestRequiresAuth`` fires when a request of
any of its managers reaches it (the worker threads' managers relay it to the main one), and
``requestAuthDetailsAdded`` when the handler filled credentials in.
"""
from __future__ import annotations

from collections import Counter

import pytest
from qgis.core import QgsApplication, QgsBlockingNetworkRequest, QgsNetworkAccessManager
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest
from qgis.PyQt.QtWidgets import QApplication, QDialog

from bascule_geoplateforme.core.keys.qgis_side import key_store
from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from bascule_geoplateforme.core.keys.qgis_side.key_access import KeyAccess
from bascule_geoplateforme.core.toolbelt.qgis_side import network
from loopback import BASIC_USER
from qgis_helpers import wait_until

SERVICES = (WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS)


@pytest.fixture
def wrong_basic_key(auth_manager, gpf):
    config_id = key_store.store_basic_key("Mauvais mot de passe", BASIC_USER, "pas-le-bon")
    QgsNetworkAccessManager.instance().cache().clear()
    yield config_id
    auth_manager.removeAuthenticationConfig(config_id)


@pytest.fixture
def auth_handler_calls():
    nam = QgsNetworkAccessManager.instance()
    calls = []
    on_required = lambda request_id, realm: calls.append(("required", realm))  # noqa: E731
    on_added = lambda *details: calls.append(("added", details[1] if len(details) > 1 else ""))  # noqa: E731
    nam.requestRequiresAuth.connect(on_required)
    nam.requestAuthDetailsAdded.connect(on_added)
    yield calls
    nam.requestRequiresAuth.disconnect(on_required)
    nam.requestAuthDetailsAdded.disconnect(on_added)


def credential_dialogs():
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()]


def test_a_refused_basic_key_is_reported_per_service_without_qgis_prompt(
        gpf, wrong_basic_key, auth_handler_calls, tmp_path):
    access = KeyAccess(str(tmp_path / "keys"))
    access.test(wrong_basic_key)  # a QgsTask: the requests leave from a worker thread
    seen_dialogs = []
    assert wait_until(lambda: seen_dialogs.extend(credential_dialogs()) or not access.is_testing(wrong_basic_key),
                      timeout=60)
    report = access.report(wrong_basic_key)
    assert sorted(report.refusals) == sorted(SERVICES)
    assert {a.refusal_kind for a in report.services.values()} == {"wrong_key"}
    # The loopback asked for Basic credentials on each refusal, as a server may.
    # Once per service; a GET whose reply PyQt wrapped stale is asked again (network.fetch's
    # retry), never the loop a credential prompt would make.
    refused = Counter(r.path for r in gpf.requests if r.status == 401)
    assert len(refused) == 5, refused
    assert all(1 <= n <= 1 + network.STALE_REPLY_RETRIES for n in refused.values()), refused
    assert auth_handler_calls == [] and seen_dialogs == []


def test_qgis_own_blocking_request_would_have_reached_its_handler(gpf, wrong_basic_key, auth_handler_calls):
    """The observation above can fail: the same request through QGIS's helper with the auth
    config reaches QGIS's credential handler (the desktop's password prompt)."""
    request = QgsBlockingNetworkRequest()
    request.setAuthCfg(wrong_basic_key)
    request.get(QNetworkRequest(QUrl(endpoints.capabilities_url(WMTS, True))), True)
    assert wait_until(lambda: auth_handler_calls, timeout=10)
    assert auth_handler_calls[0][0] == "required"


def test_a_refused_key_on_the_listing_and_a_download_is_reported_without_qgis_prompt(
        gpf, wrong_basic_key, auth_handler_calls, tmp_path):
    from bascule_geoplateforme.core.download.qgis_side.client import FeedListing
    from bascule_geoplateforme.core.download.qgis_side.transfer import FileTransfer

    listing = FeedListing(lambda page, size: f"{gpf.base_url}/private/telechargement/capabilities"
                                             f"?page={page}&limit={size}", authcfg=wrong_basic_key)
    listed = []
    listing.finished.connect(lambda ok, message: listed.append((ok, message)))
    listing.fetch_more(1)
    transfer = FileTransfer(gpf.base_url + "/private/telechargement/download/SCAN25/x/scan.7z",
                            str(tmp_path / "scan.7z"), wrong_basic_key)
    downloaded = []
    transfer.finished.connect(lambda ok, message: downloaded.append((ok, message)))
    transfer.start()
    assert wait_until(lambda: listed and downloaded, timeout=60)
    assert not listed[0][0] and "401" in listed[0][1]
    assert not downloaded[0][0] and "401" in downloaded[0][1]
    assert [r.status for r in gpf.requests] == [401, 401]
    assert auth_handler_calls == []
