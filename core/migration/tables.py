"""What the migration knows about a layer: the catalogue first, the generated tables second.

Pure module. ``resources/migration/rules.json`` (old layer → rename, move, style renames,
restricted, withdrawn…) and ``current.json`` (what IGN's current configurations serve) are built
by ``scripts/build_migration_tables.py``; they are read once. ``Knowledge.resolve`` turns an old
(service, layer) into a ``LayerDecision``; ``style_for`` / ``tms_for`` pick the style and tile
matrix set the new layer offers.
"""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from ..platform import paths
from ..capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS

WMTS_DEFAULT_STYLE = "normal"  # ROK4's service default style (docs/reference/servers.md §1)

TABLES_DIR = paths.RESOURCES / "migration"
INSPIRE = "inspire"

# A layer the catalogue lacks is not declared withdrawn on that ground alone: the bundled
# snapshot ages (2024-06 WMTS/WFS), its WMS-R/WMS-V/TMS part comes from IGN's configurations,
# which list only promoted layers, and a refreshed catalogue may be partial. Withdrawn comes
# from explicit facts (the tables); a catalogue that knows it lists a service completely can
# say so with ``is_complete(service)``.

OK = "ok"
WITHDRAWN = "withdrawn"
UNVERIFIED = "unverified"  # not found anywhere, but the listing is not complete
# Known to IGN's tables, absent from a catalogue read today that lists the whole service: IGN
# can unpublish a layer and publish it again (2026-09-23), so not withdrawn.
NOT_LISTED = "not_listed"
# Services looked at, in this order, for a withdrawn layer's successor under the same name.
SUCCESSOR_ORDER = (WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS)
_LEVELS = re.compile(r"_\d+_\d+$")


class Tables:
    """The two generated JSON files."""

    def __init__(self, rules: dict, current: dict):
        self.rules: Dict[str, Dict[str, dict]] = {
            k: v for k, v in rules.items() if not k.startswith("_") and k != "wildcards"
        }
        self.wildcards: Dict[str, List[dict]] = rules.get("wildcards", {})
        self.current: Dict[str, Dict[str, dict]] = {
            k: v for k, v in current.items() if not k.startswith("_")
        }

    def rule(self, service: str, name: str) -> Optional[dict]:
        found = self.rules.get(service, {}).get(name)
        if found is not None:
            return found
        for row in self.wildcards.get(service, ()):
            if name.startswith(row["prefix"]):
                if "{name}" in row.get("style", ""):
                    row = dict(row, style=row["style"].replace("{name}", name))
                return row
        return None

    def served(self, service: str, name: str) -> Optional[dict]:
        return self.current.get(service, {}).get(name)


_TABLES: Optional[Tables] = None
_LOCK = threading.Lock()


def load_tables(directory: Path = TABLES_DIR) -> Tables:
    """The bundled tables (read once). Missing files give empty tables, never an error."""
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                data = []
                for name in ("rules.json", "current.json"):
                    try:
                        data.append(json.loads((directory / name).read_text(encoding="utf-8")))
                    except (OSError, ValueError):
                        data.append({})
                _TABLES = Tables(*data)
    return _TABLES


class LayerInfo:
    """What the new side offers for one layer."""

    __slots__ = ("styles", "default_style", "tms", "formats", "restricted", "origin",
                 "complete_styles", "entry")

    def __init__(self, styles=(), default_style="", tms=(), formats=(), restricted=False,
                 origin="tables", complete_styles=False, entry=None):
        self.styles = tuple(styles)
        self.default_style = default_style or (self.styles[0] if self.styles else "")
        self.tms = tuple(tms)
        self.formats = tuple(formats)
        self.restricted = restricted
        self.origin = origin
        self.complete_styles = complete_styles
        self.entry = entry


class LayerDecision:
    """Where an old layer lives now."""

    __slots__ = ("old_service", "old_name", "service", "name", "status", "restricted", "info",
                 "rule", "suggestion", "vector_only", "moved")

    def __init__(self, old_service, old_name, service, name, status, restricted=False,
                 info=None, rule=None, suggestion=None, vector_only=False, moved=False):
        self.old_service = old_service
        self.old_name = old_name
        self.service = service
        self.name = name
        self.status = status
        self.restricted = restricted
        self.info = info
        self.rule = rule or {}
        self.suggestion = suggestion
        self.vector_only = vector_only
        self.moved = moved

    @property
    def renamed(self) -> bool:
        return self.name != self.old_name


