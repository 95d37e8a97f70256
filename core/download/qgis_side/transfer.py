"""Downloads streamed to disk through QGIS's network stack (QGIS glue, no widgets).

``FileTransfer`` fetches one file with an asynchronous ``QgsNetworkAccessManager`` request on
the UI thread's event loop (no task blocking in a request, so nothing can deadlock QGIS at
unload): every ``readyRead`` goes straight into ``<name>.part`` and into the running MD5, so
memory stays flat whatever the size. A connection that drops is resumed with a ``Range``
header from the bytes on disk (a server answering 200 to it starts the file again). QGIS's
disk cache is bypassed (a multi-GB archive must not land there) and the auth config, when one
is given, is applied the QGIS way (``updateNetworkRequest``/``updateNetworkReply``: a HASH key
becomes the ``apikey`` header).

``DownloadJob`` is what the user downloads as one item: one file, or every volume of a split
archive, joined once all are there. The ``.part`` file becomes the real name only when the
whole is on disk and every MD5 the feed gives matches; a wrong MD5, a failure or a cancel
removes what was written. ``DownloadQueue`` runs a few jobs at once, the rest wait.

Bounded (part 3): every local name comes from ``names.local_name`` (a name from the feed that
cannot be made safe fails its job, with the reason; the queue goes on), unique in the folder
against what is there and what the queue is writing. A body is never written past what was
announced: ``Content-Length`` when the server gives one (and it must agree with the feed's
size), else the feed's size plus SIZE_MARGIN (the MD5 is what proves the exact bytes); the
free space is checked again as the body comes. A 429 is waited out for its ``Retry-After``
(bounded, MAX_429_RETRIES times), a 5xx retried MAX_SERVER_RETRIES times, a 416 answer to a
``Range`` starts the file again; 401/403/404 fail at once. Whatever ends a job, its ``.part``
files are removed and the next job starts.
"""
from __future__ import annotations

import hashlib
import os
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from typing import List, Optional

from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QObject, QTimer, pyqtSignal
from qgis.PyQt.QtNetwork import QNetworkReply, QNetworkRequest

from ...toolbelt.qgis_side import network
from ...toolbelt import http_failures
from .client import MAX_429_RETRIES, http_message
from ..disk import free_space, is_full
from ..feed import FileGroup
from ..names import NameRefused, display_name, local_name

MAX_RESUMES = 5  # consecutive drops before the download is reported failed
RESUME_DELAY_MS = 500
READ_BUFFER = 4 * 1024 * 1024  # bytes Qt may hold for us between two reads (it then pauses the socket)
READ_AT = 512 * 1024  # read once this much is there: fewer, larger hand-overs
READ_EVERY = 0.2  # seconds: read what is there at least this often
MAX_PENDING = 16 * 1024 * 1024  # bytes handed to the writer thread and not yet on disk
DISK_MARGIN = 64 * 1024 * 1024  # left free on the disk beyond what the download needs
PARALLEL = 2  # jobs running at once; the service allows 10 requests/s per address
# A body without Content-Length may exceed the feed's size by this much before it is stopped
# (1 MiB + 1 %: room for a feed that rounds; the MD5, when given, checks the exact bytes).
SIZE_MARGIN_BYTES = 1024 * 1024
SIZE_MARGIN_RATIO = 0.01
MAX_SERVER_RETRIES = 3  # a 5xx answer is asked again this many times
SERVER_RETRY_DELAY = 1.0  # seconds before the first retry of a 5xx, doubled each time
SPACE_CHECK_EVERY = 8 * 1024 * 1024  # bytes written between two checks of the free space

translate = QCoreApplication.translate  # pylupdate reads translate("Context", "literal")


def part_path(path: str) -> str:
    return path + ".part"


