"""The zones the download service filters on (FRA, FXX, régions, départements), found by name or
code. Pure module; the table is data (resources/zones.json, with its source)."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Tuple

from ..platform import paths

ZONES_FILE = paths.RESOURCES / "zones.json"


@dataclass(frozen=True)
class Zone:
    code: str  # as the service spells it: FRA, R11, D075, D02A
    name: str
    kind: str  # country, region, departement, collectivite
    insee: str = ""
    region: str = ""  # a département's région (zone code)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def _folded(text: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces: 'Côte-d'Or' ~ 'cote d or'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for mark in "-'’_":
        text = text.replace(mark, " ")
    return " ".join(text.split())


@lru_cache(maxsize=1)
def all_zones() -> Tuple[Zone, ...]:
    document = json.loads(ZONES_FILE.read_text(encoding="utf-8"))
    return tuple(Zone(**item) for item in document["zones"])


def find(code: str) -> Optional[Zone]:
    code = (code or "").strip().upper()
    return next((z for z in all_zones() if z.code == code), None)


def search(text: str) -> List[Zone]:
    """Zones whose code is ``text`` (``D075``, ``R11``), then those whose INSEE number it is
    (``75``, ``2a``), then those whose name starts with it, then those whose name contains it."""
    query = _folded(text)
    if not query:
        return list(all_zones())
    exact, numbered, starts, contains = [], [], [], []
    for zone in all_zones():
        name = _folded(zone.name)
        if query == zone.code.lower():
            exact.append(zone)
        elif zone.insee and query in (zone.insee.lower(), zone.insee.lower().lstrip("0")):
            numbered.append(zone)
        elif name.startswith(query):
            starts.append(zone)
        elif query in name:
            contains.append(zone)
    # "75" is Paris before the région numbered 75 (Nouvelle-Aquitaine).
    numbered.sort(key=lambda z: z.kind != "departement")
    return exact + numbered + starts + contains


def zone_code(text: str) -> str:
    """The zone code a user's entry means: a code or label as shown ('Paris (D075)'), or the
    best match of a name; '' when nothing matches."""
    text = (text or "").strip()
    if not text:
        return ""
    if text.endswith(")") and "(" in text:
        text = text.rpartition("(")[2][:-1]
    zone = find(text)
    if zone is not None:
        return zone.code
    found = search(text)
    return found[0].code if found else ""
