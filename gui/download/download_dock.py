"""The Téléchargement panel: the download service's catalogue, browsed from QGIS.

A thin dock over core/download: resources listed page by page as the user scrolls
(``FeedListing``), searched (the service has no text search: searching lists the remaining
pages, then filters them here), filtered as the service filters (zone, format, CRS, edition
dates, the map view as a polygon); a resource's editions and, on expanding one, its files with
their sizes, the split volumes grouped, and the licence. Nothing is listed before the panel is
first shown.

Part 2: the chosen file (or split archive, as one item) is downloaded into the download folder
(``core/download/qgis_side/transfer.py``: streamed to disk, resumed, MD5-checked), several queued, each
with its progress, speed and a cancel; a restricted one only after its licence terms are shown
and accepted, with the panel's key. Once done, the archive is unpacked in a task and its layers
are added under the resource's name. A public FlatGeoBuf edition opens without downloading,
its caveat said (GDAL's own HTTP client: no QGIS proxy, no auth config).
"""
from __future__ import annotations

from typing import Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsTask,
)
from qgis.gui import (
    QgsAuthConfigSelect,
    QgsCollapsibleGroupBox,
    QgsDockWidget,
    QgsFileWidget,
    QgsFilterLineEdit,
)
from qgis.PyQt.QtCore import QDate, QLocale, QSortFilterProxyModel, Qt, QTimer
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QSizePolicy,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.toolbelt.qgis_side import settings, tasks
from ...core.toolbelt.log import logger
from ...core.download import feed, zones
from ...core.download.qgis_side.client import FeedListing
from ...core.download.feed import FeedEntry, Filters
from ...core.toolbelt.units import format_size, format_speed
from ..widgets.flow_layout import FlowLayout
from ..widgets.plain import push, tooltip

_log = logger(__name__)

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
JOB_ROLE = Qt.ItemDataRole.UserRole + 3
FORMATS = ("SHP", "GPKG", "GeoParquet", "FlatGeoBuf", "JP2-E080", "JP2-E100", "TIFF", "ASC", "SQL")
# The CRSs the Géoplateforme's products come in (metropolitan France, WGS 84, overseas).
CRS_CODES = ("EPSG:2154", "EPSG:4326", "EPSG:3857", "EPSG:5490", "EPSG:2972", "EPSG:2975",
             "EPSG:4471", "EPSG:4467")


def _size_text(size: Optional[int]) -> str:
    return format_size(size, settings.language())


def _date_text(iso: str) -> str:
    """An edition date (YYYY-MM-DD) in the user's own short date form."""
    date = QDate.fromString(iso or "", Qt.DateFormat.ISODate)
    return QLocale().toString(date, QLocale.FormatType.ShortFormat) if date.isValid() else (iso or "")


def _singular(count: int) -> bool:
    """French agreement: 0 and 1 are singular ("1 ressource"); English: 1 only."""
    return count == 1 or (count == 0 and settings.language() == "fr")


def _terms_text(terms) -> str:
    return ", ".join(t.label or t.term for t in terms)


