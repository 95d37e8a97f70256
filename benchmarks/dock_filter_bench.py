#!/usr/bin/env python3
"""Filtering the full catalogue per keystroke in the dock, side by side with a floor.

Types "orthophoto" letter by letter (then a few other queries, then clears the field) and
times each keystroke:

- floor: a bare Python substring scan over the same rows (lower-cased texts made once), the
  least any filter over these rows costs;
- Catalog.search: the search alone (accent folding, word prefixes, ranking);
- proxy: what the dock's model does per keystroke, i.e. the search, the filter invalidation
  and Qt mapping every row that is shown (as an expanded tree asks for them);
- proxy + view: the same through a QTreeView that the dock expands while a query is typed.

Prints the median and the 95th percentile per keystroke, in milliseconds. The target for the
dock is a median under 16 ms (one frame at 60 Hz).

Run: python3 benchmarks/dock_filter_bench.py [--runs N]   (starts a headless QgsApplication)
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from repo_package import import_package  # noqa: E402
WORD = "orthophoto"
OTHER_QUERIES = ["bati", "plan ign", "cadastre", "BDTOPO_V3:batiment", "forêt", "zzzz", ""]



def keystrokes():
    """The field's text after each keystroke."""
    typed = [WORD[:i] for i in range(1, len(WORD) + 1)]
    return typed + OTHER_QUERIES


def walk(proxy, parent):
    """Map every shown row, as an expanded view does."""
    count = 0
    for row in range(proxy.rowCount(parent)):
        count += 1 + walk(proxy, proxy.index(row, 0, parent))
    return count


def timed(function, queries, runs):
    """Milliseconds per keystroke: all samples, and the samples of each query."""
    samples, by_query = [], {query: [] for query in queries}
    for _ in range(runs):
        for query in queries:
            start = time.perf_counter()
            function(query)
            elapsed = (time.perf_counter() - start) * 1000
            samples.append(elapsed)
            by_query[query].append(elapsed)
    return samples, by_query


def median_p95(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="times each sequence is typed")
    args = parser.parse_args()

    from qgis.core import QgsApplication

    app = QgsApplication([], True)
    app.initQgis()
    import_package()
    from qgis.PyQt.QtWidgets import QTreeView

    from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
    from bascule_geoplateforme.gui.catalog_dock.catalog_model import CatalogFilterProxy, CatalogModel

    catalog = bundled_catalog()
    start = time.perf_counter()
    model = CatalogModel()
    proxy = CatalogFilterProxy()
    proxy.setSourceModel(model)
    model.set_catalog(catalog)
    build_ms = (time.perf_counter() - start) * 1000

    texts = [f"{e.name} {e.title} {' '.join(e.keywords)} {e.abstract}".lower() for e in catalog]

    def floor(query):
        query = query.lower()
        return [i for i, text in enumerate(texts) if query in text]

    def through_proxy(query):
        proxy.set_query(query)
        walk(proxy, proxy.index(-1, -1))

    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setModel(proxy)
    view.resize(400, 600)

    def through_view(query):
        proxy.set_query(query)
        if query:
            view.expandAll()
        else:
            view.collapseAll()
        QgsApplication.processEvents()

    queries = keystrokes()
    for function in (floor, catalog.search, through_proxy, through_view):  # warm up
        for query in queries:
            function(query)
    rows = [("bare substring scan (floor)", floor), ("Catalog.search", catalog.search),
            ("proxy model (dock filter)", through_proxy), ("proxy + expanded QTreeView", through_view)]
    print(f"Catalogue: {len(catalog)} entries; model built in {build_ms:.1f} ms")
    print(f"Keystrokes: {len(queries)} per run ({', '.join(repr(q) for q in queries)}), "
          f"{args.runs} runs")
    print(f"{'per keystroke':32} {'median ms':>10} {'p95 ms':>10}")
    per_query = {}
    for label, function in rows:
        samples, by_query = timed(function, queries, args.runs)
        per_query[label] = by_query
        print(f"{label:32} {median_p95(samples)[0]:10.2f} {median_p95(samples)[1]:10.2f}")
    print("Per keystroke, median ms (floor | proxy model), rows shown:")
    floor_label, proxy_label = rows[0][0], rows[2][0]
    for query in queries:
        proxy.set_query(query)
        print(f"  {query!r:22} {statistics.median(per_query[floor_label][query]):6.2f} | "
              f"{statistics.median(per_query[proxy_label][query]):6.2f}   {proxy.shown:5d}")
    view.deleteLater()  # before exitQgis
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
