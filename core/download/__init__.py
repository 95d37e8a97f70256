"""The Géoplateforme download service: feeds and the panel's rules (pure: feed, browsing, names,
zones, disk); listing, downloading, unpacking and the panel's controller through QGIS
(qgis_side/)."""
