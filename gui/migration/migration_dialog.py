"""The "Migrer le projet…" dialog: preview, choose, apply, revert and export the migration.

A thin widget over core.live_migration (plan, apply, revert) and core.migration.report
(CSV/HTML). Nothing here decides what a source becomes.
"""
from __future__ import annotations

import html

from qgis.core import Qgis, QgsProject
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
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.keys.qgis_side import key_store
from ...core.layers.qgis_side import layer_factory
from ...core.toolbelt.qgis_side import settings
from ...core.migration.qgis_side.live_migration import (
    NOT_MIGRATED,
    AppliedMigration,
    applied_from_project,
    apply_plan,
    plan_project,
)
from ...core.migration.engine import CURRENT, NEEDS_KEY, STATUSES, STATUS_WITHDRAWN, UNCHANGED
from ...core.platform.redaction import redact_source
from ...core.migration.report import Report, diff_html, status_labels
from ...core.toolbelt.texts import colon
from ..keys import key_choice
from ..widgets.plain import push, tooltip


class PlanModel(QAbstractTableModel):
    """One row per layer: check box (in the layer column), layer, group, service, status,
    messages. Before Apply a status says what will happen; a layer the record shows as
    migrated (by Apply or on opening) says so in the past tense."""

    COLUMNS = ("layer", "group", "service", "status", "messages")

    def __init__(self, plans, lang, parent=None):
        super().__init__(parent)
        self.plans = plans
        self.lang = lang
        self.labels = status_labels(lang)
        self.done = set()  # layer ids the undo record holds (migrated already)
        self._texts = {}
        # The statuses that describe an action, in the future tense while it is to do; any
        # other status (including ones added later) shows the report's own label.
        self.pending = {"migrated": self.tr("to migrate"),
                        "renamed": self.tr("to migrate, renamed"),
                        "outdated": self.tr("to update")}

    def headers(self):
        return [self.tr("Layer"), self.tr("Group"), self.tr("Service"), self.tr("Status"),
                self.tr("Messages")]

    def set_plans(self, plans, done=()):
        self.beginResetModel()
        self.plans = plans
        self.done = set(done)
        self._texts = {}
        self.endResetModel()

    def messages_text(self, plan) -> str:
        """The decision's messages, composed once per plan (a view asks for them often)."""
        text = self._texts.get(id(plan))
        if text is None:
            text = self._texts[id(plan)] = plan.migration.text(self.lang)
        return text

    def status_text(self, plan) -> str:
        if plan.status == CURRENT and plan.layer_id in self.done:
            return self.labels.get("migrated", plan.status)
        if plan.applicable and plan.status in self.pending:
            return self.pending[plan.status]
        return str(self.labels.get(plan.status, plan.status))  # Qt shows a plain str only

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
        if role == Qt.ItemDataRole.DisplayRole:  # only the column asked for is composed
            if column == "layer":
                return plan.name
            if column == "group":
                return plan.group
            if column == "service":
                return plan.migration.service.upper() or plan.provider
            if column == "status":
                return self.status_text(plan)
            return self.messages_text(plan).replace("\n", " ")
        if role == Qt.ItemDataRole.CheckStateRole and column == "layer" and plan.applicable:
            return Qt.CheckState.Checked if plan.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column in ("messages", "layer"):
            return tooltip(self.messages_text(plan) if column == "messages" else plan.name)
        if role == Qt.ItemDataRole.UserRole:
            return str(plan.status)  # a Status member would reach Qt as a Python object
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        plan = self.plans[index.row()]
        if not plan.applicable:
            return False
        plan.checked = value in (Qt.CheckState.Checked, 2, True)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_checked(self, predicate):
        """Check the applicable rows ``predicate(plan)`` accepts, uncheck the others."""
        for plan in self.plans:
            plan.checked = plan.applicable and bool(predicate(plan))
        if self.plans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.plans) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])


