"""The downloads: the buttons that start, open, add and cancel, the download folder, and the
queue with each item's progress, speed and state."""
from __future__ import annotations

from typing import Optional

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.download.names import display_name
from ...core.toolbelt.qgis_side import settings
from ...core.toolbelt.units import format_speed
from ..widgets.flow_layout import FlowLayout
from ..widgets.plain import tooltip
from .display import size_text

JOB_ROLE = Qt.ItemDataRole.UserRole + 3


class QueueView(QWidget):
    """The panel connects the buttons; this shows the jobs it is given."""

    def __init__(self, parent=None):
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        # The buttons wrap onto a second line in a narrow dock instead of widening it.
        button_row = QWidget()
        buttons = FlowLayout(button_row)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setToolTip(self.tr("Download the chosen file (a split archive as one "
                                                "item) into the download folder"))
        self.stream_button = QPushButton(self.tr("Open without downloading"))
        self.stream_button.setToolTip(self.tr(
            "Open the edition's streamable FlatGeobuf copy over HTTP. GDAL reads it with its own "
            "HTTP client: QGIS's proxy settings and authentication configurations do not apply."))
        self.add_button = QPushButton(self.tr("Add the layers"))
        self.cancel_download_button = QPushButton(self.tr("Cancel the download"))
        for button in (self.download_button, self.stream_button, self.add_button,
                       self.cancel_download_button):
            buttons.addWidget(button)
        column.addWidget(button_row)
        self.folder = QgsFileWidget()
        self.folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.folder.setDialogTitle(self.tr("Download folder"))
        self.folder.setFilePath(settings.download_folder())
        self.folder.fileChanged.connect(self._on_folder_changed)
        column.addWidget(QLabel(self.tr("Download folder")))
        column.addWidget(self.folder)
        self.downloads = QTreeWidget()
        self.downloads.setRootIsDecorated(False)
        self.downloads.setHeaderLabels([self.tr("File"), self.tr("Progress"), self.tr("State")])
        self.downloads.setColumnWidth(0, 260)
        column.addWidget(self.downloads, 1)

    def _on_folder_changed(self, path: str):
        if path:
            settings.set_download_folder(path)

    def folder_path(self) -> str:
        return self.folder.filePath() or settings.download_folder()

    def add_job(self, job):
        """A row for ``job``, chosen; its progress bar fills as it downloads."""
        item = QTreeWidgetItem([display_name(job.title), "", ""])  # the feed's name, shown as given
        item.setData(0, JOB_ROLE, job)
        item.setToolTip(0, tooltip(job.path or display_name(job.title)))
        self.downloads.addTopLevelItem(item)
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setTextVisible(True)
        self.downloads.setItemWidget(item, 1, bar)
        self.downloads.setCurrentItem(item)

    def _job_item(self, job) -> Optional[QTreeWidgetItem]:
        for index in range(self.downloads.topLevelItemCount()):
            item = self.downloads.topLevelItem(index)
            if item.data(0, JOB_ROLE) is job:
                return item
        return None

    def show_job(self, job) -> bool:
        """The job's progress and state on its row; False when it has none."""
        item = self._job_item(job)
        if item is None:
            return False
        bar = self.downloads.itemWidget(item, 1)
        total = job.total
        if bar is not None:
            if total:
                bar.setValue(int(1000 * min(job.received, total) / total))
                bar.setFormat(f"{size_text(job.received)} / {size_text(total)}")
            elif job.state == job.DONE:
                bar.setValue(1000)
        texts = {job.QUEUED: self.tr("Waiting"), job.CANCELLED: self.tr("Cancelled"),
                 job.FAILED: self.tr("Failed: {0}").format(job.message),
                 job.DONE: self.tr("Done, MD5 checked") if all(f.md5 for f in job.files)
                 else self.tr("Done (no MD5 to check)")}
        if job.state == job.RUNNING:
            text = format_speed(job.speed, settings.language()) if job.speed else self.tr("Starting…")
            if job.resumes:
                text += " " + self.tr("(resumed {0}×)").format(job.resumes)
        else:
            text = texts.get(job.state, job.state)
        item.setText(2, text)
        item.setToolTip(2, tooltip(job.message or text))
        if job.path:  # the safe local name, chosen when the job starts
            item.setToolTip(0, tooltip(job.path))
        return True

    def selected_job(self):
        item = self.downloads.currentItem()
        return item.data(0, JOB_ROLE) if item is not None else None

    def update_buttons(self, can_download: bool, can_stream: bool):
        job = self.selected_job()
        self.download_button.setEnabled(can_download)
        self.stream_button.setEnabled(can_stream)
        self.cancel_download_button.setEnabled(job is not None and job.state in (job.QUEUED, job.RUNNING))
        self.add_button.setEnabled(job is not None and job.state == job.DONE)
