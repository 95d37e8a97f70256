"""One reading of a project layer, from its XML, for the file on disk and the open project alike.

Pure module (lxml). QGIS is no reference for old projects: 3.22 converts a QGIS 1.8 WMS layer
when it reads it, 3.30+ mangles its comma items into one value (qgis/QGIS#51901). So both
paths -- ``project_file`` on a ``<maplayer>`` of the file, ``live_migration`` on an open layer's
``originalXmlProperties()`` -- read the layer here and ask the engine about the same source:
each layer gets one decision, whatever the path and the QGIS version.

Forms read: 3.x sources as written (wms, wfs, vector tiles, …), and the QGIS <= 1.8 WMS layer
(the comma source, names and styles in ``<rasterproperties><wmsSublayer>``, the format in
``<wmsFormat>``, the CRS in ``<srs>``), read the way QGIS 1.9-3.22 converted it
(QgsMapLayer::readLayerXML, QgsRasterLayer::readXml). A rewritten 1.8 layer gets the new names,
styles and format in the ``&`` form current QGIS reads; a layer left as is keeps its comma
source, but for the dead credentials (engine.left_as_is).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from lxml import etree

from ..platform.sources import COMMA, URL, detect_form, encode_params, parse_source
from . import xml_edit
from .engine import (
    CURRENT,
    NOT_SERVED,
    REWRITES,
    UNCHANGED,
    SourceMigration,
    migrate_source,
    without_credentials,
)
from .messages import Message


@dataclass
class LayerXml:
    """What a ``<maplayer>`` says about its data."""

    layer_id: str
    name: str
    provider: str
    datasource: str  # the text of <datasource>, as written
    # QGIS <= 1.8 WMS layer: ([(name, style)] in drawing order, format, crs authid)
    old_wms: Optional[Tuple[List[Tuple[str, str]], str, str]] = None
    extra: dict = field(default_factory=dict)

    @property
    def old_form(self) -> bool:
        return self.old_wms is not None


def _text(element, path: str) -> str:
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def is_old_wms(provider: str, datasource: str) -> bool:
    """QGIS's own test (QgsRasterLayer::readXml): a wms source with neither crs= nor format=
    is in the pre-1.9 form. ``type=`` marks the XYZ sources of 3.x, which need neither."""
    return (provider == "wms" and "crs=" not in datasource and "format=" not in datasource
            and "type=" not in datasource)


def read_layer(maplayer) -> Optional[LayerXml]:
    """The reading of a ``<maplayer>`` element; None when it holds no data source."""
    datasource = maplayer.find("datasource")
    if datasource is None or not datasource.text:
        return None
    provider = (maplayer.findtext("provider") or "").strip()
    if not provider and maplayer.get("type") == "vector-tile":
        provider = "vectortile"
    layer = LayerXml(maplayer.findtext("id") or "", maplayer.findtext("layername") or "",
                     provider, datasource.text)
    if maplayer.get("type") == "raster" and is_old_wms(provider, datasource.text):
        properties = maplayer.find("rasterproperties")
        sublayers = [] if properties is None else [
            (_text(s, "name"), _text(s, "style")) for s in properties.findall("wmsSublayer")]
        # What 1.8 wrote: the names in <wmsSublayer>, the comma source or a bare URL. A 3.x
        # source that merely lacks crs=/format= is read as written.
        if sublayers or detect_form(provider, datasource.text) in (COMMA, URL):
            fmt = "" if properties is None else _text(properties, "wmsFormat")
            crs = _text(maplayer, "srs/spatialrefsys/authid")
            layer.old_wms = (sublayers, fmt, crs)
    return layer


def read_layer_text(xml: str) -> Optional[LayerXml]:
    """The reading of a layer's XML as text (``QgsMapLayer.originalXmlProperties()``: a
    document whose root, or first descendant, is the ``<maplayer>``); None if unreadable."""
    if not xml:
        return None
    try:
        root = etree.fromstring(xml.encode("utf-8"), xml_edit.parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    maplayer = root if root.tag == "maplayer" else root.find(".//maplayer")
    return read_layer(maplayer) if maplayer is not None else None


def converted_source(layer: LayerXml) -> str:
    """A 1.8 WMS layer's source in the current ``&`` form, as QGIS 1.9-3.22 converted it:
    the comma items (any order) plus the names, styles, format and CRS of the elements.
    ``ignoreUrl`` becomes the IgnoreGetMapUrl/IgnoreGetFeatureInfoUrl that 3.x reads; a tiled
    ``tiled=w;h;res…`` (WMS-C) has no 3.x equivalent on the Géoplateforme and is left out."""
    sublayers, fmt, crs = layer.old_wms
    items = [("crs", crs)] if crs else []
    text = layer.datasource.strip()
    if text.lower().startswith(("http:", "https:")):
        comma = [("url", text)]
    else:
        comma = [(p.key, p.value or "") for p in parse_source("wms", text, COMMA).params
                 if p.key is not None]
    url = ""
    for key, value in comma:
        if key == "url":
            url = url or value
        elif key == "tiled":
            sizes = value.split(";")
            if len(sizes) == 2:
                items += [("maxWidth", sizes[0]), ("maxHeight", sizes[1])]
        elif key == "ignoreUrl":
            for request in value.split(";"):
                if request in ("GetMap", "GetFeatureInfo"):
                    items.append((f"Ignore{request}Url", "1"))
        elif key in ("featureCount", "username", "password"):
            items.append((key, value))
    items.append(("format", fmt))
    items += [("layers", name) for name, _ in sublayers]
    items += [("styles", style) for _, style in sublayers]
    items.append(("url", url))
    return encode_params(items)


def effective_source(layer: LayerXml) -> str:
    """The source the engine decides on."""
    return converted_source(layer) if layer.old_form else layer.datasource


def migrate_layer(layer: LayerXml, catalog=None) -> SourceMigration:
    """The decision for one layer. ``source`` is the datasource as written; ``new_source``
    what to write instead (equal when nothing changes)."""
    if not layer.old_form:
        return migrate_source(layer.provider, layer.datasource, catalog)
    decision = migrate_source("wms", converted_source(layer), catalog)
    if decision.status in REWRITES and decision.new_source != decision.source:
        new_source = decision.new_source
        messages = decision.messages + [Message("old_form_layer")]
    elif decision.status in (UNCHANGED, CURRENT, NOT_SERVED):  # untouched (never rewritten)
        new_source, messages = layer.datasource, decision.messages
    else:  # left as is: the comma source, without its dead credentials
        new_source, _ = without_credentials("wms", layer.datasource)
        messages = decision.messages
    return SourceMigration(
        decision.provider, layer.datasource, decision.status, new_source, messages,
        decision.changes, decision.layer_name, decision.new_layer_name, decision.service,
        decision.suggestion, decision.on_geoplateforme)
