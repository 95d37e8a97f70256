"""Apply builds the new WMS/WMTS providers on worker threads where QGIS lets a layer take a
ready provider (3.32 and later), and the layers come out exactly as setDataSource makes them.

Every project fixture is applied twice -- providers built beforehand, then QGIS's own
setDataSource one layer at a time -- and each layer's state and saved XML must be the same.
The thread that made each capabilities request is QGIS's own record of it
(QgsNetworkRequestParameters.originatingThreadId).
"""
from __future__ import annotations

import difflib
import gc
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from qgis.core import (
    QgsLayerMetadata,
    QgsNetworkAccessManager,
    QgsNetworkRequestParameters,
    QgsProject,
    QgsRasterLayer,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QThread, QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest

from bascule_geoplateforme.core.migration.qgis_side import live_migration, provider_preload
from bascule_geoplateforme.core.migration.qgis_side.live_migration import apply_plan, plan_project
from honest_skips import LEGACY_HOSTS
from qgis_helpers import PARIS_3857, painted_pixels, render, wait_until

# Projects opened as they are: QGIS asks their old hosts, and the real Géoplateforme for the
# layers already on it, first (sent nowhere).
pytestmark = pytest.mark.outside_hosts(*LEGACY_HOSTS, "data.geopf.fr")

DATA = Path(__file__).resolve().parents[1] / "data"
PROJECTS = sorted((DATA / "real-world" / "projects").glob("*.qg[sz]")) + sorted(
    (DATA / "built").glob("*.qg[sz]"))
SYMBOL_LAYER_ID = re.compile(rb'id="\{[0-9a-f-]{36}\}"')
LEGACY_ORTHO = ("contextualWMSLegend=0&crs=EPSG:3857&dpiMode=7&featureCount=10&format=image/jpeg"
                "&layers=ORTHOIMAGERY.ORTHOPHOTOS&styles=normal&tileMatrixSet=PM"
                "&url=https://wxs.ign.fr/essentiels/geoportail/wmts"
                "?SERVICE%3DWMTS%26REQUEST%3DGetCapabilities")
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def requests_told():
    """QGIS's signal for each request about to be made, from any thread."""
    return QgsNetworkAccessManager.instance().requestAboutToBeCreated[QgsNetworkRequestParameters]


def main_thread_id(server) -> str:
    """The main thread as QGIS names it in a request's parameters: one request made here."""
    seen = []

    def record(parameters):
        seen.append(parameters.originatingThreadId())

    requests_told().connect(record)
    try:  # not QgsBlockingNetworkRequest: on the main thread it works from a thread of its own
        reply = QgsNetworkAccessManager.instance().get(QNetworkRequest(QUrl(server.base_url + "/")))
        assert len(seen) == 1  # told at once, before any queued report of another thread's
        wait_until(reply.isFinished)
    finally:
        requests_told().disconnect(record)
    return seen[0]


class CapabilityRequests:
    """The WMS and WMTS GetCapabilities requests QGIS makes, with the thread each came from
    (the WFS provider reads its own on a thread of its own)."""

    def __init__(self):
        self.seen = []
        requests_told().connect(self._seen)

    def _seen(self, parameters):
        url = parameters.request().url().toString()
        if "getcapabilities" in url.lower() and "service=wm" in url.lower():  # WMS and WMTS
            self.seen.append((url, parameters.originatingThreadId()))

    def close(self):
        QCoreApplication.processEvents()  # a worker's request is reported through the event loop
        requests_told().disconnect(self._seen)


def open_copy(tmp_path, source: Path, name: str) -> QgsProject:
    path = tmp_path / f"{name}{source.suffix}"
    shutil.copyfile(source, path)
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path))
    return project


def layer_state(layer):
    extent = layer.extent()
    corners = (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())
    return (layer.name(), layer.source(), layer.isValid(), layer.crs().authid(),
            tuple(f"{v:.3f}" for v in corners),  # as text: an invalid layer's nan == nan
            layer.renderer().type() if hasattr(layer, "renderer") and layer.renderer() else "",
            sorted((k, str(layer.customProperty(k))) for k in layer.customPropertyKeys()),
            layer.providerType())


