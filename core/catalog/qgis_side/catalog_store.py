"""Where the catalogue comes from: cache or bundled snapshot at once, live in the background.

QGIS glue. ``current_catalog()`` is the one answer to "which catalogue decides": the last
refresh saved in the profile (per service: a service that never answered keeps the snapshot's
entries), else the snapshot bundled in resources/. It reads the disk (no dock, no event loop,
no network), once per saved refresh; the dock, the Browser, the locator, the migration dialog,
the open hook, the Layers-panel entry, Processing and the connections migration all call it
and pass its answer to the engine. ``CatalogStore.refresh()`` fetches every service's
capabilities in a QgsTask through QGIS's network stack (proxy, SSL settings and authcfg
honoured), with conditional requests (ETag / Last-Modified), progress and cancel;
``refresh_now()`` does the same synchronously (Processing, ``qgis_process``). When the
network fails the catalogue stays what it was and the caller says so.
"""
from __future__ import annotations

import gzip
import json
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Dict, List, Optional

from qgis.core import QgsApplication, QgsFeedback
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, pyqtSignal

from ...platform import endpoints
from ...toolbelt.qgis_side import network, settings, tasks
from ...toolbelt import http_failures
from ...toolbelt.log import logger
from ...capabilities import CapabilitiesError, parse_capabilities
from ...capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS
from ..catalog_index import Catalog, bundled_catalog, profile_line, provenance_lines
from ..refresh_policy import refresh_is_due

_log = logger(__name__)

CACHE_FILE = "catalog.json.gz"
META_FILE = "catalog-meta.json"
PUBLIC_SERVICES = (WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS)
# Restricted data is served by these (docs/reference/geoplateforme.md §4).
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
          feedback: Optional[QgsFeedback] = None, policy: str = network.FOLLOW):
    """GET through core/toolbelt/qgis_side/network.py (blocking: call it from a task): the key only on the
    Géoplateforme, redirects followed there by ``policy``.

    Returns (HTTP status or 0, body bytes, response headers dict, error message, from
    cache). QGIS's disk cache sits under unkeyed requests: Qt answers a 304 (and even a
    server error) with the cached copy, flagged as coming from the cache.
    """
    return network.fetch(url, authcfg, headers, feedback, policy).astuple()


def job_url(service: str, restricted: bool, base: str) -> str:
    """The capabilities URL a refresh asks for. WFS: the FeatureTypeList section only: the
    catalogue shows nothing else of it (the bundled snapshot is built from such a
    document), and GeoServer's other sections are much of the 4.8 MB. Compression needs
    nothing here: Qt's network stack asks for gzip and inflates the answer itself."""
    url = endpoints.capabilities_url(service, restricted, base)
    return url + "&SECTIONS=FeatureTypeList" if service == WFS else url


class RefreshTask(tasks.PluginTask):
    """Fetch and parse the capabilities of every job, off the UI thread."""

    def __init__(self, jobs: List[Job]):
        super().__init__(QCoreApplication.translate("RefreshTask", "Refreshing the Géoplateforme catalogue"))
        self.jobs = jobs
        self.language = settings.language()  # read here: QgsSettings stays on the UI thread
        self.results: List[JobResult] = []

    def work(self) -> bool:
        for index, job in enumerate(self.jobs):
            if self.isCanceled():
                return False
            try:
                self.results.append(run_job(job, self.feedback, self.isCanceled, self.language))
            except Exception as err:  # noqa: BLE001 - one service failing is its job's error
                self.results.append(JobResult(job, error=tasks.unexpected(err)))
            self.step(index + 1, len(self.jobs))
        return True

