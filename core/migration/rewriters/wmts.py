"""WMTS: capabilities URLs (the layer, style, tile matrix set and format tokens), GetTile
templates (XYZ layers, GDAL, code), the old RESTful tile template, and old vector tiles read
through the WMTS (now on the TMS). Pure module."""
from __future__ import annotations

from ...capabilities.model import TMS, WMTS
from ...platform import sources
from ...platform.sources import GDAL_WMTS, ParsedUrl
from .. import rules
from ..messages import Message
from ..status import Status
from ..tables import LayerDecision
from .context import Abort, MigrationContext, Rewriter, join, kept_query, per_url

VECTOR_TILE_PROVIDERS = frozenset({"vectortile", "xyzvectortiles"})
_REST_FORMATS = {"jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png",
                 "webp": "image/webp", "tif": "image/tiff", "tiff": "image/tiff"}


class WmtsRewriter(Rewriter):
    services = (WMTS,)

    def rewrite(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        tail = legacy.tail.strip("/")
        if tail and tail.lower() != "1.0.0/wmtscapabilities.xml":
            return self._rest(m, url, legacy, tail)
        if per_url(legacy, "wmts-tiles", _is_tile_url, url):
            return self._tiles(m, url, legacy, kept_query(url, legacy))
        parsed = m.parsed
        layer_key, style_key, tms_key, format_key = _param_keys(parsed.form)
        ci = parsed.form == GDAL_WMTS  # GDAL options are read in any case
        layer_param = None if m.layers_done else parsed.first(layer_key, ci)
        m.layers_done = True
        if layer_param is not None and layer_param.value:
            decision = m.decide(WMTS, layer_param.value)
            m.set_layer_param(layer_param, decision.name)
            style_param = parsed.first(style_key, ci)
            if style_param is not None:
                # GDAL picks the default style itself; QGIS sends STYLE= as written.
                m.set_layer_param(style_param, m.style(
                    decision, style_param.value or "", wmts=parsed.form != GDAL_WMTS))
            tms_param = parsed.first(tms_key, ci)
            if tms_param is not None and tms_param.value:
                m.set_layer_param(tms_param, _tile_matrix_set(m, decision, tms_param.value))
            format_param = parsed.first(format_key, ci) if format_key else None
            if format_param is not None and format_param.value:
                m.set_layer_param(format_param, _format(m, decision, format_param.value))
        if legacy.current:  # the address as written, a dead key out, unless the layer moves
            return join(legacy.endpoint(WMTS, m.restricted), url, kept_query(url, legacy))
        new_url, added = per_url(legacy, ("wmts", m.restricted),
                                 _capabilities_url, url, legacy, m.restricted)
        if added:
            m.say(Message("wmts_query", items=added))
        return new_url

    def _tiles(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl,
               query: ParsedUrl) -> str:
        """A tile template built on GetTile (XYZ layer, GDAL, code): layer data in the query."""
        layer_item = query.query_first("layer")
        if layer_item is not None and layer_item.value:
            name = layer_item.value
            decision = m.k.resolve(WMTS, name)
            if decision.vector_only and m.provider.lower() in VECTOR_TILE_PROVIDERS:
                return _vector_to_tms(m, legacy, decision)
            decision = m.decide(WMTS, name)
            query.query_set(layer_item, decision.name)
            style_item = query.query_first("style")
            if style_item is not None:
                query.query_set(style_item, m.style(decision, style_item.value or "", True))
            tms_item = query.query_first("tilematrixset")
            if tms_item is not None and tms_item.value:
                query.query_set(tms_item, _tile_matrix_set(m, decision, tms_item.value))
            format_item = query.query_first("format")
            if format_item is not None and format_item.value:
                query.query_set(format_item, _format(m, decision, format_item.value))
        return join(legacy.endpoint(WMTS, m.restricted), url, query)

    def _rest(self, m: MigrationContext, url: ParsedUrl, legacy: rules.LegacyUrl,
              tail: str) -> str:
        """The old RESTful tile template ``rest/{layer}/{style}/{set}/{z}/{y}/{x}.{ext}``: the
        Géoplateforme WMTS serves KVP GetTile only (its capabilities declare GetEncoding KVP
        and no ResourceURL), so the same tiles are asked for in the query."""
        parts = tail.split("/")
        if len(parts) != 7 or parts[0].lower() != "rest" or "." not in parts[6] or not all(parts):
            m.say(Message("unknown_legacy", url=url.encode()))
            raise Abort(Status.UNSUPPORTED)
        _, layer, style, matrix_set, matrix, row, last = parts
        col, _, extension = last.rpartition(".")
        fmt = _REST_FORMATS.get(extension.lower(), "image/" + extension.lower())
        items = [("SERVICE", "WMTS"), ("REQUEST", "GetTile"), ("VERSION", "1.0.0"),
                 ("LAYER", layer), ("STYLE", style), ("TILEMATRIXSET", matrix_set),
                 ("TILEMATRIX", matrix), ("TILEROW", row), ("TILECOL", col), ("FORMAT", fmt)]
        kept = kept_query(url, legacy)
        query_text = "&".join(f"{key}={value}" for key, value in items)
        if kept.query:
            query_text += "&" + kept.query_string()
        kvp = sources.parse_url(f"{url.scheme}://{url.netloc}{url.path}?{query_text}")
        new_url = self._tiles(m, url, legacy, kvp.copy())
        m.say(Message("wmts_rest"))
        return new_url


def _capabilities_url(url: ParsedUrl, legacy: rules.LegacyUrl, restricted: bool):
    """(new URL, query items added or ''): a function of the URL and ``restricted`` only."""
    query = kept_query(url, legacy)
    # QGIS recognises a WMTS only from SERVICE=WMTS in the URL (docs/reference/qgis.md §3).
    added = []
    service_item = query.query_first("service")
    if service_item is None:
        query.query_add("SERVICE", "WMTS")
        added.append("SERVICE=WMTS")
    elif (service_item.value or "").upper() != "WMTS":
        query.query_set(service_item, "WMTS")
        added.append("SERVICE=WMTS")
    if query.query_first("request") is None:
        query.query_add("REQUEST", "GetCapabilities")
        added.append("REQUEST=GetCapabilities")
    return join(legacy.endpoint(WMTS, restricted), url, query), ", ".join(added)


def _vector_to_tms(m: MigrationContext, legacy: rules.LegacyUrl, decision: LayerDecision) -> str:
    """Old vector tiles read through the WMTS: the same tiles are on the TMS now."""
    m.layer_name = m.layer_name or decision.old_name
    m.service = TMS
    m.renamed = True
    m.say(Message("service_moved", layer=decision.old_name, service="TMS"))
    return legacy.endpoint(TMS) + f"/{decision.old_name}/{{z}}/{{x}}/{{y}}.pbf"


def _tile_matrix_set(m: MigrationContext, decision: LayerDecision, old: str) -> str:
    # On the Géoplateforme already, a bare id the layer's link is built on (PM) is sound.
    new, reason = m.k.tms_for(decision, old, keep_bare=m.current)
    if reason == "linked":
        m.renamed = True
        m.say(Message("tms_linked", old=old, new=new, layer=decision.name))
    elif reason == "unknown" and not m.current:
        m.say(Message("tms_unknown", old=old, layer=decision.name))
    return new


def _format(m: MigrationContext, decision: LayerDecision, old: str) -> str:
    """ROK4 serves a WMTS layer in its one format and refuses any other (400 "Format X
    unknown", docs/reference/servers.md §1): the layer's own format replaces another, and is said."""
    info = decision.info
    formats = info.formats if info is not None else ()
    if not formats or old in formats:
        return old
    if info.origin != "catalogue" and len(formats) != 1:
        return old  # the tables do not say which one the server uses
    m.renamed = True
    m.say(Message("format_switched", old=old, new=formats[0], layer=decision.name))
    return formats[0]


def _param_keys(form: str):
    if form == GDAL_WMTS:
        return ("layer", "style", "tilematrixset", None)
    return ("layers", "styles", "tileMatrixSet", "format")


def _is_tile_url(url: ParsedUrl) -> bool:
    """A GetTile template (layer data in the query) rather than a capabilities URL."""
    request = url.query_first("request")
    if request is not None and (request.value or "").lower() == "gettile":
        return True
    return url.query_first("tilematrix") is not None
