"""A user's key reaches only the Géoplateforme's host (issue 22, item 1).

« Another host » is a second loopback server on 127.0.0.2 (tests/loopback/other_host.py): its
request log must never show a Géoplateforme key — no ``Authorization`` of a stored Basic key, no
``apikey`` header nor ``apikey=`` of a stored HASH key — whatever path the plugin or QGIS
takes there: a redirect of the key test (five services), of the refresh, of a download, of the
listing, of a legend, of a style; a WMTS tile, a legend, a GetFeatureInfo and a WFS
GetFeature whose advertised address is on that host. Basic keys on every version, HASH keys
where QGIS has the APIHeader method (3.24+).
"""
from __future__ import annotations

import pytest
from qgis.core import (QgsApplication, QgsAuthMethodConfig, QgsNetworkAccessManager, QgsPointXY,
                       QgsRasterLayer, QgsRectangle, QgsVectorLayer)

from bascule_geoplateforme.core.keys.qgis_side import key_store, key_guard
from bascule_geoplateforme.core.catalog.qgis_side import catalog_store
from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.toolbelt.qgis_side import network
from bascule_geoplateforme.core.capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from bascule_geoplateforme.core.download.qgis_side.client import FeedListing
from bascule_geoplateforme.core.download.qgis_side.transfer import FileTransfer
from bascule_geoplateforme.core.keys.qgis_side.key_access import KeyAccess
from loopback import API_KEY, BASIC_PASSWORD, BASIC_USER
from loopback.other_host import OtherHost, advertise, redirect
from qgis_helpers import PARIS_3857, render, wait_until

HAS_API_HEADER = "APIHeader" in QgsApplication.authManager().authMethodsKeys()
SERVICES = (WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS)


@pytest.fixture
def other():
    with OtherHost() as server:
        yield server


@pytest.fixture(params=[key_store.BASIC, key_store.HASH])
def key(request, auth_manager, gpf):
    """One of the user's keys, as the plugin stores it: Basic everywhere, HASH on 3.24+."""
    if request.param == key_store.HASH and not HAS_API_HEADER:
        pytest.skip("this QGIS has no APIHeader auth method (3.24+): no HASH key to send")
    config_id = (key_store.store_basic_key("Clé Basic (tests)", BASIC_USER, BASIC_PASSWORD)
                 if request.param == key_store.BASIC else key_store.store_hash_key("Clé HASH (tests)", API_KEY))
    QgsNetworkAccessManager.instance().cache().clear()
    yield config_id
    auth_manager.removeAuthenticationConfig(config_id)


@pytest.fixture
def guard(key):
    """The plugin's request preprocessor, installed as initGui() installs it."""
    guard = key_guard.shared()
    guard.install()
    guard.invalidate()
    yield guard
    guard.remove()


def reached_gpf_with_key(gpf, path):
    return [r for r in gpf.requests_to(path) if r.status == 200]


# --- (a) requests the plugin makes -------------------------------------------------------

def test_key_test_redirected_elsewhere_is_refused_for_each_of_the_five_services(gpf, other, key, tmp_path):
    for service in SERVICES:
        path = endpoints.PRIVATE_SERVICE_PATHS[service]
        redirect(gpf, path, other.base_url + path + "?SERVICE=X&REQUEST=GetCapabilities")
    access = KeyAccess(str(tmp_path / "keys"))
    access.test(key)
    assert wait_until(lambda: not access.is_testing(key), timeout=60)
    report = access.report(key)
    assert sorted(report.services) == sorted(SERVICES)
    for service in SERVICES:
        found = report.services[service]
        assert found.refusal_kind == "redirect" and not found.layers, (service, found)
        assert "127.0.0.2" in found.refusal and "not followed" in found.refusal
    print(f"key test, {WMTS} redirected to another host: {report.services[WMTS].refusal}")
    assert other.logged() == []  # refused: nothing at all went there
    # Each private service asked (a GET may be asked again, see network._exchange), and only them.
    assert {r.path for r in gpf.requests} == {endpoints.PRIVATE_SERVICE_PATHS[s] for s in SERVICES}
    assert all(r.status in (301, 302, 303, 307, 308) for r in gpf.requests)


