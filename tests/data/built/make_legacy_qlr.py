"""Writes legacy_ign_layers.qlr with QGIS itself (run once; the output is committed).

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/data/built/make_legacy_qlr.py

No public layer definition file with Géoportail (wxs.ign.fr) layers was found, so QGIS writes
one: three layers whose sources are taken from the real projects of tests/data/real-world
(the WMS-R Plan IGN of lizmap_77c0c38, the WMTS form with the old Géoportail username/password of
haubourg_85d7891 (for Plan IGN), the WMTS ortho of the `essentiels` key) in a group, exported with
``QgsLayerDefinition.exportLayerDefinition`` as the Layers panel's "Export Layer Definition
File…" does. The machine has no internet: the layers are invalid when written (QGIS writes
their sources as given, which is what a user's old .qlr holds).
"""
from pathlib import Path

from qgis.core import QgsApplication, QgsLayerDefinition, QgsProject, QgsRasterLayer

HERE = Path(__file__).resolve().parent
LAYERS = [
    ("Plan IGN (WMS-R)", "contextualWMSLegend=0&crs=EPSG:2154&dpiMode=7&featureCount=10&format=image/png"
     "&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&styles&url=https://wxs.ign.fr/essentiels/geoportail/r/wms"
     "?VERSION%3D1.3.0"),
    ("Plan IGN (WMTS)", "IgnoreGetMapUrl=1&crs=EPSG:3857&featureCount=10&format=image/png"
     "&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&password=MonUserPasswordGEOPORTAIL&styles=normal"
     "&tileMatrixSet=PM&url=http://gpp3-wxs.ign.fr/MaCleGEOPORTAIL/geoportail/wmts?SERVICE%3DWMTS"
     "%26REQUEST%3DGetCapabilities&username=MonUserNameGEOPORTAIL"),
    ("Photographies aériennes (WMTS)", "contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10"
     "&format=image/jpeg&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
     "&url=https://wxs.ign.fr/essentiels/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities"),
]


def main():
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    group = project.layerTreeRoot().addGroup("Géoportail (ancien)")
    for name, source in LAYERS:
        layer = QgsRasterLayer(source, name, "wms")
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    ok, error = QgsLayerDefinition.exportLayerDefinition(str(HERE / "legacy_ign_layers.qlr"), [group])
    assert ok, error
    project.clear()
    app.exitQgis()


if __name__ == "__main__":
    main()
