"""Legacy Géoportail URL recognition: one small rule per legacy service, behind a registry.

Pure module. ``recognise(url)`` tells whether a URL is on the Géoplateforme already
(``CURRENT``), on a legacy IGN host (a ``LegacyUrl`` naming the rule, the service it maps to,
the key it carried and the rest of its path), or not ours (None). Rules only know URLs; what
happens to layers, styles and tile matrix sets is the engine's business (engine.py, one
rewriter per service in rewriters/, tables.py).

Legacy grammar (docs/reference/geoplateforme.md §3, §5, §6): ``http(s)://{host}/{key}/{context}/{service}``
with hosts wxs.ign.fr, gpp3-wxs.ign.fr, wxs-i.ign.fr, wxs-pgie.ign.fr, contexts geoportail /
inspire / edugeo (either part may be missing), services wmts, r/wms, v/wms, wfs, tms/1.0.0;
``wxs.ign.fr/static/…`` files; the urbanism host wxs-gpu.mongeoportail.ign.fr
(``/externe/{key}/wfs|wms``); the 2022 beta hosts ``*.geopf.fr``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Optional, Tuple
from urllib.parse import unquote

from ..platform import endpoints
from ..capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from ..platform.sources import ParsedUrl, parse_url

# Kinds of legacy URL beyond the catalogue services.
INSPIRE_WMS = "inspire-wms"  # old INSPIRE WMS: the endpoint is chosen per layer
STATIC_STYLE = "static-style"  # Mapbox GL style of the old vector tiles
STATIC_LEGEND = "static-legend"
STATIC_FONTS = "static-fonts"
CSW = "csw"
DOWNLOAD = "download"
UNSUPPORTED = "unsupported"  # a legacy service with no automatic equivalent

CURRENT = "current"  # marker returned for Géoplateforme URLs

WXS_HOSTS = frozenset({"wxs.ign.fr", "gpp3-wxs.ign.fr", "wxs-i.ign.fr", "wxs-pgie.ign.fr"})
GPU_HOST = "wxs-gpu.mongeoportail.ign.fr"
LEGACY_HOSTS = WXS_HOSTS | {
    GPU_HOST,
    "wxs-telechargement.ign.fr",
    "vectortiles.ign.fr",
    "wmts.geopf.fr",
    "wms-r.geopf.fr",
    "wms-v.geopf.fr",
    "wfs.geopf.fr",
    "telechargement.geopf.fr",
}
# Every legacy or Géoplateforme host contains one of these: sources without them are skipped
# before any parsing (the engine's fast path).
HINT = re.compile(r"wxs|vectortiles\.ign|geopf\.fr", re.IGNORECASE)
HINT_WORDS = ("wxs", "vectortiles.ign", "geopf.fr")  # the same, for a lower-cased string


def has_hint(lowered: str) -> bool:
    """HINT on an already lower-cased string (cheaper than the regex in the hot path)."""
    return "wxs" in lowered or "geopf.fr" in lowered or "vectortiles.ign" in lowered

CONTEXTS = frozenset({"geoportail", "inspire", "edugeo"})
# Old calculation services: new service named in the message, no automatic rewrite (the APIs
# differ, docs/reference/geoplateforme.md §6).
CALCULATION_SERVICES = {
    "alti": "/altimetrie/1.0/calcul/alti/rest/",
    "ols": "/geocodage/",
    "geocodage": "/geocodage/",
    "itineraire": "/navigation/itineraire",
    "isochrone": "/navigation/isochrone",
    "autoconf": "https://raw.githubusercontent.com/IGNF/geoportal-configuration/new-url/dist/",
    "telechargement": "/telechargement/",
    "catalogue": "/csw",
}


class LegacyUrl:
    """A recognised legacy URL."""

    __slots__ = ("rule", "url", "service", "key", "context", "tail", "base", "derived",
                 "current", "private", "dead_keys")

    def __init__(self, rule, url: ParsedUrl, service: str, key=None, context=None, tail=""):
        self.rule = rule
        self.url = url
        self.service = service  # WMTS, WMS_RASTER, …, or one of the kinds above
        self.key = key  # the old key found in the path (dropped when rewriting)
        self.context = context
        self.tail = tail  # path after the service part ("/PLAN.IGN/{z}/{x}/{y}.pbf" for TMS)
        self.base = ""  # the base URL in force when the URL was recognised
        # What users work out from this URL alone (the engine's rewritten URL per endpoint):
        # kept with the recognition, which is cached (``recognise_text``).
        self.derived = {}
        self.current = False  # a Géoplateforme URL, checked against today's catalogue
        self.private = False  # on a /private/ endpoint already
        self.dead_keys = ()  # switched-off shared keys taken out of its query


    def with_tail(self, tail: str) -> "LegacyUrl":
        """A copy with another tail (recognitions are cached and shared: never change one)."""
        legacy = LegacyUrl(self.rule, self.url, self.service, self.key, self.context, tail)
        legacy.base = self.base
        legacy.current, legacy.private, legacy.dead_keys = \
            self.current, self.private, self.dead_keys
        return legacy

    def endpoint(self, service: Optional[str] = None, restricted: bool = False) -> str:
        """New endpoint (no query) for this URL, for ``service`` when the layer decides it."""
        return self.rule.endpoint(self, service or self.service, restricted)

    @property
    def host(self) -> str:
        return self.url.host


class Rule:
    """One legacy service. ``match`` receives the URL and its lower-cased path segments."""

    name = "rule"
    service = UNSUPPORTED

    def match(self, url: ParsedUrl, segments: List[str], lower: List[str],
              found: Tuple[int, str, int]) -> Optional[LegacyUrl]:
        """``found`` is ``_find_service(lower)``, computed once for all the rules of a host."""
        raise NotImplementedError

    def endpoint(self, legacy: LegacyUrl, service: str, restricted: bool) -> str:
        if service in endpoints.SERVICE_PATHS:
            url = endpoints.service_url(service, restricted, legacy.base or None)
            # Only TMS keeps the rest of the path ({layer}/{z}/{x}/{y}.pbf, metadata.json…).
            return url + legacy.tail if service == TMS else url
        return legacy.base or endpoints.base_url()


def _find_service(lower: List[str], start: int = 0) -> Tuple[int, str, int]:
    """Index, name and length of the first service token: wmts, wfs, tms, r/wms, v/wms, wms."""
    for i in range(start, min(len(lower), start + 4)):
        seg = lower[i]
        if seg in ("wmts", "wfs", "tms"):
            return i, seg, 1
        if seg in ("r", "v") and i + 1 < len(lower) and lower[i + 1] == "wms":
            return i, seg + "/wms", 2
        if seg == "wms":
            return i, "wms", 1
    return -1, "", 0


def _tail(segments: List[str], index: int, path: str) -> str:
    tail = "/".join(segments[index:])
    if tail:
        tail = "/" + tail
    return tail + "/" if path.endswith("/") else tail


class WxsServiceRule(Rule):
    """``/{key}/{context}/{service}`` on the wxs hosts, for one service token."""

    def __init__(self, name: str, token: str, service: str, contexts=None):
        self.name = name
        self.token = token
        self.service = service
        self.contexts = contexts  # None: any context but inspire

    def match(self, url, segments, lower, found):
        index, token, length = found
        if token != self.token:
            return None
        prefix = lower[:index]
        context = prefix[-1] if prefix and prefix[-1] in CONTEXTS else None
        if self.contexts is None:
            if context == "inspire":
                return None
        elif context not in self.contexts:
            return None
        key_segments = segments[: index - 1] if context else segments[:index]
        key = "/".join(key_segments) or None
        tail = ""
        if self.service == TMS:
            start = index + length
            if start < len(lower) and lower[start] == "1.0.0":
                start += 1  # the version is part of the new endpoint (/tms/1.0.0)
            tail = _tail(segments, start, url.path)
        elif self.service == WMTS:
            # What follows /wmts (the RESTful tile template): the engine rewrites it or says
            # it cannot, never drops it.
            tail = _tail(segments, index + length, url.path)
        return LegacyUrl(self, url, self.service, key, context, tail)


class StaticRule(Rule):
    """``wxs.ign.fr/static/…``: vector-tile styles and fonts, legends."""

    name = "static"

    def match(self, url, segments, lower, found):
        if not lower or lower[0] != "static" or len(lower) < 3:
            return None
        if lower[1] == "legends":
            return LegacyUrl(self, url, STATIC_LEGEND, None, None, _tail(segments, 2, url.path))
        if lower[1] == "vectortiles" and lower[2] == "styles" and len(lower) >= 5:
            return LegacyUrl(self, url, STATIC_STYLE, None, None, _tail(segments, 3, url.path))
        if lower[1] == "vectortiles" and lower[2] == "fonts":
            return LegacyUrl(self, url, STATIC_FONTS, None, None, _tail(segments, 3, url.path))
        return None

    def endpoint(self, legacy, service, restricted):
        base = (legacy.base or endpoints.base_url()) + "/annexes/ressources"
        if service == STATIC_LEGEND:
            return base + "/legendes" + legacy.tail
        if service == STATIC_FONTS:
            return base + "/vectorTiles/fonts" + legacy.tail
        return base + "/vectorTiles/styles" + legacy.tail  # refined by the engine (tables)


class CswRule(Rule):
    """``wxs.ign.fr/catalogue/{geoportail|inspire}/csw`` → ``/csw``."""

    name = "csw"
    service = CSW

    def match(self, url, segments, lower, found):
        if len(lower) >= 2 and lower[0] == "catalogue" and lower[-1] == "csw":
            return LegacyUrl(self, url, CSW)
        return None

    def endpoint(self, legacy, service, restricted):
        return (legacy.base or endpoints.base_url()) + "/csw"


class CalculationRule(Rule):
    """Old calculation services (altimetry, geocoding, routing, autoconf, download)."""

    name = "calculation"

    def match(self, url, segments, lower, found):
        for seg in lower[:3]:
            if seg in CALCULATION_SERVICES:
                return LegacyUrl(self, url, UNSUPPORTED, None, None, seg)
        return None


class UrbanismRule(Rule):
    """Géoportail de l'Urbanisme: ``wxs-gpu.mongeoportail.ign.fr/externe/{key}/wfs|wms``."""

    name = "urbanism"

    def match(self, url, segments, lower, found):
        start = 1 if lower and lower[0] == "externe" else 0
        index, kind, _ = _find_service(lower, start)
        if kind == "wfs":
            service = WFS
        elif kind in ("wms", "v/wms", "r/wms"):
            service = WMS_VECTOR
        else:
            return None
        key = "/".join(segments[start:index]) or None
        return LegacyUrl(self, url, service, key, "externe" if start else None)


