"""The catalogue dock: browse, search and add any Géoplateforme layer.

A thin widget over core: the catalogue comes from ``CatalogStore`` (at once from the cache or
the snapshot when the dock is first shown, then refreshed in the background), defaults from
``layer_defaults``, layers from ``layer_factory.create_layer``. Nothing happens at QGIS start-up:
the dock loads its catalogue in its first showEvent.
"""
from __future__ import annotations

from typing import Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProject,
)
from qgis.gui import (
    QgsDockWidget,
    QgsGui,
    QgsMessageBar,
)
from qgis.PyQt.QtCore import QByteArray, QEvent, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.keys.qgis_side import key_access
from ...core.layers import layer_options
from ...core.layers.qgis_side import layer_factory
from ...core.toolbelt.qgis_side import settings
from ...core.toolbelt.log import logger
from ...core.capabilities.model import WFS, Entry
from ...core.catalog.catalog_index import bounded_query
from ...core.layers.layer_options import LayerOptions
from ..entry_actions import entry_actions
from . import catalog_status, dock_state
from ..widgets.plain import push
from .catalog_model import CatalogFilterProxy, CatalogModel
from .catalog_search import CatalogSearch
from .entry_details import EntryDetails

_log = logger(__name__)



def _project_crs() -> str:
    return QgsProject.instance().crs().authid()


