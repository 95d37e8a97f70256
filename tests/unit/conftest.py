"""The unit suite: pure code only, so QGIS and Qt cannot be imported here; and the plugin zip,
built once per run by ``make package`` into a temporary BUILD folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.abc import MetaPathFinder
from pathlib import Path

import pytest

from tracked_files import changed_files, tracked_digests

ROOT = Path(__file__).resolve().parents[2]

# The venv sees Debian's QGIS (--system-site-packages, for tests/qgis), so without this a pure
# module that imported qgis, even through another module, would still pass here.
# test_import_rules.py checks the same rule statically; this makes every unit test a witness.
BLOCKED = frozenset({"qgis", "PyQt5", "PyQt6", "sip", "osgeo"})


class QgisBlocker(MetaPathFinder):
    """First on sys.meta_path: refuses the blocked packages before any finder looks for them."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: the unit suite is pure code, QGIS and Qt are "
                f"blocked here (tests/unit/conftest.py); a test that needs them goes in tests/qgis",
                name=fullname)
        return None


_loaded = sorted(name for name in sys.modules if name.partition(".")[0] in BLOCKED)
if _loaded:  # already imported: the blocker could not see a later import of them
    raise pytest.UsageError(
        f"the unit suite runs on its own with -p no:qgis, before anything imports {_loaded[0]} "
        f"(tests/unit/conftest.py)")
sys.meta_path.insert(0, QgisBlocker())


@pytest.fixture(scope="session")
def package(tmp_path_factory):
    if not (shutil.which("make") and shutil.which("lrelease")):
        pytest.skip("needs make and lrelease (package qttools5-dev-tools)")
    build = tmp_path_factory.mktemp("build")
    before = tracked_digests(ROOT)
    made = subprocess.run(["make", "-C", str(ROOT), "package", f"BUILD={build}"],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stdout + made.stderr
    if before is not None:  # packaging builds into BUILD and rewrites nothing committed
        assert changed_files(before, tracked_digests(ROOT)) == []
    zips = list(build.glob("bascule_geoplateforme-*.zip"))
    assert len(zips) == 1, zips
    return zips[0]
