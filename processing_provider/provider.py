"""The plugin's Processing provider."""
from __future__ import annotations


from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..core.platform import paths
from .migrate_project import MigrateProjectFileAlgorithm
from .migrate_connections import MigrateConnectionsAlgorithm
from .migrate_projects import AnalyseProjectsAlgorithm, MigrateProjectsAlgorithm

ICON = str(paths.ICON)


class BasculeProvider(QgsProcessingProvider):
    def id(self):
        return "bascule_geoplateforme"

    def name(self):
        return self.tr("Bascule Géoplateforme")

    def icon(self):
        return QIcon(ICON)

    def loadAlgorithms(self):  # noqa: N802 (QGIS naming)
        self.addAlgorithm(MigrateProjectFileAlgorithm())
        self.addAlgorithm(MigrateProjectsAlgorithm())
        self.addAlgorithm(AnalyseProjectsAlgorithm())
        self.addAlgorithm(MigrateConnectionsAlgorithm())