class BetaRule(Rule):
    """A 2022 beta host (docs/reference/geoplateforme.md §3): host + path prefix → service."""

    def __init__(self, name: str, host: str, prefixes: Tuple[str, ...], service: str):
        self.name = name
        self.host = host
        self.prefixes = prefixes
        self.service = service

    def match(self, url, segments, lower, found):
        path = "/" + "/".join(lower)
        for prefix in self.prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                depth = prefix.count("/")
                tail = _tail(segments, depth, url.path) if self.service in (TMS, DOWNLOAD) else ""
                return LegacyUrl(self, url, self.service, None, None, tail)
        return None

    def endpoint(self, legacy, service, restricted):
        if service == DOWNLOAD:
            return (legacy.base or endpoints.base_url()) + "/telechargement" + legacy.tail
        return super().endpoint(legacy, service, restricted)


class VectorTilesHostRule(Rule):
    """``vectortiles.ign.fr/rok4server/1.0.0/{layer}/…`` → ``/tms/1.0.0/{layer}/…``."""

    name = "vectortiles-host"
    service = TMS

    def match(self, url, segments, lower, found):
        if len(lower) >= 2 and lower[0] == "rok4server" and lower[1] == "1.0.0":
            return LegacyUrl(self, url, TMS, None, None, _tail(segments, 2, url.path))
        return None


