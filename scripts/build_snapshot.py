#!/usr/bin/env python3
"""Regenerate resources/catalog_snapshot.json.gz and resources/themes.json.

The bundled catalogue is what the plugin knows offline (and what the migration engine uses
by default). It is built from real documents only, kept in tests/data:

- capabilities/: public WMTS and WFS of 2024-06, the TMS root and the PLAN.IGN TileMap;
- geoportal-keys/ (IGN's geoportal-configuration): the restricted SCAN layers of the
  ``ign_scan_ws`` configuration, the WMS-R/WMS-V layers listed by the per-key configurations,
  the INSPIRE layers, the vector tile sets, and the key -> layer lists that give the themes.

No public copy of the WMS-R/WMS-V capabilities exists, so their entries come from IGN's
configuration extracts; they borrow title, abstract, keywords and extent from the WMTS layer
of the same name when there is one (ROK4 serves both from one layer description).

IGN's 2026-06 configuration extract is newer than the 2024-06 WMTS capture: for the WMTS
layers it lists, its tile matrix set, formats and styles win; a WMTS layer or WFS typename it
adds enters the catalogue (a WMTS layer only when its tile matrix set is defined by a real
document: the capture, the ign_scan_ws configuration, or IGN's ``<set>_<first>_<last>`` naming
over a set one of them defines). A layer it does not list stays: the extract is not a full
inventory. The date of every source document is recorded in the snapshot (``provenance``) and
the document each entry's facts come from (``entry_documents``), for the diff below.

Run: python3 scripts/build_snapshot.py   (the output is deterministic and committed)
     python3 scripts/build_snapshot.py --diff OLD.json.gz NEW.json.gz   (what changed, with
     each fact's source document and date)
"""
from __future__ import annotations

import collections
import csv
import dataclasses
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from repo_package import import_package  # noqa: E402
DATA = ROOT / "tests" / "data"
CAPS = DATA / "capabilities"
KEYS = DATA / "geoportal-keys"
BASE = "https://data.geopf.fr"



import_package()
from bascule_geoplateforme.core.catalog import catalog_index as catalog_module  # noqa: E402
from bascule_geoplateforme.core.capabilities import parse_capabilities  # noqa: E402
from bascule_geoplateforme.core.capabilities.model import (  # noqa: E402
    TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS, Entry, Style, TileMatrixSet, TileMatrixSetLink)

CAPABILITIES = [
    ("gpf_wmts_data.geopf.fr_2024-06-06_happign.xml", f"{BASE}/wmts"),
    ("gpf_wfs_data.geopf.fr_2024-06-06_featuretypelist-only_happign.xml", f"{BASE}/wfs/ows"),
    ("gpf_tms_root_trimmed_2025-03_ogc-client.xml", f"{BASE}/tms/1.0.0"),
    ("gpf_tms_PLAN.IGN_tilemap_2025-03_ogc-client.xml", f"{BASE}/tms/1.0.0/PLAN.IGN"),
]
SCAN_CONFIG = "ign_scan_wsConfig_gpf_2026-06.json"
# The date of each source document: its commit date (tests/data/README-fixtures.md).
DOCUMENT_DATES = {
    "gpf_wmts_data.geopf.fr_2024-06-06_happign.xml": "2024-06-06",
    "gpf_wfs_data.geopf.fr_2024-06-06_featuretypelist-only_happign.xml": "2024-06-06",
    "gpf_tms_root_trimmed_2025-03_ogc-client.xml": "2025-03-10",
    "gpf_tms_PLAN.IGN_tilemap_2025-03_ogc-client.xml": "2025-03-10",
    "ign_scan_wsConfig_gpf_2026-06.json": "2025-07-02",
    "inspireConfig_gpf_2024-10-16.json": "2024-10-16",
    "layers_by_key_gpf_2026-06_extracted.csv": "2026-06-10",
    "resources_by_key_2026-06_geoportal-configuration.csv": "2026-06-10",
}
INSPIRE_CONFIG = "inspireConfig_gpf_2024-10-16.json"
LAYERS_CSV = "layers_by_key_gpf_2026-06_extracted.csv"
RESOURCES_CSV = "resources_by_key_2026-06_geoportal-configuration.csv"

