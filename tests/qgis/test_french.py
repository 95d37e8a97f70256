"""The compiled French translation is found at run time, under the contexts the code uses."""
from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTranslator

QM = Path(__file__).resolve().parents[2] / "i18n" / "bascule_geoplateforme_fr.qm"


@pytest.fixture
def french():
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_widgets_speak_french(french, qgis_iface):
    from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
    from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import CatalogStore
    from bascule_geoplateforme.gui.catalog_dock.catalog_dock import CatalogDock
    from bascule_geoplateforme.gui.migration.migration_dialog import MigrationDialog

    QgsProject.instance().clear()
    dialog = MigrationDialog(project=QgsProject.instance())
    assert dialog.apply_button.text() == "Appliquer"
    assert dialog.windowTitle() == "Migrer le projet vers la Géoplateforme"
    dock = CatalogDock(qgis_iface, CatalogStore())
    assert dock.windowTitle() == "Catalogue de la Géoplateforme"
    assert dock.add_button.text() == "Ajouter à la carte"
    # The catalogue tree's headers, service and theme groups, as the dock builds them.
    dock.model.set_catalog(bundled_catalog())
    assert dock.model.headerData(0, Qt.Orientation.Horizontal) == "Couche"
    groups = {dock.model.item(row).text() for row in range(dock.model.rowCount())}
    assert "Tuiles vectorielles" in groups and "Vector tiles" not in groups
    assert dock.model.theme_label("altimetrie") == "Altimétrie"


def test_plugin_and_task_messages_speak_french(french):
    from bascule_geoplateforme.core.catalog.qgis_side.catalog_store import RefreshTask, _http_message

    task = RefreshTask([])
    assert task.description() == "Actualisation du catalogue de la Géoplateforme"
    # Failures are worded by core/toolbelt/http_failures.py in the interface language
    # (settings.language(), the rule that also picks the .qm): French asked here.
    assert _http_message(403, "", "fr") == "accès refusé (HTTP 403) : vérifiez la clé Géoplateforme"
