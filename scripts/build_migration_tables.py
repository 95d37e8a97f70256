#!/usr/bin/env python3
"""Build the migration tables in resources/migration/ from IGN's own configuration files.

Inputs (tests/data/geoportal-keys/, see tests/data/README-fixtures.md):
- layers_by_key_wxs_2023-05-14_extracted.csv  old Géoportail configs (wxs.ign.fr)
- layers_by_key_gpf_2026-06_extracted.csv     current configs (data.geopf.fr)
- resources_by_key_{2023-08-31,2026-06}_geoportal-configuration.csv  key -> layer lists
- inspireConfig_gpf_2024-10-16.json, ign_scan_wsConfig_gpf_2026-06.json
- scripts/manual_renames.json  facts no file holds (docs/reference/geoplateforme.md §7), merged last

Outputs:
- resources/migration/rules.json    old (service, layer) -> what changed, one source per row
- resources/migration/current.json  what the current configs serve (used when the catalogue
                                    lacks an entry)

Usage: python3 scripts/build_migration_tables.py [--check]
(--check exits 1 when the committed tables differ from what the inputs give.)
"""
from __future__ import annotations

import csv
import json
import sys
from collections import OrderedDict, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = ROOT / "tests" / "data" / "geoportal-keys"
OUT = ROOT / "resources" / "migration"
MANUAL = ROOT / "scripts" / "manual_renames.json"

OLD_CONFIGS = "layers_by_key_wxs_2023-05-14_extracted.csv"
NEW_CONFIGS = "layers_by_key_gpf_2026-06_extracted.csv"
OLD_RESOURCES = "resources_by_key_2023-08-31_geoportal-configuration.csv"
NEW_RESOURCES = "resources_by_key_2026-06_geoportal-configuration.csv"
INSPIRE = "inspireConfig_gpf_2024-10-16.json"
SCAN = "ign_scan_wsConfig_gpf_2026-06.json"

VECTOR_TILE_FORMAT = "application/x-protobuf"


def old_service(service_id: str, url: str):
    """Service of a row of the old configs, from its wxs serverUrl."""
    if "/inspire/" in url:
        return "inspire"
    if service_id.endswith("WMTS"):
        return "wmts"
    if service_id.endswith("TMS"):
        return "tms"
    if "/r/wms" in url:
        return "wms-r"
    if "/v/wms" in url:
        return "wms-v"
    return None


def new_service(service_id: str, url: str):
    """Service of a row of the current configs, and whether it is a /private/ endpoint."""
    restricted = "/private/" in url
    if service_id.endswith("WMTS"):
        return "wmts", restricted
    if service_id.endswith("TMS"):
        return "tms", restricted
    if service_id.endswith("WFS"):
        return "wfs", restricted
    if "/wms-r" in url:
        return "wms-r", restricted
    if "/wms-v" in url:
        return "wms-v", restricted
    return None, restricted


def split_list(text: str):
    return [s for s in text.split(";") if s] if text else []


