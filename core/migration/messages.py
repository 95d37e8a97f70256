"""Messages of the migration, in English and French.

Pure module. A ``Message`` holds a code and its parameters; the text is rendered on demand
(``m.text("fr")``), so building decisions stays cheap and the GUI shows the user's language.
The texts are a ``toolbelt.texts.Texts`` store, the plugin's one bilingual mechanism.
"""
from __future__ import annotations

import re
from typing import Dict, Tuple
from urllib.parse import quote, unquote

from ..platform.sources import parse_source, parse_url
from ..toolbelt.texts import Texts

INFO = "info"
WARNING = "warning"
ERROR = "error"

# code -> (level, English, French). Parameters are str.format fields.
_TABLE: Dict[str, Tuple[str, str, str]] = {
    "not_ign": (
        INFO,
        "Not an IGN Géoportail source: left unchanged.",
        "Source hors Géoportail IGN : laissée telle quelle.",
    ),
    "current": (
        INFO,
        "Already on the Géoplateforme ({host}): left unchanged.",
        "Déjà sur la Géoplateforme ({host}) : laissée telle quelle.",
    ),
    "endpoint": (
        INFO,
        "Address {old} replaced by {new}.",
        "Adresse {old} remplacée par {new}.",
    ),
    "key_dropped": (
        INFO,
        "The old key '{key}' was removed from the address: public Géoplateforme data needs no key.",
        "L'ancienne clé « {key} » a été retirée de l'adresse : les données publiques de la "
        "Géoplateforme n'en demandent pas.",
    ),
    "ignore_advertised": (
        INFO,
        "Restricted data: QGIS sends its tile, map and feature-info requests to the private "
        "address (IgnoreGetMapUrl=1, IgnoreGetFeatureInfoUrl=1), not to the addresses the "
        "capabilities advertise.",
        "Données restreintes : QGIS envoie ses requêtes de tuiles, de cartes et d'interrogation "
        "à l'adresse privée (IgnoreGetMapUrl=1, IgnoreGetFeatureInfoUrl=1), pas aux adresses "
        "annoncées par les capacités.",
    ),
    "credentials_dropped": (
        WARNING,
        "Old Géoportail credentials removed ({params}): they are not valid on the Géoplateforme.",
        "Anciens identifiants Géoportail retirés ({params}) : ils ne valent pas sur la "
        "Géoplateforme.",
    ),
    "layer_renamed": (
        INFO,
        "Layer {old} is now called {new}.",
        "La couche {old} s'appelle désormais {new}.",
    ),
    "service_moved": (
        INFO,
        "Layer {layer} is now served by {service}.",
        "La couche {layer} est désormais servie par {service}.",
    ),
    "style_renamed": (
        INFO,
        "Style '{old}' of {layer} is now '{new}'.",
        "Le style « {old} » de {layer} s'appelle désormais « {new} ».",
    ),
    "style_default": (
        WARNING,
        "Style '{old}' is no longer offered by {layer}: its default style '{new}' is used.",
        "Le style « {old} » n'est plus proposé par {layer} : son style par défaut « {new} » "
        "est utilisé.",
    ),
    "tms_linked": (
        INFO,
        "Tile matrix set {old} replaced by {new}, the one layer {layer} is linked to.",
        "Jeu de matrices de tuiles {old} remplacé par {new}, celui auquel la couche {layer} "
        "est liée.",
    ),
    "tms_unknown": (
        WARNING,
        "Tile matrix set {old} kept: the catalogue does not describe layer {layer}; check the "
        "layer after migration.",
        "Jeu de matrices de tuiles {old} conservé : le catalogue ne décrit pas la couche "
        "{layer} ; vérifiez-la après la migration.",
    ),
    "format_switched": (
        INFO,
        "Image format {old} replaced by {new}: the Géoplateforme serves layer {layer} in {new} "
        "and refuses {old}.",
        "Format d'image {old} remplacé par {new} : la Géoplateforme sert la couche {layer} en "
        "{new} et refuse {old}.",
    ),
    "style_missing": (
        INFO,
        "No style named: style '{new}' of {layer} is used (the Géoplateforme WMTS refuses a "
        "tile request without a style).",
        "Aucun style indiqué : le style « {new} » de {layer} est utilisé (le WMTS de la "
        "Géoplateforme refuse une demande de tuile sans style).",
    ),
    "outdated": (
        WARNING,
        "Already on the Géoplateforme ({host}), but today's servers refuse part of this source: "
        "fixed as follows.",
        "Déjà sur la Géoplateforme ({host}), mais les serveurs actuels refusent une partie de "
        "cette source : corrigée comme suit.",
    ),
    "dead_key": (
        WARNING,
        "The shared key '{shared}' was switched off by IGN on {date}: removed from the source; "
        "the layer needs your own Géoplateforme key (create one on cartes.gouv.fr).",
        "La clé partagée « {shared} » a été désactivée par l'IGN le {date_fr} : retirée de la "
        "source ; la couche demande votre propre clé Géoplateforme (à créer sur "
        "cartes.gouv.fr).",
    ),
    "not_served": (
        WARNING,
        "Layer {layer} is known to IGN but not listed by the Géoplateforme today (IGN can "
        "unpublish a layer and publish it again): source left as is.",
        "La couche {layer} est connue de l'IGN mais n'est pas publiée aujourd'hui par la "
        "Géoplateforme (l'IGN peut dépublier une couche puis la republier) : source laissée "
        "telle quelle.",
    ),
    "version_pinned": (
        INFO,
        "WMS version {old} replaced by 1.3.0.",
        "Version WMS {old} remplacée par 1.3.0.",
    ),
    "wmts_query": (
        INFO,
        "{items} added to the WMTS address (QGIS needs it to recognise a WMTS).",
        "{items} ajouté à l'adresse WMTS (QGIS en a besoin pour reconnaître un WMTS).",
    ),
    "needs_key": (
        WARNING,
        "Layer {layer} is restricted: it now uses the /private/ address and needs a "
        "Géoplateforme key; attach an authentication configuration to it.",
        "La couche {layer} est en accès restreint : elle utilise désormais l'adresse /private/ "
        "et demande une clé Géoplateforme ; associez-lui une configuration d'authentification.",
    ),
    "withdrawn": (
        ERROR,
        "Layer {layer} is no longer served by the Géoplateforme: source left as is.",
        "La couche {layer} n'est plus servie par la Géoplateforme : source laissée telle quelle.",
    ),
    "withdrawn_vector": (
        ERROR,
        "{layer} is now served only as vector tiles (TMS): source left as is; replace it with "
        "a vector tile layer.",
        "{layer} n'est plus servie qu'en tuiles vectorielles (TMS) : source laissée telle "
        "quelle ; remplacez-la par une couche de tuiles vectorielles.",
    ),
    "suggestion": (
        INFO,
        "Suggested replacement: {name} ({service}).",
        "Remplacement suggéré : {name} ({service}).",
    ),
    "unverified": (
        WARNING,
        "Layer {layer} could not be checked against the catalogue: address migrated, check "
        "that the layer still exists.",
        "La couche {layer} n'a pas pu être vérifiée dans le catalogue : adresse migrée, "
        "vérifiez que la couche existe toujours.",
    ),
    "wms_layer_limit": (
        WARNING,
        "This WMS-R layer requests {count} layers in one image: the Géoplateforme's WMS-R refuses "
        "a request naming more than {limit} layers (IGN notice of 2026-03-16). In the open "
        "project, the migration can split it into one layer per name inside a group.",
        "Cette couche WMS-R demande {count} couches dans une même image : le WMS-R de la "
        "Géoplateforme refuse une requête qui en nomme plus de {limit} (avis de l'IGN du "
        "16/03/2026). Dans le projet ouvert, la migration peut la scinder en une couche par nom, "
        "dans un groupe.",
    ),
    "old_form_layer": (
        INFO,
        "QGIS 1.8 layer: its layer names, styles and format were read from the project "
        "(<wmsSublayer>, <wmsFormat>) and are written into the new source, in the form current "
        "QGIS reads.",
        "Couche de QGIS 1.8 : ses noms de couches, styles et format ont été lus dans le projet "
        "(<wmsSublayer>, <wmsFormat>) et sont écrits dans la nouvelle source, sous la forme que "
        "lit QGIS aujourd'hui.",
    ),
    "inspire_split": (
        WARNING,
        "The old INSPIRE WMS is now split between WMS-R and WMS-V; this address now points to "
        "{service}.",
        "L'ancien WMS INSPIRE est désormais réparti entre WMS-R et WMS-V ; cette adresse pointe "
        "maintenant vers {service}.",
    ),
    "mixed_services": (
        ERROR,
        "The layers of this source are now served by different services ({services}): split it "
        "into one layer per service.",
        "Les couches de cette source sont désormais servies par des services différents "
        "({services}) : séparez-la en une couche par service.",
    ),
    "unsupported_service": (
        ERROR,
        "The old service '{service}' has no automatic equivalent on the Géoplateforme{hint}: "
        "source left as is.",
        "L'ancien service « {service} » n'a pas d'équivalent automatique sur la "
        "Géoplateforme{hint} : source laissée telle quelle.",
    ),
    "unknown_legacy": (
        ERROR,
        "Old IGN address not recognised ({url}): source left as is.",
        "Ancienne adresse IGN non reconnue ({url}) : source laissée telle quelle.",
    ),
    "wrapped_legacy": (
        ERROR,
        "This source holds an old IGN address ({url}) in a form the migration does not "
        "rewrite: source left as is; replace the address by hand.",
        "Cette source contient une ancienne adresse IGN ({url}) sous une forme que la "
        "migration ne réécrit pas : source laissée telle quelle ; remplacez l'adresse à la main.",
    ),
    "mixed_addresses": (
        ERROR,
        "This source holds old addresses of different services ({services}); QGIS reads only "
        "the first: source left as is.",
        "Cette source contient d'anciennes adresses de services différents ({services}) ; QGIS "
        "ne lit que la première : source laissée telle quelle.",
    ),
    "wmts_rest": (
        INFO,
        "The old WMTS tile template (REST) is now asked for with a GetTile request: the "
        "Géoplateforme WMTS serves tiles only that way.",
        "L'ancien modèle de tuiles WMTS (REST) est désormais demandé par une requête GetTile : "
        "le WMTS de la Géoplateforme ne sert les tuiles que de cette façon.",
    ),
    "not_atomic": (
        WARNING,
        "{path} is a link or belongs to someone else: it was rewritten in place, after its "
        "backup, to keep its links and owner (not an atomic replacement).",
        "{path} est un lien ou appartient à un autre utilisateur : il a été réécrit sur place, "
        "après sa sauvegarde, pour garder ses liens et son propriétaire (remplacement non "
        "atomique).",
    ),
    "internal_error": (
        ERROR,
        "Internal error while migrating this source ({error}): left unchanged.",
        "Erreur interne pendant la migration de cette source ({error}) : laissée telle quelle.",
    ),
    "comma_form": (
        INFO,
        "Source in the QGIS 1.8 form: rewritten in the same form.",
        "Source au format de QGIS 1.8 : réécrite dans le même format.",
    ),
    "style_url": (
        INFO,
        "Vector tile style moved to {new}.",
        "Style de tuiles vectorielles déplacé vers {new}.",
    ),
}
LEVELS: Dict[str, str] = {code: row[0] for code, row in _TABLE.items()}
TEXTS = Texts.pairs({code: row[1:] for code, row in _TABLE.items()})
del _TABLE


