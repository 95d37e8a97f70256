"""Saved connections of a QGIS profile: listed with what each becomes, migrated (names, other
settings and auth config kept), undone; the change survives a restart of QGIS (a fresh QGIS
process on the same profile) in the layout of the running version, and the migrated
connections fetch their capabilities from the loopback."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import Qgis, QgsSettings

from bascule_geoplateforme.core.migration import connection_files
from bascule_geoplateforme.core.migration.qgis_side import saved_connections

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "tests" / "data" / "real-world" / "settings"
PROFILE_INI = SETTINGS / "guts-qdt_a8a7c98__QGIS3.ini"  # a real pre-3.30 deployment profile
PROBE = Path(__file__).with_name("connection_probe.py")
WFS_EXPORT = SETTINGS / "thomasg77_2f7e86c__cles-ign-choisirgeoportail-choisirinspire-wfs.xml"
NEW_LAYOUT = Qgis.QGIS_VERSION_INT >= 33000


def qgis_run(action, profiles, tmp_path):
    """A fresh QGIS process on the profile: start, ACTION, clean exit."""
    result = tmp_path / f"{action}.json"
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profiles), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(PROBE), action, str(ROOT), str(result),
                           str(WFS_EXPORT)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(result.read_text(encoding="utf-8"))


QUIT_DRIVER = """
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
QTimer.singleShot(1000, QApplication.instance().quit)
"""


def desktop_start(profiles, tmp_path):
    """The QGIS desktop started and closed on the profile (under Xvfb): what moves a
    pre-3.30 profile into the 3.30 tree and writes the backward-compatibility keys back."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from run_qgis import start_xvfb

    driver = tmp_path / "quit.py"
    driver.write_text(QUIT_DRIVER, encoding="utf-8")
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    xvfb = start_xvfb(env)
    assert xvfb is not None, "Xvfb did not start"
    try:
        done = subprocess.run(["qgis", "--profiles-path", str(profiles), "--profile", "default",
                               "--nologo", "--noversioncheck", "--code", str(driver)],
                              env=env, capture_output=True, text=True, timeout=300)
    finally:
        xvfb.kill()
        xvfb.wait()
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not (shutil.which("qgis") and shutil.which("Xvfb")),
                    reason="needs the QGIS desktop and Xvfb (packages qgis, xvfb)")
def test_migrated_connections_survive_a_restart(gpf, tmp_path):
    profiles = tmp_path / "profiles"
    ini = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    shutil.copyfile(PROFILE_INI, ini)

    desktop_start(profiles, tmp_path)
    first = qgis_run("start", profiles, tmp_path)
    before = first["connections"]
    assert len(before) > 40 and any("wxs.ign.fr" in c["url"] for c in before.values())
    if NEW_LAYOUT:  # QGIS itself moved the real 3.2x profile into the 3.30 tree
        assert any(k.startswith("connections/ows/items/wms/connections/items/")
                   for k in first["keys"])

    migrated = qgis_run("migrate", profiles, tmp_path)
    expected = {f"{kind}/{name}": new for kind, name, old, new, status in migrated["listed"]}
    assert migrated["written"] and not any("wxs.ign.fr" in url for url in expected.values())

    desktop_start(profiles, tmp_path)  # a restart: QGIS's own start-up and exit passes
    after = qgis_run("check", profiles, tmp_path)
    # Names kept, none lost, none added (but the two WFS connections QGIS imported).
    wfs = {f"WFS/{name}" for name in ("WFS clé choisirgeoportail", "WFS clé choisirinspire")}
    assert set(after["connections"]) == set(before) | wfs
    assert set(after["all"]) == set(migrated["all"])
    for key, url in after["all"].items():  # XYZ and vector tiles too
        assert "wxs.ign.fr" not in url and url == expected[key], key
    for key, connection in after["connections"].items():
        service, name = key.split("/", 1)
        assert connection["url"] == expected[f"{service.lower()}/{name}"], key
        assert "wxs.ign.fr" not in connection["url"], key
    [auth_key] = [k for k in after["connections"] if "WMTS \"Cartes\"" in k]
    assert after["connections"][auth_key]["authcfg"] == "abc1234"
    fetched = after["capabilities"]
    assert fetched and all(fetched.values()), {k: v for k, v in fetched.items() if not v}
    assert wfs <= set(fetched)  # WFS, WMS and WMTS capabilities from the loopback
    assert any("/wmts" in after["connections"][k]["url"] for k in fetched)
    assert any("/wms-r/" in after["connections"][k]["url"] for k in fetched)
    text = ini.read_text(encoding="utf-8", errors="surrogateescape")
    url_lines = [line for line in text.splitlines() if line.split("=", 1)[0].endswith("\\url")]
    # Neither layout keeps the old address: no start-up can bring it back.
    assert url_lines and not any("wxs.ign.fr" in line for line in url_lines)