class CatalogDock(QgsDockWidget):
    """The Géoplateforme catalogue: search, browse, details, add (button, double-click,
    context menu, drag and drop)."""

    OBJECT_NAME = "BasculeGeoplateformeCatalogDock"
    restrictedLayerAdded = pyqtSignal()

    def __init__(self, iface, store, parent=None):  # noqa: QGS105 - the plugin's iface
        super().__init__(parent)
        self.iface = iface
        self.store = store
        self.loaded = False
        self.last_style_task = None  # the vector tile style being fetched (tests wait on it)
        self.setObjectName(self.OBJECT_NAME)
        self.setWindowTitle(self.tr("Géoplateforme catalogue"))
        self.model = CatalogModel(self)
        self.proxy = CatalogFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.model.options_provider = self.options_for
        self.key_access = key_access.shared()
        self._build_ui()
        store.catalogChanged.connect(self._on_catalog_changed)
        store.refreshStarted.connect(self._on_refresh_started)
        store.refreshProgress.connect(self._on_refresh_progress)
        store.refreshFinished.connect(self._on_refresh_finished)
        self.key_access.tested.connect(self._on_key_tested)

    # --- building -------------------------------------------------------------------------
    def _build_ui(self):
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        self.message_bar = QgsMessageBar(body)
        layout.addWidget(self.message_bar)

        search = CatalogSearch(body)
        # The dock's own names for its parts (the plugin and the tests use them).
        self.search, self.access, self.filters = search.search, search.access, search.filters
        search.queryChanged.connect(self.set_query)
        search.accessChanged.connect(self.set_access)
        self.search_bar = search
        layout.addWidget(search)

        self.view = QTreeView(body)
        self.view.setModel(self.proxy)
        self.view.setUniformRowHeights(True)  # lets Qt skip measuring 1,400 rows
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 160)
        # Narrow dock: the title takes the whole width (the technical name is in the
        # tooltip and the details); a smaller indent leaves the three levels more room.
        self.view.setIndentation(14)
        self.view.installEventFilter(self)

        details = EntryDetails(self.model, self.key_access, self._keys_unlocking, body)
        # The dock's own names for the pane's parts (the plugin and the tests use them).
        self.details, self.legend = details.details, details.legend
        self.options_panel, self.add_button = details.options_panel, details.add_button
        self.options_panel.filter_button.clicked.connect(self.edit_filter)
        self.add_button.clicked.connect(self.add_selected)
        self.details_pane = details

        splitter = QSplitter(Qt.Orientation.Vertical, body)
        splitter.setObjectName("BasculeGeoplateformeCatalogSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.view)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.splitter = splitter

        self.status = QLabel(body)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.progress = QProgressBar(body)
        self.progress.setRange(0, 100)
        self.progress.setMaximumHeight(14)
        self.progress.hide()
        self.refresh_button = self._tool_button("/mActionRefresh.svg",
                                                self.tr("Refresh the catalogue"), self.refresh)
        self.cancel_button = self._tool_button("/mTaskCancel.svg",
                                               self.tr("Cancel the refresh"), self.store.cancel)
        self.cancel_button.hide()
        self.keys_button = self._tool_button("/locked.svg", self.tr("My Géoplateforme keys"),
                                             self.open_keys)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.progress)
        status_row.addWidget(self.cancel_button)
        status_row.addWidget(self.keys_button)
        status_row.addWidget(self.refresh_button)
        layout.addLayout(status_row)
        self.setWidget(body)
        self._show_entry(None)
        self._restore_state()

    # --- state remembered between sessions ------------------------------------------------
    def _restore_state(self):
        """The splitter, the search and the access filter as the user left them."""
        state = settings.DOCK_SPLITTER.get()
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)
        self.set_access(dock_state.access_from_setting(settings.DOCK_ACCESS.get()))
        # A remembered query is restored as far as a search reads it (a pasted 10,000-character
        # query is not searched again in full at every start-up).
        remembered = settings.DOCK_QUERY.get()
        if bounded_query(remembered) != remembered:
            remembered = bounded_query(remembered)
            settings.DOCK_QUERY.set(remembered)
        self.set_query(remembered)
        self.splitter.splitterMoved.connect(self._save_splitter)
        self.search.textChanged.connect(
            lambda text: settings.DOCK_QUERY.set(bounded_query(text)))
        self.access.currentIndexChanged.connect(lambda _: settings.DOCK_ACCESS.set(
            dock_state.access_to_setting(self.access.currentData())))

    def _save_splitter(self, *_):
        settings.DOCK_SPLITTER.set(self.splitter.saveState())

    def eventFilter(self, watched, event):  # noqa: N802 (Qt naming)
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self.view.setColumnHidden(1, not dock_state.shows_name_column(self.view.width()))
        return super().eventFilter(watched, event)

    def _push(self, title: str, text: str, level, duration: int = 0):
        """News in the dock's own message bar (errors stay until closed)."""
        push(self.message_bar, title, text, level, duration)

    def _tool_button(self, icon: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(QgsApplication.getThemeIcon(icon))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # --- loading and refreshing -----------------------------------------------------------
    def showEvent(self, event):  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if not self.loaded:
            self.load()

    def load(self, refresh: bool = True):
        """Show the catalogue the store has now; then refresh it in the background."""
        self.loaded = True
        self._set_catalog(self.store.catalog())
        if refresh:
            self.store.refresh_if_due()  # at most once a day by default; the button always

    def refresh(self):
        self.store.refresh()

    @property
    def catalog(self):
        return self.model.catalog

    def _set_catalog(self, catalog):
        current = self.selected_entry()
        chosen = self.options_panel.options() if current is not None else None
        self.model.set_catalog(catalog)
        self.mark_keys()
        self._after_filter()
        if current is not None:
            again = catalog.get(current.service, current.name, current.restricted)
            if again is not None and self.select_entry(again):
                self.options_panel.restore(chosen)  # a refresh keeps the user's choices
            else:
                self._show_entry(None)  # withdrawn meanwhile: nothing left to add
        self._update_status()

    def _on_catalog_changed(self, catalog):
        if self.loaded:
            self._set_catalog(catalog)

    def _on_refresh_started(self):
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.refresh_button.setEnabled(False)
        self._update_status()

    def _on_refresh_progress(self, value: float):
        self.progress.setValue(int(value))

    def _on_refresh_finished(self, ok: bool, message: str):
        self.progress.hide()
        self.cancel_button.hide()
        self.refresh_button.setEnabled(True)
        if not ok and message:
            self._push(self.tr("Catalogue"), message, Qgis.MessageLevel.Warning, 10)
        self._update_status()

    def _update_status(self):
        total = len(self.model.entries)
        filtered = bool(self.proxy.query) or self.search_bar.access_filtered()
        newest = ""
        if self.loaded and self.store.origin not in (self.store.ORIGIN_LIVE, self.store.ORIGIN_CACHE):
            from ...core.catalog.catalog_index import newest_document_date

            newest = newest_document_date(self.store.catalog())
        self.status.setText(catalog_status.status_text(
            total, self.proxy.shown if filtered else total, self.store.origin, newest,
            self.store.refreshed_at, self.store.is_refreshing()))

    # --- filtering ------------------------------------------------------------------------
    def set_query(self, text: str):
        """Filter as the user types (also what the search field calls)."""
        if self.search_bar.show_query(text):
            return  # comes back here through queryChanged
        self.proxy.set_query(text)
        self._after_filter()

    def set_access(self, restricted: Optional[bool]):
        if self.search_bar.show_access(restricted):
            return  # comes back here
        self.proxy.set_access(restricted)
        self._after_filter()

    def _after_filter(self):
        few = self.search_bar.access_filtered() and self.proxy.shown < 200
        if self.proxy.query.strip() or few:
            self.view.expandAll()  # show the hits, not their folders
        else:
            self.view.collapseAll()
        self._update_status()

    # --- selection and details ------------------------------------------------------------
    def selected_entry(self) -> Optional[Entry]:
        return self.proxy.entry(self.view.currentIndex())

    def select_entry(self, entry: Entry) -> bool:
        """Make ``entry`` the current row (False when the filter hides it)."""
        index = self.proxy.mapFromSource(self.model.index_of(entry))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _on_current_changed(self, current, _previous):
        self._show_entry(self.proxy.entry(current))

    def _show_entry(self, entry: Optional[Entry]):
        self.details_pane.show_entry(entry, self.catalog, _project_crs())

    def _details_html(self, entry: Entry) -> str:
        return self.details_pane.details_html(entry, self.catalog)

    # --- adding ---------------------------------------------------------------------------
    def options_for(self, entry: Entry) -> LayerOptions:
        """The panel's options for the selected entry, the defaults for any other."""
        if entry is self.options_panel.entry:
            return self.options_panel.options()
        return layer_options.default_options(entry, self.catalog, _project_crs())

    def add_selected(self):
        entry = self.selected_entry()
        if entry is not None:
            self.add_entry(entry)

    def add_entry(self, entry: Entry, options: Optional[LayerOptions] = None,
                  authcfg: Optional[str] = None, ask_key: bool = False):
        """Add ``entry`` to the project; returns the layer, or None (error shown in the
        dock, or the user cancelled the key dialog). What Add, double-click and the context
        menu call; the Browser and the locator go through the same ``entry_actions.add``."""
        added = entry_actions.add(entry, self.catalog, self.message_bar,
                                  options or self.options_for(entry), authcfg, ask_key, self,
                                  self.key_access)
        if not added.ok:
            return None
        if added.style_task is not None:
            added.style_task.applied.connect(self._on_style_applied)
            self.last_style_task = added.style_task
        if entry.restricted:
            self.restrictedLayerAdded.emit()
        return added.layer

    def _on_style_applied(self, ok: bool, message: str):
        if not ok:
            self._push(self.tr("Style not applied"), message, Qgis.MessageLevel.Warning, 8)

    def _authcfg_for(self, entry: Entry, ask: bool = False) -> str:
        """The key for a restricted entry, by the one rule of core/keys/key_choice.py."""
        return entry_actions.key_for(entry, self, ask, self.key_access)

    # --- keys -----------------------------------------------------------------------------
    def open_keys(self):
        from ..keys.keys_dialog import KeysDialog

        KeysDialog(self.key_access, self).exec()
        self.mark_keys()
        self._show_entry(self.selected_entry())

    def _keys_unlocking(self, entry: Entry):
        return [key.name for key in self.key_access.keys_unlocking(entry.service, entry.name)]

    def mark_keys(self):
        self.model.mark_keys(self._keys_unlocking)

    def _on_key_tested(self, config_id, report):
        self.mark_keys()
        entry = self.selected_entry()
        if entry is not None and entry.restricted:
            self.details.setHtml(self._details_html(entry))

    def copy_source(self, entry: Entry) -> str:
        """Put the entry's data source on the clipboard (no secret: authcfg only)."""
        return entry_actions.copy_source(entry, self.options_for(entry), self.key_access)

    def edit_filter(self):
        """WFS: QGIS's own subset editor (query builder) on the feature type."""
        entry = self.options_panel.entry
        if entry is None or entry.service != WFS:
            return
        options = self.options_panel.options()
        options.subset = ""
        if entry.restricted:
            options.authcfg = self._authcfg_for(entry)
            if not options.authcfg:
                return
        try:
            layer = layer_factory.create_layer(entry, options, catalog=self.catalog)
        except layer_factory.LayerError as err:
            self._push(self.tr("Filter"), str(err), Qgis.MessageLevel.Critical)
            return
        dialog = QgsGui.subsetStringEditorProviderRegistry().createDialog(layer, self)
        dialog.setSubsetString(self.options_panel.subset)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.options_panel.set_subset(dialog.subsetString())
        dialog.deleteLater()

    # --- view events ----------------------------------------------------------------------
    def _on_double_clicked(self, index):
        entry = self.proxy.entry(index)
        if entry is not None:
            self.add_entry(entry)

    def _context_menu(self, position):
        entry = self.proxy.entry(self.view.indexAt(position))
        if entry is None:
            return
        menu = QMenu(self)
        menu.addAction(QgsApplication.getThemeIcon("/mActionAddLayer.svg"), self.tr("Add to map"),
                       lambda: self.add_entry(entry))
        if entry.restricted:
            menu.addAction(QgsApplication.getThemeIcon("/locked.svg"),
                           self.tr("Add with another key…"),
                           lambda: self.add_entry(entry, ask_key=True))
        menu.addAction(QgsApplication.getThemeIcon("/mActionEditCopy.svg"),
                       self.tr("Copy data source"), lambda: self.copy_source(entry))
        menu.exec(self.view.viewport().mapToGlobal(position))
