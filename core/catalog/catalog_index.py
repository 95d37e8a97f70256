"""The catalogue: entries of every Géoplateforme service, lookup and search.

Pure module. A Catalog is immutable once built, so it can be shared between the dock, the
migration engine and background tasks. ``bundled_catalog()`` is the offline snapshot shipped
in resources/ (the migration engine's default), loaded once on first use.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
import re
import threading
import unicodedata
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from ..platform import paths
from ..capabilities.model import SERVICES, Entry, TileMatrixSet
from ..toolbelt.texts import Texts, colon, semicolon

RESOURCES = paths.RESOURCES
SNAPSHOT_PATH = RESOURCES / "catalog_snapshot.json.gz"
THEMES_PATH = RESOURCES / "themes.json"
FORMAT_VERSION = 1

# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ð": "d", "þ": "th", "ł": "l"})
_COMBINING = re.compile("[\u0300-\u036f]+")  # accents once NFKD has split them off
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Ties between services are shown in the usual order of preference.
_SERVICE_ORDER = {service: index for index, service in enumerate(SERVICES)}


# What is searched of a query, whatever its length (a pasted paragraph, a remembered 10,000-
# character query): its first MAX_QUERY_CHARS characters, MAX_QUERY_WORDS distinct words. No
# layer's name or title needs more, and a search then costs the same for any query (< 50 ms,
# benchmarks/search_bounds_bench.py).
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8


def bounded_query(query: str) -> str:
    """The part of ``query`` a search looks at."""
    return (query or "")[:MAX_QUERY_CHARS]


def query_words(query: str) -> List[str]:
    """The words searched for (normalised, each once, at most MAX_QUERY_WORDS)."""
    return list(dict.fromkeys(normalize(bounded_query(query)).split()))[:MAX_QUERY_WORDS]


def normalize(text: str) -> str:
    """Lower case, no accents, words of letters and digits separated by single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return _NON_ALNUM.sub(" ", _COMBINING.sub("", text)).strip()


class _Indexed:
    """An entry with its normalised texts, computed once. Texts are ' word word ' so that
    ' prefix' finds a word start and ' word ' a whole word."""

    __slots__ = ("entry", "name", "name_title", "keywords", "everything")

    def __init__(self, entry: Entry):
        self.entry = entry
        self.name = normalize(entry.name)
        self.name_title = f" {self.name} {normalize(entry.title)} "
        self.keywords = f" {normalize(' '.join(entry.keywords))} "
        self.everything = f"{self.name_title}{self.keywords} {normalize(entry.abstract)} "


# --- themes -------------------------------------------------------------------------------

_THEMES: Optional[Dict[str, Dict[str, str]]] = None