def read_csv(name):
    with open(KEYS / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def merge_list(target: list, values):
    for v in values:
        if v not in target:
            target.append(v)


def load_old():
    """(service, name) -> {styles, formats, tms} of the 2023 configs, plus key-list names."""
    old = defaultdict(lambda: {"styles": [], "formats": [], "tms": []})
    for row in read_csv(OLD_CONFIGS):
        service = old_service(row["service_id"], row["serverUrl"])
        if service is None:
            continue
        info = old[(service, row["layer"])]
        merge_list(info["styles"], split_list(row["styles"]))
        merge_list(info["formats"], split_list(row["formats"]))
        merge_list(info["tms"], split_list(row["tileMatrixSet"]))
    personal = set()
    for row in read_csv(OLD_RESOURCES):
        service = {"WMTS": "wmts", "TMS": "tms"}.get(row["service"])
        if row["key"] == "inspire":
            service = "inspire"
        elif row["key"].startswith("cle personnelle"):
            service = service or "wms-r"  # the personal-key WMS layers are SCAN rasters
            personal.add((service, row["layer"]))
        if service and (service, row["layer"]) not in old:
            old[(service, row["layer"])]  # noqa: B018 - known name, no details
    return old, personal


def load_new():
    """service -> name -> {tms, styles, formats, restricted} of the current configs."""
    new = defaultdict(dict)

    def entry(service, name):
        return new[service].setdefault(
            name, {"tms": [], "styles": [], "formats": [], "restricted": False}
        )

    for row in read_csv(NEW_CONFIGS):
        service, restricted = new_service(row["service_id"], row["serverUrl"])
        if service is None:
            continue
        info = entry(service, row["layer"])
        merge_list(info["tms"], split_list(row["tileMatrixSet"]))
        merge_list(info["styles"], split_list(row["styles"]))
        if service in ("wmts",):
            merge_list(info["formats"], split_list(row["formats"]))
        info["restricted"] = info["restricted"] or restricted
    with open(KEYS / SCAN, encoding="utf-8") as f:
        scan = json.load(f)
    for layer in scan["layers"].values():
        params = layer["serviceParams"]
        service = "wmts" if params["id"].endswith("WMTS") else "wms-r"
        info = entry(service, layer["name"])
        info["restricted"] = True
        merge_list(info["styles"], [s["name"] for s in layer.get("styles", [])])
        link = (layer.get("wmtsOptions") or {}).get("tileMatrixSetLink")
        if link:
            merge_list(info["tms"], [link])
    # Names listed in the current key lists without details. WMS rows do not say raster or
    # vector: they go to "wms" (the layer exists on one of the two).
    for row in read_csv(NEW_RESOURCES):
        service = {"WMTS": "wmts", "TMS": "tms", "WFS": "wfs"}.get(row["service"])
        name = row["layer"]
        if not name:
            continue
        if service is None:
            if name not in new["wms-r"] and name not in new["wms-v"]:
                entry("wms", name)
        elif name not in new[service]:
            entry(service, name)
    return new


def load_inspire():
    with open(KEYS / INSPIRE, encoding="utf-8") as f:
        data = json.load(f)
    result = {}
    for layer in data["layers"].values():
        url = next(iter(layer["serviceParams"]["serverUrl"].values()))
        service = "wms-v" if "/wms-v" in url else "wms-r"
        styles = [s["name"] for s in layer.get("styles", [])]
        result[layer["name"]] = {"service": service, "style": styles[0] if styles else ""}
    return result


def compact(info: dict) -> dict:
    return {k: v for k, v in info.items() if v not in ([], {}, False, None, "")}


def build():
    old, personal = load_old()
    new = load_new()
    inspire_new = load_inspire()
    src_old = f"derived: {OLD_CONFIGS} vs {NEW_CONFIGS}"
    rules = defaultdict(dict)

    def rule(service, name):
        return rules[service].setdefault(name, OrderedDict())

    def served(name):
        return [s for s in ("wmts", "wms-r", "wms-v", "wfs", "tms", "wms") if name in new[s]]

    for (service, name), info in sorted(old.items()):
        if service == "inspire":
            if name in inspire_new:
                target = inspire_new[name]
                r = rule("inspire", name)
                r["moved_to"] = target["service"]
                r["style"] = target["style"]
                r["source"] = f"derived: {INSPIRE}"
            else:
                r = rule("inspire", name)
                r["absent"] = True
                r["source"] = f"derived: in the 2023 INSPIRE key list, not in {INSPIRE}"
            continue
        if service == "wmts" and VECTOR_TILE_FORMAT in info["formats"]:
            # Vector tiles used to be served through the WMTS too; now TMS only.
            r = rule("wmts", name)
            r["withdrawn"] = True
            r["vector_only"] = True
            if name in new["tms"]:
                r["suggestion"] = {"service": "tms", "name": name}
            r["source"] = f"derived: {OLD_CONFIGS} lists it as {VECTOR_TILE_FORMAT} on the WMTS"
            continue
        where = served(name)
        if service in ("wms-r", "wms-v") and service not in where:
            other = "wms-v" if service == "wms-r" else "wms-r"
            if other in where:
                r = rule(service, name)
                r["moved_to"] = other
                r["source"] = src_old + f" (listed on {other} only)"
        if not where:
            r = rule(service, name)
            r["absent"] = True
            r["source"] = f"derived: in the 2023 configs, absent from {NEW_CONFIGS} and {NEW_RESOURCES}"
            continue
        target_service = rules.get(service, {}).get(name, {}).get("moved_to", service)
        target = new[target_service].get(name)
        if target and info["styles"] and target["styles"]:
            old_styles, new_styles = info["styles"], target["styles"]
            if len(old_styles) == 1 and len(new_styles) == 1 and old_styles != new_styles:
                r = rule(service, name)
                r["styles"] = {old_styles[0]: new_styles[0]}
                r.setdefault("source", src_old + " (single style renamed)")
    for service, name in sorted(personal):
        r = rule(service, name)
        r["restricted"] = True
        r.setdefault("source", f"derived: {OLD_RESOURCES} 'cle personnelle *' (personal keys only)")

    # Hand-kept facts win over derived ones, field by field.
    with open(MANUAL, encoding="utf-8") as f:
        manual = json.load(f)["rows"]
    wildcards = defaultdict(list)
    for row in manual:
        row = dict(row)
        service, name = row.pop("service"), row.pop("name")
        if name.endswith("*"):
            row["prefix"] = name[:-1]
            wildcards[service].append(row)
            continue
        r = rule(service, name)
        # A hand-kept row is a statement about a known layer: it overrides "absent".
        r.pop("absent", None)
        derived_source = r.get("source")
        r.update(row)
        if derived_source and derived_source != row.get("source"):
            r["source"] = f"{row.get('source', '')} | {derived_source}"

    out_rules = OrderedDict()
    out_rules["_about"] = (
        "Generated by scripts/build_migration_tables.py from tests/data/geoportal-keys/ and "
        "scripts/manual_renames.json; do not edit by hand. Keys: old service, then old layer "
        "name. Fields: rename, moved_to, styles {old: new}, style (INSPIRE), restricted, "
        "withdrawn, vector_only, absent (in the 2023 configs, in none of the current ones), "
        "suggestion {service, name}, note, source."
    )
    for service in ("wmts", "wms-r", "wms-v", "wfs", "tms", "inspire", "static-style"):
        out_rules[service] = OrderedDict(
            (name, compact(rules[service][name])) for name in sorted(rules.get(service, {}))
        )
    out_rules["wildcards"] = {k: v for k, v in sorted(wildcards.items())}

    out_current = OrderedDict()
    out_current["_about"] = (
        "Generated by scripts/build_migration_tables.py: layers the current IGN configs list "
        f"({NEW_CONFIGS}, {NEW_RESOURCES}, {SCAN}, {INSPIRE}). Fallback for entries the "
        "catalogue lacks. 'wms': names listed without saying raster or vector."
    )
    for name, target in inspire_new.items():
        info = new[target["service"]].setdefault(
            name, {"tms": [], "styles": [], "formats": [], "restricted": False}
        )
        merge_list(info["styles"], [target["style"]])
    for service in ("wmts", "wms-r", "wms-v", "wms", "wfs", "tms"):
        out_current[service] = OrderedDict(
            (name, compact(new[service][name])) for name in sorted(new.get(service, {}))
        )
    return out_rules, out_current


def dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main(argv):
    rules, current = build()
    outputs = {OUT / "rules.json": dump(rules), OUT / "current.json": dump(current)}
    if "--check" in argv:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text("utf-8") != text]
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
