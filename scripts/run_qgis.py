#!/usr/bin/env python3
"""Start the QGIS desktop with the plugin deployed into a dedicated profile under build/.

With a display, QGIS starts normally and stays open. Without one (or with --headless), QGIS
runs under Xvfb with a driver script (by default: wait for QGIS to finish loading, save a
screenshot of the main window, quit). The e2e tests use the same launcher with their own
driver. Standard library only: it runs with Debian's python3 before any venv exists.
"""
from __future__ import annotations

import argparse
import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "bascule_geoplateforme"
# What the plugin needs at run time (also what `make package` zips).
RUNTIME = ["__init__.py", "plugin.py", "metadata.txt", "LICENSE", "icon.svg",
           "core", "gui", "processing_provider", "resources", "i18n", "help"]
DEFAULT_DRIVER = ROOT / "scripts" / "qgis_screenshot_driver.py"

QGIS_INI = """[PythonPlugins]
{plugin}=true

[qgis]
checkVersion=false
showTips322=false
showTips=false
{extra}
[migration]
fileVersion=2
settings=true

[fonts]
downloadMissingFonts=false

[locale]
overrideFlag={override}
userLocale={locale}
"""


def deploy(build: Path, locale: str = "") -> Path:
    """Copy the plugin into a fresh profile; returns the profiles path."""
    profiles = build / "qgis-profiles"
    profile = profiles / "profiles" / "default"
    plugin_dir = profile / "python" / "plugins" / PLUGIN
    if plugin_dir.exists():
        shutil.rmtree(plugin_dir)
    plugin_dir.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.ts")
    for name in RUNTIME:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, plugin_dir / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, plugin_dir / name)
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text(QGIS_INI.format(plugin=PLUGIN, extra="", override="true" if locale else "false",
                                   locale=locale or "en_US"), encoding="utf-8")
    return profiles


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--driver", help="Python file QGIS runs once loaded (headless default: screenshot)")
    parser.add_argument("--screenshot", help="where the driver saves the screenshot")
    parser.add_argument("--headless", action="store_true", help="use Xvfb even with a display")
    parser.add_argument("--timeout", type=int, default=180)
    parser.add_argument("--locale", default="", help="e.g. fr to start QGIS in French")
    args = parser.parse_args(argv)

    build = Path(args.build).resolve()
    build.mkdir(parents=True, exist_ok=True)
    profiles = deploy(build, args.locale)
    headless = args.headless or not os.environ.get("DISPLAY")
    command = ["qgis", "--profiles-path", str(profiles), "--profile", "default",
               "--nologo", "--noversioncheck"]
    driver = args.driver or (str(DEFAULT_DRIVER) if headless else None)
    if driver:
        command += ["--code", str(Path(driver).resolve())]
    env = dict(os.environ)
    env["BASCULE_SCREENSHOT"] = str(Path(args.screenshot or build / "screenshot.png").resolve())
    env.setdefault("BASCULE_E2E_RESULT", str(build / "qgis-run.json"))
    if headless:
        env.pop("QT_QPA_PLATFORM", None)  # a real X server, not offscreen
        if not shutil.which("Xvfb"):
            print("Xvfb is missing: install the xvfb package", file=sys.stderr)
            return 2
    xvfb = start_xvfb(env) if headless else None
    if headless and xvfb is None:
        return 2
    print(" ".join(command), flush=True)
    # Its own session, so that a timeout stops QGIS and whatever it started.
    process = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        return process.wait(timeout=args.timeout if headless else None)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        print(f"QGIS did not finish within {args.timeout} s", file=sys.stderr)
        return 3
    finally:
        if xvfb is not None:
            xvfb.kill()
            xvfb.wait()


def start_xvfb(env) -> "subprocess.Popen | None":
    """An Xvfb on a display number that Xvfb itself finds free; sets env["DISPLAY"].

    `xvfb-run -a` picks the number from lock files in /tmp, which a chroot (the test roots)
    does not share with the host although the X sockets are shared: two runs then fight for
    one display. With -displayfd, Xvfb binds the socket first and reports the number.
    """
    read_end, write_end = os.pipe()
    # BASCULE_XVFB_SCREEN: a laptop's screen for the tests that check what fits (1366x768x24).
    screen = env.get("BASCULE_XVFB_SCREEN") or "1600x1000x24"
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen,
                             "-nolisten", "tcp"], pass_fds=(write_end,), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        ready, _, _ = select.select([pipe], [], [], 30)
        number = pipe.readline().strip() if ready else ""
    if not number.isdigit():
        xvfb.kill()
        xvfb.wait()
        print("Xvfb did not start", file=sys.stderr)
        return None
    env["DISPLAY"] = f":{number}"
    return xvfb

if __name__ == "__main__":
    sys.exit(main())