def test_key_test_redirected_within_the_geoplateforme_keeps_the_key(gpf, other, key, tmp_path):
    redirect(gpf, "/private/wmts", gpf.base_url + "/private/wmts?SERVICE=WMTS&REQUEST=GetCapabilities",
             times=1)
    access = KeyAccess(str(tmp_path / "keys"))
    access.test(key)
    assert wait_until(lambda: not access.is_testing(key), timeout=60)
    assert access.report(key).services[WMTS].layers  # followed, the key re-added on the same host
    assert len(gpf.requests_to("/private/wmts")) == 2


def test_refresh_of_private_capabilities_redirected_elsewhere_is_refused(gpf, other, key):
    redirect(gpf, "/private/wmts", other.base_url + "/private/wmts")
    redirect(gpf, "/wmts", other.base_url + "/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")
    jobs = [catalog_store.Job(WMTS, True, endpoints.capabilities_url(WMTS, True), key),
            catalog_store.Job(WMTS, False, endpoints.capabilities_url(WMTS, False))]
    task = catalog_store.RefreshTask(jobs)
    QgsApplication.taskManager().addTask(task)
    assert wait_until(lambda: len(task.results) == 2, timeout=60)
    private, public = task.results
    assert "not followed" in private.error and private.capabilities is None
    print(f"refresh of the private WMTS redirected to another host: {private.error}")
    # The public document has no key to protect: followed there, parsed.
    assert not public.error and public.capabilities is not None
    assert [r.path for r in other.logged()] == ["/wmts"]
    assert other.credentials_seen() == []


def test_a_redirected_download_is_followed_without_the_key(gpf, other, key, tmp_path):
    other.big_files["scan.7z"] = 50_000
    redirect(gpf, "/private/telechargement/download/",
             other.base_url + "/telechargement/download/BENCH/x/scan.7z")
    transfer = FileTransfer(gpf.base_url + "/private/telechargement/download/SCAN25/x/scan.7z",
                            str(tmp_path / "scan.7z"), key, size=50_000)
    outcome = []
    transfer.finished.connect(lambda ok, message: outcome.append((ok, message)))
    transfer.start()
    assert wait_until(lambda: outcome, timeout=60)
    # FileTransfer leaves the .part file; the job renames it once every check passed.
    assert outcome == [(True, "")] and (tmp_path / "scan.7z.part").stat().st_size == 50_000
    [asked] = gpf.requests_to("/private/telechargement/download/")
    assert asked.headers.get("authorization") or asked.headers.get("apikey")  # the key went to IGN
    assert [r.path for r in other.logged()] == ["/telechargement/download/BENCH/x/scan.7z"]
    assert other.credentials_seen() == []
    print(f"download redirected to another host: followed without the key, {outcome}, "
          f"another host's log: {[(r.path, sorted(r.headers)) for r in other.logged()]}")


def test_a_keyed_listing_redirected_elsewhere_is_refused(gpf, other, key):
    redirect(gpf, "/private/telechargement/", other.base_url + "/private/telechargement/capabilities")
    listing = FeedListing(lambda page, size: f"{gpf.base_url}/private/telechargement/capabilities"
                                             f"?page={page}&limit={size}", authcfg=key)
    outcome = []
    listing.finished.connect(lambda ok, message: outcome.append((ok, message)))
    listing.fetch_more(1)
    assert wait_until(lambda: outcome, timeout=60)
    ok, message = outcome[0]
    assert not ok and "not followed" in message
    print(f"keyed listing redirected to another host: {message}")
    assert other.logged() == []


def test_a_legend_and_a_style_redirected_elsewhere_come_without_the_key(gpf, other, key):
    redirect(gpf, "/private/legend", other.base_url + "/annexes/ressources/legendes/LEGEND.jpg")
    fetcher = network.Fetcher()
    done = []
    fetcher.finished.connect(lambda: done.append(True))
    fetcher.fetch(gpf.base_url + "/private/legend", key)
    assert wait_until(lambda: done, timeout=30)
    assert fetcher.content.startswith(b"\x89PNG") and not fetcher.error
    redirect(gpf, "/private/style", other.base_url
             + "/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json")
    status, body, _, error, _ = catalog_store.fetch(gpf.base_url + "/private/style", key)
    assert (status, error) == (200, "") and body.startswith(b"{")
    assert len(other.logged()) == 2
    assert other.credentials_seen() == []


