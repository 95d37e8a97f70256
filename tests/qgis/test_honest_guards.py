"""The guards against a silently broken run: a request that leaves the loopback fails its test,
and under CI=true a skip that hides a missing part of the environment fails. Each is checked by
running pytest on a small probe test in a child process (the verdict is that run's)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROBE = '''
import pytest
from qgis.core import QgsNetworkAccessManager
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest
from qgis_helpers import wait_until


def ask(url):
    reply = QgsNetworkAccessManager.instance().get(QNetworkRequest(QUrl(url)))
    assert wait_until(reply.isFinished, 10)


def test_asks_outside():
    ask("https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")


@pytest.mark.outside_hosts("wxs.ign.fr")
def test_asks_an_expected_old_host():
    ask("https://wxs.ign.fr/essentiels/geoportail/wmts")


def test_stays_home(gpf):
    ask(gpf.base_url + "/wmts?SERVICE=WMTS&REQUEST=GetCapabilities")


def test_no_api_header():
    pytest.skip("this QGIS has no APIHeader auth method (3.24+)")
'''


def run_probe(tmp_name: str, ci: str, tests=None, **environment):
    """Run the probe (or ``tests``, pytest arguments) in a child pytest; its output."""
    probe = HERE / f"test_zz_probe_{os.getpid()}_{tmp_name}.py"  # beside the conftest it needs
    if tests is None:
        probe.write_text(PROBE, encoding="utf-8")
    # Its own QGIS settings folder (pytest-qgis gives one per xdist worker id): sharing this
    # session's would pull the auth database from under it.
    worker = f"probe-{os.getpid()}-{tmp_name}"
    try:
        environment = dict(os.environ, CI=ci, PYTEST_XDIST_WORKER=worker, **environment)
        done = subprocess.run([sys.executable, "-m", "pytest", "--qgis_disable_gui", "-p", "no:cacheprovider",
                               "-q", "-rA"] + (tests or [str(probe)]), cwd=HERE.parents[1], env=environment,
                              capture_output=True, text=True, timeout=300)
    finally:
        probe.unlink(missing_ok=True)
        shutil.rmtree(HERE.parents[1] / ".qgis-settings" / worker, ignore_errors=True)
    return done.stdout + done.stderr


def verdicts(output: str):
    found = {}
    for line in output.splitlines():
        for word in ("PASSED", "FAILED", "ERROR", "SKIPPED"):
            if line.startswith(word + " ") and "::" in line:
                found[line.split("::")[1].split()[0]] = word
    return found


def test_outside_requests_fail_their_test_and_skips_fail_under_ci():
    outside = verdicts(run_probe("a", ci=""))
    assert outside["test_asks_outside"] == "ERROR"  # failed at teardown, with the URL
    assert outside["test_asks_an_expected_old_host"] == "PASSED"
    assert outside["test_stays_home"] == "PASSED"
    from qgis.core import Qgis

    if Qgis.QGIS_VERSION_INT >= 32400:
        ci = run_probe("b", ci="true")
        assert verdicts(ci)["test_no_api_header"] == "FAILED", ci
        assert "CI=true: this test may not skip here" in ci
    else:  # 3.22 has no APIHeader method: its absence is no broken environment
        ci = run_probe("b", ci="true")
        assert "test_no_api_header" not in verdicts(ci) and "1 skipped" in ci, ci


def test_postgresql_that_cannot_start_skips_here_and_fails_under_ci():
    """The stored-project tests' own fixture, on a machine without PostgreSQL's programs."""
    real = [str(HERE / "test_project_storage.py::test_projects_in_postgresql")]
    nowhere = {"BASCULE_TEST_PG_GLOB": "/nonexistent/postgresql/*/bin/initdb"}
    here = run_probe("c", ci="", tests=real, **nowhere)
    assert verdicts(here) == {} and "1 skipped" in here, here  # -rA names a skip by its line
    assert "needs PostgreSQL (Debian package postgresql)" in here
    ci = run_probe("d", ci="true", tests=real, **nowhere)
    assert verdicts(ci) == {"test_projects_in_postgresql": "ERROR"}, ci
    assert "CI=true and needs PostgreSQL (Debian package postgresql)" in ci
