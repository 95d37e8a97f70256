"""Listing the download service through QGIS's network stack (QGIS glue, no widgets).

A ``FeedListing`` walks one feed (the capabilities, a resource, a sub-resource) page by page:
``fetch_more()`` asks for the next page (the panel calls it as the user scrolls),
``fetch_more(None)`` for every page left. Each call runs a ``ListingRun``: asynchronous
``QgsNetworkAccessManager`` requests on the event loop (proxy and auth config honoured), so no
task thread sits in a blocking request that could hold QGIS at unload (seen in part 1: a
listing left in a request deadlocked QGIS's exit). ``core/download/feed.py``'s
PageWalker decides the pages, so every entry comes once even when the server answers smaller
pages than asked. Requests go through one shared pacer (the service allows 10 requests/s per
address; HTTP 429 blocks for 5 s): at most 8 a second, and a 429 holds every request for its
``Retry-After`` before the same page is asked again.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ...toolbelt import http_failures
from ...toolbelt.qgis_side import network, settings
from ..feed import FeedEntry, FeedError, Page, PageWalker, parse_feed

ATOM_ACCEPT = {"Accept": "application/atom+xml"}
MAX_PER_SECOND = 8  # under the service's 10/s, whatever else the user runs
MAX_429_RETRIES = 4


class Pacer:
    """Spaces requests (shared by every listing) and holds them after a 429. Asynchronous:
    ``reserve()`` books the next slot and says how long to wait for it."""

    def __init__(self, per_second: float = MAX_PER_SECOND):
        self.interval = 1.0 / per_second
        self._next = 0.0
        self.waited = 0.0  # seconds booked as waits, for the tests and the log

    def hold(self, seconds: float) -> None:
        self._next = max(self._next, time.monotonic() + seconds)

    def reserve(self) -> float:
        """Seconds until the request may go (its slot is booked)."""
        now = time.monotonic()
        slot = max(now, self._next)
        self._next = slot + self.interval
        self.waited += slot - now
        return slot - now


PACER = Pacer()


def http_message(status: int, error: str, authcfg: str = "") -> str:
    """What a failed answer means for the user (never the key): core/toolbelt/http_failures.py."""
    return http_failures.describe(status, {}, b"", error, http_failures.DOWNLOAD, bool(authcfg),
                                  settings.language())


@dataclass
class ListingResult:
    pages: List[Page] = field(default_factory=list)
    fresh: List[FeedEntry] = field(default_factory=list)  # entries not listed before
    error: str = ""
    throttled: int = 0  # 429 answers waited out


class ListingRun(QObject):
    """One ``fetch_more``: pages asked one after the other with asynchronous requests on the
    event loop (no thread sits in a request, so nothing can hold QGIS at unload), paced,
    429s waited out with timers. ``done`` once it ends, cancelled or not."""

    done = pyqtSignal()
    progressChanged = pyqtSignal(float)

    def __init__(self, url_for: Callable[[int, int], str], walker: PageWalker, authcfg: str = "",
                 pages: Optional[int] = 1, pacer: Pacer = PACER, parent=None):
        super().__init__(parent)
        self.url_for = url_for
        self.walker = walker
        self.authcfg = authcfg
        self.max_pages = pages
        self.pacer = pacer
        self.result = ListingResult()
        self.cancelled = False
        self.finished_ = False
        self._read = 0
        self._tries = 0
        self._reply = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._send)

    def isCanceled(self) -> bool:  # noqa: N802 - the QgsTask spelling the callers know
        return self.cancelled

    def start(self):
        self._next()

    def cancel(self):
        if self.finished_:
            return
        self.cancelled = True
        self._timer.stop()
        reply, self._reply = self._reply, None
        if reply is not None:
            reply.abort()
            reply.deleteLater()
        self._end()

    def _next(self):
        if self.cancelled or self.walker.done or (
                self.max_pages is not None and self._read >= self.max_pages):
            self._end()
            return
        self._tries = 0
        self._schedule()

    def _schedule(self):
        self._timer.start(int(self.pacer.reserve() * 1000))

    def _send(self):
        if self.cancelled:
            return
        number, limit = self.walker.request()
        self._asked = number
        self._hops = 0
        self._get(self.url_for(number, limit))

    def _get(self, url: str):
        # core/toolbelt/qgis_side/network.py: the key only on the Géoplateforme, Qt follows no redirect.
        self._url = url
        request = network.request(url, self.authcfg, ATOM_ACCEPT)
        # Always from the network, as the listing's blocking predecessor did (forceRefresh).
        request.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                             QNetworkRequest.CacheLoadControl.AlwaysNetwork)
        reply = network.send(request, self.authcfg, self)  # keyed: no QGIS credential prompt
        reply.finished.connect(lambda reply=reply: self._on_reply(reply))
        self._reply = reply

    def _on_reply(self, reply):
        if sip.isdeleted(self) or reply is not self._reply:
            reply.deleteLater()
            return  # aborted, or the listing went meanwhile
        self._reply = None
        reply.deleteLater()
        status = int(reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0)
        body = bytes(reply.readAll())
        error = "" if reply.error() == QNetworkReply.NetworkError.NoError else reply.errorString()
        target = network.redirect_target(reply)
        if target:  # a keyed listing is refused off the Géoplateforme (core/toolbelt/qgis_side/network.py)
            refusal = network.next_hop(self._url, target, self.authcfg, network.REFUSE, self._hops)
            if refusal:
                self.result.error = refusal
                self._end()
                return
            self._hops += 1
            self._get(target)
            return
        if status == 429:
            self.result.throttled += 1
            self._tries += 1
            if self._tries > MAX_429_RETRIES:
                self.result.error = http_message(429, "")
                self._end()
                return
            self.pacer.hold(http_failures.retry_delay(network.reply_header(reply, "Retry-After")))
            self._schedule()
            return
        if status >= 400 or (error and not body):
            self.result.error = http_message(status, error, self.authcfg)
            self._end()
            return
        try:
            page = parse_feed(body)
        except FeedError as err:
            self.result.error = str(err)
            self._end()
            return
        self.result.pages.append(page)
        self.result.fresh.extend(self.walker.accept(page, self._asked))
        self._read += 1
        count = self.walker.page_count
        if self.max_pages is None and count:
            self.progressChanged.emit(min(100.0, 100.0 * self._asked / count))
        self._next()

    def _end(self):
        if not self.finished_:
            self.finished_ = True
            self.done.emit()


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
        self._task: Optional[ListingRun] = None

    @property
    def at_end(self) -> bool:
        return self.walker.done

    @property
    def total(self) -> Optional[int]:
        return self.walker.total_entries

    def is_busy(self) -> bool:
        return self._task is not None

    def fetch_more(self, pages: Optional[int] = 1) -> Optional[ListingRun]:
        """Start fetching the next ``pages`` pages (None: all the rest); no-op while busy or
        at the end. Returns the task."""
        if self._task is not None or self.walker.done:
            return self._task
        run = ListingRun(self.url_for, self.walker, self.authcfg, pages, self.pacer, self)
        run.progressChanged.connect(self.progressChanged)
        run.done.connect(lambda: self._finish(run))
        self._task = run
        run.start()
        return run

    def cancel(self):
        if self._task is not None:
            self._task.cancel()

    def _finish(self, task: ListingRun):
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
