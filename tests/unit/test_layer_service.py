"""One layer service: no module but core/layers/qgis_side/layer_factory.py constructs a map
layer or puts one in the layer tree.

The dock, the Browser, the locator, the migration dialog (replacements, splits) and the downloads
go through the service, so that every layer gets IGN's credit and lands in the tree the same way;
this scan makes a new bypass fail the unit suite instead of waiting for a reviewer to spot it.
"""
from __future__ import annotations

import ast
from pathlib import Path

from plugin_code import ROOT, plugin_files
SERVICE = Path("core/layers/qgis_side/layer_factory.py")
SCANNED = ("core", "gui", "processing_provider", "plugin.py")

# QgsMapLayer and its subclasses (qgis.core, 3.22 to 4.x).
LAYER_CLASSES = {
    "QgsMapLayer", "QgsRasterLayer", "QgsVectorLayer", "QgsVectorTileLayer", "QgsMeshLayer",
    "QgsPointCloudLayer", "QgsAnnotationLayer", "QgsGroupLayer", "QgsTiledSceneLayer",
    "QgsPluginLayer",
}
# Calls that put a layer (or a layer's tree node) in a project or its tree, or make and place
# one at once (QgisInterface's add*Layer, layer definitions).
PLACING_CALLS = {
    "addMapLayer", "addMapLayers", "insertLayer", "addLayer", "insertChildNode",
    "insertChildNodes", "addChildNode", "addRasterLayer", "addVectorLayer", "addMeshLayer",
    "addVectorTileLayer", "addPointCloudLayer", "addTiledSceneLayer", "loadLayerDefinition",
}


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def bypasses(source: str, filename: str = "<string>"):
    """(line, what) for each place ``source`` constructs a map layer, subclasses one (a
    subclass would be constructed under another name) or places a layer."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in LAYER_CLASSES:
                found.append((node.lineno, f"constructs {name}"))
            elif name in PLACING_CALLS:
                found.append((node.lineno, f"calls {name}"))
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                if _name(base) in LAYER_CLASSES:
                    found.append((node.lineno, f"subclasses {_name(base)}"))
        elif isinstance(node, (ast.ImportFrom, ast.Import)):
            for alias in node.names:  # an alias would hide a constructor from the name check
                if alias.name.rsplit(".", 1)[-1] in LAYER_CLASSES and alias.asname:
                    found.append((node.lineno, f"imports {alias.name} as {alias.asname}"))
    return found


def test_only_the_layer_service_makes_or_places_layers():
    modules = list(plugin_files(SCANNED))
    assert len(modules) > 50  # the scan reads the tree, not an empty folder
    offenders = []
    for path in modules:
        relative = path.relative_to(ROOT)
        if relative == SERVICE:
            continue
        for line, what in bypasses(path.read_text(encoding="utf-8"), str(relative)):
            offenders.append(f"{relative}:{line} {what}")
    assert offenders == [], "go through core/layers/qgis_side/layer_factory.py:\n" + "\n".join(offenders)


def test_the_service_itself_is_what_the_scan_finds():
    # The service does construct and place layers: the scan recognises each of its calls.
    found = {what for _, what in bypasses((ROOT / SERVICE).read_text(encoding="utf-8"))}
    assert {"constructs QgsRasterLayer", "constructs QgsVectorLayer", "constructs QgsVectorTileLayer",
            "calls addMapLayer", "calls insertLayer", "calls addLayer", "calls insertChildNode"} <= found


def test_an_injected_bypass_fails():
    violation = '''
from qgis.core import QgsProject, QgsRasterLayer
from qgis.core import QgsVectorLayer as Layer
from qgis import core


class Mine(core.QgsVectorTileLayer):
    pass


def add(source, parent, node):
    layer = QgsRasterLayer(source, "x", "wms")
    other = core.QgsMeshLayer(source, "m", "mdal")
    QgsProject.instance().addMapLayer(layer, False)
    QgsProject.instance().addMapLayers([other])
    parent.insertLayer(0, layer)
    parent.insertChildNode(0, node)
    return Layer(source, "v", "ogr")
'''
    assert [what for _, what in bypasses(violation)] == [
        "imports QgsVectorLayer as Layer", "subclasses QgsVectorTileLayer",
        "constructs QgsRasterLayer", "constructs QgsMeshLayer", "calls addMapLayer",
        "calls addMapLayers", "calls insertLayer", "calls insertChildNode"]
    # The same source, dropped in the tree under any other module's name, fails the scan.
    clean = "from qgis.core import QgsProject\n\ndef count():\n    return QgsProject.instance().count()\n"
    assert bypasses(clean) == []
