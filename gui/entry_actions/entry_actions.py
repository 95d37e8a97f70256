"""The entry-actions façade: what the catalogue dock, the Browser and the locator do with a
catalogue entry (add it, show it in the dock, copy its data source, its metadata page), in one
place so that the three do it the same way.

- ``add``: the layer through ``add_entry`` (key rule, one layer service), news in a message bar;
- ``copy_source``: the data source on the clipboard, a known key's id, never a secret;
- ``metadata_url``: the entry's metadata page on the configured server;
- ``EntryActions``: the object the Browser, the locator and the Layers panel's menu share,
  registered at QGIS start-up with them, so it imports nothing heavy: the catalogue store,
  the layer factory and the dialogs are imported when a user first uses one of them. The dock
  calls the module functions with its own options, key tests and message bar.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QObject

from ...core.platform.endpoints import mentions_ign

# The custom URI of the Browser's items, drops and locator results: written by entry_key,
# read back by Places.entry.
PROVIDER_KEY = "bascule_geoplateforme"  # the custom URI provider key of our drops
NAME = "Géoplateforme"  # the Browser root's and its providers' name; a proper noun, not translated


def entry_key(entry) -> str:
    """What a custom URI carries: the entry's service, name and access."""
    return f"{entry.service}|{entry.name}|{int(entry.restricted)}"


def add(entry, catalog, bar, options=None, authcfg=None, ask_key: bool = False, parent=None,
        access=None):
    """Add ``entry`` (``add_entry.add_entry``) and say how it went in ``bar``: a failure stays
    until closed (and goes to the log), a success for 4 s. Returns the ``Added``."""
    from . import add_entry
    from ...core.layers.qgis_side import layer_factory
    from ...core.toolbelt.log import logger
    from ..widgets.plain import push

    added = add_entry.add_entry(entry, catalog, options, authcfg, ask_key, parent, access)
    if not added.ok:
        if added.error:
            push(bar, QCoreApplication.translate("EntryActions", "Layer not added"), added.error,
                 Qgis.MessageLevel.Critical, 0)
            logger(__name__).warning(added.error)
        return added
    push(bar, QCoreApplication.translate("EntryActions", "Layer added"), layer_factory.layer_name(entry),
         Qgis.MessageLevel.Success, 4)
    return added


def key_for(entry, parent=None, ask: bool = False, access=None) -> str:
    """The key for a restricted entry, by the one rule (core/keys/key_choice.py); "" if none."""
    from ..keys import key_choice
    from ...core.layers.qgis_side import layer_factory

    return key_choice.key_for_layer(entry.service, entry.name, layer_factory.layer_name(entry),
                                    parent, ask, access)


def copy_source(entry, options, access=None) -> str:
    """Put the entry's data source (with ``options``) on the clipboard: a restricted entry names
    its key by id (the one the rule picks without asking), never a secret."""
    from qgis.PyQt.QtWidgets import QApplication

    from ..keys import key_choice
    from ...core.layers.qgis_side import layer_factory

    if entry.restricted:
        options.authcfg = options.authcfg or key_choice.known_key(entry.service, entry.name, access)
    _, source = layer_factory.build_source(entry, options)
    QApplication.clipboard().setText(source)
    return source


def metadata_url(entry) -> str:
    from ...core.layers.layer_options import rebase

    return rebase(entry.metadata_urls[0]) if entry.metadata_urls else ""


class EntryActions(QObject):
    """The shared catalogue and the actions the Browser and the locator offer on an entry."""

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
        """The entry a custom URI names (see entry_key), or None."""
        service, _, rest = (key or "").partition("|")
        name, _, restricted = rest.rpartition("|")
        if not service or not name:
            return None
        return self.store().catalog().get(service, name, restricted == "1")

    def add(self, entry, ask_key: bool = False):
        """Add ``entry`` as the dock would; news in QGIS's message bar. Returns the layer."""
        return add(entry, self.store().catalog(), self.iface.messageBar(), ask_key=ask_key,
                   parent=self.iface.mainWindow()).layer

    def show_in_dock(self, entry):
        """The catalogue dock, on that entry (its options: "Add with options…")."""
        self._show_in_dock(entry)

    def copy_source(self, entry) -> str:
        """The data source with the default options on the clipboard."""
        from . import add_entry

        return copy_source(entry, add_entry.default_options(entry, self.store().catalog()))

    def metadata_url(self, entry) -> str:
        return metadata_url(entry)
