"""The layers in what was downloaded, added to the project (QGIS glue, no widgets).

Vector files (GeoPackage: every vector table; Shapefile; FlatGeobuf; GeoParquet when GDAL
has the driver) and rasters (JPEG 2000, GeoTIFF, ASCII grids) found below a folder, added
grouped under the resource's name with IGN's credit in each layer's metadata (the one
``layers.attribution``). A streamable copy opens over HTTP the same way (through GDAL's
/vsicurl/). The layers are made, credited and placed by the one layer service
(core/layers/qgis_side/layer_factory.py).
"""
from __future__ import annotations

import os
from typing import List, Optional, Tuple

from qgis.core import Qgis, QgsMapLayer, QgsProject
from qgis.PyQt.QtCore import QCoreApplication

from ...layers.qgis_side import layer_factory

VECTOR_SUFFIXES = (".gpkg", ".shp", ".fgb", ".parquet", ".geojson")
RASTER_SUFFIXES = (".jp2", ".tif", ".tiff", ".asc")

translate = QCoreApplication.translate  # pylupdate reads translate("Context", "literal")


def _gpkg_tables(path: str) -> List[str]:
    """The vector tables of a GeoPackage, as QGIS's own sublayer query finds them."""
    from qgis.core import QgsProviderRegistry

    if hasattr(Qgis, "LayerType"):  # scoped from QGIS 3.30
        vector = Qgis.LayerType.VectorLayer
    else:
        from qgis.core import QgsMapLayerType

        vector = QgsMapLayerType.VectorLayer
    return [d.name() for d in QgsProviderRegistry.instance().querySublayers(path)
            if d.providerKey() == "ogr" and d.type() == vector]


def layer_sources(files: List[str]) -> List[Tuple[str, str, str]]:
    """(provider, source, name) for every layer in ``files``, in a stable order."""
    found = []
    for path in sorted(files):
        lower = path.lower()
        stem = os.path.splitext(os.path.basename(path))[0]
        if lower.endswith(".gpkg"):
            tables = _gpkg_tables(path)
            for table in tables:
                found.append(("ogr", f"{path}|layername={table}", table if len(tables) > 1 else stem))
        elif lower.endswith(VECTOR_SUFFIXES):
            found.append(("ogr", path, stem))
        elif lower.endswith(RASTER_SUFFIXES):
            found.append(("gdal", path, stem))
    return found




def add_layers(files: List[str], group_name: str, licence: str = "",
               project: Optional[QgsProject] = None,
               restricted: bool = False) -> Tuple[List[QgsMapLayer], List[str]]:
    """Add the layers in ``files`` under a group ``group_name``, each credited with the feed's
    ``licence`` (else the terms of open or ``restricted`` data); (layers added, problems)."""
    project = project or QgsProject.instance()
    layers, problems = [], []
    for provider, source, name in layer_sources(files):
        layer = layer_factory.open_file_layer(provider, source, name, licence, restricted)
        if not layer.isValid():
            problems.append(translate("DownloadLayers", "{0} could not be opened.").format(source.split("|")[0]))
            continue
        layers.append(layer)
    if layers:
        layer_factory.place_in_group(layers, group_name, project)
    return layers, problems


def open_streamable(url: str, name: str, group_name: str, licence: str = "",
                    project: Optional[QgsProject] = None) -> Optional[QgsMapLayer]:
    """A FlatGeobuf copy opened over HTTP by GDAL (no download); None when it does not open."""
    layer = layer_factory.open_file_layer("ogr", "/vsicurl/" + url, name, licence)  # public data only
    if not layer.isValid():
        return None
    layer_factory.place_in_group([layer], group_name, project or QgsProject.instance())
    return layer


def streamable_url(file_href: str) -> str:
    """The /chunk/telechargement/ address of a file's streamable FlatGeobuf copy: the same path
    below /chunk/, the archive suffix replaced by .fgb ('' for a restricted file: the /chunk/
    service is public only)."""
    marker = "/telechargement/download/"
    if marker not in file_href or "/private/" in file_href:
        return ""
    head, _, tail = file_href.partition(marker)
    for suffix in (".7z", ".zip"):
        if tail.lower().endswith(suffix):
            tail = tail[: -len(suffix)]
    if not tail.lower().endswith(".fgb"):
        tail += ".fgb"
    return f"{head}/chunk/telechargement/download/{tail}"
