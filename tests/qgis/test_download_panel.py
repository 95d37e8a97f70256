"""The Téléchargement panel driven as a user would, against the loopback download service."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from bascule_geoplateforme.gui.download.download_dock import DownloadPanel
from loopback import download

CAPABILITIES = "/telechargement/capabilities"
QM = Path(__file__).resolve().parents[2] / "i18n" / "bascule_geoplateforme_fr.qm"


def settle(panel, timeout=30):
    """Wait until no listing runs and the panel's follow-up timers have fired."""
    def idle():
        listings = [panel.controller.listing, panel.controller.editions_listing,
                    *panel.controller.file_listings.values()]
        return not any(item is not None and item.is_busy() for item in listings)
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if idle():
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 0.6:  # past the 400 ms reload debounce
                return
        else:
            quiet_since = None
        time.sleep(0.01)
    raise AssertionError("the panel did not settle")


def names(panel):
    proxy = panel.results.proxy
    return [proxy.index(row, 1).data() for row in range(proxy.rowCount())]


@pytest.fixture
def panel(gpf, qgis_iface):
    panel = DownloadPanel(qgis_iface)
    panel.controller.page_size = 5
    panel.resize(360, 420)
    yield panel
    panel.cancel()
    settle(panel)
    panel.deleteLater()


def test_resources_listed_page_by_page_as_the_user_scrolls(gpf, panel):
    assert gpf.requests == []  # nothing listed before the panel is shown
    panel.show()
    settle(panel)
    first = len(names(panel))
    assert 5 <= first < 23  # the view is filled, the rest waits for the user
    bar = panel.results.verticalScrollBar()
    while not panel.controller.listing.at_end:
        bar.setValue(bar.maximum())
        settle(panel)
    listed = names(panel)
    assert sorted(listed) == sorted(r.name for r in download.PUBLIC) and len(listed) == 23
    pages = [int(r.param("page")) for r in gpf.requests_to(CAPABILITIES)]
    assert pages == [1, 2, 3, 4, 5]  # each page once
    assert panel.status.text() == "23 of 23 resources listed."


def test_search_lists_the_remaining_pages_then_filters(gpf, panel):
    panel.show()
    settle(panel)
    panel.search_bar.search.setText("essai 1")
    settle(panel)
    assert sorted(names(panel)) == [f"PRODUIT-{n}" for n in range(10, 20)]  # "Produit d'essai 1x"
    assert panel.results.entries.rowCount() == 23 and panel.controller.listing.at_end
    assert panel.status.text() == "10 of 23 resources match the search."


def test_filters_sent_as_the_service_expects(gpf, panel):
    panel.show()
    settle(panel)
    gpf.clear()
    panel.search_bar.zone.setEditText("paris")
    panel.search_bar.format.setEditText("GPKG")
    panel.search_bar.crs.setCurrentIndex(panel.search_bar.crs.findData("EPSG:2154"))
    panel.search_bar.date_from_check.setChecked(True)
    date_from = panel.search_bar.date_from
    date_from.setDate(date_from.date().fromString("2026-01-01", "yyyy-MM-dd"))
    settle(panel)
    last = gpf.requests_to(CAPABILITIES)[-1]
    assert (last.param("zone"), last.param("format"), last.param("crs"), last.param("editionDateFrom")) == (
        "D075", "GPKG", "EPSG:2154", "2026-01-01")
    expected = [r.name for r in download.PUBLIC
                if any(e.zone == "D075" and e.fmt == "GPKG" and e.date >= "2026-01-01" for e in r.editions)]
    assert names(panel) == expected == ["BDTOPO"]


def test_unknown_zone_is_said_and_nothing_sent(gpf, panel):
    panel.show()
    settle(panel)
    gpf.clear()
    panel.search_bar.zone.setEditText("Atlantis")
    settle(panel)
    assert panel.status.text() == "Unknown zone: Atlantis" and gpf.requests == []


