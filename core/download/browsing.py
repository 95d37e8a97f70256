"""The download panel's rules, apart from its widgets and its requests. Pure module.

What the filters chosen in the form mean (checked before anything is sent), which licence a
resource is under, what can be downloaded or opened without downloading, and the counts the
status line says. The panel (gui/download/) shows them; the controller
(qgis_side/controller.py) runs the listings, downloads and unpacking.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional, Sequence

from . import feed, zones
from .feed import FeedEntry, FileGroup, Filters

# The formats and CRSs the Géoplateforme's products come in (metropolitan France, WGS 84, overseas).
FORMATS = ("SHP", "GPKG", "GeoParquet", "FlatGeoBuf", "JP2-E080", "JP2-E100", "TIFF", "ASC", "SQL")
CRS_CODES = ("EPSG:2154", "EPSG:4326", "EPSG:3857", "EPSG:5490", "EPSG:2972", "EPSG:2975",
             "EPSG:4471", "EPSG:4467")


class FilterError(ValueError):
    """A filter the service would refuse; ``kind`` ("zone", "crs", "dates") and the text typed,
    for the panel to say in the user's language."""

    def __init__(self, kind: str, text: str = ""):
        super().__init__(kind, text)
        self.kind = kind
        self.text = text


def chosen_filters(zone_text: str, crs_text: str, crs_code: str, format_text: str,
                   date_from: str = "", date_to: str = "",
                   polygon: Optional[Callable[[], str]] = None) -> Filters:
    """The form's values as the service's filters. ``crs_code`` is the code of the CRS picked from
    the list ('' when typed by hand: its first word is taken); ``polygon`` gives the map view's
    polygon when that filter is on. Raises FilterError on bad input."""
    zone_text = zone_text.strip()
    zone = zones.zone_code(zone_text)
    if zone_text and not zone:
        raise FilterError("zone", zone_text)
    crs_text = crs_text.strip()
    crs = crs_code or crs_text.split(" ")[0]
    if crs and not feed.crs_authid(crs):
        raise FilterError("crs", crs_text)
    chosen = Filters(zone=zone, format=format_text.strip(), crs=crs)
    chosen.edition_date_from = date_from
    chosen.edition_date_to = date_to
    if date_from and date_to and date_from > date_to:
        raise FilterError("dates")
    if polygon is not None:
        chosen.polygon = polygon()
    chosen.query()  # every value checked before anything is sent
    return chosen


def licence(resource: Optional[FeedEntry], first_page: Optional[feed.Page]) -> str:
    """The resource's licence: its own, else the one its editions' feed states."""
    rights = resource.rights if resource is not None else ""
    if not rights and first_page is not None:
        rights = first_page.rights
    return rights


def downloadable(group: Optional[FileGroup]) -> bool:
    """A file (or split archive) to download; an MD5 sidecar is not one."""
    return group is not None and not group.name.lower().endswith(".md5")


def streamable(edition: Optional[FeedEntry], restricted: bool) -> bool:
    """A public FlatGeobuf edition opens over HTTP (GDAL sends no key: restricted ones never)."""
    return (edition is not None and not restricted
            and any(t.term.lower() == "flatgeobuf" for t in edition.formats))


def terms_text(terms: Iterable[feed.Term]) -> str:
    return ", ".join(t.label or t.term for t in terms)


def singular(count: int, language: str) -> bool:
    """French agreement: 0 and 1 are singular ("1 ressource"); English: 1 only."""
    return count == 1 or (count == 0 and language == "fr")


def files_count(groups: Sequence[FileGroup]) -> int:
    """The files listed: every volume, and the MD5 sidecars."""
    return sum(len(g.parts) + (g.md5_file is not None) for g in groups)


def groups_size(groups: Sequence[FileGroup]) -> int:
    return sum(g.size or 0 for g in groups)


def near_end(value: int, maximum: int) -> bool:
    """A list scrolled (almost) to its end asks for its next page."""
    return value >= maximum - 2
