"""The "Migrer le projet…" dialog: preview, choose, apply, revert and export the migration.

A thin widget over core.live_migration (plan, apply, revert) and core.migration.report
(CSV/HTML). Nothing here decides what a source becomes.
"""
from __future__ import annotations

import html

from qgis.core import Qgis, QgsDataSourceUri, QgsProject, QgsVectorTileLayer
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core import auth, layers, preferences
from ..core.live_migration import apply_plan, plan_project
from ..core.migration.engine import NEEDS_KEY, STATUSES, STATUS_WITHDRAWN, UNCHANGED
from ..core.migration.report import Report, diff_html, status_labels
from . import key_choice
from .plain import push, tooltip


class PlanModel(QAbstractTableModel):
    """One row per layer: check box, layer, group, service, status, messages."""

    COLUMNS = ("layer", "group", "service", "status", "messages")

    def __init__(self, plans, lang, parent=None):
        super().__init__(parent)
        self.plans = plans
        self.lang = lang
        self.labels = status_labels(lang)

    def headers(self):
        return [self.tr("Layer"), self.tr("Group"), self.tr("Service"), self.tr("Status"),
                self.tr("Messages")]

    def set_plans(self, plans):
        self.beginResetModel()
        self.plans = plans
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.plans)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def flags(self, index):
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.plans[index.row()].applicable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        plan = self.plans[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "layer": plan.name,
                "group": plan.group,
                "service": plan.migration.service.upper() or plan.provider,
                "status": self.labels.get(plan.status, plan.status),
                "messages": plan.migration.text(self.lang).replace("\n", " "),
            }[column]
        if role == Qt.ItemDataRole.CheckStateRole and column == 0 and plan.applicable:
            return Qt.CheckState.Checked if plan.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == "messages":
            return tooltip(plan.migration.text(self.lang))
        if role == Qt.ItemDataRole.UserRole:
            return plan.status
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        plan = self.plans[index.row()]
        plan.checked = value in (Qt.CheckState.Checked, 2, True)
        self.dataChanged.emit(index, index)
        return True


# What needs action comes first; layers already on the Géoplateforme, then non-IGN ones, last.
STATUS_ORDER = ("needs_key", "withdrawn", "unsupported", "renamed", "migrated", "current",
                "unchanged")
IGN = "@ign"  # filter value: every IGN layer (all but "unchanged")


def ordered_plans(plans):
    """IGN layers first, by what they need, then the others; layer-tree order within."""
    rank = {status: position for position, status in enumerate(STATUS_ORDER)}
    return [p for _, p in sorted(enumerate(plans), key=lambda item: (
        rank.get(item[1].status, len(rank)), item[0]))]


