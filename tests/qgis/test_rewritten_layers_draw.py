"""Every rewritten layer draws (issue 21, item 8).

Each source the migration rewrites -- the layers of every project fixture and the layer
sources of ``datasources.tsv`` -- is migrated with a catalogue read from the strict loopback's
own capabilities, then rendered by QGIS against that loopback on a small extent inside the
layer's limits. It must show pixels of that very layer (PNG tiles and WMS maps are painted in
the layer's own colour) or features, and the request log must show the exact layer, tile
matrix set, style and format the source names, none refused. The same for one catalogue entry
of every service and tile-matrix-set family added through the dock's add path.

Cases the migration engine gets wrong are listed in ENGINE_FAILURES (strict xfail: a fix
makes them fail loudly, so the mark goes with the fix).
"""
from __future__ import annotations

import csv
import itertools
import math
import zipfile
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from lxml import etree
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsNetworkAccessManager,
    QgsPointXY,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
    QgsVectorTileLayer,
)

from bascule_geoplateforme.core.capabilities import parse_capabilities
from bascule_geoplateforme.core.catalog.catalog_index import Catalog
from bascule_geoplateforme.core.migration.engine import clear_caches, migrate_source
from bascule_geoplateforme.core.migration.qgis_side.layer_split import single_layer_sources
from bascule_geoplateforme.core.migration.project_file import migrate_project_file
from loopback import BASIC_PASSWORD, BASIC_USER, LoopbackGeoplateforme, documents
from qgis_helpers import PARIS_3857, render

DATA = Path(__file__).resolve().parents[1] / "data"
PROJECTS = sorted((DATA / "real-world" / "projects").glob("*.qg[sz]")) + sorted(
    (DATA / "built").glob("*.qg[sz]"))
DATASOURCES = DATA / "real-world" / "datasources.tsv"
REWRITTEN = ("migrated", "renamed", "needs_key", "outdated")
VECTOR_TILES = ("vectortile", "xyzvectortiles")  # QGIS >= 3.28 names its XYZ provider
LAYER_PROVIDERS = ("wms", "WFS", "wfs") + VECTOR_TILES
SIZE = 64
DEGREE = 2 * math.pi * 6378137 / 360  # metres in a degree, as WMTS scale denominators count them

# The documents a refresh reads: (document, service, capabilities path).
DOCUMENTS = [("wmts", "wmts", "/wmts"), ("wmts-private", "wmts", "/private/wmts"),
             ("wms-r", "wms-r", "/wms-r/wms"), ("wms-r-private", "wms-r", "/private/wms-r"),
             ("wms-v", "wms-v", "/wms-v/ows"), ("wms-v-private", "wms-v", "/private/wms-v/ows"),
             ("wfs", "wfs", "/wfs/ows"), ("wfs-private", "wfs", "/private/wfs/ows"),
             ("tms", "tms", "/tms/1.0.0")]

# case id -> why the engine's source is refused or blank (see the module docstring). Empty: every
# rewritten source is one the strict loopback serves (a WMS-R source naming more than two layers
# is drawn the way the plugin offers it, split into one layer per name).
ENGINE_FAILURES: dict = {}


def loopback_catalog(base_url: str, document) -> Catalog:
    """The catalogue a refresh from the loopback gives (every public and private document)."""
    entries, sets, complete = [], {}, set()
    for name, service, path in DOCUMENTS:
        capabilities = parse_capabilities(document(name), base_url + path)
        entries.extend(capabilities.entries)
        sets.update(capabilities.tile_matrix_sets)
        if "private" not in name:
            complete.add(service)
    return Catalog(entries, sets, complete=complete)


# --- the cases ----------------------------------------------------------------------------

