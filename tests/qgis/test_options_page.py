"""The Géoplateforme page of QGIS's Options: its values reach the plugin.

The page is made by the factory the plugin registers, as QGIS's Options dialog makes it; the
desktop opens it from QGIS's own Options in tests/e2e (driver_open.py).
"""
from __future__ import annotations

import json
import os

import pytest
from qgis.core import QgsProject
from qgis.gui import QgsOptionsPageWidget

from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.gui.options.options_factory import OptionsFactory

ENTRIES = (settings.BASE_URL, settings.MIGRATE_ON_OPEN, settings.AUTHCFG, settings.REPORT_LANGUAGE,
           settings.DOWNLOAD_FOLDER, settings.REFRESH_INTERVAL_HOURS)


@pytest.fixture
def clean_settings():
    from qgis.core import QgsSettings

    saved = {entry: QgsSettings().value(entry.full_key) for entry in ENTRIES}
    yield
    for entry, value in saved.items():
        if value is None:
            entry.remove()
        else:
            entry.set(value)


def test_the_page_values_reach_the_plugin(clean_settings, basic_authcfg, monkeypatch):
    from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    page = OptionsFactory().createWidget(None)
    assert isinstance(page, QgsOptionsPageWidget)
    assert not page.migrate_on_open.isChecked()  # off by default
    page.base_url.setText("https://mirror.example.org/geopf/")
    page.migrate_on_open.setChecked(True)
    page.key.setCurrentIndex(page.key.findData(basic_authcfg))
    page.language.setCurrentIndex(page.language.findData("fr"))
    page.apply()
    assert endpoints.base_url() == "https://mirror.example.org/geopf"
    assert settings.migrate_on_open()
    assert settings.authcfg() == basic_authcfg
    assert MigrationDialog(project=QgsProject.instance()).lang == "fr"
    # A new page shows what is in force.
    again = OptionsFactory().createWidget(None)
    assert again.base_url.text() == "https://mirror.example.org/geopf"
    assert again.migrate_on_open.isChecked() and again.key.currentData() == basic_authcfg
    again.language.setCurrentIndex(again.language.findData("en"))
    again.apply()
    assert MigrationDialog(project=QgsProject.instance()).lang == "en"


def test_the_download_folder_reaches_the_plugin_preference_the_download_panel_reads(clean_settings, tmp_path):
    settings.DOWNLOAD_FOLDER.set("")
    default = settings.download_folder()
    page = OptionsFactory().createWidget(None)
    assert page.download_folder.filePath() == default
    page.apply()
    assert settings.DOWNLOAD_FOLDER.get() == ""  # untouched: the default stays dynamic
    page.download_folder.setFilePath(str(tmp_path / "IGN"))
    page.apply()
    assert settings.download_folder() == str(tmp_path / "IGN")


def test_a_base_url_that_is_no_address_is_refused_and_said(clean_settings, monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    settings.BASE_URL.set("")
    page = OptionsFactory().createWidget(None)
    page.base_url.setText("data.geopf.fr without a scheme")
    assert not page.base_url_problem.isHidden()
    page.apply()
    assert endpoints.base_url() == endpoints.PRODUCTION_BASE_URL  # the address in force stays
    page.base_url.setText("")
    assert page.base_url_problem.isHidden()


def test_the_catalogue_cache_size_age_and_clear(clean_settings):
    from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CACHE_FILE, META_FILE, CatalogStore

    folder = settings.catalog_cache_dir()
    assert CatalogStore().cache_dir == folder  # the page shows the store's own cache
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, CACHE_FILE), "wb") as handle:
        handle.write(b"\0" * 4096)
    with open(os.path.join(folder, META_FILE), "w", encoding="utf-8") as handle:
        json.dump({"refreshed_at": "2020-01-01T00:00:00+00:00"}, handle)
    page = OptionsFactory().createWidget(None)
    assert "KB" in page.cache_label.text() and "hour(s) ago" in page.cache_label.text()
    assert page.clear_button.isEnabled()
    page.clear_button.click()
    assert not os.path.exists(os.path.join(folder, CACHE_FILE))
    assert not page.clear_button.isEnabled() and "bundled" in page.cache_label.text()


def test_the_refresh_interval_reaches_the_catalogue_store(clean_settings):
    from datetime import datetime, timedelta, timezone

    from bascule_geoplateforme.core.catalog.refresh_policy import refresh_is_due

    page = OptionsFactory().createWidget(None)
    assert page.refresh_hours.value() == 24  # at most once a day by default
    page.refresh_hours.setValue(72)
    page.apply()
    assert settings.refresh_interval_hours() == 72
    two_days_ago = (datetime.now(timezone.utc) - timedelta(days=2)).isoformat()
    assert not refresh_is_due(two_days_ago, settings.refresh_interval_hours())
    page = OptionsFactory().createWidget(None)
    assert page.refresh_hours.value() == 72  # the page shows what is in force
    assert page.refresh_hours.text() != "every session"
    page.refresh_hours.setValue(0)
    assert page.refresh_hours.text() == "every session"
    page.apply()
    an_hour_ago = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    assert refresh_is_due(an_hour_ago, settings.refresh_interval_hours())


def test_the_plugin_registers_the_page_and_removes_it(qgis_iface):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    plugin = BasculeGeoplateformePlugin(qgis_iface)
    plugin.initGui()
    factory = plugin.options_factory
    assert isinstance(factory, OptionsFactory) and factory.title() == "Géoplateforme"
    plugin.unload()
    assert plugin.options_factory is None
