"""The catalogue dock's search field and access filter (all, open data, restricted), folded
under the search. Typing is debounced: the query goes out once the keys pause; text set by
code goes out at once."""
from __future__ import annotations

from qgis.gui import QgsCollapsibleGroupBox, QgsFilterLineEdit
from qgis.PyQt.QtCore import QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QVBoxLayout, QWidget

from .catalog_model import CatalogFilterProxy

TYPING_PAUSE_MS = 150  # keys closer than this are one query


class CatalogSearch(QWidget):
    """``queryChanged`` with the text to search, ``accessChanged`` with the access chosen
    (None: all, False: open data, True: restricted)."""

    queryChanged = pyqtSignal(str)
    accessChanged = pyqtSignal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QgsFilterLineEdit(self)
        self.search.setShowSearchIcon(True)
        self.search.setPlaceholderText(self.tr("Search layers (title, name, keyword)…"))
        # Either way the search looks at a bounded part of the query (catalog_index.py).
        self._typed = ""
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(lambda: self.queryChanged.emit(self.search.text()))
        self.search.textEdited.connect(self._on_edited)
        self.search.textChanged.connect(self._on_text_changed)
        self.access = QComboBox(self)
        for text, value in ((self.tr("All layers"), CatalogFilterProxy.ALL),
                            (self.tr("Open data"), CatalogFilterProxy.OPEN),
                            (self.tr("Restricted (key needed)"), CatalogFilterProxy.RESTRICTED)):
            self.access.addItem(text, value)
        self.access.currentIndexChanged.connect(
            lambda _: self.accessChanged.emit(self.access.currentData()))
        # The access filter, folded by default under the search: at full width its text is
        # never cut ("Toutes les couc…"), and the folded title says which one is on.
        self.access.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.access.setMinimumContentsLength(8)
        layout.addWidget(self.search)
        self.filters = QgsCollapsibleGroupBox(self.tr("Filters"), self)
        self.filters.setObjectName("BasculeGeoplateformeCatalogFilters")
        self.filters.setCollapsed(True)
        filters_layout = QVBoxLayout(self.filters)
        filters_layout.addWidget(self.access)
        self.access.currentIndexChanged.connect(self._title_filters)
        layout.addWidget(self.filters)

    def _title_filters(self, *_):
        """The folded filters say which access filter is on."""
        if self.access.currentIndex() > 0:
            self.filters.setTitle(self.tr("Filters: {0}").format(self.access.currentText()))
        else:
            self.filters.setTitle(self.tr("Filters"))

    def _on_edited(self, text: str):
        self._typed = text
        self._typing.start()

    def _on_text_changed(self, text: str):
        if self._typing.isActive() and text == self._typed:
            return  # a keystroke: the timer sends the query once the typing pauses
        self._typing.stop()
        self.queryChanged.emit(text)

    def show_query(self, text: str) -> bool:
        """Put ``text`` in the field; True when it was not there (its query comes back through
        ``queryChanged``)."""
        if self.search.text() == text:
            return False
        self.search.setText(text)
        return True

    def show_access(self, restricted) -> bool:
        """Choose the access ``restricted``; True when that changed it (``accessChanged`` follows)."""
        position = self.access.findData(restricted)
        if position >= 0 and position != self.access.currentIndex():
            self.access.setCurrentIndex(position)
            return True
        return False

    def access_filtered(self) -> bool:
        return self.access.currentData() is not None
