#!/usr/bin/env python3
"""What the plugin adds to QGIS's start-up, measured by QGIS's own start-up profiler.

Starts the real ``qgis`` desktop (under xvfb-run without a display) with the plugin deployed
into a temporary profile, beside two plugins that ship with QGIS: db_manager and, where
present, sagaprovider. Once QGIS has started, a driver reads ``QgsApplication.profiler()``,
group ``startup``, entries ``Load plugins/<name>`` (the plugin's import, ``classFactory`` and
``initGui()``: what QGIS times) and prints the three figures side by side, run after run.

Two series: the first start after installing (a fresh copy, every module compiled from source:
PYTHONDONTWRITEBYTECODE forced) and every later start (bytecode written by a priming start, as
Python does on an analyst's machine). The budget, 15 ms, is for the start an analyst meets every
day, the later one; the script says so when its median is over it and prints both. The profiler
times loading and ``initGui()`` only: work moved to a timer or to the first event loop does
not count as saved, so the driver also lists the plugin's modules imported by the time QGIS
has started (they should be the ones the first action needs, nothing more).

Run: python3 benchmarks/startup_bench.py [--runs N]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from run_qgis import PLUGIN, deploy  # noqa: E402

BUDGET_MS = 15.0
OTHERS = ("db_manager", "sagaprovider")

DRIVER = r'''
import json, os, sys
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer

def walk(profiler, parent=""):
    for child in profiler.childGroups(parent, "startup"):
        path = f"{parent}/{child}" if parent else child
        yield path, profiler.profileTime(path, "startup")
        yield from walk(profiler, path)

def report():
    entries = dict(walk(QgsApplication.profiler()))
    modules = sorted(name for name in sys.modules if name.startswith("bascule_geoplateforme"))
    path = os.environ["BASCULE_BENCH_RESULT"]
    with open(path + ".part", "w", encoding="utf-8") as handle:
        json.dump({"entries": entries, "modules": modules}, handle)
    os.replace(path + ".part", path)  # whole or absent: the launcher may end QGIS at once
    QgsApplication.exit(0)

QTimer.singleShot(0, report)
'''


def one_run(work: Path, timeout: int, fresh: bool = True, bytecode: bool = False) -> dict:
    """One QGIS start. ``fresh``: the plugin copied anew (no bytecode yet, as just installed);
    ``bytecode``: Python may write ``__pycache__`` (as on an analyst's machine, where the first
    start compiles the plugin and later starts load the compiled modules)."""
    profiles = work / "qgis-profiles"
    if fresh or not profiles.exists():
        profiles = deploy(work)
        ini = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
        text = ini.read_text(encoding="utf-8").replace(
            "[PythonPlugins]\n", "[PythonPlugins]\n" + "".join(f"{name}=true\n" for name in OTHERS))
        ini.write_text(text, encoding="utf-8")
    driver = work / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    result = work / "result.json"
    result.unlink(missing_ok=True)
    command = ["qgis", "--profiles-path", str(profiles), "--profile", "default", "--nologo",
               "--noversioncheck", "--code", str(driver)]
    env = dict(os.environ, BASCULE_BENCH_RESULT=str(result))
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if not env.get("DISPLAY"):
        env.pop("QT_QPA_PLATFORM", None)
        command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24"] + command
    # Its own session, so that QGIS and Xvfb end together; the figures are read as soon as the
    # driver has written them, a slow or hanging QGIS shutdown is not waited for long.
    log = open(work / "qgis.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, env=env, start_new_session=True,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not result.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        if result.exists():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.close()
    if not result.exists():
        tail = (work / "qgis.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"QGIS wrote no profile (did it start?)\n{tail}")
    return json.loads(result.read_text(encoding="utf-8"))


def plugin_ms(entries: dict, name: str):
    """Load plugins/<name>, whatever the nesting of the profiler's groups in this version."""
    for path, seconds in entries.items():
        if path.split("/")[-1] == name and "Load plugins" in path:
            return seconds * 1000
    return None


def series(work: Path, args, names, fresh: bool, bytecode: bool):
    """``args.runs`` starts; prints one row each and the medians. Returns figures and modules."""
    work.mkdir(parents=True, exist_ok=True)
    label = "later starts (bytecode cached)" if bytecode else "first start after installing (compiles)"
    print(f"-- {label}")
    print("run  " + "".join(f"{name:>24}" for name in names))
    figures = {name: [] for name in names}
    modules = []
    for run in range(1, args.runs + 1):
        profile = one_run(work, args.timeout, fresh=fresh, bytecode=bytecode)
        if args.verbose and run == 1:
            for path, seconds in profile["entries"].items():
                print(f"    {seconds * 1000:9.1f}  {path}")
        modules = profile["modules"]
        row = []
        for name in names:
            ms = plugin_ms(profile["entries"], name)
            if ms is not None:
                figures[name].append(ms)
            row.append("absent" if ms is None else f"{ms:.1f}")
        print(f"{run:<5}" + "".join(f"{cell:>24}" for cell in row), flush=True)
    print("med  " + "".join(f"{statistics.median(v):>24.1f}" if v else f"{'absent':>24}"
                            for v in figures.values()))
    return figures, modules


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=int, default=180)
    parser.add_argument("--verbose", action="store_true", help="print the whole startup tree once")
    args = parser.parse_args(argv)
    if not shutil.which("qgis"):
        print("needs the qgis desktop binary", file=sys.stderr)
        return 2
    version = subprocess.run(["qgis", "--version"], capture_output=True, text=True).stdout.strip()
    names = (PLUGIN,) + OTHERS
    print(f"{version}: QgsApplication.profiler(), group 'startup', 'Load plugins/<name>', ms")
    with tempfile.TemporaryDirectory(prefix="bascule-startup-") as tmp:
        # First start after installing: every module compiled from source.
        first, modules = series(Path(tmp) / "first", args, names, fresh=True, bytecode=False)
        # Every later start: the first start wrote the bytecode (a priming run, not counted).
        one_run(Path(tmp) / "later", args.timeout, fresh=True, bytecode=True)
        later, _ = series(Path(tmp) / "later", args, names, fresh=False, bytecode=True)
    print(f"plugin modules imported once QGIS has started ({len(modules)}): {' '.join(modules)}")
    if not first[PLUGIN] or not later[PLUGIN]:
        print(f"{PLUGIN} was not loaded", file=sys.stderr)
        return 1
    cold, warm = statistics.median(first[PLUGIN]), statistics.median(later[PLUGIN])
    verdict = "within" if warm <= BUDGET_MS else "OVER"
    print(f"{PLUGIN}: median {warm:.1f} ms at every later start, {verdict} the {BUDGET_MS:.0f} ms "
          f"budget; {cold:.1f} ms at the first start after installing (compiling)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
