"""The layer service: the one path that creates a layer, credits it, places it in the layer
tree and records it (a ``PlacedLayer`` whose ``revert()`` takes it out again).

QGIS glue, no widgets. The dock, the Browser and the locator (gui/entry_actions), the migration
dialog (replacements, splits: core/migration/qgis_side/layer_split.py) and the downloads
(core/download/qgis_side/open_layers.py) all come here; tests/unit/test_layer_service.py fails
when any other module constructs a map layer or puts one in the tree.

Catalogue entry + options -> QGIS data source -> map layer. Sources are built with
QgsDataSourceUri (never by gluing strings) on the endpoint ``endpoints.service_url()`` gives,
not on the URL stored in the entry: the base-URL override then also works with the bundled
snapshot. Restricted entries use the /private/ endpoint and an auth config (``authcfg=``),
never a key in the URL.

Vector tiles: the source keeps ``styleUrl`` (newer QGIS and the desktop's own "add layer"
path apply it), but QGIS 3.22 does not apply it when a QgsVectorTileLayer is constructed, and
its own loader is a blocking request on the UI thread. ``create_layer`` therefore fetches the
style JSON (and its sprites) in a QgsTask and applies it with QgsMapBoxGlStyleConverter.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import List, Optional, Tuple

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsDataSourceUri,
    QgsMapBoxGlStyleConversionContext,
    QgsMapBoxGlStyleConverter,
    QgsMimeDataUtils,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsVectorTileLayer,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtGui import QImage

from .. import attribution
from ...platform import endpoints
from ...toolbelt.qgis_side import tasks
from ...toolbelt.qgis_side.log_bridge import LOG_TAG
from ...toolbelt.log import logger
from ...capabilities.model import TMS, WFS, WMTS, Entry
from ...catalog.qgis_side.catalog_store import fetch
from ..layer_options import (VECTOR, VECTOR_TILE, LayerOptions, default_options, is_vector_tiles,
                             layer_kind, rebase)

_log = logger(__name__)

WMS_PROVIDER, WFS_PROVIDER, VECTOR_TILE_PROVIDER = "wms", "WFS", "vectortile"
# ROK4's tile extension per format (it refuses any other: "jpg", "tiff"; docs/reference/servers.md §3).
_TILE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp",
                    "image/tiff": "tif"}
# pylupdate5 reads _translate("Context", "text") calls (the form pyuic5 writes).
_translate = QCoreApplication.translate
# Python tasks must outlive the call that starts them: the task manager owns the C++ side only.
_PENDING_TASKS = set()


class LayerError(Exception):
    """A layer that QGIS could not open; the message is meant for the user."""


# --- data sources -----------------------------------------------------------------------

def layer_name(entry: Entry) -> str:
    return entry.title or entry.name


def _uri(params, authcfg: str = "") -> QgsDataSourceUri:
    uri = QgsDataSourceUri()
    for key, value in params:
        uri.setParam(key, value)
    if authcfg:
        uri.setAuthConfigId(authcfg)
    return uri


def _encoded(uri: QgsDataSourceUri) -> str:
    return bytes(uri.encodedUri()).decode()


def _keyed(entry: Entry, params):
    """Restricted WMS/WMTS: send GetMap/GetTile and GetFeatureInfo to the private endpoint,
    not to the addresses the capabilities advertise, which may be public ones (IGN's QGIS
    guidance) or another host (the key never goes there)."""
    return params + [("IgnoreGetMapUrl", "1"), ("IgnoreGetFeatureInfoUrl", "1")] \
        if entry.restricted else params


def build_source(entry: Entry, options: LayerOptions) -> Tuple[str, str]:
    """(provider key, data source) for ``entry`` added with ``options``."""
    endpoint = endpoints.service_url(entry.service, entry.restricted)
    authcfg = options.authcfg
    if entry.service == WMTS:
        # "layers" (plural): with "layer" the provider sends no request (docs/reference/qgis.md §3).
        params = [("crs", options.crs), ("dpiMode", "7"), ("featureCount", "10"),
                  ("format", options.format), ("layers", entry.name),
                  ("styles", options.style), ("tileMatrixSet", options.tile_matrix_set),
                  ("url", endpoints.capabilities_url(WMTS, entry.restricted))]
        return WMS_PROVIDER, _encoded(_uri(_keyed(entry, params), authcfg))
    if entry.service == WFS:
        params = [("pagingEnabled", "true"), ("preferCoordinatesForWfsT11", "false"),
                  ("restrictToRequestBBOX", "1" if options.extent_only else "0"),
                  ("srsname", options.crs), ("typename", entry.name), ("url", endpoint),
                  ("version", "2.0.0")]
        if options.subset:
            # The provider reads a plain expression as its subset string, a SELECT as SQL.
            is_sql = options.subset.lstrip()[:7].upper() in ("SELECT ", "SELECT\t")
            params.append(("sql" if is_sql else "filter", options.subset))
        return WFS_PROVIDER, _uri(params, authcfg).uri(False)
    if entry.service == TMS:
        kind = layer_kind(entry)
        extension = "pbf" if kind == VECTOR_TILE else _TILE_EXTENSIONS.get(options.format, "png")
        params = [("type", "xyz"),
                  ("url", f"{endpoint}/{entry.name}/{{z}}/{{x}}/{{y}}.{extension}"),
                  ("zmin", str(options.min_zoom if options.min_zoom is not None else 0)),
                  ("zmax", str(options.max_zoom if options.max_zoom is not None else 18))]
        if kind == VECTOR_TILE:
            if options.style_url:
                params.append(("styleUrl", options.style_url))
            return VECTOR_TILE_PROVIDER, _encoded(_uri(params, authcfg))
        params.insert(0, ("crs", "EPSG:3857"))
        return WMS_PROVIDER, _encoded(_uri(params, authcfg))
    # WMS-Raster, WMS-Vecteur
    params = [("contextualWMSLegend", "0"), ("crs", options.crs), ("dpiMode", "7"),
              ("format", options.format), ("layers", entry.name), ("styles", options.style),
              ("url", endpoint)]
    return WMS_PROVIDER, _encoded(_uri(_keyed(entry, params), authcfg))


def mime_uri(entry: Entry, options: LayerOptions) -> QgsMimeDataUtils.Uri:
    """What QGIS needs to add the layer itself when it is dropped on the canvas or legend."""
    provider, source = build_source(entry, options)
    uri = QgsMimeDataUtils.Uri()
    uri.layerType = layer_kind(entry)
    uri.providerKey = provider
    uri.name = layer_name(entry)
    uri.uri = source
    return uri


# --- layers -----------------------------------------------------------------------------

_PROBLEMS = (Qgis.MessageLevel.Warning, Qgis.MessageLevel.Critical)


class _ProviderMessages:
    """Warnings QGIS's providers log while a layer opens: the only detail a failed WMS or
    WFS gives (and ``error()`` of an invalid QgsVectorLayer crashes QGIS 3.22)."""

    def __enter__(self):
        self.messages = []
        QgsApplication.messageLog().messageReceived.connect(self._received)
        return self

    def _received(self, message, tag, level):
        if tag != LOG_TAG and level in _PROBLEMS:
            self.messages.append(message)

    def __exit__(self, *exc):
        QgsApplication.messageLog().messageReceived.disconnect(self._received)


def _error_detail(layer, logged) -> str:
    if logged:
        return logged[-1]
    if isinstance(layer, QgsRasterLayer) and not layer.error().isEmpty():
        # "Provider is not valid (provider: wms, URI: …": the URI is noise for the user.
        return layer.error().summary().split(" (provider:", 1)[0]
    return ""


def create_layer(entry: Entry, options: Optional[LayerOptions] = None, name: str = "",
                 catalog=None, load_style: bool = True):
    """A valid QgsMapLayer for ``entry``, or LayerError with a message for the user.

    Vector tiles get their style asynchronously (see VectorStyleTask) when ``load_style``.
    """
    options = options or default_options(entry, catalog)
    if entry.restricted and not options.authcfg:
        raise LayerError(_translate(
            "Layers", "“{0}” is restricted: choose a Géoplateforme key (an authentication "
            "configuration) to add it.").format(layer_name(entry)))
    provider, source = build_source(entry, options)
    name = name or layer_name(entry)
    kind = layer_kind(entry)
    with _ProviderMessages() as log:
        if kind == VECTOR_TILE:
            layer = QgsVectorTileLayer(source, name)
        elif kind == VECTOR:
            layer = QgsVectorLayer(source, name, provider)
        else:
            layer = QgsRasterLayer(source, name, provider)
    if not layer.isValid():
        detail = (_error_detail(layer, log.messages)
                  or _translate("Layers", "the service did not answer as expected"))
        hint = _translate("Layers", " Check the key and its rights.") if entry.restricted else ""
        raise LayerError(_translate("Layers", "Could not add “{0}” ({1}): {2}.").format(
            name, entry.name, detail.strip().rstrip(".")) + hint)
    if kind == VECTOR and options.subset and layer.subsetString() != options.subset:
        if not layer.setSubsetString(options.subset):
            raise LayerError(_translate(
                "Layers", "The filter of “{0}” is not valid: {1}").format(name, options.subset))
    attribution.credit_entry(layer, entry)
    if kind == VECTOR_TILE and load_style and options.style_url:
        load_vector_style(layer, options.style_url, options.authcfg)
    return layer


# --- other layers: downloaded files, split WMS layers --------------------------------------

def open_file_layer(provider: str, source: str, name: str, licence: str = "",
                    restricted: bool = False):
    """A layer of a downloaded file ("gdal": a raster, else a vector of ``provider``), with
    IGN's credit and the feed's licence (else the terms of open or ``restricted`` data) when it
    opens (check ``isValid()``)."""
    if provider == "gdal":
        layer = QgsRasterLayer(source, name, "gdal")
    else:
        layer = QgsVectorLayer(source, name, provider)
    if layer.isValid():
        attribution.credit_download(layer, licence, restricted)
    return layer


def open_migrated_wms(source: str, name: str):
    """A WMS layer on a source the migration wrote (one part of a split), credited as such."""
    layer = QgsRasterLayer(source, name, WMS_PROVIDER)
    attribution.credit_migrated(layer)
    return layer


# --- the layer tree -----------------------------------------------------------------------

@dataclass
class PlacedLayer:
    """A layer this module put in a project: ``revert()`` takes it out (the migration dialog's
    Revert)."""

    project: QgsProject
    layer_id: str

    def revert(self) -> bool:
        if self.project.mapLayer(self.layer_id) is None:
            return False
        self.project.removeMapLayer(self.layer_id)
        self.project.setDirty(True)
        return True


def add_to_project(layer, project: Optional[QgsProject] = None) -> PlacedLayer:
    """Into the project where QGIS puts a new layer (in the desktop: above the selected one)."""
    project = project or QgsProject.instance()
    project.addMapLayer(layer)
    return PlacedLayer(project, layer.id())


def place_layer(layer, parent, index: int = 0, project: Optional[QgsProject] = None) -> PlacedLayer:
    """Into the project at ``index`` of the tree group ``parent``."""
    project = project or QgsProject.instance()
    project.addMapLayer(layer, False)
    parent.insertLayer(index, layer)
    return PlacedLayer(project, layer.id())


def place_in_group(layers: List, group_name: str,
                   project: Optional[QgsProject] = None) -> List[PlacedLayer]:
    """Into the project, in order, at the end of the group ``group_name`` (made at the top of
    the tree when there is none)."""
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    group = root.findGroup(group_name) or root.insertGroup(0, group_name)
    placed = []
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        placed.append(PlacedLayer(project, layer.id()))
    return placed


def position_of(project: QgsProject, layer_id: str):
    """(parent group, index) of a layer's node in the tree (the root, at the top, if none)."""
    root = project.layerTreeRoot()
    node = root.findLayer(layer_id)
    if node is None:
        return root, 0
    parent = node.parent() or root
    return parent, parent.children().index(node)


