"""Documents the loopback Géoplateforme serves, built from the real fixtures.

The WMTS, WFS and TMS documents are the real captures with ``https://data.geopf.fr`` pointed
at the loopback server. No public copy of a full WMS-R/WMS-V or private capabilities exists
(fixtures README), so those are generated from IGN's own documents only -- never from the
plugin's catalogue or rename tables, so that a wrong rename in the plugin is a layer the
loopback does not serve:

- ``geoportal-keys/layers_by_key_gpf_2026-06_extracted.csv`` (the 2026 layer list: names,
  styles, formats of every WMS endpoint, public and private);
- ``geoportal-keys/inspireConfig_gpf_2024-10-16.json`` (the INSPIRE layers, merged into the
  generic WMS-R/WMS-V, with their ``inspire_common:DEFAULT`` / ``default-style-…`` styles);
- ``geoportal-keys/ign_scan_wsConfig_gpf_2026-06.json`` (the restricted SCAN layers of the
  private WMTS and WMS-R, with their tile matrix sets).
"""
from __future__ import annotations

import copy
import csv
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

DATA = Path(__file__).resolve().parents[1] / "data"
CAPS = DATA / "capabilities"
PRODUCTION = "https://data.geopf.fr"
WMTS_FIXTURE = CAPS / "gpf_wmts_data.geopf.fr_2024-06-06_happign.xml"
WFS_FIXTURE = CAPS / "gpf_wfs_data.geopf.fr_2024-06-06_featuretypelist-only_happign.xml"
TMS_ROOT_FIXTURE = CAPS / "gpf_tms_root_trimmed_2025-03_ogc-client.xml"
TILEMAP_FIXTURE = CAPS / "gpf_tms_PLAN.IGN_tilemap_2025-03_ogc-client.xml"
LAYERS_CSV = DATA / "geoportal-keys" / "layers_by_key_gpf_2026-06_extracted.csv"
INSPIRE_CONFIG = DATA / "geoportal-keys" / "inspireConfig_gpf_2024-10-16.json"
SCAN_CONFIG = DATA / "geoportal-keys" / "ign_scan_wsConfig_gpf_2026-06.json"

WMTS_NS = "http://www.opengis.net/wmts/1.0"
OWS_NS = "http://www.opengis.net/ows/1.1"



def _config_layers(path: Path, service_id: str):
    """(layer, the path of each server URL) of one of IGN's JSON configurations."""
    for layer in json.loads(path.read_text(encoding="utf-8"))["layers"].values():
        params = layer.get("serviceParams", {})
        if params.get("id") != service_id:
            continue
        for url in params.get("serverUrl", {}).values():
            yield layer, url.split("data.geopf.fr", 1)[-1]


def _public_matrix_sets() -> set:
    root = etree.fromstring(WMTS_FIXTURE.read_bytes())
    return set(root.xpath("//*[local-name()='Contents']/*[local-name()='TileMatrixSet']"
                          "/*[local-name()='Identifier']/text()"))


def _config_matrix_set(ident: str):
    """A <TileMatrixSet> built from the SCAN configuration's definition, or None."""
    definition = json.loads(SCAN_CONFIG.read_text(encoding="utf-8"))["tileMatrixSets"].get(ident)
    if not definition or not definition.get("tileMatrices"):
        return None
    w, o = f"{{{WMTS_NS}}}", f"{{{OWS_NS}}}"
    tms = etree.Element(w + "TileMatrixSet", nsmap={None: WMTS_NS, "ows": OWS_NS})
    etree.SubElement(tms, o + "Identifier").text = ident
    etree.SubElement(tms, o + "SupportedCRS").text = definition["projection"]
    for matrix in sorted(definition["tileMatrices"].values(), key=lambda m: int(m["matrixId"])):
        element = etree.SubElement(tms, w + "TileMatrix")
        etree.SubElement(element, o + "Identifier").text = str(matrix["matrixId"])
        etree.SubElement(element, w + "ScaleDenominator").text = repr(float(matrix["scaleDenominator"]))
        corner = matrix["topLeftCorner"]
        etree.SubElement(element, w + "TopLeftCorner").text = f"{corner['x']} {corner['y']}"
        for key in ("tileWidth", "tileHeight", "matrixWidth", "matrixHeight"):
            etree.SubElement(element, w + key[0].upper() + key[1:]).text = str(matrix[key])
    return tms


@lru_cache(maxsize=None)
def private_wmts_layers():
    """Restricted WMTS layers as IGN's ign_scan_ws configuration lists them (docs/reference/geoplateforme.md
    §4): (identifier, title, tile matrix set, min zoom, max zoom, formats). A layer whose tile matrix
    set neither the captured WMTS nor the configuration defines is left out (see
    ``unserved_private_wmts``)."""
    known = _public_matrix_sets() | {t for t in json.loads(SCAN_CONFIG.read_text(
        encoding="utf-8"))["tileMatrixSets"] if _config_matrix_set(t) is not None}
    found = []
    for layer, _ in _config_layers(SCAN_CONFIG, "OGC:WMTS"):
        options = layer.get("wmtsOptions", {})
        tms = options.get("tileMatrixSetLink", "")
        zooms = sorted(int(z) for z in options.get("tileMatrixSetLimits", {}))
        if tms in known and zooms:
            found.append((layer["name"], layer.get("title", layer["name"]), tms, zooms[0], zooms[-1],
                          [f["name"] for f in layer.get("formats", ())] or ["image/jpeg"]))
    return found


def unserved_private_wmts():
    """The SCAN WMTS layers the loopback cannot serve (their tile matrix set is not in the
    2024 capture), by name."""
    served = {ident for ident, *_ in private_wmts_layers()}
    return sorted(l["name"] for l, _ in _config_layers(SCAN_CONFIG, "OGC:WMTS") if l["name"] not in served)


