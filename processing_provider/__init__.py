"""Processing provider: the migration of project files, usable in batch and from qgis_process."""

REFRESH = "REFRESH_CATALOGUE"  # every algorithm's "refresh the catalogue first" option


def add_refresh_parameter(algorithm) -> None:
    """The option, declared when QGIS registers the algorithms (kept import-light: the work
    is in processing_provider/catalogue.py, imported when an algorithm runs)."""
    from qgis.core import QgsProcessingParameterBoolean
    from qgis.PyQt.QtCore import QCoreApplication

    algorithm.addParameter(QgsProcessingParameterBoolean(
        REFRESH, QCoreApplication.translate(
            "ProcessingCatalogue", "Refresh the Géoplateforme catalogue first (restricted "
            "services only if QGIS's authentication database is already unlocked)"),
        defaultValue=False, optional=True))
