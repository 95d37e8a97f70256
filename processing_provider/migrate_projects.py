"""Processing algorithms: migrate or analyse many projects (files, folders, projects stored in
a GeoPackage or PostgreSQL). Parameters only at import: the work is in core/migration/fleet.py and
processing_provider/fleet_run.py, imported when an algorithm runs (start-up budget)."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingOutputNumber,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDatabaseSchema,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterProviderConnection,
)
from qgis.PyQt.QtCore import QCoreApplication

from . import add_refresh_parameter

TYPES = (".qgs", ".qgz", ".qlr")


def _file_type():
    # Qgis.ProcessingSourceType.File from 3.36 (QGIS 4 has only it); QgsProcessing.TypeFile before.
    if hasattr(Qgis, "ProcessingSourceType"):
        return Qgis.ProcessingSourceType.File
    return QgsProcessing.SourceType.TypeFile


class MigrateProjectsAlgorithm(QgsProcessingAlgorithm):
    # What each option of the TYPES parameter means (read by the run module, which this
    # module imports); set before the class's own TYPES, the parameter's name, hides the tuple.
    TYPE_CHOICES = TYPES
    INPUT, RECURSIVE, TYPES, DRY_RUN, BACKUP, KEY, DATABASE, SCHEMA = (
        "INPUT", "RECURSIVE", "TYPES", "DRY_RUN", "BACKUP", "KEY", "DATABASE", "SCHEMA")
    REPORT, REPORT_CSV, FILES, CHANGED, ERRORS = (
        "REPORT", "REPORT_CSV", "FILES", "CHANGED", "ERRORS")
    analyse_only = False

    def tr(self, text):  # not a QObject: the context is the class name, as pylupdate5 sees it
        return QCoreApplication.translate("MigrateProjectsAlgorithm", text)

    def name(self):
        return "migrateprojects"

    def displayName(self):  # noqa: N802
        return self.tr("Migrate projects")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Migrates the old Géoportail (wxs.ign.fr) layer sources of many QGIS projects to "
            "the Géoplateforme: project files and folders (recursively), and projects stored "
            "in a GeoPackage or PostgreSQL (geopackage: or postgresql: project URIs, or a "
            ".gpkg file). QGIS's backups (*.qgs~) are left alone; an unreadable file is a "
            "report row, never the end of the run; the project open in QGIS is refused (use "
            "the migration dialog). The report has one row per layer, with its file.")

    def createInstance(self):  # noqa: N802
        return type(self)()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, self.tr("Project files, folders or stored projects"), _file_type(),
            optional=True))
        # The projects stored in a schema of a saved PostgreSQL connection.
        self.addParameter(QgsProcessingParameterProviderConnection(
            self.DATABASE, self.tr("PostgreSQL connection (projects stored in the database)"),
            "postgres", optional=True))
        self.addParameter(QgsProcessingParameterDatabaseSchema(
            self.SCHEMA, self.tr("Schema"), self.DATABASE, optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.RECURSIVE, self.tr("Look into sub-folders"), defaultValue=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.TYPES, self.tr("File types"), options=list(TYPES), allowMultiple=True,
            defaultValue=list(range(len(TYPES)))))
        if not self.analyse_only:
            self.addParameter(QgsProcessingParameterBoolean(
                self.DRY_RUN, self.tr("Only report, change nothing"), defaultValue=False))
            self.addParameter(QgsProcessingParameterBoolean(
                self.BACKUP, self.tr("Keep a backup copy of each changed project"),
                defaultValue=True))
            # The auth config id given to restricted (needs_key) layers: never the secret.
            self.addParameter(QgsProcessingParameterAuthConfig(
                self.KEY, self.tr("Géoplateforme key for restricted layers"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report (HTML)"), fileFilter="HTML (*.html)",
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT_CSV, self.tr("Report (CSV)"), fileFilter="CSV (*.csv)",
            optional=True, createByDefault=False))
        add_refresh_parameter(self)
        self.addOutput(QgsProcessingOutputNumber(self.FILES, self.tr("Projects handled")))
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED, self.tr("Sources changed")))
        self.addOutput(QgsProcessingOutputNumber(self.ERRORS, self.tr("Projects not read")))

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # On the main thread: which project QGIS has open (refused, never written behind it).
        from qgis.core import QgsProject

        self._open_project = QgsProject.instance().fileName() or None
        return True

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from .fleet_run import run_fleet

        return run_fleet(self, parameters, context, feedback)


class AnalyseProjectsAlgorithm(MigrateProjectsAlgorithm):
    analyse_only = True

    def tr(self, text):  # its own strings, then the parameters it shares with its parent
        translated = QCoreApplication.translate("AnalyseProjectsAlgorithm", text)
        return translated if translated != text else QCoreApplication.translate(
            "MigrateProjectsAlgorithm", text)

    def name(self):
        return "analyseprojects"

    def displayName(self):  # noqa: N802
        return self.tr("Analyse projects")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Reports what the migration to the Géoplateforme would do to many QGIS projects "
            "(files, folders, projects stored in a GeoPackage or PostgreSQL), one row per "
            "layer with its file. Nothing is written.")