# The WMS-R refuses a GetMap naming more layers than this (IGN notice of 2026-03-16; the
# same rule for WMS-V and WFS was announced, then suspended).
WMS_R_LAYER_LIMIT = 2

HTML_ERROR_PAGE = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                   b"<body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>")

# A billion-laughs document: entities that expand to gigabytes if a parser resolves them.
BILLION_LAUGHS = (DATA / "hostile" / "billion_laughs.xml").read_bytes()

_TILES = {
    "image/jpeg": (DATA / "tiles" / "ortho.jpg").read_bytes(),
    "image/png": (DATA / "tiles" / "plan.png").read_bytes(),
}


def layer_colour(name: str) -> tuple:
    """The colour the loopback paints a layer's PNG tiles and maps in (RGBA, opaque), so a
    rendering shows which layer's tiles it drew."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return digest[0], digest[1], digest[2], 255


@lru_cache(maxsize=1024)
def tile(fmt: str, layer: str = "") -> bytes:
    """A tile: the real JPEG for JPEG layers; for the others a PNG in the layer's colour
    (the real PNG tile when no layer is named)."""
    if "jpeg" in fmt or "jpg" in fmt:
        return _TILES["image/jpeg"]
    if not layer:
        return _TILES["image/png"]
    from .server import png_image  # the one PNG writer
    return png_image(256, 256, layer_colour(layer))


def map_image(fmt: str, width: int, height: int, layer: str) -> bytes:
    """A WMS GetMap answer: a PNG of the asked size in the (first) layer's colour."""
    from .server import png_image
    return png_image(width, height, layer_colour(layer))


def _point_at(data: bytes, base_url: str) -> bytes:
    return data.replace(PRODUCTION.encode(), base_url.encode())


def build(name: str, base_url: str) -> bytes:
    """Build the document called ``name`` (see LoopbackGeoplateforme.document)."""
    builders = {
        "wmts": lambda: _public_wmts(base_url),
        "wmts-private": lambda: _private_wmts(base_url),
        "wms-r": lambda: _wms(base_url, "/wms-r/wms", "WMS-Raster"),
        "wms-r-private": lambda: _wms(base_url, "/private/wms-r", "WMS-Raster (accès contrôlé)",
                                      "/wms-r/wms"),
        "wms-v": lambda: _wms(base_url, "/wms-v/ows", "WMS-Vecteur"),
        "wms-v-private": lambda: _wms(base_url, "/private/wms-v/ows", "WMS-Vecteur (accès contrôlé)",
                                      "/wms-v/ows"),
        "wfs": lambda: _wfs(base_url),  # the capture plus the 2026 list's other typenames
        "wfs-private": lambda: _wfs(base_url, "/private/wfs/ows"),
        "tms": lambda: _point_at(_tms_root(), base_url),
    }
    return builders[name]()


