"""The real QGIS desktop: no credential prompt during a wrong key's test, and which dialog a
certificate QGIS does not trust brings first (issues 22 item 6, 24 item 5)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # pytest's importlib mode adds no folder
from test_desktop import BUILD, ROOT, run_desktop  # noqa: E402 - the e2e launcher, shared

pytestmark = pytest.mark.skipif(
    not (shutil.which("qgis") and shutil.which("Xvfb")),
    reason="needs the QGIS desktop (package qgis) and Xvfb (package xvfb)")


def test_key_refusals_and_untrusted_certificates_in_qgis_desktop(tmp_path):
    from loopback import BASIC_USER, LoopbackGeoplateforme
    from loopback.tls import TlsGeoplateforme

    BUILD.mkdir(parents=True, exist_ok=True)
    with LoopbackGeoplateforme() as server, TlsGeoplateforme(tmp_path) as tls:
        env = {"BASCULE_GPF_BASE_URL": server.base_url, "BASCULE_E2E_TLS": tls.base_url,
               "BASCULE_E2E_LOGIN": f"{BASIC_USER}:x"}
        result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_trust.py",
                                        BUILD / "e2e-trust.png", env=env, locale="fr")
    assert result["errors"] == [], "\n".join(result["errors"])
    # 1. A wrong login/password: refused by the plugin on each of the five services, in French,
    # and no dialog at all (QGIS's credential prompt never opened).
    assert {kind for kind, _ in result["wrong_key"].values()} == {"wrong_key"}
    assert len(result["wrong_key"]) == 5
    assert all("la clé a été refusée" in message for _, message in result["wrong_key"].values())
    assert result["wrong_key_dialogs"] == [] and result["wrong_key_handler"] == []
    assert len([r for r in server.requests if r.status == 401]) == 5
    # 2. The key test over an untrusted certificate: said in words, no dialog.
    assert {kind for kind, _ in result["tls_key"].values()} == {"ssl"}
    assert all("Certigna" in message for _, message in result["tls_key"].values())
    assert result["tls_key_dialogs"] == [] and result["tls_key_handler"] == []
    # 3. A refresh through QGIS's own manager: QGIS's SSL-errors dialog comes first (recorded
    # here), cancelled, and the refresh ends at once with the plugin's words.
    print("first dialog of an untrusted certificate:", result["tls_refresh_dialogs"])
    assert result["tls_refresh_dialogs"], "QGIS showed no dialog for the certificate"
    [error] = result["tls_refresh"]
    assert "Certigna" in error, error
    assert result["tls_refresh_seconds"] < 30
