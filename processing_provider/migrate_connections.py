"""Processing algorithm: migrate saved connections (the profile's, or those of a connection
export / deployment INI file into a new file). Parameters only at import; the work is in
core/migration/qgis_side/saved_connections.py and core/migration/connection_files.py, imported when it runs."""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from . import add_refresh_parameter

KINDS = ("wms", "wfs", "xyz", "vectortile")


class MigrateConnectionsAlgorithm(QgsProcessingAlgorithm):
    # What each option of the KINDS parameter means (read by the run module, which this
    # module imports); set before the class's own KINDS, the parameter's name, hides the tuple.
    KIND_CHOICES = KINDS
    INPUT, OUTPUT, KINDS, NAMES, DRY_RUN, UNDO, REPORT, CHANGED = (
        "INPUT", "OUTPUT", "KINDS", "NAMES", "DRY_RUN", "UNDO", "REPORT", "CHANGED")

    def tr(self, text):  # not a QObject: the context is the class name, as pylupdate5 sees it
        return QCoreApplication.translate("MigrateConnectionsAlgorithm", text)

    def name(self):
        return "migrateconnections"

    def displayName(self):  # noqa: N802
        return self.tr("Migrate saved connections")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Rewrites the old Géoportail (wxs.ign.fr) addresses of the WMS/WMTS, WFS, XYZ and "
            "vector-tile connections saved in this QGIS profile to the Géoplateforme, keeping "
            "their names, settings and auth configs (undo: run again with Undo). With an input "
            "file (a connection export or a deployment INI file such as QGIS3.ini), the "
            "migrated connections are written to a new file instead.")

    def createInstance(self):  # noqa: N802
        return MigrateConnectionsAlgorithm()

    def flags(self):
        # Settings and the auth database are written: on QGIS's main thread.
        if hasattr(Qgis, "ProcessingAlgorithmFlag"):
            return super().flags() | Qgis.ProcessingAlgorithmFlag.NoThreading
        return super().flags() | QgsProcessingAlgorithm.Flag.FlagNoThreading

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.INPUT, self.tr("Connection export or INI file (empty: this profile)"),
            behavior=QgsProcessingParameterFile.Behavior.File, optional=True,
            fileFilter="XML (*.xml);;INI (*.ini)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Migrated file"), optional=True, createByDefault=False,
            fileFilter="XML (*.xml);;INI (*.ini)"))
        self.addParameter(QgsProcessingParameterEnum(
            self.KINDS, self.tr("Connection types"),
            options=[self.tr("WMS/WMTS"), self.tr("WFS"), self.tr("XYZ"), self.tr("Vector tiles")],
            allowMultiple=True, defaultValue=list(range(len(KINDS)))))
        self.addParameter(QgsProcessingParameterString(
            self.NAMES, self.tr("Only these connections (one name per line; empty: all)"),
            multiLine=True, optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.DRY_RUN, self.tr("Only report, change nothing"), defaultValue=False))
        self.addParameter(QgsProcessingParameterBoolean(
            self.UNDO, self.tr("Undo the last migration of this profile's connections"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Report"), fileFilter="HTML (*.html);;CSV (*.csv)",
            optional=True, createByDefault=False))
        add_refresh_parameter(self)
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED, self.tr("Connections changed")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from .connections_run import run_connections

        try:
            return run_connections(self, parameters, context, feedback)
        except ValueError as err:  # a file that cannot be read or written: its message
            raise QgsProcessingException(str(err)) from None
