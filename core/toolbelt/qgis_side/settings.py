"""The plugin's settings in QgsSettings (under ``bascule_geoplateforme/``).

QGIS glue, no widgets. Every other module reads settings through here so that the names
and defaults live in one place.
"""
from __future__ import annotations

import os

from qgis.core import QgsApplication, QgsSettings

from ...platform import endpoints

PREFIX = "bascule_geoplateforme"


def _settings() -> QgsSettings:
    return QgsSettings()


def value(key: str, default=None):
    return _settings().value(f"{PREFIX}/{key}", default)


def set_value(key: str, data) -> None:
    _settings().setValue(f"{PREFIX}/{key}", data)


def base_url() -> str:
    """The Géoplateforme base URL in force (setting, then environment, then production)."""
    return endpoints.base_url()


def _base_url_setting() -> str:
    return str(value("base_url", "") or "")


endpoints.set_setting_reader(_base_url_setting)


def language() -> str:
    """Two-letter code of the user's QGIS interface language ("fr", "en"…), by QGIS's own rule:
    the user's locale when "override" is on, else the system's. "fr", "fr_FR", "fr-CA" -> "fr"."""
    settings = QgsSettings()
    chosen = ""
    if str(settings.value("locale/overrideFlag", False)).lower() in ("true", "1"):
        chosen = str(settings.value("locale/userLocale", "") or "")
    return (chosen or str(QgsApplication.locale() or "en"))[:2].lower()


def authcfg() -> str:
    """Id of the auth config used for restricted (/private/) services, or ''."""
    return str(value("authcfg", "") or "")


def max_project_size() -> int:
    """Cap, in bytes, on the uncompressed size of a project the file migration reads (setting
    ``max_project_size_mb``, 500 MB by default)."""
    from ...migration.project_file import MAX_MEMBER_SIZE

    try:
        megabytes = float(value("max_project_size_mb", 0) or 0)
    except (TypeError, ValueError):
        megabytes = 0
    return int(megabytes * 1024 * 1024) if megabytes > 0 else MAX_MEMBER_SIZE


def download_folder() -> str:
    """Where downloads go (setting ``download_folder``; by default a ``Géoplateforme`` folder in
    the user's downloads folder)."""
    chosen = str(value("download_folder", "") or "")
    if chosen:
        return chosen
    from qgis.PyQt.QtCore import QStandardPaths

    downloads = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DownloadLocation) or os.path.expanduser("~")
    return os.path.join(downloads, "Géoplateforme")


def set_download_folder(path: str) -> None:
    set_value("download_folder", path)


def refresh_interval_hours() -> float:
    """Least time between two automatic catalogue refreshes (setting
    ``refresh_interval_hours``, 24 by default: at most once a day; 0: every session). The
    refresh button ignores it."""
    try:
        hours = float(value("refresh_interval_hours", 24))
    except (TypeError, ValueError):
        hours = 24.0
    return max(hours, 0.0)


def profile_dir() -> str:
    """The plugin's folder in the active QGIS profile (created on demand)."""
    path = os.path.join(QgsApplication.qgisSettingsDirPath(), PREFIX)
    os.makedirs(path, exist_ok=True)
    return path


def migrate_on_open() -> bool:
    """Whether legacy IGN sources are migrated in memory as a project opens (off by default)."""
    return str(value("migrate_on_open", False)).lower() == "true"


def report_language() -> str:
    """Language of migration reports: the setting ``report_language`` ("fr", "en"), else the
    interface language."""
    chosen = str(value("report_language", "") or "")
    return chosen if chosen in ("fr", "en") else language()


def key_tests_dir() -> str:
    """Where the saved key-test results live: beside the catalogue cache, not inside it, so
    that clearing the catalogue (Options page) keeps them. Results saved by an older version
    under the cache are moved here once."""
    path = os.path.join(profile_dir(), "keys")
    old = os.path.join(profile_dir(), "cache", "keys")
    if not os.path.exists(path) and os.path.isdir(old):
        try:
            os.replace(old, path)
        except OSError:
            pass
    return path


def catalog_cache_dir() -> str:
    """Where the catalogue store keeps its on-disk cache (catalog_store.CatalogStore)."""
    return os.path.join(profile_dir(), "cache")
