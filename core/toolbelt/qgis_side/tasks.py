"""The plugin's background tasks share one base: cancel, progress, an error carried back.

QGIS glue. ``PluginTask`` is a cancellable ``QgsTask`` whose ``work()`` runs in a thread of
QGIS's pool:

- cancel: ``cancel()`` also cancels ``feedback``, the ``QgsFeedback`` handed to
  ``network.fetch`` (core/toolbelt/qgis_side/network.py), so a request in flight is aborted
  at once rather than at its timeout; ``work()`` checks ``isCanceled()`` between steps;
- progress: ``step(done, total)``;
- the outcome: what ``work()`` stores on the task (its results, ``error``) is read on the
  main thread once QGIS emits ``taskCompleted``/``taskTerminated`` or calls ``finished(ok)``;
- an exception escaping ``run()`` would abort QGIS: it becomes ``error``, in words
  (``unexpected``), with any key, password or token of its text masked.
"""
from __future__ import annotations

from qgis.core import QgsFeedback, QgsTask
from qgis.PyQt.QtCore import QCoreApplication


def error_text(err: BaseException) -> str:
    """An exception's text fit for a message or a log: secrets masked."""
    from ...platform.redaction import redact_text  # lazy: pure, but not needed at start-up

    return redact_text(str(err) or type(err).__name__)


def unexpected(err: BaseException) -> str:
    """What to say of an exception a task did not expect (no secret in it)."""
    return QCoreApplication.translate("Task", "unexpected error: {0}").format(error_text(err))


class PluginTask(QgsTask):
    """Subclasses implement ``work()`` (True: done; False: failed, ``error`` says why)."""

    def __init__(self, description: str, flags=QgsTask.Flag.CanCancel):
        super().__init__(description, flags)
        self.feedback = QgsFeedback()
        self.error = ""

    def cancel(self):
        self.feedback.cancel()
        super().cancel()

    def step(self, done: int, total: int) -> None:
        if total:
            self.setProgress(100.0 * done / total)

    def work(self) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self) -> bool:
        try:
            ok = self.work()
        except Exception as err:  # noqa: BLE001 - an exception escaping run() aborts QGIS
            self.error = unexpected(err)
            return False
        return bool(ok) and not self.isCanceled()