# The registry: rules tried in order, per host.
WXS_RULES: Tuple[Rule, ...] = (
    StaticRule(),
    CswRule(),
    WxsServiceRule("wmts", "wmts", WMTS),
    WxsServiceRule("wms-raster", "r/wms", WMS_RASTER),
    WxsServiceRule("wms-vector", "v/wms", WMS_VECTOR),
    # A bare ".../wms" (no r/ or v/): raster first; the layer tables move it when needed.
    WxsServiceRule("wms", "wms", WMS_RASTER),
    WxsServiceRule("wfs", "wfs", WFS),
    WxsServiceRule("tms", "tms", TMS),
    WxsServiceRule("inspire-wms-raster", "r/wms", INSPIRE_WMS, contexts=("inspire",)),
    WxsServiceRule("inspire-wms-vector", "v/wms", INSPIRE_WMS, contexts=("inspire",)),
    WxsServiceRule("inspire-wms", "wms", INSPIRE_WMS, contexts=("inspire",)),
    WxsServiceRule("inspire-wmts", "wmts", WMTS, contexts=("inspire",)),
    # No INSPIRE-schema feature type exists on the Géoplateforme (docs/reference/geoplateforme.md §6).
    WxsServiceRule("inspire-wfs", "wfs", UNSUPPORTED, contexts=("inspire",)),
    CalculationRule(),
)
RULES_BY_HOST: Dict[str, Tuple[Rule, ...]] = {host: WXS_RULES for host in WXS_HOSTS}
RULES_BY_HOST[GPU_HOST] = (UrbanismRule(),)
RULES_BY_HOST["vectortiles.ign.fr"] = (VectorTilesHostRule(),)
RULES_BY_HOST["wxs-telechargement.ign.fr"] = (CalculationRule(),)
for _rule in (
    BetaRule("beta-wmts", "wmts.geopf.fr", ("/rok4/wmts",), WMTS),
    BetaRule("beta-tms", "wmts.geopf.fr", ("/rok4/tms/1.0.0", "/rok4/tms"), TMS),
    BetaRule("beta-wms-raster", "wms-r.geopf.fr", ("/rok4/wms", "/rok4"), WMS_RASTER),
    BetaRule("beta-wms-vector", "wms-v.geopf.fr", ("/geoserver/ows", "/geoserver/wms", "/geoserver"), WMS_VECTOR),
    BetaRule("beta-wfs", "wfs.geopf.fr", ("/geoserver/ows", "/geoserver/wfs", "/geoserver"), WFS),
    BetaRule("beta-download", "telechargement.geopf.fr", ("",), DOWNLOAD),
):
    RULES_BY_HOST[_rule.host] = RULES_BY_HOST.get(_rule.host, ()) + (_rule,)


