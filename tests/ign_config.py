"""What the Géoplateforme serves now, read apart from the project's own tables: IGN's 2026-06
configuration files (IGNF/geoportal-configuration, tests/data/README-fixtures.md)."""
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def captured_layer_names():
    """Layer names of the real Géoplateforme capabilities captured on 2024-06-06 (WMTS, WFS),
    read with plain lxml, not with the plugin's parsers."""
    from lxml import etree

    data = ROOT / "tests" / "data" / "capabilities"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    wmts = etree.parse(str(data / "gpf_wmts_data.geopf.fr_2024-06-06_happign.xml"), parser)
    wfs = etree.parse(str(data / "gpf_wfs_data.geopf.fr_2024-06-06_featuretypelist-only_happign.xml"), parser)
    return {
        "wmts": set(wmts.xpath("//*[local-name()='Contents']/*[local-name()='Layer']"
                               "/*[local-name()='Identifier']/text()")),
        "wfs": set(wfs.xpath("//*[local-name()='FeatureType']/*[local-name()='Name']/text()")),
    }


def served_layer_names():
    """Everything known to be served: the 2026 configuration and the 2024 captures."""
    names = current_layer_names()
    for service, captured in captured_layer_names().items():
        names[service] |= captured
    return names


def current_layer_names():
    """Layer names per service (wmts, wms-r, wms-v, wfs), public and private alike, INSPIRE
    layers included."""
    names = {"wmts": set(), "wms-r": set(), "wms-v": set(), "wfs": set()}
    config = ROOT / "tests" / "data" / "geoportal-keys" / "layers_by_key_gpf_2026-06_extracted.csv"
    with config.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            path = row["serverUrl"].split("data.geopf.fr", 1)[-1].replace("/private", "")
            service = next((s for s in names if path.startswith(f"/{s}")), None)
            if service:
                names[service].add(row["layer"])
    # The INSPIRE layers, merged into the generic endpoints (IGN's inspireConfig.json).
    inspire = ROOT / "tests" / "data" / "geoportal-keys" / "inspireConfig_gpf_2024-10-16.json"
    for layer in json.loads(inspire.read_text(encoding="utf-8"))["layers"].values():
        for url in layer.get("serviceParams", {}).get("serverUrl", {}).values():
            path = url.split("data.geopf.fr", 1)[-1].replace("/private", "")
            service = next((s for s in names if path.startswith(f"/{s}")), None)
            if service:
                names[service].add(layer["name"])
    return names