def run_job(job: Job, feedback: Optional[QgsFeedback] = None, cancelled=None,
            language: str = "") -> JobResult:
    """Fetch and parse one document (blocking: a task's thread, or a Processing run)."""
    headers = {}
    if job.etag:
        headers["If-None-Match"] = job.etag
    if job.last_modified:
        headers["If-Modified-Since"] = job.last_modified
    status, body, answer, error, from_cache = fetch(job.url, job.authcfg, headers, feedback,
                                                    network.REFUSE)
    result = JobResult(job, etag=answer.get("etag", ""),
                       last_modified=answer.get("last-modified", ""))
    if status == 304 or (from_cache and not error and headers):
        result.not_modified = True
        result.etag = result.etag or job.etag
        result.last_modified = result.last_modified or job.last_modified
        return result
    if error or status >= 400:
        result.error = _http_message(status, error, language, body)
        return result
    try:
        result.capabilities = parse_capabilities(body, job.url)
    except CapabilitiesError as err:
        result.error = str(err)
        return result
    if job.service == TMS:
        result.extra_entries = _tile_maps(job, result.capabilities.entries, feedback, cancelled)
    return result


def _http_message(status: int, error: str, language: str = "", body: bytes = b"") -> str:
    """In the refresh's words (core/toolbelt/http_failures.py); a certificate failure with IGN's
    advice."""
    return http_failures.describe(status, {}, body, error, http_failures.CATALOG,
                                  language=language or settings.language())


def _tile_maps(job: Job, entries, feedback=None, cancelled=None) -> list:
    """Vector tile sets: their TileMap resource gives zoom levels and style links."""
    details = []
    for entry in entries:
        if (cancelled and cancelled()) or (feedback is not None and feedback.isCanceled()):
            break
        if "application/x-protobuf" not in entry.formats:
            continue
        url = f"{endpoints.service_url(TMS, job.restricted, settings.base_url())}/{entry.name}"
        status, body, _, error, _ = fetch(url, job.authcfg, feedback=feedback,
                                          policy=network.REFUSE)
        if error or status >= 400:
            continue  # the root entry stays, without styles
        try:
            details.extend(parse_capabilities(body, url).entries)
        except CapabilitiesError:
            continue
    return details


# --- the current catalogue: one owner, read from disk ---------------------------------------

_CURRENT_LOCK = threading.Lock()
_CURRENT: Dict[tuple, tuple] = {}  # (cache dir, base URL) -> (meta stamp, Catalog, meta)


def _stamp(cache_dir: str):
    """What changes when a refresh is saved (or a file is damaged): both files' times and
    sizes. None when no refresh was saved."""
    try:
        meta = os.stat(os.path.join(cache_dir, META_FILE))
    except OSError:
        return None
    try:
        data = os.stat(os.path.join(cache_dir, CACHE_FILE))
    except OSError:
        return meta.st_mtime_ns, meta.st_size
    return meta.st_mtime_ns, meta.st_size, data.st_mtime_ns, data.st_size, data.st_ino


def _read_cache(cache_dir: str, base: str):
    """(Catalog, meta) of the refresh saved in ``cache_dir`` for ``base``, or None."""
    try:
        with open(os.path.join(cache_dir, META_FILE), encoding="utf-8") as handle:
            meta = json.load(handle)
        if meta.get("base_url") != base:
            return None  # written for another server (mirror, tests)
        with gzip.open(os.path.join(cache_dir, CACHE_FILE), "rb") as stream:
            catalog = Catalog.from_json(stream.read())
    except FileNotFoundError:
        return None
    except Exception as err:  # noqa: BLE001 - truncated, corrupt or newer: use the snapshot
        _log.info(QCoreApplication.translate("CatalogStore", "Ignoring the catalogue cache: {0}")
                  .format(err))
        return None
    if not catalog.provenance:  # a cache written before provenance was recorded
        provenance = dict(bundled_catalog().provenance)
        for key in meta.get("services", {}):
            provenance[key] = {"origin": "refresh", "date": meta.get("refreshed_at", "")}
        catalog.provenance = provenance
    return catalog, meta


