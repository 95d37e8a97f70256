"""Cancel a task's blocking requests from the task's own thread (QGIS glue).

A QgsTask's ``cancel()`` runs on the main thread. A QgsFeedback cancelled there reaches a
``QgsBlockingNetworkRequest`` of the task's thread through queued connections, which lose the
race at times (QGIS 3.22 and 3.40 alike): the request then waits for the server's answer, the
task keeps a thread of QGIS's pool, and whoever waits for it (the plugin's unload, QGIS's exit)
waits with it. Here a timer of the task's own thread, which runs inside the request's event
loop, sees the task cancelled and cancels the feedback there: the request is aborted at once,
by direct connections. ``run()`` works inside ``with CancelInThread(self, feedback):``; the
main-thread ``cancel()`` must then leave the feedback alone.
"""
from __future__ import annotations

from qgis.PyQt.QtCore import QTimer

POLL_MS = 100


class CancelInThread:
    def __init__(self, task, feedback, interval_ms: int = POLL_MS):
        self.task = task
        self.feedback = feedback
        self.timer = QTimer()  # belongs to the thread that runs run()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._check)
        self.timer.start()

    def _check(self):
        if self.task.isCanceled() and not self.feedback.isCanceled():
            self.feedback.cancel()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.timer.stop()
        return False
