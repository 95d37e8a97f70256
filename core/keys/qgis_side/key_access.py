"""What each of the user's keys unlocks: the private capabilities, fetched with the key.

QGIS glue. ``KeyTestTask`` fetches the /private/ capabilities of every service with one auth
config, in the background through QGIS's network stack (conditional requests, like the
catalogue), and records per service the layers listed or the refusal. ``KeyAccess`` keeps
those results on disk per key, so the dock knows at once which keys unlock a layer.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Dict, List, Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QObject, pyqtSignal

from . import key_store
from ...platform import endpoints
from ...toolbelt.qgis_side import network, settings, tasks
from ...toolbelt.http_failures import EXPIRED, NO_ACCESS, WRONG_KEY, classify
from ...toolbelt.log import logger
from ...capabilities import CapabilitiesError, parse_capabilities
from ...capabilities.model import TMS, WFS, WMS_RASTER, WMS_VECTOR, WMTS

_log = logger(__name__)

SERVICES = (WMTS, WMS_RASTER, WMS_VECTOR, WFS, TMS)


@dataclass
class ServiceAccess:
    """One service's answer to one key."""

    layers: List[str] = field(default_factory=list)
    refusal: str = ""  # a message for the user, empty when the capabilities came
    refusal_kind: str = ""
    etag: str = ""

    def to_json(self) -> Dict:
        return {"layers": self.layers, "refusal": self.refusal, "refusal_kind": self.refusal_kind,
                "etag": self.etag}

    @classmethod
    def from_json(cls, data: Dict) -> "ServiceAccess":
        layers = [str(name) for name in data.get("layers", []) if isinstance(name, str)]
        return cls(layers, str(data.get("refusal", "")), str(data.get("refusal_kind", "")),
                   str(data.get("etag", "")))


@dataclass
class KeyReport:
    """What one key unlocks, service by service."""

    config_id: str
    tested_at: str = ""
    services: Dict[str, ServiceAccess] = field(default_factory=dict)

    def unlocks(self, service: str, name: str) -> bool:
        access = self.services.get(service)
        return access is not None and name in access.layers

    @property
    def layer_count(self) -> int:
        return sum(len(access.layers) for access in self.services.values())

    @property
    def refusals(self) -> Dict[str, str]:
        return {s: a.refusal for s, a in self.services.items() if a.refusal}


class KeyTestTask(tasks.PluginTask):
    """Fetch the private capabilities of every service with one key, off the UI thread."""

    def __init__(self, config_id: str, previous: Optional[KeyReport] = None):
        super().__init__(QCoreApplication.translate("KeyTestTask", "Testing a Géoplateforme key"))
        self.config_id = config_id
        self.previous = previous
        self.report = KeyReport(config_id)
        self.language = settings.language()
        self.base = settings.base_url()

    def work(self) -> bool:
        for index, service in enumerate(SERVICES):
            if self.isCanceled():
                return False
            try:
                self.report.services[service] = self._test(service)
            except Exception as err:  # noqa: BLE001 - one service failing is its refusal
                self.report.services[service] = ServiceAccess(refusal=tasks.error_text(err),
                                                              refusal_kind="error")
            self.step(index + 1, len(SERVICES))
        self.report.tested_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        return True

    def _test(self, service: str) -> ServiceAccess:
        url = endpoints.capabilities_url(service, True, self.base)
        before = self.previous.services.get(service) if self.previous else None
        headers = {"If-None-Match": before.etag} if before and before.etag and not before.refusal else {}
        got = network.fetch(url, self.config_id, headers, self.feedback, network.REFUSE)
        if got.redirect_refused:
            return ServiceAccess(refusal=got.error, refusal_kind="redirect")
        status, body, answer, error, from_cache = got.astuple()
        if before is not None and headers and (status == 304 or (from_cache and not error)):
            return before
        refusal = classify(status, answer, body, error)
        if refusal is not None:
            return ServiceAccess(refusal=refusal.message(self.language), refusal_kind=refusal.kind)
        try:
            capabilities = parse_capabilities(body, url)
        except CapabilitiesError as err:
            return ServiceAccess(refusal=str(err), refusal_kind="unreadable")
        names = sorted({entry.name for entry in capabilities.entries})
        return ServiceAccess(names, etag=answer.get("etag", ""))


