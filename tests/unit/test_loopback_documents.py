"""The loopback serves what IGN serves: its capabilities are built from IGN's own documents
(the real captures, the 2026 layer list, the INSPIRE and SCAN configurations) only, and every
name those documents give is in them, with its styles, formats and tile matrix sets."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import ign_config
import pytest
from lxml import etree

from loopback import documents

KEYS = Path(__file__).resolve().parents[1] / "data" / "geoportal-keys"
BASE = "http://127.0.0.1:1"
LAYER_NAMES = "//*[local-name()='Contents']/*[local-name()='Layer']/*[local-name()='Identifier']/text()"


def doc(name):
    return etree.fromstring(documents.build(name, BASE))


def wms_styles(name):
    root = doc(name)
    return {layer.findtext("{*}Name"): [s.findtext("{*}Name") for s in layer.findall("{*}Style")]
            for layer in root.iter("{http://www.opengis.net/wms}Layer") if layer.findtext("{*}Name")}


def test_built_from_ign_documents_only():
    text = Path(documents.__file__).read_text(encoding="utf-8")
    assert "bascule_geoplateforme" not in text and "resources" not in text
    assert "rules.json" not in text and "catalog_snapshot" not in text


@pytest.mark.parametrize("service, names", [
    ("wms-r", ("wms-r", "wms-r-private")), ("wms-v", ("wms-v", "wms-v-private")),
])
def test_every_wms_name_of_ign_documents_is_served(service, names):
    served = {}
    for name in names:
        served.update(wms_styles(name))
    missing = ign_config.current_layer_names()[service] - set(served)
    assert not missing


def test_every_wmts_and_wfs_name_of_ign_documents_is_served():
    wmts = set(doc("wmts").xpath(LAYER_NAMES)) | set(doc("wmts-private").xpath(LAYER_NAMES))
    wfs_path = "//*[local-name()='FeatureType']/*[local-name()='Name']/text()"
    wfs = set(doc("wfs").xpath(wfs_path)) | set(doc("wfs-private").xpath(wfs_path))
    names = ign_config.current_layer_names()
    assert not names["wmts"] - wmts and documents.unserved_wmts() == []
    assert not names["wfs"] - wfs
    # The captures are served whole.
    captured = ign_config.captured_layer_names()
    assert captured["wmts"] <= wmts and captured["wfs"] <= wfs


def test_inspire_layers_with_their_styles():
    config = json.loads((KEYS / "inspireConfig_gpf_2024-10-16.json").read_text(encoding="utf-8"))
    raster, vector = wms_styles("wms-r"), wms_styles("wms-v")
    for layer in config["layers"].values():
        url = next(iter(layer["serviceParams"]["serverUrl"].values()))
        served = raster if "/wms-r" in url else vector
        assert layer["name"] in served, layer["name"]
        for style in layer["styles"]:
            assert style["name"] in served[layer["name"]]
    assert raster["CP.CadastralParcel"] == ["inspire_common:DEFAULT"]
    assert "default-style-TN.RoadTransportNetwork" in vector["TN.RoadTransportNetwork"]


def test_styles_formats_and_tile_matrix_sets_of_the_layer_list():
    raster = wms_styles("wms-r")
    wmts = doc("wmts")
    captured = ign_config.captured_layer_names()["wmts"]
    sets = set(wmts.xpath("//*[local-name()='Contents']/*[local-name()='TileMatrixSet']"
                          "/*[local-name()='Identifier']/text()"))
    formats = set(doc("wms-r").xpath("//*[local-name()='GetMap']/*[local-name()='Format']/text()"))
    with open(KEYS / "layers_by_key_gpf_2026-06_extracted.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["service_id"].endswith("OGC:WMS") and row["serverUrl"].endswith("/wms-r/wms"):
            assert set(filter(None, row["styles"].split(";"))) <= set(raster[row["layer"]])
            assert "image/x-bil;bits=32" in formats
        if row["service_id"].endswith("OGC:WMTS") and row["serverUrl"].endswith("/wmts") \
                and "/private/" not in row["serverUrl"]:
            # A layer of the 2024 capture is served as captured; the others as listed.
            if row["layer"] not in captured:
                assert row["tileMatrixSet"] in sets, row["layer"]
            layer = [l for l in wmts.iter("{http://www.opengis.net/wmts/1.0}Layer")
                     if l.findtext("{*}Identifier") == row["layer"]][0]
            links = [t.text for t in layer.iter("{http://www.opengis.net/wmts/1.0}TileMatrixSet")]
            assert links  # its own link, from the capture or from the list


def test_scan_layers_in_the_private_wmts_with_their_sets():
    private = doc("wmts-private")
    sets = set(private.xpath("//*[local-name()='Contents']/*[local-name()='TileMatrixSet']"
                             "/*[local-name()='Identifier']/text()"))
    names = set(private.xpath(LAYER_NAMES))
    assert {"GEOGRAPHICALGRIDSYSTEMS.MAPS", "GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN-OACI",
            "GEOGRAPHICALGRIDSYSTEMS.MAPS.SCAN25TOUR.L93"} <= names
    assert {"PM_6_11", "LAMB93_2.5m_3_16"} <= sets
