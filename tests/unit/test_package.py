"""`make package` builds a zip that the QGIS plugin repository accepts (the ``package`` fixture
is in conftest.py; test_package_scan.py runs the repository's own scans over it)."""
from __future__ import annotations

import configparser
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# plugins.qgis.org validator: PLUGIN_REQUIRED_METADATA (docs/reference/qgis.md §8), plus the
# fields docs/design.md asks for.
REQUIRED = ("name", "description", "version", "qgisMinimumVersion", "author", "email",
            "about", "tracker", "repository")
EXPECTED = REQUIRED + ("qgisMaximumVersion", "homepage", "tags", "icon", "changelog")


def test_zip_has_one_valid_top_folder(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"bascule_geoplateforme"}
    assert "bascule_geoplateforme".isidentifier()
    for required in ("__init__.py", "metadata.txt", "LICENSE", "plugin.py", "icon.svg",
                     "i18n/bascule_geoplateforme_fr.qm", "help/index-en.html", "help/index-fr.html"):
        assert f"bascule_geoplateforme/{required}" in names, required


def test_zip_holds_only_what_runs_in_qgis(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    forbidden = re.compile(r"(__pycache__|\.pyc$|/tests?/|/benchmarks/|/scripts/|/\.|\.ts$|\.\.|\\)")
    assert [n for n in names if forbidden.search(n)] == []
    assert sum(info.file_size for info in zipfile.ZipFile(package).infolist()) < 25 * 1024 * 1024


def test_metadata_has_every_required_field(package):
    with zipfile.ZipFile(package) as archive:
        text = archive.read("bascule_geoplateforme/metadata.txt").decode("utf-8")
    parser = configparser.ConfigParser()
    parser.read_string(text)
    general = parser["general"]
    missing = [key for key in EXPECTED if not general.get(key, "").strip()]
    assert missing == []
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["qgisMaximumVersion"] == "4.99"
    assert "/" not in general["author"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", general["version"])
    assert package.name == f"bascule_geoplateforme-{general['version']}.zip"
    for url_key in ("tracker", "repository", "homepage"):
        assert general[url_key].startswith("https://")


def test_license_is_the_gpl(package):
    with zipfile.ZipFile(package) as archive:
        licence = archive.read("bascule_geoplateforme/LICENSE").decode("utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 2" in licence
