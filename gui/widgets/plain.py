"""Outside text into widgets that would read it as markup (thin over core/toolbelt/plain_text.py)."""
from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QLabel

from ...core.toolbelt.plain_text import escaped, tooltip

__all__ = ["escaped", "tooltip", "push", "label", "plain_box"]


def push(bar, title: str, text: str, level=Qgis.MessageLevel.Info, duration: int = 0):
    """A message-bar item: QGIS writes its title and text into a rich-text browser with live
    links, so both go in escaped. Returns the item."""
    return bar.pushMessage(escaped(title), escaped(text), level, duration)


def label(text: str = "", parent=None) -> QLabel:
    """A label that shows its text as is, whatever it looks like."""
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setText(text)
    return widget


def plain_box(box):
    """A QMessageBox whose text and informative text are plain text."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
