"""Helpers of the download tests: an edition's archive as the panel lists it, what a folder
holds, a small real file system to fill."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

EDITION = "BDTOPO_3-5_GPKG_LAMB93_{0}_2026-06-15"


def group_of(zone, resource="BDTOPO"):
    """The BD TOPO® edition's archive for ``zone``, listed through the plugin's client."""
    from bascule_geoplateforme.core.download import feed
    from bascule_geoplateforme.core.download.qgis_side.client import FeedListing
    from qgis_helpers import wait_until

    sub = EDITION.format(zone)
    listing = FeedListing(lambda p, n: feed.resource_url(resource, sub, page=p, limit=n))
    outcome = []
    listing.finished.connect(lambda ok, message: outcome.append(ok))
    listing.fetch_more(None)
    assert wait_until(lambda: outcome) and outcome == [True]
    return next(g for g in feed.group_files(listing.entries) if not g.name.endswith(".md5"))


def left_in(folder):
    return sorted(p.name for p in Path(folder).rglob("*"))


def _mount_tmpfs(point: Path, size: str) -> str:
    """Mount a tmpfs at ``point`` with the kernel's mount(2) (no mount program needed: the
    roots have none); '' when done, else why not."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.mount(b"tmpfs", str(point).encode(), b"tmpfs", 0, f"size={size}".encode()) == 0:
        return ""
    return os.strerror(ctypes.get_errno())


def _unmount(point: Path) -> None:
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.umount2(str(point).encode(), 2)  # MNT_DETACH


@contextlib.contextmanager
def small_disk(point: Path, size: str = "96m"):
    """A real tmpfs of ``size`` mounted at ``point``: writes past it fail with ENOSPC. Skips
    when this machine cannot mount one (not root, no CAP_SYS_ADMIN) — a failure under CI=true."""
    from honest_skips import skip_or_fail

    point.mkdir(exist_ok=True)
    problem = _mount_tmpfs(point, size)
    if problem:
        skip_or_fail(f"cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN): {problem}")
    try:
        yield str(point)
    finally:
        _unmount(point)
