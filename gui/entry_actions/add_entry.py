"""Add a catalogue entry to the project: what the entry-actions façade (entry_actions.add) does
for the dock, the Browser and the locator.

One path for every place a user adds a Géoplateforme layer, so that a layer added from the
Browser (double-click or drop) or the locator is the very layer the dock adds: the same
options (``layer_options``), the same key rule (``key_choice``), the same layer service
(``layer_factory.add_entry_layer``: source, attribution, place, vector-tile style task).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import QApplication

from ...core.layers import layer_options
from ...core.layers.qgis_side import layer_factory
from ...core.capabilities.model import Entry
from ...core.layers.layer_options import LayerOptions
from ..keys import key_choice

_busy = False  # QGIS's providers run a local event loop while opening: no second add meanwhile


@dataclass
class Added:
    """What one add did: the layer (None when not added), a message for the user when it
    failed ("" when the user cancelled the key dialog), the vector-tile style task."""

    layer: object = None
    error: str = ""
    style_task: object = None

    @property
    def ok(self) -> bool:
        return self.layer is not None


def default_options(entry: Entry, catalog=None) -> LayerOptions:
    return layer_options.default_options(entry, catalog, QgsProject.instance().crs().authid())


def add_entry(entry: Entry, catalog=None, options: Optional[LayerOptions] = None,
              authcfg: Optional[str] = None, ask_key: bool = False, parent=None,
              access=None) -> Added:
    """Add ``entry`` to the current project; restricted entries get their key by the rule of
    key_choice (asking the user only when it must)."""
    global _busy
    options = options or default_options(entry, catalog)
    if entry.restricted:
        options.authcfg = authcfg or options.authcfg or key_choice.key_for_layer(
            entry.service, entry.name, layer_factory.layer_name(entry), parent, ask_key, access)
        if not options.authcfg:
            return Added()
    if _busy:
        return Added(error=QCoreApplication.translate(
            "Adding", "Another layer is being added: try again in a moment."))
    # Opening the provider reads the service's capabilities (once per service: QGIS caches
    # them); show that QGIS is busy rather than idle.
    _busy = True
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        layer, _, task = layer_factory.add_entry_layer(entry, options, catalog)
    except layer_factory.LayerError as err:
        return Added(error=str(err))
    finally:
        QApplication.restoreOverrideCursor()
        _busy = False
    return Added(layer, "", task)
