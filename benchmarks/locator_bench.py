#!/usr/bin/env python3
"""Locator latency: one "gpf …" query over the full catalogue, side by side with a floor.

- floor: a bare Python substring scan over the same rows (texts made once), the least any
  search over these rows costs;
- dock search: ``Catalog.search``, the dock's filter (for comparison: it does not rank for
  a first hit);
- locator: ``QuickIndex.search`` (core/catalog/quick_search.py), what the filter's worker thread
  runs per query once the index exists; the index's one-off build is printed apart.

Queries: the issue's examples typed as a user types them (every prefix of each). Prints the
median and 95th percentile per query in milliseconds. Target: under 5 ms a query.

Run: python3 benchmarks/locator_bench.py [--runs N]   (pure Python: no QGIS needed)
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from repo_package import import_package  # noqa: E402

QUERIES = ["ortho 2154", "scan 25", "plan ign", "parcellaire", "bd topo bati", "ortho"]


def typed(queries):
    return [q[:i] for q in queries for i in range(2, len(q) + 1)]


def timed(function, queries, runs):
    samples = []
    for _ in range(runs):
        for query in queries:
            start = time.perf_counter()
            function(query)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def line(label, samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return f"{label:<14} median {statistics.median(samples):6.2f} ms   p95 {p95:6.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import_package()
    from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog, normalize
    from bascule_geoplateforme.core.catalog.quick_search import QuickIndex

    catalog = bundled_catalog()
    start = time.perf_counter()
    index = QuickIndex(catalog)
    build = (time.perf_counter() - start) * 1000
    rows = [f"{normalize(e.name)} {normalize(e.title)} {normalize(e.abstract)}" for e in catalog]
    queries = typed(QUERIES)

    def floor(query):
        words = normalize(query).split()
        return [r for r in rows if all(w in r for w in words)]

    print(f"{len(catalog)} layers, {len(queries)} queries x {args.runs} runs "
          f"(index built once in {build:.1f} ms)")
    print(line("floor", timed(floor, queries, args.runs)))
    print(line("dock search", timed(catalog.search, queries, args.runs)))
    locator = timed(lambda q: index.search(q, 12), queries, args.runs)
    print(line("locator", locator))
    median = statistics.median(locator)
    print(f"target < 5 ms a query: {'met' if median < 5 else 'MISSED'} (median {median:.2f} ms)")
    return 0 if median < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
