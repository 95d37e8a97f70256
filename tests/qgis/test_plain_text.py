"""Outside text is plain text: markup and formulas fed through every place the plugin shows or
writes outside text come out literally — the message bar (as QGIS renders its item), the
licence box of a restricted download (the loopback's feed carrying the markup), tooltips of the
catalogue, the Browser and the download panel, the dock's details, and the CSV report."""
from __future__ import annotations

import csv

import pytest
from qgis.core import Qgis, QgsProject
from qgis.gui import QgsMessageBar, QgsMessageBarItem
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QTextDocument
from qgis.PyQt.QtWidgets import QLabel, QMessageBox, QTextBrowser

from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.core.capabilities.model import WMTS, Entry
from bascule_geoplateforme.core.catalog.catalog_index import Catalog
from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore
from bascule_geoplateforme.core.migration.engine import migrate_source
from bascule_geoplateforme.core.migration.report import Report
from bascule_geoplateforme.core.toolbelt.plain_text import FORMULA_STARTS
from loopback import download
from qgis_helpers import wait_until

LINK = '<a href="https://evil.example/phish">cliquez ici</a>'
MARKUP = (f'{LINK} <b>gras</b> <img src="https://evil.example/pixel.png"> '
          '<style>p{display:none}</style><p>termes cachés</p>')
HIDDEN_TERMS = '<span style="display:none">Usage commercial interdit.</span>Libre.'


def anchors(document: QTextDocument) -> list:
    """Every live link of a rendered document."""
    found, block = [], document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid() and fragment.charFormat().isAnchor():
                found.append(fragment.charFormat().anchorHref())
            it += 1
        block = block.next()
    return found


def rendered_tooltip(text: str) -> QTextDocument:
    """A tooltip as Qt shows it: rich text when Qt.mightBeRichText says so, else plain."""
    document = QTextDocument()
    if Qt.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document


def assert_literal(document: QTextDocument, *texts):
    shown = document.toPlainText()
    for text in texts:
        assert text in shown, shown
    assert anchors(document) == [] and "<img" not in document.toHtml().replace("&lt;img", "")


def shown_item(bar: QgsMessageBar) -> QTextDocument:
    item = bar.currentItem()
    assert item is not None
    browser = item.findChild(QTextBrowser)
    return browser.document()


def test_the_message_bar_shows_outside_text_literally(qgis_iface, gpf, tmp_path):
    from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock
    from bascule_geoplateforme.gui.download.download_dock import DownloadPanel
    from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog

    # pytest-qgis's iface records what is pushed to QGIS's bar: rendered here by QGIS's own item.
    bar = qgis_iface.messageBar()
    bar.clear_messages()
    panel = DownloadPanel(qgis_iface)
    panel._message(MARKUP, Qgis.MessageLevel.Warning)  # e.g. an archive's error, a title
    [pushed] = bar.get_messages(Qgis.MessageLevel.Warning)
    title, text = pushed.split(":", 1)
    item = QgsMessageBarItem(title, text, Qgis.MessageLevel.Warning)
    assert_literal(item.findChild(QTextBrowser).document(), LINK, "<style>", "termes cachés")
    assert panel.shutdown()
    dialog = MigrationDialog(None, QgsProject.instance())  # its own bar
    dialog._notify(MARKUP, warning=True)  # a layer name in "… replaced with …"
    assert_literal(shown_item(dialog.message_bar), LINK, "<b>gras</b>")
    dialog.close()
    dock = CatalogDock(qgis_iface, CatalogStore(cache_dir=str(tmp_path)))
    dock._push(LINK, MARKUP, Qgis.MessageLevel.Critical)  # title and text both outside
    assert_literal(shown_item(dock.message_bar), LINK, "<img")
    dock.close()
    dock.deleteLater()


def test_tooltips_of_the_catalogue_show_markup_literally(qgis_app):
    from bascule_geoplateforme.gui.browser.browser_tree import LayerItem
    from bascule_geoplateforme.gui.catalog_dock.catalog_model import CatalogModel

    entry = Entry(WMTS, "COUCHE.HOSTILE", title=MARKUP, restricted=True)
    model = CatalogModel()
    model.set_catalog(Catalog([entry]))
    row = model.index_of(entry)
    tip = model.data(row, Qt.ItemDataRole.ToolTipRole)
    assert_literal(rendered_tooltip(tip), LINK, "COUCHE.HOSTILE")
    model.mark_keys(lambda _: ["<b>ma clé</b>"])
    assert_literal(rendered_tooltip(model.data(row, Qt.ItemDataRole.ToolTipRole)), "<b>ma clé</b>")
    item = LayerItem(None, entry, "/bascule/x", model.data(row, Qt.ItemDataRole.DecorationRole), None)
    assert_literal(rendered_tooltip(item.toolTip()), LINK)