def load_themes() -> Dict[str, Dict[str, str]]:
    """{service: {layer name: IGN theme}} from resources/themes.json ({} if missing)."""
    global _THEMES
    if _THEMES is None:
        try:
            _THEMES = json.loads(THEMES_PATH.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _THEMES = {}
    return _THEMES


def _merge(old: Entry, new: Entry) -> Entry:
    """new's fields over old's where new says something (is not at the default), e.g. a TMS
    root entry completed by its TileMap resource."""
    changes = {}
    for item in dataclasses.fields(Entry):
        value = getattr(new, item.name)
        if value != item.default and value != getattr(old, item.name):
            changes[item.name] = value
    return dataclasses.replace(old, **changes) if changes else old


# --- the catalogue ------------------------------------------------------------------------

class Catalog:
    """Entries of every service, keyed by (service, name, restricted).

    A name may exist both on the public and on the /private/ endpoint of a service; both
    entries are kept and ``get`` prefers the public one (no key needed).
    """

    def __init__(self, entries: Iterable[Entry] = (), tile_matrix_sets=None, themes=None,
                 complete: Iterable[str] = (), provenance=None):
        themes = load_themes() if themes is None else themes
        # Where each service's entries come from, by service key ("wmts", "wmts-private"…):
        # {"origin": "refresh", "date": ISO time} or {"origin": "snapshot", "documents":
        # [{"name", "date"}…]} (see provenance_lines).
        self.provenance: Dict[str, dict] = {k: dict(v) for k, v in (provenance or {}).items()}
        # Services whose every public layer is listed (read from a complete capabilities
        # document): absence from them means "not served".
        self.complete = frozenset(complete)
        merged: Dict[Tuple[str, str, bool], Entry] = {}
        for entry in entries:
            if not entry.theme:
                theme = themes.get(entry.service, {}).get(entry.name)
                if theme:
                    entry = dataclasses.replace(entry, theme=theme)
            key = (entry.service, entry.name, entry.restricted)
            merged[key] = _merge(merged[key], entry) if key in merged else entry
        self._entries: List[Entry] = list(merged.values())
        self._by_key: Dict[Tuple[str, str], Entry] = {}
        for entry in self._entries:
            current = self._by_key.get(entry.key)
            if current is None or (current.restricted and not entry.restricted):
                self._by_key[entry.key] = entry
        # {identifier: TileMatrixSet}, as declared by the WMTS documents.
        self.tile_matrix_sets: Dict[str, TileMatrixSet] = dict(tile_matrix_sets or {})
        self._index = [_Indexed(entry) for entry in self._entries]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def get(self, service: str, name: str, restricted: Optional[bool] = None) -> Optional[Entry]:
        """The entry of that service and name (public first), or None."""
        entry = self._by_key.get((service, name))
        if entry is None or restricted is None or entry.restricted == restricted:
            return entry
        for other in self._entries:
            if other.key == (service, name) and other.restricted == restricted:
                return other
        return None

    def is_complete(self, service: str) -> bool:
        """Does the catalogue list every public layer of that service?"""
        return service in self.complete

    def entries(self, service: Optional[str] = None) -> List[Entry]:
        if service is None:
            return list(self._entries)
        return [e for e in self._entries if e.service == service]

    def services(self) -> List[str]:
        present = {e.service for e in self._entries}
        return [s for s in SERVICES if s in present]

    def search(self, query: str, service: Optional[str] = None,
               restricted: Optional[bool] = None, limit: Optional[int] = None) -> List[Entry]:
        """Entries whose name, title, keywords or abstract contain every word of the query
        (word prefixes; case and accents ignored), best first: exact name, then matches in
        name/title, then keywords, then abstract."""
        words = query_words(query)
        candidates = (
            item for item in self._index
            if (service is None or item.entry.service == service)
            and (restricted is None or item.entry.restricted == restricted)
        )
        if not words:
            found = [item.entry for item in candidates]
            return found[:limit] if limit is not None else found
        exact_query = " ".join(words)
        raw_query = bounded_query(query).strip().casefold()
        # A product's common name is often written in two words where IGN writes one
        # ("BD TOPO" for BDTOPO, "admin express"): adjacent words may also match joined.
        spellings = [words] + [words[:i] + [words[i] + words[i + 1]] + words[i + 2:]
                               for i in range(len(words) - 1)]
        if len(words) > 2:
            spellings.append(["".join(words)])
        scored = []
        for item in candidates:
            text = item.everything
            prefixes = None
            for spelling in spellings:
                if all(" " + w in text for w in spelling):
                    prefixes = [" " + w for w in spelling]
                    break
            if prefixes is None:
                continue
            if item.name == exact_query or item.entry.name.casefold() == raw_query:
                scored.append(((0, 0, 0, len(item.name)), item.entry))
                continue
            worst = total = partial = 0
            for prefix in prefixes:
                if prefix in item.name_title:
                    tier = 1
                    if prefix + " " not in item.name_title:
                        partial += 1
                elif prefix in item.keywords:
                    tier = 2
                else:
                    tier = 3
                worst = max(worst, tier)
                total += tier
            scored.append(((worst, total, partial, len(item.name)), item.entry))
        scored.sort(key=lambda pair: (pair[0], pair[1].name,
                                      _SERVICE_ORDER.get(pair[1].service, len(SERVICES))))
        found = [entry for _, entry in scored]
        return found[:limit] if limit is not None else found

    # --- serialisation --------------------------------------------------------------------

    def to_dict(self) -> dict:
        return {
            "format": FORMAT_VERSION,
            "entries": [_compact(entry) for entry in self._entries],
            "tile_matrix_sets": {
                tms.identifier: {"crs": tms.crs, "matrices": list(tms.matrices)}
                for tms in self.tile_matrix_sets.values()
            },
            "complete": sorted(self.complete),
            "provenance": self.provenance,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict, themes=None) -> "Catalog":
        if data.get("format", FORMAT_VERSION) > FORMAT_VERSION:
            raise ValueError("The catalogue was written by a newer version of the plugin.")
        sets = {
            identifier: TileMatrixSet(identifier, value.get("crs", ""),
                                      tuple(value.get("matrices") or ()))
            for identifier, value in (data.get("tile_matrix_sets") or {}).items()
        }
        entries = [Entry.from_dict(item) for item in data.get("entries") or ()]
        return cls(entries, sets, themes, data.get("complete") or (),
                   data.get("provenance") or None)

    @classmethod
    def from_json(cls, text, themes=None) -> "Catalog":
        return cls.from_dict(json.loads(text), themes)


def _compact(entry: Entry) -> dict:
    """Entry as a dict without the fields left at their default (smaller snapshot)."""
    out = {}
    for item in dataclasses.fields(Entry):
        value = getattr(entry, item.name)
        if value == item.default or value == ():
            continue
        if item.name in ("styles", "tile_matrix_set_links"):
            value = [_compact_plain(v) for v in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[item.name] = value
    return out


def _compact_plain(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)
            if getattr(obj, f.name) != f.default}


# --- the bundled snapshot -----------------------------------------------------------------

_BUNDLED: Optional[Catalog] = None
_BUNDLED_LOCK = threading.Lock()


def load_snapshot(path: Path = SNAPSHOT_PATH) -> Catalog:
    with gzip.open(path, "rb") as stream:
        return Catalog.from_json(stream.read())


def bundled_catalog() -> Catalog:
    """The catalogue shipped with the plugin (read once, then shared)."""
    global _BUNDLED
    if _BUNDLED is None:
        with _BUNDLED_LOCK:
            if _BUNDLED is None:
                _BUNDLED = load_snapshot()
    return _BUNDLED


# --- provenance: which documents the catalogue's answers come from ---------------------------

PROVENANCE_KEYS = tuple(k for s in SERVICES for k in (s, s + "-private"))
_SERVICE_NAMES = {"wmts": "WMTS", "wms-r": "WMS-R", "wms-v": "WMS-V", "wfs": "WFS", "tms": "TMS"}
# Which catalogue decided, as reports, logs and the dock say it.
PROVENANCE_TEXTS = Texts.pairs({
    "refresh": ("refreshed from the Géoplateforme on {date}",
                "actualisé depuis la Géoplateforme le {date}"),
    "snapshot": ("bundled snapshot (IGN documents of {dates})",
                 "instantané fourni (documents IGN du {dates})"),
    "private": ("{service} (restricted)", "{service} (accès restreint)"),
    "dates": ("{first} to {last}", "{first} au {last}"),
    "profile": ("QGIS profile: {name} ({path})", "Profil QGIS\u00a0: {name} ({path})"),
    "date_format": ("%Y-%m-%d", "%d/%m/%Y"),
})


def service_label(key: str, lang: str = "en") -> str:
    """"wmts" -> "WMTS", "wmts-private" -> "WMTS (restricted)"."""
    base = key[:-len("-private")] if key.endswith("-private") else key
    name = _SERVICE_NAMES.get(base, base)
    return PROVENANCE_TEXTS.text("private", lang, service=name) if base != key else name


def _local_date(text: str, lang: str, with_time: bool) -> str:
    """An ISO date (or time, shown in UTC) the way the language writes it."""
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return str(text or "?")
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc)
    day = when.strftime(PROVENANCE_TEXTS.text("date_format", lang))
    if with_time and len(text) > 10:
        return f"{day} {when.strftime('%H:%M')} UTC"
    return day