def md5_of_file(path: str, chunk: int = 1024 * 1024) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_md5_file(data: bytes) -> dict:
    """``{file name: md5}`` from a ``.md5`` file (``md5sum`` lines, ``*`` for binary mode)."""
    found = {}
    for line in data.decode("utf-8", "replace").splitlines():
        parts = line.strip().split(None, 1)
        if len(parts) == 2 and len(parts[0]) == 32:
            found[os.path.basename(parts[1].lstrip("*").strip())] = parts[0].lower()
    return found


def free_space_problem(folder: str, needed: Optional[int]) -> str:
    """A message when ``folder`` has not room for ``needed`` bytes (and the margin), else ''."""
    if needed is None:
        return ""
    free = free_space(folder)
    if free is not None and free < needed + DISK_MARGIN:
        from qgis.core import QgsFileUtils

        return translate("Download", "Not enough disk space in {0}: {1} needed, {2} free.").format(
            folder, QgsFileUtils.representFileSize(needed + DISK_MARGIN),
            QgsFileUtils.representFileSize(free))
    return ""


def size_limit(size: Optional[int]) -> Optional[int]:
    """The most bytes a body announced by the feed as ``size`` may have (no Content-Length)."""
    if size is None:
        return None
    return size + SIZE_MARGIN_BYTES + int(size * SIZE_MARGIN_RATIO)


def write_error_message(path: str, err: OSError) -> str:
    if is_full(err):
        return translate("Download", "The disk is full: {0} could not be written ({1}). Free some space "
                                     "or choose another download folder.").format(path, err.strerror or err)
    return translate("Download", "Could not write {0}: {1}").format(path, err.strerror or err)


class _Worker:
    """One thread applying ``work`` to the chunks queued, in order; counts what waits."""

    def __init__(self, work, name: str):
        self.work = work
        self.error: Optional[OSError] = None
        self.pending = 0
        self._lock = threading.Lock()
        self._queue: "queue.Queue" = queue.Queue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def put(self, item):
        if isinstance(item, bytes):
            with self._lock:
                self.pending += len(item)
        self._queue.put(item)

    def _run(self):
        while True:
            item = self._queue.get()
            if item is None:
                return
            try:
                if self.error is None:  # after a failure the rest is only drained
                    self.work(item)
            except OSError as err:
                self.error = err
            finally:
                if isinstance(item, bytes):
                    with self._lock:
                        self.pending -= len(item)

    def join(self):
        self._queue.put(None)
        self._thread.join()


class _Sink:
    """Writes and hashes off the UI thread, each in a thread of its own: hashlib and file
    writes release the GIL, so the disk, the MD5 and the network overlap. At most MAX_PENDING
    bytes wait (past it the transfer stops reading and Qt's bounded buffer holds the socket)."""

    RESET = "reset"

    def __init__(self, path: str, hashing: bool = True):
        self.handle = open(path, "wb")
        self.digest = hashlib.md5()
        self._writer = _Worker(self._write, "bascule-download-writer")
        # No MD5 to check against (a feed without one): no hashing either.
        self._hasher = _Worker(self._hash, "bascule-download-md5") if hashing else None

    def _write(self, item):
        if item == self.RESET:
            self.handle.seek(0)
            self.handle.truncate()
        else:
            self.handle.write(item)

    def _hash(self, item):
        if item == self.RESET:
            self.digest = hashlib.md5()
        else:
            self.digest.update(item)

    @property
    def pending(self) -> int:
        return max(self._writer.pending, self._hasher.pending if self._hasher else 0)

    @property
    def error(self) -> Optional[OSError]:
        return self._writer.error

    def put(self, data: bytes):
        self._writer.put(data)
        if self._hasher:
            self._hasher.put(data)

    def reset(self):
        """Start the file again (the server ignored a Range)."""
        self._writer.put(self.RESET)
        if self._hasher:
            self._hasher.put(self.RESET)

    def close(self) -> str:
        """Wait for what is queued, close; the MD5 of what was written."""
        self._writer.join()
        self.handle.close()
        if self._hasher is None:
            return ""
        self._hasher.join()
        return self.digest.hexdigest()


