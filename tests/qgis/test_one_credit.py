"""One credit for every layer the plugin makes: a catalogue layer (layer factory) and a downloaded
file (open_layers) carry the same IGN credit and licence, written by core/layers/attribution.py."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import QgsNetworkAccessManager, QgsProject, QgsVectorLayer

from bascule_geoplateforme.core.catalog.catalog_index import bundled_catalog
from bascule_geoplateforme.core.download.qgis_side import open_layers
from bascule_geoplateforme.core.layers import attribution
from bascule_geoplateforme.core.layers.layer_options import default_options
from bascule_geoplateforme.core.layers.qgis_side import layer_factory
from loopback import download

TINY_FGB = Path(__file__).resolve().parents[1] / "data" / "download" / "tiny.fgb"


@pytest.fixture
def project():
    yield QgsProject.instance()
    QgsProject.instance().clear()


@pytest.fixture
def downloaded(tmp_path):
    path = tmp_path / "COMMUNE.fgb"
    shutil.copyfile(TINY_FGB, path)
    return [str(path)]


def credit_of(layer):
    metadata = layer.metadata()
    server = layer.serverProperties() if hasattr(layer, "serverProperties") else None
    holder = server if server is not None and hasattr(server, "attribution") else layer
    return metadata.rights(), metadata.licenses(), holder.attribution(), holder.attributionUrl()


def test_a_downloaded_layer_is_credited_as_a_catalogue_layer(gpf, project, downloaded):
    QgsNetworkAccessManager.instance().cache().clear()
    catalog = bundled_catalog()
    entry = catalog.get("wmts", "ORTHOIMAGERY.ORTHOPHOTOS")
    added = layer_factory.create_layer(entry, default_options(entry, catalog, "EPSG:2154"))
    # The feed states the open licence: the same words as the catalogue layer's, its link too.
    [opened], problems = open_layers.add_layers(downloaded, "ADMIN EXPRESS", download.OPEN_LICENCE,
                                                project)
    assert problems == [] and opened.isValid()
    assert credit_of(opened) == credit_of(added) == (
        [f"{attribution.CREDIT} – Géoplateforme (IGN)",
         f"{attribution.OPEN_LICENCE} ({attribution.OPEN_LICENCE_URL})"],
        [attribution.OPEN_LICENCE], "© IGN", attribution.ATTRIBUTION_URL)


def test_a_restricted_download_without_stated_terms_gets_the_restricted_terms(project, downloaded):
    restricted = bundled_catalog().get("wmts", "GEOGRAPHICALGRIDSYSTEMS.MAPS", restricted=True)
    reference = QgsVectorLayer("Point?crs=EPSG:2154", "reference", "memory")
    attribution.credit_entry(reference, restricted)  # what the layer factory calls
    [opened], _ = open_layers.add_layers(downloaded, "SCAN 25", "", project, restricted=True)
    assert credit_of(opened) == credit_of(reference)
    assert opened.metadata().licenses() == [attribution.RESTRICTED_LICENCE]


def test_stated_terms_replace_the_standard_ones_escaped_once_and_the_users_lines_kept():
    layer = QgsVectorLayer("Point?crs=EPSG:2154", "bdtopo", "memory")
    metadata = layer.metadata()
    metadata.setRights(["Mes droits à moi"])
    layer.setMetadata(metadata)
    for _ in range(2):  # a second credit replaces the first
        attribution.credit_download(layer, "Conditions <b>spéciales</b>", restricted=True)
    terms = "Conditions &lt;b&gt;spéciales&lt;/b&gt;"
    assert layer.metadata().rights() == ["© IGN – Géoplateforme (IGN)", terms, "Mes droits à moi"]
    assert layer.metadata().licenses() == [terms]
