"""A certificate QGIS does not trust, said in words (issue 22, item 6).

The loopback Géoplateforme over HTTPS with a self-signed certificate (tests/loopback/tls.py):
the key test, the catalogue refresh, a download and a layer each report the certificate
problem with IGN's own advice (install data.geopf.fr's CA, Certigna: qgis/QGIS#57592) — and
none of them leaves a request hanging.
"""
from __future__ import annotations

import pytest
from qgis.core import QgsNetworkAccessManager, QgsProject, QgsRasterLayer

from bascule_geoplateforme.core.keys.qgis_side import access_watch, key_store
from bascule_geoplateforme.core.catalog.qgis_side import catalog_store
from bascule_geoplateforme.core.platform import endpoints
from bascule_geoplateforme.core.capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from bascule_geoplateforme.core.download.qgis_side.transfer import FileTransfer
from bascule_geoplateforme.core.keys.qgis_side.key_access import KeyAccess
from loopback import BASIC_PASSWORD, BASIC_USER
from loopback.tls import TlsGeoplateforme
from qgis_helpers import wait_until

SERVICES = (WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS)


def says_certificate(message: str) -> bool:
    return "certificate not trusted" in message and "Certigna" in message


@pytest.fixture
def tls(tmp_path_factory, monkeypatch):
    with TlsGeoplateforme(tmp_path_factory.mktemp("tls")) as server:
        monkeypatch.setenv("BASCULE_GPF_BASE_URL", server.base_url)
        QgsNetworkAccessManager.instance().cache().clear()
        yield server


@pytest.fixture
def tls_key(tls, auth_manager):
    config_id = key_store.store_basic_key("Clé (HTTPS)", BASIC_USER, BASIC_PASSWORD)
    yield config_id
    auth_manager.removeAuthenticationConfig(config_id)


def test_the_key_test_reports_the_certificate_for_each_service(tls, tls_key, tmp_path):
    access = KeyAccess(str(tmp_path / "keys"))
    access.test(tls_key)
    assert wait_until(lambda: not access.is_testing(tls_key), timeout=60)
    report = access.report(tls_key)
    assert {s: a.refusal_kind for s, a in report.services.items()} == {s: "ssl" for s in SERVICES}
    assert all(says_certificate(a.refusal) for a in report.services.values())
    print(f"key test over an untrusted certificate: {report.services[WMTS].refusal}")
    assert tls.requests == [] and tls.handshakes_refused >= 5  # nothing was sent over it


def test_the_refresh_reports_the_certificate(tls, tls_key):
    jobs = [catalog_store.Job(WMTS, False, endpoints.capabilities_url(WMTS, False)),
            catalog_store.Job(WMTS, True, endpoints.capabilities_url(WMTS, True), tls_key)]
    task = catalog_store.RefreshTask(jobs)
    from qgis.core import QgsApplication

    QgsApplication.taskManager().addTask(task)
    assert wait_until(lambda: len(task.results) == 2, timeout=60)
    for result in task.results:
        assert result.capabilities is None and says_certificate(result.error), result.error
    print(f"refresh over an untrusted certificate: {task.results[0].error}")
    assert tls.requests == []


def test_a_download_reports_the_certificate_at_once(tls, tmp_path):
    transfer = FileTransfer(tls.base_url + "/telechargement/download/BENCH/x/f.7z",
                            str(tmp_path / "f.7z"), size=1000)
    outcome = []
    transfer.finished.connect(lambda ok, message: outcome.append((ok, message)))
    transfer.start()
    assert wait_until(lambda: outcome, timeout=60)
    [(ok, message)] = outcome
    assert not ok and says_certificate(message), message
    print(f"download over an untrusted certificate: {message}")
    assert transfer.resumes == 0 and not (tmp_path / "f.7z.part").exists()


def test_a_restricted_layer_reports_the_certificate(tls, tls_key):
    watch = access_watch.AccessWatch()
    said = []
    watch.refused.connect(said.append)
    watch.start()
    try:
        source = (f"IgnoreGetMapUrl=1&authcfg={tls_key}&crs=EPSG:3857&dpiMode=7&format=image/jpeg"
                  "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&styles=normal&tileMatrixSet=PM_0_18"
                  f"&url={tls.base_url}/private/wmts?SERVICE%3DWMTS%26VERSION%3D1.0.0%26REQUEST%3DGetCapabilities")
        layer = QgsRasterLayer(source, "SCAN 25", "wms")
        QgsProject.instance().addMapLayer(layer)
        assert wait_until(lambda: said, timeout=30)
        assert not layer.isValid()
        assert len(said) == 1 and says_certificate(said[0]), said
        print(f"restricted layer over an untrusted certificate: {said[0]}")
    finally:
        watch.stop()
        QgsProject.instance().removeAllMapLayers()


def test_a_server_exception_saved_in_qgis_lets_the_key_test_through(tls, tls_key, auth_manager, tmp_path):
    """The user told QGIS to trust this server (Settings › Authentication › SSL server
    exceptions, or « Save » in QGIS's SSL dialog): the plugin's own manager honours it."""
    from qgis.core import QgsAuthCertUtils, QgsAuthConfigSslServer
    from qgis.PyQt.QtNetwork import QSslCertificate, QSslError

    [certificate] = QSslCertificate.fromPath(str(tls.cert))
    exception = QgsAuthConfigSslServer()
    exception.setSslCertificate(certificate)
    exception.setSslHostPort(f"127.0.0.1:{tls.port}")
    exception.setSslIgnoredErrorEnums([QSslError.SslError.SelfSignedCertificate])
    assert auth_manager.storeSslCertCustomConfig(exception)
    try:
        access = KeyAccess(str(tmp_path / "keys"))
        access.test(tls_key)
        assert wait_until(lambda: not access.is_testing(tls_key), timeout=60)
        report = access.report(tls_key)
        assert report.services[WMTS].layers and not report.refusals, report.refusals
    finally:
        auth_manager.removeSslCertCustomConfig(QgsAuthCertUtils.shaHexForCert(certificate),
                                               f"127.0.0.1:{tls.port}")
    assert auth_manager.sslCertCustomConfigByHost(f"127.0.0.1:{tls.port}").isNull()
