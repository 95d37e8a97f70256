"""The Géoplateforme download service: feeds (pure), listing through QGIS (client)."""
