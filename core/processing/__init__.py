"""Processing provider: the migration of project files, usable in batch and from qgis_process."""
