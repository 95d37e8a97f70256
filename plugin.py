"""QGIS entry point: actions, menu, toolbar, dock and hooks. Wiring only, no logic here."""
from __future__ import annotations

import os
import sys

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, QTimer, QTranslator
from qgis.PyQt.QtGui import QIcon
try:  # QAction moved from QtWidgets (Qt5) to QtGui (Qt6).
    from qgis.PyQt.QtWidgets import QAction
except ImportError:  # pragma: no cover - Qt6
    from qgis.PyQt.QtGui import QAction

from .core.toolbelt.qgis_side import settings  # noqa: E402 - also installs the base-URL setting reader

PLUGIN_DIR = os.path.dirname(__file__)
MENU_NAME = "Géoplateforme"  # submenu of the Web menu; a proper noun, not translated
TOOLBAR_OBJECT_NAME = "BasculeGeoplateformeToolbar"


class BasculeGeoplateformePlugin(QObject):
    """Creates the plugin's actions on initGui() and removes every trace on unload().

    A QObject so that ``self.tr()`` gives its strings a context that pylupdate5 sees.
    """

    def __init__(self, iface):  # noqa: QGS105 - QGIS hands iface to classFactory
        super().__init__()
        self.iface = iface
        self.actions = []
        self.toolbar = None
        self.translator = None
        self.legacy_notice = None  # gui.migration.legacy_notice, with the first project read
        self.store = None  # CatalogStore, created with the dock
        self.dock = None
        self.download_panel = None  # the Téléchargement dock, created on first use
        self.provider = None  # Processing provider
        self.access_watch = None  # AccessWatch, once the user has a restricted layer
        self.open_hook = None  # core.open_hook.OpenMigrationHandler (migrate on open)
        self.options_factory = None  # the page in QGIS's Options dialog
        self.places = None  # what the Browser, the locator and the layer menu share
        self.browser = None  # Browser root, context menu and drop handler
        self.locator = None  # the "gpf" locator filter
        self._install_translator()

    # --- translations -------------------------------------------------------------------
    def _install_translator(self):
        path = os.path.join(PLUGIN_DIR, "i18n", f"bascule_geoplateforme_{settings.language()}.qm")
        if os.path.exists(path):
            translator = QTranslator()
            if translator.load(path):
                QCoreApplication.installTranslator(translator)
                self.translator = translator

    # --- QGIS hooks ---------------------------------------------------------------------
    def initGui(self):  # noqa: N802 (QGIS naming)
        from .core.toolbelt.qgis_side import log_bridge  # the plugin's log records, in QGIS's log

        log_bridge.install()
        self.toolbar = self.iface.addToolBar(self.tr("Bascule Géoplateforme"))
        self.toolbar.setObjectName(TOOLBAR_OBJECT_NAME)
        for action in self._create_actions():
            self.iface.addPluginToWebMenu(MENU_NAME, action)
            if action.property("bascule_toolbar"):
                self.toolbar.addAction(action)
            self.actions.append(action)
        self.iface.projectRead.connect(self.detect_legacy_sources)
        from .core.keys.qgis_side import key_guard  # before any layer draws: keys stay on the Géoplateforme

        key_guard.shared().install()
        # The old-project message belongs to that project: gone when it closes (New, Close,
        # or the next project opening clears it first).
        QgsProject.instance().cleared.connect(self._pop_legacy_message)
        from .core.migration.qgis_side import open_hook  # import-light; the engine comes with the first legacy project

        self.open_hook = open_hook.install(self.iface)
        self.open_hook.key_for = self._known_key
        from .gui.options import options_factory

        self.options_factory = options_factory.install(self.iface, self)
        self.initProcessing()
        self._register_places()
        if settings.DOCK_VISIBLE.get():
            # The user left it open: show it again once QGIS has finished starting.
            QTimer.singleShot(0, self._find_action("bascule_catalog").trigger)

    def initProcessing(self):  # noqa: N802 (the name qgis_process calls)
        from .processing_provider.provider import BasculeProvider

        self.provider = BasculeProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    # --- where QGIS users already look: Browser, locator, Layers panel -----------------
    def _register_places(self):
        """Small registrations only: each part imports its work when first used."""
        from .gui.entry_actions.entry_actions import EntryActions

        self.places = EntryActions(self.iface, self.catalog_store, self.show_entry_in_dock, self)
        self._register_browser()
        self._register_locator()
        self._register_layer_menu()

    def _register_browser(self):
        from .gui.browser import browser_provider

        self.browser = browser_provider.Registration(self.iface, self.places)

    def _register_locator(self):
        from .gui.browser import locator_filter

        self.locator = locator_filter.Registration(self.iface, self.places)

    def _register_layer_menu(self):
        self.places.watch_layers(self.open_migration_for_layer)

    def catalog_store(self):
        """The one CatalogStore of the dock, the Browser and the locator (made on demand)."""
        if self.store is None:
            from .core.catalog.qgis_side.catalog_store import CatalogStore

            self.store = CatalogStore()
        return self.store

    def _create_actions(self):
        """The plugin's actions, in menu order."""
        return [
            self._action("bascule_catalog", QgsApplication.getThemeIcon("/mActionAddWmsLayer.svg"),
                         self.tr("Géoplateforme catalogue"), self.toggle_catalog,
                         self.tr("Browse, search and add the Géoplateforme layers"),
                         checkable=True),
            self._action("bascule_download", QgsApplication.getThemeIcon("/mActionSharingImport.svg"),
                         self.tr("Géoplateforme downloads"), self.toggle_download,
                         self.tr("Browse the Géoplateforme download service: products, editions, "
                                 "files"), checkable=True),
            self._action("bascule_migrate_project", os.path.join(PLUGIN_DIR, "icon.svg"),
                         self.tr("Migrate the project…"), self.open_migration_dialog,
                         self.tr("Rewrite this project's old Géoportail sources, at wxs.ign.fr, "
                                 "to the Géoplateforme")),
            self._action("bascule_connections", QgsApplication.getThemeIcon("/mActionAddWmsLayer.svg"),
                         self.tr("Saved connections…"), self.open_connections,
                         self.tr("Migrate the WMS/WMTS, WFS, XYZ and vector-tile connections "
                                 "saved in this profile to the Géoplateforme"), toolbar=False),
            self._action("bascule_keys", QgsApplication.getThemeIcon("/locked.svg"),
                         self.tr("My Géoplateforme keys…"), self.open_keys,
                         self.tr("Add, test and manage the keys that unlock restricted data"),
                         toolbar=False),
            self._action("bascule_key_in_url", QgsApplication.getThemeIcon("/mIconWarning.svg"),
                         self.tr("Key in the address for QGIS Server…"), self.write_keys_into_urls,
                         self.tr("Write the HASH key of the selected restricted layers into their "
                                 "address, for QGIS Server and Lizmap. Warning: the key is then "
                                 "stored in clear in the project"),
                         toolbar=False),
            self._action("bascule_key_back", QgsApplication.getThemeIcon("/locked.svg"),
                         self.tr("Key back in QGIS's authentication database"), self.put_keys_back,
                         self.tr("Undo “Key in the address”: the layers use their auth config again"),
                         toolbar=False),
            self._action("bascule_help", QgsApplication.getThemeIcon("/mActionHelpContents.svg"),
                         self.tr("Help"), self.show_help,
                         self.tr("Open the Bascule Géoplateforme documentation"), toolbar=False),
        ]

    # --- slots --------------------------------------------------------------------------
    def show_help(self):
        """The help page shipped in help/, in the user's language (English otherwise)."""
        from .gui.widgets import help as plugin_help

        plugin_help.show()

    def toggle_catalog(self, checked=True):
        """Show or hide the catalogue dock, created (and its modules imported) on first use."""
        if self.dock is None:
            if not checked:
                return
            from .gui.catalog_dock.catalog_dock import CatalogDock

            self.dock = CatalogDock(self.iface, self.catalog_store(), self.iface.mainWindow())
            self._add_dock(self.dock, self.download_panel)
            self.dock.visibilityChanged.connect(self._dock_visibility_changed)
            self.dock.restrictedLayerAdded.connect(self.watch_access)
        self.dock.setUserVisible(checked)

    def toggle_download(self, checked=True):
        """Show or hide the Téléchargement dock, created (and its modules imported) on first use."""
        if self.download_panel is None:
            if not checked:
                return
            from .gui.download.download_dock import DownloadPanel

            self.download_panel = DownloadPanel(self.iface, self.iface.mainWindow())
            self._add_dock(self.download_panel, self.dock)
            self.download_panel.visibilityChanged.connect(
                self._find_action("bascule_download").setChecked)
        self.download_panel.setUserVisible(checked)

    def _add_dock(self, dock, other):
        """On the right; with the plugin's other dock open there, in a tab beside it: stacked,
        their heights would push QGIS's window past a 768 px screen (and added first, then
        tabbed, the window grows before the tab is made)."""
        window = self.iface.mainWindow()
        size = window.size()
        # While the dock is laid out Qt may grow the window for a moment (without a window
        # manager nothing takes it back): the window's size is kept once the tab is made.
        QTimer.singleShot(0, lambda: window.resize(size.expandedTo(window.minimumSizeHint()))
                          if window.height() > size.height() else None)
        if other is not None and not other.isFloating() and \
                window.dockWidgetArea(other) == Qt.DockWidgetArea.RightDockWidgetArea:
            window.tabifyDockWidget(other, dock)
            dock.show()
            dock.raise_()
        else:
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)

    def show_entry_in_dock(self, entry):
        """The dock shown on ``entry`` (filters cleared if they hid it): its options."""
        self._find_action("bascule_catalog").setChecked(True)
        self.toggle_catalog(True)
        if not self.dock.loaded:
            self.dock.load()
        again = self.dock.catalog.get(entry.service, entry.name, entry.restricted) or entry
        if not self.dock.select_entry(again):
            self.dock.set_access(None)
            self.dock.set_query("")
            self.dock.select_entry(again)
        self.dock.raise_()

    def _dock_visibility_changed(self, visible):
        self._find_action("bascule_catalog").setChecked(visible)
        if self.iface.mainWindow().isVisible():  # the user's choice, not QGIS closing
            settings.DOCK_VISIBLE.set(bool(visible))

    def _find_action(self, object_name):
        return next(a for a in self.actions if a.objectName() == object_name)

    def open_migration_dialog(self, applied=None):
        from .gui.migration.migration_dialog import MigrationDialog  # imported on use, not at start-up

        dialog = MigrationDialog(self.iface, applied=applied or None)
        dialog.exec()
        self.check_restricted_layers()  # needs_key layers now read /private/

    def open_connections(self):
        from .gui.migration.connections_dialog import ConnectionsDialog  # imported on use, not at start-up

        ConnectionsDialog(parent=self.iface.mainWindow()).exec()

    def open_migration_for_layer(self, layer):
        """The Layers panel's entry: the migration dialog on that one layer."""
        from .gui.migration.migration_dialog import MigrationDialog

        dialog = MigrationDialog(self.iface)
        dialog.focus_on_layer(layer.id())
        dialog.exec()
        self.check_restricted_layers()

    def open_keys(self):
        from .gui.keys.keys_dialog import KeysDialog  # imported on use, not at start-up

        KeysDialog(parent=self.iface.mainWindow()).exec()
        if self.dock is not None:
            self.dock.mark_keys()

    def write_keys_into_urls(self):
        from .gui.keys import server_form_action

        server_form_action.write_keys_into_urls(self.iface)

    def put_keys_back(self):
        from .gui.keys import server_form_action

        server_form_action.put_keys_back(self.iface)

    def watch_access(self):
        """From the first restricted layer on: say when the Géoplateforme refuses its key."""
        if self.access_watch is None:
            from .core.keys.qgis_side import access_watch

            self.access_watch = access_watch.shared()
            self.access_watch.refused.connect(self._say_refused)
        self.access_watch.start()

    def _say_refused(self, message):
        from .gui.widgets.plain import push

        push(self.iface.messageBar(), self.tr("Géoplateforme"), message,
             Qgis.MessageLevel.Warning, 15)

    def check_restricted_layers(self):
        """A project read: watch its restricted layers; say which keys this QGIS cannot send."""
        from .core.keys.qgis_side import access_watch

        if access_watch.restricted_layers():
            self.watch_access()
        names = access_watch.unusable_hash_layers()
        if names:
            self._legacy_notice().say_unusable_keys(names)

    def detect_legacy_sources(self):
        """The message bar's word on the project read (gui/migration/legacy_notice.py)."""
        self.check_restricted_layers()
        self._pop_legacy_message()
        opened = self.open_hook.take_result(QgsProject.instance().fileName()) if self.open_hook else None
        self._legacy_notice().show(opened)

    def _legacy_notice(self):
        if self.legacy_notice is None:
            from .gui.migration.legacy_notice import LegacyNotice

            self.legacy_notice = LegacyNotice(self.iface, self.open_migration_dialog, self)
        return self.legacy_notice

    @property
    def legacy_message(self):
        """The message bar item about the project read, or None."""
        return self.legacy_notice.item if self.legacy_notice is not None else None

    def _known_key(self, service, name):
        from .gui.keys.key_choice import known_key

        return known_key(service, name)

    def _pop_legacy_message(self):
        if self.legacy_notice is not None:
            self.legacy_notice.pop()

    def _action(self, object_name, icon, text, slot, tip="", toolbar=True, checkable=False):
        # No parentheses in ``tip``: QGIS strips parenthesised text from action tooltips.
        action = QAction(QIcon(icon), text, self.iface.mainWindow())
        action.setObjectName(object_name)
        action.setCheckable(checkable)
        action.setStatusTip(tip or text)
        action.setToolTip(tip or text)
        action.setProperty("bascule_toolbar", toolbar)
        action.triggered.connect(slot)
        return action

    def unload(self):
        # Everything in flight is cancelled first, then waited for (bounded) part by part:
        # a task still in a request holds a thread of QGIS's pool, and the others' own
        # cancellation waits for one.
        key_access = sys.modules.get(f"{__package__}.core.keys.qgis_side.key_access")
        if key_access is not None:
            key_access.cancel_tests()
        if self.store is not None:
            self.store.cancel()
        if self.download_panel is not None:
            self.download_panel.shutdown(timeout_s=0)
        self.iface.projectRead.disconnect(self.detect_legacy_sources)
        from .core.keys.qgis_side import key_guard

        key_guard.shared().remove()
        QgsProject.instance().cleared.disconnect(self._pop_legacy_message)
        if self.open_hook is not None:
            from .core.migration.qgis_side import open_hook

            open_hook.remove(self.iface, self.open_hook)
            self.open_hook = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        for part in (self.locator, self.browser):
            if part is not None:
                part.remove()
        if self.places is not None:
            self.places.stop_watching_layers()
        self.locator = self.browser = self.places = None
        if self.store is not None:
            self.store.cancel_and_wait()
        if self.dock is not None:
            self.dock.visibilityChanged.disconnect(self._dock_visibility_changed)
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        self.store = None
        if self.download_panel is not None:
            self.download_panel.shutdown()  # bounded wait for its tasks, downloads aborted
            self.iface.removeDockWidget(self.download_panel)
            self.download_panel.setParent(None)
            self.download_panel.deleteLater()
            self.download_panel = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        self._pop_legacy_message()
        if self.access_watch is not None:
            self.access_watch.refused.disconnect(self._say_refused)
            self.access_watch.stop()
            self.access_watch = None
        for action in self.actions:
            self.iface.removePluginWebMenu(MENU_NAME, action)
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions = []
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.setParent(None)  # gone from the window now, not at the next event loop
            self.toolbar.deleteLater()
            self.toolbar = None
        if key_access is not None:
            key_access.cancel_tests(timeout_s=5.0)
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
        from .core.toolbelt.qgis_side import log_bridge

        log_bridge.remove()