def saved_layers(project, path: Path) -> dict:
    """Each layer's element of the saved project, canonical, without what QGIS draws at random
    each time it reads a layer: symbol layer ids, and the colours of the elevation profile a
    file older than QGIS 3.26 does not hold."""
    assert project.write(str(path))
    root = etree.fromstring(path.read_bytes(), PARSER)
    layers = {}
    for node in root.iter("maplayer"):
        for elevation in node.findall("elevation"):
            node.remove(elevation)
        layers[node.findtext("id")] = SYMBOL_LAYER_ID.sub(b'id="{}"', etree.tostring(node, method="c14n"))
    return layers


def apply_project(tmp_path, source: Path, name: str, monkeypatch):
    """Apply every layer of a copy of ``source``: (changes, layer states, saved layers, the
    capabilities requests with their thread, the layers given a provider built beforehand)."""
    project = open_copy(tmp_path, source, name)
    built = {}

    def spy(jobs, project):
        providers = real_build(jobs, project)
        built.update({key: sip.unwrapinstance(provider) for key, provider in providers.items()})
        return providers

    real_build = live_migration.build_providers
    monkeypatch.setattr(live_migration, "build_providers", spy)
    requests = CapabilityRequests()
    try:
        applied = apply_plan(plan_project(project), project)
    finally:
        requests.close()
        monkeypatch.setattr(live_migration, "build_providers", real_build)
    gc.collect()  # a provider Python still owned would be freed here, under its layer
    given = {layer_id for layer_id, address in built.items()
             if sip.unwrapinstance(project.mapLayer(layer_id).dataProvider()) == address}
    states = {layer.id(): layer_state(layer) for layer in project.mapLayers().values()}
    saved = saved_layers(project, tmp_path / f"{name}.saved.qgs")
    return applied, states, saved, requests.seen, given


@pytest.mark.parametrize("source", PROJECTS, ids=[p.name for p in PROJECTS])
def test_providers_built_beforehand_give_the_layers_setdatasource_gives(gpf, tmp_path, source,
                                                                        monkeypatch):
    main = main_thread_id(gpf)
    applied, states, saved, requests, given = apply_project(tmp_path, source, "built", monkeypatch)
    served = [c[0] for c in applied.changes if states[c[0]][2]]
    if provider_preload.can_preload():
        # Each rewritten WMS/WMTS layer that answers holds the provider built for it, on a
        # worker thread: their capabilities were read off the main thread.
        wms = {c[0] for c in applied.changes if c[0] in served and "wms" == states[c[0]][7]}
        assert given == wms
        assert not given or any(thread != main for _, thread in requests), requests
    else:
        assert not given and {thread for _, thread in requests} <= {main}

    monkeypatch.setattr(provider_preload, "can_preload", lambda: False)
    QgsNetworkAccessManager.instance().cache().clear()
    reference, reference_states, reference_saved, reference_requests, none = apply_project(
        tmp_path, source, "one_by_one", monkeypatch)
    assert not none and {thread for _, thread in reference_requests} <= {main}
    assert [c[0] for c in applied.changes] == [c[0] for c in reference.changes]
    for layer_id, state in states.items():
        assert state == reference_states[layer_id], layer_id
    assert saved.keys() == reference_saved.keys()
    # The saved XML of the layers given a provider (the others took the same path both times,
    # and QGIS draws some of their default colours at random on each read).
    for layer_id in given:
        xml = saved[layer_id]
        assert xml == reference_saved[layer_id], layer_id + "\n" + "\n".join(difflib.unified_diff(
            reference_saved[layer_id].decode().splitlines(), xml.decode().splitlines(), lineterm=""))


