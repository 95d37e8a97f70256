"""Projects stored in a GeoPackage and in PostgreSQL (QGIS's project storage): listed, analysed,
migrated through the Processing algorithms, written back through the storage with a dated
backup copy in the same storage, and reopened valid against the loopback."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject

from bascule_geoplateforme.core.migration.qgis_side import stored_projects
from honest_skips import LEGACY_HOSTS, skip_or_fail
from pg_server import PASSWORD, PostgresServer, unavailable_reason

# Real projects opened unmigrated: their old hosts, and data.geopf.fr for the current one.
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS, "data.geopf.fr")

PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
LEGACY = PROJECTS / "lizmap_77c0c38__external_wms_layer.qgs"
CURRENT = PROJECTS / "mborne_ecd9d25__helloworld-gpf.qgz"


@pytest.fixture(scope="module")
def postgres():
    reason = unavailable_reason()
    if reason:
        skip_or_fail(reason)  # a failure under CI=true: the Makefile installs PostgreSQL
    try:
        server = PostgresServer().__enter__()
    except RuntimeError as err:
        skip_or_fail(f"PostgreSQL could not start here: {err}")
    yield server
    server.__exit__()


@pytest.fixture
def geopackage(tmp_path):
    from osgeo import ogr

    path = tmp_path / "projets.gpkg"
    ogr.GetDriverByName("GPKG").CreateDataSource(str(path)).Destroy()
    return stored_projects.gpkg_uri(str(path))


def save_into(storage_uri, name, source):
    """Save a real project into the storage as QGIS does (QgsProject.write)."""
    project = QgsProject.instance()
    assert project.read(str(source))
    uri = stored_projects.with_project(storage_uri, name)
    assert project.write(uri), project.error()
    project.clear()
    return uri


def _storage_names(uri):
    """Every project of the storage, backups included, as QGIS lists them."""
    return QgsApplication.projectStorageRegistry().projectStorageFromUri(uri).listProjects(uri)


def check_migrated_storage(storage_uri, gpf, tmp_path):
    import processing

    legacy = save_into(storage_uri, "carte IGN (2019)", LEGACY)
    current = save_into(storage_uri, "déjà à jour", CURRENT)
    original = stored_projects.read_bytes(legacy)
    untouched = stored_projects.read_bytes(current)
    assert stored_projects.list_projects(storage_uri) == [legacy, current]

    analysed = processing.run("bascule_geoplateforme:analyseprojects", {
        "INPUT": [storage_uri], "REPORT_CSV": str(tmp_path / "analyse.csv")})
    assert analysed["FILES"] == 2 and analysed["CHANGED"] == 2
    assert stored_projects.read_bytes(legacy) == original  # analysis writes nothing
    assert len(stored_projects.list_projects(storage_uri)) == 2

    report = tmp_path / "rapport.csv"
    result = processing.run("bascule_geoplateforme:migrateprojects", {
        "INPUT": [storage_uri], "REPORT_CSV": str(report), "REPORT": str(tmp_path / "r.html")})
    assert result["FILES"] == 2 and result["CHANGED"] == 2 and result["ERRORS"] == 0
    names = _storage_names(storage_uri)
    [backup] = [n for n in names if n.startswith("carte IGN (2019).bak-")]
    assert sorted(names) == sorted(["carte IGN (2019)", "déjà à jour", backup])
    assert stored_projects.read_bytes(stored_projects.with_project(storage_uri, backup)) == original
    assert stored_projects.read_bytes(current) == untouched  # nothing to change: not written
    text = report.read_text(encoding="utf-8-sig") + (tmp_path / "r.html").read_text(encoding="utf-8")
    assert PASSWORD not in text and "carte IGN" in text

    project = QgsProject.instance()
    assert project.read(legacy)
    # The fixture's two IGN WMS layers (its shapefile is not shipped with it).
    layers = [l for l in project.mapLayers().values() if l.providerType() == "wms"]
    assert len(layers) == 2 and all(layer.isValid() for layer in layers), [l.source() for l in layers]
    assert all(gpf.base_url in layer.source() for layer in layers)
    assert gpf.requests  # the layers reopened against the loopback
    project.clear()

    again = processing.run("bascule_geoplateforme:migrateprojects", {"INPUT": [storage_uri]})
    assert again["FILES"] == 2 and again["CHANGED"] == 0 and len(_storage_names(storage_uri)) == 3


def test_projects_in_a_geopackage(provider, geopackage, gpf, tmp_path):
    check_migrated_storage(geopackage, gpf, tmp_path)


def test_a_geopackage_file_given_as_input_lists_its_projects(provider, geopackage, gpf, tmp_path):
    import processing

    save_into(geopackage, "p", LEGACY)
    path = stored_projects.display(geopackage)[len("geopackage:"):]
    result = processing.run("bascule_geoplateforme:analyseprojects", {"INPUT": [path]})
    assert result["FILES"] == 1 and result["CHANGED"] == 2


def test_projects_in_postgresql(provider, postgres, gpf, tmp_path):
    check_migrated_storage(postgres.storage_uri(), gpf, tmp_path)


def test_a_stored_project_that_is_not_a_project_is_a_row(provider, geopackage, tmp_path):
    import processing

    broken = stored_projects.with_project(geopackage, "abîmé")
    stored_projects.write_bytes(broken, b"PK\x03\x04 not really an archive")
    report = tmp_path / "r.csv"
    result = processing.run("bascule_geoplateforme:migrateprojects", {
        "INPUT": [geopackage], "REPORT_CSV": str(report)})
    assert result["ERRORS"] == 1 and stored_projects.read_bytes(broken).startswith(b"PK\x03\x04 not")
    text = report.read_text(encoding="utf-8-sig")
    assert "projectName=abîmé is not a valid .qgz archive" in text and "project.qgz" not in text


def test_a_database_that_cannot_be_read_is_a_row(provider, tmp_path):
    import processing

    report = tmp_path / "r.csv"
    result = processing.run("bascule_geoplateforme:analyseprojects", {
        "INPUT": ["geopackage:" + str(tmp_path / "absent.gpkg")], "REPORT_CSV": str(report)})
    assert result["ERRORS"] == 1
    assert "error" in report.read_text(encoding="utf-8-sig")
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_projects_of_a_saved_postgresql_connection(provider, postgres, gpf, tmp_path):
    """The DATABASE/SCHEMA parameters: a PostgreSQL connection saved in QGIS (as the
    Browser saves it), its schema's projects migrated."""
    import processing
    from qgis.core import QgsProviderRegistry

    uri = postgres.storage_uri("projets_pg")
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    connection = metadata.createConnection(
        f"host=127.0.0.1 port={postgres.port} dbname={postgres_db()} user=bascule "
        f"password={PASSWORD} sslmode=disable", {"saveUsername": True, "savePassword": True})
    connection.createSchema("projets_pg")
    metadata.saveConnection(connection, "Base SIG")
    try:
        save_into(uri, "carte", LEGACY)
        report = tmp_path / "r.csv"
        result = processing.run("bascule_geoplateforme:migrateprojects", {
            "DATABASE": "Base SIG", "SCHEMA": "projets_pg", "REPORT_CSV": str(report)})
        assert result["FILES"] == 1 and result["CHANGED"] == 2
        assert len(_storage_names(uri)) == 2  # the project and its dated backup
        assert PASSWORD not in report.read_text(encoding="utf-8-sig")
    finally:
        metadata.deleteConnection("Base SIG")


def postgres_db():
    from pg_server import DATABASE

    return DATABASE
