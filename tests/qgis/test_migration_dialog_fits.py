"""The migration dialog in French fits a 1366×768 laptop at any selection, speaks in words and
with French typography. Real QGIS, the compiled French translation, the QGIS 1.8 project."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QPoint, QTranslator
from qgis.PyQt.QtWidgets import QAbstractButton

from bascule_geoplateforme.core.toolbelt.qgis_side import settings
from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog
from honest_skips import LEGACY_HOSTS

# Legacy projects opened as they are: QGIS asks their old hosts first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)

ROOT = Path(__file__).resolve().parents[2]
QM = ROOT / "i18n" / "bascule_geoplateforme_fr.qm"
QGIS18 = ROOT / "tests" / "data" / "built" / "qgis18_geoportail_wms.qgs"
NBSP = "\u00a0"


@pytest.fixture
def french(monkeypatch):
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    monkeypatch.setattr(settings, "report_language", lambda: "fr")
    yield
    QCoreApplication.removeTranslator(translator)


def _widths(dialog):
    return dialog.minimumSizeHint().width(), dialog.minimumSizeHint().height()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_dialog_fits_1366x768_at_any_selection(gpf, tmp_path, lang, request):
    if lang == "fr":
        request.getfixturevalue("french")
    path = tmp_path / "p.qgs"
    shutil.copyfile(QGIS18, path)
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path))
    dialog = MigrationDialog(project=project)
    dialog.show()
    widths = []
    for row in range(dialog.proxy.rowCount()):  # every row selected in turn, withdrawn ones too
        dialog.table.setCurrentIndex(dialog.proxy.index(row, 0))
        QCoreApplication.processEvents()
        width, height = _widths(dialog)
        widths.append(width)
        assert width <= 1366 - 40 and height <= 768 - 80, (row, width, height)
    assert len(set(widths)) == 1  # no selection widens it
    # The successor's name is in a menu item, not on a button.
    withdrawn = next(r for r in range(dialog.proxy.rowCount()) if dialog.plans[
        dialog.proxy.mapToSource(dialog.proxy.index(r, 0)).row()].migration.suggestion)
    dialog.table.setCurrentIndex(dialog.proxy.index(withdrawn, 0))
    assert "CADASTRALPARCELS.PARCELS" in dialog.replace_action.text()
    assert not any("CADASTRALPARCELS" in b.text() for b in dialog.findChildren(QAbstractButton))
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
    assert len(buttons) <= 7
    dialog.resize(dialog.minimumSizeHint())
    QCoreApplication.processEvents()
    for button in buttons:  # every button inside the dialog at its smallest

        top_left = button.mapTo(dialog, QPoint(0, 0))
        assert 0 <= top_left.x() and top_left.x() + button.width() <= dialog.width(), button.text()
    if lang == "fr":
        assert dialog.summary.text() == ("3 couches à migrer, 2 retirées par IGN, dont 2 avec un "
                                         "remplacement proposé.")
        assert dialog.revert_button.text() == "Rétablir les sources d'origine"
        labels = [dialog.model.status_text(p) for p in dialog.plans if p.applicable]
        assert "à migrer" in labels and "migrée" not in labels  # future tense before Apply
        dialog.apply()
        assert dialog.summary.text().startswith("3 couches migrées, identifiants périmés retirés "
                                                "de 2 couches retirées.")
        assert f"Reste{NBSP}:" in dialog.summary.text()
        text = dialog.message_bar.items()[-1].text()
        assert text.startswith("3 couches migrées.") and "retirées par IGN" in text
    dialog.close()
    project.clear()