# Service names of IGN's lists -> our ids (their "WMS" covers both WMS-R and WMS-V).
THEME_SERVICES = {"WMTS": (WMTS,), "WFS": (WFS,), "TMS": (TMS,), "WMS": (WMS_RASTER, WMS_VECTOR)}
# Bundles of popular layers rather than themes: used only when a layer has no other key.
GENERIC_KEYS = {"decouverte", "essentiels"}
# Public endpoints of the configurations -> service ids.
PUBLIC_WMS = {f"{BASE}/wms-r/wms": WMS_RASTER, f"{BASE}/wms-v/ows": WMS_VECTOR}
PRIVATE_URLS = {
    "OGC:WMTS": (WMTS, f"{BASE}/private/wmts"),
    "OGC:WMS": (WMS_RASTER, f"{BASE}/private/wms-r"),
}


def split_formats(value: str):
    """'image/png;image/x-bil;bits=32' -> ('image/png', 'image/x-bil;bits=32'): a piece
    without '/' is a parameter of the previous format."""
    formats = []
    for piece in (value or "").split(";"):
        if not piece:
            continue
        if "/" not in piece and formats:
            formats[-1] += ";" + piece
        else:
            formats.append(piece)
    return tuple(formats)


def build_themes():
    rows = list(csv.DictReader((KEYS / RESOURCES_CSV).open(encoding="utf-8")))
    size = collections.Counter(row["key"] for row in rows)
    keys = collections.defaultdict(set)
    for row in rows:
        for service in THEME_SERVICES.get(row["service"], ()):
            keys[(service, row["layer"])].add(row["key"])
    themes = {}
    for (service, layer), candidates in sorted(keys.items()):
        # The most specific key (listing the fewest layers) wins; name breaks ties.
        best = min(candidates, key=lambda k: (k in GENERIC_KEYS, size[k], k))
        themes.setdefault(service, {})[layer] = best
    return themes


def _styles_from_config(layer: dict):
    legends = [legend.get("url") for legend in layer.get("legends") or () if legend.get("url")]
    styles = []
    for index, style in enumerate(layer.get("styles") or ()):
        styles.append(Style(style["name"], style.get("title") or "",
                            style.get("url") or (legends[0] if legends else ""),
                            bool(style.get("current")) or index == 0))
    return tuple(styles)


def _bbox_from_config(layer: dict):
    box = (layer.get("globalConstraint") or {}).get("bbox")
    if not box:
        return None
    return (box["left"], box["bottom"], box["right"], box["top"])


def config_entries(path: Path, services_by_url=None, restricted=False):
    """Entries for the layers of an IGN autoconf JSON (geoportal-configuration dist/*.json)."""
    config = json.loads(path.read_text(encoding="utf-8"))
    entries = []
    for layer in config["layers"].values():
        params = layer["serviceParams"]
        server_url = next(iter(params["serverUrl"].values()))
        if services_by_url is not None:
            service, url = services_by_url[server_url], server_url
        else:
            service, url = PRIVATE_URLS[params["id"]]
        links = ()
        options = layer.get("wmtsOptions")
        if options:
            zooms = [int(z) for z in (options.get("tileMatrixSetLimits") or {})]
            links = (TileMatrixSetLink(options["tileMatrixSetLink"],
                                       min(zooms) if zooms else None,
                                       max(zooms) if zooms else None),)
        projection = layer.get("defaultProjection")
        entries.append(Entry(
            service=service, name=layer["name"], title=layer.get("title") or "",
            abstract=layer.get("description") or "", bbox_wgs84=_bbox_from_config(layer),
            crs=(projection,) if projection else (),
            formats=tuple(f["name"] for f in layer.get("formats") or ()),
            styles=_styles_from_config(layer), tile_matrix_set_links=links,
            restricted=restricted, queryable=bool(layer.get("queryable")), url=url,
        ))
    matrix_sets = {
        identifier: TileMatrixSet(identifier, value.get("projection", ""),
                                  tuple(value.get("tileMatrices") or ()))
        for identifier, value in (config.get("tileMatrixSets") or {}).items()
    }
    return entries, matrix_sets


# Folder of each vector tile set's Mapbox GL styles under /annexes/ressources/vectorTiles/styles/
# (docs/reference/geoplateforme.md §6 and §8; the OCSGE sets share one folder). Sets not listed get no links.
STYLE_FOLDERS = {"PLAN.IGN": "PLAN.IGN", "ADMIN_EXPRESS": "ADMIN_EXPRESS", "BDTOPO": "BDTOPO",
                 "PCI": "PCI", "ISOHYPSE": "ISOHYPSE", "OCSGE_2016": "OCSGE", "OCSGE_2019": "OCSGE"}


