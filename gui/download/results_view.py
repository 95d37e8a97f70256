"""The download service's resources as listed so far, filtered by the text searched."""
from __future__ import annotations

from typing import List, Optional

from qgis.PyQt.QtCore import QSortFilterProxyModel, Qt, pyqtSignal
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QAbstractItemView, QTreeView

from ...core.download import browsing
from ...core.download.feed import FeedEntry
from ..widgets.plain import tooltip

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class ResultsView(QTreeView):
    """``resourceChanged`` when another resource is chosen, ``nearEnd`` when scrolled to the end
    of what is listed (the next page is asked)."""

    resourceChanged = pyqtSignal()
    nearEnd = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries = QStandardItemModel(0, 2, self)
        self.entries.setHorizontalHeaderLabels([self.tr("Resource"), self.tr("Name")])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.entries)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.setModel(self.proxy)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.selectionModel().currentChanged.connect(lambda *_: self.resourceChanged.emit())
        self.verticalScrollBar().valueChanged.connect(self.check_end)
        self.setColumnWidth(0, 220)

    def check_end(self, value=None):
        bar = self.verticalScrollBar()
        if browsing.near_end(value if value is not None else bar.value(), bar.maximum()):
            self.nearEnd.emit()

    def clear_entries(self):
        self.entries.removeRows(0, self.entries.rowCount())

    def add_entries(self, entries: List[FeedEntry]):
        for entry in entries:
            title = QStandardItem(entry.title)
            title.setData(entry, ENTRY_ROLE)
            title.setToolTip(tooltip("\n".join(filter(None, (entry.title, entry.summary, entry.rights)))))
            name = QStandardItem(entry.name)
            for item in (title, name):
                item.setEditable(False)
            self.entries.appendRow([title, name])

    def search(self, text: str):
        self.proxy.setFilterFixedString(text)

    def counts(self):
        """(shown, listed): the resources the search keeps, those listed."""
        return self.proxy.rowCount(), self.entries.rowCount()

    def selected_resource(self) -> Optional[FeedEntry]:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.index(index.row(), 0).data(ENTRY_ROLE)

    def select_resource(self, name: str) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 1).data() == name:
                self.setCurrentIndex(self.proxy.index(row, 0))
                return True
        return False
