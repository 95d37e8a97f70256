"""Restricted layers of every service with a key made in « Mes clés Géoplateforme », against the
loopback's /private/ endpoints: what QGIS sends, what renders, what a project keeps; the
server-compatible form; refusals said to the user; the HASH rule on QGIS 3.22."""
from __future__ import annotations

import pytest
from qgis.core import (
    QgsApplication,
    QgsAuthMethodConfig,
    QgsCoordinateReferenceSystem,
    QgsNetworkAccessManager,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt.QtWidgets import QDialog, QMessageBox

from bascule_geoplateforme.core.keys.qgis_side import key_store
from bascule_geoplateforme.core.layers.qgis_side import layer_factory
from bascule_geoplateforme.core.keys.qgis_side.access_watch import AccessWatch
from bascule_geoplateforme.core.capabilities import parse_capabilities
from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.core.layers.layer_options import default_options
from bascule_geoplateforme.gui.keys.keys_dialog import KeyEditDialog
from loopback import API_KEY, BASIC_PASSWORD, BASIC_USER
from qgis_helpers import PARIS_2154, PARIS_3857, painted_pixels, render, saved_bytes, wait_until

HAS_API_HEADER = "APIHeader" in QgsApplication.authManager().authMethodsKeys()
needs_api_header = pytest.mark.skipif(
    not HAS_API_HEADER, reason="this QGIS has no APIHeader auth method (it came with 3.24)")


@pytest.fixture
def catalog():
    QgsNetworkAccessManager.instance().cache().clear()
    return bundled_catalog()


@pytest.fixture
def project():
    project = QgsProject.instance()
    project.clear()
    yield project
    project.clear()


def dialog_key(kind, secret, username=""):
    """A key made as the user makes it: through the dialog."""
    dialog = KeyEditDialog()
    (dialog.hash_choice if kind == key_store.HASH else dialog.basic_choice).setChecked(True)
    dialog.name.setText("Clé de test")
    dialog.username.setText(username)
    dialog.secret.setText(secret)
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    return dialog.config_id


def restricted(catalog, service, name, gpf=None):
    """The catalogue's restricted entry, else the entry of the loopback's private capabilities
    (what a key test lists), else a public entry as its private twin serves it."""
    entry = catalog.get(service, name, restricted=True)
    if entry is None and gpf is not None and service.startswith("wms"):
        path = {"wms-r": "/private/wms-r", "wms-v": "/private/wms-v/ows"}[service]
        document = gpf.document(f"{service}-private")
        entry = next((e for e in parse_capabilities(document, gpf.base_url + path).entries
                      if e.name == name), None)
    if entry is None:
        public = catalog.get(service, name)
        entry = type(public)(**{**public.__dict__, "restricted": True})
    return entry


# (service, layer, box, CRS of the view): one layer of each private service of the loopback.
LAYERS = [
    ("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", PARIS_3857, "EPSG:3857"),
    ("wms-r", "SCAN100_PYR-JPEG_WLD_WM", PARIS_2154, "EPSG:2154"),
    ("wms-v", "departement_wmsv", PARIS_2154, "EPSG:2154"),
    ("wfs", "BDTOPO_V3:batiment", None, "EPSG:2154"),
    ("tms", "PLAN.IGN", PARIS_3857, "EPSG:3857"),
]
# The request that fetches data, per private path.
DATA_REQUESTS = {"wmts": ("/private/wmts", "GetTile"), "wms-r": ("/private/wms-r", "GetMap"),
                 "wms-v": ("/private/wms-v/ows", "GetMap"), "wfs": ("/private/wfs/ows", "GetFeature"),
                 "tms": ("/private/tms/1.0.0/PLAN.IGN/", "")}


def add_every_service(catalog, gpf, config_id, check_header):
    made = []
    for service, name, box, crs in LAYERS:
        entry = restricted(catalog, service, name, gpf)
        options = default_options(entry, catalog, crs)
        options.authcfg = config_id
        layer = layer_factory.create_layer(entry, options, catalog=catalog)
        if box is None:
            assert len(list(layer.getFeatures())) == 12  # every feature of the loopback's WFS
        else:
            assert painted_pixels(render(layer, box, crs=QgsCoordinateReferenceSystem(crs))) > 50, service
        path, request = DATA_REQUESTS[service]
        sent = gpf.requests_to(path, request)
        assert sent and all(r.status == 200 and check_header(r) for r in sent), (service, sent[:1])
        made.append(layer)
    return made


def assert_saved_without(project, made, tmp_path, secret, config_id):
    for layer in made:
        project.addMapLayer(layer)
    for name in ("restricted.qgs", "restricted.qgz"):
        data = saved_bytes(project, tmp_path / name)
        assert data.count(f"authcfg={config_id}".encode()) >= len(made)
        assert secret.encode() not in data


@needs_api_header
def test_hash_key_from_the_dialog_on_every_service(catalog, gpf, made_keys, project, tmp_path, plugin_log):
    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda m, *a: logged.append(m))
    config_id = dialog_key(key_store.HASH, API_KEY)
    made = add_every_service(catalog, gpf, config_id, lambda r: r.headers.get("apikey") == API_KEY)
    caps = gpf.requests_to("/private/wmts", "GetCapabilities")
    assert caps and all(r.headers.get("apikey") == API_KEY for r in caps)
    assert_saved_without(project, made, tmp_path, API_KEY, config_id)
    assert not [m for m in logged if API_KEY in m]


