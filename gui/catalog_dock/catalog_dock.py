"""The catalogue dock: browse, search and add any Géoplateforme layer.

A thin widget over core: the catalogue comes from ``CatalogStore`` (at once from the cache or
the snapshot when the dock is first shown, then refreshed in the background), defaults from
``layer_defaults``, layers from ``layer_factory.create_layer``. Nothing happens at QGIS start-up:
the dock loads its catalogue in its first showEvent.
"""
from __future__ import annotations

import html
from datetime import datetime
from typing import Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsProject,
)
from qgis.gui import (
    QgsCollapsibleGroupBox,
    QgsDockWidget,
    QgsFilterLineEdit,
    QgsGui,
    QgsMessageBar,
)
from qgis.PyQt.QtCore import QByteArray, QEvent, QTimer, Qt, pyqtSignal
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...core.keys.qgis_side import key_access
from ...core.layers import layer_options
from ...core.layers.qgis_side import layer_factory
from ...core.toolbelt.qgis_side import network, settings
from ...core.toolbelt.log import logger
from ...core.capabilities.model import TMS, WFS, WMTS, Entry
from ...core.catalog.catalog_index import bounded_query
from ...core.layers.layer_options import LayerOptions
from ..entry_actions import entry_actions
from . import dock_state
from ..keys import key_choice
from ..widgets.plain import push
from .catalog_model import CatalogFilterProxy, CatalogModel
from ..widgets.formatting import local_datetime

_log = logger(__name__)

LEGEND_MAX_WIDTH = 260
TYPING_PAUSE_MS = 150  # keys closer than this are one query


def _project_crs() -> str:
    return QgsProject.instance().crs().authid()