def _remember(cache_dir: str, base: str, catalog: Catalog, meta: Dict) -> None:
    with _CURRENT_LOCK:
        _CURRENT[(cache_dir, base)] = (_stamp(cache_dir), catalog, meta)


def _current(cache_dir: Optional[str] = None):
    """(Catalog, meta or {}) -- see current_catalog."""
    cache_dir = cache_dir or settings.catalog_cache_dir()
    base = settings.base_url()
    stamp = _stamp(cache_dir)
    with _CURRENT_LOCK:
        known = _CURRENT.get((cache_dir, base))
    if known is not None and known[0] == stamp:
        return known[1], known[2]
    read = _read_cache(cache_dir, base) if stamp is not None else None
    catalog, meta = read if read is not None else (bundled_catalog(), {})
    with _CURRENT_LOCK:
        _CURRENT[(cache_dir, base)] = (stamp, catalog, meta)
    return catalog, meta


def current_catalog(cache_dir: Optional[str] = None) -> Catalog:
    """The catalogue every path decides with: the freshest the user has (the last refresh
    saved in the profile, per service), else the bundled snapshot. No network, no event loop,
    no dock: the disk is read once per saved refresh (thread-safe), so qgis_process and a
    Processing run in a worker thread get the same answer as the dock."""
    return _current(cache_dir)[0]


def catalogue_lines(catalog: Catalog, lang: str = "en") -> List[str]:
    """Which catalogue decided, per service, with its date (for logs, feedback, reports),
    after the QGIS profile whose saved refresh was read."""
    profile = QgsApplication.qgisSettingsDirPath().rstrip("/\\")
    name = os.path.basename(profile) or profile
    return [profile_line(name, profile, lang)] + provenance_lines(catalog, lang)


def _write_atomically(path: str, data: bytes) -> None:
    """Never a half-written file: readers (another QGIS, qgis_process) see the old or the new."""
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def save_cache(cache_dir: str, catalog: Catalog, meta: Dict) -> None:
    """Write a refresh (catalogue, then the meta file readers look at) and make it current."""
    os.makedirs(cache_dir, exist_ok=True)
    _write_atomically(os.path.join(cache_dir, CACHE_FILE),
                      gzip.compress(catalog.to_json().encode("utf-8")))
    _write_atomically(os.path.join(cache_dir, META_FILE),
                      json.dumps(meta, indent=1).encode("utf-8"))
    _remember(cache_dir, meta.get("base_url", settings.base_url()), catalog, meta)


def merge(current: Catalog, results: List[JobResult], when: str) -> Catalog:
    """New entries for the services that answered; the previous ones for the others."""
    refreshed = {(r.job.service, r.job.restricted) for r in results if r.capabilities}
    entries = [e for e in current if (e.service, e.restricted) not in refreshed]
    tile_matrix_sets = dict(current.tile_matrix_sets)
    # A public capabilities document lists every layer of its service; a private one
    # only those the key may use.
    complete = {s for s in current.complete if (s, False) not in refreshed}
    provenance = dict(current.provenance)
    for result in results:
        if result.not_modified and provenance.get(result.job.key, {}).get("origin") == "refresh":
            provenance[result.job.key] = {"origin": "refresh", "date": when}  # still current
        if result.capabilities is None:
            continue
        entries.extend(result.capabilities.entries)
        entries.extend(result.extra_entries)
        tile_matrix_sets.update(result.capabilities.tile_matrix_sets)
        if not result.job.restricted:
            complete.add(result.job.service)
        provenance[result.job.key] = {"origin": "refresh", "date": when}
    return Catalog(entries, tile_matrix_sets, complete=complete, provenance=provenance)


