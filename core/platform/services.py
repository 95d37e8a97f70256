"""The Géoplateforme service kinds, by the names every module uses for them.

A module of its own so that reading a setting or building a URL (endpoints.py, imported at
QGIS start-up) does not import the capabilities parsers.
"""
WMTS = "wmts"
WMS_RASTER = "wms-r"
WMS_VECTOR = "wms-v"
WFS = "wfs"
TMS = "tms"
SERVICES = (WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS)