class KeyAccess(QObject):
    """The last test of each key, kept on disk in the profile (no secret: layer names only)."""

    tested = pyqtSignal(str, object)  # config id, KeyReport (None: the test was cancelled)
    testProgress = pyqtSignal(str, float)

    def __init__(self, cache_dir: Optional[str] = None, parent=None):
        super().__init__(parent)
        self.cache_dir = cache_dir or settings.key_tests_dir()
        self._reports: Dict[str, KeyReport] = {}
        self._tasks: Dict[str, KeyTestTask] = {}

    def _path(self, config_id: str) -> str:
        return os.path.join(self.cache_dir, f"{config_id}.json")

    def report(self, config_id: str) -> Optional[KeyReport]:
        if config_id not in self._reports:
            try:
                with open(self._path(config_id), encoding="utf-8") as handle:
                    data = json.load(handle)
                if data.get("base_url") != settings.base_url():
                    return None  # tested against another server
                self._reports[config_id] = KeyReport(
                    config_id, str(data.get("tested_at", "")),
                    {s: ServiceAccess.from_json(a) for s, a in data.get("services", {}).items()
                     if s in SERVICES and isinstance(a, dict)})
            except (OSError, ValueError, AttributeError, TypeError):
                return None
        return self._reports.get(config_id)

    def keys_unlocking(self, service: str, name: str) -> List[key_store.Key]:
        """The user's usable keys whose last test listed this layer."""
        return [key for key in key_store.keys() if key.usable
                and (report := self.report(key.id)) is not None and report.unlocks(service, name)]

    def refuses(self, config_id: str, service: str, name: str) -> bool:
        """Whether the key's last test says no: the service listed its layers without this
        one, or refused the key (a network failure says nothing about the key)."""
        report = self.report(config_id)
        access = report.services.get(service) if report is not None else None
        if access is None:
            return False
        if access.refusal:
            return access.refusal_kind in (WRONG_KEY, NO_ACCESS, EXPIRED)
        return name not in access.layers

    def forget(self, config_id: str) -> None:
        self._reports.pop(config_id, None)
        try:
            os.remove(self._path(config_id))
        except OSError:
            pass

    def is_testing(self, config_id: str) -> bool:
        return config_id in self._tasks

    def test(self, config_id: str) -> KeyTestTask:
        """Start (or return the running) test of a key."""
        if config_id in self._tasks:
            return self._tasks[config_id]
        task = KeyTestTask(config_id, self.report(config_id))
        task.progressChanged.connect(lambda value: self.testProgress.emit(config_id, value))
        task.taskCompleted.connect(lambda: self._finish(task))
        task.taskTerminated.connect(lambda: self._ended(config_id))
        self._tasks[config_id] = task
        QgsApplication.taskManager().addTask(task)
        return task

    def _ended(self, config_id: str):
        """A cancelled test: no report, but whoever waits must know it is over."""
        self._tasks.pop(config_id, None)
        self.tested.emit(config_id, None)

    def _finish(self, task: KeyTestTask):
        self._tasks.pop(task.config_id, None)
        self._reports[task.config_id] = task.report
        try:
            os.makedirs(self.cache_dir, exist_ok=True)
            target = self._path(task.config_id)
            with open(target + ".tmp", "w", encoding="utf-8") as handle:
                json.dump({"base_url": settings.base_url(), "tested_at": task.report.tested_at,
                           "services": {s: a.to_json() for s, a in task.report.services.items()}},
                          handle, indent=1)
            os.replace(target + ".tmp", target)
        except OSError as err:
            _log.info(self.tr("Could not save the result of the key test: {0}").format(err))
        self.tested.emit(task.config_id, task.report)


_shared: Optional[KeyAccess] = None


def cancel_tests(timeout_s: float = 0.0) -> bool:
    """Cancel every running key test (the plugin's unload) and, within ``timeout_s``, let
    them end, events processed meanwhile. A test left running holds a thread of QGIS's task
    pool in a request: other tasks (the catalogue refresh) then cannot even end their
    cancellation. True once none runs."""
    if _shared is None:
        return True
    for task in list(_shared._tasks.values()):
        task.cancel()
    deadline = time.monotonic() + timeout_s
    while _shared._tasks and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)  # hands the interpreter to the tasks' threads
    return not _shared._tasks


def shared() -> KeyAccess:
    """The one KeyAccess of the plugin (the dock, the keys dialog and the migration share it)."""
    global _shared
    if _shared is None:
        _shared = KeyAccess()
    return _shared
