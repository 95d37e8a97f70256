"""Open the help page shipped in help/ with qgis.utils.showPluginHelp.

showPluginHelp picks the page of the user's language (index-fr.html, else index-en.html) but
hands Qt ``QUrl.fromLocalFile("file://" + path)``, i.e. ``file:file:///…/index-fr.html``
(QGIS 3.22 to 3.44 alike), which a desktop's browser cannot open. A "file" URL handler set
for that one call receives it and opens the page's real address instead.
"""
from __future__ import annotations

from qgis.PyQt.QtCore import QObject, QUrl, pyqtSlot
from qgis.PyQt.QtGui import QDesktopServices

PACKAGE = __package__.split(".", 1)[0]  # "bascule_geoplateforme"


def page_url(url: QUrl) -> QUrl:
    """The address showPluginHelp meant: ``file:file:///p#s`` -> ``file:///p#s``."""
    path = url.toLocalFile()
    if path.startswith("file://"):
        path = path[len("file://"):]
    fixed = QUrl.fromLocalFile(path.split("#", 1)[0])
    fragment = url.fragment() or (path.split("#", 1)[1] if "#" in path else "")
    if fragment:
        fixed.setFragment(fragment)
    return fixed


class _Opener(QObject):
    def __init__(self, open_url):
        super().__init__()
        self.open_url = open_url
        self.opened = []

    @pyqtSlot(QUrl)
    def open(self, url):
        fixed = page_url(url)
        self.opened.append(fixed)
        self.open_url(fixed)


def show(section: str = "", open_url=None) -> list:
    """Open the help (at ``section``); returns the addresses opened. ``open_url`` defaults to
    QDesktopServices.openUrl (the desktop's browser)."""
    from qgis.utils import showPluginHelp

    opener = _Opener(open_url or QDesktopServices.openUrl)
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        showPluginHelp(packageName=PACKAGE, filename="help/index", section=section)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    return opener.opened
