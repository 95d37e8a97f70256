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

Run: python3 scripts/build_snapshot.py   (the output is deterministic and committed)
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
from bascule_geoplateforme.core import catalog as catalog_module  # noqa: E402
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
# (geoplateforme.md §6 and §8; the OCSGE sets share one folder). Sets not listed get no links.
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


def build():
    entries = []
    matrix_sets = {}
    for file_name, url in CAPABILITIES:
        capabilities = parse_capabilities((CAPS / file_name).read_bytes(), url)
        entries.extend(capabilities.entries)
        matrix_sets.update(capabilities.tile_matrix_sets)
    wmts_by_name = {e.name: e for e in entries if e.service == WMTS}
    scan, scan_sets = config_entries(KEYS / SCAN_CONFIG, restricted=True)
    for identifier, tms in scan_sets.items():
        matrix_sets.setdefault(identifier, tms)  # the WMTS document is authoritative
    inspire, _ = config_entries(KEYS / INSPIRE_CONFIG, services_by_url=PUBLIC_WMS)
    entries.extend(scan)
    entries.extend(csv_entries(wmts_by_name))
    entries.extend(inspire)
    themes = build_themes()
    # The public WMTS and WFS documents are complete (every layer of their date), so a layer
    # they lack was not served then; the WMS and TMS lists come from partial sources.
    catalog = catalog_module.Catalog(entries, matrix_sets, themes=themes, complete=(WMTS, WFS))
    return catalog, themes


def main():
    catalog, themes = build()
    resources = ROOT / "resources"
    resources.mkdir(exist_ok=True)
    (resources / "themes.json").write_text(
        json.dumps(themes, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8")
    payload = catalog.to_json().encode("utf-8")
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


if __name__ == "__main__":
    main()
