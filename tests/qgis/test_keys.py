"""« Mes clés Géoplateforme »: keys made in the dialog, tested against the loopback's /private/
capabilities, and the one rule that gives a restricted layer its key (dock and migration)."""
from __future__ import annotations

import pytest
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsNetworkAccessManager, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QDialog, QLabel

from bascule_geoplateforme.core.keys.qgis_side import key_store
from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.capabilities import parse_capabilities
from bascule_geoplateforme.core.keys.qgis_side.key_access import KeyAccess
from bascule_geoplateforme.gui.keys import key_choice
from bascule_geoplateforme.gui.keys.keys_dialog import KeyEditDialog, KeysDialog
from loopback import API_KEY, BASIC_PASSWORD, BASIC_USER
from qgis_helpers import saved_bytes, wait_until

HAS_API_HEADER = "APIHeader" in QgsApplication.authManager().authMethodsKeys()


@pytest.fixture
def access(tmp_path, gpf):
    QgsNetworkAccessManager.instance().cache().clear()
    return KeyAccess(str(tmp_path / "keys"))


def add_through_dialog(kind, name, secret, username=""):
    dialog = KeyEditDialog()
    (dialog.hash_choice if kind == key_store.HASH else dialog.basic_choice).setChecked(True)
    dialog.name.setText(name)
    dialog.username.setText(username)
    dialog.secret.setText(secret)
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    return dialog.config_id


def key_tested(access, config_id):
    access.test(config_id)
    assert wait_until(lambda: not access.is_testing(config_id), timeout=60)
    return access.report(config_id)


def private_layers(gpf, path):
    """The layer names of the loopback's private capabilities: what a key must unlock."""
    document = gpf.document(path)
    return sorted({e.name for e in parse_capabilities(document, gpf.base_url).entries})


# --- the dialog ---------------------------------------------------------------------------

def test_a_basic_key_made_in_the_dialog_is_a_plugin_config_without_a_visible_secret(
        auth_manager, made_keys, gpf):
    config_id = add_through_dialog(key_store.BASIC, "Mon compte", BASIC_PASSWORD, BASIC_USER)
    [key] = [k for k in key_store.keys() if k.id == config_id]
    assert (key.name, key.kind, key.usable) == ("Mon compte", key_store.BASIC, True)
    ok, config = auth_manager.loadAuthenticationConfig(config_id, QgsAuthMethodConfig(), True)
    assert config.method() == "Basic" and config.uri().endswith(key_store.MARKER)
    assert dict(config.configMap()) == {"username": BASIC_USER, "password": BASIC_PASSWORD}
    # Editing shows the name, never the secret.
    dialog = KeyEditDialog(key)
    assert dialog.name.text() == "Mon compte" and dialog.secret.text() == ""
    dialog.name.setText("Compte SIG")
    dialog.buttons.accepted.emit()
    assert key_store.key(config_id).name == "Compte SIG"
    ok, config = auth_manager.loadAuthenticationConfig(config_id, config, True)
    assert config.config("password") == BASIC_PASSWORD  # an empty field keeps the secret


@pytest.mark.skipif(not HAS_API_HEADER, reason="this QGIS has no APIHeader auth method (3.24+)")
def test_a_hash_key_is_an_api_header_config_whose_map_holds_only_the_header(auth_manager, made_keys, gpf):
    config_id = add_through_dialog(key_store.HASH, "Clé SCAN", API_KEY)
    ok, config = auth_manager.loadAuthenticationConfig(config_id, QgsAuthMethodConfig(), True)
    # APIHeader sends every entry of the map as a header: the marker is in the URI.
    assert config.method() == "APIHeader" and dict(config.configMap()) == {"apikey": API_KEY}
    assert key_store.key(config_id).kind == key_store.HASH


@pytest.mark.skipif(HAS_API_HEADER, reason="this QGIS has the APIHeader method")
def test_without_api_header_the_dialog_offers_login_password_only(auth_manager):
    dialog = KeyEditDialog()
    assert not dialog.hash_choice.isEnabled() and dialog.basic_choice.isChecked()
    assert any("3.24" in label.text() for label in dialog.findChildren(QLabel))
    keys = KeysDialog(KeyAccess())
    assert any("QGIS 3.24" in label.text() for label in keys.findChildren(QLabel))


def test_keys_dialog_mentions_oauth_keys_are_not_for_layers(auth_manager):
    dialog = KeysDialog(KeyAccess())
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "OAuth2" in text and "cartes.gouv.fr" in text


