"""WFS capabilities (2.0.0, also 1.1.0/1.0.0) -> catalogue entries.

Works on complete documents and on FeatureTypeList-only answers (``sections=FeatureTypeList``),
which have no service description or operations. Element names are matched by local name so
that one parser serves every version (2.0 DefaultCRS / 1.1 DefaultSRS / 1.0 SRS …).
"""
from __future__ import annotations

from typing import List, Tuple

from lxml import etree

from .model import WFS, Capabilities, Entry
from .xml import XLINK_HREF, corners_bbox, endpoint, is_legacy_url, is_restricted, localname

LEGACY_TITLE = "WFS Geoportail"
_CRS_TAGS = ("DefaultCRS", "DefaultSRS", "OtherCRS", "OtherSRS", "SRS")
_LOCAL_NAMES: dict = {}


def _local(tag) -> str:
    """Local name of a tag ('' for comments), memoised: the same few Clark names repeat for
    every feature type. Bounded, so that a hostile document cannot grow it forever."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = localname(tag) if isinstance(tag, str) else ""
        if len(_LOCAL_NAMES) < 512:
            _LOCAL_NAMES[tag] = name
    return name


def _text(element) -> str:
    return (element.text or "").strip()


def _children(element, name: str):
    return [c for c in element if _local(c.tag) == name]


def _feature_type(element, formats: Tuple[str, ...], url: str, restricted: bool) -> Entry:
    name = title = abstract = ""
    keywords: List[str] = []
    crs: List[str] = []
    own_formats: List[str] = []
    metadata: List[str] = []
    bbox = None
    for child in element:
        tag = _local(child.tag)
        if tag == "Name":
            name = _text(child)
        elif tag == "Title":
            title = _text(child)
        elif tag == "Abstract":
            abstract = _text(child)
        elif tag == "Keywords":
            # ows:Keywords/ows:Keyword (1.1, 2.0) or a comma-separated text (1.0).
            words = [_text(k) for k in child if _local(k.tag) == "Keyword"] \
                or _text(child).split(",")
            keywords.extend(w.strip() for w in words if w.strip())
        elif tag in _CRS_TAGS:
            value = _text(child)
            if value and value not in crs:
                crs.append(value)
        elif tag == "WGS84BoundingBox":
            corners = {_local(c.tag): c.text or "" for c in child}
            bbox = corners_bbox(corners.get("LowerCorner", ""), corners.get("UpperCorner", ""))
        elif tag == "LatLongBoundingBox":  # WFS 1.0.0
            try:
                bbox = tuple(float(child.get(k)) for k in ("minx", "miny", "maxx", "maxy"))
            except (TypeError, ValueError):
                bbox = None
        elif tag == "OutputFormats":
            own_formats.extend(f for f in map(_text, _children(child, "Format")) if f)
        elif tag == "MetadataURL":
            href = child.get(XLINK_HREF) or _text(child)
            if href:
                metadata.append(href)
    return Entry(
        service=WFS, name=name, title=title, abstract=abstract, keywords=tuple(keywords),
        bbox_wgs84=bbox, crs=tuple(crs), formats=tuple(own_formats) or formats,
        restricted=restricted, metadata_urls=tuple(metadata), url=url,
    )


def _operations(root) -> Tuple[str, Tuple[str, ...]]:
    """(first GET href, GetFeature output formats) from OperationsMetadata, if present."""
    href = ""
    formats: List[str] = []
    for operations in _children(root, "OperationsMetadata"):
        for operation in _children(operations, "Operation"):
            for element in operation.iter():
                if not href and _local(element.tag) == "Get":
                    href = element.get(XLINK_HREF, "")
            if operation.get("name") != "GetFeature":
                continue
            for parameter in _children(operation, "Parameter"):
                if parameter.get("name", "").lower() != "outputformat":
                    continue
                for element in parameter.iter():
                    if _local(element.tag) == "Value":
                        value = _text(element)
                        if value and value not in formats:
                            formats.append(value)
    return href, tuple(formats)


def parse_wfs(root: etree._Element, url: str = "") -> Capabilities:
    title = ""
    for identification in _children(root, "ServiceIdentification") + _children(root, "Service"):
        titles = _children(identification, "Title")
        if titles:
            title = _text(titles[0])
            break
    href, formats = _operations(root)
    service_url = endpoint(url) or endpoint(href)
    restricted = is_restricted(service_url)
    entries = []
    for feature_types in _children(root, "FeatureTypeList"):
        for element in _children(feature_types, "FeatureType"):
            entry = _feature_type(element, formats, service_url, restricted)
            if entry.name:
                entries.append(entry)
    legacy = title == LEGACY_TITLE or is_legacy_url(url) or is_legacy_url(href)
    return Capabilities(service=WFS, title=title, url=service_url, entries=entries,
                        legacy=legacy)
