"""The plugin's log reaches QGIS's message log through the bridge, only while it is
installed (the plugin's initGui to its unload), secrets masked."""
from __future__ import annotations

import logging

import pytest
from qgis.core import Qgis, QgsApplication

from bascule_geoplateforme.core.toolbelt.log import logger
from bascule_geoplateforme.core.toolbelt.qgis_side import log_bridge


@pytest.fixture
def logged():
    found = []

    def received(message, tag, level):
        if tag == log_bridge.LOG_TAG:
            found.append((message, level))

    QgsApplication.messageLog().messageReceived.connect(received)
    yield found
    QgsApplication.messageLog().messageReceived.disconnect(received)


def test_a_pure_module_log_line_reaches_qgis_only_with_the_bridge(logged):
    pure = logger("bascule_geoplateforme.core.download.feed")
    log_bridge.install()
    try:
        pure.info("feed read: %d products", 3)
        pure.warning("cache unreadable")
    finally:
        log_bridge.remove()
    assert logged == [("feed read: 3 products", Qgis.MessageLevel.Info),
                      ("cache unreadable", Qgis.MessageLevel.Warning)]
    pure.warning("after unload")
    assert len(logged) == 2 and not log_bridge.installed()


def test_a_line_is_shown_once_in_qgis_not_also_on_stderr(logged):
    """While the bridge is installed a record stops at the plugin's logger: Python's root
    logger (whose last resort prints warnings on QGIS's stderr) never sees it; after, it does."""
    seen = []

    class Catch(logging.Handler):
        def emit(self, record):
            seen.append(record.getMessage())

    catch = Catch()
    logging.getLogger().addHandler(catch)
    try:
        log_bridge.install()
        try:
            logger("core.platform.sources").warning("inside")
        finally:
            log_bridge.remove()
        logger("core.platform.sources").warning("outside")
    finally:
        logging.getLogger().removeHandler(catch)
    assert [m for m, _ in logged] == ["inside"]
    assert seen == ["outside"]


def test_the_plugin_installs_the_bridge_and_unload_removes_it(qgis_iface, logged):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    plugin = BasculeGeoplateformePlugin(qgis_iface)
    plugin.initGui()
    try:
        logger("bascule_geoplateforme.core.catalog").info("while loaded")
    finally:
        plugin.unload()
    logger("bascule_geoplateforme.core.catalog").info("after unload")
    assert [m for m, _ in logged] == ["while loaded"]


def test_a_secret_in_a_logged_url_is_masked(logged):
    secret, password = "CLESECRETE0123456789", "motdepasse42"
    log_bridge.install()
    try:
        logger("bascule_geoplateforme.core.keys").info(
            "GetCapabilities failed: https://data.geopf.fr/private/wms-r?SERVICE=WMS&apikey=%s "
            "then https://jean:%s@data.geopf.fr/wmts (%s)", secret, password, "timeout")
    finally:
        log_bridge.remove()
    [(message, _)] = logged
    assert secret not in message and password not in message
    assert "https://data.geopf.fr/private/wms-r?SERVICE=WMS&apikey=" in message and "timeout" in message
