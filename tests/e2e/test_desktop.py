"""The real QGIS desktop under Xvfb, with the plugin deployed into a temporary profile."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# scripts/run_suite.sh gives each QGIS version its own folder, so runs keep their screenshots.
BUILD = Path(os.environ.get("BASCULE_TEST_ARTIFACTS") or ROOT / "build")

pytestmark = pytest.mark.skipif(
    not (shutil.which("qgis") and shutil.which("Xvfb")),
    reason="needs the QGIS desktop (package qgis) and Xvfb (package xvfb)")


@pytest.fixture
def loopback_env():
    """A loopback Géoplateforme for QGIS to talk to: the desktop never reaches the internet."""
    from loopback import LoopbackGeoplateforme

    with LoopbackGeoplateforme() as server:
        yield server, {"BASCULE_GPF_BASE_URL": server.base_url}


def run_desktop(tmp_path, driver, screenshot, timeout=240, env=None, locale=""):
    result_path = tmp_path / "result.json"
    environment = dict(os.environ, BASCULE_E2E_RESULT=str(result_path), **(env or {}))
    # The drivers import driver_support from their own folder.
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(driver).parent), environment.get("PYTHONPATH")]))
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "run_qgis.py"), "--headless",
         "--build", str(tmp_path / "build"), "--driver", str(driver),
         "--screenshot", str(screenshot), "--timeout", str(timeout)]
        + (["--locale", locale] if locale else []),
        env=environment, capture_output=True, text=True, timeout=timeout + 30)
    assert result_path.exists(), f"the driver wrote no result\n{completed.stdout}\n{completed.stderr}"
    return json.loads(result_path.read_text(encoding="utf-8")), completed


def test_plugin_loads_and_unloads_cleanly_in_qgis_desktop(tmp_path, loopback_env):
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-smoke.png"
    if screenshot.exists():
        screenshot.unlink()
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_smoke.py", screenshot,
                                    env=loopback_env[1])
    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["loaded"]
    # Every action sits in Web > Géoplateforme; the toolbar is there.
    with_plugin = result["with_plugin"]
    menus = dict((name, actions) for name, actions in with_plugin["web"])
    assert "Géoplateforme" in menus, menus
    assert result["actions"] and set(result["actions"]) <= set(menus["Géoplateforme"])
    assert "BasculeGeoplateformeToolbar" in with_plugin["toolbars"]
    # Unloading leaves no trace; reloading gives back exactly the same contributions.
    for step in result["steps"]:
        assert "BasculeGeoplateformeCatalogDock" in step["with_dock"]["docks"]
        unloaded = step["unloaded"]
        assert "Géoplateforme" not in dict(unloaded["web"])
        assert "BasculeGeoplateformeToolbar" not in unloaded["toolbars"]
        assert not [d for d in unloaded["docks"] if d.startswith("BasculeGeoplateforme")]
        assert step["reloaded"] == with_plugin
    assert screenshot.exists() and screenshot.stat().st_size > 10_000


def test_catalogue_dock_search_and_add_in_qgis_desktop(tmp_path, loopback_env):
    server, env = loopback_env
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-dock.png"
    if screenshot.exists():
        screenshot.unlink()
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_dock.py", screenshot,
                                    env=env)
    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["dock_visible"] and result["initial_origin"] in ("snapshot", "cache")
    assert result["refresh"][0] and result["origin"] == "live", result["refresh"]
    # The search filtered: the view shows as many entry rows as the proxy counts, fewer than
    # before, and each of them is about orthophotos.
    rows = result["rows_after_search"]
    assert 0 < result["shown_after_search"] == len(rows) < result["rows_before_search"]
    assert [name for _, name, text in rows if "ortho" not in text.casefold()] == []
    # The first row of the view is what got selected and added.
    service, layer_name = result["first_row"]
    assert result["selected"] == result["first_row"] and service == "wmts"
    [(name, valid, provider, source)] = result["layers"]
    tms = wmts_served_tile_matrix_set(server, layer_name)  # what the served document links, read apart
    assert valid and provider == "wms" and f"layers={layer_name}&" in source + "&"
    assert f"tileMatrixSet={tms}" in source and server.base_url in source
    tiles = server.requests_to("/wmts", "GetTile")
    assert tiles and {(r.param("LAYER"), r.param("TILEMATRIXSET")) for r in tiles} == {(layer_name, tms)}
    assert screenshot.exists() and screenshot.stat().st_size > 50_000


def wmts_served_tile_matrix_set(server, layer_name):
    """The one TileMatrixSet the served WMTS document links for a layer (plain lxml): IGN's
    2026 list where it relinks a layer of the 2024 capture."""
    from lxml import etree

    ns = {"w": "http://www.opengis.net/wmts/1.0", "ows": "http://www.opengis.net/ows/1.1"}
    tree = etree.fromstring(server.document("wmts"),
                            etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    [layer] = tree.xpath("//w:Contents/w:Layer[ows:Identifier=$name]", namespaces=ns, name=layer_name)
    [tms] = layer.xpath("w:TileMatrixSetLink/w:TileMatrixSet/text()", namespaces=ns)
    return tms


def test_download_panel_in_french_in_qgis_desktop(tmp_path, loopback_env):
    server, env = loopback_env
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-download-fr.png"
    if screenshot.exists():
        screenshot.unlink()
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_download.py",
                                    screenshot, env=env, locale="fr")
    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["imported_at_start"] == []  # nothing of the panel before it is opened
    assert result["action_text"] == result["title"] == "Téléchargement Géoplateforme"
    assert result["panel_visible"]
    assert "BDTOPO" in result["resources"] and result["status"].endswith("sur 23 ressources listées.")
    assert "Licence : Licence Ouverte" in result["details"]
    assert len(result["editions"]) == 5
    assert result["files"] == ["BDTOPO_3-5_GPKG_LAMB93_D078_2026-06-15.7z (3 volumes)"]
    assert result["files_status"].endswith(": 4 fichiers.")
    assert server.requests_to("/telechargement/resource/BDTOPO/BDTOPO_3-5_GPKG_LAMB93_D078_2026-06-15")
    assert screenshot.exists() and screenshot.stat().st_size > 50_000


def test_download_in_progress_in_french_in_qgis_desktop(tmp_path, loopback_env):
    server, env = loopback_env
    server.download_rate = 600  # bytes/s: the 4 kB archive takes ~7 s, time for a screenshot
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-download-progress-fr.png"
    if screenshot.exists():
        screenshot.unlink()
    folder = tmp_path / "téléchargements"
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_download_progress.py",
                                    screenshot, env=dict(env, BASCULE_DOWNLOAD_FOLDER=str(folder)),
                                    locale="fr")
    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["download_button"] == "Télécharger"
    running = result["in_progress"]
    assert running["state"] == "running" and 0 < running["bar"] < 1000
    assert running["headers"] == ["Fichier", "Progression", "État"]
    assert running["speed_text"].endswith("/s") and " / " in running["bar_text"]
    assert running["cancel"] == "Annuler le téléchargement" and running["cancel_enabled"]
    done = result["done"]
    assert done["state"] == "done" and done["state_text"] == "Terminé, MD5 vérifié"
    assert done["message"].startswith("Téléchargé, MD5 vérifié")
    assert result["layers"] == [["arrondissements", True, 3]]
    assert result["status"] == f"{Path(done['path']).name} : 1 couche(s) ajoutée(s) au projet."
    assert screenshot.exists() and screenshot.stat().st_size > 50_000


def test_make_run_without_a_display_saves_a_screenshot(tmp_path):
    build = tmp_path / "build"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(["make", "-C", str(ROOT), "run", f"BUILD={build}"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    screenshot = build / "screenshot.png"
    assert screenshot.exists() and screenshot.stat().st_size > 50_000
    ini = (build / "qgis-profiles" / "profiles" / "default" / "QGIS" / "QGIS3.ini").read_text()
    assert "bascule_geoplateforme=true" in ini
    assert (build / "qgis-profiles" / "profiles" / "default" / "python" / "plugins"
            / "bascule_geoplateforme" / "metadata.txt").exists()


def test_keys_dialog_and_dock_key_marks_in_french_in_qgis_desktop(tmp_path, loopback_env):
    from loopback import BASIC_PASSWORD, BASIC_USER

    server, env = loopback_env
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-keys-fr.png"
    dialog_shot = BUILD / "e2e-keys-fr-dialog.png"
    for path in (screenshot, dialog_shot):
        if path.exists():
            path.unlink()
    env = dict(env, BASCULE_E2E_LOGIN=f"{BASIC_USER}:{BASIC_PASSWORD}")
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_keys.py",
                                    screenshot, env=env, locale="fr")
    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["action_text"] == "Mes clés Géoplateforme…"
    assert result["keys_title"] == "Mes clés Géoplateforme" and "OAuth2" in result["keys_text"]
    assert result["edit_title"] == "Ajouter une clé Géoplateforme"
    name, kind, unlocks = result["key_row"]
    assert (name, kind) == ("Compte SIG du service", "identifiant/mot de passe")
    # The restricted products it opens, not a raw count of layers.
    assert "Scan25" in unlocks and not unlocks.endswith("couches"), unlocks
    assert "Données à accès restreint qu’elle ouvre" in result["details"] or \
        "Données à accès restreint qu'elle ouvre" in result["details"], result["details"]
    assert "GEOGRAPHICALGRIDSYSTEMS.MAPS" in result["details"]
    assert BASIC_PASSWORD not in result["details"]
    assert "Ouverte par votre clé : Compte SIG du service" in result["tooltip"]
    assert "Vos clés" in result["dock_details"] and "Compte SIG du service" in result["dock_details"]
    private = [r for r in server.requests if r.path.startswith("/private/")]
    assert private and all(r.headers.get("authorization", "").startswith("Basic ") for r in private)
    assert screenshot.stat().st_size > 50_000 and dialog_shot.stat().st_size > 20_000


def test_saved_connections_dialog_in_french_in_qgis_desktop(tmp_path, loopback_env):
    server, env = loopback_env
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-connections-fr.png"
    if screenshot.exists():
        screenshot.unlink()
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_connections.py",
                                    screenshot, env=env, locale="fr")
    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["action_text"] == "Connexions enregistrées…"
    assert result["title"] == "Connexions enregistrées"
    assert result["offered"] and "Géoplateforme" in result["offer"]
    added = [n for n in result["rows_after_adding"] if n.startswith("Géoplateforme ")]
    assert len(added) == 4 and result["added"].startswith("Ajoutées : ")
    assert not result["offered_again"]  # offered once
    [legacy] = [r for r in result["rows"] if r[1] == 'Géoportail WMTS "Cartes"']
    assert legacy[2].startswith("https://wxs.ign.fr/cartes/") and legacy[4] == "migrée"
    assert legacy[3] == server.base_url + "/wmts?SERVICE=WMTS&REQUEST=GetCapabilities"
    assert result["message"].startswith("1 connexion(s) migrée(s)")
    assert result["qgis_reads"] == legacy[3]
    assert screenshot.stat().st_size > 20_000


OPEN_PROJECT = ROOT / "tests" / "data" / "real-world" / "projects" / "lizmap_54bf451__test_print.qgs"
# The project's local layers (./banyuls-osm/<file>.geojson): file -> layer name.
OPEN_LOCAL = {"road": "road", "boundary_administrative_admin_level_8": "boundary", "building": "building"}


def test_projects_fixed_as_they_open_in_qgis_desktop(tmp_path, loopback_env):
    """Migrate on open, in the desktop: off (today), turned on in QGIS's Options, on (no
    unavailable-layers dialog for the IGN layer), Revert, then the plugin unloaded."""
    server, env = loopback_env
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-open.png"
    for old in BUILD.glob("e2e-open*.png"):
        old.unlink()
    folder = tmp_path / "projet"
    (folder / "banyuls-osm").mkdir(parents=True)
    project = folder / OPEN_PROJECT.name
    shutil.copyfile(OPEN_PROJECT, project)
    for name in OPEN_LOCAL:  # the project's local layers, real files at their relative paths
        (folder / "banyuls-osm" / f"{name}.geojson").write_text(json.dumps({
            "type": "FeatureCollection", "features": [{
                "type": "Feature", "properties": {"name": name},
                "geometry": {"type": "LineString", "coordinates": [[3.08, 42.48], [3.12, 42.49]]}}]}),
            encoding="utf-8")
    original = project.read_bytes()
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_open.py", screenshot,
                                    env=dict(env, BASCULE_E2E_PROJECT=str(project)))
    # Opening QGIS's Options makes Processing look for GRASS and SAGA, which this machine
    # lacks: QGIS's own critical messages, not the plugin's.
    errors = [e for e in result["errors"] if not e.startswith("[Processing] Problem with ")]
    assert errors == [], "\n".join(errors)
    assert result["hook_registered"] and result["setting_before"] is False  # off by default
    ign = "ign-photo"  # the project's WMTS layer from wxs.ign.fr
    # 1. Off: today's behaviour — QGIS's own dialog lists the IGN layer; the plugin says so
    # afterwards and offers the setting, once.
    assert ign in result["bad_layer_dialogs"]["off"], result["bad_layer_dialogs"]
    assert not result["opened"]["off"]["layers"][ign]["valid"]
    assert "wxs.ign.fr" in result["off_message"] or "Géoportail" in result["off_message"]
    assert result["off_offer"]
    # 2. The setting, from QGIS's Options dialog, reaches the plugin.
    assert result["setting_after_options"] is True
    assert (BUILD / "e2e-open-options.png").exists()
    # 3. On: no unavailable-layers dialog; the IGN layer valid at the loopback; the message
    # bar; the local layers read by their relative paths; the file name is the project's.
    assert result["bad_layer_dialogs"]["on"] is None, result["bad_layer_dialogs"]
    opened = result["opened"]["on"]
    assert opened["file"] == str(project)
    layer = opened["layers"][ign]
    assert layer["valid"] and server.base_url in layer["source"], layer
    assert "wxs.ign.fr" not in layer["source"]
    assert "1 layer(s)" in result["on_message"] and "saving the project keeps it" in result["on_message"]
    for name in OPEN_LOCAL.values():
        local = opened["layers"][name]
        assert local["valid"] and local["source"].startswith(str(folder / "banyuls-osm")), local
    assert server.requests_to("/wmts", "GetTile"), "QGIS drew no Géoplateforme tile"
    assert screenshot.exists() and screenshot.stat().st_size > 10_000
    # Revert, from the dialog the message bar opens, restores the file's source.
    assert result["revert_enabled"]
    assert "wxs.ign.fr" in result["reverted"][ign]["source"]
    # 4. Unloaded: the hook is gone, QGIS's dialog lists the IGN layer again.
    assert result["unloaded"]
    assert ign in result["bad_layer_dialogs"]["unloaded"]
    assert project.read_bytes() == original  # the file is written only when the user saves
    assert not result.get("outside") or set(result["outside"]) <= {"wxs.ign.fr"}


def test_browser_locator_dock_and_layer_menu_in_french_in_qgis_desktop(tmp_path, loopback_env):
    server, env = loopback_env
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-places-fr.png"
    names = ("browser", "locator", "dock-300", "layer-menu", "migration")
    for name in names:
        path = BUILD / f"e2e-places-fr-{name}.png"
        if path.exists():
            path.unlink()
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_places.py",
                                    screenshot, env=env, locale="fr")
    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["imported_at_start"] == []  # the tree is built when the root is opened
    assert result["browser_services"] == ["WMTS", "WMS-Raster", "WMS-Vecteur", "WFS",
                                          "Tuiles vectorielles"]
    assert "Ortho-imagerie" in result["browser_themes"] and result["browser_layers"]
    top = result["locator"][0] if result["locator"] else None
    assert top is not None and "SCAN25TOUR" in top[1], result["locator"]
    # The restricted mark at the start of the line (its end may be cut off).
    assert top[0].startswith("\U0001F512") and top[1].startswith("accès restreint"), result["locator"]
    assert result["name_column_hidden"] and result["dock_width"] <= 340
    assert result["dock_rows"] and all(width >= min(advance, 180)
                                       for _, width, advance in result["dock_rows"])
    assert "Migrer vers la Géoplateforme" in result["layer_menu"]
    assert result["dialog_layer"] == "Ortho (ancien Géoportail)"
    assert result["dialog_checked"] == ["Ortho (ancien Géoportail)"]
    for name in names:
        assert (BUILD / f"e2e-places-fr-{name}.png").stat().st_size > 20_000, name


def test_unload_under_load_then_load_again_in_qgis_desktop(tmp_path, loopback_env):
    """The plugin unloaded as QGIS does while a refresh, a download, an unpack and a key test
    wait on a slow loopback: unload returns promptly, nothing is left running or half-written,
    and a reload registers each part once."""
    from loopback import BASIC_PASSWORD, BASIC_USER

    server, env = loopback_env
    for prefix in ("/wmts", "/private/",
                   "/telechargement/download/BDTOPO/BDTOPO_3-5_GPKG_LAMB93_D075"):
        server.inject(prefix, "delay", seconds=30)
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-unload.png"
    if screenshot.exists():
        screenshot.unlink()
    from download_helpers import zeros_zip

    big = zeros_zip(tmp_path / "big.zip", "BDTOPO/bdtopo.gpkg", 3000)
    env = dict(env, BASCULE_E2E_LOGIN=f"{BASIC_USER}:{BASIC_PASSWORD}",
               BASCULE_DOWNLOAD_FOLDER=str(tmp_path / "downloads"), BASCULE_E2E_BIG_ZIP=str(big))
    result, completed = run_desktop(tmp_path, ROOT / "tests" / "e2e" / "driver_unload.py",
                                    screenshot, env=env)
    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["first_download"] == "done" and result["unpack_started"]
    before = result["before"]
    assert before["download"] == "running" and before["refreshing"] and before["key_test"]
    assert before["requests"] and before["parts"] and before["tasks"]
    assert any(task.startswith("Unpacking") for task in before["tasks"]), before["tasks"]
    print(f"unload() under load: {result['unload_seconds']:.2f} s; in flight before: "
          f"{before['tasks']}, {len(before['requests'])} request(s); after a reload: "
          f"{result['counts']}")
    assert result["unload_seconds"] < 3.0
    assert result["after"] == {"tasks": [], "requests": [], "parts": [], "unpacked": []}, result["after"]
    assert set(result["counts"].values()) == {1}, result["counts"]


QGIS18_PROJECT = ROOT / "tests" / "data" / "built" / "qgis18_geoportail_wms.qgs"
DEAD_CREDENTIALS = (b"MonMotDePasse", b"MonLogin")


def test_migration_dialog_and_docks_on_a_1366x768_screen_in_french(tmp_path, loopback_env):
    """What a French analyst sees on a laptop: the dialog inside the screen at each step, its
    check boxes, Apply's message in the dialog, the undo after save and reopen, both docks at
    300 px. Screenshots under build/qgis-<version>/ (BASCULE_TEST_ARTIFACTS)."""
    import zipfile

    server, env = loopback_env
    BUILD.mkdir(parents=True, exist_ok=True)
    screenshot = BUILD / "e2e-migration.png"
    for old in BUILD.glob("e2e-migration*.png"):
        old.unlink()
    project = tmp_path / QGIS18_PROJECT.name
    shutil.copyfile(QGIS18_PROJECT, project)
    saved = tmp_path / "migre.qgz"
    result, completed = run_desktop(
        tmp_path, ROOT / "tests" / "e2e" / "driver_migration.py", screenshot, locale="fr",
        env=dict(env, BASCULE_E2E_PROJECT=str(project), BASCULE_E2E_SAVED=str(saved),
                 BASCULE_XVFB_SCREEN="1366x768x24"))
    errors = [e for e in result["errors"] if not e.startswith("[Processing] Problem with ")]
    assert errors == [], "\n".join(errors) + completed.stderr[-2000:]
    assert result["screen"] == [1366, 768]
    # 1. The dialog: inside the screen, in French, the summary in words.
    dialog = result["dialog"]
    x, y, width, height = dialog["frame"]
    assert x >= 0 and y >= 0 and x + width <= 1366 and y + height <= 768, dialog["frame"]
    assert dialog["outside"] == [], dialog["outside"]
    assert dialog["apply"] == "Appliquer" and dialog["revert"] == "Rétablir les sources d'origine"
    # Both withdrawn layers have a successor: CADASTRALPARCELS.PARCELS (IGN's tables) and, on
    # another service, the WMTS layer OCSGE.COUVERTURE.2016 (IGN's 2026 configuration).
    assert dialog["summary"] == ("3 couches à migrer, 2 retirées par IGN, dont 2 avec un "
                                 "remplacement proposé.")
    # Check boxes shown (all checked), and a click toggles one, a second puts it back.
    assert result["boxes"] and set(result["boxes"].values()) == {2}
    assert result["after_click"] == 0 and result["after_second_click"] == 2
    # A withdrawn row selected: same width, its successor in the Layer menu.
    withdrawn = result["withdrawn"]
    assert withdrawn["frame"] == dialog["frame"] and withdrawn["outside"] == []
    assert withdrawn["replace_enabled"] and "CADASTRALPARCELS.PARCELS" in withdrawn["replace"]
    # Apply: the dialog's own message bar, the count of the layers migrated.
    applied = result["applied"]
    assert applied["outside"] == [] and applied["frame"][2] <= 1366
    assert applied["messages"] and applied["messages"][-1].startswith("3 couches migrées.")
    assert "retirées par IGN" in applied["messages"][-1]
    assert not any("joignable" in m or "accessible" in m for m in applied["messages"])
    migrated = [i for i, s in applied["sources"].items() if server.base_url in s]
    assert len(migrated) == 3
    # 2. Saved as .qgz: no dead credential, no key, one undo entry.
    assert result["saved"] and saved.exists()
    archive = zipfile.ZipFile(saved)
    data = b"".join(archive.read(name) for name in archive.namelist())
    assert not [c for c in DEAD_CREDENTIALS if c in data] and b"apikey=" not in data
    assert data.count(b"<migration_undo") == 1
    # Reopened: the undo is offered and puts the old sources back.
    assert result["reopened"]["revert_enabled"] and result["reopened"]["outside"] == []
    reverted = result["reverted"]
    assert all("wxs.ign.fr" in reverted["sources"][i] for i in migrated)
    assert reverted["messages"] and "sources d'origine rétablies" in reverted["messages"][-1]
    # 3. Both docks at 300 px, the main window inside the screen, no growth on selection.
    docks = result["docks"]
    assert docks["catalog_min"] <= 300 and docks["download_min"] <= 300, docks
    assert docks["catalog"] <= 310 and docks["download"] <= 310, docks
    assert docks["catalog_selected"] == docks["catalog"], docks
    assert result["tabbed"]  # both open: tabbed, not stacked past the screen's height
    for size in (docks["window"], docks["window_selected"], docks["window_download"]):
        assert size[0] <= 1366 and size[1] <= 768, (docks, str(result["window_track"][4:]), result["window_docks_min"])
    assert docks["download_shown"] <= 310, docks
    for suffix in ("dialog-ign", "dialog-withdrawn", "dialog-applied", "dialog-reopened", "docks",
                   "docks-download"):
        assert (BUILD / f"e2e-migration-{suffix}.png").exists(), suffix