def build_jobs(meta: Dict, authcfg: str = "") -> List[Job]:
    """The documents a refresh asks for (private ones with ``authcfg``), with the validators
    of the last answers."""
    base = settings.base_url()
    validators = meta.get("services", {})
    jobs = [Job(s, False, job_url(s, False, base)) for s in PUBLIC_SERVICES]
    if authcfg:
        jobs += [Job(s, True, job_url(s, True, base), authcfg) for s in PRIVATE_SERVICES]
    for job in jobs:
        saved = validators.get(job.key, {})
        if saved.get("url") == job.url:
            job.etag = saved.get("etag", "")
            job.last_modified = saved.get("last_modified", "")
    return jobs


def record(current: Catalog, meta: Dict, results: List[JobResult], cache_dir: str):
    """Merge the answers, save them as the current catalogue. Returns (Catalog or None when
    nothing answered, the new meta, the errors)."""
    errors = [f"{r.job.key}: {r.error}" for r in results if r.error]
    if not any(not r.error for r in results):
        return None, meta, errors
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    merged = merge(current, results, when)
    services = dict(meta.get("services", {}))
    for result in results:
        if not result.error:
            services[result.job.key] = {"url": result.job.url, "etag": result.etag,
                                        "last_modified": result.last_modified,
                                        "refreshed_at": when}
    meta = {"base_url": settings.base_url(), "refreshed_at": when, "services": services}
    try:
        save_cache(cache_dir, merged, meta)
    except OSError as err:
        _log.info(QCoreApplication.translate(
            "CatalogStore", "Could not write the catalogue cache: {0}").format(err))
        _remember(cache_dir, meta["base_url"], merged, meta)
    return merged, meta, errors


def auth_unlocked() -> bool:
    """Has the auth database's master password been given in this session? Using an auth
    config otherwise makes QGIS ask for it (a dialog, or a prompt on qgis_process's console)."""
    manager = QgsApplication.authManager()
    return bool(manager is not None and manager.masterPasswordIsSet())


@dataclass
class RefreshOutcome:
    """What ``refresh_now`` did: the catalogue now current and what to tell the user."""

    catalog: Catalog
    ok: bool
    messages: List[str] = field(default_factory=list)
    private_skipped: bool = False


def refresh_now(feedback: Optional[QgsFeedback] = None, cache_dir: Optional[str] = None,
                authcfg: Optional[str] = None) -> RefreshOutcome:
    """Refresh the catalogue synchronously, in the calling thread (Processing, qgis_process),
    and save it for every other path. Private services only when the auth database is already
    unlocked: a batch run never waits on a master-password prompt, it says so instead."""
    translate = QCoreApplication.translate
    cache_dir = cache_dir or settings.catalog_cache_dir()
    authcfg = settings.authcfg() if authcfg is None else authcfg
    messages = []
    skipped = False
    if authcfg and not auth_unlocked():
        skipped, authcfg = True, ""
        messages.append(translate(
            "CatalogStore", "Restricted services not refreshed: QGIS's authentication database "
            "is locked (its master password was not entered in this session), and a batch run "
            "does not wait for it. Their last saved catalogue is used."))
    current, meta = _current(cache_dir)
    language = settings.language()
    results = []
    for job in build_jobs(meta, authcfg):
        if feedback is not None and feedback.isCanceled():
            break
        try:
            results.append(run_job(job, feedback, language=language))
        except Exception as err:  # noqa: BLE001 - one service failing is a message, not a crash
            results.append(JobResult(job, error=tasks.unexpected(err)))
    merged, meta, errors = record(current, meta, results, cache_dir)
    if merged is None:
        messages.append(translate(
            "CatalogStore", "Could not reach the Géoplateforme ({0}): the saved catalogue is "
            "used.").format("; ".join(errors) or translate("CatalogStore", "no answer")))
        return RefreshOutcome(current, False, messages, skipped)
    if errors:
        messages.append(translate("CatalogStore", "Catalogue partly refreshed ({0} layers); "
                                  "failed: {1}").format(len(merged), "; ".join(errors)))
    else:
        messages.append(translate("CatalogStore", "Catalogue refreshed: {0} layers.")
                        .format(len(merged)))
    return RefreshOutcome(merged, not errors, messages, skipped)


