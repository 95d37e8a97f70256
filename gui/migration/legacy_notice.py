"""The message bar's word on a project just read: its old Géoportail sources (what the open
hook migrated in memory, or what is left to migrate), the once-only offer to migrate projects
as they open, and the layers whose key this QGIS cannot send or the Géoplateforme refuses.

UI policy that plugin.py wires to QGIS's signals; imported with the first project read.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import QObject
from qgis.PyQt.QtWidgets import QPushButton

from ...core.toolbelt.qgis_side import settings
from ..widgets.plain import push


class LegacyNotice(QObject):
    """At most one message about the current project (``item``): gone when the project closes
    or the next one is read. ``open_migration(applied)`` opens the migration dialog."""

    def __init__(self, iface, open_migration, parent=None):  # noqa: QGS105 - the plugin's iface
        super().__init__(parent)
        self.iface = iface
        self.open_migration = open_migration
        self.item = None

    def show(self, opened):
        """Say what the project holds of the old Géoportail. ``opened``: the open hook's result
        for this project (the layers read at their Géoplateforme address), or None."""
        from ...core.migration.qgis_side.live_migration import legacy_plans

        self.pop()
        catalog = None  # the engine's answer for a project without IGN sources needs none
        from ...core.platform.endpoints import mentions_ign

        if any(mentions_ign(layer.source()) for layer in QgsProject.instance().mapLayers().values()):
            from ...core.catalog.qgis_side.catalog_store import current_catalog

            catalog = current_catalog()  # the same as the dialog the message offers
        plans = legacy_plans(catalog=catalog)
        count = len(plans)
        # Sources on the Géoplateforme already that its servers refuse today ("outdated"…)
        on_gpf = sum(p.migration.on_geoplateforme for p in plans)
        if opened is None and not count:
            return
        bar = self.iface.messageBar()
        if opened is not None:
            text = self.tr("{0} layer(s) of this project were read at their Géoplateforme "
                           "address instead of the old Géoportail; saving the project keeps "
                           "it.").format(len(opened.applied.changes))
            if opened.without_key:
                text += " " + self.tr("Restricted layers left as they were, since no single "
                                      "key of yours is known to unlock them (choose one in "
                                      "Details…): {0}.").format(", ".join(opened.without_key))
            if count:
                text += " " + self.tr("{0} other layer(s) could not be migrated.").format(count)
        else:
            texts = []
            if count - on_gpf:
                texts.append(self.tr("{0} layer(s) of this project still use the old Géoportail "
                                     "(wxs.ign.fr), which no longer answers.").format(count - on_gpf))
            if on_gpf:
                texts.append(self.tr("{0} layer(s) on the Géoplateforme ask for what its servers "
                                     "refuse today (tile matrix set, style, format, layer name or "
                                     "key).").format(on_gpf))
            text = " ".join(texts)
        item = bar.createMessage(self.tr("Géoplateforme"), text)
        button = QPushButton(self.tr("Details…") if opened is not None else self.tr("Migrate…"), item)
        button.setObjectName("bascule_open_details" if opened is not None else "bascule_migrate")
        button.clicked.connect(self.pop)
        applied = opened.applied if opened is not None else None
        button.clicked.connect(lambda *args: self.open_migration(applied))
        item.layout().addWidget(button)
        if opened is None and not settings.migrate_on_open() \
                and not settings.MIGRATE_ON_OPEN_OFFERED.get():
            # Offered once, on the first legacy project: the user decides, QGIS never does.
            settings.MIGRATE_ON_OPEN_OFFERED.set(True)
            offer = QPushButton(self.tr("Migrate projects as they open"), item)
            offer.setObjectName("bascule_offer_open_migration")
            offer.setToolTip(self.tr("From now on, read the old Géoportail layers of the "
                                     "projects you open at their Géoplateforme address "
                                     "(the files change only when you save them)"))
            offer.clicked.connect(enable_migrate_on_open)
            offer.clicked.connect(offer.hide)
            item.layout().addWidget(offer)
        level = Qgis.MessageLevel.Info if opened is not None and not opened.without_key \
            else Qgis.MessageLevel.Warning
        bar.pushWidget(item, level, 0)
        self.item = item

    def pop(self, *_):
        if self.item is not None:
            try:
                self.iface.messageBar().popWidget(self.item)
            except RuntimeError:  # already closed by the user and deleted
                pass
            self.item = None

    def say_unusable_keys(self, names):
        """The layers of the project whose HASH key this QGIS (3.22, 3.23) cannot send."""
        push(
            self.iface.messageBar(), self.tr("Géoplateforme"),
            self.tr("{0}: the key of these layers is a HASH key (API header), which this "
                    "QGIS cannot send (it came with QGIS 3.24), so they stay empty. Give "
                    "them a login/password key (My Géoplateforme keys, then Migrate the "
                    "project), or open the project in a newer QGIS.").format(", ".join(names)),
            Qgis.MessageLevel.Warning, 0)


def enable_migrate_on_open(*_):
    settings.MIGRATE_ON_OPEN.set(True)
