"""The Géoplateforme page of QGIS's Options: base URL, migrate on open, default key, catalogue
cache (size, age, clear, how often it is refreshed) and the language of reports.

A thin widget over core/toolbelt/qgis_side/settings.py: QGIS calls ``apply()`` when the user presses OK, and
only then are the settings written.
"""
from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, timezone

from qgis.gui import QgsFileWidget, QgsOptionsPageWidget
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ...core.keys.qgis_side import key_store
from ...core.toolbelt.qgis_side import settings
from ...core.toolbelt.units import format_size


def cache_state(folder: str):
    """(bytes on disk, refreshed_at as an aware datetime or None) of the catalogue cache."""
    size = 0
    for dirpath, _, files in os.walk(folder):
        for name in files:
            try:
                size += os.path.getsize(os.path.join(dirpath, name))
            except OSError:
                pass
    refreshed = None
    from ...core.catalog.qgis_side.catalog_store import META_FILE

    try:
        with open(os.path.join(folder, META_FILE), encoding="utf-8") as handle:
            refreshed = datetime.fromisoformat(json.load(handle)["refreshed_at"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return size, refreshed


def _is_address(text: str) -> bool:
    """Empty (the Géoplateforme itself) or an http(s) address with a host."""
    text = text.strip()
    if not text:
        return True
    scheme, _, rest = text.partition("://")
    return scheme in ("https", "http") and bool(rest.split("/", 1)[0])


class OptionsPage(QgsOptionsPageWidget):
    def __init__(self, parent=None, plugin=None):
        super().__init__(parent)
        self.setObjectName("BasculeGeoplateformeOptionsPage")
        self.plugin = plugin
        layout = QVBoxLayout(self)

        service = QGroupBox(self.tr("Géoplateforme"), self)
        form = QFormLayout(service)
        self.base_url = QLineEdit(settings.base_url_setting(), service)
        self.base_url.setPlaceholderText(settings.base_url())  # the address in force
        self.base_url.setToolTip(self.tr("Leave empty for the Géoplateforme itself; a mirror's "
                                         "address otherwise"))
        form.addRow(self.tr("Base URL"), self.base_url)
        self.base_url_problem = QLabel(self.tr("Not an address (https://…): the current one is "
                                               "kept."), service)
        self.base_url_problem.setStyleSheet("color: #b00020")
        self.base_url_problem.setVisible(False)
        self.base_url.textChanged.connect(
            lambda text: self.base_url_problem.setVisible(not _is_address(text)))
        form.addRow("", self.base_url_problem)
        self.key = QComboBox(service)
        self.key.addItem(self.tr("(no key)"), "")
        for key in key_store.keys():
            if key.usable:
                self.key.addItem(key.name, key.id)
        self.key.setCurrentIndex(max(self.key.findData(settings.authcfg()), 0))
        form.addRow(self.tr("Default key"), self.key)
        layout.addWidget(service)

        migration = QGroupBox(self.tr("Migration"), self)
        form = QFormLayout(migration)
        self.migrate_on_open = QCheckBox(
            self.tr("Read the old Géoportail layers of the projects I open at their "
                    "Géoplateforme address"), migration)
        self.migrate_on_open.setChecked(settings.migrate_on_open())
        form.addRow(self.migrate_on_open)
        self.language = QComboBox(migration)
        self.language.addItem(self.tr("Language of QGIS"), "")
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(
            settings.REPORT_LANGUAGE.get()), 0))
        form.addRow(self.tr("Language of reports"), self.language)
        layout.addWidget(migration)

        downloads = QGroupBox(self.tr("Downloads"), self)
        form = QFormLayout(downloads)
        self.download_folder = QgsFileWidget(downloads)
        self.download_folder.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.download_folder.setFilePath(settings.download_folder())
        form.addRow(self.tr("Download folder"), self.download_folder)
        layout.addWidget(downloads)

        cache = QGroupBox(self.tr("Catalogue cache"), self)
        column = QVBoxLayout(cache)
        row = QHBoxLayout()
        self.cache_label = QLabel(cache)
        self.cache_label.setWordWrap(True)
        row.addWidget(self.cache_label, 1)
        self.clear_button = QPushButton(self.tr("Clear"), cache)
        self.clear_button.clicked.connect(self.clear_cache)
        row.addWidget(self.clear_button)
        column.addLayout(row)
        form = QFormLayout()
        self.refresh_hours = QSpinBox(cache)
        self.refresh_hours.setRange(0, 24 * 30)
        self.refresh_hours.setSuffix(self.tr(" h"))
        self.refresh_hours.setSpecialValueText(self.tr("every session"))
        self.refresh_hours.setValue(int(round(settings.refresh_interval_hours())))
        self.refresh_hours.setToolTip(self.tr("The catalogue's refresh button always refreshes"))
        form.addRow(self.tr("Refresh automatically at most every"), self.refresh_hours)
        column.addLayout(form)
        layout.addWidget(cache)
        layout.addStretch()
        self.show_cache()

    def show_cache(self):
        size, refreshed = cache_state(settings.catalog_cache_dir())
        if not size:
            text = self.tr("Empty: the catalogue comes from the copy bundled with the plugin "
                           "until it is next refreshed.")
        else:
            kilobytes = format_size(size, settings.language())
            if refreshed is None:
                text = self.tr("{0}.").format(kilobytes)
            else:
                if refreshed.tzinfo is None:
                    refreshed = refreshed.replace(tzinfo=timezone.utc)
                hours = max(0.0, (datetime.now(timezone.utc) - refreshed).total_seconds() / 3600)
                text = self.tr("{0}, refreshed {1} hour(s) ago.").format(kilobytes, f"{hours:.0f}")
        self.cache_label.setText(text)
        self.clear_button.setEnabled(bool(size))

    def clear_cache(self):
        shutil.rmtree(settings.catalog_cache_dir(), ignore_errors=True)
        self.show_cache()

    def apply(self):
        base_url = self.base_url.text().strip().rstrip("/")
        if _is_address(base_url):  # else the address in force stays, as the page said
            settings.BASE_URL.set(base_url)
        settings.MIGRATE_ON_OPEN.set(self.migrate_on_open.isChecked())
        settings.AUTHCFG.set(self.key.currentData() or "")
        settings.REPORT_LANGUAGE.set(self.language.currentData() or "")
        settings.REFRESH_INTERVAL_HOURS.set(self.refresh_hours.value())
        folder = self.download_folder.filePath().strip()
        if folder and folder != settings.download_folder():  # the default stays the default
            settings.set_download_folder(folder)
