"""The plugin's page in QGIS's Options dialog: the factory, registered at start-up.

Import-light on purpose (start-up budget): the page and what it shows are imported when the
user opens the Options dialog (gui/options/options_page.py).
"""
from __future__ import annotations

from qgis.core import QgsApplication
from qgis.gui import QgsOptionsWidgetFactory
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

OBJECT_NAME = "BasculeGeoplateformeOptions"


class OptionsFactory(QgsOptionsWidgetFactory):
    def __init__(self, plugin=None):
        # The icon is loaded when the Options dialog asks for it (icon()), not at start-up.
        super().__init__(QCoreApplication.translate("OptionsFactory", "Géoplateforme"), QIcon())
        self.plugin = plugin  # told when a setting that it holds in memory changes

    def icon(self):
        return QgsApplication.getThemeIcon("/mActionAddWmsLayer.svg")

    def createWidget(self, parent):  # noqa: N802 (QGIS naming)
        from .options_page import OptionsPage

        return OptionsPage(parent, self.plugin)


def install(iface, plugin=None) -> OptionsFactory:  # noqa: QGS105 - the plugin passes its iface
    factory = OptionsFactory(plugin)
    factory.setObjectName(OBJECT_NAME)
    iface.registerOptionsWidgetFactory(factory)
    return factory
