"""Apply migration decisions to the open QgsProject, and undo them in one step.

QGIS glue, no widgets: the migration dialog, the project-open hook and the tests all go
through ``plan_project`` and ``apply_plan``. Layers keep their id, name, style, metadata,
position and visibility (``setDataSource``); the change persists even when the new source
cannot be reached now (the ``originalXmlProperties`` pitfall, docs/reference/qgis.md §4.1).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from qgis.core import QgsDataProvider, QgsLayerTreeLayer, QgsMapLayer, QgsProject
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtXml import QDomDocument

from ...layers import attribution
from ..engine import (
    CURRENT,
    NEEDS_KEY,
    STATUS_WITHDRAWN,
    UNCHANGED,
    UNSUPPORTED,
    SourceMigration,
    migrate_source,
    without_credentials,
)
from ..layer_xml import LayerXml, effective_source, migrate_layer, read_layer_text
from ...platform.redaction import redact_source
from ...platform.sources import parse_source, with_authcfg

# The undo record in the project: ONE entry under the plugin's scope, a JSON map
# {layer id: {"before": redacted source, "after": redacted source}}. Written when Apply (or
# the open hook) changes sources, so it lives with the project for the session and in the file
# once saved; never the original XML, a key or a dead credential.
RECORD_SCOPE = "bascule_geoplateforme"
RECORD_KEY = "/migration_undo"
# Credentials-only changes (dead username/password taken out): not a migration.
NOT_MIGRATED = (STATUS_WITHDRAWN, UNSUPPORTED)
# What this QGIS session changed, in full (source and saved XML before): layer id ->
# (source before, XML before, source after). Used only while the layer still holds "after".
_SESSION: Dict[str, tuple] = {}
# The attribution (text, URL) each layer had before Apply credited IGN, for Revert.
_ATTRIBUTION: Dict[str, tuple] = {}


@dataclass
class LayerPlan:
    """One layer of the project and what the engine decided for it."""

    layer_id: str
    name: str
    provider: str
    group: str  # "Group / Subgroup" in the layer tree, "" at the root
    migration: SourceMigration
    checked: bool = True
    engine_source: str = ""  # what the engine read (a QGIS 1.8 layer's converted form)

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
        reading = layer_reading(layer)
        migration = migrate_layer(reading, catalog)
        plans.append(LayerPlan(layer_id, layer.name(), layer.providerType(),
                               _group_path(project, layer_id), migration,
                               checked=migration.applies, engine_source=effective_source(reading)))
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
    metadata = layer.metadata()
    layer.setDataSource(source, layer.name(), layer.providerType(), options)
    # A raster layer's setDataSource replaces its metadata (abstract, contacts…) with what the
    # new provider reports; reopening the saved project would have kept the layer's own.
    layer.setMetadata(metadata)
    _rewrite_original_xml(layer, source)


def _redacted(provider: str, source: str) -> str:
    try:
        return redact_source(source, provider)
    except Exception:  # noqa: BLE001 - odd text: recorded as nothing rather than leaked
        return ""


def read_record(project: QgsProject) -> Dict[str, dict]:
    """The undo record the project holds ({} when none or unreadable)."""
    text, found = project.readEntry(RECORD_SCOPE, RECORD_KEY, "")
    if not found or not text:
        return {}
    try:
        record = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(record, dict):
        return {}
    return {k: v for k, v in record.items() if isinstance(k, str) and isinstance(v, dict)
            and isinstance(v.get("before"), str) and isinstance(v.get("after"), str)}


def _write_record(project: QgsProject, record: Dict[str, dict]) -> None:
    if record:
        project.writeEntry(RECORD_SCOPE, RECORD_KEY, json.dumps(record, sort_keys=True))
    else:
        project.removeEntry(RECORD_SCOPE, RECORD_KEY)


def record_changes(project: QgsProject, changes, keep_clean: bool = False) -> None:
    """Add ``changes`` ((layer id, engine input before, XML before, source after)) to the
    project's undo record; the first "before" of a layer is kept. ``keep_clean``: the open
    hook's record does not make a just-opened project "modified"."""
    dirty = project.isDirty()
    record = read_record(project)
    for layer_id, before, old_xml, after in changes:
        layer = project.mapLayer(layer_id)
        provider = layer.providerType() if layer is not None else ""
        kept = record.get(layer_id)
        record[layer_id] = {"before": kept["before"] if kept else _redacted(provider, before),
                            "after": _redacted(provider, after)}
        if layer_id not in _SESSION or _SESSION[layer_id][2] != after:
            _SESSION[layer_id] = (before, old_xml, after)
    _write_record(project, record)
    if keep_clean and not dirty:
        project.setDirty(False)


