"""The Processing algorithm migrates project files, one or many (batch), from qgis_process too."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException


PROJECTS = Path(__file__).resolve().parents[1] / "data" / "real-world" / "projects"
ALG = "bascule_geoplateforme:migrateprojectfile"


def test_migrate_files_in_a_batch(provider, tmp_path, monkeypatch):
    import processing

    monkeypatch.delenv("BASCULE_GPF_BASE_URL", raising=False)
    names = ["lizmap_77c0c38__external_wms_layer.qgs", "cerema-quadogeo_c245425__72_position_pcrs.qgz",
             "mborne_ecd9d25__helloworld-gpf.qgz"]
    changed = []
    for name in names:
        path = tmp_path / name
        shutil.copyfile(PROJECTS / name, path)
        result = processing.run(ALG, {"INPUT": str(path), "BACKUP": True,
                                      "REPORT": str(tmp_path / f"{name}.html")})
        changed.append(result["CHANGED"])
        assert "Géoplateforme" in (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    assert changed == [2, 2, 0]
    assert b"wxs.ign.fr" not in (tmp_path / names[0]).read_bytes()
    assert (tmp_path / (names[0] + ".bak")).exists()
    assert (tmp_path / names[2]).read_bytes() == (PROJECTS / names[2]).read_bytes()


def test_bad_file_is_a_clear_processing_error(provider, tmp_path):
    import processing

    broken = tmp_path / "broken.qgz"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(QgsProcessingException, match="corrupt"):
        processing.run(ALG, {"INPUT": str(broken)})


def test_restricted_layers_get_the_key_parameter(provider, tmp_path, gpf, basic_authcfg):
    """KEY (an auth config id) goes to the needs_key layers; the saved file holds the id, never
    the secret, and QGIS opens the layer with it against the loopback's /private/ WMTS."""
    import processing
    from qgis.core import QgsProject

    from loopback import BASIC_PASSWORD
    from qgis_helpers import PARIS_3857, painted_pixels, render

    legacy = ("contextualWMSLegend=0&amp;crs=EPSG:3857&amp;dpiMode=7&amp;featureCount=10&amp;"
              "format=image/jpeg&amp;layers=GEOGRAPHICALGRIDSYSTEMS.MAPS&amp;styles=normal&amp;"
              "tileMatrixSet=PM&amp;url=https://wxs.ign.fr/abcdefghijklmnopqrstuvwx/geoportail/wmts"
              "?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
    path = tmp_path / "scan.qgs"
    path.write_text(
        '<!DOCTYPE qgis PUBLIC \'http://mrcc.com/qgis.dtd\' \'SYSTEM\'>\n'
        '<qgis version="3.22.16-Białowieża" projectname="">\n <projectlayers>\n'
        '  <maplayer type="raster">\n   <id>scan_1</id>\n'
        f'   <datasource>{legacy}</datasource>\n   <layername>SCAN 25</layername>\n'
        '   <provider encoding="">wms</provider>\n  </maplayer>\n </projectlayers>\n</qgis>\n',
        encoding="utf-8")
    result = processing.run(ALG, {"INPUT": str(path), "KEY": basic_authcfg, "BACKUP": False})
    assert result["CHANGED"] == 1
    text = path.read_text(encoding="utf-8")
    assert f"authcfg={basic_authcfg}" in text and "/private/wmts" in text
    assert BASIC_PASSWORD not in text and "abcdefghijklmnopqrstuvwx" not in text
    project = QgsProject.instance()
    assert project.read(str(path))
    [layer] = project.mapLayers().values()
    assert layer.name() == "SCAN 25" and layer.isValid()
    assert painted_pixels(render(layer, PARIS_3857)) > 200
    assert {r.headers["authorization"][:6] for r in gpf.requests_to("/private/wmts")} == {"Basic "}
    project.clear()
