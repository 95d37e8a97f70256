"""Ranked search for the locator bar: a few words in, the layer the user most likely means first.

Pure module. The dock's ``Catalog.search`` filters a list the user then reads; the locator
shows a handful of rows and Enter takes the first, so it ranks harder:

- words join when the layer's names do: "bd topo" finds BDTOPO, "scan 25" finds SCAN25TOUR
  (a run of consecutive words may match one word of the name as a prefix);
- a 4- or 5-digit word that is an EPSG code of the catalogue ("ortho 2154") is not text: it
  puts first the layers offered in that CRS;
- among the layers every word matches: name or title before keywords before abstract, then
  the layers with a title of their own (a technical layer's title is empty or its name), then
  the services in the dock's order (tiles first: WMTS is what QGIS draws fastest), then the
  layers of the IGN theme the query names, then the share of the layer's name the query
  covers ("ortho" covers both words of ORTHOIMAGERY.ORTHOPHOTOS, a third of
  HR.ORTHOIMAGERY.ORTHOPHOTOS), then the shorter name.

An index is built once per catalogue (the catalogue is immutable), so a query only walks
precomputed strings: well under 5 ms for the full catalogue (benchmarks/locator_bench.py),
and at most the first words of any query are looked at (``catalog.query_words``), so a pasted
10,000-character query costs no more (benchmarks/search_bounds_bench.py).
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ..capabilities.model import SERVICES, Entry
from .catalog_index import Catalog, normalize, query_words

_EPSG = re.compile(r"epsg:+(\d{4,5})$", re.IGNORECASE)
_SERVICE_ORDER = {service: index for index, service in enumerate(SERVICES)}
_MAX_RUN = 3  # "bd topo v3" is the longest run of words one name word is made of


class _Row:
    __slots__ = ("entry", "name_words", "name_title", "keywords", "everything", "crs", "theme",
                 "extent")

    def __init__(self, entry: Entry, crs):
        self.entry = entry
        name = normalize(entry.name)
        self.name_words = name.split()
        self.name_title = f" {name} {normalize(entry.title)} "
        self.keywords = f" {normalize(' '.join(entry.keywords))} "
        self.everything = f"{self.name_title}{self.keywords} {normalize(entry.abstract)} "
        self.crs = crs
        self.theme = normalize(entry.theme)
        self.extent = _extent_class(entry.bbox_wgs84)


def _extent_class(bbox) -> int:
    """How much of France a layer covers, coarsely: 2 with the overseas territories (west of
    -50° and east of 40°), 1 for mainland France, 0 for less or unknown. National products
    come before local ones."""
    if not bbox:
        return 0
    west, south, east, north = bbox
    if west <= -50 and east >= 40:
        return 2
    return 1 if west <= -4.5 and east >= 8 and south <= 42.5 and north >= 51 else 0


def _epsg_codes(entry: Entry, catalog: Catalog) -> frozenset:
    codes = set()
    crs_names = list(entry.crs)
    for link in entry.tile_matrix_set_links:
        tms = catalog.tile_matrix_sets.get(link.tile_matrix_set)
        if tms is not None:
            crs_names.append(tms.crs)
    for name in crs_names:
        found = _EPSG.search(name.replace("urn:ogc:def:crs:EPSG::", "EPSG:"))
        if found:
            codes.add(found.group(1))
    return frozenset(codes)


class QuickIndex:
    """The locator's index of one catalogue."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._rows = [_Row(entry, _epsg_codes(entry, catalog)) for entry in catalog]
        self._known_codes = frozenset().union(*(row.crs for row in self._rows)) if self._rows else frozenset()

    def _runs(self, words: List[str], text: str) -> Optional[List[str]]:
        """Split ``words`` into runs that each start a word of ``text`` (longest run
        first), or None when one word cannot be placed."""
        runs, position = [], 0
        while position < len(words):
            for end in range(min(len(words), position + _MAX_RUN), position, -1):
                run = "".join(words[position:end])
                if " " + run in text:
                    runs.append(run)
                    position = end
                    break
            else:
                return None
        return runs

    def search(self, query: str, limit: int = 10) -> List[Entry]:
        words = query_words(query)  # bounded: any query costs what a short one does
        codes = [w for w in words if w.isdigit() and w in self._known_codes]
        words = [w for w in words if w not in codes]
        if not words:
            return []
        scored: List[Tuple[tuple, Entry]] = []
        first = " " + words[0]
        for row in self._rows:
            if first not in row.everything:
                continue  # every run starts with the first word: cheap first cut
            runs = self._runs(words, row.name_title)
            tier = 1
            if runs is None:
                runs = self._runs(words, row.keywords)
                tier = 2
            if runs is None:
                runs = self._runs(words, row.everything)
                tier = 3
            if runs is None:
                continue
            covered = sum(1 for word in row.name_words if any(word.startswith(r) for r in runs))
            coverage = covered / len(row.name_words) if row.name_words else 0.0
            offers_crs = all(code in row.crs for code in codes)
            entry = row.entry
            # Fewer runs first: "bd topo" means BDTOPO (one run), not BD CARTO's
            # "bassin_versant_topographique" ("bd" + "topo").
            key = (tier, len(runs), not offers_crs, entry.title in ("", entry.name),
                   _SERVICE_ORDER.get(entry.service, len(SERVICES)), row.theme not in runs,
                   -row.extent, -coverage, len(entry.name), entry.name, entry.restricted)
            scored.append((key, entry))
        scored.sort(key=lambda pair: pair[0])
        return [entry for _, entry in scored[:limit]]
