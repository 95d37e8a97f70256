"""The plugin's log: standard ``logging`` under the ``bascule_geoplateforme`` logger.

Pure module. Pure code logs here (``log.logger(__name__).info(...)``) and needs no QGIS; the
plugin's initGui installs ``qgis_side/log_bridge.py``, which shows the records in QGIS's
message log (secrets masked). Without the bridge (unit tests, a script) the records go where
``logging`` sends them.
"""
from __future__ import annotations

import logging

ROOT = "bascule_geoplateforme"


def logger(name: str = "") -> logging.Logger:
    """The logger of ``name`` (a module's ``__name__`` or a short name) under ROOT, whatever
    the folder the plugin was installed as."""
    parts = [p for p in (name or "").split(".") if p]
    if parts and parts[0] == ROOT:
        parts = parts[1:]
    elif "core" in parts or "gui" in parts or "processing_provider" in parts:
        # "myplugins.bascule.core.x" (an installed copy under another folder name)
        start = min(parts.index(p) for p in ("core", "gui", "processing_provider") if p in parts)
        parts = parts[start:]
    return logging.getLogger(".".join([ROOT] + parts))
