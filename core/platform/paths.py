"""Where the plugin's own files are: the one owner of the plugin folder's layout (pure).

Modules ask here instead of counting ``..`` from their own file, so moving a module never
breaks a path.
"""
from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

PLUGIN_DIR = Path(__file__).resolve().parents[2]
RESOURCES = PLUGIN_DIR / "resources"
ICON = PLUGIN_DIR / "icon.svg"
METADATA = PLUGIN_DIR / "metadata.txt"


@lru_cache(maxsize=1)
def plugin_version() -> str:
    """The version in metadata.txt ("" when unreadable)."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(METADATA, encoding="utf-8")
        return parser.get("general", "version", fallback="").strip()
    except (OSError, configparser.Error):
        return ""
