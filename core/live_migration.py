"""Apply migration decisions to the open QgsProject, and undo them in one step.

QGIS glue, no widgets: the migration dialog, the project-open hook and the tests all go
through ``plan_project`` and ``apply_plan``. Layers keep their id, name, style, position and
visibility (``setDataSource``); the change persists even when the new source cannot be
reached now (the ``originalXmlProperties`` pitfall, reference/qgis.md §4.1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from qgis.core import QgsDataProvider, QgsLayerTreeLayer, QgsMapLayer, QgsProject
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtXml import QDomDocument

from . import attribution
from .migration.engine import CURRENT, NEEDS_KEY, UNCHANGED, SourceMigration
from .migration.layer_xml import LayerXml, migrate_layer, read_layer_text
from .sources import with_authcfg



@dataclass
class LayerPlan:
    """One layer of the project and what the engine decided for it."""

    layer_id: str
    name: str
    provider: str
    group: str  # "Group / Subgroup" in the layer tree, "" at the root
    migration: SourceMigration
    checked: bool = True

    @property
    def status(self) -> str:
        return self.migration.status

    @property
    def applicable(self) -> bool:
        return self.migration.applies


def _group_path(project: QgsProject, layer_id: str) -> str:
    node = project.layerTreeRoot().findLayer(layer_id)
    names = []
    parent = node.parent() if isinstance(node, QgsLayerTreeLayer) else None
    while parent is not None and parent.parent() is not None:
        names.append(parent.name())
        parent = parent.parent()
    return " / ".join(reversed(names))


def layer_reading(layer: QgsMapLayer) -> LayerXml:
    """The plugin's reading of an open layer (layer_xml.py), the one the file migration makes
    of the same layer: from its original XML (what the project file holds, kept in step by
    ``set_layer_source``), not from what this QGIS version made of it -- QGIS >= 3.30 mangles
    the QGIS 1.8 WMS form. A layer added in this session has no such XML: its source then."""
    reading = read_layer_text(layer.originalXmlProperties())
    if reading is not None and reading.provider.lower() == layer.providerType().lower():
        return reading
    return LayerXml(layer.id(), layer.name(), layer.providerType(), layer.source())


def plan_project(project: Optional[QgsProject] = None, catalog=None) -> List[LayerPlan]:
    """A decision for every layer of the project, in layer-tree order (then the others)."""
    project = project or QgsProject.instance()
    layers = project.mapLayers()
    ordered = [l.layerId() for l in project.layerTreeRoot().findLayers()]
    ordered += [layer_id for layer_id in layers if layer_id not in ordered]
    plans = []
    for layer_id in ordered:
        layer = layers.get(layer_id)
        if layer is None:
            continue
        migration = migrate_layer(layer_reading(layer), catalog)
        plans.append(LayerPlan(layer_id, layer.name(), layer.providerType(),
                               _group_path(project, layer_id), migration,
                               checked=migration.applies))
    return plans


def legacy_plans(project: Optional[QgsProject] = None, catalog=None) -> List[LayerPlan]:
    """The layers that still point at the old Géoportail (anything to report or migrate)."""
    return [p for p in plan_project(project, catalog) if p.status not in (UNCHANGED, CURRENT)]


def _rewrite_original_xml(layer: QgsMapLayer, source: str) -> None:
    """Keep a layer's saved XML in step with its new source.

    When a source is unreachable (offline, 401), QgsProject.write() writes the layer's
    original XML, whose <datasource> still holds the old URL: rewrite it there too.
    """
    xml = layer.originalXmlProperties()
    if not xml:
        return
    document = QDomDocument()
    if not document.setContent(xml):
        return
    datasources = document.elementsByTagName("datasource")
    if datasources.isEmpty():
        return
    element = datasources.at(0).toElement()
    while element.hasChildNodes():
        element.removeChild(element.firstChild())
    element.appendChild(document.createTextNode(source))
    layer.setOriginalXmlProperties(document.toString())


def set_layer_source(layer: QgsMapLayer, source: str, project: QgsProject) -> None:
    options = QgsDataProvider.ProviderOptions()
    options.transformContext = project.transformContext()
    layer.setDataSource(source, layer.name(), layer.providerType(), options)
    _rewrite_original_xml(layer, source)


@dataclass
class AppliedMigration:
    """What ``apply_plan`` changed, enough to put everything back."""

    project: QgsProject
    # (layer id, source before, original XML before, source after)
    changes: List[tuple] = field(default_factory=list)
    errors: List[tuple] = field(default_factory=list)  # (layer name, message)
    # Splits and replacements (core/layer_split.py): records with a revert() of their own
    tree_changes: List[object] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.changes) + len(self.tree_changes)

    def invalid_layers(self) -> List[str]:
        names = []
        for layer_id, *_ in self.changes:
            layer = self.project.mapLayer(layer_id)
            if layer is not None and not layer.isValid():
                names.append(layer.name())
        return names

    def revert(self) -> int:
        """Restore every changed layer's source and saved XML; returns how many."""
        restored = 0
        for record in reversed(self.tree_changes):
            restored += bool(record.revert())
        self.tree_changes = []
        for layer_id, old_source, old_xml, _ in reversed(self.changes):
            layer = self.project.mapLayer(layer_id)
            if layer is None:
                continue  # removed by the user since
            set_layer_source(layer, old_source, self.project)
            layer.setOriginalXmlProperties(old_xml)
            restored += 1
        self.changes = []
        if restored:
            self.project.setDirty(True)
        return restored


def apply_plan(plans: List[LayerPlan], project: Optional[QgsProject] = None,
               authcfg: str = "") -> AppliedMigration:
    """Rewrite the checked, applicable layers; ``authcfg`` goes to needs_key layers."""
    project = project or QgsProject.instance()
    applied = AppliedMigration(project)
    for plan in plans:
        if not (plan.checked and plan.applicable):
            continue
        layer = project.mapLayer(plan.layer_id)
        if layer is None:
            applied.errors.append((plan.name, QCoreApplication.translate(
                "LiveMigration", "the layer is no longer in the project")))
            continue
        new_source = plan.migration.new_source
        if plan.status == NEEDS_KEY and authcfg:
            new_source = with_authcfg(plan.provider, new_source, authcfg)
        old_source, old_xml = layer.source(), layer.originalXmlProperties()
        try:
            set_layer_source(layer, new_source, project)
        except Exception as err:  # noqa: BLE001 - one bad layer must not stop the others
            applied.errors.append((plan.name, str(err)))
            continue
        attribution.credit_migrated(layer)
        applied.changes.append((plan.layer_id, old_source, old_xml, new_source))
    if applied.changes:
        project.setDirty(True)
    return applied