def _status(reply) -> int:
    return int(reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute) or 0)


class FileTransfer(QObject):
    """One URL into ``<path>.part``, resumed with Range after a drop. Emits ``finished(ok,
    message)`` once; on success ``md5`` is the hex digest of the whole file."""

    progress = pyqtSignal(int)  # bytes newly written
    finished = pyqtSignal(bool, str)
    resumed = pyqtSignal(int)  # the offset a Range request asked from
    retried = pyqtSignal(int, float)  # HTTP status asked again, after that many seconds

    def __init__(self, url: str, path: str, authcfg: str = "", size: Optional[int] = None,
                 parent=None, hashing: bool = True):
        super().__init__(parent)
        self.url = url
        self.hashing = hashing
        self.path = path
        self.authcfg = authcfg
        self.size = size
        self.received = 0
        self.md5 = ""
        self.resumes = 0
        self.throttled = 0  # 429 answers waited out
        self.server_retries = 0  # 5xx answers asked again
        self.restarts = 0  # 416 answers to a Range: the file started again
        self.limit: Optional[int] = size_limit(size)  # most bytes the body may have
        self._sink: Optional[_Sink] = None
        self._sink_error: Optional[OSError] = None
        self._retry_read = False
        self._last_read = 0.0
        self._reply: Optional[QNetworkReply] = None
        self._done = False
        self._status_checked = False
        self._url = url  # where the next request goes: the last redirect's target
        self._hops = 0
        self._keep = False
        self._offset = 0
        self._next_space_check = 0

    # --- life cycle ------------------------------------------------------------------------
    def start(self):
        """Raises OSError when the .part file cannot be made (the job reports it)."""
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self._sink = _Sink(part_path(self.path), self.hashing)
        self._request(0)

    def abort(self):
        """Stop, remove the .part file; no signal."""
        self._done = True
        self._drop_reply()
        self._close()
        self._remove_part()

    def _request(self, offset: int):
        # core/toolbelt/qgis_side/network.py: the key only on the Géoplateforme, Qt follows no redirect.
        request = network.request(self._url, self.authcfg)
        request.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                             QNetworkRequest.CacheLoadControl.AlwaysNetwork)
        request.setAttribute(QNetworkRequest.Attribute.CacheSaveControlAttribute, False)
        if offset:
            request.setRawHeader(b"Range", f"bytes={offset}-".encode())
        self._status_checked = False
        self._keep = False
        self._offset = offset
        reply = network.send(request, self.authcfg, self)  # keyed: no QGIS credential prompt
        reply.setReadBufferSize(READ_BUFFER)
        reply.readyRead.connect(self._on_ready_read)
        reply.finished.connect(self._on_finished)
        self._reply = reply

    # --- data as it arrives ---------------------------------------------------------------------
    def _check_status(self, reply) -> bool:
        """On the first bytes of an answer: True to keep them (an error page is never written)."""
        if self._status_checked:
            return self._keep
        self._status_checked = True
        status = _status(reply)
        self._keep = status in (200, 206)
        if not self._keep:
            return False
        if status == 200 and self.received:
            # The server ignored the Range: the whole file comes again.
            self._restart()
        announced = _content_length(reply)
        if announced is not None:
            total = (self._offset if status == 206 else 0) + announced
            feed_limit = size_limit(self.size)
            if feed_limit is not None and total > feed_limit:
                self._end(False, translate(
                    "Download", "the server announced {0} bytes where the download service lists {1}: "
                                "the download was stopped.").format(total, self.size))
                return False
            self.limit = total
        return True

    def _restart(self):
        self._sink.reset()
        self.progress.emit(-self.received)
        self.received = 0
        self._next_space_check = 0

    def _on_ready_read(self):
        self._read(self.sender())

    def _read(self, reply, final: bool = False) -> bool:
        """Hand what arrived to the writer; False when it must wait (the writer is behind)."""
        if self._done or reply is not self._reply:
            return True
        if not self._check_status(reply):
            return True  # an error page: its status is read at the end
        if self._sink.error is not None:
            self._end(False, write_error_message(part_path(self.path), self._sink.error))
            return True
        # Large hand-overs when data pours in; on a slow line at least every READ_EVERY s, so
        # progress moves (Qt signals again as more arrives, and at the end).
        if (not final and reply.bytesAvailable() < READ_AT and not reply.isFinished()
                and time.monotonic() - self._last_read < READ_EVERY):
            return True
        if self._sink.pending > MAX_PENDING:
            if not self._retry_read:  # the socket waits in Qt's bounded buffer meanwhile
                self._retry_read = True
                QTimer.singleShot(5, lambda: self._read_again(reply))
            return False
        self._last_read = time.monotonic()
        data = bytes(reply.readAll())
        if data:
            if self.limit is not None and self.received + len(data) > self.limit:
                # More than announced: nothing past the limit is written, the transfer ends.
                self._end(False, translate(
                    "Download", "the server sent more than the {0} bytes announced: the download was "
                                "stopped and nothing was kept.").format(self.limit))
                return True
            self._sink.put(data)
            self.received += len(data)
            self.progress.emit(len(data))
            if self.received >= self._next_space_check:
                self._next_space_check = self.received + SPACE_CHECK_EVERY
                problem = self._space_problem()
                if problem:
                    self._end(False, problem)
        return True

    def _space_problem(self) -> str:
        expected = self.limit if self.limit is not None else self.size
        if expected is None:
            return ""
        remaining = expected - self.received + (self._sink.pending if self._sink else 0)
        free = free_space(os.path.dirname(self.path))
        if free is None or free >= remaining:
            return ""
        from qgis.core import QgsFileUtils

        return translate("Download", "The disk is full: {0} more are needed in {1}, {2} are free. Free "
                                     "some space or choose another download folder.").format(
            QgsFileUtils.representFileSize(remaining), os.path.dirname(self.path),
            QgsFileUtils.representFileSize(free))

    def _read_again(self, reply):
        self._retry_read = False
        if not sip.isdeleted(self) and reply is self._reply:
            if self._read(reply) and reply.isFinished():
                self._on_finished(reply)

    def _on_finished(self, reply=None):
        reply = reply or self.sender()
        if self._done or reply is not self._reply:
            return
        if not self._read(reply, final=True):
            return  # the writer is behind: _read_again ends it
        if self._done:
            return
        self._reply = None
        status = _status(reply)
        error = reply.error()
        message = reply.errorString()
        wait = http_failures.retry_after(network.reply_header(reply, "Retry-After"))  # None: none or unreadable
        reply.deleteLater()
        if error == QNetworkReply.NetworkError.OperationCanceledError and self._done:
            return
        target = network.redirect_target(reply)
        if target:  # followed here, without the key off the Géoplateforme (core/toolbelt/qgis_side/network.py)
            refusal = network.next_hop(self._url, target, self.authcfg, network.FOLLOW, self._hops)
            if refusal:
                self._end(False, translate("Download", "Download not followed: {0}.").format(refusal))
                return
            self._url, self._hops = target, self._hops + 1
            self._request(self.received)
            return
        if error == QNetworkReply.NetworkError.SslHandshakeFailedError:  # no retry: say why
            self._end(False, http_message(0, message or "SSL"))
            return
        complete = self.size is None or self.received >= self.size
        if error == QNetworkReply.NetworkError.NoError and status in (200, 206) and complete:
            self.md5 = self._close()
            if self._sink_error:
                self._end(False, write_error_message(part_path(self.path), self._sink_error))
                return
            self._end(True, "")
            return
        if status == 429 and self.throttled < MAX_429_RETRIES:
            self.throttled += 1
            self._retry(status, wait if wait is not None else http_failures.DEFAULT_RETRY_AFTER)
            return
        if status >= 500 and self.server_retries < MAX_SERVER_RETRIES:
            self.server_retries += 1
            self._retry(status, wait if wait is not None else
                        SERVER_RETRY_DELAY * 2 ** (self.server_retries - 1))
            return
        if status == 416 and self._offset and not self.restarts:
            # What is on disk is not a beginning the server knows: the file starts again.
            self.restarts += 1
            self._restart()
            self._retry(status, 0.0)
            return
        if status >= 400 or (status and status not in (200, 206)):
            self._end(False, http_message(status, message, self.authcfg))
            return
        # Dropped (or closed short): ask for the rest.
        if self.resumes >= MAX_RESUMES:
            self._end(False, translate("Download", "The connection dropped {0} times; the download stopped at "
                                                   "{1} bytes.").format(self.resumes + 1, self.received))
            return
        self.resumes += 1
        offset = self.received
        QTimer.singleShot(RESUME_DELAY_MS, lambda: self._resume(offset))

    def _retry(self, status: int, seconds: float):
        self.retried.emit(status, seconds)
        offset = self.received
        QTimer.singleShot(int(seconds * 1000), lambda: self._resume(offset, announce=False))

    def _resume(self, offset: int, announce: bool = True):
        if self._done or sip.isdeleted(self):
            return
        if announce:
            self.resumed.emit(offset)
        self._request(offset)

    # --- ending ---------------------------------------------------------------------------------
    def _end(self, ok: bool, message: str):
        self._done = True
        self._drop_reply()
        self._close()
        if not ok:
            self._remove_part()
        self.finished.emit(ok, message)

    def _drop_reply(self):
        reply, self._reply = self._reply, None
        if reply is not None:
            reply.abort()
            reply.deleteLater()

    def _close(self) -> str:
        sink, self._sink = self._sink, None
        if sink is None:
            return self.md5
        digest = sink.close()
        self._sink_error = sink.error
        return digest

    def _remove_part(self):
        try:
            os.remove(part_path(self.path))
        except FileNotFoundError:
            pass