def move_node(node, parent, index: int):
    """Move a layer node: clone it in, then remove the old one (the layer stays in the project:
    QGIS removes a layer only when no node of the tree shows it any more)."""
    clone = node.clone()
    parent.insertChildNode(index, clone)
    node.parent().removeChildNode(node)
    return clone


def add_entry_layer(entry: Entry, options: LayerOptions, catalog=None, name: str = "",
                    project: Optional[QgsProject] = None, beside: str = ""):
    """Create ``entry``'s layer, put it in the project (above the layer ``beside`` when given,
    else where QGIS puts a new layer) and start its vector-tile style once it is there.

    Returns (layer, PlacedLayer, style task or None); LayerError when it does not open."""
    layer = create_layer(entry, options, name=name, catalog=catalog, load_style=False)
    if beside:
        project = project or QgsProject.instance()
        parent, index = position_of(project, beside)
        placed = place_layer(layer, parent, index, project)
    else:
        placed = add_to_project(layer, project)
    task = None
    if is_vector_tiles(entry) and options.style_url:
        # QGIS 3.22 does not apply a vector tile styleUrl by itself (module docstring).
        task = load_vector_style(layer, options.style_url, options.authcfg)
    return layer, placed, task


# --- vector tile styles -----------------------------------------------------------------

