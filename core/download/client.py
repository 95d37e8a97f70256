"""Listing the download service through QGIS's network stack (QGIS glue, no widgets).

A ``FeedListing`` walks one feed (the capabilities, a resource, a sub-resource) page by page:
``fetch_more()`` asks for the next page (the panel calls it as the user scrolls),
``fetch_more(None)`` for every page left. Each call runs a ``ListingTask`` (QgsTask, blocking
requests off the UI thread, proxy and auth config honoured). ``core/download/feed.py``'s
PageWalker decides the pages, so every entry comes once even when the server answers smaller
pages than asked. Requests go through one shared pacer (the service allows 10 requests/s per
address; HTTP 429 blocks for 5 s): at most 8 a second, and a 429 holds every request for its
``Retry-After`` before the same page is asked again.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable, List, Optional

from qgis.core import QgsApplication, QgsFeedback, QgsTask
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

from ..catalog_store import fetch
from .feed import FeedEntry, FeedError, Page, PageWalker, parse_feed

ATOM_ACCEPT = {"Accept": "application/atom+xml"}
MAX_PER_SECOND = 8  # under the service's 10/s, whatever else the user runs
DEFAULT_RETRY_AFTER = 5.0  # the documented block
MAX_RETRY_AFTER = 120.0
MAX_429_RETRIES = 4


class Pacer:
    """Spaces requests (thread-safe, shared by every listing) and holds them after a 429."""

    def __init__(self, per_second: float = MAX_PER_SECOND):
        self.interval = 1.0 / per_second
        self._lock = threading.Lock()
        self._next = 0.0
        self.waited = 0.0  # seconds spent waiting, for the tests and the log

    def hold(self, seconds: float) -> None:
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)

    def wait(self, feedback: Optional[QgsFeedback] = None) -> bool:
        """Sleep until this request may go; False when cancelled meanwhile."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
        while True:
            left = slot - time.monotonic()
            if left <= 0:
                return True
            if feedback is not None and feedback.isCanceled():
                return False
            pause = min(left, 0.05)
            time.sleep(pause)
            self.waited += pause


PACER = Pacer()


def retry_after(value: str) -> float:
    """Seconds from a Retry-After header (seconds or an HTTP date), bounded."""
    value = (value or "").strip()
    seconds = DEFAULT_RETRY_AFTER
    if value:
        try:
            seconds = float(value)
        except ValueError:
            try:
                seconds = parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError, IndexError):
                seconds = DEFAULT_RETRY_AFTER
    return max(0.0, min(MAX_RETRY_AFTER, seconds))


def http_message(status: int, error: str, authcfg: str = "") -> str:
    """What a failed answer means for the user (never the key)."""
    translate = QCoreApplication.translate
    if status == 401 and authcfg:
        return translate("DownloadClient",
                         "the download service refused the key (HTTP 401). It takes HASH keys; "
                         "whether it takes login/password keys is not documented.")
    if status == 401:
        return translate("DownloadClient", "this resource needs a Géoplateforme key (HTTP 401)")
    if status == 403:
        return translate("DownloadClient", "access refused (HTTP 403): check the Géoplateforme key")
    if status == 404:
        return translate("DownloadClient", "not found on the download service (HTTP 404)")
    if status == 429:
        return translate("DownloadClient", "too many requests (HTTP 429), still refused after waiting")
    if status >= 400:
        return translate("DownloadClient", "the server answered HTTP {0}").format(status)
    return error or translate("DownloadClient", "network error")


@dataclass
class ListingResult:
    pages: List[Page] = field(default_factory=list)
    fresh: List[FeedEntry] = field(default_factory=list)  # entries not listed before
    error: str = ""
    throttled: int = 0  # 429 answers waited out