@dataclass
class RevertOutcome:
    """What a Revert did, in names the user knows."""

    restored: List[str] = field(default_factory=list)
    skipped: List[tuple] = field(default_factory=list)  # (layer name or id, reason)
    without_credentials: List[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.restored)


def _same(a: str, b: str) -> bool:
    """Equal once the masked old key is written one way (the mask may come back encoded)."""
    return a.replace("%E2%80%A6", "\u2026") == b.replace("%E2%80%A6", "\u2026")


def _engine_turns(provider: str, before: str, after: str, catalog) -> bool:
    """Does the engine still turn the recorded ``before`` into the recorded ``after``? (A
    stale or forged record does not.) A withdrawn or unsupported layer's only change is its
    dead credentials taken out (engine.without_credentials)."""
    try:
        cleaned, dropped = without_credentials(provider, before)
    except Exception:  # noqa: BLE001
        return False
    if dropped and _same(_redacted(provider, cleaned), after):
        return True  # the credentials-only change: what Revert writes is "after" itself
    migration = migrate_source(provider, before, catalog)
    if not migration.rewrites:
        return False
    expected = migration.new_source
    if migration.status == NEEDS_KEY:
        try:
            authcfg = parse_source(provider, after).get("authcfg") or ""
        except Exception:  # noqa: BLE001
            authcfg = ""
        if authcfg:
            expected = with_authcfg(provider, expected, authcfg)
    return _same(_redacted(provider, expected), after)


def revert_recorded(project: QgsProject, catalog=None,
                    only: Optional[List[str]] = None) -> RevertOutcome:
    """Put back the sources of the project's undo record (``only``: those layer ids).

    A layer is rewritten only if its current source still equals the recorded "after" and the
    engine still turns the recorded "before" into it. In this session the exact source and
    saved XML come back; after a reopen the recorded (redacted) source comes back without the
    dead credentials it had, and the outcome lists those layers."""
    outcome = RevertOutcome()
    record = read_record(project)
    for layer_id in list(record):
        if only is not None and layer_id not in only:
            continue
        entry = record.pop(layer_id)
        layer = project.mapLayer(layer_id)
        if layer is None:
            outcome.skipped.append((layer_id, QCoreApplication.translate(
                "LiveMigration", "no longer in the project")))
            continue
        # What the project holds for it (a QGIS 1.8 layer's own form, as written), not what
        # this QGIS version made of it.
        provider, reading = layer.providerType(), layer_reading(layer)
        current = reading.datasource if reading.old_form else layer.source()
        if not _same(_redacted(provider, current), entry["after"]):
            outcome.skipped.append((layer.name(), QCoreApplication.translate(
                "LiveMigration", "its source changed since")))
            continue
        session = _SESSION.pop(layer_id, None)
        if session is not None and session[2] in (current, layer.source()):
            set_layer_source(layer, session[0], project)
            attribution.uncredit(layer, _ATTRIBUTION.pop(layer_id, ("", "")))
            if session[1]:
                layer.setOriginalXmlProperties(session[1])
            outcome.restored.append(layer.name())
            continue
        before = entry["before"]
        if not _engine_turns(provider, before, entry["after"], catalog):
            outcome.skipped.append((layer.name(), QCoreApplication.translate("LiveMigration",
                "the record does not match what the migration does")))
            continue
        try:
            cleaned, dropped = without_credentials(provider, before)
        except Exception:  # noqa: BLE001
            outcome.skipped.append((layer.name(), QCoreApplication.translate(
                "LiveMigration", "the recorded source is unreadable")))
            continue
        set_layer_source(layer, cleaned, project)
        attribution.uncredit(layer, _ATTRIBUTION.pop(layer_id, ("", "")))
        outcome.restored.append(layer.name())
        if dropped or "\u2026" in cleaned or "%E2%80%A6" in cleaned:
            outcome.without_credentials.append(layer.name())
    _write_record(project, record)
    if outcome.restored:
        project.setDirty(True)
    return outcome


