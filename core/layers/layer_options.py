"""What a catalogue entry can be added with, and the sensible default for each choice.

Pure module (no qgis/Qt import). ``choices(entry, catalog)`` lists what a user may pick
(CRSs, formats, styles, tile matrix sets, vector tile styles); ``default_options(entry,
catalog, project_crs)`` picks, for the project at hand, what IGN's own clients would: the
tile matrix set in the project's CRS when the layer has one (else Pseudo-Mercator), JPEG for
photographs and PNG otherwise, the layer's default style, the "standard" vector style.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Tuple
from urllib.parse import urlsplit

from ..platform import endpoints
from ..capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS, Entry

PSEUDO_MERCATOR = "EPSG:3857"
PNG, JPEG = "image/png", "image/jpeg"
VECTOR_TILE_FORMATS = ("application/x-protobuf", "application/vnd.mapbox-vector-tile")
# The Géoplateforme WMS declare these CRSs on their root layer, so every layer offers them
# even when the catalogue did not keep the inherited list.
WMS_COMMON_CRS = ("EPSG:3857", "EPSG:2154", "EPSG:4326")
# Zoom range of a tile set whose TileMap resource was not read (PLAN.IGN's range).
DEFAULT_ZOOM = (0, 18)
DEFAULT_VECTOR_STYLE = "standard"
WMTS_DEFAULT_STYLE = "normal"  # ROK4's default_style
# Codes that name the same CRS (IGN's own register, OGC aliases).
_CRS_ALIASES = {
    "IGNF:LAMB93": "EPSG:2154",
    "IGNF:WGS84G": "EPSG:4326",
    "CRS:84": "EPSG:4326",
    "OGC:CRS84": "EPSG:4326",
    "EPSG:900913": "EPSG:3857",
    "EPSG:102100": "EPSG:3857",
    "EPSG:3785": "EPSG:3857",
}
_PHOTO_THEMES = {"ortho", "orthohisto", "satellite"}
_PHOTO_WORDS = ("ORTHO", "SATELLITE", "PHOTO")

# Layer kinds, as QGIS names them in drag and drop (QgsMimeDataUtils.Uri.layerType).
RASTER, VECTOR, VECTOR_TILE = "raster", "vector", "vector-tile"


@dataclass
class LayerOptions:
    """How to add one entry. Empty strings mean "not applicable" or "the server's default"."""

    crs: str = ""
    format: str = ""
    style: str = ""
    tile_matrix_set: str = ""
    authcfg: str = ""
    extent_only: bool = False  # WFS: fetch only the features in view
    subset: str = ""  # WFS: QGIS filter expression (the subset string)
    style_url: str = ""  # vector tiles: Mapbox GL style JSON
    min_zoom: Optional[int] = None  # tiles (TMS)
    max_zoom: Optional[int] = None


@dataclass(frozen=True)
class Choices:
    """The values the options panel offers for one entry."""

    crs: Tuple[str, ...] = ()
    formats: Tuple[str, ...] = ()
    styles: Tuple[Tuple[str, str], ...] = ()  # (name, title)
    tile_matrix_sets: Tuple[Tuple[str, str], ...] = ()  # (identifier, CRS)
    style_urls: Tuple[Tuple[str, str], ...] = ()  # (name, URL) of vector tile styles
    min_zoom: Optional[int] = None
    max_zoom: Optional[int] = None
    can_filter: bool = False  # WFS: subset string and extent-only apply


# --- small helpers ----------------------------------------------------------------------

def normalize_crs(code: str) -> str:
    """'urn:ogc:def:crs:EPSG::2154', 'epsg:2154', 'IGNF:LAMB93' -> 'EPSG:2154'."""
    code = (code or "").strip()
    if code.lower().startswith("urn:ogc:def:crs:"):
        parts = code.split(":")
        code = f"{parts[4]}:{parts[-1]}" if len(parts) >= 6 else code
    elif code.lower().startswith("http") and "/def/crs/" in code.lower():
        parts = code.rstrip("/").split("/")
        code = f"{parts[-3]}:{parts[-1]}"
    code = code.upper()
    return _CRS_ALIASES.get(code, code)


def same_crs(a: str, b: str) -> bool:
    return bool(a) and bool(b) and normalize_crs(a) == normalize_crs(b)


def is_vector_tiles(entry: Entry) -> bool:
    return entry.service == TMS and (
        not entry.formats or any(f in VECTOR_TILE_FORMATS for f in entry.formats))


def layer_kind(entry: Entry) -> str:
    """'raster', 'vector' or 'vector-tile' (QGIS's names in drag and drop)."""
    if entry.service == WFS:
        return VECTOR
    if is_vector_tiles(entry):
        return VECTOR_TILE
    return RASTER


def is_photo(entry: Entry) -> bool:
    name = entry.name.upper()
    return entry.theme in _PHOTO_THEMES or any(word in name for word in _PHOTO_WORDS)


def rebase(url: str) -> str:
    """A Géoplateforme URL moved onto the base URL in force (the override: mirror, tests).

    The catalogue may come from the bundled snapshot, whose links name data.geopf.fr."""
    parts = urlsplit(url or "")
    if not parts.netloc or not endpoints.is_geoplateforme_host(parts.hostname or ""):
        return url
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    return endpoints.base_url() + rest


def vector_style_url(entry: Entry, name: str) -> str:
    """URL of the vector tile style called ``name`` (rebased), or ''."""
    for url in entry.style_urls:
        if style_name(url) == name:
            return rebase(url)
    return ""


def style_name(url: str) -> str:
    """'…/PLAN.IGN/standard.json' -> 'standard'."""
    return os.path.splitext(os.path.basename(urlsplit(url).path))[0]


# --- choices ----------------------------------------------------------------------------

def _tile_matrix_set_crs(identifier: str, catalog, entry: Entry) -> str:
    known = (getattr(catalog, "tile_matrix_sets", None) or {}).get(identifier)
    if known is not None and known.crs:
        return known.crs
    # Not declared in this catalogue: IGN names its sets after their CRS.
    upper = identifier.upper()
    if upper.startswith("PM"):
        return PSEUDO_MERCATOR
    if upper.startswith("LAMB93") or upper.startswith("2154"):
        return "IGNF:LAMB93"
    if upper.startswith("WGS84G"):
        return "IGNF:WGS84G"
    return entry.crs[0] if entry.crs else ""


def _unique(values):
    seen, out = set(), []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return tuple(out)


def choices(entry: Entry, catalog=None) -> Choices:
    """What may be picked to add ``entry`` (``catalog`` resolves tile matrix sets)."""
    styles = tuple((s.name, s.title or s.name) for s in entry.styles)
    if entry.service == WMTS:
        sets = tuple((link.tile_matrix_set,
                      _tile_matrix_set_crs(link.tile_matrix_set, catalog, entry))
                     for link in entry.tile_matrix_set_links)
        zooms = [link for link in entry.tile_matrix_set_links if link.min_zoom is not None]
        return Choices(crs=_unique(crs for _, crs in sets), formats=entry.formats,
                       styles=styles, tile_matrix_sets=sets,
                       min_zoom=min((l.min_zoom for l in zooms), default=None),
                       max_zoom=max((l.max_zoom for l in zooms if l.max_zoom is not None),
                                    default=None))
    if entry.service in (WMS_RASTER, WMS_VECTOR):
        crs = _unique([normalize_crs(c) for c in entry.crs] + list(WMS_COMMON_CRS))
        formats = tuple(f for f in entry.formats if f.startswith("image/")) or (PNG, JPEG)
        return Choices(crs=crs, formats=formats, styles=styles)
    if entry.service == WFS:
        return Choices(crs=_unique(normalize_crs(c) for c in entry.crs), can_filter=True)
    # TMS
    low, high = DEFAULT_ZOOM
    return Choices(crs=(PSEUDO_MERCATOR,), formats=entry.formats, styles=styles,
                   style_urls=tuple((style_name(url), url) for url in entry.style_urls),
                   min_zoom=entry.min_zoom if entry.min_zoom is not None else low,
                   max_zoom=entry.max_zoom if entry.max_zoom is not None else high)


# --- defaults ---------------------------------------------------------------------------

def _default_style(entry: Entry, fallback: str) -> str:
    for style in entry.styles:
        if style.is_default:
            return style.name
    return entry.styles[0].name if entry.styles else fallback


def _best_format(entry: Entry, formats) -> str:
    """JPEG for photographs (smaller, no transparency needed), PNG for the rest."""
    formats = tuple(formats)
    if not formats:
        return PNG
    has_png = any(f.split(";")[0].strip() == PNG for f in formats)
    if entry.service == WMS_VECTOR and has_png:
        return PNG  # transparent overlay
    if JPEG in formats and (is_photo(entry) or not has_png):
        return JPEG
    if has_png:
        return PNG
    return formats[0]


def _pick_crs(offered, project_crs: str, fallback: str) -> str:
    for crs in offered:
        if same_crs(crs, project_crs):
            return crs
    for crs in offered:
        if same_crs(crs, fallback):
            return crs
    return offered[0] if offered else fallback


def default_options(entry: Entry, catalog=None, project_crs: str = "") -> LayerOptions:
    """The options to add ``entry`` to a project in ``project_crs`` (e.g. 'EPSG:2154')."""
    offered = choices(entry, catalog)
    if entry.service == WMTS:
        sets = offered.tile_matrix_sets
        chosen = (next((s for s in sets if same_crs(s[1], project_crs)), None)
                  or next((s for s in sets if same_crs(s[1], PSEUDO_MERCATOR)), None)
                  or (sets[0] if sets else ("", PSEUDO_MERCATOR)))
        # ROK4 refuses a GetTile without a STYLE (docs/reference/servers.md §1); a layer that lists none is
        # served in the service's default style, "normal".
        return LayerOptions(crs=chosen[1] or PSEUDO_MERCATOR, tile_matrix_set=chosen[0],
                            format=_best_format(entry, entry.formats),
                            style=_default_style(entry, WMTS_DEFAULT_STYLE))
    if entry.service in (WMS_RASTER, WMS_VECTOR):
        return LayerOptions(crs=_pick_crs(offered.crs, project_crs, PSEUDO_MERCATOR),
                            format=_best_format(entry, offered.formats),
                            style=_default_style(entry, ""))
    if entry.service == WFS:
        # The server's default CRS (listed first) unless the project's is offered.
        default_crs = offered.crs[0] if offered.crs else "EPSG:4326"
        return LayerOptions(crs=_pick_crs(offered.crs, project_crs, default_crs))
    # TMS: vector tiles get a style JSON, raster tiles an image format.
    options = LayerOptions(crs=PSEUDO_MERCATOR, min_zoom=offered.min_zoom,
                           max_zoom=offered.max_zoom)
    if is_vector_tiles(entry):
        urls = dict(offered.style_urls)
        name = (DEFAULT_VECTOR_STYLE if DEFAULT_VECTOR_STYLE in urls
                else _default_style(entry, "") if _default_style(entry, "") in urls
                else next(iter(urls), ""))
        options.style = name
        options.style_url = rebase(urls.get(name, ""))
    else:
        options.format = _best_format(entry, entry.formats)
    return options
