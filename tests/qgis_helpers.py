"""Helpers shared by the QGIS tests: places to render, rendering, waiting on the event loop."""
from __future__ import annotations

import time

# Around Paris, in Pseudo-Mercator and in Lambert-93.
PARIS_3857 = (255000, 6245000, 268000, 6258000)
PARIS_2154 = (640000, 6850000, 660000, 6870000)


def wait_until(predicate, timeout=30):
    """Run the event loop until ``predicate()`` is true or ``timeout`` seconds pass."""
    from qgis.PyQt.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    return predicate()


def render(layer, box, size=256, crs=None):
    """Render ``layer`` over ``box`` (a QgsRectangle or an (xmin, ymin, xmax, ymax) tuple)
    with a QgsMapRendererSequentialJob; returns the QImage."""
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsRectangle
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(crs or layer.crs())
    settings.setExtent(QgsRectangle(*box) if isinstance(box, tuple) else box)
    settings.setOutputSize(QSize(size, size))
    settings.setBackgroundColor(QColor(0, 0, 0, 0))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def painted_pixels(image, step=4):
    """How many sampled pixels are not fully transparent."""
    return sum(1 for y in range(0, image.height(), step) for x in range(0, image.width(), step)
               if image.pixelColor(x, y).alpha() > 0)


def saved_bytes(project, path):
    """Write ``project`` to ``path`` (.qgs or .qgz); the bytes of every file it wrote."""
    import zipfile

    assert project.write(str(path))
    if str(path).endswith(".qgz"):
        with zipfile.ZipFile(path) as archive:
            return b"".join(archive.read(member) for member in archive.namelist())
    return path.read_bytes()


def without_undo_record(text):
    """A saved project's text without the plugin's undo record (the one place where the old,
    redacted address is meant to stay): what the layers themselves hold."""
    import re

    return re.sub(r"<bascule_geoplateforme\b.*?</bascule_geoplateforme>", "", text, flags=re.S)