# Secrets never reach a message text: old keys, credentials and new keys are masked when a
# text is rendered (not when the message is built: most messages are never displayed), and in
# every source a report writes to disk. What counts as a secret is decided on the decoded
# text (``pass%77ord`` is a password), whatever the syntax it is written in.
MASK = "***"
# The published thematic keys of the old Géoportail: not secrets, kept readable.
PUBLIC_KEYS = frozenset({
    "administratif", "adresse", "agriculture", "altimetrie", "cartes", "cartovecto", "clc",
    "decouverte", "economie", "enr", "environnement", "essentiels", "geodesie", "inspire",
    "lambert93", "ocsge", "ortho", "orthohisto", "parcellaire", "satellite", "sol",
    "topographie", "transports", "choisirgeoportail", "choisirinspire", "pratique",
    "ign_scan_ws",  # IGN's published sample key for SCAN data, switched off on 2026-10-26
})
# Words that, as the last part of a parameter name (``http-header:apikey``), make its value a
# secret.
SECRET_NAMES = frozenset({
    "password", "passwd", "pwd", "pass", "username", "user", "login", "apikey", "api_key",
    "api-key", "key", "gppkey", "token", "access_token", "secret",
})
_PERSONAL_KEY = re.compile(r"^[A-Za-z0-9_-]{16,}$")
_PATH_KEY = re.compile(r"(/)([A-Za-z0-9_-]{16,})(?=[/?#]|$)")
_USERINFO = re.compile(r"(://)[^/@?#\s]*@")
_NAME_PART = re.compile(r"[:\s.]")
URL_PARAMS = frozenset({"old", "url", "new"})
_DEPTH = 4  # percent-encoding levels looked through (a url= inside a url= inside a source)


