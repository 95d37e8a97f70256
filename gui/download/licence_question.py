"""The question asked before a restricted resource is downloaded: its licence terms, as the
feed states them, to accept or not."""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QMessageBox


class LicenceQuestion(QMessageBox):
    """Window-modal (``open()``): the event loop keeps running; ``accepted_terms()`` on a button."""

    def __init__(self, title: str, licence: str, parent=None):
        super().__init__(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.NoButton,
                         parent)
        self.setWindowTitle(self.tr("Licence of {0}").format(title))
        # The feed's terms as they are: its markup shown, never rendered (it could hide them).
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(self.tr("{0} is restricted data. Its terms:\n\n{1}\n\nDownload it with your key, "
                             "under these terms?").format(
            title, licence or self.tr("(the download service states none: ask IGN before use)")))
        self.addButton(self.tr("Accept and download"), QMessageBox.ButtonRole.AcceptRole)
        self.addButton(QMessageBox.StandardButton.Cancel)
        self.setObjectName("BasculeGeoplateformeLicence")

    def accepts(self, button) -> bool:
        return self.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole
