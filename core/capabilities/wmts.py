"""WMTS 1.0.0 capabilities -> catalogue entries.

The public Géoplateforme document is about 2 MB (500+ layers, 40+ tile matrix sets), so the
parser walks children directly with precomputed Clark tag names instead of XPath.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from lxml import etree

from .model import WMTS, Capabilities, Entry, Style, TileMatrixSet, TileMatrixSetLink
from .xml import OWS11, XLINK_HREF, corners_bbox, endpoint, is_legacy_url, is_restricted, text

NS = "{http://www.opengis.net/wmts/1.0}"
CONTENTS = NS + "Contents"
LAYER = NS + "Layer"
STYLE = NS + "Style"
FORMAT = NS + "Format"
INFO_FORMAT = NS + "InfoFormat"
LEGEND_URL = NS + "LegendURL"
TMS_LINK = NS + "TileMatrixSetLink"
TMS = NS + "TileMatrixSet"
TMS_LIMITS = NS + "TileMatrixSetLimits"
TILE_MATRIX = NS + "TileMatrix"
OWS_TITLE = OWS11 + "Title"
OWS_ABSTRACT = OWS11 + "Abstract"
OWS_KEYWORDS = OWS11 + "Keywords"
OWS_KEYWORD = OWS11 + "Keyword"
OWS_IDENTIFIER = OWS11 + "Identifier"
OWS_BBOX = OWS11 + "WGS84BoundingBox"
OWS_LOWER = OWS11 + "LowerCorner"
OWS_UPPER = OWS11 + "UpperCorner"
OWS_CRS = OWS11 + "SupportedCRS"
OWS_METADATA = OWS11 + "Metadata"
OWS_SERVICE_ID = OWS11 + "ServiceIdentification"
OWS_OPERATIONS = OWS11 + "OperationsMetadata"
OWS_GET = OWS11 + "Get"

LEGACY_TITLE = "Service de visualisation WMTS Geoportail Publique"


def zoom_of(matrix_id: str) -> Optional[int]:
    """Zoom level of a tile matrix id: '12' -> 12, 'EPSG:3857:12' -> 12, else None."""
    tail = matrix_id.rpartition(":")[2].strip()
    return int(tail) if tail.isdigit() else None


def _zoom_range(matrix_ids) -> Tuple[Optional[int], Optional[int]]:
    try:  # fast path: plain numeric ids, by far the most common
        zooms = list(map(int, matrix_ids))
    except ValueError:
        zooms = [z for z in map(zoom_of, matrix_ids) if z is not None]
    return (min(zooms), max(zooms)) if zooms else (None, None)


def _matrix_id(matrix: etree._Element) -> str:
    # ows:Identifier is the first child in practice (ows:Title/Abstract may precede it).
    for child in matrix:
        if child.tag == OWS_IDENTIFIER:
            return (child.text or "").strip()
    return ""


def _tile_matrix_set(element: etree._Element) -> TileMatrixSet:
    identifier = crs = ""
    matrices = []
    for child in element:
        tag = child.tag
        if tag == TILE_MATRIX:
            matrices.append(_matrix_id(child))
        elif tag == OWS_IDENTIFIER:
            identifier = (child.text or "").strip()
        elif tag == OWS_CRS:
            crs = (child.text or "").strip()
    return TileMatrixSet(identifier, crs, tuple(matrices))


def _style(element: etree._Element) -> Style:
    name = title = legend = ""
    for child in element:
        tag = child.tag
        if tag == OWS_IDENTIFIER:
            name = (child.text or "").strip()
        elif tag == OWS_TITLE:
            title = (child.text or "").strip()
        elif tag == LEGEND_URL and not legend:
            legend = child.get(XLINK_HREF, "")
    return Style(name, title, legend, element.get("isDefault", "").lower() == "true")


def _link(element: etree._Element, sets: Dict[str, TileMatrixSet], ranges) -> TileMatrixSetLink:
    identifier = ""
    limits = None
    for child in element:
        tag = child.tag
        if tag == TMS:
            identifier = (child.text or "").strip()
        elif tag == TMS_LIMITS:
            limits = child
    tms = sets.get(identifier)
    if limits is None:
        low, high = ranges[identifier] if tms is not None else (None, None)
    elif tms is not None and len(limits) == len(tms.matrices):
        # One TileMatrixLimits per tile matrix of the set: as many as the set has means
        # all of them, whose range is known. The usual case on the Géoplateforme (each
        # layer links its own PM_<min>_<max>), and it saves reading thousands of elements.
        low, high = ranges[identifier]
    else:
        low, high = _zoom_range([tm.text or "" for tm in limits.iter(TILE_MATRIX)])
    return TileMatrixSetLink(identifier, low, high)


def _bbox(element: etree._Element):
    lower = upper = ""
    for child in element:
        if child.tag == OWS_LOWER:
            lower = child.text or ""
        elif child.tag == OWS_UPPER:
            upper = child.text or ""
    return corners_bbox(lower, upper)


def _layer(element, sets, ranges, url, restricted) -> Entry:
    name = title = abstract = ""
    keywords: List[str] = []
    bbox = None
    styles: List[Style] = []
    formats: List[str] = []
    links: List[TileMatrixSetLink] = []
    metadata: List[str] = []
    queryable = False
    for child in element:
        tag = child.tag
        if tag == INFO_FORMAT:  # the most frequent child: tested first
            queryable = True
        elif tag == OWS_IDENTIFIER:
            name = (child.text or "").strip()
        elif tag == OWS_TITLE:
            title = (child.text or "").strip()
        elif tag == OWS_ABSTRACT:
            abstract = (child.text or "").strip()
        elif tag == OWS_KEYWORDS:
            keywords.extend(k for k in map(text, child.iterchildren(OWS_KEYWORD)) if k)
        elif tag == OWS_BBOX:
            bbox = _bbox(child)
        elif tag == STYLE:
            styles.append(_style(child))
        elif tag == FORMAT:
            formats.append((child.text or "").strip())
        elif tag == TMS_LINK:
            links.append(_link(child, sets, ranges))
        elif tag == OWS_METADATA:
            href = child.get(XLINK_HREF)
            if href:
                metadata.append(href)
    crs = []
    for link in links:
        tms = sets.get(link.tile_matrix_set)
        if tms is not None and tms.crs and tms.crs not in crs:
            crs.append(tms.crs)
    return Entry(
        service=WMTS, name=name, title=title, abstract=abstract, keywords=tuple(keywords),
        bbox_wgs84=bbox, crs=tuple(crs), formats=tuple(formats), styles=tuple(styles),
        tile_matrix_set_links=tuple(links), restricted=restricted, queryable=queryable,
        metadata_urls=tuple(metadata), url=url,
    )


def _service_info(root) -> Tuple[str, str]:
    """(service title, first operation href) of the document."""
    title = href = ""
    identification = root.find(OWS_SERVICE_ID)
    if identification is not None:
        title = text(identification.find(OWS_TITLE))
    operations = root.find(OWS_OPERATIONS)
    if operations is not None:
        for get in operations.iter(OWS_GET):
            href = get.get(XLINK_HREF, "")
            if href:
                break
    return title, href


def parse_wmts(root: etree._Element, url: str = "") -> Capabilities:
    title, href = _service_info(root)
    service_url = endpoint(url) or endpoint(href)
    restricted = is_restricted(service_url)
    contents = root.find(CONTENTS)
    layers = []
    sets: Dict[str, TileMatrixSet] = {}
    if contents is not None:
        for child in contents:
            if child.tag == LAYER:
                layers.append(child)
            elif child.tag == TMS:
                tms = _tile_matrix_set(child)
                sets[tms.identifier] = tms
    ranges = {identifier: _zoom_range(tms.matrices) for identifier, tms in sets.items()}
    entries = [_layer(layer, sets, ranges, service_url, restricted) for layer in layers]
    legacy = title.strip() == LEGACY_TITLE or is_legacy_url(url) or is_legacy_url(href)
    return Capabilities(service=WMTS, title=title, url=service_url, entries=entries,
                        tile_matrix_sets=sets, legacy=legacy)
