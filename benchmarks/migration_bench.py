#!/usr/bin/env python3
"""Migration engine throughput on the real corpus, side by side with a naive host replace.

The 154 real data sources of tests/data/real-world/datasources.tsv are repeated up to 10,000
sources. The floor is a naive migrator: ``str.replace`` of every legacy host by
``data.geopf.fr`` (wrong on most rows, see docs/reference/real-world-sources.md §3, but as fast as it gets).
"engine" memoises no result: every source is parsed, its tokens decided and the source
written again. What it keeps between calls is per URL or per layer, as in a real project where
many layers share a few service URLs: the recognition and rewrite of a service URL, decoded and
encoded values (bounded lru caches of pure functions of strings), the catalogue/table lookup of a
layer. "cold caches" clears all of them before each pass (a session's first project); "no
cache" clears them before every source (the worst case: nothing shared between layers). The
last line runs the distinct sources once, cold, with nothing repeated (their service URLs are
still shared between layers, as in the projects they come from).
"result memo" caches whole decisions per (provider, source), as a batch over many projects
could: printed apart, it is not the engine's figure.

Targets: 10,000 sources in under 1 s, within 20x of the naive replace.
Usage: python3 benchmarks/migration_bench.py [--sources N] [--repeat R]
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from repo_package import import_package  # noqa: E402
TSV = ROOT / "tests" / "data" / "real-world" / "datasources.tsv"



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
    import_package()
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
        # Forget every cache first: the first project of a session.
        engine_module.clear_caches()
        engine()

    def engine_no_cache():
        clear = engine_module.clear_caches
        for provider, source in sources:
            clear()
            migrate_source(provider, source)

    def clearing():  # the cost of clear_caches() alone, taken off "no cache"
        clear = engine_module.clear_caches
        for _ in sources:
            clear()

    def engine_memo():
        memo = {}
        for item in sources:
            if item not in memo:
                memo[item] = migrate_source(*item)

    distinct_sources = sources[:distinct]

    def engine_one_cold_pass():
        engine_module.clear_caches()
        for provider, source in distinct_sources:
            migrate_source(provider, source)

    migrate_source("wms", sources[0][1])  # load the catalogue snapshot and the tables once
    times = {
        "naive str.replace": best_of(args.repeat, naive),
        "engine": best_of(args.repeat, engine),
        "engine, cold caches": best_of(args.repeat, engine_cold),
        "engine, no cache": max(0.0, best_of(args.repeat, engine_no_cache)
                                - best_of(args.repeat, clearing)),
        "engine + result memo": best_of(args.repeat, engine_memo),
    }
    floor = times["naive str.replace"]
    n = len(sources)
    print(f"{n:,} sources ({distinct} distinct real ones repeated), best of {args.repeat} runs, "
          f"Python {sys.version.split()[0]}")
    print(f"{'':22} {'total':>10} {'per source':>12} {'vs naive':>9}")
    for name, seconds in times.items():
        print(f"{name:22} {seconds * 1000:8.1f} ms {seconds / n * 1e6:9.2f} µs {seconds / floor:8.1f}x")
    one_pass = best_of(max(args.repeat, 50), engine_one_cold_pass) / len(distinct_sources)
    print(f"one cold pass over the {len(distinct_sources)} distinct sources: "
          f"{one_pass * 1e6:.2f} µs per source, {one_pass / (floor / n):.1f}x naive")
    engine_time = times["engine"]
    print(f"target < 1 s for {n:,}: {'met' if engine_time < 1 else 'MISSED'}; "
          f"within 20x of naive: {'met' if engine_time <= 20 * floor else 'MISSED'} "
          f"({engine_time / floor:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
