"""Skips that may not hide a broken environment (part 3).

Under ``CI=true`` (a machine the Makefile installed), what the test environment is meant to
have is no reason to skip: a test that would skip because PostgreSQL cannot start, or because
an auth method this QGIS ships (APIHeader, QGIS >= 3.24) is missing, fails instead. Elsewhere
(a developer's machine) such a test skips and says why.
"""
from __future__ import annotations

import os
import re

import pytest

# Skip reasons about what the environment must provide (matched in any test's skip reason).
_API_HEADER_MISSING = re.compile(r"\bno APIHeader\b")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def skip_or_fail(reason: str):
    """Skip, or fail under CI=true: for what the test environment must have."""
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def qgis_ships_api_header() -> bool:
    try:
        from qgis.core import Qgis
    except ImportError:
        return False
    return Qgis.QGIS_VERSION_INT >= 32400  # the APIHeader method came with QGIS 3.24


def must_not_skip(reason: str) -> bool:
    """A skip reason that, under CI=true, is a broken environment."""
    return bool(_API_HEADER_MISSING.search(reason)) and qgis_ships_api_header()


# Hosts the legacy project fixtures name (the old Géoportail, the fixtures' own non-IGN
# servers): QGIS asks them when a test opens such a project before it is migrated. A test
# module that does so says so with ``pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)``;
# every other request off the loopback fails the test (tests/qgis/conftest.py).
LEGACY_HOSTS = ("wxs.ign.fr", "gpp3-wxs.ign.fr", "geo.example.org", "wms.example.invalid")
