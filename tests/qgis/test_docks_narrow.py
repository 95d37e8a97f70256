"""Both docks leave room for the map: usable at 300 px in French, no growth when a layer is
selected, filters folded, no empty Options frame. Real QGIS, the bundled catalogue, the
loopback download service."""
from __future__ import annotations

from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtWidgets import QAbstractButton, QComboBox

from qgis_helpers import wait_until

QM = Path(__file__).resolve().parents[2] / "i18n" / "bascule_geoplateforme_fr.qm"
WIDTH = 300


@pytest.fixture
def french():
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def leaves(view, parent=None, found=None):
    """Every entry row of the catalogue tree (depth first)."""
    from qgis.PyQt.QtCore import QModelIndex

    model = view.model()
    parent = parent if parent is not None else QModelIndex()
    found = [] if found is None else found
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.rowCount(index):
            leaves(view, index, found)
        else:
            found.append(index)
    return found


def test_catalogue_dock_keeps_300_px_on_any_selection(french, qgis_iface, tmp_path, gpf):
    from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore
    from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock

    dock = CatalogDock(qgis_iface, CatalogStore(cache_dir=str(tmp_path / "cache")))
    dock.load(refresh=False)
    dock.resize(WIDTH, 700)
    dock.show()
    QCoreApplication.processEvents()
    assert dock.minimumSizeHint().width() <= WIDTH
    assert not dock.options_panel.isVisible()  # no empty "Options" frame before a selection
    assert dock.filters.isCollapsed()
    # The access filter's texts fit the combo at full width (nothing cut).
    dock.filters.setCollapsed(False)
    QCoreApplication.processEvents()
    metrics = dock.access.fontMetrics()
    assert all(metrics.horizontalAdvance(dock.access.itemText(i)) < dock.access.width() - 20
               for i in range(dock.access.count()))
    assert dock.access.itemText(0) == "Toutes les couches"
    entries = leaves(dock.view)
    assert len(entries) > 100
    widest = 0
    for index in entries[:: max(1, len(entries) // 60)]:  # every service, every kind of options
        dock.view.setCurrentIndex(index)
        QCoreApplication.processEvents()
        widest = max(widest, dock.minimumSizeHint().width())
    assert dock.options_panel.isVisible()
    assert widest <= WIDTH, widest
    dock.close()


def test_download_dock_usable_at_300_px(french, qgis_iface, gpf):
    from bascule_geoplateforme.gui.download.download_dock import DownloadPanel

    panel = DownloadPanel(qgis_iface)
    panel.resize(WIDTH, 700)
    panel.show()
    QCoreApplication.processEvents()
    assert panel.minimumSizeHint().width() <= WIDTH, panel.minimumSizeHint()
    box = panel.search_bar.zone.parentWidget()
    assert box.isCollapsed()
    box.setCollapsed(False)
    QCoreApplication.processEvents()
    assert panel.minimumSizeHint().width() <= WIDTH, panel.minimumSizeHint()
    for combo in panel.findChildren(QComboBox):
        assert combo.minimumSizeHint().width() <= WIDTH
    # The buttons wrap inside the dock: each one wholly inside its width.
    panel.resize(WIDTH, 700)
    QCoreApplication.processEvents()
    body = panel.widget()
    queue = panel.queue_view
    for button in (queue.download_button, queue.stream_button, queue.add_button,
                   queue.cancel_download_button):
        left = button.mapTo(body, button.rect().topLeft()).x()
        assert left >= 0 and left + button.width() <= body.width(), button.text()
    panel.cancel()
    wait_until(lambda: True, 1)