def _entry_info(entry) -> LayerInfo:
    styles = tuple(s.name for s in entry.styles)
    default = next((s.name for s in entry.styles if s.is_default), "")
    return LayerInfo(
        styles, default, tuple(l.tile_matrix_set for l in entry.tile_matrix_set_links),
        # ROK4 (WMTS, WMS-R) serves a layer's own styles only; GeoServer (WMS-V) any style
        # of its catalogue (docs/reference/servers.md §1, §2, §4).
        entry.formats, bool(entry.restricted), "catalogue", entry.service in (WMTS, WMS_RASTER),
        entry,
    )


class Knowledge:
    """Catalogue + tables, with the lookups the engine needs. Cheap to build per call."""

    def __init__(self, catalog, tables: Tables, snapshot: bool = False):
        self.catalog = catalog
        self.tables = tables
        # The bundled snapshot is older than the tables: its silence about a layer says
        # nothing about today.
        self.snapshot = snapshot
        # Catalogue and tables never change under a Knowledge: lookups are cached per layer.
        self._infos: Dict[Tuple[str, str], Optional[LayerInfo]] = {}
        self._decisions: Dict[Tuple[str, str], LayerDecision] = {}

    # -- raw lookups ------------------------------------------------------------------------
    def entry(self, service: str, name: str):
        if self.catalog is None or not name:
            return None
        return self.catalog.get(service, name)

    def info(self, service: str, name: str) -> Optional[LayerInfo]:
        key = (service, name)
        if key not in self._infos:
            self._infos[key] = self._info(service, name)
        return self._infos[key]

    def _info(self, service: str, name: str) -> Optional[LayerInfo]:
        entry = self.entry(service, name)
        if entry is not None:
            return _entry_info(entry)
        row = self.tables.served(service, name)
        if row is not None:
            return LayerInfo(row.get("styles", ()), "", row.get("tms", ()), row.get("formats", ()),
                             bool(row.get("restricted")))
        return None

    def is_complete(self, service: str) -> bool:
        """Does the catalogue declare that it lists every layer of ``service``?"""
        check = getattr(self.catalog, "is_complete", None)
        return bool(check(service)) if callable(check) else False

    def lists_today(self, service: str) -> bool:
        """Does the catalogue list every public layer of ``service`` as served today (a full
        refresh, not the bundled snapshot)?"""
        if self.snapshot or not self.is_complete(service):
            return False
        provenance = getattr(self.catalog, "provenance", None) or {}
        origin = (provenance.get(service) or {}).get("origin") if isinstance(provenance, dict) else None
        return origin != "snapshot"

    def declared(self, tms: str) -> Optional[bool]:
        """Does the catalogue declare tile matrix set ``tms``? None when it declares none."""
        sets = getattr(self.catalog, "tile_matrix_sets", None)
        if not sets:
            return None
        return tms in sets

    def successor(self, old_service: str, name: str) -> Optional[dict]:
        """Another service of the catalogue listing ``name`` (e.g. the WMS-R PROTECTEDAREAS.*
        layers now served by the WMTS), as a suggestion {service, name}, or None."""
        if self.catalog is None or not name:
            return None
        for service in SUCCESSOR_ORDER:
            if service == old_service:
                continue
            entry = self.catalog.get(service, name)
            if entry is not None:
                return {"service": service, "name": entry.name, "across": True}
        return None

    # -- decisions ---------------------------------------------------------------------------
    def resolve(self, old_service: str, name: str) -> LayerDecision:
        """The fate of layer ``name`` of the old ``old_service`` (wmts, wms-r, wms-v, wfs, tms,
        or ``inspire`` for the old INSPIRE WMS). Decisions are shared: do not modify them."""
        key = (old_service, name)
        decision = self._decisions.get(key)
        if decision is None:
            decision = self._decisions[key] = self._resolve(old_service, name)
        return decision

    def _resolve(self, old_service: str, name: str) -> LayerDecision:
        rule = self.tables.rule(old_service, name) or {}
        new_name = rule.get("rename") or name
        if "*" in new_name:
            new_name = name
        service = rule.get("moved_to") or old_service
        if service == INSPIRE:
            service = WMS_RASTER  # unknown INSPIRE layer: only used for the message
        moved = service != old_service and old_service != INSPIRE

        info = self.info(service, new_name)
        if info is None and service in (WMS_RASTER, WMS_VECTOR) and not rule.get("moved_to"):
            # Moved between raster and vector WMS without a table saying so.
            other = WMS_VECTOR if service == WMS_RASTER else WMS_RASTER
            info = self.info(other, new_name)
            if info is not None:
                service, moved = other, True
        if info is None and service in (WMS_RASTER, WMS_VECTOR):
            row = self.tables.served("wms", new_name)  # listed, raster or vector not said
            if row is not None:
                info = LayerInfo(origin="tables")
        restricted = bool(rule.get("restricted")) or bool(info and info.restricted)

        suggestion = self._suggestion(rule, name)
        if suggestion is None and info is None:
            suggestion = self.successor(service, new_name)
        decision = LayerDecision(old_service, name, service, new_name, OK, restricted, info,
                                 rule, suggestion, bool(rule.get("vector_only")), moved)
        # A hand-kept or derived "withdrawn" is an explicit fact and wins; otherwise the
        # catalogue (then the current configurations) says whether the layer exists.
        if rule.get("withdrawn"):
            decision.status = WITHDRAWN
        elif info is not None:
            if info.origin == "tables" and not restricted and self.lists_today(service):
                decision.status = NOT_LISTED
        elif rule.get("absent") or self.is_complete(service):
            decision.status = WITHDRAWN
        elif restricted:
            pass  # restricted layers are absent from public listings
        else:
            decision.status = UNVERIFIED
        return decision

    def _suggestion(self, rule: dict, name: str) -> Optional[dict]:
        suggestion = rule.get("suggestion")
        if not suggestion:
            return None
        suggestion = dict(suggestion)
        if suggestion.get("name", "").endswith("*"):
            # Namespace move (BDCARTO_BDD_WLD_WGS84G:x -> BDCARTO_V5:x): same local name,
            # offered only if the new side has it.
            local = name.split(":", 1)[-1]
            candidate = suggestion["name"][:-1] + local
            if self.info(suggestion["service"], candidate) is None:
                return None
            suggestion["name"] = candidate
        if rule.get("note"):
            suggestion["note"] = rule["note"]
        return suggestion

    # -- styles and tile matrix sets -----------------------------------------------------------
    def server_styles(self, service: str) -> frozenset:
        """Every style the catalogue lists on ``service`` (GeoServer accepts any of them)."""
        key = ("styles", service)
        found = self._infos.get(key)
        if found is None:
            entries = self.catalog.entries(service) if self.catalog is not None else ()
            found = self._infos[key] = frozenset(s.name for e in entries for s in e.styles)
        return found

    def style_for(self, decision: LayerDecision, old_style: str,
                  wmts: bool = False) -> Tuple[str, str]:
        """(new style, reason): reason '' when kept, 'renamed' from a table, 'default' when the
        old style is no longer offered and the layer's default replaces it, 'missing' when a
        WMTS source names none (ROK4 answers 400 "STYLE query parameter missing")."""
        info = decision.info
        styles = info.styles if info else ()
        if old_style in styles:
            return old_style, ""
        if wmts and info is not None and not old_style.strip():
            return (info.default_style if info and info.default_style
                    else WMTS_DEFAULT_STYLE), "missing"
        mapping = decision.rule.get("styles") or {}
        if old_style in mapping:
            return mapping[old_style], "renamed"
        inspire_style = decision.rule.get("style")
        if inspire_style and old_style:
            return inspire_style, "renamed"
        if not old_style:
            return old_style, ""  # empty = the server's default style: always valid
        if info and info.complete_styles and styles:
            return info.default_style, "default"
        if info and info.origin == "catalogue" and decision.service == WMS_VECTOR and styles \
                and old_style not in self.server_styles(WMS_VECTOR):
            return info.default_style, "default"  # GeoServer: StyleNotDefined
        return old_style, ""

    def tms_for(self, decision: LayerDecision, old_tms: str,
                keep_bare: bool = False) -> Tuple[str, str]:
        """(new tile matrix set, reason): '' kept, 'linked' replaced by the layer's own link,
        'unknown' when no link is known (kept). ``keep_bare``: a bare TMS id the layer's link
        is built on (``PM`` for ``PM_0_19``) and the catalogue declares is sound (ROK4 serves
        it, QGIS opens it: docs/reference/geoplateforme.md §9) and kept."""
        links = decision.info.tms if decision.info else ()
        if not links:
            return old_tms, "unknown"
        if old_tms in links:
            return old_tms, ""
        bare_ok = self.declared(old_tms) is not False and any(
            _LEVELS.sub("", link) == old_tms for link in links)
        if bare_ok and (keep_bare or all(self.declared(link) is False for link in links)):
            # A per-layer id only from a catalogue that declares it (the tables' ids alone
            # may be ones today's capabilities do not declare: QGIS would refuse the layer).
            return old_tms, ""
        family = old_tms.split("_", 1)[0]
        for link in links:
            if link.split("_", 1)[0] == family:
                return link, "linked"
        return links[0], "linked"
