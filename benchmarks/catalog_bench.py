#!/usr/bin/env python3
"""Capabilities parsing and catalogue search, side by side with references.

For the real 2024-06 WMTS and WFS documents: a bare ``lxml.etree.fromstring`` (the floor:
no parser can read the document faster than building its tree), our ``parse_capabilities``
and OWSLib. Then the bundled catalogue: load time and search latency over realistic queries.
Prints figures only.

Run: python3 benchmarks/catalog_bench.py [--runs N]
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import traceback
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from repo_package import import_package  # noqa: E402
CAPS = ROOT / "tests" / "data" / "capabilities"

FIXTURES = [
    ("WMTS 2024-06", "gpf_wmts_data.geopf.fr_2024-06-06_happign.xml",
     "https://data.geopf.fr/wmts"),
    ("WFS 2024-06", "gpf_wfs_data.geopf.fr_2024-06-06_featuretypelist-only_happign.xml",
     "https://data.geopf.fr/wfs/ows"),
]
QUERIES = ["orthophoto", "plan ign", "bati", "cadastre", "parcelles cadastrales", "scan 25",
           "limites administratives", "BDTOPO_V3:batiment", "ORTHOIMAGERY.ORTHOPHOTOS",
           "route", "altitude", "forêt", "zones humides", "occupation du sol", "zzzz"]



def median_ms(function, runs: int) -> float:
    function()  # warm up (imports, caches)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def interleaved_ms(functions, runs: int):
    """Median time of each function, run in turn so that machine noise hits all alike."""
    for function in functions:
        function()  # warm up
    timings = [[] for _ in functions]
    for _ in range(runs):
        for function, bucket in zip(functions, timings):
            gc.collect()  # nobody pays for the garbage another reader left (OWSLib's cycles)
            start = time.perf_counter()
            function()
            bucket.append(time.perf_counter() - start)
    return [statistics.median(bucket) * 1000 for bucket in timings]


def _why(error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{type(error).__name__}: {error} ({Path(frame.filename).name}:{frame.lineno})"


def _owslib(kind: str, url: str, data: bytes):
    if kind.startswith("WMTS"):
        from owslib.wmts import WebMapTileService

        return lambda: WebMapTileService(url, xml=data)
    from owslib.wfs import WebFeatureService

    return lambda: WebFeatureService(url, version="2.0.0", xml=data)


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--runs", type=int, default=20)
    runs = arguments.parse_args().runs
    import_package()
    from bascule_geoplateforme.core.catalog import catalog_index as catalog_module
    from bascule_geoplateforme.core.capabilities import parse_capabilities

    print(f"Median over {runs} interleaved runs (ms); ratio = time / bare lxml.etree.fromstring")
    print(f"{'document':<14} {'reader':<34} {'entries':>7} {'median ms':>10} {'ratio':>7}")
    print("-" * 76)
    for label, file_name, url in FIXTURES:
        data = (CAPS / file_name).read_bytes()
        count = len(parse_capabilities(data, url).entries)
        reader = "OWSLib " + ("WebMapTileService" if label.startswith("WMTS")
                              else "WebFeatureService 2.0.0")
        functions = [lambda: etree.fromstring(data), lambda: parse_capabilities(data, url)]
        owslib_count = failure = None
        try:
            owslib = _owslib(label, url, data)
            owslib_count = len(owslib().contents)
            functions.append(owslib)
        except Exception as error:  # noqa: BLE001 - report and go on
            failure = _why(error)
        floor, ours, *theirs = interleaved_ms(functions, runs)
        title = f"{label} ({len(data) / 1e6:.1f} MB)"
        print(f"{title:<14} {'lxml.etree.fromstring (floor)':<34} {'':>7} {floor:>10.2f} "
              f"{1.0:>7.2f}")
        print(f"{'':<14} {'parse_capabilities':<34} {count:>7} {ours:>10.2f} "
              f"{ours / floor:>7.2f}")
        if theirs:
            print(f"{'':<14} {reader:<34} {owslib_count:>7} {theirs[0]:>10.2f} "
                  f"{theirs[0] / floor:>7.2f}   (ours is {theirs[0] / ours:.1f}x faster)")
        else:
            print(f"{'':<14} {reader:<34} failed: {failure}")
    print()

    start = time.perf_counter()
    catalog = catalog_module.load_snapshot()
    load = (time.perf_counter() - start) * 1000
    print(f"Bundled catalogue: {len(catalog)} entries, loaded in {load:.1f} ms (first load)")
    per_query = [median_ms(lambda q=q: catalog.search(q), runs) for q in QUERIES]
    print(f"Search over the whole catalogue, {len(QUERIES)} queries: median "
          f"{statistics.median(per_query):.3f} ms, slowest {max(per_query):.3f} ms")
    for query, elapsed in zip(QUERIES, per_query):
        print(f"  {query!r:<28} {len(catalog.search(query)):>5} hits {elapsed:>8.3f} ms")
    print()
    refusal_bench(parse_capabilities, runs)


def refusal_bench(parse_capabilities, runs):
    """The billion laughs refused, beside lxml's own refusal of the same bytes (its loop check)."""
    from bascule_geoplateforme.core.capabilities import CapabilitiesError

    data = (ROOT / "tests" / "data" / "hostile" / "billion_laughs.xml").read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

    def refuse():
        try:
            parse_capabilities(data)
        except CapabilitiesError:
            return
        raise AssertionError("the billion laughs was not refused")

    def lxml_refuses():
        try:
            etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            return
        raise AssertionError("lxml read the billion laughs")

    floor, ours = interleaved_ms([lxml_refuses, refuse], runs)
    print(f"Billion laughs ({len(data)} B): parse_capabilities refuses it in {ours:.3f} ms; "
          f"bare lxml (no entity expansion) in {floor:.3f} ms")


if __name__ == "__main__":
    main()
