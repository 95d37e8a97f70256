"""Dates and times as the user reads them: QGIS's locale, the local time zone (never ISO/UTC)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Union

from qgis.PyQt.QtCore import QDate, QDateTime, QLocale, QTime


def local_datetime(value: Union[str, datetime, None]) -> str:
    """An ISO timestamp (UTC when it says no zone) -> the locale's short date and time."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone()
    stamp = QDateTime(QDate(local.year, local.month, local.day),
                      QTime(local.hour, local.minute, local.second))
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)
