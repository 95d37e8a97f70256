"""Run inside the real QGIS desktop by test_trust.py: what the user sees when a key is refused
and when a certificate is not trusted.

Three phases, each watched every 100 ms for visible dialogs (class and title recorded, then
closed with « reject », as a user would cancel, so nothing can hang on them):
1. the key test of a wrong login/password key against the loopback, which answers 401 with
   ``WWW-Authenticate: Basic`` (the desktop's credential prompt, QgsCredentialDialog, would
   show here if the request went through QGIS's managers);
2. the key test against the HTTPS loopback whose certificate QGIS does not trust;
3. a catalogue refresh of public capabilities from that HTTPS loopback (through QGIS's own
   manager: QGIS's SSL-errors dialog comes first there).
Findings go to BASCULE_E2E_RESULT as JSON.
"""
import os
import tempfile
import time

from qgis.core import QgsApplication, QgsNetworkAccessManager
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog

from driver_support import finish, guarded, record_errors, result

record_errors()
USER = os.environ["BASCULE_E2E_LOGIN"].split(":", 1)[0]
TLS_BASE = os.environ["BASCULE_E2E_TLS"]
seen = []


def watch():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            entry = [widget.metaObject().className(), widget.windowTitle()]
            if entry not in seen:
                seen.append(entry)
            widget.reject()


WATCH = QTimer()
WATCH.timeout.connect(watch)
# QGIS's credential handler path (the desktop's prompt and its session cache of credentials):
# reached → requestRequiresAuth; credentials put in its cache → requestAuthDetailsAdded.
HANDLER = []
NAM = QgsNetworkAccessManager.instance()
NAM.requestRequiresAuth.connect(lambda request_id, realm: HANDLER.append(["required", realm]))
NAM.requestAuthDetailsAdded.connect(lambda *details: HANDLER.append(["added", str(details[1:2])]))


def phase_over(name):
    result[name + "_dialogs"] = list(seen)
    result[name + "_handler"] = list(HANDLER)
    seen.clear()
    HANDLER.clear()


@guarded
def start():
    from bascule_geoplateforme.core.keys.qgis_side import key_store, key_access

    assert QgsApplication.authManager().setMasterPassword("bascule-e2e", True)
    WATCH.start(100)
    result["key"] = key_store.store_basic_key("Mauvaise clé", USER, "pas-le-bon")
    result["cache"] = tempfile.mkdtemp(prefix="bascule-keys-")
    access = key_access.KeyAccess(result["cache"])
    access.test(result["key"])
    wait_key_test(access, "wrong_key", tls_key_test)


def wait_key_test(access, name, then, tries=600):
    @guarded
    def poll(left=tries):
        if access.is_testing(result["key"]) and left:
            QTimer.singleShot(100, lambda: poll(left - 1))
            return
        report = access.report(result["key"])
        result[name] = {s: [a.refusal_kind, a.refusal] for s, a in report.services.items()}
        phase_over(name)
        then()
    poll()


@guarded
def tls_key_test():
    from bascule_geoplateforme.core.keys.qgis_side import key_access

    os.environ["BASCULE_GPF_BASE_URL"] = TLS_BASE
    access = key_access.KeyAccess(result["cache"] + "-tls")
    access.test(result["key"])
    wait_key_test(access, "tls_key", tls_refresh)


@guarded
def tls_refresh():
    from bascule_geoplateforme.core.catalog.qgis_side import catalog_store
    from bascule_geoplateforme.core.platform import endpoints
    from bascule_geoplateforme.core.capabilities.model import WMTS

    task = catalog_store.RefreshTask([catalog_store.Job(WMTS, False, endpoints.capabilities_url(WMTS, False))])
    QgsApplication.taskManager().addTask(task)
    began = time.monotonic()

    @guarded
    def poll(left=900):
        if not task.results and left:
            QTimer.singleShot(100, lambda: poll(left - 1))
            return
        result["tls_refresh"] = [r.error for r in task.results]
        result["tls_refresh_seconds"] = round(time.monotonic() - began, 1)
        phase_over("tls_refresh")
        WATCH.stop()
        finish()
    poll()


QTimer.singleShot(3000, start)
