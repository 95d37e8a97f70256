"""Fixtures for the pytest-qgis tests: the loopback Géoplateforme, the auth DB, rendering."""
from __future__ import annotations

import pytest

from loopback import BASIC_PASSWORD, BASIC_USER, LoopbackGeoplateforme  # noqa: E402

MASTER_PASSWORD = "bascule-tests-master"


@pytest.fixture
def gpf(monkeypatch):
    """A loopback server of the test's own, with the plugin's base URL pointed at it.

    A new port per test means new URLs, so QGIS's disk and in-memory tile caches cannot
    answer for the server: each test sees the requests its own code makes.
    """
    with LoopbackGeoplateforme() as server:
        monkeypatch.setenv("BASCULE_GPF_BASE_URL", server.base_url)
        yield server


@pytest.fixture(scope="session")
def auth_manager(qgis_app):
    """QGIS's auth manager with the master password set by the test (never a prompt)."""
    from qgis.core import QgsApplication

    manager = QgsApplication.authManager()
    assert not manager.isDisabled(), manager.disabledMessage()
    assert manager.setMasterPassword(MASTER_PASSWORD, True)
    return manager


@pytest.fixture
def basic_authcfg(auth_manager):
    """A login/password key holding the loopback server's credentials, stored as the plugin
    stores keys (a Basic auth config)."""
    from bascule_geoplateforme.core import auth

    config_id = auth.store_basic_key("Géoplateforme (tests)", BASIC_USER, BASIC_PASSWORD)
    yield config_id
    auth_manager.removeAuthenticationConfig(config_id)
