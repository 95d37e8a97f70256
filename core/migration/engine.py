"""The migration engine: one data source in, one decision out.

Pure module (no qgis/Qt import), shared by the open-project migration, files on disk, saved
connections and the project-open hook. ``migrate_source`` is pure, idempotent (its output is on
the Géoplateforme, so a second run says "current" and changes nothing) and never raises: an
internal error gives "unsupported" with a message and the source untouched.

Flow: fast path (no IGN host substring: "unchanged") → parse the source into tokens
(sources.py) → recognise each URL it holds (rules.py) → resolve the layer against the catalogue
and the tables (tables.py) → change only the tokens that must change → status and messages.
A source already on the Géoplateforme goes through the same steps with its own address kept
(``rules.recognise_current``): what today's servers or QGIS refuse makes it "outdated" (or
"needs_key" for IGN's switched-off shared key ``ign_scan_ws``); the rest stays "current".
What is worked out per catalogue (``Knowledge``) is kept per catalogue object.

Speed: no result is memoised, but what many layers share is worked out once: the recognition
of a URL string under the base URL in force (``rules.recognise_text``, bounded lru), what that
URL alone decides (its new address per endpoint, ``_per_url``), decoded/encoded values
(sources.py) and layer lookups (``Knowledge``). All are pure; ``clear_caches()`` forgets them.
The base URL override is read once per call, never cached across calls.
"""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, List, NamedTuple, Optional

from ..platform import endpoints, sources
from ..capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from ..platform.sources import (
    COMMA,
    ENCODED,
    GDAL_WMTS,
    URL,
    ParsedUrl,
    encode_params,
    parse_source,
)
from . import rules
from .messages import Message
from .status import Status
from .tables import (
    INSPIRE,
    NOT_LISTED,
    UNVERIFIED,
    WITHDRAWN,
    Knowledge,
    LayerDecision,
    load_tables,
)

# The old names stay importable: each is its Status member (status.py).
UNCHANGED = Status.UNCHANGED
CURRENT = Status.CURRENT
OUTDATED = Status.OUTDATED
MIGRATED = Status.MIGRATED
RENAMED = Status.RENAMED
NEEDS_KEY = Status.NEEDS_KEY
NOT_SERVED = Status.NOT_SERVED
STATUS_WITHDRAWN = Status.WITHDRAWN
UNSUPPORTED = Status.UNSUPPORTED
STATUSES = tuple(Status)
# The statuses whose new source is meant to replace the old one.
REWRITES = (MIGRATED, RENAMED, NEEDS_KEY, OUTDATED)
# What QGIS and IGN's WMTS use when a layer names no style (ROK4's service default).
WMTS_DEFAULT_STYLE = "normal"

SERVICE_LABELS = {WMTS: "WMTS", WMS_RASTER: "WMS-R", WMS_VECTOR: "WMS-V", WFS: "WFS", TMS: "TMS"}
CREDENTIAL_KEYS = frozenset({"username", "password", "user"})
# Query items of a legacy URL that hold keys or credentials: never carried to the new URL.
KEY_QUERY_ITEMS = frozenset({"apikey", "api_key", "gppkey", "key", "token", "access_token"})
QUERY_CREDENTIALS = frozenset({"username", "password", "user", "passwd", "pwd", "login"})
DROPPED_QUERY_ITEMS = KEY_QUERY_ITEMS | QUERY_CREDENTIALS
VECTOR_TILE_PROVIDERS = frozenset({"vectortile", "xyzvectortiles"})
# The Géoplateforme's WMS-R refuses a GetMap naming more layers than this (IGN notice of
# 2026-03-16; the same rule for WMS-V and WFS was announced, then suspended).
WMS_R_LAYER_LIMIT = 2


class Change(NamedTuple):
    """A parameter the migration changed: ``new`` is None when it was removed."""

    param: str
    old: Optional[str]
    new: Optional[str]


@dataclass
class SourceMigration:
    """The decision for one data source."""

    provider: str
    source: Any
    status: str
    new_source: Any
    messages: List[Message] = field(default_factory=list)
    changes: List[Change] = field(default_factory=list)
    layer_name: str = ""
    new_layer_name: str = ""
    service: str = ""
    suggestion: Optional[dict] = None
    # The source was on the Géoplateforme already (what "outdated" and "not served" mean for
    # it differs from a legacy source's: messages, the open-project notice).
    on_geoplateforme: bool = False

    @property
    def changed(self) -> bool:
        return self.new_source != self.source

    @property
    def rewrites(self) -> bool:
        """True when applying the decision replaces the source."""
        return self.status in REWRITES and self.new_source != self.source

    @property
    def applies(self) -> bool:
        """True when applying the decision changes the source: a rewrite, or the dead
        credentials taken out of a withdrawn or unsupported legacy source."""
        return self.status not in (UNCHANGED, CURRENT) and self.new_source != self.source

    @property
    def changed_params(self) -> set:
        return {c.param for c in self.changes}

    def text(self, lang: str = "en") -> str:
        return "\n".join(m.text(lang) for m in self.messages)


