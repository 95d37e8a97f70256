"""The providers of the layers Apply rewrites, built side by side on worker threads.

Building a WMS/WMTS provider means reading and parsing its service's capabilities: for the
Géoplateforme WMTS a 2 MB document, about 0.1 s of CPU per layer. QgsProject.read builds them one
after the other (QGIS lets its parallel loading build only GDAL and PostgreSQL providers). Since
QGIS 3.32 a layer accepts a provider built elsewhere (readLayerXml's preloadedProvider, what that
parallel loading hands its layers), so Apply builds the WMS providers of the layers it rewrites on
every core, then gives each to its layer on the main thread.

Only layers QGIS could not open qualify: they hold no provider to replace, and their original XML
is what QGIS read of them -- the element readLayerXml needs, kept in step with the new source.
Everything else, and every layer on older QGIS, goes through setDataSource one by one.
"""
from __future__ import annotations

import threading
from typing import Dict, Iterable, Optional, Tuple

from qgis.core import (
    Qgis,
    QgsDataProvider,
    QgsMapLayer,
    QgsProject,
    QgsProviderRegistry,
    QgsReadWriteContext,
)
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QRunnable, QThread, QThreadPool
from qgis.PyQt.QtXml import QDomDocument

PRELOADED_PROVIDERS = ("wms",)  # the providers whose construction off the main thread is tested
MAX_THREADS = 8  # each build holds a parsed capabilities document: memory bounds the pool
_POLL_SECONDS = 0.02


def can_preload() -> bool:
    """True on QGIS >= 3.32, whose layers take a ready provider."""
    return Qgis.QGIS_VERSION_INT >= 33200


def preloadable(layer: QgsMapLayer) -> bool:
    return (can_preload() and layer.providerType() in PRELOADED_PROVIDERS
            and not layer.isValid() and bool(layer.originalXmlProperties()))


class _Build(QRunnable):
    """One provider, built on a pool thread and moved to the main thread for its layer."""

    def __init__(self, key: str, provider_key: str, source: str, project: QgsProject, done):
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it until the results are read
        self.key, self.provider_key, self.source = key, provider_key, source
        self.options = QgsDataProvider.ProviderOptions()
        self.options.transformContext = project.transformContext()
        self.done = done
        self.provider: Optional[QgsDataProvider] = None

    def run(self):
        try:
            provider = QgsProviderRegistry.instance().createProvider(
                self.provider_key, self.source, self.options)
            if provider is not None:
                provider.moveToThread(QCoreApplication.instance().thread())
            self.provider = provider
        except Exception:  # noqa: BLE001 - that layer falls back to setDataSource
            self.provider = None
        finally:
            self.done()


def build_providers(jobs: Iterable[Tuple[str, str, str]],
                    project: QgsProject) -> Dict[str, QgsDataProvider]:
    """Providers for ``jobs`` ((key, provider key, source)), by key; a failed build is absent.

    The main thread keeps handling events while it waits, except user input: a key prompt QGIS
    raises for a worker's request is shown by the main thread, and the worker waits for it."""
    jobs = list(jobs)
    if not jobs:
        return {}
    finished = threading.Event()
    remaining = [len(jobs)]
    lock = threading.Lock()

    def done():
        with lock:
            remaining[0] -= 1
            if not remaining[0]:
                finished.set()

    pool = QThreadPool()
    pool.setMaxThreadCount(max(1, min(QThread.idealThreadCount(), MAX_THREADS, len(jobs))))
    builds = [_Build(key, provider_key, source, project, done) for key, provider_key, source in jobs]
    for build in builds:
        pool.start(build)
    while not finished.wait(_POLL_SECONDS):  # releases the GIL the builders need
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    pool.waitForDone()
    return {build.key: build.provider for build in builds if build.provider is not None}


def source_document(layer: QgsMapLayer, source: str) -> Optional[QDomDocument]:
    """The layer's original XML with ``source`` as its datasource (None when it has none)."""
    xml = layer.originalXmlProperties()
    if not xml:
        return None
    document = QDomDocument()
    if not document.setContent(xml):
        return None
    datasources = document.elementsByTagName("datasource")
    if datasources.isEmpty():
        return None
    element = datasources.at(0).toElement()
    while element.hasChildNodes():
        element.removeChild(element.firstChild())
    element.appendChild(document.createTextNode(source))
    return document


def hand_over(layer: QgsMapLayer, source: str, project: QgsProject,
              provider: QgsDataProvider) -> bool:
    """Give ``layer`` its new ``source`` and the ``provider`` built for it, as QgsProject.read
    does, and keep what setDataSource keeps of the layer as it is now -- its name, custom
    properties and metadata, which may differ from its original XML (edited this session,
    completed from the capabilities). False when the provider found no service (setDataSource
    then tries and leaves the layer as it always has) or the layer's XML cannot take it; the
    provider, still Python's, is then freed."""
    if not provider.isValid():
        return False
    document = source_document(layer, source)
    if document is None:
        return False
    element = document.documentElement()
    if element.firstChildElement("id").text() != layer.id():
        return False
    name, metadata = layer.name(), layer.metadata()
    properties = {key: layer.customProperty(key) for key in layer.customPropertyKeys()}
    context = QgsReadWriteContext()
    context.setPathResolver(project.pathResolver())
    context.setTransformContext(project.transformContext())
    layer.readLayerXml(element, context, preloadedProvider=provider)  # the layer owns it now
    layer.setName(name)
    layer.setMetadata(metadata)
    for key in layer.customPropertyKeys():
        if key not in properties:
            layer.removeCustomProperty(key)
    for key, value in properties.items():
        layer.setCustomProperty(key, value)
    layer.dataSourceChanged.emit()  # what setDataSource tells the layer tree and the canvas
    layer.triggerRepaint()
    return True
