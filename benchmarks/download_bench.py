#!/usr/bin/env python3
"""Download throughput through the plugin, side by side with curl on the same URL, same run.

A loopback download service runs in a process of its own (so neither client shares an
interpreter with the server) and serves a generated file (200 MB by default). Each round
downloads it with the plugin's ``DownloadJob`` (QgsNetworkAccessManager, streamed to a
``.part`` file, MD5 computed as it arrives, renamed when checked) and with ``curl -o`` into
the same folder, in turn. The plugin's process memory (VmRSS) is sampled every 50 ms during
its downloads: it must stay flat, the file being streamed to disk. Also: curl followed by
md5sum (the same trust by hand), hashlib.md5 alone (the ceiling of any in-line check), and the
plugin on a file the feed gives no MD5 for (transport and disk only). Prints figures only.

Run: python3 benchmarks/download_bench.py [--size-mb 200] [--rounds 3] [--line-mb-s 110]
(headless QgsApplication). Bare loopback outruns MD5 (about 600 MB/s a core): there the check
is the ceiling; --line-mb-s paces the server to a real line (110 MB/s is a 1 Gb/s fibre).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from repo_package import import_package  # noqa: E402

SERVER = """
import sys, time
sys.path.insert(0, {tests!r})
from loopback import LoopbackGeoplateforme
server = LoopbackGeoplateforme().start()
server.big_files["bench.bin"] = {size}
server.download_rate = {rate} or None
print(server.base_url, flush=True)
sys.stdin.read()  # until the benchmark closes the pipe
server.stop()
"""


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def through_plugin(url: str, size: int, folder: str, expected_md5: str):
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    from bascule_geoplateforme.core.download.qgis_side.transfer import DownloadJob, DownloadQueue, JobFile

    job = DownloadJob("bench.bin", [JobFile(url, "bench.bin", size, expected_md5)], folder)
    samples = [rss_mb()]
    timer = QTimer()
    timer.timeout.connect(lambda: samples.append(rss_mb()))
    timer.start(50)
    queue = DownloadQueue()
    loop = QEventLoop()  # as in QGIS: the application's event loop runs the download
    job.stateChanged.connect(lambda state: state != DownloadJob.RUNNING and loop.quit())
    start = time.perf_counter()
    queue.add(job)
    if job.state == DownloadJob.RUNNING:
        loop.exec()
    elapsed = time.perf_counter() - start
    timer.stop()
    if job.state != DownloadJob.DONE:
        raise SystemExit(f"plugin download failed: {job.message}")
    os.remove(job.path)
    return elapsed, samples


def through_curl(url: str, folder: str) -> float:
    target = os.path.join(folder, "curl.bin")
    start = time.perf_counter()
    subprocess.run(["curl", "-s", "-f", "-o", target, url], check=True)
    elapsed = time.perf_counter() - start
    os.remove(target)
    return elapsed


def through_curl_and_md5sum(url: str, folder: str) -> float:
    """The same trust by hand: curl, then md5sum of the file."""
    target = os.path.join(folder, "curl.bin")
    start = time.perf_counter()
    subprocess.run(["curl", "-s", "-f", "-o", target, url], check=True)
    subprocess.run(["md5sum", target], check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    os.remove(target)
    return elapsed


def md5_floor(size: int) -> float:
    """hashlib.md5 alone over the same bytes (the plugin checks every byte as it arrives)."""
    import hashlib

    block = b"\x5a" * (1024 * 1024)
    digest = hashlib.md5()
    start = time.perf_counter()
    for _ in range(size // len(block)):
        digest.update(block)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--line-mb-s", type=float, default=0,
                        help="pace the server to a line of that speed (e.g. 110 for 1 Gb/s fibre); "
                             "0: as fast as loopback goes")
    args = parser.parse_args()
    if not shutil.which("curl"):
        print("curl is not installed: no reference to compare with")
        return 1
    size = args.size_mb * 1024 * 1024

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    import_package()
    sys.path.insert(0, str(ROOT / "tests"))
    from loopback.download import Generated

    expected_md5 = Generated("bench.bin", size).md5
    rate = int(args.line_mb_s * 1024 * 1024)
    code = SERVER.format(tests=str(ROOT / "tests"), size=size, rate=rate)
    server = subprocess.Popen([sys.executable, "-c", code],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        base = server.stdout.readline().strip()
        url = f"{base}/telechargement/download/BENCH/x/bench.bin"
        folder = tempfile.mkdtemp(prefix="bascule-bench-")
        plugin_times, curl_times, md5sum_times, memory, bare_times = [], [], [], [], []
        through_curl(url, folder)  # warm up (page cache, server)
        for _ in range(args.rounds):
            elapsed, samples = through_plugin(url, size, folder, expected_md5)
            plugin_times.append(elapsed)
            memory.append(samples)
            curl_times.append(through_curl(url, folder))
            md5sum_times.append(through_curl_and_md5sum(url, folder))
            bare_times.append(through_plugin(url, size, folder, "")[0])
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        server.stdin.close()
        server.wait(10)
    plugin_s, curl_s = statistics.median(plugin_times), statistics.median(curl_times)
    mb = size / 1024 / 1024
    line = f", server paced to {args.line_mb_s:g} MB/s" if args.line_mb_s else ""
    print(f"{args.size_mb} MB loopback file{line}, {args.rounds} rounds, median")
    print(f"  curl -o file                     {mb / curl_s:8.1f} MB/s  ({curl_s:.2f} s)")
    md5sum_s, floor_s = statistics.median(md5sum_times), md5_floor(size)
    print(f"  curl -o file, then md5sum        {mb / md5sum_s:8.1f} MB/s  ({md5sum_s:.2f} s)")
    print(f"  hashlib.md5 alone (the ceiling)  {mb / floor_s:8.1f} MB/s  ({floor_s:.2f} s)")
    print(f"  plugin DownloadJob (+MD5, .part) {mb / plugin_s:8.1f} MB/s  ({plugin_s:.2f} s)"
          f"  = {100 * curl_s / plugin_s:.0f}% of curl, {100 * md5sum_s / plugin_s:.0f}% of curl+md5sum")
    bare_s = statistics.median(bare_times)
    print(f"  plugin, no MD5 given (transport)  {mb / bare_s:8.1f} MB/s  ({bare_s:.2f} s)"
          f"  = {100 * curl_s / bare_s:.0f}% of curl")
    flat = [max(s) - s[0] for s in memory]
    print(f"  plugin process RSS: start {memory[0][0]:.0f} MB, peak {max(max(s) for s in memory):.0f} MB,"
          f" growth during a download {max(flat):.1f} MB (max over rounds), file {mb:.0f} MB")
    for number, samples in enumerate(memory, 1):
        quarters = [samples[min(len(samples) - 1, len(samples) * q // 4)] for q in range(5)]
        print(f"  round {number} RSS at 0/25/50/75/100% of the time: "
              + " ".join(f"{value:.0f}" for value in quarters) + " MB")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