def style_urls(name, styles):
    folder = STYLE_FOLDERS.get(name)
    if folder is None:
        return ()
    return tuple(f"{BASE}/annexes/ressources/vectorTiles/styles/{folder}/{style.name}.json"
                 for style in styles)


def csv_entries(wmts_by_name):
    """Public WMS-R / WMS-V layers and vector tile sets of IGN's per-key configurations."""
    entries = {}
    with (KEYS / LAYERS_CSV).open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            url = row["serverUrl"]
            if url in PUBLIC_WMS:
                service = PUBLIC_WMS[url]
            elif url.rstrip("/") == f"{BASE}/tms/1.0.0":
                service, url = TMS, url.rstrip("/")
            else:
                continue
            name = row["layer"]
            if (service, name) in entries:
                continue
            styles = tuple(Style(s, is_default=i == 0)
                           for i, s in enumerate(x for x in row["styles"].split(";") if x))
            entry = Entry(service=service, name=name, formats=split_formats(row["formats"]),
                          styles=styles, url=url,
                          style_urls=style_urls(name, styles) if service == TMS else ())
            twin = wmts_by_name.get(name)
            if twin is not None:
                entry = dataclasses.replace(entry, title=twin.title, abstract=twin.abstract,
                                            keywords=twin.keywords, bbox_wgs84=twin.bbox_wgs84)
            entries[(service, name)] = entry
    return list(entries.values())


def _limits(identifier: str):
    """(first, last) zoom of IGN's ``<set>_<first>_<last>`` ids (e.g. PM_0_19), else (None, None)."""
    base, _, last = identifier.rpartition("_")
    base, _, first = base.rpartition("_")
    if base and first.isdigit() and last.isdigit():
        return int(first), int(last)
    return None, None


def _limited_set(identifier: str, matrix_sets: dict):
    """``<set>_<first>_<last>`` as the matrices first..last of ``<set>`` when a document defines
    ``<set>`` (IGN's naming: docs/reference/servers.md §1, rok4 Layer.h:82-86), else None."""
    first, last = _limits(identifier)
    if first is None:
        return None
    base = identifier.rsplit("_", 2)[0]
    defined = matrix_sets.get(base)
    if defined is None:
        return None
    matrices = tuple(m for m in defined.matrices if m.isdigit() and first <= int(m) <= last)
    return TileMatrixSet(identifier, defined.crs, matrices) if matrices else None


def _extract_rows(service_suffix: str):
    with (KEYS / LAYERS_CSV).open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["service_id"].endswith(service_suffix):
                yield row


def apply_extract(entries, matrix_sets, sources, changes):
    """The 2026 extract over the 2024 documents: WMTS links, formats and styles of the layers
    it lists win; the WMTS layers and WFS typenames it adds join. ``sources`` records the
    document of each entry's facts; ``changes`` what the extract changed or could not add."""
    by_key = {(e.service, e.name, e.restricted): i for i, e in enumerate(entries)}
    derived = {}
    for row in _extract_rows("OGC:WMTS"):
        url = row["serverUrl"].rstrip("/")
        restricted = url.endswith("/private/wmts")
        name, tms = row["layer"], row["tileMatrixSet"]
        formats = split_formats(row["formats"])
        styles = [x for x in row["styles"].split(";") if x]
        key = (WMTS, name, restricted)
        defined = tms in matrix_sets or tms in derived
        if tms and not defined:
            made = _limited_set(tms, matrix_sets)
            if made is not None:
                derived[tms] = made
                defined = True
        index = by_key.get(key)
        if index is None:
            if not defined:
                changes.append(("not_added", key, tms))
                continue
            first, last = _limits(tms)
            entries.append(Entry(
                service=WMTS, name=name, title=name, formats=formats or ("image/png",),
                styles=tuple(Style(x, is_default=i == 0) for i, x in enumerate(styles or ["normal"])),
                tile_matrix_set_links=(TileMatrixSetLink(tms, first, last),),
                restricted=restricted, url=f"{BASE}/private/wmts" if restricted else f"{BASE}/wmts"))
            by_key[key] = len(entries) - 1
            sources[key] = LAYERS_CSV
            changes.append(("added", key, tms))
            continue
        old = entries[index]
        update = {}
        old_tms = [l.tile_matrix_set for l in old.tile_matrix_set_links]
        if tms and old_tms != [tms]:
            if defined:
                first, last = _limits(tms)
                update["tile_matrix_set_links"] = (TileMatrixSetLink(tms, first, last),)
            else:
                changes.append(("tms_not_applied", key, tms))
        if formats and tuple(old.formats) != formats:
            update["formats"] = formats
        if styles and [st.name for st in old.styles] != styles:
            kept = {st.name: st for st in old.styles}
            update["styles"] = tuple(dataclasses.replace(kept[x], is_default=i == 0) if x in kept
                                     else Style(x, is_default=i == 0) for i, x in enumerate(styles))
        if update:
            entries[index] = dataclasses.replace(old, **update)
            sources[key] = LAYERS_CSV
    for identifier, tms in derived.items():
        matrix_sets.setdefault(identifier, tms)
    for row in _extract_rows("OGC:WFS"):
        if "/private/" in row["serverUrl"]:
            continue  # the catalogue has no restricted WFS (catalog_store.PRIVATE_SERVICES)
        key = (WFS, row["layer"], False)
        if key in by_key:
            continue
        entries.append(Entry(service=WFS, name=row["layer"], title=row["layer"],
                             url=f"{BASE}/wfs/ows"))
        by_key[key] = len(entries) - 1
        sources[key] = LAYERS_CSV
        changes.append(("added", key, ""))
    return derived


