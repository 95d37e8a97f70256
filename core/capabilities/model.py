"""Catalogue data model shared by the parsers, the catalogue, the engine and the dock.

Pure Python: plain dataclasses that serialise to JSON (the bundled snapshot).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Optional, Tuple

# Service identifiers used everywhere (catalogue keys, snapshot, endpoints).
from ..platform.services import SERVICES, TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS  # noqa: F401 - re-exported


class CapabilitiesError(ValueError):
    """A capabilities document that cannot be read; the message is meant for the user."""


@dataclass(frozen=True)
class Style:
    name: str
    title: str = ""
    legend_url: str = ""
    is_default: bool = False


@dataclass(frozen=True)
class TileMatrixSetLink:
    """A WMTS layer's link to a tile matrix set, with the zoom levels it limits to."""

    tile_matrix_set: str
    min_zoom: Optional[int] = None
    max_zoom: Optional[int] = None


@dataclass(frozen=True)
class TileMatrixSet:
    identifier: str
    crs: str
    # Tile matrix identifiers in document order (zoom levels for PM-like sets).
    matrices: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One layer (WMTS/WMS), feature type (WFS) or tile map (TMS) of the catalogue."""

    service: str
    name: str
    title: str = ""
    abstract: str = ""
    keywords: Tuple[str, ...] = ()
    # (west, south, east, north) in degrees, or None.
    bbox_wgs84: Optional[Tuple[float, float, float, float]] = None
    crs: Tuple[str, ...] = ()
    formats: Tuple[str, ...] = ()
    styles: Tuple[Style, ...] = ()
    tile_matrix_set_links: Tuple[TileMatrixSetLink, ...] = ()
    restricted: bool = False
    queryable: bool = False
    metadata_urls: Tuple[str, ...] = ()
    # Endpoint the entry was read from (capabilities URL without its query).
    url: str = ""
    # IGN theme ("ortho", "cartes", …) from IGN's services list, when known.
    theme: str = ""
    # TMS / vector tiles: zoom range and style JSON links.
    min_zoom: Optional[int] = None
    max_zoom: Optional[int] = None
    style_urls: Tuple[str, ...] = ()

    @property
    def key(self) -> Tuple[str, str]:
        return (self.service, self.name)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Entry":
        # Fields written by a newer version are ignored rather than refused.
        known = {f.name for f in fields(cls)}
        data = {key: value for key, value in data.items() if key in known}
        data["keywords"] = tuple(data.get("keywords") or ())
        data["crs"] = tuple(data.get("crs") or ())
        data["formats"] = tuple(data.get("formats") or ())
        data["metadata_urls"] = tuple(data.get("metadata_urls") or ())
        data["style_urls"] = tuple(data.get("style_urls") or ())
        bbox = data.get("bbox_wgs84")
        data["bbox_wgs84"] = tuple(bbox) if bbox else None
        data["styles"] = tuple(Style(**s) for s in data.get("styles") or ())
        data["tile_matrix_set_links"] = tuple(
            TileMatrixSetLink(**link) for link in data.get("tile_matrix_set_links") or ()
        )
        return cls(**data)


@dataclass
class Capabilities:
    """What one capabilities document holds."""

    service: str
    title: str = ""
    url: str = ""
    entries: list = field(default_factory=list)
    tile_matrix_sets: dict = field(default_factory=dict)  # identifier -> TileMatrixSet
    # True for the old wxs.ign.fr Géoportail documents (used by the migration to compare).
    legacy: bool = False
