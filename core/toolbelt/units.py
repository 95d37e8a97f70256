"""Sizes and speeds in the user's language: the one formatting function of the plugin.

Pure module. French uses its own units and decimal comma (Ko, Mo, Go, Mo/s; "1,5 Mo"), with a
non-breaking space between the number and the unit; English KB, MB, GB. Binary multiples
(1 Ko = 1,024 bytes), as QGIS and file managers count.
"""
from __future__ import annotations

from typing import Optional

from .texts import language_of

NBSP = "\u00a0"
_UNITS = {"fr": ("o", "Ko", "Mo", "Go", "To"), "en": ("B", "KB", "MB", "GB", "TB")}


def format_size(size: Optional[float], lang: str = "en") -> str:
    """``1536`` -> "1,5 Ko" (fr) / "1.5 KB" (en); "" for None."""
    if size is None:
        return ""
    units = _UNITS[language_of(lang)]
    value, unit = float(max(size, 0)), 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    text = f"{value:.0f}" if unit == 0 or value >= 100 else f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    if language_of(lang) == "fr":
        text = text.replace(".", ",")
    return f"{text}{NBSP}{units[unit]}"


def format_speed(bytes_per_second: Optional[float], lang: str = "en") -> str:
    """``2_097_152`` -> "2 Mo/s" (fr) / "2 MB/s" (en)."""
    if bytes_per_second is None:
        return ""
    return format_size(bytes_per_second, lang) + "/s"


def count_noun(count: int, one: str, many: str) -> str:
    """"1 ressource", "0 ressource" in French (zero and one are singular), "2 ressources"."""
    return f"{count} {one if count in (0, 1) else many}"
