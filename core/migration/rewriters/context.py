"""What every rewriter shares: the decision being built for one source, and the URL helpers.

Pure module. ``MigrationContext`` holds one source's state (its parsed tokens, the messages and
changes so far, the first layer decided, the flags that make up its status) and the catalogue
knowledge (``Knowledge``); the engine (engine.py) drives it, a ``Rewriter`` per service writes
one URL slot through it. ``Abort`` stops the source with a status. Nothing here knows a service.
"""
from __future__ import annotations

from typing import List, NamedTuple, Optional, Tuple

from ...capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from ...platform import endpoints
from ...platform.sources import ParsedUrl, encode_params
from ...platform import sources
from .. import rules
from ..messages import Message
from ..status import Status
from ..tables import NOT_LISTED, UNVERIFIED, WITHDRAWN, Knowledge, LayerDecision

SERVICE_LABELS = {WMTS: "WMTS", WMS_RASTER: "WMS-R", WMS_VECTOR: "WMS-V", WFS: "WFS", TMS: "TMS"}
CREDENTIAL_KEYS = frozenset({"username", "password", "user"})
# Query items of a legacy URL that hold keys or credentials: never carried to the new URL.
KEY_QUERY_ITEMS = frozenset({"apikey", "api_key", "gppkey", "key", "token", "access_token"})
QUERY_CREDENTIALS = frozenset({"username", "password", "user", "passwd", "pwd", "login"})
DROPPED_QUERY_ITEMS = KEY_QUERY_ITEMS | QUERY_CREDENTIALS
# What QGIS and IGN's WMTS use when a layer names no style (ROK4's service default).
WMTS_DEFAULT_STYLE = "normal"


class Change(NamedTuple):
    """A parameter the migration changed: ``new`` is None when it was removed."""

    param: str
    old: Optional[str]
    new: Optional[str]


class Abort(Exception):
    """Stop migrating: the source stays as it is, with this status."""

    def __init__(self, status: str):
        super().__init__(status)
        self.status = status


class Rewriter:
    """Writes the new URL of one slot (``url=``, ``styleUrl=``) for the services it names.

    Stateless, one instance shared by every source: what a source decides lives on the
    ``MigrationContext`` it is given. ``rewrite`` returns the new URL (the engine puts it in
    the slot and says so) or raises ``Abort``."""

    services: Tuple[str, ...] = ()

    def rewrite(self, m: "MigrationContext", url: ParsedUrl, legacy: rules.LegacyUrl) -> str:
        raise NotImplementedError


class MigrationContext:
    """The decision being built for one data source (the engine's ``_Migration`` adds the
    run over its slots and the result)."""

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
    parsed = None  # the source's tokens (platform/sources.py), set when the run starts

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

    def say(self, message: Message) -> None:
        """Add a message, unless the same one was said (e.g. the same key dropped from two
        url= tokens). A set of what was said: one lookup per message, however many layers a
        source names (a scan of the list grew with the square of their number)."""
        key = message.key()
        if key in self.said:
            return
        self.said.add(key)
        self.messages.append(message)

    def set_layer_param(self, param, value: str) -> None:
        old = param.value
        if self.parsed.set_value(param, value):
            self.changes.append(Change(param.key, old, value))

    # -- layer decisions --------------------------------------------------------------------------
    def decide(self, old_service: str, name: str) -> LayerDecision:
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
            self.say(Message("not_served", layer=decision.name))
            raise Abort(Status.NOT_SERVED)
        if decision.status == UNVERIFIED and not self.current:
            self.say(Message("unverified", layer=name))
        if decision.renamed:
            self.renamed = True
            self.say(Message("layer_renamed", old=name, new=decision.name))
        if decision.moved:
            self.say(Message(
                "service_moved", layer=decision.name,
                service=SERVICE_LABELS.get(decision.service, decision.service),
            ))
        if decision.restricted:
            self.restricted = True
            if not self.private:  # a /private/ source has its key already
                self.say(Message("needs_key", layer=decision.name))
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
        self.say(Message(code, layer=decision.old_name))
        suggestion = decision.suggestion
        if suggestion:
            suggestion = dict(suggestion)
            if suggestion.get("service") == TMS:
                suggestion.update(vector_tile_source(self.k, suggestion["name"], self.state[0]))
            self.suggestion = suggestion
            self.say(Message(
                "suggestion", name=suggestion["name"],
                service=SERVICE_LABELS.get(suggestion["service"], suggestion["service"]),
            ))
        raise Abort(Status.WITHDRAWN)

    def style(self, decision: LayerDecision, old: str, wmts: bool = False) -> str:
        new, reason = self.k.style_for(decision, old, wmts)
        if wmts and not reason and not old.strip() and decision.info is None and not self.current:
            # A layer the catalogue does not describe: ROK4's service default style.
            new, reason = WMTS_DEFAULT_STYLE, "missing"
        if reason:
            self.renamed = True
            code = {"default": "style_default", "missing": "style_missing"}.get(
                reason, "style_renamed")
            self.say(Message(code, old=old, new=new, layer=decision.name))
        return new


# -- URL building ----------------------------------------------------------------------------------
def kept_query(url: ParsedUrl, legacy=None) -> ParsedUrl:
    """The old query without keys and credentials (apikey, key, password…): the rest is
    kept byte for byte. A copy: the recognised URL is shared between calls, and the slot's
    code changes this one. A Géoplateforme URL keeps its keys (the user's own), its
    switched-off shared keys already taken out (rules.recognise_current)."""
    if legacy is not None and legacy.current:
        return url.copy()
    return url.copy(DROPPED_QUERY_ITEMS)


def join(endpoint: str, url: ParsedUrl, query: Optional[ParsedUrl]) -> str:
    text = endpoint
    if query is not None and (query.query or query.has_query):
        text += "?" + query.query_string()
    if url.fragment is not None:
        text += "#" + url.fragment
    return text


def per_url(legacy: rules.LegacyUrl, key, compute, *args):
    """``compute(*args)``, worked out once per recognised URL and ``key``. Only for what the URL
    alone decides: recognitions are cached (rules.recognise_text), so every layer on that URL
    shares the result."""
    found = legacy.derived.get(key)
    if found is None:
        found = legacy.derived[key] = compute(*args)
    return found


# -- credentials and keys ------------------------------------------------------------------------
def credential_params(parsed, lowered: str, source: str) -> list:
    """The ``username``/``password`` tokens of a parsed source (the dead Géoportail ones)."""
    if "user" not in lowered and "password" not in lowered and "%" not in source:
        return []
    # The name as QGIS reads it, decoded: ``pass%77ord`` is a password too.
    return [p for p in parsed.params
            if p.key is not None and sources.unquote(p.key.strip()).lower() in CREDENTIAL_KEYS]


def dead_key_message(key: str) -> Message:
    """The shared key IGN switched off, with its date written the way each language does."""
    year, month, day = rules.DEAD_KEYS[key].split("-")
    return Message("dead_key", shared=key, date=f"{year}-{month}-{day}",
                   date_fr=f"{day}/{month}/{year}")


def vector_tile_source(knowledge: Knowledge, name: str, base: str) -> dict:
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
