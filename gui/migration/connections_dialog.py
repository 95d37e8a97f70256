"""« Connexions enregistrées »: the profile's saved connections, what each becomes, migrate the
chosen ones, undo; offers once to add the Géoplateforme's services to a profile that has none.
Thin widgets over core/migration/qgis_side/saved_connections.py."""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from ...core.migration.qgis_side import saved_connections
from ...core.toolbelt.qgis_side import settings
from ...core.platform.redaction import redact
from ...core.migration.report import status_labels


class ConnectionsDialog(QDialog):
    KIND, NAME, URL, NEW, STATUS = range(5)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("BasculeGeoplateformeConnectionsDialog")
        self.setWindowTitle(self.tr("Saved connections"))
        self.resize(960, 480)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Type"), self.tr("Name"), self.tr("Address"),
                                   self.tr("Becomes"), self.tr("Status")])
        self.tree.setRootIsDecorated(False)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names come from the profile
        self.message.setWordWrap(True)
        self.offer = QLabel(self.tr("This profile has no connection to the Géoplateforme: add its "
                                    "services (WMTS, WMS raster and vector, WFS)?"))
        self.offer.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add the Géoplateforme's services"))
        self.add_button.clicked.connect(self.add_services)
        self.migrate_button = QPushButton(self.tr("Migrate the checked connections"))
        self.migrate_button.clicked.connect(self.migrate_checked)
        self.undo_button = QPushButton(self.tr("Undo the last migration"))
        self.undo_button.clicked.connect(self.undo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.migrate_button)
        row.addWidget(self.undo_button)
        row.addStretch()
        row.addWidget(buttons)
        offer_row = QHBoxLayout()
        offer_row.addWidget(self.offer, 1)
        offer_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(offer_row)
        layout.addWidget(self.tree)
        layout.addWidget(self.message)
        layout.addLayout(row)
        offered = saved_connections.should_offer()
        self.offer.setVisible(offered)
        self.add_button.setVisible(offered)
        if offered:  # offered once: the next opening does not ask again
            saved_connections.mark_offered()
        self.refresh()

    def refresh(self):
        self.tree.clear()
        from ...core.catalog.qgis_side.catalog_store import current_catalog

        self.items = saved_connections.list_connections(current_catalog())
        labels = status_labels(settings.report_language())
        kinds = {kind: group[2] for kind, group in saved_connections.KINDS.items()}
        for item in self.items:
            # Addresses as a message shows them: a key or a password never on screen.
            row = QTreeWidgetItem([kinds[item.kind], item.name, redact(item.url),
                                   redact(item.new_url), labels.get(item.status, item.status)])
            if item.changes:
                row.setCheckState(self.KIND, Qt.CheckState.Checked)
            else:
                row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.tree.addTopLevelItem(row)
        for column in (self.KIND, self.NAME, self.STATUS):
            self.tree.resizeColumnToContents(column)
        for column in (self.URL, self.NEW):  # the addresses are what the user compares
            self.tree.setColumnWidth(column, 360)
        self.migrate_button.setEnabled(any(i.changes for i in self.items))
        self.undo_button.setEnabled(saved_connections.can_undo())

    def checked(self):
        return [item for index, item in enumerate(self.items)
                if self.tree.topLevelItem(index).checkState(self.KIND) == Qt.CheckState.Checked]

    def migrate_checked(self):
        chosen = self.checked()
        try:
            written = saved_connections.migrate(chosen)
        except saved_connections.ConnectionsError as error:  # nothing was changed: say why
            self.refresh()
            self.message.setText(str(error))
            return
        kept = [i.name for i in chosen if "hash_unsupported" in i.notes]
        text = self.tr("{} connections migrated.").format(len(written))
        if kept:
            text += " " + self.tr("Left as they are (their HASH key needs QGIS 3.24 or later "
                                  "to move into an auth config): {}").format(", ".join(kept))
        self.refresh()
        self.message.setText(text)

    def undo(self):
        try:
            saved_connections.undo()
        except saved_connections.ConnectionsError as error:
            self.message.setText(str(error))
            return
        self.refresh()
        self.message.setText(self.tr("The last migration was undone."))

    def add_services(self):
        added = saved_connections.add_geoplateforme_connections()
        self.offer.hide()
        self.add_button.hide()
        self.refresh()
        self.message.setText(self.tr("Added: {}").format(", ".join(added)))
