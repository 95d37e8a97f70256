"""Pure code logs with the standard ``logging`` module, under the plugin's logger."""
import logging

from bascule_geoplateforme.core.toolbelt import log


def test_every_module_logs_under_the_plugin_logger():
    assert log.logger("bascule_geoplateforme.core.catalog.qgis_side.catalog_store").name == \
        "bascule_geoplateforme.core.catalog.qgis_side.catalog_store"
    assert log.logger("some_folder.core.download.feed").name == "bascule_geoplateforme.core.download.feed"
    assert log.logger("").name == "bascule_geoplateforme"


def test_a_record_reaches_a_handler_of_the_plugin_logger():
    seen = []
    handler = logging.Handler()
    handler.emit = seen.append
    root = logging.getLogger(log.ROOT)
    root.addHandler(handler)
    try:
        log.logger("bascule_geoplateforme.core.x").warning("cache %s", "unreadable")
    finally:
        root.removeHandler(handler)
    assert [r.getMessage() for r in seen] == ["cache unreadable"]
