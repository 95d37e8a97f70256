"""How the download panel's widgets write sizes and dates: the user's units and date form."""
from __future__ import annotations

from typing import Optional

from qgis.PyQt.QtCore import QDate, QLocale, Qt

from ...core.toolbelt.qgis_side import settings
from ...core.toolbelt.units import format_size


def size_text(size: Optional[int]) -> str:
    return format_size(size, settings.language())


def date_text(iso: str) -> str:
    """An edition date (YYYY-MM-DD) in the user's own short date form."""
    date = QDate.fromString(iso or "", Qt.DateFormat.ISODate)
    return QLocale().toString(date, QLocale.FormatType.ShortFormat) if date.isValid() else (iso or "")
