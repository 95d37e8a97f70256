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