class _Abort(Exception):
    """Stop migrating: the source stays as it is, with this status."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


# -- catalogue and tables, loaded once --------------------------------------------------------
_default_catalog_cache: List[Any] = []
# One Knowledge per catalogue object (the dialog and a Processing run may use two catalogues at
# once): weak keys, so a refreshed catalogue that is dropped takes its lookups with it.
_knowledge_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_no_catalog_knowledge: List[Any] = []  # no snapshot at all: None cannot be a weak key
_knowledge_lock = threading.Lock()


def _default_catalog():
    if not _default_catalog_cache:
        try:
            from ..catalog.catalog_index import bundled_catalog

            _default_catalog_cache.append(bundled_catalog())
        except Exception:  # no snapshot: the tables alone still give decisions
            _default_catalog_cache.append(None)
    return _default_catalog_cache[0]


def _knowledge(catalog) -> Knowledge:
    if catalog is None:
        catalog = _default_catalog()
    with _knowledge_lock:
        snapshot = catalog is _default_catalog()
        if catalog is None:
            if not _no_catalog_knowledge:
                _no_catalog_knowledge.append(Knowledge(None, load_tables(), True))
            return _no_catalog_knowledge[0]
        try:
            knowledge = _knowledge_cache.get(catalog)
        except TypeError:  # not weak-referenceable: worked out for this call only
            return Knowledge(catalog, load_tables(), snapshot)
        if knowledge is None:
            # A proxy: the cached Knowledge must not keep its (weak) key alive.
            knowledge = _knowledge_cache[catalog] = Knowledge(
                weakref.proxy(catalog), load_tables(), snapshot)
        return knowledge


def clear_caches() -> None:
    """Forget what earlier calls cached: URL recognitions and their rewrites, decoded and
    encoded values, catalogue lookups. Results never depend on it; benchmarks and tests use it
    to start cold."""
    rules.recognise_text.cache_clear()
    rules.recognise_current.cache_clear()
    sources.unquote.cache_clear()
    sources.encode_query_value.cache_clear()
    with _knowledge_lock:
        _knowledge_cache.clear()
        _no_catalog_knowledge.clear()


# -- entry points ------------------------------------------------------------------------------
def migrate_source(provider: str, source: str, catalog=None) -> SourceMigration:
    """Decide what becomes of a layer's data source. See the module docstring."""
    provider = provider if isinstance(provider, str) else ""
    if not isinstance(source, str):
        return SourceMigration(provider, source, UNCHANGED, source, [Message("not_ign")])
    lowered = source.lower()
    # The base URL override is read once per call (tests change it between calls).
    state = rules.base_state()
    if not rules.has_hint(lowered):
        override = state[1]
        if not override or not rules.mentions_host(source, lowered, override):
            return SourceMigration(provider, source, UNCHANGED, source, [Message("not_ign")])
    try:
        return _Migration(provider, source, _knowledge(catalog), lowered, state).run()
    except Exception as exc:  # never raise on odd input
        return SourceMigration(
            provider, source, UNSUPPORTED, source,
            [Message("internal_error", error=f"{type(exc).__name__}: {exc}")],
        )


def without_credentials(provider: str, source: str):
    """(``source`` without its ``username``/``password`` tokens, the keys removed). For a
    legacy IGN source the engine has decided to leave as is."""
    parsed = parse_source(provider, source, URL if provider == "url" else None)
    dropped = _credential_params(parsed, source.lower(), source)
    if not dropped:
        return source, []
    parsed.remove_all(dropped)
    return parsed.encode(), [p.key for p in dropped]


def migrate_url(url: str, catalog=None) -> SourceMigration:
    """Migrate a bare URL (a saved connection, a URL in code)."""
    return migrate_source("url", url, catalog)


