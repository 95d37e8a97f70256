"""The disk a download or an unpack writes to (pure: no QGIS): its free space, and whether an
error means it is full."""
from __future__ import annotations

import errno
import os
import shutil
from typing import Optional

FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # no room, quota, file-size limit


def free_space(folder: str) -> Optional[int]:
    """Free bytes on the disk of ``folder`` (or of its nearest existing parent); None when
    it cannot be read."""
    probe = folder
    while probe and not os.path.isdir(probe):
        probe = os.path.dirname(probe)
    try:
        return shutil.disk_usage(probe or ".").free
    except OSError:
        return None


def is_full(err: OSError) -> bool:
    return getattr(err, "errno", None) in FULL