class ListingTask(QgsTask):
    """Fetch pages of one feed, off the UI thread, until ``pages`` are read or it ends."""

    def __init__(self, description: str, url_for: Callable[[int, int], str], walker: PageWalker,
                 authcfg: str = "", pages: Optional[int] = 1, pacer: Pacer = PACER):
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.url_for = url_for
        self.walker = walker
        self.authcfg = authcfg
        self.max_pages = pages
        self.pacer = pacer
        self.result = ListingResult()
        self._feedback = QgsFeedback()

    def cancel(self):
        self._feedback.cancel()
        super().cancel()

    def run(self) -> bool:
        try:
            self._run()
        except Exception as err:  # noqa: BLE001 - an exception escaping run() aborts QGIS
            self.result.error = QCoreApplication.translate(
                "DownloadClient", "unexpected error: {0}").format(err)
        return not self.isCanceled()

    def _run(self):
        read = 0
        while not self.walker.done and (self.max_pages is None or read < self.max_pages):
            if self.isCanceled():
                return
            number, limit = self.walker.request()
            page = self._get(self.url_for(number, limit))
            if page is None:
                return
            self.result.pages.append(page)
            self.result.fresh.extend(self.walker.accept(page, number))
            read += 1
            count = self.walker.page_count
            if self.max_pages is None and count:
                self.setProgress(min(100.0, 100.0 * number / count))

    def _get(self, url: str) -> Optional[Page]:
        for _ in range(MAX_429_RETRIES + 1):
            if not self.pacer.wait(self._feedback):
                return None
            status, body, headers, error, _ = fetch(url, self.authcfg, ATOM_ACCEPT, self._feedback)
            if self.isCanceled():
                return None
            if status == 429:
                self.result.throttled += 1
                self.pacer.hold(retry_after(headers.get("retry-after", "")))
                continue
            if status >= 400 or (error and not body):
                self.result.error = http_message(status, error, self.authcfg)
                return None
            try:
                return parse_feed(body)
            except FeedError as err:
                self.result.error = str(err)
                return None
        self.result.error = http_message(429, "")
        return None


class FeedListing(QObject):
    """One feed listed page by page; what is listed so far stays in ``entries``."""

    entriesAdded = pyqtSignal(list)  # the new FeedEntry objects of the last fetch
    finished = pyqtSignal(bool, str)  # ok, message ('' when all went well)
    progressChanged = pyqtSignal(float)

    def __init__(self, url_for: Callable[[int, int], str], authcfg: str = "", limit: int = 50,
                 description: str = "", pacer: Pacer = PACER, parent=None):
        super().__init__(parent)
        self.url_for = url_for
        self.authcfg = authcfg
        self.walker = PageWalker(limit)
        self.description = description or self.tr("Listing the Géoplateforme downloads")
        self.pacer = pacer
        self.entries: List[FeedEntry] = []
        self.first_page: Optional[Page] = None
        self.error = ""
        self.throttled = 0
        self._task: Optional[ListingTask] = None

    @property
    def at_end(self) -> bool:
        return self.walker.done

    @property
    def total(self) -> Optional[int]:
        return self.walker.total_entries

    def is_busy(self) -> bool:
        return self._task is not None

    def fetch_more(self, pages: Optional[int] = 1) -> Optional[ListingTask]:
        """Start fetching the next ``pages`` pages (None: all the rest); no-op while busy or
        at the end. Returns the task."""
        if self._task is not None or self.walker.done:
            return self._task
        task = ListingTask(self.description, self.url_for, self.walker, self.authcfg, pages,
                           self.pacer)
        task.progressChanged.connect(self.progressChanged)
        task.taskCompleted.connect(lambda: self._finish(task))
        task.taskTerminated.connect(lambda: self._finish(task))
        self._task = task
        QgsApplication.taskManager().addTask(task)
        return task

    def cancel(self):
        if self._task is not None:
            self._task.cancel()

    def _finish(self, task: ListingTask):
        if sip.isdeleted(self) or self._task is not task:
            return  # the panel closed (plugin unloaded) while the task ran
        self._task = None
        result = task.result
        self.throttled += result.throttled
        if self.first_page is None and result.pages:
            self.first_page = result.pages[0]
        self.entries.extend(result.fresh)
        if result.fresh:
            self.entriesAdded.emit(result.fresh)
        if task.isCanceled():
            self.finished.emit(False, self.tr("Listing cancelled."))
        elif result.error:
            self.error = result.error
            self.finished.emit(False, result.error)
        else:
            self.finished.emit(True, "")
