"""One migration, one answer: the file on disk and the open project agree on every layer of
every project fixture, and every fixture migrated on disk opens valid against the loopback.

The served names are read from the loopback's own documents (built from IGN's documents only,
tests/loopback/documents.py) with plain lxml, never from the plugin's catalogue or tables: a
name the plugin rewrote that the loopback does not serve is listed as unverified, and the
engine must have said so itself.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import etree
from qgis.core import QgsProject

from bascule_geoplateforme.core.migration.qgis_side.live_migration import plan_project
from bascule_geoplateforme.core.migration.project_file import migrate_project_file
from bascule_geoplateforme.core.platform.sources import parse_source, parse_url
from loopback import documents
from honest_skips import LEGACY_HOSTS

# Real projects opened unmigrated: their old hosts, and data.geopf.fr for the current one.
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS, "data.geopf.fr")

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted([*(DATA / "real-world" / "projects").iterdir(), *(DATA / "built").glob("*.qgs")])
IDS = [p.name for p in FIXTURES]
READS = {"unresolved": QgsProject.ReadFlag.FlagDontResolveLayers, "resolved": QgsProject.ReadFlags()}
CHECKED = {}  # fixture -> (layers checked valid, unverified names): the closing note


def read(project, path, flags):
    project.clear()
    assert project.read(str(path), flags), project.error()


@pytest.mark.parametrize("how", list(READS))
@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_file_and_open_project_give_each_layer_the_same_decision(tmp_path, fixture, how):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    report = migrate_project_file(path, dry_run=True)
    project = QgsProject.instance()
    read(project, path, READS[how])
    plans = {p.layer_id: p for p in plan_project(project)}
    decided = [d for d in report.decisions if d.layer_id in plans]
    assert len(decided) == len(report.decisions) == len(plans) > 0
    for decision in decided:
        plan = plans[decision.layer_id]
        assert (plan.status, plan.migration.new_source) == (decision.status, decision.new), decision.layer_id
        assert [m.code for m in plan.migration.messages] == [m.code for m in decision.messages]
    project.clear()


def test_qgis18_layers_withdrawn_in_the_open_project_too(tmp_path):
    """The project of the issue's first point: the dialog's plan says withdrawn where the file
    migration does, on every QGIS version (3.30+ mangles the layer's source, not its XML)."""
    fixture = DATA / "built" / "qgis18_geoportail_wms.qgs"
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    project = QgsProject.instance()
    read(project, path, QgsProject.ReadFlags())
    statuses = {p.layer_id: p.status for p in plan_project(project)}
    assert statuses["BDPARCEL20130101120000002"] == statuses["OCSGE20130101120000003"] == "withdrawn"
    assert statuses["ORTHO20130101120000000"] == "migrated"
    assert statuses["PLANIGN20130101120000001"] == "renamed"
    project.clear()


# -- migrated on disk, opened against the loopback ----------------------------------------------
def served_names(base_url):
    """{service path: names} of what the loopback serves, read from its documents."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)

    def xpath(name, expression):
        return set(etree.fromstring(documents.build(name, base_url), parser).xpath(expression))

    wms = "//*[local-name()='Layer']/*[local-name()='Name']/text()"
    wmts = "//*[local-name()='Contents']/*[local-name()='Layer']/*[local-name()='Identifier']/text()"
    return {
        "wms-r": xpath("wms-r", wms) | xpath("wms-r-private", wms),
        "wms-v": xpath("wms-v", wms) | xpath("wms-v-private", wms),
        "wmts": xpath("wmts", wmts) | xpath("wmts-private", wmts),
        "wfs": xpath("wfs", "//*[local-name()='FeatureType']/*[local-name()='Name']/text()"),
        "tms": {Path(urlsplit(h).path).name for h in xpath("tms", "//*[local-name()='TileMap']/@href")},
    }


def service_of(url):
    path = urlsplit(url).path.replace("/private/", "/")
    for service in ("wms-r", "wms-v", "wmts", "wfs", "tms"):
        if path.startswith("/" + service):
            return service
    return ""


def requested(provider, source):
    """(service, [layer names]) a source asks the Géoplateforme for."""
    parsed = parse_source(provider, source)
    values = {}
    for key, value in parsed.items():
        values.setdefault(key.lower(), []).append(value or "")
    url = (values.get("url") or [""])[0]
    service = service_of(url)
    if service == "tms":
        parts = urlsplit(url).path.split("/")
        return service, [parts[parts.index("1.0.0") + 1]]
    query = parse_url(url) if "://" in url else None
    if provider.lower() == "wfs":
        return service, values.get("typename", [])
    names = [n for v in values.get("layers", []) for n in v.split(",") if n]
    if query is not None:
        for key in ("layer", "layers"):
            names += [n for n in unquote(query.query_get(key, "") or "").split(",") if n]
    return service, names


@pytest.mark.parametrize("fixture", FIXTURES, ids=IDS)
def test_migrated_on_disk_opens_valid_against_the_loopback(tmp_path, gpf, basic_authcfg, fixture):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    report = migrate_project_file(path, backup=False, authcfg=basic_authcfg)
    rewritten = [d for d in report.decisions if d.migration.rewrites]
    served = served_names(gpf.base_url)
    project = QgsProject.instance()
    read(project, path, QgsProject.ReadFlags())
    checked, unverified = 0, []
    for decision in rewritten:
        layer = project.mapLayer(decision.layer_id)
        assert layer is not None, decision.layer_id
        service, names = requested(decision.provider, decision.new)
        assert service and names, (decision.layer_id, decision.new)
        missing = [n for n in names if n not in served[service]]
        if missing:  # only the plugin's tables know them: the engine must have said so
            said = {m.params.get("layer") for m in decision.messages if m.code == "unverified"}
            assert set(missing) <= said, (decision.layer_id, missing)
            unverified += [f"{service}:{n}" for n in missing]
            continue
        assert layer.isValid(), (decision.layer_id, decision.new, layer.error().summary())
        checked += 1
    CHECKED[fixture.name] = (checked, len(rewritten), sorted(set(unverified)))
    print(f"\n{fixture.name}: {checked} of {len(rewritten)} rewritten layers valid and served; "
          f"unverified: {sorted(set(unverified)) or 'none'}")
    assert checked + len(unverified) >= len(rewritten) and (not rewritten or checked)
    project.clear()
