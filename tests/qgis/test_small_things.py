"""The smaller things a French user notices, each where it can fail: agreement, locator marks
and collisions, a product's common name, the language rule, tooltips QGIS would cut, the
master-password warning, what a key opens, local dates, the key tests kept by Clear, the
old-project message gone with its project. Real QGIS."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QDate, QLocale, QTranslator

from bascule_geoplateforme.core.toolbelt.qgis_side import settings as preferences

ROOT = Path(__file__).resolve().parents[2]
QM = ROOT / "i18n" / "bascule_geoplateforme_fr.qm"


@pytest.fixture
def french(monkeypatch):
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    monkeypatch.setattr(preferences, "language", lambda: "fr")
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    yield
    QLocale.setDefault(previous)
    QCoreApplication.removeTranslator(translator)


def test_one_resource_is_singular_and_sizes_dates_are_french(french, qgis_iface):
    from types import SimpleNamespace

    from bascule_geoplateforme.gui.download import display, download_dock

    panel = download_dock.DownloadPanel(qgis_iface)
    panel.controller.listing = SimpleNamespace(total=1)  # the status line of a one-resource listing
    panel._update_status()
    assert panel.status.text() == "0 sur 1 ressource listée."
    panel.controller.listing = SimpleNamespace(total=3)
    panel._update_status()
    assert "ressources listées" in panel.status.text()
    assert display.size_text(1536) == "1,5\u00a0Ko"
    assert display.date_text("2024-03-15") == "15/03/2024"
    assert panel.search_bar.date_from.displayFormat() == QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    panel.deleteLater()


def test_locator_marks_restricted_first_and_tells_colliding_titles_apart():
    from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
    from bascule_geoplateforme.gui.browser.locator_filter import RESTRICTED_MARK, colliding_titles, result_for

    catalog = bundled_catalog()
    restricted = next(e for e in catalog if e.restricted and e.title)
    result = result_for(restricted, 0)
    assert result.displayString.startswith(RESTRICTED_MARK)
    assert result.description.startswith("restricted, key needed")
    by_title = {}
    for entry in catalog:
        by_title.setdefault((entry.title or entry.name).casefold(), []).append(entry)
    same = next(group for group in by_title.values() if len({e.name for e in group}) > 1)
    colliding = colliding_titles(same)
    shown = {result_for(e, 0, colliding).displayString for e in same}
    assert len(shown) == len({e.name for e in same})  # no two rows look identical
    assert all(e.name in result_for(e, 0, colliding).displayString for e in same)


def test_a_products_common_name_is_found():
    from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
    from bascule_geoplateforme.core.catalog.quick_search import QuickIndex

    catalog = bundled_catalog()
    for query in ("BD TOPO", "bdtopo", "bd topo"):
        found = catalog.search(query)
        assert found and sum("BDTOPO" in e.name for e in found) >= 50, query
        first = QuickIndex(catalog).search(query, 3)
        assert first and all("BDTOPO" in e.name for e in first), (query, [e.name for e in first])


def test_language_follows_qgis_rule_fr_or_fr_fr():
    settings = QgsSettings()
    saved = settings.value("locale/overrideFlag"), settings.value("locale/userLocale")
    try:
        for locale in ("fr", "fr_FR", "FR"):
            settings.setValue("locale/overrideFlag", True)
            settings.setValue("locale/userLocale", locale)
            assert preferences.language() == "fr"
            settings.setValue("bascule_geoplateforme/report_language", "")
            assert preferences.report_language() == "fr"
        from bascule_geoplateforme.core.migration.report import status_labels

        assert status_labels(preferences.report_language())["withdrawn"] == "retirée"
        # Override off: QGIS's own locale, not a stale userLocale.
        settings.setValue("locale/overrideFlag", False)
        settings.setValue("locale/userLocale", "fr_FR")
        assert preferences.language() == QgsApplication.locale()[:2].lower()
    finally:
        settings.setValue("locale/overrideFlag", saved[0] or False)
        settings.setValue("locale/userLocale", saved[1] or "")


def test_action_tooltips_survive_qgis_cutting_parentheses(qgis_iface):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    plugin = BasculeGeoplateformePlugin(qgis_iface)
    plugin.initGui()
    try:
        tips = {a.objectName(): a.toolTip() for a in plugin.actions}
        assert not [name for name, tip in tips.items() if "(" in tip or ")" in tip]
        assert "stored in clear" in tips["bascule_key_in_url"]
    finally:
        plugin.unload()


def test_the_first_key_says_qgis_will_ask_for_its_master_password(auth_manager):
    MASTER_PASSWORD = "bascule-tests-master"  # tests/qgis/conftest.py's

    from bascule_geoplateforme.gui.keys.keys_dialog import KeyEditDialog

    auth_manager.clearMasterPassword()
    try:
        dialog = KeyEditDialog()
        note = getattr(dialog, "master_note", None)
        assert note is not None and "master password" in note.text()
    finally:
        assert auth_manager.setMasterPassword(MASTER_PASSWORD, True)
    assert getattr(KeyEditDialog(), "master_note", None) is None  # known: no warning


def test_a_key_is_summarised_by_the_restricted_products_it_opens():
    from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
    from bascule_geoplateforme.core.keys.qgis_side.key_access import KeyReport, ServiceAccess
    from bascule_geoplateforme.gui.keys.keys_dialog import restricted_products

    catalog = bundled_catalog()
    restricted = [e for e in catalog if e.restricted and e.service == "wmts"][:2]
    open_layers = [e.name for e in catalog if not e.restricted and e.service == "wmts"][:40]
    assert restricted and open_layers
    report = KeyReport("abc1234", services={"wmts": ServiceAccess(
        layers=open_layers + [e.name for e in restricted])})
    products = restricted_products(report)
    assert products == sorted({e.title or e.name for e in restricted}, key=str.casefold)


def test_clearing_the_catalogue_keeps_the_key_tests(qgis_iface, tmp_path):
    from bascule_geoplateforme.gui.options.options_page import OptionsPage

    catalogue = preferences.catalog_cache_dir()
    keys = preferences.key_tests_dir()
    assert not os.path.commonpath([catalogue, keys]) == catalogue  # not inside the cache
    os.makedirs(keys, exist_ok=True)
    os.makedirs(catalogue, exist_ok=True)
    kept = Path(keys) / "abc1234.json"
    kept.write_text("{}", encoding="utf-8")
    (Path(catalogue) / "wmts.xml").write_text("<x/>", encoding="utf-8")
    page = OptionsPage()
    page.clear_cache()
    assert not (Path(catalogue) / "wmts.xml").exists() and kept.exists()
    kept.unlink()
    shutil.rmtree(catalogue, ignore_errors=True)


def test_the_old_project_message_goes_with_its_project(gpf, tmp_path, qgis_iface):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    fixture = ROOT / "tests" / "data" / "real-world" / "projects" / "lizmap_77c0c38__external_wms_layer.qgs"
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    plugin = BasculeGeoplateformePlugin(qgis_iface)
    plugin.initGui()
    try:
        project = QgsProject.instance()
        project.clear()
        assert project.read(str(path), QgsProject.ReadFlag.FlagDontResolveLayers)
        plugin.detect_legacy_sources()
        assert plugin.legacy_message is not None
        project.clear()  # Project › New, Close, or the next project opening
        assert plugin.legacy_message is None
    finally:
        plugin.unload()
