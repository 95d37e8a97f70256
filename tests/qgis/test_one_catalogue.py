"""One knowledge of the platform for every path: after a refresh against a Géoplateforme whose
documents differ from the snapshot (a tile matrix set renamed, a layer added, a layer
unpublished), the migration dialog, the open hook, the Layers-panel entry and Processing
decide with the refreshed catalogue and give the same answer (qgis_process:
tests/e2e/test_qgis_process_catalogue.py)."""
from __future__ import annotations

import csv

import pytest
from qgis.core import QgsProject, QgsRasterLayer

from bascule_geoplateforme.core.catalog.qgis_side import catalog_store
from bascule_geoplateforme.core.migration.qgis_side import open_migration
from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.capabilities.model import WMTS
from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.core.platform.sources import parse_source
from catalogue_changes import (ADDED, LEGACY_SOURCE, NAMES, NEW_SET, RENAMED, UNPUBLISHED,
                               serve_changed_documents, write_project)
from bascule_geoplateforme.core.migration.engine import migrate_source
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)

LEGACY = ("crs=EPSG:3857&format=image/jpeg&layers={0}&styles=normal&tileMatrixSet=PM"
          "&url=https://wxs.ign.fr/choisirgeoportail/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


@pytest.fixture
def refreshed(gpf, tmp_path, monkeypatch):
    """The profile's saved catalogue, refreshed from the changed documents (its own folder:
    the other tests keep the snapshot)."""
    monkeypatch.setattr(settings, "catalog_cache_dir", lambda: str(tmp_path / "cache"))
    serve_changed_documents(gpf)
    assert catalog_store.current_catalog() is bundled_catalog()
    outcome = catalog_store.refresh_now()
    assert outcome.ok, outcome.messages
    return outcome.catalog


def auth_manager_fixture_module() -> str:
    """The conftest that set the master password (tests/qgis/conftest.py)."""
    import sys

    return next(name for name, module in sys.modules.items()
                if name.endswith("conftest") and hasattr(module, "MASTER_PASSWORD"))


def _tms(source: str) -> str:
    return dict(parse_source("wms", source).items())["tileMatrixSet"]


def test_every_path_decides_with_the_refreshed_catalogue(refreshed, tmp_path, provider):
    catalog = catalog_store.current_catalog()
    assert catalog is refreshed  # read back once, shared by every caller
    assert catalog.get(WMTS, ADDED) is not None and catalog.get(WMTS, UNPUBLISHED, False) is None
    assert bundled_catalog().get(WMTS, ADDED) is None
    assert catalog.provenance["wmts"]["origin"] == "refresh"
    # A reader in another process sees the same: the saved files, not this one's memory.
    catalog_store._CURRENT.clear()
    assert catalog_store.current_catalog().get(WMTS, RENAMED).tile_matrix_set_links[0] \
        .tile_matrix_set == NEW_SET

    # The migration dialog.
    from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog

    path = tmp_path / "changes.qgs"
    write_project(path)
    project = QgsProject()
    assert project.read(str(path))
    dialog = MigrationDialog(project=project)
    in_dialog = {p.name: p.migration.new_source for p in dialog.plans}
    assert set(in_dialog) == set(NAMES.values())
    assert _tms(in_dialog[NAMES[RENAMED]]) == NEW_SET
    assert ADDED in in_dialog[NAMES[ADDED]] and "wxs.ign.fr" not in in_dialog[NAMES[ADDED]]
    assert _tms(in_dialog[NAMES[ADDED]]) == NEW_SET
    # Unpublished since the snapshot, still in IGN's tables: not served today, left as it is
    # (the snapshot would have rewritten it).
    statuses = {p.name: p.status for p in dialog.plans}
    assert statuses[NAMES[UNPUBLISHED]] == "not_served"
    assert in_dialog[NAMES[UNPUBLISHED]] == LEGACY_SOURCE.format(UNPUBLISHED)
    assert migrate_source("wms", LEGACY_SOURCE.format(UNPUBLISHED)).status != "not_served"
    assert "refreshed from the Géoplateforme on" in dialog.catalogue_label.text() or \
        "actualisé depuis la Géoplateforme le" in dialog.catalogue_label.text()
    assert "refresh" in dialog.report().catalogue["wmts"]["en"]
    dialog.deleteLater()

    # The open hook: the layers it rewrites read what the dialog proposes.
    opened = QgsProject()
    result = open_migration.open_migrated(str(path), project=opened)
    assert result is not None and {NAMES[RENAMED], NAMES[ADDED]} <= set(result.migrated)
    assert NAMES[UNPUBLISHED] not in result.migrated
    for layer in opened.mapLayers().values():
        if layer.name() in result.migrated:
            assert layer.source() == in_dialog[layer.name()], layer.name()

    # The Layers-panel entry: a legacy source of a layer only the refreshed catalogue lists.
    from bascule_geoplateforme.gui.migration.layer_menu import is_legacy

    added = QgsRasterLayer(LEGACY.format(ADDED), "ajoutée", "wms")
    assert is_legacy(added)

    # Processing (what qgis_process runs): the same sources, every layer.
    import processing

    report = tmp_path / "rapport.csv"
    processing.run("bascule_geoplateforme:migrateprojectfile",
                   {"INPUT": str(path), "DRY_RUN": True, "REPORT": str(report)})
    with open(report, encoding="utf-8-sig", newline="") as stream:
        rows = {r["layer_name"]: r for r in csv.DictReader(stream)}
    assert {name: row["new_source"] for name, row in rows.items()} == in_dialog
    assert {name: row["status"] for name, row in rows.items()} == statuses
    assert rows[NAMES[RENAMED]]["catalogue"].startswith("WMTS: refreshed from the Géoplateforme on ")


def test_a_locked_auth_database_ends_the_private_refresh_with_a_message(
        gpf, tmp_path, monkeypatch, auth_manager, basic_authcfg):
    """The master password not given in this session: the private services are not asked (no
    prompt, no wait), the public ones are, and the caller is told. Unlocked: they are asked."""
    import sys

    MASTER_PASSWORD = sys.modules[auth_manager_fixture_module()].MASTER_PASSWORD
    monkeypatch.setattr(settings, "catalog_cache_dir", lambda: str(tmp_path / "cache"))
    auth_manager.clearMasterPassword()  # as in a qgis_process run nobody unlocked
    try:
        assert not catalog_store.auth_unlocked()
        outcome = catalog_store.refresh_now(authcfg=basic_authcfg)
    finally:
        assert auth_manager.setMasterPassword(MASTER_PASSWORD, True)
    assert outcome.private_skipped and outcome.ok
    assert any("authentication database is locked" in m for m in outcome.messages)
    assert gpf.requests_to("/wmts", "GetCapabilities")
    assert not gpf.requests_to("/private/wmts") and not gpf.requests_to("/private/wms-r")
    assert "wmts-private" not in catalog_store.current_catalog().provenance or \
        catalog_store.current_catalog().provenance["wmts-private"]["origin"] == "snapshot"

    outcome = catalog_store.refresh_now(authcfg=basic_authcfg)  # unlocked now
    assert not outcome.private_skipped and outcome.ok, outcome.messages
    assert gpf.requests_to("/private/wmts", "GetCapabilities")
    assert catalog_store.current_catalog().provenance["wmts-private"]["origin"] == "refresh"


def test_the_dock_store_follows_a_refresh_saved_by_another_path(refreshed, qgis_app):
    """A Processing run refreshed the profile's catalogue: the dock's store answers with it and
    tells the dock, the Browser and the locator."""
    from qgis.PyQt.QtCore import QCoreApplication

    from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore

    store = CatalogStore()
    seen = []
    store.catalogChanged.connect(seen.append)
    first = store.catalog()
    assert first is refreshed and store.origin == "cache" and not seen
    again = catalog_store.refresh_now()  # what a Processing run with the option does
    assert again.ok and again.catalog is not first
    assert store.catalog() is again.catalog
    QCoreApplication.processEvents()
    assert seen == [again.catalog]
    # Unchanged on the server (HTTP 304): the same entries, confirmed as of now.
    assert len(again.catalog) == len(first)
    assert again.catalog.provenance["wmts"]["date"] >= first.provenance["wmts"]["date"]
