"""The catalogue entry selected: its description (name, service, keys, CRS, styles, extent,
metadata links), its legend fetched without blocking, the options to add it with and the
Add button."""
from __future__ import annotations

import html
from typing import Callable, List, Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ...core.capabilities.model import Entry
from ...core.layers import layer_options
from ...core.toolbelt.qgis_side import network
from ..keys import key_choice
from .layer_options_panel import LayerOptionsPanel

LEGEND_MAX_WIDTH = 260


class EntryDetails(QWidget):
    """``show_entry`` fills it; the dock asks ``options_panel`` for the options chosen.
    ``keys_unlocking(entry)`` names the user's keys that open a restricted entry."""

    def __init__(self, model, key_access, keys_unlocking: Callable[[Entry], List[str]], parent=None):
        super().__init__(parent)
        self.model = model  # the CatalogModel: the labels of services and themes
        self.key_access = key_access
        self.keys_unlocking = keys_unlocking
        self._legend_fetcher = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.details = QTextBrowser(self)
        self.details.setOpenExternalLinks(True)
        self.legend = QLabel(self)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.legend.hide()
        self.options_panel = LayerOptionsPanel(self)
        # Legends differ per style (e.g. PCI vecteur): follow the chosen one.
        self.options_panel.style.currentIndexChanged.connect(
            lambda _: self.fetch_legend(self.options_panel.entry))
        self.add_button = QPushButton(QgsApplication.getThemeIcon("/mActionAddLayer.svg"),
                                      self.tr("Add to map"), self)
        self.add_button.setEnabled(False)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.legend)
        # The options above the button (not beside it): the dock keeps its width on selection.
        layout.addWidget(self.options_panel)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)

    def show_entry(self, entry: Optional[Entry], catalog, project_crs: str):
        self.add_button.setEnabled(entry is not None)
        self.options_panel.set_entry(entry, catalog, project_crs)
        self.details.setHtml(self.details_html(entry, catalog) if entry else self.tr(
            "<p>Select a layer to see its description.</p>"))
        self.fetch_legend(entry)

    def details_html(self, entry: Entry, catalog) -> str:
        esc = html.escape
        offered = layer_options.choices(entry, catalog)
        rows = [(self.tr("Name"), esc(entry.name)),
                (self.tr("Service"), esc(self.model.service_label(entry.service))
                 + (" · " + self.tr("restricted (key needed)") if entry.restricted else ""))]
        if entry.restricted:
            names = self.keys_unlocking(entry)
            rows.append((self.tr("Your keys"), esc(", ".join(names)) if names else self.tr(
                "none known to unlock it (test your keys in <i>My Géoplateforme keys</i>)")))
        if entry.theme:
            rows.append((self.tr("Theme"), esc(self.model.theme_label(entry.theme))))
        if entry.keywords:
            rows.append((self.tr("Keywords"), esc(", ".join(entry.keywords))))
        if offered.crs:
            rows.append((self.tr("CRS"), esc(", ".join(offered.crs))))
        if entry.formats:
            rows.append((self.tr("Formats"), esc(", ".join(entry.formats))))
        styles = [name for name, _ in offered.style_urls] or [s.name for s in entry.styles]
        if styles:
            rows.append((self.tr("Styles"), esc(", ".join(styles))))
        if offered.tile_matrix_sets:
            rows.append((self.tr("Tile matrix sets"),
                         esc(", ".join(tms for tms, _ in offered.tile_matrix_sets))))
        if offered.min_zoom is not None and offered.max_zoom is not None:
            rows.append((self.tr("Zoom levels"), f"{offered.min_zoom}–{offered.max_zoom}"))
        if entry.bbox_wgs84:
            rows.append((self.tr("Extent (WGS 84)"),
                         esc(", ".join(f"{value:.4f}" for value in entry.bbox_wgs84))))
        for url in entry.metadata_urls:  # a link only to a web page, never a file or a script
            if not url.lower().startswith(("https://", "http://")):
                rows.append((self.tr("Metadata"), esc(url)))
                continue
            rows.append((self.tr("Metadata"), f"<a href='{esc(url, quote=True)}'>{esc(url)}</a>"))
        table = "".join(f"<tr><td><b>{label}</b>&nbsp;</td><td>{value}</td></tr>"
                        for label, value in rows)
        abstract = "" if entry.abstract == entry.title else esc(entry.abstract).replace("\n", "<br>")
        return (f"<h3>{esc(entry.title or entry.name)}</h3>"
                f"{f'<p>{abstract}</p>' if abstract else ''}<table>{table}</table>")

    def fetch_legend(self, entry: Optional[Entry]):
        """The legend image, fetched without blocking (the selection may move on meanwhile)."""
        if self._legend_fetcher is not None:
            previous, self._legend_fetcher = self._legend_fetcher, None
            previous.finished.disconnect()
            previous.cancel()
            previous.deleteLater()
        self.legend.clear()
        self.legend.hide()
        url = ""
        if entry is not None:
            style = self.options_panel.options().style
            legends = [s.legend_url for s in entry.styles if s.legend_url and s.name == style]
            legends += [s.legend_url for s in entry.styles if s.legend_url]
            url = layer_options.rebase(legends[0]) if legends else ""
        if not url:
            return
        # core/toolbelt/qgis_side/network.py: the key only on the Géoplateforme, even after a redirect.
        fetcher = network.Fetcher(network.FOLLOW, self)
        fetcher.finished.connect(lambda: self._on_legend(fetcher))
        self._legend_fetcher = fetcher
        key = key_choice.known_key(entry.service, entry.name, self.key_access) if entry.restricted else ""
        fetcher.fetch(url, key)

    def _on_legend(self, fetcher):
        if fetcher is not self._legend_fetcher:
            return
        pixmap = QPixmap()
        if fetcher.content:
            pixmap.loadFromData(fetcher.content)
        if not pixmap.isNull():
            if pixmap.width() > LEGEND_MAX_WIDTH:
                pixmap = pixmap.scaledToWidth(LEGEND_MAX_WIDTH,
                                              Qt.TransformationMode.SmoothTransformation)
            self.legend.setPixmap(pixmap)
            self.legend.show()