class DownloadPanel(QgsDockWidget):
    """The dock; ``page_size`` entries per request (the service allows 50)."""

    page_size = 50

    def __init__(self, iface, parent=None):  # noqa: QGS105 - the plugin's iface
        super().__init__(parent)
        self.iface = iface
        self.setObjectName("BasculeGeoplateformeDownloadDock")
        self.setWindowTitle(self.tr("Géoplateforme downloads"))
        self.listing: Optional[FeedListing] = None
        self.editions_listing: Optional[FeedListing] = None
        self.file_listings: Dict[str, FeedListing] = {}
        self.queue = None  # the DownloadQueue, made on the first download
        self.licence_box: Optional[QMessageBox] = None
        self.unpack_tasks: List[QgsTask] = []
        self._loaded = False
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(400)  # the user is still typing
        self._reload_timer.timeout.connect(self.reload)
        self._build_ui()

    # --- layout -----------------------------------------------------------------------
    def _build_ui(self):
        body = QWidget()
        layout = QVBoxLayout(body)
        self.search = QgsFilterLineEdit()
        self.search.setShowSearchIcon(True)
        self.search.setPlaceholderText(self.tr("Search the resources…"))
        self.search.textChanged.connect(self._on_search)
        layout.addWidget(self.search)
        layout.addWidget(self._filters_box())

        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels([self.tr("Resource"), self.tr("Name")])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.resources = QTreeView()
        self.resources.setModel(self.proxy)
        self.resources.setRootIsDecorated(False)
        self.resources.setUniformRowHeights(True)
        self.resources.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.resources.selectionModel().currentChanged.connect(self._on_resource_changed)
        self.resources.verticalScrollBar().valueChanged.connect(self._maybe_fetch_more)
        self.resources.setColumnWidth(0, 220)

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editions = QTreeWidget()
        self.editions.setHeaderLabels([self.tr("Edition or file"), self.tr("Zone"), self.tr("Format"),
                                       self.tr("CRS"), self.tr("Edition date"), self.tr("Size")])
        self.editions.itemExpanded.connect(self._on_edition_expanded)
        self.editions.setColumnWidth(0, 320)  # sub-resource names are long
        self.editions.verticalScrollBar().valueChanged.connect(self._maybe_fetch_more_editions)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details)
        lower_layout.addWidget(self.editions, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.resources)
        splitter.addWidget(lower)
        splitter.addWidget(self._downloads_box())
        layout.addWidget(splitter, 1)

        status_row = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setMinimumWidth(80)  # wraps rather than widening a narrow dock
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(60)
        self.progress.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.progress)
        status_row.addWidget(self.cancel_button)
        layout.addLayout(status_row)
        self.setWidget(body)

    def _downloads_box(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        # The buttons wrap onto a second line in a narrow dock instead of widening it.
        button_row = QWidget()
        buttons = FlowLayout(button_row)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setToolTip(self.tr("Download the chosen file (a split archive as one "
                                                "item) into the download folder"))
        self.download_button.clicked.connect(self.download_selected)
        self.stream_button = QPushButton(self.tr("Open without downloading"))
        self.stream_button.setToolTip(self.tr(
            "Open the edition's streamable FlatGeobuf copy over HTTP. GDAL reads it with its own "
            "HTTP client: QGIS's proxy settings and authentication configurations do not apply."))
        self.stream_button.clicked.connect(self.open_selected_without_download)
        self.add_button = QPushButton(self.tr("Add the layers"))
        self.add_button.clicked.connect(self.add_selected_layers)
        self.cancel_download_button = QPushButton(self.tr("Cancel the download"))
        self.cancel_download_button.clicked.connect(self.cancel_selected_download)
        for button in (self.download_button, self.stream_button, self.add_button,
                       self.cancel_download_button):
            buttons.addWidget(button)
        column.addWidget(button_row)
        self.folder = QgsFileWidget()
        self.folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder.setDialogTitle(self.tr("Download folder"))
        self.folder.setFilePath(settings.download_folder())
        self.folder.fileChanged.connect(self._on_folder_changed)
        column.addWidget(QLabel(self.tr("Download folder")))
        column.addWidget(self.folder)
        self.downloads = QTreeWidget()
        self.downloads.setRootIsDecorated(False)
        self.downloads.setHeaderLabels([self.tr("File"), self.tr("Progress"), self.tr("State")])
        self.downloads.setColumnWidth(0, 260)
        self.downloads.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.editions.currentItemChanged.connect(lambda *_: self._update_buttons())
        column.addWidget(self.downloads, 1)
        self._update_buttons()
        return box

    def _filters_box(self) -> QWidget:
        box = QgsCollapsibleGroupBox(self.tr("Filters"))
        box.setCollapsed(True)  # folded by default: the list gets the room
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: narrow
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItem("", "")
        for zone in zones.all_zones():
            self.zone.addItem(zone.label, zone.code)
        self.zone.lineEdit().setPlaceholderText(self.tr("Any zone: département, région…"))
        completer = QCompleter(self.zone.model(), self.zone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone.setCompleter(completer)
        self.format = QComboBox()
        self.format.setEditable(True)
        self.format.addItems(("",) + FORMATS)
        self.format.lineEdit().setPlaceholderText(self.tr("Any format"))
        self.crs = QComboBox()
        self.crs.setEditable(True)
        self.crs.addItem("", "")
        for code in CRS_CODES:
            self.crs.addItem(f"{code} – {QgsCoordinateReferenceSystem(code).description()}", code)
        self.crs.lineEdit().setPlaceholderText(self.tr("Any CRS"))
        self.date_from_check, self.date_from = self._date_pair(self.tr("from"), QDate(2000, 1, 1))
        self.date_to_check, self.date_to = self._date_pair(self.tr("to"), QDate.currentDate())
        dates = QWidget()
        dates_row = FlowLayout(dates)
        for widget in (self.date_from_check, self.date_from, self.date_to_check, self.date_to):
            dates_row.addWidget(widget)
        for combo in (self.zone, self.format, self.crs):  # long CRS names never widen the dock
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.extent = QCheckBox(self.tr("Covering the map view"))  # short: a narrow dock
        self.extent.setToolTip(self.tr("Only what covers the map view"))
        self.restricted = QCheckBox(self.tr("Restricted, with my key"))  # short: a narrow dock
        self.restricted.setToolTip(self.tr("Restricted resources, with my key"))
        self.key = QgsAuthConfigSelect(box, "wms")
        self.key.setConfigId(settings.authcfg())
        self.key.setVisible(False)
        self.restricted.toggled.connect(self.key.setVisible)
        form.addRow(self.tr("Zone"), self.zone)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("CRS"), self.crs)
        form.addRow(self.tr("Edition date"), dates)
        form.addRow(self.extent)
        form.addRow(self.restricted)
        form.addRow(self.key)
        for combo in (self.zone, self.format, self.crs):
            combo.currentTextChanged.connect(self.schedule_reload)
        for check in (self.date_from_check, self.date_to_check, self.extent, self.restricted):
            check.toggled.connect(self.schedule_reload)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.schedule_reload)
        self.key.selectedConfigIdChanged.connect(self.schedule_reload)
        if self.iface is not None:
            self.iface.mapCanvas().extentsChanged.connect(self._on_extent_changed)
        return box

    def _date_pair(self, text: str, default: QDate):
        check = QCheckBox(text)
        edit = QDateEdit(default)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))  # local
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        return check, edit

    # --- filters ------------------------------------------------------------------------
    def filters(self) -> Filters:
        """The filters as chosen; raises ValueError (a message for the user) on bad input."""
        zone_text = self.zone.currentText().strip()
        zone = zones.zone_code(zone_text)
        if zone_text and not zone:
            raise ValueError(self.tr("Unknown zone: {0}").format(zone_text))
        crs_text = self.crs.currentText().strip()
        index = self.crs.findText(crs_text)
        crs = self.crs.itemData(index) if index > 0 else crs_text.split(" ")[0]
        if crs and not feed.crs_authid(crs):
            raise ValueError(self.tr("Not an EPSG code: {0}").format(crs_text))
        chosen = Filters(zone=zone, format=self.format.currentText().strip(), crs=crs)
        if self.date_from_check.isChecked():
            chosen.edition_date_from = self.date_from.date().toString(Qt.DateFormat.ISODate)
        if self.date_to_check.isChecked():
            chosen.edition_date_to = self.date_to.date().toString(Qt.DateFormat.ISODate)
        if chosen.edition_date_from and chosen.edition_date_to and \
                chosen.edition_date_from > chosen.edition_date_to:
            raise ValueError(self.tr("The edition date range is empty."))
        if self.extent.isChecked():
            chosen.polygon = self._view_polygon()
        chosen.query()  # every value checked before anything is sent
        return chosen

    def _view_polygon(self):
        canvas = self.iface.mapCanvas()
        wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
        transform = QgsCoordinateTransform(canvas.mapSettings().destinationCrs(), wgs84,
                                           QgsProject.instance())
        box = transform.transformBoundingBox(canvas.extent())
        return feed.bbox_polygon(box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())

    def _restricted(self) -> bool:
        return self.restricted.isChecked()

    def _authcfg(self) -> str:
        return (self.key.configId() or "") if self._restricted() else ""

    # --- listing resources ------------------------------------------------------------------
    def showEvent(self, event):  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def schedule_reload(self, *_):
        if self._loaded:
            self._reload_timer.start()

    def _on_extent_changed(self):
        if self.extent.isChecked():
            self.schedule_reload()

    def reload(self):
        """List the resources again from the first page, with the filters as they are."""
        self._reload_timer.stop()
        self.cancel()
        self.model.removeRows(0, self.model.rowCount())
        self._clear_details()
        try:
            filters = self.filters()
        except ValueError as err:
            self._set_status(str(err))
            self.listing = None
            return
        if self._restricted() and not self._authcfg():
            self._set_status(self.tr("Choose the key (an authentication configuration) that "
                                     "gives access to the restricted resources."))
            self.listing = None
            return
        restricted = self._restricted()
        self.listing = FeedListing(
            lambda page, size: feed.capabilities_url(filters, page, size, restricted),
            authcfg=self._authcfg(), limit=self.page_size,
            description=self.tr("Listing the Géoplateforme downloads"), parent=self)
        self.listing.entriesAdded.connect(self._add_resources)
        self.listing.finished.connect(self._on_listing_finished)
        self.fetch_more()

    def fetch_more(self, pages: Optional[int] = 1):
        if self.listing is None or self.listing.at_end or self.listing.is_busy():
            return
        self._busy(True, self.tr("Listing the resources…"))
        self.listing.fetch_more(pages)

    def _maybe_fetch_more(self, value=None):
        bar = self.resources.verticalScrollBar()
        if (value if value is not None else bar.value()) >= bar.maximum() - 2:
            self.fetch_more()

    def _add_resources(self, entries: List[FeedEntry]):
        for entry in entries:
            title = QStandardItem(entry.title)
            title.setData(entry, ENTRY_ROLE)
            title.setToolTip(tooltip("\n".join(filter(None, (entry.title, entry.summary, entry.rights)))))
            name = QStandardItem(entry.name)
            for item in (title, name):
                item.setEditable(False)
            self.model.appendRow([title, name])

    def _on_listing_finished(self, ok: bool, message: str):
        self._busy(False)
        listing = self.listing
        if listing is None:
            return
        if not ok:
            self._set_status(self.tr("The download service could not be listed: {0}").format(message))
            _log.info(self.status.text())
            return
        self._update_status()
        if self.search.text().strip():
            self.fetch_more(None)  # a search looks at every resource
        else:
            # Fill the view: more pages until it scrolls (the user scrolls for the rest).
            QTimer.singleShot(0, self._maybe_fetch_more)

    def _update_status(self):
        listing = self.listing
        if listing is None:
            return
        shown, loaded = self.proxy.rowCount(), self.model.rowCount()
        total = listing.total if listing.total is not None else loaded
        if self.search.text().strip():
            self._set_status((self.tr("{0} of {1} resource matches the search.") if _singular(total)
                              else self.tr("{0} of {1} resources match the search.")).format(shown, total))
        else:
            self._set_status((self.tr("{0} of {1} resource listed.") if _singular(total)
                              else self.tr("{0} of {1} resources listed.")).format(loaded, total))

    def _on_search(self, text: str):
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.fetch_more(None)
        self._update_status()

    def cancel(self):
        for listing in [self.listing, self.editions_listing, *self.file_listings.values()]:
            if listing is not None:
                listing.cancel()

    def _busy(self, busy: bool, text: str = ""):
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if text:
            self._set_status(text)

    def _set_status(self, text: str):
        self.status.setText(text)

    # --- a resource: editions and files ------------------------------------------------------
    def selected_resource(self) -> Optional[FeedEntry]:
        index = self.resources.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.index(index.row(), 0).data(ENTRY_ROLE)

    def select_resource(self, name: str) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 1).data() == name:
                self.resources.setCurrentIndex(self.proxy.index(row, 0))
                return True
        return False

    def _clear_details(self):
        if self.editions_listing is not None:
            self.editions_listing.cancel()
        for listing in self.file_listings.values():
            listing.cancel()
        self.editions_listing = None
        self.file_listings = {}
        self.editions.clear()
        self.details.clear()

    def _on_resource_changed(self, current, _previous):
        self._clear_details()
        entry = self.selected_resource()
        if entry is None:
            return
        self._show_details(entry, entry.rights)
        try:
            filters = self.filters()
        except ValueError as err:
            self._set_status(str(err))
            return
        restricted = self._restricted()
        name = entry.name
        listing = FeedListing(
            lambda page, size: feed.resource_url(name, filters=filters, page=page, limit=size,
                                                 restricted=restricted),
            authcfg=self._authcfg(), limit=self.page_size,
            description=self.tr("Listing the editions of {0}").format(entry.title), parent=self)
        listing.entriesAdded.connect(self._add_editions)
        listing.finished.connect(lambda ok, message: self._on_editions_finished(entry, ok, message))
        self.editions_listing = listing
        self._busy(True, self.tr("Listing the editions of {0}…").format(entry.title))
        listing.fetch_more()

    def _show_details(self, entry: FeedEntry, rights: str):
        lines = [entry.title]
        if entry.summary:
            lines.append(entry.summary)
        lines.append(self.tr("Licence: {0}").format(rights) if rights else
                     self.tr("Licence: not stated by the download service"))
        if entry.formats:
            lines.append(self.tr("Formats: {0}").format(_terms_text(entry.formats)))
        if entry.crs:
            lines.append(self.tr("CRS: {0}").format(", ".join(entry.epsg_codes or
                                                              [t.term for t in entry.crs])))
        self.details.setText("\n".join(lines))

    def _on_editions_finished(self, entry: FeedEntry, ok: bool, message: str):
        self._busy(False)
        listing = self.editions_listing
        if listing is None:
            return
        if not ok:
            self._set_status(self.tr("The editions of {0} could not be listed: {1}").format(
                entry.title, message))
            return
        if not entry.rights and listing.first_page is not None and listing.first_page.rights:
            self._show_details(entry, listing.first_page.rights)
        total = listing.total if listing.total is not None else len(listing.entries)
        self._set_status((self.tr("{0}: {1} of {2} edition listed.") if _singular(total)
                          else self.tr("{0}: {1} of {2} editions listed.")).format(
            entry.title, len(listing.entries), total))
        QTimer.singleShot(0, self._maybe_fetch_more_editions)

    def _maybe_fetch_more_editions(self, value=None):
        listing = self.editions_listing
        bar = self.editions.verticalScrollBar()
        if listing is None or listing.at_end or listing.is_busy():
            return
        if (value if value is not None else bar.value()) >= bar.maximum() - 2:
            self._busy(True)
            listing.fetch_more()

    def _add_editions(self, entries: List[FeedEntry]):
        for entry in entries:
            item = QTreeWidgetItem([entry.title, _terms_text(entry.zones), _terms_text(entry.formats),
                                    ", ".join(entry.epsg_codes), _date_text(entry.edition_date),
                                    _size_text(entry.size)])
            item.setData(0, ENTRY_ROLE, entry)
            item.setToolTip(0, tooltip(entry.title))
            if entry.is_sub_feed:
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.editions.addTopLevelItem(item)

    def _on_edition_expanded(self, item: QTreeWidgetItem):
        entry = item.data(0, ENTRY_ROLE)
        if entry is None or not entry.is_sub_feed or entry.href in self.file_listings:
            return
        href = entry.href
        listing = FeedListing(lambda page, size: feed.paged_url(href, page, size),
                              authcfg=self._authcfg(), limit=self.page_size,
                              description=self.tr("Listing the files of {0}").format(entry.title),
                              parent=self)
        listing.finished.connect(
            lambda ok, message: self._on_files_finished(href, item, listing, ok, message))
        self.file_listings[href] = listing
        self._busy(True, self.tr("Listing the files of {0}…").format(entry.title))
        listing.fetch_more(None)  # a folder's files, all of them

    def _on_files_finished(self, href: str, item: QTreeWidgetItem, listing: FeedListing, ok: bool,
                           message: str):
        self._busy(False)
        if self.file_listings.get(href) is not listing:
            return  # another resource was chosen meanwhile: the item is gone
        if not ok:
            del self.file_listings[href]  # expanding again retries
            self._set_status(self.tr("The files could not be listed: {0}").format(message))
            return
        groups = feed.group_files(listing.entries)
        for group in groups:
            child = QTreeWidgetItem([group.name, "", "", "", "", _size_text(group.size)])
            if group.is_split:
                child.setText(0, self.tr("{0} ({1} volumes)").format(group.name, len(group.parts)))
                for part in group.parts:
                    child.addChild(self._file_item(part))
            else:
                child.setData(0, ENTRY_ROLE, group.parts[0])
                child.setToolTip(0, tooltip(self._md5_tip(group.parts[0])))
            child.setData(0, GROUP_ROLE, group)
            if group.md5_file is not None:
                child.addChild(self._file_item(group.md5_file))
            item.addChild(child)
        size = sum(g.size or 0 for g in groups)
        item.setText(5, _size_text(size) if size else "")
        files = sum(len(g.parts) + (g.md5_file is not None) for g in groups)
        self._set_status((self.tr("{0}: {1} file.") if _singular(files)
                          else self.tr("{0}: {1} files.")).format(item.text(0), files))

    def _file_item(self, entry: FeedEntry) -> QTreeWidgetItem:
        item = QTreeWidgetItem([entry.name, "", "", "", "", _size_text(entry.size)])
        item.setData(0, ENTRY_ROLE, entry)
        item.setToolTip(0, tooltip(self._md5_tip(entry)))
        return item

    def _md5_tip(self, entry: FeedEntry) -> str:
        return self.tr("MD5: {0}").format(entry.md5) if entry.md5 else entry.href

    # --- downloads ---------------------------------------------------------------------------
    def _on_folder_changed(self, path: str):
        if path:
            settings.set_download_folder(path)

    def selected_group(self):
        """The FileGroup of the file (or split archive) chosen in the editions tree."""
        item = self.editions.currentItem()
        while item is not None:
            group = item.data(0, GROUP_ROLE)
            if group is not None:
                return group
            item = item.parent()
        return None

    def selected_edition(self) -> Optional[FeedEntry]:
        item = self.editions.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, ENTRY_ROLE) if item is not None else None

    def _licence(self) -> str:
        entry = self.selected_resource()
        rights = entry.rights if entry is not None else ""
        listing = self.editions_listing
        if not rights and listing is not None and listing.first_page is not None:
            rights = listing.first_page.rights
        return rights

    def download_selected(self):
        """Queue the chosen file; a restricted one once its licence terms are accepted."""
        group = self.selected_group()
        resource = self.selected_resource()
        if group is None or group.name.lower().endswith(".md5"):
            self._set_status(self.tr("Choose a file of an edition to download."))
            return
        licence = self._licence()
        if not self._restricted():
            self._queue_group(group, resource, licence)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Licence of {0}").format(
            resource.title if resource else group.name), "", QMessageBox.StandardButton.NoButton, self)
        # The feed's terms as they are: its markup shown, never rendered (it could hide them).
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(self.tr("{0} is restricted data. Its terms:\n\n{1}\n\nDownload it with your key, "
                            "under these terms?").format(
            resource.title if resource else group.name,
            licence or self.tr("(the download service states none: ask IGN before use)")))
        box.addButton(self.tr("Accept and download"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setObjectName("BasculeGeoplateformeLicence")

        def answered(button):
            self.licence_box = None
            if box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole:
                self._queue_group(group, resource, licence)
        box.buttonClicked.connect(answered)
        self.licence_box = box
        box.open()  # window-modal, the event loop keeps running

    def _queue_group(self, group, resource: Optional[FeedEntry], licence: str):
        from ...core.download.qgis_side.transfer import DownloadJob, DownloadQueue

        if self.queue is None:
            self.queue = DownloadQueue(parent=self)
            self.queue.jobChanged.connect(self._show_job)
        folder = self.folder.filePath() or settings.download_folder()
        job = DownloadJob.from_group(group, folder, authcfg=self._authcfg(),
                                     resource=resource.title if resource else group.name,
                                     licence=licence)
        from ...core.download.names import display_name

        item = QTreeWidgetItem([display_name(job.title), "", ""])  # the feed's name, shown as given
        item.setData(0, JOB_ROLE, job)
        item.setToolTip(0, tooltip(job.path or display_name(job.title)))
        self.downloads.addTopLevelItem(item)
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setTextVisible(True)
        self.downloads.setItemWidget(item, 1, bar)
        self.downloads.setCurrentItem(item)
        self.queue.add(job)
        self._show_job(job)
        return job

    def _job_item(self, job) -> Optional[QTreeWidgetItem]:
        for index in range(self.downloads.topLevelItemCount()):
            item = self.downloads.topLevelItem(index)
            if item.data(0, JOB_ROLE) is job:
                return item
        return None

    def _show_job(self, job):
        item = self._job_item(job)
        if item is None:
            return
        bar = self.downloads.itemWidget(item, 1)
        total = job.total
        if bar is not None:
            if total:
                bar.setValue(int(1000 * min(job.received, total) / total))
                bar.setFormat(f"{_size_text(job.received)} / {_size_text(total)}")
            elif job.state == job.DONE:
                bar.setValue(1000)
        texts = {job.QUEUED: self.tr("Waiting"), job.CANCELLED: self.tr("Cancelled"),
                 job.FAILED: self.tr("Failed: {0}").format(job.message),
                 job.DONE: self.tr("Done, MD5 checked") if all(f.md5 for f in job.files)
                 else self.tr("Done (no MD5 to check)")}
        if job.state == job.RUNNING:
            text = format_speed(job.speed, settings.language()) if job.speed else self.tr("Starting…")
            if job.resumes:
                text += " " + self.tr("(resumed {0}×)").format(job.resumes)
        else:
            text = texts.get(job.state, job.state)
        item.setText(2, text)
        item.setToolTip(2, tooltip(job.message or text))
        if job.path:  # the safe local name, chosen when the job starts
            item.setToolTip(0, tooltip(job.path))
        if job.state in (job.DONE, job.FAILED, job.CANCELLED) and job.message:
            self._set_status(job.message)
        self._update_buttons()

    def selected_job(self):
        item = self.downloads.currentItem()
        return item.data(0, JOB_ROLE) if item is not None else None

    def cancel_selected_download(self):
        job = self.selected_job()
        if job is not None:
            job.cancel()

    def _update_buttons(self):
        job = self.selected_job()
        group = self.selected_group()
        self.download_button.setEnabled(group is not None and not group.name.lower().endswith(".md5"))
        self.stream_button.setEnabled(bool(self._stream_url()))
        self.cancel_download_button.setEnabled(job is not None and job.state in (job.QUEUED, job.RUNNING))
        self.add_button.setEnabled(job is not None and job.state == job.DONE)

    # --- unpacking and adding ----------------------------------------------------------------
    def add_selected_layers(self):
        job = self.selected_job()
        if job is None or job.state != job.DONE:
            return None
        return self.add_layers_of(job)

    def add_layers_of(self, job):
        """Unpack (in a task) what ``job`` downloaded, then add its layers under the resource."""
        from ...core.download.qgis_side import unpack

        if not unpack.is_archive(job.path):
            self._add_files([job.path], job)
            return None
        task = _UnpackTask(self.tr("Unpacking {0}").format(job.title), job.path)
        task.taskCompleted.connect(lambda: self._unpacked(task, job))
        task.taskTerminated.connect(lambda: self._unpacked(task, job))
        self.unpack_tasks.append(task)
        self._set_status(self.tr("Unpacking {0}…").format(job.title))
        QgsApplication.taskManager().addTask(task)
        return task

    def _unpacked(self, task, job):
        if task in self.unpack_tasks:
            self.unpack_tasks.remove(task)
        if task.error:
            self._set_status(task.error)
            self._message(task.error, Qgis.MessageLevel.Warning)
            return
        if task.result is None:
            return  # cancelled
        self._add_files(task.result.files, job)

    def _add_files(self, files, job):
        from ...core.download.qgis_side import open_layers

        restricted = any("/private/" in f.url for f in job.files)
        layers, problems = open_layers.add_layers(files, job.resource or job.title, job.licence,
                                                  restricted=restricted)
        if layers:
            text = self.tr("{0}: {1} layer(s) added to the project.").format(job.title, len(layers))
        else:
            text = self.tr("No layer QGIS can open was found in {0}.").format(job.title)
        if problems:
            text += " " + " ".join(problems)
        self._set_status(text)
        self._message(text, Qgis.MessageLevel.Info if layers else Qgis.MessageLevel.Warning)

    def _message(self, text: str, level):
        if self.iface is not None:
            push(self.iface.messageBar(), self.tr("Géoplateforme downloads"), text, level)

    # --- open without downloading --------------------------------------------------------
    def _stream_url(self) -> str:
        from ...core.download.qgis_side import open_layers

        group = self.selected_group()
        edition = self.selected_edition()
        if group is None or edition is None or self._restricted():
            return ""
        if not any(t.term.lower() == "flatgeobuf" for t in edition.formats):
            return ""
        return open_layers.streamable_url(group.parts[0].href)

    def open_selected_without_download(self):
        from ...core.download.qgis_side import open_layers

        url = self._stream_url()
        if not url:
            return None
        resource = self.selected_resource()
        name = self.selected_edition().title
        layer = open_layers.open_streamable(url, name, resource.title if resource else name,
                                            self._licence())
        caveat = self.tr("Opened over HTTP by GDAL's own client: QGIS's proxy settings and "
                         "authentication configurations do not apply to this layer.")
        if layer is None:
            text = self.tr("The streamable copy could not be opened: {0}").format(url)
            self._message(text, Qgis.MessageLevel.Warning)
        else:
            text = self.tr("{0} opened without downloading. {1}").format(name, caveat)
            self._message(text, Qgis.MessageLevel.Info)
        self._set_status(text)
        return layer

    # --- closing -------------------------------------------------------------------------
    def busy(self) -> bool:
        listings = [self.listing, self.editions_listing, *self.file_listings.values()]
        return (any(item is not None and item.is_busy() for item in listings)
                or bool(self.unpack_tasks))

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Cancel everything before the dock goes (the plugin's unload). Listings and downloads
        are asynchronous requests, aborted at once (.part files removed); an unpacking task is
        waited for, bounded, events processed meanwhile. True once nothing runs."""
        import time

        from qgis.PyQt.QtCore import QCoreApplication, QEventLoop

        self.cancel()
        if self.queue is not None:
            self.queue.cancel_all()
        for task in list(self.unpack_tasks):
            task.cancel()
        deadline = time.monotonic() + timeout_s
        while self.busy() and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)  # hands the interpreter to the tasks' threads
        return not self.busy()

    def closeEvent(self, event):  # noqa: N802 (Qt naming)
        self.cancel()
        super().closeEvent(event)


class _UnpackTask(tasks.PluginTask):
    """Unpack one archive off the UI thread (no network here)."""

    def __init__(self, description: str, path: str):
        super().__init__(description)
        self.path = path
        self.result = None

    def work(self) -> bool:
        from ...core.download.qgis_side import unpack

        try:
            self.result = unpack.unpack(self.path, cancelled=self.isCanceled)
        except unpack.UnpackError as err:
            self.error = str(err)
            return False
        return True