def test_the_request_builder_adds_the_key_only_on_the_geoplateforme_origin(gpf, other, key):
    def carries(url):
        built = network.request(url, key)
        return built.hasRawHeader(b"Authorization") or built.hasRawHeader(b"apikey")

    assert carries(gpf.base_url + "/private/wmts")
    assert not carries(other.base_url + "/private/wmts")
    assert not carries(gpf.base_url.replace("127.0.0.1", "localhost") + "/private/wmts")
    assert not carries(gpf.base_url.replace("http:", "https:") + "/private/wmts")
    assert not carries("https://data.geopf.fr/private/wmts")  # not the configured base URL
    built = network.request(gpf.base_url + "/wmts")
    assert bytes(built.rawHeader(b"User-Agent")).startswith(b"BasculeGeoplateforme/")


# --- (b) requests QGIS makes for the layers: the request preprocessor --------------------

def wmts_source(base, authcfg, extra="", ignore=False):
    source = (f"authcfg={authcfg}&crs=EPSG:3857&dpiMode=7&format=image/jpeg"
              "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&styles=normal&tileMatrixSet=PM_0_18"
              f"&url={base}/private/wmts?SERVICE%3DWMTS%26VERSION%3D1.0.0%26REQUEST%3DGetCapabilities{extra}")
    return source + ("&IgnoreGetMapUrl=1" if ignore else "")


def wms_source(base, authcfg, path="/private/wms-r", layer="SCAN100_PYR-JPEG_WLD_WM", extra=""):
    return (f"authcfg={authcfg}&contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&format=image/png"
            f"&layers={layer}&styles=&url={base}{path}?t={extra}")


def test_a_wmts_tile_advertised_on_another_host_gets_no_key(gpf, other, key, guard):
    advertise(gpf, other, "wmts-private")
    layer = QgsRasterLayer(wmts_source(gpf.base_url, key), "scan", "wms")
    assert layer.isValid(), layer.error().summary()
    render(layer, PARIS_3857)
    tiles = [r for r in other.logged() if r.param("REQUEST") == "GetTile"]
    assert tiles, "QGIS asked no tile of the advertised address"
    assert other.credentials_seen() == []
    print(f"WMTS advertised on another host ({key_store.method_of(key)}): {len(tiles)} GetTile, "
          f"credentials seen: {other.credentials_seen()}")
    # The same layer without the guard: QGIS hands the key to the advertised host (why the
    # guard exists, and proof that this test can fail).
    guard.remove()
    other.clear()
    bare = QgsRasterLayer(wmts_source(gpf.base_url, key, "&t=bare"), "scan", "wms")
    render(bare, PARIS_3857)
    assert other.credentials_seen()


def test_plugin_layers_send_tiles_to_the_private_endpoint_with_the_key(gpf, other, key, guard):
    """IgnoreGetMapUrl=1 (the plugin's keyed WMTS/WMS form): tiles stay on the Géoplateforme,
    keyed, and the guard does not get in the way."""
    advertise(gpf, other, "wmts-private")
    layer = QgsRasterLayer(wmts_source(gpf.base_url, key, ignore=True), "scan", "wms")
    assert layer.isValid(), layer.error().summary()
    render(layer, PARIS_3857)
    tiles = gpf.requests_to("/private/wmts", "GetTile")
    assert tiles and {r.status for r in tiles} == {200}
    assert other.logged() == []


def test_a_tile_redirected_elsewhere_by_the_geoplateforme_gets_no_key(gpf, other, key, guard):
    layer = QgsRasterLayer(wmts_source(gpf.base_url, key, ignore=True), "scan", "wms")
    assert layer.isValid(), layer.error().summary()
    redirect(gpf, "/private/wmts", other.base_url + "/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=X"
             "&TILEMATRIXSET=PM&TILEMATRIX=1&TILEROW=0&TILECOL=0")
    render(layer, PARIS_3857)
    assert gpf.requests_to("/private/wmts", "GetTile")
    assert other.logged(), "the redirect was not followed at all"
    assert other.credentials_seen() == []


