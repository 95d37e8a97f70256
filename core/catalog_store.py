"""Where the catalogue comes from: cache or bundled snapshot at once, live in the background.

QGIS glue. ``CatalogStore.catalog()`` answers immediately (the on-disk cache of the last
refresh, else the snapshot bundled in resources/). ``refresh()`` fetches every service's
capabilities in a QgsTask through QGIS's network stack (proxy, SSL settings and authcfg
honoured), with conditional requests (ETag / Last-Modified), progress and cancel. When the
network fails the store keeps what it had and says so.
"""
from __future__ import annotations

import gzip
import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Dict, List, Optional

from qgis.core import QgsApplication, QgsBlockingNetworkRequest, QgsFeedback, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QObject, QUrl, pyqtSignal
from qgis.PyQt.QtNetwork import QNetworkRequest

from . import endpoints, preferences
from .capabilities import CapabilitiesError, parse_capabilities
from .capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from .catalog import Catalog, bundled_catalog
from .refresh_policy import refresh_is_due
from .task_cancel import CancelInThread

CACHE_FILE = "catalog.json.gz"
META_FILE = "catalog-meta.json"
PUBLIC_SERVICES = (WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS)
# Restricted data is served by these (geoplateforme.md §4).
PRIVATE_SERVICES = (WMTS, WMS_RASTER)


@dataclass
class Job:
    """One capabilities document to fetch."""

    service: str
    restricted: bool
    url: str
    authcfg: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def key(self) -> str:
        return f"{self.service}{'-private' if self.restricted else ''}"


@dataclass
class JobResult:
    job: Job
    capabilities: object = None  # Capabilities when fetched and parsed
    not_modified: bool = False
    error: str = ""
    etag: str = ""
    last_modified: str = ""
    extra_entries: List = field(default_factory=list)  # TMS TileMap details


def fetch(url: str, authcfg: str = "", headers: Optional[Dict[str, str]] = None,
          feedback: Optional[QgsFeedback] = None):
    """GET through QGIS's network stack (blocking: call it from a task).

    Returns (HTTP status or 0, body bytes, response headers dict, error message, from
    cache). QGIS's disk cache sits under every request: Qt answers a 304 (and even a server
    error) with the cached copy, flagged as coming from the cache.
    """
    request = QNetworkRequest(QUrl(url))
    request.setRawHeader(b"User-Agent", b"QGIS Bascule-Geoplateforme")
    for key, value in (headers or {}).items():
        request.setRawHeader(key.encode(), value.encode())
    fetcher = QgsBlockingNetworkRequest()
    if authcfg:
        fetcher.setAuthCfg(authcfg)
    code = fetcher.get(request, True, feedback)
    reply = fetcher.reply()
    status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0
    answer_headers = {bytes(k).decode("latin-1").lower(): bytes(reply.rawHeader(k)).decode("latin-1")
                      for k in reply.rawHeaderList()}
    from_cache = bool(reply.attribute(QNetworkRequest.Attribute.SourceIsFromCacheAttribute))
    error = ""
    if code != QgsBlockingNetworkRequest.ErrorCode.NoError and status != 304:
        error = fetcher.errorMessage() or QCoreApplication.translate("CatalogStore", "network error")
    return int(status), bytes(reply.content()), answer_headers, error, from_cache


def job_url(service: str, restricted: bool, base: str) -> str:
    """The capabilities URL a refresh asks for. WFS: the FeatureTypeList section only: the
    catalogue shows nothing else of it (the bundled snapshot is built from such a
    document), and GeoServer's other sections are much of the 4.8 MB. Compression needs
    nothing here: Qt's network stack asks for gzip and inflates the answer itself."""
    url = endpoints.capabilities_url(service, restricted, base)
    return url + "&SECTIONS=FeatureTypeList" if service == WFS else url