class UnknownLegacyRule(Rule):
    """A legacy host, but no rule knows the path: reported, never rewritten."""

    name = "unknown-legacy"


UNKNOWN = UnknownLegacyRule()

_UNSET = object()
_base_cache: Tuple[object, str, str] = (_UNSET, "", "")


def base_state() -> Tuple[str, str]:
    """(base URL in force, its host[:port] when overridden else ''). The base is read on every
    call (setting, environment); parsed again only when it changes (this runs for every source)."""
    global _base_cache
    base = endpoints.base_url()
    if _base_cache[0] != base:
        parsed = parse_url(base)
        hostport = parsed.hostport if parsed else ""
        _base_cache = (base, base, "" if endpoints.is_geoplateforme_host(hostport) else hostport)
    return _base_cache[1], _base_cache[2]


def mentions_host(source: str, lowered: str, hostport: str) -> bool:
    """Can ``source`` (``lowered`` = ``source.lower()``) hold a URL on ``hostport``? The
    engine's fast path when the base URL is overridden. The wms form percent-encodes its url=
    value, fully in some writers, so a loopback base's ``:8765`` may read ``%3A8765``: an
    escaped source is also looked at decoded, as the parser will read it."""
    if hostport in lowered:
        return True
    return "%" in source and hostport in unquote(source).lower()


def base_hint() -> str:
    """Lower-case host[:port] of an overridden base URL, for the engine's fast path."""
    return base_state()[1]


def is_current_host(url: ParsedUrl) -> bool:
    """Géoplateforme (production, qualification, or the base URL in force): already migrated."""
    if endpoints.is_geoplateforme_host(url.host):
        return True
    override = base_state()[1]
    return bool(override) and url.hostport == override


def recognise_parsed(url: Optional[ParsedUrl], state: Optional[Tuple[str, str]] = None):
    """``CURRENT``, a ``LegacyUrl``, or None (not an IGN service URL). ``state`` is
    ``base_state()``, read by the caller when it has it already."""
    if url is None:
        return None
    host = url.host
    if endpoints.is_geoplateforme_host(host):
        return CURRENT
    base, override = state or base_state()
    if override and url.hostport == override:
        return CURRENT
    rules = RULES_BY_HOST.get(host)
    if rules is None:
        return None
    segments = [s for s in url.path.split("/") if s]
    lower = [s.lower() for s in segments]
    service = _find_service(lower)
    for rule in rules:
        legacy = rule.match(url, segments, lower, service)
        if legacy is not None:
            break
    else:
        legacy = LegacyUrl(UNKNOWN, url, UNSUPPORTED)
    legacy.base = base
    return legacy