def _content_length(reply) -> Optional[int]:
    value = network.reply_header(reply, "Content-Length")
    return int(value) if value.isdigit() else None


@dataclass
class JobFile:
    url: str
    name: str
    size: Optional[int]
    md5: str = ""


class DownloadJob(QObject):
    """One item the user downloads: a file, or every volume of a split archive.

    States: queued, running, done, failed, cancelled. ``path`` is the finished file (the archive,
    the volumes joined) once ``done``.
    """

    QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"

    progressChanged = pyqtSignal()
    stateChanged = pyqtSignal(str)

    def __init__(self, title: str, files: List[JobFile], folder: str, authcfg: str = "",
                 resource: str = "", licence: str = "", parent=None):
        super().__init__(parent)
        self.title = title
        self.files = files
        self.folder = folder
        self.authcfg = authcfg
        self.resource = resource
        self.licence = licence
        self.state = self.QUEUED
        self.message = ""
        self.received = 0
        self.resumes = 0
        try:  # the final name is decided at start (unique against the folder then)
            self.path = os.path.join(folder, local_name(title))
        except NameRefused:
            self.path = ""
        self._volume_paths: List[str] = []
        self.throttled = 0
        self.retries = 0
        self._index = 0
        self._transfer: Optional[FileTransfer] = None
        self._started = 0.0
        self._samples: List[tuple] = []

    @classmethod
    def from_group(cls, group: FileGroup, folder: str, authcfg: str = "", resource: str = "",
                   licence: str = "", md5s: Optional[dict] = None, parent=None) -> "DownloadJob":
        md5s = md5s or {}
        files = [JobFile(p.href, p.name, p.size, (p.md5 or md5s.get(p.name, "")).lower())
                 for p in group.parts]
        return cls(group.name, files, folder, authcfg, resource, licence, parent)

    @property
    def total(self) -> Optional[int]:
        sizes = [f.size for f in self.files]
        return None if any(s is None for s in sizes) else sum(sizes)

    @property
    def is_split(self) -> bool:
        return len(self.files) > 1

    @property
    def speed(self) -> float:
        """Bytes per second over the last few seconds."""
        if len(self._samples) < 2:
            return 0.0
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0

    def paths(self) -> List[str]:
        """The files this job writes (final name, volumes), while it runs."""
        return ([self.path] if self.path else []) + list(self._volume_paths)

    def _choose_names(self, reserved) -> str:
        """Local names for the result and each volume, unique in the folder (what is there,
        its ``.part`` files, and ``reserved``: lower-cased paths other jobs write). A message
        when a name cannot be made safe."""
        try:
            listed = os.listdir(self.folder) if os.path.isdir(self.folder) else []
        except OSError:
            listed = []
        taken = {n.lower() for n in listed} | {n[:-len(".part")].lower() for n in listed
                                               if n.lower().endswith(".part")}
        prefix = os.path.join(self.folder, "").lower()
        taken |= {p[len(prefix):] for p in reserved if p.startswith(prefix)}
        try:
            final = local_name(self.title, taken)
            taken.add(final.lower())
            volumes = []
            for file in self.files:
                if not self.is_split:
                    volumes.append(final)
                    continue
                volume = local_name(file.name, taken)
                taken.add(volume.lower())
                volumes.append(volume)
        except NameRefused as refused:
            return translate("Download", "The download service gives the name “{0}”, which cannot be made a "
                                         "safe file name: this file was not downloaded.").format(
                display_name(refused.name))
        self.path = os.path.join(self.folder, final)
        self._volume_paths = [os.path.join(self.folder, v) for v in volumes]
        return ""

    # --- running --------------------------------------------------------------------------------
    def start(self, reserved=()):
        """Start (names first, then the disk space); whatever goes wrong fails the job in words
        and never leaves it running."""
        try:
            problem = self._choose_names(reserved) or free_space_problem(
                self.folder, (self.total or 0) + max((f.size or 0 for f in self.files), default=0)
                if self.is_split else self.total)
        except Exception as err:  # noqa: BLE001 - a job that cannot start must not hold a slot
            problem = translate("Download", "The download could not start: {0}").format(err)
        if problem:
            self._fail(problem)
            return
        self._set_state(self.RUNNING)
        self._started = time.monotonic()
        self._next_file()

    def _next_file(self):
        if self._index >= len(self.files):
            self._complete()
            return
        file = self.files[self._index]
        transfer = FileTransfer(file.url, self._volume_paths[self._index], self.authcfg, file.size, self,
                                hashing=bool(file.md5))
        transfer.progress.connect(self._on_progress)
        transfer.resumed.connect(self._on_resumed)
        transfer.retried.connect(self._on_retried)
        transfer.finished.connect(self._on_file_finished)
        self._transfer = transfer
        try:
            transfer.start()
        except OSError as err:
            self._fail(translate("Download", "{0}: {1}").format(
                display_name(file.name), write_error_message(part_path(self._volume_paths[self._index]), err)))

    def _on_progress(self, count: int):
        self.received += count
        now = time.monotonic()
        self._samples.append((now, self.received))
        while len(self._samples) > 2 and now - self._samples[0][0] > 3.0:
            self._samples.pop(0)
        self.progressChanged.emit()

    def _on_resumed(self, _offset: int):
        self.resumes += 1

    def _on_retried(self, status: int, _seconds: float):
        if status == 429:
            self.throttled += 1
        else:
            self.retries += 1

    def _on_file_finished(self, ok: bool, message: str):
        transfer, self._transfer = self._transfer, None
        file = self.files[self._index]
        if not ok:
            self._fail(translate("Download", "{0}: {1}").format(display_name(file.name), message))
            return
        if file.md5 and transfer.md5 != file.md5:
            self._fail(translate("Download", "{0}: the MD5 checksum does not match (expected {1}, got "
                                             "{2}): the file is damaged and was deleted.").format(
                file.name, file.md5, transfer.md5))
            return
        self._index += 1
        self._next_file()

    def _complete(self):
        parts = [part_path(p) for p in self._volume_paths]
        if os.path.exists(self.path):  # written meanwhile by something else: not overwritten
            self._fail(translate("Download", "{0} is already there: move it or choose another download "
                                             "folder.").format(self.path))
            return
        try:
            if self.is_split:
                # A split 7z is the archive's bytes cut in pieces: the volumes joined make it.
                with open(parts[0], "ab") as joined:
                    for other in parts[1:]:
                        with open(other, "rb") as handle:
                            shutil.copyfileobj(handle, joined, 1024 * 1024)
                        os.remove(other)
            os.replace(parts[0], self.path)
        except OSError as err:
            self._fail(write_error_message(self.path, err))
            return
        if all(f.md5 for f in self.files):
            self.message = translate("Download", "Downloaded, MD5 checked: {0}").format(self.path)
        else:
            self.message = translate("Download", "Downloaded (no MD5 given to check): {0}").format(self.path)
        self._set_state(self.DONE)

    def cancel(self):
        if self.state in (self.DONE, self.FAILED, self.CANCELLED):
            return
        self._stop_transfer()
        self._remove_parts()
        self.message = translate("Download", "Cancelled.")
        self._set_state(self.CANCELLED)

    def _fail(self, message: str):
        self._stop_transfer()
        self._remove_parts()
        self.message = message
        self._set_state(self.FAILED)

    def _stop_transfer(self):
        transfer, self._transfer = self._transfer, None
        if transfer is not None:
            transfer.abort()
            transfer.deleteLater()

    def _remove_parts(self):
        for path in self._volume_paths:
            try:
                os.remove(part_path(path))
            except OSError:
                pass

    def _set_state(self, state: str):
        self.state = state
        self.stateChanged.emit(state)