def test_the_builders_work_side_by_side(gpf, tmp_path):
    """Several layers of the same service: their capabilities are read on several threads
    at once (the machine has at least 2 cores in CI)."""
    if not provider_preload.can_preload():
        pytest.skip("QGIS < 3.32: a layer cannot take a ready provider; Apply uses setDataSource")
    if QThread.idealThreadCount() < 2:
        pytest.skip("one core: nothing to build side by side")
    project = open_copy(tmp_path, DATA / "real-world" / "projects" /
                        "haubourg_85d7891__Donnees_IGN_Geoportail_qgsv2.qgs", "many")
    requests = CapabilityRequests()
    try:
        apply_plan(plan_project(project), project)
    finally:
        requests.close()
    assert len({thread for _, thread in requests.seen}) >= 2, requests.seen


def test_a_renamed_layer_keeps_its_name_and_properties_and_draws(gpf, tmp_path):
    """The original XML predates what the session changed: the layer keeps that."""
    project = open_copy(tmp_path, DATA / "real-world" / "projects" / "lizmap_54bf451__test_print.qgs",
                        "renamed")
    plans = [p for p in plan_project(project) if p.applicable]
    layer = project.mapLayer(plans[0].layer_id)
    assert not layer.isValid()
    layer.setName("Renommée dans la session")
    layer.setCustomProperty("bascule/test", "gardée")
    apply_plan(plans, project)
    gc.collect()
    assert layer.name() == "Renommée dans la session"
    assert layer.customProperty("bascule/test") == "gardée"
    assert layer.isValid(), layer.error().summary()
    assert layer.source() == plans[0].migration.new_source
    assert painted_pixels(render(layer, PARIS_3857)) > 200


def test_a_new_source_that_does_not_answer_leaves_the_layer_at_it(gpf, tmp_path):
    gpf.inject("/wmts", "status", status=503)
    project = open_copy(tmp_path, DATA / "real-world" / "projects" / "lizmap_54bf451__test_print.qgs",
                        "down")
    plans = [p for p in plan_project(project) if p.applicable]
    assert any("/wmts" in p.migration.new_source for p in plans)
    applied = apply_plan(plans, project)
    assert len(applied.changes) == len(plans)
    for plan in plans:
        layer = project.mapLayer(plan.layer_id)
        assert layer.source() == plan.migration.new_source
        if "/wmts" in plan.migration.new_source:
            assert not layer.isValid()
    saved = saved_layers(project, tmp_path / "down.saved.qgs")
    for plan in plans:
        assert b"wxs.ign.fr" not in saved[plan.layer_id]


@pytest.mark.parametrize("preload", [True, False], ids=["built beforehand", "setDataSource"])
def test_the_layers_own_metadata_survives_apply(gpf, tmp_path, monkeypatch, preload):
    """QGIS's setDataSource replaces a raster layer's metadata with its new provider's: the
    layer's abstract and contacts are kept, as reopening the file would keep them."""
    if not preload:
        monkeypatch.setattr(provider_preload, "can_preload", lambda: False)
    legacy = QgsRasterLayer(LEGACY_ORTHO, "Ortho", "wms")
    metadata = legacy.metadata()
    metadata.setAbstract("Orthophotos de la commune, 2013")
    contact = QgsLayerMetadata.Contact()
    contact.name = "Service SIG"
    metadata.addContact(contact)
    legacy.setMetadata(metadata)
    layer_id = legacy.id()
    writer = QgsProject()
    writer.addMapLayer(legacy)
    path = tmp_path / "metadata.qgs"
    assert writer.write(str(path))
    writer.clear()
    project = QgsProject.instance()
    project.clear()
    assert project.read(str(path))
    layer = project.mapLayer(layer_id)
    assert not layer.isValid()
    apply_plan(plan_project(project), project)
    assert layer.isValid(), layer.error().summary()
    assert layer.metadata().abstract() == "Orthophotos de la commune, 2013"
    assert [c.name for c in layer.metadata().contacts()] == ["Service SIG"]
    saved = tmp_path / "saved.qgs"
    assert project.write(str(saved))
    text = saved.read_text(encoding="utf-8")
    assert "Orthophotos de la commune, 2013" in text and "Service SIG" in text
