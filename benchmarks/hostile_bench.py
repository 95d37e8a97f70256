#!/usr/bin/env python3
"""The hostile shapes of issue 10, timed at two sizes side by side.

Each line times one shape at size n and 4n (best of a few runs) and prints the ratio: about 4
for a linear cost, 16 for a quadratic one. The figures the old code gave are in the issue
(26 comments before a WMTS root: 20 s; 8,000 layer names: 5.6 s, 20,000: 37 s; a source with
10,000 '&' in the HTML report: 6.4 s; a 184 KB .qgz unpacking to 180 MB: 946 MB of memory).
Usage: python3 benchmarks/hostile_bench.py [--big-mb 180]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from repo_package import import_package  # noqa: E402


def best(fn, *args, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big-mb", type=int, default=180, help="size the .qgz bomb unpacks to")
    args = parser.parse_args(argv)
    os.environ.pop("BASCULE_GPF_BASE_URL", None)
    import_package()
    from bascule_geoplateforme.core.capabilities import CapabilitiesError, parse_capabilities
    from bascule_geoplateforme.core.capabilities.xml import is_legacy_url
    from bascule_geoplateforme.core.migration.engine import migrate_source
    from bascule_geoplateforme.core.migration.project_file import migrate_project_file
    from bascule_geoplateforme.core.migration.report import Decision, Report, diff_html
    from bascule_geoplateforme.core.platform.sources import parse_source

    root = (b'<Capabilities xmlns="http://www.opengis.net/wmts/1.0" '
            b'xmlns:ows="http://www.opengis.net/ows/1.1"><Contents/></Capabilities>')

    def capabilities(data):
        try:
            parse_capabilities(data)
        except CapabilitiesError:
            pass

    wms = "https://wxs.ign.fr/k/geoportail/r/wms"
    migrate_source("wms", "layers=A&url=" + wms)  # tables loaded once
    shapes = [
        ("comments before a WMTS root", 26,
         lambda n: b'<?xml version="1.0"?>' + b"<!-- c -->\n" * n + root, capabilities),
        ("unterminated comments", 500, lambda n: b"<!--" * n + root, capabilities),
        ("long host-like string", 8000, lambda n: "https://" + "wxs" * n, is_legacy_url),
        ("layer names in one source", 8000,
         lambda n: "layers=" + ",".join(f"L{i}" for i in range(n)) + "&styles&url=" + wms,
         lambda s: migrate_source("wms", s)),
        ("url= items, distinct keys", 2000,
         lambda n: "&".join(f"url=https://wxs.ign.fr/k{i}/geoportail/r/wms" for i in range(n)),
         lambda s: migrate_source("wms", s)),
        ("QGIS 1.8 comma tokens", 50_000, lambda n: "a=b," * n + "url=" + wms,
         lambda s: parse_source("wms", s)),
        ("'&' in the report's diff", 10_000,
         lambda n: ("&" * n + "layers=A&url=" + wms, "&" * n + "layers=B"),
         lambda pair: diff_html(*pair)),
        ("'&' in a whole HTML report", 10_000,
         lambda n: "&" * n + "layers=A&url=" + wms,
         lambda s: Report([Decision.from_migration(migrate_source("wms", s))]).to_html()),
    ]
    print(f"{'shape':34} {'n':>8} {'time n':>10} {'time 4n':>10} {'ratio':>6}  (4 = linear)")
    for name, n, build, fn in shapes:
        small, large = build(n), build(4 * n)
        t1, t4 = best(fn, small), best(fn, large)
        print(f"{name:34} {n:>8} {t1 * 1000:8.2f} ms {t4 * 1000:8.2f} ms {t4 / max(t1, 1e-9):6.1f}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.qgz"
        layer = ("<maplayer><id>l{i}</id><provider>wms</provider><datasource>crs=EPSG:3857&amp;format=image/png"
                 "&amp;layers=ORTHOIMAGERY.ORTHOPHOTOS&amp;styles=normal&amp;tileMatrixSet=PM&amp;url="
                 "https://wxs.ign.fr/choisirgeoportail/geoportail/wmts?SERVICE%3DWMTS</datasource></maplayer>\n")
        layers = "".join(layer.format(i=i) for i in range(1000))
        padding = b"<!-- " + b"x" * (args.big_mb * 1024 * 1024) + b" -->\n"
        xml = b"<qgis><projectlayers>" + layers.encode() + b"</projectlayers>" + padding + b"</qgis>\n"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("bomb.qgs", xml)
        del xml, padding
        packed = path.stat().st_size
        # In a fresh process, so the peak is the migration's alone (lxml's memory included).
        code = ("import resource, sys, time; sys.path.insert(0, sys.argv[2]);"
                "from repo_package import import_package; import_package();"
                "from bascule_geoplateforme.core.migration.project_file import migrate_project_file;"
                "t = time.perf_counter(); r = migrate_project_file(sys.argv[1], backup=False);"
                "print(f'{time.perf_counter() - t:.2f}', len(r.changed),"
                " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
        out = subprocess.run([sys.executable, "-c", code, str(path), str(ROOT / "scripts")],
                             check=True, capture_output=True, text=True).stdout.split()
        print(f"1,000-layer .qgz of {packed / 1024:.0f} KB unpacking to {args.big_mb} MB: "
              f"{out[0]} s, peak memory (max RSS) {out[2]} MB ({out[1]} sources rewritten)")
        small = Path(folder) / "fleet.qgz"
        with zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("fleet.qgs", b"<qgis><projectlayers>" + layers.encode()
                             + b"</projectlayers></qgis>\n")
        with zipfile.ZipFile(small) as archive:
            size = archive.infolist()[0].file_size
        start = time.perf_counter()
        migrate_project_file(small, backup=False)
        print(f"1,000-layer project alone: {size / 1024:.0f} KB unpacked "
              f"({size / (500 * 1024 * 1024) * 100:.2f}% of the 500 MB cap), "
              f"{time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
