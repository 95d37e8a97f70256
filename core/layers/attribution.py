"""IGN's credit and licence in the metadata of every layer the plugin adds or migrates.

QGIS glue, no widgets. What the layer's metadata (rights, licences) and its attribution
carry is what QGIS's print layouts (dynamic text, the layer's metadata), its exported
metadata (QMD) and QGIS Server's GetCapabilities show: the user never has to type it.

The texts are the official names of the licences, in French (they are names, not prose to
translate): they land in project files that travel between users of any language.
"""
from __future__ import annotations

from typing import List

from ..capabilities.model import Entry
from ..toolbelt.plain_text import escaped

PRODUCER = "IGN"
CREDIT = "© IGN"
ATTRIBUTION_URL = "https://www.ign.fr"
OPEN_LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
OPEN_LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
RESTRICTED_LICENCE = "Données IGN à accès restreint : usage selon les conditions de la clé d'accès"
RESTRICTED_TERMS_URL = "https://cartes.gouv.fr/cgu"
# What a downloaded file's layers carry (with the feed's licence, when it gives one).
DOWNLOAD_CREDIT = "© IGN – Géoplateforme"
# Marks the rights line this module wrote, so a second call replaces it instead of adding one.
_MARK = "Géoplateforme (IGN)"


def rights_for(restricted: bool, producer: str = "") -> List[str]:
    """The rights statements of a layer: credit and terms."""
    credit = f"© {producer}" if producer and producer != PRODUCER else CREDIT
    if restricted:
        return [f"{credit} – {_MARK}", f"{RESTRICTED_LICENCE} ({RESTRICTED_TERMS_URL})"]
    return [f"{credit} – {_MARK}", f"{OPEN_LICENCE} ({OPEN_LICENCE_URL})"]


def licences_for(restricted: bool) -> List[str]:
    return [RESTRICTED_LICENCE] if restricted else [OPEN_LICENCE]


def _ours(text: str) -> bool:
    return _MARK in text or text.startswith((OPEN_LICENCE, RESTRICTED_LICENCE))


def credit_layer(layer, restricted: bool, producer: str = "") -> None:
    """Write the credit and licence into ``layer``'s metadata and attribution, keeping
    whatever else the user put there (their own rights lines, title, abstract…)."""
    metadata = layer.metadata()
    rights = [r for r in metadata.rights() if not _ours(r)]
    metadata.setRights(rights_for(restricted, producer) + rights)
    licences = [l for l in metadata.licenses() if not _ours(l)]
    metadata.setLicenses(licences_for(restricted) + licences)
    layer.setMetadata(metadata)
    credit = f"© {producer}" if producer and producer != PRODUCER else CREDIT
    server = getattr(layer, "serverProperties", None)
    target = server() if server is not None else None
    if target is None or not hasattr(target, "setAttribution"):
        target = layer  # QGIS < 3.28 keeps the attribution on the layer itself
    target.setAttribution(credit)
    target.setAttributionUrl(ATTRIBUTION_URL)


def credit_entry(layer, entry: Entry) -> None:
    """The credit of a catalogue entry (what the layer factory calls)."""
    credit_layer(layer, entry.restricted)


def credit_migrated(layer) -> None:
    """The credit of a layer whose source the migration just moved to the Géoplateforme:
    restricted when it now reads a /private/ endpoint."""
    credit_layer(layer, "/private/" in layer.source())


def credit_download(layer, licence: str = ""):
    """IGN's credit, and the download feed's licence, in the metadata (rights, licences) and
    the attribution of a layer of a downloaded file."""
    metadata = layer.metadata()
    # QGIS shows metadata rights and licences as HTML (Layer Properties › Information): the
    # feed's terms go in as text, their markup escaped.
    licence = escaped(licence) if licence else ""
    rights = [DOWNLOAD_CREDIT] + ([licence] if licence else [])
    metadata.setRights(list(dict.fromkeys(list(metadata.rights()) + rights)))
    if hasattr(metadata, "setLicenses") and licence:
        metadata.setLicenses(list(dict.fromkeys(list(metadata.licenses()) + [licence])))
    layer.setMetadata(metadata)
    server = getattr(layer, "serverProperties", None)
    target = server() if server is not None else None
    if target is None or not hasattr(target, "setAttribution"):
        target = layer  # QGIS < 3.38 keeps the attribution on the layer itself
    target.setAttribution(DOWNLOAD_CREDIT)
    return layer
