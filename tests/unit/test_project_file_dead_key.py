"""A project whose WMTS and WMS-R layers rely on IGN's shared sample key ``ign_scan_ws``
(switched off on 2026-10-26), in the forms IGN published (the key in the private address's
query, as in IGN's ign_scan_ws configuration, or as an ``apikey`` header; the old
``wxs.ign.fr/ign_scan_ws/…`` path), migrated with the user's key: the dead key is gone from the
bytes, the user's auth config is on every one of those layers, and a second run changes
nothing."""
from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from lxml import etree

from bascule_geoplateforme.core.migration.project_file import migrate_project_file
from bascule_geoplateforme.core.platform.sources import parse_source

WMTS_QUERY = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
              "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&styles=normal&tileMatrixSet=PM_0_18"
              "&url=https://data.geopf.fr/private/wmts?apikey%3Dign_scan_ws%26SERVICE%3DWMTS"
              "%26VERSION%3D1.0.0%26REQUEST%3DGetCapabilities")
WMTS_HEADER = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
               "&http-header:apikey=ign_scan_ws&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN25TOUR"
               "&styles=normal&tileMatrixSet=PM_6_16"
               "&url=https://data.geopf.fr/private/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
WMS_R = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
         "&layers=SCAN100_PYR-JPEG_WLD_WM&styles=SCAN100"
         "&url=https://data.geopf.fr/private/wms-r?apikey%3Dign_scan_ws%26VERSION%3D1.3.0")
OLD_PATH = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
            "&layers=GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN-OACI&styles=normal&tileMatrixSet=PM"
            "&url=https://wxs.ign.fr/ign_scan_ws/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
SOURCES = {"wmts_query": WMTS_QUERY, "wmts_header": WMTS_HEADER, "wms_r": WMS_R, "old_path": OLD_PATH}
AUTHCFG = "abc1234"


@pytest.fixture(autouse=True)
def production(monkeypatch):
    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)


def project(tmp_path):
    layers = "".join(
        f'<maplayer type="raster"><id>{name}</id><datasource>{escape(source)}</datasource>'
        f"<layername>{name}</layername><provider>wms</provider></maplayer>"
        for name, source in SOURCES.items())
    path = tmp_path / "scan.qgs"
    path.write_text(f'<qgis version="3.22.0"><projectlayers>{layers}</projectlayers></qgis>',
                    encoding="utf-8")
    return path


def test_dead_key_gone_from_the_bytes_and_the_users_key_attached(tmp_path):
    path = project(tmp_path)
    assert path.read_bytes().count(b"ign_scan_ws") == len(SOURCES)
    report = migrate_project_file(path, authcfg=AUTHCFG)
    written = path.read_bytes()
    assert b"ign_scan_ws" not in written
    assert {d.layer_id: d.status for d in report.decisions} == dict.fromkeys(SOURCES, "needs_key")
    root = etree.fromstring(written)
    for layer in root.iter("maplayer"):
        items = dict(parse_source("wms", layer.findtext("datasource")).items())
        assert items["authcfg"] == AUTHCFG, layer.findtext("id")
        assert "/private/" in items["url"]
        assert items["IgnoreGetMapUrl"] == "1"
    # Layers, styles and tile matrix sets IGN's configuration gives stay as they were.
    wms_r = dict(parse_source("wms", next(
        l.findtext("datasource") for l in root.iter("maplayer") if l.findtext("id") == "wms_r")).items())
    assert wms_r["layers"] == "SCAN100_PYR-JPEG_WLD_WM" and wms_r["styles"] == "SCAN100"
    # The report names IGN's sample key and the date, never a user's key.
    html = report.to_html("fr")
    assert "ign_scan_ws" in html and "26/10/2026" in html and AUTHCFG not in report.csv_text()
    again = migrate_project_file(path, dry_run=True, authcfg=AUTHCFG)
    assert {d.status for d in again.decisions} == {"current"} and not again.changed