def apply_vector_style(layer, style: dict, sprite_definitions=None, sprite_image=None):
    """Convert a Mapbox GL style and give its renderer and labels to ``layer``.

    Returns the converter's warnings; raises LayerError when nothing could be converted."""
    context = QgsMapBoxGlStyleConversionContext()
    if sprite_definitions and sprite_image is not None and not sprite_image.isNull():
        context.setSprites(sprite_image, sprite_definitions)
    converter = QgsMapBoxGlStyleConverter()
    result = converter.convert(style, context)
    if result != QgsMapBoxGlStyleConverter.Result.Success:
        raise LayerError(_translate("Layers", "Could not read the vector tile style: {0}").format(
            converter.errorMessage()))
    layer.setRenderer(converter.renderer())
    labeling = converter.labeling()
    if labeling is not None:
        layer.setLabeling(labeling)
    layer.triggerRepaint()
    return list(converter.warnings())


class VectorStyleTask(tasks.PluginTask):
    """Fetch a style JSON (and its sprites) off the UI thread, apply it when done."""

    applied = pyqtSignal(bool, str)  # ok, message

    def __init__(self, layer, url: str, authcfg: str = ""):
        super().__init__(_translate("Layers", "Loading a vector tile style"))
        self.layer = layer
        self.url = url
        self.authcfg = authcfg
        self.style = None
        self.sprite_definitions = None
        self.sprite_png = b""

    def _get(self, url: str) -> bytes:
        status, body, _, error, _ = fetch(url, self.authcfg, feedback=self.feedback)
        if error or status >= 400:
            raise OSError(error or f"HTTP {status}")
        return body

    def work(self) -> bool:
        try:
            self.style = json.loads(self._get(self.url))
        except (OSError, ValueError) as err:
            self.error = str(err)
            return False
        sprite = self.style.get("sprite") if isinstance(self.style, dict) else None
        if isinstance(sprite, str) and sprite:
            # Sprites only add icons: a style without them still draws.
            try:
                self.sprite_definitions = json.loads(self._get(rebase(sprite) + ".json"))
                self.sprite_png = self._get(rebase(sprite) + ".png")
            except (OSError, ValueError):
                self.sprite_definitions, self.sprite_png = None, b""
        return True

    def finished(self, ok: bool):
        _PENDING_TASKS.discard(self)
        if sip.isdeleted(self.layer):
            return  # removed from the project meanwhile
        if not ok or not isinstance(self.style, dict):
            message = _translate("Layers", "Could not load the style {0}: {1}").format(
                self.url, self.error or _translate("Layers", "cancelled"))
            _log.info(message)
            self.applied.emit(False, message)
            return
        try:
            image = QImage.fromData(self.sprite_png) if self.sprite_png else None
            warnings = apply_vector_style(self.layer, self.style, self.sprite_definitions, image)
        except LayerError as err:
            _log.info(str(err))
            self.applied.emit(False, str(err))
            return
        if warnings:
            _log.info(_translate(
                "Layers", "Style {0}: {1} parts could not be converted.").format(
                    self.url, len(warnings)))
        self.applied.emit(True, "")


def load_vector_style(layer, url: str, authcfg: str = "") -> VectorStyleTask:
    """Start fetching and applying ``url`` to ``layer``; returns the task (its ``applied``
    signal tells when the style is on the layer)."""
    task = VectorStyleTask(layer, url, authcfg)
    _PENDING_TASKS.add(task)
    QgsApplication.taskManager().addTask(task)
    return task
