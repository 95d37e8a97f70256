"""The plugin's ``logging`` records shown in QGIS's message log, secrets masked.

QGIS glue. ``install()`` (the plugin's initGui) adds one handler to the
``bascule_geoplateforme`` logger; ``remove()`` (unload) takes it away again. Nested installs
are counted, so that a second holder (a test) does not lose it when the plugin unloads.
"""
from __future__ import annotations

import logging
import re

from qgis.core import Qgis, QgsMessageLog

from ..log import ROOT

LOG_TAG = "Bascule Géoplateforme"  # the tab of QGIS's Log Messages panel

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]+")


def redacted(text: str) -> str:
    """A log line with its secrets masked: each URL by the migration's ``redact``, the rest
    (``apikey=…``, user info, tokens) by ``redact_text``."""
    from ...platform.redaction import redact, redact_text  # on the first record, not at start-up

    return redact_text(_URL.sub(lambda m: redact(m.group(0)), text))


def _level(record: logging.LogRecord):
    if record.levelno >= logging.ERROR:
        return Qgis.MessageLevel.Critical
    if record.levelno >= logging.WARNING:
        return Qgis.MessageLevel.Warning
    return Qgis.MessageLevel.Info


class QgisLogHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        try:
            # QgsMessageLog is thread-safe: a task's record is shown as the UI thread's.
            QgsMessageLog.logMessage(redacted(self.format(record)), LOG_TAG, _level(record))
        except Exception:  # a log line never breaks the caller
            self.handleError(record)


_handler = None
_holders = 0
_level_before = logging.NOTSET


def install() -> None:
    global _handler, _holders, _level_before
    _holders += 1
    if _handler is not None:
        return
    root = logging.getLogger(ROOT)
    _handler = QgisLogHandler()
    root.addHandler(_handler)
    _level_before = root.level
    if root.level == logging.NOTSET:  # else logging's default (WARNING) would hide info
        root.setLevel(logging.INFO)
    # Shown once, in QGIS's log: not also printed on QGIS's stderr by logging's last resort.
    root.propagate = False


def remove() -> None:
    global _handler, _holders
    _holders = max(_holders - 1, 0)
    if _holders or _handler is None:
        return
    root = logging.getLogger(ROOT)
    root.removeHandler(_handler)
    root.setLevel(_level_before)
    root.propagate = True
    _handler = None


def installed() -> bool:
    return _handler is not None
