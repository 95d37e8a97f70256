"""The opt-in hook that migrates a project's legacy IGN sources while QGIS opens it.

Registered at start-up, so kept import-light: the work (engine, lxml, archive) is imported by
``handleProjectOpen`` only when the setting "migrate on open" is on (core/migration/qgis_side/open_migration.py).

Why a QgsCustomProjectOpenHandler and not the bad-layer handler: QGIS's "Handle unavailable
layers" dialog is the application's bad-layer handler, which plugins cannot call or wrap
(QgsProject.setBadLayerHandler replaces it and it has no getter), so withdrawn and non-IGN
layers would no longer reach it; and a bad-layer hook runs only after QGIS has tried every
dead wxs.ign.fr address. The open handler runs inside QgisApp::addProject (QGIS ≥ 3.18),
before the layers are resolved, and everything QGIS does after a read (canvas, recent
projects, bad layers, ``projectRead``) still follows it.
"""
from __future__ import annotations

from qgis.gui import QgsCustomProjectOpenHandler

from ...toolbelt.qgis_side import settings


class OpenMigrationHandler(QgsCustomProjectOpenHandler):
    """Opens a legacy project with its IGN sources at their Géoplateforme address."""

    def __init__(self, key_for=None):
        super().__init__()
        self.key_for = key_for  # (service, layer name) -> auth config id by the keys rule, or ""
        self.last = None  # open_migration.OpenResult of the last project it opened

    def handleProjectOpen(self, path):  # noqa: N802 (QGIS naming)
        self.last = None
        if not settings.migrate_on_open():
            return False
        from . import open_migration  # the engine is imported on the first use only

        self.last = open_migration.open_migrated(path, self.key_for)
        return self.last is not None

    def filters(self):
        return []  # opens the usual .qgs/.qgz: no entry of its own in the Open dialog

    def createDocumentThumbnailAfterOpen(self):  # noqa: N802 (QGIS naming)
        return False

    def take_result(self, path: str):
        """The result of opening ``path`` (once), or None when the hook did not open it."""
        result, self.last = self.last, None
        return result if result is not None and result.path == path else None


def install(iface) -> OpenMigrationHandler:  # noqa: QGS105 - the plugin passes its iface
    handler = OpenMigrationHandler()
    iface.registerCustomProjectOpenHandler(handler)
    return handler


def remove(iface, handler: OpenMigrationHandler) -> None:  # noqa: QGS105
    iface.unregisterCustomProjectOpenHandler(handler)
    import sys

    module = sys.modules.get(__package__ + ".open_migration")
    if module is not None:  # its project storage was registered on first use
        module.unregister_storage()
