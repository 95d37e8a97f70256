"""``catalog=None`` keeps meaning the bundled snapshot; a catalogue passed explicitly decides.

The refreshed catalogue here differs from the snapshot as a later GetCapabilities would: a
tile matrix set renamed, a layer added, a layer unpublished. The engine and the project-file
migration answer from whichever catalogue they are given, and the report names it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bascule_geoplateforme.core.catalog import catalog_index as catalog_module
from bascule_geoplateforme.core.capabilities.model import WMTS
from bascule_geoplateforme.core.catalog.catalog_index import Catalog, bundled_catalog
from bascule_geoplateforme.core.migration.engine import migrate_source
from bascule_geoplateforme.core.migration.project_file import migrate_project_file
from bascule_geoplateforme.core.platform.sources import parse_source

PROJECT = (Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
           / "lizmap_54bf451__test_print.qgs")
LEGACY = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
          "&layers={layer}&styles=normal&tileMatrixSet=PM"
          "&url=https://wxs.ign.fr/choisirgeoportail/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
ADDED = "ORTHOIMAGERY.ORTHOPHOTOS.BDORTHO.2027"  # a name no real document of ours lists
GONE = "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)


@pytest.fixture(scope="module")
def refreshed():
    data = bundled_catalog().to_dict()
    entries = []
    for item in data["entries"]:
        if item["service"] == WMTS and item["name"] == GONE and not item.get("restricted"):
            continue  # unpublished since the snapshot
        if item["service"] == WMTS and item["name"] == "ORTHOIMAGERY.ORTHOPHOTOS":
            item = dict(item, tile_matrix_set_links=[{"tile_matrix_set": "PM_0_18",
                                                      "min_zoom": 0, "max_zoom": 18}])
            added = dict(item, name=ADDED, title=ADDED)
            entries.append(added)
        entries.append(item)
    data["entries"] = entries
    data["provenance"] = dict(data["provenance"], wmts={"origin": "refresh",
                                                       "date": "2026-12-07T09:30:00+00:00"})
    return Catalog.from_dict(data)


def tms(result):
    return dict(parse_source("wms", result.new_source).items()).get("tileMatrixSet")


def test_migrate_source_without_a_catalogue_uses_the_snapshot(refreshed):
    ortho = LEGACY.format(layer="ORTHOIMAGERY.ORTHOPHOTOS")
    assert tms(migrate_source("wms", ortho)) == "PM_0_19"  # the snapshot's (IGN 2026-06)
    assert tms(migrate_source("wms", ortho, catalog=None)) == "PM_0_19"
    assert tms(migrate_source("wms", ortho, catalog=refreshed)) == "PM_0_18"
    added = LEGACY.format(layer=ADDED)
    assert bundled_catalog().get(WMTS, ADDED) is None
    assert "data.geopf.fr" not in migrate_source("wms", added, catalog=None).new_source
    found = migrate_source("wms", added, catalog=refreshed)
    assert "data.geopf.fr" in found.new_source and tms(found) == "PM_0_18"
    assert refreshed.get(WMTS, GONE) is None and bundled_catalog().get(WMTS, GONE)


def test_migrate_project_file_without_a_catalogue_uses_the_snapshot(tmp_path, refreshed):
    path = tmp_path / PROJECT.name
    shutil.copyfile(PROJECT, path)
    default = migrate_project_file(path, dry_run=True)
    snapshot = migrate_project_file(path, dry_run=True, catalog=None)
    fresh = migrate_project_file(path, dry_run=True, catalog=refreshed)

    def ortho(report):
        [decision] = [d for d in report.decisions if "ORTHOIMAGERY" in d.old]
        return dict(parse_source("wms", decision.new).items())["tileMatrixSet"]
    assert ortho(default) == ortho(snapshot) == "PM_0_19"
    assert ortho(fresh) == "PM_0_18"
    # The report says which catalogue decided, per service, with its date.
    assert default.catalogue["wmts"]["en"] == \
        "WMTS: bundled snapshot (IGN documents of 2024-06-06 to 2026-06-10)"
    assert fresh.catalogue["wmts"]["fr"] == \
        "WMTS\u00a0: actualisé depuis la Géoplateforme le 07/12/2026 09:30 UTC"
    assert "actualisé depuis la Géoplateforme le 07/12/2026" in fresh.to_html("fr")
    assert "refreshed from the Géoplateforme on 2026-12-07 09:30 UTC" in fresh.csv_text()
    assert "bundled snapshot (IGN documents of 2024-06-06 to 2026-06-10)" in default.csv_text()


def test_provenance_survives_the_cache_format():
    catalog = bundled_catalog()
    again = Catalog.from_json(catalog.to_json())
    assert again.provenance == catalog.provenance
    assert catalog_module.provenance_summary(again, "en").startswith(
        "bundled snapshot (IGN documents of")
