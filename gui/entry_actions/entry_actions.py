"""What the Browser, the locator and the layer menu need from the plugin, in one object.

Registered at QGIS start-up with them, so it imports nothing heavy: the catalogue store,
the layer factory and the dialogs are imported when a user first uses one of them.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import QObject

_IGN_HINTS = ("ign", "geopf", "geoportail")


def mentions_ign(source: str) -> bool:
    """Cheap first cut before the migration engine looks at a layer's source."""
    lowered = source.lower()
    return any(hint in lowered for hint in _IGN_HINTS)


class Places(QObject):
    """The shared catalogue and the actions every place offers on an entry."""

    def __init__(self, iface, store_getter, show_in_dock, parent=None):  # noqa: QGS105
        super().__init__(parent)
        self.iface = iface
        self._store_getter = store_getter  # the plugin's one CatalogStore (created on demand)
        self._show_in_dock = show_in_dock
        self._open_migration = None
        self.layer_menu = None  # layer_menu.LayerMenu, from the first legacy-looking layer on

    # --- the Layers panel's entry ----------------------------------------------------------
    def watch_layers(self, open_migration):
        """Offer "Migrate to the Géoplateforme" on legacy layers, now and as layers come."""
        self._open_migration = open_migration
        QgsProject.instance().layersAdded.connect(self._layers_added)
        self._layers_added(list(QgsProject.instance().mapLayers().values()))

    def _layers_added(self, layers):
        candidates = [layer for layer in layers if mentions_ign(layer.source())]
        if not candidates:
            return
        if self.layer_menu is None:
            from ..migration.layer_menu import LayerMenu

            self.layer_menu = LayerMenu(self.iface, self._open_migration, self)
        self.layer_menu.mark_layers(candidates)

    def stop_watching_layers(self):
        if self._open_migration is not None:
            QgsProject.instance().layersAdded.disconnect(self._layers_added)
            self._open_migration = None
        if self.layer_menu is not None:
            self.layer_menu.remove()
            self.layer_menu = None

    def store(self):
        return self._store_getter()

    def catalog(self):
        """The catalogue at once (cache or snapshot); a refresh starts in the background
        when one is due (at most once a day by default)."""
        store = self.store()
        catalog = store.catalog()
        store.refresh_if_due()
        return catalog

    def entry(self, key: str):
        """The entry a custom URI names (see browser.entry_key), or None."""
        service, _, rest = (key or "").partition("|")
        name, _, restricted = rest.rpartition("|")
        if not service or not name:
            return None
        return self.store().catalog().get(service, name, restricted == "1")

    def add(self, entry, ask_key: bool = False):
        """Add ``entry`` as the dock would; news in QGIS's message bar. Returns the layer."""
        from . import add_entry
        from ...core.layers.qgis_side import layer_factory
        from ...core.toolbelt.log import logger
        from ..widgets.plain import push

        added = add_entry.add_entry(entry, self.store().catalog(), ask_key=ask_key,
                                 parent=self.iface.mainWindow())
        bar = self.iface.messageBar()
        if not added.ok:
            if added.error:
                push(bar, self.tr("Layer not added"), added.error, Qgis.MessageLevel.Critical, 0)
                logger(__name__).warning(added.error)
            return None
        push(bar, self.tr("Layer added"), layer_factory.layer_name(entry), Qgis.MessageLevel.Success, 4)
        return added.layer

    def show_in_dock(self, entry):
        """The catalogue dock, on that entry (its options: "Add with options…")."""
        self._show_in_dock(entry)

    def copy_source(self, entry) -> str:
        """The data source on the clipboard: defaults, a known key's id, never a secret."""
        from qgis.PyQt.QtWidgets import QApplication

        from . import add_entry
        from ..keys import key_choice
        from ...core.layers.qgis_side import layer_factory

        options = add_entry.default_options(entry, self.store().catalog())
        if entry.restricted:
            options.authcfg = key_choice.known_key(entry.service, entry.name)
        _, source = layer_factory.build_source(entry, options)
        QApplication.clipboard().setText(source)
        return source

    def metadata_url(self, entry) -> str:
        from ...core.layers.layer_options import rebase

        return rebase(entry.metadata_urls[0]) if entry.metadata_urls else ""
