"""The plugin's task base (core/toolbelt/qgis_side/tasks.py), run by QGIS's task manager."""
from __future__ import annotations

import time

from qgis.core import QgsApplication, QgsTask

from bascule_geoplateforme.core.toolbelt.qgis_side import network, tasks
from qgis_helpers import wait_until


class Fetching(tasks.PluginTask):
    def __init__(self, url):
        super().__init__("fetch")
        self.url = url
        self.answer = None

    def work(self):
        self.step(1, 4)
        self.answer = network.fetch(self.url, feedback=self.feedback)
        return not self.answer.error


class Failing(tasks.PluginTask):
    def work(self):
        raise ValueError("https://analyste:m0t-de-passe@127.0.0.1/private/wmts?apikey=cle-secrete-123&x=1")


def run(task):
    ended = []
    task.taskCompleted.connect(lambda: ended.append("completed"))
    task.taskTerminated.connect(lambda: ended.append("terminated"))
    QgsApplication.taskManager().addTask(task)
    return ended


def test_a_task_brings_its_result_and_progress_back(gpf):
    task = Fetching(gpf.base_url + "/annexes/ressources/legendes/LEGEND.jpg")
    ended = run(task)
    assert wait_until(lambda: ended, timeout=30)
    assert ended == ["completed"] and task.answer.status == 200 and task.error == ""
    assert task.answer.body.startswith(b"\x89PNG")
    assert task.progress() in (25.0, 100.0)  # QGIS sets 100 once a task completes


def test_cancel_aborts_the_request_in_flight(gpf):
    path = "/annexes/ressources/legendes/LEGEND.jpg"
    gpf.inject(path, "delay", seconds=20, times=1)
    task = Fetching(gpf.base_url + path)
    ended = run(task)
    assert wait_until(lambda: task.status() == QgsTask.TaskStatus.Running, timeout=10)
    time.sleep(0.5)  # the request is on the wire, the server sitting on it
    began = time.monotonic()
    task.cancel()
    assert wait_until(lambda: ended, timeout=10)
    assert ended == ["terminated"] and time.monotonic() - began < 5
    assert task.feedback.isCanceled() and task.answer is not None and task.answer.error


def test_an_exception_becomes_the_error_without_its_secrets():
    task = Failing("fail")
    ended = run(task)
    assert wait_until(lambda: ended, timeout=10)
    assert ended == ["terminated"]
    assert task.error.startswith("unexpected error: ")
    assert "m0t-de-passe" not in task.error and "cle-secrete-123" not in task.error
    assert "127.0.0.1/private/wmts" in task.error  # the rest stays readable


def test_a_slot_on_a_stale_reply_wrapper_ends_the_wait_instead_of_aborting(gpf):
    """PyQt may give a new reply the wrapper of a freed one (seen in a key test's task thread:
    its sslErrors slot raised "wrapped C/C++ object of type QNetworkReply has been deleted",
    and PyQt aborted the process). The exchange's slots do nothing on such a wrapper and end
    the wait, through a real Qt signal and event loop."""
    from qgis.core import QgsNetworkAccessManager
    from qgis.PyQt import sip
    from qgis.PyQt.QtCore import QEventLoop, QTimer, QUrl
    from qgis.PyQt.QtNetwork import QNetworkRequest

    reply = QgsNetworkAccessManager.instance().get(
        QNetworkRequest(QUrl(gpf.base_url + "/annexes/ressources/legendes/LEGEND.jpg")))
    reply.abort()
    sip.delete(reply)
    assert sip.isdeleted(reply)
    called, stale = [], []
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(network._reply_slot(reply, lambda r: called.append(r.url()),
                                              lambda: (stale.append(True), loop.quit())))
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    timer.start(10)
    guard.start(5000)
    loop.exec()
    assert called == [] and stale == [True]
    # A live reply gets the action, not the stale path.
    live = QgsNetworkAccessManager.instance().get(
        QNetworkRequest(QUrl(gpf.base_url + "/annexes/ressources/legendes/LEGEND.jpg")))
    network._reply_slot(live, lambda r: called.append(r.url().path()), lambda: stale.append(False))()
    assert called == ["/annexes/ressources/legendes/LEGEND.jpg"] and stale == [True]
    live.abort()
    live.deleteLater()
