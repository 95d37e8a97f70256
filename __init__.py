"""Bascule Géoplateforme: browse, authenticate and migrate IGN Géoplateforme layers in QGIS."""


def classFactory(iface):  # noqa: N802 (QGIS naming)
    """QGIS entry point: imported lazily so that loading the package costs nothing."""
    from .plugin import BasculeGeoplateformePlugin

    return BasculeGeoplateformePlugin(iface)
