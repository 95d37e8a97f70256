"""When the catalogue refreshes by itself: at most once per interval (a day by default).

Pure module. Every QGIS session that opened the dock used to fetch the five capabilities
documents again (2 MB of WMTS, up to 4.8 MB of WFS) unless they answered 304: multiplied by
every analyst in France. The refresh button ignores the interval.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional


def refresh_is_due(refreshed_at: Optional[str], interval_hours: float,
                   now: Optional[datetime] = None) -> bool:
    """True when ``refreshed_at`` (ISO 8601, None: never) is ``interval_hours`` old or
    more, or lies in the future (a clock put back)."""
    if not refreshed_at or interval_hours <= 0:
        return True
    try:
        when = datetime.fromisoformat(refreshed_at)
    except ValueError:
        return True
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    age = ((now or datetime.now(timezone.utc)) - when).total_seconds()
    return age < 0 or age >= interval_hours * 3600
