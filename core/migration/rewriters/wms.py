"""WMS: WMS-Raster, WMS-Vecteur and the old INSPIRE WMS (whose raster or vector half each layer
decides). Layer names in the tokens or in the URL's own query, their paired styles, the format,
the WMS-R layer limit, VERSION pinned to 1.3.0. Pure module."""
from __future__ import annotations

from typing import List, Optional

from ...capabilities.model import WMS_RASTER, WMS_VECTOR
from ...platform.sources import URL, ParsedUrl
from .. import rules
from ..messages import Message
from ..status import Status
from ..tables import INSPIRE, LayerDecision
from .context import SERVICE_LABELS, Abort, MigrationContext, Rewriter, join, kept_query, per_url

# The Géoplateforme's WMS-R refuses a GetMap naming more layers than this (IGN notice of
# 2026-03-16; the same rule for WMS-V and WFS was announced, then suspended).
WMS_R_LAYER_LIMIT = 2


class WmsRewriter(Rewriter):
    services = (WMS_RASTER, WMS_VECTOR, rules.INSPIRE_WMS)

    def rewrite(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        inspire = legacy.service == rules.INSPIRE_WMS
        default = legacy.service
        if inspire:  # connections to the old INSPIRE WMS: its raster or vector half
            default = WMS_VECTOR if legacy.rule.name.endswith("vector") else WMS_RASTER
        old_service = INSPIRE if inspire else legacy.service
        services = set(_layers(m, old_service, default))
        # A legacy URL whose own query names the layer (LAYERS=, layer=): renamed the same way.
        query = None
        if url.query_first("layers") is not None or url.query_first("layer") is not None:
            query = kept_query(url, legacy)
            services |= _query_layers(m, query, old_service)
        services = sorted(services)
        if len(services) > 1:
            labels = ", ".join(SERVICE_LABELS.get(s, s) for s in services)
            m.say(Message("mixed_services", services=labels))
            raise Abort(Status.UNSUPPORTED)
        service = services[0] if services else (m.service or default)
        if inspire and not services and service == WMS_RASTER:
            m.say(Message("inspire_split", service=SERVICE_LABELS[service]))
        m.service = m.service or service
        if service == WMS_RASTER and m.wms_layer_count > WMS_R_LAYER_LIMIT:
            m.say(Message("wms_layer_limit", count=str(m.wms_layer_count),
                          limit=str(WMS_R_LAYER_LIMIT)))
        format_param = None if m.parsed.form == URL else m.parsed.first("format")
        if format_param is not None and format_param.value and m.first_decision is not None:
            m.set_layer_param(format_param, _format(m, m.first_decision, format_param.value))
        if query is not None:  # not shared: the names in it are this source's
            new_url, pinned = _url(url, legacy, service, m.restricted, query)
        else:
            new_url, pinned = per_url(legacy, ("wms", service, m.restricted),
                                      _url, url, legacy, service, m.restricted)
        if pinned is not None:
            m.say(Message("version_pinned", old=pinned))
        return new_url


def _query_layers(m: MigrationContext, query: ParsedUrl, old_service: str) -> set:
    """Rename the layers (and their paired styles) a URL's query names; returns the
    services they are served by now. ``query`` is a copy of the URL's query."""
    items = [i for key in ("layers", "layer") for i in query.query_find(key) if i.value]
    style_item = query.query_first("styles") or query.query_first("style")
    styles = (style_item.value or "").split(",") if style_item is not None else []
    targets, position = set(), 0
    for item in items:
        names = []
        for name in item.value.split(","):
            if name:
                decision = m.decide(old_service, name)
                targets.add(decision.service)
                if position < len(styles):
                    styles[position] = m.style(decision, styles[position])
                name = decision.name
                m.wms_layer_count += 1
            names.append(name)
            position += 1
        if query.query_set(item, ",".join(names)):
            m.renamed = True
    if style_item is not None:
        query.query_set(style_item, ",".join(styles))
    return targets


def _url(url: ParsedUrl, legacy: rules.LegacyUrl, service: str, restricted: bool,
         query: Optional[ParsedUrl] = None):
    """(new URL, the old VERSION when it is pinned to 1.3.0 else None): a function of the
    URL, the service and ``restricted`` only (``query``: its query with renamed layers)."""
    query = kept_query(url, legacy) if query is None else query
    pinned = None
    version = query.query_first("version")
    if version is not None and version.value != "1.3.0":
        pinned = version.value or ""
        query.query_set(version, "1.3.0")
    return join(legacy.endpoint(service, restricted), url, query), pinned


def _layers(m: MigrationContext, old_service: str, default: str) -> List[str]:
    """Decide every layer (``layers`` tokens, comma lists too) and its paired style;
    returns the services they are served by now."""
    if m.layers_done or m.parsed.form == URL:
        return []
    m.layers_done = True
    layer_params = m.parsed.find("layers")
    style_params = m.parsed.find("styles") if layer_params else []
    style_values = [p.value or "" for p in style_params]
    new_styles = [s for value in style_values for s in value.split(",")]
    targets = set()
    position = 0
    for param in layer_params:
        new_names = []
        for name in (param.value or "").split(","):
            if name:
                decision = m.decide(old_service, name)
                targets.add(decision.service)
                if old_service == INSPIRE and decision.service != default:
                    m.say(Message("service_moved", layer=decision.name,
                                  service=SERVICE_LABELS[decision.service]))
                name = decision.name
                if position < len(new_styles):
                    new_styles[position] = m.style(decision, new_styles[position])
                m.wms_layer_count += 1
            new_names.append(name)
            position += 1
        m.set_layer_param(param, ",".join(new_names))
    if style_params:
        _write_styles(m, style_params, style_values, new_styles)
    return sorted(targets)


def _write_styles(m: MigrationContext, params, old_values, new_styles) -> None:
    """Put the styles back, one value per original ``styles`` token."""
    position = 0
    for param, old in zip(params, old_values):
        count = len(old.split(","))
        value = ",".join(new_styles[position:position + count])
        position += count
        if value != old:
            m.set_layer_param(param, value)


def _format(m: MigrationContext, decision: Optional[LayerDecision], old: str) -> str:
    """A WMS format the service does not list (ROK4: 400 "Format X unknown"; GeoServer:
    InvalidFormat): PNG when listed, else the first format the catalogue gives."""
    info = decision.info if decision is not None else None
    if info is None or info.origin != "catalogue" or not info.formats or old in info.formats:
        return old
    new = "image/png" if "image/png" in info.formats else info.formats[0]
    m.renamed = True
    m.say(Message("format_switched", old=old, new=new, layer=decision.name))
    return new