def provenance_text(info: dict, lang: str = "en") -> str:
    """What one service's provenance says, in English or French."""
    if (info or {}).get("origin") == "refresh":
        return PROVENANCE_TEXTS.text("refresh", lang,
                                     date=_local_date(info.get("date", ""), lang, True))
    dates = sorted({d.get("date", "") for d in (info or {}).get("documents", ()) if d.get("date")})
    if not dates:
        dates = ["?"]
    shown = [_local_date(d, lang, False) for d in (dates[0], dates[-1])]
    span = shown[0] if dates[0] == dates[-1] else PROVENANCE_TEXTS.text(
        "dates", lang, first=shown[0], last=shown[1])
    return PROVENANCE_TEXTS.text("snapshot", lang, dates=span)


def provenance_services(catalog: "Catalog") -> List[str]:
    """The provenance keys of the services the catalogue has entries or provenance for."""
    present = {e.service + ("-private" if e.restricted else "") for e in catalog}
    return [key for key in PROVENANCE_KEYS if key in present or key in catalog.provenance]


def provenance_line(catalog: "Catalog", key: str, lang: str = "en") -> str:
    """"WMTS: refreshed from the Géoplateforme on …" for one provenance key."""
    return (service_label(key, lang) + colon(lang)
            + provenance_text(catalog.provenance.get(key, {}), lang))


def provenance_lines(catalog: "Catalog", lang: str = "en") -> List[str]:
    """One line per service the catalogue has entries for: "WMTS: refreshed … on …"."""
    return [provenance_line(catalog, key, lang) for key in provenance_services(catalog)]


def profile_line(name: str, path: str, lang: str = "en") -> str:
    """"QGIS profile: default (/home/…/profiles/default)"."""
    return PROVENANCE_TEXTS.text("profile", lang, name=name, path=path)


def newest_document_date(catalog: "Catalog") -> str:
    """The date of the newest document the snapshot's entries were read from ("" if none)."""
    dates = [d.get("date", "") for info in catalog.provenance.values()
             for d in info.get("documents", ())]
    return max(dates) if dates else ""


def provenance_summary(catalog: "Catalog", lang: str = "en") -> str:
    """One short line: each distinct provenance once, with the services it covers."""
    groups: Dict[str, List[str]] = {}
    for key in provenance_services(catalog):
        text = provenance_text(catalog.provenance.get(key, {}), lang)
        groups.setdefault(text, []).append(service_label(key, lang))
    return semicolon(lang).join(f"{text} ({', '.join(names)})" for text, names in groups.items())


def provenance_key(service: str, restricted: bool) -> str:
    return service + ("-private" if restricted else "")
