"""Downloading from the Téléchargement panel, as a user would, against the loopback."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtWidgets import QMessageBox

from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.download.qgis_side.transfer import DownloadJob
from bascule_geoplateforme.gui.download.download_dock import DownloadPanel
from loopback import download
from qgis_helpers import wait_until

EDITION = "BDTOPO_3-5_GPKG_LAMB93_{0}_2026-06-15"


def settle(panel, timeout=30):
    assert wait_until(lambda: not panel.busy(), timeout), "the panel did not settle"
    wait_until(lambda: False, 0.6)  # past the reload debounce and follow-up timers


@pytest.fixture
def panel(gpf, qgis_iface, tmp_path):
    settings.set_download_folder(str(tmp_path / "downloads"))
    panel = DownloadPanel(qgis_iface)
    panel.resize(480, 640)
    yield panel
    assert panel.shutdown()
    panel.deleteLater()
    settings.set_download_folder("")
    QgsProject.instance().clear()


def choose_file(panel, resource, edition_name):
    """Select the resource, expand the edition, select its archive: as a user clicks."""
    panel.show()
    settle(panel)
    assert panel.select_resource(resource)
    settle(panel)
    tree = panel.details.editions
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    edition = next(item for item in items if item.text(0) == edition_name)
    edition.setExpanded(True)
    settle(panel)
    archive = edition.child(0)
    panel.details.editions.setCurrentItem(archive)
    return archive


def finished(job):
    return job.state not in (DownloadJob.QUEUED, DownloadJob.RUNNING)


def test_download_from_the_panel_then_layers_added_under_the_resource(gpf, panel, tmp_path):
    assert Path(panel.queue_view.folder.filePath()) == tmp_path / "downloads"
    choose_file(panel, "BDTOPO", EDITION.format("D013"))
    assert panel.queue_view.download_button.isEnabled()
    assert not panel.queue_view.stream_button.isEnabled()
    panel.download_selected()
    job = panel.selected_job()
    assert job is not None and wait_until(lambda: finished(job))
    assert job.state == DownloadJob.DONE, job.message
    item = panel.queue_view.downloads.topLevelItem(0)
    assert item.text(2) == "Done, MD5 checked"
    assert panel.queue_view.downloads.itemWidget(item, 1).value() == 1000
    assert Path(job.path).parent == tmp_path / "downloads"
    assert panel.queue_view.add_button.isEnabled()
    task = panel.add_selected_layers()
    assert task is not None and wait_until(lambda: not panel.controller.unpack_tasks)
    group = QgsProject.instance().layerTreeRoot().findGroup("BD TOPO®")
    [node] = group.findLayers()
    assert node.layer().isValid() and node.layer().featureCount() == 3
    assert panel.status.text() == f"{job.title}: 1 layer(s) added to the project."


def test_wrong_md5_said_in_the_panel_and_nothing_to_add(gpf, panel):
    gpf.corrupt_files.add(EDITION.format("D013") + ".zip")
    choose_file(panel, "BDTOPO", EDITION.format("D013"))
    panel.download_selected()
    job = panel.selected_job()
    assert wait_until(lambda: finished(job)) and job.state == DownloadJob.FAILED
    assert panel.queue_view.downloads.topLevelItem(0).text(2).startswith("Failed: ")
    assert "MD5 checksum does not match" in panel.status.text()
    assert not panel.queue_view.add_button.isEnabled()
    assert list(Path(job.folder).iterdir()) == []


def test_cancel_from_the_panel_leaves_nothing(gpf, panel):
    gpf.inject("/telechargement/download/", "delay", seconds=1.5)
    choose_file(panel, "BDTOPO", EDITION.format("D075"))
    panel.download_selected()
    job = panel.selected_job()
    assert job.state == DownloadJob.RUNNING and panel.queue_view.cancel_download_button.isEnabled()
    panel.cancel_selected_download()
    assert job.state == DownloadJob.CANCELLED
    assert panel.queue_view.downloads.topLevelItem(0).text(2) == "Cancelled"
    wait_until(lambda: False, 2)
    assert not Path(job.folder).exists() or list(Path(job.folder).iterdir()) == []


def test_restricted_download_after_the_licence_is_accepted(gpf, panel, basic_authcfg):
    panel.search_bar.restricted.setChecked(True)
    panel.search_bar.key.setConfigId(basic_authcfg)
    choose_file(panel, "SCAN25", "SCAN25_1-0__TIFF_LAMB93_D075_2025-10-01")
    panel.download_selected()
    box = panel.licence_box
    assert box is not None and box.isVisible() and panel.selected_job() is None
    assert download.SCAN_LICENCE in box.text()
    accept = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    accept.click()
    job = panel.selected_job()
    assert job is not None and wait_until(lambda: finished(job))
    assert job.state == DownloadJob.DONE, job.message
    [request] = [r for r in gpf.requests if r.path.endswith(job.title)]
    assert request.path.startswith("/private/") and request.headers["authorization"].startswith("Basic ")


def test_restricted_download_refused_licence_downloads_nothing(gpf, panel, basic_authcfg):
    panel.search_bar.restricted.setChecked(True)
    panel.search_bar.key.setConfigId(basic_authcfg)
    choose_file(panel, "SCAN25", "SCAN25_1-0__TIFF_LAMB93_D075_2025-10-01")
    panel.download_selected()
    panel.licence_box.button(QMessageBox.StandardButton.Cancel).click()
    wait_until(lambda: False, 0.3)
    assert panel.queue_view.downloads.topLevelItemCount() == 0
    assert not [r for r in gpf.requests if "/download/" in r.path]


def test_flatgeobuf_edition_opened_without_downloading_with_the_caveat(gpf, panel):
    edition = next(e for r in download.PUBLIC if r.name == "PRODUIT-04" for e in r.editions)
    choose_file(panel, "PRODUIT-04", edition.name)
    assert panel.queue_view.stream_button.isEnabled()
    layer = panel.open_selected_without_download()
    assert layer is not None and layer.isValid() and layer.featureCount() == 3
    assert "proxy settings and authentication configurations do not apply" in panel.status.text()
    assert not [r for r in gpf.requests if r.path.startswith("/telechargement/download/")]
    assert [r for r in gpf.requests if r.path.startswith("/chunk/telechargement/")]


def test_shutdown_ends_a_listing_in_flight_at_once(gpf, panel):
    # Part 1's listing sat in a blocking request in a task thread: at unload that could hold
    # QGIS. Listings are asynchronous requests now, aborted on the spot.
    gpf.inject("/telechargement/capabilities", "delay", seconds=5.0)
    panel.show()
    wait_until(lambda: False, 0.5)  # the request is at the server (which logs it once answered)
    assert panel.busy()
    started = time.monotonic()
    assert panel.shutdown()
    assert not panel.busy() and time.monotonic() - started < 1.0
    assert QgsApplication.taskManager().countActiveTasks() == 0