# -- one migration ------------------------------------------------------------------------------
class _Migration:
    # Defaults live on the class: an instance sets only what it changes (one per source).
    renamed = False
    restricted = False
    layer_name = ""
    new_layer_name = ""
    service = ""
    suggestion: Optional[dict] = None
    layers_done = False  # layer tokens are decided once, even with two url= tokens
    wms_layer_count = 0  # WMS layer names the source requests together
    current = False  # checking a source already on the Géoplateforme
    private = False  # ... on a /private/ endpoint already
    dead = False  # it relied on a switched-off shared key
    first_decision: Optional[LayerDecision] = None

    def __init__(self, provider: str, source: str, knowledge: Knowledge, lowered: str,
                 state=None):
        self.provider = provider
        self.source = source
        self.lowered = lowered
        self.state = state or rules.base_state()  # (base URL, override host) of this call
        self.k = knowledge
        self.messages: List[Message] = []
        self.said = set()  # Message.key() of every message said
        self.changes: List[Change] = []

    def _say(self, message: Message) -> None:
        """Add a message, unless the same one was said (e.g. the same key dropped from two
        url= tokens). A set of what was said: one lookup per message, however many layers a
        source names (a scan of the list grew with the square of their number)."""
        key = message.key()
        if key in self.said:
            return
        self.said.add(key)
        self.messages.append(message)

    def left_as_is(self, status: str) -> SourceMigration:
        """A withdrawn or unsupported source: left as it is but for the dead Géoportail
        credentials (username/password of the retired keys), removed from a fresh reading of
        the source -- the only change (design.md, statuses)."""
        self.changes = []
        parsed = parse_source(self.provider, self.source, URL if self.provider == "url" else None)
        dropped = _credential_params(parsed, self.lowered, self.source)
        if not dropped:
            return self.result(status, self.source)
        parsed.remove_all(dropped)
        self.changes = [Change(p.key, p.value, None) for p in dropped]
        self._say(Message("credentials_dropped", params=", ".join(p.key for p in dropped)))
        return self.result(status, parsed.encode())

    def result(self, status: str, new_source: str) -> SourceMigration:
        return SourceMigration(
            self.provider, self.source, status, new_source, self.messages, self.changes,
            self.layer_name, self.new_layer_name or self.layer_name, self.service, self.suggestion,
            self.current,
        )

    def run(self) -> SourceMigration:
        parsed = parse_source(self.provider, self.source, URL if self.provider == "url" else None)
        self.parsed = parsed
        slots = [p for p in parsed.params if p.key in ("url", "styleUrl") and p.value]
        found = []  # (param, ParsedUrl, LegacyUrl): shared, cached objects (see rules.py)
        checked = []  # the same for Géoplateforme URLs, checked against today's catalogue
        current_host = ""
        base, override = self.state
        for param in slots:
            text = param.value.strip()
            match, url = rules.recognise_text(text, base, override)
            if match is rules.CURRENT:
                current_host = current_host or url.hostport
                here = rules.recognise_current(text, base, override)
                if here is not None:
                    checked.append((param, here.url, here))
            elif match is not None:
                found.append((param, url, match))
        if not found:
            wrapped = _legacy_address_in(self.source)
            if wrapped:  # a legacy address no slot holds (GDAL/OGR syntax): say so
                self._say(Message("wrapped_legacy", url=wrapped))
                return self.left_as_is(UNSUPPORTED)
            if current_host:
                return self._check_current(checked, current_host)
            return SourceMigration(self.provider, self.source, UNCHANGED, self.source,
                                   [Message("not_ign")])
        families = {_FAMILIES.get(legacy.service, legacy.service)
                    for param, _, legacy in found if param.key == "url"}
        if len(families) > 1:  # QGIS reads one url=: which one the user meant is unknowable
            self._say(Message("mixed_addresses", services=", ".join(sorted(families))))
            return self.left_as_is(UNSUPPORTED)
        try:
            # The layer URL first: it decides the layer, the styleUrl follows.
            if len(found) > 1:
                found.sort(key=lambda item: item[0].key != "url")
            for param, url, legacy in found:
                self._migrate_slot(param, url, legacy)
            if self.changes and parsed.form == COMMA:
                self._say(Message("comma_form"))
            self._drop_credentials()
            self._drop_dead_keys()
        except _Abort as stop:
            if stop.status == NOT_SERVED:  # never rewritten, not even its credentials
                return self.result(NOT_SERVED, self.source)
            return self.left_as_is(stop.status)
        if self.restricted:
            self._ignore_advertised_urls()
        new_source = parsed.encode()
        left = _legacy_address_in(new_source)
        if left:  # an old address survives the rewrite: not an exact migration
            self._say(Message("wrapped_legacy", url=left))
            return self.left_as_is(UNSUPPORTED)
        if self.restricted:
            status = NEEDS_KEY
        elif self.renamed:
            status = RENAMED
        else:
            status = MIGRATED
        return self.result(status, new_source)

    def _check_current(self, checked, host: str) -> SourceMigration:
        """A source already on the Géoplateforme: what today's servers and QGIS would refuse
        (layer renamed or moved, tile matrix set not linked nor the bare id, style or format
        not served, a switched-off shared key) is fixed like a legacy source ("outdated", or
        "needs_key" for the key); the rest stays byte for byte ("current")."""
        self.current = True
        parsed = self.parsed
        try:
            if len(checked) > 1:
                checked.sort(key=lambda item: item[0].key != "url")
            for param, url, here in checked:
                if param.key != "url":
                    continue
                if here.dead_keys:
                    self.dead = True
                    for key in here.dead_keys:
                        self._say(_dead_key_message(key))
                self.private = self.private or here.private
                self._migrate_slot(param, url, here)
            self._drop_dead_keys()
        except _Abort as stop:
            return self.result(stop.status, self.source)
        new_source = parsed.encode() if (self.changes or self.dead) else self.source
        if self.restricted and new_source != self.source:
            self._ignore_advertised_urls()
            new_source = parsed.encode()
        if self.dead or (self.restricted and not self.private and new_source != self.source):
            status = NEEDS_KEY
        elif new_source != self.source:
            status = OUTDATED
        else:
            # Nothing to rewrite (a second pass over a fixed source lands here: idempotent);
            # what no rewrite fixes (too many WMS-R layers) is still said.
            kept = [m for m in self.messages if m.code == "wms_layer_limit"]
            self.messages = [Message("current", host=host)] + kept
            return self.result(CURRENT, self.source)
        self.messages.insert(0, Message("outdated", host=host))
        return self.result(status, new_source)

    def _drop_dead_keys(self) -> None:
        """Switched-off shared keys (``ign_scan_ws``) in the source's own items (an
        ``http-header:apikey`` header, an ``apikey`` item): removed, the layer needs a key."""
        if not any(word in self.lowered for word in rules.DEAD_KEYS):
            return
        dead = [p for p in self.parsed.params
                if p.key is not None and p.value is not None
                and sources.unquote(p.key.strip()).lower().rpartition(":")[2] in rules.KEY_ITEMS
                and sources.unquote(p.value).strip().lower() in rules.DEAD_KEYS]
        if not dead:
            return
        self.parsed.remove_all(dead)
        self.dead = True
        self.restricted = True
        for param in dead:
            self.changes.append(Change(param.key, param.value, None))
            key = sources.unquote(param.value).strip().lower()
            self._say(_dead_key_message(key))

    def _ignore_advertised_urls(self) -> None:
        """Keyed WMS/WMTS: the capabilities may advertise public GetMap/GetTile addresses,
        which refuse restricted layers (IGN's guidance is QGIS's IgnoreGetMapUrl), or
        addresses on another host, which must never receive the key (GetFeatureInfo too)."""
        if self.provider.lower() != "wms" or self.parsed.form != ENCODED:
            return
        added = False
        for flag in ("IgnoreGetMapUrl", "IgnoreGetFeatureInfoUrl"):
            if any(p.value == "1" for p in self.parsed.find(flag, ci=True)):
                continue
            for param in self.parsed.find(flag, ci=True):
                self.parsed.remove(param)
            self.parsed.add(flag, "1")
            self.changes.append(Change(flag, None, "1"))
            added = True
        if added:
            self._say(Message("ignore_advertised"))

    # -- per URL --------------------------------------------------------------------------------
    def _migrate_slot(self, param, url: ParsedUrl, legacy: rules.LegacyUrl) -> None:
        start = len(self.messages)  # the address message goes first, before layer details
        service = legacy.service
        if service == rules.UNSUPPORTED:
            self._unsupported(legacy)
        if param.key == "styleUrl" or service == rules.STATIC_STYLE:
            new_url = self._static_style(url, legacy)
        elif service == WMTS:
            new_url = self._wmts(url, legacy)
        elif service in (WMS_RASTER, WMS_VECTOR, rules.INSPIRE_WMS):
            new_url = self._wms(url, legacy)
        elif service == WFS:
            new_url = self._wfs(url, legacy)
        elif service == TMS:
            new_url = self._tms(url, legacy)
        else:  # legends, fonts, CSW, download: same resource, new address
            new_url = self._join(legacy.endpoint(), url, self._kept_query(url, legacy))
        old = param.value
        if self.parsed.set_value(param, new_url):
            self.changes.append(Change(param.key, old, new_url))
            self.messages.insert(start, Message("endpoint", old=old, new=new_url))
        if legacy.key and param.key == "url":
            dead = legacy.key.strip("/").lower()
            if dead in rules.DEAD_KEYS:
                self._say(_dead_key_message(dead))
            else:
                self._say(Message("key_dropped", key=legacy.key))
        if not legacy.current and param.key == "url":
            for item in rules.dead_key_items(url):
                dead = (item.value or "").strip().lower()
                self._say(_dead_key_message(dead))
        if url.userinfo:
            self._say(Message("credentials_dropped", params="user:password@"))
        secrets = sorted({p.key.lower() for p in url.query
                          if p.key is not None and p.key.lower() in QUERY_CREDENTIALS})
        if secrets:
            self._say(Message("credentials_dropped", params=", ".join(secrets)))

    def _unsupported(self, legacy: rules.LegacyUrl):
        if legacy.rule is rules.UNKNOWN:
            self._say(Message("unknown_legacy", url=legacy.url.encode()))
        else:
            name = legacy.tail or legacy.rule.name
            hint = rules.CALCULATION_SERVICES.get(legacy.tail, "")
            if hint.startswith("/"):
                hint = (legacy.base or endpoints.base_url()) + hint
            self._say(Message(
                "unsupported_service", service=name,
                hint=f" (see {hint})" if hint else "",
            ))
        raise _Abort(UNSUPPORTED)

    # -- URL building ---------------------------------------------------------------------------
    @staticmethod
    def _kept_query(url: ParsedUrl, legacy=None) -> ParsedUrl:
        """The old query without keys and credentials (apikey, key, password…): the rest is
        kept byte for byte. A copy: the recognised URL is shared between calls, and the slot's
        code changes this one. A Géoplateforme URL keeps its keys (the user's own), its
        switched-off shared keys already taken out (rules.recognise_current)."""
        if legacy is not None and legacy.current:
            return url.copy()
        return url.copy(DROPPED_QUERY_ITEMS)

    @staticmethod
    def _join(endpoint: str, url: ParsedUrl, query: Optional[ParsedUrl]) -> str:
        text = endpoint
        if query is not None and (query.query or query.has_query):
            text += "?" + query.query_string()
        if url.fragment is not None:
            text += "#" + url.fragment
        return text

    # -- layer decisions --------------------------------------------------------------------------
    def _decide(self, old_service: str, name: str) -> LayerDecision:
        decision = self.k.resolve(old_service, name)
        if self.first_decision is None:
            self.first_decision = decision
        if not self.layer_name:
            self.layer_name = name
            self.new_layer_name = decision.name
            self.service = decision.service
        if decision.status == WITHDRAWN and not self._gone_today(decision):
            pass  # on the Géoplateforme already, newer than what the catalogue knows
        elif decision.status == WITHDRAWN:
            self._withdrawn(decision)
        if decision.status == NOT_LISTED:
            self._say(Message("not_served", layer=decision.name))
            raise _Abort(NOT_SERVED)
        if decision.status == UNVERIFIED and not self.current:
            self._say(Message("unverified", layer=name))
        if decision.renamed:
            self.renamed = True
            self._say(Message("layer_renamed", old=name, new=decision.name))
        if decision.moved:
            self._say(Message(
                "service_moved", layer=decision.name,
                service=SERVICE_LABELS.get(decision.service, decision.service),
            ))
        if decision.restricted:
            self.restricted = True
            if not self.private:  # a /private/ source has its key already
                self._say(Message("needs_key", layer=decision.name))
        return decision

    def _gone_today(self, decision: LayerDecision) -> bool:
        """Is a withdrawn decision sure for a source on the Géoplateforme already? Only when
        IGN's tables say so or the catalogue lists the whole service today: a snapshot's
        silence about a layer newer than it says nothing."""
        if not self.current:
            return True
        rule = decision.rule
        return bool(rule.get("withdrawn") or rule.get("absent")) or \
            self.k.lists_today(decision.service)

    def _withdrawn(self, decision: LayerDecision):
        code = "withdrawn_vector" if decision.vector_only else "withdrawn"
        self._say(Message(code, layer=decision.old_name))
        suggestion = decision.suggestion
        if suggestion:
            suggestion = dict(suggestion)
            if suggestion.get("service") == TMS:
                suggestion.update(_vector_tile_source(self.k, suggestion["name"], self.state[0]))
            self.suggestion = suggestion
            self._say(Message(
                "suggestion", name=suggestion["name"],
                service=SERVICE_LABELS.get(suggestion["service"], suggestion["service"]),
            ))
        raise _Abort(STATUS_WITHDRAWN)

    def _style(self, decision: LayerDecision, old: str, wmts: bool = False) -> str:
        new, reason = self.k.style_for(decision, old, wmts)
        if wmts and not reason and not old.strip() and decision.info is None and not self.current:
            # A layer the catalogue does not describe: ROK4's service default style.
            new, reason = WMTS_DEFAULT_STYLE, "missing"
        if reason:
            self.renamed = True
            code = {"default": "style_default", "missing": "style_missing"}.get(
                reason, "style_renamed")
            self._say(Message(code, old=old, new=new, layer=decision.name))
        return new

    def _tms(self, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        parts = legacy.tail.split("/")
        layer = parts[1] if len(parts) > 1 else ""
        if layer and layer != "metadata.json":
            decision = self._decide(TMS, layer)
            if decision.renamed:
                parts[1] = decision.name
                legacy = legacy.with_tail("/".join(parts))
        return self._join(legacy.endpoint(TMS, self.restricted), url, self._kept_query(url, legacy))

    # -- WMTS ---------------------------------------------------------------------------------
    def _wmts(self, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        tail = legacy.tail.strip("/")
        if tail and tail.lower() != "1.0.0/wmtscapabilities.xml":
            return self._wmts_rest(url, legacy, tail)
        if _per_url(legacy, "wmts-tiles", _is_wmts_tile_url, url):
            return self._wmts_tiles(url, legacy, self._kept_query(url, legacy))
        parsed = self.parsed
        layer_key, style_key, tms_key, format_key = _wmts_param_keys(parsed.form)
        ci = parsed.form == GDAL_WMTS  # GDAL options are read in any case
        layer_param = None if self.layers_done else parsed.first(layer_key, ci)
        self.layers_done = True
        if layer_param is not None and layer_param.value:
            decision = self._decide(WMTS, layer_param.value)
            self._set_layer_param(layer_param, decision.name)
            style_param = parsed.first(style_key, ci)
            if style_param is not None:
                # GDAL picks the default style itself; QGIS sends STYLE= as written.
                self._set_layer_param(style_param, self._style(
                    decision, style_param.value or "", wmts=parsed.form != GDAL_WMTS))
            tms_param = parsed.first(tms_key, ci)
            if tms_param is not None and tms_param.value:
                self._set_layer_param(tms_param, self._tile_matrix_set(decision, tms_param.value))
            format_param = parsed.first(format_key, ci) if format_key else None
            if format_param is not None and format_param.value:
                self._set_layer_param(format_param,
                                      self._wmts_format(decision, format_param.value))
        if legacy.current:  # the address as written, a dead key out, unless the layer moves
            return self._join(legacy.endpoint(WMTS, self.restricted), url,
                              self._kept_query(url, legacy))
        new_url, added = _per_url(legacy, ("wmts", self.restricted),
                                  self._wmts_capabilities_url, url, legacy, self.restricted)
        if added:
            self._say(Message("wmts_query", items=added))
        return new_url

    @staticmethod
    def _wmts_capabilities_url(url: ParsedUrl, legacy: rules.LegacyUrl, restricted: bool):
        """(new URL, query items added or ''): a function of the URL and ``restricted`` only."""
        query = _Migration._kept_query(url, legacy)
        # QGIS recognises a WMTS only from SERVICE=WMTS in the URL (qgis.md §3).
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
        return _Migration._join(legacy.endpoint(WMTS, restricted), url, query), ", ".join(added)

    def _wmts_tiles(self, url: ParsedUrl, legacy: rules.LegacyUrl, query: ParsedUrl) -> str:
        """A tile template built on GetTile (XYZ layer, GDAL, code): layer data in the query."""
        layer_item = _query_first(query, "layer")
        if layer_item is not None and layer_item.value:
            name = layer_item.value
            decision = self.k.resolve(WMTS, name)
            if decision.vector_only and self.provider.lower() in VECTOR_TILE_PROVIDERS:
                return self._wmts_vector_to_tms(legacy, decision)
            decision = self._decide(WMTS, name)
            query.query_set(layer_item, decision.name)
            style_item = _query_first(query, "style")
            if style_item is not None:
                query.query_set(style_item, self._style(decision, style_item.value or "", True))
            tms_item = _query_first(query, "tilematrixset")
            if tms_item is not None and tms_item.value:
                query.query_set(tms_item, self._tile_matrix_set(decision, tms_item.value))
            format_item = _query_first(query, "format")
            if format_item is not None and format_item.value:
                query.query_set(format_item, self._wmts_format(decision, format_item.value))
        return self._join(legacy.endpoint(WMTS, self.restricted), url, query)

    def _wmts_rest(self, url: ParsedUrl, legacy: rules.LegacyUrl, tail: str) -> str:
        """The old RESTful tile template ``rest/{layer}/{style}/{set}/{z}/{y}/{x}.{ext}``: the
        Géoplateforme WMTS serves KVP GetTile only (its capabilities declare GetEncoding KVP
        and no ResourceURL), so the same tiles are asked for in the query."""
        parts = tail.split("/")
        if len(parts) != 7 or parts[0].lower() != "rest" or "." not in parts[6] or not all(parts):
            self._say(Message("unknown_legacy", url=url.encode()))
            raise _Abort(UNSUPPORTED)
        _, layer, style, matrix_set, matrix, row, last = parts
        col, _, extension = last.rpartition(".")
        fmt = _REST_FORMATS.get(extension.lower(), "image/" + extension.lower())
        items = [("SERVICE", "WMTS"), ("REQUEST", "GetTile"), ("VERSION", "1.0.0"),
                 ("LAYER", layer), ("STYLE", style), ("TILEMATRIXSET", matrix_set),
                 ("TILEMATRIX", matrix), ("TILEROW", row), ("TILECOL", col), ("FORMAT", fmt)]
        kept = self._kept_query(url, legacy)
        query_text = "&".join(f"{key}={value}" for key, value in items)
        if kept.query:
            query_text += "&" + kept.query_string()
        kvp = sources.parse_url(f"{url.scheme}://{url.netloc}{url.path}?{query_text}")
        new_url = self._wmts_tiles(url, legacy, kvp.copy())
        self._say(Message("wmts_rest"))
        return new_url

    def _wmts_vector_to_tms(self, legacy: rules.LegacyUrl, decision: LayerDecision) -> str:
        """Old vector tiles read through the WMTS: the same tiles are on the TMS now."""
        self.layer_name = self.layer_name or decision.old_name
        self.service = TMS
        self.renamed = True
        self._say(Message("service_moved", layer=decision.old_name, service="TMS"))
        return legacy.endpoint(TMS) + f"/{decision.old_name}/{{z}}/{{x}}/{{y}}.pbf"

    def _tile_matrix_set(self, decision: LayerDecision, old: str) -> str:
        # On the Géoplateforme already, a bare id the layer's link is built on (PM) is sound.
        new, reason = self.k.tms_for(decision, old, keep_bare=self.current)
        if reason == "linked":
            self.renamed = True
            self._say(Message("tms_linked", old=old, new=new, layer=decision.name))
        elif reason == "unknown" and not self.current:
            self._say(Message("tms_unknown", old=old, layer=decision.name))
        return new

    def _wmts_format(self, decision: LayerDecision, old: str) -> str:
        """ROK4 serves a WMTS layer in its one format and refuses any other (400 "Format X
        unknown", servers.md §1): the layer's own format replaces another, and is said."""
        info = decision.info
        formats = info.formats if info is not None else ()
        if not formats or old in formats:
            return old
        if info.origin != "catalogue" and len(formats) != 1:
            return old  # the tables do not say which one the server uses
        self.renamed = True
        self._say(Message("format_switched", old=old, new=formats[0], layer=decision.name))
        return formats[0]

    def _wms_format(self, decision: Optional[LayerDecision], old: str) -> str:
        """A WMS format the service does not list (ROK4: 400 "Format X unknown"; GeoServer:
        InvalidFormat): PNG when listed, else the first format the catalogue gives."""
        info = decision.info if decision is not None else None
        if info is None or info.origin != "catalogue" or not info.formats or old in info.formats:
            return old
        new = "image/png" if "image/png" in info.formats else info.formats[0]
        self.renamed = True
        self._say(Message("format_switched", old=old, new=new, layer=decision.name))
        return new

    def _set_layer_param(self, param, value: str) -> None:
        old = param.value
        if self.parsed.set_value(param, value):
            self.changes.append(Change(param.key, old, value))

    # -- WMS ----------------------------------------------------------------------------------
    def _wms(self, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        inspire = legacy.service == rules.INSPIRE_WMS
        default = legacy.service
        if inspire:  # connections to the old INSPIRE WMS: its raster or vector half
            default = WMS_VECTOR if legacy.rule.name.endswith("vector") else WMS_RASTER
        old_service = INSPIRE if inspire else legacy.service
        services = set(self._wms_layers(old_service, default))
        # A legacy URL whose own query names the layer (LAYERS=, layer=): renamed the same way.
        query = None
        if url.query_first("layers") is not None or url.query_first("layer") is not None:
            query = self._kept_query(url, legacy)
            services |= self._query_layers(query, old_service)
        services = sorted(services)
        if len(services) > 1:
            labels = ", ".join(SERVICE_LABELS.get(s, s) for s in services)
            self._say(Message("mixed_services", services=labels))
            raise _Abort(UNSUPPORTED)
        service = services[0] if services else (self.service or default)
        if inspire and not services and service == WMS_RASTER:
            self._say(Message("inspire_split", service=SERVICE_LABELS[service]))
        self.service = self.service or service
        if service == WMS_RASTER and self.wms_layer_count > WMS_R_LAYER_LIMIT:
            self._say(Message("wms_layer_limit", count=str(self.wms_layer_count),
                              limit=str(WMS_R_LAYER_LIMIT)))
        format_param = None if self.parsed.form == URL else self.parsed.first("format")
        if format_param is not None and format_param.value and self.first_decision is not None:
            self._set_layer_param(format_param,
                                  self._wms_format(self.first_decision, format_param.value))
        if query is not None:  # not shared: the names in it are this source's
            new_url, pinned = self._wms_url(url, legacy, service, self.restricted, query)
        else:
            new_url, pinned = _per_url(legacy, ("wms", service, self.restricted),
                                       self._wms_url, url, legacy, service, self.restricted)
        if pinned is not None:
            self._say(Message("version_pinned", old=pinned))
        return new_url

    def _query_layers(self, query: ParsedUrl, old_service: str) -> set:
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
                    decision = self._decide(old_service, name)
                    targets.add(decision.service)
                    if position < len(styles):
                        styles[position] = self._style(decision, styles[position])
                    name = decision.name
                    self.wms_layer_count += 1
                names.append(name)
                position += 1
            if query.query_set(item, ",".join(names)):
                self.renamed = True
        if style_item is not None:
            query.query_set(style_item, ",".join(styles))
        return targets

    @staticmethod
    def _wms_url(url: ParsedUrl, legacy: rules.LegacyUrl, service: str, restricted: bool,
                 query: Optional[ParsedUrl] = None):
        """(new URL, the old VERSION when it is pinned to 1.3.0 else None): a function of the
        URL, the service and ``restricted`` only (``query``: its query with renamed layers)."""
        query = _Migration._kept_query(url, legacy) if query is None else query
        pinned = None
        version = query.query_first("version")
        if version is not None and version.value != "1.3.0":
            pinned = version.value or ""
            query.query_set(version, "1.3.0")
        return _Migration._join(legacy.endpoint(service, restricted), url, query), pinned

    def _wms_layers(self, old_service: str, default: str) -> List[str]:
        """Decide every layer (``layers`` tokens, comma lists too) and its paired style;
        returns the services they are served by now."""
        if self.layers_done or self.parsed.form == URL:
            return []
        self.layers_done = True
        layer_params = self.parsed.find("layers")
        style_params = self.parsed.find("styles") if layer_params else []
        style_values = [p.value or "" for p in style_params]
        new_styles = [s for value in style_values for s in value.split(",")]
        targets = set()
        position = 0
        for param in layer_params:
            new_names = []
            for name in (param.value or "").split(","):
                if name:
                    decision = self._decide(old_service, name)
                    targets.add(decision.service)
                    if old_service == INSPIRE and decision.service != default:
                        self._say(Message("service_moved", layer=decision.name,
                                          service=SERVICE_LABELS[decision.service]))
                    name = decision.name
                    if position < len(new_styles):
                        new_styles[position] = self._style(decision, new_styles[position])
                    self.wms_layer_count += 1
                new_names.append(name)
                position += 1
            self._set_layer_param(param, ",".join(new_names))
        if style_params:
            self._write_styles(style_params, style_values, new_styles)
        return sorted(targets)

    def _write_styles(self, params, old_values, new_styles) -> None:
        """Put the styles back, one value per original ``styles`` token."""
        position = 0
        for param, old in zip(params, old_values):
            count = len(old.split(","))
            value = ",".join(new_styles[position:position + count])
            position += count
            if value != old:
                self._set_layer_param(param, value)

    # -- WFS ----------------------------------------------------------------------------------
    def _wfs(self, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        query = self._kept_query(url, legacy)
        # Spaced form: typename='…'; legacy URL form: TYPENAME / TYPENAMES in the query.
        items = [] if self.layers_done or self.parsed.form == URL else self.parsed.find("typename")
        self.layers_done = True
        for param in items:
            if param.value:
                decision = self._decide(WFS, param.value)
                if decision.renamed:
                    self._set_layer_param(param, decision.name)
        for key in ("typename", "typenames"):
            for item in query.query_find(key):
                if item.value:
                    names = [self._decide(WFS, n).name if n else n for n in item.value.split(",")]
                    query.query_set(item, ",".join(names))
        return self._join(legacy.endpoint(WFS, self.restricted), url, query)

    # -- vector tile styles -------------------------------------------------------------------------
    def _static_style(self, url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        if legacy.service != rules.STATIC_STYLE:
            return self._join(legacy.endpoint(), url, self._kept_query(url, legacy))
        parts = [p for p in legacy.tail.split("/") if p]
        product, filename = parts[0], parts[-1]
        style, dot, ext = filename.rpartition(".")
        if not dot:
            style, ext = filename, ""
        rule = self.k.tables.rule("static-style", product) or {}
        new_product = rule.get("rename") or product
        new_style = (rule.get("styles") or {}).get(style, style)
        info = self.k.info(TMS, new_product)
        if info is not None and info.styles and new_style not in info.styles:
            self._say(Message("style_default", old=style, new=info.default_style,
                              layer=new_product))
            new_style = info.default_style
        if new_style != style or new_product != product:
            self.renamed = True
        new_file = f"{new_style}.{ext}" if dot else new_style
        base = (legacy.base or endpoints.base_url()) + "/annexes/ressources/vectorTiles/styles"
        new_url = self._join(f"{base}/{new_product}/{new_file}", url, self._kept_query(url, legacy))
        self._say(Message("style_url", new=new_url))
        return new_url

    # -- credentials --------------------------------------------------------------------------------
    def _drop_credentials(self) -> None:
        dropped = _credential_params(self.parsed, self.lowered, self.source)
        self.parsed.remove_all(dropped)
        for param in dropped:
            self.changes.append(Change(param.key, param.value, None))
        if dropped:
            self._say(Message("credentials_dropped", params=", ".join(p.key for p in dropped)))


# -- helpers ----------------------------------------------------------------------------------------
def _dead_key_message(key: str) -> Message:
    """The shared key IGN switched off, with its date written the way each language does."""
    year, month, day = rules.DEAD_KEYS[key].split("-")
    return Message("dead_key", shared=key, date=f"{year}-{month}-{day}",
                   date_fr=f"{day}/{month}/{year}")


def _credential_params(parsed, lowered: str, source: str) -> list:
    """The ``username``/``password`` tokens of a parsed source (the dead Géoportail ones)."""
    if "user" not in lowered and "password" not in lowered and "%" not in source:
        return []
    # The name as QGIS reads it, decoded: ``pass%77ord`` is a password too.
    return [p for p in parsed.params
            if p.key is not None and sources.unquote(p.key.strip()).lower() in CREDENTIAL_KEYS]


_REST_FORMATS = {"jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png",
                 "webp": "image/webp", "tif": "image/tiff", "tiff": "image/tiff"}
# Protocols a url= item can be for: two url= items of two protocols cannot both be right.
_FAMILIES = {WMTS: "WMTS", WMS_RASTER: "WMS", WMS_VECTOR: "WMS", rules.INSPIRE_WMS: "WMS",
             WFS: "WFS", TMS: "TMS"}
_AUTHORITY = re.compile(r"://([^/?#\s'\"<>\\]*)")


def _legacy_address_in(text: str) -> str:
    """The first legacy IGN address anywhere in ``text`` (percent-encoded or not), or ''.
    One pass over the text: sources wrap URLs in syntaxes no slot reads (``/vsicurl/…``,
    ``WFS:…``, ``<GDAL_WMS>…<ServerUrl>``)."""
    views = [text]
    if "%" in text:
        views.append(sources.unquote(text))
    for view in views:
        if "://" not in view:
            continue
        for match in _AUTHORITY.finditer(view):
            host = match.group(1).rpartition("@")[2].partition(":")[0].lower().rstrip(".")
            if host in rules.LEGACY_HOSTS:
                end = match.end()
                stop = len(view)
                for char in (" ", "'", '"', "<", "&", ","):
                    found = view.find(char, end)
                    if found != -1 and found < stop:
                        stop = found
                return view[match.start(1) - 3 - _scheme_length(view, match.start()):stop]
    return ""


def _scheme_length(text: str, end: int) -> int:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "+.-"):
        start -= 1
    return end - start


def _wmts_param_keys(form: str):
    if form == GDAL_WMTS:
        return ("layer", "style", "tilematrixset", None)
    return ("layers", "styles", "tileMatrixSet", "format")


def _per_url(legacy: rules.LegacyUrl, key, compute, *args):
    """``compute(*args)``, worked out once per recognised URL and ``key``. Only for what the URL
    alone decides: recognitions are cached (rules.recognise_text), so every layer on that URL
    shares the result."""
    found = legacy.derived.get(key)
    if found is None:
        found = legacy.derived[key] = compute(*args)
    return found


def _is_wmts_tile_url(url: ParsedUrl) -> bool:
    """A GetTile template (layer data in the query) rather than a capabilities URL."""
    request = url.query_first("request")
    if request is not None and (request.value or "").lower() == "gettile":
        return True
    return url.query_first("tilematrix") is not None


def _query_first(url: ParsedUrl, key: str):
    return url.query_first(key)


def _vector_tile_source(knowledge: Knowledge, name: str, base: str) -> dict:
    """A ready-to-use vector tile source for a TMS suggestion (provider, source)."""
    tiles = endpoints.service_url(TMS, base=base) + f"/{name}/{{z}}/{{x}}/{{y}}.pbf"
    items = []
    info = knowledge.info(TMS, name)
    entry = info.entry if info else None
    style = info.default_style if info else ""
    # The catalogue knows each set's style links (some sets share a folder, e.g. OCSGE).
    links = [u for u in (entry.style_urls if entry is not None else ())
             if u.rsplit("/", 1)[-1] == f"{style}.json"]
    if links:
        items.append(("styleUrl", base + links[0][len(endpoints.PRODUCTION_BASE_URL):]
                      if links[0].startswith(endpoints.PRODUCTION_BASE_URL) else links[0]))
    elif style:
        items.append(("styleUrl", base
                      + f"/annexes/ressources/vectorTiles/styles/{name}/{style}.json"))
    items += [("type", "xyz"), ("url", tiles)]
    if entry is not None and entry.max_zoom is not None:
        items += [("zmax", str(entry.max_zoom)), ("zmin", str(entry.min_zoom or 0))]
    return {"provider": "vectortile", "source": encode_params(items)}