def is_secret_name(name) -> bool:
    """Does a parameter of this name (any case, percent-encoded or not) hold a secret?"""
    name = _decoded(str(name or "")).strip().strip("'\"").lower()
    last = _NAME_PART.split(name)[-1]
    return last in SECRET_NAMES or last.endswith(("password", "apikey", "api_key", "token"))


def _decoded(text: str) -> str:
    for _ in range(_DEPTH):
        if "%" not in text:
            break
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return text


def mask_key(key: str) -> str:
    """An old key shows only its first letters; the published thematic keys stay readable."""
    return "/".join(p if not p or p.lower() in PUBLIC_KEYS else p[:2] + "…"
                    for p in str(key).split("/"))


def redact(url: str, depth: int = 0) -> str:
    """A URL fit for a message or a log: no user info, no secret query value, old key and
    long personal tokens masked. Not a URL: ``redact_text``."""
    url = url or ""
    parsed = parse_url(url.strip()) if "://" in url else None
    if parsed is None:
        return redact_text(url, depth)
    text = parsed.scheme + "://" + parsed.netloc.rpartition("@")[2]
    text += _redact_path(parsed.path, parsed.host)
    if parsed.query or parsed.has_query:
        items = []
        for p in parsed.query:
            if p.key is None:
                items.append(p.sep + p.raw)
            elif p.value is not None and is_secret_name(p.key):
                items.append(f"{p.sep}{p.raw.partition('=')[0]}={MASK}")
            elif p.value and depth < _DEPTH and ("://" in p.value or "%" in p.raw
                                                 or "@" in p.value):
                value = redact(p.value, depth + 1)
                items.append(p.sep + (p.raw if value == p.value
                                      else p.raw.partition("=")[0] + "=" + quote(value, safe="/:")))
            else:
                items.append(p.sep + p.raw)
        text += "?" + "".join(items)
    if parsed.fragment is not None:
        text += "#" + redact_text(parsed.fragment, depth + 1)
    return text