def _documents(*names):
    return [{"name": n, "date": DOCUMENT_DATES[n]} for n in names]


# Which documents each service's entries come from (the snapshot's provenance).
PROVENANCE = {
    WMTS: _documents(CAPABILITIES[0][0], LAYERS_CSV),
    WMTS + "-private": _documents(SCAN_CONFIG, LAYERS_CSV),
    WMS_RASTER: _documents(LAYERS_CSV, INSPIRE_CONFIG),
    WMS_RASTER + "-private": _documents(SCAN_CONFIG),
    WMS_VECTOR: _documents(LAYERS_CSV, INSPIRE_CONFIG),
    WFS: _documents(CAPABILITIES[1][0], LAYERS_CSV),
    TMS: _documents(CAPABILITIES[2][0], CAPABILITIES[3][0], LAYERS_CSV),
}


def build(changes=None):
    entries = []
    matrix_sets = {}
    sources = {}
    for file_name, url in CAPABILITIES:
        capabilities = parse_capabilities((CAPS / file_name).read_bytes(), url)
        for entry in capabilities.entries:
            sources[(entry.service, entry.name, entry.restricted)] = file_name
        entries.extend(capabilities.entries)
        matrix_sets.update(capabilities.tile_matrix_sets)
    captured_sets = set(matrix_sets)
    wmts_by_name = {e.name: e for e in entries if e.service == WMTS}
    scan, scan_sets = config_entries(KEYS / SCAN_CONFIG, restricted=True)
    for identifier, tms in scan_sets.items():
        if tms.matrices:
            matrix_sets.setdefault(identifier, tms)  # the WMTS document is authoritative
    inspire, _ = config_entries(KEYS / INSPIRE_CONFIG, services_by_url=PUBLIC_WMS)
    for group, name in ((scan, SCAN_CONFIG), (inspire, INSPIRE_CONFIG)):
        for entry in group:
            sources[(entry.service, entry.name, entry.restricted)] = name
    entries.extend(scan)
    listed = csv_entries(wmts_by_name)
    for entry in listed:
        sources.setdefault((entry.service, entry.name, entry.restricted), LAYERS_CSV)
    entries.extend(listed)
    entries.extend(inspire)
    derived = apply_extract(entries, matrix_sets, sources, changes if changes is not None else [])
    themes = build_themes()
    # The public WMTS and WFS documents are complete (every layer of their date), so a layer
    # they lack was not served then; the WMS and TMS lists come from partial sources. The
    # 2026 extract only adds to them.
    provenance = {key: {"origin": "snapshot", "documents": documents}
                  for key, documents in PROVENANCE.items()}
    catalog = catalog_module.Catalog(entries, matrix_sets, themes=themes, complete=(WMTS, WFS),
                                     provenance=provenance)
    entry_documents = {}
    for (service, name, restricted), document in sorted(sources.items()):
        entry_documents.setdefault(service + ("-private" if restricted else ""), {})[name] = document
    # The sets read from IGN's naming over a set a document defines, with that document.
    base_documents = {}
    for identifier in sorted(derived):
        base = identifier.rsplit("_", 2)[0]
        base_documents[identifier] = (CAPABILITIES[0][0] if base in captured_sets else SCAN_CONFIG)
    entry_documents["derived_tile_matrix_sets"] = base_documents
    return catalog, themes, entry_documents


