"""The checkout's tracked files and their content, to show that no test changed one."""
from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path


def tracked_digests(root: Path):
    """{path: sha1 of its content} for every file git tracks, or None outside a checkout."""
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z"],
                                capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    digests = {}
    for name in filter(None, listed.decode("utf-8", "surrogateescape").split("\0")):
        try:
            digests[name] = hashlib.sha1((root / name).read_bytes()).hexdigest()
        except OSError:
            digests[name] = None  # deleted (or unreadable) in the work tree
    return digests


def changed_files(before, after):
    return sorted(name for name in before if before[name] != after.get(name))