class LayerOptionsPanel(QGroupBox):
    """The choices for the selected entry, preset by ``default_options``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Options"))
        self.entry: Optional[Entry] = None
        self._defaults = LayerOptions()
        self._choices = layer_options.Choices()
        self.subset = ""
        self.tile_matrix_set = QComboBox()
        self.crs = QComboBox()
        self.format = QComboBox()
        self.style = QComboBox()
        self.vector_style = QComboBox()
        # Short enough for a 300 px dock (a check box does not wrap); the tooltip says it all.
        self.extent_only = QCheckBox(self.tr("In the current view only"))
        self.extent_only.setToolTip(self.tr("Only features in the current view"))
        self.filter_button = QPushButton(QgsApplication.getThemeIcon("/mActionFilter2.svg"),
                                         self.tr("Filter…"))
        self.filter_label = QLabel()
        self.filter_label.setWordWrap(True)
        self.filter_label.setTextFormat(Qt.TextFormat.PlainText)
        filter_row = QWidget()
        row = QHBoxLayout(filter_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.filter_button)
        row.addWidget(self.filter_label, 1)
        for combo in (self.tile_matrix_set, self.crs, self.format, self.style, self.vector_style):
            # A long CRS or style name is elided in the combo, never widens the dock.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows = {}
        for key, label, widget in (
                ("tile_matrix_set", self.tr("Tile matrix set"), self.tile_matrix_set),
                ("crs", self.tr("CRS"), self.crs), ("format", self.tr("Format"), self.format),
                ("style", self.tr("Style"), self.style),
                ("vector_style", self.tr("Style"), self.vector_style),
                ("extent_only", "", self.extent_only), ("filter", "", filter_row)):
            caption = QLabel(label)
            form.addRow(caption, widget)
            self._rows[key] = (caption, widget)
        self.set_entry(None)

    def _show_row(self, key: str, visible: bool):
        for widget in self._rows[key]:
            widget.setVisible(visible)

    @staticmethod
    def _fill(combo: QComboBox, items, current):
        combo.blockSignals(True)
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        position = combo.findData(current)
        combo.setCurrentIndex(position if position >= 0 else 0)
        combo.blockSignals(False)

    @staticmethod
    def _crs_text(code: str) -> str:
        description = QgsCoordinateReferenceSystem(code).description()
        return f"{code} – {description}" if description else code

    def set_entry(self, entry: Optional[Entry], catalog=None, project_crs: str = ""):
        self.entry = entry
        self.subset = ""
        self._update_filter_label()
        if entry is None:  # no empty "Options" frame before a selection
            self.setEnabled(False)
            for key in self._rows:
                self._show_row(key, False)
            self.setVisible(False)
            return
        self.setEnabled(True)
        self.setVisible(True)
        self._choices = offered = layer_options.choices(entry, catalog)
        self._defaults = defaults = layer_options.default_options(entry, catalog, project_crs)
        self._fill(self.tile_matrix_set,
                   [(f"{tms} ({crs})" if crs else tms, tms)
                    for tms, crs in offered.tile_matrix_sets],
                   defaults.tile_matrix_set)
        self._fill(self.crs, [(self._crs_text(c), c) for c in offered.crs], defaults.crs)
        self._fill(self.format, [(f, f) for f in offered.formats], defaults.format)
        self._fill(self.style, [(title if title == name else f"{title} ({name})", name)
                                for name, title in offered.styles], defaults.style)
        self._fill(self.vector_style, [(name, name) for name, _ in offered.style_urls],
                   defaults.style)
        self.extent_only.setChecked(defaults.extent_only)
        vector_tiles = layer_options.is_vector_tiles(entry)
        self._show_row("tile_matrix_set", entry.service == WMTS and bool(offered.tile_matrix_sets))
        self._show_row("crs", entry.service not in (WMTS, TMS) and bool(offered.crs))
        self._show_row("format", not vector_tiles and entry.service != WFS
                       and self.format.count() > 1)
        self._show_row("style", entry.service not in (WFS, TMS) and self.style.count() > 1)
        self._show_row("vector_style", vector_tiles and self.vector_style.count() > 0)
        self._show_row("extent_only", offered.can_filter)
        self._show_row("filter", offered.can_filter)

    def restore(self, chosen: LayerOptions):
        """Show ``chosen`` again (after a refresh rebuilt the panel for the same entry)."""
        for combo, value in ((self.tile_matrix_set, chosen.tile_matrix_set), (self.crs, chosen.crs),
                             (self.format, chosen.format), (self.style, chosen.style),
                             (self.vector_style, chosen.style)):
            position = combo.findData(value)
            if position >= 0:
                combo.setCurrentIndex(position)
        self.extent_only.setChecked(chosen.extent_only)
        self.set_subset(chosen.subset)

    def set_subset(self, subset: str):
        self.subset = subset or ""
        self._update_filter_label()

    def _update_filter_label(self):
        self.filter_label.setText(self.subset or self.tr("No filter"))

    def options(self) -> LayerOptions:
        """The options as the widgets show them now."""
        entry = self.entry
        if entry is None:
            return LayerOptions()
        chosen = LayerOptions(**vars(self._defaults))
        if entry.service == WMTS and self.tile_matrix_set.count():
            chosen.tile_matrix_set = self.tile_matrix_set.currentData()
            set_crs = dict(self._choices.tile_matrix_sets).get(chosen.tile_matrix_set)
            chosen.crs = set_crs or chosen.crs  # a tile matrix set fixes the CRS
        elif self.crs.count():
            chosen.crs = self.crs.currentData()
        if self.format.count():
            chosen.format = self.format.currentData()
        if entry.service != TMS and self.style.count():
            chosen.style = self.style.currentData()
        if layer_options.is_vector_tiles(entry) and self.vector_style.count():
            chosen.style = self.vector_style.currentData()
            chosen.style_url = layer_options.vector_style_url(entry, chosen.style)
        if entry.service == WFS:
            chosen.extent_only = self.extent_only.isChecked()
            chosen.subset = self.subset
        return chosen


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
        self._legend_fetcher = None
        self.last_style_task = None  # the vector tile style being fetched (tests wait on it)
        self.setObjectName(self.OBJECT_NAME)
        self.setWindowTitle(self.tr("Géoplateforme catalogue"))
        self.model = CatalogModel(self)
        self.proxy = CatalogFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.model.options_provider = self.options_for
        self._build_ui()
        store.catalogChanged.connect(self._on_catalog_changed)
        store.refreshStarted.connect(self._on_refresh_started)
        store.refreshProgress.connect(self._on_refresh_progress)
        store.refreshFinished.connect(self._on_refresh_finished)
        self.key_access = key_access.shared()
        self.key_access.tested.connect(self._on_key_tested)

    # --- building -------------------------------------------------------------------------
    def _build_ui(self):
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        self.message_bar = QgsMessageBar(body)
        layout.addWidget(self.message_bar)

        self.search = QgsFilterLineEdit(body)
        self.search.setShowSearchIcon(True)
        self.search.setPlaceholderText(self.tr("Search layers (title, name, keyword)…"))
        # Typing is debounced (the filter runs once the keys pause); text set by code filters
        # at once. Either way the search looks at a bounded part of the query (catalog.py).
        self._typed = ""
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(lambda: self.set_query(self.search.text()))
        self.search.textEdited.connect(self._on_edited)
        self.search.textChanged.connect(self._on_text_changed)
        self.access = QComboBox(body)
        for text, value in ((self.tr("All layers"), CatalogFilterProxy.ALL),
                            (self.tr("Open data"), CatalogFilterProxy.OPEN),
                            (self.tr("Restricted (key needed)"), CatalogFilterProxy.RESTRICTED)):
            self.access.addItem(text, value)
        self.access.currentIndexChanged.connect(
            lambda _: self.set_access(self.access.currentData()))
        # The access filter, folded by default under the search: at full width its text is
        # never cut ("Toutes les couc…"), and the folded title says which one is on.
        self.access.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.access.setMinimumContentsLength(8)
        layout.addWidget(self.search)
        self.filters = QgsCollapsibleGroupBox(self.tr("Filters"), body)
        self.filters.setObjectName("BasculeGeoplateformeCatalogFilters")
        self.filters.setCollapsed(True)
        filters_layout = QVBoxLayout(self.filters)
        filters_layout.addWidget(self.access)
        self.access.currentIndexChanged.connect(self._title_filters)
        layout.addWidget(self.filters)

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

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        self.details = QTextBrowser(details)
        self.details.setOpenExternalLinks(True)
        self.legend = QLabel(details)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.legend.hide()
        self.options_panel = LayerOptionsPanel(details)
        self.options_panel.filter_button.clicked.connect(self.edit_filter)
        # Legends differ per style (e.g. PCI vecteur): follow the chosen one.
        self.options_panel.style.currentIndexChanged.connect(
            lambda _: self._fetch_legend(self.options_panel.entry))
        self.add_button = QPushButton(QgsApplication.getThemeIcon("/mActionAddLayer.svg"),
                                      self.tr("Add to map"), details)
        self.add_button.clicked.connect(self.add_selected)
        self.add_button.setEnabled(False)
        details_layout.addWidget(self.details, 1)
        details_layout.addWidget(self.legend)
        # The options above the button (not beside it): the dock keeps its width on selection.
        details_layout.addWidget(self.options_panel)
        details_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)

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

    def _title_filters(self, *_):
        """The folded filters say which access filter is on."""
        if self.access.currentIndex() > 0:
            self.filters.setTitle(self.tr("Filters: {0}").format(self.access.currentText()))
        else:
            self.filters.setTitle(self.tr("Filters"))

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
        filtered = bool(self.proxy.query) or self.access.currentData() is not None
        shown = self.proxy.shown if filtered else total
        origin = {self.store.ORIGIN_LIVE: self.tr("the Géoplateforme"),
                  self.store.ORIGIN_CACHE: self.tr("the cache")}.get(self.store.origin)
        if origin is None:  # the snapshot: as old as its newest IGN document
            from ...core.catalog.catalog_index import newest_document_date

            newest = newest_document_date(self.store.catalog()) if self.loaded else ""
            origin = (self.tr("the bundled snapshot of IGN documents up to {0}").format(
                self._day(newest)) if newest else self.tr("the bundled snapshot"))
        text = (self.tr("{0} layers").format(total) if shown == total
                else self.tr("{0} of {1} layers").format(shown, total))
        text += " · " + self.tr("from {0}").format(origin)
        when = self._when(self.store.refreshed_at)
        if when:
            text += " · " + self.tr("refreshed {0}").format(when)
        if self.store.is_refreshing():
            text += " · " + self.tr("refreshing…")
        self.status.setText(text)

    @staticmethod
    def _day(iso: str) -> str:
        """A date as the user's locale writes it."""
        from qgis.PyQt.QtCore import QDate, QLocale

        day = QDate.fromString(iso[:10], "yyyy-MM-dd")
        return QLocale().toString(day, QLocale.FormatType.ShortFormat) if day.isValid() else iso

    @staticmethod
    def _when(iso: Optional[str]) -> str:
        if not iso:
            return ""
        try:
            return local_datetime(datetime.fromisoformat(iso))
        except ValueError:
            return iso or ""

    # --- filtering ------------------------------------------------------------------------
    def _on_edited(self, text: str):
        self._typed = text
        self._typing.start()

    def _on_text_changed(self, text: str):
        if self._typing.isActive() and text == self._typed:
            return  # a keystroke: the timer filters once the typing pauses
        self._typing.stop()
        self.set_query(text)

    def set_query(self, text: str):
        """Filter as the user types (also what the search field calls)."""
        if self.search.text() != text:
            self.search.setText(text)  # comes back here through textChanged
            return
        self.proxy.set_query(text)
        self._after_filter()

    def set_access(self, restricted: Optional[bool]):
        position = self.access.findData(restricted)
        if position >= 0 and position != self.access.currentIndex():
            self.access.setCurrentIndex(position)  # comes back here
            return
        self.proxy.set_access(restricted)
        self._after_filter()

    def _after_filter(self):
        few = self.access.currentData() is not None and self.proxy.shown < 200
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
        self.add_button.setEnabled(entry is not None)
        self.options_panel.set_entry(entry, self.catalog, _project_crs())
        self.details.setHtml(self._details_html(entry) if entry else self.tr(
            "<p>Select a layer to see its description.</p>"))
        self._fetch_legend(entry)

    def _details_html(self, entry: Entry) -> str:
        esc = html.escape
        offered = layer_options.choices(entry, self.catalog)
        rows = [(self.tr("Name"), esc(entry.name)),
                (self.tr("Service"), esc(self.model.service_label(entry.service))
                 + (" · " + self.tr("restricted (key needed)") if entry.restricted else ""))]
        if entry.restricted:
            names = self._keys_unlocking(entry)
            rows.append((self.tr("Your keys"), esc(", ".join(names)) if names else self.tr(
                "none known to unlock it (test your keys in <i>My Géoplateforme keys</i>)")))
        if entry.theme:
            rows.append((self.tr("Theme"), esc(self.model.theme_label(entry.theme))))
        if entry.keywords:
            rows.append((self.tr("Keywords"), esc(", ".join(entry.keywords))))
        if offered.crs:
            rows.append((self.tr("CRS"), esc(", ".join(offered.crs))))
        if entry.formats:
            rows.append((self.tr("Formats"), esc(", ".join(entry.formats))))
        styles = [name for name, _ in offered.style_urls] or [s.name for s in entry.styles]
        if styles:
            rows.append((self.tr("Styles"), esc(", ".join(styles))))
        if offered.tile_matrix_sets:
            rows.append((self.tr("Tile matrix sets"),
                         esc(", ".join(tms for tms, _ in offered.tile_matrix_sets))))
        if offered.min_zoom is not None and offered.max_zoom is not None:
            rows.append((self.tr("Zoom levels"), f"{offered.min_zoom}–{offered.max_zoom}"))
        if entry.bbox_wgs84:
            rows.append((self.tr("Extent (WGS 84)"),
                         esc(", ".join(f"{value:.4f}" for value in entry.bbox_wgs84))))
        for url in entry.metadata_urls:  # a link only to a web page, never a file or a script
            if not url.lower().startswith(("https://", "http://")):
                rows.append((self.tr("Metadata"), esc(url)))
                continue
            rows.append((self.tr("Metadata"), f"<a href='{esc(url, quote=True)}'>{esc(url)}</a>"))
        table = "".join(f"<tr><td><b>{label}</b>&nbsp;</td><td>{value}</td></tr>"
                        for label, value in rows)
        abstract = "" if entry.abstract == entry.title else esc(entry.abstract).replace("\n", "<br>")
        return (f"<h3>{esc(entry.title or entry.name)}</h3>"
                f"{f'<p>{abstract}</p>' if abstract else ''}<table>{table}</table>")

    def _fetch_legend(self, entry: Optional[Entry]):
        """The legend image, fetched without blocking (the selection may move on meanwhile)."""
        if self._legend_fetcher is not None:
            previous, self._legend_fetcher = self._legend_fetcher, None
            previous.finished.disconnect()
            previous.cancel()
            previous.deleteLater()
        self.legend.clear()
        self.legend.hide()
        url = ""
        if entry is not None:
            style = self.options_panel.options().style
            legends = [s.legend_url for s in entry.styles if s.legend_url and s.name == style]
            legends += [s.legend_url for s in entry.styles if s.legend_url]
            url = layer_options.rebase(legends[0]) if legends else ""
        if not url:
            return
        # core/toolbelt/qgis_side/network.py: the key only on the Géoplateforme, even after a redirect.
        fetcher = network.Fetcher(network.FOLLOW, self)
        fetcher.finished.connect(lambda: self._on_legend(fetcher))
        self._legend_fetcher = fetcher
        key = key_choice.known_key(entry.service, entry.name, self.key_access) if entry.restricted else ""
        fetcher.fetch(url, key)

    def _on_legend(self, fetcher):
        if fetcher is not self._legend_fetcher:
            return
        pixmap = QPixmap()
        if fetcher.content:
            pixmap.loadFromData(fetcher.content)
        if not pixmap.isNull():
            if pixmap.width() > LEGEND_MAX_WIDTH:
                pixmap = pixmap.scaledToWidth(LEGEND_MAX_WIDTH,
                                              Qt.TransformationMode.SmoothTransformation)
            self.legend.setPixmap(pixmap)
            self.legend.show()

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
