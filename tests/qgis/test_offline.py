"""The QGIS tests never reach outside the machine (see conftest.outside_requests)."""
from __future__ import annotations

import pytest

from qgis.core import QgsBlockingNetworkRequest
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest
from honest_skips import LEGACY_HOSTS

# This test asks an old host on purpose, to see the guard keep it on the machine.
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)


def test_a_request_to_an_outside_host_stays_on_the_machine(outside_requests):
    url = "https://wxs.ign.fr/essentiels/geoportail/wmts?SERVICE=WMTS&REQUEST=GetCapabilities"
    request = QgsBlockingNetworkRequest()
    error = request.get(QNetworkRequest(QUrl(url)))
    assert error != QgsBlockingNetworkRequest.ErrorCode.NoError
    # Refused by the closed loopback port, not a name lookup of wxs.ign.fr.
    assert "refused" in request.errorMessage().lower(), request.errorMessage()
    assert outside_requests[-1] == url
