"""The plugin zip, built once per run by ``make package`` into a temporary BUILD folder."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tracked_files import changed_files, tracked_digests

ROOT = Path(__file__).resolve().parents[2]


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