def test_map_extent_filter_lists_what_covers_the_view(gpf, panel, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    canvas.setExtent(QgsRectangle(-61.2, 14.5, -60.9, 14.8))  # Martinique
    panel.search_bar.extent.setChecked(True)
    panel.show()
    settle(panel)
    request = gpf.requests_to(CAPABILITIES)[-1]
    ring = [tuple(float(v) for v in pair.split(",")) for pair in request.param("polygon").split(";")]
    view = canvas.extent()  # the canvas keeps its aspect ratio around the box asked
    assert ring[0] == ring[-1] == pytest.approx((view.xMinimum(), view.yMinimum()), abs=1e-6)
    assert ring[2] == pytest.approx((view.xMaximum(), view.yMaximum()), abs=1e-6)
    assert view.xMinimum() <= -61.2 and view.xMaximum() >= -60.9 and view.yMaximum() < 16
    while not panel.controller.listing.at_end:
        panel.fetch_more()
        settle(panel)
    expected = {r.name for r in download.PUBLIC if any(e.zone in ("MTQ", "FRA") for e in r.editions)}
    assert set(names(panel)) == expected and "BDTOPO" not in expected


def test_a_resource_shows_its_editions_files_sizes_and_licence(gpf, panel):
    panel.show()
    settle(panel)
    assert panel.select_resource("BDTOPO")
    settle(panel)
    assert "Licence Ouverte" in panel.details.description.text()
    tree = panel.details.editions
    editions = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [e.text(1) for e in editions] == ["D075 Paris", "D078 Yvelines", "D013 Bouches-du-Rhône",
                                             "D034 Hérault", "R11 Île-de-France"]
    assert gpf.requests_to("/telechargement/resource/BDTOPO")[0].param("limit") == "5"
    yvelines = editions[1]
    from qgis.PyQt.QtCore import QDate, QLocale

    local = QLocale().toString(QDate(2026, 6, 15), QLocale.FormatType.ShortFormat)  # not ISO
    assert (yvelines.text(2), yvelines.text(3), yvelines.text(4)) == (
        "GPKG (GeoPackage)", "EPSG:2154", local)
    yvelines.setExpanded(True)
    settle(panel)
    [archive] = [yvelines.child(i) for i in range(yvelines.childCount())]
    assert archive.text(0) == "BDTOPO_3-5_GPKG_LAMB93_D078_2026-06-15.7z (3 volumes)"
    parts = [archive.child(i).text(0) for i in range(archive.childCount())]
    assert parts == [f"BDTOPO_3-5_GPKG_LAMB93_D078_2026-06-15.7z.00{n}" for n in (1, 2, 3)] + [
        "BDTOPO_3-5_GPKG_LAMB93_D078_2026-06-15.md5"]
    assert archive.text(5) and archive.child(0).toolTip(0).startswith("MD5: ")
    assert panel.status.text().endswith("4 files.")


def test_restricted_resources_with_the_users_key(gpf, panel, basic_authcfg):
    panel.search_bar.restricted.setChecked(True)
    panel.search_bar.key.setConfigId(basic_authcfg)
    panel.show()
    settle(panel)
    assert names(panel) == ["SCAN25", "SCAN100"]
    request = gpf.requests_to("/private" + CAPABILITIES)[-1]
    assert request.headers["authorization"].startswith("Basic ") and request.status == 200
    assert panel.select_resource("SCAN25")
    settle(panel)
    assert "téléchargement réservé" in panel.details.description.text()


def test_a_malformed_feed_is_reported_in_the_panel(gpf, panel):
    gpf.inject(CAPABILITIES, "truncate")
    panel.show()
    settle(panel)
    assert panel.status.text().startswith(
        "The download service could not be listed: The download feed is malformed or incomplete")
    assert names(panel) == []


def test_the_panel_speaks_french(gpf, qgis_iface):
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        panel = DownloadPanel(qgis_iface)
        assert panel.windowTitle() == "Téléchargement Géoplateforme"
        assert panel.search_bar.extent.text() == "Couvrant la vue de la carte"
        panel.deleteLater()
    finally:
        QCoreApplication.removeTranslator(translator)
