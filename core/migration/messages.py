"""Messages of the migration, in English and French.

Pure module. A ``Message`` holds a code and its parameters; the text is rendered on demand
(``m.text("fr")``), so building decisions stays cheap and the GUI shows the user's language.
"""
from __future__ import annotations

import re
from typing import Dict, Tuple

INFO = "info"
WARNING = "warning"
ERROR = "error"

# code -> (level, English, French). Parameters are str.format fields.
TEXTS: Dict[str, Tuple[str, str, str]] = {
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
    "format_mismatch": (
        WARNING,
        "Image format {old} kept, but layer {layer} is served in {formats}: change the format if "
        "the layer stays empty.",
        "Format d'image {old} conservé, mais la couche {layer} est servie en {formats} : changez "
        "de format si la couche reste vide.",
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


# Secrets never reach a message text: old keys and credentials are masked when a text is
# rendered (not when the message is built: most messages are never displayed).
_PERSONAL_KEY = re.compile(r"^[A-Za-z0-9]{16,}$")
_PATH_KEY = re.compile(r"(/)([A-Za-z0-9]{16,})(?=[/?#]|$)")
_USERINFO = re.compile(r"(://)[^/@?#]*@")
_APIKEY_VALUE = re.compile(r"((?:^|[?&])api_?key=)[^&#]*", re.IGNORECASE)
URL_PARAMS = frozenset({"old", "url"})


def mask_key(key: str) -> str:
    """A personal key (16+ letters and digits) shows only its start; key names stay readable."""
    return "/".join(
        p[:4] + "…" if _PERSONAL_KEY.match(p) and not p.isalpha() else p for p in key.split("/")
    )


def redact(url: str) -> str:
    """A URL fit for a message or a log: no user info, no apikey value, personal key masked."""
    url = url or ""
    if "@" in url:
        url = _USERINFO.sub(r"\1", url)
    if "key" in url.lower():
        url = _APIKEY_VALUE.sub(r"\1***", url)
    return _PATH_KEY.sub(lambda m: m.group(1) + mask_key(m.group(2)), url)


_PASSWORD_VALUE = re.compile(r"((?:^|[&\s?])password=)('[^']*'|[^&\s]*)", re.IGNORECASE)
_ENCODED_APIKEY = re.compile(r"((?:%26|%3F)api_?key%3D)[^%&]*", re.IGNORECASE)


def redact_source(source: str) -> str:
    """A whole data source fit for a report written to disk: passwords, keys and the user
    info of URLs masked (the rest byte for byte)."""
    source = redact(source)
    if "password" in source.lower():
        source = _PASSWORD_VALUE.sub(r"\1***", source)
    if "%3d" in source.lower():
        source = _ENCODED_APIKEY.sub(r"\1***", source)
    return source


def _safe(params: dict) -> dict:
    out = dict(params)
    for name in URL_PARAMS & out.keys():
        out[name] = redact(str(out[name]))
    if "key" in out:
        out["key"] = mask_key(str(out["key"]))
    return out


class Message:
    """One decision message: ``code``, ``level``, and the text in either language."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params

    @property
    def level(self) -> str:
        return TEXTS.get(self.code, (WARNING, "", ""))[0]

    def text(self, lang: str = "en") -> str:
        level, en, fr = TEXTS.get(self.code, (WARNING, self.code, self.code))
        template = fr if (lang or "").lower().startswith("fr") else en
        try:
            return template.format(**_safe(self.params))
        except (KeyError, IndexError, ValueError):
            return template

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
