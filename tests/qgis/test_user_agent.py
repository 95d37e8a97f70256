"""Every request the plugin builds names the plugin and its version (core/toolbelt/qgis_side/network.py).

What the loopback server logged is what went on the wire. The version is read here from
metadata.txt, not from the code under test. The plugin's User-Agent reaches the server on the
requests its own manager sends (the keyed ones: the key test, the private listing and
downloads); QGIS's manager puts QGIS's own on the others (see network.user_agent).
"""
from __future__ import annotations

import configparser
from pathlib import Path

from bascule_geoplateforme.core.download.qgis_side.client import FeedListing
from bascule_geoplateforme.core.download.qgis_side.transfer import FileTransfer
from bascule_geoplateforme.core.keys.qgis_side.key_access import KeyAccess
from bascule_geoplateforme.core.toolbelt.qgis_side import network
from qgis_helpers import wait_until

METADATA = Path(__file__).resolve().parents[2] / "metadata.txt"


def plugin_token() -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(METADATA, encoding="utf-8")
    version = parser.get("general", "version")
    assert version and version != "dev"
    return f"BasculeGeoplateforme/{version}"


def agents(requests):
    return {r.headers.get("user-agent", "") for r in requests}


def test_the_key_test_and_the_private_downloads_send_the_plugin_version(gpf, basic_authcfg, tmp_path):
    token = plugin_token()
    # Caller 1: the key test (blocking GETs in a task, network.fetch).
    access = KeyAccess(str(tmp_path / "keys"))
    access.test(basic_authcfg)
    assert wait_until(lambda: not access.is_testing(basic_authcfg), timeout=60)
    tested = [r for r in gpf.requests if r.path.startswith("/private/") and r.status == 200]
    assert len(tested) >= 5, [(r.path, r.status) for r in gpf.requests]
    assert all(agent.startswith(token + " QGIS/") for agent in agents(tested)), agents(tested)
    # Caller 2: the download service's listing (asynchronous, network.send).
    gpf.clear()
    listing = FeedListing(lambda page, size: f"{gpf.base_url}/private/telechargement/capabilities"
                                             f"?page={page}&limit={size}", authcfg=basic_authcfg)
    outcome = []
    listing.finished.connect(lambda ok, message: outcome.append((ok, message)))
    listing.fetch_more(1)
    assert wait_until(lambda: outcome, timeout=60)
    assert outcome == [(True, "")] and listing.entries
    listed = gpf.requests_to("/private/telechargement/capabilities")
    assert listed and agents(listed) == {network.user_agent().decode()}
    assert token in network.user_agent().decode()
    # Caller 3: a download streamed to disk (FileTransfer, network.send with a Range-able body).
    gpf.clear()
    gpf.big_files["scan.7z"] = 20_000
    transfer = FileTransfer(gpf.base_url + "/private/telechargement/download/BENCH/x/scan.7z",
                            str(tmp_path / "scan.7z"), basic_authcfg, size=20_000)
    ended = []
    transfer.finished.connect(lambda ok, message: ended.append((ok, message)))
    transfer.start()
    assert wait_until(lambda: ended, timeout=60)
    assert ended == [(True, "")], ended
    downloaded = gpf.requests_to("/private/telechargement/download/")
    assert downloaded and all(a.startswith(token) for a in agents(downloaded)), agents(downloaded)


def test_qgis_manager_sends_its_own_agent_on_unkeyed_requests(gpf):
    # Built with the plugin's User-Agent, sent by QGIS's manager, which stamps QGIS's own: the
    # limit network.user_agent documents (if QGIS ever kept ours, that docstring is wrong).
    answer = network.fetch(gpf.base_url + "/annexes/ressources/legendes/LEGEND.jpg")
    assert answer.status == 200
    [asked] = gpf.requests_to("/annexes/ressources/legendes/LEGEND.jpg")
    assert "QGIS/" in asked.headers.get("user-agent", "")
    assert network.request(gpf.base_url + "/x").rawHeader(b"User-Agent") == network.user_agent()