def _redact_path(path: str, host: str) -> str:
    path = _PATH_KEY.sub(lambda m: m.group(1) + mask_key(m.group(2)), path)
    host = host.rstrip(".")
    if host.endswith(".ign.fr") or host.endswith("mongeoportail.ign.fr"):
        # The old key is the first segment (after /externe/ on the urbanism host), unless that
        # segment is a context or a service.
        segments = path.split("/")
        index = 1
        if len(segments) > 2 and segments[1].lower() == "externe":
            index = 2
        if len(segments) > index + 1 and segments[index] and \
                segments[index].lower() not in _NOT_KEYS and "…" not in segments[index]:
            segments[index] = mask_key(segments[index])
        path = "/".join(segments)
    return path


_NOT_KEYS = frozenset({"geoportail", "inspire", "edugeo", "static", "catalogue", "wmts", "wfs",
                       "wms", "r", "v", "tms", "externe", "rok4server", "ols", "alti",
                       "itineraire", "isochrone", "geocodage", "autoconf"})
# The safety net for any text: name=value where the name is a secret (quoted values with
# escaped quotes included), percent-encoded or not.
_SECRET_ITEM = re.compile(
    r"(?P<name>(?<![A-Za-z0-9_])[A-Za-z0-9_:.-]*(?:password|passwd|pwd|pass|username|user|login"
    r"|api_?key|api-key|key|token|secret))(?P<eq>[ \t]*=[ \t]*|%3[Dd])"
    r"(?P<value>'(?:\\.|[^'\\])*'?|\"(?:\\.|[^\"\\])*\"?|[^&,;\s'\"%]*(?:%(?!26|2[Cc]|20|3[Ff])"
    r"[0-9A-Fa-f]{2}[^&,;\s'\"%]*)*)", re.IGNORECASE)