class RefreshTask(QgsTask):
    """Fetch and parse the capabilities of every job, off the UI thread."""

    def __init__(self, jobs: List[Job]):
        super().__init__(QCoreApplication.translate("RefreshTask", "Refreshing the Géoplateforme catalogue"),
                         QgsTask.Flag.CanCancel)
        self.jobs = jobs
        self.results: List[JobResult] = []
        self._feedback = QgsFeedback()

    def run(self) -> bool:
        with CancelInThread(self, self._feedback):  # never from cancel(): core/task_cancel.py
            return self._run()

    def _run(self) -> bool:
        # An exception escaping run() would abort QGIS: report it as the job's error.
        for index, job in enumerate(self.jobs):
            if self.isCanceled():
                return False
            try:
                self.results.append(self._run_job(job))
            except Exception as err:  # noqa: BLE001
                self.results.append(JobResult(job, error=self.tr("unexpected error: {0}").format(err)))
            self.setProgress(100.0 * (index + 1) / len(self.jobs))
        return not self.isCanceled()

    def _run_job(self, job: Job) -> JobResult:
        headers = {}
        if job.etag:
            headers["If-None-Match"] = job.etag
        if job.last_modified:
            headers["If-Modified-Since"] = job.last_modified
        status, body, answer, error, from_cache = fetch(job.url, job.authcfg, headers, self._feedback)
        result = JobResult(job, etag=answer.get("etag", ""),
                           last_modified=answer.get("last-modified", ""))
        if status == 304 or (from_cache and not error and headers):
            result.not_modified = True
            result.etag = result.etag or job.etag
            result.last_modified = result.last_modified or job.last_modified
            return result
        if error or status >= 400:
            result.error = self._http_message(status, error)
            return result
        try:
            result.capabilities = parse_capabilities(body, job.url)
        except CapabilitiesError as err:
            result.error = str(err)
            return result
        if job.service == TMS:
            result.extra_entries = self._tile_maps(job, result.capabilities.entries)
        return result

    def _http_message(self, status: int, error: str) -> str:
        if status in (401, 403):
            return self.tr("access refused (HTTP {0}): check the Géoplateforme key").format(status)
        if status == 429:
            return self.tr("too many requests (HTTP 429): try again later")
        if status >= 400:
            return self.tr("the server answered HTTP {0}").format(status)
        return error

    def _tile_maps(self, job: Job, entries) -> list:
        """Vector tile sets: their TileMap resource gives zoom levels and style links."""
        details = []
        for entry in entries:
            if self.isCanceled():
                break
            if "application/x-protobuf" not in entry.formats:
                continue
            url = f"{endpoints.service_url(TMS, job.restricted, preferences.base_url())}/{entry.name}"
            status, body, _, error, _ = fetch(url, job.authcfg, feedback=self._feedback)
            if error or status >= 400:
                continue  # the root entry stays, without styles
            try:
                details.extend(parse_capabilities(body, url).entries)
            except CapabilitiesError:
                continue
        return details