@lru_cache(maxsize=4096)
def recognise_text(text: str, base: str, override: str):
    """(``recognise_parsed`` verdict, ``parse_url(text)``) under the given ``base_state()``.

    Pure in its arguments, so cached: a project repeats the same few service URLs on every
    layer. Both objects are shared between calls: read them, copy before changing
    (``ParsedUrl.copy``, ``LegacyUrl.with_tail``)."""
    url = parse_url(text)
    return recognise_parsed(url, (base, override)), url


# Shared keys IGN switched off, with the date (docs/reference/geoplateforme.md §9): a source relying on one
# is broken today. IGN's published sample key, not a user's secret.
DEAD_KEYS = {"ign_scan_ws": "2026-10-26"}
KEY_ITEMS = frozenset({"apikey", "api_key", "gppkey", "key"})


def dead_key_items(url: ParsedUrl) -> list:
    """The query items of ``url`` that carry a switched-off shared key (``apikey=ign_scan_ws``)."""
    return [p for p in url.query if p.key is not None and p.key.lower() in KEY_ITEMS
            and (p.value or "").strip().lower() in DEAD_KEYS]


class CurrentRule(Rule):
    """A Géoplateforme service URL (``/wmts``, ``/private/wms-r``, ``/tms/1.0.0/{layer}/…``):
    the engine checks its layer against today's catalogue. Its endpoint stays the URL's own
    unless the layer moves to another service or behind ``/private/``."""

    name = "geoplateforme"

    def endpoint(self, legacy: LegacyUrl, service: str, restricted: bool) -> str:
        restricted = restricted or legacy.private
        if service == legacy.service and restricted == legacy.private:
            own = legacy.context  # scheme://host/…/service, as written
            return own + legacy.tail if service == TMS else own
        return super().endpoint(legacy, service, restricted)


CURRENT_RULE = CurrentRule()
_CURRENT_SERVICES = {"wmts": WMTS, "wms-r": WMS_RASTER, "wms-v": WMS_VECTOR, "wfs": WFS}


@lru_cache(maxsize=4096)
def recognise_current(text: str, base: str, override: str) -> Optional[LegacyUrl]:
    """A ``LegacyUrl`` (``current`` set) for a Géoplateforme service URL whose layer the
    engine can check, else None (sandbox, annexes, download… stay as they are). Its ``url`` is
    the URL without the switched-off shared keys (``dead_keys`` names them). Cached and shared:
    copy before changing."""
    url = parse_url(text)
    if url is None:
        return None
    prefix = ""
    if not endpoints.is_geoplateforme_host(url.host):
        if not override or url.hostport != override:
            return None
        prefix = (parse_url(base).path if parse_url(base) else "").rstrip("/")
    path = url.path
    if prefix:
        if not path.startswith(prefix + "/"):
            return None
        path = path[len(prefix):]
    segments = [s for s in path.split("/") if s]
    lower = [s.lower() for s in segments]
    private = bool(lower) and lower[0] == "private"
    start = 1 if private else 0
    rest = lower[start:]
    if not rest:
        return None
    own_base = f"{url.scheme}://{url.netloc}{prefix}"
    if rest[0] == "tms" and len(rest) >= 2 and rest[1] == "1.0.0":
        service = TMS
        own = own_base + "/" + "/".join(segments[:start + 2])
        tail = _tail(segments, start + 2, url.path)
    elif rest[0] in _CURRENT_SERVICES:
        service = _CURRENT_SERVICES[rest[0]]
        if len(rest) > 2 or (service == WMTS and len(rest) > 1):
            return None  # not a service endpoint this engine knows how to check
        own = f"{url.scheme}://{url.netloc}{url.path}"
        tail = ""
    else:
        return None
    dead = dead_key_items(url)
    if dead:
        url = url.copy()
        for item in dead:
            url.query_remove(item)
    legacy = LegacyUrl(CURRENT_RULE, url, service, None, own, tail)
    legacy.base = own_base
    legacy.current = True
    legacy.private = private
    legacy.dead_keys = tuple(sorted({(p.value or "").strip().lower() for p in dead}))
    return legacy


def recognise(url: str):
    """Classify a URL string (see ``recognise_parsed``)."""
    if not isinstance(url, str):
        return None
    return recognise_parsed(parse_url(url.strip()))