def redact_text(text: str, depth: int = 0) -> str:
    """Any text (an error message, a fragment, a source of unknown syntax) with its secrets
    masked: user info, secret name=value items, long personal tokens in paths."""
    text = "" if text is None else str(text)
    if "@" in text:
        text = _USERINFO.sub(r"\1", text)
    text = _SECRET_ITEM.sub(_mask_item, text)
    text = _PATH_KEY.sub(lambda m: m.group(1) + mask_key(m.group(2)), text)
    if "%" in text and depth < _DEPTH:
        decoded = _decoded(text)
        if decoded != text:
            masked = redact_text(decoded, _DEPTH)
            if masked != decoded:
                # A secret only the decoded text shows (``pass%77ord``, an encoded user
                # info): show the decoded text, masked.
                return masked
    return text


def _mask_item(match) -> str:
    name = match.group("name")
    if not is_secret_name(name):
        return match.group(0)
    value = match.group("value")
    quote_char = value[:1] if value[:1] in ("'", '"') else ""
    return name + match.group("eq") + quote_char + MASK + quote_char


def redact_source(source: str, provider: str = "") -> str:
    """A whole data source fit for a report written to disk: credentials, keys and the user
    info of URLs masked, in any of the forms QGIS writes; the rest byte for byte."""
    source = "" if source is None else str(source)
    if not source:
        return source
    try:
        parsed = parse_source(provider, source)
    except Exception:  # odd text: the safety net alone
        return redact_text(source)
    for param in list(parsed.params):
        if param.key is None or param.value is None:
            continue
        if is_secret_name(param.key):
            if param.value:
                parsed.set_value(param, MASK)
        elif "://" in param.value or "@" in param.value or "%" in (param.raw or ""):
            value = redact(param.value)
            if value != param.value:
                parsed.set_value(param, value)
    return redact_text(parsed.encode())


def _safe(params: dict) -> dict:
    out = dict(params)
    for name, value in out.items():
        if name in URL_PARAMS:
            out[name] = redact(str(value))
        elif name == "key":
            out[name] = mask_key(str(value))
        elif isinstance(value, str):
            out[name] = redact_text(value)
    return out


class Message:
    """One decision message: ``code``, ``level``, and the text in either language."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params

    @property
    def level(self) -> str:
        return LEVELS.get(self.code, WARNING)

    def text(self, lang: str = "en") -> str:
        return TEXTS.text(self.code, lang, **_safe(self.params))

    @property
    def en(self) -> str:
        return self.text("en")

    @property
    def fr(self) -> str:
        return self.text("fr")

    def as_tuple(self) -> Tuple[str, str, str]:
        """(code, English, French)."""
        return self.code, self.en, self.fr

    def key(self):
        """A hashable identity: two messages with equal keys say the same thing."""
        try:
            key = (self.code, tuple(sorted(self.params.items())))
            hash(key)
            return key
        except TypeError:  # an unhashable or unorderable parameter: compare its text
            return (self.code, repr(sorted(self.params.items(), key=lambda item: item[0])))

    def __eq__(self, other):
        return isinstance(other, Message) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self):
        return hash(self.code)

    def __repr__(self):
        return f"Message({self.code!r}, {self.params!r})"

    def __str__(self):
        return self.en
