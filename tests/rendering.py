"""Rendering helpers for the QGIS tests."""
from __future__ import annotations


def render(layer, extent, size=256, crs=None):
    """Render ``layer`` with a QgsMapRendererSequentialJob; returns the QImage."""
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(crs or layer.crs())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(size, size))
    settings.setBackgroundColor(QColor(0, 0, 0, 0))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def painted_pixels(image, step=4):
    """How many sampled pixels are not fully transparent."""
    from qgis.PyQt.QtGui import QColor

    count = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            if QColor(image.pixel(x, y)).alpha() > 0 and image.pixelColor(x, y).alpha() > 0:
                count += 1
    return count