@dataclass
class AppliedMigration:
    """What ``apply_plan`` changed; Revert goes through the project's undo record."""

    project: QgsProject
    # (layer id, source before, original XML before, source after)
    changes: List[tuple] = field(default_factory=list)
    errors: List[tuple] = field(default_factory=list)  # (layer name, message)
    # Splits and replacements (core/migration/qgis_side/layer_split.py): records with a revert() of their own
    tree_changes: List[object] = field(default_factory=list)
    statuses: Dict[str, str] = field(default_factory=dict)  # layer id -> engine status

    @property
    def count(self) -> int:
        return len(self.changes) + len(self.tree_changes)

    @property
    def migrated(self) -> int:
        """Layers whose source changed for a migration reason (not only the dead credentials
        of a withdrawn or unsupported layer taken out)."""
        return sum(self.statuses.get(c[0]) not in NOT_MIGRATED for c in self.changes)

    @property
    def cleaned(self) -> int:
        return len(self.changes) - self.migrated

    def invalid_layers(self) -> List[str]:
        """Migrated layers that do not load at their new address (withdrawn ones excluded:
        they are not expected to)."""
        names = []
        for layer_id, *_ in self.changes:
            if self.statuses.get(layer_id) in NOT_MIGRATED:
                continue
            layer = self.project.mapLayer(layer_id)
            if layer is not None and not layer.isValid():
                names.append(layer.name())
        return names

    def revert(self, catalog=None) -> RevertOutcome:
        """Undo the tree changes, then put back every recorded source (``revert_recorded``)."""
        restored = 0
        for record in reversed(self.tree_changes):
            restored += bool(record.revert())
        self.tree_changes = []
        ids = [c[0] for c in self.changes]
        for layer_id, before, old_xml, after in self.changes:
            if old_xml is not None and layer_id not in _SESSION:  # made in this session elsewhere
                _SESSION[layer_id] = (before, old_xml, after)
        if ids and not any(i in read_record(self.project) for i in ids):
            record_changes(self.project, self.changes)
        outcome = revert_recorded(self.project, catalog, only=ids)
        outcome.restored[:0] = [""] * restored  # tree changes count as restored layers
        self.changes = []
        if restored:
            self.project.setDirty(True)
        return outcome


def applied_from_project(project: QgsProject) -> Optional[AppliedMigration]:
    """The undo the project's record offers (after a reopen, or a dialog closed), or None."""
    record = read_record(project)
    if not record:
        return None
    applied = AppliedMigration(project)
    for layer_id, entry in record.items():
        session = _SESSION.get(layer_id)
        if session is not None:
            applied.changes.append((layer_id,) + tuple(session))
        else:
            applied.changes.append((layer_id, entry["before"], None, entry["after"]))
    return applied


def apply_plan(plans: List[LayerPlan], project: Optional[QgsProject] = None,
               authcfg: str = "") -> AppliedMigration:
    """Rewrite the checked, applicable layers; ``authcfg`` goes to needs_key layers."""
    project = project or QgsProject.instance()
    applied = AppliedMigration(project)
    recorded = []
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
        credit_before = attribution.attribution_of(layer)
        try:
            set_layer_source(layer, new_source, project)
        except Exception as err:  # noqa: BLE001 - one bad layer must not stop the others
            applied.errors.append((plan.name, str(err)))
            continue
        _ATTRIBUTION.setdefault(plan.layer_id, credit_before)
        attribution.credit_migrated(layer)
        applied.changes.append((plan.layer_id, old_source, old_xml, new_source))
        applied.statuses[plan.layer_id] = plan.status
        # The record keeps what the engine read (a QGIS 1.8 layer's own form), so that after
        # a reopen the engine can check it still leads to the source written.
        before = plan.migration.source if plan.status in NOT_MIGRATED else plan.engine_source
        recorded.append((plan.layer_id, before or plan.migration.source or old_source, old_xml,
                         new_source))
        _SESSION[plan.layer_id] = (old_source, old_xml, new_source)  # the exact one, in session
    if recorded:
        record_changes(project, recorded)
        project.setDirty(True)
    return applied
