"""Help that works offline: the page of the user's language, shipped in help/."""
from __future__ import annotations

from pathlib import Path

import pytest
from qgis.PyQt.QtCore import QLocale

from bascule_geoplateforme.gui.widgets import help as plugin_help

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def locale():
    before = QLocale()
    yield QLocale.setDefault
    QLocale.setDefault(before)


@pytest.mark.parametrize("name,page,words", [
    ("fr_FR", "index-fr.html", ["Explorateur", "clé", "qgis_process", "QGIS Server"]),
    ("en_GB", "index-en.html", ["Browser", "key", "qgis_process", "QGIS Server"]),
    ("de_DE", "index-en.html", ["Browser"]),  # no German page: English
])
def test_help_opens_the_shipped_page_of_the_language(locale, name, page, words):
    locale(QLocale(name))
    opened = []
    assert plugin_help.show(open_url=opened.append) == opened
    [url] = opened
    assert url.isLocalFile() and url.scheme() == "file"
    path = Path(url.toLocalFile())
    assert path == ROOT / "help" / page and path.is_file()
    text = path.read_text(encoding="utf-8")
    assert all(word in text for word in words)
    assert "http" not in url.toString()  # offline: a file of the plugin, no web page


def test_help_section_is_kept(locale):
    locale(QLocale("fr_FR"))
    opened = []
    plugin_help.show("keys", open_url=opened.append)
    assert opened[0].fragment() == "keys"
    assert 'id="keys"' in Path(opened[0].toLocalFile()).read_text(encoding="utf-8")