class DownloadQueue(QObject):
    """Jobs run ``parallel`` at a time, in the order queued."""

    jobAdded = pyqtSignal(object)
    jobChanged = pyqtSignal(object)

    def __init__(self, parallel: int = PARALLEL, parent=None):
        super().__init__(parent)
        self.parallel = parallel
        self.jobs: List[DownloadJob] = []

    def add(self, job: DownloadJob) -> DownloadJob:
        job.setParent(self)
        self.jobs.append(job)
        job.stateChanged.connect(lambda _state, job=job: self._on_state(job))
        job.progressChanged.connect(lambda job=job: self.jobChanged.emit(job))
        self.jobAdded.emit(job)
        self._start_next()
        return job

    def running(self) -> List[DownloadJob]:
        return [j for j in self.jobs if j.state == DownloadJob.RUNNING]

    def active(self) -> List[DownloadJob]:
        return [j for j in self.jobs if j.state in (DownloadJob.RUNNING, DownloadJob.QUEUED)]

    def cancel_all(self):
        for job in list(self.jobs):
            if job.state == DownloadJob.QUEUED:
                job.cancel()
        for job in list(self.jobs):
            job.cancel()

    def _on_state(self, job: DownloadJob):
        self.jobChanged.emit(job)
        if job.state != DownloadJob.RUNNING:
            self._start_next()

    def reserved(self) -> set:
        """Lower-cased paths the running jobs write: no other job takes these names."""
        return {p.lower() for j in self.running() for p in j.paths()}

    def _start_next(self):
        while len(self.running()) < self.parallel:
            waiting = next((j for j in self.jobs if j.state == DownloadJob.QUEUED), None)
            if waiting is None:
                return
            waiting.start(self.reserved())
            if waiting.state == DownloadJob.QUEUED:  # start() must end queued jobs one way or another
                waiting._fail(translate("Download", "The download could not start."))