def test_the_dock_details_link_only_web_pages(qgis_iface, gpf, tmp_path):
    from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock

    entry = Entry(WMTS, "COUCHE.HOSTILE", title=MARKUP, abstract=MARKUP,
                  metadata_urls=("javascript:alert(1)", "https://geoservices.ign.fr/fiche"))
    dock = CatalogDock(qgis_iface, CatalogStore(cache_dir=str(tmp_path)))
    dock.load(refresh=False)
    document = QTextDocument()
    document.setHtml(dock._details_html(entry))
    assert LINK in document.toPlainText() and "javascript:alert(1)" in document.toPlainText()
    assert anchors(document) == ["https://geoservices.ign.fr/fiche"]  # the plugin's own link
    dock.close()
    dock.deleteLater()


@pytest.fixture
def hostile_feed(monkeypatch):
    """The loopback's SCAN 25 resource with a feed whose title and terms carry markup."""
    [scan] = [r for r in download.RESTRICTED if r.name == "SCAN25"]
    monkeypatch.setattr(scan, "title", "SCAN 25® " + LINK)
    monkeypatch.setattr(scan, "licence", HIDDEN_TERMS + " " + MARKUP)
    return scan


def test_the_licence_box_and_the_panel_tooltips_show_the_feeds_text(gpf, qgis_iface, tmp_path,
                                                                    basic_authcfg, hostile_feed):
    from bascule_geoplateforme.gui.download.download_dock import DownloadPanel

    settings.set_download_folder(str(tmp_path / "downloads"))
    panel = DownloadPanel(qgis_iface)
    try:
        panel.search_bar.restricted.setChecked(True)
        panel.search_bar.key.setConfigId(basic_authcfg)
        panel.show()
        assert wait_until(lambda: not panel.busy(), 30)
        wait_until(lambda: False, 0.6)  # past the reload debounce
        assert panel.select_resource("SCAN25")
        assert wait_until(lambda: not panel.busy(), 30)
        wait_until(lambda: False, 0.6)
        [row] = [r for r in range(panel.results.entries.rowCount())
                 if "SCAN25" in str(panel.results.entries.item(r, 1).text())]
        assert_literal(rendered_tooltip(panel.results.entries.item(row, 0).toolTip()), LINK,
                       "Usage commercial")
        edition = panel.details.editions.topLevelItem(0)
        edition.setExpanded(True)
        assert wait_until(lambda: edition.childCount() > 0 and not panel.busy(), 30)
        panel.details.editions.setCurrentItem(edition.child(0))
        panel.download_selected()
        box = panel.licence_box
        assert isinstance(box, QMessageBox) and box.textFormat() == Qt.TextFormat.PlainText
        label = box.findChild(QLabel, "qt_msgbox_label")
        # The terms a feed tried to hide are on screen, its markup shown as characters.
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert HIDDEN_TERMS in label.text() and LINK in label.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
    finally:
        assert panel.shutdown()
        panel.deleteLater()
        settings.set_download_folder("")


def test_csv_cells_never_run_as_formulas(tmp_path):
    report = Report()
    names = ["=HYPERLINK(\"https://evil.example\",\"ok\")", "+33 1 23", "-1", "@SUM(A1)",
             "\tTab", "\rRetour", "Plan IGN"]
    source = "crs=EPSG:3857&format=image/png&layers=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&styles=normal&" \
             "tileMatrixSet=PM&url=https://wxs.ign.fr/cartes/geoportail/wmts"
    for index, name in enumerate(names):
        report.add(migrate_source("wms", source), layer_id=f"l{index}", layer_name=name)
    path = tmp_path / "r.csv"
    report.save(path)
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    written = [row[1] for row in rows[1:]]
    assert written == ["'" + n if n.startswith(FORMULA_STARTS) else n for n in names]


def test_a_feeds_licence_in_a_layers_metadata_shows_as_text(qgis_app):
    """QGIS shows a layer's rights and licences as HTML (Layer Properties › Information):
    the licence a download's feed gave goes there escaped."""
    from qgis.core import QgsLayerMetadataFormatter, QgsVectorLayer

    from bascule_geoplateforme.core.layers.attribution import credit_download

    # (QGIS itself makes a live link of any bare web address there: none in this markup.)
    markup = ('<a href="javascript:alert(1)">cliquez ici</a> <b>gras</b> '
              '<style>p{display:none}</style><p>termes cachés</p>')
    layer = QgsVectorLayer("Point?crs=EPSG:2154", "bdtopo", "memory")
    credit_download(layer, markup)
    document = QTextDocument()
    document.setHtml(QgsLayerMetadataFormatter(layer.metadata()).accessSectionHtml())
    assert_literal(document, '<a href="javascript:alert(1)">cliquez ici</a>', "<style>", "termes cachés")
