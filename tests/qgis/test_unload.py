"""Unload under load: the plugin is unloaded (its ``unload()``, as QGIS calls it) while a
catalogue refresh, a download, an unpack and a key test run against a loopback that delays
its answers. Unload returns promptly; no task of the plugin, no network request and no
``.part`` file is left; loading the plugin again registers exactly one of each of its parts."""
from __future__ import annotations

import time

from qgis.core import QgsApplication, QgsNetworkAccessManager, QgsNetworkRequestParameters, QgsTask
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop

from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.download.qgis_side.transfer import DownloadJob
from download_helpers import zeros_zip
from qgis_helpers import wait_until

EDITION = "BDTOPO_3-5_GPKG_LAMB93_{0}_2026-06-15"
DELAY = 20.0  # every answer of the loopback, once the work is started
PROMPT = 3.0  # what "promptly" means for unload(), in seconds


def settle(panel, timeout=30):
    assert wait_until(lambda: not panel.busy(), timeout), "the panel did not settle"
    wait_until(lambda: False, 0.6)  # past the reload debounce and follow-up timers


def choose_file(panel, resource, edition_name):
    settle(panel)
    assert panel.select_resource(resource)
    settle(panel)
    tree = panel.details.editions
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    edition = next(item for item in items if item.text(0) == edition_name)
    edition.setExpanded(True)
    settle(panel)
    panel.details.editions.setCurrentItem(edition.child(0))


def spin(seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.01)


class Requests:
    """Every request of QGIS's network stack (every thread's manager reports to the main
    one) still without its answer."""

    def __init__(self):
        self.pending = {}
        manager = QgsNetworkAccessManager.instance()
        manager.requestAboutToBeCreated[QgsNetworkRequestParameters].connect(self._created)
        manager.finished.connect(self._finished)

    def _created(self, parameters):
        self.pending[parameters.requestId()] = parameters.request().url().toString()

    def _finished(self, reply):
        self.pending.pop(reply.requestId(), None)

    def close(self):
        manager = QgsNetworkAccessManager.instance()
        manager.requestAboutToBeCreated[QgsNetworkRequestParameters].disconnect(self._created)
        manager.finished.disconnect(self._finished)


def plugin_tasks():
    words = ("Géoplateforme", "catalogue", "Unpack", "Décompress", "key", "clé")
    return [t.description() for t in QgsApplication.taskManager().activeTasks()
            if any(w.lower() in t.description().lower() for w in words)]


IFACE_PARTS = {"locator filter": ("registerLocatorFilter", "deregisterLocatorFilter"),
               "options page": ("registerOptionsWidgetFactory", "unregisterOptionsWidgetFactory"),
               "project-open handler": ("registerCustomProjectOpenHandler",
                                        "unregisterCustomProjectOpenHandler")}


def iface_registrations(qgis_iface):
    """Registrations minus removals made through pytest-qgis's iface, which records them."""
    return {part: getattr(qgis_iface, add).call_count - getattr(qgis_iface, remove).call_count
            for part, (add, remove) in IFACE_PARTS.items()}


def registered(qgis_iface, plugin, baseline):
    """How many of each part of the plugin QGIS holds: its registries where QGIS has them,
    the iface's registrations (since ``baseline``) otherwise."""
    from bascule_geoplateforme.gui.browser import browser_provider

    now = iface_registrations(qgis_iface)
    counts = {
        "browser root": sum(p.name() == browser_provider.NAME
                            for p in QgsApplication.dataItemProviderRegistry().providers()),
        "processing provider": sum(p.id() == "bascule_geoplateforme"
                                   for p in QgsApplication.processingRegistry().providers()),
        **{part: now[part] - baseline[part] for part in IFACE_PARTS},
    }
    preprocessors = request_preprocessors(plugin)
    if preprocessors is not None:
        counts["request preprocessor"] = preprocessors
    return counts


def request_preprocessors(plugin):
    """The plugin's request preprocessor in QgsNetworkAccessManager (core/keys/qgis_side/key_guard.py): 1
    after a load, 0 after an unload (QGIS does not list preprocessors; the guard knows its
    handle). None in a tree without the guard."""
    try:
        from bascule_geoplateforme.core.keys.qgis_side import key_guard
    except ImportError:
        return None
    return int(key_guard.shared().installed)


def test_unload_under_load_then_load_again(gpf, qgis_iface, basic_authcfg, tmp_path):
    import bascule_geoplateforme as package
    from bascule_geoplateforme.core.keys.qgis_side import key_access

    folder = tmp_path / "downloads"
    settings.set_download_folder(str(folder))
    requests = Requests()
    baseline = iface_registrations(qgis_iface)
    plugin = package.classFactory(qgis_iface)
    plugin.initGui()
    try:
        # An archive downloaded first: what the unpack reads.
        plugin.toggle_download(True)
        panel = plugin.download_panel
        qgis_iface.mainWindow().show()  # the docks are its children
        panel.show()
        choose_file(panel, "BDTOPO", EDITION.format("D013"))
        panel.download_selected()
        first = panel.selected_job()
        assert wait_until(lambda: first.state not in (DownloadJob.QUEUED, DownloadJob.RUNNING))
        assert first.state == DownloadJob.DONE, first.message
        choose_file(panel, "BDTOPO", EDITION.format("D075"))

        # The archive to unpack: as long to unpack as a real BD TOPO® one (a 3 GB member),
        # so that it is still unpacking when the plugin unloads.
        zeros_zip(first.path, "BDTOPO/bdtopo.gpkg", 3000)
        gpf.inject("/", "delay", seconds=DELAY)  # from now on, every answer is late
        panel.download_selected()
        second = panel.selected_job()
        panel.queue_view.downloads.setCurrentItem(panel.queue_view.downloads.topLevelItem(0))
        assert panel.selected_job() is first
        unpack = panel.add_selected_layers()
        store = plugin.catalog_store()
        store.refresh()
        key_access.shared().test(basic_authcfg)
        spin(1.0)  # the requests are on the wire
        assert second.state == DownloadJob.RUNNING and store.is_refreshing()
        assert key_access.shared().is_testing(basic_authcfg) and unpack is not None
        assert unpack.status() == QgsTask.TaskStatus.Running, "the unpack is over: it proves nothing"
        assert requests.pending, "nothing in flight: the test would prove nothing"
        assert list(folder.rglob("*.part"))
        running, in_flight = plugin_tasks(), len(requests.pending)
        assert running, "no task of the plugin running"

        started = time.monotonic()
        plugin.unload()
        took = time.monotonic() - started
        print(f"unload() under load took {took:.2f} s with {len(running)} task(s) {running} and "
              f"{in_flight} request(s) in flight")
        assert took < PROMPT, took
        spin(0.5)  # what unload() scheduled (deleteLater) happens
        assert plugin_tasks() == [], plugin_tasks()
        assert requests.pending == {}, requests.pending
        assert list(folder.rglob("*.part")) == []
        assert not list(folder.rglob("bdtopo.gpkg")), "the unpack left what it wrote"

        gpf.clear()
        before = registered(qgis_iface, plugin, baseline)
        assert before["browser root"] == 0 and before["processing provider"] == 0
        again = package.classFactory(qgis_iface)
        again.initGui()
        try:
            counts = registered(qgis_iface, again, baseline)
            assert set(counts.values()) == {1}, counts
            print("after a reload:", counts)
        finally:
            again.unload()
        assert set(registered(qgis_iface, again, baseline).values()) == {0}
    finally:
        requests.close()
        settings.set_download_folder("")
