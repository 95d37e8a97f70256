"""The migration engine: one data source in, one decision out.

Pure module (no qgis/Qt import), shared by the open-project migration, files on disk, saved
connections and the project-open hook. ``migrate_source`` is pure, idempotent (its output is on
the Géoplateforme, so a second run says "current" and changes nothing) and never raises: an
internal error gives "unsupported" with a message and the source untouched.

Flow: fast path (no IGN host substring: "unchanged") → parse the source into tokens
(sources.py) → recognise each URL it holds (rules.py) → hand it to the rewriter of its service
(rewriters/, one per service behind a registry), which resolves the layer against the catalogue
and the tables (tables.py) and changes only the tokens that must change → status and messages.
A source already on the Géoplateforme goes through the same steps with its own address kept
(``rules.recognise_current``): what today's servers or QGIS refuse makes it "outdated" (or
"needs_key" for IGN's switched-off shared key ``ign_scan_ws``); the rest stays "current".
What is worked out per catalogue (``Knowledge``) is kept per catalogue object.

Speed: no result is memoised, but what many layers share is worked out once: the recognition
of a URL string under the base URL in force (``rules.recognise_text``, bounded lru), what that
URL alone decides (its new address per endpoint, ``rewriters.context.per_url``), decoded/encoded values
(sources.py) and layer lookups (``Knowledge``). All are pure; ``clear_caches()`` forgets them.
The base URL override is read once per call, never cached across calls.
"""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, List, Optional

from ..platform import sources
from ..capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from ..platform.sources import COMMA, ENCODED, URL, ParsedUrl, parse_source
from . import rewriters, rules
from .messages import Message
from .rewriters.context import (
    QUERY_CREDENTIALS,
    Abort,
    Change,
    MigrationContext,
    credential_params,
    dead_key_message,
)
from .status import Status
from .tables import Knowledge, load_tables

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


# -- catalogue and tables, loaded once --------------------------------------------------------
_default_catalog_cache: List[Any] = []
# One Knowledge per catalogue object (the dialog and a Processing run may use two catalogues at
# once): weak keys, so a refreshed catalogue that is dropped takes its lookups with it.
_knowledge_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_no_catalog_knowledge: List[Any] = []  # no snapshot at all: None cannot be a weak key
_knowledge_lock = threading.Lock()


def default_catalog():
    if not _default_catalog_cache:
        try:
            from ..catalog.catalog_index import bundled_catalog

            _default_catalog_cache.append(bundled_catalog())
        except Exception:  # no snapshot: the tables alone still give decisions
            _default_catalog_cache.append(None)
    return _default_catalog_cache[0]


def _knowledge(catalog) -> Knowledge:
    if catalog is None:
        catalog = default_catalog()
    with _knowledge_lock:
        snapshot = catalog is default_catalog()
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
    dropped = credential_params(parsed, source.lower(), source)
    if not dropped:
        return source, []
    parsed.remove_all(dropped)
    return parsed.encode(), [p.key for p in dropped]


def migrate_url(url: str, catalog=None) -> SourceMigration:
    """Migrate a bare URL (a saved connection, a URL in code)."""
    return migrate_source("url", url, catalog)


