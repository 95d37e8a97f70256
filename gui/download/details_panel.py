"""The chosen resource: its description and licence, its editions and, on expanding one, its
files with their sizes (a split archive's volumes grouped as one item)."""
from __future__ import annotations

from typing import List, Optional

from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...core.download import browsing
from ...core.download.feed import FeedEntry, FileGroup
from ..widgets.plain import tooltip
from .display import date_text, size_text
from .results_view import ENTRY_ROLE

GROUP_ROLE = Qt.ItemDataRole.UserRole + 2


class DetailsPanel(QWidget):
    """``editionExpanded`` with the item of an edition opened (its files are listed then),
    ``nearEnd`` when the editions are scrolled to their end, ``choiceChanged`` when another
    edition or file is chosen."""

    editionExpanded = pyqtSignal(object)
    nearEnd = pyqtSignal()
    choiceChanged = pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.editions = QTreeWidget()
        self.editions.setHeaderLabels([self.tr("Edition or file"), self.tr("Zone"), self.tr("Format"),
                                       self.tr("CRS"), self.tr("Edition date"), self.tr("Size")])
        self.editions.itemExpanded.connect(self.editionExpanded.emit)
        self.editions.setColumnWidth(0, 320)  # sub-resource names are long
        self.editions.verticalScrollBar().valueChanged.connect(self.check_end)
        self.editions.currentItemChanged.connect(lambda *_: self.choiceChanged.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.description)
        layout.addWidget(self.editions, 1)

    def check_end(self, value=None):
        bar = self.editions.verticalScrollBar()
        if browsing.near_end(value if value is not None else bar.value(), bar.maximum()):
            self.nearEnd.emit()

    def clear(self):
        self.editions.clear()
        self.description.clear()

    def show_details(self, entry: FeedEntry, rights: str):
        lines = [entry.title]
        if entry.summary:
            lines.append(entry.summary)
        lines.append(self.tr("Licence: {0}").format(rights) if rights else
                     self.tr("Licence: not stated by the download service"))
        if entry.formats:
            lines.append(self.tr("Formats: {0}").format(browsing.terms_text(entry.formats)))
        if entry.crs:
            lines.append(self.tr("CRS: {0}").format(", ".join(entry.epsg_codes or
                                                              [t.term for t in entry.crs])))
        self.description.setText("\n".join(lines))

    def add_editions(self, entries: List[FeedEntry]):
        for entry in entries:
            item = QTreeWidgetItem([entry.title, browsing.terms_text(entry.zones),
                                    browsing.terms_text(entry.formats), ", ".join(entry.epsg_codes),
                                    date_text(entry.edition_date), size_text(entry.size)])
            item.setData(0, ENTRY_ROLE, entry)
            item.setToolTip(0, tooltip(entry.title))
            if entry.is_sub_feed:
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            self.editions.addTopLevelItem(item)

    def add_files(self, item: QTreeWidgetItem, groups: List[FileGroup]):
        """An edition's files under its item: a split archive as one item over its volumes."""
        for group in groups:
            child = QTreeWidgetItem([group.name, "", "", "", "", size_text(group.size)])
            if group.is_split:
                child.setText(0, self.tr("{0} ({1} volumes)").format(group.name, len(group.parts)))
                for part in group.parts:
                    child.addChild(self._file_item(part))
            else:
                child.setData(0, ENTRY_ROLE, group.parts[0])
                child.setToolTip(0, tooltip(self._md5_tip(group.parts[0])))
            child.setData(0, GROUP_ROLE, group)
            if group.md5_file is not None:
                child.addChild(self._file_item(group.md5_file))
            item.addChild(child)
        size = browsing.groups_size(groups)
        item.setText(5, size_text(size) if size else "")

    def _file_item(self, entry: FeedEntry) -> QTreeWidgetItem:
        item = QTreeWidgetItem([entry.name, "", "", "", "", size_text(entry.size)])
        item.setData(0, ENTRY_ROLE, entry)
        item.setToolTip(0, tooltip(self._md5_tip(entry)))
        return item

    def _md5_tip(self, entry: FeedEntry) -> str:
        return self.tr("MD5: {0}").format(entry.md5) if entry.md5 else entry.href

    def selected_group(self) -> Optional[FileGroup]:
        """The FileGroup of the file (or split archive) chosen."""
        item = self.editions.currentItem()
        while item is not None:
            group = item.data(0, GROUP_ROLE)
            if group is not None:
                return group
            item = item.parent()
        return None

    def selected_edition(self) -> Optional[FeedEntry]:
        item = self.editions.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, ENTRY_ROLE) if item is not None else None
