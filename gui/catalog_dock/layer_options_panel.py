"""The choices offered for the catalogue entry selected (tile matrix set, CRS, format, style, a
WFS filter), preset by ``layer_options.default_options``; only the rows that apply are shown."""
from __future__ import annotations

from typing import Optional

from qgis.core import QgsApplication, QgsCoordinateReferenceSystem
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ...core.capabilities.model import TMS, WFS, WMTS, Entry
from ...core.layers import layer_options
from ...core.layers.layer_options import LayerOptions


class LayerOptionsPanel(QGroupBox):
    """The choices for the selected entry, preset by ``default_options``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle(self.tr("Options"))
        self.entry: Optional[Entry] = None
        self._defaults = LayerOptions()
        self._choices = layer_options.Choices()
        self.subset = ""
        self.tile_matrix_set = QComboBox()
        self.crs = QComboBox()
        self.format = QComboBox()
        self.style = QComboBox()
        self.vector_style = QComboBox()
        # Short enough for a 300 px dock (a check box does not wrap); the tooltip says it all.
        self.extent_only = QCheckBox(self.tr("In the current view only"))
        self.extent_only.setToolTip(self.tr("Only features in the current view"))
        self.filter_button = QPushButton(QgsApplication.getThemeIcon("/mActionFilter2.svg"),
                                         self.tr("Filter…"))
        self.filter_label = QLabel()
        self.filter_label.setWordWrap(True)
        self.filter_label.setTextFormat(Qt.TextFormat.PlainText)
        filter_row = QWidget()
        row = QHBoxLayout(filter_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.filter_button)
        row.addWidget(self.filter_label, 1)
        for combo in (self.tile_matrix_set, self.crs, self.format, self.style, self.vector_style):
            # A long CRS or style name is elided in the combo, never widens the dock.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows = {}
        for key, label, widget in (
                ("tile_matrix_set", self.tr("Tile matrix set"), self.tile_matrix_set),
                ("crs", self.tr("CRS"), self.crs), ("format", self.tr("Format"), self.format),
                ("style", self.tr("Style"), self.style),
                ("vector_style", self.tr("Style"), self.vector_style),
                ("extent_only", "", self.extent_only), ("filter", "", filter_row)):
            caption = QLabel(label)
            form.addRow(caption, widget)
            self._rows[key] = (caption, widget)
        self.set_entry(None)

    def _show_row(self, key: str, visible: bool):
        for widget in self._rows[key]:
            widget.setVisible(visible)

    @staticmethod
    def _fill(combo: QComboBox, items, current):
        combo.blockSignals(True)
        combo.clear()
        for text, value in items:
            combo.addItem(text, value)
        position = combo.findData(current)
        combo.setCurrentIndex(position if position >= 0 else 0)
        combo.blockSignals(False)

    @staticmethod
    def _crs_text(code: str) -> str:
        description = QgsCoordinateReferenceSystem(code).description()
        return f"{code} – {description}" if description else code

    def set_entry(self, entry: Optional[Entry], catalog=None, project_crs: str = ""):
        self.entry = entry
        self.subset = ""
        self._update_filter_label()
        if entry is None:  # no empty "Options" frame before a selection
            self.setEnabled(False)
            for key in self._rows:
                self._show_row(key, False)
            self.setVisible(False)
            return
        self.setEnabled(True)
        self.setVisible(True)
        self._choices = offered = layer_options.choices(entry, catalog)
        self._defaults = defaults = layer_options.default_options(entry, catalog, project_crs)
        self._fill(self.tile_matrix_set,
                   [(f"{tms} ({crs})" if crs else tms, tms)
                    for tms, crs in offered.tile_matrix_sets],
                   defaults.tile_matrix_set)
        self._fill(self.crs, [(self._crs_text(c), c) for c in offered.crs], defaults.crs)
        self._fill(self.format, [(f, f) for f in offered.formats], defaults.format)
        self._fill(self.style, [(title if title == name else f"{title} ({name})", name)
                                for name, title in offered.styles], defaults.style)
        self._fill(self.vector_style, [(name, name) for name, _ in offered.style_urls],
                   defaults.style)
        self.extent_only.setChecked(defaults.extent_only)
        vector_tiles = layer_options.is_vector_tiles(entry)
        self._show_row("tile_matrix_set", entry.service == WMTS and bool(offered.tile_matrix_sets))
        self._show_row("crs", entry.service not in (WMTS, TMS) and bool(offered.crs))
        self._show_row("format", not vector_tiles and entry.service != WFS
                       and self.format.count() > 1)
        self._show_row("style", entry.service not in (WFS, TMS) and self.style.count() > 1)
        self._show_row("vector_style", vector_tiles and self.vector_style.count() > 0)
        self._show_row("extent_only", offered.can_filter)
        self._show_row("filter", offered.can_filter)

    def restore(self, chosen: LayerOptions):
        """Show ``chosen`` again (after a refresh rebuilt the panel for the same entry)."""
        for combo, value in ((self.tile_matrix_set, chosen.tile_matrix_set), (self.crs, chosen.crs),
                             (self.format, chosen.format), (self.style, chosen.style),
                             (self.vector_style, chosen.style)):
            position = combo.findData(value)
            if position >= 0:
                combo.setCurrentIndex(position)
        self.extent_only.setChecked(chosen.extent_only)
        self.set_subset(chosen.subset)

    def set_subset(self, subset: str):
        self.subset = subset or ""
        self._update_filter_label()

    def _update_filter_label(self):
        self.filter_label.setText(self.subset or self.tr("No filter"))

    def options(self) -> LayerOptions:
        """The options as the widgets show them now."""
        entry = self.entry
        if entry is None:
            return LayerOptions()
        chosen = LayerOptions(**vars(self._defaults))
        if entry.service == WMTS and self.tile_matrix_set.count():
            chosen.tile_matrix_set = self.tile_matrix_set.currentData()
            set_crs = dict(self._choices.tile_matrix_sets).get(chosen.tile_matrix_set)
            chosen.crs = set_crs or chosen.crs  # a tile matrix set fixes the CRS
        elif self.crs.count():
            chosen.crs = self.crs.currentData()
        if self.format.count():
            chosen.format = self.format.currentData()
        if entry.service != TMS and self.style.count():
            chosen.style = self.style.currentData()
        if layer_options.is_vector_tiles(entry) and self.vector_style.count():
            chosen.style = self.vector_style.currentData()
            chosen.style_url = layer_options.vector_style_url(entry, chosen.style)
        if entry.service == WFS:
            chosen.extent_only = self.extent_only.isChecked()
            chosen.subset = self.subset
        return chosen