# -- one migration ------------------------------------------------------------------------------
class _Migration(MigrationContext):
    """One source: each URL slot recognised (rules.py) and written by the rewriter of its
    service (rewriters/), then what the whole source needs (credentials, switched-off keys,
    keyed WMS flags) and its status."""

    def left_as_is(self, status: str) -> SourceMigration:
        """A withdrawn or unsupported source: left as it is but for the dead Géoportail
        credentials (username/password of the retired keys), removed from a fresh reading of
        the source -- the only change (docs/design.md, statuses)."""
        self.changes = []
        parsed = parse_source(self.provider, self.source, URL if self.provider == "url" else None)
        dropped = credential_params(parsed, self.lowered, self.source)
        if not dropped:
            return self.result(status, self.source)
        parsed.remove_all(dropped)
        self.changes = [Change(p.key, p.value, None) for p in dropped]
        self.say(Message("credentials_dropped", params=", ".join(p.key for p in dropped)))
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
                self.say(Message("wrapped_legacy", url=wrapped))
                return self.left_as_is(UNSUPPORTED)
            if current_host:
                return self._check_current(checked, current_host)
            return SourceMigration(self.provider, self.source, UNCHANGED, self.source,
                                   [Message("not_ign")])
        families = {_FAMILIES.get(legacy.service, legacy.service)
                    for param, _, legacy in found if param.key == "url"}
        if len(families) > 1:  # QGIS reads one url=: which one the user meant is unknowable
            self.say(Message("mixed_addresses", services=", ".join(sorted(families))))
            return self.left_as_is(UNSUPPORTED)
        try:
            # The layer URL first: it decides the layer, the styleUrl follows.
            if len(found) > 1:
                found.sort(key=lambda item: item[0].key != "url")
            for param, url, legacy in found:
                self._migrate_slot(param, url, legacy)
            if self.changes and parsed.form == COMMA:
                self.say(Message("comma_form"))
            self._drop_credentials()
            self._drop_dead_keys()
        except Abort as stop:
            if stop.status in (NOT_SERVED, UNCHANGED):  # never rewritten, not even credentials
                return self.result(stop.status, self.source)
            return self.left_as_is(stop.status)
        if self.restricted:
            self._ignore_advertised_urls()
        new_source = parsed.encode()
        left = _legacy_address_in(new_source)
        if left:  # an old address survives the rewrite: not an exact migration
            self.say(Message("wrapped_legacy", url=left))
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
                        self.say(dead_key_message(key))
                self.private = self.private or here.private
                self._migrate_slot(param, url, here)
            self._drop_dead_keys()
        except Abort as stop:
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
            self.say(dead_key_message(key))

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
            self.say(Message("ignore_advertised"))

    # -- per URL --------------------------------------------------------------------------------
    def _migrate_slot(self, param, url: ParsedUrl, legacy: rules.LegacyUrl) -> None:
        start = len(self.messages)  # the address message goes first, before layer details
        rewriter = rewriters.rewriter_for(legacy.service, param.key)
        if rewriter is None:  # a service no rewriter knows: nothing is changed
            self.say(Message("unknown_legacy", url=legacy.url.encode()))
            raise Abort(UNCHANGED)
        new_url = rewriter.rewrite(self, url, legacy)
        old = param.value
        if self.parsed.set_value(param, new_url):
            self.changes.append(Change(param.key, old, new_url))
            self.messages.insert(start, Message("endpoint", old=old, new=new_url))
        if legacy.key and param.key == "url":
            dead = legacy.key.strip("/").lower()
            if dead in rules.DEAD_KEYS:
                self.say(dead_key_message(dead))
            else:
                self.say(Message("key_dropped", key=legacy.key))
        if not legacy.current and param.key == "url":
            for item in rules.dead_key_items(url):
                dead = (item.value or "").strip().lower()
                self.say(dead_key_message(dead))
        if url.userinfo:
            self.say(Message("credentials_dropped", params="user:password@"))
        secrets = sorted({p.key.lower() for p in url.query
                          if p.key is not None and p.key.lower() in QUERY_CREDENTIALS})
        if secrets:
            self.say(Message("credentials_dropped", params=", ".join(secrets)))

    def _drop_credentials(self) -> None:
        dropped = credential_params(self.parsed, self.lowered, self.source)
        self.parsed.remove_all(dropped)
        for param in dropped:
            self.changes.append(Change(param.key, param.value, None))
        if dropped:
            self.say(Message("credentials_dropped", params=", ".join(p.key for p in dropped)))


# -- helpers ----------------------------------------------------------------------------------------
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