class CatalogStore(QObject):
    """The catalogue the dock shows, and its provenance."""

    catalogChanged = pyqtSignal(object)  # Catalog
    refreshStarted = pyqtSignal()
    refreshProgress = pyqtSignal(float)
    refreshFinished = pyqtSignal(bool, str)  # ok, message for the user

    ORIGIN_SNAPSHOT, ORIGIN_CACHE, ORIGIN_LIVE = "snapshot", "cache", "live"

    def __init__(self, cache_dir: Optional[str] = None, parent=None):
        super().__init__(parent)
        self.cache_dir = cache_dir or preferences.catalog_cache_dir()
        self._catalog: Optional[Catalog] = None
        self._meta: Dict = {}
        self.origin = self.ORIGIN_SNAPSHOT
        self.refreshed_at: Optional[str] = None
        self.last_error = ""
        self._task: Optional[RefreshTask] = None

    # --- reading ------------------------------------------------------------------------
    def catalog(self) -> Catalog:
        """The best catalogue available now, without network access."""
        if self._catalog is None:
            self._catalog = self._load_cache()
            if self._catalog is None:
                self._catalog = bundled_catalog()
                self.origin = self.ORIGIN_SNAPSHOT
        return self._catalog

    def _load_cache(self) -> Optional[Catalog]:
        meta_path = os.path.join(self.cache_dir, META_FILE)
        try:
            with open(meta_path, encoding="utf-8") as handle:
                meta = json.load(handle)
            if meta.get("base_url") != preferences.base_url():
                return None  # written for another server (mirror, tests)
            with gzip.open(os.path.join(self.cache_dir, CACHE_FILE), "rb") as stream:
                catalog = Catalog.from_json(stream.read())
        except FileNotFoundError:
            return None
        except Exception as err:  # noqa: BLE001 - truncated, corrupt or newer: use the snapshot
            preferences.log(self.tr("Ignoring the catalogue cache: {0}").format(err))
            return None
        self._meta = meta
        self.origin = self.ORIGIN_CACHE
        self.refreshed_at = meta.get("refreshed_at")
        return catalog

    def _save_cache(self, catalog: Catalog):
        os.makedirs(self.cache_dir, exist_ok=True)
        target = os.path.join(self.cache_dir, CACHE_FILE)
        with gzip.open(target + ".tmp", "wb") as stream:
            stream.write(catalog.to_json().encode("utf-8"))
        os.replace(target + ".tmp", target)  # never a half-written cache
        with open(os.path.join(self.cache_dir, META_FILE), "w", encoding="utf-8") as handle:
            json.dump(self._meta, handle, indent=1)

    # --- refreshing ---------------------------------------------------------------------
    def is_refreshing(self) -> bool:
        return self._task is not None

    def jobs(self) -> List[Job]:
        base = preferences.base_url()
        validators = self._meta.get("services", {})
        jobs = [Job(s, False, job_url(s, False, base)) for s in PUBLIC_SERVICES]
        authcfg = preferences.authcfg()
        if authcfg:
            jobs += [Job(s, True, job_url(s, True, base), authcfg)
                     for s in PRIVATE_SERVICES]
        for job in jobs:
            saved = validators.get(job.key, {})
            if saved.get("url") == job.url:
                job.etag = saved.get("etag", "")
                job.last_modified = saved.get("last_modified", "")
        return jobs

    def refresh_due(self, now: Optional[datetime] = None) -> bool:
        """Is an automatic refresh due? Not when this session refreshed already, nor when
        the cache is younger than the interval (IGN's servers need not send a 2 MB WMTS
        and a 4.8 MB WFS document to every QGIS session of the day)."""
        self.catalog()
        if self._task is not None or self.origin == self.ORIGIN_LIVE:
            return False
        return refresh_is_due(self.refreshed_at if self.origin == self.ORIGIN_CACHE else None,
                              preferences.refresh_interval_hours(), now)

    def refresh_if_due(self) -> Optional[RefreshTask]:
        """What the dock, the Browser and the locator call: a refresh only when due."""
        return self.refresh() if self.refresh_due() else None

    def refresh(self) -> Optional[RefreshTask]:
        """Start a background refresh (no-op if one runs). Returns the task."""
        if self._task is not None:
            return self._task
        self.catalog()
        task = RefreshTask(self.jobs())
        task.progressChanged.connect(self.refreshProgress)
        task.taskCompleted.connect(lambda: self._finish(task, cancelled=False))
        task.taskTerminated.connect(lambda: self._finish(task, cancelled=task.isCanceled()))
        self._task = task
        self.refreshStarted.emit()
        QgsApplication.taskManager().addTask(task)
        return task

    def cancel(self):
        if self._task is not None:
            self._task.cancel()

    def cancel_and_wait(self, timeout_s: float = 10.0) -> bool:
        """Cancel a refresh and let it end before the caller tears widgets down (the plugin's
        unload). Seen on QGIS 3.44: destroying the dock while the task's thread sat in a
        network request froze QGIS for good. Events are processed meanwhile, so the task's
        own signals arrive; bounded, so a stuck request cannot hold QGIS. True once ended."""
        self.cancel()
        deadline = time.monotonic() + timeout_s
        while self._task is not None and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)  # hands the interpreter to the task's thread
        return self._task is None

    def _finish(self, task: RefreshTask, cancelled: bool):
        self._task = None
        if cancelled:
            self.refreshFinished.emit(False, self.tr("Refresh cancelled."))
            return
        merged = self._merge(task.results)
        errors = [f"{r.job.key}: {r.error}" for r in task.results if r.error]
        succeeded = [r for r in task.results if not r.error]
        if not succeeded:
            self.last_error = "; ".join(errors) or self.tr("no answer")
            when = self.refreshed_at or self.tr("never")
            message = self.tr("Could not reach the Géoplateforme ({0}). Showing the {1} catalogue "
                              "(last refreshed: {2}).").format(self.last_error, self._origin_label(), when)
            preferences.log(message)
            self.refreshFinished.emit(False, message)
            return
        self._catalog = merged
        self.origin = self.ORIGIN_LIVE
        self.refreshed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        services = self._meta.get("services", {})
        for result in succeeded:
            services[result.job.key] = {"url": result.job.url, "etag": result.etag,
                                        "last_modified": result.last_modified}
        self._meta = {"base_url": preferences.base_url(), "refreshed_at": self.refreshed_at,
                      "services": services}
        try:
            self._save_cache(merged)
        except OSError as err:
            preferences.log(self.tr("Could not write the catalogue cache: {0}").format(err))
        self.last_error = "; ".join(errors)
        message = (self.tr("Catalogue refreshed: {0} layers.").format(len(merged)) if not errors else
                   self.tr("Catalogue partly refreshed ({0} layers); failed: {1}").format(
                       len(merged), self.last_error))
        self.catalogChanged.emit(merged)
        self.refreshFinished.emit(not errors, message)

    def _origin_label(self) -> str:
        return self.tr("cached") if self.origin == self.ORIGIN_CACHE else (
            self.tr("live") if self.origin == self.ORIGIN_LIVE else self.tr("bundled"))

    def _merge(self, results: List[JobResult]) -> Catalog:
        """New entries for the services that answered; the previous ones for the others."""
        current = self.catalog()
        refreshed = {(r.job.service, r.job.restricted) for r in results if r.capabilities}
        entries = [e for e in current if (e.service, e.restricted) not in refreshed]
        tile_matrix_sets = dict(current.tile_matrix_sets)
        # A public capabilities document lists every layer of its service; a private one
        # only those the key may use.
        complete = {s for s in current.complete if (s, False) not in refreshed}
        for result in results:
            if result.capabilities is None:
                continue
            entries.extend(result.capabilities.entries)
            entries.extend(result.extra_entries)
            tile_matrix_sets.update(result.capabilities.tile_matrix_sets)
            if not result.job.restricted:
                complete.add(result.job.service)
        return Catalog(entries, tile_matrix_sets, complete=complete)
