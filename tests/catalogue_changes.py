"""A Géoplateforme whose documents differ from the bundled snapshot, as IGN's change over time.

Overrides the loopback's public WMTS capabilities (its own documents, built from IGN's): one
layer's tile matrix set renamed, one layer added, one layer unpublished. Used by the tests
that show every path decides with the refreshed catalogue, not the snapshot."""
from __future__ import annotations

import copy

from lxml import etree

from loopback import documents

W, O = "{http://www.opengis.net/wmts/1.0}", "{http://www.opengis.net/ows/1.1}"
RENAMED = "ORTHOIMAGERY.ORTHOPHOTOS"  # PM_0_19 in the snapshot -> PM_0_18 here
NEW_SET = "PM_0_18"
ADDED = "ORTHOIMAGERY.ORTHOPHOTOS.BDORTHO.2027"  # not in the snapshot
UNPUBLISHED = "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"  # in the snapshot, gone here


def changed_wmts(base_url: str) -> bytes:
    root = etree.fromstring(documents.build("wmts", base_url))
    contents = root.find(f"{W}Contents")
    for layer in contents.findall(f"{W}Layer"):
        name = layer.findtext(f"{O}Identifier")
        if name == UNPUBLISHED:
            contents.remove(layer)
        elif name == RENAMED:
            link = layer.find(f"{W}TileMatrixSetLink")
            link.find(f"{W}TileMatrixSet").text = NEW_SET
            limits = link.find(f"{W}TileMatrixSetLimits")
            if limits is not None:
                for limit in list(limits):
                    if int(limit.findtext(f"{W}TileMatrix")) > 18:
                        limits.remove(limit)
            added = copy.deepcopy(layer)
            added.find(f"{O}Identifier").text = ADDED
            added.find(f"{O}Title").text = "BD ORTHO 2027"
            layer.addnext(added)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def serve_changed_documents(server) -> None:
    """Make ``server`` (a started LoopbackGeoplateforme) serve the changed WMTS document."""
    data = changed_wmts(server.base_url)
    with server._lock:  # the server's document cache: built once, then served as is
        server._cache["wmts"] = data
        server.etag_version += 1


# The source each layer has in the project (written XML-escaped).
LEGACY_SOURCE = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&"
                 "format=image/jpeg&layers={0}&styles=normal&tileMatrixSet=PM&"
                 "url=https://wxs.ign.fr/choisirgeoportail/geoportail/wmts?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
_LEGACY = LEGACY_SOURCE.replace("&", "&amp;")
NAMES = {RENAMED: "Ortho", ADDED: "BD ORTHO 2027", UNPUBLISHED: "Plan IGN"}


def write_project(path) -> None:
    """A QGIS 3 project with one legacy Géoportail WMTS layer of each kind of change (the
    old-key form real projects carry: tests/data/real-world/projects/lizmap_54bf451…)."""
    layers = "".join(
        f'  <maplayer type="raster">\n   <id>couche_{index}_5d1c6e2a_8f0b_4c1e_9a7d_3b2f1e0c9d8{index}</id>\n'
        f"   <datasource>{_LEGACY.format(name)}</datasource>\n"
        f"   <layername>{NAMES[name]}</layername>\n"
        '   <provider encoding="">wms</provider>\n  </maplayer>\n'
        for index, name in enumerate(NAMES))
    path.write_text("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                    '<qgis version="3.22.16-Białowieża" projectname="">\n <projectlayers>\n'
                    f"{layers} </projectlayers>\n</qgis>\n", encoding="utf-8")