# --- WMTS ---------------------------------------------------------------------------------
def _csv_rows(service: str, path: str):
    """Rows of IGN's 2026 layer list for one service (OGC:WMTS, OGC:WFS) at one address."""
    with open(LAYERS_CSV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["service_id"].endswith(service) and (
                    row["serverUrl"].split("data.geopf.fr", 1)[-1].rstrip("/") == path):
                yield row


def _wmts_layer(name: str, styles, formats, tms: str):
    """A <Layer> for a name of IGN's layer list that the 2024 capture lacks (no limits: the
    list gives none)."""
    w, o = f"{{{WMTS_NS}}}", f"{{{OWS_NS}}}"
    layer = etree.Element(w + "Layer", nsmap={None: WMTS_NS, "ows": OWS_NS})
    etree.SubElement(layer, o + "Title").text = name
    etree.SubElement(layer, o + "Abstract").text = f"{name} (IGN layer list, 2026-06)"
    box = etree.SubElement(layer, o + "WGS84BoundingBox")
    etree.SubElement(box, o + "LowerCorner").text = "-180 -85"
    etree.SubElement(box, o + "UpperCorner").text = "180 85"
    etree.SubElement(layer, o + "Identifier").text = name
    for position, style in enumerate(styles or ["normal"]):
        element = etree.SubElement(layer, w + "Style", isDefault="true" if position == 0 else "false")
        etree.SubElement(element, o + "Title").text = style
        etree.SubElement(element, o + "Identifier").text = style
    for fmt in formats or ["image/png"]:
        etree.SubElement(layer, w + "Format").text = fmt
    link = etree.SubElement(layer, w + "TileMatrixSetLink")
    etree.SubElement(link, w + "TileMatrixSet").text = tms
    return layer


def _limited_matrix_set(root, ident: str):
    """``<base>_<min>_<max>`` (IGN's naming: the base set's matrices min..max), built from
    the base set the capture or the SCAN configuration defines; None otherwise."""
    base, _, rest = ident.rpartition("_")
    base, _, low = base.rpartition("_")
    if not (base and low.isdigit() and rest.isdigit()):
        return None
    found = root.xpath("//*[local-name()='Contents']/*[local-name()='TileMatrixSet']"
                       "[*[local-name()='Identifier']=$name]", name=base)
    tms = copy.deepcopy(found[0]) if found else _config_matrix_set(base)
    if tms is None:
        return None
    tms.find(f"{{{OWS_NS}}}Identifier").text = ident
    for matrix in tms.findall(f"{{{WMTS_NS}}}TileMatrix"):
        level = matrix.findtext(f"{{{OWS_NS}}}Identifier") or ""
        if not (level.isdigit() and int(low) <= int(level) <= int(rest)):
            tms.remove(matrix)
    return tms if len(tms.findall(f"{{{WMTS_NS}}}TileMatrix")) else None


def _with_listed_wmts_layers(root, path: str) -> None:
    """Add to a WMTS document the layers IGN's 2026 list gives for ``path`` that it lacks,
    with the tile matrix sets they link (from the SCAN configuration when the capture has
    none)."""
    contents = root.find(f"{{{WMTS_NS}}}Contents")
    have = set(root.xpath("//*[local-name()='Contents']/*[local-name()='Layer']"
                          "/*[local-name()='Identifier']/text()"))
    sets = set(root.xpath("//*[local-name()='Contents']/*[local-name()='TileMatrixSet']"
                          "/*[local-name()='Identifier']/text()"))
    first_set = contents.find(f"{{{WMTS_NS}}}TileMatrixSet")
    position = list(contents).index(first_set) if first_set is not None else len(contents)
    for row in _csv_rows("OGC:WMTS", path):
        name, tms = row["layer"], row["tileMatrixSet"]
        if name in have or not tms:
            continue
        if tms not in sets:
            defined = _config_matrix_set(tms)
            if defined is None:
                defined = _limited_matrix_set(root, tms)
            if defined is None:
                continue  # listed in unserved_wmts()
            contents.append(defined)
            sets.add(tms)
        contents.insert(position, _wmts_layer(name, [x for x in row["styles"].split(";") if x],
                                               _formats(row["formats"]), tms))
        position += 1
        have.add(name)


def _declare_matrix_set(root, ident: str) -> bool:
    """Make sure ``ident`` is declared in the document (from the capture or the SCAN
    configuration, or as IGN's ``<base>_<min>_<max>``); False when no document defines it."""
    contents = root.find(f"{{{WMTS_NS}}}Contents")
    if ident in set(root.xpath("//*[local-name()='Contents']/*[local-name()='TileMatrixSet']"
                               "/*[local-name()='Identifier']/text()")):
        return True
    defined = _config_matrix_set(ident)
    if defined is None:
        defined = _limited_matrix_set(root, ident)
    if defined is None:
        return False
    contents.append(defined)
    return True


def _scaled_limits(known: Dict[int, tuple], level: int):
    """Limits at ``level`` of a quadtree set (PM: each level doubles the matrix), from the
    nearest level the capture gives."""
    nearest = min(known, key=lambda k: abs(k - level))
    min_row, max_row, min_col, max_col = known[nearest]
    if level >= nearest:
        f = 2 ** (level - nearest)
        return min_row * f, (max_row + 1) * f - 1, min_col * f, (max_col + 1) * f - 1
    d = nearest - level
    return min_row >> d, max_row >> d, min_col >> d, max_col >> d


def _relinked_to_layer_list(root, path: str) -> None:
    """IGN's 2026 layer list is newer than the 2024 capture: where it links a captured layer
    to another tile matrix set (ORTHOIMAGERY.ORTHOPHOTOS: PM_0_21 -> PM_0_19), the layer is
    served on the list's set. Limits of the levels both give are kept; new levels of a
    Pseudo-Mercator set get the nearest level's limits scaled (the list gives none); a
    layer moved to another base set keeps no limits (its whole matrices)."""
    listed = {r["layer"]: r["tileMatrixSet"] for r in _csv_rows("OGC:WMTS", path) if r["tileMatrixSet"]}
    w = f"{{{WMTS_NS}}}"
    for layer in root.xpath("//*[local-name()='Contents']/*[local-name()='Layer']"):
        name = layer.findtext(f"{{{OWS_NS}}}Identifier")
        link = layer.find(w + "TileMatrixSetLink")
        if name not in listed or link is None:
            continue
        old, new = link.findtext(w + "TileMatrixSet"), listed[name]
        if old == new or not _declare_matrix_set(root, new):
            continue
        link.find(w + "TileMatrixSet").text = new
        limits = link.find(w + "TileMatrixSetLimits")
        if limits is None:
            continue
        if _base_set(old) != _base_set(new) or _base_set(new) != "PM":
            link.remove(limits)
            continue
        levels = _set_levels(new)
        known = {}
        for limit in list(limits):
            level = int(limit.findtext(w + "TileMatrix"))
            known[level] = tuple(int(limit.findtext(w + k)) for k in
                                 ("MinTileRow", "MaxTileRow", "MinTileCol", "MaxTileCol"))
            limits.remove(limit)
        for level in levels:
            values = known.get(level) or _scaled_limits(known, level)
            limit = etree.SubElement(limits, w + "TileMatrixLimits")
            etree.SubElement(limit, w + "TileMatrix").text = str(level)
            for key, value in zip(("MinTileRow", "MaxTileRow", "MinTileCol", "MaxTileCol"), values):
                etree.SubElement(limit, w + key).text = str(value)


def _base_set(ident: str) -> str:
    """IGN's per-layer id ``<base>_<top>_<bottom>`` -> ``<base>`` (ROK4 accepts both)."""
    base, _, bottom = ident.rpartition("_")
    base, _, top = base.rpartition("_")
    return base if base and top.isdigit() and bottom.isdigit() else ident


def _set_levels(ident: str) -> List[int]:
    base, _, bottom = ident.rpartition("_")
    _, _, top = base.rpartition("_")
    return list(range(int(top), int(bottom) + 1))


def _public_wmts(base_url: str) -> bytes:
    root = etree.fromstring(WMTS_FIXTURE.read_bytes())
    _relinked_to_layer_list(root, "/wmts")
    _with_listed_wmts_layers(root, "/wmts")
    return _point_at(etree.tostring(root, xml_declaration=True, encoding="UTF-8"), base_url)


def unserved_wmts() -> List[str]:
    """Names of IGN's 2026 WMTS list that the loopback cannot serve: their tile matrix set is
    defined neither by the capture nor by the SCAN configuration."""
    names = set()
    for path, name in (("/wmts", "wmts"), ("/private/wmts", "wmts-private")):
        served = set(etree.fromstring(build(name, PRODUCTION)).xpath(
            "//*[local-name()='Contents']/*[local-name()='Layer']/*[local-name()='Identifier']/text()"))
        names |= {r["layer"] for r in _csv_rows("OGC:WMTS", path) if r["layer"] not in served}
    return sorted(names)


def _private_wmts(base_url: str) -> bytes:
    """The public document's tile matrix sets with only the restricted SCAN layers.

    Its operations keep the public addresses, as a real server's may: a client must send
    GetTile to the address it was given (QGIS: IgnoreGetMapUrl=1), or the public endpoint
    refuses the restricted layer."""
    root = etree.fromstring(WMTS_FIXTURE.read_bytes())
    contents = root.find(f"{{{WMTS_NS}}}Contents")
    layers = contents.findall(f"{{{WMTS_NS}}}Layer")
    template = next(l for l in layers if l.findtext(f"{{{OWS_NS}}}Identifier") == "ORTHOIMAGERY.ORTHOPHOTOS")
    for layer in layers:
        contents.remove(layer)
    for position, (ident, title, tms, zmin, zmax, formats) in enumerate(private_wmts_layers()):
        layer = copy.deepcopy(template)
        for element in layer.findall(f"{{{WMTS_NS}}}Format"):
            element.text = formats[0]  # ROK4 serves a pyramid in its one format
        layer.find(f"{{{OWS_NS}}}Identifier").text = ident
        layer.find(f"{{{OWS_NS}}}Title").text = title
        layer.find(f"{{{OWS_NS}}}Abstract").text = f"{title} (accès contrôlé)"
        link = layer.find(f"{{{WMTS_NS}}}TileMatrixSetLink")
        link.find(f"{{{WMTS_NS}}}TileMatrixSet").text = tms
        limits = link.find(f"{{{WMTS_NS}}}TileMatrixSetLimits")
        for limit in list(limits):
            if not zmin <= int(limit.findtext(f"{{{WMTS_NS}}}TileMatrix")) <= zmax:
                limits.remove(limit)
        if _base_set(tms) != "PM":  # the template's limits are Pseudo-Mercator rows/columns
            link.remove(limits)
        contents.insert(position, layer)
    declared = _public_matrix_sets()
    for tms in sorted({tms for _, _, tms, *_ in private_wmts_layers()} - declared):
        contents.append(_config_matrix_set(tms))  # defined by the SCAN configuration only
    _with_listed_wmts_layers(root, "/private/wmts")
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return _point_at(data, base_url)


# --- WMS ----------------------------------------------------------------------------------
def wms_layers(endpoint: str) -> List[Dict]:
    # The configuration lists /wms-r/wms, /wms-v/ows, /private/wms-r and /private/wms-v/ows.
    layers = _wms_layers(endpoint)
    if not layers and endpoint.startswith("/private/wms-v"):
        layers = [{"name": "SCAN100_PYR-JPEG_WLD_WM", "styles": ["SCAN100"]}]
    return layers


def _formats(text: str) -> List[str]:
    """'image/png;image/x-bil;bits=32' -> ['image/png', 'image/x-bil;bits=32']."""
    out: List[str] = []
    for part in (p for p in text.split(";") if p):
        if "/" in part or not out:
            out.append(part)
        else:  # a MIME parameter of the previous format
            out[-1] += ";" + part
    return out


@lru_cache(maxsize=None)
def _wms_layers(endpoint: str) -> List[Dict]:
    """Layers of one WMS endpoint in IGN's configurations (name, styles, formats, CRS): the
    2026 layer list, then the INSPIRE and SCAN configurations (their styles added)."""
    suffix = endpoint.rstrip("/")
    layers: Dict[str, Dict] = {}

    def add(name, styles, formats, crs=()):
        layer = layers.setdefault(name, {"name": name, "styles": [], "formats": [], "crs": []})
        for key, values in (("styles", styles), ("formats", formats), ("crs", crs)):
            layer[key] += [v for v in values if v and v not in layer[key]]

    with open(LAYERS_CSV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["service_id"] != "OGC:WMS" and not row["service_id"].endswith("OGC:WMS"):
                continue
            if not row["serverUrl"].rstrip("/").endswith(suffix):
                continue
            add(row["layer"], row["styles"].split(";"), _formats(row["formats"]))
    for config in (INSPIRE_CONFIG, SCAN_CONFIG):
        for layer, path in _config_layers(config, "OGC:WMS"):
            if path.rstrip("/") == suffix:
                add(layer["name"], [s["name"] for s in layer.get("styles", ())],
                    [f["name"] for f in layer.get("formats", ())],
                    [layer["defaultProjection"]] if layer.get("defaultProjection") else [])
    for layer in layers.values():
        layer["styles"] = layer["styles"] or ["normal"]
    return list(layers.values())


_WMS_CRS = ("EPSG:3857", "EPSG:4326", "EPSG:2154", "CRS:84")


def _wms(base_url: str, path: str, title: str, operations_path: str = "") -> bytes:
    """``operations_path``: where GetMap is advertised, when not ``path`` (private documents
    advertise the public address, as with WMTS)."""
    layers = wms_layers(path)
    href = escape(f"{base_url}{operations_path or path}?")
    crs = "".join(f"<CRS>{c}</CRS>" for c in _WMS_CRS)
    bbox = ("<EX_GeographicBoundingBox><westBoundLongitude>-180</westBoundLongitude>"
            "<eastBoundLongitude>180</eastBoundLongitude><southBoundLatitude>-85</southBoundLatitude>"
            "<northBoundLatitude>85</northBoundLatitude></EX_GeographicBoundingBox>"
            '<BoundingBox CRS="EPSG:3857" minx="-20037508" miny="-20037508" maxx="20037508" maxy="20037508"/>'
            '<BoundingBox CRS="EPSG:2154" minx="-350000" miny="5000000" maxx="1650000" maxy="7500000"/>')
    parts = []
    for layer in layers:
        name = escape(layer["name"])
        legend = f"{base_url}{path}?SERVICE=WMS&REQUEST=GetLegendGraphic&VERSION=1.3.0&FORMAT=image/png&LAYER={layer['name']}"
        styles = "".join(
            f"<Style><Name>{escape(s)}</Name><Title>{escape(s)}</Title>"
            f'<LegendURL width="40" height="20"><Format>image/png</Format>'
            f'<OnlineResource xmlns:xlink="http://www.w3.org/1999/xlink" xlink:type="simple" '
            f"xlink:href={quoteattr(legend + '&STYLE=' + s)}/>"
            f"</LegendURL></Style>" for s in layer["styles"])
        extra_crs = "".join(f"<CRS>{escape(c)}</CRS>" for c in layer.get("crs", ())
                            if c not in _WMS_CRS)
        parts.append(f'<Layer queryable="1"><Name>{name}</Name><Title>{name}</Title>'
                     f"<Abstract>{name}</Abstract>{extra_crs}{bbox}{styles}</Layer>")
    formats = ["image/png", "image/jpeg"]
    formats += sorted({f for layer in layers for f in layer.get("formats", ()) if f not in formats})
    get_map_formats = "".join(f"<Format>{escape(f)}</Format>" for f in formats)
    online = f'<OnlineResource xmlns:xlink="http://www.w3.org/1999/xlink" xlink:type="simple" xlink:href="{href}"/>'
    dcp = f"<DCPType><HTTP><Get>{online}</Get></HTTP></DCPType>"
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<WMS_Capabilities xmlns="http://www.opengis.net/wms" version="1.3.0">'
        f"<Service><Name>WMS</Name><Title>{escape(title)}</Title>"
        f"<Abstract>Loopback Géoplateforme</Abstract>{online}</Service>"
        "<Capability><Request>"
        f"<GetCapabilities><Format>text/xml</Format>{dcp}</GetCapabilities>"
        f"<GetMap>{get_map_formats}{dcp}</GetMap>"
        f"<GetFeatureInfo><Format>text/plain</Format>{dcp}</GetFeatureInfo>"
        "</Request><Exception><Format>XML</Format></Exception>"
        f"<Layer><Title>{escape(title)}</Title>{crs}{bbox}{''.join(parts)}</Layer>"
        "</Capability></WMS_Capabilities>")
    return doc.encode("utf-8")


# --- WFS ----------------------------------------------------------------------------------
def _wfs(base_url: str, path: str = "/wfs/ows") -> bytes:
    """The real FeatureTypeList, with the service sections GeoServer puts before it."""
    data = WFS_FIXTURE.read_bytes()
    href = f"{base_url}{path}"
    get = f'<ows:DCP><ows:HTTP><ows:Get xlink:href="{href}"/><ows:Post xlink:href="{href}"/></ows:HTTP></ows:DCP>'
    operations = "".join(
        f'<ows:Operation name="{op}">{get}</ows:Operation>'
        for op in ("GetCapabilities", "DescribeFeatureType", "GetFeature"))
    formats = ('<ows:Parameter name="outputFormat"><ows:AllowedValues>'
               "<ows:Value>application/gml+xml; version=3.2</ows:Value>"
               "</ows:AllowedValues></ows:Parameter>")
    constraints = "".join(
        f'<ows:Constraint name="{name}"><ows:NoValues/><ows:DefaultValue>{value}</ows:DefaultValue></ows:Constraint>'
        for name, value in (("ImplementsBasicWFS", "TRUE"), ("ImplementsResultPaging", "TRUE"),
                            ("KVPEncoding", "TRUE")))
    count = ('<ows:Constraint name="CountDefault"><ows:NoValues/>'
             "<ows:DefaultValue>5000</ows:DefaultValue></ows:Constraint>")
    head = (
        "<ows:ServiceIdentification><ows:Title>Service WFS de la Géoplateforme</ows:Title>"
        "<ows:ServiceType>WFS</ows:ServiceType><ows:ServiceTypeVersion>2.0.0</ows:ServiceTypeVersion>"
        "</ows:ServiceIdentification>"
        f"<ows:OperationsMetadata>{operations}{formats}{constraints}{count}</ows:OperationsMetadata>"
    ).encode("utf-8")
    marker = b"<FeatureTypeList>"
    data = data.replace(marker, head + marker, 1)
    data = _with_listed_typenames(data, path)
    return _point_at(data, base_url)


def _with_listed_typenames(data: bytes, path: str) -> bytes:
    """Add the typenames IGN's 2026 list gives for the WFS that the 2024 capture lacks, each a
    copy of the capture's first FeatureType under its own name."""
    root = etree.fromstring(data)
    types = root.xpath("//*[local-name()='FeatureTypeList']")[0]
    template = types.xpath("*[local-name()='FeatureType']")[0]
    have = set(root.xpath("//*[local-name()='FeatureType']/*[local-name()='Name']/text()"))
    base = path[:-len("/ows")] if path.endswith("/ows") else path
    rows = [r for suffix in ("", "/ows", "/wfs") for r in _csv_rows("OGC:WFS", base + suffix)]
    for row in rows:
        name = row["layer"]
        if name in have:
            continue
        feature_type = copy.deepcopy(template)
        for child in feature_type:
            local = etree.QName(child).localname
            if local in ("Name", "Title"):
                child.text = name
            elif local == "Abstract":
                child.text = f"{name} (IGN layer list, 2026-06)"
        types.append(feature_type)
        have.add(name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# Three small squares near Paris, in the CRSs QGIS may ask for (x/y order as served).
_SQUARES = {
    "EPSG:2154": [(651000 + 400 * i, 6861000, 300) for i in range(3)],
    "EPSG:3857": [(261000 + 500 * i, 6250000, 400) for i in range(3)],
    # EPSG:4326 in WFS 2.0 urn form is latitude/longitude.
    "EPSG:4326": [(48.85, 2.33 + 0.005 * i, 0.003) for i in range(3)],
}
FEATURE_COUNT = 12  # features per typename; GetFeature pages through them


def _crs_code(srsname: str) -> str:
    code = srsname.rsplit(":", 1)[-1] if srsname else "4326"
    return f"EPSG:{code}" if f"EPSG:{code}" in _SQUARES else "EPSG:4326"


def wfs_schema(typename: str) -> bytes:
    prefix, _, local = typename.partition(":")
    local = local or prefix
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:gml="http://www.opengis.net/gml/3.2" '
        f'xmlns:{prefix}="http://{prefix}" elementFormDefault="qualified" targetNamespace="http://{prefix}">'
        '<xsd:import namespace="http://www.opengis.net/gml/3.2" '
        'schemaLocation="http://schemas.opengis.net/gml/3.2.1/gml.xsd"/>'
        f'<xsd:complexType name="{local}Type"><xsd:complexContent><xsd:extension base="gml:AbstractFeatureType">'
        "<xsd:sequence>"
        '<xsd:element maxOccurs="1" minOccurs="0" name="cleabs" nillable="true" type="xsd:string"/>'
        '<xsd:element maxOccurs="1" minOccurs="0" name="nature" nillable="true" type="xsd:string"/>'
        '<xsd:element maxOccurs="1" minOccurs="0" name="hauteur" nillable="true" type="xsd:double"/>'
        '<xsd:element maxOccurs="1" minOccurs="0" name="geometrie" nillable="true" type="gml:MultiSurfacePropertyType"/>'
        "</xsd:sequence></xsd:extension></xsd:complexContent></xsd:complexType>"
        f'<xsd:element name="{local}" substitutionGroup="gml:AbstractFeature" type="{prefix}:{local}Type"/>'
        "</xsd:schema>").encode("utf-8")


def wfs_features(query: Dict[str, str]) -> bytes:
    """A GML 3.2 page of features, honouring STARTINDEX/COUNT and SRSNAME."""
    typename = query.get("TYPENAMES") or query.get("TYPENAME", "")
    prefix, _, local = typename.partition(":")
    local = local or prefix
    start = int(query.get("STARTINDEX", "0") or 0)
    count = int(query.get("COUNT", query.get("MAXFEATURES", str(FEATURE_COUNT))) or FEATURE_COUNT)
    srsname = query.get("SRSNAME", "urn:ogc:def:crs:EPSG::4326")
    code = _crs_code(srsname)
    members = []
    for index in range(start, min(FEATURE_COUNT, start + count)):
        a, b, size = _SQUARES[code][index % 3]
        a += (index // 3) * size * 3
        ring = [(a, b), (a + size, b), (a + size, b + size), (a, b + size), (a, b)]
        pos = " ".join(f"{x} {y}" for x, y in ring)
        members.append(
            f"<wfs:member><{prefix}:{local} gml:id=\"{local}.{index + 1}\">"
            f"<{prefix}:cleabs>BATIMENT{index + 1:016d}</{prefix}:cleabs>"
            f"<{prefix}:nature>Indifférenciée</{prefix}:nature>"
            f"<{prefix}:hauteur>{5 + index}</{prefix}:hauteur>"
            f"<{prefix}:geometrie><gml:MultiSurface srsName=\"{escape(srsname)}\"><gml:surfaceMember>"
            f"<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>{pos}</gml:posList>"
            f"</gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface>"
            f"</{prefix}:geometrie></{prefix}:{local}></wfs:member>")
    returned = len(members)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" '
        'xmlns:gml="http://www.opengis.net/gml/3.2" '
        f'xmlns:{prefix}="http://{prefix}" numberMatched="{FEATURE_COUNT}" numberReturned="{returned}" '
        'timeStamp="2024-06-06T08:00:00Z">' + "".join(members) + "</wfs:FeatureCollection>").encode("utf-8")


# --- TMS and vector tiles -----------------------------------------------------------------
def _tms_root() -> bytes:
    """The captured TMS root (trimmed by its recorder to six TileMaps) with the vector tile
    sets of IGN's 2026 list it lacks, in the capture's own form."""
    data = TMS_ROOT_FIXTURE.read_bytes()
    added = "".join(
        f'\n    <TileMap\n      title={quoteattr(name)}\n      srs="EPSG:3857"\n      profile="none"\n'
        f'      extension="pbf"\n      href="{PRODUCTION}/tms/1.0.0/{escape(name)}" />'
        for name in tms_listed_tile_maps())
    return data.replace(b"\n  </TileMaps>", added.encode("utf-8") + b"\n  </TileMaps>", 1)


def tilemap(layer: str, base_url: str) -> bytes:
    """The real PLAN.IGN TileMap resource (renamed for other layers)."""
    data = TILEMAP_FIXTURE.read_bytes()
    if layer != "PLAN.IGN":
        data = data.replace(b"/PLAN.IGN", f"/{layer}".encode())
    return _point_at(data, base_url)


def tms_metadata(layer: str, base_url: str) -> bytes:
    return json.dumps({
        "name": layer,
        "description": f"{layer} (loopback)",
        "format": "pbf",
        "minzoom": 0,
        "maxzoom": 18,
        "bounds": [-180, -85.0511, 180, 85.0511],
        "tiles": [f"{base_url}/tms/1.0.0/{layer}/{{z}}/{{x}}/{{y}}.pbf"],
        "vector_layers": [{"id": "bati", "fields": {"nature": "String"}},
                          {"id": "routier", "fields": {"nature": "String"}}],
    }).encode()


def vector_style(base_url: str, path: str) -> bytes:
    """A small Mapbox GL style for the loopback tiles (the layers mvt.tile() writes)."""
    layer = path.split("/styles/", 1)[1].split("/", 1)[0]
    return json.dumps({
        "version": 8,
        "name": path.rsplit("/", 1)[-1],
        "sources": {"plan_ign": {"type": "vector",
                                 "tiles": [f"{base_url}/tms/1.0.0/{layer}/{{z}}/{{x}}/{{y}}.pbf"]}},
        "layers": [
            {"id": "fond", "type": "background", "paint": {"background-color": "#f2efe9"}},
            {"id": "bati", "type": "fill", "source": "plan_ign", "source-layer": "bati",
             "paint": {"fill-color": "#c0392b", "fill-opacity": 1}},
            {"id": "routier", "type": "line", "source": "plan_ign", "source-layer": "routier",
             "paint": {"line-color": "#2c3e50", "line-width": 3}},
        ],
    }).encode()


# --- what the served documents say a server accepts (the loopback's strictness) ----------
# ROK4 (WMTS, WMS-R, TMS) and GeoServer (WMS-V, WFS) refuse what their configuration does
# not offer (docs/reference/servers.md). The loopback's configuration is the documents it serves,
# so each check reads them: the layer's own tile matrix set, levels, limits, format, styles.

@dataclass
class WmtsLayer:
    formats: List[str]
    styles: List[str]
    link: str  # the capabilities id of its tile matrix set (PM_0_19)
    levels: Dict[str, Optional[tuple]]  # matrix id -> (min row, max row, min col, max col)


@dataclass
class WmtsIndex:
    layers: Dict[str, WmtsLayer]
    sets: Dict[str, Dict[str, tuple]]  # set id -> matrix id -> (matrix width, height)

    def base_matrices(self, link: str) -> Dict[str, tuple]:
        """The matrices of the layer's pyramid set (the bare id), which ROK4 looks a
        TILEMATRIX up in, whichever of the two ids was asked."""
        base = _base_set(link)
        if base in self.sets:
            return self.sets[base]
        defined = _config_matrix_set(base)
        if defined is not None:
            return _matrices(defined)
        return self.sets.get(link, {})


def _matrices(tms) -> Dict[str, tuple]:
    return {m.findtext(f"{{{OWS_NS}}}Identifier"): (int(m.findtext(f"{{{WMTS_NS}}}MatrixWidth")),
                                                   int(m.findtext(f"{{{WMTS_NS}}}MatrixHeight")))
            for m in tms.findall(f"{{{WMTS_NS}}}TileMatrix")}


def wmts_index(document: bytes) -> WmtsIndex:
    root = etree.fromstring(document)
    w, o = f"{{{WMTS_NS}}}", f"{{{OWS_NS}}}"
    contents = root.find(w + "Contents")
    sets = {tms.findtext(o + "Identifier"): _matrices(tms) for tms in contents.findall(w + "TileMatrixSet")}
    layers = {}
    for layer in contents.findall(w + "Layer"):
        link = layer.find(w + "TileMatrixSetLink")
        ident = link.findtext(w + "TileMatrixSet")
        limits = link.findall(f"{w}TileMatrixSetLimits/{w}TileMatrixLimits")
        if limits:
            levels = {l.findtext(w + "TileMatrix"): tuple(int(l.findtext(w + k)) for k in (
                "MinTileRow", "MaxTileRow", "MinTileCol", "MaxTileCol")) for l in limits}
        else:  # no limits: every tile of the linked set's matrices
            levels = {m: (0, h - 1, 0, w_ - 1) for m, (w_, h) in sets.get(ident, {}).items()}
        layers[layer.findtext(o + "Identifier")] = WmtsLayer(
            [f.text for f in layer.findall(w + "Format")],
            [s.findtext(o + "Identifier") for s in layer.findall(w + "Style")], ident, levels)
    return WmtsIndex(layers, sets)


@dataclass
class WmsIndex:
    layers: Dict[str, List[str]]  # name -> style names
    formats: List[str]  # the service's GetMap formats


def wms_index(document: bytes) -> WmsIndex:
    root = etree.fromstring(document)
    ns = "{http://www.opengis.net/wms}"
    layers = {l.findtext(ns + "Name"): [s.findtext(ns + "Name") for s in l.findall(ns + "Style")]
              for l in root.iter(ns + "Layer") if l.findtext(ns + "Name")}
    formats = [f.text for f in root.iter(ns + "GetMap") for f in f.findall(ns + "Format")]
    return WmsIndex(layers, formats)


def wfs_typenames(document: bytes) -> frozenset:
    root = etree.fromstring(document)
    return frozenset(root.xpath("//*[local-name()='FeatureType']/*[local-name()='Name']/text()"))


# Extensions ROK4 gives a pyramid format (core-cpp Format.cpp), keyed by the layer's MIME.
TMS_EXTENSIONS = {"image/jpeg": "jpeg", "image/png": "png", "image/tiff": "tif",
                  "image/x-bil;bits=32": "bil", "application/x-protobuf": "pbf"}
PM_LEVELS = 22  # Pseudo-Mercator: matrices 0..21 (the captured "PM" set)
VECTOR_TILE_ZOOMS = (0, 18)  # PLAN.IGN's TileMap (the only TileMap resource captured)


def tms_layers(wmts: WmtsIndex) -> Dict[str, tuple]:
    """Layers the TMS serves: name -> (extension, {level: limits}, base matrices).

    The TileMaps of the captured root and the vector tile sets of IGN's 2026 list (their
    zooms as PLAN.IGN's TileMap, every tile), and the WMTS layers (ROK4 serves one pyramid
    on every service it enables)."""
    full = {str(z): (0, 2 ** z - 1, 0, 2 ** z - 1) for z in range(PM_LEVELS)}
    low, high = VECTOR_TILE_ZOOMS
    found = {}
    for name, layer in wmts.layers.items():
        ext = TMS_EXTENSIONS.get(layer.formats[0] if layer.formats else "", "")
        found[name] = (ext, layer.levels, wmts.base_matrices(layer.link))
    root = etree.fromstring(TMS_ROOT_FIXTURE.read_bytes())
    for tile_map in root.iter("TileMap"):
        name = tile_map.get("href").rstrip("/").rsplit("/", 1)[-1]
        ext = tile_map.get("extension")
        levels = ({k: v for k, v in full.items() if low <= int(k) <= high} if ext == "pbf" else full)
        found[name] = (ext, levels, full)
    for row in _csv_rows("TMS", "/tms/1.0.0"):
        found[row["layer"]] = ("pbf", {k: v for k, v in full.items() if low <= int(k) <= high}, full)
    return found


def tms_listed_tile_maps() -> List[str]:
    """Vector tile sets of IGN's 2026 list the captured (trimmed) TMS root lacks."""
    root = etree.fromstring(TMS_ROOT_FIXTURE.read_bytes())
    have = {t.get("href").rstrip("/").rsplit("/", 1)[-1] for t in root.iter("TileMap")}
    return sorted({r["layer"] for r in _csv_rows("TMS", "/tms/1.0.0")} - have)


# GeoServer's own GetMap output formats (it accepts these whatever the capabilities list).
GEOSERVER_MAP_FORMATS = frozenset(f.lower() for f in (
    "image/png", "image/png8", "image/png; mode=8bit", "image/jpeg", "image/vnd.jpeg-png",
    "image/vnd.jpeg-png8", "image/gif", "image/tiff", "image/tiff8", "image/geotiff",
    "image/geotiff8", "image/svg", "image/svg+xml", "application/pdf", "rss",
    "application/atom+xml", "kml", "kmz", "application/vnd.google-earth.kml+xml",
    "application/vnd.google-earth.kml+xml;mode=networklink", "application/vnd.google-earth.kmz",
    "application/openlayers", "application/openlayers2", "application/openlayers3",
    "text/html; subtype=openlayers", "application/json;type=utfgrid",
    "application/x-protobuf;type=mapbox-vector", "application/vnd.mapbox-vector-tile",
    "application/json;type=geojson", "application/json;type=topojson",
    "png", "png8", "jpeg", "jpg", "gif", "tiff", "tif", "geotiff", "pdf", "svg"))
# Styles every GeoServer catalogue has.
GEOSERVER_STYLES = frozenset(("point", "line", "polygon", "raster", "generic"))


# --- exception bodies, as each server writes them ------------------------------------------
def rok4_wmts_exception(code: str, message: str) -> bytes:
    """S:services/wmts/Exception.cpp (no XML declaration, a space before '>')."""
    return (f'<ExceptionReport xmlns="{OWS_NS}"><Exception exceptionCode="{code}" >'
            f"{escape(message)}</Exception></ExceptionReport>").encode()


def rok4_wms_exception(code: str, message: str) -> bytes:
    """S:services/wms/Exception.cpp."""
    return ('<ServiceExceptionReport version="1.3.0" xmlns="http://www.opengis.net/ogc" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
            '"http://www.opengis.net/ogc http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd">'
            f'<ServiceException code="{code}">{escape(message)}</ServiceException>'
            "</ServiceExceptionReport>").encode()


def rok4_tms_exception(message: str) -> bytes:
    """S:services/tms/Exception.cpp."""
    return (f'<?xml version="1.0" ?><TileMapServerError><Message>{escape(message)}</Message>'
            "</TileMapServerError>").encode()


def geoserver_wms_exception(code: str, message: str, locator: str = "", version: str = "1.3.0"):
    """(content type, body) of GeoServer's WMSServiceExceptionHandler (HTTP 200)."""
    where = f' locator="{locator}"' if locator else ""
    if version == "1.1.1":
        return "application/vnd.ogc.se_xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
            '<!DOCTYPE ServiceExceptionReport SYSTEM "http://schemas.opengis.net/wms/1.1.1/WMS_exception_1_1_1.dtd"> '
            f'<ServiceExceptionReport version="1.1.1" >   <ServiceException code="{code}"{where}>\n'
            f"      {escape(message)}\n</ServiceException></ServiceExceptionReport>").encode()
    return "text/xml", (
        '<?xml version="1.0" encoding="UTF-8"?><ServiceExceptionReport version="1.3.0" '
        'xmlns="http://www.opengis.net/ogc" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.opengis.net/ogc '
        'http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd"> '
        f'<ServiceException code="{code}"{where}>\n      {escape(message)}\n'
        "</ServiceException></ServiceExceptionReport>").encode()


def geoserver_wfs_exception(code: str, message: str, locator: str = "", version: str = "2.0.0"):
    """(content type, body) of GeoServer's OWS exception report for WFS (HTTP 200)."""
    where = f' locator="{locator}"' if locator else ""
    ows = OWS_NS if version.startswith("2") else "http://www.opengis.net/ows"
    return "application/xml", (
        f'<?xml version="1.0" encoding="UTF-8"?><ows:ExceptionReport xmlns:ows="{ows}" '
        f'xmlns:xs="http://www.w3.org/2001/XMLSchema" version="{escape(version or "2.0.0")}">'
        f'<ows:Exception exceptionCode="{code}"{where}><ows:ExceptionText>{escape(message)}'
        "</ows:ExceptionText></ows:Exception></ows:ExceptionReport>").encode()