class CatalogStore(QObject):
    """The catalogue the dock shows, and its provenance."""

    catalogChanged = pyqtSignal(object)  # Catalog
    refreshStarted = pyqtSignal()
    refreshProgress = pyqtSignal(float)
    refreshFinished = pyqtSignal(bool, str)  # ok, message for the user

    ORIGIN_SNAPSHOT, ORIGIN_CACHE, ORIGIN_LIVE = "snapshot", "cache", "live"

    def __init__(self, cache_dir: Optional[str] = None, parent=None):
        super().__init__(parent)
        self.cache_dir = cache_dir or settings.catalog_cache_dir()
        self._catalog: Optional[Catalog] = None
        self._meta: Dict = {}
        self.origin = self.ORIGIN_SNAPSHOT
        self.refreshed_at: Optional[str] = None
        self.last_error = ""
        self._task: Optional[RefreshTask] = None

    # --- reading ------------------------------------------------------------------------
    def catalog(self) -> Catalog:
        """The best catalogue available now, without network access: current_catalog()."""
        catalog, meta = _current(self.cache_dir)
        if catalog is not self._catalog:
            replaced = self._catalog is not None
            self._catalog, self._meta = catalog, meta
            if self.origin != self.ORIGIN_LIVE or not meta:
                self.origin = self.ORIGIN_CACHE if meta else self.ORIGIN_SNAPSHOT
            self.refreshed_at = meta.get("refreshed_at") if meta else None
            if replaced:  # saved meanwhile by another path (a Processing refresh): say so
                QTimer.singleShot(0, self._announce)
        return self._catalog

    def _announce(self):
        try:
            self.catalogChanged.emit(self._catalog)
        except RuntimeError:  # the store went away meanwhile (plugin unloaded)
            pass

    # --- refreshing ---------------------------------------------------------------------
    def is_refreshing(self) -> bool:
        return self._task is not None

    def jobs(self) -> List[Job]:
        self.catalog()
        return build_jobs(self._meta, settings.authcfg())

    def refresh_due(self, now: Optional[datetime] = None) -> bool:
        """Is an automatic refresh due? Not when this session refreshed already, nor when
        the cache is younger than the interval (IGN's servers need not send a 2 MB WMTS
        and a 4.8 MB WFS document to every QGIS session of the day)."""
        self.catalog()
        if self._task is not None or self.origin == self.ORIGIN_LIVE:
            return False
        return refresh_is_due(self.refreshed_at if self.origin == self.ORIGIN_CACHE else None,
                              settings.refresh_interval_hours(), now)

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
        current = self.catalog()
        merged, meta, errors = record(current, self._meta, task.results, self.cache_dir)
        if merged is None:
            self.last_error = "; ".join(errors) or self.tr("no answer")
            when = self.refreshed_at or self.tr("never")
            message = self.tr("Could not reach the Géoplateforme ({0}). Showing the {1} catalogue "
                              "(last refreshed: {2}).").format(self.last_error, self._origin_label(), when)
            _log.info(message)
            self.refreshFinished.emit(False, message)
            return
        self._catalog, self._meta = merged, meta
        self.origin = self.ORIGIN_LIVE
        self.refreshed_at = meta["refreshed_at"]
        self.last_error = "; ".join(errors)
        message = (self.tr("Catalogue refreshed: {0} layers.").format(len(merged)) if not errors else
                   self.tr("Catalogue partly refreshed ({0} layers); failed: {1}").format(
                       len(merged), self.last_error))
        self.catalogChanged.emit(merged)
        self.refreshFinished.emit(not errors, message)

    def _origin_label(self) -> str:
        return self.tr("cached") if self.origin == self.ORIGIN_CACHE else (
            self.tr("live") if self.origin == self.ORIGIN_LIVE else self.tr("bundled"))