def test_basic_key_from_the_dialog_on_every_service(catalog, gpf, made_keys, project, tmp_path):
    config_id = dialog_key(key_store.BASIC, BASIC_PASSWORD, BASIC_USER)
    made = add_every_service(catalog, gpf, config_id,
                             lambda r: r.headers.get("authorization", "").startswith("Basic "))
    assert_saved_without(project, made, tmp_path, BASIC_PASSWORD, config_id)


@needs_api_header
def test_wrong_hash_key_gives_the_403_message(catalog, gpf, made_keys):
    config_id = dialog_key(key_store.HASH, "cle-fausse")
    entry = restricted(catalog, "wms-r", "SCAN100_PYR-JPEG_WLD_WM")
    options = default_options(entry, catalog, "EPSG:2154")
    options.authcfg = config_id
    with pytest.raises(layer_factory.LayerError) as error:
        layer_factory.create_layer(entry, options)
    assert "Check the key" in str(error.value) and "cle-fausse" not in str(error.value)
    assert {r.status for r in gpf.requests_to("/private/wms-r")} == {403}


# --- refusals said to the user ------------------------------------------------------------

def test_a_refused_key_is_said_once_with_the_layer_and_the_key(catalog, gpf, made_keys, project):
    good = key_store.store_basic_key("Compte SIG", BASIC_USER, BASIC_PASSWORD)
    entry = restricted(catalog, "wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS")
    options = default_options(entry, catalog)
    options.authcfg = good
    layer = layer_factory.create_layer(entry, options)
    project.addMapLayer(layer)
    watch = AccessWatch()
    said = []
    watch.refused.connect(said.append)
    watch.start()
    try:
        gpf.inject("/private/wmts", "status", status=403)
        render(layer, PARIS_3857)
        render(layer, PARIS_3857)
        assert wait_until(lambda: said, timeout=10)
        QgsApplication.processEvents()
        [message] = said  # many refused tiles, one message
        assert "Cartes IGN" in message and "Compte SIG" in message and "403" in message
        assert BASIC_PASSWORD not in message
    finally:
        watch.stop()


# --- the server-compatible form -------------------------------------------------------------

