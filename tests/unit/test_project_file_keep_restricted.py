"""``keep_needs_key``: the restricted layers left as the file has them, the others migrated
(what the project-open hook asks when no single key unlocks them)."""
from __future__ import annotations

from xml.sax.saxutils import escape

import pytest

from bascule_geoplateforme.core.migration.project_file import migrate_project_file

SCAN = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
        "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&styles=normal&tileMatrixSet=PM"
        "&url=https://wxs.ign.fr/abcdefghijklmnopqrstuvwx/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
ORTHO = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
         "&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
         "&url=https://wxs.ign.fr/ortho/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)


def project(tmp_path):
    layers = "".join(
        f'<maplayer type="raster"><id>{name}</id><datasource>{escape(source)}</datasource>'
        f"<layername>{name}</layername><provider>wms</provider></maplayer>"
        for name, source in (("scan", SCAN), ("ortho", ORTHO)))
    path = tmp_path / "p.qgs"
    path.write_text(f'<qgis version="3.22.0"><projectlayers>{layers}</projectlayers></qgis>',
                    encoding="utf-8")
    return path


def test_restricted_layers_kept_the_others_migrated(tmp_path):
    path = project(tmp_path)
    out = tmp_path / "out.qgs"
    report = migrate_project_file(path, output=out, keep_needs_key=True)
    written = out.read_text(encoding="utf-8")
    assert escape(SCAN) in written and escape(ORTHO) not in written
    assert "data.geopf.fr/wmts" in written and "/private/" not in written
    statuses = {d.layer_id: d.status for d in report.decisions}
    assert statuses == {"scan": "needs_key", "ortho": "renamed"}  # the report still says so (PM: a new tile matrix set)


def test_by_default_restricted_layers_are_migrated(tmp_path):
    path = project(tmp_path)
    out = tmp_path / "out.qgs"
    migrate_project_file(path, output=out)
    written = out.read_text(encoding="utf-8")
    assert escape(SCAN) not in written and "data.geopf.fr/private/wmts" in written
