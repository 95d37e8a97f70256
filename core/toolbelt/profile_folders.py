"""The plugin's folders in the QGIS profile: the one place that says what lives where.

Pure module (``os`` only). ``core/toolbelt/qgis_side/settings.py`` gives it the profile's
root (``<QGIS profile>/bascule_geoplateforme``)::

    bascule_geoplateforme/
        cache/   the catalogue store's on-disk cache (capabilities, index): the Options
                 page's "Clear the cache" empties it
        keys/    the saved key-test results, one JSON file a key: kept when the cache is
                 cleared (an older version kept them in cache/keys/, moved here once)

Downloads go outside the profile (settings.download_folder(): the user's downloads folder).
"""
from __future__ import annotations

import os

CACHE = "cache"
KEY_TESTS = "keys"
_OLD_KEY_TESTS = os.path.join(CACHE, "keys")  # before the key tests had a folder of their own


class ProfileFolders:
    """The layout under ``root``; folders are made by those who write in them."""

    def __init__(self, root: str):
        self.root = root

    @property
    def catalog_cache(self) -> str:
        return os.path.join(self.root, CACHE)

    @property
    def key_tests(self) -> str:
        """The key-test results' folder, with whatever an older version left in the cache
        folder moved in first (a result already here wins: it is the newer)."""
        path = os.path.join(self.root, KEY_TESTS)
        old = os.path.join(self.root, _OLD_KEY_TESTS)
        if os.path.isdir(old):
            _move_missing(old, path)
        return path


def _move_missing(old: str, new: str) -> None:
    """Each file of ``old`` not yet in ``new`` moved there; ``old`` removed once empty.
    Best effort: a file that cannot move stays where it is and is read there next time."""
    try:
        os.makedirs(new, exist_ok=True)
        names = os.listdir(old)
    except OSError:
        return
    for name in names:
        source, target = os.path.join(old, name), os.path.join(new, name)
        try:
            if os.path.isfile(source) and not os.path.exists(target):
                os.replace(source, target)
        except OSError:
            pass
    try:
        os.rmdir(old)  # only if empty: a result kept here beside a newer one is not lost
    except OSError:
        pass