def test_legend_getmap_and_getfeatureinfo_advertised_elsewhere_get_no_key(gpf, other, key, guard):
    from qgis.core import QgsMapSettings, QgsRaster
    from qgis.PyQt.QtCore import QSize

    advertise(gpf, other, "wms-r-private")
    layer = QgsRasterLayer(wms_source(gpf.base_url, key), "scan100", "wms")
    assert layer.isValid(), layer.error().summary()
    provider = layer.dataProvider()
    settings = QgsMapSettings()
    settings.setExtent(QgsRectangle(*PARIS_3857))
    settings.setOutputSize(QSize(256, 256))
    fetcher = provider.getLegendGraphicFetcher(settings)
    legend = []
    fetcher.finish.connect(lambda image: legend.append(image))
    fetcher.error.connect(lambda message: legend.append(message))
    fetcher.start()
    assert wait_until(lambda: legend, timeout=30)
    render(layer, PARIS_3857)
    extent = QgsRectangle(*PARIS_3857)
    provider.identify(QgsPointXY(extent.center()), QgsRaster.IdentifyFormat.IdentifyFormatText,
                      extent, 256, 256)
    asked = {r.param("REQUEST") for r in other.logged()}
    assert {"GetLegendGraphic", "GetMap", "GetFeatureInfo"} <= asked, asked
    assert other.credentials_seen() == []
    print(f"WMS advertised on another host: it was asked {sorted(asked)} in "
          f"{len(other.logged())} request(s), credentials seen: {other.credentials_seen()}")
    # Without the guard QGIS hands the key to that host (the test can fail).
    guard.remove()
    other.clear()
    bare = QgsRasterLayer(wms_source(gpf.base_url, key, extra="bare"), "scan100", "wms")
    bare.dataProvider().identify(QgsPointXY(extent.center()),
                                 QgsRaster.IdentifyFormat.IdentifyFormatText, extent, 256, 256)
    assert "GetFeatureInfo" in {r.param("REQUEST") for r in other.logged()}
    assert other.credentials_seen()


def test_wfs_getfeature_advertised_elsewhere_gets_no_key(gpf, other, key, guard):
    advertise(gpf, other, "wfs-private")
    typename = "monde_gpkg_26-05-2025_wfs:pays"
    query = f"?apikey={API_KEY}" if key_store.method_of(key) == "APIHeader" else ""
    layer = QgsVectorLayer(f"authcfg={key} pagingEnabled='true' srsname='EPSG:4326' "
                           f"typename='{typename}' url='{gpf.base_url}/private/wfs/ows{query}' "
                           "version='2.0.0'", "pays", "WFS")
    list(layer.getFeatures())
    asked = {r.param("REQUEST") for r in other.logged()}
    assert {"GetFeature", "DescribeFeatureType"} <= asked, asked
    assert other.credentials_seen() == []
    print(f"WFS advertised on another host ({key_store.method_of(key)}): it was asked "
          f"{sorted(asked)} in {len(other.logged())} request(s), credentials seen: "
          f"{other.credentials_seen()}")
    # Without the guard QGIS's WFS provider hands the key to that host (the test can fail).
    guard.remove()
    other.clear()
    bare = QgsVectorLayer(f"authcfg={key} pagingEnabled='true' srsname='EPSG:4326' "
                          f"typename='{typename}' url='{gpf.base_url}/private/wfs/ows{query or '?'}"
                          f"{'&' if query else ''}t=bare' version='2.0.0'", "pays", "WFS")
    list(bare.getFeatures())
    assert other.credentials_seen()


def test_a_users_own_basic_config_still_reaches_its_server(gpf, other, key, guard, auth_manager):
    config = QgsAuthMethodConfig("Basic")
    config.setName("Mon serveur WMS")
    config.setUri(other.base_url)
    config.setConfig("username", "moi")
    config.setConfig("password", "secret-a-moi")
    ok, config = auth_manager.storeAuthenticationConfig(config, False)
    assert ok
    try:
        layer = QgsRasterLayer(wms_source(other.base_url, config.id(), "/wms-r/wms",
                                          "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"), "mon wms", "wms")
        assert layer.isValid(), layer.error().summary()
        render(layer, PARIS_3857)
        import base64

        mine = "Basic " + base64.b64encode(b"moi:secret-a-moi").decode()
        logged = other.logged()
        assert logged and all(r.headers.get("authorization") == mine for r in logged)
    finally:
        auth_manager.removeAuthenticationConfig(config.id())


def test_keyed_geoplateforme_requests_get_manual_redirects(gpf, key, guard):
    from qgis.PyQt.QtNetwork import QNetworkRequest

    keyed = network.request(gpf.base_url + "/private/wmts", key)
    keyed.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                       QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
    guard.preprocess(keyed)
    assert keyed.attribute(QNetworkRequest.Attribute.RedirectPolicyAttribute) == \
        QNetworkRequest.RedirectPolicy.ManualRedirectPolicy
    public = network.request(gpf.base_url + "/wmts")
    public.setAttribute(QNetworkRequest.Attribute.RedirectPolicyAttribute,
                        QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy)
    guard.preprocess(public)  # no key: left as it was
    assert public.attribute(QNetworkRequest.Attribute.RedirectPolicyAttribute) == \
        QNetworkRequest.RedirectPolicy.NoLessSafeRedirectPolicy