@needs_api_header
def test_key_in_the_address_only_after_the_warning_and_back(catalog, gpf, made_keys, project,
                                                            qgis_iface, monkeypatch, tmp_path):
    from bascule_geoplateforme.gui.keys import server_form_action

    config_id = dialog_key(key_store.HASH, API_KEY)
    entry = restricted(catalog, "wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS")
    options = default_options(entry, catalog)
    options.authcfg = config_id
    layer = layer_factory.create_layer(entry, options)
    project.addMapLayer(layer)
    monkeypatch.setattr(server_form_action, "_selected_restricted", lambda iface: [layer])
    answers = []

    def answer(choice):
        def warn(*args, **kwargs):
            answers.append(args[2])
            return choice
        return warn

    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Cancel))
    assert server_form_action.write_keys_into_urls(qgis_iface) == []
    assert API_KEY not in layer.source() and "clear" in answers[0]
    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Yes))
    assert server_form_action.write_keys_into_urls(qgis_iface) == [layer.name()]
    assert "authcfg=" not in layer.source() and f"apikey%3D{API_KEY}" in layer.source()
    saved = tmp_path / "server.qgs"
    assert project.write(str(saved)) and API_KEY in saved.read_text(encoding="utf-8")
    # The key now travels in the URL, as QGIS Server would send it.
    before = len(gpf.requests_to("/private/wmts", "GetTile"))
    assert layer.isValid() and painted_pixels(render(layer, PARIS_3857)) > 200
    tiles = gpf.requests_to("/private/wmts", "GetTile")[before:]
    assert tiles and all(r.param("APIKEY") == API_KEY and "apikey" not in r.headers for r in tiles)
    # And back: the auth config again, no key in the project.
    assert server_form_action.put_keys_back(qgis_iface) == [layer.name()]
    assert f"authcfg={config_id}" in layer.source() and API_KEY not in layer.source()
    assert project.write(str(saved)) and API_KEY not in saved.read_text(encoding="utf-8")
    assert layer.isValid() and painted_pixels(render(layer, PARIS_3857)) > 200


def test_a_login_password_key_is_not_written_into_an_address(catalog, gpf, made_keys, project):
    from bascule_geoplateforme.core.keys.qgis_side import keyed_layers

    config_id = key_store.store_basic_key("Compte", BASIC_USER, BASIC_PASSWORD)
    entry = restricted(catalog, "wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS")
    options = default_options(entry, catalog)
    options.authcfg = config_id
    layer = layer_factory.create_layer(entry, options)
    source = layer.source()
    changed, [(name, why)] = keyed_layers.write_keys_into_urls([layer], project)
    assert changed == [] and "login/password" in why and layer.source() == source


# --- HASH keys on a QGIS that cannot send them ----------------------------------------------

def test_project_with_an_api_header_layer_opened_here(gpf, auth_manager, made_keys, project,
                                                      qgis_iface, tmp_path, monkeypatch):
    """A project saved on 3.40 with a HASH key, opened on this QGIS: on 3.22 a message names
    the layer, the reason and the ways out; where APIHeader exists, nothing to say."""
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    # 3.22 stores an APIHeader config without error (it only cannot use it).
    config = QgsAuthMethodConfig("APIHeader")
    config.setName("Clé HASH")
    config.setConfig("apikey", API_KEY)
    ok, config = auth_manager.storeAuthenticationConfig(config, False)
    assert ok
    source = (f"IgnoreGetMapUrl=1&authcfg={config.id()}&crs=EPSG:3857&dpiMode=7&format=image/jpeg"
              "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&styles=normal&tileMatrixSet=PM_0_18"
              f"&url={gpf.base_url}/private/wmts?SERVICE%3DWMTS%26VERSION%3D1.0.0%26REQUEST%3DGetCapabilities")
    project.addMapLayer(QgsRasterLayer(source, "SCAN 25 HASH", "wms"))
    path = tmp_path / "hash.qgz"
    assert project.write(str(path))
    project.clear()
    assert project.read(str(path))
    plugin = BasculeGeoplateformePlugin(qgis_iface)
    pushed = []
    monkeypatch.setattr(qgis_iface.messageBar(), "pushMessage",  # undone after the test
                        lambda title, text, *a: pushed.append(text))
    plugin.check_restricted_layers()
    hash_messages = [m for m in pushed if "HASH" in m]
    if HAS_API_HEADER:
        assert hash_messages == []
        [layer] = project.mapLayers().values()
        assert layer.isValid()
    else:
        [message] = hash_messages
        assert "SCAN 25 HASH" in message and "3.24" in message and "login/password" in message
    if plugin.access_watch is not None:
        plugin.access_watch.stop()
