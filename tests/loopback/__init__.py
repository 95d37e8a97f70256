"""The loopback Géoplateforme used by the QGIS and e2e tests."""
from .server import API_KEY, BASIC_PASSWORD, BASIC_USER, LoopbackGeoplateforme, png_image

__all__ = ["API_KEY", "BASIC_PASSWORD", "BASIC_USER", "LoopbackGeoplateforme", "png_image"]