def test_the_plugin_installs_the_guard_at_start_and_removes_it_at_unload(gpf, other, key, qgis_iface):
    from bascule_geoplateforme.plugin import BasculeGeoplateformePlugin

    def sent_to_other_host():
        request = network.request(gpf.base_url + "/private/wmts", key)  # keyed, as a provider does
        request.setUrl(network.QUrl(other.base_url + "/wmts"))  # then sent elsewhere
        QgsNetworkAccessManager.instance().preprocessRequest(request)
        return request.hasRawHeader(b"Authorization") or request.hasRawHeader(b"apikey")

    key_guard.shared().invalidate()
    plugin = BasculeGeoplateformePlugin(qgis_iface)
    plugin.initGui()
    try:
        assert key_guard.shared().installed
        assert not sent_to_other_host()
    finally:
        plugin.unload()
    assert not key_guard.shared().installed
    assert sent_to_other_host()  # nothing of the plugin's left in QGIS's request path


def test_a_key_added_or_changed_while_qgis_runs_is_guarded_at_once(gpf, other, auth_manager):
    """The guard reads the keys' secrets once, and QGIS signals no new or changed auth config
    (``authDatabaseChanged`` only follows a master-password reset): a key the user adds, or
    whose password they change, after the secrets were read is guarded from its first request
    (header, and for a HASH key the ``apikey=`` of an address), with no ``invalidate()``."""
    from qgis.PyQt.QtNetwork import QNetworkRequest

    guard = key_guard.shared()
    guard.install()
    guard.invalidate()

    def sent_elsewhere(config_id, query=""):
        request = network.request(gpf.base_url + "/private/wmts", config_id)  # keyed, as a provider does
        assert request.hasRawHeader(b"Authorization") or request.hasRawHeader(b"apikey")
        request.setUrl(network.QUrl(other.base_url + "/wmts" + query))  # then sent elsewhere
        guard.preprocess(request)
        return (request.hasRawHeader(b"Authorization") or request.hasRawHeader(b"apikey")
                or "apikey" in request.url().query().lower())

    made = []
    try:
        guard.preprocess(QNetworkRequest(network.QUrl(other.base_url)))  # secrets read: no key yet
        made.append(key_store.store_basic_key("Clé ajoutée ensuite", BASIC_USER, BASIC_PASSWORD))
        assert not sent_elsewhere(made[-1])
        key_store.update_key(made[-1], "Clé ajoutée ensuite", "nouveau-mot-de-passe")
        assert not sent_elsewhere(made[-1])  # the new password's Authorization is known too
        if HAS_API_HEADER:
            made.append(key_store.store_hash_key("Clé HASH ajoutée ensuite", "HASHAJOUTEE0123"))
            assert not sent_elsewhere(made[-1], "?SERVICE=WMTS&apikey=HASHAJOUTEE0123&REQUEST=GetTile")
    finally:
        guard.remove()
        for config_id in made:
            auth_manager.removeAuthenticationConfig(config_id)


def test_the_users_own_credential_is_compared_again_only_now_and_then(gpf, other, key, guard, auth_manager):
    """A credential that is not a key (the user's own server's) costs one reading of the keys,
    then is known as foreign: the keys are not read again for each of its tiles."""
    import base64

    from qgis.PyQt.QtNetwork import QNetworkRequest

    reads = []
    original = key_guard._read_secrets
    key_guard._read_secrets = lambda: reads.append(1) or original()
    try:
        guard.preprocess(QNetworkRequest(network.QUrl(other.base_url)))
        before = len(reads)
        mine = b"Basic " + base64.b64encode(b"moi:mon-serveur-a-moi")
        for _ in range(50):
            request = QNetworkRequest(network.QUrl(other.base_url + "/wms-r/wms?REQUEST=GetMap"))
            request.setRawHeader(b"Authorization", mine)
            guard.preprocess(request)
            assert bytes(request.rawHeader(b"Authorization")) == mine  # left alone
        assert len(reads) - before == 1
    finally:
        key_guard._read_secrets = original
