"""Documents the loopback Géoplateforme serves, built from the real fixtures.

The WMTS, WFS and TMS documents are the real captures with ``https://data.geopf.fr`` pointed
at the loopback server. No public copy of a full WMS-R/WMS-V or private capabilities exists
(fixtures README), so those are generated from IGN's own layer configurations
(``geoportal-keys/layers_by_key_gpf_2026-06_extracted.csv``): real names, styles, formats.
"""
from __future__ import annotations

import copy
import csv
import json
from functools import lru_cache
from pathlib import Path
from typing import Dict, List
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

WMTS_NS = "http://www.opengis.net/wmts/1.0"
OWS_NS = "http://www.opengis.net/ows/1.1"

# Restricted WMTS layers as IGN's ign_scan_ws configuration lists them (geoplateforme.md §4).
PRIVATE_WMTS_LAYERS = [
    ("GEOGRAPHICALGRIDSYSTEMS.MAPS", "Cartes IGN", "PM_0_18", 0, 18),
    ("GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN25TOUR", "SCAN 25 Touristique", "PM_6_16", 6, 16),
    ("GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN-OACI", "Carte OACI-VFR", "PM_6_11", 6, 11),
]

HTML_ERROR_PAGE = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                   b"<body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>")

# A billion-laughs document: entities that expand to gigabytes if a parser resolves them.
BILLION_LAUGHS = (DATA / "hostile" / "billion_laughs.xml").read_bytes()

_TILES = {
    "image/jpeg": (DATA / "tiles" / "ortho.jpg").read_bytes(),
    "image/png": (DATA / "tiles" / "plan.png").read_bytes(),
}


def tile(fmt: str) -> bytes:
    return _TILES["image/jpeg" if "jpeg" in fmt or "jpg" in fmt else "image/png"]


def ows_exception(text: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ExceptionReport xmlns="{OWS_NS}" version="2.0.0">'
            f'<Exception exceptionCode="InvalidParameterValue"><ExceptionText>{escape(text)}'
            f"</ExceptionText></Exception></ExceptionReport>").encode()


def _point_at(data: bytes, base_url: str) -> bytes:
    return data.replace(PRODUCTION.encode(), base_url.encode())


def build(name: str, base_url: str) -> bytes:
    """Build the document called ``name`` (see LoopbackGeoplateforme.document)."""
    builders = {
        "wmts": lambda: _point_at(WMTS_FIXTURE.read_bytes(), base_url),
        "wmts-private": lambda: _private_wmts(base_url),
        "wms-r": lambda: _wms(base_url, "/wms-r/wms", "WMS-Raster"),
        "wms-r-private": lambda: _wms(base_url, "/private/wms-r", "WMS-Raster (accès contrôlé)",
                                      "/wms-r/wms"),
        "wms-v": lambda: _wms(base_url, "/wms-v/ows", "WMS-Vecteur"),
        "wms-v-private": lambda: _wms(base_url, "/private/wms-v/ows", "WMS-Vecteur (accès contrôlé)",
                                      "/wms-v/ows"),
        "wfs": lambda: _wfs(base_url),
        "wfs-private": lambda: _wfs(base_url, "/private/wfs/ows"),
        "tms": lambda: _point_at(TMS_ROOT_FIXTURE.read_bytes(), base_url),
    }
    return builders[name]()


# --- WMTS ---------------------------------------------------------------------------------
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
    for position, (ident, title, tms, zmin, zmax) in enumerate(PRIVATE_WMTS_LAYERS):
        layer = copy.deepcopy(template)
        layer.find(f"{{{OWS_NS}}}Identifier").text = ident
        layer.find(f"{{{OWS_NS}}}Title").text = title
        layer.find(f"{{{OWS_NS}}}Abstract").text = f"{title} (accès contrôlé)"
        link = layer.find(f"{{{WMTS_NS}}}TileMatrixSetLink")
        link.find(f"{{{WMTS_NS}}}TileMatrixSet").text = tms
        limits = link.find(f"{{{WMTS_NS}}}TileMatrixSetLimits")
        for limit in list(limits):
            if not zmin <= int(limit.findtext(f"{{{WMTS_NS}}}TileMatrix")) <= zmax:
                limits.remove(limit)
        contents.insert(position, layer)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return _point_at(data, base_url)


# --- WMS ----------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def restricted_layers(kind: str) -> frozenset:
    """Layer names that only the private twin of a service (wmts, wms-r, wms-v) serves."""
    if kind == "wmts":
        return frozenset(ident for ident, *_ in PRIVATE_WMTS_LAYERS)
    public = {"wms-r": "/wms-r/wms", "wms-v": "/wms-v/ows"}[kind]
    private = {"wms-r": "/private/wms-r", "wms-v": "/private/wms-v/ows"}[kind]
    return frozenset(l["name"] for l in wms_layers(private)) - {l["name"] for l in wms_layers(public)}


def wms_layers(endpoint: str) -> List[Dict]:
    # The configuration lists /wms-r/wms, /wms-v/ows, /private/wms-r and /private/wms-v/ows.
    layers = _wms_layers(endpoint)
    if not layers and endpoint.startswith("/private/wms-v"):
        layers = [{"name": "SCAN100_PYR-JPEG_WLD_WM", "styles": ["SCAN100"]}]
    return layers


def _wms_layers(endpoint: str) -> List[Dict]:
    """Layers of one WMS endpoint in IGN's configuration (name, styles, formats)."""
    suffix = endpoint.rstrip("/")
    layers: Dict[str, Dict] = {}
    with open(LAYERS_CSV, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["service_id"] != "OGC:WMS" and not row["service_id"].endswith("OGC:WMS"):
                continue
            if not row["serverUrl"].rstrip("/").endswith(suffix):
                continue
            layers.setdefault(row["layer"], {
                "name": row["layer"],
                "styles": [s for s in row["styles"].split(";") if s] or ["normal"],
            })
    return list(layers.values())


def _wms(base_url: str, path: str, title: str, operations_path: str = "") -> bytes:
    """``operations_path``: where GetMap is advertised, when not ``path`` (private documents
    advertise the public address, as with WMTS)."""
    layers = wms_layers(path)
    href = escape(f"{base_url}{operations_path or path}?")
    crs = "".join(f"<CRS>{c}</CRS>" for c in ("EPSG:3857", "EPSG:4326", "EPSG:2154", "CRS:84"))
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
        parts.append(f'<Layer queryable="1"><Name>{name}</Name><Title>{name}</Title>'
                     f"<Abstract>{name}</Abstract>{bbox}{styles}</Layer>")
    online = f'<OnlineResource xmlns:xlink="http://www.w3.org/1999/xlink" xlink:type="simple" xlink:href="{href}"/>'
    dcp = f"<DCPType><HTTP><Get>{online}</Get></HTTP></DCPType>"
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<WMS_Capabilities xmlns="http://www.opengis.net/wms" version="1.3.0">'
        f"<Service><Name>WMS</Name><Title>{escape(title)}</Title>"
        f"<Abstract>Loopback Géoplateforme</Abstract>{online}</Service>"
        "<Capability><Request>"
        f"<GetCapabilities><Format>text/xml</Format>{dcp}</GetCapabilities>"
        f"<GetMap><Format>image/png</Format><Format>image/jpeg</Format>{dcp}</GetMap>"
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
    return _point_at(data, base_url)


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
