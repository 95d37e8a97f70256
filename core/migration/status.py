"""The engine's statuses: one ``str`` enum, so a status is its text everywhere.

Pure module. A member equals, hashes, sorts, concatenates and serialises (``json``, ``csv``) as
its value: ``Status.MIGRATED == "migrated"`` and ``{"migrated": n}[Status.MIGRATED]`` hold.
``str()`` and ``format()`` are pinned to the value (Python 3.11+ would print ``Status.MIGRATED``
for a mixed-in enum otherwise). Qt does not see a ``str`` subclass as a string: widgets are given
``str(status)`` (a QVariant would hold the Python object and show nothing).
"""
from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    UNCHANGED = "unchanged"
    CURRENT = "current"
    # Already on the Géoplateforme, but today's servers or QGIS refuse part of it (tile matrix
    # set, style, format, layer name, service): fixed like a legacy source.
    OUTDATED = "outdated"
    MIGRATED = "migrated"
    RENAMED = "renamed"
    NEEDS_KEY = "needs_key"
    # A layer IGN's tables know but today's catalogue does not list (IGN can unpublish a layer
    # and publish it again, 2026-09-23): reported, never rewritten, never called withdrawn.
    NOT_SERVED = "not_served"
    WITHDRAWN = "withdrawn"
    UNSUPPORTED = "unsupported"

    __str__ = str.__str__
    __format__ = str.__format__
