"""The download panel's search line and filters: zone, format, CRS, edition dates, the map view,
the restricted resources with a key. The filters fold away (the list gets the room) and wrap
in a narrow dock; what they mean is checked in core/download/browsing.py."""
from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject
from qgis.gui import QgsAuthConfigSelect, QgsCollapsibleGroupBox, QgsFilterLineEdit
from qgis.PyQt.QtCore import QDate, QLocale, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from ...core.download import browsing, feed, zones
from ...core.download.browsing import FilterError
from ...core.download.feed import Filters
from ...core.toolbelt.qgis_side import settings
from ..widgets.flow_layout import FlowLayout


class SearchBar(QWidget):
    """``changed`` when a filter changes (the resources are listed again), ``searchChanged``
    with the text searched (filtered here: the service has no text search)."""

    changed = pyqtSignal()
    searchChanged = pyqtSignal(str)

    def __init__(self, iface, parent=None):  # noqa: QGS105 - the plugin's iface
        super().__init__(parent)
        self.iface = iface
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QgsFilterLineEdit()
        self.search.setShowSearchIcon(True)
        self.search.setPlaceholderText(self.tr("Search the resources…"))
        self.search.textChanged.connect(self.searchChanged)
        layout.addWidget(self.search)
        layout.addWidget(self._filters_box())

    def _filters_box(self) -> QWidget:
        box = QgsCollapsibleGroupBox(self.tr("Filters"))
        box.setCollapsed(True)  # folded by default: the list gets the room
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: narrow
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItem("", "")
        for zone in zones.all_zones():
            self.zone.addItem(zone.label, zone.code)
        self.zone.lineEdit().setPlaceholderText(self.tr("Any zone: département, région…"))
        completer = QCompleter(self.zone.model(), self.zone)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone.setCompleter(completer)
        self.format = QComboBox()
        self.format.setEditable(True)
        self.format.addItems(("",) + browsing.FORMATS)
        self.format.lineEdit().setPlaceholderText(self.tr("Any format"))
        self.crs = QComboBox()
        self.crs.setEditable(True)
        self.crs.addItem("", "")
        for code in browsing.CRS_CODES:
            self.crs.addItem(f"{code} – {QgsCoordinateReferenceSystem(code).description()}", code)
        self.crs.lineEdit().setPlaceholderText(self.tr("Any CRS"))
        self.date_from_check, self.date_from = self._date_pair(self.tr("from"), QDate(2000, 1, 1))
        self.date_to_check, self.date_to = self._date_pair(self.tr("to"), QDate.currentDate())
        dates = QWidget()
        dates_row = FlowLayout(dates)
        for widget in (self.date_from_check, self.date_from, self.date_to_check, self.date_to):
            dates_row.addWidget(widget)
        for combo in (self.zone, self.format, self.crs):  # long CRS names never widen the dock
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.extent = QCheckBox(self.tr("Covering the map view"))  # short: a narrow dock
        self.extent.setToolTip(self.tr("Only what covers the map view"))
        self.restricted = QCheckBox(self.tr("Restricted, with my key"))  # short: a narrow dock
        self.restricted.setToolTip(self.tr("Restricted resources, with my key"))
        self.key = QgsAuthConfigSelect(box, "wms")
        self.key.setConfigId(settings.authcfg())
        self.key.setVisible(False)
        self.restricted.toggled.connect(self.key.setVisible)
        form.addRow(self.tr("Zone"), self.zone)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("CRS"), self.crs)
        form.addRow(self.tr("Edition date"), dates)
        form.addRow(self.extent)
        form.addRow(self.restricted)
        form.addRow(self.key)
        for combo in (self.zone, self.format, self.crs):
            combo.currentTextChanged.connect(self.changed)
        for check in (self.date_from_check, self.date_to_check, self.extent, self.restricted):
            check.toggled.connect(self.changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.changed)
        self.key.selectedConfigIdChanged.connect(self.changed)
        if self.iface is not None:
            self.iface.mapCanvas().extentsChanged.connect(self._on_extent_changed)
        return box

    def _date_pair(self, text: str, default: QDate):
        check = QCheckBox(text)
        edit = QDateEdit(default)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(QLocale().dateFormat(QLocale.FormatType.ShortFormat))  # local
        edit.setEnabled(False)
        check.toggled.connect(edit.setEnabled)
        return check, edit

    def _on_extent_changed(self):
        if self.extent.isChecked():
            self.changed.emit()

    def text(self) -> str:
        return self.search.text().strip()

    def filters(self) -> Filters:
        """The filters as chosen; raises ValueError (a message for the user) on bad input."""
        crs_index = self.crs.findText(self.crs.currentText().strip())

        def iso(check, edit) -> str:
            return edit.date().toString(Qt.DateFormat.ISODate) if check.isChecked() else ""
        try:
            return browsing.chosen_filters(
                self.zone.currentText(), self.crs.currentText(),
                self.crs.itemData(crs_index) if crs_index > 0 else "", self.format.currentText(),
                iso(self.date_from_check, self.date_from), iso(self.date_to_check, self.date_to),
                self._view_polygon if self.extent.isChecked() else None)
        except FilterError as err:
            messages = {"zone": self.tr("Unknown zone: {0}"),
                        "crs": self.tr("Not an EPSG code: {0}"),
                        "dates": self.tr("The edition date range is empty.")}
            raise ValueError(messages[err.kind].format(err.text)) from None

    def _view_polygon(self) -> str:
        canvas = self.iface.mapCanvas()
        wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
        transform = QgsCoordinateTransform(canvas.mapSettings().destinationCrs(), wgs84,
                                           QgsProject.instance())
        box = transform.transformBoundingBox(canvas.extent())
        return feed.bbox_polygon(box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum())

    def restricted_on(self) -> bool:
        return self.restricted.isChecked()

    def authcfg(self) -> str:
        """The key, when the restricted resources are asked ('' otherwise)."""
        return (self.key.configId() or "") if self.restricted_on() else ""