def test_a_wrong_field_keeps_the_dialog_open(auth_manager, made_keys):
    dialog = KeyEditDialog()
    dialog.basic_choice.setChecked(True)
    dialog.name.setText("Sans secret")
    dialog.buttons.accepted.emit()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.text()
    assert not [k for k in key_store.keys() if k.name == "Sans secret"]


# --- testing a key ------------------------------------------------------------------------

def test_test_lists_exactly_the_layers_of_the_private_capabilities(access, gpf, made_keys):
    config_id = add_through_dialog(key_store.BASIC, "Compte", BASIC_PASSWORD, BASIC_USER)
    report = key_tested(access, config_id)
    assert report.services["wmts"].layers == private_layers(gpf, "wmts-private")
    assert report.services["wms-r"].layers == private_layers(gpf, "wms-r-private")
    assert not report.refusals
    # Every capabilities request carried the key, and went to /private/.
    caps = [r for r in gpf.requests if r.param("REQUEST").lower() == "getcapabilities"
            or r.path.rstrip("/").endswith("/tms/1.0.0")]
    assert caps and all(r.path.startswith("/private/") for r in caps)
    assert all(r.headers["authorization"].startswith("Basic ") for r in caps)
    # The result is kept on disk: a new KeyAccess knows it at once.
    again = KeyAccess(access.cache_dir).report(config_id)
    assert again.services["wmts"].layers == report.services["wmts"].layers
    assert BASIC_PASSWORD not in open(access._path(config_id), encoding="utf-8").read()


def test_a_refused_key_shows_the_refusal(access, gpf, made_keys):
    config_id = key_store.store_basic_key("Mauvais", BASIC_USER, "pas-le-bon")
    report = key_tested(access, config_id)
    assert report.layer_count == 0
    assert set(report.refusals) == {"wmts", "wms-r", "wms-v", "wfs", "tms"}
    assert "401" in report.refusals["wmts"] and "pas-le-bon" not in str(report.refusals)


def test_a_rate_limited_service_says_when_to_retry(access, gpf, made_keys):
    gpf.inject("/private/wmts", "status", status=429)
    config_id = key_store.store_basic_key("Compte", BASIC_USER, BASIC_PASSWORD)
    report = key_tested(access, config_id)
    assert "429" in report.refusals["wmts"] and report.services["wms-r"].layers


@pytest.mark.skipif(not HAS_API_HEADER, reason="this QGIS has no APIHeader auth method (3.24+)")
def test_a_hash_key_test_sends_the_apikey_header(access, gpf, made_keys):
    config_id = key_store.store_hash_key("Clé", API_KEY)
    report = key_tested(access, config_id)
    assert report.services["wmts"].layers == private_layers(gpf, "wmts-private")
    private = [r for r in gpf.requests if r.path.startswith("/private/")]
    assert private and all(r.headers.get("apikey") == API_KEY for r in private)


def test_keys_dialog_test_button_shows_what_the_key_unlocks(access, gpf, made_keys):
    config_id = key_store.store_basic_key("Compte", BASIC_USER, BASIC_PASSWORD)
    dialog = KeysDialog(access)
    dialog.reload(config_id)
    dialog.test_button.click()
    assert wait_until(lambda: access.report(config_id) is not None, timeout=60)
    QgsApplication.processEvents()
    item = dialog.tree.currentItem()
    # Summarised by the restricted products it opens, not a raw count of layers.
    from bascule_geoplateforme.gui.keys.keys_dialog import restricted_products

    products = restricted_products(access.report(config_id))
    assert products and item.text(0) == "Compte" and item.text(2).startswith(products[0])
    assert not item.text(2).endswith("layers")
    assert "Restricted data it opens: " + ", ".join(products) in dialog.details.toPlainText()
    assert "GEOGRAPHICALGRIDSYSTEMS.MAPS" in dialog.details.toPlainText()
    assert BASIC_PASSWORD not in dialog.details.toPlainText()


# --- the rule -----------------------------------------------------------------------------

def remember_nothing(monkeypatch):
    remembered = {}
    monkeypatch.setattr(settings, "authcfg", lambda: remembered.get("authcfg", ""))
    monkeypatch.setattr(settings.AUTHCFG, "set", lambda v, store=None: remembered.__setitem__("authcfg", v))
    return remembered


def never_asked(monkeypatch):
    def fail(dialog):
        raise AssertionError("the user was asked")
    monkeypatch.setattr(key_choice.ChooseKeyDialog, "exec", fail)