@pytest.fixture
def profile_settings():
    settings = QgsSettings()
    groups = [g for kind in saved_connections.KINDS.values() for g in kind[:2]]
    yield settings
    for group in groups:
        settings.remove(group)
    settings.remove("qgis/WMS")
    settings.remove(saved_connections.UNDO_KEY)


def _put(settings, kind, name, url, **others):
    old, new, _ = saved_connections.KINDS[kind]
    for group in ([new, old] if NEW_LAYOUT else [old]):
        settings.setValue(f"{group}/{name}/url", url)
        for key, value in others.items():
            settings.setValue(f"{group}/{name}/{key}", value)


def test_list_migrate_and_undo(profile_settings, monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    s = profile_settings
    _put(s, "wms", "Géoportail WMTS", "https://wxs.ign.fr/cartes/geoportail/wmts?SERVICE=WMTS&"
         "REQUEST=GetCapabilities", dpiMode="7")
    _put(s, "wfs", "Géoportail WFS", "https://wxs.ign.fr/essentiels/geoportail/wfs", version="auto")
    _put(s, "xyz", "Ortho", "https://wxs.ign.fr/essentiels/geoportail/wmts?layer=ORTHOIMAGERY."
         "ORTHOPHOTOS&style=normal&tilematrixset=PM&Service=WMTS&Request=GetTile&Version=1.0.0&"
         "Format=image%2Fjpeg&TileMatrix={z}&TileCol={x}&TileRow={y}", zmax="19")
    _put(s, "vectortile", "Plan", "https://wxs.ign.fr/essentiels/geoportail/tms/1.0.0/PLAN.IGN/"
         "{z}/{x}/{y}.pbf")
    _put(s, "wms", "OSM", "https://ows.example.org/wms")
    listed = {(c.kind, c.name): c for c in saved_connections.list_connections()}
    assert set(listed) == {("wms", "Géoportail WMTS"), ("wfs", "Géoportail WFS"),
                           ("xyz", "Ortho"), ("vectortile", "Plan"), ("wms", "OSM")}
    assert listed[("wms", "OSM")].status == "unchanged"
    assert listed[("wms", "Géoportail WMTS")].new_url.startswith("https://data.geopf.fr/wmts?")
    written = saved_connections.migrate(list(listed.values()))
    assert {c.name for c in written} == {"Géoportail WMTS", "Géoportail WFS", "Ortho", "Plan"}
    again = {(c.kind, c.name): c for c in saved_connections.list_connections()}
    assert all("wxs.ign.fr" not in c.url for c in again.values())
    old, new, _ = saved_connections.KINDS["wms"]
    group = new if NEW_LAYOUT else old
    assert s.value(f"{group}/Géoportail WMTS/dpiMode") == "7"  # other settings kept
    assert saved_connections.can_undo()
    saved_connections.undo()
    restored = {(c.kind, c.name): c.url for c in saved_connections.list_connections()}
    assert restored == {k: c.url for k, c in listed.items()}
    assert not saved_connections.can_undo()


def test_a_hash_key_in_a_connection(profile_settings, made_keys, monkeypatch):
    """≥ 3.24: the key moves into an APIHeader auth config, the URL loses it; 3.22: the
    connection is reported and left as it is."""
    from bascule_geoplateforme.core.keys.qgis_side import key_store

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    url = ("https://data.geopf.fr/private/wmts?apikey=CLEHASHSECRETE123&SERVICE=WMTS&"
           "REQUEST=GetCapabilities")
    _put(profile_settings, "wms", "Privé", url)
    [item] = saved_connections.list_connections()
    assert item.hash_key == "CLEHASHSECRETE123" and item.changes
    written = saved_connections.migrate([item])
    [after] = saved_connections.list_connections()
    if not key_store.hash_keys_supported():
        assert written == [] and item.notes == ["hash_unsupported"] and after.url == url
        return
    assert written and "apikey" not in after.url and "CLEHASHSECRETE123" not in after.url
    assert after.authcfg and key_store.method_of(after.authcfg) == "APIHeader"
    assert key_store.hash_secret(after.authcfg) == "CLEHASHSECRETE123"
    assert "CLEHASHSECRETE123" not in str(profile_settings.value(saved_connections.UNDO_KEY))
    saved_connections.undo()  # the key comes back from the auth config, as it was
    assert saved_connections.list_connections()[0].url == url


def test_a_hash_key_in_a_connection_header(profile_settings, made_keys, monkeypatch):
    """The apikey header of a connection (3.24-3.28 keys, the 3.30 header map): into an
    auth config (the same one when the user already has that key), the header removed."""
    from bascule_geoplateforme.core.keys.qgis_side import key_store

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    url = "https://data.geopf.fr/private/wmts?SERVICE=WMTS&REQUEST=GetCapabilities"
    old, new, _ = saved_connections.KINDS["wms"]
    _put(profile_settings, "wms", "Privé", url)
    profile_settings.setValue(f"{old}/Privé/http-header/apikey", "CLEDANSENTETE456")
    if NEW_LAYOUT:
        profile_settings.setValue(f"{new}/Privé/http-header", {"apikey": "CLEDANSENTETE456",
                                                               "referer": "https://ici.fr"})
    [item] = saved_connections.list_connections()
    assert item.hash_key == "CLEDANSENTETE456" and item.changes
    if not key_store.hash_keys_supported():
        assert saved_connections.migrate([item]) == [] and item.notes == ["hash_unsupported"]
        return
    existing = key_store.store_hash_key("Ma clé", "CLEDANSENTETE456")
    assert saved_connections.migrate([item])
    [after] = saved_connections.list_connections()
    assert after.authcfg == existing and after.header_key == "" and after.url == url
    if NEW_LAYOUT:
        assert profile_settings.value(f"{new}/Privé/http-header") == {"referer": "https://ici.fr"}
    assert "CLEDANSENTETE456" not in str(profile_settings.value(saved_connections.UNDO_KEY))


def test_offer_the_geoplateforme_once(profile_settings):
    settings = profile_settings
    settings.remove(saved_connections.OFFERED_KEY)
    _put(settings, "xyz", "OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert saved_connections.should_offer()  # QGIS's default XYZ connection does not count
    added = saved_connections.add_geoplateforme_connections()
    assert len(added) == 4 and not saved_connections.should_offer()
    settings.remove(saved_connections.OFFERED_KEY)
    assert not saved_connections.should_offer()  # it has Géoplateforme connections now
    assert saved_connections.add_geoplateforme_connections() == []  # names already used
    settings.remove(saved_connections.OFFERED_KEY)


def test_export_files_are_migrated_to_files_qgis_imports(tmp_path, profile_settings, monkeypatch):
    """QGIS's own import (the Manage connections dialog) reads the migrated export."""
    from qgis.gui import QgsManageConnectionsDialog

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    source = SETTINGS / "thomasg77_ce713d6__cles-ign-pratique-choisirgeoportail-choisirinspire-wmts-wms.xml"
    output = tmp_path / "connexions.xml"
    result = connection_files.migrate_export(str(source), str(output))
    assert len(result.changed) == 5
    text, original = output.read_text(encoding="utf-8"), source.read_text(encoding="utf-8")
    assert "wxs.ign.fr" not in text and text.startswith("<!DOCTYPE connections>")
    assert len(text.splitlines()) == len(original.splitlines())
    dialog = QgsManageConnectionsDialog(None, QgsManageConnectionsDialog.Mode.Import,
                                        QgsManageConnectionsDialog.Type.WMS, str(output))
    dialog.selectAll()
    dialog.doExportImport()
    imported = {c.name: c.url for c in saved_connections.list_connections() if c.kind == "wms"}
    assert imported == {c.name: c.new_url for c in result.connections}


def test_a_deployment_ini_is_migrated_to_a_file_qsettings_reads(tmp_path, monkeypatch):
    from qgis.PyQt.QtCore import QSettings

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    output = tmp_path / "QGIS3.ini"
    result = connection_files.migrate_ini(str(PROFILE_INI), str(output))
    assert len(result.changed) >= 40
    read = QSettings(str(output), QSettings.Format.IniFormat)
    original = QSettings(str(PROFILE_INI), QSettings.Format.IniFormat)
    keys = [k for k in original.allKeys() if k.endswith("/url") and "connections-" in k]
    assert len(keys) == len(result.connections)
    new_urls = {c.url: c.new_url for c in result.connections}
    for key in keys:
        assert read.value(key) == new_urls[original.value(key)], key
    others = [k for k in original.allKeys() if k not in keys]
    assert all(read.value(k) == original.value(k) for k in others)


def _legacy_profile(settings):
    _put(settings, "wms", "Géoportail WMTS", "https://wxs.ign.fr/cartes/geoportail/wmts?"
         "SERVICE=WMTS&REQUEST=GetCapabilities")
    _put(settings, "wfs", "Géoportail WFS", "https://wxs.ign.fr/essentiels/geoportail/wfs")
    _put(settings, "wms", "OSM", "https://ows.example.org/wms")


def test_the_dialog_lists_migrates_the_checked_ones_and_undoes(profile_settings, monkeypatch):
    from bascule_geoplateforme.gui.migration.connections_dialog import ConnectionsDialog

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    _legacy_profile(profile_settings)
    dialog = ConnectionsDialog()
    assert dialog.tree.topLevelItemCount() == 3 and not dialog.undo_button.isEnabled()
    rows = {dialog.tree.topLevelItem(i).text(dialog.NAME): dialog.tree.topLevelItem(i)
            for i in range(3)}
    assert rows["OSM"].text(dialog.NEW) == "https://ows.example.org/wms"
    assert rows["Géoportail WMTS"].text(dialog.NEW).startswith("https://data.geopf.fr/wmts")
    from qgis.PyQt.QtCore import Qt

    rows["Géoportail WFS"].setCheckState(dialog.KIND, Qt.CheckState.Unchecked)  # not this one
    dialog.migrate_checked()
    urls = {c.name: c.url for c in saved_connections.list_connections()}
    assert urls["Géoportail WMTS"].startswith("https://data.geopf.fr/wmts")
    assert "wxs.ign.fr" in urls["Géoportail WFS"] and "1" in dialog.message.text()
    assert dialog.undo_button.isEnabled()
    dialog.undo()
    assert "wxs.ign.fr" in {c.name: c.url for c in saved_connections.list_connections()}["Géoportail WMTS"]
    dialog.close()


def test_the_dialog_offers_the_geoplateforme_once(profile_settings):
    from bascule_geoplateforme.gui.migration.connections_dialog import ConnectionsDialog

    profile_settings.remove(saved_connections.OFFERED_KEY)
    first = ConnectionsDialog()
    assert not first.offer.isHidden()
    second = ConnectionsDialog()
    assert second.offer.isHidden()  # asked once only
    first.add_services()
    assert first.tree.topLevelItemCount() == 4
    profile_settings.remove(saved_connections.OFFERED_KEY)


def test_the_processing_algorithm(provider, profile_settings, tmp_path, monkeypatch):
    import processing

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    _legacy_profile(profile_settings)
    dry = processing.run("bascule_geoplateforme:migrateconnections", {
        "DRY_RUN": True, "REPORT": str(tmp_path / "r.csv")})
    assert dry["CHANGED"] == 0
    assert all("wxs.ign.fr" in c.url for c in saved_connections.list_connections() if c.name != "OSM")
    assert "Géoportail WFS" in (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    done = processing.run("bascule_geoplateforme:migrateconnections", {
        "NAMES": "Géoportail WFS", "KINDS": [1]})
    assert done["CHANGED"] == 1
    urls = {c.name: c.url for c in saved_connections.list_connections()}
    assert "wxs.ign.fr" not in urls["Géoportail WFS"] and "wxs.ign.fr" in urls["Géoportail WMTS"]
    undone = processing.run("bascule_geoplateforme:migrateconnections", {"UNDO": True})
    assert undone["CHANGED"] == 1
    assert "wxs.ign.fr" in {c.name: c.url for c in saved_connections.list_connections()}["Géoportail WFS"]
    source = SETTINGS / "thomasg77_2f7e86c__cles-ign-choisirgeoportail-choisirinspire-wfs.xml"
    output = tmp_path / "wfs.xml"
    from_file = processing.run("bascule_geoplateforme:migrateconnections", {
        "INPUT": str(source), "OUTPUT": str(output)})
    assert from_file["CHANGED"] == 2 and "data.geopf.fr/wfs" in output.read_text(encoding="utf-8")


@pytest.mark.skipif(not (shutil.which("qgis") and shutil.which("Xvfb")),
                    reason="needs the QGIS desktop and Xvfb (packages qgis, xvfb)")
def test_a_migrated_deployment_ini_is_a_profile_qgis_starts_on(tmp_path, monkeypatch):
    """The migrated QGIS3.ini deployed as a profile: QGIS (desktop, then a fresh process)
    reads every connection, names as they were, addresses migrated."""
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    profiles = tmp_path / "profiles"
    ini = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    result = connection_files.migrate_ini(str(PROFILE_INI), str(ini))
    original = tmp_path / "original"
    shutil.copytree(profiles, original)
    shutil.copyfile(PROFILE_INI, original / "profiles" / "default" / "QGIS" / "QGIS3.ini")
    desktop_start(profiles, tmp_path)
    desktop_start(original, tmp_path)
    read = qgis_run("start", profiles, tmp_path)["connections"]
    before = qgis_run("start", original, tmp_path)["connections"]
    assert set(read) == set(before) and len(read) > 40
    new_urls = {c.url: c.new_url for c in result.connections}
    assert all(read[k]["url"] == new_urls[v["url"]] for k, v in before.items())
    assert not any("wxs.ign.fr" in v["url"] for v in read.values())


@pytest.mark.skipif(not (shutil.which("qgis") and shutil.which("Xvfb")),
                    reason="needs the QGIS desktop and Xvfb (packages qgis, xvfb)")
def test_an_ini_in_the_layout_this_qgis_writes_is_migrated(tmp_path, monkeypatch):
    """The real profile as this QGIS rewrites it (≥ 3.30: the [connections] tree and the
    backward-compatibility keys) migrated into a new file: every url key, both layouts."""
    from qgis.PyQt.QtCore import QSettings

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    profiles = tmp_path / "profiles"
    ini = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    shutil.copyfile(PROFILE_INI, ini)
    desktop_start(profiles, tmp_path)
    output = tmp_path / "QGIS3-migre.ini"
    result = connection_files.migrate_ini(str(ini), str(output))
    before, after = (QSettings(str(p), QSettings.Format.IniFormat) for p in (ini, output))
    url_keys = [k for k in before.allKeys() if k.endswith("/url") and "connections" in k]
    if NEW_LAYOUT:
        assert any(k.startswith("connections/ows/items/wms/") for k in url_keys)
    assert len(url_keys) == len(result.connections)
    legacy = [k for k in url_keys if "wxs.ign.fr" in before.value(k)]
    assert legacy and not any("wxs.ign.fr" in after.value(k) for k in url_keys)
    assert all(after.value(k) == before.value(k) for k in before.allKeys() if k not in legacy)


# ---- No secret outside QGIS's auth database: the undo log and the settings file ----------

SECRET = "Zq7+Secr/et=K3y"  # '+', '/' and '=' so that every encoding differs


def spellings(secret):
    import base64
    from urllib.parse import quote, quote_plus

    values = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret),
              base64.b64encode(secret.encode()).decode(), secret.replace("/", "\\/")}
    for user in ("bob",):  # a Basic Authorization header
        values.add(base64.b64encode(f"{user}:{secret}".encode()).decode())
    return values


def settings_bytes(settings):
    settings.sync()
    return Path(settings.fileName()).read_bytes().decode("utf-8", "replace")


def _leaks(text, secret):
    """Every spelling of the key, and its distinctive start (which a mixed encoding such as
    ``Zq7%20Secr%2Fet`` keeps)."""
    return sorted(v for v in spellings(secret) | {"Zq7", "CLEHASH"} if v in text)


def _with_headers(settings, name, headers):
    old, new, _ = saved_connections.KINDS["wms"]
    for header, value in headers.items():
        settings.setValue(f"{old}/{name}/http-header/{header}", value)
    if NEW_LAYOUT:
        settings.setValue(f"{new}/{name}/http-header", dict(headers, referer="https://ici.fr"))


FORMS = {
    # The key in the URL, plain (the key is letters and digits) and percent-encoded.
    "url": ("https://data.geopf.fr/private/wmts?apikey=Zq7Secret42Key&SERVICE=WMTS&"
            "REQUEST=GetCapabilities", {}, "Zq7Secret42Key"),
    "url-encoded": ("https://data.geopf.fr/private/wmts?SERVICE=WMTS&apikey=Zq7%2BSecr%2Fet%3DK3y&"
                    "REQUEST=GetCapabilities", {}, SECRET),
    # In the apikey header and a second header.
    "headers": ("https://data.geopf.fr/private/wmts?SERVICE=WMTS&REQUEST=GetCapabilities",
                {"apikey": SECRET, "x-api-key": SECRET}, SECRET),
    # A legacy address with dead credentials (password=, quoted by the INI writer: a space).
    "password": ("https://wxs.ign.fr/essentiels/geoportail/r/wms?SERVICE=WMS&username=bob&"
                 "password=Zq7%20Secr%2Fet, K3y", {}, "Zq7 Secr/et, K3y"),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_secret_in_the_undo_log_or_the_settings_file(form, profile_settings, made_keys,
                                                        monkeypatch):
    """Migrate and undo a connection whose key sits in each form: the settings file (the
    profile's QGIS3.ini, bytes) never holds the key in any encoding once migrated, and the
    undo puts the connection back exactly, from QGIS's auth database."""
    from bascule_geoplateforme.core.keys.qgis_side import key_store

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    url, headers, secret = FORMS[form]
    _put(profile_settings, "wms", "Privé", url)
    _with_headers(profile_settings, "Privé", headers)
    [item] = saved_connections.list_connections()
    if item.hash_key and not key_store.hash_keys_supported():
        pytest.skip("QGIS 3.22 has no APIHeader method: the key stays where the user put it")
    before = {k: profile_settings.value(k) for k in profile_settings.allKeys() if "Privé" in k}
    assert _leaks(settings_bytes(profile_settings), secret)  # the test sees the key when there
    assert saved_connections.migrate([item])
    text = settings_bytes(profile_settings)
    assert not _leaks(text, secret), form
    assert saved_connections.UNDO_KEY.split("/")[-1] in text
    log = str(profile_settings.value(saved_connections.UNDO_KEY))
    assert "sealed" in log and not _leaks(log, secret)
    saved_connections.undo()
    after = {k: profile_settings.value(k) for k in profile_settings.allKeys() if "Privé" in k}
    assert after == before
    assert not saved_connections.can_undo()
    # The sealed values are gone from the auth database once undone.
    assert "sealed" not in str(profile_settings.value(saved_connections.UNDO_KEY))


def test_a_failed_key_store_changes_nothing_and_says_why(tmp_path):
    """All or nothing: QGIS's auth database is locked by another program while three
    connections migrate (a legacy one, one with dead credentials, one with a HASH key): the
    store of the key (≥ 3.24) or of the undo values (3.22) fails for real; no connection is
    rewritten, no auth config or undo entry is left, and the dialog says why in words."""
    profiles = tmp_path / "profile"
    auth_dir = tmp_path / "auth"
    auth_dir.mkdir()
    result_path = tmp_path / "locked.json"
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(profiles), QT_QPA_PLATFORM="offscreen",
               QGIS_AUTH_DB_DIR_PATH=str(auth_dir))
    env.pop("BASCULE_GPF_BASE_URL", None)
    env["PYTHONPATH"] = os.pathsep.join([str(PROBE.parent), env.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, str(PROBE.with_name("locked_auth_probe.py")),
                           str(ROOT), str(result_path)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(result_path.read_text(encoding="utf-8"))
    assert result["checked"] == ["A Géoportail", "B mot de passe", "C clé"]
    assert result["raised"] == ""  # nothing reaches QGIS's Python error dialog
    assert result["after"] == result["before"]  # not even the first one
    assert not result["can_undo"] and result["configs_after"] == result["configs_before"]
    message = result["message"]
    assert "KeyStoreError" not in message and "Traceback" not in message
    assert "No connection was changed" in message and "authentication database" in message
    for secret in ("MotDePasseMort42", "CLEHASHVERROU77"):
        assert secret not in message and secret not in result["undo"]
    print(f"QGIS {result['version']}: refused in {result['seconds']:.1f} s: {message}")
