"""Messages of the migration, in English and French.

Pure module. A ``Message`` holds a code and its parameters; the text is rendered on demand
(``m.text("fr")``), so building decisions stays cheap and the GUI shows the user's language.
The texts are a ``toolbelt.texts.Texts`` store, the plugin's one bilingual mechanism.
"""
from __future__ import annotations

from typing import Dict, Tuple

from ..platform.redaction import URL_PARAMS, mask_key, redact, redact_text
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


# Secrets never reach a message text: masked when a text is rendered (not when the message is
# built: most messages are never displayed).
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
