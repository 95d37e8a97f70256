"""Typed settings read what users' profiles already hold (same keys, same types)."""
from __future__ import annotations

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QByteArray

from bascule_geoplateforme.core.toolbelt.qgis_side import settings

# The keys as earlier versions wrote them (the stored layout: never renamed), a value of the
# type they wrote, and what the plugin reads back.
STORED = [
    ("bascule_geoplateforme/base_url", "https://miroir.example.org/", settings.BASE_URL),
    ("bascule_geoplateforme/authcfg", "abc1234", settings.AUTHCFG),
    ("bascule_geoplateforme/migrate_on_open", True, settings.MIGRATE_ON_OPEN),
    ("bascule_geoplateforme/migrate_on_open_offered", True, settings.MIGRATE_ON_OPEN_OFFERED),
    ("bascule_geoplateforme/report_language", "en", settings.REPORT_LANGUAGE),
    ("bascule_geoplateforme/max_project_size_mb", 12.5, settings.MAX_PROJECT_SIZE_MB),
    ("bascule_geoplateforme/download_folder", "/tmp/téléchargements", settings.DOWNLOAD_FOLDER),
    ("bascule_geoplateforme/refresh_interval_hours", 6, settings.REFRESH_INTERVAL_HOURS),
    ("bascule_geoplateforme/dock_visible", True, settings.DOCK_VISIBLE),
    ("bascule_geoplateforme/dock/splitter", QByteArray(b"\x00\xff state"), settings.DOCK_SPLITTER),
    ("bascule_geoplateforme/dock/access", "restricted", settings.DOCK_ACCESS),
    ("bascule_geoplateforme/dock/query", "scan 25", settings.DOCK_QUERY),
    ("bascule_geoplateforme/connections_undo", '[[["k", "v", "wms", "n"]]]', settings.CONNECTIONS_UNDO),
    ("bascule_geoplateforme/connections_offered", True, settings.CONNECTIONS_OFFERED),
]


@pytest.fixture
def kept_settings():
    store = QgsSettings()
    saved = {key: store.value(key) for key, _, _ in STORED}
    yield store
    for key, value in saved.items():
        store.remove(key) if value is None else store.setValue(key, value)


def test_every_setting_is_declared_once():
    assert {entry.full_key for _, _, entry in STORED} == {e.full_key for e in settings.ALL}
    assert len({e.full_key for e in settings.ALL}) == len(settings.ALL)


def test_values_stored_by_earlier_versions_are_read(kept_settings):
    for key, value, _ in STORED:
        kept_settings.setValue(key, value)
    kept_settings.sync()
    for key, value, entry in STORED:
        got = entry.get()
        assert got == value and type(got) is type(entry.default if entry.default is not None else value), key


def test_absent_or_unreadable_values_give_the_default(kept_settings):
    for key, _, entry in STORED:
        kept_settings.remove(key)
        assert entry.get() == entry.default, key
    kept_settings.setValue(settings.REFRESH_INTERVAL_HOURS.full_key, "bad")
    assert settings.refresh_interval_hours() == 24.0
    kept_settings.setValue(settings.MIGRATE_ON_OPEN.full_key, "true")  # as an INI file gives it
    assert settings.migrate_on_open() is True
    settings.MIGRATE_ON_OPEN.remove()
    assert kept_settings.value(settings.MIGRATE_ON_OPEN.full_key) is None
