"""Run by QGIS (``qgis --code``): once QGIS has loaded, save a screenshot and quit.

The screenshot path comes from the environment variable BASCULE_SCREENSHOT.
"""
import os
import threading

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface


def _shoot():
    window = iface.mainWindow()
    # No window manager under Xvfb: size the window to the screen by hand.
    window.setGeometry(QgsApplication.primaryScreen().availableGeometry())
    QgsApplication.processEvents()
    path = os.environ.get("BASCULE_SCREENSHOT", "screenshot.png")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    window.grab().save(path)
    print(f"screenshot saved to {path}", flush=True)
    # Should QGIS's own shutdown hang, end the process anyway: the screenshot is saved.
    watchdog = threading.Timer(20, os._exit, [0])
    watchdog.daemon = True
    watchdog.start()
    QgsApplication.exit(0)


# Let the main window settle (toolbars, docks, first paint) before the capture.
QTimer.singleShot(4000, _shoot)
