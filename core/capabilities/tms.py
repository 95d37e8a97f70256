"""TMS 1.0.0 (the root TileMapService and a TileMap resource) and vector tile metadata.json.

TMS entries carry the service root as their URL (``…/tms/1.0.0``) whichever document they
come from, so that entries read from the root and from a TileMap resource merge.
"""
from __future__ import annotations

import json
import math
from typing import List, Optional, Tuple

from lxml import etree

from .model import TMS, Capabilities, CapabilitiesError, Entry
from .xml import endpoint, is_legacy_url, is_restricted, text

_EXTENSION_FORMATS = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "pbf": "application/x-protobuf",
    "mvt": "application/vnd.mapbox-vector-tile",
    "json": "application/json",
}
_EARTH_RADIUS = 6378137.0
_MERCATOR = {"EPSG:3857", "EPSG:900913", "EPSG:102100", "OSGEO:41001"}


def format_of(extension: str) -> str:
    extension = (extension or "").lower().lstrip(".")
    return _EXTENSION_FORMATS.get(extension, extension)


def _segments(url: str) -> List[str]:
    """Path segments of a URL (absolute or relative), without the host."""
    path = endpoint(url)
    if "://" in path:
        path = path.split("://", 1)[1].partition("/")[2]
    return [s for s in path.split("/") if s]


def _root_of(url: str, name: str) -> str:
    """The TMS root of a tile map URL: strip '/<name>[/...]' from its end."""
    url = endpoint(url).rstrip("/")
    if url.endswith("/metadata.json"):
        url = url[: -len("/metadata.json")]
    if name and url.endswith("/" + name):
        url = url[: -len(name) - 1]
    return url


def _to_wgs84(crs: str, box) -> Optional[Tuple[float, float, float, float]]:
    west, south, east, north = box
    if crs.upper() in _MERCATOR:
        def lon(x):
            return math.degrees(x / _EARTH_RADIUS)

        def lat(y):
            return math.degrees(math.atan(math.sinh(y / _EARTH_RADIUS)))
        return (lon(west), lat(south), lon(east), lat(north))
    if crs.upper() in ("EPSG:4326", "CRS:84", "OGC:CRS84"):
        return (west, south, east, north)
    return None


def _tile_map_service(root, url: str) -> Capabilities:
    title = text(root.find("Title"))
    entries = []
    for tile_map in root.iter("TileMap"):
        href = tile_map.get("href", "")
        segments = _segments(href)
        if not segments:
            continue
        name = segments[-1]
        service_url = endpoint(url).rstrip("/") or _root_of(href, name)
        srs = tile_map.get("srs", "")
        extension = tile_map.get("extension", "")
        entries.append(Entry(
            service=TMS, name=name, title=tile_map.get("title", "") or name,
            crs=(srs,) if srs else (), formats=(format_of(extension),) if extension else (),
            restricted=is_restricted(service_url), url=service_url,
        ))
    legacy = is_legacy_url(url) or any(is_legacy_url(e.url) for e in entries)
    return Capabilities(service=TMS, title=title, url=endpoint(url), entries=entries,
                        legacy=legacy)


def _tile_map(root, url: str) -> Capabilities:
    tile_sets = list(root.iter("TileSet"))
    name = ""
    if tile_sets and tile_sets[0].get("href"):
        segments = _segments(tile_sets[0].get("href"))
        name = segments[-2] if len(segments) >= 2 else ""
    if not name:
        segments = _segments(url)
        name = segments[-1] if segments else ""
    if not name:
        raise CapabilitiesError("The TMS tile map does not say which layer it describes.")
    service_url = _root_of(url, name) if url else root.get("tilemapservice", "").rstrip("/")
    srs = text(root.find("SRS"))
    bbox = None
    box = root.find("BoundingBox")
    if box is not None:
        try:
            values = tuple(float(box.get(k)) for k in ("minx", "miny", "maxx", "maxy"))
            bbox = _to_wgs84(box.get("CRS") or srs, values)
        except (TypeError, ValueError):
            bbox = None
    formats = ()
    tile_format = root.find("TileFormat")
    if tile_format is not None:
        mime = tile_format.get("mime-type") or format_of(tile_format.get("extension", ""))
        formats = (mime,) if mime else ()
    zooms = []
    for index, tile_set in enumerate(tile_sets):
        order = tile_set.get("order", "")
        zooms.append(int(order) if order.isdigit() else index)
    style_urls = tuple(
        m.get("href") for m in root.iter("Metadata")
        if m.get("href") and (m.get("mime-type") or "").lower() == "application/json"
    )
    title = text(root.find("Title"))
    entry = Entry(
        service=TMS, name=name, title=title or name, abstract=text(root.find("Abstract")),
        bbox_wgs84=bbox, crs=(srs,) if srs else (), formats=formats,
        restricted=is_restricted(service_url or url), url=service_url,
        min_zoom=min(zooms) if zooms else None, max_zoom=max(zooms) if zooms else None,
        style_urls=style_urls,
    )
    return Capabilities(service=TMS, title=title, url=service_url, entries=[entry],
                        legacy=is_legacy_url(url))


def parse_tms(root: etree._Element, url: str = "") -> Capabilities:
    if root.tag == "TileMapService":
        return _tile_map_service(root, url)
    return _tile_map(root, url)


def _int(value) -> Optional[int]:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# A real metadata.json nests 4 deep; the limit keeps the answer the same on every Python
# (3.13's decoder reads a 1,000-deep document that 3.11's refuses with RecursionError).
MAX_JSON_DEPTH = 64


def _too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (one linear pass)."""
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def parse_tms_metadata_json(data: bytes, url: str = "") -> Entry:
    """Entry for a vector tile set's metadata.json (TileJSON / MBTiles metadata)."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise CapabilitiesError("The tile set metadata is not valid JSON.") from None
    if _too_deep(text):
        raise CapabilitiesError("The tile set metadata is nested too deeply to be read.")
    try:
        document = json.loads(text)
    except ValueError:
        raise CapabilitiesError("The tile set metadata is not valid JSON.") from None
    except RecursionError:  # hostile nesting: the decoder's own guard, turned into a message
        raise CapabilitiesError("The tile set metadata is nested too deeply to be read.") from None
    if not isinstance(document, dict):
        raise CapabilitiesError("The tile set metadata is not a JSON object.")
    segments = [s for s in _segments(url) if s != "metadata.json"]
    name = segments[-1] if segments else str(document.get("name") or "")
    if not name:
        raise CapabilitiesError("The tile set metadata does not name its layer.")
    bounds = document.get("bounds")
    if isinstance(bounds, str):
        bounds = bounds.split(",")
    try:
        bbox = tuple(float(v) for v in bounds) if bounds and len(bounds) == 4 else None
    except (TypeError, ValueError):
        bbox = None
    layers = document.get("vector_layers") or []
    keywords = tuple(str(layer["id"]) for layer in layers
                     if isinstance(layer, dict) and layer.get("id"))
    extension = str(document.get("format") or "")
    service_url = _root_of(url, name)
    return Entry(
        service=TMS, name=name, title=str(document.get("name") or name),
        abstract=str(document.get("description") or ""), keywords=keywords, bbox_wgs84=bbox,
        crs=(str(document["crs"]),) if document.get("crs") else (),
        formats=(format_of(extension),) if extension else (),
        restricted=is_restricted(service_url or url), url=service_url,
        min_zoom=_int(document.get("minzoom")), max_zoom=_int(document.get("maxzoom")),
    )
