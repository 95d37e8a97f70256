"""WMS capabilities (1.3.0, and the 1.1.1 variant) -> catalogue entries.

The Géoplateforme has two WMS: WMS-Raster (ROK4, /wms-r) and WMS-Vecteur (GeoServer,
/wms-v). Layers nest: CRSs and styles add up down the tree, the geographic bounding box and
the queryable flag are inherited (WMS 1.3.0, 7.2.4.8).
"""
from __future__ import annotations

import dataclasses
import re
from typing import List, Optional, Tuple

from lxml import etree

from .model import WMS_RASTER, WMS_VECTOR, Capabilities, Entry, Style
from .xml import XLINK_HREF, endpoint, is_legacy_url, is_restricted, text

_VECTOR_URL = re.compile(r"/(?:private/)?wms-v(?:/|$)|/v/wms(?:/|$)", re.IGNORECASE)
_RASTER_URL = re.compile(r"/(?:private/)?wms-r(?:/|$)|/r/wms(?:/|$)", re.IGNORECASE)


class _Tags:
    """Clark tag names for one WMS namespace (1.3.0 is namespaced, 1.1.1 is not)."""

    def __init__(self, ns: str):
        for name in ("Service", "Title", "Abstract", "Capability", "Request", "GetMap", "Format",
                     "Layer", "Name", "KeywordList", "Keyword", "CRS", "SRS", "Style",
                     "LegendURL", "OnlineResource", "EX_GeographicBoundingBox",
                     "westBoundLongitude", "eastBoundLongitude", "southBoundLatitude",
                     "northBoundLatitude", "LatLonBoundingBox", "MetadataURL", "DCPType",
                     "HTTP", "Get"):
            setattr(self, name, ns + name)


def service_of(url: str, title: str, abstract: str) -> str:
    """wms-r or wms-v: from the URL, else from the service description (GeoServer is WMS-V)."""
    if _VECTOR_URL.search(url or ""):
        return WMS_VECTOR
    if _RASTER_URL.search(url or ""):
        return WMS_RASTER
    if "geoserver" in f"{title} {abstract}".lower():
        return WMS_VECTOR
    return WMS_RASTER


def _bbox(layer, t: _Tags) -> Optional[Tuple[float, float, float, float]]:
    box = layer.find(t.EX_GeographicBoundingBox)
    try:
        if box is not None:
            return (float(box.findtext(t.westBoundLongitude)),
                    float(box.findtext(t.southBoundLatitude)),
                    float(box.findtext(t.eastBoundLongitude)),
                    float(box.findtext(t.northBoundLatitude)))
        box = layer.find(t.LatLonBoundingBox)  # WMS 1.1.1
        if box is not None:
            return tuple(float(box.get(k)) for k in ("minx", "miny", "maxx", "maxy"))
    except (TypeError, ValueError):
        pass
    return None


def _style(element, t: _Tags) -> Style:
    legend = ""
    for url in element.iterchildren(t.LegendURL):
        resource = url.find(t.OnlineResource)
        if resource is not None:
            legend = resource.get(XLINK_HREF, "")
            break
    return Style(text(element.find(t.Name)), text(element.find(t.Title)), legend)


def _walk(layer, t: _Tags, inherited: dict, out: List[dict]) -> None:
    crs = list(inherited["crs"])
    for tag in (t.CRS, t.SRS):
        for element in layer.iterchildren(tag):
            # 1.1.1 servers sometimes pack several codes in one SRS element.
            for code in text(element).split():
                if code not in crs:
                    crs.append(code)
    # A layer's own styles come first (its default is the first of them), then the
    # inherited ones: a group's style is seldom what a client should ask for a member.
    styles = [_style(element, t) for element in layer.iterchildren(t.Style)]
    own = {s.name for s in styles}
    styles.extend(s for s in inherited["styles"] if s.name not in own)
    queryable = layer.get("queryable")
    state = {
        "crs": crs,
        "styles": styles,
        "bbox": _bbox(layer, t) or inherited["bbox"],
        "queryable": inherited["queryable"] if queryable is None else queryable in ("1", "true"),
    }
    name = text(layer.find(t.Name))
    if name:
        keywords = []
        for keyword_list in layer.iterchildren(t.KeywordList):
            keywords.extend(k for k in map(text, keyword_list.iterchildren(t.Keyword)) if k)
        metadata = []
        for element in layer.iterchildren(t.MetadataURL):
            resource = element.find(t.OnlineResource)
            if resource is not None and resource.get(XLINK_HREF):
                metadata.append(resource.get(XLINK_HREF))
        out.append(dict(state, name=name, title=text(layer.find(t.Title)),
                        abstract=text(layer.find(t.Abstract)), keywords=tuple(keywords),
                        metadata_urls=tuple(metadata)))
    for child in layer.iterchildren(t.Layer):
        _walk(child, t, state, out)


def parse_wms(root: etree._Element, url: str = "") -> Capabilities:
    ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    t = _Tags(ns)
    service = root.find(t.Service)
    title = text(service.find(t.Title)) if service is not None else ""
    abstract = text(service.find(t.Abstract)) if service is not None else ""
    capability = root.find(t.Capability)
    formats: Tuple[str, ...] = ()
    href = ""
    if capability is not None:
        get_map = capability.find(f"{t.Request}/{t.GetMap}")
        if get_map is not None:
            formats = tuple(f for f in map(text, get_map.iterchildren(t.Format)) if f)
            resource = get_map.find(f"{t.DCPType}/{t.HTTP}/{t.Get}/{t.OnlineResource}")
            if resource is not None:
                href = resource.get(XLINK_HREF, "")
    service_url = endpoint(url) or endpoint(href)
    service_id = service_of(service_url, title, abstract)
    restricted = is_restricted(service_url)
    found: List[dict] = []
    if capability is not None:
        start = {"crs": (), "styles": (), "bbox": None, "queryable": False}
        for layer in capability.iterchildren(t.Layer):
            _walk(layer, t, start, found)
    entries = []
    for item in found:
        styles = item["styles"]
        if styles:  # WMS has no default flag; servers list the default style first
            styles = [dataclasses.replace(styles[0], is_default=True)] + styles[1:]
        entries.append(Entry(
            service=service_id, name=item["name"], title=item["title"],
            abstract=item["abstract"], keywords=item["keywords"], bbox_wgs84=item["bbox"],
            crs=tuple(item["crs"]), formats=formats, styles=tuple(styles),
            restricted=restricted, queryable=item["queryable"],
            metadata_urls=item["metadata_urls"], url=service_url,
        ))
    legacy = is_legacy_url(url) or is_legacy_url(href)
    return Capabilities(service=service_id, title=title, url=service_url, entries=entries,
                        legacy=legacy)
