"""Shared by the e2e drivers that QGIS runs (``qgis --code``): error capture and the report.

test_desktop.py puts this folder on PYTHONPATH. A driver calls ``record_errors()`` first,
fills ``result`` and ends with ``finish()``, which writes BASCULE_E2E_RESULT and quits QGIS.
"""
import json
import os
import socket
import sys
import threading
import traceback

from qgis.core import Qgis, QgsApplication, QgsNetworkAccessManager

PLUGIN = "bascule_geoplateforme"
result = {"errors": []}


def record_errors():
    """Every Python exception and every critical QGIS log message goes into result.

    Should the run hang, the Python stacks of every thread go to <result>.stacks after 120 s
    (the launcher's own timeout kills QGIS later): what a hang needs to be understood."""
    import faulthandler

    stacks = open(os.environ["BASCULE_E2E_RESULT"] + ".stacks", "w")  # noqa: SIM115 - kept open
    faulthandler.dump_traceback_later(120, exit=False, file=stacks)
    previous_hook = sys.excepthook

    def on_exception(kind, value, tb):
        result["errors"].append("".join(traceback.format_exception(kind, value, tb)))
        previous_hook(kind, value, tb)

    def on_log(message, tag, level):
        if level == Qgis.MessageLevel.Critical or tag == "Python error":
            result["errors"].append(f"[{tag}] {message}")

    sys.excepthook = on_exception
    QgsApplication.messageLog().messageReceived.connect(on_log)


def finish():
    with open(os.environ["BASCULE_E2E_RESULT"], "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    # The findings are saved: should QGIS's own shutdown hang, end the process anyway.
    watchdog = threading.Timer(20, os._exit, [0])
    watchdog.daemon = True
    watchdog.start()
    QgsApplication.exit(0)


def guarded(step):
    """A driver step whose exception is recorded and ends the run."""
    def run(*args):
        try:
            step(*args)
        except Exception:  # noqa: BLE001 - everything goes into the report
            result["errors"].append(traceback.format_exc())
            finish()
    return run


def keep_requests_local():
    """Send every request for another host to a closed loopback port, noting the host in
    ``result["outside"]``: a desktop test never reaches the internet (legacy projects ask
    their old hosts first)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]

    def keep_local(request):
        url = request.url()
        if url.scheme() in ("http", "https") and url.host() not in ("127.0.0.1", "localhost"):
            result.setdefault("outside", []).append(url.host())
            url.setScheme("http")
            url.setHost("127.0.0.1")
            url.setPort(closed_port)
            request.setUrl(url)

    QgsNetworkAccessManager.setRequestPreprocessor(keep_local)
