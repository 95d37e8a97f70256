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

This module assembles the parts and words the status line: the search bar and filters
(``search_bar.py``), the resources (``results_view.py``), the chosen one's details and editions
(``details_panel.py``), the downloads (``queue_view.py``) and the licence question
(``licence_question.py``), over the controller that runs the listings, downloads and unpacking
(``core/download/qgis_side/controller.py``) and the rules (``core/download/browsing.py``).
"""
from __future__ import annotations

from typing import List, Optional

from qgis.core import Qgis
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.download import browsing
from ...core.download.feed import FeedEntry, Filters
from ...core.download.qgis_side.controller import DownloadController
from ...core.toolbelt.qgis_side import settings
from ...core.toolbelt.log import logger
from ..widgets.plain import push
from .details_panel import DetailsPanel
from .licence_question import LicenceQuestion
from .queue_view import QueueView
from .results_view import ENTRY_ROLE, ResultsView
from .search_bar import SearchBar

_log = logger(__name__)


def _singular(count: int) -> bool:
    return browsing.singular(count, settings.language())


class DownloadPanel(QgsDockWidget):
    """The dock: the search bar, the resources, the chosen one's details, the downloads, and a
    status line, over one DownloadController that runs the requests and tasks."""

    def __init__(self, iface, parent=None):  # noqa: QGS105 - the plugin's iface
        super().__init__(parent)
        self.iface = iface
        self.setObjectName("BasculeGeoplateformeDownloadDock")
        self.setWindowTitle(self.tr("Géoplateforme downloads"))
        self.controller = DownloadController(self)
        self.licence_box: Optional[LicenceQuestion] = None
        self._loaded = False
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(400)  # the user is still typing
        self._reload_timer.timeout.connect(self.reload)
        self._build_ui()
        self._connect()

    # --- layout -----------------------------------------------------------------------
    def _build_ui(self):
        body = QWidget()
        layout = QVBoxLayout(body)
        self.search_bar = SearchBar(self.iface)
        layout.addWidget(self.search_bar)
        self.results = ResultsView()
        self.details = DetailsPanel()
        self.queue_view = QueueView()
        splitter = QSplitter(Qt.Orientation.Vertical)
        for part in (self.results, self.details, self.queue_view):
            splitter.addWidget(part)
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
        self.cancel_button.hide()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.progress)
        status_row.addWidget(self.cancel_button)
        layout.addLayout(status_row)
        self.setWidget(body)
        self._update_buttons()

    def _connect(self):
        self.search_bar.changed.connect(self.schedule_reload)
        self.search_bar.searchChanged.connect(self._on_search)
        self.results.resourceChanged.connect(self._on_resource_changed)
        self.results.nearEnd.connect(self.fetch_more)
        self.details.editionExpanded.connect(self._on_edition_expanded)
        self.details.nearEnd.connect(self._fetch_more_editions)
        self.details.choiceChanged.connect(self._update_buttons)
        queue = self.queue_view
        queue.download_button.clicked.connect(self.download_selected)
        queue.stream_button.clicked.connect(self.open_selected_without_download)
        queue.add_button.clicked.connect(self.add_selected_layers)
        queue.cancel_download_button.clicked.connect(self.cancel_selected_download)
        queue.downloads.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.cancel_button.clicked.connect(self.cancel)
        controller = self.controller
        controller.resourcesAdded.connect(self.results.add_entries)
        controller.resourcesFinished.connect(self._on_listing_finished)
        controller.editionsAdded.connect(self.details.add_editions)
        controller.editionsFinished.connect(self._on_editions_finished)
        controller.jobChanged.connect(self._show_job)
        controller.layersAdded.connect(self._layers_added)

    # --- filters ------------------------------------------------------------------------
    def filters(self) -> Filters:
        """The filters as chosen; raises ValueError (a message for the user) on bad input."""
        return self.search_bar.filters()

    def _restricted(self) -> bool:
        return self.search_bar.restricted_on()

    def _authcfg(self) -> str:
        return self.search_bar.authcfg()

    # --- listing resources ------------------------------------------------------------------
    def showEvent(self, event):  # noqa: N802 (Qt naming)
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.reload()

    def schedule_reload(self, *_):
        if self._loaded:
            self._reload_timer.start()

    def reload(self):
        """List the resources again from the first page, with the filters as they are."""
        self._reload_timer.stop()
        self.cancel()
        self.results.clear_entries()
        self._clear_details()
        try:
            filters = self.filters()
        except ValueError as err:
            self._set_status(str(err))
            self.controller.drop_listing()
            return
        if self._restricted() and not self._authcfg():
            self._set_status(self.tr("Choose the key (an authentication configuration) that "
                                     "gives access to the restricted resources."))
            self.controller.drop_listing()
            return
        self.controller.list_resources(filters, self._restricted(), self._authcfg())
        self.fetch_more()

    def fetch_more(self, pages: Optional[int] = 1):
        if self.controller.can_fetch_more():
            self._busy(True, self.tr("Listing the resources…"))
            self.controller.fetch_more(pages)

    def _on_listing_finished(self, ok: bool, message: str):
        self._busy(False)
        if self.controller.listing is None:
            return
        if not ok:
            self._set_status(self.tr("The download service could not be listed: {0}").format(message))
            _log.info(self.status.text())
            return
        self._update_status()
        if self.search_bar.text():
            self.fetch_more(None)  # a search looks at every resource
        else:
            # Fill the view: more pages until it scrolls (the user scrolls for the rest).
            QTimer.singleShot(0, self.results.check_end)

    def _update_status(self):
        listing = self.controller.listing
        if listing is None:
            return
        shown, loaded = self.results.counts()
        total = listing.total if listing.total is not None else loaded
        if self.search_bar.text():
            self._set_status((self.tr("{0} of {1} resource matches the search.") if _singular(total)
                              else self.tr("{0} of {1} resources match the search.")).format(shown, total))
        else:
            self._set_status((self.tr("{0} of {1} resource listed.") if _singular(total)
                              else self.tr("{0} of {1} resources listed.")).format(loaded, total))

    def _on_search(self, text: str):
        self.results.search(text.strip())
        if text.strip():
            self.fetch_more(None)
        self._update_status()

    def cancel(self):
        self.controller.cancel()

    def _busy(self, busy: bool, text: str = ""):
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if text:
            self._set_status(text)

    def _set_status(self, text: str):
        self.status.setText(text)

    # --- a resource: editions and files ------------------------------------------------------
    def selected_resource(self) -> Optional[FeedEntry]:
        return self.results.selected_resource()

    def select_resource(self, name: str) -> bool:
        return self.results.select_resource(name)

    def _clear_details(self):
        self.controller.clear_details()
        self.details.clear()

    def _on_resource_changed(self):
        self._clear_details()
        entry = self.selected_resource()
        if entry is None:
            return
        self.details.show_details(entry, entry.rights)
        try:
            filters = self.filters()
        except ValueError as err:
            self._set_status(str(err))
            return
        self._busy(True, self.tr("Listing the editions of {0}…").format(entry.title))
        self.controller.list_editions(entry, filters, self._restricted(), self._authcfg())

    def _on_editions_finished(self, entry: FeedEntry, ok: bool, message: str):
        self._busy(False)
        listing = self.controller.editions_listing
        if listing is None:
            return
        if not ok:
            self._set_status(self.tr("The editions of {0} could not be listed: {1}").format(
                entry.title, message))
            return
        if not entry.rights and self.controller.editions_rights():
            self.details.show_details(entry, self.controller.editions_rights())
        total = listing.total if listing.total is not None else len(listing.entries)
        self._set_status((self.tr("{0}: {1} of {2} edition listed.") if _singular(total)
                          else self.tr("{0}: {1} of {2} editions listed.")).format(
            entry.title, len(listing.entries), total))
        QTimer.singleShot(0, self.details.check_end)

    def _fetch_more_editions(self):
        if self.controller.can_fetch_more_editions():
            self._busy(True)
            self.controller.fetch_more_editions()

    def _on_edition_expanded(self, item: QTreeWidgetItem):
        entry = item.data(0, ENTRY_ROLE)
        if entry is None:
            return

        def done(current: bool, ok: bool, message: str, groups):
            self._busy(False)
            if not current:
                return
            if not ok:
                self._set_status(self.tr("The files could not be listed: {0}").format(message))
                return
            self.details.add_files(item, groups)
            files = browsing.files_count(groups)
            self._set_status((self.tr("{0}: {1} file.") if _singular(files)
                              else self.tr("{0}: {1} files.")).format(item.text(0), files))
        if self.controller.list_files(entry, self._authcfg(), done):
            self._busy(True, self.tr("Listing the files of {0}…").format(entry.title))

    # --- downloads ---------------------------------------------------------------------------
    def selected_group(self):
        """The FileGroup of the file (or split archive) chosen in the editions tree."""
        return self.details.selected_group()

    def selected_edition(self) -> Optional[FeedEntry]:
        return self.details.selected_edition()

    def selected_job(self):
        return self.queue_view.selected_job()

    def _licence(self) -> str:
        listing = self.controller.editions_listing
        return browsing.licence(self.selected_resource(),
                                listing.first_page if listing is not None else None)

    def download_selected(self):
        """Queue the chosen file; a restricted one once its licence terms are accepted."""
        group = self.selected_group()
        resource = self.selected_resource()
        if not browsing.downloadable(group):
            self._set_status(self.tr("Choose a file of an edition to download."))
            return
        licence = self._licence()
        if not self._restricted():
            self._queue_group(group, resource, licence)
            return
        box = LicenceQuestion(resource.title if resource else group.name, licence, self)

        def answered(button):
            self.licence_box = None
            if box.accepts(button):
                self._queue_group(group, resource, licence)
        box.buttonClicked.connect(answered)
        self.licence_box = box
        box.open()  # window-modal, the event loop keeps running

    def _queue_group(self, group, resource: Optional[FeedEntry], licence: str):
        job = self.controller.new_job(group, self.queue_view.folder_path(), self._authcfg(),
                                      resource.title if resource else group.name, licence)
        self.queue_view.add_job(job)
        self.controller.start(job)
        self._show_job(job)
        return job

    def _show_job(self, job):
        if not self.queue_view.show_job(job):
            return
        if job.state in (job.DONE, job.FAILED, job.CANCELLED) and job.message:
            self._set_status(job.message)
        self._update_buttons()

    def cancel_selected_download(self):
        job = self.selected_job()
        if job is not None:
            job.cancel()

    def _update_buttons(self):
        self.queue_view.update_buttons(browsing.downloadable(self.selected_group()),
                                       bool(self._stream_url()))

    # --- unpacking and adding ----------------------------------------------------------------
    def add_selected_layers(self):
        job = self.selected_job()
        if job is None or job.state != job.DONE:
            return None
        return self.add_layers_of(job)

    def add_layers_of(self, job):
        """Unpack (in a task) what ``job`` downloaded, then add its layers under the resource."""
        task = self.controller.add_layers_of(job)
        if task is not None:
            self._set_status(self.tr("Unpacking {0}…").format(job.title))
        return task

    def _layers_added(self, job, count: int, problems: List[str], error: str):
        if error:
            self._set_status(error)
            self._message(error, Qgis.MessageLevel.Warning)
            return
        if count:
            text = self.tr("{0}: {1} layer(s) added to the project.").format(job.title, count)
        else:
            text = self.tr("No layer QGIS can open was found in {0}.").format(job.title)
        if problems:
            text += " " + " ".join(problems)
        self._set_status(text)
        self._message(text, Qgis.MessageLevel.Info if count else Qgis.MessageLevel.Warning)

    def _message(self, text: str, level):
        if self.iface is not None:
            push(self.iface.messageBar(), self.tr("Géoplateforme downloads"), text, level)

    # --- open without downloading --------------------------------------------------------
    def _stream_url(self) -> str:
        return self.controller.stream_url(self.selected_group(), self.selected_edition(),
                                          self._restricted())

    def open_selected_without_download(self):
        url = self._stream_url()
        if not url:
            return None
        resource = self.selected_resource()
        name = self.selected_edition().title
        layer = self.controller.open_stream(url, name, resource.title if resource else name,
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
        return self.controller.busy()

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Cancel everything before the dock goes (the plugin's unload); True once nothing runs."""
        return self.controller.shutdown(timeout_s)

    def closeEvent(self, event):  # noqa: N802 (Qt naming)
        self.cancel()
        super().closeEvent(event)