def _load(path):
    with gzip.open(path, "rb") as stream:
        return json.loads(stream.read())


def _described(data):
    """{(service key, name): (tile matrix sets, formats, styles)} of a snapshot's dict."""
    out = {}
    for item in data.get("entries", ()):
        key = (item["service"] + ("-private" if item.get("restricted") else ""), item["name"])
        out[key] = (tuple(l["tile_matrix_set"] for l in item.get("tile_matrix_set_links", ())),
                    tuple(item.get("formats", ())),
                    tuple(s["name"] for s in item.get("styles", ())))
    return out


def diff(old_path, new_path):
    """Lines saying what NEW changes from OLD, each fact with its source document and date."""
    old, new = _load(old_path), _load(new_path)
    before, after = _described(old), _described(new)
    documents = new.get("entry_documents", {})

    def source(key):
        name = documents.get(key[0], {}).get(key[1], "")
        return f"{name} ({DOCUMENT_DATES.get(name, '?')})" if name else "?"

    lines = []
    added = sorted(k for k in after if k not in before)
    removed = sorted(k for k in before if k not in after)
    counts = collections.Counter(k[0] for k in added)
    lines.append(f"Entries: {len(before)} -> {len(after)}; added {len(added)} "
                 f"({', '.join(f'{s} {n}' for s, n in sorted(counts.items()))}); "
                 f"removed {len(removed)}")
    changed = {"tile matrix set": [], "formats": [], "styles": []}
    for key in sorted(k for k in after if k in before):
        for index, label in enumerate(("tile matrix set", "formats", "styles")):
            if before[key][index] != after[key][index]:
                changed[label].append((key, before[key][index], after[key][index]))
    for label, items in changed.items():
        lines.append(f"{label} changed: {len(items)}")
        for key, was, now in items:
            lines.append(f"  {key[0]} {key[1]}: {';'.join(was) or '-'} -> {';'.join(now) or '-'}"
                         f"  [{source(key)}]")
    lines.append("added:")
    for key in added:
        lines.append(f"  {key[0]} {key[1]} {';'.join(after[key][0])}  [{source(key)}]")
    if removed:
        lines.append("removed:")
        lines += [f"  {k[0]} {k[1]}" for k in removed]
    sets_before, sets_after = set(old.get("tile_matrix_sets", {})), set(new.get("tile_matrix_sets", {}))
    lines.append(f"tile matrix sets: {len(sets_before)} -> {len(sets_after)}; added "
                 f"{', '.join(sorted(sets_after - sets_before)) or '-'}")
    for identifier, name in sorted(documents.get("derived_tile_matrix_sets", {}).items()):
        lines.append(f"  {identifier}: matrices {' to '.join(identifier.rsplit('_', 2)[1:])} of "
                     f"{identifier.rsplit('_', 2)[0]} as defined in {name} "
                     f"({DOCUMENT_DATES.get(name, '?')}), IGN's <set>_<first>_<last> naming")
    lines.append("documents:")
    for key, info in sorted(new.get("provenance", {}).items()):
        lines.append(f"  {key}: " + ", ".join(f"{d['name']} ({d['date']})"
                                               for d in info.get("documents", ())))
    return lines


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--diff":
        print("\n".join(diff(sys.argv[2], sys.argv[3])))
        return
    changes = []
    catalog, themes, entry_documents = build(changes)
    resources = ROOT / "resources"
    resources.mkdir(exist_ok=True)
    (resources / "themes.json").write_text(
        json.dumps(themes, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8")
    data = catalog.to_dict()
    data["entry_documents"] = entry_documents
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with open(resources / "catalog_snapshot.json.gz", "wb") as raw:
        # mtime=0 and no file name: the same input gives the same bytes.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
            out.write(payload)
    counts = collections.Counter(
        (e.service, "restricted" if e.restricted else "public") for e in catalog)
    print(f"{len(catalog)} entries, {len(catalog.tile_matrix_sets)} tile matrix sets, "
          f"{len(payload)} bytes of JSON")
    for (service, access), count in sorted(counts.items()):
        print(f"  {service:6} {access:10} {count}")
    for kind, (service, name, restricted), tms in changes:
        if kind != "added":
            print(f"  {kind}: {service}{'-private' if restricted else ''} {name} {tms}")


if __name__ == "__main__":
    main()
