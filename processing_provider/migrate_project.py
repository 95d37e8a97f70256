"""Processing algorithm: migrate a .qgs/.qgz/.qlr file on disk (batch mode: many files)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
)

from qgis.PyQt.QtCore import QCoreApplication

from . import add_refresh_parameter

from ..core.toolbelt.qgis_side import settings

PROJECT_FILTER = "QGIS projects (*.qgs *.qgz *.qlr)"


class MigrateProjectFileAlgorithm(QgsProcessingAlgorithm):
    INPUT, OUTPUT, BACKUP, DRY_RUN, REPORT, CHANGED, KEY = (
        "INPUT", "OUTPUT", "BACKUP", "DRY_RUN", "REPORT", "CHANGED", "KEY")

    def tr(self, text):  # not a QObject: the context is the class name, as pylupdate5 sees it
        return QCoreApplication.translate("MigrateProjectFileAlgorithm", text)

    def name(self):
        return "migrateprojectfile"

    def displayName(self):  # noqa: N802
        return self.tr("Migrate a project file to the Géoplateforme")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Rewrites the old Géoportail (wxs.ign.fr) layer sources of a QGIS project "
            "(.qgs, .qgz) or layer definition (.qlr) to the Géoplateforme (data.geopf.fr), "
            "without opening it. Other layers and archive members are left as they are. Run "
            "it as a batch process to migrate many files.")

    def createInstance(self):  # noqa: N802
        return MigrateProjectFileAlgorithm()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, self.tr("Project file"),
            behavior=QgsProcessingParameterFile.Behavior.File, fileFilter=PROJECT_FILTER))
        self.addParameter(QgsProcessingParameterBoolean(
            self.BACKUP, self.tr("Keep a backup copy (<file>.bak)"), defaultValue=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.DRY_RUN, self.tr("Only report, change nothing"), defaultValue=False))
        # The auth config id given to restricted (needs_key) layers: never the secret.
        self.addParameter(QgsProcessingParameterAuthConfig(
            self.KEY, self.tr("Géoplateforme key for restricted layers"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Migrated copy (leave empty to rewrite the file itself)"),
            fileFilter=PROJECT_FILTER, optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report"), fileFilter="HTML (*.html);;CSV (*.csv)",
            optional=True, createByDefault=False))
        add_refresh_parameter(self)
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED, self.tr("Sources changed")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # The engine, its tables and the catalogue are imported when an algorithm runs, not
        # when QGIS starts and registers the provider (benchmarks/startup_bench.py).
        from ..core.migration.project_file import ProjectFileError, migrate_project_file
        from ..core.migration.report import status_labels
        from .catalogue import run_catalogue

        lang = settings.report_language()
        catalog, lines = run_catalogue(self, parameters, context, feedback, lang)
        path = self.parameterAsFile(parameters, self.INPUT, context)
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context) or None
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        try:
            report = migrate_project_file(
                path, output=output,
                backup=self.parameterAsBoolean(parameters, self.BACKUP, context),
                dry_run=self.parameterAsBoolean(parameters, self.DRY_RUN, context),
                authcfg=self.parameterAsString(parameters, self.KEY, context) or None,
                max_size=settings.max_project_size(), catalog=catalog)
        except ProjectFileError as err:
            raise QgsProcessingException(str(err)) from None
        report.context = lines[:1]  # the QGIS profile whose saved catalogue decided
        labels = status_labels(lang)
        feedback.pushInfo(report.summary(lang))
        for note in report.notes:
            feedback.pushWarning(note.text(lang))
        for decision in report.changed:
            feedback.pushInfo(f"{decision.layer_name}: {labels.get(decision.status, decision.status)}")
        if report_path:
            report.save(report_path, lang)
        return {self.CHANGED: len(report.changed), self.OUTPUT: output or path,
                self.REPORT: report_path}
