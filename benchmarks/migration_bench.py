#!/usr/bin/env python3
"""Migration engine throughput on the real corpus, side by side with a naive host replace.

The 154 real data sources of tests/data/real-world/datasources.tsv are repeated up to 10,000
sources. The floor is a naive migrator: ``str.replace`` of every legacy host by
``data.geopf.fr`` (wrong on most rows, see real-world-sources.md §3, but as fast as it gets).
"engine" memoises no result: every source is parsed, recognised and rewritten; only the
catalogue/table lookup of a layer is kept once made (Knowledge caches per layer). "cold lookups"
drops that cache before each pass. "result memo" caches whole decisions per (provider, source),
as a batch over many projects could: printed apart, it is not the engine's figure.

Targets: 10,000 sources in under 1 s, within 20x of the naive replace.
Usage: python3 benchmarks/migration_bench.py [--sources N] [--repeat R]
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "bascule_geoplateforme"
TSV = ROOT / "tests" / "data" / "real-world" / "datasources.tsv"


def _import_package():
    """The repository root is the package, whatever the checkout folder is called."""
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, ROOT / "__init__.py", submodule_search_locations=[str(ROOT)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)


def load_sources(count: int):
    with open(TSV, encoding="utf-8", newline="") as f:
        rows = [(r["provider"], r["datasource"])
                for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return [rows[i % len(rows)] for i in range(count)], len(rows)


def best_of(repeat: int, fn):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure; the best is kept")
    args = parser.parse_args(argv)

    os.environ.pop("BASCULE_GPF_BASE_URL", None)
    _import_package()
    from bascule_geoplateforme.core.migration import engine as engine_module
    from bascule_geoplateforme.core.migration.engine import migrate_source
    from bascule_geoplateforme.core.migration.rules import LEGACY_HOSTS

    sources, distinct = load_sources(args.sources)
    hosts = sorted(LEGACY_HOSTS)

    def naive():
        for _, source in sources:
            for host in hosts:
                source = source.replace(host, "data.geopf.fr")

    def engine():
        for provider, source in sources:
            migrate_source(provider, source)

    def engine_cold():
        # Forget the per-layer catalogue lookups too: the first project of a session.
        engine_module._knowledge_cache[:] = [None, None]
        engine()

    def engine_memo():
        memo = {}
        for item in sources:
            if item not in memo:
                memo[item] = migrate_source(*item)

    migrate_source("wms", sources[0][1])  # load the catalogue snapshot and the tables once
    times = {
        "naive str.replace": best_of(args.repeat, naive),
        "engine": best_of(args.repeat, engine),
        "engine, cold lookups": best_of(args.repeat, engine_cold),
        "engine + result memo": best_of(args.repeat, engine_memo),
    }
    floor = times["naive str.replace"]
    n = len(sources)
    print(f"{n:,} sources ({distinct} distinct real ones repeated), best of {args.repeat} runs, "
          f"Python {sys.version.split()[0]}")
    print(f"{'':22} {'total':>10} {'per source':>12} {'vs naive':>9}")
    for name, seconds in times.items():
        print(f"{name:22} {seconds * 1000:8.1f} ms {seconds / n * 1e6:9.2f} µs {seconds / floor:8.1f}x")
    engine_time = times["engine"]
    print(f"target < 1 s for {n:,}: {'met' if engine_time < 1 else 'MISSED'}; "
          f"within 20x of naive: {'met' if engine_time <= 20 * floor else 'MISSED'} "
          f"({engine_time / floor:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