def _project_layers(path: Path):
    """(layer id, provider, datasource) of every map layer of a project file."""
    if path.suffix == ".qgz":
        with zipfile.ZipFile(path) as archive:
            member = next(n for n in archive.namelist() if n.endswith(".qgs"))
            data = archive.read(member)
    else:
        data = path.read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(data, parser)
    for layer in root.iter("maplayer"):
        yield (layer.findtext("id") or "", layer.findtext("provider") or "",
               layer.findtext("datasource") or "")


def _cases():
    """Case ids of every rewritten layer source, decided with the loopback's catalogue."""
    catalog = loopback_catalog("http://127.0.0.1:1", lambda n: documents.build(n, "http://127.0.0.1:1"))
    cases = []
    for path in PROJECTS:
        report = migrate_project_file(path, dry_run=True, catalog=catalog)
        cases += [f"{path.name}::{d.layer_id}" for d in report.decisions
                  if d.status in REWRITTEN and d.layer_id]
    with open(DATASOURCES, newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            if row["provider"] in LAYER_PROVIDERS and migrate_source(
                    row["provider"], row["datasource"], catalog).status in REWRITTEN:
                cases.append(f"datasources.tsv:{line}")
    clear_caches()
    return cases


CASES = _cases()


def _marked(case):
    reason = ENGINE_FAILURES.get(case)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    # Layer ids may hold accents (aériennes): an ASCII id that still names the layer.
    return pytest.param(case, marks=marks, id=case.encode("ascii", "backslashreplace").decode())


# --- the loopback, its catalogue, a key ---------------------------------------------------

@pytest.fixture(scope="module")
def server(qgis_app):
    with LoopbackGeoplateforme() as gpf, pytest.MonkeyPatch.context() as patch:
        patch.setenv("BASCULE_GPF_BASE_URL", gpf.base_url)
        QgsNetworkAccessManager.instance().cache().clear()
        clear_caches()
        yield gpf
        clear_caches()


@pytest.fixture(scope="module")
def catalog(server):
    return loopback_catalog(server.base_url, server.document)


@pytest.fixture(scope="module")
def key(auth_manager):
    from bascule_geoplateforme.core.keys.qgis_side import key_store

    config_id = key_store.store_basic_key("Géoplateforme (rendu)", BASIC_USER, BASIC_PASSWORD)
    yield config_id
    auth_manager.removeAuthenticationConfig(config_id)


@pytest.fixture(scope="module")
def migrated_projects(server, catalog, key, tmp_path_factory):
    """{project name: {layer id: (provider, datasource)}} of each project as migrated on disk."""
    folder = tmp_path_factory.mktemp("migrated")
    found = {}
    for path in PROJECTS:
        output = folder / path.name
        report = migrate_project_file(path, output=output, backup=False, catalog=catalog, authcfg=key)
        statuses = {d.layer_id: d.status for d in report.decisions}
        found[path.name] = {layer_id: (provider, source, statuses.get(layer_id, ""))
                            for layer_id, provider, source in _project_layers(output)}
    return found


# --- drawing one source ---------------------------------------------------------------------

def _params(source: str) -> dict:
    return {k: v for k, v in parse_qsl(source, keep_blank_values=True)}


class _Served:
    """What the loopback serves for a WMTS layer: its set's matrices, its limits."""

    def __init__(self, server, private: bool):
        name = "wmts-private" if private else "wmts"
        self.index = server.index("wmts:" + name)
        root = etree.fromstring(server.document(name))
        w, o = "{http://www.opengis.net/wmts/1.0}", "{http://www.opengis.net/ows/1.1}"
        self.sets, self.boxes, self.limited = {}, {}, set()
        for layer in root.iter(w + "Layer"):
            ident = layer.findtext(o + "Identifier")
            box = layer.find(o + "WGS84BoundingBox")
            self.boxes[ident] = tuple(float(v) for corner in ("LowerCorner", "UpperCorner")
                                      for v in box.findtext(o + corner).split())
            if layer.find(f".//{w}TileMatrixLimits") is not None:
                self.limited.add(ident)
        for tms in root.iter(w + "TileMatrixSet"):
            if tms.find(o + "Identifier") is None:
                continue
            self.sets[tms.findtext(o + "Identifier")] = (tms.findtext(o + "SupportedCRS"), {
                m.findtext(o + "Identifier"): (float(m.findtext(w + "ScaleDenominator")),
                                               [float(v) for v in m.findtext(w + "TopLeftCorner").split()],
                                               int(m.findtext(w + "TileWidth")))
                for m in tms.findall(w + "TileMatrix")})

    def _centre(self, name, crs):
        west, south, east, north = self.boxes[name]
        # Paris when the layer covers it (most do; the 2026 list's layers say "the world"),
        # else the middle of its box.
        centre = (QgsPointXY(*PARIS_LON_LAT) if west <= PARIS_LON_LAT[0] <= east
                  and south <= PARIS_LON_LAT[1] <= north
                  else QgsPointXY((west + east) / 2, (south + north) / 2))
        if "WGS84G" in crs or crs.endswith(":4326"):
            return centre.x(), centre.y()
        target = QgsCoordinateReferenceSystem("EPSG:2154" if "LAMB93" in crs or "2154" in crs else crs)
        transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), target,
                                           QgsProject.instance())
        point = transform.transform(centre)
        return point.x(), point.y()

    def extent(self, name: str):
        """(CRS, box): a quarter of a tile in the middle of the layer's limits, at a level
        near 12 -- rendered SIZE pixels wide, at that level's resolution."""
        layer = self.index.layers[name]
        crs, matrices = self.sets[layer.link]
        levels = sorted((int(z) for z in layer.levels if z in matrices))
        level = str(min(levels, key=lambda z: abs(z - 12)))
        min_row, max_row, min_col, max_col = layer.levels[level]
        scale, corner, size = matrices[level]
        geographic = "WGS84G" in crs or crs.endswith(":4326")
        span = scale * 0.00028 * size / (DEGREE if geographic else 1)
        # Another tile for each drawing: QGIS's tile caches must not answer for the server.
        turn = next(_TURNS)
        if name in self.limited:
            row = min_row + ((max_row - min_row) // 2 + turn) % (max_row - min_row + 1)
            col = min_col + ((max_col - min_col) // 2 + turn // 7) % (max_col - min_col + 1)
        else:  # every tile of the set is the layer's: the middle of its bounding box
            x, y = self._centre(name, crs)
            row, col = int((corner[1] - y) // span) + turn % 3, int((x - corner[0]) // span) + turn // 3 % 3
        x0, y0 = corner[0] + col * span, corner[1] - row * span
        quarter = span / 4
        box = (x0 + quarter, y0 - 2 * quarter, x0 + 2 * quarter, y0 - quarter)
        return ("EPSG:4326" if geographic else "EPSG:2154" if "LAMB93" in crs or "2154" in crs
                else "EPSG:3857"), box


def _colour_found(image, rgba) -> bool:
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (abs(c.red() - rgba[0]) <= 3 and abs(c.green() - rgba[1]) <= 3
                    and abs(c.blue() - rgba[2]) <= 3 and c.alpha() > 250):
                return True
    return False


def _painted(image) -> int:
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixelColor(x, y).alpha() > 0)


_TURNS = itertools.count()
PARIS_LON_LAT = (2.35, 48.85)


def _paris():
    """1 km near Paris (EPSG:3857), another one for each drawing (no cached answer)."""
    turn = next(_TURNS)
    x, y = 255000.0 + 1000 * (turn % 20), 6245000.0 + 1000 * (turn // 20 % 20)
    return x, y, x + 1000, y + 1000


def draws(server, provider: str, source: str, label: str = "layer") -> str:
    """'' when the source draws its own layer against the loopback, else why not."""
    QgsNetworkAccessManager.instance().cache().clear()
    mark = len(server.requests)
    params = _params(source) if provider == "wms" else {}
    if provider.lower() == "wfs":
        layer = QgsVectorLayer(source, label, "WFS")
        if not layer.isValid():
            return f"invalid WFS layer ({_refusals(server, mark)})"
        features = [f for _, f in zip(range(3), layer.getFeatures())]
        sent = [r for r in server.requests[mark:] if r.param("REQUEST").lower() == "getfeature"]
        typename = QgsDataSourceUri(source).param("typename")
        if not features:
            return f"no feature ({_refusals(server, mark)})"
        asked = {r.param("TYPENAMES") or r.param("TYPENAME") for r in sent}
        return "" if asked == {typename} else f"asked {asked}, not {typename}"
    if provider in VECTOR_TILES:
        layer = QgsVectorTileLayer(source, label)
        if not layer.isValid():
            return "invalid vector tile layer"
        # The loopback's tiles hold a square in their middle (mvt.py): a view at zoom 10
        # around Paris holds one.
        image = render(layer, PARIS_3857, size=256, crs=QgsCoordinateReferenceSystem("EPSG:3857"))
        tiles = [r for r in server.requests[mark:] if r.path.endswith(".pbf")]
        if not tiles or any(r.status != 200 for r in tiles):
            return f"tiles {[ (r.path, r.status) for r in tiles[:3]]}"
        return "" if _painted(image) else "nothing painted"
    layer = QgsRasterLayer(source, label, "wms")
    if not layer.isValid():
        return f"invalid layer: {layer.error().summary()[:200]} ({_refusals(server, mark)})"
    name = params.get("layers", "")
    fmt, style = params.get("format", ""), params.get("styles", "")
    if "tileMatrixSet" in params:
        private = "/private/" in params.get("url", "")
        served = _Served(server, private)
        if name not in served.index.layers:
            return f"{name} is not a layer of the {'private ' if private else ''}WMTS"
        crs, box = served.extent(name)
        image = render(layer, box, size=SIZE, crs=QgsCoordinateReferenceSystem(crs))
        sent = [r for r in server.requests[mark:] if r.param("REQUEST").lower() == "gettile"]
        expected = {("LAYER", name), ("TILEMATRIXSET", params["tileMatrixSet"]), ("STYLE", style),
                    ("FORMAT", fmt)}
        keys = ("LAYER", "TILEMATRIXSET", "STYLE", "FORMAT")
    else:
        crs = "EPSG:3857"
        image = render(layer, _paris(), size=SIZE, crs=QgsCoordinateReferenceSystem(crs))
        sent = [r for r in server.requests[mark:] if r.param("REQUEST").lower() == "getmap"]
        expected = {("LAYERS", name), ("STYLES", style), ("FORMAT", fmt)}
        keys = ("LAYERS", "STYLES", "FORMAT")
    if not sent:
        return "no data request sent"
    refused = [(r.status, r.refused) for r in sent if r.refused or r.status != 200]
    if refused:
        return f"refused: {refused[:2]}"
    asked = {(k, r.param(k)) for r in sent for k in keys}
    if asked != expected:
        return f"asked {sorted(asked - expected)}, not {sorted(expected - asked)}"
    first = name.split(",")[0]
    if "png" in fmt and not _colour_found(image, documents.layer_colour(first)):
        return f"no pixel of {first}'s tiles ({_painted(image)} painted)"
    return "" if _painted(image) else "nothing painted"


def _refusals(server, mark):
    return [(r.path, r.status, r.refused) for r in server.requests[mark:] if r.refused][:2]


# --- the tests ------------------------------------------------------------------------------

def _case_source(case, catalog, key, migrated_projects):
    """(provider, rewritten source, status) of a case."""
    if case.startswith("datasources.tsv:"):
        line = int(case.rsplit(":", 1)[1])
        with open(DATASOURCES, newline="", encoding="utf-8") as handle:
            row = list(csv.DictReader(handle, delimiter="\t"))[line - 2]
        decision = migrate_source(row["provider"], row["datasource"], catalog)
        source = decision.new_source
        if decision.status == "needs_key":  # as the dialog gives it the key
            source = _with_key(row["provider"], source, key)
        return row["provider"], source, decision.status
    project, layer_id = case.split("::", 1)
    return migrated_projects[project][layer_id]


def _with_key(provider, source, key):
    uri = QgsDataSourceUri()
    if provider == "wms":
        uri.setEncodedUri(source)
        uri.setAuthConfigId(key)
        return bytes(uri.encodedUri()).decode()
    uri = QgsDataSourceUri(source)
    uri.setAuthConfigId(key)
    return uri.uri(False)


@pytest.mark.parametrize("case", [_marked(c) for c in CASES])
def test_rewritten_layer_draws(server, catalog, key, migrated_projects, case):
    provider, source, status = _case_source(case, catalog, key, migrated_projects)
    assert status in REWRITTEN, (case, status)
    singles = single_layer_sources(source) if provider == "wms" else []
    # ROK4 refuses more than two names whole: the dialog splits such a layer, one per name.
    parts = [part for _name, part in singles] if len(singles) > 2 else [source]
    for part in parts:
        reason = draws(server, provider, part, case)
        assert reason == "", f"{case} ({status}): {reason}\n{part}"


def test_there_are_rewritten_layers_of_every_service():
    assert len(CASES) >= 100
    assert any(c.startswith("datasources.tsv:") for c in CASES)
    assert {c.split("::")[0] for c in CASES if "::" in c} >= {
        p.name for p in PROJECTS if "helloworld" not in p.name}


# One catalogue entry of every service and tile-matrix-set family, added as the dock adds it:
# (service, name, restricted, project CRS).
ADDED = [
    ("wmts", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", False, "EPSG:3857"),  # PM, png
    ("wmts", "ORTHOIMAGERY.ORTHOPHOTOS", False, "EPSG:3857"),  # PM, jpeg
    ("wmts", "CADASTRALPARCELS.PARCELS.L93", False, "EPSG:2154"),  # 2154_10cm
    ("wmts", "PCRS.LAMB93", False, "EPSG:2154"),  # 2154_5cm
    ("wmts", "ORTHOIMAGERY.ORTHOPHOTOS.LOW_RES.CRS84", False, "EPSG:4326"),  # WGS84G_PO
    ("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", True, "EPSG:3857"),  # private, PM
    ("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN25TOUR.L93", True, "EPSG:2154"),  # LAMB93_2.5m
    ("wms-r", "GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2", False, "EPSG:2154"),
    ("wms-r", "SCAN100_PYR-JPEG_WLD_WM", True, "EPSG:3857"),
    ("wms-v", "TN.RoadTransportNetwork", False, "EPSG:3857"),
    ("wfs", "BDTOPO_V3:batiment", False, "EPSG:2154"),
    ("tms", "PLAN.IGN", False, "EPSG:3857"),
]


@pytest.mark.parametrize("service, name, restricted, crs", ADDED,
                         ids=[f"{s}-{n}" for s, n, *_ in ADDED])
def test_catalogue_entry_added_draws(server, catalog, key, service, name, restricted, crs):
    from bascule_geoplateforme.gui.entry_actions import add_entry

    project = QgsProject.instance()
    project.clear()
    project.setCrs(QgsCoordinateReferenceSystem(crs))
    entry = catalog.get(service, name, restricted=restricted)
    assert entry is not None, (service, name)
    added = add_entry.add_entry(entry, catalog, authcfg=key if restricted else None)
    try:
        assert added.ok, added.error
        layer = added.layer
        provider = layer.providerType()
        if added.style_task is not None:  # vector tiles: their style, as the dock applies it
            from qgis_helpers import wait_until
            wait_until(lambda: not added.style_task.isActive(), 20)
        reason = draws(server, provider, layer.source(), name)
        assert reason == "", f"{reason}\n{layer.source()}"
    finally:
        project.clear()
