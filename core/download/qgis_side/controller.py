"""The download panel's state and work, without its widgets (QGIS glue).

One ``DownloadController`` per panel holds what runs: the resources' listing, the chosen
resource's editions, the files of each edition expanded, the download queue and the unpacking
tasks. It starts them, drops the answers of a listing the user has moved on from, and stops
everything at unload. The widgets (gui/download/) ask it and show what it signals; the rules
(which filters, which licence, what can be streamed) are in ``core/download/browsing.py``.
"""
from __future__ import annotations

import time
from typing import Callable, Dict, List, Optional

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QObject, pyqtSignal

from .. import browsing, feed
from ..feed import FeedEntry, FileGroup, Filters
from ...toolbelt.qgis_side import tasks
from .client import FeedListing


class DownloadController(QObject):
    """``page_size`` entries per request (the service allows 50)."""

    resourcesAdded = pyqtSignal(list)  # FeedEntry
    resourcesFinished = pyqtSignal(bool, str)  # ok, message
    editionsAdded = pyqtSignal(list)  # FeedEntry
    editionsFinished = pyqtSignal(object, bool, str)  # the resource, ok, message
    jobChanged = pyqtSignal(object)  # DownloadJob
    layersAdded = pyqtSignal(object, int, list, str)  # job, layers added, problems, error

    page_size = 50

    def __init__(self, parent=None):
        super().__init__(parent)
        self.listing: Optional[FeedListing] = None
        self.editions_listing: Optional[FeedListing] = None
        self.file_listings: Dict[str, FeedListing] = {}
        self.queue = None  # the DownloadQueue, made on the first download
        self.unpack_tasks: List[QgsTask] = []

    # --- listings -----------------------------------------------------------------------------
    def list_resources(self, filters: Filters, restricted: bool, authcfg: str) -> FeedListing:
        """A new listing of the resources (the former one cancelled), its first page asked."""
        self.cancel()
        self.listing = FeedListing(
            lambda page, size: feed.capabilities_url(filters, page, size, restricted),
            authcfg=authcfg, limit=self.page_size,
            description=self.tr("Listing the Géoplateforme downloads"), parent=self)
        self.listing.entriesAdded.connect(self.resourcesAdded)
        self.listing.finished.connect(self.resourcesFinished)
        return self.listing

    def can_fetch_more(self) -> bool:
        return self.listing is not None and not self.listing.at_end and not self.listing.is_busy()

    def fetch_more(self, pages: Optional[int] = 1):
        if self.can_fetch_more():
            self.listing.fetch_more(pages)

    def drop_listing(self):
        self.listing = None

    def clear_details(self):
        """Forget the chosen resource's editions and files (their requests cancelled)."""
        if self.editions_listing is not None:
            self.editions_listing.cancel()
        for listing in self.file_listings.values():
            listing.cancel()
        self.editions_listing = None
        self.file_listings = {}

    def list_editions(self, entry: FeedEntry, filters: Filters, restricted: bool, authcfg: str):
        name = entry.name
        listing = FeedListing(
            lambda page, size: feed.resource_url(name, filters=filters, page=page, limit=size,
                                                 restricted=restricted),
            authcfg=authcfg, limit=self.page_size,
            description=self.tr("Listing the editions of {0}").format(entry.title), parent=self)
        listing.entriesAdded.connect(self.editionsAdded)
        listing.finished.connect(lambda ok, message: self.editionsFinished.emit(entry, ok, message))
        self.editions_listing = listing
        listing.fetch_more()
        return listing

    def can_fetch_more_editions(self) -> bool:
        listing = self.editions_listing
        return listing is not None and not listing.at_end and not listing.is_busy()

    def fetch_more_editions(self):
        if self.can_fetch_more_editions():
            self.editions_listing.fetch_more()

    def editions_rights(self) -> str:
        """The licence the editions' feed states ('' when none, or not listed yet)."""
        listing = self.editions_listing
        return listing.first_page.rights if listing is not None and listing.first_page else ""

    def list_files(self, entry: FeedEntry, authcfg: str,
                   done: Callable[[bool, bool, str, Optional[List[FileGroup]]], None]) -> bool:
        """List an edition's files, all of them, then ``done(current, ok, message, groups)``
        (``current`` False: another resource was chosen meanwhile, the edition's item is gone).
        False when they are listed or being listed already."""
        if not entry.is_sub_feed or entry.href in self.file_listings:
            return False
        href = entry.href
        listing = FeedListing(lambda page, size: feed.paged_url(href, page, size),
                              authcfg=authcfg, limit=self.page_size,
                              description=self.tr("Listing the files of {0}").format(entry.title),
                              parent=self)

        def finished(ok: bool, message: str):
            if self.file_listings.get(href) is not listing:
                done(False, ok, message, None)
            elif not ok:
                del self.file_listings[href]  # expanding again retries
                done(True, False, message, None)
            else:
                done(True, True, "", feed.group_files(listing.entries))
        listing.finished.connect(finished)
        self.file_listings[href] = listing
        listing.fetch_more(None)
        return True

    def cancel(self):
        """Cancel the listings (downloads go on)."""
        for listing in [self.listing, self.editions_listing, *self.file_listings.values()]:
            if listing is not None:
                listing.cancel()

    # --- downloads ----------------------------------------------------------------------------
    def new_job(self, group: FileGroup, folder: str, authcfg: str, resource: str, licence: str):
        """The job that downloads ``group``; ``start`` queues it (once the panel shows it)."""
        from .transfer import DownloadJob, DownloadQueue

        if self.queue is None:
            self.queue = DownloadQueue(parent=self)
            self.queue.jobChanged.connect(self.jobChanged)
        return DownloadJob.from_group(group, folder, authcfg=authcfg, resource=resource,
                                      licence=licence)

    def start(self, job):
        self.queue.add(job)

    def add_layers_of(self, job) -> Optional[QgsTask]:
        """Unpack (in a task) what ``job`` downloaded, then add its layers under the resource's
        name; ``layersAdded`` says what came of it (at once for a file that is no archive)."""
        from . import unpack

        if not unpack.is_archive(job.path):
            self._add_files([job.path], job)
            return None
        task = _UnpackTask(self.tr("Unpacking {0}").format(job.title), job.path)
        task.taskCompleted.connect(lambda: self._unpacked(task, job))
        task.taskTerminated.connect(lambda: self._unpacked(task, job))
        self.unpack_tasks.append(task)
        QgsApplication.taskManager().addTask(task)
        return task

    def _unpacked(self, task, job):
        if task in self.unpack_tasks:
            self.unpack_tasks.remove(task)
        if task.error:
            self.layersAdded.emit(job, 0, [], task.error)
        elif task.result is not None:
            self._add_files(task.result.files, job)
        # else cancelled: nothing to say

    def _add_files(self, files: List[str], job):
        from . import open_layers

        restricted = any("/private/" in f.url for f in job.files)
        layers, problems = open_layers.add_layers(files, job.resource or job.title, job.licence,
                                                  restricted=restricted)
        self.layersAdded.emit(job, len(layers), list(problems), "")

    # --- open without downloading -------------------------------------------------------------
    @staticmethod
    def stream_url(group: Optional[FileGroup], edition: Optional[FeedEntry], restricted: bool) -> str:
        """The streamable FlatGeobuf copy of the chosen file ('' when there is none to open)."""
        from . import open_layers

        if group is None or not browsing.streamable(edition, restricted):
            return ""
        return open_layers.streamable_url(group.parts[0].href)

    @staticmethod
    def open_stream(url: str, name: str, resource: str, licence: str):
        """The layer opened over HTTP by GDAL (None when it does not open)."""
        from . import open_layers

        return open_layers.open_streamable(url, name, resource, licence)

    # --- closing ------------------------------------------------------------------------------
    def busy(self) -> bool:
        listings = [self.listing, self.editions_listing, *self.file_listings.values()]
        return (any(item is not None and item.is_busy() for item in listings)
                or bool(self.unpack_tasks))

    def shutdown(self, timeout_s: float = 10.0) -> bool:
        """Cancel everything (the plugin's unload). Listings and downloads are asynchronous
        requests, aborted at once (.part files removed); an unpacking task is waited for,
        bounded, events processed meanwhile. True once nothing runs."""
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


class _UnpackTask(tasks.PluginTask):
    """Unpack one archive off the UI thread (no network here)."""

    def __init__(self, description: str, path: str):
        super().__init__(description)
        self.path = path
        self.result = None

    def work(self) -> bool:
        from . import unpack

        try:
            self.result = unpack.unpack(self.path, cancelled=self.isCanceled)
        except unpack.Cancelled:  # what it wrote is removed; no layer added, nothing to say
            return False
        except unpack.UnpackError as err:
            self.error = str(err)
            return False
        return True
