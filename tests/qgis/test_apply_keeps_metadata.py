"""Apply keeps what the layer is besides its source: here its own metadata, which QGIS's
setDataSource replaces on a raster layer with what the new provider reports (QGIS 3.22, 3.40
and 3.44 alike); reopening the saved file would have kept the layer's own."""
from __future__ import annotations

import pytest
from qgis.core import QgsLayerMetadata, QgsProject, QgsRasterLayer

from bascule_geoplateforme.core.migration.qgis_side import live_migration
from bascule_geoplateforme.core.migration.qgis_side.live_migration import (
    applied_from_project, apply_plan, plan_project)
from honest_skips import LEGACY_HOSTS

# A legacy project opened as it is: QGIS asks its old host first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS)

LEGACY_ORTHO = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
                "&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
                "&url=https://wxs.ign.fr/essentiels/geoportail/wmts"
                "?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")


def test_the_layers_own_metadata_survives_apply_and_revert(gpf, tmp_path):
    """QGIS's setDataSource replaces a raster layer's metadata with its new provider's: the
    layer's abstract and contacts are kept, as reopening the file would keep them; Revert takes
    out the IGN credit Apply added and nothing else."""
    legacy = QgsRasterLayer(LEGACY_ORTHO, "Ortho", "wms")
    metadata = legacy.metadata()
    metadata.setAbstract("Orthophotos de la commune, 2013")
    contact = QgsLayerMetadata.Contact()
    contact.name = "Service SIG"
    metadata.addContact(contact)
    legacy.setMetadata(metadata)
    holder = attribution_holder(legacy)
    holder.setAttribution("Mairie de Marseille")
    holder.setAttributionUrl("https://www.marseille.fr")
    project, layer = opened(legacy, tmp_path)
    assert not layer.isValid()
    applied = apply_plan(plan_project(project), project)
    assert layer.isValid(), layer.error().summary()
    assert any("IGN" in line for line in layer.metadata().rights())
    assert attribution_holder(layer).attribution() == "© IGN"
    assert layer.metadata().abstract() == "Orthophotos de la commune, 2013"
    assert [c.name for c in layer.metadata().contacts()] == ["Service SIG"]
    saved = tmp_path / "saved.qgs"
    assert project.write(str(saved))
    text = saved.read_text(encoding="utf-8")
    assert "Orthophotos de la commune, 2013" in text and "Service SIG" in text

    layer.setMetadata(with_rights(layer.metadata(), "Extrait pour la commune"))
    applied.revert()
    assert layer.source() == LEGACY_ORTHO
    assert layer.metadata().abstract() == "Orthophotos de la commune, 2013"
    assert [c.name for c in layer.metadata().contacts()] == ["Service SIG"]
    assert layer.metadata().rights() == ["Extrait pour la commune"]
    assert layer.metadata().licenses() == []
    holder = attribution_holder(layer)
    assert (holder.attribution(), holder.attributionUrl()) == ("Mairie de Marseille",
                                                               "https://www.marseille.fr")


def test_revert_after_a_reopen_takes_the_ign_attribution_out(gpf, tmp_path):
    """After a reopen the attribution before Apply is not known: the plugin's own is removed."""
    project, _layer = opened(QgsRasterLayer(LEGACY_ORTHO, "Ortho", "wms"), tmp_path)
    apply_plan(plan_project(project), project)
    saved = tmp_path / "migrated.qgs"
    assert project.write(str(saved))
    project.clear()
    live_migration._SESSION.clear()
    live_migration._ATTRIBUTION.clear()
    assert project.read(str(saved))
    [layer] = project.mapLayers().values()
    assert attribution_holder(layer).attribution() == "© IGN"
    outcome = applied_from_project(project).revert()
    assert outcome.restored == ["Ortho"]
    holder = attribution_holder(layer)
    assert (holder.attribution(), holder.attributionUrl()) == ("", "")


def opened(legacy, tmp_path):
    """``legacy`` saved in a project file, then that file opened as QGIS opens it."""
    layer_id = legacy.id()
    writer = QgsProject()
    writer.addMapLayer(legacy)
    path = tmp_path / "legacy.qgs"
    assert writer.write(str(path))
    writer.clear()
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path))
    return project, project.mapLayer(layer_id)


def attribution_holder(layer):
    """Where QGIS keeps a layer's attribution: its server properties from 3.28, else itself."""
    server = getattr(layer, "serverProperties", None)
    return server() if server is not None and hasattr(server(), "setAttribution") else layer


def with_rights(metadata, line):
    metadata.setRights(metadata.rights() + [line])
    return metadata