class PlanTable(QTableView):
    """The plan's table: Space toggles the check box of the current row, whatever its
    column; the context menu holds the row's actions."""

    def keyPressEvent(self, event):  # noqa: N802 (Qt naming)
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select) and self.currentIndex().isValid():
            index = self.model().index(self.currentIndex().row(), 0)
            if index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                state = index.data(Qt.ItemDataRole.CheckStateRole)
                checked = state in (Qt.CheckState.Checked, 2)
                self.model().setData(index, Qt.CheckState.Unchecked if checked
                                     else Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
                event.accept()
                return
        super().keyPressEvent(event)


# What needs action comes first; layers already on the Géoplateforme, then non-IGN ones, last.
STATUS_ORDER = ("needs_key", "outdated", "withdrawn", "not_served", "unsupported", "renamed",
                "migrated", "current", "unchanged")
IGN = "@ign"  # filter value: every IGN layer (all but "unchanged")


def ordered_plans(plans):
    """IGN layers first, by what they need, then the others; layer-tree order within."""
    rank = {status: position for position, status in enumerate(STATUS_ORDER)}
    other = rank["current"] - 0.5  # a status added later: with what needs action
    return [p for _, p in sorted(enumerate(plans), key=lambda item: (
        rank.get(item[1].status, other), item[0]))]


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


def _entry(menu, text, slot):
    """A menu entry calling ``slot()`` (no ``checked`` argument; the same on Qt 5 and 6)."""
    action = menu.addAction(text)
    action.triggered.connect(lambda *_: slot())
    return action


def _plural(count: int, one: str, many: str) -> str:
    return (one if count == 1 else many).format(count)


class MigrationDialog(QDialog):
    """Lists every layer of the project with the engine's decision; applies the checked ones.

    Sized for a 1366×768 screen in French: the actions of a row are in its context menu and
    the "Layer" menu (a long successor name lives in a menu item, never on a button), those of
    the whole plan in "More"; the results show in the dialog's own message bar."""

    def __init__(self, iface=None, project=None, parent=None, catalog=None,  # noqa: QGS105
                 applied=None):
        super().__init__(parent or (iface.mainWindow() if iface else None))
        self.iface = iface
        self.project = project or QgsProject.instance()
        if catalog is None:  # the catalogue every path decides with (the last refresh, else the snapshot)
            from ...core.catalog.qgis_side.catalog_store import current_catalog

            catalog = current_catalog()
        self.catalog = catalog
        self.lang = settings.report_language()
        # What Apply (or the open hook) changed: in this session the exact sources, else the
        # project's undo record (after a reopen, or the dialog closed and opened again).
        self.applied = applied if applied is not None else applied_from_project(self.project)
        self.last_applied = None  # the last Apply: the summary speaks of it in the past tense
        self.style_task = None  # style of the last replacement layer, being fetched
        self.setWindowTitle(self.tr("Migrate the project to the Géoplateforme"))
        self._build()
        self._fit_screen()
        self.reload()

    # --- layout -------------------------------------------------------------------------
    def _fit_screen(self):
        screen = self.screen() if hasattr(self, "screen") else None
        available = screen.availableGeometry() if screen is not None else None
        width, height = 1000, 620
        if available is not None:
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 60)
        self.resize(width, height)

    def _build(self):
        layout = QVBoxLayout(self)
        self.message_bar = QgsMessageBar(self)
        layout.addWidget(self.message_bar)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setObjectName("bascule_migration_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.catalogue_label = QLabel(self)  # which catalogue decides, per service, with its date
        self.catalogue_label.setObjectName("bascule_catalogue_provenance")
        self.catalogue_label.setWordWrap(True)
        self.catalogue_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.catalogue_label)

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:"), self))
        self.status_filter = QComboBox(self)
        self.status_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status_filter.setMinimumContentsLength(18)
        self.status_filter.currentIndexChanged.connect(self._filter_changed)
        filters.addWidget(self.status_filter)
        self.check_button = QToolButton(self)
        self.check_button.setText(self.tr("Check"))
        self.check_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        check_menu = QMenu(self.check_button)
        self.check_all_action = _entry(check_menu, self.tr("All"), self.check_all)
        self.check_none_action = _entry(check_menu, self.tr("None"), self.check_none)
        self.check_shown_action = _entry(check_menu, self.tr("Only the layers shown"),
                                                       self.check_shown)
        self.check_button.setMenu(check_menu)
        filters.addWidget(self.check_button)
        filters.addStretch()
        # The selected row's actions (also its context menu).
        self.layer_button = QToolButton(self)
        self.layer_button.setText(self.tr("Layer"))
        self.layer_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.layer_menu = QMenu(self.layer_button)
        self.replace_action = _entry(self.layer_menu, self.tr("Replace with the successor"),
                                                        self.replace_withdrawn)
        self.replacement_action = _entry(self.layer_menu,
            self.tr("Add the vector tile replacement"), self.add_replacement)
        self.split_action = _entry(self.layer_menu, self.tr("Split into single layers"),
                                                      self.split_selected)
        self.split_action.setToolTip(self.tr(
            "The Géoplateforme's WMS-R refuses a request naming more than two layers: migrate "
            "this layer as one layer per name, inside a group at the same place."))
        self.layer_menu.setToolTipsVisible(True)
        self.layer_button.setMenu(self.layer_menu)
        filters.addWidget(self.layer_button)
        layout.addLayout(filters)

        self.model = PlanModel([], self.lang, self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = PlanTable(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.verticalHeader().setVisible(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)

        self.details = QTextBrowser(self)
        self.details.setOpenExternalLinks(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([380, 180])
        layout.addWidget(splitter, 1)

        self.auth_row = QWidget(self)
        auth_layout = QHBoxLayout(self.auth_row)
        auth_layout.setContentsMargins(0, 0, 0, 0)
        auth_label = QLabel(self.tr(
            "Restricted layers (SCAN 25, SCAN 100, SCAN OACI…) need a Géoplateforme key: "
            "create one on <a href='{0}'>cartes.gouv.fr</a>, then add it in <i>My keys</i> "
            "and choose it here.").format(key_store.CARTES_GOUV_URL), self.auth_row)
        auth_label.setOpenExternalLinks(True)
        auth_label.setWordWrap(True)
        auth_layout.addWidget(auth_label, 2)
        self.key_combo = QComboBox(self.auth_row)
        self.key_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.key_combo.setMinimumContentsLength(14)
        auth_layout.addWidget(self.key_combo, 1)
        self.keys_button = QPushButton(self.tr("My keys…"), self.auth_row)
        self.keys_button.clicked.connect(self.open_keys)
        auth_layout.addWidget(self.keys_button)
        layout.addWidget(self.auth_row)

        bottom = QHBoxLayout()
        self.more_button = QToolButton(self)
        self.more_button.setText(self.tr("More"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        self.replace_all_action = _entry(more,
            self.tr("Replace all withdrawn layers with their successor"), self.replace_all_withdrawn)
        self.export_action = _entry(more, self.tr("Export report…"), self._export_clicked)
        self.more_button.setMenu(more)
        bottom.addWidget(self.more_button)
        bottom.addStretch()
        buttons = QDialogButtonBox(self)
        self.revert_button = buttons.addButton(self.tr("Restore the original sources"),
                                               QDialogButtonBox.ButtonRole.ResetRole)
        self.apply_button = buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.close_button = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.revert_button.clicked.connect(self.revert)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

    # --- state --------------------------------------------------------------------------
    def reload(self):
        """Ask the engine again about every layer of the project."""
        from ...core.catalog.catalog_index import provenance_lines, provenance_summary

        self.plans = ordered_plans(plan_project(self.project, self.catalog))
        self.catalogue_label.setText(self.tr("Catalogue: {0}").format(
            provenance_summary(self.catalog, self.lang)))
        self.catalogue_label.setToolTip("\n".join(provenance_lines(self.catalog, self.lang)))
        self.model.set_plans(self.plans, self._done_ids())
        self._fill_filter()
        header = self.table.horizontalHeader()
        # Sized on the first rows (a 1,000-layer project opens in well under a second); the
        # messages column stretches; a long name never widens the dialog.
        header.setResizeContentsPrecision(60)
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), 260))
        self._update_state()

    def _done_ids(self):
        return {c[0] for c in self.applied.changes} if self.applied else set()

    def _fill_filter(self):
        """IGN layers (what needs action first) by default; the others behind the filter,
        with their count. Every status the plan holds gets an entry, with the report's label."""
        current = self.status_filter.currentData()
        counts = {}
        for plan in self.plans:
            counts[plan.status] = counts.get(plan.status, 0) + 1
        labels = status_labels(self.lang)
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        ign = len(self.plans) - counts.get(UNCHANGED, 0)
        self.status_filter.addItem(self.tr("IGN layers ({0})").format(ign), IGN)
        self.status_filter.addItem(self.tr("Non-IGN layers ({0})").format(counts.get(UNCHANGED, 0)),
                                   str(UNCHANGED))
        self.status_filter.addItem(self.tr("All layers ({0})").format(len(self.plans)), "")
        ordered = list(STATUSES) + sorted(set(counts) - set(STATUSES))
        for status in ordered:
            if status != UNCHANGED and counts.get(status):
                self.status_filter.addItem(f"{labels.get(status, status)} ({counts[status]})",
                                           str(status))
        position = self.status_filter.findData(current if current is not None else IGN)
        self.status_filter.setCurrentIndex(max(position, 0))
        self.status_filter.blockSignals(False)
        self.proxy.set_status(self.status_filter.currentData())

    def summary_text(self) -> str:
        """The plan in words: what Apply will do (future), then what the last Apply did."""
        to_migrate = [p for p in self.plans if p.applicable and p.status not in NOT_MIGRATED]
        withdrawn = [p for p in self.plans if p.status == STATUS_WITHDRAWN]
        proposed = [p for p in withdrawn if p.migration.suggestion]
        needs_key = [p for p in to_migrate if p.status == NEEDS_KEY]
        parts = []
        if to_migrate:
            part = _plural(len(to_migrate), self.tr("{0} layer to migrate"),
                           self.tr("{0} layers to migrate"))
            if needs_key:
                part += " " + _plural(len(needs_key), self.tr("(of which {0} needs a key)"),
                                      self.tr("(of which {0} need a key)"))
            parts.append(part)
        if withdrawn:
            part = _plural(len(withdrawn), self.tr("{0} layer withdrawn by IGN"),
                           self.tr("{0} withdrawn by IGN"))
            if proposed:
                part += ", " + _plural(len(proposed), self.tr("of which {0} has a proposed replacement"),
                                       self.tr("of which {0} with a proposed replacement"))
            parts.append(part)
        known = {STATUS_WITHDRAWN, UNCHANGED, CURRENT}
        labels = status_labels(self.lang)
        others = {}
        for plan in self.plans:
            if plan.status not in known and not (plan.applicable and plan.status not in NOT_MIGRATED):
                others[plan.status] = others.get(plan.status, 0) + 1
        for status, count in others.items():
            parts.append(f"{labels.get(status, status)}{colon(self.lang)}{count}")
        text = ", ".join(parts)
        if text:
            text = text[0].upper() + text[1:] + "."
        else:
            text = self.tr("Nothing to migrate.")
        done = self.last_applied
        if done is not None and (done.migrated or done.cleaned):
            past = _plural(done.migrated, self.tr("{0} layer migrated"), self.tr("{0} layers migrated"))
            if done.cleaned:
                past += ", " + _plural(done.cleaned, self.tr(
                    "dead credentials taken out of {0} withdrawn layer"), self.tr(
                    "dead credentials taken out of {0} withdrawn layers"))
            past = past[0].upper() + past[1:] + "."
            text = past + " " + (self.tr("Still:") + " " + text if to_migrate or withdrawn else "")
        return text.strip()

    def _update_state(self):
        self.summary.setText(self.summary_text())
        self.apply_button.setEnabled(any(p.applicable for p in self.plans))
        self.revert_button.setEnabled(bool(self.applied and (self.applied.changes
                                                             or self.applied.tree_changes)))
        self.replace_all_action.setEnabled(bool(self._replaceable()))
        needs_key = any(p.status == NEEDS_KEY for p in self.plans)
        self.auth_row.setVisible(needs_key)
        if needs_key and not self.key_combo.count():
            self._fill_keys()
        self._show_details(self.table.currentIndex())

    def report(self) -> Report:
        report = Report(title=self.project.fileName())
        report.set_catalogue(self.catalog)
        for plan in self.plans:
            report.add(plan.migration, plan.layer_id, plan.name, plan.group)
        return report

    def _filter_changed(self):
        self.proxy.set_status(self.status_filter.currentData() or "")

    # --- check boxes --------------------------------------------------------------------
    def check_all(self):
        self.model.set_checked(lambda plan: True)

    def check_none(self):
        self.model.set_checked(lambda plan: False)

    def check_shown(self):
        """Only the rows the filter shows (with the default filter: the IGN layers)."""
        shown = {self.proxy.mapToSource(self.proxy.index(r, 0)).row()
                 for r in range(self.proxy.rowCount())}
        self.model.set_checked(lambda plan: self.plans.index(plan) in shown)

    def focus_on_layer(self, layer_id: str) -> bool:
        """On one layer (the Layers panel's entry): its row selected and the only one checked;
        the other layers stay listed, unchecked, so Apply does what the table shows."""
        rows = [i for i, plan in enumerate(self.plans) if plan.layer_id == layer_id]
        if not rows:
            return False
        for plan in self.plans:
            plan.checked = plan.layer_id == layer_id and plan.applicable
        self.model.set_plans(self.plans, self._done_ids())
        index = self.proxy.mapFromSource(self.model.index(rows[0], 0))
        if not index.isValid():  # hidden by the filter: show every layer
            self.status_filter.setCurrentIndex(self.status_filter.findData(""))
            index = self.proxy.mapFromSource(self.model.index(rows[0], 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self._update_state()
        return True

    def selected_plan(self):
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.plans[self.proxy.mapToSource(index).row()]

    def _context_menu(self, position):
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        if any(action.isEnabled() for action in self.layer_menu.actions()):
            self.layer_menu.exec(self.table.viewport().mapToGlobal(position))

    def _recorded(self, layer_id):
        """(source before, source after) the undo record holds for a layer, or None."""
        if not self.applied:
            return None
        for changed_id, before, _xml, after in self.applied.changes:
            if changed_id == layer_id:
                return before, after
        return None

    def _show_details(self, index, _previous=None):
        plan = self.selected_plan() if index is not None and index.isValid() else None
        suggestion = plan.migration.suggestion if plan else None
        self.replacement_action.setEnabled(bool(
            plan and plan.status == STATUS_WITHDRAWN and suggestion and suggestion.get("source")))
        successor = self._successor(plan)
        self.replace_action.setEnabled(successor is not None)
        self.replace_action.setText(self.tr("Replace with {0}").format(successor.name)
                                    if successor is not None else self.tr("Replace with the successor"))
        self.split_action.setEnabled(self._splittable(plan))
        self.layer_button.setEnabled(any(a.isEnabled() for a in self.layer_menu.actions()))
        if plan is None:
            self.details.clear()
            return
        old, new = str(plan.migration.source), str(plan.migration.new_source)
        recorded = self._recorded(plan.layer_id)
        if recorded is not None and not plan.migration.changed:
            # Migrated already (by Apply or on opening): the old address beside today's.
            old, new = redact_source(recorded[0], plan.provider), str(plan.migration.source)
        # Shown redacted: no dead credential or old key on screen (nor in a screenshot).
        old, new = diff_html(redact_source(old, plan.provider), redact_source(new, plan.provider))
        messages = "".join(f"<li>{html.escape(m.text(self.lang))}</li>" for m in plan.migration.messages)
        before, after = html.escape(self.tr("Before:")), html.escape(self.tr("After:"))
        self.details.setHtml(
            "<style>del{background:#f8d7da;text-decoration:none}ins{background:#d4edda;"
            "text-decoration:none}td{vertical-align:top;padding-right:8px}</style>"
            f"<p><b>{html.escape(plan.name)}</b> — {html.escape(self.model.status_text(plan))}</p>"
            f"<table width='100%'><tr><td width='50%'><b>{before}</b></td>"
            f"<td width='50%'><b>{after}</b></td></tr>"
            f"<tr><td><code>{old}</code></td><td><code>{new}</code></td></tr></table>"
            f"<ul>{messages}</ul>")

    # --- keys ---------------------------------------------------------------------------
    def _fill_keys(self, select: str = ""):
        """The user's keys; preselected by the one rule of core/keys/key_choice.py (the key known
        to unlock the restricted layers, else the remembered one)."""
        if not select:
            wanted = {key_choice.known_key(p.migration.service, p.migration.new_layer_name
                                           or p.migration.layer_name)
                      for p in self.plans if p.status == NEEDS_KEY}
            select = wanted.pop() if len(wanted) == 1 else settings.authcfg()
        self.key_combo.clear()
        self.key_combo.addItem(self.tr("(no key)"), "")
        for key in key_store.keys():
            if key.usable:
                self.key_combo.addItem(key.name, key.id)
        position = self.key_combo.findData(select)
        self.key_combo.setCurrentIndex(max(position, 0))

    def choose_key(self, config_id: str):
        self.key_combo.setCurrentIndex(max(self.key_combo.findData(config_id), 0))

    def open_keys(self):
        from ..keys.keys_dialog import KeysDialog

        dialog = KeysDialog(parent=self)
        dialog.exec()
        self._fill_keys(self.key_combo.currentData() or "")

    # --- actions ------------------------------------------------------------------------
    def _ensure_applied(self):
        if self.applied is None:
            self.applied = AppliedMigration(self.project)
        return self.applied

    def apply(self):
        authcfg = self.key_combo.currentData() or ""
        needs_key = [p for p in self.plans if p.checked and p.status == NEEDS_KEY]
        if needs_key and not authcfg:
            push(
                self.message_bar, self.tr("Restricted layers"),
                _plural(len(needs_key), self.tr(
                    "{0} restricted layer will be migrated without a key: it stays empty "
                    "until you attach one."), self.tr(
                    "{0} restricted layers will be migrated without a key: they stay empty "
                    "until you attach one.")), Qgis.MessageLevel.Warning)
        applied = apply_plan(self.plans, self.project, authcfg)
        self.last_applied = applied
        total = self._ensure_applied()
        if total is not applied:  # a second Apply: Revert still puts back everything since the first
            total.changes += applied.changes
            total.statuses.update(applied.statuses)
            total.errors = applied.errors
        # Counted as migrated: the layers whose source changed for a migration reason; a
        # withdrawn layer whose dead credentials were taken out is said apart.
        text = _plural(applied.migrated, self.tr("{0} layer migrated."), self.tr("{0} layers migrated."))
        if applied.cleaned:
            text += " " + _plural(applied.cleaned, self.tr(
                "Dead credentials taken out of {0} layer withdrawn by IGN (it stays withdrawn)."),
                self.tr("Dead credentials taken out of {0} layers withdrawn by IGN (they stay "
                        "withdrawn)."))
        invalid = applied.invalid_layers()
        if invalid:
            text += " " + self.tr("Not answering at their new address: {0} (check the network "
                                  "or the key).").format(", ".join(invalid))
        for name, error in applied.errors:
            push(self.message_bar, name, error, Qgis.MessageLevel.Critical)
        self._notify(text, warning=bool(invalid))
        self.reload()

    def revert(self):
        if not self.applied:
            return None
        outcome = self.applied.revert(self.catalog)
        text = _plural(outcome.count, self.tr("{0} original source restored."),
                       self.tr("{0} original sources restored."))
        if outcome.skipped:
            text += " " + self.tr("Left as they are: {0}.").format(
                "; ".join(f"{name} ({reason})" for name, reason in outcome.skipped))
        if outcome.without_credentials:
            text += " " + self.tr("Back without their old credentials: {0}.").format(
                ", ".join(outcome.without_credentials))
        self._notify(text, warning=bool(outcome.skipped or outcome.without_credentials))
        self.applied = applied_from_project(self.project)  # what stays recorded, if anything
        self.last_applied = None
        self.reload()
        return outcome

    def add_replacement(self, plan=None):
        """Add the vector tile layer that replaces a withdrawn raster product, beside it,
        through the one layer factory (IGN's credit, its style); Revert removes it."""
        plan = plan or self.selected_plan()
        suggestion = plan.migration.suggestion if plan else None
        if not suggestion or not suggestion.get("source"):
            return None
        entry = self._catalog_entry(suggestion.get("service", ""), suggestion.get("name", ""))
        try:
            if entry is None:
                raise layer_factory.LayerError(self.tr("The replacement layer is not in the catalogue."))
            options = layer_factory.default_options(entry, self.catalog)
            layer, placed, task = layer_factory.add_entry_layer(
                entry, options, self.catalog, suggestion.get("name") or plan.name, self.project,
                beside=plan.layer_id)
        except layer_factory.LayerError as err:
            push(self.message_bar, self.tr("Vector tiles"), str(err), Qgis.MessageLevel.Critical)
            return None
        if task is not None:
            self.style_task = task
        self._record(placed)
        self._notify(self.tr("Added {0} above {1}.").format(layer.name(), plan.name))
        self._update_state()
        return layer

    # --- splits and replacements (core/migration/qgis_side/layer_split.py), undone by Revert ----------------
    def _record(self, record):
        self._ensure_applied().tree_changes.append(record)

    @staticmethod
    def _splittable(plan) -> bool:
        return bool(plan and plan.applicable and any(
            m.code == "wms_layer_limit" for m in plan.migration.messages))

    def split_selected(self):
        """Migrate the selected WMS-R layer as one layer per name, inside a group."""
        from ...core.migration.qgis_side.layer_split import split_layer

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

    def _catalog_entry(self, service, name):
        from ...core.migration import engine

        catalog = self.catalog if self.catalog is not None else engine.default_catalog()
        return catalog.get(service, name) if catalog is not None else None

    def _successor(self, plan):
        """The catalogue entry that succeeds a withdrawn layer (not a vector tile set: that
        one is added beside, see add_replacement), or None."""
        suggestion = plan.migration.suggestion if plan else None
        if not plan or plan.status != STATUS_WITHDRAWN or not suggestion or suggestion.get("source"):
            return None
        return self._catalog_entry(suggestion.get("service", ""), suggestion.get("name", ""))

    def _replaceable(self):
        return [p for p in self.plans if self.project.mapLayer(p.layer_id) is not None and (
            self._successor(p) is not None or (p.status == STATUS_WITHDRAWN and p.migration.suggestion
                                               and p.migration.suggestion.get("source")))]

    def replace_withdrawn(self, plan=None, reload=True):
        """Replace a withdrawn layer (the selected one) by a new layer of its successor: same
        name, group and position."""
        from ...core.migration.qgis_side.layer_split import replace_layer

        plan = plan or self.selected_plan()
        entry = self._successor(plan)
        if entry is None or self.project.mapLayer(plan.layer_id) is None:
            return None
        try:
            layer = layer_factory.create_layer(entry, name=plan.name, catalog=self.catalog)
        except layer_factory.LayerError as err:
            push(self.message_bar, self.tr("Replacement"), str(err), Qgis.MessageLevel.Critical)
            return None
        record = replace_layer(plan, layer, self.project)
        self._record(record)
        if reload:
            self._notify(self.tr("{0} replaced with {1}.").format(plan.name, entry.name))
            self.reload()
        return record

    def replace_all_withdrawn(self):
        """Every withdrawn layer with a successor, in one step: replaced by it (a vector tile
        successor is added above it). Revert undoes them all."""
        done, failed = [], []
        for plan in self._replaceable():
            if self._successor(plan) is not None:
                result = self.replace_withdrawn(plan, reload=False)
            else:
                result = self.add_replacement(plan)
            (done if result is not None else failed).append(plan.name)
        text = _plural(len(done), self.tr("{0} withdrawn layer replaced with its successor."),
                       self.tr("{0} withdrawn layers replaced with their successor."))
        if failed:
            text += " " + self.tr("Not replaced: {0}.").format(", ".join(failed))
        self.message_bar.clearWidgets()
        self._notify(text, warning=bool(failed))
        self.reload()
        return done

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
        """In the dialog's own message bar: the user is looking at the dialog."""
        # No title: the bar would add "Title:" with an English colon, and the dialog says
        # where we are already.
        push(self.message_bar, "", text,
             Qgis.MessageLevel.Warning if warning else Qgis.MessageLevel.Success)
