"""Tree changes of the open-project migration that need new layers, each undone in one step.

QGIS glue, no widgets. Two changes:

- ``split_layer``: a WMS-R source naming more layers than the Géoplateforme serves in one
  request becomes one layer per name inside a group at the same place in the layer tree. The
  first keeps the original layer (its id: map themes and layout items that name it keep
  working); the others copy its style, opacity and scale visibility. The map themes and
  layouts that showed the original are reported: they show only the first name now.
- ``replace_layer``: a withdrawn layer with a successor in IGN's tables is replaced by a new
  layer of the successor, same name, group and position.

Each returns a record whose ``revert()`` puts the tree and the original layer (its id, source
and saved XML) back. New layers are made and placed by the one layer service
(core/layers/qgis_side/layer_factory.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from qgis.core import (
    QgsLayerMetadata,
    QgsLayerTreeGroup,
    QgsMapLayer,
    QgsMapLayerStyle,
    QgsProject,
)

from ..engine import NEEDS_KEY
from ...layers import attribution
from ...layers.qgis_side import layer_factory
from ...platform.sources import encode_params, parse_source, with_authcfg


# -- pure helpers ------------------------------------------------------------------------------
def single_layer_sources(source: str) -> List[Tuple[str, str]]:
    """[(layer name, a wms source asking for that name alone)] of a multi-layer wms source,
    in drawing order; its other parameters kept, in their order."""
    items = parse_source("wms", source).items()
    names = [n for k, v in items if k == "layers" for n in (v or "").split(",")]
    styles = [s for k, v in items if k == "styles" for s in (v or "").split(",")]
    out = []
    for position, name in enumerate(names):
        style = styles[position] if position < len(styles) else ""
        rebuilt, placed = [], set()
        for key, value in items:
            if key in ("layers", "styles"):
                if key not in placed:
                    rebuilt.append((key, name if key == "layers" else style))
                    placed.add(key)
                continue
            rebuilt.append((key, value))
        if "styles" not in placed:
            rebuilt.append(("styles", style))
        out.append((name, encode_params(rebuilt)))
    return out


def _themes_showing(project: QgsProject, layer_id: str) -> List[str]:
    collection = project.mapThemeCollection()
    return [name for name in collection.mapThemes()
            if layer_id in collection.mapThemeVisibleLayerIds(name)]


def _layouts_showing(project: QgsProject, layer_id: str) -> List[str]:
    from qgis.core import QgsLayoutItemMap

    names = []
    for layout in project.layoutManager().layouts():
        for item in layout.items():
            if isinstance(item, QgsLayoutItemMap) and any(
                    l is not None and l.id() == layer_id for l in item.layers()):
                names.append(layout.name())
                break
    return names


def _copy_look(source: QgsMapLayer, target: QgsMapLayer) -> None:
    style = QgsMapLayerStyle()
    style.readFromLayer(source)
    style.writeToLayer(target)
    if hasattr(target, "setOpacity"):  # QgsMapLayer.setOpacity (3.18)
        target.setOpacity(source.opacity())
    target.setScaleBasedVisibility(source.hasScaleBasedVisibility())
    target.setMinimumScale(source.minimumScale())
    target.setMaximumScale(source.maximumScale())


# -- split ---------------------------------------------------------------------------------------
@dataclass
class SplitLayer:
    """What ``split_layer`` did, enough to undo it."""

    project: QgsProject
    layer_id: str
    old_source: str
    old_xml: str
    group: Optional[QgsLayerTreeGroup]
    added: List[str] = field(default_factory=list)  # ids of the new layers
    themes: List[str] = field(default_factory=list)  # showed the original: now its first name
    layouts: List[str] = field(default_factory=list)
    old_metadata: Optional[QgsLayerMetadata] = None  # before the credit

    def revert(self) -> bool:
        from .live_migration import set_layer_source

        layer = self.project.mapLayer(self.layer_id)
        if layer is None:
            return False
        group = self.group
        node = self.project.layerTreeRoot().findLayer(self.layer_id)
        if group is not None and node is not None and group.parent() is not None:
            parent = group.parent()
            layer_factory.move_node(node, parent, parent.children().index(group))
            parent.removeChildNode(group)
        self.project.removeMapLayers([i for i in self.added if self.project.mapLayer(i)])
        set_layer_source(layer, self.old_source, self.project)
        layer.setOriginalXmlProperties(self.old_xml)
        if self.old_metadata is not None:
            layer.setMetadata(self.old_metadata)
        self.project.setDirty(True)
        return True


def split_layer(plan, project: QgsProject, authcfg: str = "") -> SplitLayer:
    """Migrate ``plan``'s layer as one layer per requested name, inside a group named after it
    at its place in the tree (see the module docstring)."""
    from .live_migration import set_layer_source

    layer = project.mapLayer(plan.layer_id)
    new_source = plan.migration.new_source
    if plan.status == NEEDS_KEY and authcfg:
        new_source = with_authcfg("wms", new_source, authcfg)
    parts = single_layer_sources(new_source)
    record = SplitLayer(project, plan.layer_id, layer.source(), layer.originalXmlProperties(), None,
                        themes=_themes_showing(project, plan.layer_id),
                        layouts=_layouts_showing(project, plan.layer_id),
                        old_metadata=QgsLayerMetadata(layer.metadata()))
    parent, index = layer_factory.position_of(project, plan.layer_id)
    group = parent.insertGroup(index, layer.name())
    record.group = group
    node = project.layerTreeRoot().findLayer(plan.layer_id)
    if node is not None:
        layer_factory.move_node(node, group, 0)
    else:
        layer_factory.place_layer(layer, group, 0, project)
    first_name, first_source = parts[0]
    set_layer_source(layer, first_source, project)
    attribution.credit_migrated(layer)
    for position, (name, source) in enumerate(parts[1:], start=1):
        part = layer_factory.open_migrated_wms(source, f"{layer.name()} – {name}")
        _copy_look(layer, part)
        attribution.credit_migrated(part)  # again: the copied look must not carry the old credit
        layer_factory.place_layer(part, group, position, project)
        record.added.append(part.id())
    project.setDirty(True)
    return record


# -- replace ------------------------------------------------------------------------------------
@dataclass
class ReplacedLayer:
    """What ``replace_layer`` did: the original layer is kept (taken out of the project, not
    deleted) so that Revert puts it back with its id."""

    project: QgsProject
    original: QgsMapLayer
    new_id: str
    parent: QgsLayerTreeGroup
    index: int

    def revert(self) -> bool:
        node = self.project.layerTreeRoot().findLayer(self.new_id)
        if node is not None:
            parent = node.parent()
            self.parent, self.index = parent, parent.children().index(node)
        layer_factory.place_layer(self.original, self.parent, self.index, self.project)
        if self.project.mapLayer(self.new_id) is not None:
            self.project.removeMapLayer(self.new_id)
        self.project.setDirty(True)
        return True


def replace_layer(plan, new_layer: QgsMapLayer, project: QgsProject) -> ReplacedLayer:
    """Put ``new_layer`` (named like the old one) where ``plan``'s layer is, and take the old
    one out of the project (kept for Revert)."""
    old = project.mapLayer(plan.layer_id)
    parent, index = layer_factory.position_of(project, plan.layer_id)
    new_layer.setName(old.name())
    layer_factory.place_layer(new_layer, parent, index, project)
    taken = project.takeMapLayer(old)
    node = project.layerTreeRoot().findLayer(plan.layer_id)
    if node is not None:
        node.parent().removeChildNode(node)
    project.setDirty(True)
    return ReplacedLayer(project, taken or old, new_layer.id(), parent, index)
