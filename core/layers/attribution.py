"""IGN's credit and licence in the metadata of every layer the plugin adds or migrates: the one
implementation, for catalogue layers, migrated layers and downloaded files alike.

QGIS glue, no widgets. What the layer's metadata (rights, licences) and its attribution
carry is what QGIS's print layouts (dynamic text, the layer's metadata), its exported
metadata (QMD) and QGIS Server's GetCapabilities show: the user never has to type it.

The texts are the official names of the licences, in French (they are names, not prose to
translate): they land in project files that travel between users of any language.
"""
from __future__ import annotations

from typing import List, Tuple

from ..capabilities.model import Entry
from ..toolbelt.plain_text import escaped

PRODUCER = "IGN"
CREDIT = "© IGN"
ATTRIBUTION_URL = "https://www.ign.fr"
OPEN_LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
OPEN_LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
RESTRICTED_LICENCE = "Données IGN à accès restreint : usage selon les conditions de la clé d'accès"
RESTRICTED_TERMS_URL = "https://cartes.gouv.fr/cgu"
# Marks the rights line this module wrote, so a second call replaces it instead of adding one.
_MARK = "Géoplateforme (IGN)"


def _licence(restricted: bool, stated: str = "") -> Tuple[str, str]:
    """(rights line, licence name). ``stated``: the terms the source itself gives (a download
    feed's), already escaped; they win over the standard ones unless they name one of them."""
    if stated and stated not in (OPEN_LICENCE, RESTRICTED_LICENCE):
        return stated, stated
    if stated == OPEN_LICENCE or (not stated and not restricted):
        return f"{OPEN_LICENCE} ({OPEN_LICENCE_URL})", OPEN_LICENCE
    return f"{RESTRICTED_LICENCE} ({RESTRICTED_TERMS_URL})", RESTRICTED_LICENCE


def _stated(licence: str) -> str:
    # QGIS shows metadata rights and licences as HTML (Layer Properties › Information): outside
    # terms go in as text, their markup escaped.
    return escaped(licence.strip()) if licence and licence.strip() else ""


def rights_for(restricted: bool, producer: str = "", licence: str = "") -> List[str]:
    """The rights statements of a layer: credit and terms."""
    credit = f"© {producer}" if producer and producer != PRODUCER else CREDIT
    return [f"{credit} – {_MARK}", _licence(restricted, _stated(licence))[0]]


def licences_for(restricted: bool, licence: str = "") -> List[str]:
    return [_licence(restricted, _stated(licence))[1]]


def _ours(text: str) -> bool:
    return _MARK in text or text.startswith((OPEN_LICENCE, RESTRICTED_LICENCE))


def credit_layer(layer, restricted: bool, producer: str = "", licence: str = "") -> None:
    """Write the credit and licence into ``layer``'s metadata and attribution, keeping
    whatever else the user put there (their own rights lines, title, abstract…). ``licence``:
    the terms the source states (a download feed's), written instead of the standard ones."""
    stated = _stated(licence)
    metadata = layer.metadata()
    rights = [r for r in metadata.rights() if not _ours(r) and r != stated]
    metadata.setRights(rights_for(restricted, producer, licence) + rights)
    licences = [l for l in metadata.licenses() if not _ours(l) and l != stated]
    metadata.setLicenses(licences_for(restricted, licence) + licences)
    layer.setMetadata(metadata)
    credit = f"© {producer}" if producer and producer != PRODUCER else CREDIT
    target = _attribution_holder(layer)
    target.setAttribution(credit)
    target.setAttributionUrl(ATTRIBUTION_URL)


def _attribution_holder(layer):
    server = getattr(layer, "serverProperties", None)
    target = server() if server is not None else None
    if target is None or not hasattr(target, "setAttribution"):
        target = layer  # QGIS < 3.28 keeps the attribution on the layer itself
    return target


def attribution_of(layer) -> Tuple[str, str]:
    """The layer's attribution (text, URL), as Revert gives it back."""
    holder = _attribution_holder(layer)
    return holder.attribution(), holder.attributionUrl()


def uncredit(layer, attribution: Tuple[str, str] = ("", "")) -> None:
    """Take the plugin's credit and licence lines back out of ``layer``'s metadata (Revert
    gives a layer back the metadata it had; the user's own lines stay), and put back
    ``attribution`` (the one before the credit) where the plugin's own still stands."""
    metadata = layer.metadata()
    metadata.setRights([r for r in metadata.rights() if not _ours(r)])
    metadata.setLicenses([l for l in metadata.licenses() if not _ours(l)])
    layer.setMetadata(metadata)
    holder = _attribution_holder(layer)
    if holder.attributionUrl() == ATTRIBUTION_URL and holder.attribution().startswith("© "):
        holder.setAttribution(attribution[0])
        holder.setAttributionUrl(attribution[1])


def credit_entry(layer, entry: Entry) -> None:
    """The credit of a catalogue entry (what the layer factory calls)."""
    credit_layer(layer, entry.restricted)


def credit_migrated(layer) -> None:
    """The credit of a layer whose source the migration just moved to the Géoplateforme:
    restricted when it now reads a /private/ endpoint."""
    credit_layer(layer, "/private/" in layer.source())


def credit_download(layer, licence: str = "", restricted: bool = False) -> None:
    """The credit of a layer read from what IGN's download service gave (a downloaded file or
    its streamable copy), with the licence its feed states."""
    credit_layer(layer, restricted, licence=licence)