def test_one_unlocking_key_is_used_without_a_question(access, gpf, made_keys, monkeypatch):
    remember_nothing(monkeypatch)
    good = key_store.store_basic_key("Bonne", BASIC_USER, BASIC_PASSWORD)
    bad = key_store.store_basic_key("Mauvaise", BASIC_USER, "faux")
    key_tested(access, good)
    key_tested(access, bad)
    never_asked(monkeypatch)
    assert key_choice.key_for_layer("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", "Cartes IGN",
                                    access=access) == good


def test_several_unlocking_keys_ask_once_and_remember(access, gpf, made_keys, monkeypatch):
    remembered = remember_nothing(monkeypatch)
    first = key_store.store_basic_key("Première", BASIC_USER, BASIC_PASSWORD)
    second = key_store.store_basic_key("Seconde", BASIC_USER, BASIC_PASSWORD)
    key_tested(access, first)
    key_tested(access, second)
    offered = []

    def pick_second(dialog):
        offered.append(sorted(dialog.list.item(i).text() for i in range(dialog.list.count())))
        dialog.choose(second)
        dialog._accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(key_choice.ChooseKeyDialog, "exec", pick_second)
    assert key_choice.key_for_layer("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", "Cartes IGN",
                                    access=access) == second
    assert offered == [["Première", "Seconde"]] and remembered["authcfg"] == second
    never_asked(monkeypatch)
    assert key_choice.key_for_layer("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", "Cartes IGN",
                                    access=access) == second


def test_no_key_offers_to_add_one(access, gpf, made_keys, monkeypatch):
    remember_nothing(monkeypatch)
    seen = []

    def look(dialog):
        seen.append((dialog.list.count(), dialog.text.text(), not dialog.add_button.isHidden()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(key_choice.ChooseKeyDialog, "exec", look)
    assert key_choice.key_for_layer("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", "Cartes IGN",
                                    access=access) == ""
    [(count, text, add_shown)] = seen
    assert count == 0 and "cartes.gouv.fr" in text and add_shown


def test_dock_marks_restricted_entries_with_the_keys_that_unlock_them(
        qgis_iface, gpf, made_keys, monkeypatch, tmp_path):
    from bascule_geoplateforme.core.keys.qgis_side import key_access
    from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore
    from bascule_geoplateforme.gui.catalog_dock.catalog_model import KEYS_ROLE
    from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock

    shared = KeyAccess(str(tmp_path / "keys"))
    monkeypatch.setattr(key_access, "_shared", shared)
    config_id = key_store.store_basic_key("Compte SIG", BASIC_USER, BASIC_PASSWORD)
    dock = CatalogDock(qgis_iface, CatalogStore(str(tmp_path / "cache")))
    dock.load(refresh=False)
    scan = dock.catalog.get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    index = dock.model.index_of(scan)
    assert index.data(KEYS_ROLE) == []
    key_tested(shared, config_id)
    QgsApplication.processEvents()
    assert index.data(KEYS_ROLE) == ["Compte SIG"]
    assert "Compte SIG" in index.data(Qt.ItemDataRole.ToolTipRole)
    dock.select_entry(scan)
    assert "Compte SIG" in dock.details.toPlainText()
    # Adding uses that key without a question.
    never_asked(monkeypatch)
    remember_nothing(monkeypatch)
    layer = dock.add_entry(scan)
    assert layer is not None and f"authcfg={config_id}" in layer.source()
    # Saved, the project holds the key's id, never its secret.
    for name in ("dock.qgs", "dock.qgz"):
        data = saved_bytes(QgsProject.instance(), tmp_path / name)
        assert f"authcfg={config_id}".encode() in data and BASIC_PASSWORD.encode() not in data
    QgsProject.instance().removeAllMapLayers()
    dock.close()
    dock.deleteLater()


def test_a_cancelled_test_ends_without_a_report(access, gpf, made_keys):
    gpf.inject("/private/", "delay", seconds=2)
    config_id = key_store.store_basic_key("Compte", BASIC_USER, BASIC_PASSWORD)
    ended = []
    access.tested.connect(lambda key, report: ended.append((key, report)))
    dialog = KeysDialog(access)
    dialog.reload(config_id)
    dialog.test_button.click()
    assert dialog.progress.isVisibleTo(dialog)
    access.test(config_id).cancel()
    assert wait_until(lambda: ended, timeout=30)
    assert ended == [(config_id, None)] and not access.is_testing(config_id)
    assert access.report(config_id) is None and not dialog.progress.isVisibleTo(dialog)
