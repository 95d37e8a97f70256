"""Fixtures for the pytest-qgis tests: the loopback Géoplateforme, the auth DB, rendering."""
from __future__ import annotations

import pytest

from loopback import BASIC_PASSWORD, BASIC_USER, LoopbackGeoplateforme  # noqa: E402

MASTER_PASSWORD = "bascule-tests-master"


LOOPBACK_HOSTS = ("127.0.0.1", "127.0.0.2", "localhost")  # 127.0.0.2: « another host »


@pytest.fixture(scope="session", autouse=True)
def outside_requests(qgis_app):
    """No test depends on outside DNS or network.

    Every request QGIS's network stack makes to a host other than the loopback (the old
    wxs.ign.fr a reverted layer asks for, data.geopf.fr by mistake) goes to a closed loopback
    port instead, so it fails at once, and is recorded here.
    """
    from qgis.core import QgsNetworkAccessManager

    from loopback.outside import keep_requests_local

    handle, recorded = keep_requests_local(LOOPBACK_HOSTS)
    yield recorded
    QgsNetworkAccessManager.removeRequestPreprocessor(handle)


@pytest.fixture(autouse=True)
def no_outside_request(request, outside_requests):
    """A test that makes QGIS ask a host other than the loopback fails (the session guard
    sends such requests nowhere and records them). A test whose subject is an old source QGIS
    still asks for (a reverted legacy layer) names the hosts it expects with
    ``@pytest.mark.outside_hosts("wxs.ign.fr", …)``."""
    from urllib.parse import urlsplit

    before = len(outside_requests)
    yield
    marker = request.node.get_closest_marker("outside_hosts")
    allowed = set(marker.args) if marker else set()
    made = [url for url in outside_requests[before:] if urlsplit(url).hostname not in allowed]
    if made:
        pytest.fail(f"{len(made)} request(s) left the loopback during this test: "
                    + ", ".join(sorted(set(made))[:5]), pytrace=False)


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
    from bascule_geoplateforme.core.keys.qgis_side import key_store

    config_id = key_store.store_basic_key("Géoplateforme (tests)", BASIC_USER, BASIC_PASSWORD)
    yield config_id
    auth_manager.removeAuthenticationConfig(config_id)


@pytest.fixture
def made_keys(auth_manager):
    """Remove every auth config a test made, whatever made it (the dialog, a key test…)."""
    before = set(auth_manager.configIds())
    yield
    for config_id in set(auth_manager.configIds()) - before:
        auth_manager.removeAuthenticationConfig(config_id)


@pytest.fixture(autouse=True)
def fresh_dock_state(qgis_app):
    """The dock remembers its splitter and filters between sessions: not between tests."""
    from qgis.core import QgsSettings

    QgsSettings().remove("bascule_geoplateforme/dock")
    yield
    QgsSettings().remove("bascule_geoplateforme/dock")


@pytest.fixture(autouse=True)
def no_task_left_running(qgis_app):
    """Every test ends with QGIS's task manager idle: a task left in a network request past
    its test (its loopback server gone) deadlocked QGIS's exit at the end of the session."""
    yield
    import time

    from qgis.core import QgsApplication
    from qgis.PyQt.QtCore import QCoreApplication, QEventLoop

    manager = QgsApplication.taskManager()
    manager.cancelAll()
    deadline = time.monotonic() + 15
    while manager.countActiveTasks() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)  # hands the interpreter to the tasks' threads


@pytest.fixture(scope="module")
def provider(qgis_processing):
    """The plugin's Processing provider, registered for the tests of one module."""
    from qgis.core import QgsApplication

    from bascule_geoplateforme.processing_provider.provider import BasculeProvider

    provider = BasculeProvider()
    assert QgsApplication.processingRegistry().addProvider(provider)
    yield provider
    QgsApplication.processingRegistry().removeProvider(provider)


@pytest.fixture
def plugin_log():
    """The plugin's log bridged to QGIS's message log, as while the plugin is loaded: a test
    that looks for secrets in the log sees the plugin's own lines too."""
    from bascule_geoplateforme.core.toolbelt.qgis_side import log_bridge

    log_bridge.install()
    yield
    log_bridge.remove()
