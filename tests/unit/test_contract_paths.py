"""The design's contract import paths (design.md, "Contracts") stay importable, each with its
error and result types, whatever the modules behind them become: other code and the evaluation
import these names from these paths. Each is called once, so that a path kept as a stale
re-export (another class of the same name) fails too."""
from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

PACKAGE = "bascule_geoplateforme"
DATA = Path(__file__).resolve().parents[1] / "data"
CONTRACTS = {
    "core.capabilities": ("parse_capabilities", "Capabilities", "CapabilitiesError"),
    "core.migration.engine": ("migrate_source", "SourceMigration", "STATUSES"),
    "core.migration.project_file": ("migrate_project_file", "ProjectFileError", "Report"),
}
WMTS_PM = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
           "&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
           "&url=https://wxs.ign.fr/choisirgeoportail/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)


def contract(path: str):
    return importlib.import_module(f"{PACKAGE}.{path}")


@pytest.mark.parametrize("path", sorted(CONTRACTS))
def test_each_contract_path_imports_its_names(path):
    module = contract(path)
    missing = [name for name in CONTRACTS[path] if not hasattr(module, name)]
    assert missing == []


def test_parse_capabilities_returns_capabilities_and_raises_its_error():
    capabilities = contract("core.capabilities")
    document = (DATA / "capabilities" / "gpf_wmts_data.geopf.fr_2024-06-06_happign.xml").read_bytes()
    parsed = capabilities.parse_capabilities(document, "https://data.geopf.fr/wmts")
    assert type(parsed) is capabilities.Capabilities and parsed.entries
    with pytest.raises(capabilities.CapabilitiesError, match="not a supported capabilities"):
        capabilities.parse_capabilities(b"<Catalogue/>")
    assert issubclass(capabilities.CapabilitiesError, ValueError)


def test_migrate_source_returns_a_source_migration_and_never_raises():
    engine = contract("core.migration.engine")
    migrated = engine.migrate_source("wms", WMTS_PM)
    assert type(migrated) is engine.SourceMigration
    assert isinstance(migrated.status, str) and migrated.status in engine.STATUSES
    assert migrated.status not in ("unchanged", "current")  # a wxs.ign.fr source moves
    assert "data.geopf.fr" in migrated.new_source and migrated.messages
    odd = engine.migrate_source(None, b"\x00not a str")  # odd input: a decision, no exception
    assert type(odd) is engine.SourceMigration and odd.new_source == odd.source


def test_migrate_project_file_returns_a_report_and_raises_its_error(tmp_path):
    project_file = contract("core.migration.project_file")
    project = tmp_path / "legacy.qgs"
    shutil.copyfile(DATA / "real-world" / "projects" / "haubourg_85d7891__Donnees_IGN_Geoportail_qgsv2.qgs",
                    project)
    before = project.read_bytes()
    report = project_file.migrate_project_file(project, dry_run=True)
    assert type(report) is project_file.Report and report.decisions
    assert project.read_bytes() == before  # dry run
    not_a_project = tmp_path / "notes.txt"
    not_a_project.write_text("hello", encoding="utf-8")
    with pytest.raises(project_file.ProjectFileError, match="not a QGIS project"):
        project_file.migrate_project_file(not_a_project)
    assert not_a_project.read_text(encoding="utf-8") == "hello"
