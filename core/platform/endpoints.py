"""The Géoplateforme services: public and /private/ URLs, and the base-URL override.

Pure module. The override (setting ``bascule_geoplateforme/base_url`` or the environment
variable ``BASCULE_GPF_BASE_URL``) is how tests point the plugin at the loopback server and
how a site behind a mirror uses it; every URL the plugin requests is built here.
"""
from __future__ import annotations

import os
from typing import Callable, Optional

from .services import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS

PRODUCTION_BASE_URL = "https://data.geopf.fr"
ENV_BASE_URL = "BASCULE_GPF_BASE_URL"

_IGN_HINTS = ("ign", "geopf", "geoportail")


def mentions_ign(source: str) -> bool:
    """Cheap first cut before the migration engine looks at a layer's source."""
    lowered = source.lower()
    return any(hint in lowered for hint in _IGN_HINTS)


# Path of each service's endpoint, below the base URL (public) or base URL + /private.
SERVICE_PATHS = {
    WMTS: "/wmts",
    WMS_RASTER: "/wms-r/wms",
    WMS_VECTOR: "/wms-v/ows",
    WFS: "/wfs/ows",
    TMS: "/tms/1.0.0",
}
# Private endpoints as IGN documents them (docs/reference/geoplateforme.md §2, §4).
PRIVATE_SERVICE_PATHS = {
    WMTS: "/private/wmts",
    WMS_RASTER: "/private/wms-r",
    WMS_VECTOR: "/private/wms-v/ows",
    WFS: "/private/wfs/ows",
    TMS: "/private/tms/1.0.0",
}
# The download service (Atom feeds and files), public and restricted.
DOWNLOAD_PATH = "/telechargement"
PRIVATE_DOWNLOAD_PATH = "/private/telechargement"
CAPABILITIES_QUERY = {
    WMTS: "SERVICE=WMTS&VERSION=1.0.0&REQUEST=GetCapabilities",
    WMS_RASTER: "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities",
    WMS_VECTOR: "SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities",
    WFS: "SERVICE=WFS&VERSION=2.0.0&REQUEST=GetCapabilities",
    TMS: "",
}


# Reads the user's setting; installed by core/toolbelt/qgis_side/settings.py when QGIS is there, so that this
# module stays pure while every URL built anywhere honours the setting.
_setting_reader: Optional[Callable[[], str]] = None


def set_setting_reader(reader: Optional[Callable[[], str]]) -> None:
    global _setting_reader
    _setting_reader = reader


def base_url(setting: Optional[str] = None) -> str:
    """The base URL in force: the setting (given, or read through the installed reader),
    else the environment, else production."""
    if setting is None and _setting_reader is not None:
        setting = _setting_reader()
    for candidate in (setting, os.environ.get(ENV_BASE_URL)):
        if candidate and candidate.strip():
            return candidate.strip().rstrip("/")
    return PRODUCTION_BASE_URL


def service_url(service: str, restricted: bool = False, base: Optional[str] = None) -> str:
    """Endpoint of a service, e.g. ``https://data.geopf.fr/wmts``."""
    paths = PRIVATE_SERVICE_PATHS if restricted else SERVICE_PATHS
    return (base.rstrip("/") if base else base_url()) + paths[service]


def capabilities_url(service: str, restricted: bool = False, base: Optional[str] = None) -> str:
    """URL of a service's capabilities document (the TMS root for TMS)."""
    url = service_url(service, restricted, base)
    query = CAPABILITIES_QUERY[service]
    return f"{url}?{query}" if query else url


def download_url(restricted: bool = False, base: Optional[str] = None) -> str:
    """Root of the download service, e.g. ``https://data.geopf.fr/telechargement``."""
    path = PRIVATE_DOWNLOAD_PATH if restricted else DOWNLOAD_PATH
    return (base.rstrip("/") if base else base_url()) + path


def is_geoplateforme_host(host: str) -> bool:
    """True for the production and qualification Géoplateforme hosts (any case)."""
    host = (host or "").lower().split(":")[0]
    return host in ("data.geopf.fr", "data-qua.priv.geopf.fr")
