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


def zeros_zip(path, member: str, megabytes: int) -> Path:
    """A real .zip holding one ``member`` of ``megabytes`` MiB, mostly zeros, written in about a
    second (zipfile would deflate every byte): one MiB deflated once, with a full flush, is
    repeated. Each MiB starts with 16 KiB of random bytes, so that the archive inflates about
    60 times (the plugin refuses more than 100 as a zip bomb). What a long unpack needs (a
    BD TOPO® GeoPackage is gigabytes) without a long set-up. Under 4 GiB (no zip64)."""
    import random
    import struct
    import zlib

    assert megabytes < 4096
    block = random.Random(22).randbytes(16 << 10) + bytes((1 << 20) - (16 << 10))
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(1, zlib.DEFLATED, -15).flush()  # an empty final block
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    name = member.encode()
    size, packed = megabytes << 20, len(chunk) * megabytes + len(end)
    common = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, packed, size, len(name), 0)
    with open(path, "wb") as out:
        out.write(b"PK\x03\x04" + common + name)
        for _ in range(megabytes):
            out.write(chunk)
        out.write(end)
        directory = out.tell()
        out.write(b"PK\x01\x02" + struct.pack("<H", 20) + common + struct.pack("<HHHII", 0, 0, 0, 0, 0)
                  + name)
        out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1, 1, out.tell() - directory,
                                             directory, 0))
    return Path(path)