class StatusFilter(QSortFilterProxyModel):
    """Shows the rows of one status ('' for all, IGN for every IGN layer)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.status = ""

    def set_status(self, status):
        self.status = status
        self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):  # noqa: N802
        if not self.status:
            return True
        index = self.sourceModel().index(row, 0, parent)
        status = self.sourceModel().data(index, Qt.ItemDataRole.UserRole)
        if self.status == IGN:
            return status != UNCHANGED
        return status == self.status


class MigrationDialog(QDialog):
    """Lists every layer of the project with the engine's decision; applies the checked ones."""

    def __init__(self, iface=None, project=None, parent=None, catalog=None,  # noqa: QGS105
                 applied=None):
        super().__init__(parent or (iface.mainWindow() if iface else None))
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.catalog = catalog
        self.lang = preferences.report_language()
        # AppliedMigration of every Apply since the last Revert (or of the open hook, whose
        # Revert puts back the sources the project file holds)
        self.applied = applied
        self.style_task = None  # style of the last replacement layer, being fetched
        self.setWindowTitle(self.tr("Migrate the project to the Géoplateforme"))
        self.resize(1100, 650)
        self._build()
        self.reload()

    # --- layout -------------------------------------------------------------------------
    def _build(self):
        layout = QVBoxLayout(self)
        self.message_bar = QgsMessageBar(self)
        layout.addWidget(self.message_bar)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:"), self))
        self.status_filter = QComboBox(self)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        filters.addWidget(self.status_filter)
        filters.addStretch()
        layout.addLayout(filters)

        self.model = PlanModel([], self.lang, self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)

        self.details = QTextBrowser(self)
        self.details.setOpenExternalLinks(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([400, 200])
        layout.addWidget(splitter, 1)

        self.auth_row = QWidget(self)
        auth_layout = QHBoxLayout(self.auth_row)
        auth_layout.setContentsMargins(0, 0, 0, 0)
        auth_label = QLabel(self.tr(
            "Restricted layers (SCAN 25, SCAN 100, SCAN OACI…) need a Géoplateforme key: "
            "create one on <a href='{0}'>cartes.gouv.fr</a>, then add it in <i>My keys</i> "
            "and choose it here.").format(auth.CARTES_GOUV_URL), self.auth_row)
        auth_label.setOpenExternalLinks(True)
        auth_label.setWordWrap(True)
        auth_layout.addWidget(auth_label, 2)
        self.key_combo = QComboBox(self.auth_row)
        auth_layout.addWidget(self.key_combo, 1)
        self.keys_button = QPushButton(self.tr("My keys…"), self.auth_row)
        self.keys_button.clicked.connect(self.open_keys)
        auth_layout.addWidget(self.keys_button)
        layout.addWidget(self.auth_row)

        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.revert_button = buttons.addButton(self.tr("Revert"), QDialogButtonBox.ButtonRole.ResetRole)
        self.replacement_button = QPushButton(self.tr("Add the vector tile replacement"), self)
        buttons.addButton(self.replacement_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.replace_button = QPushButton(self.tr("Replace with the successor"), self)
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.split_button = QPushButton(self.tr("Split into single layers"), self)
        self.split_button.setToolTip(self.tr(
            "The Géoplateforme's WMS-R refuses a request naming more than two layers: migrate "
            "this layer as one layer per name, inside a group at the same place."))
        buttons.addButton(self.split_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button = buttons.addButton(self.tr("Export report…"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.revert_button.clicked.connect(self.revert)
        self.export_button.clicked.connect(self._export_clicked)
        self.replacement_button.clicked.connect(self.add_replacement)
        self.replace_button.clicked.connect(self.replace_withdrawn)
        self.split_button.clicked.connect(self.split_selected)
        layout.addWidget(buttons)

    # --- state --------------------------------------------------------------------------
    def reload(self):
        """Ask the engine again about every layer of the project."""
        self.plans = ordered_plans(plan_project(self.project, self.catalog))
        self.model.set_plans(self.plans)
        self._fill_filter()
        self.table.resizeColumnsToContents()
        self._update_state()

    def _fill_filter(self):
        """IGN layers (what needs action first) by default; the others behind the filter,
        with their count."""
        current = self.status_filter.currentData()
        counts = {status: sum(p.status == status for p in self.plans) for status in STATUSES}
        labels = status_labels(self.lang)
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        ign = len(self.plans) - counts[UNCHANGED]
        self.status_filter.addItem(self.tr("IGN layers ({0})").format(ign), IGN)
        self.status_filter.addItem(self.tr("Non-IGN layers ({0})").format(counts[UNCHANGED]),
                                   UNCHANGED)
        self.status_filter.addItem(self.tr("All layers ({0})").format(len(self.plans)), "")
        for status in STATUSES:
            if status != UNCHANGED and counts[status]:
                self.status_filter.addItem(f"{labels[status]} ({counts[status]})", status)
        position = self.status_filter.findData(current if current is not None else IGN)
        self.status_filter.setCurrentIndex(max(position, 0))
        self.status_filter.blockSignals(False)
        self.proxy.set_status(self.status_filter.currentData())

    def _update_state(self):
        report = self.report()
        self.summary.setText(report.summary(self.lang))
        self.apply_button.setEnabled(any(p.applicable for p in self.plans))
        self.revert_button.setEnabled(bool(self.applied and (self.applied.changes
                                                             or self.applied.tree_changes)))
        needs_key = any(p.status == NEEDS_KEY for p in self.plans)
        self.auth_row.setVisible(needs_key)
        if needs_key and not self.key_combo.count():
            self._fill_keys()
        self._show_details(self.table.currentIndex())

    def report(self) -> Report:
        report = Report(title=self.project.fileName())
        for plan in self.plans:
            report.add(plan.migration, plan.layer_id, plan.name, plan.group)
        return report

    def _filter_changed(self):
        self.proxy.set_status(self.status_filter.currentData() or "")

    def focus_on_layer(self, layer_id: str) -> bool:
        """On one layer (the Layers panel's entry): its row selected, the only one checked."""
        rows = [i for i, plan in enumerate(self.plans) if plan.layer_id == layer_id]
        if not rows:
            return False
        for plan in self.plans:
            plan.checked = plan.layer_id == layer_id and plan.applicable
        self.model.set_plans(self.plans)
        index = self.proxy.mapFromSource(self.model.index(rows[0], 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def selected_plan(self):
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.plans[self.proxy.mapToSource(index).row()]

    def _show_details(self, index, _previous=None):
        plan = self.selected_plan() if index is not None and index.isValid() else None
        suggestion = plan.migration.suggestion if plan else None
        self.replacement_button.setEnabled(bool(
            plan and plan.status == STATUS_WITHDRAWN and suggestion and suggestion.get("source")))
        successor = self._successor(plan)
        self.replace_button.setEnabled(successor is not None)
        self.replace_button.setText(self.tr("Replace with {0}").format(successor.name)
                                    if successor is not None else self.tr("Replace with the successor"))
        self.split_button.setEnabled(self._splittable(plan))
        if plan is None:
            self.details.clear()
            return
        old, new = diff_html(str(plan.migration.source), str(plan.migration.new_source))
        messages = "".join(f"<li>{html.escape(m.text(self.lang))}</li>" for m in plan.migration.messages)
        before, after = html.escape(self.tr("Before:")), html.escape(self.tr("After:"))
        self.details.setHtml(
            "<style>del{background:#f8d7da;text-decoration:none}ins{background:#d4edda;"
            "text-decoration:none}</style>"
            f"<p><b>{html.escape(plan.name)}</b></p>"
            f"<p>{before}<br><code>{old}</code></p>"
            f"<p>{after}<br><code>{new}</code></p><ul>{messages}</ul>")

    # --- keys ---------------------------------------------------------------------------
    def _fill_keys(self, select: str = ""):
        """The user's keys; preselected by the one rule of gui/key_choice.py (the key known
        to unlock the restricted layers, else the remembered one)."""
        if not select:
            wanted = {key_choice.known_key(p.migration.service, p.migration.new_layer_name
                                           or p.migration.layer_name)
                      for p in self.plans if p.status == NEEDS_KEY}
            select = wanted.pop() if len(wanted) == 1 else preferences.authcfg()
        self.key_combo.clear()
        self.key_combo.addItem(self.tr("(no key)"), "")
        for key in auth.keys():
            if key.usable:
                self.key_combo.addItem(key.name, key.id)
        position = self.key_combo.findData(select)
        self.key_combo.setCurrentIndex(max(position, 0))

    def choose_key(self, config_id: str):
        self.key_combo.setCurrentIndex(max(self.key_combo.findData(config_id), 0))

    def open_keys(self):
        from .keys_dialog import KeysDialog

        dialog = KeysDialog(parent=self)
        dialog.exec()
        self._fill_keys(self.key_combo.currentData() or "")

    # --- actions ------------------------------------------------------------------------
    def apply(self):
        authcfg = self.key_combo.currentData() or ""
        needs_key = [p for p in self.plans if p.checked and p.status == NEEDS_KEY]
        if needs_key and not authcfg:
            push(
                self.message_bar, self.tr("Restricted layers"),
                self.tr("{0} restricted layer(s) will be migrated without an authentication "
                        "configuration: they stay empty until you attach one.").format(len(needs_key)),
                Qgis.MessageLevel.Warning)
        applied = apply_plan(self.plans, self.project, authcfg)
        if self.applied is None:
            self.applied = applied
        else:  # a second Apply: Revert still puts back everything since the first
            self.applied.changes += applied.changes
            self.applied.errors = applied.errors
        invalid = applied.invalid_layers()
        text = self.tr("{0} layer(s) migrated.").format(applied.count)
        if invalid:
            text += " " + self.tr("Not reachable now: {0}.").format(", ".join(invalid))
        for name, error in self.applied.errors:
            push(self.message_bar, name, error, Qgis.MessageLevel.Critical)
        self._notify(text, warning=bool(invalid))
        self.reload()

    def revert(self):
        if not self.applied:
            return
        count = self.applied.revert()
        self._notify(self.tr("{0} layer(s) put back as they were.").format(count))
        self.applied = None
        self.reload()

    def add_replacement(self):
        """Add the vector tile layer that replaces a withdrawn raster product, beside it."""
        plan = self.selected_plan()
        suggestion = plan.migration.suggestion if plan else None
        if not suggestion or not suggestion.get("source"):
            return None
        layer = QgsVectorTileLayer(suggestion["source"], suggestion.get("name") or plan.name)
        if not layer.isValid():
            push(self.message_bar, self.tr("Vector tiles"),
                 self.tr("The replacement layer could not be loaded."), Qgis.MessageLevel.Critical)
            return None
        self.project.addMapLayer(layer, False)
        root = self.project.layerTreeRoot()
        node = root.findLayer(plan.layer_id)
        parent = node.parent() if node else root
        position = parent.children().index(node) if node else 0
        parent.insertLayer(position, layer)
        # QGIS does not apply a vector tile styleUrl by itself: fetch and convert it.
        uri = QgsDataSourceUri()
        uri.setEncodedUri(layer.source())
        style_url = uri.param("styleUrl")
        if style_url:
            self.style_task = layers.load_vector_style(layer, style_url)
        self._notify(self.tr("Added {0} above {1}.").format(layer.name(), plan.name))
        return layer

    # --- splits and replacements (core/layer_split.py), undone by Revert ----------------
    def _record(self, record):
        if self.applied is None:
            from ..core.live_migration import AppliedMigration

            self.applied = AppliedMigration(self.project)
        self.applied.tree_changes.append(record)

    @staticmethod
    def _splittable(plan) -> bool:
        return bool(plan and plan.applicable and any(
            m.code == "wms_layer_limit" for m in plan.migration.messages))

    def split_selected(self):
        """Migrate the selected WMS-R layer as one layer per name, inside a group."""
        from ..core.layer_split import split_layer

        plan = self.selected_plan()
        if not self._splittable(plan) or self.project.mapLayer(plan.layer_id) is None:
            return None
        record = split_layer(plan, self.project, self.key_combo.currentData() or "")
        self._record(record)
        text = self.tr("{0} split into {1} layers in a group.").format(
            plan.name, len(record.added) + 1)
        shown = record.themes + record.layouts
        if shown:
            text += " " + self.tr("Map themes and layouts that showed it now show its first "
                                  "layer only: {0}.").format(", ".join(shown))
        self._notify(text, warning=bool(shown))
        self.reload()
        return record

    def _successor(self, plan):
        """The catalogue entry that succeeds a withdrawn layer (not a vector tile set: that
        one is added beside, see add_replacement), or None."""
        suggestion = plan.migration.suggestion if plan else None
        if not plan or plan.status != STATUS_WITHDRAWN or not suggestion or suggestion.get("source"):
            return None
        from ..core.migration import engine

        catalog = self.catalog if self.catalog is not None else engine._default_catalog()
        if catalog is None:
            return None
        return catalog.get(suggestion.get("service", ""), suggestion.get("name", ""))

    def replace_withdrawn(self):
        """Replace the selected withdrawn layer by a new layer of its successor: same name,
        group and position."""
        from ..core.layer_split import replace_layer

        plan = self.selected_plan()
        entry = self._successor(plan)
        if entry is None or self.project.mapLayer(plan.layer_id) is None:
            return None
        try:
            layer = layers.create_layer(entry, name=plan.name, catalog=self.catalog)
        except layers.LayerError as err:
            push(self.message_bar, self.tr("Replacement"), str(err), Qgis.MessageLevel.Critical)
            return None
        record = replace_layer(plan, layer, self.project)
        self._record(record)
        self._notify(self.tr("{0} replaced with {1}.").format(plan.name, entry.name))
        self.reload()
        return record

    def export_report(self, path: str) -> None:
        self.report().save(path, self.lang)

    def _export_clicked(self):
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the migration report"), "",
            self.tr("HTML report (*.html);;CSV table (*.csv)"))
        if not path:
            return
        try:
            self.export_report(path)
        except OSError as err:
            push(self.message_bar, self.tr("Export"), str(err), Qgis.MessageLevel.Critical)
            return
        push(self.message_bar, self.tr("Export"), self.tr("Report written to {0}").format(path),
             Qgis.MessageLevel.Success)

    def _notify(self, text: str, warning: bool = False):
        bar = self.iface.messageBar() if self.iface is not None else self.message_bar
        title = self.tr("Géoplateforme")
        push(bar, title, text, Qgis.MessageLevel.Warning if warning else Qgis.MessageLevel.Success)
