"""Pure rules of the catalogue dock's layout and remembered state (no Qt import)."""
from __future__ import annotations

from typing import Optional

# Below this width (pixels) of the layer list, the technical-name column is hidden: at the
# dock's default width it would leave the titles three letters ("Cart…", "SCA…").
NAME_COLUMN_MIN_WIDTH = 520

_ACCESS = {None: "all", False: "open", True: "restricted"}


def shows_name_column(view_width: int) -> bool:
    return view_width >= NAME_COLUMN_MIN_WIDTH


def access_to_setting(restricted: Optional[bool]) -> str:
    return _ACCESS.get(restricted, "all")


def access_from_setting(text) -> Optional[bool]:
    """The access filter a saved setting means (anything unknown: every layer)."""
    for value, name in _ACCESS.items():
        if name == str(text or ""):
            return value
    return None
